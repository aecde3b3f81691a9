import Protocol
import Storage

extension MySQLFunctions {
    static func dateTimeFunctions(clock: @escaping Clock) -> [Definition] {
        var defs: [Definition] = []
        /// The clock's wall-clock time (local, or UTC) in microseconds.
        @Sendable func now(utc: Bool) -> MySQLDateTime {
            let c = clock()
            let millis = c.unixMillis + (utc ? 0 : Int64(c.timeZoneOffsetSeconds) * 1000)
            return MySQLDateTime(epochMicros: millis * 1000) ?? MySQLDateTime()
        }
        /// `fsp` fractional digits (0...6) of a clock value, MySQL style.
        @Sendable func withPrecision(_ dt: MySQLDateTime, _ args: [SQLValue], _ body: (MySQLDateTime, Int) -> String) throws -> SQLValue {
            var fsp = 0
            if args.count > 1 { throw SQLiteFunctionError("too many arguments") }
            if let a = args.first {
                guard let p = a.mysqlInt, (0...6).contains(p) else { throw SQLiteFunctionError("Too-big precision specified; maximum is 6") }
                fsp = Int(p)
            }
            return .text(body(dt, fsp))
        }
        @Sendable func fractionText(_ dt: MySQLDateTime, _ fsp: Int) -> String {
            fsp == 0 ? "" : "." + String(MySQLDateTime.pad(dt.micro, 6).prefix(fsp))
        }
        @Sendable func timestamp(_ dt: MySQLDateTime, _ fsp: Int) -> String {
            dt.dateText + " " + dt.timeText(fraction: false) + fractionText(dt, fsp)
        }
        @Sendable func time(_ dt: MySQLDateTime, _ fsp: Int) -> String { dt.timeText(fraction: false) + fractionText(dt, fsp) }

        for name in ["NOW", "SYSDATE", "LOCALTIME", "LOCALTIMESTAMP", "CURRENT_TIMESTAMP"] {
            defs.append(Definition(name, -1, deterministic: false) { args in try withPrecision(now(utc: false), args, timestamp) })
        }
        defs.append(Definition("UTC_TIMESTAMP", -1, deterministic: false) { args in try withPrecision(now(utc: true), args, timestamp) })
        for name in ["CURTIME", "CURRENT_TIME"] {
            defs.append(Definition(name, -1, deterministic: false) { args in try withPrecision(now(utc: false), args, time) })
        }
        defs.append(Definition("UTC_TIME", -1, deterministic: false) { args in try withPrecision(now(utc: true), args, time) })
        for name in ["CURDATE", "CURRENT_DATE"] {
            defs.append(Definition(name, 0, deterministic: false) { _ in .text(now(utc: false).dateText) })
        }
        defs.append(Definition("UTC_DATE", 0, deterministic: false) { _ in .text(now(utc: true).dateText) })

        defs.append(Definition("UNIX_TIMESTAMP", 0, deterministic: false) { _ in
            let ms = clock().unixMillis
            return .integer(ms >= 0 ? ms / 1000 : (ms - 999) / 1000)
        })
        defs.append(Definition("UNIX_TIMESTAMP", 1, deterministic: false) { args in
            guard let dt = MySQLDateTime.parse(args[0]) else { return .null }
            let offset = Int64(clock().timeZoneOffsetSeconds) * 1_000_000
            let micros = dt.epochMicros - offset
            if micros < 0 { return .integer(0) }
            if dt.micro != 0 || dt.hasFraction { return .real(Double(micros) / 1_000_000) }
            return .integer(micros / 1_000_000)
        })
        @Sendable func fromUnix(_ v: SQLValue) -> MySQLDateTime? {
            let offset = Int64(clock().timeZoneOffsetSeconds) * 1_000_000
            switch v {
            case .null: return nil
            case .integer(let s):
                guard s >= 0, s < 32_536_771_200 else { return nil }
                return MySQLDateTime(epochMicros: s * 1_000_000 + offset)
            default:
                guard let d = v.mysqlDouble, d >= 0, d < 32_536_771_200 else { return nil }
                guard var dt = MySQLDateTime(epochMicros: Int64((d * 1_000_000).rounded()) + offset) else { return nil }
                if case .real = v, d != d.rounded(.towardZero) { dt.hasFraction = true }
                return dt
            }
        }
        defs.append(Definition("FROM_UNIXTIME", 1, deterministic: false) { args in fromUnix(args[0]).map { .text($0.text) } ?? .null })
        defs.append(Definition("FROM_UNIXTIME", 2, deterministic: false) { args in
            guard let dt = fromUnix(args[0]), let f = args[1].mysqlText else { return .null }
            return .text(dateFormat(dt, f))
        })
        defs.append(Definition("DATE_FORMAT", 2) { args in
            guard let dt = MySQLDateTime.parse(args[0], allowTime: true, allowZero: true), let f = args[1].mysqlText else { return .null }
            if dt.hasZeroPart, f.contains(where: { "aDjUuVvWwXx".contains($0) }) {
                // Weekday- and week-based specifiers need a whole date.
                var specifiers = Set<Character>()
                var percent = false
                for c in f { if percent { specifiers.insert(c); percent = false } else if c == "%" { percent = true } }
                if !specifiers.isDisjoint(with: Set("aDjUuVvWwXx")) { return .null }
            }
            return .text(dateFormat(dt, f))
        })
        defs.append(Definition("TIME_FORMAT", 2) { args in
            guard let dt = MySQLDateTime.parse(args[0], allowTime: true), let f = args[1].mysqlText else { return .null }
            return .text(dateFormat(dt, f))
        })
        defs.append(Definition("STR_TO_DATE", 2) { args in
            guard let s = args[0].mysqlText, let f = args[1].mysqlText else { return .null }
            return strToDate(s, f).map { .text($0) } ?? .null
        })
        for (name, sign) in [("DATE_ADD", Int64(1)), ("DATE_SUB", -1), ("ADDDATE", 1), ("SUBDATE", -1)] {
            defs.append(Definition(name, 3) { args in
                guard let dt = MySQLDateTime.parse(args[0]), let unit = args[2].mysqlText else { return .null }
                return dateAdd(dt, args[1], unit.uppercased(), sign: sign).map { .text($0.text) } ?? .null
            })
        }
        defs.append(Definition("DATEDIFF", 2) { args in
            guard let a = MySQLDateTime.parse(args[0]), let b = MySQLDateTime.parse(args[1]) else { return .null }
            return .integer(Int64(a.epochDays - b.epochDays))
        })
        defs.append(Definition("TIMESTAMPDIFF", 3) { args in
            guard let unit = args[0].mysqlText, let a = MySQLDateTime.parse(args[1]),
                  let b = MySQLDateTime.parse(args[2]) else { return .null }
            return timestampDiff(unit.uppercased(), a, b).map { .integer($0) } ?? .null
        })
        defs.append(Definition("EXTRACT", 2) { args in
            guard let unit = args[0].mysqlText, let dt = MySQLDateTime.parse(args[1], allowTime: true, allowZero: true) else { return .null }
            if dt.hasZeroPart, unit.uppercased() == "WEEK" { return .null }
            return extract(unit.uppercased(), dt).map { .integer($0) } ?? .null
        })
        func accessor(_ names: [String], allowTime: Bool = false, allowZero: Bool = false,
                      _ f: @escaping @Sendable (MySQLDateTime) -> SQLValue) {
            for name in names {
                defs.append(Definition(name, 1) { args in
                    guard let dt = MySQLDateTime.parse(args[0], allowTime: allowTime, allowZero: allowZero) else { return .null }
                    return f(dt)
                })
            }
        }
        accessor(["YEAR"], allowZero: true) { .integer(Int64($0.year)) }
        accessor(["MONTH"], allowZero: true) { .integer(Int64($0.month)) }
        accessor(["DAY", "DAYOFMONTH"], allowZero: true) { .integer(Int64($0.day)) }
        accessor(["HOUR"], allowTime: true, allowZero: true) { .integer(Int64($0.hour)) }
        accessor(["MINUTE"], allowTime: true, allowZero: true) { .integer(Int64($0.minute)) }
        accessor(["SECOND"], allowTime: true, allowZero: true) { .integer(Int64($0.second)) }
        accessor(["MICROSECOND"], allowTime: true, allowZero: true) { .integer(Int64($0.micro)) }
        accessor(["QUARTER"], allowZero: true) { .integer(Int64(($0.month + 2) / 3)) }
        accessor(["DAYOFWEEK"]) { .integer(Int64(($0.weekday + 1) % 7 + 1)) }
        accessor(["WEEKDAY"]) { .integer(Int64($0.weekday)) }
        accessor(["DAYOFYEAR"]) { .integer(Int64($0.dayOfYear)) }
        accessor(["MONTHNAME"]) { .text(MySQLDateTime.monthNames[$0.month - 1]) }
        accessor(["DAYNAME"]) { .text(MySQLDateTime.dayNames[$0.weekday]) }
        accessor(["TO_DAYS"]) { .integer(Int64($0.dayNumber)) }
        accessor(["WEEK"]) { .integer(Int64($0.week(behaviour: MySQLDateTime.weekBehaviour(mode: 0)).week)) }
        accessor(["WEEKOFYEAR"]) { .integer(Int64($0.week(behaviour: MySQLDateTime.weekBehaviour(mode: 3)).week)) }
        accessor(["LAST_DAY"]) { dt in
            var d = dt
            d.day = MySQLDateTime.daysInMonth(d.year, d.month)
            return .text(d.dateText)
        }
        accessor(["DATE"], allowZero: true) { .text($0.dateText) }
        accessor(["TIME"], allowTime: true, allowZero: true) { dt in .text(dt.timeText(fraction: dt.hasFraction || dt.micro != 0)) }
        defs.append(Definition("WEEK", 2) { args in
            guard let dt = MySQLDateTime.parse(args[0]), let mode = args[1].mysqlInt else { return .null }
            let behaviour = MySQLDateTime.weekBehaviour(mode: Int(mode & 7))
            return .integer(Int64(dt.week(behaviour: behaviour).week))
        })
        for arity in [Int32(1), 2] {
            defs.append(Definition("YEARWEEK", arity) { args in
                guard let dt = MySQLDateTime.parse(args[0]) else { return .null }
                var mode: Int64 = 0
                if args.count == 2 {
                    guard let m = args[1].mysqlInt else { return .null }
                    mode = m
                }
                let w = dt.week(behaviour: MySQLDateTime.weekBehaviour(mode: Int(mode & 7)) | MySQLDateTime.weekYear)
                return .integer(Int64(w.year * 100 + w.week))
            })
        }
        return defs
    }

