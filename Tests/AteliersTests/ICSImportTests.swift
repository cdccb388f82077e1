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
        #expect(programme.event.timeZone == "America/Toronto")
        #expect(programme.event.name == "Montréal Summit")
        #expect(programme.event.id == "summit.example")
        #expect(programme.sessions.map(\.id) == ["keynote", "panel", "lunch", "expo", "standup"])
        // "Eastern Standard Time" is defined by the file's own VTIMEZONE (EDT, -04:00, in October).
        #expect(when(programme.session("keynote")) == "2023-10-02 09:00–2023-10-02 10:30")
        // 14:00Z is 10:00 in Toronto.
        #expect(when(programme.session("panel")) == "2023-10-02 10:00–2023-10-02 11:00")
        // DURATION instead of DTEND; America/Toronto read from the system's zone database.
        #expect(when(programme.session("lunch")) == "2023-10-02 12:00–2023-10-02 13:00")
        #expect(when(programme.session("expo")) == "2023-10-02 00:00–2023-10-04 00:00")
        #expect(programme.session("expo")?.allDay == true)
        #expect(programme.session("keynote")?.allDay == false)
        #expect(programme.session("dropped") == nil)
        let keynote = try #require(programme.session("keynote"))
        #expect(keynote.room == "hall-a")
        #expect(keynote.track == "plenary")
        #expect(keynote.chairs.map(\.name) == ["Marie Tremblay"])
        #expect(keynote.parts.flatMap(\.speakers).map(\.name) == ["Jean Côté"])
        #expect(keynote.uid == nil)  // keynote@summit.example is what the feeds write anyway
        #expect(keynote.sources == [SourceLocation(file: "import/other-zone.ics", line: 20)])
        #expect(keynote.slotSource == SourceLocation(file: "import/other-zone.ics", line: 23))
        #expect(programme.rooms.map(\.name) == ["Hall A", "Hall B"])
        #expect(places(result.diagnostics) == ["missing-vtimezone@42", "unsupported-recurrence@64"])
    }

    @Test func allDayEventsNeverClashByRoomButTimedOnesDo() async throws {
        let result = try await importFixture("other-zone.ics")
        let zone = try await ProgrammeCheck.zoneRules(for: result.programme)
        let found = ProgrammeCheck().run(CheckContext(programme: result.programme, zone: zone))
        let clashes = found.filter { $0.rule == "room-clash" }
        #expect(clashes.map { $0.sessions.map(\.id) } == [["keynote", "panel"]])
        #expect(clashes.first?.room == "Hall A")
        #expect(clashes.first.flatMap { $0.start.map(zone.rfc3339) } == "2023-10-02T10:00:00-04:00")
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
        #expect(when(result.programme.session("b1")) == "2023-09-19 11:30–2023-09-19 12:30")
    }

    @Test func aTruncatedCalendarCannotBeReadAtAll() async throws {
        await #expect(
            throws: InputError(
                file: "import/truncated.ics",
                message: "unreadable iCalendar: not a complete iCalendar object (is END:VCALENDAR missing?)")
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
}
