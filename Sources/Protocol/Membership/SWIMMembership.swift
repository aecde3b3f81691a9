/// SWIM failure detection and gossip membership, as a pure state machine: events in
/// (`handle`), actions out. Shaped after apple/swift-cluster-membership's `SWIMInstance`,
/// but time arrives as an argument and randomness comes from a generator seeded at
/// construction, so the same inputs give the same actions, bit for bit.
///
/// One probe round every `gossipIntervalMillis`: ping up to `gossipFanout` members chosen
/// by randomized round-robin; without an ack in `pingTimeoutMillis` ask up to
/// `indirectProbes` others to ping on our behalf; without any ack by the end of the round
/// the member is SUSPECT, and DEAD if it does not refute within `suspectTimeoutMillis`.
/// Changes spread piggybacked on the probes' messages. DEAD members are pinged once every
/// `deadTimeoutMillis` so that a healed partition is noticed and refuted.
public struct SWIMMembership: Sendable {
    /// A probe of ours waiting for its ack.
    private struct Probe: Sendable {
        var target: NodeID
        var startedAt: Milliseconds
        var indirectSent: Bool
    }

    /// A ping we sent on another member's behalf (for its ping-request).
    private struct Relay: Sendable {
        var requester: NodeID
        var requesterSequence: UInt64
        var target: NodeID
        var startedAt: Milliseconds
    }

    private let config: ProtocolConfig
    private let seedAddresses: [String]

    // This node. Its record lives here, not in the table: claims about it are refuted or
    // obeyed, never merged.
    private let myID: NodeID
    private let myAddress: String
    private var myIncarnation: UInt64
    /// The incarnation of the REMOVED record that put us out; nil while we are a member.
    private var removedAt: UInt64?
    /// The incarnation of the DEAD record (an operator's `allow`) that let us back in.
    /// REMOVED claims below it are stale gossip from before the allow.
    private var allowedAt: UInt64 = 0

    private var table = MemberTable()
    private var gossip = GossipBuffer()
    private var schedule = ProbeSchedule()
    private var rng: Xoshiro256

    private var started = false
    private var nextSequence: UInt64 = 1
    private var nextToken: UInt64 = 1
    // The current token of each timer purpose; nil when no such timer should be acted on.
    private var roundToken: UInt64?
    private var deadProbeToken: UInt64?
    private var joinToken: UInt64?
    private var suspicionTokens: [NodeID: UInt64] = [:]
    /// Our probes waiting for an ack, by sequence (the token of their ping timeout).
    private var probes: [UInt64: Probe] = [:]
    /// Pings we sent for others' ping-requests, by our sequence.
    private var relays: [UInt64: Relay] = [:]

    /// - Parameters:
    ///   - myself: this node; REMOVED if it was removed before a restart.
    ///   - seedAddresses: where to send joins (our own address is skipped).
    ///   - knownMembers: membership persisted before a restart, so a restarted node still
    ///     counts the cluster for quorum. SUSPECT and DEAD records load as ALIVE at the same
    ///     incarnation (current gossip at that incarnation still overrides them, and our own
    ///     probes re-detect a member that is really gone); REMOVED stays REMOVED. A record
    ///     about ourselves restores our removal and raises our incarnation to at least its.
    ///   - randomSeed: seeds every random choice (probe order, indirect probe helpers).
    public init(myself: MemberInfo, seedAddresses: [String], knownMembers: [MemberInfo], config: ProtocolConfig, randomSeed: UInt64) {
        self.config = config
        self.myID = myself.id
        self.myAddress = myself.address
        self.myIncarnation = myself.incarnation
        self.rng = Xoshiro256(seed: randomSeed)
        var seeds: [String] = []
        for address in seedAddresses where address != myself.address && !seeds.contains(address) {
            seeds.append(address)
        }
        self.seedAddresses = seeds
        if myself.state == .removed { removedAt = myself.incarnation }
        for known in knownMembers {
            if known.id == myself.id {
                myIncarnation = max(myIncarnation, known.incarnation)
                if known.state == .removed { removedAt = max(removedAt ?? 0, known.incarnation) }
                continue
            }
            var loaded = known
            switch known.state {
            case .alive, .removed: break
            case .suspect, .dead: loaded.state = .alive
            }
            _ = table.merge(loaded)
        }
    }

