import Foundation
import NIOCore

/// The open client connections of one server (TCP and unix socket together): the
/// max_connections limit, connection ids, the counters COM_STATISTICS reports, and the
/// channels to close at shutdown. Thread-safe.
final class MySQLConnectionRegistry: @unchecked Sendable {
    let maxConnections: Int
    private let lock = NSLock()
    private var channels: [ObjectIdentifier: Channel] = [:]
    private var lastConnectionID: UInt32 = 0
    private var connectionsAccepted = 0
    private var questionCount = 0
    private var isShuttingDown = false
    private let started = ContinuousClock.now

    init(maxConnections: Int) {
        self.maxConnections = maxConnections
    }

    /// Registers a new connection; false when the limit is reached (or shutting down).
    func admit(_ channel: Channel) -> Bool {
        lock.withLock {
            guard !isShuttingDown, channels.count < maxConnections else { return false }
            channels[ObjectIdentifier(channel)] = channel
            connectionsAccepted += 1
            return true
        }
    }

    func remove(_ channel: Channel) {
        lock.withLock { _ = channels.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Ids start at 1, never 0, and wrap.
    func nextConnectionID() -> UInt32 {
        lock.withLock {
            lastConnectionID &+= 1
            if lastConnectionID == 0 { lastConnectionID = 1 }
            return lastConnectionID
        }
    }

    func countQuestion() { lock.withLock { questionCount += 1 } }

    var openConnections: Int { lock.withLock { channels.count } }
    var totalConnections: Int { lock.withLock { connectionsAccepted } }
    var questions: Int { lock.withLock { questionCount } }

    var uptimeSeconds: Int {
        let elapsed = ContinuousClock.now - started
        return Int(elapsed.components.seconds)
    }

    /// Refuses new connections from now on; returns the open ones to close.
    func beginShutdown() -> [Channel] {
        lock.withLock {
            isShuttingDown = true
            return Array(channels.values)
        }
    }
}
