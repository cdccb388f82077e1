import Ateliers
import AteliersStore
import Foundation
import ICal
import Testing

func event(_ uid: String, summary: String = "Atelier", hour: Int = 11) -> EventSpec {
    EventSpec(
        uid: uid, stamp: 0, start: WallClock(year: 2023, month: 9, day: 19, hour: hour, minute: 30),
        end: WallClock(year: 2023, month: 9, day: 19, hour: hour + 1, minute: 30), timeZone: "Europe/Paris",
        summary: summary, location: "Salle 2")
}

@Suite struct FeedHistoryTests {
    let history = FeedHistory(keepCancelled: 10 * 86_400)

    @Test func newUnchangedChangedRemovedAndExpired() {
        let first = history.update(
            previous: [], current: [(event("a"), ["all.ics"]), (event("b"), ["all.ics", "room/r.ics"])], now: 1_000,
            fixedStamp: nil)
        #expect(first.events["a"]?.sequence == 0)
        #expect(first.events["a"]?.lastModified == 1_000)
        #expect(first.events["a"]?.stamp == 1_000)
        #expect(first.cancelled.isEmpty)

        let second = history.update(
            previous: first.records, current: [(event("a"), ["all.ics"]), (event("b", hour: 14), ["all.ics"])],
            now: 2_000, fixedStamp: nil)
        #expect(second.events["a"]?.sequence == 0)
        #expect(second.events["a"]?.lastModified == 1_000)
        #expect(second.events["b"]?.sequence == 1)
        #expect(second.events["b"]?.lastModified == 2_000)

        let third = history.update(
            previous: second.records, current: [(event("a"), ["all.ics"])], now: 3_000, fixedStamp: 99)
        #expect(third.cancelled.count == 1)
        let cancelled = third.cancelled[0].event
        #expect(cancelled.uid == "b")
        #expect(cancelled.summary == "Cancelled: Atelier")
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.sequence == 2)
        #expect(cancelled.lastModified == 3_000)
        #expect(cancelled.stamp == 99)
        #expect(third.cancelled[0].feeds == ["all.ics"])

        let withinGrace = history.update(
            previous: third.records, current: [(event("a"), ["all.ics"])], now: 3_000 + 86_400, fixedStamp: nil)
        #expect(withinGrace.cancelled.map(\.event.sequence) == [2])
        #expect(withinGrace.cancelled[0].event.summary == "Cancelled: Atelier")
        let expired = history.update(
            previous: withinGrace.records, current: [(event("a"), ["all.ics"])], now: 3_000 + 11 * 86_400,
            fixedStamp: nil)
        #expect(expired.cancelled.isEmpty)
        #expect(expired.records.map(\.uid) == ["a"])
    }

    @Test func aFeedsLastModifiedMovesOnlyWithItsBytesAndNeverBack() {
        let first = FeedHistory.feeds(previous: [], current: [("all.ics", "a1"), ("room/x.ics", "b1")], now: 100)
        #expect(first.map(\.lastModified) == [100, 100])
        // Same bytes: same time, even at a later publication. Changed bytes: the new time.
        let second = FeedHistory.feeds(previous: first, current: [("all.ics", "a2"), ("room/x.ics", "b1")], now: 200)
        #expect(
            second == [
                .init(path: "all.ics", hash: "a2", lastModified: 200),
                .init(path: "room/x.ics", hash: "b1", lastModified: 100),
            ])
        // A change stamped no later than the last one (a fixed SOURCE_DATE_EPOCH) still moves forward.
        let third = FeedHistory.feeds(previous: second, current: [("all.ics", "a3")], now: 150)
        #expect(third.map(\.lastModified) == [201, 100])
    }

    @Test func aSessionThatComesBackGoesOnCountingUp() {
        let first = history.update(previous: [], current: [(event("a"), ["all.ics"])], now: 1, fixedStamp: nil)
        let gone = history.update(previous: first.records, current: [], now: 2, fixedStamp: nil)
        let back = history.update(previous: gone.records, current: [(event("a"), ["all.ics"])], now: 3, fixedStamp: nil)
        #expect(back.events["a"]?.sequence == 2)
        #expect(back.events["a"]?.status == .confirmed)
        #expect(back.cancelled.isEmpty)
    }
}

@Suite struct SQLitePublicationStoreTests {
    @Test func savesAndLoadsFromARealFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ateliers-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        let records = FeedHistory().update(
            previous: [], current: [(event("a", summary: "Débat, «citoyen»; 2"), ["all.ics", "room/salle-2.ics"])],
            now: 7, fixedStamp: nil
        ).records
        let feeds = [PublishedFeed(path: "all.ics", hash: "00ff", lastModified: 7)]
        try await SQLitePublicationStore(path: path).save(PublicationState(sessions: records, feeds: feeds))
        #expect(
            try await SQLitePublicationStore(path: path).load() == PublicationState(sessions: records, feeds: feeds))
        try await SQLitePublicationStore(path: path).save(PublicationState())
        #expect(try await SQLitePublicationStore(path: path).load() == PublicationState())
    }

    @Test func aFileThatIsNotAStoreIsAClearError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ateliers-\(UUID().uuidString).sqlite")
            .path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: OutputError.self) { try SQLitePublicationStore(path: path) }
    }

    @Test func stateFileErrorsNameNoSQLiteInternals() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ateliers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("notes.txt").path
        try Data(String(repeating: "not a database\n", count: 10).utf8).write(to: URL(fileURLWithPath: text))
        let cases = [
            (text, "\(text): error: not an Ateliers state file (cannot read it as SQLite)"),
            (folder.path, "\(folder.path): error: is a folder, not an Ateliers state file"),
            (
                folder.path + "/none/state.sqlite",
                "\(folder.path)/none/state.sqlite: error: cannot open the state file (is its folder there and writable?)"
            ),
        ]
        for (path, message) in cases {
            #expect(throws: OutputError.self) { try SQLitePublicationStore(path: path) }
            do { _ = try SQLitePublicationStore(path: path) } catch { #expect("\(error)" == message) }
        }
    }
}
