import Logging
import NIOCore
import NIOPosix
import Protocol

#if canImport(Glibc)
import Glibc
#endif

/// How the transport behaves; the daemon fills it from `[cluster]`, `[grpc_client]` and
/// `[coordinator]`.
public struct TransportSettings: Sendable {
    public var nodeID: NodeID
    /// What this node tells peers in its hello: the address they reach it at.
    public var advertisedAddress: String
    public var bindHost: String
    /// 0 picks a free port (tests).
    public var port: Int
    /// Empty: no authentication (a warning is logged at startup).
    public var secret: [UInt8]
    /// First reconnect delay; doubles per failed attempt up to `maxBackoffMillis`.
    public var retryBackoffMillis: Int64 = 100
    public var maxBackoffMillis: Int64 = 5000
    /// Connection attempts for the messages queued to a peer before they are dropped.
    public var maxRetries: Int = 3
    public var connectTimeoutMillis: Int64 = 3000
    /// A connection that has not finished its handshake by then is closed.
    public var handshakeTimeoutMillis: Int64 = 5000
    /// Messages that waited longer than this for a connection are dropped (the protocols time
    /// out and retry on their own; a stale prepare or ping only wastes the peer's time).
    public var messageDeadlineMillis: Int64 = 2000
    /// Per-peer send queue bounds; beyond them the oldest messages are dropped.
    public var queueLimitMessages: Int = 4096
    public var queueLimitBytes: Int = 64 << 20
    /// TCP keepalive (`[grpc_client] keepalive_time_seconds` idle before probing,
    /// `keepalive_timeout_seconds` between probes; 3 unanswered probes drop the connection).
    public var tcpKeepalive: Bool = true
    public var keepaliveIdleSeconds: Int = 10
    public var keepaliveIntervalSeconds: Int = 3

    public init(nodeID: NodeID, advertisedAddress: String, bindHost: String, port: Int, secret: [UInt8]) {
        self.nodeID = nodeID
        self.advertisedAddress = advertisedAddress
        self.bindHost = bindHost
        self.port = port
        self.secret = secret
    }
}

/// Counters the metrics endpoint reads (loop-confined like the transport).
public struct TransportCounters: Sendable {
    public var messagesSent: UInt64 = 0
    public var messagesReceived: UInt64 = 0
    /// Dropped: queue overflow, expired, retries exhausted, no address for the node.
    public var messagesDropped: UInt64 = 0
    public var connectionsAccepted: UInt64 = 0
    public var connectAttempts: UInt64 = 0
    public var connectFailures: UInt64 = 0
    public var authenticationFailures: UInt64 = 0
    /// Connections closed for bytes that are neither a marmot handshake, a frame nor HTTP.
    public var protocolErrors: UInt64 = 0
}

/// Node-to-node TCP on the cluster port (SwiftNIO).
///
/// Every connection starts with `ClusterHandshake` (hello, then HMAC proofs when a cluster
/// secret is set); then both directions carry `MessageCodec` frames. This node sends on the
/// connections it dials (one per peer address, reconnecting with exponential backoff) and
/// receives on the ones it accepts; either side can carry frames. An accepted connection
/// whose first bytes are an HTTP method is handed to the admin HTTP pipeline instead.
///
/// Concurrency: the transport, its peers and its channels all live on ONE event loop (the
/// node driver's): the server and the client bootstraps are given that loop as their group.
/// Every method must be called on `loop`; the class is `@unchecked Sendable` only so that NIO
/// callbacks running on that loop can reach it.
public final class ClusterTransport: @unchecked Sendable {
    public let loop: EventLoop
    public private(set) var settings: TransportSettings
    let logger: Logger

    /// A decoded envelope from an authenticated peer, addressed to this node.
    public var onEnvelope: ((Envelope) -> Void)?
    /// Resolves a node id the address book does not know (the driver asks the node's members).
    public var resolveAddress: ((NodeID) -> String?)?
    /// Handlers for an accepted connection that speaks HTTP (after NIOHTTP1's server
    /// pipeline). Nil: HTTP connections are closed.
    public var makeHTTPHandler: (() -> ChannelHandler)?

    public private(set) var counters = TransportCounters()
    /// NodeID → cluster address, from hellos and membership.
    public private(set) var addressBook: [NodeID: String] = [:]

    private var serverChannel: Channel?
    private var peers: [String: OutboundPeer] = [:]
    private var inbound: [ObjectIdentifier: (channel: Channel, peer: NodeID?)] = [:]
    private var dirty: [OutboundPeer] = []
    private var closing = false
    private var warnedNoSecret = false

