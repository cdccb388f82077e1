public import Ateliers
import AteliersWeb
import Foundation
internal import HTTPTypes
public import Hummingbird
import ICal
import Synchronization

/// `GET /` (the programme page: the timetable of every day and the feeds to subscribe to), `GET /sessions/<id>`
/// (one session's page) and `GET /sessions/<id>.ics` (a calendar of that one session, to add it).
///
/// Pages are made once per publication version, on first request, and then served from memory.
public struct ProgrammeController<Context: RequestContext>: Sendable {
    let pages: ProgrammePages

    /// - Parameter agendas: whether the server offers the agenda builder (`/agendas`): the page links to it.
    public init(holder: PublicationHolder, baseURL: PublicBaseURL, agendas: Bool = false) {
        pages = ProgrammePages(holder: holder, baseURL: baseURL, agendas: agendas)
    }

    public var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        for method in [HTTPRequest.Method.get, .head] {
            routes.on("/", method: method) { request, _ in
                try pages.respond(to: request, with: pages.current().programme)
            }
            routes.on("sessions/:file", method: method) { request, context in
                let file = context.parameters.get("file") ?? ""
                let current = pages.current()
                if file.hasSuffix(".ics") {
                    guard let calendar = current.calendar(of: ProgrammePages.sessionID(String(file.dropLast(4))))
                    else { throw PlainTextError.notFound }
                    return try pages.respond(to: request, with: calendar)
                }
                guard let page = current.page(of: ProgrammePages.sessionID(file)) else {
                    throw PlainTextError.notFound
                }
                return try pages.respond(to: request, with: page)
            }
        }
        return routes
    }
}

/// The URL the server's pages put before `/feeds/…`: `--base-url`, else the address it listens on, known once it
/// listens (`--port 0` picks a free port). Never the request's `Host`: pages are shared by every visitor, and a
/// forged `Host` would otherwise send them to another site.
public final class PublicBaseURL: Sendable {
    private let stored: Mutex<String>

    public init(_ url: String) {
        stored = Mutex(url.hasSuffix("/") ? String(url.dropLast()) : url)
    }

    public var value: String { stored.withLock { $0 } }

    /// Sets the port the server listens on, when no base URL was given.
    func listening(host: String, port: Int) { stored.withLock { $0 = "http://\(host):\(port)" } }
}

/// The pages of one publication version.
final class ProgrammePages: Sendable {
    /// A response body with its validator.
    struct Document: Sendable {
        let bytes: [UInt8]
        let etag: String
        let contentType: String

        init(_ text: String, contentType: String) {
            bytes = Array(text.utf8)
            etag = "\"\(PublishedFile.hash(bytes))\""
            self.contentType = contentType
        }
    }

    /// What one version shows; session pages and calendars are made on first request.
    final class Version: Sendable {
        let publication: Publication
        let programme: Document
        let nonce: String
        let baseURL: String
        private let timetable: Timetable
        private let sessions: [String: Int]
        private let events: [String: [UInt8]]
        /// The feeds (not personal ones) each UID is in, made on the first session page asked for.
        private let feedsOfUID = Mutex<[String: [String]]?>(nil)
        private let calendarFrame: (header: [UInt8], footer: [UInt8])
        private let made = Mutex<[String: Document]>([:])

        init(_ publication: Publication, baseURL: String, agendas: Bool) {
            self.publication = publication
            self.baseURL = baseURL
            nonce = ProgrammePages.nonce()
            let report = publication.report
            let context = CheckContext(programme: report.programme, zone: report.zone)
            timetable = Timetable(context, diagnostics: report.diagnostics)
            sessions = context.indexOfID
            (calendarFrame, events) = Self.split(publication.file("all.ics")?.bytes ?? [])
            let feeds = publication.paths.compactMap { path -> FeedSubscription? in
                guard let file = publication.file(path), let kind = file.kind, kind != .attendee else { return nil }
                let eventName = report.programme.event.name ?? "Programme"
                let title = kind == .all ? "Whole programme" : String(file.name.dropFirst("\(eventName) · ".count))
                return FeedSubscription(kind: kind.rawValue, title: title, url: "\(baseURL)/feeds/\(path)")
            }
            let page = TimetablePage.render(
                timetable, programme: report.programme,
                options: TimetablePage.Options(
                    links: .pages(prefix: "sessions/"), feeds: feeds, agendaURL: agendas ? "agendas" : nil,
                    styleNonce: nonce))
            programme = Document(page, contentType: "text/html; charset=utf-8")
        }

        /// A session's page.
        func page(of id: String) -> Document? {
            guard let index = sessions[id] else { return nil }
            return made.withLock { made in
                if let known = made["page:" + id] { return known }
                let programme = publication.report.programme
                let session = programme.sessions[index]
                let clashes = timetable.days.flatMap(\.blocks).first { $0.id == id }?.clashes ?? []
                let paths = feeds(of: EventText.uid(of: session, in: programme))
                let eventName = programme.event.name ?? "Programme"
                let feeds = paths.compactMap { path -> FeedSubscription? in
                    guard let file = publication.file(path), let kind = file.kind else { return nil }
                    return FeedSubscription(
                        kind: kind.rawValue, title: String(file.name.dropFirst("\(eventName) · ".count)),
                        url: "\(baseURL)/feeds/\(path)")
                }
                let text = SessionPage.render(
                    session, programme: programme, clashes: clashes,
                    options: SessionPage.Options(
                        calendarURL: URLComponent.encode(id) + ".ics", programmeURL: "../", feeds: feeds,
                        styleNonce: nonce))
                let document = Document(text, contentType: "text/html; charset=utf-8")
                made["page:" + id] = document
                return document
            }
        }

