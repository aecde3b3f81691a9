import Foundation

/// The randomized explorer (after TigerBeetle's VOPR): each seed derives a run (see
/// `WorkloadGenerator`), the run is executed as a scenario, and on a failure the run is
/// shrunk (dropping workload and fault units while the same verdict persists, a bounded
/// number of attempts) and written as a scenario file that replays it.
public struct Explorer {
    public struct Options: Sendable {
        /// Where reproductions go.
        public var outputDirectory: String = "Scenarios/found"
        /// Re-runs spent shrinking a failure (each is a full run).
        public var shrinkAttempts = 40
        public var writeReproductions = true
        public var runner = ScenarioRunner.Options()
        public var log: (@Sendable (String) -> Void)? = nil

        public init() {}
    }

    public struct Result: Sendable {
        public var run: ExplorerRun
        public var outcome: ScenarioOutcome
        /// The shrunk run, when the run failed and shrinking found something smaller.
        public var reproduction: ExplorerRun?
        public var reproductionFile: String?
        public var verdict: Verdict { outcome.verdict }
    }

    public let options: Options

    public init(options: Options = Options()) { self.options = options }

    public static func generate(seed: UInt64) -> ExplorerRun {
        var g = WorkloadGenerator(seed: seed)
        return g.generate()
    }

    /// The scenario text of a run; parsing it gives the run's AST back.
    public static func render(_ run: ExplorerRun, header: [String] = []) -> String {
        ScenarioPrinter.render(run.scenario, header: header)
    }

    /// Run one scenario the way the explorer does (the seed from its cluster line).
    public func execute(_ scenario: Scenario) -> ScenarioOutcome {
        ScenarioRunner(options: options.runner).run(scenario, file: scenario.name)
    }

    public func explore(seed: UInt64) -> Result {
        let run = Explorer.generate(seed: seed)
        for line in run.parameters { log(line) }
        // The reproduction must replay exactly: the text must parse back to the same AST.
        let text = Explorer.render(run)
        let reparsed = try? ScenarioParser.parse(text, file: run.scenario.name)
        guard reparsed?.withoutLineNumbers == run.scenario.withoutLineNumbers else {
            let outcome = ScenarioOutcome(file: run.scenario.name, scenario: run.scenario.name, seed: seed,
                                          failures: [.init(verdict: .crash, line: 0, command: "explorer", message: "the generated scenario does not parse back to itself")],
                                          traceHash: 0, virtualMillis: 0, events: 0, messages: 0, recentLogs: [])
            return Result(run: run, outcome: outcome, reproduction: nil, reproductionFile: nil)
        }
        let outcome = execute(run.scenario)
        var result = Result(run: run, outcome: outcome, reproduction: nil, reproductionFile: nil)
        guard !outcome.passed else { return result }
        log("seed \(seed): \(outcome)")
        var smallest = run
        if outcome.verdict != .crash {
            smallest = shrink(run, verdict: outcome.verdict).mergingAdvances
            result.reproduction = smallest
        }
        if options.writeReproductions {
            result.reproductionFile = write(smallest, original: run, outcome: outcome)
        }
        return result
    }

    /// Drop units (halves, quarters, ... then single units) while the run still fails with
    /// `verdict`, within `shrinkAttempts` runs.
    public func shrink(_ run: ExplorerRun, verdict: Verdict) -> ExplorerRun {
        var current = run
        var attempts = 0
        var chunk = max(1, current.unitIDs.count / 2)
        while attempts < options.shrinkAttempts {
            let ids = current.unitIDs
            guard !ids.isEmpty else { break }
            var progressed = false
            var start = 0
            while start < ids.count && attempts < options.shrinkAttempts {
                let drop = Set(ids[start..<min(ids.count, start + chunk)])
                let candidate = current.without(drop)
                attempts += 1
                if execute(candidate.scenario).verdict == verdict {
                    log("shrink: dropped \(drop.count) unit(s), \(candidate.scenario.commands.count) commands left")
                    current = candidate
                    progressed = true
                    break
                }
                start += chunk
            }
            if !progressed {
                if chunk == 1 { break }
                chunk = max(1, chunk / 2)
            } else {
                chunk = max(1, min(chunk, current.unitIDs.count / 2))
            }
        }
        return current
    }

    /// Write the reproduction as `seed-S.scenario` in the output directory; returns its path.
    @discardableResult
    public func write(_ run: ExplorerRun, original: ExplorerRun, outcome: ScenarioOutcome) -> String? {
        let header = [
            "Found by the explorer: marmot-sim explore --seed \(original.seed)",
            "Verdict: \(outcome.verdict) (exit code \(outcome.verdict.rawValue)); shrunk from \(original.scenario.commands.count) to \(run.scenario.commands.count) commands",
        ] + run.parameters + outcome.failures.prefix(5).map { "Failure: \($0)" }
        let text = Explorer.render(run, header: header.flatMap { $0.split(separator: "\n").map(String.init) })
        let path = options.outputDirectory + "/seed-\(original.seed).scenario"
        do {
            try FileManager.default.createDirectory(atPath: options.outputDirectory, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            log("reproduction written to \(path)")
            return path
        } catch {
            log("could not write \(path): \(error)")
            return nil
        }
    }

    private func log(_ line: String) { options.log?(line) }
}
