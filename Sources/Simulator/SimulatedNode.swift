import Node
import Protocol

/// The simulator's side of one node: its name and identity, its clock, its data directory,
/// the running process (nil while crashed) and the timers that process has armed.
final class SimulatedNode {
    struct ArmedTimer {
        var token: UInt64
        var localAt: Int64
    }

    let name: String
    let id: NodeID
    let address: String
    let dataDirectory: String
    let seedAddresses: [String]
    var clock: SimulatedClock
    var process: MarmotNode?
    /// Process lives, counting from 1 at the first start; events of an older life are stale.
    var life = 0
    var timers: [NodeTimer: ArmedTimer] = [:]
    /// The last envelope clock this life sent, to check HLC monotonicity.
    var lastEnvelopeClock: HLCTimestamp?
    var crashedAt: Int64?
    /// Removed by an operator (`remove X on Y`), as far as the scenario knows.
    var removed = false

    init(name: String, id: NodeID, dataDirectory: String, seedAddresses: [String], clock: SimulatedClock) {
        self.name = name
        self.id = id
        self.address = SimulatedNode.address(of: name)
        self.dataDirectory = dataDirectory
        self.seedAddresses = seedAddresses
        self.clock = clock
    }

    var isRunning: Bool { process != nil }

    static func address(of name: String) -> String { "sim://" + name }

    /// Node names are single lowercase letters: a = 1, b = 2, ...
    static func nodeID(of name: String) -> NodeID? {
        guard name.count == 1, let scalar = name.unicodeScalars.first, ("a"..."z").contains(scalar) else { return nil }
        return NodeID(UInt64(scalar.value - 96))
    }

    static func name(of index: Int) -> String {
        String(UnicodeScalar(UInt8(97 + index)))
    }
}
