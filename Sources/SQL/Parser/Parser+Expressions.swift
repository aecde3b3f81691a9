/// Expressions by precedence climbing, lowest precedence first, following MySQL's table:
/// `:=` < OR, `||` < XOR < AND, `&&` < NOT < comparison, IS, LIKE, REGEXP, IN, BETWEEN <
/// `|` < `&` < `<<`, `>>` < `+`, `-` < `*`, `/`, DIV, `%`, MOD < `^` < unary `-`, `~`, `!`
/// < BINARY, COLLATE < INTERVAL.
extension Parser {
    mutating func expression() throws(SQLError) -> Expr {
        try descend()
        defer { depth -= 1 }
        return try orExpression()
    }

    mutating func expressionList() throws(SQLError) -> [Expr] {
        var list = [try expression()]
        while acceptSymbol(",") { list.append(try expression()) }
        return list
    }

    private mutating func orExpression() throws(SQLError) -> Expr {
        var left = try xorExpression()
        var levels = 0
        defer { chain -= levels }
        while true {
            if accept("OR") || (!options.pipesAsConcat && acceptSymbol("||")) {
                try extendChain(&levels)
                left = .binary(.or, left, try xorExpression())
            } else {
                return left
            }
        }
    }

    private mutating func xorExpression() throws(SQLError) -> Expr {
        var left = try andExpression()
        var levels = 0
        defer { chain -= levels }
        while accept("XOR") { try extendChain(&levels); left = .binary(.xor, left, try andExpression()) }
        return left
    }

    private mutating func andExpression() throws(SQLError) -> Expr {
        var left = try notExpression()
        var levels = 0
        defer { chain -= levels }
        while accept("AND") || acceptSymbol("&&") { try extendChain(&levels); left = .binary(.and, left, try notExpression()) }
        return left
    }

    private mutating func notExpression() throws(SQLError) -> Expr {
        if accept("NOT") {
            try descend()
            defer { depth -= 1 }
            return .unary(.not, try notExpression())
        }
        return try predicate()
    }