    // MARK: Queries

    /// Every known member including this node, sorted by id.
    public var members: [MemberInfo] {
        var all = table.sorted
        all.append(myRecord)
        return all.sorted { $0.id < $1.id }
    }

    /// Every member not REMOVED, this node included unless it is removed; DEAD members
    /// count (a quorum is of the cluster, not of who answers now). Sorted.
    public var quorumMembers: [NodeID] {
        members.filter { $0.state != .removed }.map(\.id)
    }

    /// ALIVE or SUSPECT members, this node included unless it is removed. Sorted.
    public var reachableMembers: [NodeID] {
        members.filter { $0.state == .alive || $0.state == .suspect }.map(\.id)
    }

    public func state(of id: NodeID) -> MemberState? {
        id == myID ? myRecord.state : table[id]?.state
    }

    public var isRemoved: Bool { removedAt != nil }

    public var incarnation: UInt64 { myIncarnation }

    private var myRecord: MemberInfo {
        MemberInfo(id: myID, address: myAddress, incarnation: myIncarnation, state: isRemoved ? .removed : .alive)
    }

    // MARK: Events

    public mutating func handle(_ event: MembershipEvent, now: Milliseconds) -> [MembershipAction] {
        var actions: [MembershipAction] = []
        switch event {
        case .start:
            onStart(now: now, into: &actions)
        case .received(let from, let message):
            switch message {
            case .ping(let ping): onPing(ping, from: from, now: now, into: &actions)
            case .pingRequest(let request): onPingRequest(request, from: from, now: now, into: &actions)
            case .ack(let ack): onAck(ack, from: from, now: now, into: &actions)
            case .join(let join): onJoin(join, from: from, now: now, into: &actions)
            case .joinReply(let reply): onJoinReply(reply, now: now, into: &actions)
            case .prepare, .vote, .commit, .commitAck, .abort, .decisionQuery, .decisionReply,
                 .syncStateRequest, .syncState, .changesRequest, .changes, .snapshotRequest, .snapshotChunk,
                 .lockRequest, .lockReply, .lockRelease:
                break
            }
        case .timerFired(let timer):
            switch timer.kind {
            case .probeRound: onProbeRound(token: timer.token, now: now, into: &actions)
            case .pingTimeout(let target): onPingTimeout(target: target, token: timer.token, into: &actions)
            case .suspicion(let id): onSuspicionTimeout(of: id, token: timer.token, now: now, into: &actions)
            case .deadProbe: onDeadProbe(token: timer.token, now: now, into: &actions)
            case .joinRetry: onJoinRetry(token: timer.token, now: now, into: &actions)
            }
        case .remove(let id):
            onRemove(id, now: now, into: &actions)
        case .allow(let id):
            onAllow(id, now: now, into: &actions)
        }
        return actions
    }

    private mutating func onStart(now: Milliseconds, into actions: inout [MembershipAction]) {
        guard !started else { return }
        started = true
        // A node that knows it is removed keeps quiet until an `allow` reaches it through
        // the dead-member re-probe.
        guard !isRemoved else { return }
        // Announce ourselves: after a restart our incarnation or address may be news.
        gossip.add(myRecord)
        if !seedAddresses.isEmpty {
            sendJoins(into: &actions)
            let token = newToken()
            joinToken = token
            actions.append(.setTimer(MembershipTimer(kind: .joinRetry, token: token), at: now + 2 * config.gossipIntervalMillis))
        }
        scheduleProbing(now: now, into: &actions)
    }

    private mutating func onPing(_ ping: Ping, from: NodeID, now: Milliseconds, into actions: inout [MembershipAction]) {
        merge(ping.updates, now: now, into: &actions)
        joinToken = nil  // someone probes us: we are in
        // Even a removed node acks: it is how it hears of an `allow`.
        let ack = Ack(sequence: ping.sequence, target: myID, updates: piggyback(to: from))
        actions.append(.send(to: from, .ack(ack)))
    }

