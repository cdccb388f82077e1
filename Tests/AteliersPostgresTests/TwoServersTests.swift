import Ateliers
import AteliersPostgres
import AteliersServer
import AteliersStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Two `ateliers serve` behind one load balancer: each its own copy of the sources and its own publication store,
/// one PostgreSQL database of agendas; both listen on 127.0.0.1 and are reached over real HTTP.
@Suite(.enabled(if: TestPostgres.enabled, TestPostgres.skipNote)) struct TwoServersTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("ateliers-two-\(UUID().uuidString)")

    static let programme = """
        event: {id: conf, name: Conf, timezone: Europe/Paris}
        rooms:
          - {id: a, name: Salle A}
          - {id: b, name: Salle B}
        sessions:
          - {id: one, title: Un, date: "2023-09-19", start: "09:00", end: "10:00", room: a}
          - {id: two, title: Deux, date: "2023-09-19", start: "09:30", end: "10:30", room: b}
          - {id: three, title: Trois, date: "2023-09-20", start: "09:00", end: "10:00", room: a}

        """
    static let picks = "attendee,session\nmarie,one\nmarie,three\npaul,two\n"

    /// One instance's folder: the programme and the picks (as deployed: the same bytes and times everywhere) and
    /// its own publication store.
    func instance(_ name: String) throws -> Publisher {
        let folder = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (file, text) in [("programme.yaml", Self.programme), ("picks.csv", Self.picks)] {
            let path = folder.appendingPathComponent(file).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_693_526_400)], ofItemAtPath: path)
        }
        var options = PublishOptions(
            sources: [folder.appendingPathComponent("programme.yaml").path],
            attendees: folder.appendingPathComponent("picks.csv").path)
        options.agendaFeeds = true
        options.kinds = Set(FeedKind.allCases).subtracting([.attendee])
        return Publisher(
            options: options,
            store: try SQLitePublicationStore(path: folder.appendingPathComponent("state.sqlite").path))
    }

    func server(_ name: String, agendas: PostgresAgendaStore) async throws -> some ApplicationProtocol {
        try await buildApplication(
            ServerConfiguration(host: "127.0.0.1", port: 0, reloadInterval: nil, baseURL: "https://agenda.example.org"),
            source: try instance(name), agendas: agendas, logger: TestPostgres.quiet)
    }

    /// The page with its per-response nonce (in the CSP header, the style and the script) replaced.
    func page(_ response: TestResponse) throws -> String {
        let policy = try #require(response.headers[.contentSecurityPolicy])
        let nonce = try #require(policy.split(separator: "'nonce-").dropFirst().first?.prefix { $0 != "'" })
        #expect(nonce.count == 22)
        return String(buffer: response.body).replacingOccurrences(of: String(nonce), with: "NONCE")
    }

    func form(_ picks: [String]) -> (HTTPFields, ByteBuffer) {
        (
            [.contentType: "application/x-www-form-urlencoded"],
            ByteBuffer(string: picks.map { "session=\($0)" }.joined(separator: "&"))
        )
    }

    @Test func anAgendaSavedThroughOneIsServedIdenticallyByTheOther() async throws {
        _ = try TestPostgres.server()
        defer { try? FileManager.default.removeItem(at: root) }
        try await TestPostgres.withDatabase { url in
            try await PostgresAgendaStore.withStore(url, logger: TestPostgres.quiet) { storeA in
                try await PostgresAgendaStore.withStore(url, logger: TestPostgres.quiet) { storeB in
                    let first = try await server("a", agendas: storeA)
                    let second = try await server("b", agendas: storeB)
                    try await first.test(.live) { a in
                        try await second.test(.live) { b in
                            try await check(a, b, store: storeA)
                        }
                    }
                }
            }
        }
    }

    func check(_ a: some TestClientProtocol, _ b: some TestClientProtocol, store: PostgresAgendaStore) async throws {
        // The public feeds: the same bytes and validators from both, computed by each from its own copy.
        for path in ["all.ics", "room/a.ics", "day/2023-09-20.ics", "index.json"] {
            let fromA = try await a.execute(uri: "/feeds/\(path)", method: .get)
            let fromB = try await b.execute(uri: "/feeds/\(path)", method: .get)
            #expect(fromA.status == .ok, "\(path)")
            #expect(fromA.body == fromB.body, "\(path)")
            #expect(fromA.headers[.eTag] == fromB.headers[.eTag], "\(path)")
            #expect(fromA.headers[.lastModified] == fromB.headers[.lastModified], "\(path)")
        }

        // Made and saved through A…
        let created = try await a.execute(uri: "/agendas", method: .post)
        #expect(created.status == .seeOther)
        let location = try #require(created.headers[.location])
        let (headers, body) = form(["three", "one"])
        let saved = try await a.execute(uri: location, method: .post, headers: headers, body: body)
        #expect(saved.status == .ok)
        #expect(String(buffer: saved.body).contains("<p class=\"saved\" role=\"status\">Saved.</p>"))

        // … read through either: the same page (but for its nonce) and the same feed, byte for byte.
        let pageA = try await a.execute(uri: location, method: .get)
        let pageB = try await b.execute(uri: location, method: .get)
        #expect(pageB.status == .ok)
        let textA = try page(pageA)
        #expect(textA == (try page(pageB)))
        #expect(
            textA.contains(
                "value=\"one\" id=\"session-one\" data-start=\"1695106800\" data-end=\"1695110400\" checked>"))
        #expect(textA.contains("href=\"https://agenda.example.org\(location).ics\""))
        let feedA = try await a.execute(uri: "\(location).ics", method: .get)
        let feedB = try await b.execute(uri: "\(location).ics", method: .get)
        #expect(feedB.status == .ok)
        #expect(feedA.body == feedB.body)
        #expect(feedA.headers[.eTag] == feedB.headers[.eTag])
        #expect(feedA.headers[.lastModified] == feedB.headers[.lastModified])
        let calendar = String(buffer: feedB.body)
        #expect(calendar.contains("UID:one@conf\r\n"))
        #expect(calendar.contains("UID:three@conf\r\n"))
        #expect(!calendar.contains("UID:two@conf\r\n"))
        // A revalidation against the other server is a 304: the validators are the same.
        let revalidated = try await a.execute(
            uri: "\(location).ics", method: .get, headers: [.ifNoneMatch: feedB.headers[.eTag] ?? ""])
        #expect(revalidated.status == .notModified)

        // Saved through B, seen through A at once.
        let (moreHeaders, moreBody) = form(["two"])
        _ = try await b.execute(uri: location, method: .post, headers: moreHeaders, body: moreBody)
        let changed = String(buffer: try await a.execute(uri: "\(location).ics", method: .get).body)
        #expect(changed.contains("UID:two@conf\r\n"))
        #expect(!changed.contains("UID:one@conf\r\n"))

        // Both servers imported the same attendees at start: one agenda each, served by either.
        let attendees = try await store.attendeeAgendas()
        #expect(attendees.map(\.attendee) == ["marie", "paul"])
        #expect(attendees[0].picks == ["one", "three"])
        let marieA = try await a.execute(uri: "/agendas/\(attendees[0].token).ics", method: .get)
        let marieB = try await b.execute(uri: "/agendas/\(attendees[0].token).ics", method: .get)
        #expect(marieA.status == .ok)
        #expect(marieA.body == marieB.body)
        // An unknown token is the same 404 from both.
        let unknown = try await b.execute(uri: "/agendas/AAAAAAAAAAAAAAAAAAAAAA", method: .get)
        #expect(unknown.status == .notFound)
    }
}
