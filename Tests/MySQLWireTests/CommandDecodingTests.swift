import XCTest
@testable import MySQLWire

final class CommandDecodingTests: XCTestCase {
    func testTextCommands() throws {
        XCTAssertEqual(try MySQLCommand.decode([0x01]), .quit)
        XCTAssertEqual(try MySQLCommand.decode([0x02] + Array("t1".utf8)), .initDB("t1"))
        XCTAssertEqual(try MySQLCommand.decode([0x03] + Array("select 1".utf8)), .query("select 1"))
        XCTAssertEqual(try MySQLCommand.decode([0x04] + Array("a".utf8) + [0]), .fieldList(table: "a", wildcard: ""))
        XCTAssertEqual(try MySQLCommand.decode([0x04] + Array("b".utf8) + [0] + Array("c%".utf8)),
                       .fieldList(table: "b", wildcard: "c%"))
        XCTAssertEqual(try MySQLCommand.decode([0x09]), .statistics)
        XCTAssertEqual(try MySQLCommand.decode([0x0E]), .ping)
        XCTAssertEqual(try MySQLCommand.decode([0x11, 1, 2, 3]), .changeUser)
        XCTAssertEqual(try MySQLCommand.decode([0x16] + Array("select ?".utf8)), .statementPrepare("select ?"))
        XCTAssertEqual(try MySQLCommand.decode([0x19, 5, 0, 0, 0]), .statementClose(5))
        XCTAssertEqual(try MySQLCommand.decode([0x1A, 1, 0, 0, 0]), .statementReset(1))
        XCTAssertEqual(try MySQLCommand.decode([0x1B, 1, 0]), .setOption(1))
        XCTAssertEqual(try MySQLCommand.decode([0x1C, 2, 0, 0, 0, 10, 0, 0, 0]), .statementFetch(statementID: 2, rows: 10))
        XCTAssertEqual(try MySQLCommand.decode([0x1F]), .resetConnection)
        XCTAssertEqual(try MySQLCommand.decode([0x18, 3, 0, 0, 0, 1, 0, 0xAA, 0xBB]),
                       .statementSendLongData(statementID: 3, parameter: 1, data: [0xAA, 0xBB]))
        XCTAssertEqual(try MySQLCommand.decode([0x0D]), .unknown(0x0D))
        XCTAssertEqual(try MySQLCommand.decode([0x08]), .unknown(0x08))
    }

    func testTruncatedCommandsThrow() {
        for payload: [[UInt8]] in [[[]], [[0x19, 1, 2]], [[0x17, 1, 0, 0, 0, 0]], [[0x1B, 0]], [[0x18, 1, 0, 0, 0, 1]]] {
            XCTAssertThrowsError(try MySQLCommand.decode(payload[0]))
        }
    }

    func testEncodeDecodeRoundTrip() throws {
        let commands: [MySQLCommand] = [
            .quit, .initDB("wp"), .query("SELECT 'é'"), .fieldList(table: "t", wildcard: "%"), .statistics, .ping,
            .statementPrepare("x"),
            .statementExecute(StatementExecutePacket(statementID: 9, flags: 1, iterationCount: 1, parameterBlock: [0, 1])),
            .statementSendLongData(statementID: 1, parameter: 2, data: [3]), .statementClose(4), .statementReset(5),
            .setOption(0), .statementFetch(statementID: 6, rows: 7), .resetConnection, .unknown(0x20),
        ]
        for c in commands { XCTAssertEqual(try MySQLCommand.decode(c.encode()), c) }
    }

    // MARK: COM_STMT_EXECUTE parameters, from client-sessions.log

    /// sysbench session 64, stmt 3: types on the first execute only.
    func testSysbenchTypesOnlyOnFirstExecute() throws {
        let first = try ExecuteParameterDecoder.decode(hex("000108003200000000000000"), parameterCount: 1,
                                                       previousTypes: nil)
        XCTAssertEqual(first.values, [.int(50)])
        XCTAssertEqual(first.types, [ParameterType(.longlong)])
        let later = try ExecuteParameterDecoder.decode(hex("00002900000000000000"), parameterCount: 1,
                                                       previousTypes: first.types)
        XCTAssertEqual(later.values, [.int(41)])
        XCTAssertThrowsError(try ExecuteParameterDecoder.decode(hex("00002900000000000000"), parameterCount: 1,
                                                                previousTypes: nil))
    }

