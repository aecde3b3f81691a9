/// Anti-entropy: lagging nodes pull what they miss.
///
/// Every round the node asks each reachable peer for its stream states (per origin and
/// database: the highest contiguous sequence applied, the first one its log still holds).
/// For every stream where the peer is ahead, the node pulls the missing committed
/// transactions in batches (delta sync), or the whole database as a snapshot when the lag is
/// over `deltaSyncThresholdTransactions` / `deltaSyncThresholdMillis`, or when the peer's log
/// no longer reaches back to what we need (gap detection). One pull per database at a time.
///
/// The peers' reports are also what log garbage collection reads: `gcLimit` never lets a
/// node drop entries that a live peer still lacks before `gcMinRetentionMillis`.
public struct AntiEntropy: Sendable {
    public enum Event: Sendable {
        /// Begin the periodic rounds.
        case start
        case timerFired(AntiEntropyTimer)
        /// A peer's stream states; `local` are ours right now.
        case stateReceived(from: NodeID, SyncState, local: [StreamState])
        /// A batch of changes arrived; the node applies it and reports with `.batchApplied`.
        case changesReceived(from: NodeID, ChangesBatch)
        /// The node applied a batch; `local` is the stream afterwards, `complete` whether every
        /// transaction of the batch could be applied.
        case batchApplied(from: NodeID, origin: NodeID, database: String, local: StreamState, batchWasFull: Bool, complete: Bool)
        case snapshotChunkReceived(from: NodeID, SnapshotChunk)
        /// The node merged a snapshot (or failed to).
        case snapshotInstalled(database: String)
        /// Members the rounds talk to (reachable, self excluded).
        case peersChanged([NodeID])
        /// This node learned of a commit it does not hold (it voted no, or its Prepare was
        /// lost): pull soon instead of waiting for the next periodic round.
        case behind
    }

    public enum Action: Sendable, Hashable {
        case send(to: NodeID, Message)
        case setTimer(AntiEntropyTimer, at: Milliseconds)
        case apply(from: NodeID, ChangesBatch)
        case installSnapshot(database: String, bytes: [UInt8], covers: [StreamState])
        /// Worth a log line: which way a stream is being healed and why.
        case note(String)
    }

    private struct PullKey: Hashable, Sendable, Comparable {
        var database: String
        static func < (a: PullKey, b: PullKey) -> Bool { a.database < b.database }
    }

    private enum Pull: Sendable {
        case delta(peer: NodeID, origin: NodeID, deadline: Milliseconds)
        case snapshot(peer: NodeID, snapshotID: UInt64?, bytes: [UInt8], deadline: Milliseconds)
    }

    private let myself: NodeID
    private let config: ProtocolConfig
    private var peers: [NodeID] = []
    private var pulls: [String: Pull] = [:]
    /// What each peer last reported it has applied, per (origin, database).
    private var peerApplied: [NodeID: [StreamKey: UInt64]] = [:]
    private var roundToken: UInt64 = 0
    private var nextRoundAt: Milliseconds = .max
    private var started = false

    /// How soon a node that knows it is behind starts an early round. Many commits missed
    /// in a burst share one round.
    public static let behindDelayMillis: Milliseconds = 200

    public struct StreamKey: Hashable, Sendable, Comparable {
        public var origin: NodeID
        public var database: String
        public init(origin: NodeID, database: String) { self.origin = origin; self.database = database }
        public static func < (a: StreamKey, b: StreamKey) -> Bool {
            a.database != b.database ? a.database < b.database : a.origin < b.origin
        }
    }

    public init(myself: NodeID, config: ProtocolConfig) {
        self.myself = myself
        self.config = config
    }

