/// Collation ids used on the wire.
public enum MySQLCharacterSet {
    /// utf8mb4_general_ci: what the greeting announces and text columns carry.
    public static let utf8mb4GeneralCI: UInt16 = 45
    /// utf8mb4_0900_ai_ci (MySQL 8's default collation).
    public static let utf8mb4_0900_ai_ci: UInt16 = 255
    /// utf8_general_ci (utf8mb3), what the mariadb CLI asks for.
    public static let utf8GeneralCI: UInt16 = 33
    /// binary: numbers, temporal values and blobs.
    public static let binary: UInt16 = 63
}
