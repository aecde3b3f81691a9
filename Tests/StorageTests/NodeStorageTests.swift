import Protocol
import XCTest
@testable import Storage

final class NodeStorageTests: XCTestCase {
    var dir: TempDir!

    override func setUp() { dir = TempDir("node") }
    override func tearDown() { dir.remove() }

    func testDatabasesLifecycle() throws {
        let root = dir.file("data/node1")
        var storage = try NodeStorage(directory: root, options: .simulation)
        XCTAssertEqual(try storage.databaseNames(), [])
        let app = try storage.createDatabase("app")
        XCTAssertTrue(app === (try storage.createDatabase("app")))
        XCTAssertTrue(app === (try storage.database(named: "app")))
        try storage.createDatabase("Zeta-2")
        try storage.createDatabase("b$")
        XCTAssertEqual(try storage.databaseNames(), ["Zeta-2", "app", "b$"])
        XCTAssertThrowsError(try storage.database(named: "nope", create: false)) { e in
            XCTAssertEqual(e as? StorageError, .noSuchDatabase("nope"))
        }
        try app.apply(T.schema(T.kvDDL))
        try storage.system.setInteger("incarnation", 1)

        XCTAssertTrue(try storage.dropDatabase("Zeta-2"))
        XCTAssertFalse(try storage.dropDatabase("Zeta-2"))
        XCTAssertEqual(try storage.databaseNames(), ["app", "b$"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(root)/Zeta-2.db-wal"))

        storage.closeAll()
        storage = try NodeStorage(directory: root, options: .simulation)
        defer { storage.closeAll() }
        XCTAssertEqual(try storage.databaseNames(), ["app", "b$"])
        XCTAssertEqual(try storage.database(named: "app").userTables(), ["kv"])
        XCTAssertEqual(try storage.system.integer("incarnation"), 1)
    }

    func testNamesAreValidated() throws {
        let storage = try NodeStorage(directory: dir.path, options: .simulation)
        defer { storage.closeAll() }
        for bad in ["", "a b", "../x", "x.y", "__marmot_system", String(repeating: "a", count: 65), "é"] {
            XCTAssertFalse(NodeStorage.isValidDatabaseName(bad), bad)
            XCTAssertThrowsError(try storage.createDatabase(bad)) { e in
                XCTAssertEqual(e as? StorageError, .invalidDatabaseName(bad))
            }
        }
        XCTAssertTrue(NodeStorage.isValidDatabaseName(String(repeating: "a", count: 64)))
    }
}
