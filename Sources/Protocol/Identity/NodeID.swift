/// A node's identity in the cluster. Higher ids win ties between equal HLC timestamps.
public struct NodeID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(_ value: UInt64) { self.rawValue = value }
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "n\(rawValue)" }
}

/// Milliseconds on some node's own clock (real or virtual). Never compared across nodes
/// except through HLC timestamps.
public typealias Milliseconds = Int64
