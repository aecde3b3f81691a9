import XCTest
@testable import SQL

final class ParserTests: XCTestCase {
    private func parse(_ sql: String, _ options: Parser.Options = .default) throws -> Statement {
        try Parser.parse(sql, options: options).statement
    }

    private func expr(_ sql: String, _ options: Parser.Options = .default) throws -> Expr {
        try Parser.parseExpression(sql, options: options)
    }

    // MARK: expressions and precedence

    func testPrecedence() throws {
        let c = { (n: String) in Expr.column(ColumnRef(column: n)) }
        XCTAssertEqual(try expr("a OR b AND c"), .binary(.or, c("a"), .binary(.and, c("b"), c("c"))))
        XCTAssertEqual(try expr("a || b && c"), .binary(.or, c("a"), .binary(.and, c("b"), c("c"))))
        XCTAssertEqual(try expr("a XOR b OR c"), .binary(.or, .binary(.xor, c("a"), c("b")), c("c")))
        XCTAssertEqual(try expr("NOT a = b"), .unary(.not, .binary(.equal, c("a"), c("b"))))
        XCTAssertEqual(try expr("!a = b"), .binary(.equal, .unary(.not, c("a")), c("b")))
        XCTAssertEqual(try expr("a + b * c"), .binary(.add, c("a"), .binary(.multiply, c("b"), c("c"))))
        XCTAssertEqual(try expr("a - b - c"), .binary(.subtract, .binary(.subtract, c("a"), c("b")), c("c")))
        XCTAssertEqual(try expr("a | b & c"), .binary(.bitOr, c("a"), .binary(.bitAnd, c("b"), c("c"))))
        XCTAssertEqual(try expr("a & b << c"), .binary(.bitAnd, c("a"), .binary(.shiftLeft, c("b"), c("c"))))
        XCTAssertEqual(try expr("a * b ^ c"), .binary(.multiply, c("a"), .binary(.bitXor, c("b"), c("c"))))
        XCTAssertEqual(try expr("-a ^ b"), .binary(.bitXor, .unary(.negate, c("a")), c("b")))
        XCTAssertEqual(try expr("a DIV b MOD c"), .binary(.modulo, .binary(.integerDivide, c("a"), c("b")), c("c")))
        XCTAssertEqual(try expr("a = 1 AND b BETWEEN 1 AND 2"),
                       .binary(.and, .binary(.equal, c("a"), .literal(.integer("1"))),
                               .between(c("b"), low: .literal(.integer("1")), high: .literal(.integer("2")), negated: false)))
        XCTAssertEqual(try expr("a || b", Parser.Options(pipesAsConcat: true)), .binary(.concat, c("a"), c("b")))
        XCTAssertEqual(try expr("x COLLATE utf8mb4_bin = 'A'"), .binary(.equal, .collate(c("x"), "utf8mb4_bin"), .literal(.string("A"))))
    }

    func testPredicates() throws {
        let a = Expr.column(ColumnRef(column: "a"))
        XCTAssertEqual(try expr("a NOT LIKE 'x%' ESCAPE '|'"), .like(a, pattern: .literal(.string("x%")), escape: .literal(.string("|")), negated: true))
        XCTAssertEqual(try expr("a IS NOT NULL"), .isNull(a, negated: true))
        XCTAssertEqual(try expr("a IS UNKNOWN"), .isTruth(a, .unknown, negated: false))
        XCTAssertEqual(try expr("a NOT IN (1, 2)"), .inList(a, [.literal(.integer("1")), .literal(.integer("2"))], negated: true))
        XCTAssertEqual(try expr("a RLIKE 'x'"), .regexp(a, pattern: .literal(.string("x")), negated: false))
        XCTAssertEqual(try expr("a <=> NULL"), .binary(.nullSafeEqual, a, .literal(.null)))
        guard case .inSubquery = try expr("a IN (SELECT 1)") else { return XCTFail("IN subquery") }
        guard case .quantified(_, .greater, .all, _) = try expr("a > ALL (SELECT 1)") else { return XCTFail("ALL") }
        guard case .exists = try expr("EXISTS (SELECT 1 FROM t)") else { return XCTFail("EXISTS") }
    }

