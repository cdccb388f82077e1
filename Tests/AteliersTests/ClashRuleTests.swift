import ICal
import Testing

@testable import Ateliers

@Suite struct ClashRuleTests {
    func diagnostics(_ programme: Programme, _ rule: any Rule) async throws -> [Diagnostic] {
        try await rule.check(CheckContext(programme: programme, zone: paris()))
    }

    @Test func backToBackSessionsDoNotClash() async throws {
        let found = try await diagnostics(
            programme([("a", "r", "09:00", "10:00", ["Ann Lee"]), ("b", "r", "10:00", "11:00", ["Ann Lee"])]),
            RoomClashRule())
        #expect(found == [])
    }

    @Test func identicalIntervalsClashOnceWithTheOverlap() async throws {
        let found = try await diagnostics(
            programme([("a", "r", "09:00", "10:00", []), ("b", "r", "09:00", "10:00", [])]), RoomClashRule())
        #expect(found.count == 1)
        #expect(found[0].sessions.map(\.id) == ["a", "b"])
        #expect(found[0].room == "Room r")
        #expect(found[0].start.map { try! paris_rfc($0) } == "2023-09-19T09:00:00+02:00")
        #expect(
            found[0].message
                == "'a' «Session a» and 'b' «Session b» are both in Room r at 2023-09-19 09:00–10:00 (60 min overlap)")
    }

    @Test func nestedIntervalsClashForTheInnerOne() async throws {
        let found = try await diagnostics(
            programme([("outer", "r", "09:00", "12:00", []), ("inner", "r", "10:00", "10:30", [])]), RoomClashRule())
        #expect(found.map { $0.sessions.map(\.id) } == [["outer", "inner"]])
        #expect(found[0].message.hasSuffix("at 2023-09-19 10:00–10:30 (30 min overlap)"))
    }

    @Test func aPersonInThreeOverlappingSessionsIsOneGroupOfThreePairs() async throws {
        let found = try await diagnostics(
            programme([
                ("a", "r1", "09:00", "11:00", ["Ann Lee"]), ("b", "r2", "09:30", "10:30", ["ANN LÉE"]),
                ("c", "r3", "10:00", "12:00", ["Ann  Lee"]), ("d", "r4", "12:00", "13:00", ["Ann Lee"]),
            ]), SpeakerClashRule())
        #expect(found.map { $0.sessions.map(\.id) } == [["a", "b", "c"]])
        #expect(found.map(\.pairs) == [3])
        #expect(found.allSatisfy { $0.person == "Ann Lee" && $0.severity == .error })
        #expect(
            found.map(\.message) == [
                "Ann Lee is in 3 sessions that overlap at 2023-09-19 09:30–11:00 (3 overlapping pairs):"
                    + " 'a' «Session a» (speaker), 'b' «Session b» (speaker), 'c' «Session c» (speaker)"
            ])
    }

    @Test func aTwoSessionGroupKeepsThePairWordingAndCountsOnePair() async throws {
        let found = try await diagnostics(
            programme([("a", "r1", "09:00", "10:00", ["Ann Lee"]), ("b", "r2", "09:30", "11:00", ["Ann Lee"])]),
            SpeakerClashRule())
        #expect(
            found.map(\.message) == [
                "Ann Lee is in 'a' «Session a» (speaker) and 'b' «Session b» (speaker) at 2023-09-19 09:30–10:00"
            ])
        #expect(found.map(\.pairs) == [1])
    }

    @Test func groupsSplitWhereASessionStartsAfterEveryEndSoFar() async throws {
        // a–b–c chain through overlaps (a and c do not overlap); d starts when c ends: a new group with e.
        let found = try await diagnostics(
            programme([
                ("a", "r", "09:00", "10:00", []), ("b", "r", "09:45", "11:00", []), ("c", "r", "10:30", "12:00", []),
                ("d", "r", "12:00", "13:00", []), ("e", "r", "12:30", "12:45", []), ("f", "r", "13:00", "14:00", []),
            ]), RoomClashRule())
        #expect(found.map { $0.sessions.map(\.id) } == [["a", "b", "c"], ["d", "e"]])
        #expect(found.map(\.pairs) == [2, 1])
        #expect(
            found.map { $0.start.map { try! paris_rfc($0) } } == [
                "2023-09-19T09:45:00+02:00", "2023-09-19T12:30:00+02:00",
            ])
        #expect(
            found.map { $0.end.map { try! paris_rfc($0) } } == [
                "2023-09-19T11:00:00+02:00", "2023-09-19T12:45:00+02:00",
            ])
        #expect(
            found.map(\.message) == [
                "3 sessions overlap in Room r at 2023-09-19 09:45–11:00 (2 overlapping pairs):"
                    + " 'a' «Session a», 'b' «Session b», 'c' «Session c»",
                "'d' «Session d» and 'e' «Session e» are both in Room r at 2023-09-19 12:30–12:45 (15 min overlap)",
            ])
    }

    @Test func aLargeGroupNamesFiveMembersAndCountsTheRest() async throws {
        let sessions = (1...7).map { ("s\($0)", Optional("r"), "09:00", $0 == 7 ? "12:00" : "10:00", [String]()) }
        let found = try await diagnostics(programme(sessions), RoomClashRule())
        #expect(found.count == 1)
        #expect(found[0].sessions.map(\.id) == ["s1", "s2", "s3", "s4", "s5", "s6", "s7"])
        #expect(found[0].pairs == 21)
        #expect(found[0].sources.count == 5)
        #expect(
            found[0].message
                == "7 sessions overlap in Room r at 2023-09-19 09:00–10:00 (21 overlapping pairs): 's1' «Session s1»,"
                + " 's2' «Session s2», 's3' «Session s3», 's4' «Session s4», 's5' «Session s5» and 2 more")
    }

    @Test func fiveThousandSessionsInOneRoomAtOnceAreOneGroupOf12497500Pairs() async throws {
        let date = LocalDate(year: 2023, month: 9, day: 19)
        let sample = Programme(
            rooms: [Room(id: "salle-a", name: "Salle A")],
            sessions: (0..<5_000).map { number in
                Session(
                    id: "s\(number)", title: "Session \(number)",
                    slot: Slot(date: date, start: LocalTime(hour: 9, minute: 0), end: LocalTime(hour: 10, minute: 0)),
                    room: "salle-a", parts: [AgendaPart(title: nil, speakers: [Person(name: "Ann Lee")])],
                    sources: [SourceLocation(file: "p.yaml", line: number + 2)])
            })
        let found = ProgrammeCheck().run(CheckContext(programme: sample, zone: try await paris()))
        #expect(found.map(\.rule) == ["room-clash", "speaker-clash"])
        #expect(found.map(\.pairs) == [12_497_500, 12_497_500])
        #expect(found.map(\.sessions.count) == [5_000, 5_000])
        #expect(
            found.first?.message
                == "5000 sessions overlap in Salle A at 2023-09-19 09:00–10:00 (12497500 overlapping pairs):"
                + " 's0' «Session 0», 's1' «Session 1», 's10' «Session 10», 's100' «Session 100»,"
                + " 's1000' «Session 1000» and 4995 more")
    }

    @Test func anAttendeeWhoPicksThreeOverlappingSessionsGetsOneGroup() async throws {
        let sample = programme([
            ("a", "r1", "09:00", "10:00", []), ("b", "r2", "09:00", "10:00", []), ("c", "r3", "09:30", "10:30", []),
        ])
        let picks = SourceLocation(file: "picks.csv", line: 2)
        let attendee = Attendee(id: "marie", picks: ["a", "b", "c"], pickSources: [picks, picks, picks])
        let found = AttendeeClashRule().check(
            CheckContext(programme: sample, zone: try await paris(), attendees: [attendee]))
        #expect(
            found.map(\.message) == [
                "attendee 'marie' picked 3 sessions that overlap at 2023-09-19 09:00–10:00 (3 overlapping pairs):"
                    + " 'a' «Session a», 'b' «Session b», 'c' «Session c»"
            ])
        #expect(found.map(\.pairs) == [3])
    }

    @Test func aRoomClashProposesAFreeRoomLargeEnough() async throws {
        let rooms = [
            Room(id: "big", name: "Big", capacity: 300), Room(id: "small", name: "Small", capacity: 20),
            Room(id: "mid", name: "Mid", capacity: 350), Room(id: "busy", name: "Busy", capacity: 400),
        ]
        let found = try await diagnostics(
            programme(
                [
                    ("a", "big", "09:00", "10:00", []), ("b", "big", "09:30", "10:30", []),
                    ("c", "busy", "10:00", "11:00", []),
                ], rooms: rooms), RoomClashRule())
        #expect(found.map(\.suggestion) == ["move 'b' «Session b» to Mid, free at 2023-09-19 09:30–10:30"])
    }

    @Test func missingRoomUnscheduledInvalidTimeAndUnknownReferences() async throws {
        var sample = programme([("a", nil, "09:00", "10:00", []), ("b", "ghost", "11:00", "10:00", [])], rooms: [])
        sample.sessions.append(
            Session(id: "c", title: "Session c", track: "nowhere", sources: [.init(file: "p.yaml", line: 9)]))
        let found = ProgrammeCheck().run(sample, zone: try await paris())
        #expect(
            found.map { "\($0.severity.rawValue) \($0.rule) \($0.sessions.map(\.id))" } == [
                "error invalid-time [\"b\"]", "error unknown-reference [\"b\"]", "error unknown-reference [\"c\"]",
                "warning missing-room [\"a\"]", "warning unscheduled [\"c\"]",
            ])
    }

    @Test func timesInTheHoursTheClocksSkipOrRepeat() async throws {
        let zone = try await ICalLibrary.shared.timeZoneRules(identifier: "Europe/Paris", years: 2023...2023)
        func session(_ id: String, _ month: Int, _ day: Int, _ start: String, _ end: String) -> Session {
            Session(
                id: id, title: "Session \(id)",
                slot: Slot(
                    date: LocalDate(year: 2023, month: month, day: day), start: LocalTime(text: start)!,
                    end: LocalTime(text: end)!), room: "r", sources: [.init(file: "p.yaml", line: 1)])
        }
        // 26 March 2023: 02:00–03:00 does not exist; 29 October 2023: 02:00–03:00 happens twice.
        let sample = Programme(
            rooms: [Room(id: "r", name: "R")],
            sessions: [
                session("spring", 3, 26, "02:30", "04:00"), session("autumn", 10, 29, "02:15", "04:00"),
                session("fine", 10, 29, "03:00", "04:00"),
            ])
        let found = ProgrammeCheck().run(CheckContext(programme: sample, zone: zone))
        // 02:15 is read as its first occurrence (+02:00), so "autumn" overlaps "fine" from 03:00 (+01:00).
        #expect(
            found.map { "\($0.rule) \($0.sessions.map(\.id))" } == [
                "invalid-time [\"spring\"]", "room-clash [\"autumn\", \"fine\"]", "ambiguous-time [\"autumn\"]",
            ])
        let ambiguous = try #require(found.first { $0.rule == "ambiguous-time" })
        #expect(
            ambiguous.message == "'autumn' «Session autumn» starts at 2023-10-29 02:15, a time shown twice in"
                + " Europe/Paris (2023-10-29T02:15:00+02:00 and 2023-10-29T02:15:00+01:00): the feeds mean the first,"
                + " some calendar apps read the second")
    }
}

func paris_rfc(_ instant: Int64) throws -> String {
    // Europe/Paris is +02:00 all September 2023.
    WallClock(utcSeconds: instant + 7_200).description + "+02:00"
}
