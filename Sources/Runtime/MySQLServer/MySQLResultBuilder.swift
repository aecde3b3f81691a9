import MySQLWire
import Node
import Protocol

/// Turns the node's untyped results into MySQL result sets. SQLite values carry their own
/// type, so a column's type is inferred from its values (a declared BLOB column is binary): integers LONGLONG, reals DOUBLE,
/// text VAR_STRING (utf8mb4), blobs BLOB (binary); a column mixing kinds takes the widest
/// (blob > text > real > integer) and its values are converted to it; an all-NULL column
/// is VAR_STRING.
enum MySQLResultBuilder {
    static func resultSet(_ outcome: StatementOutcome, schema: String = "", table: String = "",
                          status: ServerStatus? = nil) -> ResultSet {
        let width = outcome.columns.count
        var kinds = [Int](repeating: 0, count: width)  // 0 null, 1 int, 2 real, 3 text, 4 blob
        // A column declared BLOB (or BINARY/VARBINARY) is binary as in MySQL, even when a
        // client stored a text literal in it (PyMySQL sends bytes as plain string literals).
        for (i, declared) in outcome.declaredTypes.prefix(width).enumerated() {
            guard let type = declared?.uppercased() else { continue }
            if type.contains("BLOB") || type.contains("BINARY") { kinds[i] = 4 }
        }
        for row in outcome.rows {
            for (i, value) in row.prefix(width).enumerated() {
                let k: Int
                switch value {
                case .null: k = 0
                case .integer: k = 1
                case .real: k = 2
                case .text: k = 3
                case .blob: k = 4
                }
                if k > kinds[i] { kinds[i] = k }
            }
        }
        let columns = outcome.columns.enumerated().map { i, name in
            column(name: name, kind: kinds[i], schema: schema, table: table)
        }
        let rows = outcome.rows.map { row in
            (0..<width).map { i -> MySQLValue in
                let value = i < row.count ? row[i] : .null
                return convert(value, toKind: kinds[i])
            }
        }
        return ResultSet(columns: columns, rows: rows, status: status)
    }

    /// A result set built by the session itself (variables, SHOW ...): types from the values.
    static func resultSet(columns names: [String], rows: [[MySQLValue]], status: ServerStatus? = nil) -> ResultSet {
        var kinds = [Int](repeating: 0, count: names.count)
        for row in rows {
            for (i, value) in row.prefix(names.count).enumerated() {
                let k: Int
                switch value {
                case .null: k = 0
                case .int, .uint: k = 1
                case .double, .decimal: k = 2
                case .bytes: k = 4
                default: k = 3
                }
                if k > kinds[i] { kinds[i] = k }
            }
        }
        var columns: [ColumnDefinition] = []
        for (i, name) in names.enumerated() {
            if kinds[i] == 1, rows.contains(where: { if case .uint = $0[i] { true } else { false } }) {
                columns.append(ColumnDefinition(name: name, type: .longlong, flags: .unsigned))
            } else {
                columns.append(column(name: name, kind: kinds[i], schema: "", table: ""))
            }
        }
        let converted = rows.map { row in
            row.enumerated().map { i, value -> MySQLValue in
                guard i < kinds.count, kinds[i] == 3, !value.isNull else { return value }
                if case .string = value { return value }
                return .string(value.text ?? "")
            }
        }
        return ResultSet(columns: columns, rows: converted, status: status)
    }

    private static func column(name: String, kind: Int, schema: String, table: String) -> ColumnDefinition {
        switch kind {
        case 1: return ColumnDefinition(name: name, type: .longlong, schema: schema, table: table)
        case 2: return ColumnDefinition(name: name, type: .double, schema: schema, table: table)
        case 4: return ColumnDefinition(name: name, type: .blob, schema: schema, table: table, binary: true)
        default: return ColumnDefinition(name: name, type: .varString, schema: schema, table: table)
        }
    }

    private static func convert(_ value: SQLValue, toKind kind: Int) -> MySQLValue {
        switch (value, kind) {
        case (.null, _): return .null
        case (.integer(let v), 2): return .double(Double(v))
        case (.integer(let v), 3): return .string(String(v))
        case (.integer(let v), 4): return .bytes(Array(String(v).utf8))
        case (.real(let v), 3): return .string(MySQLValue.double(v).text ?? "")
        case (.real(let v), 4): return .bytes(Array((MySQLValue.double(v).text ?? "").utf8))
        case (.text(let s), 4): return .bytes(Array(s.utf8))
        default: return MySQLLiteral.mysqlValue(value)
        }
    }
}
