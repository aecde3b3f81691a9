import NIOCore
import NIOHTTP1

/// Serves `AdminAPI` on an HTTP connection of the cluster port (after `ProtocolSniffer`
/// installed NIOHTTP1's server pipeline). Request bodies are ignored (none of the endpoints
/// takes one) and capped so a client cannot make us buffer much. Lives on the driver's loop.
final class AdminHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    static let maxBodyBytes = 64 * 1024

    private let api: AdminAPI
    private var head: HTTPRequestHead?
    private var bodyBytes = 0

    init(api: AdminAPI) { self.api = api }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            bodyBytes = 0
        case .body(let b):
            bodyBytes += b.readableBytes
            if bodyBytes > Self.maxBodyBytes {
                respond(context: context, version: head?.version ?? .http1_1, keepAlive: false,
                        AdminResponse.error(.payloadTooLarge, "request body too large"))
                context.close(promise: nil)
                head = nil
            }
        case .end:
            guard let h = head else { return }
            head = nil
            let response = api.respond(method: h.method, uri: h.uri, headers: h.headers)
            respond(context: context, version: h.version, keepAlive: h.isKeepAlive, response, headOnly: h.method == .HEAD)
        }
    }

    private func respond(context: ChannelHandlerContext, version: HTTPVersion, keepAlive: Bool, _ response: AdminResponse, headOnly: Bool = false) {
        var buffer = context.channel.allocator.buffer(capacity: response.body.utf8.count)
        buffer.writeString(response.body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: "\(buffer.readableBytes)")
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: response.status, headers: headers))), promise: nil)
        if !headOnly { context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil) }
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [channel = context.channel] _ in channel.close(promise: nil) }
        }
    }
}