    func testPrimaries() throws {
        XCTAssertEqual(try expr("@@SESSION.sql_mode"), .systemVariable(SystemVariable(scope: .session, name: "sql_mode")))
        XCTAssertEqual(try expr("@@sql_mode"), .systemVariable(SystemVariable(name: "sql_mode")))
        XCTAssertEqual(try expr("@v := 3"), .assignVariable("v", .literal(.integer("3"))))
        XCTAssertEqual(try expr("? + ?"), .binary(.add, .parameter(0), .parameter(1)))
        XCTAssertEqual(try expr("'a' 'b' \"c\""), .literal(.string("abc")))
        XCTAssertEqual(try expr("_utf8mb4'x'"), .literal(.string("x", introducer: "_utf8mb4")))
        XCTAssertEqual(try expr("DATE '2024-01-02'"), .literal(.temporal(.date, "2024-01-02")))
        XCTAssertEqual(try expr("db.t.c"), .column(ColumnRef(database: "db", table: "t", column: "c")))
        XCTAssertEqual(try expr("t.`order`"), .column(ColumnRef(table: "t", column: "order")))
        XCTAssertEqual(try expr("INTERVAL 1 DAY + d"), .binary(.add, .interval(.literal(.integer("1")), .day), .column(ColumnRef(column: "d"))))
        XCTAssertEqual(try expr("CAST(x AS UNSIGNED)"), .cast(.column(ColumnRef(column: "x")), CastType(kind: .unsigned)))
        XCTAssertEqual(try expr("CONVERT(x, DECIMAL(10,2))"), .cast(.column(ColumnRef(column: "x")), CastType(kind: .decimal, length: 10, scale: 2)))
        XCTAssertEqual(try expr("CONVERT(x USING utf8mb4)"), .convertUsing(.column(ColumnRef(column: "x")), charset: "utf8mb4"))
        XCTAssertEqual(try expr("col->>'$.a'"), .binary(.jsonUnquoteExtract, .column(ColumnRef(column: "col")), .literal(.string("$.a"))))
        XCTAssertEqual(try expr("CURRENT_TIMESTAMP"), .function(FunctionCall(name: "CURRENT_TIMESTAMP")))
        XCTAssertEqual(try expr("EXTRACT(YEAR FROM d)"), .extract(.year, .column(ColumnRef(column: "d"))))
        XCTAssertEqual(try expr("TRIM(LEADING 'x' FROM s)"), .trim(.leading, remove: .literal(.string("x")), from: .column(ColumnRef(column: "s"))))
        XCTAssertEqual(try expr("POSITION('a' IN s)"), .function(FunctionCall(name: "LOCATE", arguments: [.literal(.string("a")), .column(ColumnRef(column: "s"))])))
        XCTAssertEqual(try expr("SUBSTRING(s FROM 2 FOR 3)"), .function(FunctionCall(name: "SUBSTRING", arguments: [.column(ColumnRef(column: "s")), .literal(.integer("2")), .literal(.integer("3"))])))
        XCTAssertEqual(try expr("INTERVAL(5, 1, 10)"), .function(FunctionCall(name: "INTERVAL", arguments: [.literal(.integer("5")), .literal(.integer("1")), .literal(.integer("10"))])))
        guard case .function(let gc) = try expr("GROUP_CONCAT(DISTINCT a ORDER BY b DESC SEPARATOR ';')") else { return XCTFail() }
        XCTAssertTrue(gc.distinct)
        XCTAssertEqual(gc.separator, ";")
        XCTAssertEqual(gc.orderBy.first?.descending, true)
        guard case .function(let win) = try expr("ROW_NUMBER() OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)") else { return XCTFail() }
        XCTAssertEqual(win.over?.frame, WindowFrame(unit: .rows, start: .unboundedPreceding, end: .currentRow))
        guard case .function(let left) = try expr("LEFT(s, 2)") else { return XCTFail("LEFT()") }
        XCTAssertEqual(left.upperName, "LEFT")
        guard case .match(let m) = try expr("MATCH (a, b) AGAINST ('x' IN BOOLEAN MODE)") else { return XCTFail() }
        XCTAssertEqual(m.modifier, "IN BOOLEAN MODE")
    }

    // MARK: statements

    func testSelectShapes() throws {
        guard case .select(let s) = try parse("""
            SELECT SQL_CALC_FOUND_ROWS DISTINCT t.*, COUNT( * ) AS n, 'x' y FROM db.t1 AS t FORCE INDEX (PRIMARY, k)
            STRAIGHT_JOIN t2 USE INDEX FOR ORDER BY (k2) ON t.id = t2.id LEFT OUTER JOIN t3 USING (id), (SELECT 1 AS one) d
            WHERE a = 1 GROUP BY a HAVING n > 1 ORDER BY n DESC, a LIMIT 5, 10 FOR UPDATE
            """) else { return XCTFail() }
        guard let core = s.core else { return XCTFail() }
        XCTAssertTrue(core.calcFoundRows)
        XCTAssertTrue(core.distinct)
        XCTAssertEqual(core.items.map(\.alias), [nil, "n", "y"])
        XCTAssertEqual(core.items[1].sourceText, "COUNT( * )")
        XCTAssertEqual(core.from.count, 2)
        XCTAssertEqual(s.limit, Limit(count: .literal(.integer("10")), offset: .literal(.integer("5"))))
        XCTAssertEqual(s.locking?.strength, .update)
        guard case .join(.join(.table(let name, "t", let hints), let j1), let j2) = core.from[0] else { return XCTFail() }
        XCTAssertEqual(name, TableName(database: "db", name: "t1"))
        XCTAssertEqual(hints, [IndexHint(action: .force, indexes: ["PRIMARY", "k"])])
        XCTAssertEqual(j1.kind, .straight)
        XCTAssertEqual(j2.kind, .left)
        XCTAssertEqual(j2.condition, .using(["id"]))

        guard case .select(let u) = try parse("(SELECT a FROM t LIMIT 1) UNION ALL (SELECT b FROM u) ORDER BY 1 LIMIT 3 OFFSET 1"),
              case .compound(.nested, let op, .select) = u.body else { return XCTFail("union") }
        XCTAssertTrue(op.all)
        XCTAssertEqual(u.limit?.offset, .literal(.integer("1")))

        guard case .select(let w) = try parse("WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5) SELECT * FROM c") else { return XCTFail() }
        XCTAssertEqual(w.with?.tables.first?.columns, ["n"])
        guard case .select(let l) = try parse("SELECT * FROM t LOCK IN SHARE MODE") else { return XCTFail() }
        XCTAssertEqual(l.locking?.legacyShareMode, true)
        guard case .select(let dual) = try parse("SELECT 1 FROM DUAL") else { return XCTFail() }
        XCTAssertEqual(dual.core?.from, [])
    }

