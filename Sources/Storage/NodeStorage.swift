import Foundation
import Protocol

/// A node's data directory: the system store plus one `DatabaseFile` per user database,
/// opened lazily and kept open.
///
/// Not thread-safe: one instance is used from one thread at a time.
public final class NodeStorage: @unchecked Sendable {
    public let directory: String
    public let options: StorageOptions
    public let system: SystemStore
    private var open: [String: DatabaseFile] = [:]

    public init(directory: String, options: StorageOptions = StorageOptions()) throws {
        self.directory = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        self.options = options
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
        system = try SystemStore(directory: self.directory, options: options)
    }

    deinit { closeAll() }

    /// Database names: letters, digits, `_`, `$`, `-`, at most 64 characters, and not our
    /// reserved `__marmot` prefix.
    public static func isValidDatabaseName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 64, !name.lowercased().hasPrefix("__marmot") else { return false }
        return name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x5F || b == 0x24 || b == 0x2D
        }
    }

    public static func validate(_ name: String) throws {
        guard isValidDatabaseName(name) else { throw StorageError.invalidDatabaseName(name) }
    }

    func filePath(_ name: String) -> String { "\(directory)/\(name).\(DatabaseFile.fileExtension)" }

    /// Databases present on disk, sorted.
    public func databaseNames() throws -> [String] {
        let suffix = ".\(DatabaseFile.fileExtension)"
        return try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(suffix) && $0 != SystemStore.fileName }
            .map { String($0.dropLast(suffix.count)) }
            .filter(Self.isValidDatabaseName)
            .sorted()
    }

    public func hasDatabase(_ name: String) -> Bool {
        Self.isValidDatabaseName(name) && (open[name] != nil || FileManager.default.fileExists(atPath: filePath(name)))
    }

    /// The database, opened on first use and kept open. A missing one is created unless
    /// `create` is false (then `StorageError.noSuchDatabase`): applying the first committed
    /// transaction of a new database is what creates it on a node.
    /// Runs on the connection of every database file this storage opens (the node registers
    /// its SQL functions there).
    public var connectionSetup: (@Sendable (SQLiteConnection) throws -> Void)?

    public func database(named name: String, create: Bool = true) throws -> DatabaseFile {
        try Self.validate(name)
        if let db = open[name] { return db }
        if !create && !FileManager.default.fileExists(atPath: filePath(name)) { throw StorageError.noSuchDatabase(name) }
        let db = try DatabaseFile(path: filePath(name), options: options)
        try connectionSetup?(db.connection)
        open[name] = db
        return db
    }

    /// Creates the database if it does not exist; returns it either way.
    @discardableResult
    public func createDatabase(_ name: String) throws -> DatabaseFile {
        try database(named: name, create: true)
    }

    /// Closes and deletes the database's files (WAL and shared memory included). Returns
    /// false when there was nothing to drop.
    @discardableResult
    public func dropDatabase(_ name: String) throws -> Bool {
        try Self.validate(name)
        let existed = hasDatabase(name)
        open.removeValue(forKey: name)?.close()
        let fm = FileManager.default
        for suffix in ["", "-wal", "-shm", "-journal"] where fm.fileExists(atPath: filePath(name) + suffix) {
            try fm.removeItem(atPath: filePath(name) + suffix)
        }
        return existed
    }

    /// Closes every open database and the system store (a simulated crash or a shutdown).
    public func closeAll() {
        for name in open.keys.sorted() { open[name]?.close() }
        open.removeAll()
        system.close()
    }
}
