import Foundation
import MySQLWire
import NIOCore
import XCTest
@testable import Runtime

/// The real server on an ephemeral 127.0.0.1 port, spoken to over a socket.
final class MySQLServerTests: XCTestCase {
    func testLoginQueryAndErrorsKeepTheConnection() async throws {
        let fixture = try await MySQLServerFixture()
        do {
            let client = try fixture.client()
            XCTAssertEqual(client.greeting.serverVersion, "8.0.36-marmot")
            XCTAssertEqual(client.greeting.characterSet, 45)
            XCTAssertEqual(try client.run("select @@version_comment limit 1").rows.first?.first??.hasPrefix("Marmot"), true)
            XCTAssertEqual(try client.run("CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT)").ok?.affectedRows, 0)
            let insert = try client.run("INSERT INTO kv (v) VALUES ('one'), ('two')")
            XCTAssertEqual(insert.ok?.affectedRows, 2)
            XCTAssertEqual(insert.ok?.lastInsertID, 2)
            let bad = try client.run("SELECT * FROM missing")
            XCTAssertEqual(bad.error?.code, 1146)
            XCTAssertEqual(bad.error?.sqlState, "42S02")
            let select = try client.run("SELECT k, v, NULL AS n FROM kv ORDER BY k")
            XCTAssertEqual(select.columns.map(\.type), [.longlong, .varString, .varString])
            XCTAssertEqual(select.rows, [["1", "one", nil], ["2", "two", nil]])
            XCTAssertTrue(client.lastStatus.contains(.autocommit))

            let multi = try client.query("BEGIN; UPDATE kv SET v = 'uno' WHERE k = 1; SELECT v FROM kv WHERE k = 1; COMMIT")
            XCTAssertEqual(multi.count, 4)
            XCTAssertEqual(multi[1].ok?.affectedRows, 1)
            XCTAssertEqual(multi[2].rows, [["uno"]])
            XCTAssertFalse(client.lastStatus.contains(.inTransaction))

            try client.send(.ping)
            XCTAssertNotNil(try client.readOKOrError().ok)
            try client.send(.initDB("nowhere"))
            XCTAssertEqual(try client.readOKOrError().error?.code, 1049)
            try client.send(.initDB("marmot"))
            XCTAssertNotNil(try client.readOKOrError().ok)
            try client.send(.statistics)
            XCTAssertTrue(String(decoding: try client.readPacket(), as: UTF8.self).hasPrefix("Uptime: "))
            try client.send(.fieldList(table: "kv", wildcard: ""))
            let first = try ColumnDefinition.decode(try client.readPacket())
            let second = try ColumnDefinition.decode(try client.readPacket())
            XCTAssertEqual([first.name, second.name], ["k", "v"])
            XCTAssertEqual(try client.readPacket().first, 0xFE)
            XCTAssertEqual(fixture.server.openConnections, 1)
        }
        await fixture.shutdown()
    }

    func testPreparedStatementsUseTheBinaryProtocol() async throws {
        let fixture = try await MySQLServerFixture()
        do {
            let client = try fixture.client()
            _ = try client.run("CREATE TABLE s (id INTEGER PRIMARY KEY, k INTEGER, c TEXT)")
            let insert = try client.prepare("INSERT INTO s (id, k, c) VALUES (?, ?, ?)")
            XCTAssertEqual(insert.parameters, 3)
            for i in 1...3 {
                XCTAssertEqual(try client.execute(insert.id, [.int(Int64(i)), .int(Int64(i * 10)), .string("c'\(i)")]).ok?.affectedRows, 1)
            }
            let select = try client.prepare("SELECT c, k FROM s WHERE id BETWEEN ? AND ? ORDER BY id")
            XCTAssertEqual(select.columns.map(\.name), ["c", "k"])
            let rows = try client.execute(select.id, [.int(2), .int(3)])
            XCTAssertEqual(rows.columns.map(\.type), [.varString, .longlong])
            XCTAssertEqual(rows.rows, [["c'2", "20"], ["c'3", "30"]])
            let sum = try client.prepare("SELECT SUM(k) FROM s WHERE id BETWEEN ? AND ?")
            XCTAssertEqual(try client.execute(sum.id, [.int(1), .int(3)]).rows, [["60"]])
            let begin = try client.prepare("BEGIN")
            XCTAssertNotNil(try client.execute(begin.id, []).ok)
            XCTAssertTrue(client.lastStatus.contains(.inTransaction))
            let commit = try client.prepare("COMMIT")
            XCTAssertNotNil(try client.execute(commit.id, []).ok)
            XCTAssertEqual(try client.execute(select.id, [.int(1), .null]).rows, [])
        }
        await fixture.shutdown()
    }

