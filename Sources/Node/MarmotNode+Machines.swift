import Protocol
import Storage

/// Carrying out each machine's actions. Storage effects happen here, in the order the
/// machine listed them, so "persist, then vote" and "commit durably, then tell" hold.
extension MarmotNode {
    func run(_ actions: [MembershipAction], now: Milliseconds, into out: inout Outbox) {
        for action in actions {
            switch action {
            case let .send(to, message):
                out.send(to: to, message, node: self, now: now)
            case let .sendToAddress(address, message):
                out.sendToAddress(address, message, node: self, now: now)
            case let .setTimer(timer, at):
                out.setTimer(NodeTimer(.membership(timer)), at: at)
            case let .memberChanged(info):
                out.observe(.memberChanged(info))
                try? storage.system.saveMembers(membership.members)
            }
        }
    }

    func run(_ actions: [TransactionCoordinator.Action], now: Milliseconds, into out: inout Outbox) {
        for action in actions {
            switch action {
            case let .send(to, message):
                out.send(to: to, message, node: self, now: now)
            case let .setTimer(timer, at):
                out.setTimer(NodeTimer(.transaction(timer)), at: at)
            case let .commitLocally(id, writes):
                let event = commitLocally(id: id, writes: writes, now: now, into: &out)
                run(coordinator.handle(event, now: now), now: now, into: &out)
            case let .abortLocally(id, reason):
                run(participant.handle(.finishLocal(id), now: now), now: now, into: &out)
                try? storage.system.recordAbort(id: id, reason: reason, atWall: hlc.last.wall)
                out.observe(.aborted(id, reason))
                out.observe(.log("transaction \(id) aborted: \(reason)"))
            case let .finished(id, outcome):
                finishClient(id, outcome: outcome, now: now, into: &out)
            }
        }
    }

    func run(_ actions: [TransactionParticipant.Action], now: Milliseconds, into out: inout Outbox) {
        for action in actions {
            switch action {
            case let .send(to, message):
                out.send(to: to, message, node: self, now: now)
            case let .setTimer(timer, at):
                out.setTimer(NodeTimer(.transaction(timer)), at: at)
            case let .persistPrepared(id, writes):
                do {
                    try storage.system.savePrepared(id: id, writes: writes)
                } catch {
                    out.observe(.log("could not persist prepared \(id): \(error)"))
                }
            case let .applyCommitted(txn):
                _ = applyCommitted(txn, into: &out)
                try? storage.system.removePrepared(id: txn.id)
            case let .forgetPrepared(id):
                try? storage.system.removePrepared(id: id)
            case .localPrepared:
                break
            }
        }
    }

    func run(_ actions: [DDLLock.Action], now: Milliseconds, into out: inout Outbox) {
        for action in actions {
            switch action {
            case let .send(to, message):
                out.send(to: to, message, node: self, now: now)
            case let .setTimer(timer, at):
                out.setTimer(NodeTimer(.ddlLock(timer)), at: at)
            case let .acquired(database, lease, until):
                heldLeases[database] = (lease, until)
                out.observe(.leaseHeld(database: database, lease: lease, from: now, until: until))
                startQueuedDDL(database: database, now: now, into: &out)
            case let .failed(database):
                failQueuedDDL(database: database, into: &out)
            case let .released(database, lease):
                heldLeases[database] = nil
                out.observe(.leaseReleased(database: database, lease: lease))
            }
        }
    }

    func run(_ actions: [AntiEntropy.Action], now: Milliseconds, into out: inout Outbox) {
        for action in actions {
            switch action {
            case let .send(to, message):
                out.send(to: to, message, node: self, now: now)
            case let .setTimer(timer, at):
                out.setTimer(NodeTimer(.antiEntropy(timer)), at: at)
            case let .apply(from, batch):
                applyBatch(batch, from: from, now: now, into: &out)
            case let .installSnapshot(database, bytes, covers):
                installSnapshot(database: database, bytes: bytes, covers: covers, into: &out)
                run(antiEntropy.handle(.snapshotInstalled(database: database), now: now), now: now, into: &out)
            case let .note(text):
                out.observe(.log(text))
            }
        }
    }
}
