import ArgumentParser
import Foundation
import Protocol
import Simulator
import Storage

/// `marmot-sim bench`: how fast the simulator runs, next to a reference measured in the
/// same invocation on the same machine, so the result is a ratio rather than a number that
/// only means something on one machine.
///
/// - Simulated throughput: a 3-node cluster at QUORUM commits `--transactions` single-row
///   INSERTs one after another (each a full 2PC with prepares, votes, commits, apply and
///   log on every node, on real SQLite files). Reported as transactions per wall second.
/// - Reference: the same INSERTs as autocommit statements on one plain SQLite file with the
///   same settings (WAL, synchronous=OFF) through the same SQLite wrapper: the cost of the
///   storage engine alone. The ratio says what replication and simulation add on top.
/// - Explorer: wall time of `--explorer-seeds` randomized runs (0 skips it).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmark the simulator against plain SQLite on this machine.")

    @Option(help: "Transactions in the simulated 3-node cluster.")
    var transactions = 2000

    @Option(help: "Explorer seeds to time (0 to skip).")
    var explorerSeeds = 0

    func run() throws {
        let simulated = try simulatedThroughput()
        let reference = try referenceThroughput()
        print(String(format: "simulator: %d QUORUM transactions on 3 nodes in %.2f s wall = %.0f tx/s (%.1f s virtual)",
                     transactions, simulated.wall, Double(transactions) / simulated.wall, Double(simulated.virtualMillis) / 1000))
        print(String(format: "reference: %d autocommit INSERTs on one SQLite file in %.2f s = %.0f tx/s",
                     transactions, reference, Double(transactions) / reference))
        print(String(format: "ratio: simulated cluster runs at %.3f of plain SQLite's rate (1 / %.1f)",
                     reference / simulated.wall, simulated.wall / reference))
        if explorerSeeds > 0 {
            let start = ContinuousClock.now
            let explorer = Explorer(options: Explorer.Options())
            var failed = 0
            for seed in 1...UInt64(explorerSeeds) where !explorer.explore(seed: seed).outcome.passed { failed += 1 }
            let wall = seconds(ContinuousClock.now - start)
            print(String(format: "explorer: %d seeds in %.1f s wall (%.3f s per seed), %d failed", explorerSeeds, wall, wall / Double(explorerSeeds), failed))
        }
    }

    private func simulatedThroughput() throws -> (wall: Double, virtualMillis: Int64) {
        var lines = ["cluster 3 seed=1", "sql a CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT)", "await converged within 10s"]
        let nodes = ["a", "b", "c"]
        for i in 1...transactions {
            lines.append("sql \(nodes[i % 3]) INSERT INTO kv VALUES (\(i), 'value \(i)')")
        }
        lines.append("await converged within 60s")
        lines.append("expect a kv count \(transactions)")
        let start = ContinuousClock.now
        let outcome = ScenarioRunner().run(text: lines.joined(separator: "\n"), file: "bench")
        let wall = seconds(ContinuousClock.now - start)
        guard outcome.passed else { throw ValidationError("the benchmark scenario failed: \(outcome)") }
        return (wall, outcome.virtualMillis)
    }

    private func referenceThroughput() throws -> Double {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marmot-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try SQLiteConnection(path: dir + "/reference.db")
        try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT)")
        let start = ContinuousClock.now
        for i in 1...transactions {
            _ = try db.run("INSERT INTO kv VALUES (?, ?)", [.integer(Int64(i)), .text("value \(i)")])
        }
        let wall = seconds(ContinuousClock.now - start)
        db.close()
        return wall
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