    func testInsertShapes() throws {
        guard case .insert(let i) = try parse("INSERT IGNORE t (a, b) VALUE (1, DEFAULT), (2, 3) ON DUPLICATE KEY UPDATE b = VALUES(b) + 1") else { return XCTFail() }
        XCTAssertTrue(i.ignore)
        XCTAssertEqual(i.columns, ["a", "b"])
        XCTAssertEqual(i.source, .values([[.literal(.integer("1")), .defaultValue(nil)], [.literal(.integer("2")), .literal(.integer("3"))]]))
        XCTAssertEqual(i.onDuplicateKeyUpdate, [Assignment(column: ColumnRef(column: "b"), value: .binary(.add, .insertedValue(ColumnRef(column: "b")), .literal(.integer("1"))))])

        guard case .insert(let r) = try parse("REPLACE INTO db.t SET a = 1, b = 'x'") else { return XCTFail() }
        XCTAssertEqual(r.verb, .replace)
        XCTAssertEqual(r.table, TableName(database: "db", name: "t"))
        guard case .set(let set) = r.source else { return XCTFail() }
        XCTAssertEqual(set.count, 2)

        guard case .insert(let s) = try parse("INSERT INTO t (a) SELECT x FROM u WHERE y > 1") else { return XCTFail() }
        guard case .select = s.source else { return XCTFail() }
        guard case .insert(let alias) = try parse("INSERT INTO t (a, b) VALUES (1, 2) AS new (x, y) ON DUPLICATE KEY UPDATE b = new.y") else { return XCTFail() }
        XCTAssertEqual(alias.rowAlias, "new")
        XCTAssertEqual(alias.rowAliasColumns, ["x", "y"])
        guard case .insert(let empty) = try parse("INSERT INTO t () VALUES ()") else { return XCTFail() }
        XCTAssertEqual(empty.source, .values([[]]))
    }

    func testUpdateAndDeleteShapes() throws {
        guard case .update(let u) = try parse("UPDATE LOW_PRIORITY IGNORE t SET a = a + 1, t.b = DEFAULT WHERE id = 1 ORDER BY id DESC LIMIT 2") else { return XCTFail() }
        XCTAssertFalse(u.isMultiTable)
        XCTAssertEqual(u.limit, .literal(.integer("2")))
        XCTAssertEqual(u.assignments[1].column, ColumnRef(table: "t", column: "b"))
        guard case .update(let m) = try parse("UPDATE a JOIN b ON a.id = b.id SET a.x = b.y WHERE b.z = 1") else { return XCTFail() }
        XCTAssertTrue(m.isMultiTable)

        guard case .delete(let d) = try parse("DELETE FROM t WHERE a = 1 ORDER BY id LIMIT 10") else { return XCTFail() }
        XCTAssertFalse(d.isMultiTable)
        guard case .delete(let d2) = try parse("DELETE a, b.* FROM t1 a JOIN t2 b ON a.id = b.id WHERE a.x = 1") else { return XCTFail() }
        XCTAssertEqual(d2.targets, [TableName(name: "a"), TableName(name: "b")])
        guard case .delete(let d3) = try parse("DELETE QUICK FROM a, b USING t1 AS a, t2 AS b WHERE a.id = b.id") else { return XCTFail() }
        XCTAssertTrue(d3.usingForm)
        XCTAssertTrue(d3.quick)
        guard case .delete(let d4) = try parse("DELETE FROM t AS x WHERE x.a = 1") else { return XCTFail() }
        XCTAssertEqual(d4.from, [.table(TableName(name: "t"), alias: "x", indexHints: [])])
    }

