import Foundation
import ICal
import Testing

@testable import Ateliers

/// The rule catalogue's newer rules and the session kinds and shared rooms that change the clash rules: boundary
/// cases (touching intervals, sessions across midnight, the days the clocks change in Europe/Paris and
/// America/New_York) with the exact messages.
@Suite struct CatalogueRuleTests {
    /// A programme read from YAML; `sessions` are the lines under `sessions:`.
    func yaml(_ head: String, _ sessions: [String], zone: String = "Europe/Paris") throws -> Programme {
        let text = "event: {timezone: \(zone)\(head.isEmpty ? "" : ", \(head)")}\n"
        let result = try YAMLProgrammeImporter().read(path: "p.yaml", text: text + sessions.joined(separator: "\n"))
        #expect(result.diagnostics.map(\.message) == [])
        return result.programme
    }

    func check(_ programme: Programme, _ rule: any Rule, attendees: [Attendee] = []) async throws -> [Diagnostic] {
        let zone = try await ProgrammeCheck.zoneRules(for: programme)
        let found = rule.check(CheckContext(programme: programme, zone: zone, attendees: attendees))
        #expect(found.allSatisfy { $0.rule == rule.name && $0.severity == rule.severity })
        return found
    }

    func messages(_ programme: Programme, _ rule: any Rule) async throws -> [String] {
        try await check(programme, rule).map(\.message)
    }

    static let rooms = """
        rooms:
          - {id: a, name: Room A, building: Nord}
          - {id: b, name: Room B, building: Nord}
          - {id: c, name: Room C, building: Sud}
        """

    // MARK: plenary-overlap

