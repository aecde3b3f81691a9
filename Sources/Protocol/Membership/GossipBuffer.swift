/// Membership updates waiting to be piggybacked on pings, ping-requests and acks (SWIM's
/// infection-style dissemination). Each update is sent a bounded number of times, about
/// `3 * ceil(log2(n + 1))`, which reaches every member with high probability, then dropped.
struct GossipBuffer: Sendable {
    /// The most updates one message carries.
    static let maxPerMessage = 8

    private struct Entry: Sendable {
        var info: MemberInfo
        var transmissions: Int
    }

    /// At most one update per member: a newer one replaces the older and starts its count
    /// again, since the older one is no longer worth spreading.
    private var entries: [NodeID: Entry] = [:]

    /// How many times an update is sent in a cluster of `memberCount` members.
    static func transmissions(memberCount: Int) -> Int {
        // ceil(log2(n + 1)) is the bit length of n.
        let n = max(memberCount, 1)
        return 3 * (Int.bitWidth - n.leadingZeroBitCount)
    }

    mutating func add(_ info: MemberInfo) { entries[info.id] = Entry(info: info, transmissions: 0) }

    mutating func remove(_ id: NodeID) { entries[id] = nil }

    /// The updates still to be spread, least-sent first, ties by node id.
    var pending: [MemberInfo] { orderedEntries.map(\.info) }

    /// Takes up to `limit` updates for one message, least-sent first (ties by node id),
    /// skipping the member `excluding` (already in the message). Each taken update counts one
    /// transmission; an update sent `maxTransmissions` times is dropped.
    mutating func take(limit: Int, excluding: NodeID?, maxTransmissions: Int) -> [MemberInfo] {
        guard limit > 0 else { return [] }
        let chosen = orderedEntries.lazy.filter { $0.info.id != excluding }.prefix(limit).map(\.info)
        let result = Array(chosen)
        for info in result {
            guard var entry = entries[info.id] else { continue }
            entry.transmissions += 1
            entries[info.id] = entry.transmissions >= maxTransmissions ? nil : entry
        }
        return result
    }

    private var orderedEntries: [Entry] {
        entries.values.sorted {
            ($0.transmissions, $0.info.id.rawValue) < ($1.transmissions, $1.info.id.rawValue)
        }
    }
}
