import Node
import Protocol

/// What the simulation's queue holds. Nodes are named by their index in the simulation;
/// `life` makes an event for an earlier process life of the node stale.
enum SimulationEvent {
    case deliver(Envelope, from: Int, to: Int, life: Int)
    case timer(node: Int, NodeTimer, token: UInt64, life: Int)
}
