import Protocol

extension MySQLFunctions {
    /// ADDTIME/SUBTIME and the base conversions BIN, OCT, CONV.
    static func conversionFunctions() -> [Definition] {
        var defs: [Definition] = []
        for (name, sign) in [("ADDTIME", Int64(1)), ("SUBTIME", -1)] {
            defs.append(Definition(name, 2) { args in
                guard let a = MySQLDateTime.parse(args[0], allowTime: true), let (delta, fraction) = parseTimeValue(args[1]) else { return .null }
                let hasFraction = fraction || a.hasFraction
                if a.hasDate {
                    guard var dt = MySQLDateTime(epochMicros: a.epochMicros + sign * delta) else { return .null }
                    dt.hasFraction = hasFraction
                    return .text(dt.text)
                }
                return .text(timeText(micros: signedMicros(a) + sign * delta, fraction: hasFraction))
            })
        }
        defs.append(Definition("BIN", 1) { args in
            guard let n = args[0].mysqlInt else { return .null }
            return .text(String(UInt64(bitPattern: n), radix: 2))
        })
        defs.append(Definition("OCT", 1) { args in
            guard let n = args[0].mysqlInt else { return .null }
            return .text(String(UInt64(bitPattern: n), radix: 8))
        })
        defs.append(Definition("CONV", 3) { args in
            guard let text = args[0].mysqlText, let from = args[1].mysqlInt, let to = args[2].mysqlInt,
                  (2...36).contains(abs(from)), (2...36).contains(abs(to)) else { return .null }
            var s = Substring(text.trimmingPrefix(while: { $0 == " " }))
            var negative = false
            if s.hasPrefix("-") { negative = true; s = s.dropFirst() }
            var value: UInt64 = 0
            for c in s {
                guard let d = c.hexDigitValue ?? c.lowercased().first.flatMap({ ch -> Int? in
                    guard let a = ch.asciiValue, a >= 0x61, a <= 0x7A else { return nil }
                    return Int(a - 0x61) + 10
                }), d < abs(from) else { break }
                let (m, o1) = value.multipliedReportingOverflow(by: UInt64(abs(from)))
                let (r, o2) = m.addingReportingOverflow(UInt64(d))
                if o1 || o2 { value = UInt64.max; break }
                value = r
            }
            if negative { value = 0 &- value }
            if to < 0 {
                let signed = Int64(bitPattern: value)
                return .text(String(signed, radix: Int(-to)).uppercased())
            }
            return .text(String(value, radix: Int(to)).uppercased())
        })
        return defs
    }

    /// A TIME argument as signed microseconds: `[-][D ]H[:M[:S[.f]]]`; also whether it had
    /// a fraction.
    static func parseTimeValue(_ v: SQLValue) -> (Int64, Bool)? {
        guard let raw = v.mysqlText else { return nil }
        var s = Substring(raw.trimmingPrefix(while: { $0 == " " }))
        var negative = false
        if s.hasPrefix("-") { negative = true; s = s.dropFirst() }
        var days: Int64 = 0
        if let space = s.firstIndex(of: " ") {
            guard let d = Int64(s[..<space]) else { return nil }
            days = d
            s = s[s.index(after: space)...].drop { $0 == " " }
        }
        var fraction = false
        var micro: Int64 = 0
        if let dot = s.firstIndex(of: ".") {
            var digits = String(s[s.index(after: dot)...].prefix(6))
            guard digits.allSatisfy(\.isNumber) else { return nil }
            fraction = true
            while digits.count < 6 { digits += "0" }
            micro = Int64(digits) ?? 0
            s = s[..<dot]
        }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var fields: [Int64] = []
        for p in parts {
            guard let n = Int64(p), n >= 0 else { return nil }
            fields.append(n)
        }
        let h: Int64, m: Int64, sec: Int64
        switch fields.count {
        case 3: (h, m, sec) = (fields[0], fields[1], fields[2])
        case 2: (h, m, sec) = (fields[0], fields[1], 0)
        default: // a bare number is [H]HMMSS
            let n = fields[0]
            (h, m, sec) = (n / 10000, n / 100 % 100, n % 100)
        }
        guard m < 60, sec < 60 else { return nil }
        let total = ((days * 24 + h) * 3600 + m * 60 + sec) * 1_000_000 + micro
        return (negative ? -total : total, fraction)
    }
}
