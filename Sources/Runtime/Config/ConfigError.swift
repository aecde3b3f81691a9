/// Why a configuration cannot be used. Every message names the key(s) at fault, e.g.
/// `cluster.grpc_port: expected an integer, found string` or
/// `replication.gc_min_retention_hours (1) * 3600 must be >= replication.delta_sync_threshold_seconds (7200)`.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public var messages: [String]

    public init(_ messages: [String]) { self.messages = messages }
    public init(_ message: String) { self.messages = [message] }

    public var description: String {
        messages.count == 1 ? "invalid configuration: \(messages[0])"
            : "invalid configuration:\n" + messages.map { "  - \($0)" }.joined(separator: "\n")
    }
}
