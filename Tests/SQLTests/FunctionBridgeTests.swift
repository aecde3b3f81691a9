import Protocol
import Storage
import XCTest

final class FunctionBridgeTests: XCTestCase {
    func testValuesRoundTripThroughAUserFunction() throws {
        let c = try SQLiteConnection(path: ":memory:")
        try c.createFunction(name: "ECHO", argumentCount: 1, deterministic: true) { $0[0] }
        for v: SQLValue in [.null, .integer(-7), .real(2.5), .text("héllo"), .text(""), .blob([0, 1, 255]), .blob([])] {
            XCTAssertEqual(try c.scalar("SELECT ECHO(?)", [v]), v)
        }
    }

    func testVariadicArgumentsAndReplacingABuiltIn() throws {
        let c = try SQLiteConnection(path: ":memory:")
        try c.createFunction(name: "NARGS", argumentCount: -1, deterministic: true) { .integer(Int64($0.count)) }
        XCTAssertEqual(try c.scalar("SELECT NARGS()"), .integer(0))
        XCTAssertEqual(try c.scalar("SELECT NARGS(1, 'a', NULL)"), .integer(3))
        try c.createFunction(name: "LENGTH", argumentCount: 1, deterministic: true) { _ in .integer(42) }
        XCTAssertEqual(try c.scalar("SELECT LENGTH('abc')"), .integer(42))
    }

    func testThrownErrorBecomesSQLiteError() throws {
        let c = try SQLiteConnection(path: ":memory:")
        try c.createFunction(name: "FAIL", argumentCount: 0, deterministic: false) { _ in throw SQLiteFunctionError("boom") }
        XCTAssertThrowsError(try c.scalar("SELECT FAIL()")) { error in
            XCTAssertTrue(String(describing: error).contains("boom"), "\(error)")
        }
    }

    func testClosureIsReleasedWhenTheConnectionCloses() throws {
        final class Token: @unchecked Sendable {}
        weak var weakToken: Token?
        do {
            let c = try SQLiteConnection(path: ":memory:")
            let token = Token()
            weakToken = token
            try c.createFunction(name: "HOLD", argumentCount: 0, deterministic: true) { _ in _ = token; return .null }
            XCTAssertEqual(try c.scalar("SELECT HOLD()"), .null)
            c.close()
        }
        XCTAssertNil(weakToken)
    }
}
