/// Why bytes from a client could not be decoded. Every reader in this target
/// reports problems with one of these instead of trapping.
public enum MySQLWireError: Error, Equatable, Sendable {
    /// The input ended before a field did.
    case truncated
    /// A logical packet (all its 16 MiB chunks together) is longer than the limit.
    case packetTooLarge(length: Int, limit: Int)
    /// A chunk of a split packet did not carry the next sequence id.
    case packetsOutOfOrder(expected: UInt8, received: UInt8)
    /// Structurally invalid content (reason for logs and tests).
    case malformed(String)
}
