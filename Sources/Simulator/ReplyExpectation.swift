import Node

/// What a reply must be.
public enum ReplyExpectation: Hashable, Sendable, CustomStringConvertible {
    case ok
    /// An error; with a code, that code.
    case error(Int?)
    case affected(Int)
    case rows(Int)
    case any

    public func matches(_ result: Result<StatementOutcome, ClientError>) -> Bool {
        switch (self, result) {
        case (.any, _): return true
        case (.ok, .success): return true
        case (.error(nil), .failure): return true
        case (.error(let code?), .failure(let e)): return e.code == code
        case (.affected(let n), .success(let o)): return o.affectedRows == n
        case (.rows(let n), .success(let o)): return o.rows.count == n
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .ok: return "ok"
        case .error(nil): return "error"
        case .error(let code?): return "error \(code)"
        case .affected(let n): return "affected \(n)"
        case .rows(let n): return "rows \(n)"
        case .any: return "any"
        }
    }
}
