/// SWIM member states. REMOVED is an operator's decision: the member is out of every
/// quorum and cannot rejoin by itself until it is allowed again.
public enum MemberState: UInt8, Hashable, Sendable, CustomStringConvertible {
    case alive = 1, suspect = 2, dead = 3, removed = 4

    public var description: String {
        switch self { case .alive: "ALIVE"; case .suspect: "SUSPECT"; case .dead: "DEAD"; case .removed: "REMOVED" }
    }
}

/// What gossip says about one member. A newer incarnation always wins; at equal
/// incarnation the more severe state wins (alive < suspect < dead < removed).
public struct MemberInfo: Hashable, Sendable {
    public var id: NodeID
    public var address: String
    public var incarnation: UInt64
    public var state: MemberState

    public init(id: NodeID, address: String, incarnation: UInt64, state: MemberState) {
        self.id = id
        self.address = address
        self.incarnation = incarnation
        self.state = state
    }
}
