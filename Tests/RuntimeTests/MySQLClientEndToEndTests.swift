import Foundation
import XCTest
@testable import Runtime

/// Real clients against the real server: the mariadb `mysql` CLI, PyMySQL and sysbench,
/// each skipped with a message when it is not installed
/// (`apt-get install -y mariadb-client python3-pymysql sysbench`).
final class MySQLClientEndToEndTests: XCTestCase {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program with a deadline; stdin from `input`.
    func run(_ executable: String, _ arguments: [String], input: String = "", timeout: TimeInterval = 120) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Drain the pipes while waiting so a chatty program never blocks on a full pipe.
        nonisolated(unsafe) var out = Data(), err = Data()
        let readers = DispatchGroup()
        readers.enter()
        DispatchQueue.global().async { out = stdout.fileHandleForReading.readDataToEndOfFile(); readers.leave() }
        readers.enter()
        DispatchQueue.global().async { err = stderr.fileHandleForReading.readDataToEndOfFile(); readers.leave() }
        if !waitUntil(timeout: timeout, { !process.isRunning }) {
            process.terminate()
            XCTFail("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout)s")
        }
        process.waitUntilExit()
        _ = readers.wait(timeout: .now() + 10)
        return Output(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    func which(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map(String.init) ?? []
        for dir in path + ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(program)") {
            return "\(dir)/\(program)"
        }
        return nil
    }

    func testMariaDBCommandLineClient() async throws {
        guard let mysql = which("mysql") else { throw XCTSkip("mysql (mariadb-client) is not installed") }
        let socket = NSTemporaryDirectory() + "marmot-e2e-\(UUID().uuidString.prefix(8)).sock"
        let fixture = try await MySQLServerFixture(MySQLServerConfiguration(bindAddress: "127.0.0.1", port: 0, unixSocket: socket))
        do {
            let base = ["-h", "127.0.0.1", "-P", "\(fixture.port)", "-u", "root", "--protocol=TCP"]
            var out = try run(mysql, base + ["-e", "select @@version_comment limit 1; CREATE DATABASE shop; SHOW DATABASES"])
            XCTAssertEqual(out.status, 0, out.stderr)
            XCTAssertTrue(out.stdout.contains("Marmot") && out.stdout.contains("shop"), out.stdout)

            let script = """
                CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL);
                INSERT INTO items (name, price) VALUES ('it\\'s', 1.5), ("two", NULL);
                BEGIN;
                UPDATE items SET price = 2.5 WHERE id = 2;
                COMMIT;
                rehash
                SELECT id, name, price FROM items ORDER BY id;
                SHOW TABLES;
                SELECT DATABASE(), USER() limit 1;
                DESCRIBE items;
                SELECT * FROM nope;
                SELECT 'still here';
                status
                """
            out = try run(mysql, base + ["-D", "shop", "--force", "--table"], input: script)
            XCTAssertTrue(out.stdout.contains("it's") && out.stdout.contains("2.5"), out.stdout)
            XCTAssertTrue(out.stdout.contains("Tables_in_shop"), out.stdout)
            XCTAssertTrue(out.stdout.contains("root@127.0.0.1"), out.stdout)
            XCTAssertTrue(out.stdout.contains("still here"), out.stdout)
            XCTAssertTrue(out.stdout.contains("Uptime:"), out.stdout)
            XCTAssertTrue(out.stderr.contains("ERROR 1146 (42S02)"), out.stderr)

            out = try run(mysql, ["--socket=\(socket)", "-u", "root", "-D", "shop", "-N", "-e", "SELECT COUNT(*) FROM items"])
            XCTAssertEqual(out.status, 0, out.stderr)
            XCTAssertEqual(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "2")

            out = try run(mysql, base + ["-D", "nowhere", "-e", "SELECT 1"])
            XCTAssertNotEqual(out.status, 0)
            XCTAssertTrue(out.stderr.contains("1049"), out.stderr)
        }
        await fixture.shutdown()
    }