    /// sysbench stmt 4 (BETWEEN ? AND ?): two LONGLONGs.
    func testSysbenchTwoParameters() throws {
        let r = try ExecuteParameterDecoder.decode(hex("00010800080032000000000000009500000000000000"),
                                                   parameterCount: 2, previousTypes: nil)
        XCTAssertEqual(r.values, [.int(50), .int(149)])
    }

    /// sysbench stmt 9 (UPDATE ... SET c=? WHERE id=?): VAR_STRING then LONGLONG.
    func testSysbenchStringParameter() throws {
        let c = "91458617975-12797403879-24962889764-38959139480-43361" + String(repeating: "7", count: 66)
        XCTAssertEqual(c.utf8.count, 119)
        let block = hex("0001fd000800") + [0x77] + Array(c.utf8) + hex("3300000000000000")
        let r = try ExecuteParameterDecoder.decode(block, parameterCount: 2, previousTypes: nil)
        XCTAssertEqual(r.values, [.string(c), .int(51)])
        XCTAssertEqual(r.types, [ParameterType(.varString), ParameterType(.longlong)])
    }

    /// mysql-connector-python session 63: TINY with the unsigned flag (0x80).
    func testConnectorPythonUnsignedTiny() throws {
        let r = try ExecuteParameterDecoder.decode(hex("0001018001"), parameterCount: 1, previousTypes: nil)
        XCTAssertEqual(r.types, [ParameterType(.tiny, unsigned: true)])
        XCTAssertEqual(r.values, [.int(1)])
        let high = try ExecuteParameterDecoder.decode(hex("00010180ff"), parameterCount: 1, previousTypes: nil)
        XCTAssertEqual(high.values, [.int(255)])
        let signed = try ExecuteParameterDecoder.decode(hex("00010100ff"), parameterCount: 1, previousTypes: nil)
        XCTAssertEqual(signed.values, [.int(-1)])
    }

    func testNullBitmap() throws {
        // 9 parameters: bitmap of 2 bytes; params 0, 3 and 8 NULL.
        var block: [UInt8] = [0b0000_1001, 0b0000_0001, 1]
        for _ in 0..<9 { block += [0x03, 0x00] }
        for i in 0..<9 where ![0, 3, 8].contains(i) { block += [UInt8(i), 0, 0, 0] }
        let r = try ExecuteParameterDecoder.decode(block, parameterCount: 9, previousTypes: nil)
        XCTAssertEqual(r.values, [.null, .int(1), .int(2), .null, .int(4), .int(5), .int(6), .int(7), .null])
    }

