/// The participant role of the write 2PC: write intents and votes.
///
/// A Prepare records an intent on every (database, table, key) the transaction writes, unless
/// another live transaction holds one there: then the vote is no (a write-write conflict,
/// MySQL 1213 for the client). A yes vote is only sent after the prepared write set is
/// durable on the node (`persistPrepared`), so a participant that crashes after voting still
/// holds the transaction when it restarts.
///
/// A prepared participant that hears nothing for `heartbeatTimeoutMillis` asks the
/// coordinator and its peers for the decision and never guesses: it commits only on a
/// commit decision, aborts on an abort decision, or when the coordinator itself answers that
/// it has no record (it lost the transaction before deciding: presumed abort).
public struct TransactionParticipant: Sendable {
    public enum Event: Sendable {
        case prepareReceived(from: NodeID, Prepare)
        case commitReceived(from: NodeID, Commit)
        case abortReceived(from: NodeID, Abort)
        case decisionReceived(from: NodeID, DecisionReply)
        /// The node's own transaction, before it starts coordinating: take local intents.
        case prepareLocal(TransactionID, WriteSet)
        /// The node's own transaction ended (committed or aborted): drop local intents.
        case finishLocal(TransactionID)
        /// After a restart: the prepared transactions found in storage.
        case restore([(TransactionID, WriteSet)])
        case timerFired(TransactionTimer)
    }

    public enum Action: Sendable, Hashable {
        case send(to: NodeID, Message)
        case setTimer(TransactionTimer, at: Milliseconds)
        /// Store the prepared write set durably (before the yes vote that follows it).
        case persistPrepared(TransactionID, WriteSet)
        /// Apply the committed transaction to storage (LWW, log), then drop the prepared record.
        case applyCommitted(CommittedTransaction)
        /// Drop the prepared record: the transaction aborted.
        case forgetPrepared(TransactionID)
        /// Result of `prepareLocal`.
        case localPrepared(TransactionID, conflict: Bool)
    }

    private struct IntentKey: Hashable, Sendable {
        var database: String
        var key: RowKey
    }

    private struct Prepared: Sendable {
        var writes: WriteSet
        var local: Bool
        var token: UInt64
        var queries: Int = 0
    }

    private let myself: NodeID
    private let config: ProtocolConfig
    private var prepared: [TransactionID: Prepared] = [:]
    private var intents: [IntentKey: TransactionID] = [:]
    private var nextToken: UInt64 = 1
    /// Peers to ask besides the coordinator; the node keeps it current from membership.
    public var peers: [NodeID] = []

    public init(myself: NodeID, config: ProtocolConfig) {
        self.myself = myself
        self.config = config
    }

    public var preparedTransactions: [TransactionID] { prepared.keys.sorted() }
    public var intentCount: Int { intents.count }
    public func isPrepared(_ id: TransactionID) -> Bool { prepared[id] != nil }
    public func holder(database: String, key: RowKey) -> TransactionID? { intents[IntentKey(database: database, key: key)] }

    public mutating func handle(_ event: Event, now: Milliseconds) -> [Action] {
        switch event {
        case let .prepareReceived(from, p):
            return prepareReceived(from: from, prepare: p, now: now)
        case let .commitReceived(_, c):
            return commit(id: c.transaction, sequence: c.sequence, commitTimestamp: c.commitTimestamp, ackTo: c.transaction.coordinator)
        case let .abortReceived(_, a):
            return abort(id: a.transaction)
        case let .decisionReceived(from, reply):
            return decisionReceived(from: from, reply: reply)
        case let .prepareLocal(id, writes):
            if hasConflict(id: id, writes: writes) { return [.localPrepared(id, conflict: true)] }
            take(id: id, writes: writes, local: true)
            return [.localPrepared(id, conflict: false)]
        case let .finishLocal(id):
            if prepared[id]?.local == true { release(id) }
            return []
        case let .restore(list):
            var actions: [Action] = []
            for (id, writes) in list where prepared[id] == nil {
                take(id: id, writes: writes, local: false)
                // Ask soon: the coordinator may have decided while we were down.
                actions.append(.setTimer(TransactionTimer(kind: .resolve, transaction: id, token: prepared[id]!.token), at: now))
            }
            return actions
        case let .timerFired(timer):
            return timerFired(timer, now: now)
        }
    }

