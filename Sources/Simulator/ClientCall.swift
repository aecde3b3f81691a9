import Node
import Protocol

/// One client statement sent by a scenario, and its reply once it came.
public struct ClientCall {
    public var request: ClientRequest
    public var node: String
    public var life: Int
    public var submittedAt: Int64
    public var reply: ClientReply?
    public var repliedAt: Int64?

    /// Simulator-made error codes, after the MySQL client's: no server to connect to, and the
    /// server went away while the statement was running (a crash).
    public static let cannotConnect = 2003
    public static let connectionLost = 2013

    public var outcome: StatementOutcome? {
        if case .success(let o)? = reply?.result { return o }
        return nil
    }

    public var error: ClientError? {
        if case .failure(let e)? = reply?.result { return e }
        return nil
    }

    /// A one-line rendering of the result for traces and failure messages.
    public var resultDescription: String {
        guard let reply else { return "(no reply)" }
        return Self.describe(reply.result)
    }

    public static func describe(_ result: Result<StatementOutcome, ClientError>) -> String {
        switch result {
        case .failure(let e):
            return "error \(e.code): \(e.message)"
        case .success(let o):
            var s = "ok affected=\(o.affectedRows) insert_id=\(o.lastInsertID)"
            if !o.columns.isEmpty || !o.rows.isEmpty {
                s += " columns=[\(o.columns.joined(separator: ","))] rows=["
                s += o.rows.map { $0.map(\.description).joined(separator: ",") }.joined(separator: "; ") + "]"
            }
            if let c = o.committed {
                s += " committed=\(c.transaction)#\(c.sequence)@\(c.database)/\(c.consistency)"
            }
            return s
        }
    }
}
