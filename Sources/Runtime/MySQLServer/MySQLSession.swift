import MySQLWire
import Node
import Protocol

/// One client connection's session: current database, autocommit and transaction state,
/// session and user variables, prepared statement texts, last insert id. It answers what
/// MySQL answers from session state (variables, `SELECT DATABASE()`, `SHOW VARIABLES`, ...)
/// and sends everything else to the node as a `ClientRequest` tagged with its session id,
/// so the node keeps its explicit transaction (BEGIN ... COMMIT).
///
/// Confined to one thread (the connection's event loop). Every entry point answers through
/// its `done` callback exactly once.
///
/// Write consistency: per session `SET marmot_consistency = 'ONE'|'QUORUM'|'ALL'|'DEFAULT'`,
/// per statement the hint `/*+ CONSISTENCY(ALL) */`, which wins.
final class MySQLSession {
    typealias Done = (CommandResponse) -> Void

    struct Warning: Equatable {
        var level: String
        var code: Int
        var message: String
    }

    let connectionID: UInt32
    let environment: MySQLSessionEnvironment
    let runner: MySQLRequestRunner

    var user = "root"
    var clientHost = "localhost"
    /// nil: none selected (statements then run in `environment.defaultDatabase`).
    var database: String?
    var variables: MySQLSessionVariables
    /// Whether the node holds an open transaction for this session.
    var inTransaction = false
    var lastInsertID: UInt64 = 0
    var rowCount: Int64 = -1
    var foundRows: Int64 = 0
    var warnings: [Warning] = []
    var prepared: [UInt32: MySQLStatementText] = [:]
    private var requestCounter: UInt32 = 0
    var isClosed = false

    init(connectionID: UInt32, environment: MySQLSessionEnvironment, runner: MySQLRequestRunner) {
        self.connectionID = connectionID
        self.environment = environment
        self.runner = runner
        self.variables = MySQLSessionVariables(serverVersion: environment.serverVersion,
                                               maxConnections: environment.maxConnections,
                                               port: environment.port,
                                               maxAllowedPacket: environment.maxAllowedPacket,
                                               defaultConsistency: environment.defaultConsistency)
    }

    /// The session id the node keys explicit transactions by.
    var sessionID: UInt64 { UInt64(connectionID) }

    var effectiveDatabase: String { database ?? environment.defaultDatabase }

    var backslashEscapes: Bool { !variables.noBackslashEscapes }

    /// Status flags for OK and EOF packets.
    var status: ServerStatus {
        var s: ServerStatus = []
        if variables.autocommit { s.insert(.autocommit) }
        if inTransaction { s.insert(.inTransaction) }
        if variables.noBackslashEscapes { s.insert(.noBackslashEscapes) }
        return s
    }

    // MARK: Talking to the node

    /// Request ids are unique per server: the connection id in the high half.
    func nextRequestID() -> UInt64 {
        requestCounter &+= 1
        return UInt64(connectionID) << 32 | UInt64(requestCounter)
    }

    /// Sends `sql` to the node. `transactional`: tagged with the session (false for the
    /// session's own probes, which must not touch its transaction).
    func send(_ sql: String, database: String? = nil, consistency: Consistency? = nil, transactional: Bool = true,
              _ completion: @escaping (Result<StatementOutcome, MySQLError>) -> Void) {
        let request = ClientRequest(id: nextRequestID(), database: database ?? effectiveDatabase, sql: sql,
                                    consistency: consistency, session: transactional ? sessionID : 0)
        runner.run(request) { reply in
            completion(reply.result.mapError(MySQLErrorMapper.mysqlError))
        }
    }

    /// Checks that a database exists on the node (1049 otherwise).
    func probeDatabase(_ name: String, _ completion: @escaping (MySQLError?) -> Void) {
        send("SELECT 1", database: name, transactional: false) { result in
            switch result {
            case .success: completion(nil)
            case .failure(let e): completion(e)
            }
        }
    }

    // MARK: Commands (one per ConnectionStateMachine action)

    func start(_ info: SessionInfo, done: @escaping Done) {
        user = info.user
        clientHost = info.clientHost
        applyClientCharacterSet(info.characterSet)
        guard let name = info.database, !name.isEmpty else { return done(.ok(OKResult(status: status))) }
        probeDatabase(name) { [self] error in
            if let error { return done(.error(error.code == 1049 ? .unknownDatabase(name) : error)) }
            database = name
            done(.ok(OKResult(status: status)))
        }
    }

    func initDatabase(_ name: String, done: @escaping Done) {
        useDatabase(name) { [self] result in
            switch result {
            case .error(let e): done(.error(e))
            default: done(.ok(OKResult(status: status)))
            }
        }
    }

    func query(_ sql: String, multiStatements: Bool, done: @escaping Done) {
        environment.registry?.countQuestion()
        let statements = MySQLStatementText.split(sql, backslashEscapes: backslashEscapes)
        guard !statements.isEmpty else { return done(.error(MySQLErrorMapper.queryWasEmpty)) }
        guard multiStatements || statements.count == 1 else {
            return done(.error(MySQLErrorMapper.error(1064, "You have an error in your SQL syntax: several statements in one query need CLIENT_MULTI_STATEMENTS")))
        }
        runSequence(statements, index: 0, results: [], done: done)
    }

