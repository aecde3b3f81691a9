import XCTest
@testable import MySQLWire

final class AuthenticationTests: XCTestCase {
    private var passwordConfig: ServerConfiguration {
        var cfg = ServerConfiguration()
        cfg.users = MySQLUserTable(accounts: [
            "root": .init(nativeStage2: nil),
            "app": .init(password: "password"),
            "legacy": .init(nativeStage2: NativePassword.stage2Hash(password: "password")),
        ])
        return cfg
    }

    private func response(user: String, auth: [UInt8], plugin: String = "mysql_native_password",
                          caps: CapabilityFlags = CapturedClient.pymysql, db: String? = nil) -> [UInt8] {
        framed(HandshakeResponse41(capabilities: caps, username: user, authResponse: auth, database: db,
                                   authPluginName: plugin).encode(), seq: 1)
    }

    func testNativePasswordSuccess() throws {
        var m = startedMachine(passwordConfig)
        let auth = NativePassword.scramble(password: "password", scramble: fixedScramble)
        let actions = m.bytesReceived(response(user: "app", auth: auth, db: "t1"))
        XCTAssertEqual(writtenPackets(actions), [])
        guard case .startSession(let info)? = actions.first else { return XCTFail("\(actions)") }
        XCTAssertEqual(info.user, "app")
        XCTAssertEqual(info.database, "t1")
        XCTAssertEqual(info.clientHost, "127.0.0.1")
        XCTAssertEqual(info.connectionID, 7)
        XCTAssertEqual(info.characterSet, 45)
        XCTAssertEqual(info.authPlugin, "mysql_native_password")
        XCTAssertEqual(info.capabilities, CapturedClient.pymysql.intersection(.serverDefault))
        XCTAssertEqual(m.state, .commandInFlight(.startSession))
        let ok = writtenPackets(m.commandCompleted(.ok))
        XCTAssertEqual(ok.count, 1)
        XCTAssertEqual(ok[0].sequenceID, 2)
        XCTAssertEqual(ok[0].payload, [0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00])
        XCTAssertEqual(m.state, .ready)
    }

    func testWrongPasswordIsAccessDeniedWithYES() throws {
        var m = startedMachine(passwordConfig)
        let auth = NativePassword.scramble(password: "wrong", scramble: fixedScramble)
        let actions = m.bytesReceived(response(user: "app", auth: auth))
        let packets = writtenPackets(actions)
        XCTAssertEqual(packets.count, 1)
        XCTAssertEqual(packets[0].sequenceID, 2)
        let err = try MySQLError.decode(packets[0].payload)
        XCTAssertEqual(err.code, 1045)
        XCTAssertEqual(err.sqlState, "28000")
        XCTAssertEqual(err.message, "Access denied for user 'app'@'127.0.0.1' (using password: YES)")
        XCTAssertEqual(effects(actions), [.close])
        XCTAssertEqual(m.state, .closed)
        XCTAssertEqual(m.bytesReceived(command(.ping)), [], "nothing after close")
    }

    func testMissingPasswordIsAccessDeniedWithNO() throws {
        var m = startedMachine(passwordConfig)
        let packets = writtenPackets(m.bytesReceived(response(user: "app", auth: [])))
        XCTAssertEqual(try MySQLError.decode(packets[0].payload).message,
                       "Access denied for user 'app'@'127.0.0.1' (using password: NO)")
    }

    func testUnknownUserIsDenied() throws {
        var m = startedMachine(passwordConfig)
        let packets = writtenPackets(m.bytesReceived(response(user: "mallory", auth: [])))
        XCTAssertEqual(try MySQLError.decode(packets[0].payload).code, 1045)
        XCTAssertTrue(m.isClosed)
    }

    func testPasswordSentForPasswordlessAccountIsDenied() throws {
        var m = startedMachine(passwordConfig)
        let auth = NativePassword.scramble(password: "x", scramble: fixedScramble)
        let packets = writtenPackets(m.bytesReceived(response(user: "root", auth: auth)))
        XCTAssertEqual(try MySQLError.decode(packets[0].payload).message,
                       "Access denied for user 'root'@'127.0.0.1' (using password: YES)")
    }

    func testCachingSHA2ClientIsSwitchedToNativePassword() throws {
        var m = startedMachine(passwordConfig)
        let sha2 = CachingSHA2Password.scramble(password: "password", scramble: fixedScramble)
        // "legacy" has no SHA-256 hash: the fast path is impossible, so switch.
        let first = m.bytesReceived(response(user: "legacy", auth: sha2, plugin: "caching_sha2_password"))
        let switchPackets = writtenPackets(first)
        XCTAssertEqual(switchPackets.count, 1)
        XCTAssertEqual(switchPackets[0].sequenceID, 2)
        XCTAssertEqual(switchPackets[0].payload,
                       [0xFE] + Array("mysql_native_password".utf8) + [0] + fixedSwitchScramble + [0])
        XCTAssertEqual(m.state, .awaitingAuthSwitchResponse)
        // The answer must use the fresh scramble.
        let answer = NativePassword.scramble(password: "password", scramble: fixedSwitchScramble)
        let second = m.bytesReceived(framed(answer, seq: 3))
        guard case .startSession(let info)? = effects(second).first else { return XCTFail("\(second)") }
        XCTAssertEqual(info.authPlugin, "mysql_native_password")
        let ok = writtenPackets(m.commandCompleted(.ok))
        XCTAssertEqual(ok.map(\.sequenceID), [4])
    }

