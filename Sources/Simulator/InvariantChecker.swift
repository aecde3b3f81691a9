import Node
import Protocol

/// Runs every invariant over a finished run (Violation.Invariant lists them). Convergence is
/// judged by the caller (an `await converged` or the liveness phase), the rest here.
public enum InvariantChecker {
    public static func check(_ simulation: Simulation) -> [Violation] {
        var violations: [Violation] = simulation.record.immediateViolations.map { text in
            Violation(text.hasPrefix("HLC") ? .hlc : .client, text)
        }
        violations += LWWInvariant.check(simulation)
        violations += DurabilityInvariant.check(simulation)
        violations += LeaseInvariant.check(simulation)
        violations += MembershipInvariant.check(simulation)
        violations += ClockInvariant.check(simulation)
        violations += AtomicityInvariant.check(simulation)
        return violations
    }

    /// The detection bound the membership invariant uses, for documentation and reports.
    public static func membershipDetectionBound(_ config: ProtocolConfig, clusterSize: Int) -> Int64 {
        MembershipInvariant.bound(config, clusterSize: clusterSize)
    }
}