    // MARK: DATE_FORMAT

    static func dateFormat(_ dt: MySQLDateTime, _ format: String) -> String {
        let pad = MySQLDateTime.pad
        var out = ""
        var percent = false
        for c in format {
            guard percent else {
                if c == "%" { percent = true } else { out.append(c) }
                continue
            }
            percent = false
            let hour12 = dt.hour % 12 == 0 ? 12 : dt.hour % 12
            switch c {
            case "a": out += dt.hasDate ? String(MySQLDateTime.dayNames[dt.weekday].prefix(3)) : ""
            case "b": out += dt.month > 0 ? String(MySQLDateTime.monthNames[dt.month - 1].prefix(3)) : ""
            case "c": out += String(dt.month)
            case "D":
                let suffix: String
                switch (dt.day % 100 >= 11 && dt.day % 100 <= 13) ? 0 : dt.day % 10 {
                case 1: suffix = "st"
                case 2: suffix = "nd"
                case 3: suffix = "rd"
                default: suffix = "th"
                }
                out += String(dt.day) + suffix
            case "d": out += pad(dt.day, 2)
            case "e": out += String(dt.day)
            case "f": out += pad(dt.micro, 6)
            case "H": out += pad(dt.hour, 2)
            case "h", "I": out += pad(hour12, 2)
            case "i": out += pad(dt.minute, 2)
            case "j": out += pad(dt.hasDate ? dt.dayOfYear : 0, 3)
            case "k": out += String(dt.hour)
            case "l": out += String(hour12)
            case "M": out += dt.month > 0 ? MySQLDateTime.monthNames[dt.month - 1] : ""
            case "m": out += pad(dt.month, 2)
            case "p": out += dt.hour % 24 < 12 ? "AM" : "PM"
            case "r": out += pad(hour12, 2) + ":" + pad(dt.minute, 2) + ":" + pad(dt.second, 2) + (dt.hour % 24 < 12 ? " AM" : " PM")
            case "S", "s": out += pad(dt.second, 2)
            case "T": out += pad(dt.hour, 2) + ":" + pad(dt.minute, 2) + ":" + pad(dt.second, 2)
            case "U": out += pad(dt.week(behaviour: MySQLDateTime.firstWeekday).week, 2)
            case "u": out += pad(dt.week(behaviour: MySQLDateTime.mondayFirst).week, 2)
            case "V": out += pad(dt.week(behaviour: MySQLDateTime.weekYear | MySQLDateTime.firstWeekday).week, 2)
            case "v": out += pad(dt.week(behaviour: MySQLDateTime.weekYear | MySQLDateTime.mondayFirst).week, 2)
            case "W": out += dt.hasDate ? MySQLDateTime.dayNames[dt.weekday] : ""
            case "w": out += String((dt.weekday + 1) % 7)
            case "X": out += pad(dt.week(behaviour: MySQLDateTime.weekYear | MySQLDateTime.firstWeekday).year, 4)
            case "x": out += pad(dt.week(behaviour: MySQLDateTime.weekYear | MySQLDateTime.mondayFirst).year, 4)
            case "Y": out += pad(dt.year, 4)
            case "y": out += pad(dt.year % 100, 2)
            default: out.append(c) // %% and unknown specifiers print the character
            }
        }
        if percent { out.append("%") }
        return out
    }

