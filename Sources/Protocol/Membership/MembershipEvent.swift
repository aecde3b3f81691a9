/// What can happen to the membership machine. The driver turns network input, fired
/// timers and operator commands into these and feeds them to `SWIMMembership.handle`.
public enum MembershipEvent: Hashable, Sendable {
    /// Begin: join through the seeds (if any) and schedule the first probe round.
    case start
    /// A message from a peer. Only `.ping`, `.pingRequest`, `.ack`, `.join` and `.joinReply`
    /// concern membership; anything else is ignored.
    case received(from: NodeID, Message)
    /// A timer the machine asked for came due. Stale timers (token no longer current) are
    /// ignored, so the driver never needs to cancel one.
    case timerFired(MembershipTimer)
    /// Operator: mark the member REMOVED (out of every quorum, no rejoin by itself).
    case remove(NodeID)
    /// Operator: let a REMOVED member rejoin (it becomes DEAD one incarnation higher and
    /// comes back by refuting that).
    case allow(NodeID)
}

/// What the machine wants done. The driver executes them in order.
public enum MembershipAction: Hashable, Sendable {
    case send(to: NodeID, Message)
    /// A join to a seed whose node id is not known yet.
    case sendToAddress(String, Message)
    /// Fire `timer` at node-local time `at`. There is no cancel: a timer that is no longer
    /// wanted is recognised by its token when it fires and ignored.
    case setTimer(MembershipTimer, at: Milliseconds)
    /// A member's state, incarnation or address changed, or a member was learned (this
    /// node's own record included): for persistence, metrics and logs.
    case memberChanged(MemberInfo)
}

/// A timer of the membership machine: what it is for, and a token that tells the current
/// timer of that purpose from a stale one.
public struct MembershipTimer: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The next probe round (every `gossipIntervalMillis`).
        case probeRound
        /// A direct ping got no ack in `pingTimeoutMillis`: time for indirect probes. Its
        /// token is the probe's sequence number.
        case pingTimeout(NodeID)
        /// A SUSPECT member that has not refuted by now is DEAD.
        case suspicion(NodeID)
        /// Ping every DEAD member once (every `deadTimeoutMillis`), so healed partitions
        /// are found.
        case deadProbe
        /// Send the joins to the seeds again.
        case joinRetry
    }

    public var kind: Kind
    public var token: UInt64

    public init(kind: Kind, token: UInt64) {
        self.kind = kind
        self.token = token
    }

    public var description: String {
        switch kind {
        case .probeRound: "probeRound#\(token)"
        case .pingTimeout(let id): "pingTimeout(\(id))#\(token)"
        case .suspicion(let id): "suspicion(\(id))#\(token)"
        case .deadProbe: "deadProbe#\(token)"
        case .joinRetry: "joinRetry#\(token)"
        }
    }
}
