/// Frames payloads: 3-byte little-endian length and a sequence id per chunk.
/// A payload of 2^24 - 1 bytes or more is split into full chunks followed by a
/// shorter one (an empty chunk when the length is an exact multiple).
public enum PacketEncoder {
    /// Appends the framed payload to `output`; `sequenceID` is advanced past
    /// every chunk written (wrapping at 255).
    public static func encode(_ payload: [UInt8], sequenceID: inout UInt8, into output: inout [UInt8]) {
        var start = 0
        while true {
            let length = min(payload.count - start, MySQLPacket.maxChunkLength)
            output.append(UInt8(truncatingIfNeeded: length))
            output.append(UInt8(truncatingIfNeeded: length >> 8))
            output.append(UInt8(truncatingIfNeeded: length >> 16))
            output.append(sequenceID)
            sequenceID &+= 1
            output.append(contentsOf: payload[start..<(start + length)])
            start += length
            if length < MySQLPacket.maxChunkLength { break }
        }
    }

    /// Frames one payload starting at `sequenceID`.
    public static func encode(_ payload: [UInt8], sequenceID: UInt8) -> [UInt8] {
        var seq = sequenceID
        var output: [UInt8] = []
        output.reserveCapacity(payload.count + 4)
        encode(payload, sequenceID: &seq, into: &output)
        return output
    }
}
