/// The declared type of a bound statement parameter: a field type and the
/// unsigned flag (0x80 in the second type byte).
public struct ParameterType: Hashable, Sendable {
    public var type: MySQLType
    public var isUnsigned: Bool

    public init(_ type: MySQLType, unsigned: Bool = false) {
        self.type = type
        self.isUnsigned = unsigned
    }
}