    func testCreateTableShape() throws {
        guard case .createTable(let t) = try parse("""
            CREATE TABLE IF NOT EXISTS `db`.`t` (
              id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
              name varchar(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '' COMMENT 'the name',
              price DECIMAL(10,2) ZEROFILL,
              created datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
              updated timestamp(6) NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
              kind ENUM('a','b''c') DEFAULT 'a',
              flags BIT(8) DEFAULT b'0',
              n INT DEFAULT -1,
              g INT GENERATED ALWAYS AS (n * 2) STORED,
              parent_id INT REFERENCES parents (id) ON DELETE CASCADE,
              PRIMARY KEY (id),
              UNIQUE KEY name_idx (name(100)),
              KEY (created, updated DESC),
              FULLTEXT KEY ft (name),
              CONSTRAINT fk FOREIGN KEY (parent_id) REFERENCES parents (id) ON UPDATE SET NULL,
              CONSTRAINT chk CHECK (n > -10)
            ) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci COMMENT='x'
            """) else { return XCTFail() }
        XCTAssertTrue(t.ifNotExists)
        XCTAssertEqual(t.name, TableName(database: "db", name: "t"))
        let id = t.columns[0]
        XCTAssertEqual(id.type, DataType(name: "BIGINT", length: 20, unsigned: true))
        XCTAssertEqual(id.type.description, "bigint(20) unsigned")
        XCTAssertEqual(id.nullable, false)
        XCTAssertTrue(id.autoIncrement)
        let name = t.columns[1]
        XCTAssertEqual(name.type.charset, "utf8mb4")
        XCTAssertEqual(name.type.collation, "utf8mb4_bin")
        XCTAssertEqual(name.comment, "the name")
        XCTAssertTrue(t.columns[2].type.zerofill)
        XCTAssertTrue(t.columns[4].onUpdateCurrentTimestamp)
        XCTAssertEqual(t.columns[5].type.values, ["a", "b'c"])
        XCTAssertEqual(t.columns[7].defaultValue, .unary(.negate, .literal(.integer("1"))))
        XCTAssertEqual(t.columns[8].generated?.stored, true)
        XCTAssertEqual(t.columns[9].references?.onDelete, .cascade)
        XCTAssertEqual(t.indexes.map(\.kind), [.primaryKey, .unique, .index, .fulltext])
        XCTAssertEqual(t.indexes[1].columns, [IndexColumn(column: "name", prefixLength: 100)])
        XCTAssertEqual(t.options.map(\.name), ["ENGINE", "AUTO_INCREMENT", "CHARSET", "COLLATE", "COMMENT"])
        guard case .createTable(let like) = try parse("CREATE TABLE t2 LIKE t") else { return XCTFail() }
        XCTAssertEqual(like.like, TableName(name: "t"))
    }

    func testOtherDDLShapes() throws {
        guard case .alterTable(let a) = try parse("""
            ALTER TABLE t ADD COLUMN c INT NOT NULL AFTER b, ADD INDEX idx (c), DROP COLUMN d, MODIFY e VARCHAR(10),
            CHANGE f g TEXT FIRST, DROP INDEX old, RENAME TO t2, ENGINE=InnoDB, ALTER COLUMN h SET DEFAULT 3, ADD UNIQUE KEY (z)
            """) else { return XCTFail() }
        XCTAssertEqual(a.actions.count, 10)
        XCTAssertEqual(a.actions[0], .addColumn(ColumnDefinition(name: "c", type: DataType(name: "INT"), nullable: false), position: .after("b")))
        XCTAssertEqual(a.actions[6], .renameTable(TableName(name: "t2")))
        XCTAssertEqual(try parse("DROP TABLE IF EXISTS a, db.b"), .dropTable(DropTableStatement(ifExists: true, names: [TableName(name: "a"), TableName(database: "db", name: "b")])))
        XCTAssertEqual(try parse("TRUNCATE t"), .truncateTable(TableName(name: "t")))
        XCTAssertEqual(try parse("RENAME TABLE a TO b, c TO d").statementClass, .ddl)
        guard case .createIndex(let ci) = try parse("CREATE UNIQUE INDEX ix ON t (a(10), b DESC) USING BTREE") else { return XCTFail() }
        XCTAssertEqual(ci.index.kind, .unique)
        XCTAssertEqual(try parse("DROP INDEX ix ON t"), .dropIndex(DropIndexStatement(name: "ix", table: TableName(name: "t"))))
        guard case .createView(let v) = try parse("CREATE OR REPLACE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW v (x) AS SELECT a FROM t WITH CHECK OPTION") else { return XCTFail() }
        XCTAssertTrue(v.orReplace)
        XCTAssertEqual(v.columns, ["x"])
        XCTAssertEqual(try parse("DROP VIEW IF EXISTS v"), .dropView(DropViewStatement(ifExists: true, names: [TableName(name: "v")])))
        XCTAssertEqual(try parse("CREATE DATABASE IF NOT EXISTS blog DEFAULT CHARACTER SET utf8mb4"),
                       .createDatabase(DatabaseStatement(name: "blog", ifNotExists: true, options: [TableOption(name: "CHARSET", value: "utf8mb4")])))
        XCTAssertEqual(try parse("DROP SCHEMA blog"), .dropDatabase(DropDatabaseStatement(name: "blog")))
        XCTAssertEqual(try parse("ALTER DATABASE blog CHARACTER SET = utf8mb4"),
                       .alterDatabase(DatabaseStatement(name: "blog", options: [TableOption(name: "CHARSET", value: "utf8mb4")])))
    }

