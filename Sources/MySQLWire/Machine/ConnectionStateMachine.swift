/// The MySQL protocol of one client connection as a pure state machine:
/// bytes and answers in, `Action`s out. No I/O, no clock, no randomness
/// (scrambles are inputs). Nothing traps on client input:
/// - broken framing (oversized, out-of-order, bad handshake, failed login):
///   an ERR packet, then `.close`;
/// - a well-framed command with bad content: ERR 1835 / 1210 / 1243 / 1047,
///   and the connection stays usable (as MySQL does).
///
/// Driving it:
/// ```
/// var m = ConnectionStateMachine(configuration: cfg, connectionID: id,
///                                scramble: random20, authSwitchScramble: random20b)
/// perform(m.start())                 // writes the greeting
/// on bytes:  perform(m.bytesReceived(bytes))
/// on answer: perform(m.commandCompleted(.results([...]), sessionStatus: status))
/// on EOF:    m.connectionClosed()
/// ```
public struct ConnectionStateMachine: Sendable {
    public let configuration: ServerConfiguration
    public let connectionID: UInt32
    public let clientHost: String
    public private(set) var state: State = .initial
    /// Client flags intersected with ours, once the handshake response arrived.
    public private(set) var capabilities: CapabilityFlags = []
    public private(set) var session: SessionInfo?
    /// Whether COM_QUERY may carry several statements (CLIENT_MULTI_STATEMENTS, COM_SET_OPTION).
    public private(set) var multiStatementsEnabled = false
    /// Autocommit / in-transaction flags placed into OK and EOF packets.
    /// The server side keeps it current through `commandCompleted(_:sessionStatus:)`.
    public var sessionStatus: ServerStatus
    public private(set) var statements = PreparedStatementRegistry()

    private let scramble: [UInt8]
    private let switchScramble: [UInt8]
    private var decoder: PacketDecoder
    /// Sequence id of the next packet we write.
    private var sequenceID: UInt8 = 0
    private var login: HandshakeResponse41?
    private var encoder = ResponseEncoder(deprecateEOF: false)

    /// - Parameters:
    ///   - scramble: 20 random bytes for the greeting (sanitized like MySQL's).
    ///   - authSwitchScramble: 20 more, used if the client must switch plugins.
    ///   - clientHost: shown in "Access denied for user 'u'@'host'".
    public init<S1: Collection, S2: Collection>(
        configuration: ServerConfiguration = ServerConfiguration(),
        connectionID: UInt32,
        scramble: S1,
        authSwitchScramble: S2,
        clientHost: String = "localhost"
    ) where S1.Element == UInt8, S2.Element == UInt8 {
        self.configuration = configuration
        self.connectionID = connectionID
        self.clientHost = clientHost
        self.scramble = AuthScramble(random: scramble).bytes
        self.switchScramble = AuthScramble(random: authSwitchScramble).bytes
        self.decoder = PacketDecoder(maxPayloadLength: configuration.maxAllowedPacket)
        self.sessionStatus = configuration.initialStatus
    }

    /// The scramble the greeting carries (after sanitizing).
    public var greetingScramble: [UInt8] { scramble }

    /// Bytes received but not yet processed (for back-pressure decisions).
    public var bufferedByteCount: Int { decoder.bufferedByteCount }

    public var isClosed: Bool { state == .closed }

    // MARK: Events

    /// Sends the greeting. Call once, right after accepting the connection.
    public mutating func start() -> [Action] {
        guard state == .initial else { return [] }
        let greeting = HandshakeV10(serverVersion: configuration.serverVersion, connectionID: connectionID,
                                    authPluginData: scramble, capabilities: configuration.capabilities,
                                    characterSet: configuration.characterSet, status: sessionStatus,
                                    authPluginName: NativePassword.pluginName)
        var actions: [Action] = []
        sequenceID = 0
        write([greeting.encode()], into: &actions)
        state = .awaitingHandshakeResponse
        drain(into: &actions)
        return actions
    }

    /// Bytes from the socket. Processes as many complete packets as the state allows;
    /// the rest waits until the in-flight command is answered.
    public mutating func bytesReceived<S: Sequence>(_ bytes: S) -> [Action] where S.Element == UInt8 {
        guard state != .closed else { return [] }
        decoder.append(bytes)
        var actions: [Action] = []
        drain(into: &actions)
        return actions
    }

