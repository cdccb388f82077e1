import Ateliers
import AteliersStore
import Foundation
import Testing

/// The pipeline `export` and `serve` share, with real files and a real SQLite store.
@Suite struct PublisherTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "ateliers-publisher-\(UUID().uuidString)")

    func write(_ text: String, _ name: String) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func programme(room second: String = "b", withThird: Bool = true, clash: Bool = false) -> String {
        """
        event: {id: conf, name: Conf, timezone: Europe/Paris}
        rooms:
          - {id: a, name: Salle A}
          - {id: b, name: Salle B}
        sessions:
          - {id: one, title: Un, date: "2023-09-19", start: "09:00", end: "10:00", room: a, moderators: [Ada Lovelace]}
          - {id: two, title: Deux, date: "2023-09-19", start: "\(clash ? "09:30" : "11:00")", end: "12:00", room: \(second)}
        \(withThird ? "  - {id: three, title: Trois, date: \"2023-09-20\", start: \"09:00\", end: \"10:00\", room: b}" : "")
        """
    }

    func publisher(_ source: String, state: String) throws -> Publisher {
        var options = PublishOptions(sources: [source])
        options.fixedStamp = 1_693_526_400
        return Publisher(options: options, store: try SQLitePublicationStore(path: state), clock: { 42 })
    }

    func published(_ outcome: PublishOutcome) throws -> Publication {
        guard case .published(let publication) = outcome else {
            Issue.record("rejected")
            throw CancellationError()
        }
        return publication
    }

    @Test func exportAndAPublicationInMemoryAreTheSameBytes() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try write(programme(), "p.yaml")
        let publication = try published(
            try await publisher(source, state: folder.appendingPathComponent("serve.sqlite").path).publish())
        #expect(
            publication.paths == [
                "all.ics", "room/a.ics", "room/b.ics", "speaker/ada-lovelace.ics", "day/2023-09-19.ics",
                "day/2023-09-20.ics", "index.json",
            ])
        #expect(publication.createdAt == 42)
        #expect(publication.file("all.ics")?.eventCount == 3)
        #expect(publication.file("all.ics")?.lastModified == 1_693_526_400)
        #expect(publication.file("index.json")?.contentType == "application/json")

        let out = folder.appendingPathComponent("out").path
        let exporter = try publisher(source, state: folder.appendingPathComponent("export.sqlite").path)
        let checked = try await exporter.check()
        let rendered = try await exporter.render(checked)
        let output = try OutputFolder(path: out)
        _ = try FeedWriter(folder: output).write(rendered.feeds, unscheduled: checked.unscheduled)
        for path in publication.paths {
            let written = try #require(FileManager.default.contents(atPath: "\(out)/\(path)"), "\(path)")
            #expect([UInt8](written) == publication.file(path)?.bytes, "\(path)")
        }
        let etag = try #require(publication.file("all.ics")?.etag)
        #expect(etag.count == 34 && etag.hasPrefix("\"") && etag.hasSuffix("\""))
    }

    @Test func aMovedSessionRaisesItsSequenceAndTheOtherFeedsKeepTheirBytes() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // As a server runs: no SOURCE_DATE_EPOCH, so DTSTAMP is each event's last change, from the file's time.
        let state = folder.appendingPathComponent("state.sqlite").path
        let source = try write(programme(), "p.yaml")
        func modified(_ seconds: Int64) throws {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: TimeInterval(seconds))], ofItemAtPath: source)
        }
        try modified(1_693_526_400)
        let options = PublishOptions(sources: [source])
        let first = try published(
            try await Publisher(options: options, store: try SQLitePublicationStore(path: state)).publish())
        _ = try write(programme(room: "a"), "p.yaml")
        try modified(1_693_600_000)
        let second = try published(
            try await Publisher(options: options, store: try SQLitePublicationStore(path: state)).publish())
        let all = String(decoding: try #require(second.file("all.ics")).bytes, as: UTF8.self)
        #expect(all.contains("UID:two@conf\r\nDTSTAMP:20230901T202640Z\r\n"))
        #expect(all.components(separatedBy: "SEQUENCE:1\r\n").count == 2)
        // Feeds the move does not touch keep their bytes, validators and time.
        for path in ["speaker/ada-lovelace.ics", "day/2023-09-20.ics"] {
            #expect(second.file(path)?.etag == first.file(path)?.etag, "\(path)")
            #expect(second.file(path)?.lastModified == 1_693_526_400, "\(path)")
        }
        #expect(second.file("all.ics")?.lastModified == 1_693_600_000)
        #expect(second.file("room/a.ics")?.eventCount == 2)
        #expect(second.version != first.version)
        // A restart on the same state with the same input gives the same bytes.
        let again = try published(
            try await Publisher(options: options, store: try SQLitePublicationStore(path: state)).publish())
        #expect(again.version == second.version)
        #expect(again.paths.map { again.file($0)?.lastModified } == second.paths.map { second.file($0)?.lastModified })
    }

    @Test func aRemovedSessionIsPublishedAsCancelledAndAClashIsRejected() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state.sqlite").path
        let source = try write(programme(), "p.yaml")
        _ = try published(try await publisher(source, state: state).publish())
        _ = try write(programme(withThird: false), "p.yaml")
        let second = try published(try await publisher(source, state: state).publish())
        let all = String(decoding: try #require(second.file("all.ics")).bytes, as: UTF8.self)
        #expect(all.contains("SUMMARY:Cancelled: Trois\r\n") && all.contains("STATUS:CANCELLED\r\n"))
        // The day feed lost its last session: it stays published with the cancellation.
        #expect(second.file("day/2023-09-20.ics")?.eventCount == 1)
        _ = try write(programme(room: "a", clash: true), "p.yaml")
        guard case .rejected(let report) = try await publisher(source, state: state).publish() else {
            Issue.record("a programme with a room clash was published")
            return
        }
        #expect(report.diagnostics.map(\.rule) == ["room-clash"])
        // Rejected: the store still holds the last publication.
        let kept = try await SQLitePublicationStore(path: state).load()
        #expect(kept.sessions.map(\.uid).sorted() == ["one@conf", "three@conf", "two@conf"])
    }
}
