/// How a node opens its SQLite files. The simulator runs with `synchronous = off` (a
/// simulated crash never loses the OS page cache); the daemon uses normal or full.
public struct StorageOptions: Hashable, Sendable {
    public enum Synchronous: String, Hashable, Sendable {
        case off = "OFF", normal = "NORMAL", full = "FULL"
    }

    public var synchronous: Synchronous
    /// How long a connection waits on another connection's lock before SQLITE_BUSY.
    public var busyTimeoutMillis: Int32

    public init(synchronous: Synchronous = .full, busyTimeoutMillis: Int32 = 5000) {
        self.synchronous = synchronous
        self.busyTimeoutMillis = busyTimeoutMillis
    }

    /// What the deterministic simulator uses.
    public static let simulation = StorageOptions(synchronous: .off)
}

public typealias Synchronous = StorageOptions.Synchronous
