import NIOCore
import NIOHTTP1
import Protocol

/// One node-to-node connection: the handshake, then frames. A handshake that fails, a frame
/// that does not decode, or a handshake that takes too long closes this connection only.
///
/// Lives on the transport's event loop like every channel of the transport.
final class ClusterConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case handshaking
        case established(NodeID)
        case closed
    }

    private let transport: ClusterTransport
    private let role: ClusterHandshake.Role
    private let outbound: OutboundPeer?
    private var handshake: ClusterHandshake
    private var state = State.handshaking
    private var helloSent = false
    private var decoder = FrameDecoder()
    private var timeout: Scheduled<Void>?
    private var remote = "?"

    init(transport: ClusterTransport, role: ClusterHandshake.Role, peer: OutboundPeer?) {
        self.transport = transport
        self.role = role
        self.outbound = peer
        self.handshake = transport.makeHandshake(role: role)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        remote = context.channel.remoteAddress.map { "\($0)" } ?? outbound?.address ?? "?"
        let channel = context.channel
        timeout = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(transport.settings.handshakeTimeoutMillis)) { [weak self] in
            guard let self, case .handshaking = self.state else { return }
            self.transport.protocolError("handshake not completed within \(self.transport.settings.handshakeTimeoutMillis) ms", remote: self.remote)
            channel.close(promise: nil)
        }
        if role == .acceptor { transport.accepted(channel) }
        if context.channel.isActive { sendHelloIfInitiator(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        remote = context.channel.remoteAddress.map { "\($0)" } ?? remote
        sendHelloIfInitiator(context: context)
        context.fireChannelActive()
    }

    private func sendHelloIfInitiator(context: ChannelHandlerContext) {
        guard role == .initiator, !helloSent else { return }
        sendHello(context: context)
    }

    private func sendHello(context: ChannelHandlerContext) {
        helloSent = true
        write(handshake.helloBytes, context: context)
        context.flush()
    }

    private func write(_ bytes: [UInt8], context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let bytes = Array(buffer.readableBytesView)
        switch state {
        case .closed:
            return
        case .established(let peer):
            decode(bytes, from: peer, context: context)
        case .handshaking:
            // The acceptor answers once the peer's first bytes said "marmot".
            if !helloSent { sendHello(context: context) }
            let step = handshake.receive(bytes)
            if !step.send.isEmpty {
                write(step.send, context: context)
                context.flush()
            }
            switch step.outcome {
            case .needMore:
                break
            case .failed(let failure):
                state = .closed
                transport.handshakeFailed(failure, remote: remote, role: role, outbound: outbound)
                context.close(promise: nil)
            case let .established(peer, leftover):
                state = .established(peer.nodeID)
                timeout?.cancel()
                timeout = nil
                transport.established(context.channel, peer: peer, role: role, outbound: outbound)
                if !leftover.isEmpty { decode(leftover, from: peer.nodeID, context: context) }
            }
        }
    }

    private func decode(_ bytes: [UInt8], from peer: NodeID, context: ChannelHandlerContext) {
        decoder.append(bytes)
        do {
            while let envelope = try decoder.next() {
                transport.received(envelope, from: peer)
                if case .closed = state { return }
            }
        } catch {
            state = .closed
            transport.protocolError("undecodable frame from \(peer): \(error)", remote: remote)
            context.close(promise: nil)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        outbound?.writabilityChanged(context.channel)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        state = .closed
        timeout?.cancel()
        timeout = nil
        if role == .acceptor { transport.acceptedClosed(context.channel) }
        outbound?.closed(context.channel)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Connection resets and the like: the connection is gone, the peer logic reconnects.
        context.close(promise: nil)
    }
}

/// The first handler of every accepted connection: the first four bytes decide between the
/// marmot handshake ("MRMT"), HTTP (a method name: `GET `, `POST`, ...) and garbage (closed).
final class ProtocolSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    static let httpMethods: [[UInt8]] = ["GET ", "POST", "HEAD", "PUT ", "DELE", "OPTI", "PATC"].map { Array($0.utf8) }

    private let transport: ClusterTransport
    private var buffered: ByteBuffer?
    private var timeout: Scheduled<Void>?
    private var decided = false

    init(transport: ClusterTransport) { self.transport = transport }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        timeout = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(transport.settings.handshakeTimeoutMillis)) { [weak self] in
            guard let self, !self.decided else { return }
            channel.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timeout?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        guard !decided else { return context.fireChannelRead(data) }
        if buffered == nil { buffered = incoming } else { buffered!.writeBuffer(&incoming) }
        guard let head = buffered, head.readableBytes >= 4, let first = head.getBytes(at: head.readerIndex, length: 4) else { return }
        decided = true
        timeout?.cancel()
        let remote = context.channel.remoteAddress.map { "\($0)" } ?? "?"
        do {
            if first == ClusterHello.magic {
                try context.pipeline.syncOperations.addHandler(ClusterConnectionHandler(transport: transport, role: .acceptor, peer: nil))
            } else if Self.httpMethods.contains(first), let make = transport.makeHTTPHandler {
                try context.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                try context.pipeline.syncOperations.addHandler(make())
            } else {
                transport.protocolError("neither a marmot handshake nor HTTP", remote: remote)
                context.close(promise: nil)
                return
            }
        } catch {
            context.close(promise: nil)
            return
        }
        buffered = nil
        context.fireChannelRead(wrapInboundOut(head))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