    public mutating func handle(_ event: Event, now: Milliseconds) -> [Action] {
        switch event {
        case .start:
            guard config.enableAntiEntropy else { return [] }
            started = true
            return round(now: now)
        case let .timerFired(timer):
            switch timer.kind {
            case .round:
                guard timer.token == roundToken else { return [] }
                return expirePulls(now: now) + round(now: now)
            case .requestDeadline:
                return expirePulls(now: now)
            }
        case let .stateReceived(from, state, local):
            return stateReceived(from: from, state: state, local: local, now: now)
        case let .changesReceived(from, batch):
            guard case let .delta(peer, origin, _)? = pulls[batch.database], peer == from, origin == batch.origin else { return [] }
            if batch.gap {
                return [.note("delta sync of \(batch.database) from \(from): log gap after \(batch.after) for origin \(batch.origin), falling back to snapshot")]
                    + requestSnapshot(database: batch.database, from: from, now: now)
            }
            return [.apply(from: from, batch)]
        case let .batchApplied(from, origin, database, local, batchWasFull, complete):
            guard case let .delta(peer, o, _)? = pulls[database], peer == from, o == origin else { return [] }
            if !complete {
                // A transaction of this stream cannot be applied yet, typically because the DDL
                // it needs came from another origin we have not pulled. Retrying the same
                // stream would stall forever; the peer's snapshot carries schema and rows.
                return [.note("delta sync of \(database) from \(from) blocked at origin \(origin) after \(local.applied): falling back to snapshot")]
                    + requestSnapshot(database: database, from: from, now: now)
            }
            if batchWasFull {
                // More to fetch: ask for the next batch straight away.
                pulls[database] = .delta(peer: from, origin: origin, deadline: now + requestTimeout)
                return [.send(to: from, .changesRequest(ChangesRequest(origin: origin, database: database, after: local.applied, limit: config.deltaSyncBatchSize)))]
            }
            // This stream is done; others of the database may have been skipped while it ran.
            pulls[database] = nil
            return roundSoon(now: now)
        case let .snapshotChunkReceived(from, chunk):
            return snapshotChunk(from: from, chunk: chunk, now: now)
        case let .snapshotInstalled(database):
            pulls[database] = nil
            return roundSoon(now: now)
        case let .peersChanged(list):
            peers = list.filter { $0 != myself }.sorted()
            return []
        case .behind:
            return roundSoon(now: now)
        }
    }

    /// The highest sequence of `origin` in `database` that this node may garbage-collect,
    /// given the peers alive now: nothing a live peer still lacks. Peers that never reported
    /// count as lacking everything.
    public func safeToCollect(origin: NodeID, database: String, livePeers: [NodeID]) -> UInt64 {
        var limit = UInt64.max
        for peer in livePeers where peer != myself {
            limit = min(limit, peerApplied[peer]?[StreamKey(origin: origin, database: database)] ?? 0)
        }
        return limit
    }

    /// The GC rule: entries older than `gcMaxRetentionMillis` always go (unless it is 0:
    /// unlimited); entries older than `gcMinRetentionMillis` go once every live peer has
    /// them; younger entries stay. `olderThanMin` / `olderThanMax` are the highest sequences
    /// of the stream whose commit time is past each horizon.
    public func gcLimit(origin: NodeID, database: String, livePeers: [NodeID], olderThanMin: UInt64, olderThanMax: UInt64) -> UInt64 {
        let safe = min(safeToCollect(origin: origin, database: database, livePeers: livePeers), olderThanMin)
        let forced = config.gcMaxRetentionMillis > 0 ? olderThanMax : 0
        return max(safe, forced)
    }

    /// Bring the next round forward (a node that knows it is behind, or a pull that just
    /// finished while other streams waited). A round that finds nothing to pull starts no
    /// early round, so this settles once the node has caught up.
    private mutating func roundSoon(now: Milliseconds) -> [Action] {
        guard started else { return [] }
        let at = now + min(AntiEntropy.behindDelayMillis, config.antiEntropyIntervalMillis)
        guard at < nextRoundAt else { return [] }
        roundToken &+= 1
        nextRoundAt = at
        return [.setTimer(AntiEntropyTimer(kind: .round, token: roundToken), at: at)]
    }

    private var requestTimeout: Milliseconds { max(config.prepareTimeoutMillis * 2, 1000) }

    private mutating func round(now: Milliseconds) -> [Action] {
        roundToken &+= 1
        nextRoundAt = now + config.antiEntropyIntervalMillis
        var actions: [Action] = peers.map { .send(to: $0, .syncStateRequest(SyncStateRequest())) }
        actions.append(.setTimer(AntiEntropyTimer(kind: .round, token: roundToken), at: nextRoundAt))
        return actions
    }

