/// How a run ended; the raw values are the explorer's exit codes.
public enum Verdict: Int32, Hashable, Sendable, CustomStringConvertible {
    case passed = 0
    /// A wrong answer or a broken invariant.
    case correctness = 1
    /// Something that should have happened did not within its deadline (no convergence, no reply).
    case liveness = 2
    /// The simulator or a node could not run (bad scenario, a node failed to open, a storm).
    case crash = 3

    public var description: String {
        switch self {
        case .passed: return "passed"
        case .correctness: return "correctness violation"
        case .liveness: return "liveness failure"
        case .crash: return "crash"
        }
    }
}
