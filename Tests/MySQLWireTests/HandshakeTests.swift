import XCTest
@testable import MySQLWire

final class HandshakeTests: XCTestCase {
    func testGreetingLayout() throws {
        var m = ConnectionStateMachine(connectionID: 0x0102_0304, scramble: fixedScramble,
                                       authSwitchScramble: fixedSwitchScramble)
        let packets = writtenPackets(m.start())
        XCTAssertEqual(packets.count, 1)
        let p = packets[0]
        XCTAssertEqual(p.sequenceID, 0)
        var expected: [UInt8] = [10] + Array("8.0.36-marmot".utf8) + [0]
        expected += [0x04, 0x03, 0x02, 0x01]            // connection id
        expected += Array(1...8) + [0]                  // scramble part 1, filler
        let caps = CapabilityFlags.serverDefault.rawValue
        expected += [UInt8(caps & 0xFF), UInt8(caps >> 8 & 0xFF)]
        expected += [45, 0x02, 0x00]                    // utf8mb4_general_ci, autocommit
        expected += [UInt8(caps >> 16 & 0xFF), UInt8(caps >> 24)]
        expected += [21] + [UInt8](repeating: 0, count: 10)
        expected += Array(9...20) + [0]
        expected += Array("mysql_native_password".utf8) + [0]
        XCTAssertEqual(p.payload, expected)

        let parsed = try HandshakeV10.decode(p.payload)
        XCTAssertEqual(parsed.authPluginData, fixedScramble)
        XCTAssertEqual(parsed.connectionID, 0x0102_0304)
        XCTAssertEqual(parsed.authPluginName, "mysql_native_password")
    }

    func testAdvertisedCapabilities() {
        let caps = CapabilityFlags.serverDefault
        for flag: CapabilityFlags in [.longPassword, .foundRows, .longFlag, .connectWithDB, .noSchema, .localFiles,
                                      .protocol41, .interactive, .transactions, .secureConnection, .multiStatements,
                                      .multiResults, .psMultiResults, .pluginAuth, .pluginAuthLenencClientData,
                                      .deprecateEOF] {
            XCTAssertTrue(caps.contains(flag), "\(flag.rawValue)")
        }
        for flag: CapabilityFlags in [.ssl, .compress, .sessionTrack, .queryAttributes, .optionalResultsetMetadata,
                                      .zstdCompression] {
            XCTAssertFalse(caps.contains(flag), "\(flag.rawValue)")
        }
    }

    func testConfigurableVersion() throws {
        var cfg = ServerConfiguration()
        cfg.serverVersion = "5.7.99-test"
        var m = ConnectionStateMachine(configuration: cfg, connectionID: 1, scramble: fixedScramble,
                                       authSwitchScramble: fixedSwitchScramble)
        let p = try XCTUnwrap(writtenPackets(m.start()).first)
        XCTAssertEqual(try HandshakeV10.decode(p.payload).serverVersion, "5.7.99-test")
    }

    /// Session 61's shape: mariadb CLI, lenenc auth data, no database, attrs, MariaDB
    /// extended capabilities in the filler.
    func testParseMariaDBCLIResponse() throws {
        var payload: [UInt8] = []
        payload += [0x84, 0xA6, 0xFF, 0x20]              // caps 0x20ffa684
        payload += [0x00, 0x00, 0x10, 0x00]              // maxpkt 1048576
        payload += [33]                                   // charset utf8_general_ci
        payload += [UInt8](repeating: 0, count: 19) + [0x1D, 0, 0, 0] // mariadb_ext=0x1d
        payload += Array("root".utf8) + [0]
        payload += [0]                                    // lenenc auth length 0
        payload += Array("mysql_native_password".utf8) + [0]
        var attrs = MySQLPayloadWriter()
        attrs.writeLengthEncodedString("_os"); attrs.writeLengthEncodedString("Linux")
        attrs.writeLengthEncodedString("_client_name"); attrs.writeLengthEncodedString("libmariadb")
        var block = MySQLPayloadWriter()
        block.writeLengthEncodedBytes(attrs.bytes)
        payload += block.bytes
        let r = try HandshakeResponse41.decode(payload)
        XCTAssertEqual(r.capabilities, CapturedClient.mariadbCLI)
        XCTAssertEqual(r.maxPacketSize, 1_048_576)
        XCTAssertEqual(r.characterSet, 33)
        XCTAssertEqual(r.username, "root")
        XCTAssertEqual(r.authResponse, [])
        XCTAssertNil(r.database)
        XCTAssertEqual(r.authPluginName, "mysql_native_password")
    }