    /// The server side's answer to the last action that asked for one.
    /// `sessionStatus` (autocommit, in-transaction) becomes the connection's status first.
    public mutating func commandCompleted(_ response: CommandResponse, sessionStatus status: ServerStatus? = nil) -> [Action] {
        if let status { sessionStatus = status }
        guard case .commandInFlight(let command) = state else { return [] }
        var actions: [Action] = []
        state = .ready
        switch command {
        case .startSession:
            switch response {
            case .ok(let r):
                write([encoder.ok(r, status: r.status ?? sessionStatus)], into: &actions)
            case .error(let e):
                session = nil
                fail(with: e, into: &actions)
            default:
                session = nil
                fail(with: .internalError("unexpected answer to the login"), into: &actions)
            }
        case .query, .execute:
            let binary = if case .execute = command { true } else { false }
            switch response {
            case .ok(let r):
                write(encoder.results([.ok(r)], binary: binary, sessionStatus: sessionStatus), into: &actions)
            case .results(let list):
                write(encoder.results(list, binary: binary, sessionStatus: sessionStatus), into: &actions)
            case .error(let e):
                write([e.encode()], into: &actions)
            default:
                write([MySQLError.internalError("unexpected answer to a query").encode()], into: &actions)
            }
        case .initDatabase, .resetConnection:
            switch response {
            case .ok(let r):
                write([encoder.ok(r, status: r.status ?? sessionStatus)], into: &actions)
            case .error(let e):
                write([e.encode()], into: &actions)
            default:
                write([MySQLError.internalError("unexpected answer").encode()], into: &actions)
            }
        case .fieldList:
            switch response {
            case .fields(let columns):
                write(encoder.fieldList(columns, status: sessionStatus), into: &actions)
            case .error(let e):
                write([e.encode()], into: &actions)
            default:
                write([MySQLError.internalError("unexpected answer to COM_FIELD_LIST").encode()], into: &actions)
            }
        case .statistics:
            switch response {
            case .statistics(let text):
                write([Array(text.utf8)], into: &actions)
            case .error(let e):
                write([e.encode()], into: &actions)
            default:
                write([MySQLError.internalError("unexpected answer to COM_STATISTICS").encode()], into: &actions)
            }
        case .prepare(let id, let sql):
            switch response {
            case .prepared(let info):
                statements.register(PreparedStatement(id: id, sql: sql, parameterCount: info.parameters.count,
                                                      columnCount: info.columns.count))
                write(encoder.prepareOK(statementID: id, info: info, status: sessionStatus), into: &actions)
            case .error(let e):
                statements.prepareFailed()
                write([e.encode()], into: &actions)
            default:
                statements.prepareFailed()
                write([MySQLError.internalError("unexpected answer to COM_STMT_PREPARE").encode()], into: &actions)
            }
        }
        drain(into: &actions)
        return actions
    }

    /// The socket is gone. Returns `.close` if a session was open (so the
    /// server side ends it), nothing otherwise.
    public mutating func connectionClosed() -> [Action] {
        guard state != .closed else { return [] }
        let hadSession = session != nil
        state = .closed
        return hadSession ? [.close] : []
    }

    // MARK: Packet processing

    private mutating func drain(into actions: inout [Action]) {
        while true {
            switch state {
            case .awaitingHandshakeResponse, .awaitingAuthSwitchResponse, .ready: break
            case .initial, .commandInFlight, .closed: return
            }
            let packet: MySQLPacket?
            do {
                packet = try decoder.next()
            } catch {
                sequenceID = (decoder.lastSequenceID ?? 0) &+ 1
                switch error {
                case .packetTooLarge: fail(with: .packetTooLarge, into: &actions)
                case .packetsOutOfOrder: fail(with: .packetsOutOfOrder, into: &actions)
                case .truncated, .malformed: fail(with: .malformedPacket, into: &actions)
                }
                return
            }
            guard let packet else { return }
            switch state {
            case .awaitingHandshakeResponse: handleHandshakeResponse(packet, into: &actions)
            case .awaitingAuthSwitchResponse: handleAuthSwitchResponse(packet, into: &actions)
            case .ready: handleCommand(packet, into: &actions)
            default: return
            }
        }
    }

