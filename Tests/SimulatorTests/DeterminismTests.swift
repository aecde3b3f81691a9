import XCTest
@testable import Simulator

/// Same scenario and seed: same trace hash, bit for bit. Another seed: another run.
final class DeterminismTests: XCTestCase {
    let scenario = """
    cluster 3 seed=11 delay=1ms..30ms
    sql a CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT)
    submit a INSERT INTO kv VALUES (1, 'a')
    submit b INSERT INTO kv VALUES (2, 'b')
    submit c INSERT INTO kv VALUES (1, 'c') ON CONFLICT(k) DO UPDATE SET v = excluded.v
    faults drop=0.1 duplicate=0.1 reorder=0.2
    await replies within 20s
    partition a | b c
    submit b UPDATE kv SET v = 'x' WHERE k = 2
    advance 1s
    crash c
    advance 500ms
    heal
    restart c
    faults off
    await converged within 30s
    """

    func testSameSeedSameTrace() throws {
        let parsed = try ScenarioParser.parse(scenario, file: "determinism.scenario")
        let first = ScenarioRunner().run(parsed)
        let second = ScenarioRunner().run(parsed)
        XCTAssertTrue(first.passed, first.description)
        XCTAssertEqual(first.traceHash, second.traceHash)
        XCTAssertEqual(first.events, second.events)
        XCTAssertEqual(first.virtualMillis, second.virtualMillis)
        XCTAssertGreaterThan(first.messages, 0)
    }

    func testDifferentSeedsDiffer() throws {
        let parsed = try ScenarioParser.parse(scenario, file: "determinism.scenario")
        let a = ScenarioRunner(options: .init(seed: 1)).run(parsed)
        let b = ScenarioRunner(options: .init(seed: 2)).run(parsed)
        XCTAssertNotEqual(a.traceHash, b.traceHash)
    }

    func testExplorerSeedReplaysExactly() {
        var options = Explorer.Options()
        options.writeReproductions = false
        let explorer = Explorer(options: options)
        let a = explorer.explore(seed: 7)
        let b = explorer.explore(seed: 7)
        XCTAssertEqual(a.outcome.traceHash, b.outcome.traceHash)
        // The written form replays the same run.
        let text = Explorer.render(a.run)
        let c = ScenarioRunner().run(text: text, file: "explore-7.scenario")
        XCTAssertEqual(a.outcome.traceHash, c.traceHash)
    }
}
