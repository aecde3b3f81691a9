import Logging
import NIOCore
import Node
import Protocol
import Storage

/// Drives one `MarmotNode` on one event loop with the real clocks: feeds it messages from the
/// transport, timers, client statements and admin commands, and carries out the actions it
/// returns (send, arm or cancel a timer, answer a client, report an observation).
///
/// Concurrency: the node is deterministic and single-threaded, so it is only ever touched on
/// `loop`. Public entry points that may be called from elsewhere (`execute`, `sessionClosed`)
/// hop onto the loop; everything else must be called on it. The class is
/// `@unchecked Sendable` because its mutable state is confined to that loop.
///
/// Inputs never nest: an action that leads to new input (a client submitting its next
/// statement from a completion) goes through `loop.execute`, so one batch of actions is
/// always carried out completely before the next input is handled.
public final class NodeDriver: StatementExecutor, @unchecked Sendable {
    public let loop: EventLoop
    public let node: MarmotNode
    public let transport: ClusterTransport
    let logger: Logger
    public let metrics: DaemonMetrics

    private struct Pending {
        var originalID: UInt64
        var startedAt: Int64
        var completion: @Sendable (ClientReply) -> Void
    }

    private var timers: [NodeTimer: (token: UInt64, task: Scheduled<Void>)] = [:]
    private var timerToken: UInt64 = 0
    private var pending: [UInt64: Pending] = [:]
    private var nextRequestID: UInt64 = 1
    private var accepting = true
    private var started = false
    private var stopped = false
    private var drainWaiters: [EventLoopPromise<Void>] = []

    public init(loop: EventLoop, node: MarmotNode, transport: ClusterTransport, logger: Logger) {
        self.loop = loop
        self.node = node
        self.transport = transport
        self.logger = logger
        self.metrics = DaemonMetrics(nodeID: node.id)
    }

    public var nodeID: NodeID { node.id }

    /// Start the node: wire the transport to it, seed the address book from the members the
    /// node remembers, join through the seeds, arm the first timers.
    public func start() -> EventLoopFuture<Void> {
        loop.submit { [self] in
            guard !started else { return }
            started = true
            transport.onEnvelope = { [unowned self] envelope in deliver(envelope) }
            transport.resolveAddress = { [unowned self] id in node.members.first { $0.id == id }?.address }
            for member in node.members where member.id != node.id { transport.learn(member.id, address: member.address) }
            perform(node.start(now: DaemonClock.monotonic(), wall: DaemonClock.wall()))
            logger.info("node started", metadata: [
                "node_id": "\(node.id.rawValue)", "address": "\(node.configuration.address)",
                "seeds": "\(node.configuration.seedAddresses.joined(separator: ","))",
            ])
        }
    }

    // MARK: StatementExecutor

    /// Runs a client statement on the node; `completion` gets the reply (with the caller's
    /// request id) exactly once, on the node's loop. After shutdown began it answers 1053.
    public func execute(_ request: ClientRequest, completion: @escaping @Sendable (ClientReply) -> Void) {
        loop.execute { [self] in
            guard accepting, started, !stopped else {
                completion(ClientReply(id: request.id, result: .failure(ClientError(code: 1053, message: "Server shutdown in progress"))))
                return
            }
            let id = nextRequestID
            nextRequestID += 1
            pending[id] = Pending(originalID: request.id, startedAt: DaemonClock.monotonic(), completion: completion)
            var routed = request
            routed.id = id
            metrics.clientRequests.increment()
            handle(.client(routed))
        }
    }

    /// A client connection closed: the node drops its open explicit transaction.
    public func sessionClosed(_ session: UInt64) {
        loop.execute { [self] in
            guard started, !stopped else { return }
            handle(.sessionClosed(session))
        }
    }

    /// Statements submitted and not answered yet.
    public var inFlightCount: Int {
        loop.preconditionInEventLoop()
        return pending.count
    }

    // MARK: Inputs (on the loop)

    func deliver(_ envelope: Envelope) {
        guard started, !stopped else { return }
        if case .syncState(let state) = envelope.message {
            metrics.peerReported(envelope.from, streams: state.streams, at: DaemonClock.monotonic())
        }
        handle(.message(envelope))
    }

    /// Operator commands from the admin API.
    public func admin(_ command: AdminCommand) {
        loop.preconditionInEventLoop()
        guard started, !stopped else { return }
        handle(.admin(command))
    }

    private func handle(_ input: NodeInput) {
        perform(node.handle(input, now: DaemonClock.monotonic(), wall: DaemonClock.wall()))
    }

    private func fire(_ timer: NodeTimer, token: UInt64) {
        guard !stopped, let armed = timers[timer], armed.token == token else { return }
        timers[timer] = nil
        handle(.timer(timer))
    }

