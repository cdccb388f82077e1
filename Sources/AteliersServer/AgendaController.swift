import Ateliers
public import AteliersStore
import AteliersWeb
internal import HTTPTypes
public import Hummingbird
internal import NIOCore
import Synchronization

/// Limits of the agenda builder.
public struct AgendaLimits: Sendable {
    /// A request body larger than this is answered `413`.
    public var maxBodyBytes: Int
    /// Agendas one client address may create at once, refilled at that many per `period` (`429` beyond).
    public var creations: Int
    public var period: Duration
    /// Well-formed tokens that match no agenda one client address may send, refilled at that many per `period`:
    /// beyond, every token request from that address is `429` until the bucket refills, hits and misses alike,
    /// so a guesser learns nothing from the answers.
    public var misses: Int

    public init(maxBodyBytes: Int = 65_536, creations: Int = 20, period: Duration = .seconds(60), misses: Int = 30) {
        self.maxBodyBytes = maxBodyBytes
        self.creations = creations
        self.period = period
        self.misses = misses
    }
}

/// The agenda builder: `POST /agendas` makes an agenda, `GET`/`POST /agendas/<token>` shows and saves it,
/// `GET /agendas/<token>.ics` is its personal feed, composed from the served publication's rendered events.
///
/// The token is the capability: an unknown or malformed one is the plain `404` of any unknown path; it is looked up
/// by digest and compared in constant time; logs show its digest only; pages carry no referrer and a strict CSP.
public struct AgendaController<Context: RequestContext>: Sendable {
    let holder: PublicationHolder
    let store: any AgendaStore
    let baseURL: String?
    let limits: AgendaLimits
    let limiter: CreationLimiter
    let misses: CreationLimiter
    let templates = TemplateCache()
    /// Seconds since the epoch, for the agendas' times.
    let now: @Sendable () -> Int64

    public init(
        holder: PublicationHolder, store: any AgendaStore, baseURL: String?, limits: AgendaLimits = AgendaLimits(),
        now: (@Sendable () -> Int64)? = nil
    ) {
        self.holder = holder
        self.store = store
        self.baseURL = baseURL
        self.limits = limits
        self.limiter = CreationLimiter(capacity: limits.creations, period: limits.period)
        self.misses = CreationLimiter(capacity: limits.misses, period: limits.period)
        self.now = now ?? { PublicationReloader.now() }
    }

