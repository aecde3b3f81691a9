import Foundation
import XCTest
@testable import SQL

/// Every query shape WordPress 6.1 sent during install, login, admin pages, a post and a
/// comment (../shared/compat/wordpress-6.1-query-shapes.json): each must parse, and each
/// one SQLite has a part in must print to SQL that SQLite prepares against WordPress's
/// tables (created from our own printed CREATE TABLE statements).
final class WordPressCorpusTests: XCTestCase {
    static func loadShapes() throws -> [String]? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("../shared/compat/wordpress-6.1-query-shapes.json").standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode([String].self, from: Data(contentsOf: url))
    }

    func testEveryShapeParsesAndSQLiteAcceptsThePrintedSQL() throws {
        guard let shapes = try Self.loadShapes() else {
            throw XCTSkip("wordpress-6.1-query-shapes.json not found under ../shared/compat/ relative to the package root")
        }
        XCTAssertEqual(shapes.count, 185)
        let options = SQLitePrinter.Options(idempotentDDL: true)
        let harness = try SQLiteHarness()
        // information_schema is emulated by a later step; a stand-in with the columns
        // WordPress reads lets the printed query be checked.
        try harness.execute("ATTACH ':memory:' AS information_schema")
        try harness.execute("CREATE TABLE information_schema.TABLES (TABLE_SCHEMA TEXT, TABLE_NAME TEXT, TABLE_ROWS INTEGER, DATA_LENGTH INTEGER, INDEX_LENGTH INTEGER)")

        // WordPress's tables, from our printed CREATE TABLE statements.
        var parsed: [Int: TranspiledStatement] = [:]
        var failures: [(Int, String)] = []
        for (i, sql) in shapes.enumerated() {
            do {
                parsed[i] = try Transpiler.translate(try Parser.parse(sql), printer: options)
            } catch {
                failures.append((i, "translate: \(error)"))
            }
        }
        for i in parsed.keys.sorted() {
            guard let t = parsed[i], case .createTable = t.statement, let sqlite = t.sqlite else { continue }
            for s in sqlite.statements {
                do { try harness.execute(s) } catch { failures.append((i, "create: \(error)")) }
            }
        }

        var accepted = 0
        var outsideSQLite = 0
        for i in parsed.keys.sorted() {
            guard let t = parsed[i] else { continue }
            guard let sqlite = t.sqlite else {
                // SET / SHOW / DESCRIBE: answered by the session and catalog layers.
                XCTAssertTrue([.session, .metadata].contains(t.info.statementClass), "shape \(i)")
                outsideSQLite += 1
                continue
            }
            var problem: String?
            harness.scratch {
                for s in sqlite.statements + (sqlite.foundRowsQuery.map { [$0] } ?? []) {
                    if let error = harness.prepareError(s) {
                        problem = "\(error)\n    \(s)"
                        break
                    }
                    // Later statements may depend on earlier ones (a snapshot table).
                    try? harness.execute(s)
                }
            }
            if let problem { failures.append((i, problem)) } else { accepted += 1 }
        }
        let report = failures.map { "  #\($0.0): \($0.1)\n    MySQL: \(shapes[$0.0].prefix(200))" }.joined(separator: "\n")
        print("""
            WordPress corpus: \(parsed.count)/\(shapes.count) parsed and translated; \(accepted) accepted by SQLite, \
            \(outsideSQLite) handled outside SQLite (SET/SHOW/DESCRIBE), \(failures.count) failing
            functions the MySQL function layer must provide: \(Set(harness.stubbedFunctions.map { $0.uppercased() }).sorted().joined(separator: ", ")) (plus CONCAT, which the harness implements)
            \(report)
            """)
        XCTAssertEqual(failures.count, 0, report)
        XCTAssertEqual(accepted + outsideSQLite, shapes.count)
    }
}

extension WordPressCorpusTests {
    /// `MARMOT_SQL_DUMP=1 swift test --filter testDumpTranslations` prints every shape's
    /// SQLite text, for reviewing the printer by eye.
    func testDumpTranslations() throws {
        guard ProcessInfo.processInfo.environment["MARMOT_SQL_DUMP"] != nil else { throw XCTSkip("set MARMOT_SQL_DUMP=1 to print") }
        guard let shapes = try Self.loadShapes() else { throw XCTSkip("corpus not found") }
        for (i, sql) in shapes.enumerated() {
            let t = try Transpiler.translate(try Parser.parse(sql), printer: SQLitePrinter.Options())
            print("#\(i) [\(t.info.statementClass.rawValue)] \(t.info.tables)")
            for s in t.sqlite?.statements ?? ["(outside SQLite) " + MySQLPrinter().print(t.statement)] { print("   " + s.prefix(700)) }
            if let f = t.sqlite?.foundRowsQuery { print("   found rows: " + f.prefix(300)) }
        }
    }
}