    // MARK: Actions

    private func perform(_ actions: [NodeAction]) {
        for action in actions {
            switch action {
            case .send(let envelope):
                transport.send(envelope)
            case .sendToAddress(let address, let envelope):
                transport.send(envelope, toAddress: address)
            case .setTimer(let timer, let at):
                arm(timer, at: at)
            case .cancelTimer(let timer):
                timers.removeValue(forKey: timer)?.task.cancel()
            case .reply(let reply):
                answer(reply)
            case .observe(let observation):
                observe(observation)
            }
        }
        transport.flush()
        if pending.isEmpty && !drainWaiters.isEmpty {
            let waiters = drainWaiters
            drainWaiters.removeAll()
            for w in waiters { w.succeed(()) }
        }
    }

    private func arm(_ timer: NodeTimer, at: Milliseconds) {
        timers.removeValue(forKey: timer)?.task.cancel()
        timerToken += 1
        let token = timerToken
        let task = loop.scheduleTask(deadline: DaemonClock.deadline(atMonotonic: at)) { [self] in
            fire(timer, token: token)
        }
        timers[timer] = (token, task)
    }

    private func answer(_ reply: ClientReply) {
        guard let waiting = pending.removeValue(forKey: reply.id) else {
            logger.debug("reply for an unknown request \(reply.id)")
            return
        }
        let elapsedMillis = DaemonClock.monotonic() - waiting.startedAt
        switch reply.result {
        case .success(let outcome):
            if outcome.committed != nil { metrics.writeCommitted(afterMillis: elapsedMillis) }
        case .failure(let error):
            metrics.clientError(code: error.code)
        }
        waiting.completion(ClientReply(id: waiting.originalID, result: reply.result))
    }

    private func observe(_ observation: NodeObservation) {
        switch observation {
        case .applied(let txn):
            metrics.applied.increment()
            if txn.origin == node.id { metrics.committed.increment() }
            if logger.logLevel <= .trace {
                logger.trace("applied \(txn.id)", metadata: ["database": "\(txn.database)", "origin": "\(txn.origin)", "sequence": "\(txn.sequence)"])
            }
        case .snapshotInstalled(let database, _):
            metrics.snapshotsInstalled.increment()
            logger.info("installed a snapshot of \(database)")
        case .aborted(let id, let reason):
            metrics.aborted(reason)
            logger.debug("transaction \(id) aborted: \(reason)")
        case .memberChanged(let info):
            if info.id != node.id { transport.learn(info.id, address: info.address) }
            logger.info("member \(info.id.rawValue) at \(info.address) is \(info.state)", metadata: ["incarnation": "\(info.incarnation)"])
        case .leaseHeld(let database, let lease, _, let until):
            logger.debug("holding the DDL lease of \(database)", metadata: ["lease": "\(lease)", "until": "\(until)"])
        case .leaseReleased(let database, _):
            logger.debug("released the DDL lease of \(database)")
        case .log(let text):
            logger.debug("\(text)")
        }
    }

    // MARK: Shutdown

    /// Stop taking new statements (they get 1053); the future completes once every statement
    /// in flight was answered or `deadline` passed, whichever comes first.
    public func drain(deadline: NIODeadline) -> EventLoopFuture<Void> {
        loop.submit { [self] in accepting = false }.flatMap { [self] in
            if pending.isEmpty { return loop.makeSucceededVoidFuture() }
            let promise = loop.makePromise(of: Void.self)
            drainWaiters.append(promise)
            let timeout = loop.scheduleTask(deadline: deadline) { [self] in
                if !pending.isEmpty { logger.warning("shutdown: \(pending.count) statement(s) still in flight at the deadline") }
                promise.succeed(())
            }
            promise.futureResult.whenComplete { _ in timeout.cancel() }
            return promise.futureResult
        }
    }

    /// Cancel the timers, answer what is left with 1053, close the node's files. The node is
    /// not used again.
    public func stop() -> EventLoopFuture<Void> {
        loop.submit { [self] in
            guard !stopped else { return }
            stopped = true
            accepting = false
            for (_, armed) in timers { armed.task.cancel() }
            timers.removeAll()
            let left = pending
            pending.removeAll()
            for (_, waiting) in left.sorted(by: { $0.key < $1.key }) {
                waiting.completion(ClientReply(id: waiting.originalID, result: .failure(ClientError(code: 1053, message: "Server shutdown in progress"))))
            }
            for w in drainWaiters { w.succeed(()) }
            drainWaiters.removeAll()
            transport.onEnvelope = nil
            node.shutdown()
            logger.info("node stopped")
        }
    }
}