    func testAuthSwitchAnswerWithOldScrambleIsDenied() throws {
        var m = startedMachine(passwordConfig)
        _ = m.bytesReceived(response(user: "app", auth: [1, 2, 3], plugin: "sha256_password"))
        let stale = NativePassword.scramble(password: "password", scramble: fixedScramble)
        let actions = m.bytesReceived(framed(stale, seq: 3))
        let packets = writtenPackets(actions)
        XCTAssertEqual(packets[0].sequenceID, 4)
        XCTAssertEqual(try MySQLError.decode(packets[0].payload).code, 1045)
        XCTAssertEqual(effects(actions), [.close])
    }

    func testCachingSHA2FastPathWhenTheHashIsKnown() throws {
        var m = startedMachine(passwordConfig)
        let sha2 = CachingSHA2Password.scramble(password: "password", scramble: fixedScramble)
        let actions = m.bytesReceived(response(user: "app", auth: sha2, plugin: "caching_sha2_password"))
        let packets = writtenPackets(actions)
        XCTAssertEqual(packets.map(\.payload), [[0x01, 0x03]], "AuthMoreData: fast auth success")
        XCTAssertEqual(packets.map(\.sequenceID), [2])
        guard case .startSession? = effects(actions).first else { return XCTFail() }
        XCTAssertEqual(writtenPackets(m.commandCompleted(.ok)).map(\.sequenceID), [3])
    }

    func testCachingSHA2EmptyPasswordAsLoneNUL() throws {
        var m = startedMachine(passwordConfig)
        let actions = m.bytesReceived(response(user: "root", auth: [0], plugin: "caching_sha2_password"))
        guard case .startSession(let info)? = actions.first else { return XCTFail("\(actions)") }
        XCTAssertEqual(info.authPlugin, "caching_sha2_password")
    }

    func testEmptyPasswordSession60() throws {
        // mariadb CLI, root without password: authlen=0 and the native plugin.
        let m = loggedInMachine(HandshakeResponse41(capabilities: CapturedClient.mariadbBatch,
                                                    maxPacketSize: 1_048_576, characterSet: 33,
                                                    username: "root", authResponse: []))
        XCTAssertEqual(m.session?.user, "root")
        XCTAssertNil(m.session?.database)
        XCTAssertEqual(m.session?.characterSet, 33)
        XCTAssertTrue(m.multiStatementsEnabled)
    }

    func testUnknownDatabaseAtLoginClosesWithTheServersError() throws {
        var m = startedMachine()
        _ = m.bytesReceived(response(user: "root", auth: [], db: "nope"))
        let actions = m.commandCompleted(.error(.unknownDatabase("nope")))
        let packets = writtenPackets(actions)
        XCTAssertEqual(packets.map(\.sequenceID), [2])
        XCTAssertEqual(try MySQLError.decode(packets[0].payload).code, 1049)
        XCTAssertEqual(effects(actions), [.close])
        XCTAssertNil(m.session)
    }

    func testBadHandshakeClosesTheConnection() throws {
        var m = startedMachine()
        let actions = m.bytesReceived(framed([0x01, 0x02, 0x03], seq: 1))
        let packets = writtenPackets(actions)
        XCTAssertEqual(try MySQLError.decode(packets[0].payload).code, 1043)
        XCTAssertEqual(effects(actions), [.close])
    }

    func testHandshakeWithWrongSequenceIsOutOfOrder() throws {
        var m = startedMachine()
        let r = HandshakeResponse41(capabilities: CapturedClient.pymysql, username: "root")
        let actions = m.bytesReceived(framed(r.encode(), seq: 0))
        XCTAssertEqual(try MySQLError.decode(writtenPackets(actions)[0].payload).code, 1156)
        XCTAssertTrue(m.isClosed)
    }

    func testBytesBeforeStartAreKeptUntilTheGreeting() throws {
        var m = ConnectionStateMachine(connectionID: 1, scramble: fixedScramble, authSwitchScramble: fixedSwitchScramble)
        let r = HandshakeResponse41(capabilities: CapturedClient.pymysql, username: "root")
        XCTAssertEqual(m.bytesReceived(framed(r.encode(), seq: 1)), [])
        let actions = m.start()
        XCTAssertEqual(writtenPackets(actions).count, 1)
        guard case .startSession? = effects(actions).first else { return XCTFail("\(actions)") }
    }
}