    @Test func aPlenaryOverlapsEverySessionAtTheSameTimeInAnyRoomOrNone() async throws {
        let sample = try yaml(
            "",
            [
                Self.rooms, "sessions:",
                "  - {id: opening, title: Opening, kind: Plénière, date: 2023-09-19, start: '09:00', end: '10:00', room: a}",
                "  - {id: w1, title: Workshop 1, date: 2023-09-19, start: '09:30', end: '10:30', room: b}",
                "  - {id: w2, title: Workshop 2, date: 2023-09-19, start: '09:00', end: '09:30'}",
                "  - {id: w3, title: Workshop 3, date: 2023-09-19, start: '10:00', end: '11:00', room: c}",
                "  - {id: w4, title: Workshop 4, date: 2023-09-19, start: '08:00', end: '09:00', room: a}",
            ])
        let found = try await check(sample, PlenaryOverlapRule())
        #expect(
            found.map(\.message) == [
                "plenary 'opening' «Opening» overlaps 2 sessions at 2023-09-19 09:00–10:00:"
                    + " 'w2' «Workshop 2», 'w1' «Workshop 1»"
            ])
        #expect(found.map { $0.sessions.map(\.id) } == [["opening", "w2", "w1"]])
        #expect(found.map(\.pairs) == [2])
        #expect(found.map { $0.sources.map(\.line) } == [[7, 9, 8]])
    }

    @Test func oneSessionOverlappingAPlenaryIsNamedAndBackToBackIsFine() async throws {
        let sample = try yaml(
            "",
            [
                Self.rooms, "sessions:",
                "  - {id: p, title: Keynote, kind: plenary, date: 2023-09-19, start: '09:00', end: '10:00', room: a}",
                "  - {id: w, title: Workshop, date: 2023-09-19, start: '09:45', end: '11:00', room: b}",
                "  - {id: after, title: After, date: 2023-09-19, start: '10:00', end: '11:00', room: a}",
                "  - {id: before, title: Before, date: 2023-09-19, start: '08:00', end: '09:00', room: c}",
            ])
        #expect(
            try await messages(sample, PlenaryOverlapRule()) == [
                "plenary 'p' «Keynote» overlaps 'w' «Workshop» at 2023-09-19 09:45–10:00"
            ])
    }

    @Test func blocksAllMakesAnySessionAPlenaryAndOverlappingPlenariesAreOneGroup() async throws {
        let sample = try yaml(
            "",
            [
                Self.rooms, "sessions:",
                "  - {id: k, title: Keynote, kind: Atelier, blocks: all, date: 2023-09-19, start: '14:00', end: '15:00',"
                    + " room: a}",
                "  - {id: c, title: Closing, kind: Séance plénière, date: 2023-09-19, start: '14:30', end: '15:30',"
                    + " room: b}",
                "  - {id: w, title: Workshop, date: 2023-09-19, start: '14:45', end: '15:00', room: c}",
                "  - {id: x, title: Alone, kind: plenary, date: 2023-09-19, start: '16:00', end: '17:00', room: c}",
                "  - {id: p1, title: Twin 1, kind: plenary, date: 2023-09-20, start: '09:00', end: '10:00', room: a}",
                "  - {id: p2, title: Twin 2, kind: plenary, date: 2023-09-20, start: '09:30', end: '10:30', room: b}",
            ])
        let found = try await check(sample, PlenaryOverlapRule())
        #expect(
            found.map(\.message) == [
                "2 plenaries and 1 other session overlap at 2023-09-19 14:30–15:00 (3 overlapping pairs):"
                    + " 'k' «Keynote», 'c' «Closing», 'w' «Workshop»",
                "plenaries 'p1' «Twin 1» and 'p2' «Twin 2» overlap at 2023-09-20 09:30–10:00",
            ])
        #expect(found.map(\.pairs) == [3, 1])
    }

    @Test func aSessionSpanningTwoPlenariesIsInBothGroupsAndBreaksAreNotReported() async throws {
        let sample = try yaml(
            "",
            [
                Self.rooms, "sessions:",
                "  - {id: p1, title: Morning, kind: plenary, date: 2023-09-19, start: '09:00', end: '10:00', room: a}",
                "  - {id: p2, title: Noon, kind: plenary, date: 2023-09-19, start: '12:00', end: '13:00', room: a}",
                "  - {id: expo, title: Expo, date: 2023-09-19, start: '08:00', end: '18:00', room: b}",
                "  - {id: desk, title: Desk, kind: Registration, date: 2023-09-19, start: '08:00', end: '18:00',"
                    + " room: c}",
                "  - {id: coffee, title: Coffee, kind: Pause café, date: 2023-09-19, start: '09:45', end: '10:15'}",
                "  - {id: day, title: Day, all-day: 'true', date: 2023-09-19}",
            ])
        #expect(
            try await messages(sample, PlenaryOverlapRule()) == [
                "plenary 'p1' «Morning» overlaps 'expo' «Expo» at 2023-09-19 09:00–10:00",
                "plenary 'p2' «Noon» overlaps 'expo' «Expo» at 2023-09-19 12:00–13:00",
            ])
    }

    @Test func aPlenaryAcrossMidnightAndOnTheNightTheClocksGoBack() async throws {
        let sample = try yaml(
            "",
            [
                Self.rooms, "sessions:",
                "  - {id: gala, title: Gala, kind: plenary, date: 2023-10-28, start: '23:00', end: '+1 03:00', room: a}",
                "  - {id: late, title: Late, date: 2023-10-29, start: '02:30', end: '03:30', room: b}",
                "  - {id: dawn, title: Dawn, date: 2023-10-29, start: '03:00', end: '04:00', room: c}",
            ])
        // 02:30 is read as its first occurrence (+02:00); the gala ends at 03:00 (+01:00), 90 minutes later.
        let found = try await check(sample, PlenaryOverlapRule())
        #expect(found.map(\.message) == ["plenary 'gala' «Gala» overlaps 'late' «Late» at 2023-10-29 02:30–03:00"])
        #expect(found.map { ($0.end ?? 0) - ($0.start ?? 0) } == [5_400])
    }

    // MARK: service sessions

    @Test func aBreakHoldsItsRoomButTakesNoPartInSpeakerOrAttendeeClashes() async throws {
        func sample(kind: String) throws -> Programme {
            try yaml(
                "",
                [
                    Self.rooms, "sessions:",
                    "  - {id: coffee, title: Coffee, kind: \(kind), date: 2023-09-19, start: '10:30', end: '11:00',"
                        + " room: a, moderators: [Ann Lee]}",
                    "  - {id: talk, title: Talk, date: 2023-09-19, start: '10:45', end: '11:30', room: a,"
                        + " parts: [{speakers: [Ann Lee]}]}",
                ])
        }
        let picks = SourceLocation(file: "picks.csv", line: 2)
        let marie = Attendee(id: "marie", picks: ["coffee", "talk"], pickSources: [picks, picks])
        for kind in ["Pause café", "lunch", "Inscriptions"] {
            let withBreak = try sample(kind: kind)
            #expect(
                try await messages(withBreak, RoomClashRule()) == [
                    "'coffee' «Coffee» and 'talk' «Talk» are both in Room A at 2023-09-19 10:45–11:00 (15 min overlap)"
                ])
            #expect(try await check(withBreak, SpeakerClashRule()) == [])
            #expect(try await check(withBreak, AttendeeClashRule(), attendees: [marie]) == [])
        }
        // The same sessions with an ordinary kind: both clashes are found.
        let ordinary = try sample(kind: "Atelier")
        #expect(try await check(ordinary, SpeakerClashRule()).count == 1)
        #expect(try await check(ordinary, AttendeeClashRule(), attendees: [marie]).count == 1)
    }

    // MARK: shared rooms

    func posters(_ count: Int, holding capacity: Int?) -> Programme {
        programme(
            (1...count).map { ("p\($0 < 10 ? "0" : "")\($0)", Optional("hall"), "10:00", "11:00", [String]()) },
            rooms: [Room(id: "hall", name: "Poster hall", capacitySessions: capacity), Room(id: "r", name: "Room R")])
    }

    @Test func aSharedRoomHoldsExactlyItsCapacityAndTheNextOneClashes() async throws {
        #expect(try await check(posters(30, holding: 30), RoomClashRule()) == [])
        let found = try await check(posters(31, holding: 30), RoomClashRule())
        #expect(
            found.map(\.message) == [
                "31 sessions overlap in Poster hall at 2023-09-19 10:00–11:00 (it holds 30 at once): 'p01' «Session p01»,"
                    + " 'p02' «Session p02», 'p03' «Session p03», 'p04' «Session p04», 'p05' «Session p05» and 26 more"
            ])
        #expect(found.map(\.sessions.count) == [31])
        #expect(found.map(\.pairs) == [465])
        #expect(found.map(\.room) == ["Poster hall"])
        #expect(found.map(\.suggestion) == ["move 'p31' «Session p31» to Room R, free at 2023-09-19 10:00–11:00"])
        // Without capacity_sessions (or with 1), every overlap is a clash, as before.
        for capacity in [nil, 1] {
            let plain = try await check(posters(3, holding: capacity), RoomClashRule())
            #expect(
                plain.map(\.message) == [
                    "3 sessions overlap in Poster hall at 2023-09-19 10:00–11:00 (3 overlapping pairs):"
                        + " 'p01' «Session p01», 'p02' «Session p02», 'p03' «Session p03»"
                ])
        }
    }

    @Test func aSharedRoomClashNamesThePeakAndTheStretchWhereThereAreTooMany() async throws {
        let hall = [Room(id: "hall", name: "Poster hall", capacitySessions: 2)]
        let rotating = programme(
            [
                ("p1", "hall", "09:00", "12:00", []), ("p2", "hall", "09:00", "10:00", []),
                ("p3", "hall", "10:00", "11:00", []), ("p4", "hall", "10:30", "11:30", []),
                ("p5", "hall", "13:00", "14:00", []), ("p6", "hall", "13:30", "14:00", []),
            ], rooms: hall)
        let found = try await check(rotating, RoomClashRule())
        #expect(
            found.map(\.message) == [
                "3 sessions at once in Poster hall at 2023-09-19 10:30–11:00 (it holds 2 at once), in a group of 4"
                    + " overlapping sessions: 'p1' «Session p1», 'p2' «Session p2», 'p3' «Session p3», 'p4' «Session p4»"
            ])
        #expect(found.map { $0.sessions.map(\.id) } == [["p1", "p2", "p3", "p4"]])
        #expect(found.map(\.suggestion) == [nil])
        // Touching sessions are never at once: 2 leave at 10:00 as 2 arrive.
        let touching = programme(
            [
                ("p1", "hall", "09:00", "10:00", []), ("p2", "hall", "09:00", "10:00", []),
                ("p3", "hall", "10:00", "11:00", []), ("p4", "hall", "10:00", "11:00", []),
            ], rooms: hall)
        #expect(try await check(touching, RoomClashRule()) == [])
    }

    @Test func twentyThousandPostersAtOnceUnderOnePlenaryAreOneGroupEachCountedNotListed() async throws {
        let date = LocalDate(year: 2023, month: 9, day: 19)
        var sessions = (0..<20_000).map { number in
            Session(
                id: "p\(number)", title: "Poster \(number)",
                slot: Slot(date: date, start: LocalTime(hour: 9, minute: 0), end: LocalTime(hour: 18, minute: 0)),
                room: "hall", parts: [AgendaPart(title: nil, speakers: [Person(name: "Author \(number)")])],
                sources: [SourceLocation(file: "p.yaml", line: number + 2)])
        }
        sessions.append(
            Session(
                id: "keynote", title: "Keynote", kind: "plenary",
                slot: Slot(date: date, start: LocalTime(hour: 12, minute: 0), end: LocalTime(hour: 13, minute: 0)),
                room: "amphi", sources: [SourceLocation(file: "p.yaml", line: 1)]))
        let sample = Programme(
            rooms: [Room(id: "hall", name: "Poster hall", capacitySessions: 20_000), Room(id: "amphi", name: "Amphi")],
            sessions: sessions)
        let found = ProgrammeCheck().run(CheckContext(programme: sample, zone: try await paris()))
        #expect(found.map(\.rule) == ["plenary-overlap"])
        #expect(found.map(\.pairs) == [20_000])
        #expect(
            found.first?.message
                == "plenary 'keynote' «Keynote» overlaps 20000 sessions at 2023-09-19 12:00–13:00: 'p0' «Poster 0»,"
                + " 'p1' «Poster 1», 'p10' «Poster 10», 'p100' «Poster 100», 'p1000' «Poster 1000» and 19995 more")
    }

    // MARK: outside-hours

    @Test func outsideTheEventsDays() async throws {
        let sample = try yaml(
            "dates: [2023-09-19, 2023-09-20, 2023-09-22]",
            [
                Self.rooms, "sessions:",
                "  - {id: in, title: In, date: 2023-09-20, start: '22:00', end: '24:00', room: a}",
                "  - {id: out, title: Out, date: 2023-09-21, start: '10:00', end: '11:00', room: a}",
                "  - {id: night, title: Night, date: 2023-09-20, start: '23:00', end: '+1 01:00', room: a}",
                "  - {id: fair, title: Fair, all-day: 'true', date: 2023-09-19, days: '2'}",
                "  - {id: long, title: Long fair, all-day: 'true', date: 2023-09-20, days: '2'}",
            ])
        let found = try await check(sample, OutsideHoursRule())
        #expect(
            found.map(\.message) == [
                "'long' «Long fair» runs into 2023-09-21, which is not one of the event's days"
                    + " (2023-09-19 to 2023-09-20, 2023-09-22)",
                "'night' «Night» runs into 2023-09-21, which is not one of the event's days"
                    + " (2023-09-19 to 2023-09-20, 2023-09-22)",
                "'out' «Out» is on 2023-09-21, which is not one of the event's days"
                    + " (2023-09-19 to 2023-09-20, 2023-09-22)",
            ])
        #expect(found.map { $0.sources.map(\.line) } == [[11], [9], [8]])
    }

    @Test func outsideTheEventsHoursOnOrdinaryDaysAndWhenTheClocksChange() async throws {
        for (zone, day) in [
            ("Europe/Paris", "2023-09-19"), ("Europe/Paris", "2023-03-26"), ("Europe/Paris", "2023-10-29"),
            ("America/New_York", "2023-03-12"), ("America/New_York", "2023-11-05"),
        ] {
            let sample = try yaml(
                "hours: {open: '08:30', close: '19:00'}",
                [
                    Self.rooms, "sessions:",
                    "  - {id: early, title: Early, date: \(day), start: '08:00', end: '09:00', room: a}",
                    "  - {id: exact, title: Exact, date: \(day), start: '08:30', end: '19:00', room: b}",
                    "  - {id: late, title: Late, date: \(day), start: '18:30', end: '19:30', room: c}",
                    "  - {id: all, title: All day, all-day: 'true', date: \(day)}",
                ], zone: zone)
            #expect(
                try await messages(sample, OutsideHoursRule()) == [
                    "'early' «Early» at \(day) 08:00–09:00 is outside the event's hours (08:30–19:00)",
                    "'late' «Late» at \(day) 18:30–19:30 is outside the event's hours (08:30–19:00)",
                ], "\(zone) \(day)")
        }
    }

    @Test func eventHoursPastMidnight() async throws {
        let sample = try yaml(
            "hours: {open: '18:00', close: '02:00'}",
            [
                Self.rooms, "sessions:",
                "  - {id: club, title: Club, date: 2023-09-19, start: '23:00', end: '+1 02:00', room: a}",
                "  - {id: after, title: After, date: 2023-09-19, start: '23:00', end: '+1 02:30', room: a}",
            ])
        #expect(
            try await messages(sample, OutsideHoursRule()) == [
                "'after' «After» at 2023-09-19 23:00–2023-09-20 02:30 is outside the event's hours (18:00–02:00)"
            ])
    }

    @Test func outsideARoomsOpeningWindowsDatedAndEveryDay() async throws {
        let sample = try yaml(
            "",
            [
                "rooms:",
                "  - {id: hall, name: Poster hall, open: [{date: 2023-09-19, from: '08:30', to: '18:00'},"
                    + " {from: '09:00', to: '24:00'}]}",
                "  - {id: free, name: Always open}",
                "sessions:",
                "  - {id: late, title: Late session, date: 2023-09-19, start: '17:30', end: '18:30', room: hall}",
                "  - {id: closing, title: Closing, date: 2023-09-19, start: '17:00', end: '18:00', room: hall}",
                "  - {id: early, title: Early, date: 2023-09-19, start: '08:30', end: '09:00', room: hall}",
                "  - {id: early2, title: Early 2, date: 2023-09-20, start: '08:30', end: '09:30', room: hall}",
                "  - {id: evening, title: Evening, date: 2023-09-20, start: '18:00', end: '24:00', room: hall}",
                "  - {id: night, title: Night, date: 2023-09-20, start: '23:00', end: '+1 01:00', room: hall}",
                "  - {id: elsewhere, title: Elsewhere, date: 2023-09-20, start: '05:00', end: '06:00', room: free}",
                "  - {id: day, title: Day, all-day: 'true', date: 2023-09-21}",
            ])
        let found = try await check(sample, OutsideHoursRule())
        #expect(
            found.map(\.message) == [
                "'late' «Late session» at 2023-09-19 17:30–18:30 is outside the opening hours of Poster hall"
                    + " (2023-09-19: 08:30–18:00)",
                "'early2' «Early 2» at 2023-09-20 08:30–09:30 is outside the opening hours of Poster hall"
                    + " (2023-09-20: 09:00–24:00)",
                "'night' «Night» at 2023-09-20 23:00–2023-09-21 01:00 is outside the opening hours of Poster hall"
                    + " (2023-09-20: 09:00–24:00; 2023-09-21: 09:00–24:00)",
            ])
        #expect(found.map(\.room) == ["Poster hall", "Poster hall", "Poster hall"])
        #expect(found.first.map { $0.sources.map(\.line) } == [6, 3])
    }

    @Test func aRoomOpenAcrossMidnightAndWindowsThatTouchOrLeaveAGap() async throws {
        let sample = try yaml(
            "",
            [
                "rooms:",
                "  - {id: club, name: Club, open: [{from: '20:00', to: '24:00'}, {from: '00:00', to: '02:00'}]}",
                "  - {id: split, name: Split, open: [{from: '08:00', to: '12:00'}, {from: '13:00', to: '18:00'}]}",
                "  - {id: joined, name: Joined, open: [{from: '12:00', to: '18:00'}, {from: '08:00', to: '12:00'}]}",
                "sessions:",
                "  - {id: party, title: Party, date: 2023-09-19, start: '23:00', end: '+1 02:00', room: club}",
                "  - {id: dawn, title: Dawn, date: 2023-09-19, start: '23:00', end: '+1 02:30', room: club}",
                "  - {id: lunch-talk, title: Lunch talk, date: 2023-09-19, start: '11:00', end: '14:00', room: split}",
                "  - {id: morning, title: Morning, date: 2023-09-19, start: '11:00', end: '12:00', room: split}",
                "  - {id: through, title: Through, date: 2023-09-19, start: '11:00', end: '13:00', room: joined}",
            ])
        #expect(
            try await messages(sample, OutsideHoursRule()) == [
                "'lunch-talk' «Lunch talk» at 2023-09-19 11:00–14:00 is outside the opening hours of Split"
                    + " (2023-09-19: 08:00–12:00, 13:00–18:00)",
                "'dawn' «Dawn» at 2023-09-19 23:00–2023-09-20 02:30 is outside the opening hours of Club"
                    + " (2023-09-19: 00:00–02:00, 20:00–24:00; 2023-09-20: 00:00–02:00, 20:00–24:00)",
            ])
    }

    @Test func roomWindowsAreWallClocksOnTheDaysTheClocksChange() async throws {
        for (zone, day) in [
            ("Europe/Paris", "2023-03-26"), ("Europe/Paris", "2023-10-29"), ("America/New_York", "2023-03-12"),
            ("America/New_York", "2023-11-05"),
        ] {
            let sample = try yaml(
                "",
                [
                    "rooms:",
                    "  - {id: hall, name: Hall, open: [{from: '08:00', to: '18:00'}, {date: \(day), from: '00:30',"
                        + " to: '04:00'}, {date: \(day), from: '08:00', to: '18:00'}]}",
                    "sessions:",
                    "  - {id: night, title: Night, date: \(day), start: '01:30', end: '03:30', room: hall}",
                    "  - {id: open, title: Open, date: \(day), start: '08:00', end: '09:00', room: hall}",
                    "  - {id: shut, title: Shut, date: \(day), start: '07:30', end: '08:30', room: hall}",
                    "  - {id: close, title: Close, date: \(day), start: '17:00', end: '18:00', room: hall}",
                ], zone: zone)
            #expect(
                try await messages(sample, OutsideHoursRule()) == [
                    "'shut' «Shut» at \(day) 07:30–08:30 is outside the opening hours of Hall"
                        + " (\(day): 00:30–04:00, 08:00–18:00)"
                ], "\(zone) \(day)")
        }
    }

    // MARK: speaker-unavailable

    static let people = """
        people:
          - name: Ada Lovelace
            available: [{date: 2023-09-19, from: '09:00', to: '12:00'}]
          - name: Grace Hopper
            available: [{from: '14:00', to: '18:00'}, {date: 2023-09-21, from: '09:00', to: '10:00'}]
          - name: Night Owl
            available: [{from: '20:00', to: '24:00'}, {from: '00:00', to: '01:00'}]
        """

    @Test func aPersonOutsideTheirDeclaredWindowsInAnyRole() async throws {
        let sample = try yaml(
            "",
            [
                Self.rooms, Self.people, "sessions:",
                "  - {id: talk, title: Engines, date: 2023-09-19, start: '11:30', end: '12:30', room: a,"
                    + " parts: [{speakers: [Ada Lovelace]}]}",
                "  - {id: fits, title: Fits, date: 2023-09-19, start: '11:00', end: '12:00', room: a,"
                    + " moderators: [ADA LOVELACE]}",
                "  - {id: next-day, title: Next day, date: 2023-09-20, start: '10:00', end: '11:00', room: a,"
                    + " chairs: [Ada Lovelace]}",
                "  - {id: early, title: Early, date: 2023-09-20, start: '13:30', end: '14:30', room: b,"
                    + " moderators: [Grace Hopper]}",
                "  - {id: afternoon, title: Afternoon, date: 2023-09-20, start: '14:00', end: '18:00', room: b,"
                    + " moderators: [grace hopper]}",
                "  - {id: special, title: Special, date: 2023-09-21, start: '14:00', end: '15:00', room: b,"
                    + " moderators: [Grace Hopper]}",
                "  - {id: anyone, title: Anyone, date: 2023-09-21, start: '03:00', end: '04:00', room: c,"
                    + " moderators: [Someone Else]}",
                "  - {id: fair, title: Fair, all-day: 'true', date: 2023-09-20, moderators: [Ada Lovelace]}",
            ])
        let found = try await check(sample, SpeakerUnavailableRule())
        #expect(
            found.map(\.message) == [
                "Ada Lovelace is in 'talk' «Engines» at 2023-09-19 11:30–12:30, outside their availability"
                    + " (2023-09-19: 09:00–12:00)",
                "Ada Lovelace is in 'fair' «Fair» on 2023-09-20, outside their availability (2023-09-20: none)",
                "Ada Lovelace is in 'next-day' «Next day» at 2023-09-20 10:00–11:00, outside their availability"
                    + " (2023-09-20: none)",
                "Grace Hopper is in 'early' «Early» at 2023-09-20 13:30–14:30, outside their availability"
                    + " (2023-09-20: 14:00–18:00)",
                "Grace Hopper is in 'special' «Special» at 2023-09-21 14:00–15:00, outside their availability"
                    + " (2023-09-21: 09:00–10:00)",
            ])
        #expect(
            found.map(\.person) == ["Ada Lovelace", "Ada Lovelace", "Ada Lovelace", "Grace Hopper", "Grace Hopper"])
        #expect(found.first.map { $0.sources.map(\.line) } == [14, 7])
    }

    @Test func availabilityAcrossMidnightAndOnTheDaysTheClocksChange() async throws {
        let night = try yaml(
            "",
            [
                Self.rooms, Self.people, "sessions:",
                "  - {id: gala, title: Gala, date: 2023-09-19, start: '23:00', end: '+1 01:00', room: a,"
                    + " moderators: [Night Owl]}",
                "  - {id: dawn, title: Dawn, date: 2023-09-19, start: '23:00', end: '+1 01:30', room: a,"
                    + " moderators: [Night Owl]}",
            ])
        #expect(
            try await messages(night, SpeakerUnavailableRule()) == [
                "Night Owl is in 'dawn' «Dawn» at 2023-09-19 23:00–2023-09-20 01:30, outside their availability"
                    + " (2023-09-19: 00:00–01:00, 20:00–24:00; 2023-09-20: 00:00–01:00, 20:00–24:00)"
            ])
        for (zone, day) in [
            ("Europe/Paris", "2023-03-26"), ("Europe/Paris", "2023-10-29"), ("America/New_York", "2023-03-12"),
            ("America/New_York", "2023-11-05"),
        ] {
            let sample = try yaml(
                "",
                [
                    Self.rooms, "people:",
                    "  - {name: Ada Lovelace, available: [{date: \(day), from: '01:00', to: '04:00'}]}",
                    "sessions:",
                    "  - {id: fits, title: Fits, date: \(day), start: '01:30', end: '03:30', room: a,"
                        + " moderators: [Ada Lovelace]}",
                    "  - {id: late, title: Late, date: \(day), start: '03:30', end: '04:30', room: a,"
                        + " moderators: [Ada Lovelace]}",
                ], zone: zone)
            #expect(
                try await messages(sample, SpeakerUnavailableRule()) == [
                    "Ada Lovelace is in 'late' «Late» at \(day) 03:30–04:30, outside their availability"
                        + " (\(day): 01:00–04:00)"
                ], "\(zone) \(day)")
        }
    }

    // MARK: short-changeover

    func changeover(_ setting: String, _ sessions: [String], zone: String = "Europe/Paris") throws -> Programme {
        try yaml(setting, [Self.rooms, "sessions:"] + sessions, zone: zone)
    }

    @Test func exactlyTheChangeoverIsEnoughAndAMinuteLessIsNot() async throws {
        func sample(_ start: String, _ room: String = "b", setting: String = "changeover: 10m") throws -> Programme {
            try changeover(
                setting,
                [
                    "  - {id: a, title: Engines, date: 2023-09-19, start: '09:00', end: '10:00', room: a,"
                        + " parts: [{speakers: [Ada Lovelace]}]}",
                    "  - {id: b, title: Looms, date: 2023-09-19, start: '\(start)', end: '11:00', room: \(room),"
                        + " moderators: [Ada Lovelace]}",
                ])
        }
        #expect(try await check(sample("10:10"), ShortChangeoverRule()) == [])
        let found = try await check(sample("10:09"), ShortChangeoverRule())
        #expect(
            found.map(\.message) == [
                "Ada Lovelace has 9 min between 'a' «Engines» in Room A (Nord) and 'b' «Looms» in Room B (Nord)"
                    + " at 2023-09-19 10:00–10:09, less than the 10 min changeover between rooms"
            ])
        #expect(found.map { $0.sessions.map(\.id) } == [["a", "b"]])
        #expect(found.map(\.person) == ["Ada Lovelace"])
        #expect(
            try await messages(sample("10:00"), ShortChangeoverRule()) == [
                "Ada Lovelace has 0 min between 'a' «Engines» in Room A (Nord) and 'b' «Looms» in Room B (Nord)"
                    + " at 2023-09-19 10:00, less than the 10 min changeover between rooms"
            ])
        // The same room, an overlap (a speaker clash), or no changeover stated: nothing.
        #expect(try await check(sample("10:00", "a"), ShortChangeoverRule()) == [])
        #expect(try await check(sample("09:59"), ShortChangeoverRule()) == [])
        #expect(try await check(sample("10:05", setting: "name: No changeover"), ShortChangeoverRule()) == [])
    }

    @Test func betweenBuildingsTheLongerChangeoverApplies() async throws {
        func sample(_ start: String, _ room: String, setting: String = "changeover: {rooms: 10m, buildings: 30m}")
            throws -> Programme
        {
            try changeover(
                setting,
                [
                    "  - {id: a, title: Engines, date: 2023-09-19, start: '09:00', end: '10:00', room: a,"
                        + " parts: [{speakers: [Ada Lovelace]}]}",
                    "  - {id: c, title: Looms, date: 2023-09-19, start: '\(start)', end: '11:00', room: \(room),"
                        + " parts: [{speakers: [Ada Lovelace]}]}",
                ])
        }
        #expect(
            try await messages(sample("10:29", "c"), ShortChangeoverRule()) == [
                "Ada Lovelace has 29 min between 'a' «Engines» in Room A (Nord) and 'c' «Looms» in Room C (Sud)"
                    + " at 2023-09-19 10:00–10:29, less than the 30 min changeover between buildings"
            ])
        #expect(try await check(sample("10:30", "c"), ShortChangeoverRule()) == [])
        #expect(try await check(sample("10:10", "b"), ShortChangeoverRule()) == [])
        #expect(try await messages(sample("10:09", "b"), ShortChangeoverRule()).count == 1)
        // Without a buildings changeover, the rooms' one holds between buildings too.
        #expect(try await check(sample("10:10", "c", setting: "changeover: 10m"), ShortChangeoverRule()) == [])
    }

    @Test func theGapIsFromTheSessionThatEndedLastAndBreaksAreLeftOut() async throws {
        let sample = try changeover(
            "changeover: 10m",
            [
                "  - {id: long, title: Long, date: 2023-09-19, start: '09:00', end: '12:00', room: a,"
                    + " moderators: [Ada Lovelace]}",
                "  - {id: short, title: Short, date: 2023-09-19, start: '09:30', end: '10:00', room: b,"
                    + " moderators: [Ada Lovelace]}",
                "  - {id: next, title: Next, date: 2023-09-19, start: '12:05', end: '13:00', room: c,"
                    + " moderators: [Ada Lovelace]}",
                "  - {id: lunch, title: Lunch, kind: lunch, date: 2023-09-19, start: '13:00', end: '14:00', room: b,"
                    + " moderators: [Ada Lovelace]}",
                "  - {id: nowhere, title: Nowhere, date: 2023-09-19, start: '14:00', end: '15:00',"
                    + " moderators: [Ada Lovelace]}",
            ])
        let found = try await check(sample, ShortChangeoverRule())
        #expect(found.map { $0.sessions.map(\.id) } == [["long", "next"]])
        #expect(
            found.map(\.message) == [
                "Ada Lovelace has 5 min between 'long' «Long» in Room A (Nord) and 'next' «Next» in Room C (Sud)"
                    + " at 2023-09-19 12:00–12:05, less than the 10 min changeover between rooms"
            ])
    }

    @Test func theGapIsMeasuredOnTheTimeLineWhenTheClocksChange() async throws {
        // New York, 12 March 2023: 01:55 EST to 03:00 EDT is 5 minutes.
        let spring = try changeover(
            "changeover: 10m",
            [
                "  - {id: a, title: A, date: 2023-03-12, start: '01:00', end: '01:55', room: a, moderators: [Ada]}",
                "  - {id: b, title: B, date: 2023-03-12, start: '03:00', end: '04:00', room: b, moderators: [Ada]}",
            ], zone: "America/New_York")
        #expect(
            try await messages(spring, ShortChangeoverRule()) == [
                "Ada has 5 min between 'a' «A» in Room A (Nord) and 'b' «B» in Room B (Nord) at 2023-03-12 01:55–03:00,"
                    + " less than the 10 min changeover between rooms"
            ])
        // Paris, 26 March 2023: the same; 29 October 2023: 02:30 (+02:00) to 03:00 (+01:00) is 90 minutes.
        let paris = try changeover(
            "changeover: 1h",
            [
                "  - {id: a, title: A, date: 2023-03-26, start: '01:00', end: '01:55', room: a, moderators: [Ada]}",
                "  - {id: b, title: B, date: 2023-03-26, start: '03:00', end: '04:00', room: b, moderators: [Ada]}",
                "  - {id: c, title: C, date: 2023-10-29, start: '01:00', end: '02:30', room: a, moderators: [Ada]}",
                "  - {id: d, title: D, date: 2023-10-29, start: '03:00', end: '04:00', room: b, moderators: [Ada]}",
            ])
        #expect(try await check(paris, ShortChangeoverRule()).map { $0.sessions.map(\.id) } == [["a", "b"]])
        // New York, 5 November 2023: 01:30 is its first occurrence (EDT); 01:40 EDT to 02:00 EST is 80 minutes.
        let autumn = try changeover(
            "changeover: 1h",
            [
                "  - {id: a, title: A, date: 2023-11-05, start: '00:30', end: '01:40', room: a, moderators: [Ada]}",
                "  - {id: b, title: B, date: 2023-11-05, start: '02:00', end: '03:00', room: b, moderators: [Ada]}",
            ], zone: "America/New_York")
        #expect(try await check(autumn, ShortChangeoverRule()) == [])
    }

    // MARK: track-clash

    @Test func sessionsOfOneTrackThatOverlap() async throws {
        let sample = try yaml(
            "",
            [
                Self.rooms, "tracks:", "  - {id: climat, name: Climat}", "  - {id: eau, name: Eau}", "sessions:",
                "  - {id: a, title: Water, track: climat, date: 2023-09-19, start: '09:00', end: '10:00', room: a}",
                "  - {id: b, title: Energy, track: climat, date: 2023-09-19, start: '09:30', end: '10:30', room: b}",
                "  - {id: c, title: Rivers, track: eau, date: 2023-09-19, start: '09:30', end: '10:30', room: c}",
                "  - {id: d, title: After, track: climat, date: 2023-09-19, start: '10:30', end: '11:00', room: a}",
                "  - {id: e, title: One, track: eau, date: 2023-09-20, start: '09:00', end: '11:00', room: a}",
                "  - {id: f, title: Two, track: eau, date: 2023-09-20, start: '09:00', end: '10:00', room: b}",
                "  - {id: g, title: Three, track: eau, date: 2023-09-20, start: '10:00', end: '11:00', room: c}",
                "  - {id: h, title: Fair, track: eau, all-day: 'true', date: 2023-09-20}",
            ])
        let found = try await check(sample, TrackClashRule())
        #expect(
            found.map(\.message) == [
                "'a' «Water» and 'b' «Energy» of track Climat overlap at 2023-09-19 09:30–10:00",
                "3 sessions of track Eau overlap at 2023-09-20 09:00–11:00 (2 overlapping pairs):"
                    + " 'e' «One», 'f' «Two», 'g' «Three»",
            ])
        #expect(found.map(\.pairs) == [1, 2])
    }

    @Test func trackClashesOnTheTimeLineWhenTheClocksChange() async throws {
        // New York, 5 November 2023: 01:30 and 01:15 are their first occurrences (EDT), so a and b overlap 15 min;
        // c ends at 01:00 EDT as d starts.
        let sample = try yaml(
            "",
            [
                Self.rooms, "tracks:", "  - {id: t, name: T}", "sessions:",
                "  - {id: a, title: A, track: t, date: 2023-11-05, start: '00:30', end: '01:30', room: a}",
                "  - {id: b, title: B, track: t, date: 2023-11-05, start: '01:15', end: '02:00', room: b}",
                "  - {id: c, title: C, track: t, date: 2023-03-12, start: '00:30', end: '01:00', room: a}",
                "  - {id: d, title: D, track: t, date: 2023-03-12, start: '01:00', end: '03:30', room: b}",
            ], zone: "America/New_York")
        let found = try await check(sample, TrackClashRule())
        #expect(found.map(\.message) == ["'a' «A» and 'b' «B» of track T overlap at 2023-11-05 01:15–01:30"])
        #expect(found.map { ($0.end ?? 0) - ($0.start ?? 0) } == [900])
    }

    // MARK: the catalogue

    @Test func theNewRulesAreInTheDefaultCatalogueWithTheirSeverities() {
        let names = ProgrammeCheck.defaultRules.map { "\($0.name) \($0.severity.rawValue)" }
        for rule in [
            "plenary-overlap error", "outside-hours error", "speaker-unavailable error", "short-changeover warning",
            "track-clash warning",
        ] {
            #expect(names.contains(rule))
        }
        #expect(Set(ProgrammeCheck.defaultRules.map(\.name)).count == ProgrammeCheck.defaultRules.count)
    }

    /// Each new rule's explanation, and a programme whose check prints its example line.
    static let examples: [(any Rule, [String])] = [
        (
            PlenaryOverlapRule(),
            [
                CatalogueRuleTests.rooms, "sessions:",
                "  - {id: opening, title: Opening, kind: plenary, date: 2023-09-19, start: '09:00', end: '10:00',"
                    + " room: a}",
                "  - {id: atelier-1, title: Atelier 1, date: 2023-09-19, start: '09:30', end: '10:30', room: b}",
            ]
        ),
        (
            OutsideHoursRule(),
            [
                "rooms:",
                "  - {id: hall, name: Poster hall, open: [{date: 2023-09-19, from: '08:30', to: '18:00'},"
                    + " {from: '09:00', to: '24:00'}]}",
                "sessions:",
                "  - {id: late, title: Late session, date: 2023-09-19, start: '17:30', end: '18:30', room: hall}",
            ]
        ),
        (
            SpeakerUnavailableRule(),
            [
                CatalogueRuleTests.rooms, "people:",
                "  - {name: Ada Lovelace, available: [{date: 2023-09-19, from: '09:00', to: '12:00'}]}",
                "sessions:",
                "  - {id: talk, title: Engines, date: 2023-09-19, start: '11:30', end: '12:30', room: a,"
                    + " parts: [{speakers: [Ada Lovelace]}]}",
            ]
        ),
        (
            ShortChangeoverRule(),
            [
                "rooms: [{id: a, name: Room A}, {id: b, name: Room B}]", "sessions:",
                "  - {id: a, title: Engines, date: 2023-09-19, start: '09:00', end: '10:00', room: a,"
                    + " moderators: [Ada Lovelace]}",
                "  - {id: b, title: Looms, date: 2023-09-19, start: '10:05', end: '11:00', room: b,"
                    + " moderators: [Ada Lovelace]}",
            ]
        ),
        (
            TrackClashRule(),
            [
                CatalogueRuleTests.rooms, "tracks: [{id: climat, name: Climat}]", "sessions:",
                "  - {id: a, title: Water, track: climat, date: 2023-09-19, start: '09:00', end: '10:00', room: a}",
                "  - {id: b, title: Energy, track: climat, date: 2023-09-19, start: '09:30', end: '10:30', room: b}",
            ]
        ),
    ]

    @Test(arguments: 0..<5) func eachNewRuleExplainsItselfAndItsExampleIsWhatItPrints(_ index: Int) async throws {
        let (rule, lines) = Self.examples[index]
        let head = rule is ShortChangeoverRule ? "changeover: 10m" : ""
        let sample = try yaml(head, lines)
        let explanation = rule.explanation
        #expect(explanation.hasPrefix("Reports "))
        #expect(
            explanation.contains("\nDefault severity: \(rule.severity.rawValue). To change it, in a YAML source:\n"))
        #expect(explanation.contains("\n  checks:\n    \(rule.name): "))
        #expect(explanation.contains("      - {rule: \(rule.name), sessions: ["))
        let parts = explanation.components(separatedBy: "\nExample:\n")
        #expect(parts.count == 2)
        let example = try #require(parts.last)
        let zone = try await ProgrammeCheck.zoneRules(for: sample)
        let found = rule.check(CheckContext(programme: sample, zone: zone))
        #expect(found.count == 1)
        let report = CheckReport(programme: sample, zone: zone, diagnostics: found).text()
        #expect(report.split(separator: "\n").map(String.init).contains(example), "\(report)")
    }
}
