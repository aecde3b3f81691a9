/// A text-protocol result row: every value a length-encoded string, NULL as 0xFB.
public enum TextRowEncoder {
    /// Encodes `values` against `columns`: missing cells become NULL, extra ones are dropped,
    /// so a mismatched row never corrupts the stream.
    public static func encode(_ values: [MySQLValue], columns: [ColumnDefinition]) -> [UInt8] {
        var w = MySQLPayloadWriter(capacity: 16 * max(1, columns.count))
        for (i, column) in columns.enumerated() {
            let value = i < values.count ? values[i] : .null
            if let bytes = value.textBytes(columnType: column.type) {
                w.writeLengthEncodedBytes(bytes)
            } else {
                w.writeNull()
            }
        }
        return w.bytes
    }
}
