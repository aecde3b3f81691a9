import Node

/// The seam between the MySQL front end and the node: the daemon's node driver runs client
/// statements on its event loop and answers through `completion` (exactly once, on any
/// thread). Tests can implement it over a single in-process node.
public protocol StatementExecutor: AnyObject, Sendable {
    func execute(_ request: ClientRequest, completion: @escaping @Sendable (ClientReply) -> Void)
}

/// What the daemon calls itself in logs and greetings.
public enum RuntimeInfo {
    public static let name = "marmot"
}
