/// Every clock one node had over the run: a new segment at each skew jump or drift change.
/// Lets the checkers ask "when, in global time, did this node's clock read T?" even when the
/// clock changed in between.
public struct ClockHistory: Sendable {
    public struct Segment: Sendable {
        public var since: Int64
        public var clock: SimulatedClock
    }

    public private(set) var segments: [Segment]

    public init(since: Int64, clock: SimulatedClock) {
        segments = [Segment(since: since, clock: clock)]
    }

    mutating func append(since: Int64, clock: SimulatedClock) {
        segments.append(Segment(since: since, clock: clock))
    }

    /// The first global instant at or after `from` at which the monotonic clock (the one
    /// timers and leases use) read at least `local`.
    public func firstGlobal(reaching local: Int64, from: Int64) -> Int64 {
        for (i, s) in segments.enumerated() {
            let end = i + 1 < segments.count ? segments[i + 1].since : Int64.max
            guard end > from else { continue }
            let g = s.clock.globalTime(forMonotonic: local, notBefore: max(from, s.since))
            if g < end { return g }
        }
        return segments.last!.clock.globalTime(forMonotonic: local, notBefore: from)
    }

    /// The drift in force at `global`.
    public func drift(at global: Int64) -> Double {
        var d = segments[0].clock.drift
        for s in segments where s.since <= global { d = s.clock.drift }
        return d
    }
}
