import XCTest
@testable import SQL

final class SQLitePrinterTests: XCTestCase {
    private func sqlite(_ sql: String, _ options: SQLitePrinter.Options = SQLitePrinter.Options(), parser: Parser.Options = .default) throws -> [String] {
        try SQLitePrinter(options: options).print(try Parser.parse(sql, options: parser).statement)
    }

    private func one(_ sql: String, _ options: SQLitePrinter.Options = SQLitePrinter.Options(), parser: Parser.Options = .default) throws -> String {
        let statements = try sqlite(sql, options, parser: parser)
        XCTAssertEqual(statements.count, 1, sql)
        return statements.first ?? ""
    }

    /// The printed form of one MySQL expression (as a SELECT item, without its alias).
    private func e(_ mysql: String) throws -> String {
        try SQLitePrinter().expression(try Parser.parseExpression(mysql))
    }

    // MARK: expressions

    func testOperators() throws {
        XCTAssertEqual(try e("a || b"), #""a" OR "b""#)
        XCTAssertEqual(try e("a && b && c"), #""a" AND "b" AND "c""#)
        XCTAssertEqual(try e("a = 1 OR b = 2 AND c = 3"), #"("a" = 1) OR (("b" = 2) AND ("c" = 3))"#)
        XCTAssertEqual(try e("a <=> b"), #""a" IS "b""#)
        XCTAssertEqual(try e("a != b"), #""a" <> "b""#)
        XCTAssertEqual(try e("a XOR b"), #"(NOT "a") <> (NOT "b")"#)
        XCTAssertEqual(try e("a DIV b"), #"CAST("a" / "b" AS INTEGER)"#)
        XCTAssertEqual(try e("a / b"), #"CAST("a" AS REAL) / "b""#)
        XCTAssertEqual(try e("a MOD b"), #""a" % "b""#)
        XCTAssertEqual(try e("a ^ b"), #"("a" | "b") - ("a" & "b")"#)
        XCTAssertEqual(try e("NOT a"), #"NOT "a""#)
        XCTAssertEqual(try e("!(a = 1)"), #"NOT ("a" = 1)"#)
        XCTAssertEqual(try e("-a + ~b"), #"(-"a") + (~"b")"#)
        XCTAssertEqual(try e("a || b", ), #""a" OR "b""#)
        XCTAssertEqual(try SQLitePrinter().expression(try Parser.parseExpression("a || b", options: Parser.Options(pipesAsConcat: true))), #""a" || "b""#)
        XCTAssertEqual(try e("x IS TRUE"), #""x" IS TRUE"#)
        XCTAssertEqual(try e("x IS NOT UNKNOWN"), #""x" IS NOT NULL"#)
        XCTAssertEqual(try e("a SOUNDS LIKE b"), #"SOUNDEX("a") = SOUNDEX("b")"#)
        XCTAssertEqual(try e("col->'$.a'"), #"JSON_EXTRACT("col", '$.a')"#)
        XCTAssertEqual(try e("col->>'$.a'"), #"JSON_UNQUOTE(JSON_EXTRACT("col", '$.a'))"#)
        XCTAssertEqual(try e("(a, b) IN ((1, 2), (3, 4))"), #"("a", "b") IN (VALUES (1, 2), (3, 4))"#)
        XCTAssertEqual(try e("a = ANY (SELECT b FROM t)"), #""a" IN (SELECT "b" AS "b" FROM "t")"#)
        XCTAssertThrowsError(try e("a > ANY (SELECT b FROM t)")) { XCTAssertEqual(($0 as? SQLError)?.mysqlErrorCode, 1235) }
    }

    func testLikeUsesMySQLsEscapeCharacter() throws {
        XCTAssertEqual(try e(#"a LIKE 'x\_%'"#), #""a" LIKE 'x\_%' ESCAPE '\'"#)
        XCTAssertEqual(try e(#"a NOT LIKE '%\%%'"#), #""a" NOT LIKE '%\%%' ESCAPE '\'"#)
        XCTAssertEqual(try e("a LIKE 'x|_%' ESCAPE '|'"), #""a" LIKE 'x|_%' ESCAPE '|'"#)
        XCTAssertEqual(try e("a LIKE 'x' ESCAPE ''"), #""a" LIKE 'x'"#)
        XCTAssertEqual(try e("a REGEXP '^x'"), #""a" REGEXP '^x'"#)
    }

    func testLiterals() throws {
        XCTAssertEqual(try e(#"'it''s \'q\' \\ "d"'"#), #"'it''s ''q'' \ "d"'"#)
        XCTAssertEqual(try e(#"'a\0b'"#), "CAST(X'610062' AS TEXT)")
        XCTAssertEqual(try e("X'4142'"), "X'4142'")
        XCTAssertEqual(try e("0x4142"), "X'4142'")
        XCTAssertEqual(try e("b'101'"), "5")
        XCTAssertEqual(try e("0b1111"), "15")
        XCTAssertEqual(try e("TRUE + FALSE"), "1 + 0")
        XCTAssertEqual(try e(".5 + 1. + 1.5e3"), "(0.5 + 1.0) + 1.5e3")
        XCTAssertEqual(try e("DATE '2020-01-02'"), "'2020-01-02'")
        XCTAssertEqual(try e("_utf8mb4'x' COLLATE utf8mb4_unicode_ci"), "'x' COLLATE NOCASE")
        XCTAssertEqual(try e("BINARY a = 'A'"), #"("a" COLLATE BINARY) = 'A'"#)
        XCTAssertEqual(try e("? + ?"), "?1 + ?2")
    }

    func testVariables() throws {
        XCTAssertEqual(try e("@@SESSION.sql_mode"), "MYSQL_SYSTEM_VARIABLE('SESSION', 'sql_mode')")
        XCTAssertEqual(try e("@@version"), "MYSQL_SYSTEM_VARIABLE('', 'version')")
        XCTAssertEqual(try e("@x"), "MYSQL_USER_VARIABLE('x')")
        XCTAssertEqual(try e("@x := 5"), "MYSQL_SET_USER_VARIABLE('x', 5)")
    }

    func testFunctionsAndCasts() throws {
        XCTAssertEqual(try e("IF(a, 1, 2)"), #"IIF("a", 1, 2)"#)
        XCTAssertEqual(try e("LEFT(s, 2)"), #""LEFT"("s", 2)"#)
        XCTAssertEqual(try e("replace(s, 'a', 'b')"), #""REPLACE"("s", 'a', 'b')"#)
        XCTAssertEqual(try e("concat(a, b)"), #"CONCAT("a", "b")"#)
        XCTAssertEqual(try e("COUNT(DISTINCT a)"), #"COUNT(DISTINCT "a")"#)
        XCTAssertEqual(try e("CURRENT_TIMESTAMP"), "NOW()")
        XCTAssertEqual(try e("CURRENT_DATE()"), "CURDATE()")
        XCTAssertEqual(try e("NOW(6)"), "NOW(6)")
        XCTAssertEqual(try e("GROUP_CONCAT(a SEPARATOR ';')"), #"GROUP_CONCAT("a", ';')"#)
        XCTAssertEqual(try e("GROUP_CONCAT(a, b)"), #"GROUP_CONCAT(CONCAT("a", "b"), ',')"#)
        XCTAssertEqual(try e("GROUP_CONCAT(DISTINCT a)"), #"GROUP_CONCAT(DISTINCT "a")"#)
        XCTAssertThrowsError(try e("GROUP_CONCAT(a ORDER BY b)"))
        XCTAssertEqual(try e("CAST(a AS SIGNED)"), #"CAST("a" AS INTEGER)"#)
        XCTAssertEqual(try e("CAST(a AS UNSIGNED INTEGER)"), #"CAST("a" AS INTEGER)"#)
        XCTAssertEqual(try e("CAST(a AS CHAR)"), #"CAST("a" AS TEXT)"#)
        XCTAssertEqual(try e("CAST(a AS CHAR(3))"), #"SUBSTR(CAST("a" AS TEXT), 1, 3)"#)
        XCTAssertEqual(try e("CAST(a AS DATE)"), #"DATE("a")"#)
        XCTAssertEqual(try e("CAST(a AS DATETIME)"), #"DATETIME("a")"#)
        XCTAssertEqual(try e("CAST(a AS DECIMAL(10,2))"), #"ROUND(CAST("a" AS REAL), 2)"#)
        XCTAssertEqual(try e("CAST(a AS DECIMAL)"), #"CAST(ROUND("a") AS INTEGER)"#)
        XCTAssertEqual(try e("CONVERT(a, BINARY)"), #"CAST("a" AS BLOB)"#)
        XCTAssertEqual(try e("CONVERT(a USING utf8mb4)"), #""a""#)
        XCTAssertEqual(try e("EXTRACT(YEAR_MONTH FROM d)"), #"EXTRACT('YEAR_MONTH', "d")"#)
        XCTAssertEqual(try e("TRIM(TRAILING 'x' FROM s)"), #"RTRIM("s", 'x')"#)
        XCTAssertEqual(try e("POSITION('a' IN s)"), #"LOCATE('a', "s")"#)
        XCTAssertEqual(try e("MATCH (a, b) AGAINST ('q' IN BOOLEAN MODE)"), #"MATCH_AGAINST('q', 'IN BOOLEAN MODE', "a", "b")"#)
        XCTAssertEqual(try e("RANK() OVER (PARTITION BY a ORDER BY b DESC)"), #"RANK() OVER (PARTITION BY "a" ORDER BY "b" DESC)"#)
    }

    func testIntervalArithmeticBecomesDateAddCalls() throws {
        XCTAssertEqual(try e("DATE_SUB(NOW(), INTERVAL 7 DAY)"), "DATE_SUB(NOW(), 7, 'DAY')")
        XCTAssertEqual(try e("DATE_ADD(d, INTERVAL '1:30' HOUR_MINUTE)"), #"DATE_ADD("d", '1:30', 'HOUR_MINUTE')"#)
        XCTAssertEqual(try e("d + INTERVAL 1 MONTH"), #"DATE_ADD("d", 1, 'MONTH')"#)
        XCTAssertEqual(try e("INTERVAL 2 WEEK + d"), #"DATE_ADD("d", 2, 'WEEK')"#)
        XCTAssertEqual(try e("d - INTERVAL ? SECOND"), #"DATE_SUB("d", ?1, 'SECOND')"#)
        XCTAssertEqual(try e("ADDDATE(d, 3)"), #"DATE_ADD("d", 3, 'DAY')"#)
        XCTAssertEqual(try e("SUBDATE(d, INTERVAL 1 YEAR)"), #"DATE_SUB("d", 1, 'YEAR')"#)
        XCTAssertEqual(try e("TIMESTAMPADD(MINUTE, 5, d)"), #"DATE_ADD("d", 5, 'MINUTE')"#)
        XCTAssertEqual(try e("TIMESTAMPDIFF(DAY, a, b)"), #"TIMESTAMPDIFF('DAY', "a", "b")"#)
    }

    // MARK: SELECT

    func testSelectDropsMySQLOnlyClauses() throws {
        XCTAssertEqual(try one("SELECT SQL_CALC_FOUND_ROWS STRAIGHT_JOIN SQL_NO_CACHE t.id FROM wp_posts t FORCE INDEX (PRIMARY) STRAIGHT_JOIN u USE INDEX (k) ON t.id = u.id WHERE 1 LIMIT 5, 10 FOR UPDATE"),
                       #"SELECT "t"."id" AS "id" FROM "wp_posts" AS "t" JOIN "u" ON "t"."id" = "u"."id" WHERE 1 LIMIT 10 OFFSET 5"#)
        XCTAssertEqual(try one("SELECT a FROM t LIMIT 3 OFFSET 2 LOCK IN SHARE MODE"), #"SELECT "a" AS "a" FROM "t" LIMIT 3 OFFSET 2"#)
        XCTAssertEqual(try one("SELECT 1 FROM DUAL"), #"SELECT 1 AS "1""#)
        XCTAssertEqual(try one("SELECT COUNT( * ), a + 1 AS b, `x`.*, * FROM x"), #"SELECT COUNT(*) AS "COUNT( * )", "a" + 1 AS "b", "x".*, * FROM "x""#)
    }

    func testFoundRowsQuery() throws {
        let parsed = try Parser.parse("SELECT SQL_CALC_FOUND_ROWS id FROM t WHERE a = 1 ORDER BY id LIMIT 0, 10")
        let translation = try SQLitePrinter().translate(parsed.statement)
        XCTAssertEqual(translation?.foundRowsQuery, #"SELECT COUNT(*) FROM (SELECT "id" AS "id" FROM "t" WHERE "a" = 1)"#)
        XCTAssertNil(try SQLitePrinter().translate(try Parser.parse("SELECT id FROM t LIMIT 1").statement)?.foundRowsQuery)
    }

    func testCompoundsAndSubqueries() throws {
        XCTAssertEqual(try one("(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL SELECT b FROM u ORDER BY 1 LIMIT 2"),
                       #"SELECT * FROM (SELECT "a" AS "a" FROM "t" ORDER BY "a" LIMIT 1) UNION ALL SELECT "b" AS "b" FROM "u" ORDER BY 1 LIMIT 2"#)
        XCTAssertEqual(try one("SELECT a FROM t UNION SELECT b FROM u"), #"SELECT "a" AS "a" FROM "t" UNION SELECT "b" AS "b" FROM "u""#)
        XCTAssertEqual(try one("SELECT * FROM (SELECT a FROM t) AS d WHERE EXISTS (SELECT 1 FROM u)"),
                       #"SELECT * FROM (SELECT "a" AS "a" FROM "t") AS "d" WHERE EXISTS (SELECT 1 AS "1" FROM "u")"#)
    }

    func testQualifiedNamesAndCurrentDatabase() throws {
        XCTAssertEqual(try one("SELECT blog.t.a FROM blog.t JOIN other.u ON blog.t.id = other.u.id"),
                       #"SELECT "blog"."t"."a" AS "a" FROM "blog"."t" JOIN "other"."u" ON "blog"."t"."id" = "other"."u"."id""#)
        XCTAssertEqual(try one("SELECT blog.t.a FROM blog.t JOIN other.u ON blog.t.id = other.u.id", SQLitePrinter.Options(currentDatabase: "blog")),
                       #"SELECT "t"."a" AS "a" FROM "t" JOIN "other"."u" ON "t"."id" = "other"."u"."id""#)
    }

    // MARK: DML

    func testInsertVariants() throws {
        XCTAssertEqual(try one("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')"), #"INSERT INTO "t" ("a", "b") VALUES (1, 'x'), (2, 'y')"#)
        XCTAssertEqual(try one("INSERT IGNORE INTO t (a) VALUES (1)"), #"INSERT OR IGNORE INTO "t" ("a") VALUES (1)"#)
        XCTAssertEqual(try one("REPLACE t (a) VALUES (1)"), #"INSERT OR REPLACE INTO "t" ("a") VALUES (1)"#)
        XCTAssertEqual(try one("INSERT INTO t SET a = 1, b = 'x'"), #"INSERT INTO "t" ("a", "b") VALUES (1, 'x')"#)
        XCTAssertEqual(try one("INSERT INTO t VALUES ()"), #"INSERT INTO "t" DEFAULT VALUES"#)
        XCTAssertEqual(try sqlite("INSERT INTO t (a, b) VALUES (1, DEFAULT), (2, DEFAULT), (3, 4)"),
                       [#"INSERT INTO "t" ("a") VALUES (1), (2)"#, #"INSERT INTO "t" ("a", "b") VALUES (3, 4)"#])
        XCTAssertThrowsError(try sqlite("INSERT INTO t VALUES (1, DEFAULT)")) { XCTAssertEqual(($0 as? SQLError)?.mysqlErrorCode, 1235) }
        XCTAssertEqual(try one("INSERT LOW_PRIORITY INTO t (a) SELECT b FROM u"), #"INSERT INTO "t" ("a") SELECT "b" AS "b" FROM "u""#)
    }

    func testOnDuplicateKeyUpdate() throws {
        XCTAssertEqual(try one("INSERT INTO t (k, v) VALUES ('a', 1) ON DUPLICATE KEY UPDATE v = VALUES(v) + t.v, n = n + 1"),
                       #"INSERT INTO "t" ("k", "v") VALUES ('a', 1) ON CONFLICT DO UPDATE SET "v" = excluded."v" + "t"."v", "n" = "n" + 1"#)
        XCTAssertEqual(try one("INSERT INTO t (k, v) VALUES ('a', 1) ON DUPLICATE KEY UPDATE v = VALUES(v)", SQLitePrinter.Options(upsertConflictTarget: ["k"])),
                       #"INSERT INTO "t" ("k", "v") VALUES ('a', 1) ON CONFLICT ("k") DO UPDATE SET "v" = excluded."v""#)
        XCTAssertEqual(try one("INSERT INTO t (k, v) VALUES ('a', 1) AS new ON DUPLICATE KEY UPDATE v = new.v"),
                       #"INSERT INTO "t" ("k", "v") VALUES ('a', 1) ON CONFLICT DO UPDATE SET "v" = excluded."v""#)
        XCTAssertEqual(try one("INSERT INTO t (k, v) VALUES ('a', 1) AS new (x, y) ON DUPLICATE KEY UPDATE v = new.y"),
                       #"INSERT INTO "t" ("k", "v") VALUES ('a', 1) ON CONFLICT DO UPDATE SET "v" = excluded."v""#)
        XCTAssertEqual(try one("INSERT INTO t (k, v) SELECT k, v FROM u ON DUPLICATE KEY UPDATE v = VALUES(v)"),
                       #"INSERT INTO "t" ("k", "v") SELECT * FROM (SELECT "k" AS "k", "v" AS "v" FROM "u") WHERE true ON CONFLICT DO UPDATE SET "v" = excluded."v""#)
        XCTAssertEqual(try one("SELECT VALUES(a)"), #"SELECT NULL AS "VALUES(a)""#)
    }

    func testUpdateAndDeleteWithOrderAndLimit() throws {
        XCTAssertEqual(try one("UPDATE t SET t.a = 1 WHERE b = 2"), #"UPDATE "t" SET "a" = 1 WHERE "b" = 2"#)
        XCTAssertEqual(try one("UPDATE IGNORE t SET a = 1 WHERE b = 2 ORDER BY c DESC LIMIT 3"),
                       #"UPDATE OR IGNORE "t" SET "a" = 1 WHERE rowid IN (SELECT rowid FROM "t" WHERE "b" = 2 ORDER BY "c" DESC LIMIT 3)"#)
        XCTAssertEqual(try one("DELETE FROM t WHERE a = 1 ORDER BY id LIMIT 10"),
                       #"DELETE FROM "t" WHERE rowid IN (SELECT rowid FROM "t" WHERE "a" = 1 ORDER BY "id" LIMIT 10)"#)
        XCTAssertEqual(try one("DELETE LOW_PRIORITY QUICK IGNORE FROM t"), #"DELETE FROM "t""#)
        XCTAssertEqual(try one("TRUNCATE TABLE t"), #"DELETE FROM "t""#)
    }

    func testMultiTableUpdate() throws {
        XCTAssertEqual(try one("UPDATE posts p JOIN meta m ON m.post_id = p.id SET p.flag = 1 WHERE m.k = 'x'"),
                       #"UPDATE "posts" AS "p" SET "flag" = 1 WHERE rowid IN (SELECT "p".rowid FROM "posts" AS "p" JOIN "meta" AS "m" ON "m"."post_id" = "p"."id" WHERE "m"."k" = 'x')"#)
        XCTAssertEqual(try one("UPDATE posts p JOIN meta m ON m.post_id = p.id SET p.title = m.v WHERE m.k = 'x'"),
                       #"UPDATE "posts" AS "p" SET "title" = "m"."v" FROM "meta" AS "m" WHERE ("m"."post_id" = "p"."id") AND ("m"."k" = 'x')"#)
        XCTAssertEqual(try sqlite("UPDATE a, b SET a.x = 1, b.y = 2 WHERE a.id = b.id").count, 2)
        XCTAssertThrowsError(try sqlite("UPDATE a JOIN b ON a.id = b.id SET x = 1"))
        XCTAssertThrowsError(try sqlite("UPDATE a LEFT JOIN b ON a.id = b.id SET a.x = b.y"))
    }

    func testMultiTableDelete() throws {
        XCTAssertEqual(try one("DELETE pm FROM wp_postmeta pm LEFT JOIN wp_posts p ON p.ID = pm.post_id WHERE p.ID IS NULL"),
                       #"DELETE FROM "wp_postmeta" WHERE rowid IN (SELECT "pm".rowid FROM "wp_postmeta" AS "pm" LEFT JOIN "wp_posts" AS "p" ON "p"."ID" = "pm"."post_id" WHERE "p"."ID" IS NULL)"#)
        let two = try sqlite("DELETE p, m FROM posts p JOIN meta m ON m.post_id = p.id WHERE p.id = 5")
        XCTAssertEqual(two, [
            #"DROP TABLE IF EXISTS temp."marmot_multi_delete""#,
            #"CREATE TEMP TABLE "marmot_multi_delete" AS SELECT "p".rowid AS "r0", "m".rowid AS "r1" FROM "posts" AS "p" JOIN "meta" AS "m" ON "m"."post_id" = "p"."id" WHERE "p"."id" = 5"#,
            #"DELETE FROM "posts" WHERE rowid IN (SELECT "r0" FROM temp."marmot_multi_delete")"#,
            #"DELETE FROM "meta" WHERE rowid IN (SELECT "r1" FROM temp."marmot_multi_delete")"#,
            #"DROP TABLE temp."marmot_multi_delete""#,
        ])
        XCTAssertEqual(try sqlite("DELETE FROM p USING posts AS p JOIN meta AS m ON m.post_id = p.id").count, 1)
    }

    // MARK: DDL

    func testCreateTable() throws {
        let statements = try sqlite("""
            CREATE TABLE wp_usermeta (
              umeta_id bigint(20) unsigned NOT NULL auto_increment,
              user_id bigint(20) unsigned NOT NULL default '0',
              meta_key varchar(255) default NULL,
              meta_value longtext,
              price decimal(10,2) zerofill,
              ratio double,
              data blob,
              kind enum('a','b') NOT NULL DEFAULT 'a',
              created datetime NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
              code char(3) UNIQUE,
              PRIMARY KEY  (umeta_id),
              KEY user_id (user_id),
              KEY meta_key (meta_key(191)),
              UNIQUE KEY (kind, code),
              FULLTEXT KEY ft (meta_value)
            ) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci
            """)
        XCTAssertEqual(statements, [
            #"CREATE TABLE "wp_usermeta" ("umeta_id" INTEGER PRIMARY KEY NOT NULL, "user_id" INTEGER NOT NULL DEFAULT '0', "meta_key" TEXT DEFAULT NULL, "meta_value" TEXT, "price" NUMERIC, "ratio" REAL, "data" BLOB, "kind" TEXT NOT NULL DEFAULT 'a', "created" TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, "code" TEXT)"#,
            #"CREATE UNIQUE INDEX IF NOT EXISTS "wp_usermeta__code" ON "wp_usermeta" ("code")"#,
            #"CREATE INDEX IF NOT EXISTS "wp_usermeta__user_id" ON "wp_usermeta" ("user_id")"#,
            #"CREATE INDEX IF NOT EXISTS "wp_usermeta__meta_key" ON "wp_usermeta" ("meta_key")"#,
            #"CREATE UNIQUE INDEX IF NOT EXISTS "wp_usermeta__kind" ON "wp_usermeta" ("kind", "code")"#,
        ])
        // A composite or non-integer primary key stays a table constraint.
        XCTAssertEqual(try one("CREATE TABLE r (a INT, b VARCHAR(10), PRIMARY KEY (a, b))"),
                       #"CREATE TABLE "r" ("a" INTEGER, "b" TEXT, PRIMARY KEY ("a", "b"))"#)
        XCTAssertEqual(try one("CREATE TABLE s (code VARCHAR(10) PRIMARY KEY, n INT)"),
                       #"CREATE TABLE "s" ("code" TEXT, "n" INTEGER, PRIMARY KEY ("code"))"#)
        XCTAssertEqual(try one("CREATE TABLE k (id INT AUTO_INCREMENT PRIMARY KEY, v INT DEFAULT -1, f BIT(1) DEFAULT b'1', g INT AS (v * 2) STORED)"),
                       #"CREATE TABLE "k" ("id" INTEGER PRIMARY KEY, "v" INTEGER DEFAULT -1, "f" INTEGER DEFAULT 1, "g" INTEGER GENERATED ALWAYS AS ("v" * 2) STORED)"#)
        XCTAssertEqual(try one("CREATE TEMPORARY TABLE IF NOT EXISTS tmp (a INT, CONSTRAINT c CHECK (a > 0), FOREIGN KEY (a) REFERENCES other (id) ON DELETE CASCADE)"),
                       #"CREATE TEMP TABLE IF NOT EXISTS "tmp" ("a" INTEGER, CONSTRAINT "c" CHECK ("a" > 0), FOREIGN KEY ("a") REFERENCES "other" ("id") ON DELETE CASCADE)"#)
        XCTAssertEqual(try one("CREATE TABLE c AS SELECT a FROM t"), #"CREATE TABLE "c" AS SELECT "a" AS "a" FROM "t""#)
        XCTAssertThrowsError(try sqlite("CREATE TABLE c LIKE t")) { XCTAssertEqual(($0 as? SQLError)?.mysqlErrorCode, 1235) }
    }

    func testIdempotentDDL() throws {
        let idem = SQLitePrinter.Options(idempotentDDL: true)
        XCTAssertEqual(try sqlite("CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY a (a))", idem),
                       [#"CREATE TABLE IF NOT EXISTS "t" ("id" INTEGER PRIMARY KEY, "a" INTEGER)"#, #"CREATE INDEX IF NOT EXISTS "t__a" ON "t" ("a")"#])
        XCTAssertEqual(try sqlite("DROP TABLE a, b", idem), [#"DROP TABLE IF EXISTS "a""#, #"DROP TABLE IF EXISTS "b""#])
        XCTAssertEqual(try sqlite("DROP TABLE a, b"), [#"DROP TABLE "a""#, #"DROP TABLE "b""#])
        XCTAssertEqual(try one("CREATE INDEX ix ON t (a)", idem), #"CREATE INDEX IF NOT EXISTS "t__ix" ON "t" ("a")"#)
        XCTAssertEqual(try one("CREATE INDEX ix ON t (a)"), #"CREATE INDEX "t__ix" ON "t" ("a")"#)
        XCTAssertEqual(try one("DROP INDEX ix ON db.t", idem), #"DROP INDEX IF EXISTS "db"."t__ix""#)
        XCTAssertEqual(try one("CREATE VIEW v AS SELECT 1", idem), #"CREATE VIEW IF NOT EXISTS "v" AS SELECT 1 AS "1""#)
        XCTAssertEqual(try sqlite("CREATE OR REPLACE VIEW v (x) AS SELECT a FROM t"),
                       [#"DROP VIEW IF EXISTS "v""#, #"CREATE VIEW "v" ("x") AS SELECT "a" AS "a" FROM "t""#])
        XCTAssertEqual(try one("DROP VIEW v", idem), #"DROP VIEW IF EXISTS "v""#)
        // Printing idempotently twice runs cleanly against SQLite.
        let harness = try SQLiteHarness()
        for _ in 0..<2 {
            for sql in ["CREATE TABLE t (id INT PRIMARY KEY, a INT, UNIQUE KEY a (a))", "CREATE INDEX ix ON t (a)", "CREATE VIEW v AS SELECT a FROM t"] {
                for s in try sqlite(sql, idem) { try harness.execute(s) }
            }
        }
        for _ in 0..<2 {
            for sql in ["DROP VIEW v", "DROP INDEX ix ON t", "DROP TABLE t"] {
                for s in try sqlite(sql, idem) { try harness.execute(s) }
            }
        }
    }

    func testAlterTable() throws {
        XCTAssertEqual(try sqlite("""
            ALTER TABLE t ADD COLUMN c INT NOT NULL AFTER b, ADD d VARCHAR(5) UNIQUE, ADD INDEX idx (c, d(3)), DROP COLUMN e,
            MODIFY f TEXT, CHANGE g h INT, RENAME COLUMN i TO j, DROP INDEX k, ENGINE=InnoDB, CONVERT TO CHARACTER SET utf8mb4, RENAME TO t2,
            ADD FULLTEXT (c), ALGORITHM=INPLACE
            """), [
            #"ALTER TABLE "t" ADD COLUMN "c" INTEGER NOT NULL DEFAULT 0"#,
            #"ALTER TABLE "t" ADD COLUMN "d" TEXT"#,
            #"CREATE UNIQUE INDEX IF NOT EXISTS "t__d" ON "t" ("d")"#,
            #"CREATE INDEX IF NOT EXISTS "t__idx" ON "t" ("c", "d")"#,
            #"ALTER TABLE "t" DROP COLUMN "e""#,
            #"ALTER TABLE "t" RENAME COLUMN "g" TO "h""#,
            #"ALTER TABLE "t" RENAME COLUMN "i" TO "j""#,
            #"DROP INDEX "t__k""#,
            #"ALTER TABLE "t" RENAME TO "t2""#,
        ])
        XCTAssertEqual(try sqlite("ALTER TABLE t ENGINE=InnoDB"), [])
        XCTAssertEqual(try one("RENAME TABLE a TO b"), #"ALTER TABLE "a" RENAME TO "b""#)
        for unsupported in ["ALTER TABLE t ADD PRIMARY KEY (a)", "ALTER TABLE t DROP PRIMARY KEY", "ALTER TABLE t ALTER COLUMN a SET DEFAULT 1",
                            "ALTER TABLE t RENAME INDEX a TO b", "RENAME TABLE a.t TO b.t"] {
            XCTAssertThrowsError(try sqlite(unsupported), unsupported) { XCTAssertEqual(($0 as? SQLError)?.mysqlErrorCode, 1235, unsupported) }
        }
    }

    func testStatementsOutsideSQLite() throws {
        for sql in ["SET NAMES utf8mb4", "SHOW TABLES", "USE db", "DESCRIBE t", "CREATE DATABASE d", "DROP DATABASE d", "LOCK TABLES t READ",
                    "XA START 'x'", "GRANT ALL ON *.* TO u", "OPTIMIZE TABLE t", "EXPLAIN SELECT 1"] {
            XCTAssertNil(try SQLitePrinter().translate(try Parser.parse(sql).statement), sql)
        }
        XCTAssertEqual(try one("START TRANSACTION"), "BEGIN")
        XCTAssertEqual(try one("COMMIT"), "COMMIT")
        XCTAssertEqual(try one("SAVEPOINT s"), #"SAVEPOINT "s""#)
        XCTAssertEqual(try one("ROLLBACK TO s"), #"ROLLBACK TO "s""#)
        XCTAssertEqual(try one("RELEASE SAVEPOINT s"), #"RELEASE "s""#)
    }

    /// A broad MySQL corpus beyond WordPress: every printed statement must prepare in SQLite.
    func testBroadCorpusIsAcceptedBySQLite() throws {
        let harness = try SQLiteHarness()
        let setup = [
            "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, a INT, b VARCHAR(20), c DATETIME, k VARCHAR(10), v INT, d DATE, s TEXT, col JSON, UNIQUE KEY k (k))",
            "CREATE TABLE u (id INT PRIMARY KEY, a INT, b VARCHAR(20), t_id INT)",
            "CREATE TABLE posts (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, title TEXT, flag TINYINT(1) DEFAULT 0)",
            "CREATE TABLE meta (meta_id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, post_id BIGINT UNSIGNED, k VARCHAR(255), v LONGTEXT, KEY post_id (post_id))",
        ]
        for sql in setup { for s in try sqlite(sql) { try harness.execute(s) } }
        let corpus = [
            "SELECT a, b, COUNT(*) AS n FROM t WHERE a BETWEEN 1 AND 10 AND b LIKE 'x\\_%' GROUP BY a, b HAVING n > 1 ORDER BY n DESC LIMIT 5, 10",
            "SELECT t.*, u.b FROM t LEFT JOIN u ON u.t_id = t.id RIGHT JOIN posts p ON p.id = t.a WHERE u.a IS NULL OR t.a <=> u.a",
            "SELECT a DIV 2, a / 3, a % 4, a MOD 5, a ^ 6, a XOR 1, a || b, a && b, !a, ~a, a << 1, a >> 1 FROM t",
            "SELECT IF(a > 1, 'big', 'small'), IFNULL(b, ''), COALESCE(a, 0), NULLIF(a, 0), CASE a WHEN 1 THEN 'one' ELSE 'many' END FROM t",
            "SELECT CAST(a AS CHAR), CAST(b AS SIGNED), CAST(c AS DATE), CONVERT(a, DECIMAL(8,2)), CONVERT(b USING utf8mb4) FROM t",
            "SELECT DATE_ADD(c, INTERVAL 1 DAY), c - INTERVAL 2 HOUR, TIMESTAMPDIFF(DAY, c, NOW()), EXTRACT(MONTH FROM c), YEAR(c) FROM t",
            "SELECT * FROM t WHERE id IN (SELECT t_id FROM u WHERE a > 0) AND EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id)",
            "SELECT a FROM t UNION SELECT a FROM u UNION ALL (SELECT id FROM posts ORDER BY id LIMIT 1) ORDER BY 1",
            "SELECT d.n FROM (SELECT COUNT(*) AS n FROM t) AS d",
            "WITH x AS (SELECT id FROM t) SELECT * FROM x",
            "SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY id), SUM(a) OVER w FROM t WINDOW w AS (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)",
            "SELECT GROUP_CONCAT(b SEPARATOR ', '), GROUP_CONCAT(DISTINCT a) FROM t GROUP BY a",
            "SELECT LEFT(b, 2), RIGHT(b, 2), REPLACE(b, 'a', 'b'), SUBSTRING(b FROM 2 FOR 3), TRIM(BOTH 'x' FROM b), POSITION('a' IN b) FROM t",
            "SELECT @@version, @@SESSION.sql_mode, @x, @y := 5, ? FROM t LIMIT ?",
            "SELECT col->'$.a', col->>'$.b' FROM t",
            "SELECT (a, b) IN ((1, 'x'), (2, 'y')), a = ANY (SELECT a FROM u), a <> ALL (SELECT a FROM u) FROM t",
            "SELECT X'4142', 0x41, b'1', _utf8mb4'x', N'y', DATE '2020-01-01', 'a\\0b', 'it''s' FROM DUAL",
            "SELECT a FROM t FORCE INDEX (k) WHERE b COLLATE utf8mb4_bin = 'X' AND BINARY b = 'x' FOR UPDATE",
            "SELECT SQL_CALC_FOUND_ROWS id FROM t ORDER BY id LIMIT 10",
            "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')",
            "INSERT INTO t SET a = 1, b = 'z'",
            "INSERT INTO t (k, v) VALUES ('a', 1) ON DUPLICATE KEY UPDATE v = v + VALUES(v)",
            "INSERT INTO t (k, v) VALUES ('a', 1) AS new ON DUPLICATE KEY UPDATE v = new.v",
            "INSERT INTO t (k, v) SELECT b, a FROM u ON DUPLICATE KEY UPDATE v = VALUES(v)",
            "INSERT IGNORE INTO t (k) VALUES ('dup')",
            "REPLACE INTO t (id, a) VALUES (1, 2)",
            "INSERT INTO t (a, b) VALUES (1, DEFAULT)",
            "INSERT INTO t VALUES ()",
            "UPDATE t SET a = a + 1, b = CONCAT(b, '!') WHERE id = 3 ORDER BY id DESC LIMIT 1",
            "UPDATE posts p JOIN meta m ON m.post_id = p.id SET p.flag = 1 WHERE m.k = 'x'",
            "UPDATE posts p JOIN meta m ON m.post_id = p.id SET p.title = m.v WHERE m.k = 'x'",
            "UPDATE posts p, meta m SET p.flag = 0, m.v = 'y' WHERE m.post_id = p.id",
            "DELETE FROM t WHERE a > 5 ORDER BY id LIMIT 2",
            "DELETE m FROM meta m LEFT JOIN posts p ON p.id = m.post_id WHERE p.id IS NULL",
            "DELETE p, m FROM posts p JOIN meta m ON m.post_id = p.id WHERE p.id = 1",
            "DELETE FROM a1 USING meta AS a1, meta AS a2 WHERE a1.k = a2.k AND a1.meta_id < a2.meta_id",
            "TRUNCATE meta",
            "CREATE TABLE IF NOT EXISTS z (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(50) NOT NULL DEFAULT '', created TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name(10)))",
            "ALTER TABLE u ADD COLUMN c VARCHAR(10) NOT NULL, ADD INDEX c_idx (c)",
            "CREATE INDEX b_idx ON u (b)",
            "CREATE VIEW uv AS SELECT a, b FROM u",
            "BEGIN",
        ]
        var failures: [String] = []
        for sql in corpus {
            do {
                let translation = try SQLitePrinter().translate(try Parser.parse(sql).statement)
                harness.scratch {
                    for s in (translation?.statements ?? []) + (translation?.foundRowsQuery.map { [$0] } ?? []) {
                        if let error = harness.prepareError(s) {
                            failures.append("\(sql)\n    \(s)\n    \(error)")
                            return
                        }
                        try? harness.execute(s)
                    }
                }
            } catch {
                failures.append("\(sql)\n    \(error)")
            }
        }
        XCTAssertEqual(failures, [], failures.joined(separator: "\n"))
    }
}
