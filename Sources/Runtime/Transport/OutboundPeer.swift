import NIOCore
import Protocol

/// The connection this node dials to one peer address, with its send queue.
///
/// Messages are written straight to the channel while it is up and writable; otherwise they
/// wait in a bounded queue (the oldest are dropped beyond the bounds: the protocols tolerate
/// loss). A missing connection is dialed when a message arrives; a failed attempt is retried
/// after `retryBackoffMillis`, doubling per consecutive failure up to `maxBackoffMillis`;
/// after `maxRetries` failed retries the queued batch is dropped and the peer stays idle until
/// the next message. Queued messages older than `messageDeadlineMillis` are dropped when the
/// connection comes up.
///
/// Confined to the transport's event loop (see `ClusterTransport`).
final class OutboundPeer: @unchecked Sendable {
    enum State {
        case idle
        case connecting
        case backoff(Scheduled<Void>)
        /// Connected, handshake in progress.
        case handshaking(Channel)
        case ready(Channel)
    }

    let address: String
    unowned let transport: ClusterTransport
    var state: State = .idle
    var queue = CircularBuffer<(buffer: ByteBuffer, at: Int64)>()
    var queuedBytes = 0
    /// Consecutive failed attempts (resets on a successful handshake): sets the backoff.
    var failures = 0
    /// Failed attempts for the current queued batch: bounded by `maxRetries`.
    var batchAttempts = 0
    /// No attempt before this (monotonic ms): the backoff outlives a dropped batch.
    var notBefore: Int64 = 0
    var isDirty = false
    var isSelf = false
    var remoteNodeID: NodeID?

    init(address: String, transport: ClusterTransport) {
        self.address = address
        self.transport = transport
    }

    var settings: TransportSettings { transport.settings }

    var isConnected: Bool {
        if case .ready = state { return true }
        return false
    }

    func enqueue(_ buffer: ByteBuffer) {
        guard !isSelf else { return }
        if case .ready(let channel) = state, queue.isEmpty, channel.isWritable {
            channel.write(buffer, promise: nil)
            transport.sent(1)
            transport.markDirty(self)
            return
        }
        queue.append((buffer, transport.now()))
        queuedBytes += buffer.readableBytes
        var dropped = 0
        while queue.count > 1 && (queue.count > settings.queueLimitMessages || queuedBytes > settings.queueLimitBytes) {
            let old = queue.removeFirst()
            queuedBytes -= old.buffer.readableBytes
            dropped += 1
        }
        if dropped > 0 { transport.dropped(dropped) }
        if case .idle = state { scheduleAttempt() }
    }

    /// Dial now, or when the backoff allows.
    private func scheduleAttempt() {
        let now = transport.now()
        if now >= notBefore {
            attempt()
        } else {
            let task = transport.loop.scheduleTask(in: .milliseconds(notBefore - now)) { [self] in
                guard case .backoff = state else { return }
                attempt()
            }
            state = .backoff(task)
        }
    }

    private func attempt() {
        guard let future = transport.connect(self) else {
            dropQueue()
            state = .idle
            return
        }
        state = .connecting
        future.whenComplete { [self] result in
            switch result {
            case .success(let channel):
                if transport.isClosing {
                    channel.close(promise: nil)
                    return
                }
                switch state {
                case .connecting:
                    if channel.isActive { state = .handshaking(channel) } else { failed() }
                case .ready(let c) where c === channel:
                    break  // the handshake finished first
                default:
                    channel.close(promise: nil)
                }
            case .failure:
                if case .connecting = state { failed() }
            }
        }
    }

    /// The handshake succeeded: send what waited.
    func established(_ channel: Channel, peer: NodeID) {
        state = .ready(channel)
        remoteNodeID = peer
        failures = 0
        batchAttempts = 0
        notBefore = 0
        let cutoff = transport.now() - settings.messageDeadlineMillis
        var expired = 0
        while let first = queue.first, first.at < cutoff {
            queuedBytes -= first.buffer.readableBytes
            queue.removeFirst()
            expired += 1
        }
        if expired > 0 { transport.dropped(expired) }
        writeQueued(channel)
    }

    /// Writes queued messages while the channel accepts them, then flushes.
    func writeQueued(_ channel: Channel) {
        var written = 0
        while channel.isWritable, let next = queue.first {
            queue.removeFirst()
            queuedBytes -= next.buffer.readableBytes
            channel.write(next.buffer, promise: nil)
            written += 1
        }
        if written > 0 {
            transport.sent(written)
            channel.flush()
        }
    }

    func flushChannel() {
        isDirty = false
        if case .ready(let channel) = state { channel.flush() }
    }

    func writabilityChanged(_ channel: Channel) {
        if case .ready(let current) = state, current === channel, channel.isWritable { writeQueued(channel) }
    }

    /// The connection closed (or its handshake failed).
    func closed(_ channel: Channel) {
        switch state {
        case .handshaking(let c) where c === channel:
            failed()
        case .ready(let c) where c === channel:
            state = .idle
            // A peer that restarted: reconnect at once if messages wait.
            if !queue.isEmpty { scheduleAttempt() }
        default:
            break
        }
    }

    private func failed() {
        guard !transport.isClosing else { state = .idle; return }
        failures += 1
        batchAttempts += 1
        let backoff = min(settings.maxBackoffMillis, settings.retryBackoffMillis << Int64(min(failures - 1, 20)))
        notBefore = transport.now() + backoff
        state = .idle
        if isSelf || batchAttempts > settings.maxRetries {
            dropQueue()
            batchAttempts = 0
            return
        }
        if !queue.isEmpty { scheduleAttempt() }
    }

    private func dropQueue() {
        if !queue.isEmpty { transport.dropped(queue.count) }
        queue.removeAll()
        queuedBytes = 0
    }

    /// Transport shutdown: cancel the backoff, close the connection.
    func shutdown() -> EventLoopFuture<Void>? {
        dropQueue()
        switch state {
        case .backoff(let task):
            task.cancel()
            state = .idle
            return nil
        case .handshaking(let channel), .ready(let channel):
            state = .idle
            return channel.close().recover { _ in }
        case .idle, .connecting:
            state = .idle
            return nil
        }
    }
}
