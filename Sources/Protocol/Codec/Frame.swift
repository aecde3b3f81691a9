/// Framing for byte streams between nodes:
///
///     u32 little-endian length of what follows | version u8 | encoded envelope
///
/// The length counts the version byte and the envelope, so it is at least 1 and at most
/// `WireFormat.maxFrameBytes`.
extension MessageCodec {
    /// Size of the length prefix.
    public static let frameHeaderBytes = 4

    /// One complete frame for `envelope`. An envelope whose frame would exceed
    /// `WireFormat.maxFrameBytes` is a programming error (peers refuse it): senders split
    /// snapshots and change batches well below the limit.
    public static func frame(_ envelope: Envelope) -> [UInt8] {
        var w = WireWriter(capacity: 160)
        w.u32(0)
        w.u8(WireFormat.version)
        envelope.encode(to: &w)
        let length = UInt64(w.bytes.count - frameHeaderBytes)
        precondition(length <= WireFormat.maxFrameBytes,
                     "frame of \(length) bytes exceeds the limit of \(WireFormat.maxFrameBytes)")
        w.overwriteU32(UInt32(length), at: 0)
        return w.bytes
    }

    /// Decodes a buffer that holds exactly one complete frame.
    public static func decodeFrame(_ bytes: [UInt8]) throws -> Envelope {
        var decoder = FrameDecoder()
        decoder.append(bytes)
        guard let envelope = try decoder.next() else {
            let needed = decoder.neededByteCount ?? frameHeaderBytes
            throw WireError.truncated(needed: needed, remaining: bytes.count)
        }
        if decoder.bufferedByteCount != 0 { throw WireError.trailingBytes(decoder.bufferedByteCount) }
        return envelope
    }
}

/// Reassembles envelopes from a byte stream delivered in arbitrary pieces. Feed bytes with
/// `append`, then call `next()` until it returns nil (more bytes needed).
///
/// Every error is a `WireError` and is final: the decoder stays failed, rethrowing the same
/// error and ignoring further bytes, because the connection must be closed. A frame length
/// over `WireFormat.maxFrameBytes` is refused as soon as the 4-byte header arrives and a
/// foreign version as soon as the version byte arrives, before the body is buffered.
public struct FrameDecoder: Sendable {
    private var buffer: [UInt8] = []
    /// Start of the unconsumed bytes in `buffer`.
    private var start = 0
    /// The error that ended this stream, if any.
    public private(set) var failure: WireError?

    public init() {}

    /// Bytes received but not yet consumed by a decoded frame.
    public var bufferedByteCount: Int { buffer.count - start }

    public var isFailed: Bool { failure != nil }

    public mutating func append(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        buffer.append(contentsOf: bytes)
    }

    public mutating func append<S: Sequence>(contentsOf bytes: S) where S.Element == UInt8 {
        guard failure == nil else { return }
        buffer.append(contentsOf: bytes)
    }

    /// The total byte count of the frame at the head of the buffer (header included), once
    /// its header has arrived and is acceptable; nil before that.
    public var neededByteCount: Int? {
        guard failure == nil, bufferedByteCount >= MessageCodec.frameHeaderBytes else { return nil }
        let length = headerLength()
        guard length >= 1, UInt64(length) <= WireFormat.maxFrameBytes else { return nil }
        return MessageCodec.frameHeaderBytes + Int(length)
    }

    /// The next complete envelope, or nil when more bytes are needed.
    public mutating func next() throws -> Envelope? {
        if let failure { throw failure }
        let available = bufferedByteCount
        guard available >= MessageCodec.frameHeaderBytes else { return nil }
        let length = headerLength()
        if UInt64(length) > WireFormat.maxFrameBytes { throw fail(.frameTooLarge(UInt64(length))) }
        if length == 0 { throw fail(.invalidValue("empty frame (no version byte)")) }
        guard available > MessageCodec.frameHeaderBytes else { return nil }
        let version = buffer[start + MessageCodec.frameHeaderBytes]
        if version != WireFormat.version { throw fail(.unsupportedVersion(version)) }
        let total = MessageCodec.frameHeaderBytes + Int(length)
        guard available >= total else { return nil }

        let body = Array(buffer[(start + MessageCodec.frameHeaderBytes + 1)..<(start + total)])
        start += total
        compact()
        do {
            return try MessageCodec.decodeEnvelope(body)
        } catch let error as WireError {
            throw fail(error)
        } catch {
            throw fail(.invalidValue("\(error)"))
        }
    }

    private func headerLength() -> UInt32 {
        var v: UInt32 = 0
        for i in 0..<MessageCodec.frameHeaderBytes { v |= UInt32(buffer[start + i]) << (8 * UInt32(i)) }
        return v
    }

    private mutating func fail(_ error: WireError) -> WireError {
        failure = error
        buffer = []
        start = 0
        return error
    }

    /// Drops consumed bytes: at once when all are consumed, otherwise once they are the
    /// larger part of a big buffer (amortized linear).
    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 16)
            start = 0
        } else if start >= 4096 && start * 2 >= buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
    }
}
