import XCTest
@testable import MySQLWire

/// Deterministic xorshift64* for fuzzing (no system randomness in tests).
struct XorShift {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next() >> 32) }
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in byte() } }
}

func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    precondition(digits.count % 2 == 0, "odd hex")
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// 1...20: a scramble the sanitizer leaves unchanged.
let fixedScramble: [UInt8] = Array(1...20)
let fixedSwitchScramble: [UInt8] = Array(101...120)

/// Splits everything the machine wrote into packets (as a client would read them).
func writtenPackets(_ actions: [ConnectionStateMachine.Action]) -> [MySQLPacket] {
    var decoder = PacketDecoder(maxPayloadLength: Int.max)
    for case .write(let bytes) in actions { decoder.append(bytes) }
    var packets: [MySQLPacket] = []
    while let p = try? decoder.next() { packets.append(p) }
    return packets
}

/// Actions other than writes.
func effects(_ actions: [ConnectionStateMachine.Action]) -> [ConnectionStateMachine.Action] {
    actions.filter { if case .write = $0 { false } else { true } }
}

func framed(_ payload: [UInt8], seq: UInt8 = 0) -> [UInt8] { PacketEncoder.encode(payload, sequenceID: seq) }

func command(_ c: MySQLCommand) -> [UInt8] { framed(c.encode(), seq: 0) }

/// Capability sets of the clients in client-sessions.log.
enum CapturedClient {
    /// mariadb CLI (libmariadb), session 61.
    static let mariadbCLI = CapabilityFlags(rawValue: 0x20FF_A684)
    /// mariadb CLI running `-e`, session 60.
    static let mariadbBatch = CapabilityFlags(rawValue: 0x00BF_A284)
    /// PyMySQL 1.2.4, session 62.
    static let pymysql = CapabilityFlags(rawValue: 0x003A_A20D)
    /// mysql-connector-python, session 63.
    static let connectorPython = CapabilityFlags(rawValue: 0x003B_A20D)
    /// sysbench (libmariadb), sessions 64 and 65.
    static let sysbench = CapabilityFlags(rawValue: 0x00BF_A28C)
}

extension XCTestCase {
    /// A machine that has sent its greeting.
    func startedMachine(_ configuration: ServerConfiguration = ServerConfiguration(),
                        host: String = "127.0.0.1") -> ConnectionStateMachine {
        var m = ConnectionStateMachine(configuration: configuration, connectionID: 7, scramble: fixedScramble,
                                       authSwitchScramble: fixedSwitchScramble, clientHost: host)
        let greeting = m.start()
        XCTAssertEqual(writtenPackets(greeting).count, 1)
        return m
    }

    /// Logs in with `response` and accepts the session; returns the machine in `ready`.
    func loggedInMachine(_ response: HandshakeResponse41,
                         configuration: ServerConfiguration = ServerConfiguration(),
                         file: StaticString = #filePath, line: UInt = #line) -> ConnectionStateMachine {
        var m = startedMachine(configuration)
        let actions = m.bytesReceived(framed(response.encode(), seq: 1))
        guard case .startSession? = effects(actions).first else {
            XCTFail("login did not start a session: \(actions)", file: file, line: line)
            return m
        }
        let ok = writtenPackets(m.commandCompleted(.ok))
        XCTAssertEqual(ok.count, 1, file: file, line: line)
        XCTAssertEqual(ok.first?.payload.first, 0x00, file: file, line: line)
        XCTAssertEqual(m.state, .ready, file: file, line: line)
        return m
    }
}
