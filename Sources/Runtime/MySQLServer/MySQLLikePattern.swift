/// MySQL's LIKE as SHOW ... LIKE uses it: `%` any run, `_` one character, `\` escapes,
/// case-insensitive.
struct MySQLLikePattern: Sendable {
    private enum Piece: Equatable { case literal(Character), one, any }
    private let pieces: [Piece]

    init(_ pattern: String) {
        var pieces: [Piece] = []
        var escaped = false
        for c in pattern.lowercased() {
            if escaped { pieces.append(.literal(c)); escaped = false; continue }
            switch c {
            case "\\": escaped = true
            case "%": if pieces.last != .any { pieces.append(.any) }
            case "_": pieces.append(.one)
            default: pieces.append(.literal(c))
            }
        }
        if escaped { pieces.append(.literal("\\")) }
        self.pieces = pieces
    }

    func matches(_ text: String) -> Bool {
        let chars = Array(text.lowercased())
        // Classic wildcard matching with backtracking to the last `%`.
        var p = 0, t = 0
        var star = -1, mark = 0
        while t < chars.count {
            if p < pieces.count {
                switch pieces[p] {
                case .one: p += 1; t += 1; continue
                case .literal(let c) where c == chars[t]: p += 1; t += 1; continue
                case .any: star = p; mark = t; p += 1; continue
                default: break
                }
            }
            if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
                continue
            }
            return false
        }
        while p < pieces.count, pieces[p] == .any { p += 1 }
        return p == pieces.count
    }
}
