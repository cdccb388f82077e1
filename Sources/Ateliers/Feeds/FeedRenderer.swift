public import ICal

/// The rendered pieces of a set of feeds, ready to be composed one feed at a time.
///
/// Each session's VEVENT is rendered once (twice with alarms, for personal feeds); a feed is its header, the
/// shared VTIMEZONE, its events' bytes and the footer, so ten thousand agendas cost concatenation, not libical.
public struct RenderedFeeds: Sendable {
    public var plan: FeedPlan
    var headers: [[UInt8]]
    var timezone: [UInt8]
    var events: [[UInt8]]
    /// Events with a VALARM, for personal feeds, when an alarm was asked for.
    var alarmEvents: [[UInt8]]?
    /// Cancelled events, and for each feed which of them it carries.
    var cancelledEvents: [[UInt8]] = []
    var cancelledInFeed: [[Int]] = []
    static let footer = Array(ICalLibrary.calendarFooter.utf8)
    /// The position of each session id in the programme's sessions (and in `events`).
    var indexOfID: [String: Int] = [:]
    /// The calendar header of the agenda builder's personal feeds, when they were asked for.
    var agendaHeader: [UInt8] = []

    /// The bytes of the feed at `index` in the plan.
    /// - Complexity: O(bytes of the feed).
    public func bytes(of index: Int) -> [UInt8] {
        let feed = plan.feeds[index]
        let events = feed.kind == .attendee ? (alarmEvents ?? self.events) : self.events
        let cancelled = index < cancelledInFeed.count ? cancelledInFeed[index] : []
        var size = headers[index].count + timezone.count + Self.footer.count
        let positions = feed.sessions.compactMap { indexOfID[$0] }
        for session in positions { size += events[session].count }
        for event in cancelled { size += cancelledEvents[event].count }
        var output: [UInt8] = []
        output.reserveCapacity(size)
        output += headers[index]
        output += timezone
        for session in positions { output += events[session] }
        for event in cancelled { output += cancelledEvents[event] }
        output += Self.footer
        return output
    }

    public func text(of index: Int) -> String { String(decoding: bytes(of: index), as: UTF8.self) }
}

/// Renders feeds with libical: each session's VEVENT once, one compact VTIMEZONE, one header per feed.
public struct FeedRenderer: Sendable {
    public static let productID = "-//Ateliers//Ateliers 0.1//EN"
    /// How often clients should poll: feeds are designed for hours of staleness.
    public static let refreshInterval = 3_600

    public var library: ICalLibrary

    public init(library: ICalLibrary = .shared) { self.library = library }

    /// - Parameters:
    ///   - context: the checked programme (and attendees, for personal feeds).
    ///   - plan: which feeds.
    ///   - stamp: `DTSTAMP` and `LAST-MODIFIED` of every event, in seconds since the epoch.
    ///   - alarmMinutesBefore: adds a DISPLAY alarm to the events of personal feeds.
    ///   - publication: sequences, last-modified times and cancellations from ``FeedHistory``; without it every
    ///     event is new (`SEQUENCE:0`, `LAST-MODIFIED` = `stamp`).
    ///   - agendaFeeds: also render the pieces of the agenda builder's personal feeds (their header, and the
    ///     events with alarms when `alarmMinutesBefore` is set).
    /// - Complexity: O(n) libical event renderings and O(f) header renderings for n sessions and f feeds.
    public func render(
        _ context: CheckContext, plan: FeedPlan, stamp: Int64, alarmMinutesBefore: Int? = nil,
        publication: FeedHistory.Update? = nil, agendaFeeds: Bool = false
    ) async -> RenderedFeeds {
        let programme = context.programme
        let scheduled = context.scheduled.map(\.index)
        var plan = plan
        let specs = scheduled.compactMap { index -> EventSpec? in
            guard let spec = EventText.spec(for: programme.sessions[index], in: programme, stamp: stamp) else {
                return nil
            }
            return publication?.events[spec.uid] ?? spec
        }
        var events = [[UInt8]](repeating: [], count: programme.sessions.count)
        for (index, text) in zip(scheduled, await library.render(events: specs)) { events[index] = Array(text.utf8) }
        var alarmEvents: [[UInt8]]?
        if let alarmMinutesBefore, agendaFeeds || plan.feeds.contains(where: { $0.kind == .attendee }) {
            let withAlarm = specs.map {
                var spec = $0
                spec.alarmMinutesBefore = alarmMinutesBefore
                return spec
            }
            var rendered = [[UInt8]](repeating: [], count: programme.sessions.count)
            for (index, text) in zip(scheduled, await library.render(events: withAlarm)) {
                rendered[index] = Array(text.utf8)
            }
            alarmEvents = rendered
        }
        var cancelledInFeed: [[Int]] = []
        var cancelledEvents: [[UInt8]] = []
        var span = (context.scheduled.map(\.start).min() ?? 0)...(context.scheduled.map(\.end).max() ?? 0)
        if let publication, !publication.cancelled.isEmpty {
            var feedIndex = Dictionary(uniqueKeysWithValues: plan.feeds.enumerated().map { ($1.path, $0) })
            cancelledInFeed = Array(repeating: [], count: plan.feeds.count)
            for (number, (event, paths)) in publication.cancelled.enumerated() {
                for path in paths {
                    if feedIndex[path] == nil {
                        // The feed lost its last session: keep publishing it, with the cancellation, for now.
                        feedIndex[path] = plan.feeds.count
                        plan.feeds.append(Feed.orphan(path: path, eventName: programme.event.name ?? "Programme"))
                        cancelledInFeed.append([])
                    }
                    cancelledInFeed[feedIndex[path]!].append(number)
                }
                let start = context.zone.resolve(event.start).instant
                let end = context.zone.resolve(event.end).instant
                span = min(span.lowerBound, start)...max(span.upperBound, end)
            }
            cancelledEvents = await library.render(events: publication.cancelled.map(\.event)).map { Array($0.utf8) }
        }
        let timezone = await library.renderTimeZone(context.zone, covering: span)
        let names = plan.feeds.map(\.name) + (agendaFeeds ? ["My agenda · \(programme.event.name ?? "Programme")"] : [])
        var headers = await library.render(
            headers: names.map {
                CalendarHeaderSpec(
                    productID: Self.productID, name: $0, timeZone: programme.timeZoneID,
                    refreshInterval: Self.refreshInterval)
            })
        let agendaHeader = agendaFeeds ? Array((headers.popLast() ?? "").utf8) : []
        return RenderedFeeds(
            plan: plan, headers: headers.map { Array($0.utf8) }, timezone: Array(timezone.utf8), events: events,
            alarmEvents: alarmEvents, cancelledEvents: cancelledEvents, cancelledInFeed: cancelledInFeed,
            indexOfID: context.indexOfID, agendaHeader: agendaHeader)
    }
}
