import Foundation
import Logging
import NIOCore
import NIOPosix
import Node
import Protocol
import XCTest
@testable import Runtime

#if canImport(Glibc)
import Glibc
#endif

/// Real daemons (driver + transport, no MySQL front end) on 127.0.0.1 ephemeral ports, in
/// this test process. Every wait has a deadline.
enum DaemonTestKit {
    static func temporaryDirectory(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marmot-\(name)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Fast timings so membership settles in well under a second.
    static func config(dataDir: String, id: UInt64, seeds: [String] = [], secret: String = "") -> MarmotConfig {
        var c = MarmotConfig()
        c.nodeID = id
        c.dataDir = dataDir
        c.cluster.grpcBindAddress = "127.0.0.1"
        c.cluster.grpcPort = 0
        c.cluster.seedNodes = seeds
        c.cluster.clusterSecret = secret
        c.cluster.gossipIntervalMs = 100
        c.cluster.suspectTimeoutMs = 1500
        c.cluster.deadTimeoutMs = 3000
        c.replication.antiEntropyIntervalSeconds = 1
        c.grpcClient.retryBackoffMs = 50
        c.mysql.enabled = false
        return c
    }

    static func logger(_ label: String) -> Logger {
        if ProcessInfo.processInfo.environment["MARMOT_TEST_LOG"] != nil {
            var l = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
            l.logLevel = .debug
            return l
        }
        return Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
    }

    static func startDaemon(_ config: MarmotConfig, group: EventLoopGroup, name: String) throws -> MarmotDaemon {
        let daemon = MarmotDaemon(config: config, logger: logger(name), group: group, frontEnd: nil)
        daemon.drainTimeout = .seconds(2)
        try daemon.start()
        return daemon
    }

    static func onLoop<T: Sendable>(_ daemon: MarmotDaemon, _ body: @escaping @Sendable () -> T) throws -> T {
        try daemon.driver.loop.submit(body).wait()
    }

    static func advertisedAddress(_ daemon: MarmotDaemon) throws -> String {
        let transport = daemon.transport!
        return try onLoop(daemon) { transport.settings.advertisedAddress }
    }

    static func members(_ daemon: MarmotDaemon) throws -> [MemberInfo] {
        let node = daemon.driver.node
        return try onLoop(daemon) { node.members }
    }

    static func counters(_ daemon: MarmotDaemon) throws -> TransportCounters {
        let transport = daemon.transport!
        return try onLoop(daemon) { transport.counters }
    }

    /// Polls `condition` every 50 ms until it holds; fails the test after `timeout` seconds.
    @discardableResult
    static func waitUntil(_ what: String, timeout: Double = 20, file: StaticString = #filePath, line: UInt = #line,
                          _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        if try condition() { return true }
        XCTFail("timed out after \(timeout)s waiting until \(what)", file: file, line: line)
        return false
    }

    /// Runs a statement through the daemon's `StatementExecutor` and waits for the reply.
    static func execute(_ daemon: MarmotDaemon, _ sql: String, database: String = "marmot", consistency: Consistency? = nil,
                        id: UInt64 = 4242) throws -> ClientReply {
        let executor: StatementExecutor = daemon.driver
        let promise = daemon.driver.loop.makePromise(of: ClientReply.self)
        executor.execute(ClientRequest(id: id, database: database, sql: sql, consistency: consistency)) { promise.succeed($0) }
        return try promise.futureResult.wait()
    }

    /// The rows of a query, or nil when it failed.
    static func rows(_ daemon: MarmotDaemon, _ sql: String) -> [[SQLValue]]? {
        guard let reply = try? execute(daemon, sql), case .success(let outcome) = reply.result else { return nil }
        return outcome.rows
    }

    static func shutdown(_ daemons: [MarmotDaemon], group: EventLoopGroup) {
        for d in daemons { _ = try? d.shutdown().wait() }
        try? group.syncShutdownGracefully()
    }
}

/// A blocking TCP client for poking the cluster port by hand.
final class RawSocket {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Reads what arrives until the peer closes (true) or 5 s pass without data (false).
    func readUntilClosed(into out: inout [UInt8]) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
            out += buffer[0..<n]
        }
    }

    /// Reads at least `count` bytes (or fewer if the peer closes or 5 s pass).
    func read(atLeast count: Int) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while out.count < count {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    /// One HTTP request (Connection: close); the status code and the body.
    static func http(port: Int, _ method: String, _ path: String, headers: [String: String] = [:]) throws -> (status: Int, body: String) {
        let s = try RawSocket(port: port)
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (k, v) in headers { request += "\(k): \(v)\r\n" }
        request += "Content-Length: 0\r\n\r\n"
        s.send(request)
        var bytes: [UInt8] = []
        _ = s.readUntilClosed(into: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return (status, body)
    }
}