    private mutating func onPingRequest(_ request: PingRequest, from: NodeID, now: Milliseconds, into actions: inout [MembershipAction]) {
        merge(request.updates, now: now, into: &actions)
        joinToken = nil
        guard !isRemoved else { return }
        if request.target == myID {
            let ack = Ack(sequence: request.sequence, target: myID, updates: piggyback(to: from))
            actions.append(.send(to: from, .ack(ack)))
            return
        }
        let sequence = newSequence()
        relays[sequence] = Relay(requester: from, requesterSequence: request.sequence, target: request.target, startedAt: now)
        let ping = Ping(sequence: sequence, updates: piggyback(to: request.target))
        actions.append(.send(to: request.target, .ping(ping)))
    }

    private mutating func onAck(_ ack: Ack, from: NodeID, now: Milliseconds, into actions: inout [MembershipAction]) {
        merge(ack.updates, now: now, into: &actions)
        joinToken = nil
        if let probe = probes[ack.sequence], probe.target == ack.target {
            probes[ack.sequence] = nil
        } else if let relay = relays[ack.sequence], relay.target == ack.target {
            relays[ack.sequence] = nil
            let relayed = Ack(sequence: relay.requesterSequence, target: relay.target, updates: piggyback(to: relay.requester))
            actions.append(.send(to: relay.requester, .ack(relayed)))
        }
        // Anything else is a late ack (round over) or the answer to a dead-member re-probe:
        // its updates were all it had to give.
    }

    private mutating func onJoin(_ join: Join, from: NodeID, now: Milliseconds, into actions: inout [MembershipAction]) {
        guard !isRemoved, join.member.id != myID else { return }
        // The joiner speaks for itself: ALIVE at its incarnation. Normal precedence applies,
        // so a REMOVED joiner stays REMOVED, and a joiner we hold DEAD at its own incarnation
        // stays DEAD until it refutes, which it does on reading our reply.
        let claim = MemberInfo(id: join.member.id, address: join.member.address, incarnation: join.member.incarnation, state: .alive)
        if let changed = table.merge(claim) {
            recordChange(changed, now: now, into: &actions)
        } else if var known = table[claim.id], known.address != claim.address, claim.incarnation >= known.incarnation {
            // Its standing is unchanged but it moved: the joiner knows where it lives. (Not
            // `recordChange`: a running suspicion keeps its deadline.)
            known.address = claim.address
            table.set(known)
            actions.append(.memberChanged(known))
            gossip.add(known)
        }
        let accepted = table[claim.id]?.state != .removed
        actions.append(.send(to: from, .joinReply(JoinReply(accepted: accepted, members: members))))
    }

    private mutating func onJoinReply(_ reply: JoinReply, now: Milliseconds, into actions: inout [MembershipAction]) {
        if reply.accepted { joinToken = nil }
        // Our own record in the list is handled like any claim about us: a refusal comes
        // with our REMOVED record and makes us removed (unless it predates an allow).
        merge(reply.members, now: now, into: &actions)
        if !reply.accepted, !isRemoved, !reply.members.contains(where: { $0.id == myID }) {
            // Refused without our record: treat as removed at incarnation 0 (the allow
            // will come as DEAD at 1 or above).
            applyClaimAboutMyself(MemberInfo(id: myID, address: myAddress, incarnation: 0, state: .removed), now: now, into: &actions)
        }
    }

    private mutating func onProbeRound(token: UInt64, now: Milliseconds, into actions: inout [MembershipAction]) {
        guard token == roundToken else { return }
        // The round is over for probes started a round ago: no ack means SUSPECT.
        for sequence in probes.keys.sorted() {
            guard let probe = probes[sequence], probe.startedAt + config.gossipIntervalMillis <= now else { continue }
            probes[sequence] = nil
            if var record = table[probe.target], record.state == .alive {
                record.state = .suspect
                table.set(record)
                recordChange(record, now: now, into: &actions)
            }
        }
        relays = relays.filter { $0.value.startedAt + config.gossipIntervalMillis > now }

        let eligible = table.ids(in: [.alive, .suspect])
        for target in schedule.pick(config.gossipFanout, from: eligible, using: &rng) {
            let sequence = newSequence()
            probes[sequence] = Probe(target: target, startedAt: now, indirectSent: false)
            actions.append(.send(to: target, .ping(Ping(sequence: sequence, updates: piggyback(to: target)))))
            let timeout = MembershipTimer(kind: .pingTimeout(target), token: sequence)
            actions.append(.setTimer(timeout, at: now + config.pingTimeoutMillis))
        }

        let next = newToken()
        roundToken = next
        actions.append(.setTimer(MembershipTimer(kind: .probeRound, token: next), at: now + config.gossipIntervalMillis))
    }

