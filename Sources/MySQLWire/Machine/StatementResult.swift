/// The outcome of one statement. A COM_QUERY carrying several statements
/// answers with one per statement; an error ends the list.
public enum StatementResult: Equatable, Sendable {
    case ok(OKResult)
    case rows(ResultSet)
    case error(MySQLError)
}
