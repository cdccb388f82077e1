import ICal

/// A programme laid out as grids, one a day: rooms as columns, time as rows, clashes marked. No HTML here.
///
/// Times are the sessions' wall clocks in the programme's zone. A session that goes on after midnight is placed
/// on the day it starts and stops at midnight, flagged ``TimetableBlock/continuesNextDay``: a grid shows each
/// session once, where people look for it first. All-day sessions go in a band above the grid of every day they
/// cover (of the days that have sessions).
public struct Timetable: Sendable, Hashable {
    /// By date; a day has at least one session starting on it or an all-day session covering it.
    public var days: [TimetableDay]
    /// Positions of the sessions that are on no grid: unscheduled, or ending before they start.
    public var unplaced: [Int]

    /// The rules whose diagnostics mark blocks.
    public static let clashRules: Set<String> = ["room-clash", "speaker-clash"]

    public init(days: [TimetableDay], unplaced: [Int]) {
        self.days = days
        self.unplaced = unplaced
    }

    /// Lays out every day of a checked programme.
    /// - Parameters:
    ///   - context: the programme and its sessions on the time line.
    ///   - diagnostics: the check's findings; room and speaker clashes mark the blocks of their sessions.
    ///   - maxRows: the most rows a day may have; rows are made longer until the day fits.
    /// - Complexity: O(n log n) for n sessions (plus the all-day sessions' days).
    public init(_ context: CheckContext, diagnostics: [Diagnostic], maxRows: Int = 300) {
        var clashes: [String: [TimetableClash]] = [:]
        for diagnostic in diagnostics where Self.clashRules.contains(diagnostic.rule) {
            let clash = TimetableClash(
                rule: diagnostic.rule, severity: diagnostic.severity, message: diagnostic.message)
            for id in Set(diagnostic.sessions.map(\.id)) { clashes[id, default: []].append(clash) }
        }
        let sessions = context.programme.sessions
        var timed: [LocalDate: [Int]] = [:]
        var allDay: [Int] = []
        var placed = [Bool](repeating: false, count: sessions.count)
        for item in context.scheduled {
            guard let slot = sessions[item.index].slot, slot.start.isValid, slot.end.isValid else { continue }
            placed[item.index] = true
            if sessions[item.index].allDay {
                allDay.append(item.index)
            } else {
                timed[slot.start.date, default: []].append(item.index)
            }
        }
        var dates = Set(timed.keys)
        for index in allDay { if let slot = sessions[index].slot { dates.insert(slot.start.date) } }
        let sortedDates = dates.sorted()

        // Each all-day session on every listed day from its start to the day before its end (its own day at least).
        var bands: [LocalDate: [TimetableBand]] = [:]
        for index in allDay {
            guard let slot = sessions[index].slot else { continue }
            var position = Self.firstIndex(in: sortedDates, notBefore: slot.start.date)
            while position < sortedDates.count {
                let date = sortedDates[position]
                guard date == slot.start.date || date < slot.end.date else { break }
                let session = sessions[index]
                bands[date, default: []].append(
                    TimetableBand(session: index, id: session.id, clashes: clashes[session.id] ?? []))
                position += 1
            }
        }

        let layout = DayLayout(programme: context.programme, clashes: clashes, maxRows: maxRows)
        self.days = sortedDates.map { date in
            var day = layout.day(date, sessions: timed[date] ?? [])
            day.allDay = (bands[date] ?? []).sorted { ($0.id, $0.session) < ($1.id, $1.session) }
            return day
        }
        self.unplaced = placed.indices.filter { !placed[$0] }
    }

    /// The first position in `dates` (sorted) whose date is on or after `date`.
    /// - Complexity: O(log d).
    static func firstIndex(in dates: [LocalDate], notBefore date: LocalDate) -> Int {
        var low = 0
        var high = dates.count
        while low < high {
            let mid = (low + high) / 2
            if dates[mid] < date { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
