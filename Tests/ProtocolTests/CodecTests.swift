import XCTest
import Protocol

final class CodecTests: XCTestCase {
    typealias F = CodecFixtures

    private func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }
    private func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) } }

    private func assertWireError<T>(_ expected: WireError, _ body: @autoclosure () throws -> T,
                                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual(error as? WireError, expected, file: file, line: line)
        }
    }

    // MARK: Round trips

    func testEveryMessageCaseRoundTrips() throws {
        var tags: Set<UInt8> = []
        for envelope in F.envelopes {
            tags.insert(MessageCodec.tag(of: envelope.message))
            let bytes = MessageCodec.encode(envelope)
            XCTAssertEqual(try MessageCodec.decodeEnvelope(bytes), envelope)
            XCTAssertEqual(try MessageCodec.decodeFrame(MessageCodec.frame(envelope)), envelope)
            XCTAssertEqual(try MessageCodec.decodeMessage(MessageCodec.encode(envelope.message)), envelope.message)
            XCTAssertEqual(bytes[36], MessageCodec.tag(of: envelope.message), "tag follows from, to, clock")
        }
        XCTAssertEqual(tags.count, 21, "the fixtures cover every Message case")
    }

    func testTagTableIsFixed() {
        let expected: [(Message, UInt8)] = [
            (.ping(Ping(sequence: 0, updates: [])), 1),
            (.pingRequest(PingRequest(sequence: 0, target: F.n1, updates: [])), 2),
            (.ack(Ack(sequence: 0, target: F.n1, updates: [])), 3),
            (.join(Join(member: F.members[0])), 4),
            (.joinReply(JoinReply(accepted: true, members: [])), 5),
            (.prepare(Prepare(transaction: F.tx, writes: WriteSet(database: ""))), 16),
            (.vote(Vote(transaction: F.tx, yes: true, reason: nil)), 17),
            (.commit(Commit(transaction: F.tx, sequence: 1, commitTimestamp: F.t1)), 18),
            (.commitAck(CommitAck(transaction: F.tx)), 19),
            (.abort(Abort(transaction: F.tx, reason: .conflict)), 20),
            (.decisionQuery(DecisionQuery(transaction: F.tx, database: "")), 21),
            (.decisionReply(DecisionReply(transaction: F.tx, decision: .pending)), 22),
            (.syncStateRequest(SyncStateRequest()), 32),
            (.syncState(SyncState(streams: [], schemaVersions: [])), 33),
            (.changesRequest(ChangesRequest(origin: F.n1, database: "", after: 0, limit: 0)), 34),
            (.changes(ChangesBatch(origin: F.n1, database: "", after: 0, transactions: [], gap: true)), 35),
            (.snapshotRequest(SnapshotRequest(database: "")), 36),
            (.snapshotChunk(SnapshotChunk(database: "", snapshotID: 0, offset: 0, bytes: [], isLast: true, covers: [])), 37),
            (.lockRequest(LockRequest(database: "", lease: F.lease, durationMillis: 0)), 48),
            (.lockReply(LockReply(database: "", lease: F.lease, granted: true, heldBy: nil)), 49),
            (.lockRelease(LockRelease(database: "", lease: F.lease)), 50),
        ]
        for (message, tag) in expected {
            XCTAssertEqual(MessageCodec.tag(of: message), tag, "\(message)")
            XCTAssertEqual(MessageCodec.encode(message).first, tag)
        }
        XCTAssertEqual(Set(expected.map(\.1)).count, expected.count)
    }

    func testGoldenFrameBytes() throws {
        let envelope = Envelope(
            from: NodeID(1), to: NodeID(2), clock: HLCTimestamp(wall: 0x0102, logical: 3, node: NodeID(4)),
            message: .abort(Abort(transaction: TransactionID(HLCTimestamp(wall: 5, logical: 6, node: NodeID(7))), reason: .conflict)))
        let body: [UInt8] = le64(1) + le64(2) + le64(0x0102) + le32(3) + le64(4)
            + [20] + le64(5) + le32(6) + le64(7) + [1]
        XCTAssertEqual(MessageCodec.encode(envelope), body)
        let frame: [UInt8] = [59, 0, 0, 0, 1] + body
        XCTAssertEqual(MessageCodec.frame(envelope), frame)
        XCTAssertEqual(try MessageCodec.decodeFrame(frame), envelope)
    }

    func testEncodingIsDeterministicAndFrameWrapsEnvelope() {
        for envelope in F.envelopes {
            let body = MessageCodec.encode(envelope)
            XCTAssertEqual(MessageCodec.encode(envelope), body)
            XCTAssertEqual(MessageCodec.frame(envelope), le32(UInt32(body.count + 1)) + [WireFormat.version] + body)
        }
    }

    func testEverySQLValueKindRoundTrips() throws {
        for value in F.allValues {
            XCTAssertEqual(try MessageCodec.decode(SQLValue.self, from: MessageCodec.encode(value)), value)
        }
        // Bit-exact doubles: -0.0 keeps its sign.
        let negZero = try MessageCodec.decode(SQLValue.self, from: MessageCodec.encode(SQLValue.real(-0.0)))
        guard case .real(let d) = negZero else { return XCTFail("\(negZero)") }
        XCTAssertEqual(d.sign, .minus)
    }

    func testPayloadsEmbedTheDataCodecEncodings() {
        let prepare = Prepare(transaction: F.tx, writes: F.writeSet)
        XCTAssertEqual(MessageCodec.encode(prepare), MessageCodec.encode(F.tx) + DataCodec.encode(F.writeSet))
        let batch = ChangesBatch(origin: F.n1, database: "d", after: 4, transactions: F.committed, gap: false)
        var expected = le64(1) + [1, UInt8(ascii: "d")] + le64(4) + [UInt8(F.committed.count)]
        for t in F.committed { expected += DataCodec.encode(t) }
        expected.append(0)
        XCTAssertEqual(MessageCodec.encode(batch), expected)
    }

    func testEveryDecisionAndOptionalRoundTrips() throws {
        let decisions: [Decision] = [.committed(sequence: 0, commitTimestamp: .zero),
                                     .committed(sequence: .max, commitTimestamp: F.t2),
                                     .pending, .unknown]
            + [AbortReason.conflict, .timeout, .notEnoughNodes, .ddlLockUnavailable, .coordinatorLost, .rejected].map { .aborted($0) }
        for d in decisions {
            XCTAssertEqual(try MessageCodec.decode(Decision.self, from: MessageCodec.encode(d)), d)
        }
        XCTAssertEqual(MessageCodec.encode(Decision.pending), [3])
        XCTAssertEqual(MessageCodec.encode(Decision.unknown), [4])
        XCTAssertEqual(MessageCodec.encode(Decision.aborted(.rejected)), [2, 6])

        let votes = [Vote(transaction: F.tx, yes: true, reason: nil), Vote(transaction: F.tx, yes: false, reason: .timeout)]
        for v in votes { XCTAssertEqual(try MessageCodec.decode(Vote.self, from: MessageCodec.encode(v)), v) }
        XCTAssertEqual(MessageCodec.encode(votes[0]).suffix(2), [1, 0])
        XCTAssertEqual(MessageCodec.encode(votes[1]).suffix(3), [0, 1, 2])

        for held in [nil, LeaseID(holder: F.n2, counter: 0)] {
            let reply = LockReply(database: "db", lease: F.lease, granted: held == nil, heldBy: held)
            XCTAssertEqual(try MessageCodec.decode(LockReply.self, from: MessageCodec.encode(reply)), reply)
        }
        for member in F.members {
            XCTAssertEqual(try MessageCodec.decode(MemberInfo.self, from: MessageCodec.encode(member)), member)
        }
    }

    // MARK: Rejections

    func testUnknownAbortReasonRejected() {
        var bytes = MessageCodec.encode(Abort(transaction: F.tx, reason: .conflict))
        for raw: UInt8 in [0, 7, 200, 255] {
            bytes[bytes.count - 1] = raw
            assertWireError(.unknownTag(kind: "abort reason", tag: raw), try MessageCodec.decode(Abort.self, from: bytes))
        }
        var vote = MessageCodec.encode(Vote(transaction: F.tx, yes: false, reason: .conflict))
        vote[vote.count - 1] = 9
        assertWireError(.unknownTag(kind: "abort reason", tag: 9), try MessageCodec.decode(Vote.self, from: vote))
        var decision = MessageCodec.encode(Decision.aborted(.conflict))
        decision[1] = 0
        assertWireError(.unknownTag(kind: "abort reason", tag: 0), try MessageCodec.decode(Decision.self, from: decision))
    }

    func testUnknownMemberStateRejected() {
        var bytes = MessageCodec.encode(F.members[0])
        for raw: UInt8 in [0, 5, 255] {
            bytes[bytes.count - 1] = raw
            assertWireError(.unknownTag(kind: "member state", tag: raw), try MessageCodec.decode(MemberInfo.self, from: bytes))
        }
    }

    func testUnknownMessageAndDecisionTagsRejected() {
        let known: Set<UInt8> = [1, 2, 3, 4, 5, 16, 17, 18, 19, 20, 21, 22, 32, 33, 34, 35, 36, 37, 48, 49, 50]
        var body = MessageCodec.encode(F.small)
        for tag in UInt8.min...UInt8.max where !known.contains(tag) {
            body[36] = tag
            assertWireError(.unknownTag(kind: "message", tag: tag), try MessageCodec.decodeEnvelope(body))
        }
        for tag: UInt8 in [0, 5, 255] {
            assertWireError(.unknownTag(kind: "decision", tag: tag), try MessageCodec.decode(Decision.self, from: [tag]))
        }
    }

    func testInvalidBooleanAndPresenceBytesRejected() {
        var vote = MessageCodec.encode(Vote(transaction: F.tx, yes: true, reason: nil))
        vote[vote.count - 2] = 2
        assertWireError(.invalidValue("boolean byte 2"), try MessageCodec.decode(Vote.self, from: vote))
        vote[vote.count - 2] = 1
        vote[vote.count - 1] = 0xFF
        assertWireError(.invalidValue("boolean byte 255"), try MessageCodec.decode(Vote.self, from: vote))
    }

    func testInvalidUTF8Rejected() throws {
        for bad: [UInt8] in [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x61, 0x80]] {
            let bytes = [UInt8(bad.count)] + bad
            assertWireError(.invalidValue("string is not UTF-8"), try MessageCodec.decode(SnapshotRequest.self, from: bytes))
        }
        let replacement = SnapshotRequest(database: "\u{FFFD}x")
        XCTAssertEqual(try MessageCodec.decode(SnapshotRequest.self, from: MessageCodec.encode(replacement)), replacement)
    }

    func testTrailingBytesRejected() {
        let body = MessageCodec.encode(F.small)
        assertWireError(.trailingBytes(1), try MessageCodec.decodeEnvelope(body + [0]))
        assertWireError(.trailingBytes(3), try MessageCodec.decodeMessage(MessageCodec.encode(F.small.message) + [1, 2, 3]))
        // Inside a frame: the length covers one byte too many.
        let frame = le32(UInt32(body.count + 2)) + [WireFormat.version] + body + [0]
        var decoder = FrameDecoder()
        decoder.append(frame)
        assertWireError(.trailingBytes(1), try decoder.next())
        XCTAssertEqual(decoder.failure, .trailingBytes(1))
        // After a complete frame, decodeFrame refuses extra bytes too.
        assertWireError(.trailingBytes(2), try MessageCodec.decodeFrame(MessageCodec.frame(F.small) + [0, 0]))
    }

    func testTruncatedInputAtEveryPrefixThrows() {
        for envelope in F.envelopes {
            let body = MessageCodec.encode(envelope)
            let frame = MessageCodec.frame(envelope)
            for n in 0..<body.count {
                XCTAssertThrowsError(try MessageCodec.decodeEnvelope(Array(body[..<n])), "body prefix \(n)")
            }
            for n in 0..<frame.count {
                let prefix = Array(frame[..<n])
                XCTAssertThrowsError(try MessageCodec.decodeFrame(prefix), "frame prefix \(n)")
                var decoder = FrameDecoder()
                decoder.append(prefix)
                XCTAssertNil(try decoder.next(), "a frame prefix only asks for more bytes")
                XCTAssertFalse(decoder.isFailed)
            }
        }
    }

    func testTruncationErrorsAreTruncated() {
        let body = MessageCodec.encode(F.small)
        for n in 0..<body.count {
            XCTAssertThrowsError(try MessageCodec.decodeEnvelope(Array(body[..<n]))) { error in
                guard case .truncated = error as? WireError else { return XCTFail("prefix \(n): \(error)") }
            }
        }
    }

    // MARK: Framing

    func testFramesSplitAtEveryByteBoundaryDecodeTheSame() throws {
        for envelope in F.envelopes {
            let frame = MessageCodec.frame(envelope)
            for split in 0...frame.count {
                var decoder = FrameDecoder()
                decoder.append(Array(frame[..<split]))
                var got = try decoder.next()
                if split < frame.count { XCTAssertNil(got) }
                decoder.append(Array(frame[split...]))
                if got == nil { got = try decoder.next() }
                XCTAssertEqual(got, envelope, "split at \(split)")
                XCTAssertNil(try decoder.next())
                XCTAssertEqual(decoder.bufferedByteCount, 0)
            }
        }
    }

    func testStreamFedOneByteAtATime() throws {
        let envelopes = F.envelopes
        let stream = envelopes.flatMap { MessageCodec.frame($0) }
        var decoder = FrameDecoder()
        var got: [Envelope] = []
        for byte in stream {
            decoder.append([byte])
            while let e = try decoder.next() { got.append(e) }
        }
        XCTAssertEqual(got, envelopes)
        XCTAssertEqual(decoder.bufferedByteCount, 0)
    }

    func testManyFramesInOneAppendAndAPartialTail() throws {
        let envelopes = F.envelopes
        var stream = envelopes.flatMap { MessageCodec.frame($0) }
        let tail = MessageCodec.frame(F.small)
        stream += tail.prefix(10)
        var decoder = FrameDecoder()
        decoder.append(contentsOf: stream[...])
        var got: [Envelope] = []
        while let e = try decoder.next() { got.append(e) }
        XCTAssertEqual(got, envelopes)
        XCTAssertEqual(decoder.bufferedByteCount, 10)
        XCTAssertEqual(decoder.neededByteCount, tail.count)
        decoder.append(Array(tail.dropFirst(10)))
        XCTAssertEqual(try decoder.next(), F.small)
        XCTAssertNil(try decoder.next())
    }

    func testWrongVersionRejectedWithClearMessage() {
        for version: UInt8 in [0, 2, 255] {
            var frame = MessageCodec.frame(F.small)
            frame[4] = version
            var decoder = FrameDecoder()
            decoder.append(Array(frame[..<5]))   // refused as soon as the version byte arrives
            XCTAssertThrowsError(try decoder.next()) { error in
                XCTAssertEqual(error as? WireError, .unsupportedVersion(version))
                XCTAssertEqual("\(error)", "unsupported wire format version \(version) (this node speaks \(WireFormat.version))")
            }
            assertWireError(.unsupportedVersion(version), try MessageCodec.decodeFrame(frame))
        }
        XCTAssertEqual(WireError.unsupportedVersion(2).description, "unsupported wire format version 2 (this node speaks 1)")
    }

    func testOversizedLengthRejectedFromTheHeaderAlone() throws {
        for length in [UInt32(WireFormat.maxFrameBytes) + 1, UInt32.max] {
            var decoder = FrameDecoder()
            decoder.append(le32(length))
            assertWireError(.frameTooLarge(UInt64(length)), try decoder.next())
            XCTAssertEqual(decoder.bufferedByteCount, 0, "nothing kept")
            XCTAssertNil(decoder.neededByteCount)
        }
        XCTAssertEqual(WireError.frameTooLarge(UInt64(WireFormat.maxFrameBytes) + 1).description,
                       "frame of \(WireFormat.maxFrameBytes + 1) bytes exceeds the limit of \(WireFormat.maxFrameBytes)")
        // Exactly the limit is legal: the decoder waits for the body.
        var decoder = FrameDecoder()
        decoder.append(le32(UInt32(WireFormat.maxFrameBytes)) + [WireFormat.version])
        XCTAssertNil(try decoder.next())
        XCTAssertEqual(decoder.neededByteCount, 4 + Int(WireFormat.maxFrameBytes))
    }

    func testEmptyFrameRejected() {
        var decoder = FrameDecoder()
        decoder.append([0, 0, 0, 0])
        XCTAssertThrowsError(try decoder.next())
        XCTAssertTrue(decoder.isFailed)
    }

    func testDecoderStaysFailedAfterAnError() {
        var decoder = FrameDecoder()
        var bad = MessageCodec.frame(F.small)
        bad[4] = 9
        decoder.append(bad)
        assertWireError(.unsupportedVersion(9), try decoder.next())
        decoder.append(MessageCodec.frame(F.small))
        assertWireError(.unsupportedVersion(9), try decoder.next())
        assertWireError(.unsupportedVersion(9), try decoder.next())
        XCTAssertEqual(decoder.bufferedByteCount, 0, "bytes after the failure are dropped")

        // A body that fails to decode fails the stream too, even with good frames behind it.
        var body = MessageCodec.encode(F.small)
        body[36] = 0
        var decoder2 = FrameDecoder()
        decoder2.append(le32(UInt32(body.count + 1)) + [WireFormat.version] + body + MessageCodec.frame(F.small))
        assertWireError(.unknownTag(kind: "message", tag: 0), try decoder2.next())
        assertWireError(.unknownTag(kind: "message", tag: 0), try decoder2.next())
    }

    func testForgedCountsRejectedBeforeAllocating() {
        // A ping claiming 16M members (the element limit) in a few bytes.
        var w = WireWriter()
        w.u64(1)
        w.varint(WireFormat.maxElements)
        XCTAssertThrowsError(try MessageCodec.decode(Ping.self, from: w.bytes + Array(repeating: 0, count: 100)))
        // Beyond the element limit.
        var w2 = WireWriter()
        w2.u64(1)
        w2.varint(WireFormat.maxElements + 1)
        XCTAssertThrowsError(try MessageCodec.decode(Ping.self, from: w2.bytes))
        // A snapshot chunk claiming a terabyte of bytes.
        var w3 = WireWriter()
        w3.string("db"); w3.u64(1); w3.u64(0); w3.varint(1 << 40)
        XCTAssertThrowsError(try MessageCodec.decode(SnapshotChunk.self, from: w3.bytes + [1, 0]))
        // Counts are bounded by the minimum element size: 2 members need 36 bytes.
        var w4 = WireWriter()
        w4.u64(1); w4.varint(2)
        XCTAssertThrowsError(try MessageCodec.decode(Ping.self, from: w4.bytes + Array(repeating: 0, count: 35))) { error in
            guard case .truncated = error as? WireError else { return XCTFail("\(error)") }
        }
    }

    func testMinimumWireSizesAreLowerBounds() {
        func check<T: WireCodable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertGreaterThanOrEqual(MessageCodec.encode(value).count, T.minimumWireSize, "\(T.self)", file: file, line: line)
        }
        check(MemberInfo(id: F.n1, address: "", incarnation: 0, state: .alive))
        check(StreamState(origin: F.n1, database: "", applied: 0, firstAvailable: 0, appliedWallMillis: 0))
        check(SchemaVersion(database: "", version: 0))
        check(CommittedTransaction(id: F.tx, sequence: 0, commitTimestamp: F.t1, writes: WriteSet(database: "")))
        check(RowChange(kind: .insert, key: RowKey(table: "", values: []), columns: [], before: nil, after: nil))
        check(LeaseID(holder: F.n1, counter: 0))
        check(SyncStateRequest())
        XCTAssertEqual(MessageCodec.encode(MemberInfo(id: F.n1, address: "", incarnation: 0, state: .alive)).count,
                       MemberInfo.minimumWireSize)
        XCTAssertEqual(MessageCodec.encode(StreamState(origin: F.n1, database: "", applied: 0, firstAvailable: 0, appliedWallMillis: 0)).count,
                       StreamState.minimumWireSize)
        XCTAssertEqual(MessageCodec.encode(CommittedTransaction(id: F.tx, sequence: 0, commitTimestamp: F.t1, writes: WriteSet(database: ""))).count,
                       CommittedTransaction.minimumWireSize)
        for envelope in F.envelopes {
            XCTAssertGreaterThanOrEqual(MessageCodec.encode(envelope).count, Envelope.minimumWireSize)
        }
    }

    // MARK: Varints

    func testVarintEdgeCases() throws {
        let cases: [(UInt64, [UInt8])] = [
            (0, [0x00]), (1, [0x01]), (127, [0x7F]), (128, [0x80, 0x01]), (300, [0xAC, 0x02]),
            (16383, [0xFF, 0x7F]), (16384, [0x80, 0x80, 0x01]),
            (UInt64(UInt32.max), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
            (1 << 63, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
            (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        ]
        for (value, bytes) in cases {
            var w = WireWriter()
            w.varint(value)
            XCTAssertEqual(w.bytes, bytes, "\(value)")
            var r = WireReader(bytes)
            XCTAssertEqual(try r.varint(), value)
            XCTAssertTrue(r.isAtEnd)
        }
        // Every power of two and its neighbours round-trip.
        for shift in 0..<64 {
            for v in [(UInt64(1) << shift) &- 1, UInt64(1) << shift, (UInt64(1) << shift) &+ 1] {
                var w = WireWriter()
                w.varint(v)
                var r = WireReader(w.bytes)
                XCTAssertEqual(try r.varint(), v)
                XCTAssertTrue(r.isAtEnd)
            }
        }
        func rejects(_ bytes: [UInt8], _ line: UInt = #line) {
            var r = WireReader(bytes)
            XCTAssertThrowsError(try r.varint(), "\(bytes)", line: line)
        }
        rejects([])                                    // empty
        rejects([0x80])                                // continuation with nothing after
        rejects([0xFF, 0xFF])                          // truncated
        rejects([0x80, 0x00])                          // overlong zero
        rejects([0xFF, 0x80, 0x00])                    // overlong 127
        rejects([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02])   // 65th bit
        rejects([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x00]) // 11 bytes
        rejects(Array(repeating: 0x80, count: 20))     // endless continuation
        // A count takes the element limit into account.
        var w = WireWriter()
        w.varint(WireFormat.maxElements + 1)
        var r = WireReader(w.bytes + Array(repeating: 0, count: 64))
        XCTAssertThrowsError(try r.count(minimumElementBytes: 0))
    }
}