        /// A calendar of one session: the header and `VTIMEZONE` of `all.ics`, the session's event with the very
        /// bytes `all.ics` has, the footer.
        func calendar(of id: String) -> Document? {
            guard let index = sessions[id] else { return nil }
            let uid = EventText.uid(of: publication.report.programme.sessions[index], in: publication.report.programme)
            guard let event = events[uid] else { return nil }
            let bytes = calendarFrame.header + event + calendarFrame.footer
            return Document(String(decoding: bytes, as: UTF8.self), contentType: PublishedFile.calendarType)
        }

        /// Splits a calendar's bytes into its opening (up to the first `VEVENT`), its events by `UID`, and its
        /// closing line. The bytes are libical's; nothing is re-rendered.
        static func split(_ bytes: [UInt8]) -> ((header: [UInt8], footer: [UInt8]), [String: [UInt8]]) {
            let text = String(decoding: bytes, as: UTF8.self)
            let parts = text.components(separatedBy: "BEGIN:VEVENT\r\n")
            guard let header = parts.first, parts.count > 1 else { return ((Array(text.utf8), []), [:]) }
            var events: [String: [UInt8]] = [:]
            for part in parts.dropFirst() {
                guard let end = part.range(of: "END:VEVENT\r\n") else { continue }
                let block = "BEGIN:VEVENT\r\n" + part[..<end.upperBound]
                let unfolded = block.replacingOccurrences(of: "\r\n ", with: "")
                guard let line = unfolded.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("UID:") })
                else { continue }
                events[String(line.dropFirst(4)), default: []] += Array(block.utf8)
            }
            return ((Array(header.utf8), Array(ICalLibrary.calendarFooter.utf8)), events)
        }

        /// The track, room, speaker and day feeds an event is in, in the publication's order.
        /// - Complexity: O(bytes of the feeds) once per version, then a dictionary lookup.
        func feeds(of uid: String) -> [String] {
            feedsOfUID.withLock { index in
                if let index { return index[uid] ?? [] }
                var made: [String: [String]] = [:]
                for path in publication.paths {
                    guard let file = publication.file(path), let kind = file.kind, kind != .attendee, kind != .all
                    else { continue }
                    for uid in Self.split(file.bytes).1.keys { made[uid, default: []].append(path) }
                }
                index = made
                return made[uid] ?? []
            }
        }
    }

    let holder: PublicationHolder
    let baseURL: PublicBaseURL
    let agendas: Bool
    private let version = Mutex<Version?>(nil)

    init(holder: PublicationHolder, baseURL: PublicBaseURL, agendas: Bool) {
        self.holder = holder
        self.baseURL = baseURL
        self.agendas = agendas
    }

    /// The pages of the publication served now, made when it is first asked for.
    func current() -> Version {
        let publication = holder.publication
        if let known = version.withLock({ $0 }), known.publication.version == publication.version { return known }
        let made = Version(publication, baseURL: baseURL.value, agendas: agendas)
        version.withLock { $0 = made }
        return made
    }

    /// `200` with the page (or `304` to a matching `If-None-Match`), with the headers a page needs: no script may
    /// run, only the page's own style sheet applies, no referrer leaves, and no other site may frame it.
    func respond(to request: Request, with document: Document) throws -> Response {
        var headers: HTTPFields = [
            .contentType: document.contentType,
            .eTag: document.etag,
            .cacheControl: "no-cache",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
            HTTPField.Name("Content-Security-Policy")!:
                "default-src 'none'; style-src 'nonce-\(current().nonce)'; img-src 'self'; base-uri 'none';"
                + " form-action 'self'; frame-ancestors 'none'",
            .contentLength: String(document.bytes.count),
        ]
        if let tags = request.headers[.ifNoneMatch], RequestPreferences.ifNoneMatch(tags, matches: document.etag) {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        if request.method == .head { return Response(status: .ok, headers: headers) }
        return Response(
            status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: document.bytes)))
    }

    /// A session id from a path segment: percent-decoded (the pages encode ids in links).
    static func sessionID(_ segment: String) -> String {
        segment.contains("%") ? (segment.removingPercentEncoding ?? segment) : segment
    }

    /// 128 random bits, URL-safe base64: the style sheet's nonce for one version.
    static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return NonceEncoding.encode(bytes)
    }
}

/// URL-safe base64 without padding (RFC 4648 §5).
private enum NonceEncoding {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            let characters = chunk.count + 1
            for position in 0..<characters { output.append(alphabet[(value >> (18 - 6 * position)) & 63]) }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
