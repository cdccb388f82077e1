import ICal

/// Declared windows of wall-clock time (a room's opening, a person's availability, the event's hours) and whether
/// they cover a session: compared as wall clocks, the way people declare them, so a DST day is no different.
///
/// On a day that has dated windows, those are the day's windows; the windows without a date hold on every other
/// day. So `{from: "09:00", to: "18:00"}` with `{date: "2023-09-20", from: "09:00", to: "13:00"}` closes early
/// on the 20th, and a day can only be made longer by listing all of its windows.
struct WindowCoverage {
    private var dated: [LocalDate: [ClosedRange<Int>]] = [:]
    private var everyDay: [ClosedRange<Int>] = []
    /// Whether the windows hold on every day from midnight to midnight: nothing is ever outside them.
    private(set) var isAlwaysOpen = false

    init(_ windows: [TimeWindow]) {
        for window in windows {
            let minutes = window.start.minutesSinceMidnight...window.endMinute
            if let date = window.date { dated[date, default: []].append(minutes) } else { everyDay.append(minutes) }
        }
        for date in dated.keys { dated[date]!.sort { $0.lowerBound < $1.lowerBound } }
        everyDay.sort { $0.lowerBound < $1.lowerBound }
        isAlwaysOpen = dated.isEmpty && Self.reach(everyDay, from: 0) >= 1440
    }

    /// The event's daily hours: `close` at or before `open` runs past midnight, and `23:59` (what the importer
    /// reads when no close is given) is the end of the day.
    init(hours: OpeningHours) {
        let open = hours.open.minutesSinceMidnight
        let close = hours.close == LocalTime(hour: 23, minute: 59) ? 1440 : hours.close.minutesSinceMidnight
        let windows =
            close > open
            ? [TimeWindow(start: hours.open, endMinute: close)]
            : [
                TimeWindow(start: hours.open, endMinute: 1440),
                TimeWindow(start: LocalTime(hour: 0, minute: 0), endMinute: close),
            ]
        self.init(windows.filter { $0.endMinute > $0.start.minutesSinceMidnight })
    }

    /// The windows on `day`, in minutes since its midnight, by start.
    func windows(on day: LocalDate) -> [ClosedRange<Int>] { dated[day] ?? everyDay }

    /// Whether the windows cover the whole of the wall-clock interval from `start` to `end` (both included: a
    /// session may end when a window closes, and the next window may open then). A session across midnight needs
    /// the windows of both days, such as one open until `24:00` and one from `00:00`.
    /// - Complexity: O(w) for the w windows of the days the interval touches.
    func covers(from start: LocalDateTime, to end: LocalDateTime) -> Bool {
        if isAlwaysOpen { return true }
        let from = start.secondsSinceEpochAsUTC
        let to = end.secondsSinceEpochAsUTC
        guard to > from else {
            // An instant: inside a window of its day, or at the `24:00` end of the day before.
            let day = start.date
            let minute = start.hour * 60 + start.minute
            return windows(on: day).contains { $0.contains(minute) }
                || (minute == 0 && windows(on: Self.day(before: day)).contains { $0.upperBound == 1440 })
        }
        var cursor = from
        var midnight = start.date.at(LocalTime(hour: 0, minute: 0)).secondsSinceEpochAsUTC
        while true {
            let day = LocalDateTime(utcSeconds: midnight).date
            let reached = Self.reach(windows(on: day), from: Int((cursor - midnight) / 60))
            cursor = max(cursor, midnight + Int64(reached) * 60)
            if cursor >= to { return true }
            midnight += 86_400
            // A day that leaves the interval uncovered before its end: no later day can help.
            if cursor < midnight { return false }
        }
    }

    /// Whether `day` has any window: what an all-day session needs.
    func isOpen(on day: LocalDate) -> Bool { isAlwaysOpen || !windows(on: day).isEmpty }

    /// `2023-09-19: 08:30–12:00, 14:00–18:00; 2023-09-20: closed` for the days given (at most three, then `…`;
    /// at most ``listedWindows`` windows a day, then `and N more`).
    /// How many windows of a day a message lists: a day may have up to a thousand.
    static let listedWindows = 6

    func describe(_ days: [LocalDate], none: String) -> String {
        let shown = days.prefix(3).map { day in
            let open = windows(on: day)
            let text =
                open.isEmpty
                ? none
                : open.prefix(Self.listedWindows).map { "\(Self.clock($0.lowerBound))–\(Self.clock($0.upperBound))" }
                    .joined(separator: ", ")
                    + (open.count > Self.listedWindows ? " and \(open.count - Self.listedWindows) more" : "")
            return "\(day): \(text)"
        }
        return shown.joined(separator: "; ") + (days.count > 3 ? "; …" : "")
    }

    /// The minute up to which windows sorted by start cover the day without a gap, from `minute` on.
    private static func reach(_ windows: [ClosedRange<Int>], from minute: Int) -> Int {
        var cursor = minute
        for window in windows {
            if window.lowerBound > cursor { break }
            cursor = max(cursor, window.upperBound)
        }
        return cursor
    }

    /// `08:30`, or `24:00` for the end of the day.
    static func clock(_ minute: Int) -> String { "\(pad(minute / 60)):\(pad(minute % 60))" }

    static func day(before day: LocalDate) -> LocalDate {
        LocalDateTime(utcSeconds: day.at(LocalTime(hour: 0, minute: 0)).secondsSinceEpochAsUTC - 86_400).date
    }

    /// The days a wall-clock interval touches: an end at midnight is not on the day it starts. Lazy, so a caller
    /// looking for the first day missing from a list stops there however long the interval.
    static func days(from start: LocalDateTime, to end: LocalDateTime) -> some Sequence<LocalDate> {
        let first = start.date.at(LocalTime(hour: 0, minute: 0)).secondsSinceEpochAsUTC
        let last = end > start ? end.secondsSinceEpochAsUTC - 1 : start.secondsSinceEpochAsUTC
        return stride(from: first, through: last, by: 86_400).lazy.map { LocalDateTime(utcSeconds: $0).date }
    }
}
