/// The coordinator role of the write 2PC (one instance per node, many transactions at once).
///
/// Phase 1: Prepare with the row changes goes to every reachable member; each participant
/// records write intents and votes. The coordinator itself is a yes voter (the node checked
/// its own intents before `begin`). Once the yes votes reach the consistency level the
/// coordinator decides commit; the node makes that decision durable (applies the write set,
/// appends it to the log with the next sequence and the commit HLC) *before* Commit is sent
/// to anyone. If the level can no longer be met (no votes, or the deadline passed) it aborts.
///
/// QUORUM counts every non-REMOVED member, dead ones included, so a minority partition can
/// never commit, and two conflicting transactions cannot both gather a quorum of yes votes
/// (their quorums intersect in a node that holds the intent of the first one).
public struct TransactionCoordinator: Sendable {
    public enum Event: Sendable {
        /// Start coordinating. `members` are the quorum members (non-REMOVED, self included),
        /// `reachable` those believed alive now (self included).
        case begin(id: TransactionID, writes: WriteSet, consistency: Consistency, members: [NodeID], reachable: [NodeID])
        case voteReceived(from: NodeID, Vote)
        case commitAckReceived(from: NodeID, CommitAck)
        /// The node made the commit durable locally with this sequence and timestamp.
        case localCommitDone(TransactionID, sequence: UInt64, commitTimestamp: HLCTimestamp)
        /// The node could not make the commit durable (storage error): abort instead.
        case localCommitFailed(TransactionID)
        case timerFired(TransactionTimer)
    }

    public enum Action: Sendable, Hashable {
        case send(to: NodeID, Message)
        case setTimer(TransactionTimer, at: Milliseconds)
        /// Make the commit durable locally (apply + log) and report back with
        /// `.localCommitDone` or `.localCommitFailed`. Nothing is sent before that.
        case commitLocally(TransactionID, WriteSet)
        /// The transaction aborted: release local intents, record the abort.
        case abortLocally(TransactionID, AbortReason)
        /// The client's answer.
        case finished(TransactionID, TransactionOutcome)
    }

    private enum Phase: Sendable {
        case collectingVotes
        case committing          // decided commit, waiting for the node's durable write
        case committed(sequence: UInt64, commitTimestamp: HLCTimestamp)
        case aborted(AbortReason)
    }

    private struct Flight: Sendable {
        var writes: WriteSet
        var consistency: Consistency
        var required: Int
        var contacted: [NodeID]          // prepare targets (without self), sorted
        var yes: [NodeID]                // self first
        var no: [NodeID: AbortReason] = [:]
        var acked: Set<NodeID> = []
        var phase: Phase
        var token: UInt64
        var commitRetries = 0
    }

    private let myself: NodeID
    private let config: ProtocolConfig
    private var flights: [TransactionID: Flight] = [:]
    private var nextToken: UInt64 = 1

    public init(myself: NodeID, config: ProtocolConfig) {
        self.myself = myself
        self.config = config
    }

    /// What this coordinator knows in memory about `id` (for decision queries); nil means
    /// the node has to look in storage.
    public func decision(for id: TransactionID) -> Decision? {
        guard let f = flights[id] else { return nil }
        switch f.phase {
        case .collectingVotes, .committing: return .pending
        case .committed(let seq, let ts): return .committed(sequence: seq, commitTimestamp: ts)
        case .aborted(let reason): return .aborted(reason)
        }
    }

    public var inFlightCount: Int { flights.values.filter { if case .collectingVotes = $0.phase { return true } else { return false } }.count }

    public mutating func handle(_ event: Event, now: Milliseconds) -> [Action] {
        switch event {
        case let .begin(id, writes, consistency, members, reachable):
            return begin(id: id, writes: writes, consistency: consistency, members: members, reachable: reachable, now: now)
        case let .voteReceived(from, vote):
            return voteReceived(from: from, vote: vote, now: now)
        case let .commitAckReceived(from, ack):
            flights[ack.transaction]?.acked.insert(from)
            return []
        case let .localCommitDone(id, sequence, ts):
            return localCommitDone(id: id, sequence: sequence, commitTimestamp: ts, now: now)
        case let .localCommitFailed(id):
            guard var f = flights[id], case .committing = f.phase else { return [] }
            f.phase = .aborted(.rejected)
            flights[id] = f
            return abortActions(id: id, flight: f, reason: .rejected, now: now)
        case let .timerFired(timer):
            return timerFired(timer, now: now)
        }
    }

    private mutating func begin(id: TransactionID, writes: WriteSet, consistency: Consistency, members: [NodeID], reachable: [NodeID], now: Milliseconds) -> [Action] {
        let quorum = Set(members).union([myself])
        let required = consistency.required(members: quorum.count)
        let targets = Set(reachable).intersection(quorum).subtracting([myself]).sorted()
        var flight = Flight(writes: writes, consistency: consistency, required: required, contacted: targets,
                            yes: [myself], phase: .collectingVotes, token: takeToken())
        if targets.count + 1 < required {
            // The level cannot be met with the members alive now: fail fast.
            flight.phase = .aborted(.notEnoughNodes)
            flights[id] = flight
            return [.abortLocally(id, .notEnoughNodes), .finished(id, .aborted(.notEnoughNodes))]
                + [.setTimer(TransactionTimer(kind: .forget, transaction: id, token: flight.token), at: now + forgetDelay)]
        }
        var actions: [Action] = targets.map { .send(to: $0, .prepare(Prepare(transaction: id, writes: writes))) }
        if flight.yes.count >= required {
            flight.phase = .committing
            flights[id] = flight
            actions.append(.commitLocally(id, writes))
            return actions
        }
        flights[id] = flight
        actions.append(.setTimer(TransactionTimer(kind: .prepareDeadline, transaction: id, token: flight.token), at: now + config.prepareTimeoutMillis))
        return actions
    }

