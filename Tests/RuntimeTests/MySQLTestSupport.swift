import Foundation
import Logging
import MySQLWire
import NIOCore
import NIOPosix
import Node
import Protocol
import Storage
import XCTest
@testable import Runtime

/// A `StatementExecutor` over one in-process node (a 1-node cluster answers synchronously).
final class MySQLTestExecutor: StatementExecutor, @unchecked Sendable {
    let node: MarmotNode
    let directory: String
    private let lock = NSLock()
    private var clock: Milliseconds = 1_000_000

    init() throws {
        directory = NSTemporaryDirectory() + "marmot-mysql-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let configuration = NodeConfiguration(id: NodeID(1), address: "127.0.0.1:0", seedAddresses: [],
                                              protocolConfig: ProtocolConfig(), synchronous: .off)
        node = try MarmotNode(configuration: configuration, dataDirectory: directory, randomSeed: 1)
        _ = node.start(now: clock, wall: clock)
    }

    func shutdown() {
        lock.withLock { node.shutdown() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    func execute(_ request: ClientRequest, completion: @escaping @Sendable (ClientReply) -> Void) {
        completion(run(request))
    }

    /// Runs a request; timers the node sets are fired until the reply comes (DDL leases).
    func run(_ request: ClientRequest) -> ClientReply {
        lock.withLock {
            clock += 1
            var actions = node.handle(.client(request), now: clock, wall: clock)
            for _ in 0..<50 {
                for case .reply(let reply) in actions where reply.id == request.id { return reply }
                let timers = actions.compactMap { action -> (NodeTimer, Milliseconds)? in
                    if case .setTimer(let timer, let at) = action { return (timer, at) }
                    return nil
                }
                guard let (timer, at) = timers.min(by: { $0.1 < $1.1 }) else { break }
                clock = max(clock, at)
                actions = node.handle(.timer(timer), now: clock, wall: clock)
            }
            return ClientReply(id: request.id, result: .failure(ClientError(code: 1205, message: "test executor: no reply")))
        }
    }
}

/// Runs a session's requests synchronously (statement-level tests).
final class MySQLSyncRunner: MySQLRequestRunner {
    let executor: MySQLTestExecutor
    private(set) var requests: [ClientRequest] = []
    init(_ executor: MySQLTestExecutor) { self.executor = executor }
    func run(_ request: ClientRequest, completion: @escaping (ClientReply) -> Void) {
        requests.append(request)
        completion(executor.run(request))
    }
}

/// A blocking MySQL client for tests (classic EOF packets, text and binary results).
final class MySQLTestClient {
    enum Response {
        case ok(OKPacket)
        case error(MySQLError)
        case rows(columns: [ColumnDefinition], rows: [[String?]])

        var rows: [[String?]] {
            if case .rows(_, let rows) = self { return rows }
            return []
        }
        var columns: [ColumnDefinition] {
            if case .rows(let columns, _) = self { return columns }
            return []
        }
        var error: MySQLError? {
            if case .error(let e) = self { return e }
            return nil
        }
        var ok: OKPacket? {
            if case .ok(let p) = self { return p }
            return nil
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let fd: Int32
    private var sequence: UInt8 = 0
    private(set) var greeting: HandshakeV10!
    private(set) var lastStatus: ServerStatus = []

    static let defaultCapabilities: CapabilityFlags = [.longPassword, .longFlag, .protocol41, .transactions,
                                                        .secureConnection, .multiStatements, .multiResults,
                                                        .pluginAuth, .pluginAuthLenencClientData]

    /// Connects and reads the greeting; `login` then authenticates.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket") }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect failed: errno \(errno)")
        }
    }

    deinit { close(fd) }

    /// The first packet (greeting, or ERR when the server refuses the connection).
    func readGreeting() throws -> Response? {
        let packet = try readPacket()
        if packet.first == 0xFF { return .error(try MySQLError.decode(packet)) }
        greeting = try HandshakeV10.decode(packet)
        return nil
    }

    @discardableResult
    func login(user: String = "root", password: String = "", database: String? = nil,
               capabilities: CapabilityFlags = defaultCapabilities, plugin: String = NativePassword.pluginName,
               characterSet: UInt8 = 45) throws -> Response {
        if greeting == nil, let refused = try readGreeting() { return refused }
        var caps = capabilities
        if database != nil { caps.insert(.connectWithDB) }
        let auth = password.isEmpty ? [] : NativePassword.scramble(password: password, scramble: greeting.authPluginData)
        let response = HandshakeResponse41(capabilities: caps, characterSet: characterSet, username: user,
                                           authResponse: plugin == NativePassword.pluginName ? auth : [],
                                           database: database, authPluginName: plugin)
        sequence = 1
        try writePacket(response.encode())
        var answer = try readPacket()
        if answer.first == 0xFE {
            // Auth switch to mysql_native_password.
            var r = MySQLPayloadReader(answer)
            _ = try r.readUInt8()
            _ = try r.readNullTerminatedString()
            var data = r.readRemainingBytes()
            if data.last == 0 { data.removeLast() }
            let switched = password.isEmpty ? [] : NativePassword.scramble(password: password, scramble: data)
            try writePacket(switched)
            answer = try readPacket()
        }
        if answer.first == 0xFF { return .error(try MySQLError.decode(answer)) }
        let ok = try OKPacket.decode(answer)
        lastStatus = ok.status
        return .ok(ok)
    }

    /// COM_QUERY: every result (several for multi-statements).
    func query(_ sql: String) throws -> [Response] {
        try send(.query(sql))
        return try readResults(binary: false)
    }

    /// The only (or first) result of a query.
    func run(_ sql: String) throws -> Response {
        guard let first = try query(sql).first else { throw Failure(description: "no result") }
        return first
    }

    func send(_ command: MySQLCommand) throws {
        sequence = 0
        try writePacket(command.encode())
    }

    func readOKOrError() throws -> Response {
        let packet = try readPacket()
        if packet.first == 0xFF { return .error(try MySQLError.decode(packet)) }
        let ok = try OKPacket.decode(packet)
        lastStatus = ok.status
        return .ok(ok)
    }

    func readResults(binary: Bool) throws -> [Response] {
        var results: [Response] = []
        while true {
            let packet = try readPacket()
            if packet.first == 0xFF { results.append(.error(try MySQLError.decode(packet))); return results }
            if packet.first == 0x00 {
                let ok = try OKPacket.decode(packet)
                lastStatus = ok.status
                results.append(.ok(ok))
                if ok.status.contains(.moreResultsExist) { continue }
                return results
            }
            var r = MySQLPayloadReader(packet)
            let count = Int(try r.readLengthEncodedInteger())
            var columns: [ColumnDefinition] = []
            for _ in 0..<count { columns.append(try ColumnDefinition.decode(try readPacket())) }
            _ = try readPacket()  // EOF
            var rows: [[String?]] = []
            var status: ServerStatus = []
            while true {
                let row = try readPacket()
                if row.first == 0xFE && row.count < 9 {
                    var e = MySQLPayloadReader(row)
                    _ = try e.readUInt8()
                    _ = try e.readUInt16()
                    status = ServerStatus(rawValue: try e.readUInt16())
                    break
                }
                rows.append(binary ? try Self.decodeBinaryRow(row, columns: columns) : try Self.decodeTextRow(row, count: count))
            }
            lastStatus = status
            results.append(.rows(columns: columns, rows: rows))
            if !status.contains(.moreResultsExist) { return results }
        }
    }

    static func decodeTextRow(_ row: [UInt8], count: Int) throws -> [String?] {
        var r = MySQLPayloadReader(row)
        return try (0..<count).map { _ in try r.readLengthEncodedBytesOrNull().map { String(decoding: $0, as: UTF8.self) } }
    }

    static func decodeBinaryRow(_ row: [UInt8], columns: [ColumnDefinition]) throws -> [String?] {
        var r = MySQLPayloadReader(row)
        _ = try r.readUInt8()
        let bitmap = try r.readBytes((columns.count + 7 + 2) / 8)
        var values: [String?] = []
        for (i, column) in columns.enumerated() {
            let bit = i + 2
            if bitmap[bit / 8] & (1 << UInt8(bit % 8)) != 0 { values.append(nil); continue }
            switch column.type {
            case .longlong: values.append(String(Int64(bitPattern: try r.readUInt64())))
            case .long, .int24: values.append(String(Int32(bitPattern: try r.readUInt32())))
            case .short: values.append(String(Int16(bitPattern: try r.readUInt16())))
            case .tiny: values.append(String(Int8(bitPattern: try r.readUInt8())))
            case .double: values.append(MySQLValue.double(Double(bitPattern: try r.readUInt64())).text)
            default: values.append(String(decoding: try r.readLengthEncodedBytes(), as: UTF8.self))
            }
        }
        return values
    }

    /// COM_STMT_PREPARE: (statement id, parameter count, columns).
    func prepare(_ sql: String) throws -> (id: UInt32, parameters: Int, columns: [ColumnDefinition]) {
        try send(.statementPrepare(sql))
        let packet = try readPacket()
        if packet.first == 0xFF { throw try MySQLError.decode(packet) }
        var r = MySQLPayloadReader(packet)
        _ = try r.readUInt8()
        let id = try r.readUInt32()
        let columnCount = Int(try r.readUInt16())
        let parameterCount = Int(try r.readUInt16())
        if parameterCount > 0 {
            for _ in 0..<parameterCount { _ = try readPacket() }
            _ = try readPacket()
        }
        var columns: [ColumnDefinition] = []
        if columnCount > 0 {
            for _ in 0..<columnCount { columns.append(try ColumnDefinition.decode(try readPacket())) }
            _ = try readPacket()
        }
        return (id, parameterCount, columns)
    }

    /// COM_STMT_EXECUTE with integer, string, blob or NULL parameters (types always sent).
    func execute(_ id: UInt32, _ parameters: [MySQLValue]) throws -> Response {
        var w = MySQLPayloadWriter()
        if !parameters.isEmpty {
            var bitmap = [UInt8](repeating: 0, count: (parameters.count + 7) / 8)
            for (i, p) in parameters.enumerated() where p.isNull { bitmap[i / 8] |= 1 << UInt8(i % 8) }
            w.writeBytes(bitmap)
            w.writeUInt8(1)
            for p in parameters {
                switch p {
                case .int: w.writeUInt8(MySQLType.longlong.rawValue); w.writeUInt8(0)
                case .double: w.writeUInt8(MySQLType.double.rawValue); w.writeUInt8(0)
                case .bytes: w.writeUInt8(MySQLType.blob.rawValue); w.writeUInt8(0)
                case .null: w.writeUInt8(MySQLType.null.rawValue); w.writeUInt8(0)
                default: w.writeUInt8(MySQLType.string.rawValue); w.writeUInt8(0)
                }
            }
            for p in parameters {
                switch p {
                case .int(let v): w.writeUInt64(UInt64(bitPattern: v))
                case .double(let v): w.writeUInt64(v.bitPattern)
                case .bytes(let b): w.writeLengthEncodedBytes(b)
                case .null: break
                default: w.writeLengthEncodedString(p.text ?? "")
                }
            }
        }
        try send(.statementExecute(StatementExecutePacket(statementID: id, parameterBlock: w.bytes)))
        guard let first = try readResults(binary: true).first else { throw Failure(description: "no result") }
        return first
    }

    // MARK: Packets

    func writePacket(_ payload: [UInt8]) throws {
        var bytes: [UInt8] = []
        PacketEncoder.encode(payload, sequenceID: &sequence, into: &bytes)
        try writeRaw(bytes)
    }

    func writeRaw(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            offset += n
        }
    }

    func readPacket() throws -> [UInt8] {
        var payload: [UInt8] = []
        while true {
            let header = try readExactly(4)
            let length = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16
            sequence = header[3] &+ 1
            payload += try readExactly(length)
            if length < 0xFF_FFFF { return payload }
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let n = buffer[offset...].withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure(description: n == 0 ? "connection closed" : "recv failed: errno \(errno)") }
            offset += n
        }
        return buffer
    }

    /// True when the server closed the connection (reads EOF within the timeout).
    func isClosedByServer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }
}

