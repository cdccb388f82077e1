import Foundation
import ICal
import Testing

@testable import Ateliers

/// The content hash that decides whether a session's `SEQUENCE` moves.
@Suite struct FeedHistoryHashTests {
    static func spec(summary: String = "Atelier", location: String? = "Salle 2") -> EventSpec {
        EventSpec(
            uid: "a@demo", stamp: 0, start: WallClock(year: 2023, month: 9, day: 19, hour: 11, minute: 30),
            end: WallClock(year: 2023, month: 9, day: 19, hour: 13), timeZone: "Europe/Paris", summary: summary,
            location: location, categories: ["Atelier"])
    }

    @Test func theHashIsStableAndLeavesOutThePublicationFields() {
        var spec = Self.spec()
        let hash = FeedHistory.contentHash(spec)
        // The same bytes hashed by an independent FNV-1a in Python.
        #expect(hash == "v2-4185a84ac07d0494")
        spec.stamp = 99
        spec.sequence = 4
        spec.lastModified = 7
        spec.alarmMinutesBefore = 10
        #expect(FeedHistory.contentHash(spec) == hash)
    }

    @Test func fieldsDoNotRunIntoEachOther() {
        #expect(
            FeedHistory.contentHash(Self.spec(summary: "Atelier", location: "Salle 2"))
                != FeedHistory.contentHash(Self.spec(summary: "AtelierSalle 2", location: nil)))
        #expect(
            FeedHistory.contentHash(Self.spec(location: nil)) != FeedHistory.contentHash(Self.spec(location: "")))
    }

    /// A store written by an earlier version holds the JSON hash: the first export after the upgrade keeps the
    /// sequence and last-modified of every unchanged session, and bumps only the changed ones.
    @Test func aLegacyHashStillMeansUnchanged() {
        let unchanged = Self.spec()
        let legacy = PublishedSession(
            uid: unchanged.uid, contentHash: FeedHistory.legacyContentHash(unchanged), sequence: 3, lastModified: 50,
            removedAt: nil, event: unchanged, feeds: ["all.ics"])
        #expect(!legacy.contentHash.hasPrefix("v2-"))
        let same = FeedHistory().update(
            previous: [legacy], current: [(unchanged, ["all.ics"])], now: 100, fixedStamp: nil)
        #expect(same.events[unchanged.uid]?.sequence == 3)
        #expect(same.events[unchanged.uid]?.lastModified == 50)
        #expect(same.records.map(\.contentHash) == [FeedHistory.contentHash(unchanged)])
        let changed = FeedHistory().update(
            previous: [legacy], current: [(Self.spec(summary: "Atelier 2"), ["all.ics"])], now: 100, fixedStamp: nil)
        #expect(changed.events[unchanged.uid]?.sequence == 4)
        #expect(changed.events[unchanged.uid]?.lastModified == 100)
    }
}