    private mutating func expirePulls(now: Milliseconds) -> [Action] {
        for (db, pull) in pulls.sorted(by: { $0.key < $1.key }) {
            switch pull {
            case let .delta(_, _, deadline) where deadline <= now: pulls[db] = nil
            case let .snapshot(_, _, _, deadline) where deadline <= now: pulls[db] = nil
            default: break
            }
        }
        return []
    }

    private mutating func stateReceived(from: NodeID, state: SyncState, local: [StreamState], now: Milliseconds) -> [Action] {
        var reported: [StreamKey: UInt64] = [:]
        for s in state.streams { reported[StreamKey(origin: s.origin, database: s.database)] = s.applied }
        peerApplied[from] = reported

        var mine: [StreamKey: StreamState] = [:]
        for s in local { mine[StreamKey(origin: s.origin, database: s.database)] = s }
        var actions: [Action] = []
        let theirs = state.streams.sorted { StreamKey(origin: $0.origin, database: $0.database) < StreamKey(origin: $1.origin, database: $1.database) }
        for s in theirs {
            guard pulls[s.database] == nil else { continue }
            let key = StreamKey(origin: s.origin, database: s.database)
            let have = mine[key]
            let applied = have?.applied ?? 0
            guard s.applied > applied else { continue }
            let lag = s.applied - applied
            let gap = s.firstAvailable > applied + 1
            let timeLag = (have?.appliedWallMillis ?? 0) > 0 && s.appliedWallMillis > have!.appliedWallMillis
                && Milliseconds(s.appliedWallMillis - have!.appliedWallMillis) > config.deltaSyncThresholdMillis
            if gap || lag > config.deltaSyncThresholdTransactions || timeLag {
                let why = gap ? "its log starts at \(s.firstAvailable), we need \(applied + 1)" :
                    lag > config.deltaSyncThresholdTransactions ? "lag of \(lag) transactions" : "lag over the time threshold"
                actions.append(.note("snapshot of \(s.database) from \(from): \(why) (origin \(s.origin))"))
                actions += requestSnapshot(database: s.database, from: from, now: now)
            } else {
                pulls[s.database] = .delta(peer: from, origin: s.origin, deadline: now + requestTimeout)
                actions.append(.send(to: from, .changesRequest(ChangesRequest(origin: s.origin, database: s.database, after: applied, limit: config.deltaSyncBatchSize))))
            }
        }
        if !actions.isEmpty {
            actions.append(.setTimer(AntiEntropyTimer(kind: .requestDeadline, token: 0), at: now + requestTimeout))
        }
        return actions
    }

    private mutating func requestSnapshot(database: String, from: NodeID, now: Milliseconds) -> [Action] {
        pulls[database] = .snapshot(peer: from, snapshotID: nil, bytes: [], deadline: now + requestTimeout * 5)
        return [.send(to: from, .snapshotRequest(SnapshotRequest(database: database)))]
    }

    private mutating func snapshotChunk(from: NodeID, chunk: SnapshotChunk, now: Milliseconds) -> [Action] {
        guard case .snapshot(let peer, let id, var bytes, _)? = pulls[chunk.database], peer == from else { return [] }
        if let id, id != chunk.snapshotID { return [] }
        guard chunk.offset == UInt64(bytes.count) else {
            // A lost or reordered chunk: drop this transfer; the next round starts over.
            pulls[chunk.database] = nil
            return [.note("snapshot of \(chunk.database) from \(from): chunk at \(chunk.offset) out of order, restarting later")]
        }
        bytes += chunk.bytes
        if chunk.isLast {
            pulls[chunk.database] = .snapshot(peer: peer, snapshotID: chunk.snapshotID, bytes: [], deadline: now + requestTimeout * 5)
            return [.installSnapshot(database: chunk.database, bytes: bytes, covers: chunk.covers)]
        }
        pulls[chunk.database] = .snapshot(peer: peer, snapshotID: chunk.snapshotID, bytes: bytes, deadline: now + requestTimeout * 5)
        return []
    }
}
