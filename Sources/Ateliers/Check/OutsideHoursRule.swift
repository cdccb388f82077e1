import ICal

/// A session outside the event's days (`event.dates`), outside its daily hours (`event.hours`), or outside its
/// room's opening windows (`rooms[].open`): one diagnostic per session, for the first of these it fails.
public struct OutsideHoursRule: Rule {
    public init() {}
    public var name: String { "outside-hours" }
    public var severity: Diagnostic.Severity { .error }

    public var explanation: String {
        RuleCatalogue.explanation(
            """
            Reports a session held outside the event's days (event.dates), outside the event's daily hours
            (event.hours), or outside its room's opening windows (rooms[].open). Times are compared as wall clocks,
            so a day when the clocks change is like any other; a session across midnight needs windows on both days
            (one open until 24:00, one from 00:00). A window without a date holds on every day that has no dated
            window of its own; a dated window replaces them on its day. All-day sessions are checked against the
            event's days only. Each session gets one finding, for the first of the three checks it fails.
            """, name: name, severity: severity,
            acknowledging: (["late"], "the hall stays open late for this session"),
            example: "p.yaml:5: error[outside-hours]: 'late' «Late session» at 2023-09-19 17:30–18:30 is"
                + " outside the opening hours of Poster hall (2023-09-19: 08:30–18:00)")
    }

    /// - Complexity: O(n·w) for n sessions and w windows on each session's days.
    public func check(_ context: CheckContext) -> [Diagnostic] {
        let event = context.programme.event
        let eventDays = Set(event.dates)
        let hours = event.hours.map { WindowCoverage(hours: $0) }.flatMap { $0.isAlwaysOpen ? nil : $0 }
        var rooms: [String: (room: Room, open: WindowCoverage)] = [:]
        for room in context.programme.rooms where !room.open.isEmpty && rooms[room.id] == nil {
            rooms[room.id] = (room, WindowCoverage(room.open))
        }
        guard !eventDays.isEmpty || hours != nil || !rooms.isEmpty else { return [] }
        return context.scheduled.compactMap { item in
            let session = context.session(item)
            guard let slot = session.slot, slot.end >= slot.start else { return nil }
            func finding(_ message: String, room: String? = nil, also: SourceLocation? = nil) -> Diagnostic {
                Diagnostic(
                    rule: name, severity: severity, message: message, sessions: [.init(session)], room: room,
                    start: item.start, end: item.end, sources: [session.timeLocation, also].compactMap { $0 })
            }
            let days = WindowCoverage.days(from: slot.start, to: slot.end)
            if !eventDays.isEmpty, let missing = days.first(where: { !eventDays.contains($0) }) {
                return finding(
                    "\(context.name(session)) \(missing == slot.start.date ? "is on" : "runs into") \(missing),"
                        + " which is not one of the event's days (\(Self.describe(event.dates)))")
            }
            if session.allDay { return nil }
            let when = context.describe(start: item.start, end: item.end)
            if let hours, !hours.covers(from: slot.start, to: slot.end), let open = event.hours {
                let close = open.close == LocalTime(hour: 23, minute: 59) ? "24:00" : open.close.description
                return finding(
                    "\(context.name(session)) at \(when) is outside the event's hours (\(open.open)–\(close))")
            }
            if let room = session.room.flatMap({ rooms[$0] }), !room.open.covers(from: slot.start, to: slot.end) {
                return finding(
                    "\(context.name(session)) at \(when) is outside the opening hours of \(room.room.name)"
                        + " (\(room.open.describe(Array(days.prefix(4)), none: "closed")))",
                    room: room.room.name, also: room.room.open.first?.source)
            }
            return nil
        }
    }

    /// `2023-09-19 to 2023-09-21, 2023-09-23`: runs of consecutive days, at most five, then `…`.
    static func describe(_ dates: [LocalDate]) -> String {
        var runs: [(LocalDate, LocalDate)] = []
        for day in Set(dates).sorted() {
            if let last = runs.last, WindowCoverage.day(before: day) == last.1 {
                runs[runs.count - 1].1 = day
            } else {
                runs.append((day, day))
            }
        }
        let shown = runs.prefix(5).map { $0 == $1 ? "\($0)" : "\($0) to \($1)" }
        return shown.joined(separator: ", ") + (runs.count > 5 ? ", …" : "")
    }
}
