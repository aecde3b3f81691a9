import NIOCore
import Node

/// Runs a session's requests on the daemon's `StatementExecutor` and brings each answer
/// back onto the connection's event loop (always as a new task, so a session never
/// re-enters itself).
final class MySQLExecutorRunner: MySQLRequestRunner {
    let executor: any StatementExecutor
    let eventLoop: any EventLoop

    init(executor: any StatementExecutor, eventLoop: any EventLoop) {
        self.executor = executor
        self.eventLoop = eventLoop
    }

    func run(_ request: ClientRequest, completion: @escaping (ClientReply) -> Void) {
        let loop = eventLoop
        let bound = NIOLoopBound(completion, eventLoop: loop)
        executor.execute(request) { reply in
            loop.execute { bound.value(reply) }
        }
    }
}
