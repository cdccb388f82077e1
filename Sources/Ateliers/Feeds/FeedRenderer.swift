public import ICal

/// A feed's finished bytes.
public struct RenderedFeed: Sendable {
    public var feed: Feed
    public var text: String
}

/// Renders feeds: each session's VEVENT once, one compact VTIMEZONE, then every feed composed from those bytes.
public struct FeedRenderer: Sendable {
    public static let productID = "-//Ateliers//Ateliers 0.1//EN"
    /// How often clients should poll: feeds are designed for hours of staleness.
    public static let refreshInterval = 3_600

    public var library: ICalLibrary

    public init(library: ICalLibrary = .shared) { self.library = library }

    /// - Parameters:
    ///   - context: the checked programme.
    ///   - plan: which feeds.
    ///   - stamp: `DTSTAMP` and `LAST-MODIFIED` of every event, in seconds since the epoch.
    /// - Complexity: O(n) libical event renderings plus O(f) header renderings; the rest is concatenation.
    public func render(_ context: CheckContext, plan: FeedPlan, stamp: Int64) async -> [RenderedFeed] {
        let programme = context.programme
        let specs = context.scheduled.compactMap {
            EventText.spec(for: programme.sessions[$0.index], in: programme, stamp: stamp)
        }
        let rendered = await library.render(events: specs)
        var eventText: [Int: String] = [:]
        for (item, text) in zip(context.scheduled, rendered) { eventText[item.index] = text }

        let span = (context.scheduled.map(\.start).min() ?? 0)...(context.scheduled.map(\.end).max() ?? 0)
        let timezone = await library.renderTimeZone(context.zone, covering: span)
        let headers = await library.render(
            headers: plan.feeds.map {
                CalendarHeaderSpec(
                    productID: Self.productID, name: $0.name, timeZone: programme.timeZoneID,
                    refreshInterval: Self.refreshInterval)
            })
        return zip(plan.feeds, headers).map { feed, header in
            var text = header + timezone
            for index in feed.sessions { text += eventText[index] ?? "" }
            text += ICalLibrary.calendarFooter
            return RenderedFeed(feed: feed, text: text)
        }
    }
}
