public import ICal

/// The kinds of feed Ateliers writes.
public enum FeedKind: String, Sendable, Hashable, CaseIterable {
    case all, track, room, speaker, day, attendee
}

/// One feed to write: which sessions, under which name and path.
public struct Feed: Sendable, Hashable {
    public var kind: FeedKind
    /// The calendar's display name.
    public var name: String
    /// Relative path: `all.ics`, `room/amphi-g-berger.ics`.
    public var path: String
    /// Session ids, by start then id: ids, not positions, so that a feed keeps its meaning across programme
    /// versions.
    public var sessions: [String]
}

/// The feeds of a programme: `all`, one per track, room, speaker and day.
public struct FeedPlan: Sendable {
    public var feeds: [Feed]

    /// - Parameters:
    ///   - context: the checked programme; only its scheduled sessions with a valid interval go into feeds.
    ///   - kinds: which kinds to plan.
    /// File names come from ``FeedNames``: the identities the check uses, never two in one file.
    /// - Complexity: O(n·p log n) for n sessions with p people each.
    public init(_ context: CheckContext, kinds: Set<FeedKind>) {
        let programme = context.programme
        let names = context.feedNames
        let eventName = programme.event.name ?? "Programme"
        let ordered = context.scheduled.map(\.index)
        let id = { (index: Int) in programme.sessions[index].id }
        var feeds: [Feed] = []
        if kinds.contains(.all) {
            feeds.append(Feed(kind: .all, name: eventName, path: "all.ics", sessions: ordered.map(id)))
        }
        /// Sessions grouped by identity, one feed per identity, by path.
        func grouped(_ kind: FeedKind, _ keys: (Session) -> [(identity: String, name: String)]) {
            guard kinds.contains(kind) else { return }
            var members: [String: [Int]] = [:]
            var display: [String: String] = [:]
            for index in ordered {
                for (identity, name) in keys(programme.sessions[index]) {
                    if members[identity]?.last != index { members[identity, default: []].append(index) }
                    if display[identity] == nil { display[identity] = name }
                }
            }
            let path = { (identity: String) in
                kind == .day ? "day/\(identity).ics" : names.path(kind, identity)
            }
            for (identity, sessions) in members.sorted(by: { path($0.key) < path($1.key) }) {
                feeds.append(
                    Feed(
                        kind: kind, name: "\(eventName) · \(display[identity] ?? identity)", path: path(identity),
                        sessions: sessions.map(id)))
            }
        }
        grouped(.track) { session in session.track.map { [($0, names.name(.track, $0))] } ?? [] }
        grouped(.room) { session in session.room.map { [($0, names.name(.room, $0))] } ?? [] }
        grouped(.speaker) { session in session.people.map { ($0.key, $0.name) } }
        grouped(.day) { session in session.slot.map { [($0.start.date.description, $0.start.date.description)] } ?? [] }
        if kinds.contains(.attendee) {
            for attendee in context.attendees {
                let picks = attendee.picks.compactMap { context.placement(ofID: $0) }
                    .sorted {
                        ($0.start, programme.sessions[$0.index].id) < ($1.start, programme.sessions[$1.index].id)
                    }
                feeds.append(
                    Feed(
                        kind: .attendee, name: "Agenda of \(attendee.name ?? attendee.id) · \(eventName)",
                        path: names.path(.attendee, attendee.id), sessions: picks.map { id($0.index) }))
            }
        }
        self.feeds = feeds
    }
}

extension FeedPlan {
    /// Keeps publishing, empty, the feeds a previous export wrote that this plan no longer has (a room or speaker
    /// left the programme): a feed that vanishes leaves its subscribers' calendars stale, an empty one clears them.
    public mutating func retainPrevious(_ paths: some Sequence<String>, eventName: String?) {
        let current = Set(feeds.map(\.path))
        for path in paths.sorted() where !current.contains(path) {
            feeds.append(Feed.orphan(path: path, eventName: eventName ?? "Programme"))
        }
    }
}

extension Feed {
    /// A feed that only carries cancellations: its last session left the programme.
    static func orphan(path: String, eventName: String) -> Feed {
        let kind = FeedKind(rawValue: String(path.prefix { $0 != "/" && $0 != "." })) ?? .all
        let key = path.split(separator: "/").last.map { String($0.dropLast(4)) } ?? path
        return Feed(kind: kind, name: kind == .all ? eventName : "\(eventName) · \(key)", path: path, sessions: [])
    }
}

extension FeedHistory {
    /// This export's events and the non-personal feeds each is in, for ``update(previous:current:now:fixedStamp:)``.
    public static func currentEvents(_ context: CheckContext, plan: FeedPlan, stamp: Int64) -> [(
        event: EventSpec, feeds: [String]
    )] {
        var feeds = [[String]](repeating: [], count: context.programme.sessions.count)
        for feed in plan.feeds where feed.kind != .attendee {
            for session in feed.sessions {
                if let index = context.indexOfID[session] { feeds[index].append(feed.path) }
            }
        }
        return context.scheduled.compactMap { item in
            EventText.spec(for: context.session(item), in: context.programme, stamp: stamp).map {
                ($0, feeds[item.index])
            }
        }
    }
}
