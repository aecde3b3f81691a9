import XCTest
@testable import MySQLWire

final class ResponseEncodingTests: XCTestCase {
    private func frames(_ payloads: [[UInt8]], from seq: UInt8 = 1) -> [UInt8] {
        var s = seq
        var out: [UInt8] = []
        for p in payloads { PacketEncoder.encode(p, sequenceID: &s, into: &out) }
        return out
    }

    func testOKPacket() throws {
        let ok = OKPacket(affectedRows: 1, lastInsertID: 300, status: [.autocommit, .inTransaction], warnings: 2,
                          info: "Rows matched: 1")
        XCTAssertEqual(ok.encode(), hex("00 01 fc2c01 0300 0200") + Array("Rows matched: 1".utf8))
        XCTAssertEqual(try OKPacket.decode(ok.encode()), ok)
    }

    func testERRPacket() throws {
        let e = MySQLError.accessDenied(user: "x", host: "h", usingPassword: false)
        XCTAssertEqual(Array(e.encode().prefix(9)), hex("ff 1504 23 3238303030"))
        XCTAssertEqual(try MySQLError.decode(e.encode()), e)
        XCTAssertEqual(MySQLError.unknownCommand.code, 1047)
        XCTAssertEqual(MySQLError(code: 1, sqlState: "HY", message: "").encode(), hex("ff 0100 23 48593030 30"))
    }

    func testEOFPacket() {
        XCTAssertEqual(EOFPacket(warnings: 1, status: .autocommit).encode(), hex("fe 0100 0200"))
    }

    /// The COM_FIELD_LIST example of the MySQL documentation, byte for byte.
    func testColumnDefinitionMatchesFieldListExample() {
        var c = ColumnDefinition(name: "id", type: .long, schema: "test", table: "fieldlist", columnLength: 11)
        c.flags = []
        let expected = hex("""
            03 64 65 66 04 74 65 73 74 09 66 69 65 6c 64 6c 69 73 74 09 66 69 65 6c 64 6c 69 73
            74 02 69 64 02 69 64 0c 3f 00 0b 00 00 00 03 00 00 00 00 00 fb
            """)
        XCTAssertEqual(c.encoded(forFieldList: true), expected)
        XCTAssertEqual(c.encoded(), Array(expected.dropLast()))
    }

    /// The binary result set example of the MySQL documentation, byte for byte.
    func testBinaryResultSetMatchesDocumentationExample() {
        var c = ColumnDefinition(name: "col1", type: .varString, orgName: "", characterSet: 8, columnLength: 6,
                                 decimals: 0x1F)
        c.flags = []
        let set = ResultSet(columns: [c], rows: [[.string("foobar")]])
        let payloads = ResponseEncoder(deprecateEOF: false).resultSet(set, binary: true, status: .autocommit)
        XCTAssertEqual(frames(payloads), hex("""
            01 00 00 01 01 1a 00 00 02 03 64 65 66 00 00 00 04 63 6f 6c 31 00 0c 08 00 06 00 00 00 fd 00 00
            1f 00 00 05 00 00 03 fe 00 00 02 00 09 00 00 04 00 00 06 66 6f 6f 62 61 72 05 00 00 05 fe 00 00
            02 00
            """))
    }

    func testColumnDefaults() throws {
        let number = ColumnDefinition(name: "n", type: .longlong, flags: [.notNull])
        XCTAssertEqual(number.characterSet, 63)
        XCTAssertEqual(number.flags, [.notNull, .binary])
        XCTAssertEqual(number.columnLength, 20)
        let text = ColumnDefinition(name: "c", type: .varString)
        XCTAssertEqual(text.characterSet, 45)
        XCTAssertEqual(text.flags, [])
        let longText = ColumnDefinition(name: "t", type: .blob)
        XCTAssertEqual(longText.characterSet, 45)
        XCTAssertEqual(longText.flags, [.blob])
        let blob = ColumnDefinition(name: "b", type: .blob, binary: true)
        XCTAssertEqual(blob.characterSet, 63)
        XCTAssertEqual(blob.flags, [.blob, .binary])
        XCTAssertEqual(ColumnDefinition(name: "d", type: .double).decimals, 0x1F)
        XCTAssertEqual(try ColumnDefinition.decode(blob.encoded()), blob)
        let full = ColumnDefinition(name: "k", type: .long, schema: "db", table: "t", orgTable: "T", orgName: "K",
                                    flags: [.primaryKey, .notNull, .unsigned, .autoIncrement])
        XCTAssertEqual(try ColumnDefinition.decode(full.encoded()), full)
    }

