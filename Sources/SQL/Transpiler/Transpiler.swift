import Foundation

/// One client statement, parsed, classified and (when SQLite has a part in it) printed.
public struct TranspiledStatement: Hashable, Sendable {
    public var parsed: ParsedStatement
    public var info: StatementInfo
    /// Nil when SQLite has no part in the statement (SET, SHOW, USE, CREATE DATABASE, ...).
    public var sqlite: SQLiteTranslation?

    public var statement: Statement { parsed.statement }

    public init(parsed: ParsedStatement, info: StatementInfo, sqlite: SQLiteTranslation?) {
        self.parsed = parsed
        self.info = info
        self.sqlite = sqlite
    }
}

/// MySQL text → `TranspiledStatement`, with an LRU cache keyed by the exact text and the
/// options (sql_mode-derived parser options, printer options), sized by
/// `query_pipeline.transpiler_cache_size`. Shared by all connections, hence the lock.
public final class Transpiler: @unchecked Sendable {
    private struct Key: Hashable {
        var text: String
        var parser: Parser.Options
        var printer: SQLitePrinter.Options
    }

    private var cache: LRUCache<Key, TranspiledStatement>
    private let lock = NSLock()
    private var hitCount = 0
    private var missCount = 0

    public init(cacheCapacity: Int) {
        cache = LRUCache(capacity: cacheCapacity)
    }

    /// Parses, classifies and prints one statement; failures are thrown (and not cached).
    public func transpile(_ sql: String, parser: Parser.Options = .default,
                          printer: SQLitePrinter.Options = SQLitePrinter.Options()) throws(SQLError) -> TranspiledStatement {
        let key = Key(text: sql, parser: parser, printer: printer)
        lock.lock()
        if let hit = cache.value(forKey: key) {
            hitCount += 1
            lock.unlock()
            return hit
        }
        missCount += 1
        lock.unlock()
        let result = try Self.translate(try Parser.parse(sql, options: parser), printer: printer)
        lock.lock()
        cache.setValue(result, forKey: key)
        lock.unlock()
        return result
    }

    /// Several `;`-separated statements (multi-statement COM_QUERY); not cached.
    public func transpileScript(_ sql: String, parser: Parser.Options = .default,
                                printer: SQLitePrinter.Options = SQLitePrinter.Options()) throws(SQLError) -> [TranspiledStatement] {
        var out: [TranspiledStatement] = []
        for parsed in try Parser.parseScript(sql, options: parser) { out.append(try Self.translate(parsed, printer: printer)) }
        return out
    }

    public static func translate(_ parsed: ParsedStatement, printer: SQLitePrinter.Options) throws(SQLError) -> TranspiledStatement {
        let sqlite = try SQLitePrinter(options: printer).translate(parsed.statement)
        return TranspiledStatement(parsed: parsed, info: parsed.statement.info, sqlite: sqlite)
    }

    public var statistics: (hits: Int, misses: Int, entries: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (hitCount, missCount, cache.count)
    }

    public func clearCache() {
        lock.lock()
        cache.removeAll()
        lock.unlock()
    }
}
