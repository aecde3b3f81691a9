import CSQLite
import Foundation
import Storage
@testable import SQL

/// An in-memory SQLite (through Storage's `SQLiteConnection`) that checks whether printed
/// statements are accepted. MySQL functions a later step will register are stubbed on
/// demand (returning NULL), so a prepare failure means a real syntax or schema problem;
/// the stubbed names are recorded, as the list that step has to implement.
final class SQLiteHarness {
    let connection: SQLiteConnection
    private(set) var stubbedFunctions: [String] = []

    init() throws {
        connection = try SQLiteConnection(path: ":memory:")
        // A real CONCAT (NULL if any argument is NULL) for tests that check results.
        sqlite3_create_function_v2(connection.handle, "CONCAT", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil, { context, count, args in
            var out = ""
            for i in 0..<Int(count) {
                guard let value = args?[i], sqlite3_value_type(value) != SQLITE_NULL, let text = sqlite3_value_text(value) else {
                    sqlite3_result_null(context)
                    return
                }
                out += String(cString: text)
            }
            sqlite3_result_text(context, out, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }, nil, nil, nil)
    }

    /// Prepares `sql` with `sqlite3_prepare_v2` (parse and plan, nothing runs; unbound
    /// parameters are fine); nil on success, else SQLite's message.
    func prepareError(_ sql: String) -> String? {
        guard let db = connection.handle else { return "closed" }
        for _ in 0..<16 {
            var stmt: OpaquePointer?
            var rest = ""
            let rc = sql.withCString { text -> Int32 in
                var tail: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v2(db, text, -1, &stmt, &tail)
                rest = tail.map { String(cString: $0) } ?? ""
                return rc
            }
            sqlite3_finalize(stmt)
            if rc == SQLITE_OK {
                if stmt == nil { return "empty statement" }
                if !rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "more than one statement: \(rest)" }
                return nil
            }
            let message = String(cString: sqlite3_errmsg(db))
            if let name = Self.missingFunction(message) {
                stub(name)
                continue
            }
            return message
        }
        return "too many missing functions"
    }

    /// Runs statements for real (DDL setup, dependent statements).
    func execute(_ sql: String) throws {
        for _ in 0..<16 {
            do {
                try connection.execute(sql)
                return
            } catch let error as SQLiteError {
                if let name = Self.missingFunction(error.message) {
                    stub(name)
                    continue
                }
                throw error
            }
        }
    }

    /// Runs `body` inside a savepoint that is always rolled back.
    func scratch(_ body: () throws -> Void) rethrows {
        try? connection.execute("SAVEPOINT harness")
        defer { try? connection.execute("ROLLBACK TO harness; RELEASE harness") }
        try body()
    }

    private static func missingFunction(_ message: String) -> String? {
        let prefix = "no such function: "
        guard message.hasPrefix(prefix) else { return nil }
        return String(message.dropFirst(prefix.count))
    }

    private func stub(_ name: String) {
        guard let db = connection.handle else { return }
        stubbedFunctions.append(name)
        sqlite3_create_function_v2(db, name, -1, SQLITE_UTF8, nil, { context, _, _ in
            sqlite3_result_null(context)
        }, nil, nil, nil)
    }
}
