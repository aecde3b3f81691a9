/// A parsed scenario: a name (the file's, or the explorer's) and its commands in order. The
/// first command is always `cluster`.
public struct Scenario: Hashable, Sendable {
    public var name: String
    public var commands: [ScenarioCommand]

    public init(name: String, commands: [ScenarioCommand]) {
        self.name = name
        self.commands = commands
    }

    public var cluster: ClusterSpec? {
        if case .cluster(let spec)? = commands.first?.command { return spec }
        return nil
    }

    /// The same scenario with every line number cleared, for comparing ASTs.
    public var withoutLineNumbers: Scenario {
        Scenario(name: name, commands: commands.map { ScenarioCommand(line: 0, $0.command) })
    }
}
