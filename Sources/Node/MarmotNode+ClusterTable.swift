import Protocol
import Storage

/// `MARMOT_CLUSTER_NODES`: the membership as a SQL table any node answers. A statement that
/// names it runs against a private in-memory SQLite holding one row per member (node_id,
/// address, state, incarnation, is_self), so clients can filter, sort and count it with
/// ordinary SQL. It is a view of this node's membership, never replicated.
extension MarmotNode {
    static let clusterTableName = "MARMOT_CLUSTER_NODES"

    func mentionsClusterTable(_ sql: String) -> Bool {
        sql.range(of: MarmotNode.clusterTableName, options: .caseInsensitive) != nil
    }

    func queryClusterTable(_ request: ClientRequest, into out: inout Outbox) {
        do {
            let db = try SQLiteConnection(path: ":memory:")
            defer { db.close() }
            try db.execute("""
                CREATE TABLE \(MarmotNode.clusterTableName) (
                    node_id INTEGER PRIMARY KEY, address TEXT NOT NULL, state TEXT NOT NULL,
                    incarnation INTEGER NOT NULL, is_self INTEGER NOT NULL)
                """)
            for m in membership.members {
                _ = try db.run("INSERT INTO \(MarmotNode.clusterTableName) VALUES (?, ?, ?, ?, ?)", [
                    .integer(Int64(bitPattern: m.id.rawValue)), .text(m.address), .text(m.state.description),
                    .integer(Int64(bitPattern: m.incarnation)), .integer(m.id == id ? 1 : 0),
                ])
            }
            let result = try db.query(request.sql, [])
            out.reply(ClientReply(id: request.id, result: .success(StatementOutcome(columns: result.columns, rows: result.rows, declaredTypes: result.declaredTypes))))
        } catch {
            out.reply(ClientReply(id: request.id, result: .failure(ClientError(sqlite: error))))
        }
    }
}
