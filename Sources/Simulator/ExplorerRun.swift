/// One explorer run as commands: the scenario, and for each command the unit it belongs to
/// (a statement, or a fault's start and end together) so shrinking drops whole units. Nil
/// marks commands every run keeps: the cluster, the setup, the time steps, the liveness phase.
public struct ExplorerRun: Sendable {
    public var seed: UInt64
    public var scenario: Scenario
    public var units: [Int?]
    /// What the generator chose, printed before the run.
    public var parameters: [String]

    /// The run without the commands of `dropped` units.
    public func without(_ dropped: Set<Int>) -> ExplorerRun {
        var commands: [ScenarioCommand] = []
        var kept: [Int?] = []
        for (c, u) in zip(scenario.commands, units) {
            if let u, dropped.contains(u) { continue }
            commands.append(c)
            kept.append(u)
        }
        return ExplorerRun(seed: seed, scenario: Scenario(name: scenario.name, commands: commands), units: kept, parameters: parameters)
    }

    /// The same run with consecutive `advance` commands merged into one: the simulation
    /// processes exactly the same events either way, so the trace does not change.
    public var mergingAdvances: ExplorerRun {
        var commands: [ScenarioCommand] = []
        var kept: [Int?] = []
        for (c, u) in zip(scenario.commands, units) {
            if case .advance(let more) = c.command, u == nil, let last = commands.last, case .advance(let ms) = last.command, kept.last! == nil {
                commands[commands.count - 1] = ScenarioCommand(line: 0, .advance(ms + more))
                continue
            }
            commands.append(c)
            kept.append(u)
        }
        return ExplorerRun(seed: seed, scenario: Scenario(name: scenario.name, commands: commands), units: kept, parameters: parameters)
    }

    /// The units present, in order of first appearance.
    public var unitIDs: [Int] {
        var seen: Set<Int> = []
        var out: [Int] = []
        for u in units { if let u, seen.insert(u).inserted { out.append(u) } }
        return out
    }
}
