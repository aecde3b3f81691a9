/// Decodes the parameter block of COM_STMT_EXECUTE:
/// null bitmap ((n + 7) / 8 bytes), new-params-bound flag, 2 bytes of type per
/// parameter when the flag is 1, then each value that is neither NULL nor
/// supplied earlier through COM_STMT_SEND_LONG_DATA.
public enum ExecuteParameterDecoder {
    public struct Result: Equatable, Sendable {
        public var values: [MySQLValue]
        /// The types in force (sent now or remembered from an earlier execute).
        public var types: [ParameterType]
    }

    public static func decode(
        _ block: [UInt8],
        parameterCount: Int,
        previousTypes: [ParameterType]?,
        longData: [Int: [UInt8]] = [:]
    ) throws(MySQLWireError) -> Result {
        guard parameterCount > 0 else { return Result(values: [], types: []) }
        var r = MySQLPayloadReader(block)
        let bitmap = try r.readBytes((parameterCount + 7) / 8)
        let newParamsBound = try r.readUInt8()
        var types: [ParameterType]
        if newParamsBound == 1 {
            types = []
            types.reserveCapacity(parameterCount)
            for _ in 0..<parameterCount {
                let raw = try r.readUInt8()
                let flag = try r.readUInt8()
                guard let type = MySQLType(rawValue: raw) else { throw .malformed("parameter type \(raw)") }
                types.append(ParameterType(type, unsigned: flag & 0x80 != 0))
            }
        } else if newParamsBound == 0, let previousTypes, previousTypes.count == parameterCount {
            types = previousTypes
        } else if newParamsBound == 0 {
            throw .malformed("no parameter types bound")
        } else {
            throw .malformed("new-params-bound flag \(newParamsBound)")
        }
        var values: [MySQLValue] = []
        values.reserveCapacity(parameterCount)
        for i in 0..<parameterCount {
            if let data = longData[i] {
                values.append(longDataValue(data, type: types[i].type))
            } else if bitmap[i / 8] & (1 << UInt8(i % 8)) != 0 {
                values.append(.null)
            } else {
                values.append(try BinaryValueDecoder.decode(types[i], from: &r))
            }
        }
        return Result(values: values, types: types)
    }

    static func longDataValue(_ data: [UInt8], type: MySQLType) -> MySQLValue {
        switch type {
        case .tinyBlob, .mediumBlob, .longBlob, .blob, .geometry, .bit: return .bytes(data)
        case .decimal, .newDecimal: return .decimal(String(decoding: data, as: UTF8.self))
        default: return BinaryValueDecoder.textOrBytes(data)
        }
    }
}
