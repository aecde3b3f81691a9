import Protocol

/// Reads the scenario language (see Scenarios/README.md): one command a line, `#` comments,
/// a trailing `\` continues a line. The first command must be `cluster`.
public struct ScenarioParser {
    public let file: String

    public init(file: String = "<scenario>") { self.file = file }

    public static func parse(_ text: String, file: String = "<scenario>", name: String? = nil) throws -> Scenario {
        try ScenarioParser(file: file).parse(text, name: name ?? ScenarioParser.baseName(file))
    }

    public func parse(_ text: String, name: String) throws -> Scenario {
        var commands: [ScenarioCommand] = []
        var pending = ""
        var pendingLine = 0
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            var content = ScenarioSyntax.stripComment(raw.replacingCarriageReturn()).simTrimmed()
            if pending.isEmpty { pendingLine = number }
            if content.hasSuffix("\\") {
                content.removeLast()
                pending += content.simTrimmed() + " "
                continue
            }
            let full = (pending + content).simTrimmed()
            pending = ""
            guard !full.isEmpty else { continue }
            let command = try parseLine(full, line: pendingLine)
            var isCluster = false
            if case .cluster = command { isCluster = true }
            if commands.isEmpty && !isCluster { throw error(pendingLine, "the first command must be `cluster N ...`", full) }
            if !commands.isEmpty && isCluster { throw error(pendingLine, "only one `cluster` line, at the start", full) }
            commands.append(ScenarioCommand(line: pendingLine, command))
        }
        if !pending.isEmpty { throw error(pendingLine, "the last line ends with `\\` and nothing follows", pending) }
        guard !commands.isEmpty else { throw error(1, "empty scenario: start with `cluster N`", "") }
        return Scenario(name: name, commands: commands)
    }

    static func baseName(_ path: String) -> String {
        var base = path.split(separator: "/").last.map(String.init) ?? path
        if base.hasSuffix(".scenario") { base.removeLast(".scenario".count) }
        return base
    }

    private func error(_ line: Int, _ message: String, _ text: String) -> ScenarioParseError {
        ScenarioParseError(file: file, line: line, message: message, text: text)
    }

    // MARK: Lines

    func parseLine(_ text: String, line: Int) throws -> ScenarioCommand.Command {
        var words = ScenarioWords(text)
        guard let keyword = words.next() else { throw error(line, "empty command", text) }
        let fail = { (message: String) in self.error(line, message, text) }
        switch keyword {
        case "cluster":
            return .cluster(try parseCluster(&words, fail: fail))
        case "sql", "submit":
            let statement = try parseStatement(&words, defaultExpectation: keyword == "sql" ? .ok : .any, fail: fail)
            return keyword == "sql" ? .sql(statement) : .submit(statement)
        case "query":
            return try parseQuery(&words, fail: fail)
        case "expect":
            return try parseExpect(&words, fail: fail)
        case "partition":
            let rest = words.rest
            if let arrow = ScenarioSyntax.lastUnquoted("->", in: rest) {
                let from = rest[..<arrow.lowerBound].simTrimmed()
                let to = rest[arrow.upperBound...].simTrimmed()
                try checkNode(from, fail: fail)
                try checkNode(to, fail: fail)
                return .block(from: from, to: to)
            }
            let groups = rest.split(separator: "|").map { $0.split(separator: " ").map(String.init) }
            guard groups.count >= 2, groups.allSatisfy({ !$0.isEmpty }) else {
                throw fail("partition needs groups separated by `|` (partition a | b c) or a one-way block (partition a -> b)")
            }
            for g in groups { for n in g { try checkNode(n, fail: fail) } }
            let all = groups.flatMap { $0 }
            guard Set(all).count == all.count else { throw fail("a node appears in two groups") }
            return .partition(groups)
        case "heal":
            try words.expectEnd(fail)
            return .heal
        case "crash", "restart", "join":
            let node = try words.node(fail)
            try words.expectEnd(fail)
            return keyword == "crash" ? .crash(node) : keyword == "restart" ? .restart(node) : .join(node)
        case "remove", "allow":
            let target = try words.node(fail)
            try words.expectWord("on", fail)
            let on = try words.node(fail)
            try words.expectEnd(fail)
            return keyword == "remove" ? .remove(target, on: on) : .allow(target, on: on)
        case "advance":
            let d = try words.duration(fail)
            try words.expectEnd(fail)
            return .advance(d)
        case "skew":
            let node = try words.node(fail)
            guard let w = words.next(), let d = ScenarioSyntax.signedDuration(w) else { throw fail("skew needs a signed duration like +3s or -500ms") }
            try words.expectEnd(fail)
            return .skew(node, d)
        case "drift":
            let node = try words.node(fail)
            guard let w = words.next(), let rate = Double(w), rate > 0, rate.isFinite else { throw fail("drift needs a positive rate like 1.001") }
            try words.expectEnd(fail)
            return .drift(node, rate)
        case "faults":
            return .faults(try parseFaults(&words, fail: fail))
        case "await":
            return try parseAwait(&words, fail: fail)
        default:
            throw fail("unknown command `\(keyword)`")
        }
    }

    private func checkNode(_ name: String, fail: (String) -> ScenarioParseError) throws {
        guard SimulatedNode.nodeID(of: name) != nil else { throw fail("`\(name)` is not a node name (one letter a-z)") }
    }

    private func parseCluster(_ words: inout ScenarioWords, fail: (String) -> ScenarioParseError) throws -> ClusterSpec {
        guard let n = words.next(), let count = Int(n), (1...26).contains(count) else { throw fail("cluster needs a node count 1-26") }
        var spec = ClusterSpec(nodes: count)
        var seen: Set<String> = []
        while let option = words.next() {
            guard let eq = option.firstIndex(of: "=") else { throw fail("cluster options are key=value, not `\(option)`") }
            let key = String(option[..<eq])
            let value = String(option[option.index(after: eq)...])
            guard seen.insert(key).inserted else { throw fail("option `\(key)` given twice") }
            func ms() throws -> Int64 {
                guard let d = ScenarioSyntax.duration(value) else { throw fail("`\(key)` needs a duration like 500ms, 5s, 2m, 1h") }
                return d
            }
            func count() throws -> Int {
                guard let v = Int(value), v >= 0 else { throw fail("`\(key)` needs a whole number") }
                return v
            }
            switch key {
            case "consistency":
                guard let c = Consistency(name: value) else { throw fail("consistency is ONE, QUORUM or ALL") }
                spec.consistency = c
            case "seed":
                guard let s = UInt64(value) else { throw fail("seed needs an unsigned integer") }
                spec.seed = s
            case "gossip": spec.gossip = try ms()
            case "fanout": spec.fanout = try count()
            case "suspect": spec.suspect = try ms()
            case "dead": spec.dead = try ms()
            case "ping": spec.ping = try ms()
            case "indirect": spec.indirect = try count()
            case "anti_entropy": spec.antiEntropy = try ms()
            case "prepare": spec.prepare = try ms()
            case "commit": spec.commit = try ms()
            case "heartbeat": spec.heartbeat = try ms()
            case "lock_wait": spec.lockWait = try ms()
            case "lease": spec.lease = try ms()
            case "delta_threshold": spec.deltaThreshold = UInt64(try count())
            case "delta_threshold_time": spec.deltaThresholdTime = try ms()
            case "delta_batch":
                let v = try count()
                guard v > 0 && v <= Int(UInt32.max) else { throw fail("delta_batch must be positive") }
                spec.deltaBatch = UInt32(v)
            case "gc_min": spec.gcMin = try ms()
            case "gc_max": spec.gcMax = try ms()
            case "delay":
                let parts = ScenarioSyntax.split(value, on: "..")
                guard parts.count == 2, let lo = ScenarioSyntax.duration(parts[0]), let hi = ScenarioSyntax.duration(parts[1]), lo <= hi, lo >= 0 else {
                    throw fail("delay is a range like 1ms..20ms")
                }
                spec.delay = lo...hi
            case "tail":
                let parts = value.split(separator: ":").map(String.init)
                guard parts.count == 2, let p = Double(parts[0]), (0...1).contains(p), let extra = ScenarioSyntax.duration(parts[1]) else {
                    throw fail("tail is PROBABILITY:DURATION like 0.01:500ms")
                }
                spec.tail = .init(probability: p, extra: extra)
            default:
                throw fail("unknown cluster option `\(key)`")
            }
        }
        return spec
    }

    private func parseStatement(_ words: inout ScenarioWords, defaultExpectation: ReplyExpectation, fail: (String) -> ScenarioParseError) throws -> ScenarioCommand.Statement {
        let node = try words.node(fail)
        var database: String? = nil
        var consistency: Consistency? = nil
        var session: UInt64 = 0
        while let w = words.peek() {
            if w.hasPrefix("session=") {
                guard let s = UInt64(w.dropFirst("session=".count)), s > 0 else { throw fail("session= needs a positive number") }
                session = s
            } else if w.hasPrefix("db=") {
                database = String(w.dropFirst(3))
                guard database?.isEmpty == false else { throw fail("db= needs a name") }
            } else if w.hasPrefix("consistency=") {
                guard let c = Consistency(name: String(w.dropFirst("consistency=".count))) else { throw fail("consistency is ONE, QUORUM or ALL") }
                consistency = c
            } else {
                break
            }
            _ = words.next()
        }
        var sql = words.rest
        var expect = [defaultExpectation]
        if let arrow = ScenarioSyntax.lastUnquoted("->", in: sql) {
            let tail = String(sql[arrow.upperBound...])
            expect = try parseExpectations(tail, fail: fail)
            sql = String(sql[..<arrow.lowerBound])
        }
        sql = sql.simTrimmed()
        guard !sql.isEmpty else { throw fail("missing SQL statement") }
        return .init(node: node, database: database, consistency: consistency, session: session, sql: sql, expect: expect)
    }

    private func parseExpectations(_ text: String, fail: (String) -> ScenarioParseError) throws -> [ReplyExpectation] {
        var out: [ReplyExpectation] = []
        for alternative in text.split(separator: "|") {
            let w = alternative.split(separator: " ").map(String.init)
            switch (w.first, w.count) {
            case ("ok", 1): out.append(.ok)
            case ("any", 1): out.append(.any)
            case ("error", 1): out.append(.error(nil))
            case ("error", 2):
                guard let code = Int(w[1]) else { throw fail("error code must be a number") }
                out.append(.error(code))
            case ("affected", 2):
                guard let n = Int(w[1]) else { throw fail("affected needs a number") }
                out.append(.affected(n))
            case ("rows", 2):
                guard let n = Int(w[1]) else { throw fail("rows needs a number") }
                out.append(.rows(n))
            default:
                throw fail("expected `ok`, `error [CODE]`, `affected N`, `rows N` or `any` after ->, alternatives separated by |")
            }
        }
        guard !out.isEmpty else { throw fail("nothing after ->") }
        return out
    }

    private func parseQuery(_ words: inout ScenarioWords, fail: (String) -> ScenarioParseError) throws -> ScenarioCommand.Command {
        let node = try words.node(fail)
        var database: String? = nil
        if let w = words.peek(), w.hasPrefix("db=") {
            database = String(w.dropFirst(3))
            _ = words.next()
        }
        let rest = words.rest
        guard let arrow = ScenarioSyntax.lastUnquoted("->", in: rest) else { throw fail("query needs `-> expected rows` (or `-> empty`)") }
        let sql = rest[..<arrow.lowerBound].simTrimmed()
        guard !sql.isEmpty else { throw fail("missing SELECT") }
        let expected = rest[arrow.upperBound...].simTrimmed()
        return .query(node: node, database: database, sql: sql, rows: try parseRows(expected, fail: fail))
    }

    func parseRows(_ text: String, fail: (String) -> ScenarioParseError) throws -> [[SQLValue]] {
        if text == "empty" { return [] }
        var rows: [[SQLValue]] = []
        for rowText in ScenarioSyntax.split(text, on: ";") {
            var row: [SQLValue] = []
            for cell in ScenarioSyntax.split(rowText, on: ",") {
                guard let v = ScenarioSyntax.literal(cell) else {
                    throw fail("`\(cell.simTrimmed())` is not a literal (1, 2.5, 'text', NULL, X'00')")
                }
                row.append(v)
            }
            rows.append(row)
        }
        return rows
    }

    private func parseExpect(_ words: inout ScenarioWords, fail: (String) -> ScenarioParseError) throws -> ScenarioCommand.Command {
        if words.peek() == "member" {
            _ = words.next()
            let target = try words.node(fail)
            try words.expectWord("state", fail)
            let state = try words.memberState(fail)
            try words.expectWord("on", fail)
            let on = try words.node(fail)
            try words.expectEnd(fail)
            return .expectMember(target, state, on: on)
        }
        let node = try words.node(fail)
        var database: String? = nil
        if let w = words.peek(), w.hasPrefix("db=") {
            database = String(w.dropFirst(3))
            _ = words.next()
        }
        guard let table = words.next() else { throw fail("expect needs a table") }
        let rest = words.rest
        // expect a t count N  |  expect a t where COND count N
        if let countRange = ScenarioSyntax.lastUnquoted(" count ", in: " " + rest) {
            let padded = " " + rest
            let head = padded[..<countRange.lowerBound].simTrimmed()
            let numberText = padded[countRange.upperBound...].simTrimmed()
            if let n = Int(numberText), head.isEmpty || head.hasPrefix("where ") {
                let condition = head.isEmpty ? nil : String(head.dropFirst("where ".count)).simTrimmed()
                return .expectCount(node: node, database: database, table: table, condition: condition, count: n)
            }
        }
        guard rest.hasPrefix("where ") else { throw fail("expect needs `where COND : col = value` or `[where COND] count N`") }
        let body = String(rest.dropFirst("where ".count))
        guard let colon = ScenarioSyntax.lastUnquoted(" : ", in: body) else { throw fail("expect needs ` : col = value` after the condition") }
        let condition = body[..<colon.lowerBound].simTrimmed()
        let check = body[colon.upperBound...].simTrimmed()
        guard let eq = check.firstIndex(of: "=") else { throw fail("expect needs `col = value`") }
        let column = check[..<eq].simTrimmed()
        guard let value = ScenarioSyntax.literal(String(check[check.index(after: eq)...])) else { throw fail("the expected value is not a literal") }
        guard !condition.isEmpty, !column.isEmpty else { throw fail("expect needs a condition and a column") }
        return .expectValue(node: node, database: database, table: table, condition: condition, column: column, value: value)
    }

    private func parseFaults(_ words: inout ScenarioWords, fail: (String) -> ScenarioParseError) throws -> FaultRates {
        if words.peek() == "off" {
            _ = words.next()
            try words.expectEnd(fail)
            return .none
        }
        var rates = FaultRates()
        var any = false
        while let option = words.next() {
            let kv = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { throw fail("faults options are drop=P duplicate=P reorder=P reorder_extra=DURATION, or `faults off`") }
            if kv[0] == "reorder_extra" {
                guard let d = ScenarioSyntax.duration(kv[1]) else { throw fail("reorder_extra needs a duration") }
                rates.reorderExtra = d
                continue
            }
            guard let p = Double(kv[1]), (0...1).contains(p) else { throw fail("`\(kv[0])` needs a probability 0..1") }
            switch kv[0] {
            case "drop": rates.drop = p
            case "duplicate": rates.duplicate = p
            case "reorder": rates.reorder = p
            default: throw fail("unknown fault `\(kv[0])`")
            }
            any = true
        }
        guard any else { throw fail("faults needs drop=, duplicate=, reorder= or `off`") }
        return rates
    }

    private func parseAwait(_ words: inout ScenarioWords, fail: (String) -> ScenarioParseError) throws -> ScenarioCommand.Command {
        switch words.next() {
        case "converged":
            try words.expectWord("within", fail)
            let d = try words.duration(fail)
            try words.expectEnd(fail)
            return .awaitConverged(within: d)
        case "replies":
            try words.expectWord("within", fail)
            let d = try words.duration(fail)
            try words.expectEnd(fail)
            return .awaitReplies(within: d)
        case "member":
            let target = try words.node(fail)
            let state = try words.memberState(fail)
            try words.expectWord("on", fail)
            let on = try words.node(fail)
            try words.expectWord("within", fail)
            let d = try words.duration(fail)
            try words.expectEnd(fail)
            return .awaitMember(target, state, on: on, within: d)
        default:
            throw fail("await converged|replies|member ... within DURATION")
        }
    }
}

extension String {
    func replacingCarriageReturn() -> String {
        hasSuffix("\r") ? String(dropLast()) : self
    }
}