    func testTextRowEncoding() {
        let cols = [ColumnDefinition(name: "a", type: .longlong), ColumnDefinition(name: "b", type: .varString),
                    ColumnDefinition(name: "c", type: .varString), ColumnDefinition(name: "d", type: .double),
                    ColumnDefinition(name: "e", type: .datetime), ColumnDefinition(name: "f", type: .float)]
        let row: [MySQLValue] = [.int(-5), .null, .string("abc"), .double(2.0),
                                 .datetime(MySQLDateTime(year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5)),
                                 .double(0.1)]
        XCTAssertEqual(TextRowEncoder.encode(row, columns: cols),
                       hex("02 2d35 fb 03 616263 01 32 13") + Array("2024-01-02 03:04:05".utf8) + [3] + Array("0.1".utf8))
        // Short rows are padded with NULL, long rows cut: never a malformed packet.
        XCTAssertEqual(TextRowEncoder.encode([.int(1)], columns: Array(cols.prefix(2))), hex("01 31 fb"))
        XCTAssertEqual(TextRowEncoder.encode([.int(1), .int(2), .int(3)], columns: Array(cols.prefix(1))), hex("01 31"))
    }

    func testTextFormsOfValues() {
        XCTAssertEqual(MySQLValue.uint(UInt64.max).text, "18446744073709551615")
        XCTAssertEqual(MySQLValue.double(1.5).text, "1.5")
        XCTAssertEqual(MySQLValue.double(-3).text, "-3")
        XCTAssertEqual(MySQLValue.decimal("10.00").text, "10.00")
        XCTAssertEqual(MySQLValue.date(MySQLDateTime(year: 999, month: 1, day: 9)).text, "0999-01-09")
        XCTAssertEqual(MySQLValue.datetime(MySQLDateTime(year: 2000, month: 1, day: 1, hour: 0, minute: 0, second: 0,
                                                         microsecond: 500)).text, "2000-01-01 00:00:00.000500")
        XCTAssertEqual(MySQLValue.time(MySQLTime(isNegative: true, days: 1, hour: 2, minute: 3, second: 4)).text,
                       "-26:03:04")
        XCTAssertEqual(MySQLValue.time(MySQLTime(hour: 0, minute: 0, second: 7)).text, "00:00:07")
        XCTAssertNil(MySQLValue.null.textBytes)
        XCTAssertEqual(MySQLValue.bytes([0, 255]).textBytes, [0, 255])
    }

    func testParsingTemporalText() {
        XCTAssertEqual(MySQLDateTime(parsing: "2024-02-29 13:14:15.25"),
                       MySQLDateTime(year: 2024, month: 2, day: 29, hour: 13, minute: 14, second: 15, microsecond: 250_000))
        XCTAssertEqual(MySQLDateTime(parsing: "2024-02-29"), MySQLDateTime(year: 2024, month: 2, day: 29))
        XCTAssertEqual(MySQLDateTime(parsing: "2024-02-29T01:02:03"),
                       MySQLDateTime(year: 2024, month: 2, day: 29, hour: 1, minute: 2, second: 3))
        XCTAssertNil(MySQLDateTime(parsing: "yesterday"))
        XCTAssertNil(MySQLDateTime(parsing: "2024-13-01"))
        XCTAssertEqual(MySQLTime(parsing: "-838:59:59"),
                       MySQLTime(isNegative: true, days: 34, hour: 22, minute: 59, second: 59))
        XCTAssertNil(MySQLTime(parsing: "1:2"))
        XCTAssertNil(MySQLTime(parsing: "10:61:00"))
    }

