import Protocol

/// A MySQL DATETIME/DATE/TIME value as the functions see it. `hasDate` false means a bare
/// TIME (`HH:MM:SS`, hours may exceed 23); `hasTime` false a bare DATE.
struct MySQLDateTime: Equatable {
    var year = 0, month = 0, day = 0
    var hour = 0, minute = 0, second = 0, micro = 0
    var hasDate = true
    var hasTime = true
    /// The value was written with a fraction (printed back with 6 digits).
    var hasFraction = false
    var negative = false

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    /// Monday first, as MySQL's WEEKDAY().
    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    var epochDays: Int { Self.daysFromCivil(year, month, day) }
    /// MySQL's day number (TO_DAYS): days since year 0.
    var dayNumber: Int { epochDays + 719_528 }
    var secondsOfDay: Int64 { Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second) }
    /// Microseconds since 1970-01-01 00:00:00 of this wall-clock value.
    var epochMicros: Int64 { (Int64(epochDays) * 86400 + secondsOfDay) * 1_000_000 + Int64(micro) }

    init() {}

    init?(epochMicros t: Int64) {
        let (secs, us) = t.quotientAndRemainder(dividingBy: 1_000_000)
        var s = secs, u = us
        if u < 0 { u += 1_000_000; s -= 1 }
        var days = s / 86400
        var rem = s % 86400
        if rem < 0 { rem += 86400; days -= 1 }
        let (y, m, d) = Self.civilFromDays(Int(days))
        guard (0...9999).contains(y) else { return nil }
        year = y; month = m; day = d
        hour = Int(rem / 3600); minute = Int(rem / 60 % 60); second = Int(rem % 60); micro = Int(u)
    }

    /// Monday = 0 ... Sunday = 6.
    var weekday: Int { (dayNumber + 5) % 7 }
    /// A date with a zero month or day ('0000-00-00', '2010-00-00').
    var hasZeroPart: Bool { hasDate && (month == 0 || day == 0) }
    var dayOfYear: Int { epochDays - Self.daysFromCivil(year, 1, 1) + 1 }

    // MARK: parsing

    /// Parses a value as MySQL reads DATETIME/DATE (and, with `allowTime`, TIME) input:
    /// 'YYYY-MM-DD[ HH:MM:SS[.ffffff]]' with any punctuation, 'YYYYMMDD[HHMMSS]', numbers
    /// of those shapes. Invalid dates (month 13, February 30, zero parts) give nil.
    /// `allowZero` accepts zero parts ('0000-00-00', '2010-00-00') as YEAR(), MONTH(), DATE()
    /// and DATE_FORMAT do in MySQL; everything else treats them as invalid.
    static func parse(_ v: SQLValue, allowTime: Bool = false, allowZero: Bool = false) -> MySQLDateTime? {
        switch v {
        case .null: return nil
        case .integer(let i): return parseDigits(String(i), allowZero: allowZero)
        case .real(let r):
            guard r >= 0 else { return nil }
            let whole = r.rounded(.towardZero)
            guard var dt = parseDigits(String(Int64(whole)), allowZero: allowZero) else { return nil }
            let us = Int(((r - whole) * 1_000_000).rounded())
            if us > 0, dt.hasTime { dt.micro = min(us, 999_999); dt.hasFraction = true }
            return dt
        default:
            guard let s = v.mysqlText else { return nil }
            return parseText(s, allowTime: allowTime, allowZero: allowZero)
        }
    }

    private static func parseDigits(_ s: String, allowZero: Bool) -> MySQLDateTime? {
        let d = s.utf8.map { Int($0) - 48 }
        func n(_ a: Int, _ b: Int) -> Int { d[a..<b].reduce(0) { $0 * 10 + $1 } }
        var dt = MySQLDateTime()
        switch d.count {
        case 8, 14:
            dt.year = n(0, 4); dt.month = n(4, 6); dt.day = n(6, 8)
            if d.count == 14 { dt.hour = n(8, 10); dt.minute = n(10, 12); dt.second = n(12, 14) } else { dt.hasTime = false }
        case 6, 12:
            let yy = n(0, 2)
            dt.year = yy < 70 ? 2000 + yy : 1900 + yy; dt.month = n(2, 4); dt.day = n(4, 6)
            if d.count == 12 { dt.hour = n(6, 8); dt.minute = n(8, 10); dt.second = n(10, 12) } else { dt.hasTime = false }
        default:
            return nil
        }
        return dt.validated(allowZero: allowZero)
    }

    private static func parseText(_ raw: String, allowTime: Bool, allowZero: Bool) -> MySQLDateTime? {
        let s = Array(raw.utf8).drop { $0 == 0x20 }
        let text = Array(s.reversed().drop { $0 == 0x20 }.reversed())
        guard !text.isEmpty else { return nil }
        let isDigit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        if text.allSatisfy(isDigit) { return parseDigits(String(decoding: text, as: UTF8.self), allowZero: allowZero) }
        // Split into digit groups, remembering the separators.
        var groups: [(value: Int, length: Int)] = []
        var separators: [UInt8] = []
        var i = 0
        while i < text.count {
            guard isDigit(text[i]) else {
                if !groups.isEmpty, separators.count < groups.count { separators.append(text[i]) } else if groups.isEmpty { return nil }
                i += 1
                continue
            }
            var v = 0, len = 0
            while i < text.count, isDigit(text[i]) {
                if len < 18 { v = v * 10 + Int(text[i] - 48) }
                len += 1; i += 1
            }
            groups.append((v, len))
        }
        var dt = MySQLDateTime()
        let firstSeparator = separators.first
        if firstSeparator == 0x3A { // ':' first: a bare TIME
            guard allowTime, groups.count >= 2, groups.count <= 4 else { return nil }
            dt.hasDate = false
            dt.hour = groups[0].value; dt.minute = groups[1].value
            if groups.count > 2 { dt.second = groups[2].value }
            if groups.count > 3 { dt.micro = fraction(groups[3]); dt.hasFraction = true }
            guard dt.hour <= 838, dt.minute < 60, dt.second < 60 else { return nil }
            if raw.hasPrefix("-") { dt.negative = true }
            return dt
        }
        guard groups.count == 3 || (groups.count >= 5 && groups.count <= 7) else { return nil }
        dt.year = groups[0].value
        if groups[0].length <= 2 { dt.year += dt.year < 70 ? 2000 : 1900 }
        dt.month = groups[1].value; dt.day = groups[2].value
        if groups.count == 3 {
            dt.hasTime = false
        } else {
            dt.hour = groups[3].value; dt.minute = groups[4].value
            if groups.count > 5 { dt.second = groups[5].value }
            if groups.count > 6 { dt.micro = fraction(groups[6]); dt.hasFraction = true }
        }
        return dt.validated(allowZero: allowZero)
    }

    private static func fraction(_ g: (value: Int, length: Int)) -> Int {
        if g.length >= 6 {
            var v = g.value
            for _ in 0..<(min(g.length, 18) - 6) { v /= 10 }
            return v
        }
        var v = g.value
        for _ in 0..<(6 - g.length) { v *= 10 }
        return v
    }

    func validated(allowZero: Bool = false) -> MySQLDateTime? {
        if allowZero, month == 0 || day == 0 {
            guard (0...9999).contains(year), month <= 12, day <= 31, hour < 24, minute < 60, second < 60 else { return nil }
            if month > 0, day > Self.daysInMonth(year, month) { return nil }
            return self
        }
        guard (0...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= Self.daysInMonth(year, month), hour < 24, minute < 60, second < 60 else { return nil }
        return self
    }

    // MARK: printing

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    var dateText: String { Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2) }

    func timeText(fraction: Bool) -> String {
        (negative ? "-" : "") + Self.pad(hour, 2) + ":" + Self.pad(minute, 2) + ":" + Self.pad(second, 2)
            + (fraction ? "." + Self.pad(micro, 6) : "")
    }

    /// The value as MySQL prints it: a DATE, a TIME or a DATETIME (fraction when it has one).
    var text: String {
        let fraction = hasFraction || micro != 0
        if !hasDate { return timeText(fraction: fraction) }
        if !hasTime { return dateText }
        return dateText + " " + timeText(fraction: fraction)
    }

    // MARK: weeks (MySQL's calc_week)

    static let mondayFirst = 1, weekYear = 2, firstWeekday = 4

    /// MySQL's `week_mode`: the behaviour flags for WEEK(date, mode).
    static func weekBehaviour(mode: Int) -> Int {
        var f = mode & 7
        if f & mondayFirst == 0 { f ^= firstWeekday }
        return f
    }

    /// MySQL's `calc_week`: the week number and the year it belongs to.
    func week(behaviour: Int) -> (week: Int, year: Int) {
        let daynr = dayNumber
        var firstDaynr = Self.daysFromCivil(year, 1, 1) + 719_528
        let isMondayFirst = behaviour & Self.mondayFirst != 0
        var isWeekYear = behaviour & Self.weekYear != 0
        let isFirstWeekday = behaviour & Self.firstWeekday != 0
        var weekday = (firstDaynr + 5 + (isMondayFirst ? 0 : 1)) % 7
        var y = year
        if month == 1, day <= 7 - weekday {
            if !isWeekYear, (isFirstWeekday && weekday != 0) || (!isFirstWeekday && weekday >= 4) { return (0, y) }
            isWeekYear = true
            y -= 1
            let days = Self.isLeap(y) ? 366 : 365
            firstDaynr -= days
            weekday = (weekday + 53 * 7 - days) % 7
        }
        let days: Int
        if (isFirstWeekday && weekday != 0) || (!isFirstWeekday && weekday >= 4) {
            days = daynr - (firstDaynr + (7 - weekday))
        } else {
            days = daynr - (firstDaynr - weekday)
        }
        if isWeekYear, days >= 52 * 7 {
            let wd = (weekday + (Self.isLeap(y) ? 366 : 365)) % 7
            if (!isFirstWeekday && wd < 4) || (isFirstWeekday && wd == 0) { return (1, y + 1) }
        }
        return (days / 7 + 1, y)
    }
}
