import Hashes
import NIOCore
import NIOHTTP1
import Node
import Protocol
import Storage

/// An HTTP answer of the admin API.
public struct AdminResponse: Sendable {
    public var status: HTTPResponseStatus
    public var contentType: String
    public var body: String

    public init(status: HTTPResponseStatus, contentType: String = "application/json", body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    static func json(_ status: HTTPResponseStatus, _ value: AdminJSON) -> AdminResponse {
        AdminResponse(status: status, body: value.text + "\n")
    }

    static func error(_ status: HTTPResponseStatus, _ message: String) -> AdminResponse {
        json(status, .object([("error", .string(message))]))
    }
}

/// The admin HTTP endpoints on the cluster port:
///
/// | endpoint | answer |
/// |---|---|
/// | `GET /metrics` | Prometheus text format (when `[prometheus] enabled`) |
/// | `GET /admin/cluster/members` | members, states, incarnations, quorum |
/// | `GET /admin/cluster/health` | 200 when a write quorum is reachable, else 503 |
/// | `GET /admin/cluster/replication` | stream states and lag per peer and database |
/// | `POST /admin/cluster/remove/{id}` | mark a member REMOVED (out of quorums, no auto-rejoin) |
/// | `POST /admin/cluster/allow/{id}` | allow a removed member to rejoin |
///
/// With a cluster secret set, every `/admin/` endpoint wants the header
/// `X-Marmot-Secret: <secret>` (401 otherwise); `/metrics` is open.
///
/// Runs on the node driver's loop (the cluster port's connections live there), so it reads
/// the node directly.
public final class AdminAPI: @unchecked Sendable {
    let driver: NodeDriver
    let secret: [UInt8]
    let metricsEnabled: Bool
    /// Open MySQL client connections (the front end's count), for `/metrics`.
    public var openMySQLConnections: (@Sendable () -> Int)?

    public init(driver: NodeDriver, secret: [UInt8], metricsEnabled: Bool) {
        self.driver = driver
        self.secret = secret
        self.metricsEnabled = metricsEnabled
    }

    var node: MarmotNode { driver.node }

    public func respond(method: HTTPMethod, uri: String, headers: HTTPHeaders) -> AdminResponse {
        driver.loop.preconditionInEventLoop()
        let path = String(uri.split(separator: "?", maxSplits: 1).first ?? "")
        let parts = path.split(separator: "/").map(String.init)

        if path == "/metrics" {
            guard metricsEnabled else { return .error(.notFound, "metrics are disabled ([prometheus] enabled = false)") }
            guard method == .GET || method == .HEAD else { return .error(.methodNotAllowed, "use GET") }
            return AdminResponse(status: .ok, contentType: MetricsScrape.contentType, body: renderMetrics())
        }
        guard parts.count >= 3, parts[0] == "admin", parts[1] == "cluster" else {
            return .error(.notFound, "no such endpoint: \(path)")
        }
        if !secret.isEmpty {
            let given = headers.first(name: "X-Marmot-Secret").map { Array($0.utf8) } ?? []
            guard HMACSHA256.constantTimeEqual(given, secret) else {
                return .error(.unauthorized, "missing or wrong X-Marmot-Secret header")
            }
        }
        switch (parts.count, parts[2]) {
        case (3, "members"):
            guard method == .GET else { return .error(.methodNotAllowed, "use GET") }
            return .json(.ok, membersJSON())
        case (3, "health"):
            guard method == .GET else { return .error(.methodNotAllowed, "use GET") }
            let (body, healthy) = healthJSON()
            return .json(healthy ? .ok : .serviceUnavailable, body)
        case (3, "replication"):
            guard method == .GET else { return .error(.methodNotAllowed, "use GET") }
            return .json(.ok, replicationJSON())
        case (4, "remove"), (4, "allow"):
            guard method == .POST else { return .error(.methodNotAllowed, "use POST") }
            guard let raw = UInt64(parts[3]), raw != 0 else { return .error(.badRequest, "\(parts[3]) is not a node id") }
            let id = NodeID(raw)
            guard node.members.contains(where: { $0.id == id }) || parts[2] == "allow" else {
                return .error(.notFound, "node \(raw) is not a member")
            }
            driver.admin(parts[2] == "remove" ? .remove(id) : .allow(id))
            let state = node.members.first { $0.id == id }?.state.description ?? "UNKNOWN"
            return .json(.ok, .object([("ok", .bool(true)), ("action", .string(parts[2])), ("node_id", .uint(raw)), ("state", .string(state))]))
        default:
            return .error(.notFound, "no such endpoint: \(path)")
        }
    }

