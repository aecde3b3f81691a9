import XCTest
@testable import SQL

final class TranspilerTests: XCTestCase {
    func testLRUEvictsLeastRecentlyUsed() {
        var cache = LRUCache<String, Int>(capacity: 3)
        cache.setValue(1, forKey: "a")
        cache.setValue(2, forKey: "b")
        cache.setValue(3, forKey: "c")
        XCTAssertEqual(cache.value(forKey: "a"), 1)
        cache.setValue(4, forKey: "d")
        XCTAssertNil(cache.value(forKey: "b"))
        XCTAssertEqual(cache.keysByRecency, ["d", "a", "c"])
        cache.setValue(5, forKey: "c")
        XCTAssertEqual(cache.keysByRecency, ["c", "d", "a"])
        XCTAssertEqual(cache.count, 3)
        cache.removeAll()
        XCTAssertEqual(cache.count, 0)
        var off = LRUCache<String, Int>(capacity: 0)
        off.setValue(1, forKey: "a")
        XCTAssertNil(off.value(forKey: "a"))
    }

    func testLRUUnderChurn() {
        var cache = LRUCache<Int, Int>(capacity: 16)
        for i in 0..<1000 {
            cache.setValue(i, forKey: i % 40)
            if i % 3 == 0 { _ = cache.value(forKey: (i + 7) % 40) }
            XCTAssertLessThanOrEqual(cache.count, 16)
        }
        XCTAssertEqual(Set(cache.keysByRecency).count, cache.count)
    }

    func testTranspilerCachesByTextAndOptions() throws {
        let transpiler = Transpiler(cacheCapacity: 2)
        let a = try transpiler.transpile("SELECT 1")
        _ = try transpiler.transpile("SELECT 1")
        XCTAssertEqual(transpiler.statistics.hits, 1)
        _ = try transpiler.transpile("SELECT 1", printer: SQLitePrinter.Options(idempotentDDL: true))
        XCTAssertEqual(transpiler.statistics.misses, 2)
        _ = try transpiler.transpile("SELECT 2")
        XCTAssertEqual(transpiler.statistics.entries, 2)
        XCTAssertEqual(a.sqlite?.statements, [#"SELECT 1 AS "1""#])
        XCTAssertEqual(a.info.statementClass, .read)
        XCTAssertThrowsError(try transpiler.transpile("SELEC 1")) { XCTAssertEqual(($0 as? SQLError)?.mysqlErrorCode, 1064) }
        let hinted = try transpiler.transpile("INSERT /*+ CONSISTENCY(ALL) */ INTO t (a) VALUES (?)")
        XCTAssertEqual(hinted.parsed.hints, ["CONSISTENCY(ALL)"])
        XCTAssertEqual(hinted.parsed.parameterCount, 1)
        XCTAssertEqual(hinted.sqlite?.statements, [#"INSERT INTO "t" ("a") VALUES (?1)"#])
        let script = try transpiler.transpileScript("SET NAMES utf8mb4; SELECT 1")
        XCTAssertNil(script[0].sqlite)
        XCTAssertEqual(script[1].info.statementClass, .read)
    }

    func testSQLModeDrivesParsing() throws {
        let ansi = Parser.Options(sqlMode: "ANSI")
        XCTAssertTrue(ansi.pipesAsConcat)
        XCTAssertTrue(ansi.lexer.ansiQuotes)
        let t = try Transpiler(cacheCapacity: 4).transpile(#"SELECT "a" || 'b' FROM t"#, parser: ansi)
        XCTAssertEqual(t.sqlite?.statements.first, #"SELECT "a" || 'b' AS "\"a\" || 'b'" FROM "t""#.replacingOccurrences(of: "\\\"", with: "\"\""))
        let noBackslash = Parser.Options(sqlMode: "STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES")
        XCTAssertFalse(noBackslash.lexer.backslashEscapes)
    }
}
