import Foundation
import Protocol
import Storage

extension MySQLFunctions {
    /// REGEXP (SQLite calls `regexp(pattern, subject)` for `subject REGEXP pattern`),
    /// REGEXP_LIKE, REGEXP_INSTR, REGEXP_SUBSTR, REGEXP_REPLACE. MySQL 8 uses ICU regular
    /// expressions, as NSRegularExpression does; case-insensitive like the default collation
    /// unless match_type says 'c'.
    static func regexpFunctions() -> [Definition] {
        let cache = RegexCache()
        @Sendable func regex(_ pattern: SQLValue, _ matchType: SQLValue? = nil) throws -> NSRegularExpression? {
            guard let p = pattern.mysqlText else { return nil }
            var caseInsensitive = true
            var options: NSRegularExpression.Options = []
            if let m = matchType {
                guard let flags = m.mysqlText else { return nil }
                for f in flags {
                    switch f {
                    case "c": caseInsensitive = false
                    case "i": caseInsensitive = true
                    case "m": options.insert(.anchorsMatchLines)
                    case "n": options.insert(.dotMatchesLineSeparators)
                    case "u": break
                    default: throw SQLiteFunctionError("Incorrect arguments to regexp_like")
                    }
                }
            }
            if caseInsensitive { options.insert(.caseInsensitive) }
            return try cache.regex(p, options)
        }
        @Sendable func like(_ subject: SQLValue, _ re: NSRegularExpression?) -> SQLValue {
            guard let re, let s = subject.mysqlText else { return .null }
            let found = re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
            return .integer(found ? 1 : 0)
        }
        var defs: [Definition] = []
        defs.append(Definition("REGEXP", 2) { args in like(args[1], try regex(args[0])) })
        defs.append(Definition("REGEXP_LIKE", 2) { args in like(args[0], try regex(args[1])) })
        defs.append(Definition("REGEXP_LIKE", 3) { args in like(args[0], try regex(args[1], args[2])) })
        defs.append(Definition("REGEXP_INSTR", 2) { args in
            guard let re = try regex(args[1]), let s = args[0].mysqlText else { return .null }
            guard let m = re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)),
                  let r = Range(m.range, in: s) else { return .integer(0) }
            return .integer(Int64(s[..<r.lowerBound].unicodeScalars.count + 1))
        })
        defs.append(Definition("REGEXP_SUBSTR", 2) { args in
            guard let re = try regex(args[1]), let s = args[0].mysqlText else { return .null }
            guard let m = re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)),
                  let r = Range(m.range, in: s) else { return .null }
            return .text(String(s[r]))
        })
        defs.append(Definition("REGEXP_REPLACE", 3) { args in
            guard let re = try regex(args[1]), let s = args[0].mysqlText, let replacement = args[2].mysqlText else { return .null }
            return .text(re.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: replacement))
        })
        return defs
    }
}

/// Compiled patterns, bounded; shared by the connection's calls.
private final class RegexCache: @unchecked Sendable {
    private struct Key: Hashable {
        let pattern: String
        let options: UInt
    }
    private let lock = NSLock()
    private var entries: [Key: NSRegularExpression] = [:]

    func regex(_ pattern: String, _ options: NSRegularExpression.Options) throws -> NSRegularExpression {
        let key = Key(pattern: pattern, options: options.rawValue)
        lock.lock()
        if let hit = entries[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let compiled: NSRegularExpression
        do {
            compiled = try NSRegularExpression(pattern: pattern, options: options)
        } catch {
            throw SQLiteFunctionError("Illegal argument to a regular expression: '\(pattern)'")
        }
        lock.lock()
        if entries.count >= 64 { entries.removeAll() }
        entries[key] = compiled
        lock.unlock()
        return compiled
    }
}
