import Logging
import MySQLWire
import NIOCore
import Node

/// One client connection: feeds the socket's bytes to the wire `ConnectionStateMachine`
/// and carries out its actions with a `MySQLSession`. Lives on its channel's event loop.
/// While a command is being answered it stops reading from the socket (back-pressure).
final class MySQLConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var machine: ConnectionStateMachine
    private let session: MySQLSession
    private let registry: MySQLConnectionRegistry
    private var logger: Logger
    private var context: ChannelHandlerContext?
    private var admitted = false
    private var pendingRead = false
    /// Actions waiting to be carried out (answers can arrive while carrying out others).
    private var queue: [ConnectionStateMachine.Action] = []
    private var performing = false
    private var lastWrite: EventLoopFuture<Void>?

    init(configuration: MySQLServerConfiguration, registry: MySQLConnectionRegistry, executor: any StatementExecutor,
         sessionClosed: (@Sendable (UInt64) -> Void)?, eventLoop: any EventLoop, clientHost: String, logger: Logger) {
        let id = registry.nextConnectionID()
        var random = SystemRandomNumberGenerator()
        let scramble = (0..<20).map { _ in UInt8.random(in: 1...127, using: &random) }
        let switchScramble = (0..<20).map { _ in UInt8.random(in: 1...127, using: &random) }
        self.machine = ConnectionStateMachine(configuration: configuration.wire, connectionID: id, scramble: scramble,
                                              authSwitchScramble: switchScramble, clientHost: clientHost)
        let environment = MySQLSessionEnvironment(serverVersion: configuration.serverVersion,
                                                  defaultDatabase: configuration.defaultDatabase,
                                                  dialect: configuration.dialect,
                                                  maxConnections: configuration.maxConnections,
                                                  port: configuration.port,
                                                  maxAllowedPacket: configuration.maxAllowedPacket,
                                                  registry: registry,
                                                  defaultConsistency: configuration.defaultConsistency.map { "\($0)" },
                                                  sessionClosed: sessionClosed)
        self.session = MySQLSession(connectionID: id, environment: environment,
                                    runner: MySQLExecutorRunner(executor: executor, eventLoop: eventLoop))
        self.registry = registry
        self.logger = logger
        self.logger[metadataKey: "mysql-connection"] = "\(id)"
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        guard registry.admit(context.channel) else {
            logger.warning("refusing a MySQL connection: max_connections (\(registry.maxConnections)) reached")
            var buffer = context.channel.allocator.buffer(capacity: 32)
            buffer.writeBytes(PacketEncoder.encode(MySQLErrorMapper.tooManyConnections.encode(), sequenceID: 0))
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        admitted = true
        logger.debug("MySQL client connected", metadata: ["peer": "\(session.clientHost)"])
        perform(machine.start())
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if admitted {
            admitted = false
            _ = machine.connectionClosed()
            session.close()
            registry.remove(context.channel)
            logger.debug("MySQL client disconnected")
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard admitted else { return }
        var buffer = unwrapInboundIn(data)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        perform(machine.bytesReceived(bytes))
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        logger.debug("MySQL connection error: \(error)")
        context.close(promise: nil)
    }

    /// Reads only while no command is waiting for its answer.
    func read(context: ChannelHandlerContext) {
        if isAnswering {
            pendingRead = true
        } else {
            context.read()
        }
    }

    private var isAnswering: Bool {
        if case .commandInFlight = machine.state { return true }
        return false
    }

    // MARK: Actions

    private func perform(_ actions: [ConnectionStateMachine.Action]) {
        queue.append(contentsOf: actions)
        guard !performing else { return }
        performing = true
        defer { performing = false }
        var wrote = false
        while !queue.isEmpty {
            let action = queue.removeFirst()
            switch action {
            case .write(let bytes):
                guard let context else { continue }
                var buffer = context.channel.allocator.buffer(capacity: bytes.count)
                buffer.writeBytes(bytes)
                lastWrite = context.write(wrapOutboundOut(buffer))
                wrote = true
            case .startSession(let info):
                logger.debug("MySQL login", metadata: ["user": "\(info.user)", "database": "\(info.database ?? "")"])
                session.start(info, done: answer)
            case .runQuery(let sql, let multiStatements):
                session.query(sql, multiStatements: multiStatements, done: answer)
            case .initDatabase(let name):
                session.initDatabase(name, done: answer)
            case .listFields(let table, let wildcard):
                session.listFields(table: table, wildcard: wildcard, done: answer)
            case .prepareStatement(let id, let sql):
                session.prepare(id: id, sql: sql, done: answer)
            case .executeStatement(let request):
                session.execute(request, done: answer)
            case .closeStatement(let id):
                session.closeStatement(id: id)
            case .collectStatistics:
                session.statistics(done: answer)
            case .resetSession:
                session.reset(done: answer)
            case .close:
                session.close()
                guard let context else { continue }
                context.flush()
                wrote = false
                let channel = context.channel
                if let lastWrite {
                    lastWrite.whenComplete { _ in channel.close(promise: nil) }
                } else {
                    context.close(promise: nil)
                }
            }
        }
        if wrote { context?.flush() }
    }

    /// The session's answer to the command in flight.
    private func answer(_ response: CommandResponse) {
        perform(machine.commandCompleted(response, sessionStatus: session.status))
        if pendingRead, !isAnswering, let context {
            pendingRead = false
            context.read()
        }
    }
}
