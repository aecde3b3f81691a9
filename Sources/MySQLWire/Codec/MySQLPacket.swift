/// One logical packet: its payload (chunks of a split packet already joined)
/// and the sequence ids of its first and last chunk.
public struct MySQLPacket: Equatable, Sendable {
    public var sequenceID: UInt8
    public var lastSequenceID: UInt8
    public var payload: [UInt8]

    public init(sequenceID: UInt8, payload: [UInt8], lastSequenceID: UInt8? = nil) {
        self.sequenceID = sequenceID
        self.payload = payload
        self.lastSequenceID = lastSequenceID ?? sequenceID
    }

    /// The largest payload one wire chunk carries (2^24 - 1).
    public static let maxChunkLength = 0xFF_FFFF
}