    private mutating func handleHandshakeResponse(_ packet: MySQLPacket, into actions: inout [Action]) {
        guard packet.sequenceID == sequenceID else {
            sequenceID = packet.lastSequenceID &+ 1
            fail(with: .packetsOutOfOrder, into: &actions)
            return
        }
        sequenceID = packet.lastSequenceID &+ 1
        let response: HandshakeResponse41
        do {
            response = try HandshakeResponse41.decode(packet.payload)
        } catch {
            fail(with: .badHandshake, into: &actions)
            return
        }
        capabilities = response.capabilities.intersection(configuration.capabilities)
        encoder = ResponseEncoder(capabilities: capabilities)
        multiStatementsEnabled = capabilities.contains(.multiStatements)
        login = response
        let account = configuration.users[response.username]

        var plugin = NativePassword.pluginName
        if response.capabilities.contains(.pluginAuth), let name = response.authPluginName, !name.isEmpty {
            plugin = name
        }
        if plugin == NativePassword.pluginName {
            finishAuthentication(response: response.authResponse, scramble: scramble, account: account,
                                 plugin: plugin, into: &actions)
            return
        }
        if plugin == CachingSHA2Password.pluginName, let account {
            // An empty password arrives as nothing or as a lone NUL.
            if !account.hasPassword, response.authResponse.isEmpty || response.authResponse == [0] {
                startSession(plugin: plugin, into: &actions)
                return
            }
            if let stage2 = account.sha256Stage2,
               CachingSHA2Password.verify(response: response.authResponse, scramble: scramble, stage2: stage2) {
                write([CachingSHA2Password.fastAuthSuccess], into: &actions)
                startSession(plugin: plugin, into: &actions)
                return
            }
        }
        guard response.capabilities.contains(.pluginAuth) else {
            deny(usingPassword: !response.authResponse.isEmpty, into: &actions)
            return
        }
        write([AuthSwitchRequest(pluginData: switchScramble).encode()], into: &actions)
        state = .awaitingAuthSwitchResponse
    }

    private mutating func handleAuthSwitchResponse(_ packet: MySQLPacket, into actions: inout [Action]) {
        guard packet.sequenceID == sequenceID else {
            sequenceID = packet.lastSequenceID &+ 1
            fail(with: .packetsOutOfOrder, into: &actions)
            return
        }
        sequenceID = packet.lastSequenceID &+ 1
        var data = packet.payload
        if data.count == 21, data.last == 0 { data.removeLast() }
        finishAuthentication(response: data, scramble: switchScramble,
                             account: login.flatMap { configuration.users[$0.username] },
                             plugin: NativePassword.pluginName, into: &actions)
    }

    private mutating func finishAuthentication(response: [UInt8], scramble: [UInt8],
                                               account: MySQLUserTable.Account?, plugin: String,
                                               into actions: inout [Action]) {
        guard let account,
              NativePassword.verify(response: response, scramble: scramble, stage2: account.nativeStage2) else {
            deny(usingPassword: !response.isEmpty, into: &actions)
            return
        }
        startSession(plugin: plugin, into: &actions)
    }

    private mutating func startSession(plugin: String, into actions: inout [Action]) {
        guard let login else { return }
        let info = SessionInfo(connectionID: connectionID, user: login.username, clientHost: clientHost,
                               database: capabilities.contains(.connectWithDB) ? login.database : nil,
                               capabilities: capabilities, characterSet: login.characterSet, authPlugin: plugin)
        session = info
        state = .commandInFlight(.startSession)
        actions.append(.startSession(info))
    }

    private mutating func deny(usingPassword: Bool, into actions: inout [Action]) {
        fail(with: .accessDenied(user: login?.username ?? "", host: clientHost, usingPassword: usingPassword),
             into: &actions)
    }