    public var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("agendas") { request, _ in self.startPage(request) }
        routes.post("agendas") { request, context in try await self.create(request, context: context) }
        routes.get("agendas/:token") { request, context in try await self.read(request, context: context) }
        routes.head("agendas/:token") { request, context in try await self.read(request, context: context) }
        routes.post("agendas/:token") { request, context in try await self.save(request, context: context) }
        return routes
    }

    // MARK: Routes

    func startPage(_ request: Request) -> Response {
        let nonce = AgendaToken.generate()
        let page = AgendaPage.start(programme: holder.publication.report.programme, action: "/agendas", nonce: nonce)
        return Self.page(page, nonce: nonce, status: .ok, head: request.method == .head)
    }

    func create(_ request: Request, context: Context) async throws -> Response {
        try checkOrigin(request)
        let client = Self.clientKey(context)
        if let retry = limiter.take(for: client) {
            return Self.tooMany("too many agendas created; try again later\n", retry: retry)
        }
        let picks = pickable(try await Self.formPicks(request, limit: limits.maxBodyBytes))
        let agenda = try await store.create(picks: picks, now: now())
        return Response(
            status: .seeOther,
            headers: [
                .location: "/agendas/\(agenda.token)", .cacheControl: "no-store", .agendaReferrerPolicy: "no-referrer",
                .contentLength: "0",
            ])
    }

    func read(_ request: Request, context: Context) async throws -> Response {
        let segment = context.parameters.get("token") ?? ""
        if let retry = misses.wait(for: Self.clientKey(context)) { return Self.tooManyMisses(retry) }
        if segment.hasSuffix(".ics") {
            let agenda = try await agenda(String(segment.dropLast(4)), context: context)
            return feed(agenda, request: request)
        }
        let agenda = try await agenda(segment, context: context)
        return page(agenda, request: request, saved: false)
    }

    func save(_ request: Request, context: Context) async throws -> Response {
        try checkOrigin(request)
        let token = context.parameters.get("token") ?? ""
        guard AgendaToken.isWellFormed(token) else { throw PlainTextError.notFound }
        if let retry = misses.wait(for: Self.clientKey(context)) { return Self.tooManyMisses(retry) }
        let posted = try await Self.formPicks(request, limit: limits.maxBodyBytes)
        let existing = try await agenda(token, context: context)
        // Picks of sessions that left the programme have no box in the form: they stay, shown as removed, so the
        // feed keeps their cancellation for its grace period.
        let removed = existing.picks.filter { !holder.publication.agendas.isScheduled($0) }
        guard let saved = try await store.save(token: token, picks: pickable(posted) + removed, now: now()) else {
            throw PlainTextError.notFound
        }
        return page(saved, request: request, saved: true)
    }

    // MARK: Responses

    /// The agenda of a token; a well-formed token that matches none counts as a miss of the client's.
    func agenda(_ token: String, context: Context) async throws -> Agenda {
        guard AgendaToken.isWellFormed(token) else { throw PlainTextError.notFound }
        guard let agenda = try await store.agenda(token: token) else {
            _ = misses.take(for: Self.clientKey(context))
            throw PlainTextError.notFound
        }
        return agenda
    }

    static func tooManyMisses(_ retry: Int) -> Response {
        tooMany("too many unknown agendas asked for; try again later\n", retry: retry)
    }

    static func tooMany(_ message: String, retry: Int) -> Response {
        Response(
            status: .tooManyRequests,
            headers: [
                .contentType: "text/plain; charset=utf-8", .retryAfter: String(retry), .cacheControl: "no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }

    func page(_ agenda: Agenda, request: Request, saved: Bool) -> Response {
        let publication = holder.publication
        let nonce = AgendaToken.generate()
        let feed = "\(root(request))/agendas/\(agenda.token).ics"
        let webcal = "webcal://" + feed.drop { $0 != ":" }.dropFirst(3)
        let page = AgendaPage.render(
            template(for: publication), picks: agenda.picks,
            options: AgendaPage.Options(
                action: "/agendas/\(agenda.token)", webcalURL: webcal, httpURL: feed, nonce: nonce, saved: saved))
        return Self.page(page, nonce: nonce, status: .ok, head: request.method == .head)
    }

    /// The page's template for a publication: made by the first request that shows it, then shared.
    func template(for publication: Publication) -> AgendaPage.Template {
        if let known = templates.cached.withLock({ $0 }), known.version == publication.version { return known.template }
        let made = AgendaPage.Template(programme: publication.report.programme, events: publication.agendas)
        templates.cached.withLock { $0 = (publication.version, made) }
        return made
    }

    /// The personal feed: the publication's rendered events for the picks, with the feeds' validators.
    func feed(_ agenda: Agenda, request: Request) -> Response {
        let events = holder.publication.agendas
        let bytes = events.feed(picks: agenda.picks)
        let etag = "\"\(PublishedFile.hash(bytes))\""
        let lastModified = max(agenda.updatedAt, events.lastModified(picks: agenda.picks) ?? 0)
        var headers: HTTPFields = [
            .eTag: etag, .lastModified: HTTPDate.format(lastModified), .cacheControl: "private, no-cache",
            .agendaReferrerPolicy: "no-referrer", .xContentTypeOptions: "nosniff", .contentLength: String(bytes.count),
        ]
        if FeedController<Context>.isNotModified(request, etag: etag, lastModified: lastModified) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = PublishedFile.calendarType
        if request.method == .head { return Response(status: .ok, headers: headers, body: ResponseBody()) }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func page(_ html: String, nonce: String, status: HTTPResponse.Status, head: Bool) -> Response {
        let body = ByteBuffer(string: html)
        let headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .contentSecurityPolicy: """
            default-src 'none'; style-src 'nonce-\(nonce)'; script-src 'nonce-\(nonce)'; form-action 'self'; \
            frame-ancestors 'none'; base-uri 'none'
            """,
            .xContentTypeOptions: "nosniff", .agendaReferrerPolicy: "no-referrer", .cacheControl: "no-store",
            .agendaFrameOptions: "DENY", .contentLength: String(body.readableBytes),
        ]
        return Response(status: status, headers: headers, body: head ? ResponseBody() : ResponseBody(byteBuffer: body))
    }

    // MARK: Requests

    /// Ids of sessions scheduled now, once each, in the order given.
    func pickable(_ ids: [String]) -> [String] {
        let events = holder.publication.agendas
        var seen = Set<String>()
        return ids.filter { events.isScheduled($0) && seen.insert($0).inserted }
    }

    /// `https://host` of `--base-url`, else `http://` and the request's `Host`.
    func root(_ request: Request) -> String {
        if let baseURL { return baseURL }
        return "http://\(Self.host(request) ?? "localhost")"
    }

    /// The request's `Host` (or `:authority`) when it looks like one: letters, digits, `.-:[]`.
    static func host(_ request: Request) -> String? {
        let value = request.head.authority ?? request.headers[.agendaHost]
        guard let value, !value.isEmpty, value.utf8.count <= 255,
            value.utf8.allSatisfy({ byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || [UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]")]
                        .contains(byte)
            })
        else { return nil }
        return value
    }

    /// A `POST` from another site's page is refused. A browser that sends Fetch Metadata is believed (a page
    /// cannot set `Sec-Fetch-Site`): only `same-origin` (and `none`, typed by the user) pass. That is also how a
    /// form of our own pages gets through: under `Referrer-Policy: no-referrer` browsers send `Origin: null`.
    /// Without it, the `Origin` must be this server's (the `--base-url`'s, or the request's own host).
    /// - Throws: ``PlainTextError`` `403`.
    func checkOrigin(_ request: Request) throws {
        let refused = PlainTextError(.forbidden, message: "cross-origin request refused\n")
        if let site = request.headers[.agendaFetchSite]?.lowercased() {
            guard site == "same-origin" || site == "none" else { throw refused }
            return
        }
        guard let origin = request.headers[.origin]?.lowercased() else { return }
        var allowed: Set<String> = []
        if let baseURL {
            let scheme = baseURL.prefix { $0 != ":" }
            let authority = baseURL.dropFirst(scheme.count + 3).prefix { $0 != "/" }
            allowed.insert("\(scheme)://\(authority)".lowercased())
        }
        if let host = Self.host(request)?.lowercased() {
            allowed.insert("http://\(host)")
            allowed.insert("https://\(host)")
        }
        guard allowed.contains(origin) else { throw refused }
    }

    /// The client's address without its port (a client's ports are all the same client).
    static func clientKey(_ context: Context) -> String {
        guard let address = (context as? any RemoteAddressRequestContext)?.remoteAddress else { return "-" }
        return address.ipAddress ?? "\(address)"
    }

    /// The `session` values of an `application/x-www-form-urlencoded` body of at most `limit` bytes.
    /// - Throws: ``PlainTextError`` `413` beyond the limit.
    static func formPicks(_ request: Request, limit: Int) async throws -> [String] {
        let tooLarge = PlainTextError(.contentTooLarge, message: "request body too large\n")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        var body: [UInt8] = []
        for try await chunk in request.body {
            guard body.count + chunk.readableBytes <= limit else { throw tooLarge }
            body += chunk.readableBytesView
        }
        return FormBody.values(of: "session", in: body)
    }
}

extension HTTPField.Name {
    static let agendaReferrerPolicy = Self("Referrer-Policy")!
    static let agendaFrameOptions = Self("X-Frame-Options")!
    static let agendaHost = Self("Host")!
    static let agendaFetchSite = Self("Sec-Fetch-Site")!
}

/// The agenda page's template of the publication served last.
final class TemplateCache: Sendable {
    let cached = Mutex<(version: String, template: AgendaPage.Template)?>(nil)
}
