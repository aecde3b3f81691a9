import Protocol
import XCTest
@testable import SQL

/// MySQL text through the real transpiler, then run on SQLite with the functions
/// registered: the printed forms (DATE_ADD(x, n, 'UNIT'), IIF, quoted LEFT/INSERT, NOW()
/// for CURRENT_TIMESTAMP, TIMESTAMPDIFF('UNIT', ...), EXTRACT('UNIT', x)) all resolve.
final class FunctionTranspiledTests: XCTestCase {
    func testPrintedCallsRunWithMySQLResults() throws {
        let connection = try functionConnection(offsetSeconds: -21600)
        let transpiler = Transpiler(cacheCapacity: 16)
        let rows: [(String, SQLValue)] = [
            ("SELECT DATE_ADD('2018-05-01', INTERVAL 1 DAY)", t("2018-05-02")),
            ("SELECT '2018-05-01' + INTERVAL 1 MONTH", t("2018-06-01")),
            ("SELECT DATE_SUB('2025-01-01 00:00:00', INTERVAL '1 1:1:1' DAY_SECOND)", t("2024-12-30 22:58:59")),
            ("SELECT ADDDATE('2008-01-02', 31)", t("2008-02-02")),
            ("SELECT TIMESTAMPADD(MINUTE, 5, '2003-01-02 00:00:00')", t("2003-01-02 00:05:00")),
            ("SELECT TIMESTAMPDIFF(MONTH, '2003-02-01', '2003-05-01')", i(3)),
            ("SELECT EXTRACT(YEAR_MONTH FROM '2019-07-02 01:02:03')", i(201_907)),
            ("SELECT CURRENT_TIMESTAMP", t("2015-11-13 10:20:19")),
            ("SELECT CURRENT_DATE", t("2015-11-13")),
            ("SELECT LEFT('foobarbar', 5)", t("fooba")),
            ("SELECT RIGHT('foobarbar', 4)", t("rbar")),
            ("SELECT INSERT('Quadratic', 3, 4, 'What')", t("QuWhattic")),
            ("SELECT IF(1 > 2, 2, 3)", i(3)),
            ("SELECT CONCAT('My', NULL, 'QL')", null),
            ("SELECT POSITION('bar' IN 'foobarbar')", i(4)),
            ("SELECT LOG(2, 65536)", r(16)),
            ("SELECT SUBSTRING('Sakila' FROM -4 FOR 2)", t("ki")),
        ]
        for (mysql, expected) in rows {
            do {
                let printed = try transpiler.transpile(mysql).sqlite?.statements ?? []
                XCTAssertEqual(printed.count, 1, mysql)
                guard let sql = printed.first else { continue }
                let got = try connection.scalar(sql) ?? .null
                XCTAssertEqual(got, expected, "\(mysql) → \(sql)")
            } catch {
                XCTFail("\(mysql): \(error)")
            }
        }
    }
}