    func testPipelinedCommandsAreAnsweredInOrderAndSessionsEndAtTheNode() async throws {
        let closed = NSLock()
        nonisolated(unsafe) var closedSessions: [UInt64] = []
        let fixture = try await MySQLServerFixture(sessionClosed: { id in closed.withLock { closedSessions.append(id) } })
        do {
            var client: MySQLTestClient? = try fixture.client()
            var bytes: [UInt8] = []
            for i in 1...20 { bytes += PacketEncoder.encode(MySQLCommand.query("SELECT \(i)").encode(), sequenceID: 0) }
            try client!.writeRaw(bytes)
            for i in 1...20 { XCTAssertEqual(try client!.readResults(binary: false).first?.rows, [["\(i)"]]) }
            let id = UInt64(client!.greeting.connectionID)
            client = nil
            XCTAssertTrue(waitUntil { closed.withLock { closedSessions == [id] } })
        }
        await fixture.shutdown()
    }

    func testPasswordsAreChecked() async throws {
        let users = MySQLUserTable(accounts: ["root": .init(password: ""), "app": .init(password: "s3cret")])
        let fixture = try await MySQLServerFixture(MySQLServerConfiguration(bindAddress: "127.0.0.1", port: 0, users: users))
        do {
            let good = try MySQLTestClient(port: fixture.port)
            XCTAssertNotNil(try good.login(user: "app", password: "s3cret").ok)
            XCTAssertEqual(try good.run("SELECT USER()").rows, [["app@127.0.0.1"]])
            let wrong = try MySQLTestClient(port: fixture.port)
            let denied = try wrong.login(user: "app", password: "nope")
            XCTAssertEqual(denied.error?.code, 1045)
            XCTAssertEqual(denied.error?.sqlState, "28000")
            XCTAssertTrue(wrong.isClosedByServer())
            let sha = try MySQLTestClient(port: fixture.port)
            XCTAssertNotNil(try sha.login(user: "app", password: "s3cret", plugin: "caching_sha2_password").ok,
                            "a caching_sha2 client switches to native password")
            let unknownDB = try MySQLTestClient(port: fixture.port)
            XCTAssertEqual(try unknownDB.login(database: "nowhere").error?.code, 1049)
            let knownDB = try MySQLTestClient(port: fixture.port)
            XCTAssertNotNil(try knownDB.login(database: "marmot").ok)
            XCTAssertEqual(try knownDB.run("SELECT DATABASE()").rows, [["marmot"]])
        }
        await fixture.shutdown()
    }

    func testMaxConnectionsRefusesWith1040() async throws {
        let fixture = try await MySQLServerFixture(MySQLServerConfiguration(bindAddress: "127.0.0.1", port: 0, maxConnections: 1))
        do {
            var first: MySQLTestClient? = try fixture.client()
            let second = try MySQLTestClient(port: fixture.port)
            let refused = try second.readGreeting()
            XCTAssertEqual(refused?.error?.code, 1040)
            XCTAssertEqual(refused?.error?.sqlState, "08004")
            XCTAssertTrue(second.isClosedByServer())
            XCTAssertEqual(try first?.run("SELECT 1").rows, [["1"]])
            first = nil
            XCTAssertTrue(waitUntil { fixture.server.openConnections == 0 })
            let third = try fixture.client()
            XCTAssertEqual(try third.run("SELECT 2").rows, [["2"]])
        }
        await fixture.shutdown()
    }

    func testGarbageClosesOnlyThatConnection() async throws {
        let fixture = try await MySQLServerFixture()
        do {
            let good = try fixture.client()
            let bad = try fixture.client()
            // A packet claiming sequence 5: out of order, answered with an error and closed.
            try bad.writeRaw([0x05, 0x00, 0x00, 0x05, 0x03, 0x53, 0x45, 0x4C, 0x45])
            XCTAssertEqual(try MySQLError.decode(try bad.readPacket()).code, 1156)
            XCTAssertTrue(bad.isClosedByServer())
            XCTAssertEqual(try good.run("SELECT 3").rows, [["3"]])
            XCTAssertTrue(waitUntil { fixture.server.openConnections == 1 })
        }
        await fixture.shutdown()
    }

    func testPacketsOver16MiBAreJoined() async throws {
        let fixture = try await MySQLServerFixture()
        do {
            let client = try fixture.client()
            let big = String(repeating: "x", count: (16 << 20) + 100)
            let result = try client.run("SELECT LENGTH('\(big)')")
            XCTAssertEqual(result.rows, [["\((16 << 20) + 100)"]])
            let back = try client.run("SELECT '\(big)'")
            XCTAssertEqual(back.rows.first?.first??.count, (16 << 20) + 100)
        }
        await fixture.shutdown()
    }

    func testUnixSocketWithPermissions() async throws {
        let path = NSTemporaryDirectory() + "marmot-\(UUID().uuidString.prefix(8)).sock"
        let fixture = try await MySQLServerFixture(MySQLServerConfiguration(
            bindAddress: "127.0.0.1", port: 0, unixSocket: path, unixSocketPermissions: 0o600))
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, b) in path.utf8.enumerated() { raw[i] = b }
            }
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            XCTAssertEqual(connected, 0)
            var header = [UInt8](repeating: 0, count: 5)
            XCTAssertEqual(recv(fd, &header, 5, Int32(MSG_WAITALL)), 5)
            XCTAssertEqual(header[4], 10, "a protocol 10 greeting")
        }
        await fixture.shutdown()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }
}
