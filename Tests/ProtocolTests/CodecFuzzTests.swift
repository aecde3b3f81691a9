import XCTest
import Protocol

/// Seeded fuzzing: hostile bytes must end in a `WireError` or a successful decode, never a
/// trap; whatever decodes must re-encode to exactly the bytes it came from (the encoding is
/// canonical).
final class CodecFuzzTests: XCTestCase {
    /// Decodes `bytes` every way a peer's bytes can reach us. Any error must be a WireError;
    /// any success must be canonical.
    private func probe(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        do {
            let envelope = try MessageCodec.decodeEnvelope(bytes)
            XCTAssertEqual(MessageCodec.encode(envelope), bytes, "non-canonical envelope decode", file: file, line: line)
        } catch {
            XCTAssertNotNil(error as? WireError, "\(error)", file: file, line: line)
        }
        do {
            let message = try MessageCodec.decodeMessage(bytes)
            XCTAssertEqual(MessageCodec.encode(message), bytes, "non-canonical message decode", file: file, line: line)
        } catch {
            XCTAssertNotNil(error as? WireError, "\(error)", file: file, line: line)
        }
        probeStream(bytes, file: file, line: line)
    }

    /// Feeds a stream to a FrameDecoder; every decoded envelope must re-frame to its bytes.
    private func probeStream(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        var decoder = FrameDecoder()
        decoder.append(bytes)
        var consumed = 0
        do {
            while let envelope = try decoder.next() {
                let frame = MessageCodec.frame(envelope)
                XCTAssertEqual(Array(bytes[consumed..<min(bytes.count, consumed + frame.count)]), frame,
                               "non-canonical frame decode", file: file, line: line)
                consumed += frame.count
            }
            XCTAssertEqual(decoder.bufferedByteCount, bytes.count - consumed, file: file, line: line)
        } catch {
            XCTAssertNotNil(error as? WireError, "\(error)", file: file, line: line)
            XCTAssertTrue(decoder.isFailed, file: file, line: line)
            XCTAssertThrowsError(try decoder.next(), "stays failed", file: file, line: line)
        }
    }

