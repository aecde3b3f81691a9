import Protocol
import XCTest

/// Control flow, math and hash functions; expected values from the MySQL 8.0 manual.
final class FunctionControlMathTests: XCTestCase {
    func testControlFunctions() throws {
        try checkTable([
            ("IF(1 > 2, 2, 3)", i(3)),
            ("IF(1 < 2, 'yes', 'no')", t("yes")),
            ("IF(NULL, 1, 0)", i(0)),
            ("IF('abc', 1, 0)", i(0)),
            ("IF('1abc', 1, 0)", i(1)),
            ("IF(0.1, 1, 0)", i(1)),
            ("GREATEST(2, 0)", i(2)),
            ("GREATEST(34.0, 3.0, 5.0, 767.0)", r(767.0)),
            ("GREATEST('B', 'A', 'C')", t("C")),
            ("GREATEST(1, NULL, 3)", null),
            ("GREATEST(2, 7.5)", r(7.5)),
            ("LEAST(2, 0)", i(0)),
            ("LEAST(34.0, 3.0, 5.0, 767.0)", r(3.0)),
            ("LEAST('B', 'A', 'C')", t("A")),
            ("LEAST(1, NULL)", null),
        ])
    }

    func testMathFunctions() throws {
        try checkTable([
            ("FLOOR(1.23)", i(1)),
            ("FLOOR(-1.23)", i(-2)),
            ("FLOOR(5)", i(5)),
            ("FLOOR(NULL)", null),
            ("CEILING(1.23)", i(2)),
            ("CEIL(-1.23)", i(-1)),
            ("CEIL('2.5')", i(3)),
            ("POW(2, 2)", r(4)),
            ("POW(2, -2)", r(0.25)),
            ("POWER(2, 10)", r(1024)),
            ("MOD(234, 10)", i(4)),
            ("MOD(253, 7)", i(1)),
            ("MOD(29, 9)", i(2)),
            ("MOD(-29, 9)", i(-2)),
            ("MOD(34.5, 3)", r(1.5)),
            ("MOD(1, 0)", null),
            ("TRUNCATE(1.223, 1)", r(1.2)),
            ("TRUNCATE(1.999, 1)", r(1.9)),
            ("TRUNCATE(1.999, 0)", i(1)),
            ("TRUNCATE(-1.999, 1)", r(-1.9)),
            ("TRUNCATE(122, -2)", i(100)),
            ("TRUNCATE(NULL, 1)", null),
            ("LOG(2)", r(0.6931471805599453)),
            ("LOG(-2)", null),
            ("LOG(2, 65536)", r(16)),
            ("LOG(10, 100)", r(2)),
            ("LOG(1, 100)", null),
            ("LN(2)", r(0.6931471805599453)),
            ("LN(-2)", null),
            ("LOG10(2)", r(0.3010299956639812)),
            ("LOG10(100)", r(2)),
            ("LOG10(-100)", null),
            ("LOG2(65536)", r(16)),
            ("LOG2(-100)", null),
            ("RAND(3)", r(0.9057697559760601)),
            ("RAND() >= 0 AND RAND() < 1", i(1)),
        ])
    }

    func testRandIsDeterministicUnderAFixedClock() throws {
        let a = try functionConnection(), b = try functionConnection()
        let qa = try a.query("SELECT RAND(), RAND(), RAND()").rows
        let qb = try b.query("SELECT RAND(), RAND(), RAND()").rows
        XCTAssertEqual(qa, qb)
        XCTAssertNotEqual(qa[0][0], qa[0][1])
    }

    func testHashFunctions() throws {
        try checkTable([
            ("MD5('testing')", t("ae2b1fca515949e5d54fb22b8ed95575")),
            ("MD5('')", t("d41d8cd98f00b204e9800998ecf8427e")),
            ("MD5('The quick brown fox jumps over the lazy dog')", t("9e107d9d372bb6826bd81d3542a419d6")),
            ("MD5(NULL)", null),
            ("SHA1('abc')", t("a9993e364706816aba3e25717850c26c9cd0d89d")),
            ("SHA('abc')", t("a9993e364706816aba3e25717850c26c9cd0d89d")),
            ("SHA1('')", t("da39a3ee5e6b4b0d3255bfef95601890afd80709")),
            ("SHA1(NULL)", null),
            ("SHA2('abc', 224)", t("23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")),
            ("SHA2('abc', 256)", t("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")),
            ("SHA2('abc', 0)", t("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")),
            ("SHA2('abc', 384)", t("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")),
            ("SHA2('abc', 512)", t("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")),
            ("SHA2('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', 256)", t("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")),
            ("SHA2('abc', 100)", null),
            ("SHA2(NULL, 256)", null),
            ("CRC32('MySQL')", i(3_259_397_556)),
            ("CRC32('mysql')", i(2_501_908_538)),
            ("CRC32(NULL)", null),
        ])
    }

    func testLongInputsSpanSeveralBlocks() throws {
        let c = try functionConnection()
        let million = "SELECT SHA1(REPEAT('a', 1000000)), MD5(REPEAT('a', 1000000)), SHA2(REPEAT('a', 1000000), 512)"
        let row = try c.query(million).rows[0]
        XCTAssertEqual(row[0], t("34aa973cd4c4daa4f61eeb2bdbad27316534016f"))
        XCTAssertEqual(row[1], t("7707d6ae4e027c70eea2a935c2296f21"))
        XCTAssertEqual(row[2], t("e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"))
    }
}
