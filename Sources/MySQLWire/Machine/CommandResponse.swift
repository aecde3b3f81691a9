/// The server side's answer to the action the machine asked for.
///
/// | action                 | expected answers                 |
/// |------------------------|----------------------------------|
/// | startSession           | ok, error (error closes)         |
/// | runQuery               | results, ok, error               |
/// | executeStatement       | results, ok, error               |
/// | initDatabase           | ok, error                        |
/// | listFields             | fields, error                    |
/// | prepareStatement       | prepared, error                  |
/// | collectStatistics      | statistics, error                |
/// | resetSession           | ok, error                        |
public enum CommandResponse: Equatable, Sendable {
    case ok(OKResult)
    case error(MySQLError)
    case results([StatementResult])
    case prepared(PreparedStatementInfo)
    case fields([ColumnDefinition])
    case statistics(String)

    public static var ok: CommandResponse { .ok(OKResult()) }

    public static func resultSet(_ resultSet: ResultSet) -> CommandResponse { .results([.rows(resultSet)]) }
}
