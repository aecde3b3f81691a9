/// The HLC of Kulkarni et al.: timestamps follow physical time when it moves forward and
/// stay strictly monotonic when it does not (a clock stepped back, a skewed peer ahead of us).
/// The wall clock is an argument of every call; the clock never reads time itself.
public struct HybridLogicalClock: Sendable {
    public let node: NodeID
    public private(set) var last: HLCTimestamp

    public init(node: NodeID, floor: HLCTimestamp = .zero) {
        self.node = node
        self.last = HLCTimestamp(wall: floor.wall, logical: floor.logical, node: node)
    }

    /// A timestamp for a local event or a message about to be sent.
    public mutating func tick(wallMillis: Milliseconds) -> HLCTimestamp {
        let physical = UInt64(max(0, wallMillis))
        if physical > last.wall {
            last = HLCTimestamp(wall: physical, logical: 0, node: node)
        } else {
            last = HLCTimestamp(wall: last.wall, logical: last.logical &+ 1, node: node)
        }
        return last
    }

    /// Merge a timestamp received from a peer; the result is after both it and every
    /// timestamp this clock issued before.
    @discardableResult
    public mutating func observe(_ remote: HLCTimestamp, wallMillis: Milliseconds) -> HLCTimestamp {
        let physical = UInt64(max(0, wallMillis))
        let wall = max(physical, last.wall, remote.wall)
        let logical: UInt32
        if wall == last.wall && wall == remote.wall {
            logical = max(last.logical, remote.logical) &+ 1
        } else if wall == last.wall {
            logical = last.logical &+ 1
        } else if wall == remote.wall {
            logical = remote.logical &+ 1
        } else {
            logical = 0
        }
        last = HLCTimestamp(wall: wall, logical: logical, node: node)
        return last
    }
}