    /// Session 62's shape: PyMySQL with a database and a 20-byte password answer.
    func testParsePyMySQLResponseWithDatabase() throws {
        let auth = NativePassword.scramble(password: "password", scramble: fixedScramble)
        let response = HandshakeResponse41(capabilities: CapturedClient.pymysql, maxPacketSize: 16_777_215,
                                           characterSet: 45, username: "root", authResponse: auth,
                                           database: "t1", authPluginName: "mysql_native_password")
        let bytes = response.encode(attributes: [("_client_name", "pymysql"), ("_client_version", "1.2.4")])
        let r = try HandshakeResponse41.decode(bytes)
        XCTAssertEqual(r.username, "root")
        XCTAssertEqual(r.authResponse, auth)
        XCTAssertEqual(r.database, "t1")
        XCTAssertEqual(r.authPluginName, "mysql_native_password")
        XCTAssertEqual(r.maxPacketSize, 16_777_215)
    }

    func testThreeAuthResponseEncodings() throws {
        let auth = Array(1...20).map { UInt8($0) }
        let base: CapabilityFlags = [.protocol41, .pluginAuth, .connectWithDB]
        // 1. length-encoded
        let lenenc = HandshakeResponse41(capabilities: base.union([.secureConnection, .pluginAuthLenencClientData]),
                                         username: "u", authResponse: auth, database: "d")
        // 2. one length byte
        let short = HandshakeResponse41(capabilities: base.union(.secureConnection),
                                        username: "u", authResponse: auth, database: "d")
        // 3. NUL terminated (auth bytes contain no NUL here)
        let nul = HandshakeResponse41(capabilities: base, username: "u", authResponse: auth, database: "d")
        for response in [lenenc, short, nul] {
            let decoded = try HandshakeResponse41.decode(response.encode())
            XCTAssertEqual(decoded.authResponse, auth)
            XCTAssertEqual(decoded.database, "d")
            XCTAssertEqual(decoded.authPluginName, "mysql_native_password")
        }
        XCTAssertEqual(lenenc.encode()[34], 20)
    }

    func testMissingTrailingFieldsAreTolerated() throws {
        var payload: [UInt8] = [0x00, 0xA2, 0x08, 0x00]  // protocol41|secure|pluginAuth|connectWithDB
        payload[0] = 0x08
        payload += [0, 0, 0, 1, 45] + [UInt8](repeating: 0, count: 23)
        payload += Array("bob".utf8) + [0, 0]            // user, zero-length auth; no db, no plugin
        let r = try HandshakeResponse41.decode(payload)
        XCTAssertEqual(r.username, "bob")
        XCTAssertNil(r.database)
        XCTAssertNil(r.authPluginName)
    }

    func testSSLRequestAndOldClientsAreRejected() {
        var ssl = MySQLPayloadWriter()
        ssl.writeUInt32(CapabilityFlags([.protocol41, .ssl, .secureConnection]).rawValue)
        ssl.writeUInt32(1 << 24)
        ssl.writeUInt8(45)
        ssl.writeZeros(23)
        XCTAssertThrowsError(try HandshakeResponse41.decode(ssl.bytes))
        var old = MySQLPayloadWriter()
        old.writeUInt32(CapabilityFlags.longPassword.rawValue)
        old.writeZeros(40)
        XCTAssertThrowsError(try HandshakeResponse41.decode(old.bytes))
        XCTAssertThrowsError(try HandshakeResponse41.decode([1, 2, 3]))
    }

    func testAuthSwitchRequestLayout() {
        let bytes = AuthSwitchRequest(pluginData: fixedSwitchScramble).encode()
        XCTAssertEqual(bytes, [0xFE] + Array("mysql_native_password".utf8) + [0] + fixedSwitchScramble + [0])
    }
}
