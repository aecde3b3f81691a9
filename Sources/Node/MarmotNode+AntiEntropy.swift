import Protocol
import Storage

/// The serving and applying halves of anti-entropy, and log garbage collection.
extension MarmotNode {
    /// Every stream of every database this node holds.
    func allStreams() -> [StreamState] {
        var out: [StreamState] = []
        for name in (try? storage.databaseNames()) ?? [] {
            if let db = try? storage.database(named: name), let streams = try? db.streamStates() { out += streams }
        }
        return out
    }

    func syncState() -> SyncState {
        var versions: [SchemaVersion] = []
        for name in (try? storage.databaseNames()) ?? [] {
            if let db = try? storage.database(named: name), let v = try? db.schemaVersion() {
                versions.append(SchemaVersion(database: name, version: v))
            }
        }
        return SyncState(streams: allStreams(), schemaVersions: versions)
    }

    /// Consecutive log entries after `after`, or a gap when the log no longer reaches back.
    func changes(for request: ChangesRequest) -> ChangesBatch {
        let empty = ChangesBatch(origin: request.origin, database: request.database, after: request.after, transactions: [], gap: false)
        guard ((try? storage.databaseNames()) ?? []).contains(request.database),
              let db = try? storage.database(named: request.database) else { return empty }
        let limit = Int(min(request.limit, config.deltaSyncBatchSize))
        let txns = (try? db.transactions(origin: request.origin, after: request.after, limit: limit)) ?? []
        if txns.isEmpty, let stream = try? db.streamStates().first(where: { $0.origin == request.origin }),
           stream.firstAvailable > request.after + 1, stream.applied > request.after {
            return ChangesBatch(origin: request.origin, database: request.database, after: request.after, transactions: [], gap: true)
        }
        return ChangesBatch(origin: request.origin, database: request.database, after: request.after, transactions: txns, gap: false)
    }

    func applyBatch(_ batch: ChangesBatch, from: NodeID, now: Milliseconds, into out: inout Outbox) {
        var complete = true
        for txn in batch.transactions {
            if !applyCommitted(txn, into: &out) { complete = false; break }
        }
        let local = ((try? storage.database(named: batch.database).streamStates()) ?? []).first { $0.origin == batch.origin }
            ?? StreamState(origin: batch.origin, database: batch.database, applied: 0, firstAvailable: 1, appliedWallMillis: 0)
        let full = batch.transactions.count >= Int(config.deltaSyncBatchSize)
        run(antiEntropy.handle(.batchApplied(from: from, origin: batch.origin, database: batch.database, local: local,
                                             batchWasFull: full, complete: complete), now: now), now: now, into: &out)
    }

    func sendSnapshot(of database: String, to peer: NodeID, now: Milliseconds, into out: inout Outbox) {
        guard ((try? storage.databaseNames()) ?? []).contains(database), let db = try? storage.database(named: database) else { return }
        do {
            let snapshot = try db.makeSnapshot()
            snapshotCounter += 1
            let snapshotID = (id.rawValue << 40) | snapshotCounter
            var offset = 0
            repeat {
                let end = min(snapshot.bytes.count, offset + MarmotNode.snapshotChunkBytes)
                let isLast = end == snapshot.bytes.count
                let chunk = SnapshotChunk(database: database, snapshotID: snapshotID, offset: UInt64(offset),
                                          bytes: Array(snapshot.bytes[offset..<end]), isLast: isLast, covers: isLast ? snapshot.covers : [])
                out.send(to: peer, .snapshotChunk(chunk), node: self, now: now)
                offset = end
            } while offset < snapshot.bytes.count
        } catch {
            out.observe(.log("snapshot of \(database) for \(peer) failed: \(error)"))
        }
    }

    func installSnapshot(database: String, bytes: [UInt8], covers: [StreamState], into out: inout Outbox) {
        do {
            try storage.createDatabase(database)
            try storage.database(named: database).mergeSnapshot(bytes: bytes, covers: covers)
            out.observe(.snapshotInstalled(database: database, covers: covers))
        } catch {
            out.observe(.log("installing the snapshot of \(database) failed: \(error)"))
        }
    }

    /// Periodic upkeep: log garbage collection by the two-tier retention rule, old abort
    /// records, and the persisted HLC floor.
    func housekeeping(now: Milliseconds, into out: inout Outbox) {
        let live = membership.reachableMembers.filter { $0 != id }
        let wall = Int64(hlc.last.wall)
        for name in (try? storage.databaseNames()) ?? [] {
            guard let db = try? storage.database(named: name), let streams = try? db.streamStates() else { continue }
            let pastMin = (try? db.highestSequences(committedBeforeWall: UInt64(max(0, wall - config.gcMinRetentionMillis)))) ?? [:]
            let pastMax = config.gcMaxRetentionMillis > 0
                ? ((try? db.highestSequences(committedBeforeWall: UInt64(max(0, wall - config.gcMaxRetentionMillis)))) ?? [:]) : [:]
            for stream in streams {
                let limit = antiEntropy.gcLimit(origin: stream.origin, database: name, livePeers: live,
                                                olderThanMin: pastMin[stream.origin] ?? 0, olderThanMax: pastMax[stream.origin] ?? 0)
                if limit >= stream.firstAvailable {
                    try? db.garbageCollect(origin: stream.origin, through: min(limit, stream.applied))
                }
            }
        }
        try? storage.system.pruneAborts(olderThanWall: UInt64(max(0, wall - max(config.gcMinRetentionMillis, 3_600_000))))
        try? storage.system.setInteger("hlc_wall", Int64(hlc.last.wall))
        try? storage.system.setInteger("hlc_logical", Int64(hlc.last.logical))
    }
}