    private func randomBytes(_ rng: inout Xoshiro256, count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    func testRandomEnvelopesRoundTrip() throws {
        var gen = RandomEnvelopes(seed: 0xC0DEC)
        var rng = Xoshiro256(seed: 7)
        var seenTags: Set<UInt8> = []
        for i in 0..<3000 {
            let envelope = gen.envelope()
            seenTags.insert(MessageCodec.tag(of: envelope.message))
            let body = MessageCodec.encode(envelope)
            XCTAssertEqual(try MessageCodec.decodeEnvelope(body), envelope, "#\(i)")
            let frame = MessageCodec.frame(envelope)
            let split = rng.int(in: 0...frame.count)
            var decoder = FrameDecoder()
            decoder.append(Array(frame[..<split]))
            var got = try decoder.next()
            decoder.append(Array(frame[split...]))
            if got == nil { got = try decoder.next() }
            XCTAssertEqual(got, envelope, "#\(i) split at \(split)")
        }
        XCTAssertEqual(seenTags.count, 21)
    }

    func testRandomEnvelopesTruncatedAtEveryPrefixThrow() {
        var gen = RandomEnvelopes(seed: 99)
        for _ in 0..<150 {
            let body = MessageCodec.encode(gen.envelope())
            for n in 0..<body.count {
                XCTAssertThrowsError(try MessageCodec.decodeEnvelope(Array(body[..<n])))
            }
        }
    }

    func testRandomStreamInRandomChunks() throws {
        var gen = RandomEnvelopes(seed: 2024)
        var rng = Xoshiro256(seed: 11)
        let envelopes = (0..<400).map { _ in gen.envelope() }
        let stream = envelopes.flatMap { MessageCodec.frame($0) }
        var decoder = FrameDecoder()
        var got: [Envelope] = []
        var at = 0
        while at < stream.count {
            let n = min(stream.count - at, rng.int(in: 0...300))
            decoder.append(Array(stream[at..<(at + n)]))
            at += n
            while let e = try decoder.next() { got.append(e) }
        }
        XCTAssertEqual(got, envelopes)
        XCTAssertEqual(decoder.bufferedByteCount, 0)
    }

    func testTenThousandRandomByteStringsNeverCrash() {
        var rng = Xoshiro256(seed: 0xBAD_B17E5)
        var gen = RandomEnvelopes(seed: 5)
        var decoded = 0
        for i in 0..<10_000 {
            let bytes: [UInt8]
            switch i % 4 {
            case 0:
                // Pure noise.
                bytes = randomBytes(&rng, count: rng.int(in: 0...200))
            case 1:
                // A valid envelope header and message tag, then noise: reaches the payload decoders.
                let valid = MessageCodec.encode(gen.envelope())
                bytes = Array(valid[..<37]) + randomBytes(&rng, count: rng.int(in: 0...120))
            case 2:
                // A well-formed frame header (right length and version) around a noise body.
                let body = randomBytes(&rng, count: rng.int(in: 0...150))
                var w = WireWriter()
                w.u32(UInt32(body.count + 1)); w.u8(WireFormat.version)
                bytes = w.bytes + body
            default:
                // Noise made mostly of small bytes, which look like small counts, tags and booleans.
                bytes = (0..<rng.int(in: 0...200)).map { _ in UInt8(rng.below(rng.chance(0.8) ? 3 : 256)) }
            }
            probe(bytes)
            if (try? MessageCodec.decodeMessage(bytes)) != nil { decoded += 1 }
        }
        // Not a requirement, just a sign the noise reaches success paths at all.
        XCTAssertGreaterThan(decoded, 0)
    }

    func testTenThousandSingleByteMutationsOfValidFramesNeverCrash() {
        var rng = Xoshiro256(seed: 0x5EED)
        var gen = RandomEnvelopes(seed: 17)
        let fixtures = CodecFixtures.envelopes.map { MessageCodec.frame($0) }
        var outcomes = (errors: 0, decoded: 0, waiting: 0)
        for i in 0..<10_000 {
            var frame = i % 2 == 0 ? rng.pick(fixtures)! : MessageCodec.frame(gen.envelope())
            let position = Int(rng.below(UInt64(frame.count)))
            var byte = UInt8(truncatingIfNeeded: rng.next())
            if byte == frame[position] { byte &+= 1 }
            frame[position] = byte
            probe(frame)
            probe(Array(frame.dropFirst(5)))   // the mutated body alone
            var decoder = FrameDecoder()
            decoder.append(frame)
            do {
                if try decoder.next() != nil { outcomes.decoded += 1 } else { outcomes.waiting += 1 }
            } catch {
                outcomes.errors += 1
            }
        }
        XCTAssertEqual(outcomes.errors + outcomes.decoded + outcomes.waiting, 10_000)
        XCTAssertGreaterThan(outcomes.errors, 0)
        XCTAssertGreaterThan(outcomes.decoded, 0)
    }

    func testPayloadDecodersOnNoise() {
        // Each payload type straight from noise: only WireErrors or canonical successes.
        var rng = Xoshiro256(seed: 31337)
        func check<T: WireCodable & Equatable>(_ type: T.Type, _ bytes: [UInt8]) {
            do {
                let value = try MessageCodec.decode(T.self, from: bytes)
                XCTAssertEqual(MessageCodec.encode(value), bytes, "\(T.self)")
            } catch {
                XCTAssertNotNil(error as? WireError, "\(error)")
            }
        }
        for _ in 0..<2000 {
            let bytes = (0..<rng.int(in: 0...80)).map { _ in UInt8(rng.below(rng.chance(0.7) ? 5 : 256)) }
            check(Decision.self, bytes)
            check(MemberInfo.self, bytes)
            check(StreamState.self, bytes)
            check(SyncState.self, bytes)
            check(JoinReply.self, bytes)
            check(LockReply.self, bytes)
            check(Vote.self, bytes)
            check(SnapshotChunk.self, bytes)
            check(WriteSet.self, bytes)
            check(CommittedTransaction.self, bytes)
        }
    }
}
