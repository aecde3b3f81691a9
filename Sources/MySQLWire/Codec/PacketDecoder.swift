/// Incremental packet reader: append bytes as they arrive, call `next()` until
/// it returns nil. Split packets are joined; a logical payload longer than
/// `maxPayloadLength` is rejected as soon as its header says so (nothing that
/// large is buffered). After an error the decoder should be discarded.
public struct PacketDecoder: Sendable {
    public var maxPayloadLength: Int

    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var partial: [UInt8] = []
    private var partialFirstSequenceID: UInt8?
    private var partialLastSequenceID: UInt8 = 0

    /// Sequence id of the last chunk header read (for replying to a bad packet).
    public private(set) var lastSequenceID: UInt8?

    public init(maxPayloadLength: Int = 64 << 20) {
        self.maxPayloadLength = max(0, maxPayloadLength)
    }

    /// Bytes received but not yet returned as packets.
    public var bufferedByteCount: Int { buffer.count - readIndex + partial.count }

    public mutating func append<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    public mutating func next() throws(MySQLWireError) -> MySQLPacket? {
        while true {
            guard buffer.count - readIndex >= 4 else { return nil }
            let length = Int(buffer[readIndex])
                | Int(buffer[readIndex + 1]) << 8
                | Int(buffer[readIndex + 2]) << 16
            let sequenceID = buffer[readIndex + 3]
            lastSequenceID = sequenceID
            if partialFirstSequenceID != nil {
                let expected = partialLastSequenceID &+ 1
                guard sequenceID == expected else {
                    throw .packetsOutOfOrder(expected: expected, received: sequenceID)
                }
            }
            let total = partial.count + length
            guard total <= maxPayloadLength else {
                throw .packetTooLarge(length: total, limit: maxPayloadLength)
            }
            guard buffer.count - readIndex - 4 >= length else { return nil }
            let start = readIndex + 4
            let chunkRange = start..<(start + length)
            readIndex = start + length

            if length == MySQLPacket.maxChunkLength {
                if partialFirstSequenceID == nil { partialFirstSequenceID = sequenceID }
                partialLastSequenceID = sequenceID
                partial.append(contentsOf: buffer[chunkRange])
                compactIfWorthIt()
                continue
            }
            let packet: MySQLPacket
            if let first = partialFirstSequenceID {
                partial.append(contentsOf: buffer[chunkRange])
                packet = MySQLPacket(sequenceID: first, payload: partial, lastSequenceID: sequenceID)
                partial = []
                partialFirstSequenceID = nil
            } else {
                packet = MySQLPacket(sequenceID: sequenceID, payload: Array(buffer[chunkRange]))
            }
            compactIfWorthIt()
            return packet
        }
    }

    private mutating func compactIfWorthIt() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.count <= 1 << 20)
            readIndex = 0
        } else if readIndex >= 64 * 1024, readIndex * 2 >= buffer.count {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
    }
}