    // MARK: Bodies

    struct Quorum {
        var voters: Int
        var reachable: Int
        var required: Int
        var available: Bool { reachable >= required && voters > 0 }
    }

    func quorum() -> Quorum {
        let members = node.members
        let voters = members.filter { $0.state != .removed }
        let reachable = voters.filter { $0.state == .alive || $0.state == .suspect }
        let required = Consistency.quorum.required(members: voters.count)
        return Quorum(voters: voters.count, reachable: reachable.count, required: required)
    }

    func membersJSON() -> AdminJSON {
        let q = quorum()
        let members: [AdminJSON] = node.members.map { m in
            .object([
                ("node_id", .uint(m.id.rawValue)),
                ("address", .string(m.address)),
                ("state", .string(m.state.description)),
                ("incarnation", .uint(m.incarnation)),
                ("self", .bool(m.id == node.id)),
            ])
        }
        return .object([
            ("node_id", .uint(node.id.rawValue)),
            ("address", .string(node.configuration.address)),
            ("members", .array(members)),
            ("quorum", .object([
                ("voters", .int(Int64(q.voters))),
                ("reachable", .int(Int64(q.reachable))),
                ("required", .int(Int64(q.required))),
                ("available", .bool(q.available)),
            ])),
        ])
    }

    func healthJSON() -> (AdminJSON, Bool) {
        let q = quorum()
        let counts = driver.transport.connectionCounts
        let me = node.members.first { $0.id == node.id }
        let healthy = q.available && me?.state != .removed
        return (.object([
            ("status", .string(healthy ? "ok" : "degraded")),
            ("node_id", .uint(node.id.rawValue)),
            ("state", .string(me?.state.description ?? "UNKNOWN")),
            ("quorum_available", .bool(q.available)),
            ("reachable_members", .int(Int64(q.reachable))),
            ("voting_members", .int(Int64(q.voters))),
            ("cluster_connections", .object([("inbound", .int(Int64(counts.inbound))), ("outbound", .int(Int64(counts.outbound)))])),
        ]), healthy)
    }

    /// This node's streams per database, and the lag against each peer's last report.
    func localStreams() -> [StreamState] {
        var out: [StreamState] = []
        for name in (try? node.storage.databaseNames()) ?? [] {
            if let db = try? node.storage.database(named: name, create: false), let streams = try? db.streamStates() { out += streams }
        }
        return out
    }

    func replicationLags() -> [ReplicationLag] {
        ReplicationLag.compute(local: localStreams(), reports: driver.metrics.peerReports, now: DaemonClock.monotonic())
    }

    func replicationJSON() -> AdminJSON {
        let streams = localStreams()
        let byDatabase = Dictionary(grouping: streams, by: \.database)
        let names = Set(byDatabase.keys).union((try? node.storage.databaseNames()) ?? []).sorted()
        let databases: [AdminJSON] = names.map { db in
            .object([
                ("database", .string(db)),
                ("streams", .array((byDatabase[db] ?? []).sorted { $0.origin < $1.origin }.map { s in
                    .object([
                        ("origin", .uint(s.origin.rawValue)),
                        ("applied", .uint(s.applied)),
                        ("first_available", .uint(s.firstAvailable)),
                        ("applied_wall_ms", .uint(s.appliedWallMillis)),
                    ])
                })),
            ])
        }
        let lags: [AdminJSON] = replicationLags().map { l in
            .object([
                ("peer", .uint(l.peer.rawValue)),
                ("database", .string(l.database)),
                ("behind_peer_transactions", .uint(l.behindPeer)),
                ("peer_behind_transactions", .uint(l.peerBehind)),
                ("report_age_ms", .int(l.reportAgeMillis)),
            ])
        }
        return .object([
            ("node_id", .uint(node.id.rawValue)),
            ("databases", .array(databases)),
            ("lag", .array(lags)),
        ])
    }
}
