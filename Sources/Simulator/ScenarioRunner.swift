import Node
import Protocol

/// Runs a parsed scenario on a fresh simulation, command by command, then the liveness phase
/// (when the scenario did not end converged) and every invariant.
public struct ScenarioRunner {
    public struct Options: Sendable {
        /// Replaces the `seed=` of the cluster line (determinism tests, the explorer).
        public var seed: UInt64?
        public var keepData = false
        public var dataRoot: String? = nil
        public var log: (@Sendable (String) -> Void)? = nil
        public var verbose = false
        /// How long a `sql`, `query` or `expect` waits for its reply.
        public var replyDeadline: Int64 = 60_000
        /// How long the cluster may take to form before the first command.
        public var formationDeadline: Int64 = 30_000
        /// The final liveness phase's deadline for convergence.
        public var livenessDeadline: Int64 = 120_000
        /// Virtual period between two convergence checks.
        public var convergencePeriod: Int64 = 50

        public init(seed: UInt64? = nil) { self.seed = seed }
    }

    public static let defaultDatabase = "marmot"

    public let options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Parse and run a scenario file's text.
    public func run(text: String, file: String) -> ScenarioOutcome {
        do {
            let scenario = try ScenarioParser.parse(text, file: file)
            return run(scenario, file: file)
        } catch {
            return ScenarioOutcome(file: file, scenario: ScenarioParser.baseName(file), seed: options.seed ?? 0,
                                   failures: [.init(verdict: .crash, line: (error as? ScenarioParseError)?.line ?? 0, command: "parse", message: "\(error)")],
                                   traceHash: 0, virtualMillis: 0, events: 0, messages: 0, recentLogs: [])
        }
    }

    public func run(_ scenario: Scenario, file: String? = nil) -> ScenarioOutcome {
        var execution = Execution(scenario: scenario, file: file ?? scenario.name, options: options)
        return execution.run()
    }
}
