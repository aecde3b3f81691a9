import XCTest
@testable import Runtime

final class RuntimeSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertEqual(RuntimeInfo.name, "marmot") }
}