    private mutating func onPingTimeout(target: NodeID, token: UInt64, into actions: inout [MembershipAction]) {
        guard var probe = probes[token], probe.target == target, !probe.indirectSent else { return }
        probe.indirectSent = true
        probes[token] = probe
        // The helpers are drawn at random so that one bad link near us does not decide.
        var helpers = table.ids(in: [.alive, .suspect]).filter { $0 != target }
        rng.shuffle(&helpers)
        for helper in helpers.prefix(max(config.indirectProbes, 0)) {
            let request = PingRequest(sequence: token, target: target, updates: piggyback(to: helper))
            actions.append(.send(to: helper, .pingRequest(request)))
        }
    }

    private mutating func onSuspicionTimeout(of id: NodeID, token: UInt64, now: Milliseconds, into actions: inout [MembershipAction]) {
        guard suspicionTokens[id] == token, var record = table[id], record.state == .suspect else { return }
        record.state = .dead
        table.set(record)
        recordChange(record, now: now, into: &actions)
    }

    private mutating func onDeadProbe(token: UInt64, now: Milliseconds, into actions: inout [MembershipAction]) {
        guard token == deadProbeToken else { return }
        // One ping each; the piggyback tells the member it is held DEAD, so if it is in
        // fact alive (a healed partition) it refutes in its ack.
        for id in table.ids(in: [.dead]) {
            actions.append(.send(to: id, .ping(Ping(sequence: newSequence(), updates: piggyback(to: id)))))
        }
        let next = newToken()
        deadProbeToken = next
        actions.append(.setTimer(MembershipTimer(kind: .deadProbe, token: next), at: now + config.deadTimeoutMillis))
    }

    private mutating func onJoinRetry(token: UInt64, now: Milliseconds, into actions: inout [MembershipAction]) {
        guard token == joinToken else { return }
        sendJoins(into: &actions)
        let next = newToken()
        joinToken = next
        actions.append(.setTimer(MembershipTimer(kind: .joinRetry, token: next), at: now + 2 * config.gossipIntervalMillis))
    }

    private mutating func onRemove(_ id: NodeID, now: Milliseconds, into actions: inout [MembershipAction]) {
        if id == myID {
            guard !isRemoved else { return }
            becomeRemoved(at: myIncarnation, into: &actions)
            gossip.add(myRecord)  // the operator's decision must spread
            return
        }
        guard var record = table[id], record.state != .removed else { return }
        record.state = .removed  // incarnation unchanged: it beats every state at it
        table.set(record)
        recordChange(record, now: now, into: &actions)
    }

    private mutating func onAllow(_ id: NodeID, now: Milliseconds, into actions: inout [MembershipAction]) {
        if id == myID {
            // Allowing ourselves: spread the allow (DEAD above the removal, which the sticky
            // REMOVED records accept) and rejoin. Allowing from another node is smoother:
            // its dead-member re-probe reaches us and we refute.
            guard let removal = removedAt else { return }
            let allow = MemberInfo(id: myID, address: myAddress, incarnation: removal + 1, state: .dead)
            removedAt = nil
            allowedAt = allow.incarnation
            myIncarnation = max(myIncarnation, allow.incarnation)
            actions.append(.memberChanged(myRecord))
            gossip.add(allow)
            scheduleProbing(now: now, into: &actions)
            return
        }
        guard var record = table[id], record.state == .removed else { return }
        record.state = .dead
        record.incarnation += 1
        table.set(record)
        recordChange(record, now: now, into: &actions)
    }

    // MARK: Gossip

    /// Merges gossiped records in message order.
    private mutating func merge(_ updates: [MemberInfo], now: Milliseconds, into actions: inout [MembershipAction]) {
        for update in updates {
            if update.id == myID {
                applyClaimAboutMyself(update, now: now, into: &actions)
            } else if let changed = table.merge(update) {
                recordChange(changed, now: now, into: &actions)
            }
        }
    }

