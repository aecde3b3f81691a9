import Protocol
import XCTest
@testable import Storage

/// Random transactions from several origins, applied in different random orders (with
/// duplicates), always end in the same rows and the same row versions.
final class ConvergenceTests: XCTestCase {
    var dir: TempDir!

    override func setUp() { dir = TempDir("converge") }
    override func tearDown() { dir.remove() }

    func testRandomOrdersConverge() throws {
        for seed: UInt64 in 1...4 {
            var rng = Xoshiro256(seed: seed)
            var txns: [CommittedTransaction] = []
            for origin: UInt64 in 1...3 {
                for seq: UInt64 in 1...12 {
                    var changes: [RowChange] = []
                    var used: Set<Int64> = []
                    for _ in 0..<rng.int(in: 1...4) {
                        let k = Int64(rng.int(in: 1...8))
                        guard used.insert(k).inserted else { continue }
                        switch rng.int(in: 0...2) {
                        case 0: changes.append(T.kvDelete(k))
                        case 1: changes.append(T.kvUpdate(k, "o\(origin)s\(seq)"))
                        default: changes.append(T.insert("pairs", [.integer(k), .text("p")], ["a", "b", "v"],
                                                          [.text("p"), .integer(k), .integer(Int64(seq))]))
                        }
                    }
                    // Walls collide on purpose so node ids break ties.
                    txns.append(T.txn(origin: origin, seq: seq, wall: UInt64(rng.int(in: 10...40)), changes))
                }
            }
            var digests: [UInt64] = []
            var versions: [[String]] = []
            for run in 0..<3 {
                let path = dir.file("s\(seed)r\(run)")
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                let db = try DatabaseFile(directory: path, name: T.database, options: .simulation)
                defer { db.close() }
                try db.apply(T.schema(T.kvDDL, "CREATE TABLE IF NOT EXISTS pairs(a TEXT, b INTEGER, v, PRIMARY KEY(b, a))"))
                var order = txns + txns.prefix(5)
                rng.shuffle(&order)
                for t in order { try db.apply(t) }
                digests.append(try db.digest())
                var vs: [String] = []
                for k: Int64 in 1...8 {
                    vs.append("\(String(describing: try db.rowVersion(T.key("kv", .integer(k)))))")
                }
                versions.append(vs)
                XCTAssertEqual(try db.streamStates().map(\.applied), [12, 12, 12, 1])
            }
            XCTAssertEqual(Set(digests).count, 1, "seed \(seed)")
            XCTAssertEqual(versions[0], versions[1])
            XCTAssertEqual(versions[0], versions[2])
        }
    }
}
