/// Timers of anti-entropy: the periodic round, and the deadline of one outstanding request.
public struct AntiEntropyTimer: Hashable, Sendable {
    public enum Kind: UInt8, Hashable, Sendable {
        case round = 1
        case requestDeadline = 2
    }
    public var kind: Kind
    public var token: UInt64
    public init(kind: Kind, token: UInt64) {
        self.kind = kind
        self.token = token
    }
}
