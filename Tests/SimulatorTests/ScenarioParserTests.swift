import Protocol
import XCTest
@testable import Simulator

final class ScenarioParserTests: XCTestCase {
    func testParsesEveryCommand() throws {
        let text = """
        # a comment
        cluster 5 consistency=ONE seed=7 gossip=200ms suspect=1s dead=2s anti_entropy=500ms prepare=1s \\
            heartbeat=2s lease=3s delta_threshold=5 delta_threshold_time=2s gc_min=2s gc_max=4s delay=1ms..20ms tail=0.01:300ms
        sql a   CREATE TABLE kv (k INT PRIMARY KEY, v TEXT)   # trailing comment
        sql b db=other consistency=ALL INSERT INTO kv VALUES (1, 'a -> b # not a comment') -> error 1205 | ok
        sql c UPDATE kv SET v = 'x' -> affected 1
        query a SELECT k, v FROM kv ORDER BY k -> 1, 'it''s' ; 2, NULL ; 3, 2.5
        query a db=other SELECT * FROM kv -> empty
        expect a kv where k = 1 : v = 'majority'
        expect b db=other kv count 3
        expect b kv where k > 1 count 0
        partition a | b c
        partition a -> b
        heal
        crash c
        restart c
        join f
        remove c on a
        allow c on a
        advance 1.5s
        skew b +3s
        skew c -500ms
        drift a 1.001
        faults drop=0.1 duplicate=0.05 reorder=0.1
        faults off
        await converged within 30s
        await member c dead on a within 10s
        expect member c state alive on b
        submit a INSERT INTO kv VALUES (9, 'z')
        await replies within 10s
        """
        let s = try ScenarioParser.parse(text, file: "t.scenario")
        XCTAssertEqual(s.name, "t")
        XCTAssertEqual(s.commands.count, 28)
        guard case .cluster(let spec) = s.commands[0].command else { return XCTFail() }
        XCTAssertEqual(spec.nodes, 5)
        XCTAssertEqual(spec.consistency, .one)
        XCTAssertEqual(spec.gcMax, 4000)
        XCTAssertEqual(spec.delay, 1...20)
        XCTAssertEqual(spec.tail, .init(probability: 0.01, extra: 300))
        XCTAssertEqual(s.commands[1].line, 4)
        XCTAssertEqual(s.commands[1].command, .sql(.init(node: "a", sql: "CREATE TABLE kv (k INT PRIMARY KEY, v TEXT)", expect: [.ok])))
        XCTAssertEqual(s.commands[2].command, .sql(.init(node: "b", database: "other", consistency: .all,
                                                         sql: "INSERT INTO kv VALUES (1, 'a -> b # not a comment')", expect: [.error(1205), .ok])))
        XCTAssertEqual(s.commands[4].command, .query(node: "a", database: nil, sql: "SELECT k, v FROM kv ORDER BY k",
                                                     rows: [[.integer(1), .text("it's")], [.integer(2), .null], [.integer(3), .real(2.5)]]))
        XCTAssertEqual(s.commands[6].command, .expectValue(node: "a", database: nil, table: "kv", condition: "k = 1", column: "v", value: .text("majority")))
        XCTAssertEqual(s.commands[8].command, .expectCount(node: "b", database: nil, table: "kv", condition: "k > 1", count: 0))
        XCTAssertEqual(s.commands[10].command, .block(from: "a", to: "b"))
        XCTAssertEqual(s.commands[17].command, .advance(1500))
        XCTAssertEqual(s.commands[19].command, .skew("c", -500))
        XCTAssertEqual(s.commands[24].command, .awaitMember("c", .dead, on: "a", within: 10_000))
        XCTAssertEqual(s.commands[26].command, .submit(.init(node: "a", sql: "INSERT INTO kv VALUES (9, 'z')", expect: [.any])))

        // The printer writes what the parser reads.
        let again = try ScenarioParser.parse(ScenarioPrinter.render(s), file: "t.scenario")
        XCTAssertEqual(again.withoutLineNumbers, s.withoutLineNumbers)
    }

    func testErrorsNameTheLine() {
        func error(_ text: String) -> ScenarioParseError? {
            do { _ = try ScenarioParser.parse(text, file: "bad.scenario"); return nil } catch { return error as? ScenarioParseError }
        }
        XCTAssertEqual(error("sql a SELECT 1")?.line, 1)
        XCTAssertEqual(error("cluster 3\n\nfrobnicate a")?.line, 3)
        XCTAssertEqual(error("cluster 3\nadvance 5")?.message.contains("duration"), true)
        XCTAssertEqual(error("cluster 3 gossip=fast")?.line, 1)
        XCTAssertEqual(error("cluster 3\nsql a INSERT INTO t VALUES (1) -> maybe")?.line, 2)
        XCTAssertEqual(error("cluster 3\npartition a")?.line, 2)
        XCTAssertEqual(error("cluster 3\ncrash node1")?.line, 2)
        XCTAssertEqual(error("cluster 3\nquery a SELECT 1")?.line, 2)
        XCTAssertNotNil(error("cluster 3\ncluster 4"))
        XCTAssertEqual(error("cluster 3\nsql a SELECT 1 -> ok")?.description, nil)
        let e = error("cluster 3\nawait converged in 5s")
        XCTAssertEqual(e?.description.hasPrefix("bad.scenario:2: "), true)
    }

    func testDurationsAndLiterals() {
        XCTAssertEqual(ScenarioSyntax.duration("500ms"), 500)
        XCTAssertEqual(ScenarioSyntax.duration("5s"), 5000)
        XCTAssertEqual(ScenarioSyntax.duration("2m"), 120_000)
        XCTAssertEqual(ScenarioSyntax.duration("1h"), 3_600_000)
        XCTAssertEqual(ScenarioSyntax.duration("0.5s"), 500)
        XCTAssertNil(ScenarioSyntax.duration("5"))
        XCTAssertNil(ScenarioSyntax.duration("5x"))
        XCTAssertEqual(ScenarioSyntax.render(duration: 90_000), "90s")
        XCTAssertEqual(ScenarioSyntax.render(duration: 1500), "1500ms")
        XCTAssertEqual(ScenarioSyntax.literal("X'00ff'"), .blob([0, 255]))
        XCTAssertEqual(ScenarioSyntax.literal("-3"), .integer(-3))
        XCTAssertEqual(ScenarioSyntax.literal("'a''b'"), .text("a'b"))
        XCTAssertNil(ScenarioSyntax.literal("'unterminated"))
        XCTAssertTrue(ScenarioSyntax.sameValue(.integer(2), .real(2.0)))
    }

    /// Every explorer run must survive being written out and read back: that is what makes a
    /// reproduction file replay the run exactly.
    func testExplorerRunsRoundTrip() throws {
        for seed in UInt64(1)...200 {
            let run = Explorer.generate(seed: seed)
            let text = Explorer.render(run, header: run.parameters)
            let parsed = try ScenarioParser.parse(text, file: "explore-\(seed).scenario")
            XCTAssertEqual(parsed.withoutLineNumbers, run.scenario.withoutLineNumbers, "seed \(seed)")
        }
        XCTAssertEqual(Explorer.render(Explorer.generate(seed: 42)), Explorer.render(Explorer.generate(seed: 42)))
        XCTAssertNotEqual(Explorer.render(Explorer.generate(seed: 42)), Explorer.render(Explorer.generate(seed: 43)))
    }
}
