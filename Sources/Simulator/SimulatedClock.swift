import Protocol

/// One node's local clock as a function of the simulation's global virtual time:
/// `local = base + drift × (global − anchor)`. Skew jumps and drift changes re-anchor the line
/// at the moment they happen, so the local clock is continuous except for the jumps asked for.
/// Global time never goes backwards; a local clock may (a negative skew jump).
public struct SimulatedClock: Hashable, Sendable, CustomStringConvertible {
    public private(set) var drift: Double
    private var baseLocal: Int64
    private var anchorGlobal: Int64

    /// A clock that reads `global + skew` at `global`, running at `drift`.
    public init(global: Int64, skew: Int64 = 0, drift: Double = 1) {
        precondition(drift > 0, "drift must be positive")
        self.baseLocal = global + skew
        self.anchorGlobal = global
        self.drift = drift
    }

    /// The node's local reading at global time `global` (not before the last re-anchoring).
    public func local(at global: Int64) -> Int64 {
        baseLocal + Int64((Double(global - anchorGlobal) * drift).rounded(.down))
    }

    /// The offset local − global at `global`.
    public func skew(at global: Int64) -> Int64 { local(at: global) - global }

    /// The first global instant, not before `now`, at which this clock reads at least `local`.
    /// Timers use it: a timer set for local time T fires at `globalTime(forLocal: T, notBefore: now)`.
    public func globalTime(forLocal target: Int64, notBefore now: Int64) -> Int64 {
        if local(at: now) >= target { return now }
        var g = anchorGlobal + Int64((Double(target - baseLocal) / drift).rounded(.up))
        if g <= now { g = now + 1 }
        while local(at: g) < target { g += 1 }
        while g - 1 > now && local(at: g - 1) >= target { g -= 1 }
        return g
    }

    /// Step the clock by `delta` ms (positive: forward) at global time `global`.
    public mutating func jump(by delta: Int64, at global: Int64) {
        reanchor(at: global)
        baseLocal += delta
    }

    /// From `global` on, the clock runs at `drift` local ms per global ms.
    public mutating func setDrift(_ newDrift: Double, at global: Int64) {
        precondition(newDrift > 0, "drift must be positive")
        reanchor(at: global)
        drift = newDrift
    }

    private mutating func reanchor(at global: Int64) {
        baseLocal = local(at: global)
        anchorGlobal = global
    }

    public var description: String { "clock(offset \(baseLocal - anchorGlobal)ms, drift \(drift))" }
}
