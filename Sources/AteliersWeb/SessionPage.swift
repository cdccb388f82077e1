public import Ateliers

/// One session's page: its title, time, room, speakers and description, an "Add to calendar" link to a calendar
/// of that one session, and the feeds it is in. Same style sheet and escaping as ``TimetablePage``.
public enum SessionPage {
    public struct Options: Sendable, Hashable {
        /// The `.ics` of this one session (relative to the page).
        public var calendarURL: String
        /// The programme page (relative to the page).
        public var programmeURL: String
        /// The feeds the session is in.
        public var feeds: [FeedSubscription]
        /// A `nonce` for the page's `<style>` element.
        public var styleNonce: String?

        public init(
            calendarURL: String, programmeURL: String = "../", feeds: [FeedSubscription] = [],
            styleNonce: String? = nil
        ) {
            self.calendarURL = calendarURL
            self.programmeURL = programmeURL
            self.feeds = feeds
            self.styleNonce = styleNonce
        }
    }

    /// - Parameters:
    ///   - clashes: the room and speaker clashes the session takes part in.
    public static func render(
        _ session: Session, programme: Programme, clashes: [TimetableClash], options: Options
    ) -> String {
        let renderer = Renderer(
            programme: programme,
            options: TimetablePage.Options(links: .anchors, styleNonce: options.styleNonce))
        let when =
            session.slot.map {
                session.allDay
                    ? "\($0.start.date.longName), all day"
                    : "\($0.start.date.longName), \(renderer.when(start: $0.start, end: $0.end))"
            } ?? "Not scheduled"
        let nonce: HTML = options.styleNonce.map { " nonce=\"\($0)\"" } ?? ""
        let event = programme.event.name ?? "Programme"
        let add: HTML =
            session.slot == nil
            ? "" : "<p class=\"add\"><a href=\"\(options.calendarURL)\">Add to calendar (.ics)</a></p>\n"
        let page: HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(session.title) · \(event)</title>
            <style\(nonce)>\(TimetableStyle.css)</style>
            </head>
            <body>
            <header class="page-header">
            <p class="summary"><a href="\(options.programmeURL)">\(event)</a></p>
            </header>
            <main class="session-page">
            \(add)\(renderer.details(session, when: when, clashes: clashes))\(renderer.feeds(options.feeds))</main>
            </body>
            </html>

            """
        return page.markup
    }
}
