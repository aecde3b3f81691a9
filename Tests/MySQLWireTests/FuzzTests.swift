import XCTest
@testable import MySQLWire

/// Seeded garbage must never trap: decoders throw, the machine closes the connection.
final class FuzzTests: XCTestCase {
    private let seeds: [UInt64] = [1, 2, 3, 0xDEAD_BEEF, 0x1234_5678_9ABC_DEF0, 42, 7777]

    func testPacketDecoderSurvivesGarbage() {
        for seed in seeds {
            var rng = XorShift(seed: seed)
            var decoder = PacketDecoder(maxPayloadLength: 1 << 16)
            var alive = true
            for _ in 0..<2000 where alive {
                decoder.append(rng.bytes(rng.below(64)))
                do {
                    while try decoder.next() != nil {}
                } catch {
                    alive = false
                }
            }
        }
    }

    func testPayloadDecodersSurviveGarbage() {
        for seed in seeds {
            var rng = XorShift(seed: seed)
            for _ in 0..<3000 {
                let payload = rng.bytes(rng.below(80))
                _ = try? MySQLCommand.decode(payload)
                _ = try? HandshakeResponse41.decode(payload)
                _ = try? HandshakeV10.decode(payload)
                _ = try? ColumnDefinition.decode(payload)
                _ = try? OKPacket.decode(payload)
                _ = try? MySQLError.decode(payload)
                _ = try? ExecuteParameterDecoder.decode(payload, parameterCount: rng.below(20), previousTypes: nil)
                _ = try? ExecuteParameterDecoder.decode(payload, parameterCount: 2,
                                                        previousTypes: [ParameterType(.datetime), ParameterType(.time)])
                var r = MySQLPayloadReader(payload)
                while (try? r.readLengthEncodedBytesOrNull()) != nil {}
                _ = MySQLDateTime(parsing: String(decoding: payload, as: UTF8.self))
                _ = MySQLTime(parsing: String(decoding: payload, as: UTF8.self))
            }
        }
    }

    /// Mutations of real packets: closer to the structure, deeper into the parsers.
    func testMutatedRealPacketsNeverTrap() {
        let templates: [[UInt8]] = [
            HandshakeResponse41(capabilities: CapturedClient.mariadbCLI, username: "root", database: "db",
                                authPluginName: "mysql_native_password").encode(attributes: [("_os", "Linux")]),
            hex("17 0b000000 00 01000000 00 01 0800 0800 fd00 fd00 3000000000000000 2f00000000000000 03616263 0178"),
            hex("17 01000000 00 01000000 0001018001"),
            [0x04] + Array("a".utf8) + [0],
            ColumnDefinition(name: "x", type: .datetime).encoded(),
        ]
        var rng = XorShift(seed: 99)
        for _ in 0..<5000 {
            var p = templates[rng.below(templates.count)]
            for _ in 0..<(1 + rng.below(4)) {
                switch rng.below(3) {
                case 0 where !p.isEmpty: p[rng.below(p.count)] = rng.byte()
                case 1 where !p.isEmpty: p.removeLast(rng.below(min(p.count, 8)) + 1)
                default: p.insert(rng.byte(), at: rng.below(p.count + 1))
                }
            }
            _ = try? HandshakeResponse41.decode(p)
            _ = try? ColumnDefinition.decode(p)
            if let command = try? MySQLCommand.decode(p), case .statementExecute(let e) = command {
                _ = try? ExecuteParameterDecoder.decode(e.parameterBlock, parameterCount: 4, previousTypes: nil)
                _ = try? ExecuteParameterDecoder.decode(e.parameterBlock, parameterCount: 1, previousTypes: nil)
            }
        }
    }

    /// Random bytes at every stage of a connection: the machine writes, asks,
    /// or closes, but never traps and never acts after closing.
    func testStateMachineSurvivesGarbage() {
        for seed in seeds {
            var rng = XorShift(seed: seed)
            for round in 0..<40 {
                var cfg = ServerConfiguration()
                cfg.maxAllowedPacket = 4096
                cfg.users = MySQLUserTable(accounts: ["root": .init(nativeStage2: nil), "app": .init(password: "pw")])
                var m = ConnectionStateMachine(configuration: cfg, connectionID: UInt32(round), scramble: rng.bytes(20),
                                               authSwitchScramble: rng.bytes(20))
                _ = m.start()
                if round % 2 == 0 {
                    // Log in properly first, so garbage reaches the command phase.
                    let r = HandshakeResponse41(capabilities: CapturedClient.sysbench, username: "root")
                    _ = m.bytesReceived(framed(r.encode(), seq: 1))
                    _ = m.commandCompleted(.ok)
                    XCTAssertEqual(m.state, .ready)
                }
                var closed = false
                for _ in 0..<200 {
                    let bytes: [UInt8]
                    if rng.below(3) == 0 {
                        // A well-framed packet with garbage inside, sequence 0.
                        var payload = rng.bytes(rng.below(40))
                        if !payload.isEmpty, rng.below(2) == 0 { payload[0] = UInt8(rng.below(0x20)) }
                        bytes = framed(payload, seq: 0)
                    } else {
                        bytes = rng.bytes(rng.below(24))
                    }
                    let actions = m.bytesReceived(bytes)
                    if closed { XCTAssertEqual(actions, []) }
                    if actions.contains(.close) { closed = true }
                    if case .commandInFlight(let command) = m.state {
                        _ = m.commandCompleted(answer(for: command, rng: &rng))
                    }
                }
                XCTAssertEqual(closed, m.isClosed)
            }
        }
    }

    private func answer(for command: ConnectionStateMachine.InFlightCommand, rng: inout XorShift) -> CommandResponse {
        switch (command, rng.below(4)) {
        case (_, 0): return .error(.internalError("x"))
        case (.prepare, _): return .prepared(PreparedStatementInfo(parameterCount: rng.below(5),
                                                                   columns: [ColumnDefinition(name: "c", type: .long)]))
        case (.fieldList, _): return .fields([ColumnDefinition(name: "c", type: .long)])
        case (.statistics, _): return .statistics("Uptime: 1")
        case (.query, _), (.execute, _):
            return .results([.rows(ResultSet(columns: [ColumnDefinition(name: "c", type: .datetime)],
                                             rows: [[.string("garbage")], [.null], [.int(3)]])), .ok(OKResult())])
        default: return .ok
        }
    }
}
