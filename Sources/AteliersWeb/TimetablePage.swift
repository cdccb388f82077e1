public import Ateliers

/// The timetable as one HTML5 page: the event's name, its days, and for each day the grid of rooms × time as a
/// CSS grid, with clashes outlined in red and explained on hover and focus. One inline style sheet, no `style`
/// attribute, no script, no request to another host: the page works offline and under a strict
/// `Content-Security-Policy` (`default-src 'none'; style-src 'nonce-…'` with ``Options/styleNonce``).
public enum TimetablePage {
    /// Where a session's links go.
    public enum SessionLinks: Sendable, Hashable {
        /// `<prefix><id>` with the id percent-encoded: the server's session pages (`sessions/` by default).
        case pages(prefix: String)
        /// `#session-<id>`, with each day's sessions in full under its grid: a page read offline.
        case anchors
    }

    /// A calendar feed to subscribe to, shown in the page's header.
    public struct SubscribeLink: Sendable, Hashable {
        public var title: String
        /// `webcal:`, `https:` or `http:`; another scheme is shown as text, not as a link.
        public var url: String

        public init(title: String, url: String) {
            self.title = title
            self.url = url
        }
    }

    public struct Options: Sendable, Hashable {
        public var links: SessionLinks
        public var subscribeLinks: [SubscribeLink]
        /// Feeds to subscribe to, each with its `webcal://`, Google and `https://` forms (the server's page).
        public var feeds: [FeedSubscription]
        /// The agenda builder's page, when the server offers it.
        public var agendaURL: String?
        /// A `nonce` for the page's one `<style>` element, for a `Content-Security-Policy` of
        /// `style-src 'nonce-…'`; the page has no `style` attribute and no script.
        public var styleNonce: String?

        public init(
            links: SessionLinks = .pages(prefix: "sessions/"), subscribeLinks: [SubscribeLink] = [],
            feeds: [FeedSubscription] = [], agendaURL: String? = nil, styleNonce: String? = nil
        ) {
            self.agendaURL = agendaURL
            self.links = links
            self.subscribeLinks = subscribeLinks
            self.feeds = feeds
            self.styleNonce = styleNonce
        }
    }

    /// The whole page.
    /// - Parameters:
    ///   - timetable: laid out from `programme`.
    ///   - programme: the programme the timetable was built from (its sessions' positions).
    /// - Complexity: O(n + r·d + output) for n sessions, r rooms and d days.
    public static func render(_ timetable: Timetable, programme: Programme, options: Options = Options()) -> String {
        let renderer = Renderer(programme: programme, options: options)
        return renderer.page(timetable).markup
    }
}

/// Builds the page's parts; every programme text goes through ``HTML`` interpolation.
struct Renderer {
    let programme: Programme
    let options: TimetablePage.Options
    let placement = GridPlacement()

    var eventName: String { programme.event.name ?? "Programme" }