    private mutating func voteReceived(from: NodeID, vote: Vote, now: Milliseconds) -> [Action] {
        let id = vote.transaction
        guard var f = flights[id] else { return [] }
        switch f.phase {
        case .collectingVotes:
            guard f.contacted.contains(from), !f.yes.contains(from), f.no[from] == nil else { return [] }
            if vote.yes {
                f.yes.append(from)
                if f.yes.count >= f.required {
                    f.phase = .committing
                    flights[id] = f
                    return [.commitLocally(id, f.writes)]
                }
                flights[id] = f
                return []
            }
            f.no[from] = vote.reason ?? .rejected
            flights[id] = f
            let outstanding = f.contacted.count - (f.yes.count - 1) - f.no.count
            if f.yes.count + outstanding < f.required {
                let reason = f.no.values.contains(.conflict) ? AbortReason.conflict : (vote.reason ?? .rejected)
                f.phase = .aborted(reason)
                flights[id] = f
                return abortActions(id: id, flight: f, reason: reason, now: now)
            }
            return []
        case .committing:
            // Late yes: it will get Commit with the others once the local commit is durable.
            if vote.yes, !f.yes.contains(from) { f.yes.append(from); flights[id] = f }
            return []
        case let .committed(seq, ts):
            // A late voter (its Prepare was slow, or it asked again): it holds intents, tell it.
            if vote.yes {
                if !f.yes.contains(from) { f.yes.append(from); flights[id] = f }
                return [.send(to: from, .commit(Commit(transaction: id, sequence: seq, commitTimestamp: ts)))]
            }
            return []
        case let .aborted(reason):
            return vote.yes ? [.send(to: from, .abort(Abort(transaction: id, reason: reason)))] : []
        }
    }

    private mutating func localCommitDone(id: TransactionID, sequence: UInt64, commitTimestamp: HLCTimestamp, now: Milliseconds) -> [Action] {
        guard var f = flights[id], case .committing = f.phase else { return [] }
        f.phase = .committed(sequence: sequence, commitTimestamp: commitTimestamp)
        f.token = takeToken()
        flights[id] = f
        let commit = Commit(transaction: id, sequence: sequence, commitTimestamp: commitTimestamp)
        // Everyone contacted gets the decision: yes-voters apply it, a participant whose vote
        // is still in flight applies it if it prepared, and ignores it otherwise.
        var actions: [Action] = f.contacted.map { .send(to: $0, .commit(commit)) }
        actions.append(.finished(id, .committed(sequence: sequence, commitTimestamp: commitTimestamp)))
        actions.append(.setTimer(TransactionTimer(kind: .commitRetry, transaction: id, token: f.token), at: now + config.commitTimeoutMillis))
        return actions
    }

    private mutating func abortActions(id: TransactionID, flight: Flight, reason: AbortReason, now: Milliseconds) -> [Action] {
        var f = flight
        f.token = takeToken()
        flights[id] = f
        var actions: [Action] = f.contacted.map { .send(to: $0, .abort(Abort(transaction: id, reason: reason))) }
        actions.append(.abortLocally(id, reason))
        actions.append(.finished(id, .aborted(reason)))
        actions.append(.setTimer(TransactionTimer(kind: .forget, transaction: id, token: f.token), at: now + forgetDelay))
        return actions
    }

    private mutating func timerFired(_ timer: TransactionTimer, now: Milliseconds) -> [Action] {
        guard var f = flights[timer.transaction], f.token == timer.token else { return [] }
        let id = timer.transaction
        switch timer.kind {
        case .prepareDeadline:
            guard case .collectingVotes = f.phase else { return [] }
            let reason: AbortReason = f.no.values.contains(.conflict) ? .conflict : .timeout
            f.phase = .aborted(reason)
            return abortActions(id: id, flight: f, reason: reason, now: now)
        case .commitRetry:
            guard case let .committed(seq, ts) = f.phase else { return [] }
            let missing = f.yes.filter { $0 != myself && !f.acked.contains($0) }
            f.commitRetries += 1
            f.token = takeToken()
            flights[id] = f
            if missing.isEmpty || f.commitRetries > 3 {
                return [.setTimer(TransactionTimer(kind: .forget, transaction: id, token: f.token), at: now + forgetDelay)]
            }
            let commit = Commit(transaction: id, sequence: seq, commitTimestamp: ts)
            return missing.map { .send(to: $0, .commit(commit)) }
                + [.setTimer(TransactionTimer(kind: .commitRetry, transaction: id, token: f.token), at: now + config.commitTimeoutMillis)]
        case .forget:
            flights[id] = nil
            return []
        case .resolve:
            return []
        }
    }

    /// Decided transactions stay in memory this long to answer late votes quickly; after that
    /// the node answers from storage (the log for commits, the abort table for aborts).
    private var forgetDelay: Milliseconds { max(config.prepareTimeoutMillis, config.commitTimeoutMillis) * 5 }

    private mutating func takeToken() -> UInt64 {
        defer { nextToken += 1 }
        return nextToken
    }
}