    public init(loop: EventLoop, settings: TransportSettings, logger: Logger) {
        self.loop = loop
        self.settings = settings
        self.logger = logger
    }

    public var hasSecret: Bool { !settings.secret.isEmpty }

    /// The port actually bound (after `start`).
    public var boundPort: Int? { serverChannel?.localAddress?.port }

    /// Binds the cluster port. The future completes on `loop` with the bound port.
    public func start() -> EventLoopFuture<Int> {
        loop.preconditionInEventLoop()
        if !hasSecret && !warnedNoSecret {
            warnedNoSecret = true
            logger.warning("cluster authentication is disabled: set cluster.cluster_secret or MARMOT_CLUSTER_SECRET so only nodes that know the secret can join")
        }
        let bootstrap = ServerBootstrap(group: loop)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try applyKeepalive(channel)
                    try channel.pipeline.syncOperations.addHandler(ProtocolSniffer(transport: self))
                }
            }
        return bootstrap.bind(host: settings.bindHost, port: settings.port).flatMapThrowing { [self] channel in
            serverChannel = channel
            guard let port = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
            // An ephemeral port (tests): "host:0" advertises the port actually bound.
            if settings.advertisedAddress.hasSuffix(":0") {
                settings.advertisedAddress = String(settings.advertisedAddress.dropLast(2)) + ":\(port)"
            }
            logger.info("cluster transport listening", metadata: ["address": "\(settings.bindHost):\(port)", "advertised": "\(settings.advertisedAddress)"])
            return port
        }
    }

    /// Close the listener and every connection; drop queued messages.
    public func close() -> EventLoopFuture<Void> {
        loop.preconditionInEventLoop()
        closing = true
        var futures: [EventLoopFuture<Void>] = []
        if let serverChannel { futures.append(serverChannel.close().recover { _ in }) }
        for peer in peers.values { if let f = peer.shutdown() { futures.append(f) } }
        for entry in inbound.values { futures.append(entry.channel.close().recover { _ in }) }
        peers.removeAll()
        inbound.removeAll()
        return EventLoopFuture.andAllComplete(futures, on: loop)
    }

    // MARK: Sending

    /// Learn where a node lives (membership, hellos).
    public func learn(_ id: NodeID, address: String) {
        guard id != settings.nodeID, !address.isEmpty else { return }
        addressBook[id] = address
    }

    public func forget(_ id: NodeID) { addressBook[id] = nil }

    /// Send to a node by id. Dropped (and counted) when no address is known.
    public func send(_ envelope: Envelope) {
        loop.preconditionInEventLoop()
        guard let address = addressBook[envelope.to] ?? resolveAddress?(envelope.to) else {
            counters.messagesDropped += 1
            logger.debug("no address for \(envelope.to): message dropped")
            return
        }
        send(envelope, toAddress: address)
    }

    /// Send to whatever node listens at `address` (joins through seeds).
    public func send(_ envelope: Envelope, toAddress address: String) {
        loop.preconditionInEventLoop()
        guard !closing else { return }
        let frame = MessageCodec.frame(envelope)
        var buffer = ByteBufferAllocator().buffer(capacity: frame.count)
        buffer.writeBytes(frame)
        peer(for: address).enqueue(buffer)
    }

    /// Flush what `send` wrote during one batch of node actions.
    public func flush() {
        for peer in dirty { peer.flushChannel() }
        dirty.removeAll(keepingCapacity: true)
    }

    func markDirty(_ peer: OutboundPeer) {
        if !peer.isDirty { peer.isDirty = true; dirty.append(peer) }
    }

    private func peer(for address: String) -> OutboundPeer {
        if let p = peers[address] { return p }
        let p = OutboundPeer(address: address, transport: self)
        peers[address] = p
        return p
    }

    func now() -> Int64 { DaemonClock.monotonic() }

    // MARK: Connections (called by the handlers, on the loop)

    func connect(_ peer: OutboundPeer) -> EventLoopFuture<Channel>? {
        guard !closing, let hp = HostPort.split(peer.address) else {
            if HostPort.split(peer.address) == nil { logger.warning("cannot dial \(peer.address): not host:port") }
            return nil
        }
        counters.connectAttempts += 1
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(.milliseconds(settings.connectTimeoutMillis))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try applyKeepalive(channel)
                    try channel.pipeline.syncOperations.addHandler(ClusterConnectionHandler(transport: self, role: .initiator, peer: peer))
                }
            }
        return bootstrap.connect(host: hp.host, port: hp.port)
    }

    private func applyKeepalive(_ channel: Channel) throws {
        guard settings.tcpKeepalive else { return }
        guard let options = channel.syncOptions else { return }
        try options.setOption(ChannelOptions.socketOption(.so_keepalive), value: 1)
        #if os(Linux)
        func tcp(_ name: Int32, _ value: Int) throws {
            try options.setOption(ChannelOptions.Types.SocketOption(level: .tcp, name: NIOBSDSocket.Option(rawValue: name)),
                                  value: SocketOptionValue(max(1, value)))
        }
        try tcp(Int32(TCP_KEEPIDLE), settings.keepaliveIdleSeconds)
        try tcp(Int32(TCP_KEEPINTVL), settings.keepaliveIntervalSeconds)
        try tcp(Int32(TCP_KEEPCNT), 3)
        #endif
    }

    func makeHandshake(role: ClusterHandshake.Role) -> ClusterHandshake {
        var rng = SystemRandomNumberGenerator()
        let nonce = (0..<ClusterHello.nonceBytes).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return ClusterHandshake(role: role, nodeID: settings.nodeID, address: settings.advertisedAddress,
                                secret: hasSecret ? settings.secret : nil, nonce: nonce)
    }

    func accepted(_ channel: Channel) {
        guard !closing else { channel.close(promise: nil); return }
        counters.connectionsAccepted += 1
        inbound[ObjectIdentifier(channel)] = (channel, nil)
    }

    func acceptedClosed(_ channel: Channel) {
        inbound[ObjectIdentifier(channel)] = nil
    }

    func established(_ channel: Channel, peer hello: ClusterHello, role: ClusterHandshake.Role, outbound: OutboundPeer?) {
        learn(hello.nodeID, address: hello.address)
        logger.debug("cluster connection established", metadata: [
            "peer": "\(hello.nodeID)", "address": "\(hello.address)", "direction": "\(role == .initiator ? "outbound" : "inbound")",
        ])
        if role == .acceptor {
            inbound[ObjectIdentifier(channel)] = (channel, hello.nodeID)
        }
        outbound?.established(channel, peer: hello.nodeID)
    }

    func handshakeFailed(_ failure: HandshakeFailure, remote: String, role: ClusterHandshake.Role, outbound: OutboundPeer?) {
        switch failure {
        case .invalidSecret(let detail):
            counters.authenticationFailures += 1
            logger.warning("invalid cluster secret: connection refused", metadata: ["remote": "\(remote)", "reason": "\(detail)"])
        case .selfConnection:
            logger.info("\(outbound?.address ?? remote) is this node: not dialing it again")
            outbound?.isSelf = true
        case .notACluster, .malformed, .version:
            counters.protocolErrors += 1
            logger.warning("cluster handshake failed: \(failure)", metadata: ["remote": "\(remote)"])
        }
    }

    func received(_ envelope: Envelope, from peer: NodeID) {
        guard envelope.from == peer else {
            logger.warning("dropping a message from \(envelope.from) on the connection of \(peer)")
            counters.messagesDropped += 1
            return
        }
        guard envelope.to == settings.nodeID || envelope.to == NodeID(0) else {
            // Sent to a node that used to live at our address.
            counters.messagesDropped += 1
            return
        }
        counters.messagesReceived += 1
        onEnvelope?(envelope)
    }

    func protocolError(_ text: String, remote: String) {
        counters.protocolErrors += 1
        logger.warning("closing cluster connection: \(text)", metadata: ["remote": "\(remote)"])
    }

    func dropped(_ count: Int) { counters.messagesDropped += UInt64(count) }
    func sent(_ count: Int) { counters.messagesSent += UInt64(count) }
    var isClosing: Bool { closing }

    /// Open connections: accepted (node or HTTP) and dialed ones that are up.
    public var connectionCounts: (inbound: Int, outbound: Int) {
        (inbound.count, peers.values.filter(\.isConnected).count)
    }

    /// Per peer address: queued messages and whether the connection is up.
    public var peerStatus: [(address: String, connected: Bool, queued: Int, nodeID: NodeID?)] {
        peers.keys.sorted().compactMap { key in
            peers[key].map { (key, $0.isConnected, $0.queue.count, $0.remoteNodeID) }
        }
    }
}
