import Node

/// How a session reaches the node: runs one request and calls back on the session's own
/// thread (the connection's event loop), never re-entrantly from inside `run` unless the
/// runner is a synchronous test double.
protocol MySQLRequestRunner: AnyObject {
    func run(_ request: ClientRequest, completion: @escaping (ClientReply) -> Void)
}
