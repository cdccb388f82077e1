import Ateliers
import AteliersServer
import AteliersStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /`, `GET /sessions/<id>` and `GET /sessions/<id>.ics` over the real `Publisher` and real files.
@Suite struct ProgrammePageTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ateliers-pages-\(UUID().uuidString)")

    /// Two sessions that clash in one room (published with `force`), one with a hostile title and URL-worthy id.
    func publication() async throws -> Publication {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = folder.appendingPathComponent("programme.yaml").path
        try Data(
            """
            event: {id: conf, name: "Conf <b>2023</b>", timezone: Europe/Paris}
            rooms:
              - {id: a, name: Salle A}
            sessions:
              - {id: one, title: "<script>alert(1)</script>", date: "2023-09-19", start: "09:00", end: "10:00", room: a,
                 moderators: [Ada Lovelace]}
              - {id: "two words", title: Deux, date: "2023-09-19", start: "09:30", end: "10:30", room: a}

            """.utf8
        ).write(to: URL(fileURLWithPath: source))
        var options = PublishOptions(sources: [source])
        options.force = true
        options.fixedStamp = 1_693_526_400
        let publisher = Publisher(
            options: options,
            store: try SQLitePublicationStore(path: folder.appendingPathComponent("state.sqlite").path),
            clock: { 1_700_000_000 })
        guard case .published(let publication) = try await publisher.publish() else { throw CancellationError() }
        return publication
    }

    func app(_ publication: Publication) -> some ApplicationProtocol {
        buildApplication(
            ServerConfiguration(reloadInterval: nil, baseURL: "https://conf.example/ateliers"),
            holder: PublicationHolder(publication, now: 1_700_000_000), reloader: nil, logger: quietLogger)
    }

    @Test func theProgrammePageShowsTheTimetableTheClashAndEveryPublicFeed() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let publication = try await publication()
        try await app(publication).test(.router) { client in
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let policy = try #require(page.headers[HTTPField.Name("Content-Security-Policy")!])
            #expect(policy.hasPrefix("default-src 'none'; style-src 'nonce-"))
            #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            let html = page.text
            let nonce = String(policy.split(separator: "'")[3].dropFirst("nonce-".count))
            #expect(html.contains("<style nonce=\"\(nonce)\">"))
            #expect(!html.contains("<script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(html.contains("<h1>Conf &lt;b&gt;2023&lt;/b&gt;</h1>"))
            #expect(html.contains("href=\"sessions/two%20words\""))
            // Both blocks of the room clash carry its message, on hover (title) and focus (aria-describedby).
            #expect(
                html.contains(
                    "class=\"block\" href=\"sessions/two%20words\" title=\"&#39;one&#39; «&lt;script&gt;alert(1)&lt;/script&gt;»"
                        + " and &#39;two words&#39; «Deux» are both in Salle A at 2023-09-19 09:30–10:00 (30 min overlap)\""
                        + " aria-describedby=\"note-0-1\">"))
            #expect(html.contains("<a href=\"webcal://conf.example/ateliers/feeds/all.ics\">"))
            #expect(
                html.contains(
                    "<a href=\"https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fconf.example%2Fateliers%2Ffeeds%2Fall.ics\">"
                ))
            #expect(html.contains("<code>https://conf.example/ateliers/feeds/room/a.ics</code>"))
            let etag = try #require(page.headers[.eTag])
            let again = try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            let head = try await client.execute(uri: "/", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0)
        }
    }

    @Test func aSessionPageAndItsCalendarHoldTheBytesOfTheWholeProgramme() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let publication = try await publication()
        try await app(publication).test(.router) { client in
            let page = try await client.execute(uri: "/sessions/two%20words", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("<h4>Deux</h4>"))
            #expect(page.text.contains("<a href=\"two%20words.ics\">Add to calendar (.ics)</a>"))
            #expect(page.text.contains("Tuesday 19 September 2023, 09:30–10:30 · Salle A"))
            // The room feed it is in, not the whole programme nor someone's agenda.
            #expect(page.text.contains("<code>https://conf.example/ateliers/feeds/room/a.ics</code>"))
            #expect(page.text.contains("class=\"clash-list\""))
            let calendar = try await client.execute(uri: "/sessions/two%20words.ics", method: .get)
            #expect(calendar.status == .ok)
            #expect(calendar.headers[.contentType] == "text/calendar; charset=utf-8")
            let all = String(decoding: try #require(publication.file("all.ics")).bytes, as: UTF8.self)
            let header = String(all[..<all.range(of: "BEGIN:VEVENT\r\n")!.lowerBound])
            #expect(calendar.text.hasPrefix(header))
            #expect(calendar.text.hasSuffix("END:VCALENDAR\r\n"))
            #expect(calendar.text.components(separatedBy: "BEGIN:VEVENT").count == 2)
            let event = calendar.text.dropFirst(header.count).dropLast("END:VCALENDAR\r\n".count)
            #expect(all.contains(event))
            #expect(event.contains("SUMMARY:Deux\r\n"))
            for unknown in ["/sessions/none", "/sessions/none.ics", "/sessions/..%2F..%2Fetc", "/sessions/"] {
                let missing = try await client.execute(uri: unknown, method: .get)
                #expect(missing.status == .notFound, "\(unknown)")
                #expect(missing.text == "not found\n")
            }
        }
    }
}
