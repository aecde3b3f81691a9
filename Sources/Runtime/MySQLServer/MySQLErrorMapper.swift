import MySQLWire
import Node

/// The node's errors as MySQL ERR packets: the code stays, the SQLSTATE follows MySQL.
enum MySQLErrorMapper {
    static func mysqlError(_ error: ClientError) -> MySQLError {
        let code = UInt16(clamping: error.code <= 0 ? 1105 : error.code)
        return MySQLError(code: code, sqlState: sqlState(for: code), message: error.message)
    }

    static func sqlState(for code: UInt16) -> String {
        switch code {
        case 1064, 1049, 1235, 1065, 1149, 1231, 1305, 1461: return "42000"
        case 1146: return "42S02"
        case 1054: return "42S22"
        case 1050: return "42S01"
        case 1062, 1048, 1451, 1452, 1216, 1217: return "23000"
        case 1213: return "40001"
        case 1045: return "28000"
        case 1040: return "08004"
        case 1046: return "3D000"
        case 1044: return "42000"
        default: return "HY000"
        }
    }

    static func error(_ code: UInt16, _ message: String) -> MySQLError {
        MySQLError(code: code, sqlState: sqlState(for: code), message: message)
    }

    static let tooManyConnections = MySQLError(code: 1040, sqlState: "08004", message: "Too many connections")
    static let queryWasEmpty = MySQLError(code: 1065, sqlState: "42000", message: "Query was empty")
}
