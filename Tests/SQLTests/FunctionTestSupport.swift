import Protocol
import Storage
import XCTest
@testable import SQL

/// An in-memory SQLite with the MySQL functions registered and a fixed clock:
/// UNIX time 1447431619.012 (2015-11-13 16:20:19.012 UTC), offset `offsetSeconds`.
func functionConnection(offsetSeconds: Int = 0) throws -> SQLiteConnection {
    let connection = try SQLiteConnection(path: ":memory:")
    try MySQLFunctions.register(on: connection) { (unixMillis: 1_447_431_619_012, timeZoneOffsetSeconds: offsetSeconds) }
    return connection
}

/// Evaluates each `expression` with `SELECT` and compares with the expected value.
func checkTable(_ rows: [(String, SQLValue)], offsetSeconds: Int = 0, file: StaticString = #filePath, line: UInt = #line) throws {
    let connection = try functionConnection(offsetSeconds: offsetSeconds)
    for (expression, expected) in rows {
        do {
            let got = try connection.scalar("SELECT " + expression) ?? .null
            switch (got, expected) {
            case (.real(let a), .real(let b)):
                XCTAssertEqual(a, b, accuracy: max(1e-9, abs(b) * 1e-12), expression, file: file, line: line)
            default:
                XCTAssertEqual(got, expected, expression, file: file, line: line)
            }
        } catch {
            XCTFail("\(expression): \(error)", file: file, line: line)
        }
    }
}

func t(_ s: String) -> SQLValue { .text(s) }
func i(_ v: Int64) -> SQLValue { .integer(v) }
func r(_ v: Double) -> SQLValue { .real(v) }
let null = SQLValue.null
