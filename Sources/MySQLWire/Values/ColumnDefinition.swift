/// The description of one result column (or statement parameter), as sent in
/// ColumnDefinition41. Defaults follow what MySQL 8 sends: charset 63 and the
/// BINARY flag for numbers, temporal values and blobs, 45 (utf8mb4) for text.
public struct ColumnDefinition: Hashable, Sendable {
    public var catalog: String
    public var schema: String
    public var table: String
    public var orgTable: String
    public var name: String
    public var orgName: String
    public var characterSet: UInt16
    public var columnLength: UInt32
    public var type: MySQLType
    public var flags: ColumnFlags
    public var decimals: UInt8

    /// - Parameters:
    ///   - binary: for string and blob types, whether the column holds bytes
    ///     (charset 63, BINARY flag) rather than utf8mb4 text. Numbers and
    ///     temporal types are always binary.
    public init(
        name: String,
        type: MySQLType,
        schema: String = "",
        table: String = "",
        orgTable: String? = nil,
        orgName: String? = nil,
        flags: ColumnFlags = [],
        binary: Bool = false,
        characterSet: UInt16? = nil,
        columnLength: UInt32? = nil,
        decimals: UInt8? = nil
    ) {
        self.catalog = "def"
        self.schema = schema
        self.table = table
        self.orgTable = orgTable ?? table
        self.name = name
        self.orgName = orgName ?? name
        self.type = type
        let isBinary = binary || type.isNumeric || type.isTemporal || type == .null || type == .bit
            || type == .geometry
        let charset = characterSet ?? (isBinary ? MySQLCharacterSet.binary : MySQLCharacterSet.utf8mb4GeneralCI)
        self.characterSet = charset
        var flags = flags
        if charset == MySQLCharacterSet.binary && type != .null { flags.insert(.binary) }
        if type.isBlob { flags.insert(.blob) }
        self.flags = flags
        self.columnLength = columnLength ?? Self.defaultLength(type, binary: charset == MySQLCharacterSet.binary)
        self.decimals = decimals ?? ((type == .double || type == .float) ? 0x1F : 0)
    }

    /// A placeholder description of a `?` parameter in a COM_STMT_PREPARE answer.
    public static let parameter = ColumnDefinition(name: "?", type: .varString, binary: true, columnLength: 0)

    static func defaultLength(_ type: MySQLType, binary: Bool) -> UInt32 {
        switch type {
        case .tiny: return 4
        case .short: return 6
        case .int24: return 9
        case .long: return 11
        case .longlong: return 20
        case .year: return 4
        case .float: return 12
        case .double: return 22
        case .decimal, .newDecimal: return 65
        case .date, .newdate: return 10
        case .time, .time2: return 10
        case .datetime, .timestamp, .datetime2, .timestamp2: return 19
        case .null: return 0
        case .bit: return 1
        case .tinyBlob: return 255
        case .blob: return 65_535
        case .mediumBlob: return 16_777_215
        case .longBlob, .json, .geometry: return 0xFFFF_FFFF
        default: return binary ? 255 : 1020
        }
    }

    /// Appends ColumnDefinition41. A COM_FIELD_LIST answer also carries a
    /// (NULL) default value after the fixed fields.
    public func encode(into writer: inout MySQLPayloadWriter, forFieldList: Bool = false) {
        writer.writeLengthEncodedString(catalog)
        writer.writeLengthEncodedString(schema)
        writer.writeLengthEncodedString(table)
        writer.writeLengthEncodedString(orgTable)
        writer.writeLengthEncodedString(name)
        writer.writeLengthEncodedString(orgName)
        writer.writeLengthEncodedInteger(0x0C)
        writer.writeUInt16(characterSet)
        writer.writeUInt32(columnLength)
        writer.writeUInt8(type.rawValue)
        writer.writeUInt16(flags.rawValue)
        writer.writeUInt8(decimals)
        writer.writeZeros(2)
        if forFieldList { writer.writeNull() }
    }

    public func encoded(forFieldList: Bool = false) -> [UInt8] {
        var writer = MySQLPayloadWriter(capacity: 48 + name.utf8.count + table.utf8.count)
        encode(into: &writer, forFieldList: forFieldList)
        return writer.bytes
    }

    /// Reads ColumnDefinition41 (the client side; used by tests and tools).
    public static func decode(_ payload: [UInt8]) throws(MySQLWireError) -> ColumnDefinition {
        var reader = MySQLPayloadReader(payload)
        let catalog = try reader.readLengthEncodedString()
        let schema = try reader.readLengthEncodedString()
        let table = try reader.readLengthEncodedString()
        let orgTable = try reader.readLengthEncodedString()
        let name = try reader.readLengthEncodedString()
        let orgName = try reader.readLengthEncodedString()
        let fixedLength = try reader.readLengthEncodedInteger()
        guard fixedLength >= 0x0A else { throw .malformed("column definition fixed length \(fixedLength)") }
        let charset = try reader.readUInt16()
        let length = try reader.readUInt32()
        let rawType = try reader.readUInt8()
        guard let type = MySQLType(rawValue: rawType) else { throw .malformed("column type \(rawType)") }
        let flags = ColumnFlags(rawValue: try reader.readUInt16())
        let decimals = try reader.readUInt8()
        var column = ColumnDefinition(name: name, type: type, schema: schema, table: table, orgTable: orgTable,
                                      orgName: orgName, characterSet: charset, columnLength: length,
                                      decimals: decimals)
        column.catalog = catalog
        column.flags = flags
        return column
    }
}