/// Waits for a condition with a deadline (never a fixed sleep).
func waitUntil(timeout: TimeInterval = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(2_000)
    }
    return condition()
}

/// A server on an ephemeral 127.0.0.1 port over a fresh 1-node cluster.
final class MySQLServerFixture {
    let executor: MySQLTestExecutor
    let server: MySQLServer
    let group: MultiThreadedEventLoopGroup
    var port: Int { server.port! }

    init(_ configuration: MySQLServerConfiguration = MySQLServerConfiguration(bindAddress: "127.0.0.1", port: 0),
         sessionClosed: (@Sendable (UInt64) -> Void)? = nil) async throws {
        executor = try MySQLTestExecutor()
        group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        var logger = Logger(label: "mysql-test")
        logger.logLevel = .warning
        server = try await MySQLServer.start(group: group, configuration: configuration, executor: executor,
                                             sessionClosed: sessionClosed, logger: logger)
    }

    func client(database: String? = nil) throws -> MySQLTestClient {
        let client = try MySQLTestClient(port: port)
        let answer = try client.login(database: database)
        if let e = answer.error { throw MySQLTestClient.Failure(description: "login failed: \(e)") }
        return client
    }

    func shutdown() async {
        await server.shutdown()
        try? await group.shutdownGracefully()
        executor.shutdown()
    }
}