    // MARK: STR_TO_DATE

    static func strToDate(_ input: String, _ format: String) -> String? {
        let s = Array(input.unicodeScalars)
        let f = Array(format.unicodeScalars)
        var i = 0
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micro = 0
        var yday = 0
        var pm: Bool?
        var usaTime = false
        var hasDate = false, hasTime = false, hasFraction = false
        func skipSpaces() { while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 } }
        func number(_ maxDigits: Int) -> (Int, Int)? {
            var v = 0, n = 0
            while i < s.count, n < maxDigits, let d = s[i].properties.numericType == .decimal ? Int(String(s[i])) : nil {
                v = v * 10 + d; n += 1; i += 1
            }
            return n == 0 ? nil : (v, n)
        }
        func name(_ names: [String], abbreviated: Bool) -> Int? {
            let rest = String(string(s[i...])).lowercased()
            for (k, full) in names.enumerated() {
                let candidate = (abbreviated ? String(full.prefix(3)) : full).lowercased()
                if rest.hasPrefix(candidate) { i += candidate.unicodeScalars.count; return k }
            }
            return nil
        }
        var j = 0
        while j < f.count {
            skipSpaces()
            let c = f[j]
            if c != "%" || j + 1 >= f.count {
                if c == " " || c == "\t" { j += 1; continue }
                guard i < s.count else { break }
                guard s[i] == c else { return nil }
                i += 1; j += 1
                continue
            }
            let spec = f[j + 1]
            j += 2
            if i >= s.count { break }
            switch spec {
            case "Y", "y":
                guard let (v, n) = number(spec == "Y" ? 4 : 2) else { return nil }
                year = n <= 2 ? (v < 70 ? 2000 + v : 1900 + v) : v
                hasDate = true
            case "m", "c":
                guard let (v, _) = number(2) else { return nil }
                month = v; hasDate = true
            case "d", "e":
                guard let (v, _) = number(2) else { return nil }
                day = v; hasDate = true
            case "D":
                guard let (v, _) = number(2) else { return nil }
                day = v; hasDate = true
                i = min(s.count, i + 2)
            case "j":
                guard let (v, _) = number(3) else { return nil }
                yday = v; hasDate = true
            case "M", "b":
                guard let k = name(MySQLDateTime.monthNames, abbreviated: spec == "b") else { return nil }
                month = k + 1; hasDate = true
            case "W", "a":
                guard name(MySQLDateTime.dayNames, abbreviated: spec == "a") != nil else { return nil }
            case "H", "k", "h", "I", "l":
                guard let (v, _) = number(2) else { return nil }
                hour = v; hasTime = true
                if spec == "h" || spec == "I" || spec == "l" { usaTime = true }
            case "i":
                guard let (v, _) = number(2) else { return nil }
                minute = v; hasTime = true
            case "s", "S":
                guard let (v, _) = number(2) else { return nil }
                second = v; hasTime = true
            case "f":
                guard let (v, n) = number(6) else { return nil }
                var us = v
                for _ in n..<6 { us *= 10 }
                micro = us; hasTime = true; hasFraction = true
            case "p":
                guard i + 1 < s.count else { return nil }
                let word = String(string(s[i...(i + 1)])).uppercased()
                guard word == "AM" || word == "PM" else { return nil }
                pm = word == "PM"; i += 2
            case "T", "r":
                guard let (h, _) = number(2), i < s.count, s[i] == ":" else { return nil }
                i += 1
                guard let (m, _) = number(2), i < s.count, s[i] == ":" else { return nil }
                i += 1
                guard let (sec, _) = number(2) else { return nil }
                hour = h; minute = m; second = sec; hasTime = true
                if spec == "r" {
                    skipSpaces()
                    guard i + 1 < s.count else { return nil }
                    let word = String(string(s[i...(i + 1)])).uppercased()
                    guard word == "AM" || word == "PM" else { return nil }
                    pm = word == "PM"; i += 2
                    usaTime = true
                }
            case "%":
                guard s[i] == "%" else { return nil }
                i += 1
            default:
                guard s[i] == spec else { return nil }
                i += 1
            }
        }
        if usaTime {
            guard hour >= 1, hour <= 12 else { return nil }
            hour = hour % 12 + (pm == true ? 12 : 0)
        } else if pm == true, hour < 12 {
            hour += 12
        }
        if yday > 0 {
            guard yday <= (MySQLDateTime.isLeap(year) ? 366 : 365) else { return nil }
            let (y, m, d) = MySQLDateTime.civilFromDays(MySQLDateTime.daysFromCivil(year, 1, 1) + yday - 1)
            year = y; month = m; day = d
        }
        guard month <= 12, day <= 31, hour < 24, minute < 60, second < 60 else { return nil }
        if month > 0, day > 0, day > MySQLDateTime.daysInMonth(year, month) { return nil }
        var dt = MySQLDateTime()
        dt.year = year; dt.month = month; dt.day = day
        dt.hour = hour; dt.minute = minute; dt.second = second; dt.micro = micro
        dt.hasFraction = hasFraction
        if hasDate && !hasTime { return dt.dateText }
        if hasTime && !hasDate { return dt.timeText(fraction: hasFraction) }
        return dt.dateText + " " + dt.timeText(fraction: hasFraction)
    }

    // MARK: DATE_ADD

    /// The fields of a compound interval unit, most significant first.
    static let compoundUnits: [String: [String]] = [
        "SECOND_MICROSECOND": ["SECOND", "MICROSECOND"],
        "MINUTE_MICROSECOND": ["MINUTE", "SECOND", "MICROSECOND"],
        "MINUTE_SECOND": ["MINUTE", "SECOND"],
        "HOUR_MICROSECOND": ["HOUR", "MINUTE", "SECOND", "MICROSECOND"],
        "HOUR_SECOND": ["HOUR", "MINUTE", "SECOND"],
        "HOUR_MINUTE": ["HOUR", "MINUTE"],
        "DAY_MICROSECOND": ["DAY", "HOUR", "MINUTE", "SECOND", "MICROSECOND"],
        "DAY_SECOND": ["DAY", "HOUR", "MINUTE", "SECOND"],
        "DAY_MINUTE": ["DAY", "HOUR", "MINUTE"],
        "DAY_HOUR": ["DAY", "HOUR"],
        "YEAR_MONTH": ["YEAR", "MONTH"],
    ]

    static let microsPerUnit: [String: Int64] = [
        "MICROSECOND": 1, "SECOND": 1_000_000, "MINUTE": 60_000_000, "HOUR": 3_600_000_000,
        "DAY": 86_400_000_000, "WEEK": 604_800_000_000,
    ]
    static let monthsPerUnit: [String: Int64] = ["MONTH": 1, "QUARTER": 3, "YEAR": 12]

    static func dateAdd(_ dt: MySQLDateTime, _ amount: SQLValue, _ unit: String, sign: Int64) -> MySQLDateTime? {
        var micros: Int64 = 0
        var months: Int64 = 0
        if let fields = compoundUnits[unit] {
            guard let text = amount.mysqlText else { return nil }
            let trimmed = text.drop { $0 == " " }
            let negative = trimmed.hasPrefix("-")
            var groups: [(Int64, Int)] = []
            var current: Int64 = 0, length = 0
            for ch in trimmed.utf8 {
                if ch >= 0x30, ch <= 0x39 {
                    if length < 18 { current = current * 10 + Int64(ch - 0x30) }
                    length += 1
                } else if length > 0 {
                    groups.append((current, length)); current = 0; length = 0
                }
            }
            if length > 0 { groups.append((current, length)) }
            guard !groups.isEmpty, groups.count <= fields.count else { return nil }
            if fields.last == "MICROSECOND", let last = groups.last, last.1 < 6 {
                var v = last.0
                for _ in last.1..<6 { v *= 10 }
                groups[groups.count - 1] = (v, 6)
            }
            let values = [Int64](repeating: 0, count: fields.count - groups.count) + groups.map { $0.0 }
            for (field, v) in zip(fields, values) {
                if let m = monthsPerUnit[field] { months += v * m } else { micros += v * microsPerUnit[field]! }
            }
            if negative { micros = -micros; months = -months }
        } else if let m = monthsPerUnit[unit] {
            guard let v = amount.mysqlInt else { return nil }
            months = v * m
        } else if let per = microsPerUnit[unit] {
            if unit == "SECOND", case .real(let r) = amount {
                micros = Int64((r * 1_000_000).rounded())
            } else if unit == "SECOND", case .text(let t) = amount, t.contains(".") {
                micros = Int64((numericPrefix(t) * 1_000_000).rounded())
            } else {
                guard let v = amount.mysqlInt else { return nil }
                guard abs(v) < Int64.max / per else { return nil }
                micros = v * per
            }
        } else {
            return nil
        }
        micros *= sign
        months *= sign
        var result = dt
        if months != 0 {
            let index = Int64(dt.year) * 12 + Int64(dt.month - 1) + months
            guard index >= 0, index < 120_000 else { return nil }
            result.year = Int(index / 12)
            result.month = Int(index % 12) + 1
            result.day = min(dt.day, MySQLDateTime.daysInMonth(result.year, result.month))
        }
        if micros != 0 {
            guard var moved = MySQLDateTime(epochMicros: result.epochMicros + micros) else { return nil }
            moved.hasDate = true
            moved.hasTime = result.hasTime
            moved.hasFraction = result.hasFraction
            result = moved
        }
        let dateUnits: Set<String> = ["DAY", "WEEK", "MONTH", "QUARTER", "YEAR", "YEAR_MONTH"]
        if !dateUnits.contains(unit) {
            result.hasTime = true
            if unit.hasSuffix("MICROSECOND") { result.hasFraction = true }
        }
        return result
    }

    // MARK: TIMESTAMPDIFF / EXTRACT

    static func timestampDiff(_ unit: String, _ a: MySQLDateTime, _ b: MySQLDateTime) -> Int64? {
        if let per = microsPerUnit[unit] { return (b.epochMicros - a.epochMicros) / per }
        guard let per = monthsPerUnit[unit] else { return nil }
        func rest(_ d: MySQLDateTime) -> (Int, Int64, Int) { (d.day, d.secondsOfDay, d.micro) }
        var months = Int64(b.year - a.year) * 12 + Int64(b.month - a.month)
        if b.epochMicros >= a.epochMicros {
            if rest(b) < rest(a) { months -= 1 }
        } else if rest(b) > rest(a) {
            months += 1
        }
        return months / per
    }

    static func extract(_ unit: String, _ dt: MySQLDateTime) -> Int64? {
        let y = Int64(dt.year), mo = Int64(dt.month), d = Int64(dt.day)
        let h = Int64(dt.hour), mi = Int64(dt.minute), s = Int64(dt.second), us = Int64(dt.micro)
        switch unit {
        case "YEAR": return y
        case "QUARTER": return (mo + 2) / 3
        case "MONTH": return mo
        case "WEEK": return Int64(dt.week(behaviour: MySQLDateTime.weekBehaviour(mode: 0)).week)
        case "DAY": return d
        case "HOUR": return h
        case "MINUTE": return mi
        case "SECOND": return s
        case "MICROSECOND": return us
        case "YEAR_MONTH": return y * 100 + mo
        case "DAY_HOUR": return d * 100 + h
        case "DAY_MINUTE": return (d * 100 + h) * 100 + mi
        case "DAY_SECOND": return ((d * 100 + h) * 100 + mi) * 100 + s
        case "DAY_MICROSECOND": return (((d * 100 + h) * 100 + mi) * 100 + s) * 1_000_000 + us
        case "HOUR_MINUTE": return h * 100 + mi
        case "HOUR_SECOND": return (h * 100 + mi) * 100 + s
        case "HOUR_MICROSECOND": return ((h * 100 + mi) * 100 + s) * 1_000_000 + us
        case "MINUTE_SECOND": return mi * 100 + s
        case "MINUTE_MICROSECOND": return (mi * 100 + s) * 1_000_000 + us
        case "SECOND_MICROSECOND": return s * 1_000_000 + us
        default: return nil
        }
    }
}
