import Ateliers
import AteliersServer
import AteliersStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// The agenda builder over the real `Publisher`, real files in a temporary folder and real SQLite files.
@Suite struct AgendaRouteTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ateliers-agendas-\(UUID().uuidString)")
    var source: String { folder.appendingPathComponent("programme.yaml").path }
    var database: String { folder.appendingPathComponent("agendas.sqlite").path }

    /// `one` and `two` overlap (two rooms, 09:00–10:00); `three` is the next day; `one` can move or go.
    func programme(oneIn room: String = "a", withOne: Bool = true) -> String {
        """
        event: {id: conf, name: Conf, timezone: Europe/Paris}
        rooms:
          - {id: a, name: Salle A}
          - {id: b, name: Salle B}
          - {id: c, name: Salle C}
        sessions:
        \(withOne ? "" : "#")  - {id: one, title: Un, date: "2023-09-19", start: "09:00", end: "10:00", room: \(room)}
          - {id: two, title: "Deux <b>", date: "2023-09-19", start: "09:30", end: "10:30", room: b}
          - {id: three, title: Trois, date: "2023-09-20", start: "09:00", end: "10:00", room: c}

        """
    }

    func save(_ text: String, minute: Int64) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: source))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: TimeInterval(1_693_526_400 + minute * 60))],
            ofItemAtPath: source)
    }

    func start(alarm: Int? = nil) async throws -> (PublicationHolder, PublicationReloader) {
        var options = PublishOptions(sources: [source])
        options.agendaFeeds = true
        options.alarmMinutesBefore = alarm
        let publisher = Publisher(
            options: options, store: try SQLitePublicationStore(path: folder.appendingPathComponent("state").path),
            clock: { 1_700_000_000 })
        guard case .published(let first) = try await publisher.publish() else { throw CancellationError() }
        let holder = PublicationHolder(first, now: 1_700_000_000)
        return (holder, PublicationReloader(source: publisher, holder: holder, logger: quietLogger))
    }

    func app(
        _ holder: PublicationHolder, limits: AgendaLimits = AgendaLimits(), baseURL: String? = nil,
        logger: Logger = quietLogger
    ) throws -> some ApplicationProtocol {
        let controller = AgendaController<AteliersRequestContext>(
            holder: holder, store: try SQLiteAgendaStore(path: database), baseURL: baseURL, limits: limits,
            now: { 1_700_000_100 })
        return Application(router: buildRouter(holder: holder, agendas: controller), logger: logger)
    }

    func create(_ client: some TestClientProtocol) async throws -> String {
        let created = try await client.execute(uri: "/agendas", method: .post)
        #expect(created.status == .seeOther)
        let location = try #require(created.headers[.location])
        return String(location.dropFirst("/agendas/".count))
    }

    func post(_ client: some TestClientProtocol, _ token: String, _ picks: [String], headers: HTTPFields = [:])
        async throws -> TestResponse
    {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = picks.map { "session=\($0)" }.joined(separator: "&")
        return try await client.execute(
            uri: "/agendas/\(token)", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// The VEVENT blocks of a calendar, each from `BEGIN:VEVENT` to `END:VEVENT\r\n`.
    func events(_ calendar: String) -> [String] {
        calendar.components(separatedBy: "BEGIN:VEVENT\r\n").dropFirst().map {
            "BEGIN:VEVENT\r\n" + $0.components(separatedBy: "END:VEVENT\r\n")[0] + "END:VEVENT\r\n"
        }
    }

    @Test func createRedirectsToAPageWithATokenOf128Bits() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, _) = try await start()
        try await app(holder).test(.router) { client in
            let created = try await client.execute(uri: "/agendas", method: .post)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            #expect(location.hasPrefix("/agendas/"))
            let token = location.dropFirst(9)
            #expect(token.count == 22)
            #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            #expect(AgendaToken.isWellFormed(token))
            #expect(try await create(client) != String(token))

            let page = try await client.execute(uri: location, method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>My agenda · Conf</h1>"))
            #expect(page.text.contains("value=\"one\""))
            #expect(page.text.contains("Deux &lt;b&gt;"))
            #expect(page.text.contains("href=\"webcal://localhost/agendas/\(token).ics\""))
            #expect(page.text.contains("href=\"http://localhost/agendas/\(token).ics\""))
            #expect(page.text.contains("No clashes among your picks."))
        }
    }

    @Test func pagesSendTheSecurityHeaders() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, _) = try await start()
        try await app(holder, baseURL: "https://agenda.example.org").test(.router) { client in
            let token = try await create(client)
            let page = try await client.execute(uri: "/agendas/\(token)", method: .get)
            let policy = try #require(page.headers[.contentSecurityPolicy])
            let nonce = try #require(policy.split(separator: "'nonce-").dropFirst().first?.prefix { $0 != "'" })
            #expect(
                policy == """
                    default-src 'none'; style-src 'nonce-\(nonce)'; script-src 'nonce-\(nonce)'; form-action 'self'; \
                    frame-ancestors 'none'; base-uri 'none'
                    """)
            #expect(page.text.contains("<style nonce=\"\(nonce)\">"))
            #expect(page.text.contains("<script nonce=\"\(nonce)\">"))
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("href=\"webcal://agenda.example.org/agendas/\(token).ics\""))
            #expect(page.text.contains("href=\"https://agenda.example.org/agendas/\(token).ics\""))
            let again = try await client.execute(uri: "/agendas/\(token)", method: .get)
            #expect(again.headers[.contentSecurityPolicy] != policy, "a new nonce per response")
        }
    }

    @Test func savingAnswersWithThePageAndItsClashes() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, _) = try await start()
        try await app(holder).test(.router) { client in
            let token = try await create(client)
            let saved = try await post(client, token, ["one", "two", "unknown"])
            #expect(saved.status == .ok)
            #expect(saved.headers[.cacheControl] == "no-store")
            #expect(saved.text.contains("<p class=\"saved\" role=\"status\">Saved.</p>"))
            #expect(saved.text.contains("2 sessions picked."))
            #expect(saved.text.contains("<h2 id=\"clashes-title\">1 clash among your picks</h2>"))
            #expect(
                saved.text.contains(
                    "<li>«Un» (Tue 19 Sep 09:00–10:00), «Deux &lt;b&gt;» (Tue 19 Sep 09:30–10:30) overlap.</li>"))
            #expect(
                saved.text.contains(
                    "<li class=\"session clash\"><input type=\"checkbox\" name=\"session\" value=\"one\""))
            #expect(
                saved.text.contains("<li class=\"session\"><input type=\"checkbox\" name=\"session\" value=\"three\""))
            let read = try await client.execute(uri: "/agendas/\(token)", method: .get)
            #expect(
                read.text.contains(
                    "value=\"one\" id=\"session-one\" data-start=\"1695106800\" data-end=\"1695110400\" checked>"))
            #expect(
                !read.text.contains(
                    "value=\"three\" id=\"session-three\" data-start=\"1695193200\" data-end=\"1695196800\" checked>"))

            // One pick: `two` is flagged as overlapping it, before any save (the page and its script agree).
            let one = try await post(client, token, ["one"])
            #expect(one.text.contains("No clashes among your picks."))
            #expect(
                one.text.contains("<li class=\"session clash\"><input type=\"checkbox\" name=\"session\" value=\"two\"")
            )
            #expect(one.text.contains("overlaps one of your picks"))
        }
    }

    @Test func theFeedHoldsThePicksWithTheBytesOfAllICS() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, _) = try await start()
        try await app(holder).test(.router) { client in
            let token = try await create(client)
            _ = try await post(client, token, ["three", "one"])
            let feed = try await client.execute(uri: "/agendas/\(token).ics", method: .get)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            let all = try #require(holder.publication.file("all.ics")).bytes
            let allEvents = events(String(decoding: all, as: UTF8.self))
            #expect(events(feed.text) == [allEvents[0], allEvents[2]])
            #expect(feed.text.hasPrefix("BEGIN:VCALENDAR\r\n"))
            #expect(feed.text.contains("X-WR-CALNAME:My agenda · Conf\r\n"))
            #expect(feed.text.hasSuffix("END:VCALENDAR\r\n"))
            let etag = try #require(feed.headers[.eTag])
            #expect(etag == "\"\(PublishedFile.hash(feed.bytes))\"")
            let again = try await client.execute(
                uri: "/agendas/\(token).ics", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.headers[.eTag] == etag)
            let since = try await client.execute(
                uri: "/agendas/\(token).ics", method: .get,
                headers: [.ifModifiedSince: try #require(feed.headers[.lastModified])])
            #expect(since.status == .notModified)
        }
    }

    @Test func theFeedUsesTheAlarm() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, _) = try await start(alarm: 10)
        try await app(holder).test(.router) { client in
            let token = try await create(client)
            _ = try await post(client, token, ["one"])
            let feed = try await client.execute(uri: "/agendas/\(token).ics", method: .get).text
            #expect(feed.contains("BEGIN:VALARM\r\n"))
            #expect(feed.contains("TRIGGER:-PT10M\r\n"))
            let all = String(decoding: try #require(holder.publication.file("all.ics")).bytes, as: UTF8.self)
            #expect(!all.contains("BEGIN:VALARM"))
        }
    }

    @Test func theFeedFollowsReloads() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, reloader) = try await start()
        try await app(holder).test(.router) { client in
            let token = try await create(client)
            _ = try await post(client, token, ["one", "three"])
            let before = try await client.execute(uri: "/agendas/\(token).ics", method: .get)
            #expect(before.text.contains("LOCATION:Salle A\r\n"))

            try save(programme(oneIn: "c"), minute: 5)
            #expect(await reloader.reloadIfChanged() == .published(version: holder.publication.version))
            let moved = try await client.execute(
                uri: "/agendas/\(token).ics", method: .get, headers: [.ifNoneMatch: before.headers[.eTag] ?? ""])
            #expect(moved.status == .ok)
            let all = String(decoding: try #require(holder.publication.file("all.ics")).bytes, as: UTF8.self)
            #expect(events(moved.text) == [events(all)[0], events(all)[2]])
            #expect(events(moved.text)[0].contains("LOCATION:Salle C\r\n"))
            #expect(events(moved.text)[0].contains("SEQUENCE:1\r\n"))

            try save(programme(withOne: false), minute: 10)
            #expect(await reloader.reloadIfChanged() == .published(version: holder.publication.version))
            let removed = try await client.execute(uri: "/agendas/\(token).ics", method: .get)
            let cancelled = try #require(events(removed.text).last)
            #expect(events(removed.text).count == 2)
            #expect(cancelled.contains("UID:one@conf\r\n"))
            #expect(cancelled.contains("STATUS:CANCELLED\r\n"))
            #expect(cancelled.contains("SUMMARY:Cancelled: Un\r\n"))
            #expect(cancelled.contains("SEQUENCE:2\r\n"))
            let page = try await client.execute(uri: "/agendas/\(token)", method: .get)
            #expect(page.text.contains("<li><code>one</code>: removed from the programme</li>"))
            // Saving the form (which has no box for `one`) keeps the removed pick and its cancellation.
            _ = try await post(client, token, ["three"])
            let kept = try await client.execute(uri: "/agendas/\(token).ics", method: .get)
            #expect(events(kept.text).count == 2)
        }
    }

    @Test(arguments: [
        "/agendas/AAAAAAAAAAAAAAAAAAAAAA", "/agendas/AAAAAAAAAAAAAAAAAAAAAA.ics", "/agendas/short",
        "/agendas/AAAAAAAAAAAAAAAAAAAAAB", "/agendas/..%2Ffeeds%2Fall.ics", "/nothing-here",
    ])
    func unknownAndMalformedTokensAreAPlain404(path: String) async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, _) = try await start()
        try await app(holder).test(.router) { client in
            _ = try await create(client)
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .notFound)
            #expect(response.text == "not found\n")
            let saved = try await post(client, String(path.dropFirst(9)), ["one"])
            #expect(saved.status == .notFound)
            #expect(saved.text == "not found\n")
        }
    }

    @Test func bodiesOverTheLimitAre413() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, _) = try await start()
        try await app(holder, limits: AgendaLimits(maxBodyBytes: 100)).test(.router) { client in
            let token = try await create(client)
            let large = try await post(client, token, Array(repeating: "one", count: 30))
            #expect(large.status == .contentTooLarge)
            let small = try await post(client, token, ["one"])
            #expect(small.status == .ok)
        }
    }

    @Test func creatingTooFastIs429() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, _) = try await start()
        try await app(holder, limits: AgendaLimits(creations: 3, period: .seconds(3_600))).test(.router) { client in
            for _ in 0..<3 { _ = try await create(client) }
            let refused = try await client.execute(uri: "/agendas", method: .post)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "1200")
        }
    }

    /// Guessing tokens: each well-formed token that matches nothing is a miss; past the limit every token request
    /// from that address is `429`, the real agenda's too, so the answers tell a guesser nothing until the bucket
    /// refills. Malformed tokens are not guesses and are not counted.
    @Test func guessingTokensIs429ForHitsAndMissesAlike() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, _) = try await start()
        let limits = AgendaLimits(period: .seconds(3_600), misses: 5)
        try await app(holder, limits: limits).test(.router) { client in
            let token = try await create(client)
            for _ in 0..<10 {
                #expect(try await client.execute(uri: "/agendas/short", method: .get).status == .notFound)
            }
            #expect(try await client.execute(uri: "/agendas/\(token)", method: .get).status == .ok)
            // Well-formed: 22 characters of the alphabet, the last one a multiple of 16 (128 bits).
            let guesses = ["B", "C", "D", "E", "F"].map { String(repeating: $0, count: 21) + "A" }
            for guess in guesses {
                #expect(try await client.execute(uri: "/agendas/\(guess).ics", method: .get).status == .notFound)
            }
            for uri in ["/agendas/\(guesses[0])", "/agendas/\(token)", "/agendas/\(token).ics"] {
                let refused = try await client.execute(uri: uri, method: .get)
                #expect(refused.status == .tooManyRequests, "\(uri)")
                #expect(refused.headers[.retryAfter] == "720")
                #expect(String(buffer: refused.body) == "too many unknown agendas asked for; try again later\n")
            }
            #expect(try await post(client, token, ["one"]).status == .tooManyRequests)
        }
    }

    @Test func crossOriginPostsAre403() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, _) = try await start()
        try await app(holder, baseURL: "https://agenda.example.org").test(.router) { client in
            let token = try await create(client)
            let evil = try await post(client, token, ["one"], headers: [.origin: "https://evil.example"])
            #expect(evil.status == .forbidden)
            let creation = try await client.execute(
                uri: "/agendas", method: .post, headers: [.origin: "https://evil.example"])
            #expect(creation.status == .forbidden)
            let site = try await post(
                client, token, ["one"], headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"])
            #expect(site.status == .forbidden)
            let base = try await post(client, token, ["one"], headers: [.origin: "https://agenda.example.org"])
            #expect(base.status == .ok)
            // The request's own host (Hummingbird's test client sends `localhost`).
            let host = try await post(client, token, ["one"], headers: [.origin: "http://localhost"])
            #expect(host.status == .ok)
            // A browser posting one of our forms under `Referrer-Policy: no-referrer` sends `Origin: null`, and
            // says where it is with Fetch Metadata, which a page cannot forge (the browser check found this).
            let fetchSite = HTTPField.Name("Sec-Fetch-Site")!
            let ours = try await post(client, token, ["one"], headers: [.origin: "null", fetchSite: "same-origin"])
            #expect(ours.status == .ok)
            let sibling = try await post(client, token, ["one"], headers: [.origin: "null", fetchSite: "same-site"])
            #expect(sibling.status == .forbidden)
            let unknown = try await post(client, token, ["one"], headers: [.origin: "null"])
            #expect(unknown.status == .forbidden)
        }
    }

    @Test func agendasSurviveARestartOnTheSameDatabase() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, _) = try await start()
        let token = try await app(holder).test(.router) { client in
            let token = try await create(client)
            _ = try await post(client, token, ["two"])
            return token
        }
        let (restarted, _) = try await start()
        try await app(restarted).test(.router) { client in
            let page = try await client.execute(uri: "/agendas/\(token)", method: .get)
            #expect(page.status == .ok)
            #expect(
                page.text.contains(
                    "value=\"two\" id=\"session-two\" data-start=\"1695108600\" data-end=\"1695112200\" checked>"))
        }
    }

    @Test func tokensNeverReachTheLog() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, _) = try await start()
        let lines = LogLines()
        var logger = Logger(label: "test") { _ in lines }
        logger.logLevel = .info
        try await app(holder, logger: logger).test(.router) { client in
            let token = try await create(client)
            _ = try await client.execute(uri: "/agendas/\(token)", method: .get)
            _ = try await client.execute(uri: "/agendas/\(token).ics", method: .get)
            let short = AgendaToken.digest(token).prefix(6)
            let logged = lines.all
            #expect(logged.count == 3)
            #expect(logged.allSatisfy { !$0.contains(token) })
            #expect(logged.contains("GET /agendas/~\(short) 200"))
            #expect(logged.contains("GET /agendas/~\(short).ics 200"))
        }
    }
}

/// A log handler that keeps the messages.
final class LogLines: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }
    func log(event: LogEvent) { lines.withLock { $0.append("\(event.message)") } }
}
