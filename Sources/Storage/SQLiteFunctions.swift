import CSQLite
import Protocol

/// The Swift closure behind one SQLite user function, retained by SQLite (released by the
/// destructor callback when the function is replaced or the connection closes).
private final class SQLiteFunctionBox {
    let body: @Sendable ([SQLValue]) throws -> SQLValue
    init(_ body: @escaping @Sendable ([SQLValue]) throws -> SQLValue) { self.body = body }
}

/// A function's failure, reported to SQLite as `sqlite3_result_error` with this message.
public struct SQLiteFunctionError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension SQLiteConnection {
    /// Registers (or replaces, including a built-in of the same name and arity) a scalar
    /// SQL function implemented by `body`. `argumentCount` -1 means variadic. A thrown
    /// error becomes `sqlite3_result_error` (its description is the message).
    public func createFunction(
        name: String, argumentCount: Int32, deterministic: Bool,
        _ body: @escaping @Sendable ([SQLValue]) throws -> SQLValue
    ) throws {
        let db = try db()
        let box = Unmanaged.passRetained(SQLiteFunctionBox(body)).toOpaque()
        var flags = SQLITE_UTF8
        if deterministic { flags |= SQLITE_DETERMINISTIC }
        let rc = sqlite3_create_function_v2(
            db, name, argumentCount, flags, box,
            { context, count, values in
                guard let context, let raw = sqlite3_user_data(context) else { return }
                let box = Unmanaged<SQLiteFunctionBox>.fromOpaque(raw).takeUnretainedValue()
                var args: [SQLValue] = []
                args.reserveCapacity(Int(count))
                for i in 0..<Int(count) { args.append(SQLiteStatement.value(values?[i])) }
                do {
                    sqliteSetResult(context, try box.body(args))
                } catch {
                    let message = (error as? SQLiteFunctionError)?.message ?? String(describing: error)
                    sqlite3_result_error(context, message, -1)
                }
            },
            nil, nil,
            { raw in
                guard let raw else { return }
                Unmanaged<SQLiteFunctionBox>.fromOpaque(raw).release()
            })
        // On failure SQLite has already called the destructor (create_function_v2 contract).
        if rc != SQLITE_OK { throw SQLiteError(db: db, code: rc, sql: nil) }
    }
}

private func sqliteSetResult(_ context: OpaquePointer, _ value: SQLValue) {
    switch value {
    case .null:
        sqlite3_result_null(context)
    case .integer(let v):
        sqlite3_result_int64(context, v)
    case .real(let v):
        sqlite3_result_double(context, v)
    case .text(let s):
        let bytes = Array(s.utf8)
        if bytes.isEmpty {
            sqlite3_result_text(context, "", 0, sqliteTransient)
        } else {
            bytes.withUnsafeBufferPointer { buf in
                buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                    sqlite3_result_text64(context, $0, UInt64(buf.count), sqliteTransient, UInt8(SQLITE_UTF8))
                }
            }
        }
    case .blob(let b):
        if b.isEmpty {
            sqlite3_result_zeroblob(context, 0)
        } else {
            b.withUnsafeBytes { sqlite3_result_blob64(context, $0.baseAddress, UInt64($0.count), sqliteTransient) }
        }
    }
}
