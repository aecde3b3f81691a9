/// Every member this node knows about except itself, with SWIM's precedence rules for
/// merging what gossip claims. Dead members stay: they still count for quorum and are
/// re-probed so a healed partition is noticed.
struct MemberTable: Sendable {
    private var records: [NodeID: MemberInfo] = [:]

    subscript(id: NodeID) -> MemberInfo? { records[id] }

    var count: Int { records.count }

    /// All records sorted by id: the only way iteration order leaves this type.
    var sorted: [MemberInfo] { records.values.sorted { $0.id < $1.id } }

    /// Ids of the members in `states`, sorted.
    func ids(in states: Set<MemberState>) -> [NodeID] {
        sorted.filter { states.contains($0.state) }.map(\.id)
    }

    /// Merges a claim about a member (never this node). Returns the new record when
    /// anything changed, nil when the claim lost to what we know.
    mutating func merge(_ claim: MemberInfo) -> MemberInfo? {
        guard let resolved = Self.resolve(claim, over: records[claim.id]) else { return nil }
        records[claim.id] = resolved
        return resolved
    }

    /// Sets a record unconditionally (operator commands, timers that change a state we own).
    mutating func set(_ info: MemberInfo) { records[info.id] = info }

    /// The record that should replace `existing` given `claim`, or nil to keep `existing`.
    ///
    /// - Higher incarnation wins; at equal incarnation the more severe state wins
    ///   (alive < suspect < dead).
    /// - REMOVED is sticky, because only an operator may undo it: a REMOVED record at r
    ///   takes REMOVED above r, or DEAD above r (what `allow` produces). ALIVE or SUSPECT
    ///   claims above r are refused, but the record is re-stamped REMOVED at the claim's
    ///   incarnation: otherwise nodes that heard the higher ALIVE claim first (a removed
    ///   node restarting with a bumped incarnation) would refuse the older REMOVED forever.
    static func resolve(_ claim: MemberInfo, over existing: MemberInfo?) -> MemberInfo? {
        guard let existing else { return claim }
        switch existing.state {
        case .removed:
            guard claim.incarnation > existing.incarnation else { return nil }
            switch claim.state {
            case .removed, .dead:
                return claim
            case .alive, .suspect:
                return MemberInfo(id: claim.id, address: claim.address, incarnation: claim.incarnation, state: .removed)
            }
        case .alive, .suspect, .dead:
            if claim.incarnation > existing.incarnation { return claim }
            if claim.incarnation == existing.incarnation, claim.state.rawValue > existing.state.rawValue { return claim }
            return nil
        }
    }
}
