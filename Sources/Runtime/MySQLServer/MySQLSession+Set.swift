import MySQLWire
import Node
import Protocol

extension MySQLSession {
    /// SET a = x, @b = y, NAMES ...: applied one after the other; the first failure stops.
    func applySet(_ assignments: [MySQLSessionStatement.Assignment], in statement: MySQLStatementText,
                  parameters: [MySQLValue], index: Int, done: @escaping StatementDone) {
        guard index < assignments.count else {
            return done(.ok(OKResult(warnings: UInt16(clamping: warnings.count), status: status)))
        }
        let assignment = assignments[index]
        let next: (MySQLError?) -> Void = { [self] error in
            if let error { return done(.error(error)) }
            applySet(assignments, in: statement, parameters: parameters, index: index + 1, done: done)
        }
        switch assignment.target {
        case .names(let charset, let collation):
            let cs = (charset ?? "utf8mb4").lowercased()
            for name in ["character_set_client", "character_set_connection", "character_set_results"] {
                try? variables.set(name, .string(cs))
            }
            try? variables.set("collation_connection", .string(collation?.lowercased() ?? Self.defaultCollation(cs)))
            next(nil)
        case .characterSet(let charset):
            let cs = (charset ?? "utf8mb4").lowercased()
            try? variables.set("character_set_client", .string(cs))
            try? variables.set("character_set_results", .string(cs))
            next(nil)
        case .user(let name):
            evaluate(assignment.value, in: statement, parameters: parameters) { [self] result in
                switch result {
                case .success(let value):
                    variables.user[name] = value
                    next(nil)
                case .failure(let e): next(e)
                }
            }
        case .system(let scope, let name):
            evaluate(assignment.value, in: statement, parameters: parameters, wordsAreStrings: true) { [self] result in
                switch result {
                case .success(let value):
                    if scope == "global" || scope == "persist" || scope == "persist_only" {
                        warnings.append(Warning(level: "Note", code: 1105,
                                                message: "SET GLOBAL changes this session only on Marmot"))
                    }
                    setSystemVariable(name, value, completion: next)
                case .failure(let e): next(e)
                }
            }
        }
    }

    private func setSystemVariable(_ name: String, _ value: MySQLValue, completion: @escaping (MySQLError?) -> Void) {
        let key = MySQLSessionVariables.canonical(name.lowercased())
        if case .string(let s) = value, s == Self.defaultMarker {
            variables.clear(key)
            return completion(nil)
        }
        if key == "autocommit" {
            guard let on = MySQLSessionVariables.boolean(value) else {
                return completion(MySQLErrorMapper.error(1231, "Variable 'autocommit' can't be set to the value of '\(value.text ?? "NULL")'"))
            }
            // Turning autocommit on commits the open transaction.
            if on && inTransaction {
                return endTransaction(commit: true, consistency: nil) { [self] error in
                    if let error { return completion(error) }
                    try? variables.set(key, .int(1))
                    completion(nil)
                }
            }
            try? variables.set(key, .int(on ? 1 : 0))
            return completion(nil)
        }
        do {
            try variables.set(key, value)
            completion(nil)
        } catch {
            completion(error)
        }
    }

    /// A marker for `DEFAULT` on the right of `SET var =`.
    static let defaultMarker = "\u{0}DEFAULT"

    static func defaultCollation(_ charset: String) -> String {
        switch charset {
        case "utf8mb4": return "utf8mb4_general_ci"
        case "utf8", "utf8mb3": return "utf8mb3_general_ci"
        case "latin1": return "latin1_swedish_ci"
        case "binary": return "binary"
        default: return charset + "_general_ci"
        }
    }

    /// The value of the expression at `range`: simple forms here, anything else through the
    /// node as `SELECT expr`. `wordsAreStrings`: `SET sql_mode = TRADITIONAL` names a value.
    func evaluate(_ range: Range<Int>, in s: MySQLStatementText, parameters: [MySQLValue], wordsAreStrings: Bool = false,
                  completion: @escaping (Result<MySQLValue, MySQLError>) -> Void) {
        if range.count == 1 {
            let token = s.significant[range.lowerBound]
            switch token.kind {
            case .string(let value, _, _):
                return completion(.success(.string(String(decoding: value, as: UTF8.self))))
            case .number:
                return completion(.success(Self.number(s.text(of: token))))
            case .userVariable(let name):
                return completion(.success(variables.user[name] ?? .null))
            case .systemVariable(_, let name):
                guard let value = variables.value(name) else { return completion(.failure(Self.unknownVariable(name))) }
                return completion(.success(value))
            case .placeholder:
                let index = s.significant[..<range.lowerBound].filter { $0.kind == .placeholder }.count
                return completion(.success(index < parameters.count ? parameters[index] : .null))
            case .word:
                let word = s.text(of: token)
                switch word.uppercased() {
                case "NULL": return completion(.success(.null))
                case "DEFAULT": return completion(.success(.string(Self.defaultMarker)))
                case "ON", "TRUE": return completion(.success(wordsAreStrings ? .string(word.uppercased()) : .int(1)))
                case "OFF", "FALSE": return completion(.success(wordsAreStrings ? .string(word.uppercased()) : .int(0)))
                default:
                    if wordsAreStrings { return completion(.success(.string(word))) }
                }
            case .quotedIdentifier(let name) where wordsAreStrings:
                return completion(.success(.string(name)))
            default:
                break
            }
        }
        if range.count == 2, s.isSymbol(range.lowerBound, "-"), s.significant[range.lowerBound + 1].kind == .number {
            return completion(.success(Self.number("-" + s.text(of: s.significant[range.lowerBound + 1]))))
        }
        // Through the node: SELECT <expr>, with the statement's variables and parameters.
        let placeholdersBefore = s.significant[..<range.lowerBound].filter { $0.kind == .placeholder }.count
        let expression = MySQLStatementText("SELECT " + s.text(from: range.lowerBound, through: range.upperBound - 1),
                                            backslashEscapes: backslashEscapes)
        let sql = rewrite(expression, parameters: Array(parameters.dropFirst(placeholdersBefore)))
        send(sql, transactional: false) { result in
            switch result {
            case .success(let outcome):
                let value = outcome.rows.first?.first.map(MySQLLiteral.mysqlValue) ?? .null
                completion(.success(value))
            case .failure(let e):
                completion(.failure(e))
            }
        }
    }

    static func number(_ text: String) -> MySQLValue {
        if let v = Int64(text) { return .int(v) }
        if let v = UInt64(text) { return .uint(v) }
        if text.contains("e") || text.contains("E") { return .double(Double(text) ?? 0) }
        return .decimal(text)
    }

    static func unknownVariable(_ name: String) -> MySQLError {
        MySQLError(code: 1193, sqlState: "HY000", message: "Unknown system variable '\(name)'")
    }
}
