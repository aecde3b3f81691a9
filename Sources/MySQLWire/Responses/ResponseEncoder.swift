/// Turns answers into packet payloads for one connection's negotiated
/// capabilities (classic EOF packets, or OK-with-0xFE under CLIENT_DEPRECATE_EOF).
public struct ResponseEncoder: Sendable {
    public var deprecateEOF: Bool
    /// Whether the client accepts more than one result per command.
    public var multiResults: Bool

    public init(deprecateEOF: Bool, multiResults: Bool = true) {
        self.deprecateEOF = deprecateEOF
        self.multiResults = multiResults
    }

    public init(capabilities: CapabilityFlags) {
        self.init(deprecateEOF: capabilities.contains(.deprecateEOF),
                  multiResults: capabilities.contains(.multiResults))
    }

    public func ok(_ result: OKResult, status: ServerStatus) -> [UInt8] {
        OKPacket(affectedRows: result.affectedRows, lastInsertID: result.lastInsertID, status: status,
                 warnings: result.warnings, info: result.info).encode()
    }

    /// The marker after column definitions (absent under DEPRECATE_EOF) ...
    public func endOfMetadata(status: ServerStatus, warnings: UInt16 = 0) -> [[UInt8]] {
        deprecateEOF ? [] : [EOFPacket(warnings: warnings, status: status).encode()]
    }

    /// ... and the one after the rows (or a field list, or COM_SET_OPTION's answer).
    public func endOfRows(status: ServerStatus, warnings: UInt16 = 0) -> [UInt8] {
        deprecateEOF
            ? OKPacket(header: 0xFE, status: status, warnings: warnings).encode()
            : EOFPacket(warnings: warnings, status: status).encode()
    }

    public func resultSet(_ set: ResultSet, binary: Bool, status: ServerStatus) -> [[UInt8]] {
        guard !set.columns.isEmpty else { return [ok(OKResult(warnings: set.warnings), status: status)] }
        var payloads: [[UInt8]] = []
        payloads.reserveCapacity(set.columns.count + set.rows.count + 3)
        var count = MySQLPayloadWriter(capacity: 9)
        count.writeLengthEncodedInteger(UInt64(set.columns.count))
        payloads.append(count.bytes)
        for column in set.columns { payloads.append(column.encoded()) }
        payloads += endOfMetadata(status: status)
        for row in set.rows {
            payloads.append(binary
                ? BinaryRowEncoder.encode(row, columns: set.columns)
                : TextRowEncoder.encode(row, columns: set.columns))
        }
        payloads.append(endOfRows(status: status, warnings: set.warnings))
        return payloads
    }

    /// All results of one command: MORE_RESULTS_EXISTS on every one but the
    /// last; nothing after an error. A client without CLIENT_MULTI_RESULTS
    /// gets only the first result.
    public func results(_ results: [StatementResult], binary: Bool, sessionStatus: ServerStatus) -> [[UInt8]] {
        var list = results
        if let errorIndex = list.firstIndex(where: { if case .error = $0 { true } else { false } }) {
            list = Array(list[...errorIndex])
        }
        if !multiResults, list.count > 1 { list = [list[0]] }
        if list.isEmpty { return [ok(OKResult(), status: sessionStatus)] }
        var payloads: [[UInt8]] = []
        for (i, result) in list.enumerated() {
            let more = i < list.count - 1
            switch result {
            case .ok(let r):
                var status = r.status ?? sessionStatus
                if more { status.insert(.moreResultsExist) } else { status.remove(.moreResultsExist) }
                payloads.append(ok(r, status: status))
            case .rows(let set):
                var status = set.status ?? sessionStatus
                if more { status.insert(.moreResultsExist) } else { status.remove(.moreResultsExist) }
                payloads += resultSet(set, binary: binary, status: status)
            case .error(let e):
                payloads.append(e.encode())
            }
        }
        return payloads
    }

    /// COM_STMT_PREPARE_OK, then parameter and column definitions each
    /// followed by an EOF marker (when there are any).
    public func prepareOK(statementID: UInt32, info: PreparedStatementInfo, status: ServerStatus) -> [[UInt8]] {
        var payloads: [[UInt8]] = [
            PrepareOKPacket(statementID: statementID,
                            columnCount: UInt16(clamping: info.columns.count),
                            parameterCount: UInt16(clamping: info.parameters.count),
                            warnings: info.warnings).encode(),
        ]
        if !info.parameters.isEmpty {
            for p in info.parameters.prefix(Int(UInt16.max)) { payloads.append(p.encoded()) }
            payloads += endOfMetadata(status: status)
        }
        if !info.columns.isEmpty {
            for c in info.columns.prefix(Int(UInt16.max)) { payloads.append(c.encoded()) }
            payloads += endOfMetadata(status: status)
        }
        return payloads
    }

    /// COM_FIELD_LIST: definitions (with a NULL default value) and an end marker.
    public func fieldList(_ columns: [ColumnDefinition], status: ServerStatus) -> [[UInt8]] {
        columns.map { $0.encoded(forFieldList: true) } + [endOfRows(status: status)]
    }
}
