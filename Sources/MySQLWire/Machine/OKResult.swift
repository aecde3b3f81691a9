/// What a statement without a result set reports (becomes an OK packet).
public struct OKResult: Equatable, Sendable {
    public var affectedRows: UInt64
    public var lastInsertID: UInt64
    public var warnings: UInt16
    public var info: String
    /// Status for this packet; nil uses the connection's session status.
    public var status: ServerStatus?

    public init(affectedRows: UInt64 = 0, lastInsertID: UInt64 = 0, warnings: UInt16 = 0, info: String = "",
                status: ServerStatus? = nil) {
        self.affectedRows = affectedRows
        self.lastInsertID = lastInsertID
        self.warnings = warnings
        self.info = info
        self.status = status
    }
}
