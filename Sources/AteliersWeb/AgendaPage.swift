public import Ateliers

/// The agenda builder's page: the programme by day with a checkbox per session, the clashes among the picks, the
/// picks that left the programme, and the personal feed's URLs.
///
/// It works without JavaScript (the form posts the ticked ids and the answer is this page again, clashes
/// listed); a small inline script with the page's nonce flags at once a session that overlaps a ticked one.
/// No `style` attribute, no request to another host: it runs under `default-src 'none'`.
public enum AgendaPage {
    public struct Options: Sendable, Hashable {
        /// Where the form posts: the agenda's own path (`/agendas/<token>`).
        public var action: String
        /// The personal feed for Apple Calendar, Outlook, Thunderbird (`webcal://…/agendas/<token>.ics`).
        public var webcalURL: String
        /// The same feed for Google Calendar's "From URL" and for copying (`https://…/agendas/<token>.ics`).
        public var httpURL: String
        /// The `nonce` of the page's `<style>` and `<script>` for its `Content-Security-Policy`.
        public var nonce: String
        /// Says "Saved." at the top (the answer to a form post).
        public var saved: Bool

        public init(action: String, webcalURL: String, httpURL: String, nonce: String, saved: Bool = false) {
            self.action = action
            self.webcalURL = webcalURL
            self.httpURL = httpURL
            self.nonce = nonce
            self.saved = saved
        }
    }

    /// The whole page.
    /// - Parameters:
    ///   - programme: the programme served now.
    ///   - events: its sessions' places on the time line (the clash check's instants).
    ///   - picks: the agenda's session ids; those no longer in the programme are listed as removed.
    /// - Complexity: O(n·k + n log n) for n sessions and k picks.
    public static func render(programme: Programme, events: AgendaEvents, picks: [String], options: Options)
        -> String
    {
        render(Template(programme: programme, events: events), picks: picks, options: options)
    }

    /// The whole page from a template made once per publication.
    /// - Complexity: O(n·k) for n sessions and k picks, with the sessions' markup copied, not rendered.
    public static func render(_ template: Template, picks: [String], options: Options) -> String {
        AgendaRenderer(template: template, picks: picks, options: options).page().markup
    }

    /// What the page shows of the programme, rendered once: the days, and for each session every byte of its row
    /// but the clash class, the `checked` attribute and the flag's words, which depend on the picks.
    public final class Template: Sendable {
        struct Row: Sendable {
            let id: String
            let start: Int64
            let end: Int64
            /// `<input …` up to its `data-end` attribute.
            let input: String
            /// `><label …` up to the flag's `<span>`.
            let label: String
        }

        struct Day: Sendable {
            /// The section's opening, up to its list's.
            let opening: String
            let rows: [Row]
        }

        let programme: Programme
        let events: AgendaEvents
        let days: [Day]
        let sessions: [String: Session]

        /// - Complexity: O(n log n) for n sessions.
        public init(programme: Programme, events: AgendaEvents) {
            self.programme = programme
            self.events = events
            sessions = Dictionary(programme.sessions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let renderer = AgendaRenderer(programme: programme)
            days = renderer.days(events).map { day in
                let opening: HTML = """
                    <section class="day" aria-labelledby="day-\(day.date.description)">
                    <h2 id="day-\(day.date.description)">\(day.date.longName)</h2>
                    <ul class="sessions">

                    """
                let rows = day.sessions.map { entry in
                    let (session, item) = entry
                    let room = programme.room(session.room)?.name
                    let details = [room, session.kind].compactMap { $0 }.joined(separator: " · ")
                    let checkbox = "session-\(URLComponent.encode(session.id))"
                    let input: HTML = """
                        <input type="checkbox" name="session" value="\(session.id)" id="\(checkbox)" \
                        data-start="\(Int(item.start))" data-end="\(Int(item.end))"
                        """
                    let whereSpan =
                        details.isEmpty
                        ? "" : HTML(stringLiteral: " <span class=\"where\">") + HTML(text: details) + "</span>"
                    let label: HTML = """
                        ><label for="\(checkbox)"><span class="time">\(renderer.when(session, withDay: false))</span> \
                        <span class="title">\(session.title)</span>\(whereSpan)<span class="flag">
                        """
                    return Row(
                        id: session.id, start: item.start, end: item.end, input: input.markup, label: label.markup)
                }
                return Day(opening: opening.markup, rows: rows)
            }
        }
    }

    /// `GET /agendas`: what an agenda is, and the button that makes one.
    public static func start(programme: Programme, action: String, nonce: String) -> String {
        let name = programme.event.name ?? "Programme"
        let page: HTML = """
            \(agendaHead(name: name, nonce: nonce))
            </header>
            <main>
            <p>Pick the sessions you will attend, see at once which ones overlap, and subscribe to your own calendar \
            feed. No account: your agenda gets a secret address; keep it, and share it only with whom should see or \
            change your agenda.</p>
            <form method="post" action="\(action)"><button type="submit">Start my agenda</button></form>
            </main>
            </body>
            </html>

            """
        return page.markup
    }
}

/// Builds the agenda page; every programme text goes through ``HTML`` interpolation.
struct AgendaRenderer {
    let programme: Programme
    var template: AgendaPage.Template?
    var picks: [String] = []
    var options = AgendaPage.Options(action: "", webcalURL: "", httpURL: "", nonce: "")

    /// For the template: the days and the sessions' times.
    init(programme: Programme) { self.programme = programme }

    init(template: AgendaPage.Template, picks: [String], options: AgendaPage.Options) {
        self.programme = template.programme
        self.template = template
        self.picks = picks
        self.options = options
    }