    private func runSequence(_ statements: [MySQLStatementText], index: Int, results: [StatementResult], done: @escaping Done) {
        run(statements[index], parameters: nil) { [self] result in
            var results = results
            results.append(result)
            if case .error = result { return done(.results(results)) }
            if index + 1 == statements.count { return done(.results(results)) }
            // Statements after the first see the session as the previous ones left it.
            runSequence(statements, index: index + 1, results: results, done: done)
        }
    }

    func prepare(id: UInt32, sql: String, done: @escaping Done) {
        let statement = MySQLStatementText(sql, backslashEscapes: backslashEscapes)
        guard !statement.isEmpty else { return done(.error(MySQLErrorMapper.queryWasEmpty)) }
        let count = statement.placeholderCount
        let readLike: Set<String> = ["SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "VALUES"]
        guard let first = statement.keyword(0), readLike.contains(first) else {
            prepared[id] = statement
            return done(.prepared(PreparedStatementInfo(parameterCount: count)))
        }
        // Learn the result columns by running the read once with every parameter NULL.
        run(statement, parameters: Array(repeating: .null, count: count), dryRun: true) { [self] result in
            switch result {
            case .rows(let set):
                prepared[id] = statement
                let columns = set.columns.map { column -> ColumnDefinition in
                    var c = column
                    c.columnLength = max(c.columnLength, 0)
                    return c
                }
                done(.prepared(PreparedStatementInfo(parameterCount: count, columns: columns)))
            case .error(let e) where [1146, 1054, 1049, 1064, 1193].contains(e.code):
                done(.error(e))
            default:
                prepared[id] = statement
                done(.prepared(PreparedStatementInfo(parameterCount: count)))
            }
        }
    }

    func execute(_ request: ExecuteRequest, done: @escaping Done) {
        environment.registry?.countQuestion()
        let statement = prepared[request.statementID] ?? MySQLStatementText(request.sql, backslashEscapes: backslashEscapes)
        guard !statement.isEmpty else { return done(.error(MySQLErrorMapper.queryWasEmpty)) }
        run(statement, parameters: request.parameters) { result in done(.results([result])) }
    }

    func closeStatement(id: UInt32) {
        prepared[id] = nil
    }

    func statistics(done: @escaping Done) {
        let registry = environment.registry
        let uptime = max(1, registry?.uptimeSeconds ?? 1)
        let questions = registry?.questions ?? 0
        let threads = registry?.openConnections ?? 1
        let qps = Double(questions) / Double(uptime)
        let text = "Uptime: \(uptime)  Threads: \(threads)  Questions: \(questions)  Slow queries: 0  Opens: 0  "
            + "Flush tables: 0  Open tables: 0  Queries per second avg: \(String(format3: qps))"
        done(.statistics(text))
    }

    /// COM_RESET_CONNECTION: roll back, variables back to their defaults, the database stays.
    func reset(done: @escaping Done) {
        prepared = [:]
        lastInsertID = 0
        rowCount = -1
        warnings = []
        let finish: () -> Void = { [self] in
            variables.reset()
            done(.ok(OKResult(status: status)))
        }
        guard inTransaction else { return finish() }
        inTransaction = false
        send("ROLLBACK") { _ in finish() }
    }

    /// The connection is gone: the node drops the session's open transaction.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        if let sessionClosed = environment.sessionClosed {
            inTransaction = false
            sessionClosed(sessionID)
        } else if inTransaction {
            inTransaction = false
            send("ROLLBACK") { _ in }
        }
    }

    // MARK: Helpers

    /// Character set variables from the collation id of the handshake.
    func applyClientCharacterSet(_ collation: UInt8) {
        let charset: String
        let collationName: String
        switch collation {
        case 33, 83, 192...215: (charset, collationName) = ("utf8mb3", "utf8mb3_general_ci")
        case 8: (charset, collationName) = ("latin1", "latin1_swedish_ci")
        case 63: (charset, collationName) = ("binary", "binary")
        case 255: (charset, collationName) = ("utf8mb4", "utf8mb4_0900_ai_ci")
        default: (charset, collationName) = ("utf8mb4", "utf8mb4_general_ci")
        }
        try? variables.set("character_set_client", .string(charset))
        try? variables.set("character_set_connection", .string(charset))
        try? variables.set("character_set_results", .string(charset))
        try? variables.set("collation_connection", .string(collationName))
    }
}

extension String {
    /// A double with three decimals, without Foundation.
    init(format3 value: Double) {
        let scaled = Int((value * 1000).rounded())
        let whole = scaled / 1000
        let frac = scaled % 1000
        let fracText = String(frac)
        self = "\(whole)." + String(repeating: "0", count: 3 - fracText.count) + fracText
    }
}
