public import ICal

/// A wall-clock date and time in the programme's zone; an instant only through ``ICal/TimeZoneRules``.
public typealias LocalDateTime = WallClock

/// A calendar date with no zone: `2023-09-19`.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `2023-09-19`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy(\.isASCIIDigits), let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
        guard isValid else { return nil }
    }

    public var isValid: Bool { at(LocalTime(hour: 0, minute: 0)).isValid }

    /// Why the date cannot be in a programme though it is a real date: its year is outside
    /// ``ICal/ICalLibrary/supportedYears``. `nil` when it can.
    public var rangeProblem: String? {
        let years = ICalLibrary.supportedYears
        guard !years.contains(year) else { return nil }
        return "the year \(year) is outside \(years.lowerBound)…\(years.upperBound)"
    }

    public func at(_ time: LocalTime) -> LocalDateTime {
        LocalDateTime(year: year, month: month, day: day, hour: time.hour, minute: time.minute)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String { "\(pad(year, 4))-\(pad(month))-\(pad(day))" }
}

/// A time of day: `11:30`.
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    /// Reads `11:30` or `9:05`.
    public init?(text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy(\.isASCIIDigits), let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var minutesSinceMidnight: Int { hour * 60 + minute }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        lhs.minutesSinceMidnight < rhs.minutesSinceMidnight
    }

    public var description: String { "\(pad(hour)):\(pad(minute))" }
}

extension LocalDateTime {
    public var date: LocalDate { LocalDate(year: year, month: month, day: day) }
    public var time: LocalTime { LocalTime(hour: hour, minute: minute) }
}

func pad(_ value: Int, _ width: Int = 2) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

extension StringProtocol {
    /// Only `0`…`9`, and at least one: `Int("+1")` is 1, and a Unicode digit is not ASCII.
    var isASCIIDigits: Bool { !isEmpty && utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }
}
