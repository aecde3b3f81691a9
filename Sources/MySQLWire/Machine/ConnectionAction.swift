extension ConnectionStateMachine {
    /// Every effect the machine asks its driver for. Actions come in the order
    /// they must happen; an action marked "answer" must eventually be followed
    /// by `commandCompleted(_:)` (the machine buffers further client bytes meanwhile).
    public enum Action: Equatable, Sendable {
        /// Send these bytes (already framed) to the client.
        case write([UInt8])
        /// The client authenticated. Answer: .ok (login completes) or .error (e.g.
        /// 1049 for an unknown database; the connection then closes).
        case startSession(SessionInfo)
        /// COM_QUERY. `multiStatements`: whether the text may hold several
        /// statements (CLIENT_MULTI_STATEMENTS / COM_SET_OPTION). Answer: results/ok/error.
        case runQuery(String, multiStatements: Bool)
        /// COM_INIT_DB (`USE db`). Answer: ok/error.
        case initDatabase(String)
        /// COM_FIELD_LIST. Answer: fields/error.
        case listFields(table: String, wildcard: String)
        /// COM_STMT_PREPARE under the id the machine chose. Answer: prepared/error.
        case prepareStatement(id: UInt32, sql: String)
        /// COM_STMT_EXECUTE with its decoded parameters. Answer: results/ok/error
        /// (result sets go out in the binary protocol).
        case executeStatement(ExecuteRequest)
        /// The client closed a statement (or the session was reset). No answer.
        case closeStatement(id: UInt32)
        /// COM_STATISTICS. Answer: statistics/error.
        case collectStatistics
        /// COM_RESET_CONNECTION: roll back, reset session variables. Answer: ok/error.
        case resetSession
        /// Close the connection after flushing writes: end the session (roll back
        /// any open transaction). No answer.
        case close
    }

    public enum State: Equatable, Sendable {
        /// Greeting not sent yet (`start()`).
        case initial
        case awaitingHandshakeResponse
        case awaitingAuthSwitchResponse
        case ready
        /// Waiting for `commandCompleted(_:)`.
        case commandInFlight(InFlightCommand)
        case closed
    }

    public enum InFlightCommand: Equatable, Sendable {
        case startSession
        case query
        case initDatabase
        case fieldList
        case statistics
        case prepare(statementID: UInt32, sql: String)
        case execute(statementID: UInt32)
        case resetConnection
    }
}
