/// A feed offered for subscription, with the three ways calendar apps take it: `webcal://` (Apple Calendar,
/// Outlook, Thunderbird open it and subscribe), the `https://` URL to paste (Google Calendar's "From URL"), and
/// Google's one-click link (its `cid` takes a `webcal://` URL).
public struct FeedSubscription: Sendable, Hashable {
    /// `all`, `track`, `room`, `speaker` or `day`: feeds are grouped by it.
    public var kind: String
    /// What the feed holds: "Whole programme", a room's name…
    public var title: String
    /// The feed's `https://` (or `http://`) URL.
    public var url: String

    public init(kind: String, title: String, url: String) {
        self.kind = kind
        self.title = title
        self.url = url
    }

    /// The same URL with the `webcal` scheme; `nil` when `url` is not `http(s)`.
    public var webcal: String? {
        if url.hasPrefix("https://") { return "webcal://" + url.dropFirst(8) }
        if url.hasPrefix("http://") { return "webcal://" + url.dropFirst(7) }
        return nil
    }

    /// Google Calendar's add-by-URL link.
    public var google: String? {
        webcal.map { "https://calendar.google.com/calendar/render?cid=" + URLComponent.encode($0) }
    }
}

extension Renderer {
    static let kindTitles = [
        "all": "Whole programme", "track": "By track", "room": "By room", "speaker": "By speaker", "day": "By day",
    ]

    /// Every feed, the whole programme first and open, the others grouped by kind in closed `<details>`: a
    /// congress has hundreds of speaker feeds.
    func feeds(_ subscriptions: [FeedSubscription]) -> HTML {
        guard !subscriptions.isEmpty else { return "" }
        var groups: [(String, [FeedSubscription])] = []
        for kind in ["all", "track", "room", "speaker", "day"] {
            let members = subscriptions.filter { $0.kind == kind }
            if !members.isEmpty { groups.append((kind, members)) }
        }
        let sections = groups.map { kind, members -> HTML in
            let rows = members.map(feedRow).joined()
            return """
                <details class="feed-group"\(kind == "all" ? " open" : "")>
                <summary>\(Self.kindTitles[kind] ?? kind) (\(members.count))</summary>
                <ul class="feed-list">
                \(rows)</ul>
                </details>

                """
        }
        return """
            <section class="subscribe" aria-labelledby="subscribe-title">
            <h2 id="subscribe-title">Subscribe</h2>
            <p class="note-text">Calendar apps poll a subscribed feed (Google about twice a day, Apple as often as you
            choose): changes reach you then, not at once.</p>
            \(sections)</section>

            """
    }

    func feedRow(_ feed: FeedSubscription) -> HTML {
        guard let webcal = feed.webcal, let google = feed.google else {
            return "<li>\(feed.title): <code>\(feed.url)</code></li>\n"
        }
        return """
            <li><span class="feed-title">\(feed.title)</span> \
            <a href="\(webcal)">Apple, Outlook, Thunderbird</a> · \
            <a href="\(google)">Google Calendar</a> · \
            <code>\(feed.url)</code></li>

            """
    }
}