    func testEveryBinaryParameterType() throws {
        var w = MySQLPayloadWriter()
        let types: [(UInt8, UInt8)] = [
            (0x01, 0), (0x02, 0), (0x02, 0x80), (0x03, 0), (0x09, 0), (0x08, 0), (0x08, 0x80), (0x08, 0x80),
            (0x04, 0), (0x05, 0), (0xF6, 0), (0xFE, 0), (0x0F, 0), (0xFC, 0), (0xFB, 0), (0x0A, 0),
            (0x0C, 0), (0x07, 0), (0x0C, 0), (0x0B, 0), (0x0B, 0), (0x06, 0), (0x0D, 0), (0xFD, 0),
        ]
        let count = types.count
        w.writeZeros((count + 7) / 8)
        w.writeUInt8(1)
        for (t, f) in types { w.writeUInt8(t); w.writeUInt8(f) }
        w.writeUInt8(0x80)                                   // tiny -128
        w.writeUInt16(0x8000)                                // short -32768
        w.writeUInt16(0xFFFF)                                // unsigned short 65535
        w.writeUInt32(UInt32(bitPattern: -7))                // long
        w.writeUInt32(123_456)                               // int24
        w.writeUInt64(UInt64(bitPattern: Int64.min))         // longlong
        w.writeUInt64(UInt64.max)                            // unsigned longlong
        w.writeUInt64(42)                                    // unsigned longlong, small
        w.writeUInt32(Float(1.5).bitPattern)                 // float
        w.writeUInt64(Double(-2.25).bitPattern)              // double
        w.writeLengthEncodedString("12.50")                  // newdecimal
        w.writeLengthEncodedString("héllo")                  // string
        w.writeLengthEncodedString("v")                      // varchar
        w.writeLengthEncodedBytes([0x00, 0xFF, 0xC3])        // blob
        w.writeLengthEncodedBytes([0xC3, 0xA9])              // long blob
        w.writeBytes([4, 0xE8, 0x07, 2, 29])                 // date 2024-02-29
        w.writeBytes([7, 0xE8, 0x07, 12, 31, 23, 59, 58])    // datetime
        w.writeBytes([11, 0xB2, 0x07, 1, 1, 0, 0, 1, 0x40, 0xE2, 0x01, 0]) // timestamp 1970-01-01 00:00:01.123456
        w.writeBytes([0])                                    // datetime zero
        w.writeBytes([8, 1, 2, 0, 0, 0, 3, 4, 5])           // time -2 days 03:04:05
        w.writeBytes([12, 0, 0, 0, 0, 0, 10, 20, 30, 1, 0, 0, 0]) // time 10:20:30.000001
        // NULL type: no bytes
        w.writeUInt16(2024)                                  // year
        w.writeLengthEncodedBytes([0xFF, 0xFE])              // var_string, invalid UTF-8 -> bytes
        let r = try ExecuteParameterDecoder.decode(w.bytes, parameterCount: count, previousTypes: nil)
        XCTAssertEqual(r.values, [
            .int(-128), .int(-32768), .int(65535), .int(-7), .int(123_456), .int(.min), .uint(.max), .int(42),
            .double(1.5), .double(-2.25), .decimal("12.50"), .string("héllo"), .string("v"),
            .bytes([0x00, 0xFF, 0xC3]), .bytes([0xC3, 0xA9]),
            .date(MySQLDateTime(year: 2024, month: 2, day: 29)),
            .datetime(MySQLDateTime(year: 2024, month: 12, day: 31, hour: 23, minute: 59, second: 58)),
            .datetime(MySQLDateTime(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 1, microsecond: 123_456)),
            .datetime(.zero),
            .time(MySQLTime(isNegative: true, days: 2, hour: 3, minute: 4, second: 5)),
            .time(MySQLTime(hour: 10, minute: 20, second: 30, microsecond: 1)),
            .null, .int(2024), .bytes([0xFF, 0xFE]),
        ])
        XCTAssertEqual(r.types[6], ParameterType(.longlong, unsigned: true))
    }

    func testLongDataReplacesInlineValue() throws {
        // Param 0 came through COM_STMT_SEND_LONG_DATA: not in the packet.
        let block = hex("00 01 fc00 0800") + hex("0700000000000000")
        let r = try ExecuteParameterDecoder.decode(block, parameterCount: 2, previousTypes: nil,
                                                   longData: [0: [1, 2, 3]])
        XCTAssertEqual(r.values, [.bytes([1, 2, 3]), .int(7)])
        let text = try ExecuteParameterDecoder.decode(hex("00 01 fe00"), parameterCount: 1, previousTypes: nil,
                                                      longData: [0: Array("long text".utf8)])
        XCTAssertEqual(text.values, [.string("long text")])
    }

    func testBadParameterBlocks() {
        // Unknown type byte.
        XCTAssertThrowsError(try ExecuteParameterDecoder.decode(hex("00 01 2000 00"), parameterCount: 1, previousTypes: nil))
        // Bound flag 2.
        XCTAssertThrowsError(try ExecuteParameterDecoder.decode(hex("00 02 0800"), parameterCount: 1, previousTypes: nil))
        // Truncated value.
        XCTAssertThrowsError(try ExecuteParameterDecoder.decode(hex("00 01 0800 0100"), parameterCount: 1, previousTypes: nil))
        // Bad datetime length.
        XCTAssertThrowsError(try ExecuteParameterDecoder.decode(hex("00 01 0c00 05 0000000000"), parameterCount: 1,
                                                                previousTypes: nil))
        // Remembered types of the wrong arity.
        XCTAssertThrowsError(try ExecuteParameterDecoder.decode(hex("00 00 01"), parameterCount: 1,
                                                                previousTypes: [ParameterType(.tiny), ParameterType(.tiny)]))
        XCTAssertEqual(try ExecuteParameterDecoder.decode([], parameterCount: 0, previousTypes: nil).values, [])
    }
}
