/// Misuse of the simulation or a node that could not be built: these end a run as an
/// internal error (the explorer's exit code 3), never as a correctness verdict.
public struct SimulationError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
