import Foundation
import XCTest
@testable import Simulator

/// The explorer over many seeds (500 by default; MARMOT_EXPLORER_SEEDS and
/// MARMOT_EXPLORER_START change that). Every failing seed is listed with its verdict and
/// first failures; reproductions go to a temporary directory, the seed replays them with
/// `marmot-sim explore --seed S`.
final class ExplorerTests: XCTestCase {
    func testExplorerSeeds() {
        let env = ProcessInfo.processInfo.environment
        let count = env["MARMOT_EXPLORER_SEEDS"].flatMap { UInt64($0) } ?? 500
        let start = env["MARMOT_EXPLORER_START"].flatMap { UInt64($0) } ?? 1
        var options = Explorer.Options()
        options.writeReproductions = false
        options.shrinkAttempts = 0
        let explorer = Explorer(options: options)
        var failures: [String] = []
        var virtual: Int64 = 0
        for seed in start..<(start + count) {
            let result = explorer.explore(seed: seed)
            virtual += result.outcome.virtualMillis
            if !result.outcome.passed {
                failures.append("seed \(seed): \(result.verdict): " + result.outcome.failures.prefix(3).map(\.description).joined(separator: " / "))
            }
        }
        print("explorer: \(count) seeds from \(start), \(virtual / 1000)s virtual, \(failures.count) failed")
        XCTAssert(failures.isEmpty, "\(failures.count) of \(count) seeds failed (replay: marmot-sim explore --seed S):\n" + failures.joined(separator: "\n"))
    }
}