    /// A record in the table changed: report it, spread it, and keep the suspicion timer in
    /// step (every node that learns of a suspicion times it itself, as in SWIM).
    private mutating func recordChange(_ record: MemberInfo, now: Milliseconds, into actions: inout [MembershipAction]) {
        actions.append(.memberChanged(record))
        gossip.add(record)
        if record.state == .suspect {
            let token = newToken()
            suspicionTokens[record.id] = token
            actions.append(.setTimer(MembershipTimer(kind: .suspicion(record.id), token: token), at: now + config.suspectTimeoutMillis))
        } else {
            suspicionTokens[record.id] = nil
        }
    }

    /// Gossip about this node: refute suspicion, obey removal, rejoin when allowed.
    private mutating func applyClaimAboutMyself(_ claim: MemberInfo, now: Milliseconds, into actions: inout [MembershipAction]) {
        switch claim.state {
        case .removed:
            if let removal = removedAt {
                removedAt = max(removal, claim.incarnation)
            } else if claim.incarnation >= allowedAt {
                // Our own incarnation may be higher (a restart bumped it): the cluster's
                // REMOVED record still rules, only an allow undoes it.
                becomeRemoved(at: claim.incarnation, into: &actions)
            }
        case .suspect, .dead:
            if let removal = removedAt {
                // DEAD above the removal is an operator's allow: rejoin by refuting it.
                guard claim.state == .dead, claim.incarnation > removal else { return }
                removedAt = nil
                allowedAt = claim.incarnation
                myIncarnation = max(myIncarnation, claim.incarnation) + 1
                actions.append(.memberChanged(myRecord))
                gossip.add(myRecord)
                scheduleProbing(now: now, into: &actions)
                return
            }
            if claim.incarnation >= myIncarnation {
                myIncarnation = claim.incarnation + 1
                actions.append(.memberChanged(myRecord))
            }
            // Spread our ALIVE record again even when the claim was older than our
            // incarnation: whoever sent it has not heard the refutation yet.
            gossip.add(myRecord)
        case .alive:
            // Someone saw us at a higher incarnation (one we lost in a crash): catch up so
            // our next refutation goes above it.
            guard !isRemoved, claim.incarnation > myIncarnation else { return }
            myIncarnation = claim.incarnation
            actions.append(.memberChanged(myRecord))
        }
    }

    /// Updates for one message to `recipient`: first its own record if we hold it anything
    /// but ALIVE (so it can refute, or learn it was removed, even after the buffer dropped
    /// that news), then the least-sent buffered updates about others, at most 8 in all.
    private mutating func piggyback(to recipient: NodeID) -> [MemberInfo] {
        var updates: [MemberInfo] = []
        if let record = table[recipient], record.state != .alive { updates.append(record) }
        let limit = GossipBuffer.transmissions(memberCount: table.count + 1)
        updates += gossip.take(limit: GossipBuffer.maxPerMessage - updates.count, excluding: recipient, maxTransmissions: limit)
        return updates
    }

    // MARK: Helpers

    private mutating func becomeRemoved(at incarnation: UInt64, into actions: inout [MembershipAction]) {
        removedAt = incarnation
        // Stop probing, re-probing and joining; answer nothing but acks. Tokens go stale.
        roundToken = nil
        deadProbeToken = nil
        joinToken = nil
        probes = [:]
        relays = [:]
        gossip.remove(myID)
        actions.append(.memberChanged(myRecord))
    }

    private mutating func scheduleProbing(now: Milliseconds, into actions: inout [MembershipAction]) {
        let round = newToken()
        roundToken = round
        actions.append(.setTimer(MembershipTimer(kind: .probeRound, token: round), at: now + config.gossipIntervalMillis))
        let dead = newToken()
        deadProbeToken = dead
        actions.append(.setTimer(MembershipTimer(kind: .deadProbe, token: dead), at: now + config.deadTimeoutMillis))
    }

    private func sendJoins(into actions: inout [MembershipAction]) {
        for address in seedAddresses {
            actions.append(.sendToAddress(address, .join(Join(member: myRecord))))
        }
    }

    private mutating func newSequence() -> UInt64 {
        defer { nextSequence += 1 }
        return nextSequence
    }

    private mutating func newToken() -> UInt64 {
        defer { nextToken += 1 }
        return nextToken
    }
}
