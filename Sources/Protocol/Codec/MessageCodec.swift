/// The node-to-node message codec.
///
/// An envelope is `from u64, to u64, clock HLC (wall u64, logical u32, node u64)`, then the
/// message: one tag byte and the payload (layouts in MessageCodec+Payloads.swift).
///
/// Message tags are fixed forever: a case may be added with a new tag, but a tag is never
/// renumbered or reused. (Changing an encoding incompatibly bumps `WireFormat.version`.)
///
/// | tag | case              | payload            |
/// |-----|-------------------|--------------------|
/// |   1 | ping              | Ping               |
/// |   2 | pingRequest       | PingRequest        |
/// |   3 | ack               | Ack                |
/// |   4 | join              | Join               |
/// |   5 | joinReply         | JoinReply          |
/// |  16 | prepare           | Prepare            |
/// |  17 | vote              | Vote               |
/// |  18 | commit            | Commit             |
/// |  19 | commitAck         | CommitAck          |
/// |  20 | abort             | Abort              |
/// |  21 | decisionQuery     | DecisionQuery      |
/// |  22 | decisionReply     | DecisionReply      |
/// |  32 | syncStateRequest  | SyncStateRequest   |
/// |  33 | syncState         | SyncState          |
/// |  34 | changesRequest    | ChangesRequest     |
/// |  35 | changes           | ChangesBatch       |
/// |  36 | snapshotRequest   | SnapshotRequest    |
/// |  37 | snapshotChunk     | SnapshotChunk      |
/// |  48 | lockRequest       | LockRequest        |
/// |  49 | lockReply         | LockReply          |
/// |  50 | lockRelease       | LockRelease        |
///
/// Tag 0 and every unlisted tag are rejected with `WireError.unknownTag`.
public enum MessageCodec {
    /// The tag byte of a message's case (see the table above).
    public static func tag(of message: Message) -> UInt8 {
        switch message {
        case .ping: return 1
        case .pingRequest: return 2
        case .ack: return 3
        case .join: return 4
        case .joinReply: return 5
        case .prepare: return 16
        case .vote: return 17
        case .commit: return 18
        case .commitAck: return 19
        case .abort: return 20
        case .decisionQuery: return 21
        case .decisionReply: return 22
        case .syncStateRequest: return 32
        case .syncState: return 33
        case .changesRequest: return 34
        case .changes: return 35
        case .snapshotRequest: return 36
        case .snapshotChunk: return 37
        case .lockRequest: return 48
        case .lockReply: return 49
        case .lockRelease: return 50
        }
    }

    /// The envelope without a frame header (what the simulator hashes into its trace).
    public static func encode(_ envelope: Envelope) -> [UInt8] {
        var w = WireWriter(capacity: 128)
        envelope.encode(to: &w)
        return w.bytes
    }

    /// Decodes exactly one envelope; bytes left over throw `.trailingBytes`.
    public static func decodeEnvelope(_ bytes: [UInt8]) throws -> Envelope {
        try decode(Envelope.self, from: bytes)
    }

    public static func encode(_ message: Message) -> [UInt8] {
        var w = WireWriter(capacity: 128)
        message.encode(to: &w)
        return w.bytes
    }

    public static func decodeMessage(_ bytes: [UInt8]) throws -> Message {
        try decode(Message.self, from: bytes)
    }

    /// Any wire value (payload structs, members, decisions, ...) on its own.
    public static func encode<T: WireCodable>(_ value: T) -> [UInt8] {
        var w = WireWriter(capacity: 64)
        value.encode(to: &w)
        return w.bytes
    }

    /// Decodes one `T` that must use every byte.
    public static func decode<T: WireCodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        var r = WireReader(bytes)
        let value = try T(from: &r)
        try r.expectEnd()
        return value
    }
}

extension Message: WireCodable {
    public func encode(to writer: inout WireWriter) {
        writer.u8(MessageCodec.tag(of: self))
        switch self {
        case .ping(let p): p.encode(to: &writer)
        case .pingRequest(let p): p.encode(to: &writer)
        case .ack(let p): p.encode(to: &writer)
        case .join(let p): p.encode(to: &writer)
        case .joinReply(let p): p.encode(to: &writer)
        case .prepare(let p): p.encode(to: &writer)
        case .vote(let p): p.encode(to: &writer)
        case .commit(let p): p.encode(to: &writer)
        case .commitAck(let p): p.encode(to: &writer)
        case .abort(let p): p.encode(to: &writer)
        case .decisionQuery(let p): p.encode(to: &writer)
        case .decisionReply(let p): p.encode(to: &writer)
        case .syncStateRequest(let p): p.encode(to: &writer)
        case .syncState(let p): p.encode(to: &writer)
        case .changesRequest(let p): p.encode(to: &writer)
        case .changes(let p): p.encode(to: &writer)
        case .snapshotRequest(let p): p.encode(to: &writer)
        case .snapshotChunk(let p): p.encode(to: &writer)
        case .lockRequest(let p): p.encode(to: &writer)
        case .lockReply(let p): p.encode(to: &writer)
        case .lockRelease(let p): p.encode(to: &writer)
        }
    }

    public init(from reader: inout WireReader) throws {
        switch try reader.u8() {
        case 1: self = .ping(try reader.read())
        case 2: self = .pingRequest(try reader.read())
        case 3: self = .ack(try reader.read())
        case 4: self = .join(try reader.read())
        case 5: self = .joinReply(try reader.read())
        case 16: self = .prepare(try reader.read())
        case 17: self = .vote(try reader.read())
        case 18: self = .commit(try reader.read())
        case 19: self = .commitAck(try reader.read())
        case 20: self = .abort(try reader.read())
        case 21: self = .decisionQuery(try reader.read())
        case 22: self = .decisionReply(try reader.read())
        case 32: self = .syncStateRequest(try reader.read())
        case 33: self = .syncState(try reader.read())
        case 34: self = .changesRequest(try reader.read())
        case 35: self = .changes(try reader.read())
        case 36: self = .snapshotRequest(try reader.read())
        case 37: self = .snapshotChunk(try reader.read())
        case 48: self = .lockRequest(try reader.read())
        case 49: self = .lockReply(try reader.read())
        case 50: self = .lockRelease(try reader.read())
        case let tag: throw WireError.unknownTag(kind: "message", tag: tag)
        }
    }
}

/// from u64, to u64, clock HLC, message.
extension Envelope: WireCodable {
    public static var minimumWireSize: Int { 37 }
    public func encode(to writer: inout WireWriter) {
        writer.nodeID(from); writer.nodeID(to); writer.hlc(clock); message.encode(to: &writer)
    }
    public init(from reader: inout WireReader) throws {
        let from = try reader.nodeID()
        let to = try reader.nodeID()
        let clock = try reader.hlc()
        self.init(from: from, to: to, clock: clock, message: try reader.read(Message.self))
    }
}
