import Foundation
import XCTest
@testable import Simulator

/// Replays every Scenarios/*.scenario and reports each failing file with its failures.
final class ScenarioReplayTests: XCTestCase {
    static var scenariosDirectory: String {
        // Tests/SimulatorTests/ScenarioReplayTests.swift -> the package root.
        let file = URL(fileURLWithPath: #filePath)
        return file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios").path
    }

    static func scenarioFiles() throws -> [String] {
        let dir = scenariosDirectory
        return try FileManager.default.contentsOfDirectory(atPath: dir)
            .filter { $0.hasSuffix(".scenario") }
            .sorted()
            .map { dir + "/" + $0 }
    }

    func testEveryScenarioPasses() throws {
        let files = try Self.scenarioFiles()
        XCTAssertGreaterThanOrEqual(files.count, 15, "Scenarios/ should hold at least 15 scenarios")
        let only = ProcessInfo.processInfo.environment["MARMOT_SCENARIO"]
        var failures: [String] = []
        for file in files where only.map({ file.contains($0) }) ?? true {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let outcome = ScenarioRunner().run(text: text, file: "Scenarios/" + (file.split(separator: "/").last.map(String.init) ?? file))
            print(outcome.passed ? "PASS \(outcome.file) (\(outcome.virtualMillis)ms virtual, \(outcome.events) events)" : "FAIL \(outcome)")
            if !outcome.passed { failures.append(outcome.description) }
        }
        XCTAssert(failures.isEmpty, "\(failures.count) scenario(s) failed:\n" + failures.joined(separator: "\n"))
    }

    func testEveryScenarioParses() throws {
        for file in try Self.scenarioFiles() {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            XCTAssertNoThrow(try ScenarioParser.parse(text, file: file), file)
        }
    }
}
