import XCTest
@testable import MySQLWire

/// Whole sessions in the byte shapes of the clients in
/// /work/shared/compat/client-sessions.log.
final class TranscriptTests: XCTestCase {
    private typealias Action = ConnectionStateMachine.Action

    /// Reads a text or binary result set the way a classic-EOF client does.
    private struct ReadResultSet {
        var columns: [ColumnDefinition] = []
        var rows: [[UInt8]] = []
        var status: ServerStatus = []
    }

    private func readResultSet(_ packets: [MySQLPacket], from start: Int = 0,
                               file: StaticString = #filePath, line: UInt = #line) throws -> (ReadResultSet, Int) {
        var i = start
        var r = MySQLPayloadReader(packets[i].payload)
        let count = Int(try r.readLengthEncodedInteger())
        i += 1
        var set = ReadResultSet()
        for _ in 0..<count {
            set.columns.append(try ColumnDefinition.decode(packets[i].payload))
            i += 1
        }
        XCTAssertEqual(packets[i].payload.first, 0xFE, "EOF after metadata", file: file, line: line)
        i += 1
        while packets[i].payload.first != 0xFE || packets[i].payload.count >= 9 {
            set.rows.append(packets[i].payload)
            i += 1
        }
        set.status = try EOFPacket.decode(packets[i].payload).status
        return (set, i + 1)
    }

    private func assertSequential(_ packets: [MySQLPacket], from first: UInt8 = 1,
                                  file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(packets.map(\.sequenceID), (0..<packets.count).map { first &+ UInt8(truncatingIfNeeded: $0) },
                       file: file, line: line)
    }

    // MARK: Session 61: mariadb CLI

