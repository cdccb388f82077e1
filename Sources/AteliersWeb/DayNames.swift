public import Ateliers

extension LocalDate {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// 0 for Monday … 6 for Sunday (Sakamoto's method, proleptic Gregorian calendar).
    var weekdayIndex: Int {
        let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        let sunday = (y + y / 4 - y / 100 + y / 400 + offsets[(month + 11) % 12] + day) % 7
        return (sunday + 6) % 7
    }

    /// `Tuesday 19 September 2023`.
    public var longName: String {
        "\(Self.weekdays[weekdayIndex]) \(day) \(Self.months[(month + 11) % 12]) \(year)"
    }

    /// `Tue 19 Sep`.
    public var shortName: String {
        "\(Self.weekdays[weekdayIndex].prefix(3)) \(day) \(Self.months[(month + 11) % 12].prefix(3))"
    }

    /// The day after.
    public var next: LocalDate {
        let last =
            month == 2
            ? (year % 4 == 0 && year % 100 != 0 || year % 400 == 0 ? 29 : 28) : [4, 6, 9, 11].contains(month) ? 30 : 31
        if day < last { return LocalDate(year: year, month: month, day: day + 1) }
        return month == 12
            ? LocalDate(year: year + 1, month: 1, day: 1) : LocalDate(year: year, month: month + 1, day: 1)
    }
}
