import Ateliers
import AteliersServer
import AteliersStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The server over the real `Publisher`, real files in a temporary folder and a real SQLite state file.
@Suite struct ServeReloadTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ateliers-serve-\(UUID().uuidString)")
    var state: String { folder.appendingPathComponent("state.sqlite").path }
    var source: String { folder.appendingPathComponent("programme.yaml").path }

    /// Three sessions in three rooms; `one` can move, clash with `two`, or go.
    func programme(oneIn room: String = "a", oneAt start: String = "09:00", withOne: Bool = true) -> String {
        """
        event: {id: conf, name: Conf, timezone: Europe/Paris}
        rooms:
          - {id: a, name: Salle A}
          - {id: b, name: Salle B}
          - {id: c, name: Salle C}
        sessions:
        \(withOne ? "" : "#")  - {id: one, title: Un, date: "2023-09-19", start: "\(start)", end: "10:00", room: \(room), moderators: [Ada Lovelace]}
          - {id: two, title: Deux, date: "2023-09-19", start: "09:00", end: "10:00", room: b, moderators: [Grace Hopper]}
          - {id: three, title: Trois, date: "2023-09-20", start: "09:00", end: "10:00", room: c, moderators: [Alan Turing]}

        """
    }

    /// Writes the programme with a file time of `minute` minutes after 2023-09-01T00:00Z (each edit a later one).
    func save(_ text: String, minute: Int64) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: source))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: TimeInterval(1_693_526_400 + minute * 60))],
            ofItemAtPath: source)
    }

    func publisher(state: String? = nil) throws -> Publisher {
        Publisher(
            options: PublishOptions(sources: [source]), store: try SQLitePublicationStore(path: state ?? self.state),
            clock: { 1_700_000_000 })
    }

    /// The first publication, a holder serving it, and a reloader over the same source.
    func start() async throws -> (PublicationHolder, PublicationReloader) {
        let publisher = try publisher()
        guard case .published(let first) = try await publisher.publish() else { throw CancellationError() }
        let holder = PublicationHolder(first, now: 1_700_000_000)
        return (holder, PublicationReloader(source: publisher, holder: holder, logger: quietLogger))
    }

    func app(_ holder: PublicationHolder) -> some ApplicationProtocol {
        buildApplication(ServerConfiguration(reloadInterval: nil), holder: holder, reloader: nil, logger: quietLogger)
    }

    /// The lines of the VEVENT whose UID is `<id>@conf`.
    func event(_ id: String, in calendar: String) -> [Substring] {
        let events = calendar.components(separatedBy: "BEGIN:VEVENT\r\n").dropFirst()
        guard let found = events.first(where: { $0.contains("UID:\(id)@conf\r\n") }) else { return [] }
        return found.split(separator: "\r\n").prefix { $0 != "END:VEVENT" }
    }

    @Test func aValidEditIsServedAndOnlyTheFeedsItTouchesChange() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, reloader) = try await start()
        try await app(holder).test(.router) { client in
            var before: [String: TestResponse] = [:]
            for path in holder.publication.paths {
                before[path] = try await client.execute(uri: "/feeds/\(path)", method: .get)
            }
            let all = try #require(before["all.ics"]).text
            #expect(event("one", in: all).contains("SEQUENCE:0"))
            #expect(event("one", in: all).contains("LOCATION:Salle A"))

            try save(programme(oneIn: "c"), minute: 5)
            let outcome = await reloader.reloadIfChanged()
            #expect(outcome == .published(version: holder.publication.version))
            #expect(await reloader.reloadIfChanged() == nil)

            let after = try await client.execute(uri: "/feeds/all.ics", method: .get)
            #expect(event("one", in: after.text).contains("SEQUENCE:1"))
            #expect(event("one", in: after.text).contains("LOCATION:Salle C"))
            #expect(event("two", in: after.text) == event("two", in: all))
            #expect(after.headers[.eTag] != before["all.ics"]?.headers[.eTag])
            #expect(after.headers[.lastModified] == "Fri, 01 Sep 2023 00:05:00 GMT")

            // Feeds without session `one` keep their bytes and validators: a client revalidating gets a 304.
            for path in ["room/b.ics", "speaker/grace-hopper.ics", "speaker/alan-turing.ics", "day/2023-09-20.ics"] {
                let old = try #require(before[path], "\(path)")
                let again = try await client.execute(
                    uri: "/feeds/\(path)", method: .get, headers: [.ifNoneMatch: old.headers[.eTag] ?? ""])
                #expect(again.status == .notModified, "\(path)")
                #expect(again.headers[.lastModified] == old.headers[.lastModified], "\(path)")
                let full = try await client.execute(uri: "/feeds/\(path)", method: .get)
                #expect(full.bytes == old.bytes, "\(path)")
            }
            for path in ["room/a.ics", "room/c.ics", "speaker/ada-lovelace.ics", "day/2023-09-19.ics"] {
                let changed = try await client.execute(uri: "/feeds/\(path)", method: .get)
                #expect(changed.headers[.eTag] != before[path]?.headers[.eTag], "\(path)")
            }
        }
    }

    @Test func aClashOrABrokenFileKeepsTheLastGoodVersionAndStatusSaysWhy() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, reloader) = try await start()
        let good = holder.publication
        try await app(holder).test(.router) { client in
            // `one` moves into room b at the time of `two`.
            try save(programme(oneIn: "b"), minute: 5)
            #expect(await reloader.reloadIfChanged() == .rejected(errors: 1))
            let feed = try await client.execute(uri: "/feeds/all.ics", method: .get)
            #expect(feed.bytes == good.file("all.ics")?.bytes)
            let status = try await client.execute(uri: "/status", method: .get).text
            #expect(status.contains("\"version\": \"\(good.version)\""))
            #expect(status.contains("\"rule\": \"room-clash\""), "\(status)")
            #expect(status.contains("\"file\": \"\(source)\""), "\(status)")
            #expect(status.contains("\"rejected\": 1"))

            try save("sessions: [\n", minute: 6)
            guard case .failed(let message) = await reloader.reloadIfChanged() else {
                Issue.record("a broken file must fail the reload")
                return
            }
            #expect(message.hasPrefix("\(source):"), "\(message)")
            #expect(holder.publication.version == good.version)
            let broken = try await client.execute(uri: "/status", method: .get).text
            #expect(broken.contains("\"error\": \"\(source):"), "\(broken)")
            #expect(broken.contains("\"failed\": 1"))

            // Fixed again: served, and nothing pending.
            try save(programme(oneIn: "c"), minute: 7)
            #expect(await reloader.reloadIfChanged() == .published(version: holder.publication.version))
            #expect(holder.publication.version != good.version)
            let fixed = try await client.execute(uri: "/status", method: .get).text
            #expect(fixed.contains("\"pending\": null"))
        }
    }

    @Test func aRemovedSessionIsServedAsCancelledAndARestartServesTheSameBytes() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let (holder, reloader) = try await start()
        try save(programme(withOne: false), minute: 5)
        #expect(await reloader.reloadIfChanged() == .published(version: holder.publication.version))
        let served = holder.publication
        try await app(holder).test(.router) { client in
            let all = try await client.execute(uri: "/feeds/all.ics", method: .get).text
            let one = event("one", in: all)
            #expect(one.contains("STATUS:CANCELLED"), "\(one)")
            #expect(one.contains("SUMMARY:Cancelled: Un"), "\(one)")
            #expect(one.contains("SEQUENCE:1"), "\(one)")
        }

        // A new process on the same state file: the same bytes for every path.
        guard case .published(let restarted) = try await publisher().publish() else {
            Issue.record("the restart must publish")
            return
        }
        try await app(PublicationHolder(restarted, now: 1_700_000_500)).test(.router) { client in
            #expect(restarted.paths == served.paths)
            for path in served.paths {
                let response = try await client.execute(uri: "/feeds/\(path)", method: .get)
                #expect(response.bytes == served.file(path)?.bytes, "\(path)")
                #expect(response.headers[.eTag] == served.file(path)?.etag, "\(path)")
            }
        }
    }

    @Test func exportAndServeGiveTheSameBytesForEveryPath() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        // export's steps (Export.run): check, render keeping what the folder had, write, save the state.
        let out = folder.appendingPathComponent("out").path
        let exporter = try publisher(state: folder.appendingPathComponent("export.sqlite").path)
        let checked = try await exporter.check()
        let output = try OutputFolder(path: out)
        let writer = FeedWriter(folder: output)
        let rendered = try await exporter.render(checked, retaining: writer.retainable)
        let written = try writer.write(rendered.feeds, unscheduled: checked.unscheduled)
        try await exporter.store?.save(rendered.nextState(hashes: written.hashes))

        let (holder, _) = try await start()
        let onDisk = try FileManager.default.subpathsOfDirectory(atPath: out).filter {
            $0.hasSuffix(".ics") || $0.hasSuffix(".json")
        }
        #expect(Set(onDisk) == Set(holder.publication.paths))
        try await app(holder).test(.router) { client in
            for path in onDisk {
                let exported = try #require(FileManager.default.contents(atPath: "\(out)/\(path)"), "\(path)")
                let response = try await client.execute(uri: "/feeds/\(path)", method: .get)
                #expect(response.status == .ok, "\(path)")
                #expect(response.bytes == [UInt8](exported), "\(path)")
            }
        }
    }

    @Test func theWatcherReloadsByItselfWhileServing() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(programme(), minute: 0)
        let publisher = try publisher()
        let app = try await buildApplication(
            ServerConfiguration(reloadInterval: .milliseconds(50)), source: publisher, logger: quietLogger)
        try await app.test(.router) { client in
            let first = try await client.execute(uri: "/feeds/all.ics", method: .get)
            try save(programme(oneIn: "c"), minute: 5)
            var now = first
            for _ in 0..<100 where now.headers[.eTag] == first.headers[.eTag] {
                try await Task.sleep(for: .milliseconds(50))
                now = try await client.execute(uri: "/feeds/all.ics", method: .get)
            }
            #expect(event("one", in: now.text).contains("LOCATION:Salle C"))
            let status = try await client.execute(uri: "/status", method: .get).text
            #expect(status.contains("\"published\": 1"), "\(status)")
        }
    }
}
