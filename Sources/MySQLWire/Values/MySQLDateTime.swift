/// A DATE, DATETIME or TIMESTAMP value by its components (no time zone).
public struct MySQLDateTime: Hashable, Sendable {
    public var year: UInt16
    public var month: UInt8
    public var day: UInt8
    public var hour: UInt8
    public var minute: UInt8
    public var second: UInt8
    public var microsecond: UInt32

    public init(year: UInt16, month: UInt8, day: UInt8,
                hour: UInt8 = 0, minute: UInt8 = 0, second: UInt8 = 0, microsecond: UInt32 = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
    }

    public static let zero = MySQLDateTime(year: 0, month: 0, day: 0)

    public var hasTime: Bool { hour != 0 || minute != 0 || second != 0 || microsecond != 0 }

    /// "YYYY-MM-DD".
    public var dateText: String {
        "\(DecimalText.padded(year, width: 4))-\(DecimalText.padded(month, width: 2))-\(DecimalText.padded(day, width: 2))"
    }

    /// "YYYY-MM-DD hh:mm:ss" plus ".ffffff" when there are microseconds.
    public var dateTimeText: String {
        var text = "\(dateText) \(DecimalText.padded(hour, width: 2)):\(DecimalText.padded(minute, width: 2)):\(DecimalText.padded(second, width: 2))"
        if microsecond != 0 { text += "." + DecimalText.microseconds(microsecond) }
        return text
    }

    /// Parses "YYYY-MM-DD", "YYYY-MM-DD hh:mm:ss[.f]" (or with a 'T'); nil otherwise.
    public init?(parsing text: String) {
        let parts = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == " " || $0 == "T" })
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard date.count == 3,
              let y = DecimalText.parseDigits(date[0]), y <= 9999,
              let mo = DecimalText.parseDigits(date[1]), mo <= 12,
              let d = DecimalText.parseDigits(date[2]), d <= 31 else { return nil }
        self.init(year: UInt16(y), month: UInt8(mo), day: UInt8(d))
        if parts.count == 2 {
            guard let time = MySQLTime(parsing: String(parts[1])), !time.isNegative, time.days == 0,
                  time.hour < 24 else { return nil }
            hour = time.hour
            minute = time.minute
            second = time.second
            microsecond = time.microsecond
        }
    }
}
