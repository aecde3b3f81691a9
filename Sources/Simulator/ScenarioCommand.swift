import Node
import Protocol

/// One line of a scenario, parsed. `line` is where it came from (0 for commands made by the
/// explorer before they are written out).
public struct ScenarioCommand: Hashable, Sendable {
    public var line: Int
    public var command: Command

    public init(line: Int = 0, _ command: Command) {
        self.line = line
        self.command = command
    }

    public enum Command: Hashable, Sendable {
        case cluster(ClusterSpec)
        /// Run a statement and wait for its reply (60 s virtual at most), then check it.
        case sql(Statement)
        /// Send a statement without waiting; `await replies` waits and checks.
        case submit(Statement)
        /// A read whose rows must equal `rows` (in order; an empty list is `empty`).
        case query(node: String, database: String?, sql: String, rows: [[SQLValue]])
        case expectValue(node: String, database: String?, table: String, condition: String, column: String, value: SQLValue)
        case expectCount(node: String, database: String?, table: String, condition: String?, count: Int)
        case partition([[String]])
        case block(from: String, to: String)
        case heal
        case crash(String)
        case restart(String)
        case join(String)
        case remove(String, on: String)
        case allow(String, on: String)
        case advance(Int64)
        case skew(String, Int64)
        case drift(String, Double)
        case faults(FaultRates)
        case awaitConverged(within: Int64)
        case awaitMember(String, MemberState, on: String, within: Int64)
        case expectMember(String, MemberState, on: String)
        case awaitReplies(within: Int64)
    }

    /// A client statement of `sql` and `submit` lines.
    public struct Statement: Hashable, Sendable {
        public var node: String
        public var database: String?
        public var consistency: Consistency?
        /// The client session the statement runs in (explicit transactions); 0 for none.
        public var session: UInt64 = 0
        public var sql: String
        /// Any one of these must hold for the reply.
        public var expect: [ReplyExpectation]

        public init(node: String, database: String? = nil, consistency: Consistency? = nil, session: UInt64 = 0, sql: String, expect: [ReplyExpectation]) {
            self.node = node
            self.database = database
            self.consistency = consistency
            self.session = session
            self.sql = sql
            self.expect = expect
        }
    }
}