    func testSessionShapes() throws {
        XCTAssertEqual(try parse("USE `blog`"), .use("blog"))
        XCTAssertEqual(try parse("SET NAMES 'utf8mb4' COLLATE 'utf8mb4_unicode_520_ci'"),
                       .set(SetStatement(assignments: [.names(charset: "utf8mb4", collation: "utf8mb4_unicode_520_ci")])))
        XCTAssertEqual(try parse("SET autocommit = 0, @x := 1, SESSION sql_mode = '', @@global.max_connections = DEFAULT, time_zone = ON"),
                       .set(SetStatement(assignments: [
                           .systemVariable(SystemVariable(name: "autocommit"), .literal(.integer("0"))),
                           .userVariable("x", .literal(.integer("1"))),
                           .systemVariable(SystemVariable(scope: .session, name: "sql_mode"), .literal(.string(""))),
                           .systemVariable(SystemVariable(scope: .global, name: "max_connections"), .defaultValue(nil)),
                           .systemVariable(SystemVariable(name: "time_zone"), .literal(.string("ON"))),
                       ])))
        XCTAssertEqual(try parse("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY"),
                       .set(SetStatement(assignments: [.transaction(scope: .session, isolation: .readCommitted, readOnly: true)])))
        XCTAssertEqual(try parse("SET CHARACTER SET utf8"), .set(SetStatement(assignments: [.characterSet("utf8")])))
        XCTAssertEqual(try parse("SHOW TABLES LIKE 'wp\\\\_users'"), .show(.tables(full: false, database: nil, .like("wp\\_users"))))
        XCTAssertEqual(try parse("SHOW FULL TABLES FROM blog WHERE Table_type = 'VIEW'").statementClass, .metadata)
        XCTAssertEqual(try parse("SHOW FULL COLUMNS FROM `wp_options`"), .show(.columns(full: true, table: TableName(name: "wp_options"), nil)))
        XCTAssertEqual(try parse("SHOW COLUMNS FROM t FROM db LIKE 'a%'"), .show(.columns(full: false, table: TableName(database: "db", name: "t"), .like("a%"))))
        XCTAssertEqual(try parse("SHOW KEYS FROM t"), .show(.indexes(table: TableName(name: "t"), nil)))
        XCTAssertEqual(try parse("SHOW CREATE TABLE db.t"), .show(.createTable(TableName(database: "db", name: "t"))))
        XCTAssertEqual(try parse("SHOW SESSION VARIABLES LIKE 'max_allowed_packet'"), .show(.variables(scope: .session, .like("max_allowed_packet"))))
        XCTAssertEqual(try parse("SHOW GLOBAL STATUS"), .show(.status(scope: .global, nil)))
        XCTAssertEqual(try parse("SHOW WARNINGS LIMIT 10"), .show(.warnings(limit: Limit(count: .literal(.integer("10"))))))
        for sql in ["SHOW DATABASES", "SHOW ENGINES", "SHOW COLLATION LIKE 'utf8%'", "SHOW CHARACTER SET", "SHOW TABLE STATUS FROM db",
                    "SHOW FULL PROCESSLIST", "SHOW GRANTS FOR 'u'@'%'", "SHOW COUNT(*) WARNINGS", "SHOW INDEXES IN t"] {
            XCTAssertEqual(try parse(sql).statementClass, .metadata, sql)
        }
        XCTAssertEqual(try parse("DESCRIBE wp_users"), .describe(DescribeStatement(table: TableName(name: "wp_users"))))
        XCTAssertEqual(try parse("DESC t col"), .describe(DescribeStatement(table: TableName(name: "t"), column: "col")))
        guard case .explain(.select) = try parse("EXPLAIN SELECT 1") else { return XCTFail() }
    }