    func testBinaryRowEncodingOfEachType() {
        func row(_ type: MySQLType, _ value: MySQLValue, binary: Bool = false) -> [UInt8] {
            BinaryRowEncoder.encode([value], columns: [ColumnDefinition(name: "x", type: type, binary: binary)])
        }
        // 0x00 header, 1-byte bitmap, value.
        XCTAssertEqual(row(.tiny, .int(-1)), hex("00 00 ff"))
        XCTAssertEqual(row(.short, .int(-2)), hex("00 00 feff"))
        XCTAssertEqual(row(.year, .int(2024)), hex("00 00 e807"))
        XCTAssertEqual(row(.long, .int(7)), hex("00 00 07000000"))
        XCTAssertEqual(row(.int24, .int(-1)), hex("00 00 ffffffff"))
        XCTAssertEqual(row(.longlong, .int(-2)), hex("00 00 feffffffffffffff"))
        XCTAssertEqual(row(.longlong, .uint(UInt64.max)), hex("00 00 ffffffffffffffff"))
        XCTAssertEqual(row(.float, .double(1.5)), hex("00 00 0000c03f"))
        XCTAssertEqual(row(.double, .double(1.5)), hex("00 00 000000000000f83f"))
        XCTAssertEqual(row(.newDecimal, .decimal("3.14")), hex("00 00 04 332e3134"))
        XCTAssertEqual(row(.varString, .string("hi")), hex("00 00 02 6869"))
        XCTAssertEqual(row(.blob, .bytes([0, 1]), binary: true), hex("00 00 02 0001"))
        XCTAssertEqual(row(.date, .date(MySQLDateTime(year: 2024, month: 2, day: 29))), hex("00 00 04 e807 02 1d"))
        XCTAssertEqual(row(.datetime, .datetime(MySQLDateTime(year: 2024, month: 2, day: 29))), hex("00 00 04 e807 02 1d"))
        XCTAssertEqual(row(.datetime, .datetime(MySQLDateTime(year: 2024, month: 2, day: 29, hour: 1, minute: 2, second: 3))),
                       hex("00 00 07 e807 02 1d 01 02 03"))
        XCTAssertEqual(row(.timestamp, .datetime(MySQLDateTime(year: 2024, month: 2, day: 29, hour: 1, minute: 2,
                                                               second: 3, microsecond: 4))),
                       hex("00 00 0b e807 02 1d 01 02 03 04000000"))
        XCTAssertEqual(row(.datetime, .datetime(.zero)), hex("00 00 00"))
        XCTAssertEqual(row(.time, .time(MySQLTime(isNegative: true, days: 1, hour: 2, minute: 3, second: 4))),
                       hex("00 00 08 01 01000000 02 03 04"))
        XCTAssertEqual(row(.time, .time(MySQLTime(hour: 2, minute: 3, second: 4, microsecond: 5))),
                       hex("00 00 0c 00 00000000 02 03 04 05000000"))
        XCTAssertEqual(row(.time, .time(.zero)), hex("00 00 00"))
        // NULL: bit 2 of the bitmap, no value bytes.
        XCTAssertEqual(row(.longlong, .null), hex("00 04"))
        // Values of another kind are converted to the column's wire form.
        XCTAssertEqual(row(.longlong, .string("42")), hex("00 00 2a00000000000000"))
        XCTAssertEqual(row(.varString, .int(42)), hex("00 00 02 3432"))
        XCTAssertEqual(row(.datetime, .string("2024-02-29 01:02:03")), hex("00 00 07 e807 02 1d 01 02 03"))
        XCTAssertEqual(row(.date, .string("2024-02-29")), hex("00 00 04 e807 02 1d"))
        XCTAssertEqual(row(.time, .string("-01:02:03")), hex("00 00 08 01 00000000 01 02 03"))
        XCTAssertEqual(row(.double, .int(3)), hex("00 00 0000000000000840"))
    }

    func testBinaryNullBitmapOffset() {
        // 7 columns: (7 + 9) / 8 = 2 bitmap bytes; columns 0 and 6 NULL -> bits 2 and 8.
        let cols = (0..<7).map { ColumnDefinition(name: "c\($0)", type: .tiny) }
        let values: [MySQLValue] = [.null, .int(1), .int(2), .int(3), .int(4), .int(5), .null]
        XCTAssertEqual(BinaryRowEncoder.encode(values, columns: cols), hex("00 04 01 01 02 03 04 05"))
        // 6 columns fit in one byte... (6 + 9) / 8 = 1.
        XCTAssertEqual(BinaryRowEncoder.encode(Array(values.prefix(6)), columns: Array(cols.prefix(6))),
                       hex("00 04 01 02 03 04 05"))
    }

