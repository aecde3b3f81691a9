/// GRANT, REVOKE, CREATE / ALTER / DROP USER. Accounts are node-local, so the tree keeps
/// what a local user table needs (names, hosts, passwords, privileges) and the trailing
/// account options only as words.
extension Parser {
    /// `'user'@'host'`, `user@host`, `'user'` or `CURRENT_USER[()]`. The lexer reads
    /// `@'host'` as a user-variable token, which is how the host arrives here.
    mutating func accountName() throws(SQLError) -> AccountName {
        if accept("CURRENT_USER") {
            if acceptSymbol("(") { try expectSymbol(")") }
            return AccountName(user: "CURRENT_USER")
        }
        let t = current
        guard t.kind == .string || t.kind == .word || t.kind == .quotedIdentifier else { throw syntaxError() }
        advance()
        var account = AccountName(user: t.text)
        let next = current
        if next.kind == .userVariable && next.offset == t.offset + t.length {
            advance()
            account.host = next.text
        }
        return account
    }

    /// An account with its optional `IDENTIFIED ...` clause.
    private mutating func accountSpec() throws(SQLError) -> AccountSpec {
        var spec = AccountSpec(account: try accountName())
        if accept("IDENTIFIED") {
            if accept("WITH") {
                spec.authPlugin = try anyName()
                if accept("BY") {
                    spec.password = try stringLiteral()
                } else if accept("AS") {
                    spec.authString = try stringLiteral()
                }
            } else {
                try expect("BY")
                if accept("PASSWORD") { spec.authString = try stringLiteral() } else { spec.password = try stringLiteral() }
            }
        }
        return spec
    }

    private static let accountOptionStarts: Set<String> = [
        "REQUIRE", "WITH", "PASSWORD", "ACCOUNT", "DEFAULT", "COMMENT", "ATTRIBUTE", "FAILED_LOGIN_ATTEMPTS",
        "PASSWORD_LOCK_TIME",
    ]

    /// Trailing account options (`REQUIRE SSL`, `PASSWORD EXPIRE NEVER`, `ACCOUNT LOCK`, ...),
    /// kept as written words; anything else is a syntax error.
    private mutating func accountOptions() throws(SQLError) -> [String] {
        guard current.kind == .word, Self.accountOptionStarts.contains(current.upper) else {
            if current.kind == .endOfInput { return [] }
            throw syntaxError()
        }
        var words: [String] = []
        while current.kind != .endOfInput {
            let t = advance()
            words.append(t.kind == .string ? "'" + t.text.doubling("'") + "'" : t.text)
        }
        return [words.joined(separator: " ")]
    }

    mutating func createUser() throws(SQLError) -> AccountStatement {
        try expect("USER")
        let ifNotExists = accept("IF", "NOT", "EXISTS")
        var specs = [try accountSpec()]
        while acceptSymbol(",") { specs.append(try accountSpec()) }
        return .createUser(ifNotExists: ifNotExists, specs, options: try accountOptions())
    }

    mutating func alterUser() throws(SQLError) -> AccountStatement {
        try expect("USER")
        let ifExists = accept("IF", "EXISTS")
        var specs = [try accountSpec()]
        while acceptSymbol(",") { specs.append(try accountSpec()) }
        return .alterUser(ifExists: ifExists, specs, options: try accountOptions())
    }

    /// Privilege names up to ON (or TO / FROM for role grants): `SELECT, INSERT (a, b), ALL PRIVILEGES`.
    private mutating func privileges(until stops: [String]) throws(SQLError) -> [String] {
        var privileges: [String] = []
        var words: [String] = []
        func flush() {
            if !words.isEmpty { privileges.append(words.joined(separator: " ")) }
            words = []
        }
        while !stops.contains(where: { at($0) }) {
            let t = current
            switch t.kind {
            case .word, .quotedIdentifier, .string:
                advance()
                words.append(t.kind == .word ? t.upper : t.text)
            case .symbol where t.text == ",":
                advance()
                flush()
            case .symbol where t.text == "(":
                words.append("(" + (try parenthesizedIdentifiers()).joined(separator: ", ") + ")")
            default:
                throw syntaxError()
            }
        }
        flush()
        guard !privileges.isEmpty else { throw syntaxError() }
        return privileges
    }

    /// `*`, `*.*`, `db.*`, `db.t`, `t`, optionally preceded by TABLE / FUNCTION / PROCEDURE.
    private mutating func privilegeLevel() throws(SQLError) -> String {
        var prefix = ""
        if at("TABLE") || at("FUNCTION") || at("PROCEDURE") { prefix = advance().upper + " " }
        var level: String
        if acceptSymbol("*") {
            level = "*"
        } else {
            level = try identifier()
        }
        if acceptSymbol(".") {
            level += "." + (acceptSymbol("*") ? "*" : try identifierAfterDot())
        }
        return prefix + level
    }

    mutating func grantStatement() throws(SQLError) -> AccountStatement {
        try expect("GRANT")
        let privileges = try privileges(until: ["ON", "TO"])
        var level = ""
        if accept("ON") { level = try privilegeLevel() }
        try expect("TO")
        var specs = [try accountSpec()]
        while acceptSymbol(",") { specs.append(try accountSpec()) }
        var grantOption = false
        if accept("WITH") {
            if accept("GRANT", "OPTION") {
                grantOption = true
            } else if accept("ADMIN", "OPTION") {
                grantOption = true
            } else {
                throw syntaxError()
            }
        }
        if current.kind != .endOfInput { _ = try accountOptions() }
        return .grant(privileges: privileges, level: level, to: specs, grantOption: grantOption)
    }

    mutating func revokeStatement() throws(SQLError) -> AccountStatement {
        try expect("REVOKE")
        _ = accept("IF", "EXISTS")
        let privileges = try privileges(until: ["ON", "FROM"])
        var level = ""
        if accept("ON") { level = try privilegeLevel() }
        try expect("FROM")
        var accounts = [try accountName()]
        while acceptSymbol(",") { accounts.append(try accountName()) }
        _ = accept("IGNORE", "UNKNOWN", "USER")
        return .revoke(privileges: privileges, level: level, from: accounts)
    }
}