    func testTransactionAndAdministrativeShapes() throws {
        XCTAssertEqual(try parse("BEGIN WORK"), .transaction(.begin(readOnly: nil, consistentSnapshot: false)))
        XCTAssertEqual(try parse("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"), .transaction(.begin(readOnly: true, consistentSnapshot: true)))
        XCTAssertEqual(try parse("COMMIT AND NO CHAIN NO RELEASE"), .transaction(.commit(chain: false, release: false)))
        XCTAssertEqual(try parse("ROLLBACK"), .transaction(.rollback(chain: nil, release: nil)))
        XCTAssertEqual(try parse("SAVEPOINT s1"), .transaction(.savepoint("s1")))
        XCTAssertEqual(try parse("ROLLBACK WORK TO SAVEPOINT s1"), .transaction(.rollbackToSavepoint("s1")))
        XCTAssertEqual(try parse("RELEASE SAVEPOINT s1"), .transaction(.releaseSavepoint("s1")))
        XCTAssertEqual(try parse("LOCK TABLES t READ, u AS x LOW_PRIORITY WRITE"),
                       .lockTables([TableLock(table: TableName(name: "t"), mode: .read), TableLock(table: TableName(name: "u"), alias: "x", mode: .lowPriorityWrite)]))
        XCTAssertEqual(try parse("UNLOCK TABLES"), .unlockTables)
        XCTAssertEqual(try parse("XA START 'gt', 'bq', 1"), .xa(XAStatement(action: .start, xid: ["gt", "bq", "1"])))
        XCTAssertEqual(try parse("XA COMMIT 'gt' ONE PHASE"), .xa(XAStatement(action: .commit, xid: ["gt"], options: ["ONE PHASE"])))
        XCTAssertEqual(try parse("XA RECOVER"), .xa(XAStatement(action: .recover)))
        XCTAssertEqual(try parse("GRANT SELECT, INSERT (a, b) ON db.* TO 'app'@'%' IDENTIFIED BY 'pw' WITH GRANT OPTION"),
                       .account(.grant(privileges: ["SELECT", "INSERT (a, b)"], level: "db.*",
                                       to: [AccountSpec(account: AccountName(user: "app", host: "%"), password: "pw")], grantOption: true)))
        XCTAssertEqual(try parse("REVOKE ALL PRIVILEGES ON *.* FROM app@localhost"),
                       .account(.revoke(privileges: ["ALL PRIVILEGES"], level: "*.*", from: [AccountName(user: "app", host: "localhost")])))
        XCTAssertEqual(try parse("CREATE USER IF NOT EXISTS 'u'@'%' IDENTIFIED WITH mysql_native_password BY 'p' PASSWORD EXPIRE NEVER"),
                       .account(.createUser(ifNotExists: true, [AccountSpec(account: AccountName(user: "u", host: "%"), authPlugin: "mysql_native_password", password: "p")],
                                            options: ["PASSWORD EXPIRE NEVER"])))
        XCTAssertEqual(try parse("DROP USER IF EXISTS 'u'@'%', v"), .account(.dropUser(ifExists: true, [AccountName(user: "u", host: "%"), AccountName(user: "v")])))
        XCTAssertEqual(try parse("ALTER USER 'u' IDENTIFIED BY 'n'").statementClass, .administration)
        XCTAssertEqual(try parse("OPTIMIZE NO_WRITE_TO_BINLOG TABLE a, b"),
                       .tableMaintenance(TableMaintenanceStatement(kind: .optimize, tables: [TableName(name: "a"), TableName(name: "b")], options: ["NO_WRITE_TO_BINLOG"])))
        XCTAssertEqual(try parse("REPAIR TABLE t QUICK").statementClass, .administration)
        XCTAssertEqual(try parse("ANALYZE TABLE t").statementClass, .administration)
        XCTAssertEqual(try parse("CHECK TABLE t FOR UPGRADE").statementClass, .administration)
    }

    func testHintsCommentsAndScripts() throws {
        let p = try Parser.parse("/* lead */ INSERT /*+ CONSISTENCY(ALL) */ INTO t VALUES (?, ?) /*!40000 */ ;")
        XCTAssertEqual(p.hints, ["CONSISTENCY(ALL)"])
        XCTAssertEqual(p.parameterCount, 2)
        let script = try Parser.parseScript("SELECT 1; ; SELECT 'a;b'; USE db")
        XCTAssertEqual(script.count, 3)
        XCTAssertEqual(script[1].text, "SELECT 'a;b'")
        XCTAssertEqual(MySQLPrinter().print(try Parser.parse("SELECT 1 /*! + 1 */").statement), "SELECT 1 + 1")
    }

    // MARK: errors

