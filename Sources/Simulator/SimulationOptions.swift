import Protocol

/// What a simulation is built from. Every random choice of the run derives from `seed`.
public struct SimulationOptions: Sendable {
    public var seed: UInt64
    public var protocolConfig: ProtocolConfig
    public var network: NetworkConfiguration
    public var faults: FaultRates
    /// Global virtual time at the start, in ms since 1970, so HLC walls look real.
    public var startTime: Int64
    /// Where the run's temporary directory goes (nil: the system's temporary directory).
    public var dataRoot: String?
    /// Keep the node data directories after the run (for inspection).
    public var keepData: Bool
    /// Receives the run's parameters and, when `verbose`, the nodes' log observations.
    public var log: (@Sendable (String) -> Void)?
    public var verbose: Bool

    public init(
        seed: UInt64,
        protocolConfig: ProtocolConfig = ProtocolConfig(),
        network: NetworkConfiguration = NetworkConfiguration(),
        faults: FaultRates = .none,
        startTime: Int64 = 1_700_000_000_000,
        dataRoot: String? = nil,
        keepData: Bool = false,
        log: (@Sendable (String) -> Void)? = nil,
        verbose: Bool = false
    ) {
        self.seed = seed
        self.protocolConfig = protocolConfig
        self.network = network
        self.faults = faults
        self.startTime = startTime
        self.dataRoot = dataRoot
        self.keepData = keepData
        self.log = log
        self.verbose = verbose
    }
}
