import Testing

@testable import ICal

@Suite struct WallClockTests {
    @Test func roundTripsThroughSecondsSinceEpoch() {
        let wall = WallClock(year: 2023, month: 9, day: 19, hour: 11, minute: 30)
        #expect(wall.secondsSinceEpochAsUTC == 1_695_123_000)
        #expect(WallClock(utcSeconds: 1_695_123_000) == wall)
        #expect(
            WallClock(utcSeconds: -1) == WallClock(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59))
    }

    @Test func knowsRealDatesAndWeekdays() {
        #expect(WallClock(year: 2023, month: 2, day: 29).isValid == false)
        #expect(WallClock(year: 2024, month: 2, day: 29).isValid)
        #expect(WallClock(year: 2023, month: 9, day: 19).isoWeekday == 2)  // a Tuesday
    }
}

@Suite struct TimeZoneRulesTests {
    let library = ICalLibrary.shared

    @Test func readsParisTransitionsFromLibical() async throws {
        let paris = try await library.timeZoneRules(identifier: "Europe/Paris", years: 2023...2023)
        let in2023 = paris.transitions.filter { WallClock(utcSeconds: $0.instant).year == 2023 }
        #expect(
            in2023 == [
                .init(instant: 1_679_792_400, offsetBefore: 3_600, offsetAfter: 7_200, name: "CEST", isDaylight: true),
                .init(instant: 1_698_541_200, offsetBefore: 7_200, offsetAfter: 3_600, name: "CET", isDaylight: false),
            ])
    }

    @Test func resolvesWallClocksThroughTheZone() async throws {
        let paris = try await library.timeZoneRules(identifier: "Europe/Paris", years: 2023...2023)
        #expect(paris.resolve(WallClock(year: 2023, month: 9, day: 19, hour: 11, minute: 30)) == .unique(1_695_115_800))
        #expect(paris.rfc3339(1_695_115_800) == "2023-09-19T11:30:00+02:00")
        #expect(paris.rfc3339(1_700_000_000) == "2023-11-14T23:13:20+01:00")
        // 02:30 on 26 March does not exist; RFC 5545 reads it with the offset before the gap.
        #expect(paris.resolve(WallClock(year: 2023, month: 3, day: 26, hour: 2, minute: 30)) == .skipped(1_679_794_200))
        // 02:30 on 29 October happens twice.
        #expect(
            paris.resolve(WallClock(year: 2023, month: 10, day: 29, hour: 2, minute: 30))
                == .repeated(first: 1_698_539_400, second: 1_698_543_000))
    }

    @Test func rejectsUnknownZones() async {
        await #expect(throws: ICalError.self) {
            try await library.timeZoneRules(identifier: "Europe/Atlantis", years: 2023...2023)
        }
        await #expect(throws: ICalError.self) {
            try await library.timeZoneRules(
                identifier: "/freeassociation.sourceforge.net/Europe/Paris", years: 2023...2023)
        }
    }

    @Test func writesACompactVTimezone() async throws {
        let paris = try await library.timeZoneRules(identifier: "Europe/Paris", years: 2023...2023)
        let text = await library.renderTimeZone(paris, covering: 1_695_115_800...1_695_121_200)
        #expect(
            text
                == [
                    "BEGIN:VTIMEZONE", "TZID:Europe/Paris", "BEGIN:DAYLIGHT", "DTSTART:20230326T020000",
                    "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "END:DAYLIGHT", "BEGIN:STANDARD",
                    "DTSTART:20231029T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "END:STANDARD",
                    "END:VTIMEZONE", "",
                ].joined(separator: "\r\n"))
    }

    @Test func writesOneObservanceForZonesWithoutChanges() async throws {
        let tokyo = try await library.timeZoneRules(identifier: "Asia/Tokyo", years: 2023...2023)
        let text = await library.renderTimeZone(tokyo, covering: 1_695_115_800...1_695_121_200)
        #expect(
            text.contains("BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\n"))
        #expect(!text.contains("DAYLIGHT"))
    }
}

@Suite struct RenderAndParseTests {
    let library = ICalLibrary.shared

    @Test func rendersAnEventThatLibicalReadsBack() async throws {
        let spec = EventSpec(
            uid: "atelier-1@raict-2023", stamp: 1_693_526_400,
            start: WallClock(year: 2023, month: 9, day: 19, hour: 11, minute: 30),
            end: WallClock(year: 2023, month: 9, day: 19, hour: 13, minute: 0), timeZone: "Europe/Paris",
            summary: "L’action internationale, au service; du développement", location: "Amphi G. Berger",
            description: "Ligne 1\nLigne 2", categories: ["Atelier"], alarmMinutesBefore: 15)
        let text = try #require(await library.render(events: [spec]).first)
        #expect(text.contains("DTSTART;TZID=Europe/Paris:20230919T113000\r\n"))
        #expect(text.contains("DTSTAMP:20230901T000000Z\r\n"))
        #expect(text.contains("SUMMARY:L’action internationale\\, au service\\; du développement\r\n"))
        #expect(text.contains("TRIGGER:-PT15M\r\n"))
        let parsed = try await library.parse("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + text + "END:VCALENDAR\r\n")
        #expect(parsed.libicalErrors == [])
        let event = try #require(parsed.components("VEVENT").first)
        #expect(event.property("SUMMARY")?.value == spec.summary)
        #expect(event.property("DESCRIPTION")?.value == "Ligne 1\nLigne 2")
        #expect(event.property("DTSTART")?.parameter("TZID") == "Europe/Paris")
        #expect(event.property("UID")?.value == "atelier-1@raict-2023")
    }

    @Test func escapesCommasAndSemicolonsInXProperties() async throws {
        let header = await library.render(
            header: CalendarHeaderSpec(
                productID: "-//Test//EN", name: "Conf, Main; Room \\ 2", timeZone: "Europe/Paris",
                refreshInterval: 3_600))
        #expect(header.contains("\r\nX-WR-CALNAME:Conf\\, Main\\; Room \\\\ 2\r\n"))
        #expect(header.contains("\r\nNAME:Conf\\, Main\\; Room \\\\ 2\r\n"))
        #expect(header.contains("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n"))
        #expect(!header.contains("END:VCALENDAR"))
        let parsed = try await library.parse(header + ICalLibrary.calendarFooter)
        #expect(parsed.property("NAME")?.value == "Conf, Main; Room \\ 2")
    }

    @Test func foldsLongLinesWithoutSplittingCharacters() {
        let line = "X-WR-CALNAME:" + String(repeating: "é", count: 60)
        let folded = ContentLines.fold(line)
        for physical in folded.split(separator: "\r\n") { #expect(physical.utf8.count <= 75) }
        #expect(ContentLines.unfold(folded) == [line])
    }

    @Test func refusesACalendarWithoutItsEnd() async {
        await #expect(throws: ICalError.self) {
            try await library.parse("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n")
        }
    }
}