    func page(_ timetable: Timetable) -> HTML {
        let clashes = Set(timetable.days.flatMap { $0.blocks.flatMap(\.clashes) + $0.allDay.flatMap(\.clashes) })
        let sessionCount = timetable.days.reduce(0) { $0 + $1.blocks.count }
        // The body first: it names the grid positions the style sheet then holds.
        let body: HTML = "\(days(timetable.days))\(unplaced(timetable.unplaced))"
        let nonce: HTML = options.styleNonce.map { " nonce=\"\($0)\"" } ?? ""
        var summary = "\(pluralized(sessionCount, "session")) on \(pluralized(timetable.days.count, "day"))"
        if !clashes.isEmpty { summary += "; \(pluralized(clashes.count, "clash", "clashes")) outlined in red" }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(eventName) · Timetable</title>
            <style\(nonce)>\(TimetableStyle.css)\(placement.css)</style>
            </head>
            <body>
            <header class="page-header">
            <h1>\(eventName)</h1>
            <p class="summary">\(summary)</p>
            \(dayNavigation(timetable.days))\(agendaLink())\(subscribeLinks())\(feeds(options.feeds))</header>
            <main>
            \(body)</main>
            </body>
            </html>

            """
    }

    /// Every day; each session's details go under the first day it is on.
    func days(_ days: [TimetableDay]) -> HTML {
        var listed = Set<Int>()
        return days.enumerated().map { number, day in
            let detailed = (day.allDay.map(\.session) + day.blocks.map(\.session)).filter { listed.insert($0).inserted }
            return self.day(day, number: number, detailed: detailed)
        }.joined()
    }

    func dayNavigation(_ days: [TimetableDay]) -> HTML {
        guard !days.isEmpty else { return "" }
        let wide = days.map { day -> HTML in
            "<li><a href=\"#day-\(day.date.description)\">\(day.date.longName)</a></li>\n"
        }
        let narrow = days.map { day -> HTML in
            "<li><a href=\"#day-\(day.date.description)\">\(day.date.shortName)</a></li>\n"
        }
        return """
            <nav class="days" aria-label="Days">
            <ul class="day-list">
            \(wide)</ul>
            <details class="day-menu">
            <summary>Days (\(days.count))</summary>
            <ul>
            \(narrow)</ul>
            </details>
            </nav>

            """
    }

    func agendaLink() -> HTML {
        guard let url = options.agendaURL else { return "" }
        return
            "<p class=\"agenda-link\"><a href=\"\(url)\">Build my agenda</a>: pick sessions, get a feed of your own</p>\n"
    }

    func subscribeLinks() -> HTML {
        guard !options.subscribeLinks.isEmpty else { return "" }
        let items = options.subscribeLinks.map { link -> HTML in
            let scheme = link.url.prefix { $0 != ":" }.lowercased()
            guard ["https", "http", "webcal"].contains(scheme) else {
                return "<li>\(link.title): <code>\(link.url)</code></li>\n"
            }
            return "<li><a href=\"\(link.url)\">\(link.title)</a></li>\n"
        }
        return """
            <section class="subscribe" aria-labelledby="subscribe-title">
            <h2 id="subscribe-title">Subscribe</h2>
            <ul>
            \(items)</ul>
            </section>

            """
    }

    /// The link to a session's page or its details.
    func href(_ id: String) -> String {
        switch options.links {
        case .pages(let prefix): return prefix + URLComponent.encode(id)
        case .anchors: return "#session-" + URLComponent.encode(id)
        }
    }

    /// `09:00–10:30`, `22:00–24:00`, `23:00–01:30 (ends Wed 20 Sep)`, `12:00`.
    func when(start: LocalDateTime, end: LocalDateTime) -> String {
        guard start != end else { return start.time.description }
        if end.date == start.date { return "\(start.time)–\(end.time)" }
        if end.date == start.date.next && end.time == LocalTime(hour: 0, minute: 0) { return "\(start.time)–24:00" }
        return "\(start.time)–\(end.time) (ends \(end.date.shortName))"
    }

    /// The people of a session, at most `limit` names.
    func people(_ session: Session, limit: Int = 4) -> String {
        let names = session.people.map(\.name)
        let shown = names.prefix(limit).joined(separator: ", ")
        return names.count > limit ? "\(shown) and \(names.count - limit) more" : shown
    }

    func unplaced(_ positions: [Int]) -> HTML {
        guard !positions.isEmpty else { return "" }
        let sessions = positions.map { programme.sessions[$0] }
        if options.links == .anchors {
            return """
                <section class="unplaced" aria-labelledby="unplaced-title">
                <h2 id="unplaced-title">Not on the timetable</h2>
                <p>Unscheduled, or with an end before the start.</p>
                \(sessions.map { details($0, when: "Not scheduled", clashes: []) })</section>

                """
        }
        let items = sessions.map { "<li><a href=\"\(href($0.id))\">\($0.title)</a></li>\n" as HTML }
        return """
            <section class="unplaced" aria-labelledby="unplaced-title">
            <h2 id="unplaced-title">Not on the timetable</h2>
            <ul>
            \(items)</ul>
            </section>

            """
    }
}

func pluralized(_ count: Int, _ word: String, _ words: String? = nil) -> String {
    "\(count) \(count == 1 ? word : words ?? word + "s")"
}
