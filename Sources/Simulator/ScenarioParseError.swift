/// A line the parser could not read: where, why, and the line itself.
public struct ScenarioParseError: Error, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var text: String

    public init(file: String, line: Int, message: String, text: String) {
        self.file = file
        self.line = line
        self.message = message
        self.text = text
    }

    public var description: String { "\(file):\(line): \(message)\n    \(text)" }
}