    var eventName: String { programme.event.name ?? "Programme" }

    /// Scheduled sessions by start then id, grouped by the day they start.
    func days(_ events: AgendaEvents) -> [(date: LocalDate, sessions: [(session: Session, item: ScheduledSession)])] {
        var seen = Set<String>()
        let placed = programme.sessions.compactMap { session -> (Session, ScheduledSession)? in
            guard session.slot != nil, let item = events.placement[session.id], seen.insert(session.id).inserted
            else { return nil }
            return (session, item)
        }.sorted { ($0.1.start, $0.0.id) < ($1.1.start, $1.0.id) }
        var days: [(date: LocalDate, sessions: [(session: Session, item: ScheduledSession)])] = []
        for (session, item) in placed {
            guard let date = session.slot?.start.date else { continue }
            if days.last?.date != date { days.append((date, [])) }
            days[days.count - 1].sessions.append((session, item))
        }
        return days
    }

    func page() -> HTML {
        guard let template else { return "" }
        let events = template.events
        let picked = Set(picks)
        let groups = events.clashes(among: picks)
        let inClash = Set(groups.flatMap { $0 })
        let pickedItems = picks.compactMap { events.placement[$0] }
        let removed = picks.filter { !events.isScheduled($0) }
        var dayList = ""
        dayList.reserveCapacity(template.days.reduce(0) { $0 + $1.rows.count * 400 })
        for day in template.days {
            dayList += day.opening
            for row in day.rows {
                let isPicked = picked.contains(row.id)
                let overlapsPick =
                    !isPicked
                    && pickedItems.contains { $0.start < row.end && row.start < $0.end && row.end > row.start }
                let flag = isPicked ? inClash.contains(row.id) : overlapsPick
                dayList += flag ? "<li class=\"session clash\">" : "<li class=\"session\">"
                dayList += row.input
                if isPicked { dayList += " checked" }
                dayList += row.label
                dayList += isPicked ? "clashes with another pick" : "overlaps one of your picks"
                dayList += "</span></label></li>\n"
            }
            dayList += "</ul>\n</section>\n"
        }
        let saved: HTML = options.saved ? "<p class=\"saved\" role=\"status\">Saved.</p>\n" : ""
        return """
            \(agendaHead(name: eventName, nonce: options.nonce))
            <p class="summary">\(pluralized(picked.count, "session")) picked. This page's address is the key to your \
            agenda: bookmark it, and share it only with whom may change it.</p>
            \(saved)\(feed())</header>
            <main>
            \(clashList(groups, titles: template.sessions))\(removedList(removed))<form method="post" \
            action="\(options.action)" class="picks">
            \(HTML(stringLiteral: dayList))<div class="actions"><button type="submit">Save my agenda</button></div>
            </form>
            </main>
            <script nonce="\(options.nonce)">\(AgendaStyle.script)</script>
            </body>
            </html>

            """
    }

    func feed() -> HTML {
        """
        <section class="subscribe" aria-labelledby="subscribe-title">
        <h2 id="subscribe-title">Your calendar feed</h2>
        <ul>
        <li><a id="feed-webcal" href="\(options.webcalURL)">Subscribe (Apple Calendar, Outlook, Thunderbird)</a></li>
        <li>Google Calendar, "From URL", or to copy: <a id="feed-url" href="\(options.httpURL)">\(options.httpURL)</a>\
        </li>
        </ul>
        </section>

        """
    }

    func clashList(_ groups: [[String]], titles: [String: Session]) -> HTML {
        guard !groups.isEmpty else {
            return "<section id=\"clashes\" class=\"clashes none\"><p>No clashes among your picks.</p></section>\n"
        }
        let items = groups.map { group -> HTML in
            let names = group.map { id -> HTML in
                guard let session = titles[id] else { return HTML(text: id) }
                return "«\(session.title)» (\(when(session)))"
            }.joined(separator: ", ")
            return "<li>\(names) overlap.</li>\n"
        }
        return """
            <section id="clashes" class="clashes" aria-labelledby="clashes-title">
            <h2 id="clashes-title">\(pluralized(groups.count, "clash", "clashes")) among your picks</h2>
            <ul>
            \(items)</ul>
            </section>

            """
    }

    func removedList(_ removed: [String]) -> HTML {
        guard !removed.isEmpty else { return "" }
        let items = removed.map { "<li><code>\($0)</code>: removed from the programme</li>\n" as HTML }
        return """
            <section id="removed" class="removed" aria-labelledby="removed-title">
            <h2 id="removed-title">Removed from the programme</h2>
            <ul>
            \(items)</ul>
            </section>

            """
    }

    /// `Tue 19 Sep 09:00–10:30`, with the end's day when it ends on another day.
    func when(_ session: Session, withDay: Bool = true) -> String {
        guard let slot = session.slot else { return "" }
        let start = slot.start
        let end = slot.end
        let day = withDay ? "\(start.date.shortName) " : ""
        if start == end { return "\(day)\(start.time)" }
        if end.date == start.date { return "\(day)\(start.time)–\(end.time)" }
        if end.date == start.date.next && end.time == LocalTime(hour: 0, minute: 0) {
            return "\(day)\(start.time)–24:00"
        }
        return "\(day)\(start.time)–\(end.date.shortName) \(end.time)"
    }
}

/// The opening of both agenda pages, up to their header's title: no referrer leaves, only the page's own style
/// sheet applies.
func agendaHead(name: String, nonce: String) -> HTML {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>My agenda · \(name)</title>
    <style nonce="\(nonce)">\(AgendaStyle.css)</style>
    </head>
    <body>
    <header class="page-header">
    <h1>My agenda · \(name)</h1>
    """
}
