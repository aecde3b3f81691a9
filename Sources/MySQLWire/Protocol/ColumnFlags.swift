/// Column definition flags (the 2-byte field of ColumnDefinition41).
public struct ColumnFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let notNull = ColumnFlags(rawValue: 1)
    public static let primaryKey = ColumnFlags(rawValue: 2)
    public static let uniqueKey = ColumnFlags(rawValue: 4)
    public static let multipleKey = ColumnFlags(rawValue: 8)
    public static let blob = ColumnFlags(rawValue: 16)
    public static let unsigned = ColumnFlags(rawValue: 32)
    public static let zerofill = ColumnFlags(rawValue: 64)
    public static let binary = ColumnFlags(rawValue: 128)
    public static let `enum` = ColumnFlags(rawValue: 256)
    public static let autoIncrement = ColumnFlags(rawValue: 512)
    public static let timestamp = ColumnFlags(rawValue: 1024)
    public static let set = ColumnFlags(rawValue: 2048)
    public static let noDefaultValue = ColumnFlags(rawValue: 4096)
    public static let onUpdateNow = ColumnFlags(rawValue: 8192)
    public static let partKey = ColumnFlags(rawValue: 16384)
    public static let num = ColumnFlags(rawValue: 32768)
}
