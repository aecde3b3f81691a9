/// An invariant that did not hold, with what was seen.
public struct Violation: Hashable, Sendable, CustomStringConvertible {
    public enum Invariant: String, Hashable, Sendable, CaseIterable {
        case convergence, lww, durability, ddlLease = "ddl-lease", membership, hlc, client, atomicity, intents
    }

    public var invariant: Invariant
    public var message: String

    public init(_ invariant: Invariant, _ message: String) {
        self.invariant = invariant
        self.message = message
    }

    public var description: String { "[\(invariant.rawValue)] \(message)" }
}
