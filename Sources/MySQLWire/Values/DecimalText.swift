/// Small text helpers shared by the value codecs (no Foundation here).
enum DecimalText {
    /// `value` in decimal, left-padded with zeros to at least `width` digits.
    static func padded<T: BinaryInteger>(_ value: T, width: Int) -> String {
        let digits = String(value)
        if digits.count >= width { return digits }
        return String(repeating: "0", count: width - digits.count) + digits
    }

    /// Six-digit microseconds with trailing zeros kept, as MySQL prints them.
    static func microseconds(_ value: UInt32) -> String {
        padded(min(value, 999_999), width: 6)
    }

    /// A MySQL-looking rendering of a double: integral values without ".0".
    static func double(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return value.description
    }

    static func float(_ value: Float) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e7 {
            return String(Int64(value))
        }
        return value.description
    }

    /// Parses an unsigned run of ASCII digits; nil when empty, not digits or too long.
    static func parseDigits<S: StringProtocol>(_ text: S) -> UInt64? {
        guard !text.isEmpty, text.utf8.count <= 19 else { return nil }
        var result: UInt64 = 0
        for byte in text.utf8 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            result = result * 10 + UInt64(byte - 0x30)
        }
        return result
    }

    /// MySQL-style leading-integer conversion of text ("12abc" -> 12, "x" -> 0);
    /// out of range saturates.
    static func leadingInteger(_ text: String) -> Int64 {
        var iterator = text.utf8.drop(while: { $0 == 0x20 || $0 == 0x09 }).makeIterator()
        var negative = false
        var value: Int64 = 0
        var next = iterator.next()
        if next == UInt8(ascii: "-") || next == UInt8(ascii: "+") {
            negative = next == UInt8(ascii: "-")
            next = iterator.next()
        }
        while let byte = next, byte >= 0x30, byte <= 0x39 {
            let digit = Int64(byte - 0x30)
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(negative ? -digit : digit)
            if o1 || o2 { return negative ? .min : .max }
            value = sum
            next = iterator.next()
        }
        return value
    }
}
