/// HTTP dates (RFC 9110 §5.6.7): written as IMF-fixdate, read in all three forms a client may send.
enum HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func format(_ seconds: Int64) -> String {
        let days = seconds.floorDivided(by: 86_400)
        let time = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let weekday = weekdays[Int((days % 7 + 7) % 7)]
        return "\(weekday), \(two(day)) \(months[month - 1]) \(year) \(two(time / 3_600)):\(two(time / 60 % 60)):"
            + "\(two(time % 60)) GMT"
    }

    /// `2023-09-19T09:30:00Z`.
    static func rfc3339(_ seconds: Int64) -> String {
        let days = seconds.floorDivided(by: 86_400)
        let time = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return "\(year)-\(two(Int64(month)))-\(two(day))T\(two(time / 3_600)):\(two(time / 60 % 60)):\(two(time % 60))Z"
    }

    /// Seconds since the epoch of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), an RFC 850 date
    /// (`Sunday, 06-Nov-94 08:49:37 GMT`) or an asctime date (`Sun Nov  6 08:49:37 1994`); `nil` for anything else.
    static func parse(_ text: String) -> Int64? {
        guard text.utf8.count <= 64 else { return nil }
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" })
        var year: Int64?
        var month: Int?
        var day: Int64?
        var clock: (Int64, Int64, Int64)?
        for (index, token) in tokens.enumerated() {
            if index == 0 {
                continue  // the weekday, which the date already fixes
            } else if let found = months.firstIndex(of: String(token)) {
                month = found + 1
            } else if token.contains(":") {
                let parts = token.split(separator: ":").map { Int64($0) }
                guard parts.count == 3, token.utf8.count == 8, let h = parts[0], let m = parts[1], let s = parts[2],
                    h < 24, m < 60, s <= 60
                else { return nil }
                clock = (h, m, s)
            } else if token == "GMT" {
                continue
            } else if token.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int64(token) {
                if token.utf8.count == 4 {
                    year = value
                } else if token.utf8.count <= 2, day == nil {
                    day = value
                } else if token.utf8.count == 2 {
                    // RFC 850's two-digit year: the nearest century that is not more than 50 years ahead.
                    year = value < 70 ? 2_000 + value : 1_900 + value
                } else {
                    return nil
                }
            } else {
                return nil
            }
        }
        guard let year, let month, let day, let clock, (1...31).contains(day), (1_900...9_999).contains(year) else {
            return nil
        }
        let days = daysFromCivil(year: year, month: Int64(month), day: day)
        return days * 86_400 + clock.0 * 3_600 + clock.1 * 60 + clock.2
    }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count from 1970-01-01.
    private static func civil(fromDays days: Int64) -> (Int64, Int, Int64) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), Int(month), day)
    }

    /// Howard Hinnant's `days_from_civil`.
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