    func testSyntaxErrorsAre1064WithOffsetAndMySQLWording() {
        let cases: [(String, Int, String)] = [
            ("SELEC 1", 0, "SELEC 1"),
            ("SELECT * FORM t", 9, "FORM t"),
            ("SELECT * FROM t WHERE", 21, ""),
            ("SELECT a FROM t\nWHERE a = = 1", 26, "= 1"),
            ("INSERT INTO t VALUES (1", 23, ""),
            ("SELECT * FROM t LIMIT 'x'", 22, "'x'"),
            ("CREATE TABLE t (a INT,)", 22, ")"),
            ("UPDATE t SET WHERE a = 1", 13, "WHERE a = 1"),
            ("SELECT 1; SELECT 2", 10, "SELECT 2"),
            ("SELECT * FROM select", 14, "select"),
        ]
        for (sql, offset, near) in cases {
            XCTAssertThrowsError(try Parser.parse(sql), sql) { error in
                guard let e = error as? SQLError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.code, .syntax, sql)
                XCTAssertEqual(e.mysqlErrorCode, 1064, sql)
                XCTAssertEqual(e.sqlState, "42000")
                XCTAssertEqual(e.offset, offset, sql)
                let line = sql.utf8.prefix(offset).filter { $0 == 0x0A }.count + 1
                XCTAssertEqual(e.message, "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '\(near)' at line \(line)", sql)
            }
        }
    }

    func testUnsupportedStatementsAre1235AndEmptyIs1065() {
        for sql in ["LOAD DATA INFILE 'x' INTO TABLE t", "CALL p()", "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1", "SELECT a INTO @x FROM t"] {
            XCTAssertThrowsError(try Parser.parse(sql), sql) { error in
                XCTAssertEqual((error as? SQLError)?.mysqlErrorCode, 1235, sql)
            }
        }
        for sql in ["", "  -- nothing\n", ";", "/* c */"] {
            XCTAssertThrowsError(try Parser.parse(sql), sql) { error in
                XCTAssertEqual((error as? SQLError)?.mysqlErrorCode, 1065, sql)
            }
        }
    }

    // MARK: round trips

    /// Statements whose canonical MySQL printing must be a fixed point of parse → print.
    static let roundTripCorpus = [
        "SELECT 1",
        "SELECT DISTINCT a, b AS c, COUNT(*) FROM t WHERE a IS NOT NULL AND b IN (1, 2, 3) GROUP BY a HAVING COUNT(*) > 1 ORDER BY a DESC LIMIT 10 OFFSET 5",
        "SELECT SQL_CALC_FOUND_ROWS t.* FROM db.t AS t USE INDEX (k) JOIN u ON t.id = u.id LEFT JOIN v USING (id) WHERE t.x LIKE 'a\\_%' ESCAPE '|'",
        "SELECT a FROM t WHERE NOT (a = 1 OR b <=> NULL) XOR c AND d BETWEEN 1 AND 2 AND e NOT REGEXP '^x'",
        "SELECT -a, ~b, !c, a DIV b, a MOD b, a ^ b, a << 2, a | b & c, a / b, col->'$.x', col->>'$.y' FROM t",
        "SELECT CASE WHEN a = 1 THEN 'x' WHEN a = 2 THEN 'y' ELSE 'z' END, CASE a WHEN 1 THEN 2 END FROM t",
        "SELECT CAST(a AS SIGNED), CAST(b AS CHAR(10)), CONVERT(c, DECIMAL(10,2)), CONVERT(d USING utf8mb4), BINARY e FROM t",
        "SELECT DATE_ADD(d, INTERVAL 1 DAY), d - INTERVAL '1 2' DAY_HOUR, TIMESTAMPDIFF(SECOND, a, b), EXTRACT(YEAR FROM d) FROM t",
        "SELECT GROUP_CONCAT(DISTINCT a ORDER BY b DESC SEPARATOR ';'), TRIM(LEADING 'x' FROM s), TRIM(s), LEFT(s, 2) FROM t",
        "SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), SUM(x) OVER w FROM t WINDOW w AS (ORDER BY a)",
        "SELECT @a, @@session.sql_mode, @@version, @b := 1, ?, X'4142', b'101', N'nat', _utf8mb4'intro', DATE '2020-01-01', TRUE, NULL, 1.5, 2e3",
        "SELECT * FROM (SELECT a FROM t) AS d WHERE EXISTS (SELECT 1 FROM u WHERE u.a = d.a) AND d.a > ALL (SELECT b FROM v)",
        "(SELECT a FROM t ORDER BY a LIMIT 1) UNION (SELECT b FROM u) UNION ALL SELECT c FROM v ORDER BY 1 LIMIT 2",
        "WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3) SELECT n FROM c",
        "SELECT a FROM t FOR UPDATE OF t SKIP LOCKED",
        "SELECT a FROM t LOCK IN SHARE MODE",
        "SELECT MATCH (a, b) AGAINST ('q' IN BOOLEAN MODE) FROM t",
        "INSERT INTO t (a, b) VALUES (1, 'x'), (2, DEFAULT) ON DUPLICATE KEY UPDATE b = VALUES(b), a = a + 1",
        "INSERT IGNORE INTO t SET a = 1",
        "INSERT INTO t (a, b) VALUES (1, 2) AS new (x, y) ON DUPLICATE KEY UPDATE b = new.y",
        "REPLACE INTO t (a) SELECT a FROM u",
        "INSERT INTO t VALUES ()",
        "UPDATE t SET a = a + 1 WHERE b = 2 ORDER BY c LIMIT 3",
        "UPDATE t JOIN u ON t.id = u.id SET t.a = u.b WHERE u.c = 1",
        "DELETE FROM t WHERE a = 1 ORDER BY b LIMIT 1",
        "DELETE t, u FROM t JOIN u ON t.id = u.id WHERE t.x = 1",
        "DELETE FROM t, u USING t JOIN u ON t.id = u.id",
        "CREATE TABLE IF NOT EXISTS t (id BIGINT(20) UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(191) CHARACTER SET utf8mb4 NOT NULL DEFAULT '', created DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, kind ENUM('a','b') DEFAULT 'a', n INT DEFAULT -1, PRIMARY KEY (id), UNIQUE KEY name (name(100)), KEY k (created, n DESC), CONSTRAINT fk FOREIGN KEY (n) REFERENCES u (id) ON DELETE CASCADE) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='c'",
        "CREATE TEMPORARY TABLE t2 LIKE t",
        "CREATE TABLE t3 AS SELECT * FROM t",
        "ALTER TABLE t ADD COLUMN c INT NOT NULL AFTER b, DROP COLUMN d, ADD UNIQUE KEY u (c), DROP INDEX k, MODIFY COLUMN e TEXT, CHANGE COLUMN f g INT FIRST, RENAME COLUMN h TO i, RENAME TO t9, ALTER COLUMN j SET DEFAULT 3, ALTER COLUMN k DROP DEFAULT, ENGINE=InnoDB",
        "DROP TEMPORARY TABLE IF EXISTS a, b",
        "TRUNCATE TABLE t",
        "RENAME TABLE a TO b, db.c TO db.d",
        "CREATE UNIQUE INDEX ix ON t (a(10), b DESC)",
        "DROP INDEX ix ON t",
        "CREATE OR REPLACE VIEW v (x) AS SELECT a FROM t",
        "DROP VIEW IF EXISTS v",
        "CREATE DATABASE IF NOT EXISTS blog CHARACTER SET utf8mb4",
        "ALTER DATABASE blog COLLATE utf8mb4_bin",
        "DROP DATABASE IF EXISTS blog",
        "USE blog",
        "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci, @a = 1, @@SESSION.sql_mode = 'ANSI', @@GLOBAL.x = DEFAULT",
        "SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE",
        "SHOW FULL TABLES FROM blog LIKE 'wp\\_%'",
        "SHOW FULL COLUMNS FROM db.t WHERE Field = 'a'",
        "SHOW SESSION VARIABLES LIKE 'x'",
        "SHOW CREATE TABLE t",
        "SHOW INDEX FROM t",
        "DESCRIBE t 'a%'",
        "EXPLAIN SELECT 1",
        "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY",
        "COMMIT AND CHAIN",
        "ROLLBACK TO SAVEPOINT s",
        "LOCK TABLES t READ LOCAL, u AS x WRITE",
        "XA END 'g', 'b' SUSPEND",
        "GRANT SELECT, UPDATE ON db.* TO 'u'@'%' WITH GRANT OPTION",
        "CREATE USER 'u'@'localhost' IDENTIFIED BY 'secret'",
        "OPTIMIZE TABLE a, b",
    ]

    func testRoundTripsAreFixedPoints() throws {
        let printer = MySQLPrinter()
        for sql in Self.roundTripCorpus {
            let first = printer.print(try parse(sql))
            let second: String
            do {
                second = printer.print(try parse(first))
            } catch {
                XCTFail("re-parse of \(first) failed: \(error)")
                continue
            }
            XCTAssertEqual(first, second, sql)
        }
    }

    func testWordPressCorpusRoundTrips() throws {
        guard let shapes = try WordPressCorpusTests.loadShapes() else { throw XCTSkip("corpus not found") }
        let printer = MySQLPrinter()
        var failures = 0
        for sql in shapes {
            let first = printer.print(try parse(sql))
            guard let reparsed = try? parse(first) else {
                failures += 1
                XCTFail("re-parse failed: \(first.prefix(300))")
                continue
            }
            if printer.print(reparsed) != first {
                failures += 1
                XCTFail("not a fixed point: \(first.prefix(300))")
            }
        }
        XCTAssertEqual(failures, 0)
    }
}