    func testPyMySQL() async throws {
        // Debian's python3-pymysql lives with /usr/bin/python3, which may not be the first
        // python3 on PATH (pyenv): try it first.
        let candidates = ["/usr/bin/python3"] + (which("python3").map { [$0] } ?? [])
        guard let python = candidates.first(where: { (try? run($0, ["-c", "import pymysql"]))?.status == 0 }) else {
            throw XCTSkip("python3 with pymysql is not installed")
        }
        let fixture = try await MySQLServerFixture()
        do {
            let script = """
                import pymysql, sys
                conn = pymysql.connect(host='127.0.0.1', port=\(fixture.port), user='root', password='', database='marmot', charset='utf8mb4')
                cur = conn.cursor()
                cur.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, photo BLOB, score REAL)")
                names = ["o'k", 'back\\\\slash', 'quote"d', 'ünïcødé ✓', 'semi;colon', 'nl\\nline']
                for i, n in enumerate(names):
                    cur.execute("INSERT INTO people (id, name, photo, score) VALUES (%s, %s, %s, %s)", (i + 1, n, bytes([0, 1, 2, i]), i / 2))
                conn.commit()
                cur.execute("SELECT id, name, photo, score FROM people ORDER BY id")
                rows = cur.fetchall()
                assert [r[1] for r in rows] == names, rows
                assert rows[3][2] == bytes([0, 1, 2, 3]), rows[3]
                assert isinstance(rows[0][0], int) and isinstance(rows[1][3], float), rows[0]
                # Implicit transaction (autocommit off): rolled back, nothing stays.
                cur.execute("INSERT INTO people (id, name) VALUES (100, 'temp')")
                conn.rollback()
                cur.execute("SELECT COUNT(*) FROM people WHERE id = 100")
                assert cur.fetchone()[0] == 0
                try:
                    cur.execute("SELECT * FROM missing")
                    sys.exit("no error")
                except pymysql.err.ProgrammingError as e:
                    assert e.args[0] == 1146, e
                try:
                    cur.execute("INSERT INTO people (id) VALUES (1)")
                    sys.exit("no error")
                except pymysql.err.IntegrityError as e:
                    assert e.args[0] == 1062, e
                conn.rollback()
                cur.executemany("INSERT INTO people (id, name) VALUES (%s, %s)", [(200, 'a'), (201, 'b')])
                conn.commit()
                cur.execute("SELECT name FROM people WHERE id >= %s ORDER BY id", (200,))
                assert cur.fetchall() == (('a',), ('b',))
                conn.autocommit(True)
                cur.execute("SELECT @@autocommit, DATABASE(), VERSION()")
                print(cur.fetchone())
                conn.close()
                print("pymysql ok")
                """
            let out = try run(python, ["-c", script])
            XCTAssertEqual(out.status, 0, out.stderr + out.stdout)
            XCTAssertTrue(out.stdout.contains("pymysql ok"), out.stdout + out.stderr)
        }
        await fixture.shutdown()
    }

    func testSysbenchReadWrite() async throws {
        guard let sysbench = which("sysbench") else { throw XCTSkip("sysbench is not installed") }
        let fixture = try await MySQLServerFixture()
        do {
            // sysbench's own `prepare` sends MySQL DDL (AUTO_INCREMENT, ENGINE): the dialect
            // layer's job. The table is created here in the SQLite form instead.
            let client = try fixture.client()
            XCTAssertNil(try client.run("CREATE DATABASE sbtest").error)
            XCTAssertNil(try client.run("USE sbtest").error)
            XCTAssertNil(try client.run("CREATE TABLE sbtest1 (id INTEGER PRIMARY KEY, k INTEGER NOT NULL DEFAULT 0, c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '')").error)
            let values = (1...100).map { "(\($0), \($0), 'c\($0)', 'pad\($0)')" }.joined(separator: ", ")
            XCTAssertNil(try client.run("INSERT INTO sbtest1 (id, k, c, pad) VALUES \(values)").error)
            for prepared in ["on", "off"] {
                let out = try run(sysbench, ["oltp_read_write", "--db-driver=mysql", "--mysql-host=127.0.0.1",
                                             "--mysql-port=\(fixture.port)", "--mysql-user=root", "--mysql-db=sbtest",
                                             "--tables=1", "--table-size=100", "--threads=2", "--time=3",
                                             "--db-ps-mode=\(prepared == "on" ? "auto" : "disable")", "run"])
                XCTAssertEqual(out.status, 0, out.stdout + out.stderr)
                XCTAssertTrue(out.stdout.contains("transactions:"), out.stdout + out.stderr)
                let line = out.stdout.split(separator: "\n").first { $0.contains("transactions:") } ?? ""
                print("sysbench ps=\(prepared): \(line.trimmingCharacters(in: .whitespaces))")
            }
            XCTAssertEqual(try client.run("SELECT COUNT(*) FROM sbtest1").rows, [["100"]])
        }
        await fixture.shutdown()
    }
}