    private mutating func prepareReceived(from: NodeID, prepare p: Prepare, now: Milliseconds) -> [Action] {
        let id = p.transaction
        if prepared[id] != nil {
            // A duplicate Prepare: vote again, the first vote may have been lost.
            return [.send(to: from, .vote(Vote(transaction: id, yes: true, reason: nil)))]
        }
        if hasConflict(id: id, writes: p.writes) {
            return [.send(to: from, .vote(Vote(transaction: id, yes: false, reason: .conflict)))]
        }
        take(id: id, writes: p.writes, local: false)
        let token = prepared[id]!.token
        return [
            .persistPrepared(id, p.writes),
            .send(to: from, .vote(Vote(transaction: id, yes: true, reason: nil))),
            .setTimer(TransactionTimer(kind: .resolve, transaction: id, token: token), at: now + config.heartbeatTimeoutMillis),
        ]
    }

    private mutating func commit(id: TransactionID, sequence: UInt64, commitTimestamp: HLCTimestamp, ackTo: NodeID) -> [Action] {
        guard let p = prepared[id], !p.local else {
            // Not prepared here (vote no, lost Prepare, already applied): anti-entropy brings it.
            return []
        }
        release(id)
        let txn = CommittedTransaction(id: id, sequence: sequence, commitTimestamp: commitTimestamp, writes: p.writes)
        var actions: [Action] = [.applyCommitted(txn)]
        if ackTo != myself {
            actions.append(.send(to: ackTo, .commitAck(CommitAck(transaction: id))))
        }
        return actions
    }

    private mutating func abort(id: TransactionID) -> [Action] {
        guard let p = prepared[id], !p.local else { return [] }
        release(id)
        return [.forgetPrepared(id)]
    }

    private mutating func decisionReceived(from: NodeID, reply: DecisionReply) -> [Action] {
        let id = reply.transaction
        guard prepared[id] != nil else { return [] }
        switch reply.decision {
        case let .committed(sequence, ts):
            return commit(id: id, sequence: sequence, commitTimestamp: ts, ackTo: id.coordinator)
        case .aborted:
            return abort(id: id)
        case .unknown where from == id.coordinator:
            // The coordinator has no record: it lost the transaction before deciding, and it
            // never decides a transaction it does not hold. Presumed abort.
            return abort(id: id)
        case .unknown, .pending:
            return []
        }
    }

    private mutating func timerFired(_ timer: TransactionTimer, now: Milliseconds) -> [Action] {
        guard timer.kind == .resolve, var p = prepared[timer.transaction], p.token == timer.token, !p.local else { return [] }
        let id = timer.transaction
        p.queries += 1
        p.token = takeToken()
        prepared[id] = p
        let query = Message.decisionQuery(DecisionQuery(transaction: id, database: p.writes.database))
        var targets = [id.coordinator]
        targets += peers.filter { $0 != id.coordinator && $0 != myself }
        // Back off while the coordinator stays silent, up to the heartbeat timeout.
        let wait = min(config.heartbeatTimeoutMillis, max(100, config.heartbeatTimeoutMillis / 4) * Milliseconds(min(p.queries, 4)))
        return targets.map { .send(to: $0, query) }
            + [.setTimer(TransactionTimer(kind: .resolve, transaction: id, token: p.token), at: now + wait)]
    }

    private func hasConflict(id: TransactionID, writes: WriteSet) -> Bool {
        for key in writes.intentKeys {
            if let holder = intents[IntentKey(database: writes.database, key: key)], holder != id { return true }
        }
        return false
    }

    private mutating func take(id: TransactionID, writes: WriteSet, local: Bool) {
        for key in writes.intentKeys {
            intents[IntentKey(database: writes.database, key: key)] = id
        }
        prepared[id] = Prepared(writes: writes, local: local, token: takeToken())
    }

    private mutating func release(_ id: TransactionID) {
        guard let p = prepared.removeValue(forKey: id) else { return }
        for key in p.writes.intentKeys {
            let k = IntentKey(database: p.writes.database, key: key)
            if intents[k] == id { intents[k] = nil }
        }
    }

    private mutating func takeToken() -> UInt64 {
        defer { nextToken += 1 }
        return nextToken
    }
}
