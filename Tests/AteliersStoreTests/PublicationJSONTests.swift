import Foundation
import ICal
import Testing

@testable import AteliersStore

/// The publication store writes each event's JSON itself: what `Codable` reads back must be the same event.
@Suite struct PublicationJSONTests {
    static let events: [EventSpec] = [
        EventSpec(
            uid: "a@x", stamp: 7, start: WallClock(year: 2023, month: 9, day: 19, hour: 11, minute: 30),
            end: WallClock(year: 2023, month: 9, day: 19, hour: 13), timeZone: "Europe/Paris", summary: "Atelier"),
        EventSpec(
            uid: "b@x\"/\\", stamp: 1_693_526_400, start: WallClock(year: 2023, month: 10, day: 29, hour: 2, second: 5),
            end: WallClock(year: 2023, month: 10, day: 30), timeZone: "UTC",
            summary: "Débat «citoyen»\n\t\u{1}\u{7F} 東京 😀", location: "Salle 2, \"A\"",
            description: "ligne 1\r\nligne 2",
            categories: ["Atelier", "Économie"], sequence: 3, lastModified: 99, status: .cancelled,
            url: "https://example.org/a?b=c&d=/e", alarmMinutesBefore: 15, allDay: false),
        EventSpec(
            uid: "c", stamp: 0, start: WallClock(year: 2024, month: 2, day: 29),
            end: WallClock(year: 2024, month: 3, day: 2),
            timeZone: "Europe/Paris", summary: "", categories: [], status: .tentative, allDay: true),
    ]

    @Test(arguments: 0..<3) func whatIsWrittenReadsBackAsTheSameEvent(_ index: Int) throws {
        let event = Self.events[index]
        let json = SQLitePublicationStore.json(event)
        #expect(!json.contains("\n"))
        #expect(try JSONDecoder().decode(EventSpec.self, from: Data(json.utf8)) == event)
    }

    @Test func theSmallestEventIsExactlyThis() {
        #expect(
            SQLitePublicationStore.json(Self.events[0])
                == #"{"categories":[],"end":{"day":19,"hour":13,"minute":0,"month":9,"second":0,"year":2023},"#
                + #""sequence":0,"stamp":7,"start":{"day":19,"hour":11,"minute":30,"month":9,"second":0,"year":2023},"#
                + #""status":"CONFIRMED","summary":"Atelier","timeZone":"Europe/Paris","uid":"a@x"}"#)
    }
}
