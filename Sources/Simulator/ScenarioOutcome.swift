/// The result of running one scenario.
public struct ScenarioOutcome: Sendable, CustomStringConvertible {
    public struct Failure: Sendable, CustomStringConvertible {
        public var verdict: Verdict
        /// The scenario line that failed, 0 for invariants checked at the end.
        public var line: Int
        public var command: String
        public var message: String

        public var description: String {
            line > 0 ? "line \(line): `\(command)`: \(message)" : "\(command): \(message)"
        }
    }

    public var file: String
    public var scenario: String
    public var seed: UInt64
    public var failures: [Failure]
    public var traceHash: UInt64
    /// Virtual milliseconds the run lasted.
    public var virtualMillis: Int64
    public var events: Int
    public var messages: Int
    /// The last node log lines, for failure reports.
    public var recentLogs: [String]
    /// Client replies by kind ("ok", "error 1205", ...), sorted: how much a run exercised.
    public var replies: [(kind: String, count: Int)] = []

    public var replySummary: String {
        replies.map { "\($0.count) \($0.kind)" }.joined(separator: ", ")
    }

    /// A crash first, then a correctness violation, then a liveness failure.
    public var verdict: Verdict {
        for v in [Verdict.crash, .correctness, .liveness] where failures.contains(where: { $0.verdict == v }) { return v }
        return .passed
    }
    public var passed: Bool { failures.isEmpty }

    public var description: String {
        var s = "\(file): \(verdict) (seed \(seed), trace \(TraceHash.hex(traceHash)), \(virtualMillis)ms virtual, \(events) events, \(messages) messages)"
        for f in failures {
            s += "\n  " + (f.line > 0 ? "\(file):\(f.line): " : "") + "\(f.verdict): " + (f.line > 0 ? "`\(f.command)`: \(f.message)" : "\(f.command): \(f.message)")
        }
        if !failures.isEmpty && !recentLogs.isEmpty {
            s += "\n  last node logs:\n    " + recentLogs.suffix(15).joined(separator: "\n    ")
        }
        return s
    }
}