    func testResultSetWithClassicEOFAndWithDeprecateEOF() throws {
        let set = ResultSet(columns: [ColumnDefinition(name: "1", type: .longlong)], rows: [[.int(1)]])
        let classic = ResponseEncoder(deprecateEOF: false).resultSet(set, binary: false, status: .autocommit)
        XCTAssertEqual(classic.count, 5)
        XCTAssertEqual(classic[0], [1])
        XCTAssertEqual(classic[2], hex("fe 0000 0200"))
        XCTAssertEqual(classic[3], hex("01 31"))
        XCTAssertEqual(classic[4], hex("fe 0000 0200"))
        let modern = ResponseEncoder(deprecateEOF: true).resultSet(set, binary: false, status: .autocommit)
        XCTAssertEqual(modern.count, 4)
        XCTAssertEqual(modern[2], hex("01 31"))
        XCTAssertEqual(modern[3], hex("fe 00 00 0200 0000"))
        XCTAssertEqual(try OKPacket.decode(modern[3]).header, 0xFE)
    }

    func testMultipleResultsCarryMoreResultsExists() throws {
        let set = ResultSet(columns: [ColumnDefinition(name: "a", type: .varString)], rows: [[.string("x")]])
        let payloads = ResponseEncoder(deprecateEOF: false).results(
            [.ok(OKResult(affectedRows: 1)), .rows(set), .ok(OKResult(affectedRows: 2))],
            binary: false, sessionStatus: .autocommit)
        XCTAssertEqual(payloads.count, 7)
        XCTAssertEqual(try OKPacket.decode(payloads[0]).status, [.autocommit, .moreResultsExist])
        XCTAssertEqual(try EOFPacket.decode(payloads[3]).status, [.autocommit, .moreResultsExist])
        XCTAssertEqual(try EOFPacket.decode(payloads[5]).status, [.autocommit, .moreResultsExist])
        XCTAssertEqual(try OKPacket.decode(payloads[6]).status, .autocommit)
        XCTAssertEqual(try OKPacket.decode(payloads[6]).affectedRows, 2)
    }

    func testErrorEndsAMultiResult() throws {
        let payloads = ResponseEncoder(deprecateEOF: false).results(
            [.ok(OKResult()), .error(.internalError("boom")), .ok(OKResult())],
            binary: false, sessionStatus: [.autocommit, .inTransaction])
        XCTAssertEqual(payloads.count, 2)
        XCTAssertEqual(try OKPacket.decode(payloads[0]).status, [.autocommit, .inTransaction, .moreResultsExist])
        XCTAssertEqual(try MySQLError.decode(payloads[1]).message, "boom")
        let single = ResponseEncoder(deprecateEOF: false, multiResults: false)
            .results([.ok(OKResult(affectedRows: 1)), .ok(OKResult())], binary: false, sessionStatus: .autocommit)
        XCTAssertEqual(single.count, 1)
        XCTAssertEqual(try OKPacket.decode(single[0]).status, .autocommit)
        XCTAssertEqual(ResponseEncoder(deprecateEOF: false).results([], binary: false, sessionStatus: .autocommit).count, 1)
    }

    func testPrepareOKLayout() throws {
        let info = PreparedStatementInfo(parameterCount: 2, columns: [ColumnDefinition(name: "c", type: .string)])
        let classic = ResponseEncoder(deprecateEOF: false).prepareOK(statementID: 3, info: info, status: .autocommit)
        XCTAssertEqual(classic[0], hex("00 03000000 0100 0200 00 0000"))
        XCTAssertEqual(classic.count, 1 + 2 + 1 + 1 + 1)
        XCTAssertEqual(try ColumnDefinition.decode(classic[1]).name, "?")
        XCTAssertEqual(classic[3], hex("fe 0000 0200"))
        XCTAssertEqual(try ColumnDefinition.decode(classic[4]).name, "c")
        XCTAssertEqual(classic[5], hex("fe 0000 0200"))
        let modern = ResponseEncoder(deprecateEOF: true).prepareOK(statementID: 3, info: info, status: .autocommit)
        XCTAssertEqual(modern.count, 4)
        let none = ResponseEncoder(deprecateEOF: false).prepareOK(statementID: 1, info: PreparedStatementInfo(parameterCount: 0),
                                                                  status: .autocommit)
        XCTAssertEqual(none, [hex("00 01000000 0000 0000 00 0000")])
        XCTAssertEqual(try PrepareOKPacket.decode(none[0]), PrepareOKPacket(statementID: 1, columnCount: 0, parameterCount: 0))
    }
}
