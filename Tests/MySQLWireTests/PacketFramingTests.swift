import XCTest
@testable import MySQLWire

final class PacketFramingTests: XCTestCase {
    func testSmallPacketRoundTrip() throws {
        let bytes = PacketEncoder.encode([0x03] + Array("select 1".utf8), sequenceID: 0)
        XCTAssertEqual(Array(bytes.prefix(4)), [0x09, 0x00, 0x00, 0x00])
        var d = PacketDecoder()
        d.append(bytes)
        let p = try XCTUnwrap(try d.next())
        XCTAssertEqual(p.sequenceID, 0)
        XCTAssertEqual(p.payload, [0x03] + Array("select 1".utf8))
        XCTAssertNil(try d.next())
    }

    func testEmptyPayload() throws {
        XCTAssertEqual(PacketEncoder.encode([], sequenceID: 5), [0, 0, 0, 5])
        var d = PacketDecoder()
        d.append([0, 0, 0, 5])
        XCTAssertEqual(try d.next(), MySQLPacket(sequenceID: 5, payload: []))
    }

    func testByteAtATimeAndSeveralPacketsInOneRead() throws {
        var stream: [UInt8] = []
        var seq: UInt8 = 0
        for i in 0..<5 { PacketEncoder.encode([UInt8](repeating: UInt8(i), count: i * 3), sequenceID: &seq, into: &stream) }
        var d = PacketDecoder()
        var got: [MySQLPacket] = []
        for b in stream {
            d.append([b])
            while let p = try d.next() { got.append(p) }
        }
        XCTAssertEqual(got.map(\.sequenceID), [0, 1, 2, 3, 4])
        XCTAssertEqual(got.map(\.payload.count), [0, 3, 6, 9, 12])
        var all = PacketDecoder()
        all.append(stream)
        var count = 0
        while try all.next() != nil { count += 1 }
        XCTAssertEqual(count, 5)
        XCTAssertEqual(all.bufferedByteCount, 0)
    }

    func testExactly16MiBMinusOneIsFollowedByAnEmptyPacket() throws {
        let payload = [UInt8](repeating: 0x61, count: MySQLPacket.maxChunkLength)
        let bytes = PacketEncoder.encode(payload, sequenceID: 3)
        XCTAssertEqual(bytes.count, payload.count + 8)
        XCTAssertEqual(Array(bytes.prefix(4)), [0xFF, 0xFF, 0xFF, 3])
        XCTAssertEqual(Array(bytes.suffix(4)), [0, 0, 0, 4])
        var d = PacketDecoder(maxPayloadLength: 32 << 20)
        d.append(bytes)
        let p = try XCTUnwrap(try d.next())
        XCTAssertEqual(p.sequenceID, 3)
        XCTAssertEqual(p.lastSequenceID, 4)
        XCTAssertEqual(p.payload.count, MySQLPacket.maxChunkLength)
        XCTAssertNil(try d.next())
    }

    func testLargePayloadSplitsAndJoins() throws {
        var payload = [UInt8](repeating: 0, count: MySQLPacket.maxChunkLength * 2 + 10)
        for i in stride(from: 0, to: payload.count, by: 4093) { payload[i] = UInt8(truncatingIfNeeded: i) }
        var seq: UInt8 = 254
        var bytes: [UInt8] = []
        PacketEncoder.encode(payload, sequenceID: &seq, into: &bytes)
        XCTAssertEqual(seq, 1, "three chunks: 254, 255, 0 (wrapping)")
        XCTAssertEqual(bytes.count, payload.count + 12)
        var d = PacketDecoder(maxPayloadLength: 64 << 20)
        // Feed in uneven pieces.
        var offset = 0
        var rng = XorShift(seed: 42)
        var result: MySQLPacket?
        while offset < bytes.count {
            let n = min(bytes.count - offset, 1 + rng.below(3 << 20))
            d.append(bytes[offset..<(offset + n)])
            offset += n
            if let p = try d.next() { result = p }
        }
        let p = try XCTUnwrap(result)
        XCTAssertEqual(p.sequenceID, 254)
        XCTAssertEqual(p.lastSequenceID, 0)
        XCTAssertEqual(p.payload, payload)
    }

    func testOversizedPacketIsRejectedFromItsHeader() {
        var d = PacketDecoder(maxPayloadLength: 1024)
        d.append([0x01, 0x04, 0x00, 0x00]) // 1025 bytes announced, none sent
        XCTAssertThrowsError(try d.next()) { error in
            XCTAssertEqual(error as? MySQLWireError, .packetTooLarge(length: 1025, limit: 1024))
        }
        var exact = PacketDecoder(maxPayloadLength: 1024)
        exact.append([0x00, 0x04, 0x00, 0x00] + [UInt8](repeating: 1, count: 1024))
        XCTAssertEqual(try exact.next()?.payload.count, 1024)
    }

    func testOversizedSplitPacketIsRejectedAtTheSecondHeader() {
        var d = PacketDecoder(maxPayloadLength: MySQLPacket.maxChunkLength + 5)
        d.append([0xFF, 0xFF, 0xFF, 0x00])
        d.append([UInt8](repeating: 0, count: MySQLPacket.maxChunkLength))
        d.append([0x06, 0x00, 0x00, 0x01])
        XCTAssertThrowsError(try d.next()) { error in
            XCTAssertEqual(error as? MySQLWireError,
                           .packetTooLarge(length: MySQLPacket.maxChunkLength + 6, limit: MySQLPacket.maxChunkLength + 5))
        }
    }

    func testSplitPacketWithWrongSequenceIsOutOfOrder() {
        var d = PacketDecoder(maxPayloadLength: 64 << 20)
        d.append([0xFF, 0xFF, 0xFF, 0x00])
        d.append([UInt8](repeating: 0, count: MySQLPacket.maxChunkLength))
        d.append([0x01, 0x00, 0x00, 0x07, 0x00])
        XCTAssertThrowsError(try d.next()) { error in
            XCTAssertEqual(error as? MySQLWireError, .packetsOutOfOrder(expected: 1, received: 7))
        }
    }
}
