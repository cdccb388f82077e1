import Foundation
import ICal
import Testing

@testable import Ateliers

/// Compares what a frab schedule round trip must keep: each event's guid, instants, room, title and persons.
func scheduleFacts(_ programme: Programme, zone: TimeZoneRules) -> [String] {
    programme.sessions.compactMap { session in
        guard let slot = session.slot else { return nil }
        let room = programme.room(session.room)?.name ?? "-"
        let people = session.people.map(\.name).joined(separator: ", ")
        // A frab event without a guid is given one when written: only guids are identities to keep.
        let id = FrabSchedule.isUUID(session.id) ? session.id : "(\(session.id))"
        return "\(id) \(zone.rfc3339(zone.resolve(slot.start).instant))"
            + "–\(zone.rfc3339(zone.resolve(slot.end).instant)) [\(room)] \(session.title) (\(people))"
    }.sorted()
}

func schedule(of programme: Programme) async throws -> (FrabSchedule, TimeZoneRules) {
    let zone = try await ProgrammeCheck.zoneRules(for: programme)
    return (FrabSchedule(CheckContext(programme: programme, zone: zone), stamp: 1_693_526_400), zone)
}

@Suite struct ScheduleFormatTests {
    @Test func frabXMLGivesGuidsTimesRoomsAndPersonsAcrossMidnight() async throws {
        let result = try await importFixture("schedule.xml")
        let programme = result.programme
        #expect(result.diagnostics.isEmpty)
        #expect(programme.event.id == "rencontres_2023")
        #expect(programme.event.name == "Rencontres de l’action internationale")
        #expect(programme.event.timeZone == "Europe/Paris")
        let (_, zone) = try await schedule(of: programme)
        #expect(
            scheduleFacts(programme, zone: zone) == [
                // No <date>: 01:00 is before the day's 04:00 start, so it is the night after.
                "(event-103) 2023-09-20T01:00:00+02:00–2023-09-20T01:45:00+02:00 [Amphi G. Berger]"
                    + " After midnight, no date element ()",
                "6f1c8a3e-1d2b-5e4f-8a9b-0c1d2e3f4a5b 2023-09-19T11:30:00+02:00–2023-09-19T13:00:00+02:00 [Salle 2]"
                    + " L’eau & les territoires (Aude Saldana, Regis Besse)",
                "7a2d9b4f-2e3c-5f60-9bac-1d2e3f4a5b6c 2023-09-19T23:30:00+02:00–2023-09-20T00:30:00+02:00"
                    + " [Amphi G. Berger] Veillée (crosses midnight) (Regis Besse)",
            ])
        let first = try #require(programme.session("6f1c8a3e-1d2b-5e4f-8a9b-0c1d2e3f4a5b"))
        #expect(first.kind == "Atelier")
        #expect(programme.track(first.track)?.name == "Climat")
        #expect(first.url == "https://example.org/rencontres/talk/101/")
        #expect(first.description == "Retours d’expérience « sur le terrain ».")
        #expect(first.sources == [SourceLocation(file: "import/schedule.xml", line: 17)])
    }

    @Test func scheduleJSONReadsInstantsInTheConferenceZone() async throws {
        let result = try await importFixture("schedule.json")
        let programme = result.programme
        #expect(programme.event.timeZone == "America/Toronto")
        let (_, zone) = try await schedule(of: programme)
        #expect(
            scheduleFacts(programme, zone: zone) == [
                "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70 2023-10-02T09:00:00-04:00–2023-10-02T10:30:00-04:00 [Hall A]"
                    + " Keynote (Marie Tremblay)",
                // "date" is 14:00Z, which wins over the "start" text.
                "1e0f9a8b-7c6d-4e5f-9a0b-3c4d5e6f7081 2023-10-02T10:00:00-04:00–2023-10-02T10:45:00-04:00 [Hall A]"
                    + " Panel (Jean Côté)",
            ])
        #expect(programme.session("0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70")?.sources.first?.line == 24)
    }

    @Test func frabXMLToAteliersToFrabXMLKeepsEveryEventTimeRoomAndPerson() async throws {
        let original = try await importFixture("schedule.xml").programme
        let (written, zone) = try await schedule(of: original)
        let back = try await FrabXMLImporter().read(path: "back.xml", text: written.xml())
        #expect(back.diagnostics.isEmpty)
        // Times, rooms, titles and persons of every event; then the guids, all kept.
        let withoutGuid = { (facts: [String]) in facts.map { String($0.drop { $0 != " " }) }.sorted() }
        let guids = Set(original.sessions.map(\.id).filter(FrabSchedule.isUUID))
        #expect(guids.count == 2)
        #expect(
            guids.isSubset(
                of: Set(
                    try await FrabXMLImporter().read(path: "b.xml", text: written.xml()).programme.sessions.map(\.id))))
        #expect(
            guids.isSubset(
                of: Set(
                    try await FrabJSONImporter().read(path: "b.json", text: written.json()).programme.sessions.map(\.id)
                )))
        #expect(
            withoutGuid(scheduleFacts(back.programme, zone: zone)) == withoutGuid(scheduleFacts(original, zone: zone)))
        let json = try await FrabJSONImporter().read(path: "back.json", text: written.json())
        #expect(
            withoutGuid(scheduleFacts(json.programme, zone: zone)) == withoutGuid(scheduleFacts(original, zone: zone)))
    }

    @Test func theSeedsAsFrabSchedulesMatchTheGoldenFiles() async throws {
        let programme = try await ProgrammeLoader().load(
            paths: Fixtures.seeds + [Fixtures.root.appendingPathComponent("examples/event.yaml").path]
        ).programme
        let (written, zone) = try await schedule(of: programme)
        Fixtures.expectGolden(written.xml(), "seeds-schedule.xml")
        Fixtures.expectGolden(written.json(), "seeds-schedule.json")
        // Read back, the sessions keep their instants, rooms and people under their generated guids.
        let back = try await FrabXMLImporter().read(path: "back.xml", text: written.xml()).programme
        #expect(back.sessions.count == programme.sessions.count { $0.slot != nil })
        for session in programme.sessions where session.slot != nil {
            let guid = FrabSchedule.uuid(named: EventText.uid(of: session, in: programme))
            let again = try #require(back.session(guid))
            #expect(again.slot == session.slot)
            #expect(again.people.map(\.name) == session.people.map(\.name))
            #expect(back.room(again.room)?.name == programme.room(session.room)?.name)
        }
        #expect(zone.identifier == "Europe/Paris")
    }

    @Test func stableIdentifiers() {
        #expect(FrabSchedule.uuid(named: "atelier-1@raict-2023") == FrabSchedule.uuid(named: "atelier-1@raict-2023"))
        #expect(FrabSchedule.isUUID(FrabSchedule.uuid(named: "x")))
        #expect(Array(FrabSchedule.uuid(named: "x"))[14] == "8")  // version 8: custom, name-based
        #expect(FrabSchedule.acronym("raict-2023") == "raict_2023")
        #expect(FrabSchedule.acronym("ab") == "ab__")
        #expect(FrabSchedule.duration(90) == "01:30")
        #expect(FrabSchedule.duration(26 * 60) == "26:00")
    }

    @Test func truncatedSchedulesCannotBeRead() async throws {
        await #expect(
            throws: InputError(
                file: "import/truncated.xml", line: 22,
                message: "malformed XML: the document ends inside <slug> opened at line 22")
        ) { _ = try await importFixture("truncated.xml") }
        await #expect(
            throws: InputError(
                file: "import/truncated.json", message: "malformed JSON: Unexpected end of file during JSON parse.")
        ) { _ = try await importFixture("truncated.json") }
        await #expect(
            throws: InputError(
                file: "bad.xml", line: 1, column: 44, message: "malformed XML: an end tag does not match its start tag")
        ) {
            _ = try await FrabXMLImporter().read(
                path: "bad.xml", text: "<schedule><day><room><event><title>x</titl></event></room></day></schedule>")
        }
    }

    @Test func aDeeplyNestedDocumentIsRefusedNotACrash() async throws {
        let text = String(repeating: "<x>", count: 30_000) + String(repeating: "</x>", count: 30_000)
        await #expect(
            throws: InputError(file: "deep.xml", line: 1, message: "malformed XML: elements nest deeper than 64 levels")
        ) { _ = try await FrabXMLImporter().read(path: "deep.xml", text: text) }
    }

    @Test func aRepeatedGuidIsAnErrorAndEachEventIsKept() async throws {
        let event =
            "<event guid=\"6f1c8a3e-1d2b-5e4f-8a9b-0c1d2e3f4a5b\"><date>2023-09-19T11:30:00+02:00</date>"
            + "<duration>01:00</duration><title>T</title></event>"
        let text = "<schedule><day date=\"2023-09-19\"><room name=\"R\">\n\(event)\n\(event)</room></day></schedule>"
        let result = try await FrabXMLImporter().read(path: "dup.xml", text: text)
        #expect(
            result.programme.sessions.map(\.id) == [
                "6f1c8a3e-1d2b-5e4f-8a9b-0c1d2e3f4a5b", "6f1c8a3e-1d2b-5e4f-8a9b-0c1d2e3f4a5b-2",
            ])
        #expect(places(result.diagnostics) == ["duplicate-id@3"])
        #expect(
            result.diagnostics.first?.message
                == "2 events share the guid or id '6f1c8a3e-1d2b-5e4f-8a9b-0c1d2e3f4a5b' (one event each, or"
                + " subscribers see only one of them): each is kept as its own session, the others as"
                + " '6f1c8a3e-1d2b-5e4f-8a9b-0c1d2e3f4a5b-2'")
        #expect(result.zoneIsInferred)
    }
}
