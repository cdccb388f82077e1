import Foundation
import ICal
import Testing

@testable import Ateliers

/// Reads one fixture under `Fixtures/import/` with the importer that fits it.
func importFixture(_ name: String) async throws -> ImportResult {
    let path = Fixtures.path("import/\(name)")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let importer = try #require(ProgrammeLoader().importers.first { $0.accepts(path: path, text: text) })
    return try await importer.read(path: "import/\(name)", text: text)
}

extension Programme {
    func session(_ id: String) -> Session? { sessions.first { $0.id == id } }
}

/// `date start–end` of a session's slot, for compact assertions.
func when(_ session: Session?) -> String? {
    guard let slot = session?.slot else { return nil }
    return "\(slot.start.date) \(slot.start.time)–\(slot.end.date) \(slot.end.time)"
}

/// `rule@line` of each diagnostic, in order.
func places(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map { "\($0.rule)@\($0.sources.first?.line ?? 0)" }
}

@Suite struct ICSImportTests {
    @Test func aCustomNamedZoneUTCAMissingZoneAndDatesBecomeWallClocksOfTheProgrammeZone() async throws {
        let result = try await importFixture("other-zone.ics")
        let programme = result.programme
        // The calendar says Europe/Paris; its events are written in other zones.
        #expect(programme.event.timeZone == "Europe/Paris")
        #expect(programme.event.name == "Montréal Summit")
        #expect(programme.event.id == nil)
        #expect(programme.sessions.map(\.id) == ["keynote", "panel", "lunch", "expo", "standup"])
        // "Eastern Standard Time" is defined by the file's own VTIMEZONE (EDT, -04:00, in October): 09:00 there is
        // 13:00Z, 15:00 in Paris.
        #expect(when(programme.session("keynote")) == "2023-10-02 15:00–2023-10-02 16:30")
        // 14:00Z is 16:00 in Paris.
        #expect(when(programme.session("panel")) == "2023-10-02 16:00–2023-10-02 17:00")
        // DURATION instead of DTEND; America/Toronto read from the system's zone database: 12:00 is 16:00Z.
        #expect(when(programme.session("lunch")) == "2023-10-02 18:00–2023-10-02 19:00")
        #expect(when(programme.session("standup")) == "2023-10-03 14:30–2023-10-03 14:45")
        #expect(when(programme.session("expo")) == "2023-10-02 00:00–2023-10-04 00:00")
        #expect(programme.session("expo")?.allDay == true)
        #expect(programme.session("keynote")?.allDay == false)
        #expect(programme.session("dropped") == nil)
        let keynote = try #require(programme.session("keynote"))
        #expect(keynote.room == "hall-a")
        #expect(keynote.track == "plenary")
        #expect(keynote.chairs.map(\.name) == ["Marie Tremblay"])
        #expect(keynote.parts.flatMap(\.speakers).map(\.name) == ["Jean Côté"])
        #expect(keynote.uid == "keynote@summit.example")
        #expect(keynote.sources == [SourceLocation(file: "import/other-zone.ics", line: 21)])
        #expect(keynote.slotSource == SourceLocation(file: "import/other-zone.ics", line: 24))
        #expect(programme.rooms.map(\.name) == ["Hall A", "Hall B"])
        #expect(places(result.diagnostics) == ["missing-vtimezone@43", "unsupported-recurrence@65"])
        #expect(result.sessionsFromInstants == ["keynote", "panel", "lunch", "standup"])
        #expect(!result.zoneIsInferred)
    }

    @Test func allDayEventsNeverClashByRoomButTimedOnesDo() async throws {
        let result = try await importFixture("other-zone.ics")
        let zone = try await ProgrammeCheck.zoneRules(for: result.programme)
        let found = ProgrammeCheck().run(CheckContext(programme: result.programme, zone: zone))
        let clashes = found.filter { $0.rule == "room-clash" }
        #expect(clashes.map { $0.sessions.map(\.id) } == [["keynote", "panel"]])
        #expect(clashes.first?.room == "Hall A")
        #expect(clashes.first.flatMap { $0.start.map(zone.rfc3339) } == "2023-10-02T16:00:00+02:00")
    }

    @Test func floatingTimesAreReadInTheProgrammeZoneWithOneWarning() async throws {
        let result = try await importFixture("floating.ics")
        #expect(result.programme.event.timeZone == "Europe/Paris")
        #expect(when(result.programme.session("a1")) == "2023-09-19 11:30–2023-09-19 13:00")
        #expect(result.programme.session("a1")?.title == "Atelier, un")
        #expect(result.programme.session("a1")?.hasDerivedID == false)
        #expect(places(result.diagnostics) == ["floating-time@8"])
    }

    @Test func aBrokenLineIsAWarningOnItsLineAndTheEventStillLoads() async throws {
        let result = try await importFixture("broken-line.ics")
        #expect(result.programme.sessions.map(\.id) == ["b1", "b2"])
        #expect(places(result.diagnostics) == ["unreadable-line@10"])
        #expect(result.diagnostics.first?.message.hasSuffix("THIS LINE HAS NO COLON") == true)
        // UTC times in a feed that names no zone stay UTC: no zone is invented.
        #expect(when(result.programme.session("b1")) == "2023-09-19 09:30–2023-09-19 10:30")
    }

