/// How long messages take: uniform between `minDelay` and `maxDelay` ms, plus with
/// probability `tailProbability` an extra uniform `0...tailExtra` ms (a slow link, a GC pause).
public struct NetworkConfiguration: Hashable, Sendable, CustomStringConvertible {
    public var minDelay: Int64
    public var maxDelay: Int64
    public var tailProbability: Double
    public var tailExtra: Int64

    public init(minDelay: Int64 = 1, maxDelay: Int64 = 20, tailProbability: Double = 0, tailExtra: Int64 = 0) {
        self.minDelay = minDelay
        self.maxDelay = max(minDelay, maxDelay)
        self.tailProbability = tailProbability
        self.tailExtra = tailExtra
    }

    public var description: String {
        var s = "delay \(minDelay)..\(maxDelay)ms"
        if tailProbability > 0 { s += " tail \(tailProbability):+\(tailExtra)ms" }
        return s
    }
}

/// Message faults, switched on and off by scenario commands. Each message independently is
/// dropped with `drop`, duplicated with `duplicate` (the copy gets its own delay), and
/// reordered with `reorder` (it leaves the link's FIFO order and waits up to `reorderExtra` ms
/// more). Without faults a link is FIFO, like the TCP connection the daemon uses.
public struct FaultRates: Hashable, Sendable, CustomStringConvertible {
    public var drop: Double
    public var duplicate: Double
    public var reorder: Double
    public var reorderExtra: Int64

    public init(drop: Double = 0, duplicate: Double = 0, reorder: Double = 0, reorderExtra: Int64 = 100) {
        self.drop = drop
        self.duplicate = duplicate
        self.reorder = reorder
        self.reorderExtra = reorderExtra
    }

    public static let none = FaultRates()

    public var isNone: Bool { drop == 0 && duplicate == 0 && reorder == 0 }

    public var description: String {
        isNone ? "no faults" : "drop \(drop) duplicate \(duplicate) reorder \(reorder) (+\(reorderExtra)ms)"
    }
}
