/// A value with one fixed wire encoding. Decoding is the exact inverse of encoding and
/// accepts nothing else (strict booleans and tags, shortest-form varints, valid UTF-8), so
/// a successful decode re-encodes to the very same bytes.
public protocol WireCodable {
    /// A lower bound on the encoded size in bytes. Arrays use it to reject a forged count
    /// larger than the remaining input could hold, before allocating anything.
    static var minimumWireSize: Int { get }
    func encode(to writer: inout WireWriter)
    init(from reader: inout WireReader) throws
}

extension WireCodable {
    public static var minimumWireSize: Int { 1 }
}

extension WireWriter {
    public mutating func write<T: WireCodable>(_ value: T) { value.encode(to: &self) }

    /// A varint count, then each element.
    public mutating func writeArray<T: WireCodable>(_ values: [T]) {
        count(values.count)
        for v in values { v.encode(to: &self) }
    }

    /// A presence byte (0 or 1), then the value when present.
    public mutating func writeOptional<T: WireCodable>(_ value: T?) {
        if let value { bool(true); value.encode(to: &self) } else { bool(false) }
    }
}

extension WireReader {
    public mutating func read<T: WireCodable>(_ type: T.Type = T.self) throws -> T { try T(from: &self) }

    public mutating func readArray<T: WireCodable>(of type: T.Type = T.self) throws -> [T] {
        let n = try count(minimumElementBytes: T.minimumWireSize)
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try T(from: &self)) }
        return out
    }

    public mutating func readOptional<T: WireCodable>(_ type: T.Type = T.self) throws -> T? {
        try bool() ? try T(from: &self) : nil
    }
}

// MARK: The data model (same encodings as DataCodec's WireWriter/WireReader methods)

extension NodeID: WireCodable {
    public static var minimumWireSize: Int { 8 }
    public func encode(to writer: inout WireWriter) { writer.nodeID(self) }
    public init(from reader: inout WireReader) throws { self = try reader.nodeID() }
}

extension HLCTimestamp: WireCodable {
    public static var minimumWireSize: Int { 20 }
    public func encode(to writer: inout WireWriter) { writer.hlc(self) }
    public init(from reader: inout WireReader) throws { self = try reader.hlc() }
}

extension TransactionID: WireCodable {
    public static var minimumWireSize: Int { 20 }
    public func encode(to writer: inout WireWriter) { writer.transactionID(self) }
    public init(from reader: inout WireReader) throws { self = try reader.transactionID() }
}

extension SQLValue: WireCodable {
    public func encode(to writer: inout WireWriter) { writer.value(self) }
    public init(from reader: inout WireReader) throws { self = try reader.value() }
}

extension RowKey: WireCodable {
    public static var minimumWireSize: Int { 2 }
    public func encode(to writer: inout WireWriter) { writer.rowKey(self) }
    public init(from reader: inout WireReader) throws { self = try reader.rowKey() }
}

extension RowChange: WireCodable {
    /// kind, key (2), column count, two presence bytes.
    public static var minimumWireSize: Int { 6 }
    public func encode(to writer: inout WireWriter) { writer.rowChange(self) }
    public init(from reader: inout WireReader) throws { self = try reader.rowChange() }
}

extension WriteSet: WireCodable {
    public static var minimumWireSize: Int { 3 }
    public func encode(to writer: inout WireWriter) { writer.writeSet(self) }
    public init(from reader: inout WireReader) throws { self = try reader.writeSet() }
}

extension CommittedTransaction: WireCodable {
    /// id (20), sequence (8), commit timestamp (20), write set (3).
    public static var minimumWireSize: Int { 51 }
    public func encode(to writer: inout WireWriter) { writer.committedTransaction(self) }
    public init(from reader: inout WireReader) throws { self = try reader.committedTransaction() }
}