extension ParserTests {
    func testHostileNestingFailsCleanly() throws {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        XCTAssertThrowsError(try Parser.parse("SELECT " + deep)) { XCTAssertEqual(($0 as? SQLError)?.mysqlErrorCode, 1064) }
        XCTAssertThrowsError(try Parser.parse("SELECT " + String(repeating: "- ", count: 5000) + "1"))
        XCTAssertThrowsError(try Parser.parse("SELECT " + String(repeating: "NOT ", count: 5000) + "1"))
        XCTAssertThrowsError(try Parser.parse(String(repeating: "SELECT * FROM (", count: 2000) + "SELECT 1" + String(repeating: ") x", count: 2000)))
        // Reasonable nesting still parses and prints.
        let fine = String(repeating: "(", count: 40) + "1" + String(repeating: ")", count: 40)
        XCTAssertNoThrow(try SQLitePrinter().print(try Parser.parse("SELECT " + fine).statement))
    }

    func testArbitraryBytesNeverCrash() {
        var generator = SeededGenerator(seed: 0x5eed)
        let alphabet = Array("SELECT FROM WHERE ( ) , ' \" ` ; = < > + - * / \\ @ ? # -- /* */ 0x1 b'1' X'' AND OR NOT IN LIKE 1 a é \n".split(separator: " ").map(String.init))
        for _ in 0..<2000 {
            let count = Int.random(in: 1...30, using: &generator)
            let sql = (0..<count).map { _ in alphabet.randomElement(using: &generator)! }.joined(separator: Bool.random(using: &generator) ? " " : "")
            if let parsed = try? Parser.parse(sql) {
                _ = try? SQLitePrinter().translate(parsed.statement)
                _ = MySQLPrinter().print(parsed.statement)
                _ = parsed.statement.info
            }
        }
    }
}

extension ParserTests {
    func testLongOperatorChains() throws {
        let ok = (1...1500).map { "a = \($0)" }.joined(separator: " OR ")
        let statements = try SQLitePrinter().print(try Parser.parse("SELECT * FROM t WHERE " + ok).statement)
        XCTAssertTrue(statements[0].hasSuffix(#"("a" = 1500)"#))
        let tooLong = Array(repeating: "1", count: 50_000).joined(separator: " + ")
        XCTAssertThrowsError(try Parser.parse("SELECT " + tooLong)) { XCTAssertEqual(($0 as? SQLError)?.mysqlErrorCode, 1064) }
    }
}

/// A small deterministic generator (splitmix64) so the fuzz test is reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
