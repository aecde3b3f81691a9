import Protocol

/// One node's clocks as functions of the simulation's global virtual time. The monotonic
/// clock is `base + drift × (global − anchor)`: it drifts but is never stepped (drift changes
/// re-anchor the line, so it stays continuous). The wall clock is the monotonic clock plus
/// every skew jump asked for, so it may step, even backwards. A node runs its timers and
/// leases on the monotonic clock and its HLC on the wall clock, as the daemon does.
public struct SimulatedClock: Hashable, Sendable, CustomStringConvertible {
    public private(set) var drift: Double
    private var baseLocal: Int64
    private var anchorGlobal: Int64
    /// The sum of the skew jumps: wall − monotonic.
    private var stepped: Int64 = 0

    /// A clock that reads `global + skew` at `global`, running at `drift`.
    public init(global: Int64, skew: Int64 = 0, drift: Double = 1) {
        precondition(drift > 0, "drift must be positive")
        self.baseLocal = global + skew
        self.anchorGlobal = global
        self.drift = drift
    }

    /// The node's wall-clock reading at global time `global` (not before the last re-anchoring).
    public func local(at global: Int64) -> Int64 { monotonic(at: global) + stepped }

    /// The node's monotonic reading at `global`: drift, no jumps.
    public func monotonic(at global: Int64) -> Int64 {
        baseLocal + Int64((Double(global - anchorGlobal) * drift).rounded(.down))
    }

    /// The offset local − global at `global`.
    public func skew(at global: Int64) -> Int64 { local(at: global) - global }

    /// The first global instant, not before `now`, at which the monotonic clock reads at least
    /// `target`. Timers use it: a timer set for T fires at `globalTime(forMonotonic: T, notBefore: now)`.
    public func globalTime(forMonotonic target: Int64, notBefore now: Int64) -> Int64 {
        if monotonic(at: now) >= target { return now }
        var g = anchorGlobal + Int64((Double(target - baseLocal) / drift).rounded(.up))
        if g <= now { g = now + 1 }
        while monotonic(at: g) < target { g += 1 }
        while g - 1 > now && monotonic(at: g - 1) >= target { g -= 1 }
        return g
    }

    /// Step the wall clock by `delta` ms (positive: forward) at global time `global`.
    public mutating func jump(by delta: Int64, at global: Int64) {
        stepped += delta
    }

    /// From `global` on, the clock runs at `drift` local ms per global ms.
    public mutating func setDrift(_ newDrift: Double, at global: Int64) {
        precondition(newDrift > 0, "drift must be positive")
        reanchor(at: global)
        drift = newDrift
    }

    private mutating func reanchor(at global: Int64) {
        baseLocal = monotonic(at: global)
        anchorGlobal = global
    }

    public var description: String { "clock(offset \(baseLocal - anchorGlobal + stepped)ms, drift \(drift))" }
}
