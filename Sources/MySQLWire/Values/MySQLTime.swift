/// A TIME value: a signed duration of days, hours, minutes, seconds, microseconds.
public struct MySQLTime: Hashable, Sendable {
    public var isNegative: Bool
    public var days: UInt32
    public var hour: UInt8
    public var minute: UInt8
    public var second: UInt8
    public var microsecond: UInt32

    public init(isNegative: Bool = false, days: UInt32 = 0, hour: UInt8, minute: UInt8, second: UInt8,
                microsecond: UInt32 = 0) {
        self.isNegative = isNegative
        self.days = days
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
    }

    public static let zero = MySQLTime(hour: 0, minute: 0, second: 0)

    public var isZero: Bool { days == 0 && hour == 0 && minute == 0 && second == 0 && microsecond == 0 }

    /// "[-]hh:mm:ss[.ffffff]", hours including the days (as MySQL prints TIME).
    public var text: String {
        let hours = UInt64(days) * 24 + UInt64(hour)
        var text = isNegative ? "-" : ""
        text += "\(DecimalText.padded(hours, width: 2)):\(DecimalText.padded(minute, width: 2)):\(DecimalText.padded(second, width: 2))"
        if microsecond != 0 { text += "." + DecimalText.microseconds(microsecond) }
        return text
    }

    /// Parses "[-]h:mm:ss[.f]" (hours may exceed 24); nil otherwise.
    public init?(parsing text: String) {
        var body = Substring(text)
        var negative = false
        if body.first == "-" {
            negative = true
            body = body.dropFirst()
        }
        var fraction: UInt32 = 0
        if let dot = body.firstIndex(of: ".") {
            let digits = body[body.index(after: dot)...]
            guard !digits.isEmpty, digits.count <= 9, DecimalText.parseDigits(digits) != nil else { return nil }
            let six = String(digits.prefix(6)) + String(repeating: "0", count: max(0, 6 - digits.count))
            fraction = UInt32(DecimalText.parseDigits(six) ?? 0)
            body = body[..<dot]
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let h = DecimalText.parseDigits(parts[0]), h < 24 * 100_000,
              let m = DecimalText.parseDigits(parts[1]), m < 60,
              let s = DecimalText.parseDigits(parts[2]), s < 60 else { return nil }
        self.init(isNegative: negative, days: UInt32(h / 24), hour: UInt8(h % 24),
                  minute: UInt8(m), second: UInt8(s), microsecond: fraction)
    }
}
