/// SWIM's randomized round-robin choice of probe targets: walk a shuffled list of the
/// probeable members, reshuffle after each full pass. Unlike picking at random each round,
/// every member is probed once per pass, which bounds the time to detect a failure
/// (at most two passes between two probes of the same member).
struct ProbeSchedule: Sendable {
    private var order: [NodeID] = []
    private var position = 0

    /// Up to `count` distinct targets among `eligible` (sorted by the caller, so the shuffle
    /// alone decides the order). Members that became ineligible are skipped; new ones enter
    /// at the next pass.
    mutating func pick(_ count: Int, from eligible: [NodeID], using rng: inout Xoshiro256) -> [NodeID] {
        let wanted = min(count, eligible.count)
        guard wanted > 0 else { return [] }
        let eligibleSet = Set(eligible)
        var picked: [NodeID] = []
        // Terminates: a fresh pass holds every eligible member, and wanted <= eligible.count.
        while picked.count < wanted {
            if position >= order.count {
                order = eligible
                rng.shuffle(&order)
                position = 0
            }
            let candidate = order[position]
            position += 1
            if eligibleSet.contains(candidate), !picked.contains(candidate) {
                picked.append(candidate)
            }
        }
        return picked
    }
}
