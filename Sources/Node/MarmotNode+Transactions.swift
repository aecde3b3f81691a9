import Protocol
import Storage

/// A client waiting for its write to commit.
struct WaitingClient {
    var request: ClientRequest
    var consistency: Consistency
    var affectedRows: Int
    var lastInsertID: Int64
    var isDDL: Bool
    /// The database the write set goes to (for CREATE DATABASE, the new one).
    var database: String
}

extension MarmotNode {
    /// Start the distributed commit of a captured write set on behalf of a client.
    func beginTransaction(_ writes: WriteSet, for client: WaitingClient, now: Milliseconds, into out: inout Outbox) {
        let txid = TransactionID(hlc.tick(wallMillis: wallNow))
        // A transaction refused before it starts still ends: a DDL one gives its lease back.
        func refuse(_ code: Int, _ message: String) {
            out.reply(ClientReply(id: client.request.id, result: .failure(ClientError(code: code, message: message))))
            if client.isDDL { releaseLease(database: writes.database, now: now, into: &out) }
        }
        if membership.isRemoved {
            return refuse(1205, "this node was removed from the cluster")
        }
        let local = participant.handle(.prepareLocal(txid, writes), now: now)
        if local.contains(.localPrepared(txid, conflict: true)) {
            return refuse(AbortReason.conflict.mysqlErrorCode, message(for: .conflict))
        }
        waitingClients[txid] = client
        if client.isDDL { ddlRunning[writes.database] = txid }
        let event = TransactionCoordinator.Event.begin(id: txid, writes: writes, consistency: client.consistency,
                                                       members: membership.quorumMembers, reachable: membership.reachableMembers)
        run(coordinator.handle(event, now: now), now: now, into: &out)
    }

    /// The coordinator decided commit: make it durable here before anyone hears of it.
    func commitLocally(id: TransactionID, writes: WriteSet, now: Milliseconds, into out: inout Outbox) -> TransactionCoordinator.Event {
        if !writes.ddl.isEmpty {
            // DDL commits only under a lease that is still ours.
            guard let held = heldLeases[writes.database], now < held.until else {
                out.observe(.log("DDL transaction \(id) reached its decision after the lease of \(writes.database) ended"))
                return .localCommitFailed(id)
            }
        }
        do {
            let db = try storage.database(named: writes.database)
            let sequence = try db.nextSequence(origin: self.id)
            let ts = hlc.tick(wallMillis: wallNow)
            let txn = CommittedTransaction(id: id, sequence: sequence, commitTimestamp: ts, writes: writes)
            _ = try db.apply(txn)
            try storage.system.setInteger("hlc_wall", Int64(ts.wall))
            try storage.system.setInteger("hlc_logical", Int64(ts.logical))
            out.observe(.applied(txn))
            _ = participant.handle(.finishLocal(id), now: now)
            return .localCommitDone(id, sequence: sequence, commitTimestamp: ts)
        } catch {
            out.observe(.log("local commit of \(id) failed: \(error)"))
            return .localCommitFailed(id)
        }
    }

    /// Apply a committed transaction received from elsewhere (commit or anti-entropy).
    /// Returns false when it cannot be applied yet (its schema has not arrived).
    @discardableResult
    func applyCommitted(_ txn: CommittedTransaction, into out: inout Outbox) -> Bool {
        do {
            let db = try storage.database(named: txn.database)
            let result = try db.apply(txn)
            hlc.observe(txn.commitTimestamp, wallMillis: wallNow)
            if result.wasApplied { out.observe(.applied(txn)) }
            return true
        } catch {
            out.observe(.log("cannot apply \(txn.id) (origin \(txn.origin) seq \(txn.sequence)) to \(txn.database) yet: \(error)"))
            return false
        }
    }

    func finishClient(_ id: TransactionID, outcome: TransactionOutcome, now: Milliseconds, into out: inout Outbox) {
        guard let client = waitingClients.removeValue(forKey: id) else { return }
        switch outcome {
        case let .committed(sequence, _):
            let ref = CommittedReference(transaction: id, database: client.database, sequence: sequence, consistency: client.consistency)
            out.reply(ClientReply(id: client.request.id, result: .success(StatementOutcome(
                affectedRows: client.affectedRows, lastInsertID: client.lastInsertID, committed: ref))))
        case let .aborted(reason):
            out.reply(ClientReply(id: client.request.id, result: .failure(ClientError(code: reason.mysqlErrorCode, message: message(for: reason)))))
        }
        if client.isDDL, let db = ddlRunning.first(where: { $0.value == id })?.key {
            ddlRunning[db] = nil
            releaseLease(database: db, now: now, into: &out)
        }
    }

    func message(for reason: AbortReason) -> String {
        switch reason {
        case .conflict: return "Deadlock found when trying to get lock; try restarting transaction (write conflict)"
        case .timeout: return "Lock wait timeout exceeded; try restarting transaction (not enough votes before the prepare deadline)"
        case .notEnoughNodes: return "Lock wait timeout exceeded; try restarting transaction (not enough nodes for the consistency level)"
        case .ddlLockUnavailable: return "Lock wait timeout exceeded; try restarting transaction (DDL lock unavailable)"
        case .coordinatorLost: return "Lock wait timeout exceeded; try restarting transaction (coordinator lost the transaction)"
        case .rejected: return "transaction rejected by a participant"
        }
    }

    /// A vote for a transaction the coordinator no longer holds in memory (it was forgotten,
    /// or this node restarted): answer from storage so the voter does not wait.
    func voteReceived(from: NodeID, vote: Vote, now: Milliseconds, into out: inout Outbox) {
        if coordinator.decision(for: vote.transaction) != nil || vote.transaction.coordinator != id {
            run(coordinator.handle(.voteReceived(from: from, vote), now: now), now: now, into: &out)
            return
        }
        guard vote.yes else { return }
        switch storedDecision(for: vote.transaction, database: nil) {
        case let .committed(sequence, ts):
            out.send(to: from, .commit(Commit(transaction: vote.transaction, sequence: sequence, commitTimestamp: ts)), node: self, now: now)
        case let .aborted(reason):
            out.send(to: from, .abort(Abort(transaction: vote.transaction, reason: reason)), node: self, now: now)
        case .unknown, .pending:
            out.send(to: from, .abort(Abort(transaction: vote.transaction, reason: .coordinatorLost)), node: self, now: now)
        }
    }

    /// The answer to a decision query: memory first, then storage. Only the coordinator may
    /// answer `.unknown` meaningfully (presumed abort); it never decides what it does not hold.
    func decision(for txid: TransactionID, database: String) -> Decision {
        if let d = coordinator.decision(for: txid) { return d }
        if participant.isPrepared(txid) && txid.coordinator != id { return .pending }
        return storedDecision(for: txid, database: database)
    }

    func storedDecision(for txid: TransactionID, database: String?) -> Decision {
        let names = database.map { [$0] } ?? ((try? storage.databaseNames()) ?? [])
        for name in names {
            if let db = try? storage.database(named: name), let txn = try? db.committedTransaction(id: txid) {
                return .committed(sequence: txn.sequence, commitTimestamp: txn.commitTimestamp)
            }
        }
        if let reason = try? storage.system.abortReason(id: txid) { return .aborted(reason) }
        return .unknown
    }
}
