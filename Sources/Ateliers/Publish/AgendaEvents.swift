import ICal

/// The pieces of one publication that personal agendas are composed from: each session's rendered VEVENT by id
/// (the very bytes of `all.ics`, or with the `--alarm` VALARM), the cancelled events still in their grace period,
/// one calendar header and the shared VTIMEZONE.
///
/// An agenda stores session ids; its feed is a lookup per pick and a concatenation, never a libical call.
public struct AgendaEvents: Sendable {
    /// The calendar header of every personal feed (rendered once by libical).
    var header: [UInt8]
    var timezone: [UInt8]
    /// Each scheduled session's VEVENT, by session id.
    var events: [String: [UInt8]]
    /// Cancelled events still published, by the id of the session they were (from their `UID`).
    var cancelled: [String: [UInt8]]
    /// Each scheduled session's place on the time line, by id.
    public var placement: [String: ScheduledSession]
    /// The newest `LAST-MODIFIED` of the events, by session id (current and cancelled).
    var lastModified: [String: Int64]

    /// Nothing to compose from (a publication made by hand).
    public init() {
        header = []
        timezone = []
        events = [:]
        cancelled = [:]
        placement = [:]
        lastModified = [:]
    }

    init(
        header: [UInt8], timezone: [UInt8], events: [String: [UInt8]], cancelled: [String: [UInt8]],
        placement: [String: ScheduledSession], lastModified: [String: Int64]
    ) {
        self.header = header
        self.timezone = timezone
        self.events = events
        self.cancelled = cancelled
        self.placement = placement
        self.lastModified = lastModified
    }

    /// Whether the session is in the programme now (scheduled): a pick of another id is "removed".
    public func isScheduled(_ id: String) -> Bool { events[id] != nil }

    /// The personal feed of these picks: the scheduled ones by start then id, then those cancelled within their
    /// grace period; picks of sessions gone for good are left out.
    /// - Complexity: O(k log k + bytes of the feed) for k picks.
    public func feed(picks: [String]) -> [UInt8] {
        let current = Set(picks).compactMap { id in placement[id].map { (id, $0.start) } }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        let gone = Set(picks).filter { events[$0] == nil && cancelled[$0] != nil }.sorted()
        var output = header + timezone
        for (id, _) in current { output += events[id] ?? [] }
        for id in gone { output += cancelled[id] ?? [] }
        output += RenderedFeeds.footer
        return output
    }

    /// The newest `LAST-MODIFIED` among the picks' events, if any.
    public func lastModified(picks: [String]) -> Int64? { picks.compactMap { lastModified[$0] }.max() }

    /// The picks that overlap another pick, as groups connected by overlaps (the check's sweep line: back to back
    /// is fine), each group by start then id.
    /// - Complexity: O(k log k) for k picks.
    public func clashes(among picks: [String]) -> [[String]] {
        var ids: [Int: String] = [:]
        let items = Set(picks).compactMap { id -> ScheduledSession? in
            guard let item = placement[id] else { return nil }
            ids[item.index] = id
            return item
        }.sorted { ($0.start, ids[$0.index] ?? "") < ($1.start, ids[$1.index] ?? "") }
        return ClashSweep.groups(in: items).map { group in group.members.compactMap { ids[$0.index] } }
    }
}

extension RenderedPublication {
    /// The pieces personal agendas are composed from.
    /// - Complexity: O(n) for n sessions (the byte arrays are shared, not copied).
    public var agendaEvents: AgendaEvents {
        let context = checked.context
        let rendered = feeds.alarmEvents ?? feeds.events
        var events: [String: [UInt8]] = [:]
        var placement: [String: ScheduledSession] = [:]
        var lastModified: [String: Int64] = [:]
        let programme = context.programme
        for item in context.scheduled {
            let session = programme.sessions[item.index]
            guard events[session.id] == nil, !rendered[item.index].isEmpty else { continue }
            events[session.id] = rendered[item.index]
            placement[session.id] = item
            let uid = EventText.uid(of: session, in: programme)
            lastModified[session.id] = history.events[uid]?.lastModified ?? checked.stamp
        }
        var cancelled: [String: [UInt8]] = [:]
        let suffix = "@\(programme.uidDomain)"
        for (number, entry) in history.cancelled.enumerated()
        where number < feeds.cancelledEvents.count && entry.event.uid.hasSuffix(suffix) {
            let id = String(entry.event.uid.dropLast(suffix.count))
            guard events[id] == nil else { continue }
            cancelled[id] = feeds.cancelledEvents[number]
            lastModified[id] = entry.event.lastModified ?? checked.stamp
        }
        return AgendaEvents(
            header: feeds.agendaHeader, timezone: feeds.timezone, events: events, cancelled: cancelled,
            placement: placement, lastModified: lastModified)
    }
}