    func testMariaDBCLISession() throws {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.mariadbCLI, maxPacketSize: 1_048_576,
                                                    characterSet: 33, username: "root", authResponse: []))
        XCTAssertFalse(m.capabilities.contains(.deprecateEOF))

        XCTAssertEqual(m.bytesReceived(command(.query("select @@version_comment limit 1"))),
                       [.runQuery("select @@version_comment limit 1", multiStatements: true)])
        XCTAssertEqual(m.state, .commandInFlight(.query))
        let version = ResultSet(columns: [ColumnDefinition(name: "@@version_comment", type: .varString)],
                                rows: [[.string("Marmot")]])
        let p1 = writtenPackets(m.commandCompleted(.resultSet(version)))
        assertSequential(p1)
        let (set, end) = try readResultSet(p1)
        XCTAssertEqual(end, p1.count)
        XCTAssertEqual(set.columns.map(\.name), ["@@version_comment"])
        XCTAssertEqual(set.rows, [[6] + Array("Marmot".utf8)])
        XCTAssertEqual(set.status, .autocommit)

        XCTAssertEqual(m.bytesReceived(command(.query("SELECT DATABASE()"))),
                       [.runQuery("SELECT DATABASE()", multiStatements: true)])
        let db = writtenPackets(m.commandCompleted(.resultSet(ResultSet(
            columns: [ColumnDefinition(name: "DATABASE()", type: .varString)], rows: [[.null]]))))
        XCTAssertEqual(try readResultSet(db).0.rows, [[0xFB]])

        XCTAssertEqual(m.bytesReceived(command(.initDB("t1"))), [.initDatabase("t1")])
        let ok = writtenPackets(m.commandCompleted(.ok))
        XCTAssertEqual(ok.map(\.sequenceID), [1])
        XCTAssertEqual(try OKPacket.decode(ok[0].payload).status, .autocommit)

        // Tab completion: one COM_FIELD_LIST per table ("a\0", empty wildcard).
        XCTAssertEqual(m.bytesReceived(framed([0x04] + Array("a".utf8) + [0])), [.listFields(table: "a", wildcard: "")])
        let fields = writtenPackets(m.commandCompleted(.fields([
            ColumnDefinition(name: "id", type: .long, schema: "t1", table: "a", flags: [.notNull, .primaryKey]),
            ColumnDefinition(name: "name", type: .varString, schema: "t1", table: "a"),
        ])))
        assertSequential(fields)
        XCTAssertEqual(fields.count, 3)
        XCTAssertEqual(fields[0].payload.last, 0xFB, "field list definitions carry a NULL default")
        XCTAssertEqual(try ColumnDefinition.decode(fields[1].payload).name, "name")
        XCTAssertEqual(try EOFPacket.decode(fields[2].payload).status, .autocommit)

        XCTAssertEqual(m.bytesReceived(command(.fieldList(table: "missing", wildcard: ""))),
                       [.listFields(table: "missing", wildcard: "")])
        let missing = writtenPackets(m.commandCompleted(.error(MySQLError(code: 1146, sqlState: "42S02",
                                                                           message: "Table 't1.missing' doesn't exist"))))
        XCTAssertEqual(try MySQLError.decode(missing[0].payload).code, 1146)

        XCTAssertEqual(m.bytesReceived(command(.statistics)), [.collectStatistics])
        let stats = "Uptime: 5  Threads: 1  Questions: 9  Slow queries: 0  Opens: 0  Open tables: 0  Queries per second avg: 1.800"
        let s = writtenPackets(m.commandCompleted(.statistics(stats)))
        XCTAssertEqual(s.map(\.payload), [Array(stats.utf8)])

        XCTAssertEqual(m.bytesReceived(command(.quit)), [.close])
        XCTAssertTrue(m.isClosed)
    }

    // MARK: Session 62: PyMySQL

    func testPyMySQLSession() throws {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.pymysql, maxPacketSize: 16_777_215,
                                                    characterSet: 45, username: "root", authResponse: [], database: "t1"))
        XCTAssertEqual(m.session?.database, "t1")
        XCTAssertFalse(m.multiStatementsEnabled, "PyMySQL does not ask for CLIENT_MULTI_STATEMENTS")

        _ = m.bytesReceived(command(.query("SET NAMES utf8mb4")))
        _ = m.commandCompleted(.ok)
        XCTAssertEqual(m.bytesReceived(command(.query("SET AUTOCOMMIT = 0"))),
                       [.runQuery("SET AUTOCOMMIT = 0", multiStatements: false)])
        let off = writtenPackets(m.commandCompleted(.ok, sessionStatus: []))
        XCTAssertEqual(try OKPacket.decode(off[0].payload).status, [])

        let sql = #"select * from a where id=1 and name='o\'k'"#
        XCTAssertEqual(m.bytesReceived(command(.query(sql))), [.runQuery(sql, multiStatements: false)])
        let rows = writtenPackets(m.commandCompleted(.resultSet(ResultSet(
            columns: [ColumnDefinition(name: "id", type: .long, table: "a"), ColumnDefinition(name: "name", type: .varString, table: "a")],
            rows: [[.int(1), .string("o'k")]])), sessionStatus: .inTransaction))
        let (set, _) = try readResultSet(rows)
        XCTAssertEqual(set.status, .inTransaction)
        XCTAssertEqual(set.rows, [hex("01 31 03 6f276b")])

        _ = m.bytesReceived(command(.query("COMMIT")))
        _ = m.commandCompleted(.ok, sessionStatus: [])
        let ping = writtenPackets(m.bytesReceived(command(.ping)))
        XCTAssertEqual(ping.map(\.sequenceID), [1])
        XCTAssertEqual(try OKPacket.decode(ping[0].payload).status, [])
        XCTAssertEqual(m.bytesReceived(command(.quit)), [.close])
    }

    // MARK: Session 63: mysql-connector-python, prepared=True

    func testConnectorPythonPreparedSession() throws {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.connectorPython,
                                                    maxPacketSize: 1_073_741_824, username: "root", database: "t1"))
        _ = m.bytesReceived(command(.query("SET NAMES 'utf8mb4' COLLATE 'utf8mb4_general_ci'")))
        _ = m.commandCompleted(.ok)
        XCTAssertEqual(writtenPackets(m.bytesReceived(command(.ping))).count, 1)
        XCTAssertEqual(writtenPackets(m.bytesReceived(command(.ping))).count, 1)

        let sql = "select id, name from a where id=?"
        XCTAssertEqual(m.bytesReceived(command(.statementPrepare(sql))), [.prepareStatement(id: 1, sql: sql)])
        let columns = [ColumnDefinition(name: "id", type: .long, table: "a", flags: [.notNull, .primaryKey]),
                       ColumnDefinition(name: "name", type: .varString, table: "a")]
        let prep = writtenPackets(m.commandCompleted(.prepared(PreparedStatementInfo(parameterCount: 1, columns: columns))))
        assertSequential(prep)
        XCTAssertEqual(try PrepareOKPacket.decode(prep[0].payload),
                       PrepareOKPacket(statementID: 1, columnCount: 2, parameterCount: 1))
        XCTAssertEqual(prep.count, 1 + 1 + 1 + 2 + 1)

        // COM_STMT_RESET before each execute: answered locally with OK.
        let reset = writtenPackets(m.bytesReceived(framed([0x1A, 1, 0, 0, 0])))
        XCTAssertEqual(reset.map(\.payload.first), [0x00])
        XCTAssertEqual(m.state, .ready)

        // COM_STMT_EXECUTE stmt=1 flags=0 iter=1 rest=0001018001
        let exec = hex("17 01000000 00 01000000 0001018001")
        let actions = m.bytesReceived(framed(exec))
        XCTAssertEqual(actions, [.executeStatement(ExecuteRequest(
            statementID: 1, sql: sql, parameters: [.int(1)], parameterTypes: [ParameterType(.tiny, unsigned: true)]))])
        let result = writtenPackets(m.commandCompleted(.resultSet(ResultSet(columns: columns, rows: [[.int(1), .string("x")]]))))
        let (set, _) = try readResultSet(result)
        XCTAssertEqual(set.rows, [hex("00 00 01000000 01 78")], "binary row: header, bitmap, LONG, lenenc string")

        _ = m.bytesReceived(command(.query("COMMIT")))
        _ = m.commandCompleted(.ok)
        XCTAssertEqual(m.bytesReceived(command(.quit)), [.close])
    }

    // MARK: Session 64: sysbench with server-side prepared statements

    func testSysbenchPreparedSession() throws {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.sysbench, maxPacketSize: 1_048_576,
                                                    username: "root", database: "sbtest"))
        let statements: [(String, Int, Int)] = [
            ("BEGIN", 0, 0), ("COMMIT", 0, 0),
            ("SELECT c FROM sbtest1 WHERE id=?", 1, 1),
            ("SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ?", 2, 1),
            ("SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN ? AND ?", 2, 1),
            ("SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c", 2, 1),
            ("SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c", 2, 1),
            ("UPDATE sbtest1 SET k=k+1 WHERE id=?", 1, 0),
            ("UPDATE sbtest1 SET c=? WHERE id=?", 2, 0),
            ("DELETE FROM sbtest1 WHERE id=?", 1, 0),
            ("INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?)", 4, 0),
        ]
        let cColumn = ColumnDefinition(name: "c", type: .string, schema: "sbtest", table: "sbtest1", flags: [.notNull])
        for (i, (sql, params, cols)) in statements.enumerated() {
            XCTAssertEqual(m.bytesReceived(command(.statementPrepare(sql))), [.prepareStatement(id: UInt32(i + 1), sql: sql)])
            let out = writtenPackets(m.commandCompleted(.prepared(PreparedStatementInfo(
                parameterCount: params, columns: Array(repeating: cColumn, count: cols)))))
            XCTAssertEqual(try PrepareOKPacket.decode(out[0].payload).statementID, UInt32(i + 1))
        }
        XCTAssertEqual(m.statements.count, 11)

        // stmt=1 (BEGIN): no parameters, empty rest.
        XCTAssertEqual(m.bytesReceived(framed(hex("17 01000000 00 01000000"))),
                       [.executeStatement(ExecuteRequest(statementID: 1, sql: "BEGIN", parameters: [], parameterTypes: []))])
        _ = m.commandCompleted(.ok, sessionStatus: [.autocommit, .inTransaction])

        // stmt=3: types on the first execute, then only values.
        let executes = ["000108003200000000000000", "00002900000000000000", "00002b00000000000000",
                        "00003300000000000000", "00003700000000000000"]
        let expected: [Int64] = [50, 41, 43, 51, 55]
        for (rest, id) in zip(executes, expected) {
            let actions = m.bytesReceived(framed(hex("17 03000000 00 01000000") + hex(rest)))
            XCTAssertEqual(actions, [.executeStatement(ExecuteRequest(
                statementID: 3, sql: "SELECT c FROM sbtest1 WHERE id=?", parameters: [.int(id)],
                parameterTypes: [ParameterType(.longlong)]))])
            let out = writtenPackets(m.commandCompleted(.resultSet(ResultSet(columns: [cColumn], rows: [[.string("row")]]))))
            let (set, _) = try readResultSet(out)
            XCTAssertEqual(set.rows, [hex("00 00 03 726f77")])
            XCTAssertEqual(set.status, [.autocommit, .inTransaction])
        }

        // stmt=4..7: two LONGLONG parameters.
        for id: UInt8 in 4...7 {
            let actions = m.bytesReceived(framed([0x17, id, 0, 0, 0, 0, 1, 0, 0, 0]
                + hex("00010800080032000000000000009500000000000000")))
            guard case .executeStatement(let req)? = actions.first else { return XCTFail("\(actions)") }
            XCTAssertEqual(req.parameters, [.int(50), .int(149)])
            _ = m.commandCompleted(.resultSet(ResultSet(columns: [cColumn])))
        }

        // stmt=11: INSERT with LONGLONG, LONGLONG, VAR_STRING, VAR_STRING.
        let c = "53948665716-84168334811-16458424721-00000000000-11111111111-22222222222-33333333333-44444444444-55555555555-66666666666"
        let pad = "27946945579-73697033340-28523298590-97829504714-74612785151"
        var insert = hex("17 0b000000 00 01000000 00 01 0800 0800 fd00 fd00 3000000000000000 2f00000000000000")
        insert += [UInt8(c.utf8.count)] + Array(c.utf8) + [UInt8(pad.utf8.count)] + Array(pad.utf8)
        let ins = m.bytesReceived(framed(insert))
        guard case .executeStatement(let req)? = ins.first else { return XCTFail("\(ins)") }
        XCTAssertEqual(req.parameters, [.int(48), .int(47), .string(c), .string(pad)])
        let okOut = writtenPackets(m.commandCompleted(.ok(OKResult(affectedRows: 1, lastInsertID: 48))))
        let ok = try OKPacket.decode(okOut[0].payload)
        XCTAssertEqual(ok.affectedRows, 1)
        XCTAssertEqual(ok.lastInsertID, 48)

        // stmt=2 (COMMIT), then closes in sysbench's order: no answers, one action each.
        _ = m.bytesReceived(framed(hex("17 02000000 00 01000000")))
        _ = m.commandCompleted(.ok, sessionStatus: .autocommit)
        var closes: [UInt8] = []
        for id: UInt8 in [5, 6, 10, 8, 9, 3, 11, 4, 7, 1, 2] { closes += framed([0x19, id, 0, 0, 0]) }
        let closeActions = m.bytesReceived(closes)
        XCTAssertEqual(closeActions, [5, 6, 10, 8, 9, 3, 11, 4, 7, 1, 2].map { Action.closeStatement(id: $0) })
        XCTAssertEqual(m.statements.count, 0)
        XCTAssertEqual(m.bytesReceived(command(.quit)), [.close])
    }

    // MARK: WordPress (PHP mysqli): connect without a database, select it after.

    func testMysqliWordPressSession() throws {
        var m = loggedInMachine(HandshakeResponse41(
            capabilities: [.longPassword, .longFlag, .protocol41, .transactions, .secureConnection, .multiResults,
                           .pluginAuth, .pluginAuthLenencClientData, .connectAttrs],
            characterSet: 45, username: "root"))
        XCTAssertEqual(m.bytesReceived(command(.initDB("wordpress"))), [.initDatabase("wordpress")])
        let err = writtenPackets(m.commandCompleted(.error(.unknownDatabase("wordpress"))))
        XCTAssertEqual(try MySQLError.decode(err[0].payload).code, 1049)
        XCTAssertEqual(m.state, .ready, "a failed USE does not close the connection")
        _ = m.bytesReceived(command(.query("SELECT @@SESSION.sql_mode")))
        let out = writtenPackets(m.commandCompleted(.resultSet(ResultSet(
            columns: [ColumnDefinition(name: "@@SESSION.sql_mode", type: .varString)],
            rows: [[.string("ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES")]]))))
        XCTAssertEqual(try readResultSet(out).0.rows.count, 1)
        _ = m.bytesReceived(command(.query("SELECT * FROM wp_options")))
        let missing = writtenPackets(m.commandCompleted(.error(MySQLError(
            code: 1146, sqlState: "42S02", message: "Table 'wordpress.wp_options' doesn't exist"))))
        XCTAssertEqual(try MySQLError.decode(missing[0].payload).sqlState, "42S02")
        XCTAssertEqual(m.bytesReceived(command(.quit)), [.close])
    }

    // MARK: Protocol behaviours across sessions

    func testPipelinedCommandsWaitForTheAnswer() throws {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.sysbench, username: "root"))
        let bytes = command(.query("SELECT 1")) + command(.ping) + command(.query("SELECT 2"))
        XCTAssertEqual(m.bytesReceived(bytes), [.runQuery("SELECT 1", multiStatements: true)])
        let next = m.commandCompleted(.ok)
        // OK for SELECT 1 and the PING's OK are merged into one write; then the next query.
        XCTAssertEqual(effects(next), [.runQuery("SELECT 2", multiStatements: true)])
        XCTAssertEqual(writtenPackets(next).map(\.sequenceID), [1, 1])
        XCTAssertEqual(next.count, 2)
    }

    func testMultiStatementQueryGetsMoreResultsFlags() throws {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.mariadbBatch, username: "root"))
        XCTAssertEqual(m.bytesReceived(command(.query("BEGIN; SELECT 1; COMMIT"))),
                       [.runQuery("BEGIN; SELECT 1; COMMIT", multiStatements: true)])
        let set = ResultSet(columns: [ColumnDefinition(name: "1", type: .longlong)], rows: [[.int(1)]],
                            status: [.autocommit, .inTransaction])
        let out = writtenPackets(m.commandCompleted(.results([
            .ok(OKResult(status: [.autocommit, .inTransaction])), .rows(set), .ok(OKResult()),
        ]), sessionStatus: .autocommit))
        assertSequential(out)
        XCTAssertEqual(try OKPacket.decode(out[0].payload).status, [.autocommit, .inTransaction, .moreResultsExist])
        let (rs, end) = try readResultSet(out, from: 1)
        XCTAssertEqual(rs.status, [.autocommit, .inTransaction, .moreResultsExist])
        XCTAssertEqual(try OKPacket.decode(out[end].payload).status, .autocommit)
        XCTAssertEqual(end + 1, out.count)
    }

    func testSetOptionTogglesMultiStatements() throws {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.pymysql, username: "root"))
        XCTAssertFalse(m.multiStatementsEnabled)
        let on = writtenPackets(m.bytesReceived(framed([0x1B, 0, 0])))
        XCTAssertEqual(on.map(\.payload), [hex("fe 0000 0200")])
        XCTAssertTrue(m.multiStatementsEnabled)
        XCTAssertEqual(m.bytesReceived(command(.query("a;b"))), [.runQuery("a;b", multiStatements: true)])
        _ = m.commandCompleted(.ok)
        _ = m.bytesReceived(framed([0x1B, 1, 0]))
        XCTAssertFalse(m.multiStatementsEnabled)
        let bad = writtenPackets(m.bytesReceived(framed([0x1B, 9, 0])))
        XCTAssertEqual(try MySQLError.decode(bad[0].payload).code, 1047)
    }

    func testDeprecateEOFClient() throws {
        var caps = CapturedClient.connectorPython
        caps.insert(.deprecateEOF)
        var m = loggedInMachine(HandshakeResponse41(capabilities: caps, username: "root"))
        XCTAssertTrue(m.capabilities.contains(.deprecateEOF))
        _ = m.bytesReceived(command(.query("SELECT 1")))
        let out = writtenPackets(m.commandCompleted(.resultSet(ResultSet(
            columns: [ColumnDefinition(name: "1", type: .longlong)], rows: [[.int(1)]]))))
        XCTAssertEqual(out.map(\.payload), [[1], ColumnDefinition(name: "1", type: .longlong).encoded(), hex("01 31"),
                                            hex("fe 00 00 0200 0000")])
        let option = writtenPackets(m.bytesReceived(framed([0x1B, 0, 0])))
        XCTAssertEqual(option.map(\.payload), [hex("fe 00 00 0200 0000")])
    }

    func testStatementErrorsAndUnsupportedCommands() throws {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.sysbench, username: "root"))
        func error(_ bytes: [UInt8]) throws -> MySQLError {
            let packets = writtenPackets(m.bytesReceived(bytes))
            XCTAssertEqual(packets.count, 1)
            XCTAssertEqual(m.state, .ready)
            return try MySQLError.decode(packets[0].payload)
        }
        XCTAssertEqual(try error(framed(hex("17 63000000 00 01000000"))),
                       .unknownStatement(99, command: "mysqld_stmt_execute"))
        XCTAssertEqual(try error(framed([0x1A, 9, 0, 0, 0])).code, 1243)
        XCTAssertEqual(try error(framed([0x1C, 9, 0, 0, 0, 1, 0, 0, 0])).code, 1243)
        XCTAssertEqual(try error(framed([0x11] + Array("root".utf8) + [0, 0])).code, 1235)
        XCTAssertEqual(try error(framed([0x0D])).code, 1047)
        XCTAssertEqual(try error(framed([0x19, 1])).code, 1835, "truncated COM_STMT_CLOSE")

        _ = m.bytesReceived(command(.statementPrepare("SELECT ?")))
        _ = m.commandCompleted(.prepared(PreparedStatementInfo(parameterCount: 1)))
        XCTAssertEqual(try error(framed(hex("17 01000000 00 01000000 00 01 0800 01"))),
                       .wrongArguments("mysqld_stmt_execute"))
        XCTAssertEqual(try error(framed(hex("17 01000000 00 01000000 00 00 0100000000000000"))).code, 1210,
                       "types never bound")
        XCTAssertEqual(try error(framed([0x1C, 1, 0, 0, 0, 1, 0, 0, 0])), .noOpenCursor(1))

        // A failed prepare answers the error and keeps no statement.
        XCTAssertEqual(m.bytesReceived(command(.statementPrepare("SELEKT"))), [.prepareStatement(id: 2, sql: "SELEKT")])
        let failed = writtenPackets(m.commandCompleted(.error(MySQLError(code: 1064, sqlState: "42000", message: "syntax"))))
        XCTAssertEqual(try MySQLError.decode(failed[0].payload).code, 1064)
        XCTAssertEqual(m.statements.ids, [1])
    }

    func testSendLongDataAccumulatesPerParameter() throws {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.sysbench, username: "root"))
        _ = m.bytesReceived(command(.statementPrepare("INSERT INTO t VALUES (?, ?)")))
        _ = m.commandCompleted(.prepared(PreparedStatementInfo(parameterCount: 2)))
        let chunks = framed([0x18, 1, 0, 0, 0, 1, 0] + Array("hello ".utf8))
            + framed([0x18, 1, 0, 0, 0, 1, 0] + Array("world".utf8))
            + framed([0x18, 1, 0, 0, 0, 7, 0, 1])  // bad parameter index: ignored, never answered
        XCTAssertEqual(m.bytesReceived(chunks), [])
        let actions = m.bytesReceived(framed(hex("17 01000000 00 01000000 00 01 0800 fc00 0500000000000000")))
        guard case .executeStatement(let req)? = actions.first else { return XCTFail("\(actions)") }
        XCTAssertEqual(req.parameters, [.int(5), .bytes(Array("hello world".utf8))])
        _ = m.commandCompleted(.ok)
        // Long data served one execute; the next one reads the value inline.
        let again = m.bytesReceived(framed(hex("17 01000000 00 01000000 00 00 0600000000000000 03 616263")))
        guard case .executeStatement(let req2)? = again.first else { return XCTFail("\(again)") }
        XCTAssertEqual(req2.parameters, [.int(6), .bytes(Array("abc".utf8))])
        _ = m.commandCompleted(.ok)
        // COM_STMT_RESET drops pending long data.
        _ = m.bytesReceived(framed([0x18, 1, 0, 0, 0, 0, 0, 9]))
        _ = m.bytesReceived(framed([0x1A, 1, 0, 0, 0]))
        let third = m.bytesReceived(framed(hex("17 01000000 00 01000000 00 00 0700000000000000 01 78")))
        guard case .executeStatement(let req3)? = third.first else { return XCTFail("\(third)") }
        XCTAssertEqual(req3.parameters, [.int(7), .bytes([0x78])])
    }

    func testLastPreparedStatementAlias() throws {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.sysbench, username: "root"))
        // MariaDB pipelining: PREPARE and EXECUTE(-1) in one write.
        let bytes = command(.statementPrepare("SELECT 1")) + framed(hex("17 ffffffff 00 01000000"))
        XCTAssertEqual(m.bytesReceived(bytes), [.prepareStatement(id: 1, sql: "SELECT 1")])
        let next = m.commandCompleted(.prepared(PreparedStatementInfo(parameterCount: 0)))
        XCTAssertEqual(effects(next), [.executeStatement(ExecuteRequest(statementID: 1, sql: "SELECT 1", parameters: [],
                                                                       parameterTypes: []))])
    }

    func testResetConnectionDropsStatements() throws {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.sysbench, username: "root"))
        for sql in ["SELECT 1", "SELECT 2"] {
            _ = m.bytesReceived(command(.statementPrepare(sql)))
            _ = m.commandCompleted(.prepared(PreparedStatementInfo(parameterCount: 0)))
        }
        m.sessionStatus = [.inTransaction]
        XCTAssertEqual(m.bytesReceived(command(.resetConnection)),
                       [.closeStatement(id: 1), .closeStatement(id: 2), .resetSession])
        let ok = writtenPackets(m.commandCompleted(.ok))
        XCTAssertEqual(try OKPacket.decode(ok[0].payload).status, .autocommit)
        XCTAssertEqual(m.statements.count, 0)
    }

    func testPreparedStatementLimit() throws {
        var cfg = ServerConfiguration()
        cfg.maxPreparedStatements = 1
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.sysbench, username: "root"),
                                configuration: cfg)
        _ = m.bytesReceived(command(.statementPrepare("SELECT 1")))
        _ = m.commandCompleted(.prepared(PreparedStatementInfo(parameterCount: 0)))
        let out = writtenPackets(m.bytesReceived(command(.statementPrepare("SELECT 2"))))
        XCTAssertEqual(try MySQLError.decode(out[0].payload).code, 1461)
    }

    func testUnexpectedAnswerBecomesAnErrorNotACrash() throws {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.sysbench, username: "root"))
        XCTAssertEqual(m.commandCompleted(.ok), [], "no command in flight: ignored")
        _ = m.bytesReceived(command(.query("SELECT 1")))
        let out = writtenPackets(m.commandCompleted(.prepared(PreparedStatementInfo(parameterCount: 0))))
        XCTAssertEqual(try MySQLError.decode(out[0].payload).code, 1105)
        XCTAssertEqual(m.state, .ready)
    }

    func testLargeQuerySplitAcrossPackets() throws {
        var cfg = ServerConfiguration()
        cfg.maxAllowedPacket = 40 << 20
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.sysbench, username: "root"),
                                configuration: cfg)
        let sql = "INSERT INTO t VALUES ('" + String(repeating: "x", count: MySQLPacket.maxChunkLength + 100) + "')"
        let actions = m.bytesReceived(command(.query(sql)))
        XCTAssertEqual(actions, [.runQuery(sql, multiStatements: true)])
        let ok = writtenPackets(m.commandCompleted(.ok))
        XCTAssertEqual(ok.map(\.sequenceID), [2], "the answer follows the last chunk's sequence id")

        // A large result row is split too, and a client joins it back.
        _ = m.bytesReceived(command(.query("SELECT big")))
        let big = [UInt8](repeating: 0x62, count: MySQLPacket.maxChunkLength)
        let out = m.commandCompleted(.resultSet(ResultSet(columns: [ColumnDefinition(name: "b", type: .longBlob, binary: true)],
                                                          rows: [[.bytes(big)]])))
        let packets = writtenPackets(out)
        XCTAssertEqual(packets.count, 5)
        XCTAssertEqual(packets[3].payload.count, big.count + 4)
        XCTAssertEqual(packets[4].sequenceID, 6, "1 count, 2 def, 3 eof, 4+5 row chunks, 6 eof")
    }

    func testOversizedPacketClosesTheConnection() throws {
        var cfg = ServerConfiguration()
        cfg.maxAllowedPacket = 1024
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.sysbench, username: "root"),
                                configuration: cfg)
        let actions = m.bytesReceived([0x00, 0x10, 0x00, 0x00, 0x03])
        let packets = writtenPackets(actions)
        XCTAssertEqual(packets.map(\.sequenceID), [1])
        XCTAssertEqual(try MySQLError.decode(packets[0].payload), .packetTooLarge)
        XCTAssertEqual(effects(actions), [.close])
        XCTAssertTrue(m.isClosed)
    }

    func testCommandWithNonZeroSequenceClosesTheConnection() throws {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.sysbench, username: "root"))
        let actions = m.bytesReceived(framed([0x0E], seq: 5))
        XCTAssertEqual(try MySQLError.decode(writtenPackets(actions)[0].payload).code, 1156)
        XCTAssertEqual(effects(actions), [.close])
    }

    func testPeerClosingEndsTheSession() {
        var m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.sysbench, username: "root"))
        _ = m.bytesReceived(command(.query("SELECT SLEEP(10)")))
        XCTAssertEqual(m.connectionClosed(), [.close])
        XCTAssertEqual(m.commandCompleted(.ok), [], "a late answer is dropped")
        var fresh = startedMachine()
        XCTAssertEqual(fresh.connectionClosed(), [])
    }
}