    @Test func aTruncatedCalendarCannotBeReadAtAll() async throws {
        await #expect(
            throws: InputError(
                file: "import/truncated.ics", line: 4,
                message: "BEGIN:VEVENT is never closed (the file ends without END:VEVENT)")
        ) {
            _ = try await importFixture("truncated.ics")
        }
    }

    @Test func icsToAteliersToICSKeepsTheFeedByteForByte() async throws {
        let golden = Fixtures.path("golden/seeds-all.ics")
        let programme = try await ProgrammeLoader().load(paths: [golden]).programme
        let context = CheckContext(programme: programme, zone: try await paris())
        let feeds = await FeedRenderer().render(context, plan: FeedPlan(context, kinds: [.all]), stamp: 1_693_526_400)
        let original = try String(contentsOfFile: golden, encoding: .utf8)
        #expect(feeds.text(of: 0) == original)
    }

    @Test func allDaySessionsAreWrittenAsDatesAndReadBackAsAllDay() async throws {
        let programme = try await importFixture("other-zone.ics").programme
        let zone = try await ProgrammeCheck.zoneRules(for: programme)
        let context = CheckContext(programme: programme, zone: zone)
        let feeds = await FeedRenderer().render(context, plan: FeedPlan(context, kinds: [.all]), stamp: 0)
        let text = feeds.text(of: 0)
        #expect(
            text.contains(
                "UID:expo@summit.example\r\nDTSTAMP:19700101T000000Z\r\n"
                    + "DTSTART;VALUE=DATE:20231002\r\nDTEND;VALUE=DATE:20231004\r\n"))
        let back = try await ICSProgrammeImporter().read(path: "back.ics", text: text).programme
        #expect(back.session("expo")?.allDay == true)
        // The feed lists events by start; compare session by session.
        for session in programme.sessions { #expect(when(back.session(session.id)) == when(session)) }
        #expect(back.sessions.count == programme.sessions.count)
        let yaml = try YAMLProgrammeWriter.yaml(for: programme)
        let fromYAML = try YAMLProgrammeImporter().read(path: "p.yaml", text: yaml).programme
        #expect(fromYAML.strippingProvenance() == programme.strippingProvenance())
    }

    @Test func overridesNominalDaysResourcesAndEventsWithoutAnEnd() async throws {
        let result = try await importFixture("edge-cases.ics")
        let programme = result.programme
        #expect(programme.sessions.map(\.id) == ["weekly", "day-long", "no-end"])
        // A room booked as an attendee is not a speaker, nor is someone who declined.
        #expect(programme.session("weekly")?.people.map(\.name) == ["Present Person"])
        // P1DT30M from 10:00 on the day the clocks go back: the next day at 10:30 (a day is a calendar day).
        #expect(when(programme.session("day-long")) == "2023-10-28 10:00–2023-10-29 10:30")
        // DTSTART alone is an instant (RFC 5545 §3.6.1): a zero-length session, not an error.
        #expect(when(programme.session("no-end")) == "2023-10-28 14:00–2023-10-28 14:00")
        #expect(
            places(result.diagnostics) == [
                "unsupported-recurrence@8", "unsupported-recurrence@19", "missing-vtimezone@30",
            ])
        // The VTIMEZONE named Europe/Paris has no observance: the system's zone is used, with the warning.
        #expect(result.diagnostics[2].message.hasPrefix("TZID=Europe/Paris has no usable VTIMEZONE in the file"))
    }

    @Test func aUTCFeedMergedIntoAProgrammeTakesItsZoneAndKeepsItsUID() async throws {
        let alone = try await ProgrammeLoader().load(paths: [Fixtures.path("import/utc-feed.ics")])
        // No zone is invented: the instants stay UTC, with one warning.
        #expect(alone.diagnostics.map(\.rule) == ["no-timezone"])
        #expect(alone.programme.event.timeZone == "UTC")
        #expect(when(alone.programme.session("abc123")) == "2023-09-19 09:30–2023-09-19 11:00")
        let merged = try await ProgrammeLoader().load(paths: [
            Fixtures.root.appendingPathComponent("examples/event.yaml").path, Fixtures.path("import/utc-feed.ics"),
        ])
        #expect(merged.diagnostics.isEmpty)
        #expect(merged.programme.timeZoneID == "Europe/Paris")
        #expect(merged.programme.event.id == "raict-2023")
        let meeting = try #require(merged.programme.session("abc123"))
        // 09:30Z is 11:30 in Paris in September.
        #expect(when(meeting) == "2023-09-19 11:30–2023-09-19 13:00")
        #expect(EventText.uid(of: meeting, in: merged.programme) == "abc123@google.com")
    }

    @Test func anInstantInTheRepeatedHourIsReportedAndTextWithoutACalendarIsRefused() async throws {
        let night = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "X-WR-TIMEZONE:Europe/Paris", "BEGIN:VEVENT", "UID:n",
            "DTSTAMP:20230901T000000Z", "DTSTART:20231029T003000Z", "DTEND:20231029T011500Z", "SUMMARY:Night",
            "END:VEVENT", "END:VCALENDAR",
        ].joined(separator: "\r\n")
        let result = try await ICSProgrammeImporter().read(path: "n.ics", text: night)
        // 00:30Z is 02:30 (+02:00), the first pass; 01:15Z is 02:15 (+01:00), the second: read an hour early.
        #expect(when(result.programme.session("n")) == "2023-10-29 02:30–2023-10-29 02:15")
        #expect(
            result.diagnostics.map(\.message) == [
                "2023-10-29T02:15:00+01:00 falls in the hour Europe/Paris repeats; as a wall clock (2023-10-29 02:15)"
                    + " it reads as 2023-10-29T02:15:00+02:00, an hour early"
            ])
        await #expect(throws: InputError(file: "j.ics", message: "not an iCalendar file: no BEGIN:VCALENDAR")) {
            _ = try await ICSProgrammeImporter().read(path: "j.ics", text: "hello\n")
        }
    }
}