    private mutating func handleCommand(_ packet: MySQLPacket, into actions: inout [Action]) {
        guard packet.sequenceID == 0 else {
            sequenceID = packet.lastSequenceID &+ 1
            fail(with: .packetsOutOfOrder, into: &actions)
            return
        }
        sequenceID = packet.lastSequenceID &+ 1
        let command: MySQLCommand
        do {
            command = try MySQLCommand.decode(packet.payload)
        } catch {
            write([MySQLError.malformedPacket.encode()], into: &actions)
            return
        }
        switch command {
        case .quit:
            state = .closed
            actions.append(.close)
        case .initDB(let name):
            state = .commandInFlight(.initDatabase)
            actions.append(.initDatabase(name))
        case .query(let sql):
            state = .commandInFlight(.query)
            actions.append(.runQuery(sql, multiStatements: multiStatementsEnabled))
        case .fieldList(let table, let wildcard):
            state = .commandInFlight(.fieldList)
            actions.append(.listFields(table: table, wildcard: wildcard))
        case .statistics:
            state = .commandInFlight(.statistics)
            actions.append(.collectStatistics)
        case .ping:
            write([encoder.ok(OKResult(), status: sessionStatus)], into: &actions)
        case .changeUser:
            write([MySQLError.notSupportedYet("COM_CHANGE_USER").encode()], into: &actions)
        case .statementPrepare(let sql):
            guard statements.count < configuration.maxPreparedStatements else {
                statements.prepareFailed()
                write([MySQLError.tooManyPreparedStatements(limit: configuration.maxPreparedStatements).encode()],
                      into: &actions)
                return
            }
            let id = statements.reserveID()
            state = .commandInFlight(.prepare(statementID: id, sql: sql))
            actions.append(.prepareStatement(id: id, sql: sql))
        case .statementExecute(let execute):
            handleExecute(execute, into: &actions)
        case .statementSendLongData(let id, let parameter, let data):
            // Never answered, even when wrong; problems surface at execute.
            guard var statement = statements[id], Int(parameter) < statement.parameterCount else { return }
            let index = Int(parameter)
            let existing = statement.longData[index]?.count ?? 0
            if existing + data.count > configuration.maxAllowedPacket {
                statement.longDataOverflow = true
            } else {
                statement.longData[index, default: []].append(contentsOf: data)
            }
            statements.update(statement)
        case .statementClose(let id):
            if let removed = statements.remove(id) { actions.append(.closeStatement(id: removed.id)) }
        case .statementReset(let id):
            guard var statement = statements[id] else {
                write([MySQLError.unknownStatement(id, command: "mysqld_stmt_reset").encode()], into: &actions)
                return
            }
            statement.clearLongData()
            statements.update(statement)
            write([encoder.ok(OKResult(), status: sessionStatus)], into: &actions)
        case .setOption(let option):
            switch option {
            case 0: multiStatementsEnabled = true
            case 1: multiStatementsEnabled = false
            default:
                write([MySQLError.unknownCommand.encode()], into: &actions)
                return
            }
            write([encoder.endOfRows(status: sessionStatus)], into: &actions)
        case .statementFetch(let id, _):
            let error = statements[id] == nil
                ? MySQLError.unknownStatement(id, command: "mysqld_stmt_fetch")
                : MySQLError.noOpenCursor(id)
            write([error.encode()], into: &actions)
        case .resetConnection:
            for id in statements.removeAll() { actions.append(.closeStatement(id: id)) }
            sessionStatus = configuration.initialStatus
            state = .commandInFlight(.resetConnection)
            actions.append(.resetSession)
        case .unknown:
            write([MySQLError.unknownCommand.encode()], into: &actions)
        }
    }

    private mutating func handleExecute(_ execute: StatementExecutePacket, into actions: inout [Action]) {
        guard var statement = statements[execute.statementID] else {
            write([MySQLError.unknownStatement(execute.statementID, command: "mysqld_stmt_execute").encode()],
                  into: &actions)
            return
        }
        defer {
            // Long data serves one execute, whatever its outcome.
            statement.clearLongData()
            statements.update(statement)
        }
        guard !statement.longDataOverflow else {
            write([MySQLError.packetTooLarge.encode()], into: &actions)
            return
        }
        let decoded: ExecuteParameterDecoder.Result
        do {
            decoded = try ExecuteParameterDecoder.decode(execute.parameterBlock,
                                                         parameterCount: statement.parameterCount,
                                                         previousTypes: statement.parameterTypes,
                                                         longData: statement.longData)
        } catch {
            write([MySQLError.wrongArguments("mysqld_stmt_execute").encode()], into: &actions)
            return
        }
        if statement.parameterCount > 0 { statement.parameterTypes = decoded.types }
        state = .commandInFlight(.execute(statementID: statement.id))
        actions.append(.executeStatement(ExecuteRequest(statementID: statement.id, sql: statement.sql,
                                                        parameters: decoded.values,
                                                        parameterTypes: decoded.types,
                                                        cursorFlags: execute.flags)))
    }

    // MARK: Output

    /// Frames payloads with consecutive sequence ids; merges with a write just queued.
    private mutating func write(_ payloads: [[UInt8]], into actions: inout [Action]) {
        var bytes: [UInt8]
        if case .write(let previous)? = actions.last {
            bytes = previous
            actions.removeLast()
        } else {
            bytes = []
        }
        bytes.reserveCapacity(bytes.count + payloads.reduce(0) { $0 + $1.count + 4 })
        for payload in payloads { PacketEncoder.encode(payload, sequenceID: &sequenceID, into: &bytes) }
        actions.append(.write(bytes))
    }

    /// Writes the error and closes the connection.
    private mutating func fail(with error: MySQLError, into actions: inout [Action]) {
        write([error.encode()], into: &actions)
        state = .closed
        actions.append(.close)
    }
}
