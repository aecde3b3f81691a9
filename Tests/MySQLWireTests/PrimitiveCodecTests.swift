import XCTest
@testable import MySQLWire

final class PrimitiveCodecTests: XCTestCase {
    private func lenenc(_ value: UInt64) -> [UInt8] {
        var w = MySQLPayloadWriter()
        w.writeLengthEncodedInteger(value)
        return w.bytes
    }

    func testLengthEncodedIntegerBoundaries() throws {
        let cases: [(UInt64, [UInt8])] = [
            (0, [0x00]),
            (250, [0xFA]),
            (251, [0xFC, 0xFB, 0x00]),
            (252, [0xFC, 0xFC, 0x00]),
            (0xFFFF, [0xFC, 0xFF, 0xFF]),
            (0x1_0000, [0xFD, 0x00, 0x00, 0x01]),
            (0xFF_FFFF, [0xFD, 0xFF, 0xFF, 0xFF]),
            (0x100_0000, [0xFE, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]),
            (UInt64.max, [0xFE] + [UInt8](repeating: 0xFF, count: 8)),
        ]
        for (value, bytes) in cases {
            XCTAssertEqual(lenenc(value), bytes, "encode \(value)")
            var r = MySQLPayloadReader(bytes)
            XCTAssertEqual(try r.readLengthEncodedInteger(), value, "decode \(value)")
            XCTAssertTrue(r.isAtEnd)
        }
    }

    func testNonMinimalLengthEncodingIsAccepted() throws {
        var r = MySQLPayloadReader([0xFC, 0x05, 0x00])
        XCTAssertEqual(try r.readLengthEncodedInteger(), 5)
    }

    func testNullMarkerAndInvalidFirstByte() throws {
        var r = MySQLPayloadReader([0xFB, 0x01])
        XCTAssertNil(try r.readLengthEncodedIntegerOrNull())
        XCTAssertEqual(try r.readLengthEncodedIntegerOrNull(), 1)
        var nullString = MySQLPayloadReader([0xFB])
        XCTAssertNil(try nullString.readLengthEncodedBytesOrNull())
        var strict = MySQLPayloadReader([0xFB])
        XCTAssertThrowsError(try strict.readLengthEncodedInteger())
        var ff = MySQLPayloadReader([0xFF, 0, 0])
        XCTAssertThrowsError(try ff.readLengthEncodedIntegerOrNull()) { error in
            guard case MySQLWireError.malformed = error else { return XCTFail("\(error)") }
        }
    }

    func testTruncatedLengthEncodedInputs() {
        for bytes: [UInt8] in [[], [0xFC], [0xFC, 0x01], [0xFD, 1, 2], [0xFE, 1, 2, 3, 4, 5, 6, 7]] {
            var r = MySQLPayloadReader(bytes)
            XCTAssertThrowsError(try r.readLengthEncodedIntegerOrNull()) { error in
                XCTAssertEqual(error as? MySQLWireError, .truncated)
            }
        }
    }

    func testHostileStringLengthsDoNotTrap() {
        // Length 2^64-1 with 3 bytes behind it.
        var r = MySQLPayloadReader([0xFE] + [UInt8](repeating: 0xFF, count: 8) + [1, 2, 3])
        XCTAssertThrowsError(try r.readLengthEncodedBytes()) { XCTAssertEqual($0 as? MySQLWireError, .truncated) }
        // Length 2^63 (negative if converted blindly to Int).
        var r2 = MySQLPayloadReader([0xFE, 0, 0, 0, 0, 0, 0, 0, 0x80])
        XCTAssertThrowsError(try r2.readLengthEncodedBytes())
        var r3 = MySQLPayloadReader([5, 1, 2])
        XCTAssertThrowsError(try r3.readLengthEncodedString())
        var r4 = MySQLPayloadReader([1, 2])
        XCTAssertThrowsError(try r4.readBytes(-1))
        XCTAssertThrowsError(try r4.skip(3))
    }

    func testLengthEncodedStrings() throws {
        var w = MySQLPayloadWriter()
        w.writeLengthEncodedString("héllo")
        w.writeLengthEncodedString("")
        w.writeLengthEncodedBytes([UInt8](repeating: 7, count: 300))
        var r = MySQLPayloadReader(w.bytes)
        XCTAssertEqual(try r.readLengthEncodedString(), "héllo")
        XCTAssertEqual(try r.readLengthEncodedString(), "")
        XCTAssertEqual(w.bytes[8...10], [0xFC, 0x2C, 0x01])
        XCTAssertEqual(try r.readLengthEncodedBytes().count, 300)
        XCTAssertTrue(r.isAtEnd)
    }

    func testNullTerminatedStrings() throws {
        var r = MySQLPayloadReader(Array("root\0t1\0tail".utf8))
        XCTAssertEqual(try r.readNullTerminatedString(), "root")
        XCTAssertEqual(try r.readNullTerminatedString(), "t1")
        XCTAssertThrowsError(try r.readNullTerminatedString()) { XCTAssertEqual($0 as? MySQLWireError, .truncated) }
        XCTAssertEqual(r.readNullTerminatedOrRemainingBytes(), Array("tail".utf8))
        XCTAssertEqual(r.readNullTerminatedOrRemainingBytes(), [])
    }

    func testFixedIntegers() throws {
        var w = MySQLPayloadWriter()
        w.writeUInt8(0xAB)
        w.writeUInt16(0x1234)
        w.writeUInt24(0x56_789A)
        w.writeUInt32(0xDEAD_BEEF)
        w.writeUInt64(0x0102_0304_0506_0708)
        XCTAssertEqual(w.bytes, hex("ab 3412 9a7856 efbeadde 0807060504030201"))
        var r = MySQLPayloadReader(w.bytes)
        XCTAssertEqual(try r.readUInt8(), 0xAB)
        XCTAssertEqual(try r.readUInt16(), 0x1234)
        XCTAssertEqual(try r.readUInt24(), 0x56_789A)
        XCTAssertEqual(try r.readUInt32(), 0xDEAD_BEEF)
        XCTAssertEqual(try r.readUInt64(), 0x0102_0304_0506_0708)
        XCTAssertThrowsError(try r.readUInt8())
        var short = MySQLPayloadReader([1, 2, 3])
        XCTAssertThrowsError(try short.readUInt32())
        XCTAssertEqual(short.index, 0, "a failed read consumes nothing")
    }
}
