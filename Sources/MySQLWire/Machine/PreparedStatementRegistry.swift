/// The prepared statements of one connection, by id. Ids start at 1 and are
/// never reused on the connection. 0xFFFFFFFF names the most recently
/// prepared statement (MariaDB's pipelined prepare + execute).
public struct PreparedStatementRegistry: Equatable, Sendable {
    public static let lastPreparedAlias: UInt32 = 0xFFFF_FFFF

    private var statements: [UInt32: PreparedStatement] = [:]
    private var nextID: UInt32 = 1
    public private(set) var lastPreparedID: UInt32?

    public init() {}

    public var count: Int { statements.count }

    /// Ids in ascending order.
    public var ids: [UInt32] { statements.keys.sorted() }

    public mutating func reserveID() -> UInt32 {
        let id = nextID
        nextID = nextID &+ 1
        if nextID == 0 || nextID == Self.lastPreparedAlias { nextID = 1 }
        return id
    }

    public mutating func register(_ statement: PreparedStatement) {
        statements[statement.id] = statement
        lastPreparedID = statement.id
    }

    public mutating func prepareFailed() { lastPreparedID = nil }

    public func resolve(_ id: UInt32) -> UInt32? {
        if id == Self.lastPreparedAlias, statements[id] == nil { return lastPreparedID }
        return statements[id] == nil ? nil : id
    }

    public subscript(id: UInt32) -> PreparedStatement? {
        guard let resolved = resolve(id) else { return nil }
        return statements[resolved]
    }

    public mutating func update(_ statement: PreparedStatement) {
        guard statements[statement.id] != nil else { return }
        statements[statement.id] = statement
    }

    @discardableResult
    public mutating func remove(_ id: UInt32) -> PreparedStatement? {
        guard let resolved = resolve(id) else { return nil }
        if lastPreparedID == resolved { lastPreparedID = nil }
        return statements.removeValue(forKey: resolved)
    }

    /// Removes everything; returns the ids that were open, ascending.
    public mutating func removeAll() -> [UInt32] {
        let open = ids
        statements = [:]
        lastPreparedID = nil
        return open
    }
}
