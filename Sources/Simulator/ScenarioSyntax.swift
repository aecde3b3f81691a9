import Protocol

/// The lexical pieces of the scenario language shared by the parser and the printer:
/// durations (`500ms`, `5s`, `2m`, `1h`, `1.5s`), SQL literals (`1`, `-2.5`, `'it''s'`, `NULL`,
/// `X'00FF'`), and splitting text on a separator outside quotes.
public enum ScenarioSyntax {
    /// Milliseconds of a duration like `500ms`, `5s`, `2m`, `1h`, `1.5s`.
    public static func duration(_ text: String) -> Int64? {
        let units: [(String, Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            let number = String(text.dropLast(suffix.count))
            // "5ms" also ends in "s": only accept when the rest is a plain number.
            guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }), let v = Double(number) else { continue }
            let ms = v * factor
            guard ms == ms.rounded(), ms >= 0, ms < 1e15 else { return nil }
            return Int64(ms)
        }
        return nil
    }

    /// A signed duration like `+3s` or `-500ms`.
    public static func signedDuration(_ text: String) -> Int64? {
        if text.hasPrefix("-") { return duration(String(text.dropFirst())).map { -$0 } }
        if text.hasPrefix("+") { return duration(String(text.dropFirst())) }
        return duration(text)
    }

    public static func render(duration ms: Int64) -> String {
        if ms != 0 {
            if ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
            if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
            if ms % 1000 == 0 { return "\(ms / 1000)s" }
        }
        return "\(ms)ms"
    }

    public static func render(signedDuration ms: Int64) -> String {
        ms < 0 ? "-" + render(duration: -ms) : "+" + render(duration: ms)
    }

    /// A SQL literal as scenarios write expected values.
    public static func literal(_ text: String) -> SQLValue? {
        let t = text.simTrimmed()
        if t.uppercased() == "NULL" { return .null }
        if t.count >= 2 && t.hasPrefix("'") && t.hasSuffix("'") {
            let inner = t.dropFirst().dropLast()
            var out = ""
            var i = inner.startIndex
            while i < inner.endIndex {
                let c = inner[i]
                if c == "'" {
                    let next = inner.index(after: i)
                    guard next < inner.endIndex, inner[next] == "'" else { return nil }
                    out.append("'")
                    i = inner.index(after: next)
                } else {
                    out.append(c)
                    i = inner.index(after: i)
                }
            }
            return .text(out)
        }
        if (t.hasPrefix("X'") || t.hasPrefix("x'")) && t.hasSuffix("'") && t.count >= 3 {
            let hex = Array(t.dropFirst(2).dropLast())
            guard hex.count % 2 == 0 else { return nil }
            var bytes: [UInt8] = []
            var i = 0
            while i < hex.count {
                guard let b = UInt8(String(hex[i...i + 1]), radix: 16) else { return nil }
                bytes.append(b)
                i += 2
            }
            return .blob(bytes)
        }
        if let i = Int64(t) { return .integer(i) }
        if t.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let d = Double(t), d.isFinite { return .real(d) }
        return nil
    }

    public static func render(literal value: SQLValue) -> String {
        switch value {
        case .real(let d):
            let s = String(d)
            return s.contains(".") || s.contains("e") ? s : s + ".0"
        default:
            return value.description
        }
    }

    /// Values compare as SQL would show them: an integer equals a real of the same value.
    public static func sameValue(_ a: SQLValue, _ b: SQLValue) -> Bool {
        switch (a, b) {
        case let (.integer(x), .real(y)), let (.real(y), .integer(x)): return Double(x) == y
        default: return a == b
        }
    }

    /// Split `text` on `separator` where it stands outside '...', "..." and `...` quotes.
    public static func split(_ text: String, on separator: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character? = nil
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if let q = quote {
                current.append(c)
                if c == q { quote = nil }
                i = text.index(after: i)
                continue
            }
            if c == "'" || c == "\"" || c == "`" {
                quote = c
                current.append(c)
                i = text.index(after: i)
                continue
            }
            if text[i...].hasPrefix(separator) {
                parts.append(current)
                current = ""
                i = text.index(i, offsetBy: separator.count)
                continue
            }
            current.append(c)
            i = text.index(after: i)
        }
        parts.append(current)
        return parts
    }

    /// The range of the last `separator` outside quotes, if any.
    public static func lastUnquoted(_ separator: String, in text: String) -> Range<String.Index>? {
        var found: Range<String.Index>? = nil
        var quote: Character? = nil
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" || c == "`" {
                quote = c
            } else if text[i...].hasPrefix(separator) {
                found = i..<text.index(i, offsetBy: separator.count)
            }
            i = text.index(after: i)
        }
        return found
    }

    /// The line without its comment: `#` outside quotes, at the start or after a blank.
    public static func stripComment(_ line: String) -> String {
        var quote: Character? = nil
        var previous: Character = " "
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" || c == "`" {
                quote = c
            } else if c == "#" && previous.isWhitespace {
                return String(line[..<i])
            }
            previous = c
            i = line.index(after: i)
        }
        return line
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    func simTrimmed() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
