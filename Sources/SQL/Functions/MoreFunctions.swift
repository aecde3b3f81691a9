import Foundation
import Protocol

extension MySQLFunctions {
    /// ROUND with MySQL's exact-value rounding (half away from zero on the decimal digits as
    /// written, negative places allowed), and time helpers: TIMEDIFF, TIME_TO_SEC,
    /// SEC_TO_TIME, FROM_DAYS, MAKEDATE, DATETIME(x) (the printer's CAST AS DATETIME).
    static func moreFunctions() -> [Definition] {
        var defs: [Definition] = []
        for arity in [Int32(1), 2] {
            defs.append(Definition("ROUND", arity) { args in
                var places: Int64 = 0
                if args.count == 2 {
                    guard let p = args[1].mysqlInt else { return .null }
                    places = max(-30, min(30, p))
                }
                switch args[0] {
                case .null: return .null
                case .integer(let v):
                    if places >= 0 { return .integer(v) }
                    if places < -18 { return .integer(0) }
                    var p: Int64 = 1
                    for _ in 0..<Int(-places) { p *= 10 }
                    let (q, rem) = v.quotientAndRemainder(dividingBy: p)
                    var rounded = q
                    if abs(rem) * 2 >= p { rounded += v < 0 ? -1 : 1 }
                    let (result, overflow) = rounded.multipliedReportingOverflow(by: p)
                    return overflow ? .real(Double(rounded) * Double(p)) : .integer(result)
                default:
                    guard let x = args[0].mysqlDouble else { return .null }
                    let r = decimalRound(x, Int(places))
                    return places <= 0 ? numberResult(r) : .real(r)
                }
            })
        }
        defs.append(Definition("TIMEDIFF", 2) { args in
            guard let a = MySQLDateTime.parse(args[0], allowTime: true),
                  let b = MySQLDateTime.parse(args[1], allowTime: true), a.hasDate == b.hasDate else { return .null }
            return .text(timeText(micros: signedMicros(a) - signedMicros(b), fraction: a.hasFraction || b.hasFraction))
        })
        defs.append(Definition("TIME_TO_SEC", 1) { args in
            guard let t = MySQLDateTime.parse(args[0], allowTime: true) else { return .null }
            return .integer((t.negative ? -1 : 1) * t.secondsOfDay)
        })
        defs.append(Definition("SEC_TO_TIME", 1) { args in
            switch args[0] {
            case .null: return .null
            case .integer(let s): return .text(timeText(micros: s.multipliedReportingOverflow(by: 1_000_000).overflow ? Int64.max : s * 1_000_000, fraction: false))
            default:
                guard let d = args[0].mysqlDouble else { return .null }
                let micros = (d * 1_000_000).rounded()
                return .text(timeText(micros: abs(micros) > 9e17 ? (micros < 0 ? -Int64(9e17) : Int64(9e17)) : Int64(micros),
                                      fraction: d != d.rounded(.towardZero)))
            }
        })
        defs.append(Definition("FROM_DAYS", 1) { args in
            guard let n = args[0].mysqlInt, n >= 366, n <= 3_652_424 else { return .null }
            let (y, m, d) = MySQLDateTime.civilFromDays(Int(n) - 719_528)
            var dt = MySQLDateTime()
            dt.year = y; dt.month = m; dt.day = d
            return .text(dt.dateText)
        })
        defs.append(Definition("MAKEDATE", 2) { args in
            guard let y = args[0].mysqlInt, let n = args[1].mysqlInt, n > 0, (0...9999).contains(y) else { return .null }
            guard let dt = MySQLDateTime(epochMicros: (Int64(MySQLDateTime.daysFromCivil(Int(y), 1, 1)) + n - 1) * 86_400_000_000) else { return .null }
            return .text(dt.dateText)
        })
        defs.append(Definition("DATETIME", 1) { args in
            guard var dt = MySQLDateTime.parse(args[0]) else { return .null }
            dt.hasTime = true
            return .text(dt.text)
        })
        return defs
    }

    static func signedMicros(_ t: MySQLDateTime) -> Int64 {
        if t.hasDate { return t.epochMicros }
        let m = t.secondsOfDay * 1_000_000 + Int64(t.micro)
        return t.negative ? -m : m
    }

    /// A TIME value in MySQL's range (±838:59:59).
    static func timeText(micros: Int64, fraction: Bool) -> String {
        let limit: Int64 = (838 * 3600 + 59 * 60 + 59) * 1_000_000 + (fraction ? 999_999 : 0)
        let clamped = max(-limit, min(limit, micros))
        let magnitude = clamped.magnitude
        let seconds = magnitude / 1_000_000, us = Int(magnitude % 1_000_000)
        let pad = MySQLDateTime.pad
        var s = (clamped < 0 ? "-" : "") + pad(Int(seconds / 3600), 2) + ":" + pad(Int(seconds / 60 % 60), 2) + ":" + pad(Int(seconds % 60), 2)
        if fraction || us != 0 { s += "." + pad(us, 6) }
        return s
    }
}

/// Rounds half away from zero on the shortest decimal form of `x` (so ROUND(1.005, 2) is
/// 1.01 as for MySQL's exact DECIMAL literal, not 1.0 as binary arithmetic would give).
func decimalRound(_ x: Double, _ places: Int) -> Double {
    guard x.isFinite else { return x }
    let text = String(x.magnitude)
    guard !text.contains("e"), !text.contains("E") else {
        let p = pow(10.0, Double(places))
        let r = (x * p).rounded(.toNearestOrAwayFromZero) / p
        return r.isFinite ? r : x
    }
    let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    var digits = Array(parts[0]) + (parts.count > 1 ? Array(parts[1]) : [])
    let pointIndex = parts[0].count // digits before the point
    let keep = pointIndex + places // digits kept
    if keep >= digits.count { return x }
    if keep < 0 { return 0 }
    let roundUp = digits[keep] >= "5"
    digits = Array(digits[..<keep])
    var value = 0.0
    var carry = roundUp
    var i = digits.count - 1
    while carry, i >= 0 {
        if digits[i] == "9" { digits[i] = "0"; i -= 1 } else { digits[i] = Character(String(digits[i].wholeNumberValue! + 1)); carry = false }
    }
    var integerText = String(digits.prefix(pointIndex))
    let fractionText = String(digits.dropFirst(pointIndex))
    if carry { integerText = "1" + integerText }
    if integerText.isEmpty { integerText = "0" }
    let zeros = places < 0 ? String(repeating: "0", count: -places) : ""
    value = Double(integerText + zeros + (fractionText.isEmpty ? "" : "." + fractionText)) ?? x
    return x < 0 ? -value : value
}