    private static let comparisonSymbols: [String: BinaryOperator] = [
        "=": .equal, "<=>": .nullSafeEqual, "<>": .notEqual, "!=": .notEqual,
        "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]

    /// Comparison level: left-associative comparisons and the IS / LIKE / IN / BETWEEN /
    /// REGEXP predicates, each with its optional NOT.
    private mutating func predicate() throws(SQLError) -> Expr {
        var left = try bitOrExpression()
        var levels = 0
        defer { chain -= levels }
        while true {
            if current.kind == .symbol, let op = Self.comparisonSymbols[current.text] {
                advance()
                if (at("ANY") || at("SOME") || at("ALL")) && peek().isSymbol("(") && (peek(2).isWord("SELECT") || peek(2).isWord("WITH")) {
                    let quantifier: Quantifier = at("ALL") ? .all : .any
                    advance()
                    advance()
                    let query = try selectStatement()
                    try expectSymbol(")")
                    try extendChain(&levels)
                    left = .quantified(left, op, quantifier, query)
                } else {
                    try extendChain(&levels)
                    left = .binary(op, left, try bitOrExpression())
                }
                continue
            }
            if accept("IS") {
                let negated = accept("NOT")
                if accept("NULL") {
                    try extendChain(&levels)
                    left = .isNull(left, negated: negated)
                } else if accept("TRUE") {
                    try extendChain(&levels)
                    left = .isTruth(left, .true, negated: negated)
                } else if accept("FALSE") {
                    try extendChain(&levels)
                    left = .isTruth(left, .false, negated: negated)
                } else if accept("UNKNOWN") {
                    try extendChain(&levels)
                    left = .isTruth(left, .unknown, negated: negated)
                } else {
                    throw syntaxError()
                }
                continue
            }
            var negated = false
            if at("NOT") {
                let next = peek()
                guard next.isWord("LIKE") || next.isWord("IN") || next.isWord("BETWEEN") || next.isWord("REGEXP") || next.isWord("RLIKE") else {
                    return left
                }
                advance()
                negated = true
            }
            if accept("LIKE") {
                let pattern = try bitOrExpression()
                let escape: Expr? = accept("ESCAPE") ? try unaryExpression() : nil
                try extendChain(&levels)
                left = .like(left, pattern: pattern, escape: escape, negated: negated)
            } else if accept("REGEXP") || accept("RLIKE") {
                try extendChain(&levels)
                left = .regexp(left, pattern: try bitOrExpression(), negated: negated)
            } else if accept("IN") {
                try expectSymbol("(")
                if at("SELECT") || at("WITH") {
                    let query = try selectStatement()
                    try expectSymbol(")")
                    try extendChain(&levels)
                    left = .inSubquery(left, query, negated: negated)
                } else {
                    let list = try expressionList()
                    try expectSymbol(")")
                    try extendChain(&levels)
                    left = .inList(left, list, negated: negated)
                }
            } else if accept("BETWEEN") {
                let low = try bitOrExpression()
                try expect("AND")
                let high = try bitOrExpression()
                try extendChain(&levels)
                left = .between(left, low: low, high: high, negated: negated)
            } else if !negated && at("SOUNDS") && peek().isWord("LIKE") {
                advance()
                advance()
                try extendChain(&levels)
                left = .soundsLike(left, try bitOrExpression())
            } else {
                if negated { throw syntaxError() }
                return left
            }
        }
    }

    private mutating func bitOrExpression() throws(SQLError) -> Expr {
        var left = try bitAndExpression()
        var levels = 0
        defer { chain -= levels }
        while acceptSymbol("|") { try extendChain(&levels); left = .binary(.bitOr, left, try bitAndExpression()) }
        return left
    }

    private mutating func bitAndExpression() throws(SQLError) -> Expr {
        var left = try shiftExpression()
        var levels = 0
        defer { chain -= levels }
        while acceptSymbol("&") { try extendChain(&levels); left = .binary(.bitAnd, left, try shiftExpression()) }
        return left
    }

    private mutating func shiftExpression() throws(SQLError) -> Expr {
        var left = try additiveExpression()
        var levels = 0
        defer { chain -= levels }
        while true {
            if acceptSymbol("<<") {
                try extendChain(&levels)
                left = .binary(.shiftLeft, left, try additiveExpression())
            } else if acceptSymbol(">>") {
                try extendChain(&levels)
                left = .binary(.shiftRight, left, try additiveExpression())
            } else {
                return left
            }
        }
    }

    /// `+` and `-`; `x + INTERVAL 1 DAY` arrives here as a binary op with an `.interval`
    /// operand, which the printers turn into date arithmetic.
    private mutating func additiveExpression() throws(SQLError) -> Expr {
        var left = try multiplicativeExpression()
        var levels = 0
        defer { chain -= levels }
        while true {
            if acceptSymbol("+") {
                try extendChain(&levels)
                left = .binary(.add, left, try multiplicativeExpression())
            } else if acceptSymbol("-") {
                try extendChain(&levels)
                left = .binary(.subtract, left, try multiplicativeExpression())
            } else {
                return left
            }
        }
    }

    private mutating func multiplicativeExpression() throws(SQLError) -> Expr {
        var left = try bitXorExpression()
        var levels = 0
        defer { chain -= levels }
        while true {
            if acceptSymbol("*") {
                try extendChain(&levels)
                left = .binary(.multiply, left, try bitXorExpression())
            } else if acceptSymbol("/") {
                try extendChain(&levels)
                left = .binary(.divide, left, try bitXorExpression())
            } else if accept("DIV") {
                try extendChain(&levels)
                left = .binary(.integerDivide, left, try bitXorExpression())
            } else if acceptSymbol("%") || accept("MOD") {
                try extendChain(&levels)
                left = .binary(.modulo, left, try bitXorExpression())
            } else {
                return left
            }
        }
    }

    private mutating func bitXorExpression() throws(SQLError) -> Expr {
        var left = try concatExpression()
        var levels = 0
        defer { chain -= levels }
        while acceptSymbol("^") { try extendChain(&levels); left = .binary(.bitXor, left, try concatExpression()) }
        return left
    }

    /// Under PIPES_AS_CONCAT `||` binds between `^` and the unary operators.
    private mutating func concatExpression() throws(SQLError) -> Expr {
        var left = try unaryExpression()
        var levels = 0
        defer { chain -= levels }
        while options.pipesAsConcat && acceptSymbol("||") { try extendChain(&levels); left = .binary(.concat, left, try unaryExpression()) }
        return left
    }

    mutating func unaryExpression() throws(SQLError) -> Expr {
        try descend()
        defer { depth -= 1 }
        if acceptSymbol("-") {
            return .unary(.negate, try unaryExpression())
        }
        if acceptSymbol("+") { return .unary(.plus, try unaryExpression()) }
        if acceptSymbol("~") { return .unary(.bitInvert, try unaryExpression()) }
        if acceptSymbol("!") { return .unary(.not, try unaryExpression()) }
        if at("BINARY") && !peek().isSymbol("(") {
            advance()
            return .binaryString(try unaryExpression())
        }
        return try postfixExpression()
    }

    /// A primary followed by `COLLATE name`, `->` / `->>` JSON paths.
    private mutating func postfixExpression() throws(SQLError) -> Expr {
        var e = try primary()
        var levels = 0
        defer { chain -= levels }
        while true {
            if accept("COLLATE") {
                try extendChain(&levels)
                e = .collate(e, try anyName())
            } else if atSymbol("->") || atSymbol("->>") {
                let op: BinaryOperator = advance().text == "->" ? .jsonExtract : .jsonUnquoteExtract
                guard current.kind == .string else { throw syntaxError() }
                try extendChain(&levels)
                e = .binary(op, e, .literal(.string(advance().text)))
            } else {
                return e
            }
        }
    }

    // MARK: primaries

    mutating func primary() throws(SQLError) -> Expr {
        let t = current
        switch t.kind {
        case .integer:
            advance()
            return .literal(.integer(t.text))
        case .decimal:
            advance()
            return .literal(.decimal(t.text))
        case .float:
            advance()
            return .literal(.float(t.text))
        case .string:
            let introducer: String? = t.national ? "N" : nil
            return .literal(.string(try stringLiteral(), introducer: introducer))
        case .hex:
            advance()
            return .literal(.hex(t.text))
        case .bit:
            advance()
            return .literal(.bit(t.text))
        case .placeholder:
            advance()
            return .parameter(t.parameterIndex)
        case .userVariable:
            advance()
            if acceptSymbol(":=") { return .assignVariable(t.text, try expression()) }
            return .userVariable(t.text)
        case .systemVariable:
            advance()
            return .systemVariable(Self.systemVariable(t.text))
        case .quotedIdentifier:
            return try nameLedPrimary()
        case .symbol:
            if t.text == "(" { return try parenthesized() }
            throw syntaxError()
        case .word:
            return try wordPrimary()
        case .hint, .endOfInput:
            throw syntaxError()
        }
    }

    /// `@@x`, `@@session.x`, `@@global.x`, `@@local.x`.
    static func systemVariable(_ text: String) -> SystemVariable {
        if let dot = text.firstIndex(of: ".") {
            let prefix = text[..<dot].uppercased()
            let name = String(text[text.index(after: dot)...])
            switch prefix {
            case "SESSION", "LOCAL": return SystemVariable(scope: .session, name: name)
            case "GLOBAL": return SystemVariable(scope: .global, name: name)
            case "PERSIST": return SystemVariable(scope: .persist, name: name)
            case "PERSIST_ONLY": return SystemVariable(scope: .persistOnly, name: name)
            default: break
            }
        }
        return SystemVariable(scope: nil, name: text)
    }

    /// `(expr)`, `(a, b)` row, or `(SELECT ...)`.
    private mutating func parenthesized() throws(SQLError) -> Expr {
        advance()
        if at("SELECT") || at("WITH") {
            let query = try selectStatement()
            try expectSymbol(")")
            return .subquery(query)
        }
        let list = try expressionList()
        try expectSymbol(")")
        return list.count == 1 ? list[0] : .row(list)
    }

    private mutating func wordPrimary() throws(SQLError) -> Expr {
        let t = current
        let word = t.upper
        let next = peek()
        switch word {
        case "NULL":
            advance()
            return .literal(.null)
        case "TRUE", "FALSE":
            advance()
            return .literal(.boolean(word == "TRUE"))
        case "CASE":
            return try caseExpression()
        case "CAST" where next.isSymbol("("):
            advance()
            advance()
            let e = try expression()
            try expect("AS")
            let type = try castType()
            try expectSymbol(")")
            return .cast(e, type)
        case "CONVERT" where next.isSymbol("("):
            advance()
            advance()
            let e = try expression()
            if accept("USING") {
                let charset = try anyName()
                try expectSymbol(")")
                return .convertUsing(e, charset: charset)
            }
            try expectSymbol(",")
            let type = try castType()
            try expectSymbol(")")
            return .cast(e, type)
        case "EXISTS" where next.isSymbol("("):
            advance()
            advance()
            let query = try selectStatement()
            try expectSymbol(")")
            return .exists(query)
        case "INTERVAL":
            return try intervalPrimary()
        case _ where (word == "DATE" || word == "TIME" || word == "TIMESTAMP") && next.kind == .string:
            advance()
            return .literal(.temporal(TemporalKind(rawValue: word)!, try stringLiteral()))
        case "ROW" where next.isSymbol("("):
            advance()
            advance()
            let list = try expressionList()
            try expectSymbol(")")
            return .row(list)
        case "DEFAULT":
            advance()
            if acceptSymbol("(") {
                let column = try columnRef()
                try expectSymbol(")")
                return .defaultValue(column)
            }
            return .defaultValue(nil)
        case "VALUES" where next.isSymbol("("):
            advance()
            advance()
            let column = try columnRef()
            try expectSymbol(")")
            return .insertedValue(column)
        case "MATCH" where next.isSymbol("("):
            return try matchAgainst()
        case "EXTRACT" where next.isSymbol("("):
            advance()
            advance()
            let unit = try intervalUnit()
            try expect("FROM")
            let e = try expression()
            try expectSymbol(")")
            return .extract(unit, e)
        case "TRIM" where next.isSymbol("("):
            return try trimExpression()
        case "POSITION" where next.isSymbol("("):
            advance()
            advance()
            let needle = try bitOrExpression()
            try expect("IN")
            let haystack = try expression()
            try expectSymbol(")")
            return .function(FunctionCall(name: "LOCATE", arguments: [needle, haystack]))
        case _ where (word == "SUBSTRING" || word == "SUBSTR" || word == "MID") && next.isSymbol("("):
            return try substringCall()
        case _ where (word == "TIMESTAMPADD" || word == "TIMESTAMPDIFF") && next.isSymbol("("):
            advance()
            advance()
            let unit = try intervalUnit()
            try expectSymbol(",")
            let a = try expression()
            try expectSymbol(",")
            let b = try expression()
            try expectSymbol(")")
            return .function(FunctionCall(name: word, arguments: [.intervalUnit(unit), a, b]))
        default:
            break
        }
        // `_utf8mb4'text'`: a charset introducer.
        if word.hasPrefix("_") && next.kind == .string {
            advance()
            return .literal(.string(try stringLiteral(), introducer: t.text))
        }
        if Keywords.niladicFunctions.contains(word) && !next.isSymbol("(") {
            advance()
            return .function(FunctionCall(name: word))
        }
        if next.isSymbol("(") && (!Keywords.reserved.contains(word) || Keywords.reservedFunctionNames.contains(word)) {
            advance()
            return try functionCall(name: t.text, database: nil)
        }
        return try nameLedPrimary()
    }

    /// A column reference (`c`, `t.c`, `db.t.c`, `t.*`, `db.t.*`) or `db.func(...)`.
    private mutating func nameLedPrimary() throws(SQLError) -> Expr {
        let first = try identifier()
        if current.kind == .symbol && current.text == "(" && previous.kind == .quotedIdentifier {
            return try functionCall(name: first, database: nil)
        }
        guard atSymbol(".") else { return .column(ColumnRef(column: first)) }
        advance()
        if acceptSymbol("*") { return .allColumns(table: TableName(name: first)) }
        let second = try identifierAfterDot()
        if atSymbol("(") { return try functionCall(name: second, database: first) }
        guard atSymbol(".") else { return .column(ColumnRef(table: first, column: second)) }
        advance()
        if acceptSymbol("*") { return .allColumns(table: TableName(database: first, name: second)) }
        let third = try identifierAfterDot()
        return .column(ColumnRef(database: first, table: second, column: third))
    }

    /// `c`, `t.c` or `db.t.c`.
    mutating func columnRef() throws(SQLError) -> ColumnRef {
        let first = try identifier()
        guard acceptSymbol(".") else { return ColumnRef(column: first) }
        let second = try identifierAfterDot()
        guard acceptSymbol(".") else { return ColumnRef(table: first, column: second) }
        return ColumnRef(database: first, table: second, column: try identifierAfterDot())
    }

    /// `name(` already consumed up to the name; parses arguments, DISTINCT, GROUP_CONCAT's
    /// ORDER BY / SEPARATOR, CHAR's USING and an OVER window.
    private mutating func functionCall(name: String, database: String?) throws(SQLError) -> Expr {
        try expectSymbol("(")
        var call = FunctionCall(name: name, database: database)
        let upper = name.uppercased()
        if acceptSymbol(")") {
            call.over = try optionalWindow()
            return .function(call)
        }
        if accept("DISTINCT") || accept("DISTINCTROW") {
            call.distinct = true
        } else {
            _ = accept("ALL")
        }
        if atSymbol("*") && peek().isSymbol(")") {
            advance()
            call.arguments = [.allColumns(table: nil)]
        } else {
            call.arguments = try expressionList()
        }
        if upper == "GROUP_CONCAT" {
            if accept("ORDER") {
                try expect("BY")
                call.orderBy = try orderItems()
            }
            if accept("SEPARATOR") { call.separator = try stringLiteral() }
        }
        if upper == "CHAR" && accept("USING") { call.usingCharset = try anyName() }
        try expectSymbol(")")
        call.over = try optionalWindow()
        return .function(call)
    }

    private mutating func optionalWindow() throws(SQLError) -> WindowSpec? {
        guard accept("OVER") else { return nil }
        if atIdentifier { return WindowSpec(name: try identifier()) }
        try expectSymbol("(")
        let spec = try windowSpec()
        try expectSymbol(")")
        return spec
    }

    /// The inside of `OVER (...)` / `WINDOW w AS (...)`.
    mutating func windowSpec() throws(SQLError) -> WindowSpec {
        var spec = WindowSpec()
        if atIdentifier && !at("PARTITION") && !at("ORDER") && !at("ROWS") && !at("RANGE") {
            spec.name = try identifier()
        }
        if accept("PARTITION") {
            try expect("BY")
            spec.partitionBy = try expressionList()
        }
        if accept("ORDER") {
            try expect("BY")
            spec.orderBy = try orderItems()
        }
        if at("ROWS") || at("RANGE") {
            let unit: WindowFrame.Unit = advance().upper == "ROWS" ? .rows : .range
            if accept("BETWEEN") {
                let start = try frameBound()
                try expect("AND")
                spec.frame = WindowFrame(unit: unit, start: start, end: try frameBound())
            } else {
                spec.frame = WindowFrame(unit: unit, start: try frameBound())
            }
        }
        return spec
    }

    private mutating func frameBound() throws(SQLError) -> WindowFrame.Bound {
        if accept("UNBOUNDED") {
            if accept("PRECEDING") { return .unboundedPreceding }
            try expect("FOLLOWING")
            return .unboundedFollowing
        }
        if accept("CURRENT") {
            try expect("ROW")
            return .currentRow
        }
        let e = try bitOrExpression()
        if accept("PRECEDING") { return .preceding(e) }
        try expect("FOLLOWING")
        return .following(e)
    }

    private mutating func caseExpression() throws(SQLError) -> Expr {
        advance()
        var result = CaseExpression(whens: [])
        if !at("WHEN") { result.operand = try expression() }
        while accept("WHEN") {
            let condition = try expression()
            try expect("THEN")
            result.whens.append(.init(condition: condition, result: try expression()))
        }
        guard !result.whens.isEmpty else { throw syntaxError() }
        if accept("ELSE") { result.elseResult = try expression() }
        try expect("END")
        return .caseWhen(result)
    }

    /// `INTERVAL expr unit`, or the function `INTERVAL(n, n1, n2, ...)`.
    private mutating func intervalPrimary() throws(SQLError) -> Expr {
        advance()
        if atSymbol("(") {
            let save = pos
            advance()
            let list = try expressionList()
            try expectSymbol(")")
            if list.count > 1 { return .function(FunctionCall(name: "INTERVAL", arguments: list)) }
            pos = save
        }
        let value = try expression()
        return .interval(value, try intervalUnit())
    }

    mutating func intervalUnit() throws(SQLError) -> IntervalUnit {
        guard current.kind == .word, let unit = IntervalUnit(keyword: current.upper) else { throw syntaxError() }
        advance()
        return unit
    }

    private mutating func matchAgainst() throws(SQLError) -> Expr {
        advance()
        try expectSymbol("(")
        var columns = [try columnRef()]
        while acceptSymbol(",") { columns.append(try columnRef()) }
        try expectSymbol(")")
        try expect("AGAINST")
        try expectSymbol("(")
        let against = try bitOrExpression()
        var words: [String] = []
        while current.kind == .word { words.append(advance().upper) }
        try expectSymbol(")")
        return .match(MatchAgainst(columns: columns, against: against, modifier: words.isEmpty ? nil : words.joined(separator: " ")))
    }

    private mutating func trimExpression() throws(SQLError) -> Expr {
        advance()
        advance()
        var side: TrimSide?
        if accept("BOTH") { side = .both } else if accept("LEADING") { side = .leading } else if accept("TRAILING") { side = .trailing }
        if side != nil && accept("FROM") {
            let from = try expression()
            try expectSymbol(")")
            return .trim(side!, remove: nil, from: from)
        }
        let first = try expression()
        if accept("FROM") {
            let from = try expression()
            try expectSymbol(")")
            return .trim(side ?? .both, remove: first, from: from)
        }
        try expectSymbol(")")
        if let side { return .trim(side, remove: nil, from: first) }
        return .function(FunctionCall(name: "TRIM", arguments: [first]))
    }

    /// `SUBSTRING(s, pos[, len])` or `SUBSTRING(s FROM pos [FOR len])`.
    private mutating func substringCall() throws(SQLError) -> Expr {
        let name = advance().text
        advance()
        let s = try expression()
        var args = [s]
        if accept("FROM") {
            args.append(try expression())
            if accept("FOR") { args.append(try expression()) }
        } else {
            while acceptSymbol(",") { args.append(try expression()) }
        }
        try expectSymbol(")")
        return .function(FunctionCall(name: name, arguments: args))
    }

    /// The type of CAST(x AS type) / CONVERT(x, type).
    mutating func castType() throws(SQLError) -> CastType {
        guard current.kind == .word else { throw syntaxError() }
        let word = advance().upper
        switch word {
        case "SIGNED", "UNSIGNED":
            _ = accept("INTEGER") || accept("INT")
            return CastType(kind: word == "SIGNED" ? .signed : .unsigned)
        case "INTEGER", "INT":
            return CastType(kind: .signed)
        case "CHAR", "NCHAR", "VARCHAR":
            var type = CastType(kind: .char, length: try optionalLength())
            if accept("CHARACTER", "SET") || accept("CHARSET") { type.charset = try anyName() }
            else if accept("ASCII") { type.charset = "latin1" } else if accept("UNICODE") { type.charset = "ucs2" }
            return type
        case "BINARY":
            return CastType(kind: .binary, length: try optionalLength())
        case "DATE": return CastType(kind: .date)
        case "DATETIME": return CastType(kind: .datetime, length: try optionalLength())
        case "TIME": return CastType(kind: .time, length: try optionalLength())
        case "DECIMAL", "DEC", "NUMERIC":
            var type = CastType(kind: .decimal)
            if acceptSymbol("(") {
                type.length = try integerLiteral()
                if acceptSymbol(",") { type.scale = try integerLiteral() }
                try expectSymbol(")")
            }
            return type
        case "DOUBLE":
            _ = accept("PRECISION")
            return CastType(kind: .double)
        case "FLOAT": return CastType(kind: .float, length: try optionalLength())
        case "REAL": return CastType(kind: .real)
        case "JSON": return CastType(kind: .json)
        case "YEAR": return CastType(kind: .year)
        default:
            pos -= 1
            throw syntaxError()
        }
    }

    /// `(n)` after a type name, if present.
    mutating func optionalLength() throws(SQLError) -> Int? {
        guard acceptSymbol("(") else { return nil }
        let n = try integerLiteral()
        try expectSymbol(")")
        return n
    }
}
