import Protocol

/// Whitespace-separated words of a line, with the untouched rest available for SQL.
struct ScenarioWords {
    private let text: String
    private var index: String.Index

    init(_ text: String) {
        self.text = text
        self.index = text.startIndex
    }

    private func skipBlanks(_ i: String.Index) -> String.Index {
        var i = i
        while i < text.endIndex && text[i].isWhitespace { i = text.index(after: i) }
        return i
    }

    func peek() -> String? {
        let start = skipBlanks(index)
        guard start < text.endIndex else { return nil }
        var end = start
        while end < text.endIndex && !text[end].isWhitespace { end = text.index(after: end) }
        return String(text[start..<end])
    }

    mutating func next() -> String? {
        let start = skipBlanks(index)
        guard start < text.endIndex else { index = start; return nil }
        var end = start
        while end < text.endIndex && !text[end].isWhitespace { end = text.index(after: end) }
        index = end
        return String(text[start..<end])
    }

    /// Everything not read yet, trimmed.
    var rest: String { String(text[skipBlanks(index)...]).simTrimmed() }

    mutating func node(_ fail: (String) -> ScenarioParseError) throws -> String {
        guard let w = next() else { throw fail("missing node name") }
        guard SimulatedNode.nodeID(of: w) != nil else { throw fail("`\(w)` is not a node name (one letter a-z)") }
        return w
    }

    mutating func duration(_ fail: (String) -> ScenarioParseError) throws -> Int64 {
        guard let w = next(), let d = ScenarioSyntax.duration(w) else { throw fail("missing duration like 500ms, 5s, 2m, 1h") }
        return d
    }

    mutating func memberState(_ fail: (String) -> ScenarioParseError) throws -> MemberState {
        switch next()?.lowercased() {
        case "alive": return .alive
        case "suspect": return .suspect
        case "dead": return .dead
        case "removed": return .removed
        default: throw fail("member state is alive, suspect, dead or removed")
        }
    }

    mutating func expectWord(_ word: String, _ fail: (String) -> ScenarioParseError) throws {
        guard next() == word else { throw fail("expected `\(word)`") }
    }

    func expectEnd(_ fail: (String) -> ScenarioParseError) throws {
        if let extra = peek() { throw fail("unexpected `\(extra)`") }
    }
}
