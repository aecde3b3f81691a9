/// A hybrid logical clock timestamp: physical milliseconds, a logical counter for events
/// within the same millisecond, and the node that issued it as the final tie-breaker.
/// Ordering is (wall, logical, node), so two distinct nodes never issue equal timestamps.
public struct HLCTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var wall: UInt64
    public var logical: UInt32
    public var node: NodeID

    public init(wall: UInt64, logical: UInt32, node: NodeID) {
        self.wall = wall
        self.logical = logical
        self.node = node
    }

    public static let zero = HLCTimestamp(wall: 0, logical: 0, node: NodeID(0))

    public static func < (a: HLCTimestamp, b: HLCTimestamp) -> Bool {
        if a.wall != b.wall { return a.wall < b.wall }
        if a.logical != b.logical { return a.logical < b.logical }
        return a.node < b.node
    }

    public var description: String { "\(wall).\(logical)@\(node.rawValue)" }
}
