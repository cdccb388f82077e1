import ICal
import PropertyBased
import Testing

@testable import Ateliers

/// A session on 2023-09-19 in the event's zone.
func suggestSession(
    _ id: String, _ room: String?, _ start: String, _ end: String, people: [String] = [], track: String? = nil,
    kind: String? = nil
) -> Session {
    Session(
        id: id, title: "Session \(id)", kind: kind, track: track,
        slot: Slot(
            date: LocalDate(year: 2023, month: 9, day: 19), start: LocalTime(text: start)!, end: LocalTime(text: end)!),
        room: room, parts: [AgendaPart(title: nil, speakers: people.map { Person(name: $0) })],
        sources: [SourceLocation(file: "p.yaml", line: 1)])
}

/// Attendees who each picked the sessions given, in order.
func suggestAttendees(_ picks: [[String]]) -> [Attendee] {
    picks.enumerated().map { number, sessions in
        Attendee(
            id: "a\(number + 1)", picks: sessions,
            pickSources: sessions.map { _ in SourceLocation(file: "picks.csv", line: number + 2) })
    }
}

/// `count` attendees who picked `session`.
func crowd(_ count: Int, _ session: String) -> [[String]] { Array(repeating: [session], count: count) }

/// The suggestion for a programme in Europe/Paris, its text lines, and the findings before and after as
/// (rule, sorted session ids).
struct SuggestRun {
    var suggestion: Suggestion
    var report: SuggestionReport
    var before: [Diagnostic]
    var after: [Diagnostic]

    init(_ programme: Programme, attendees: [Attendee] = []) async throws {
        var programme = programme
        programme.event.timeZone = programme.event.timeZone ?? "Europe/Paris"
        let zone = try await paris()
        suggestion = ScheduleSuggester().suggest(programme, zone: zone, attendees: attendees)
        report = SuggestionReport(suggestion: suggestion, programme: programme, zone: zone)
        before = ProgrammeCheck().run(programme, zone: zone, attendees: attendees)
        after = ProgrammeCheck().run(suggestion.programme, zone: zone, attendees: attendees)
    }

    var lines: [String] { suggestion.changes.map(report.line) }
    var reasons: [String] { suggestion.unresolved.map(\.reason) }
    func keys(_ diagnostics: [Diagnostic], rule: String) -> [[String]] {
        diagnostics.filter { $0.rule == rule }.map { $0.sessions.map(\.id).sorted() }
    }
}

@Suite struct SuggestTests {
    let hours = EventInfo(
        timeZone: "Europe/Paris",
        hours: OpeningHours(open: LocalTime(hour: 9, minute: 0), close: LocalTime(hour: 12, minute: 0)))

    @Test func aSessionWithoutARoomGetsTheOneFreeRoom() async throws {
        let run = try await SuggestRun(
            Programme(
                event: hours, rooms: [Room(id: "a", name: "Salle A"), Room(id: "b", name: "Salle B")],
                sessions: [suggestSession("s1", "a", "09:00", "10:00"), suggestSession("s2", nil, "09:30", "10:30")]))
        #expect(
            run.lines == ["assign Salle B to 's2' «Session s2» (2023-09-19 09:30–10:30): resolves missing-room"])
        #expect(run.suggestion.unresolved.isEmpty)
        #expect(run.suggestion.roomsUsed == 1)
        #expect(run.keys(run.before, rule: "missing-room") == [["s2"]])
        #expect(run.keys(run.after, rule: "missing-room") == [])
        #expect(run.after.filter { $0.severity == .error } == [])
        #expect(run.suggestion.programme.sessions.map(\.room) == ["a", "b"])
    }

    @Test func twoClashesAndOneFreeRoom() async throws {
        // Both clashes at 09:00–10:00 and one free room: the first clash takes it; the second moves to the
        // nearest free hour of its room.
        let run = try await SuggestRun(
            Programme(
                event: hours,
                rooms: [
                    Room(id: "a", name: "Salle A"), Room(id: "b", name: "Salle B"), Room(id: "c", name: "Salle C"),
                ],
                sessions: [
                    suggestSession("x1", "a", "09:00", "10:00"), suggestSession("x2", "a", "09:00", "10:00"),
                    suggestSession("y1", "b", "09:00", "10:00"), suggestSession("y2", "b", "09:00", "10:00"),
                ]))
        #expect(
            run.lines == [
                "move 'x2' «Session x2» from Salle A to Salle C (2023-09-19 09:00–10:00): resolves room-clash with 'x1'",
                "move 'y2' «Session y2» in Salle B from 2023-09-19 09:00–10:00 to 2023-09-19 10:00–11:00:"
                    + " resolves room-clash with 'y1'",
            ])
        #expect(run.suggestion.unresolved.isEmpty)
        #expect(run.keys(run.before, rule: "room-clash") == [["x1", "x2"], ["y1", "y2"]])
        #expect(run.after == [])
    }

    @Test func twoClashesAtDifferentTimesShareTheFreeRoom() async throws {
        let run = try await SuggestRun(
            Programme(
                event: hours,
                rooms: [Room(id: "a", name: "Salle A"), Room(id: "c", name: "Salle C")],
                sessions: [
                    suggestSession("x1", "a", "09:00", "10:00"), suggestSession("x2", "a", "09:00", "10:00"),
                    suggestSession("y1", "a", "10:30", "11:30"), suggestSession("y2", "a", "11:00", "12:00"),
                ]))
        #expect(
            run.lines == [
                "move 'x2' «Session x2» from Salle A to Salle C (2023-09-19 09:00–10:00): resolves room-clash with 'x1'",
                "move 'y2' «Session y2» from Salle A to Salle C (2023-09-19 11:00–12:00): resolves room-clash with 'y1'",
            ])
        #expect(run.after == [])
    }

    @Test func aSpeakerClashWithASingleValidSlot() async throws {
        // Ada is in s1 (09:00–10:00) and s2 (09:30–10:30). Salle B holds s3 from 11:00 and Salle A holds s4 from
        // 10:30: the only hour that suits is s2 at 10:00–11:00.
        let run = try await SuggestRun(
            Programme(
                event: hours, rooms: [Room(id: "a", name: "Salle A"), Room(id: "b", name: "Salle B")],
                sessions: [
                    suggestSession("s1", "a", "09:00", "10:00", people: ["Ada Lovelace"]),
                    suggestSession("s2", "b", "09:30", "10:30", people: ["Ada Lovelace"]),
                    suggestSession("s3", "b", "11:00", "12:00"), suggestSession("s4", "a", "10:30", "12:00"),
                ]))
        #expect(
            run.lines == [
                "move 's2' «Session s2» in Salle B from 2023-09-19 09:30–10:30 to 2023-09-19 10:00–11:00:"
                    + " resolves speaker-clash with 's1' (Ada Lovelace)"
            ])
        #expect(run.suggestion.unresolved.isEmpty)
        #expect(run.after == [])
        let moved = try #require(run.suggestion.programme.sessions.first { $0.id == "s2" }?.slot)
        #expect(
            moved
                == Slot(
                    date: LocalDate(year: 2023, month: 9, day: 19), start: LocalTime(hour: 10, minute: 0),
                    end: LocalTime(hour: 11, minute: 0)))
    }

    @Test func aClashWithNowhereToGoIsUnresolvedWithTheReasonForEachSession() async throws {
        let run = try await SuggestRun(
            Programme(
                event: EventInfo(
                    timeZone: "Europe/Paris",
                    hours: OpeningHours(open: LocalTime(hour: 9, minute: 0), close: LocalTime(hour: 10, minute: 0))),
                rooms: [Room(id: "a", name: "Salle A")],
                sessions: [suggestSession("x1", "a", "09:00", "10:00"), suggestSession("x2", "a", "09:00", "10:00")]))
        #expect(run.suggestion.changes == [])
        #expect(
            run.reasons == [
                "'x1' «Session x1» cannot move: there is no other room, and no other 1h slot fits on 2023-09-19 within"
                    + " 09:00–10:00; 'x2' «Session x2» cannot move: there is no other room, and no other 1h slot fits"
                    + " on 2023-09-19 within 09:00–10:00"
            ])
        #expect(run.suggestion.unresolved.map(\.diagnostic) == run.before.filter { $0.rule == "room-clash" })
        #expect(run.suggestion.programme == run.report.programme)
    }

    @Test func aSpeakerBusyAllDayIsSaidPlainly() async throws {
        let run = try await SuggestRun(
            Programme(
                event: hours,
                rooms: [
                    Room(id: "a", name: "Salle A"), Room(id: "b", name: "Salle B"), Room(id: "c", name: "Salle C"),
                ],
                sessions: [
                    suggestSession("s1", "a", "09:00", "10:00", people: ["Ada Lovelace"]),
                    suggestSession("s2", "b", "09:30", "10:30", people: ["Ada Lovelace"]),
                    suggestSession("s3", "c", "10:30", "12:00", people: ["Ada Lovelace"]),
                ]))
        #expect(run.suggestion.changes == [])
        #expect(
            run.reasons == [
                "'s1' «Session s1» cannot move: Ada Lovelace is busy all day on 2023-09-19;"
                    + " 's2' «Session s2» cannot move: Ada Lovelace is busy all day on 2023-09-19"
            ])
        #expect(
            run.report.text() == """
                Unresolved (1):
                  p.yaml:1: speaker-clash: Ada Lovelace is in 's1' «Session s1» (speaker) and 's2' «Session s2» \
                (speaker) at 2023-09-19 09:30–10:00
                      why: 's1' «Session s1» cannot move: Ada Lovelace is busy all day on 2023-09-19; 's2' «Session s2» \
                cannot move: Ada Lovelace is busy all day on 2023-09-19

                0 changes resolving 0 findings, 1 unresolved

                """)
    }

    @Test func noRoomLargeEnoughNamesThePicksAndTheLargestFreeRoom() async throws {
        let run = try await SuggestRun(
            Programme(
                event: hours,
                rooms: [Room(id: "a", name: "Salle A", capacity: 80), Room(id: "b", name: "Salle B", capacity: 200)],
                sessions: [suggestSession("x", nil, "09:00", "10:00"), suggestSession("y", "b", "09:00", "11:00")]),
            attendees: suggestAttendees(crowd(120, "x")))
        #expect(run.suggestion.changes == [])
        #expect(run.reasons == ["no room large enough for 'x' (120 picks; the largest free room holds 80)"])
    }

    @Test func theFewestRoomsForSessionsWithoutOne() async throws {
        // At most three of them at once (10:30–11:00 and 11:00–11:30): three rooms, whatever the six free.
        let run = try await SuggestRun(
            Programme(
                event: EventInfo(timeZone: "Europe/Paris"),
                rooms: (1...6).map { Room(id: "r\($0)", name: "Salle \($0)") },
                sessions: [
                    suggestSession("u1", nil, "09:00", "10:00"), suggestSession("u2", nil, "09:30", "11:00"),
                    suggestSession("u3", nil, "10:00", "12:00"), suggestSession("u4", nil, "10:30", "11:30"),
                    suggestSession("u5", nil, "11:00", "12:00"), suggestSession("u6", nil, "12:00", "13:00"),
                ]))
        #expect(run.suggestion.unresolved == [])
        #expect(run.suggestion.roomsUsed == 3)
        #expect(run.suggestion.programme.sessions.map(\.room) == ["r1", "r2", "r1", "r3", "r2", "r3"])
        #expect(run.after == [])
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func theRoomsUsedAreTheMostSessionsAtOnce(seed: UInt64) async throws {
        var random = SplitMix64(seed: seed)
        let sessions = (0..<300).map { number -> Session in
            let start = 8 * 60 + random.next(40) * 15
            let end = start + 15 * (1 + random.next(12))
            return Session(
                id: "u\(number)", title: "U\(number)",
                slot: Slot(
                    date: LocalDate(year: 2023, month: 9, day: 19),
                    start: LocalTime(hour: start / 60, minute: start % 60),
                    end: LocalTime(hour: end / 60, minute: end % 60)))
        }
        let rooms = (1...200).map { Room(id: "r\($0)", name: "Salle \($0)") }
        let run = try await SuggestRun(
            Programme(event: EventInfo(timeZone: "Europe/Paris"), rooms: rooms, sessions: sessions))
        #expect(run.suggestion.unresolved == [])
        #expect(run.suggestion.roomsUsed == mostAtOnce(sessions))
        #expect(run.after == [])
    }

    @Test func theTrackRoomIsPreferred() async throws {
        let run = try await SuggestRun(
            Programme(
                event: hours, rooms: [Room(id: "a", name: "Salle A"), Room(id: "b", name: "Salle B")],
                tracks: [Track(id: "t", name: "T")],
                sessions: [
                    suggestSession("roomed", "b", "11:00", "12:00", track: "t"),
                    suggestSession("u", nil, "09:00", "10:00", track: "t"),
                ]))
        #expect(run.lines == ["assign Salle B to 'u' «Session u» (2023-09-19 09:00–10:00): resolves missing-room"])
    }

    @Test func aRoomAlreadyGivenComesBeforeTheTrackRoom() async throws {
        // Fewest rooms first: v reuses Salle A, freed at 10:00, rather than opening its track's Salle B.
        let run = try await SuggestRun(
            Programme(
                event: hours, rooms: [Room(id: "a", name: "Salle A"), Room(id: "b", name: "Salle B")],
                tracks: [Track(id: "t", name: "T")],
                sessions: [
                    suggestSession("roomed", "b", "11:30", "12:00", track: "t"),
                    suggestSession("u", nil, "09:00", "10:00"),
                    suggestSession("v", nil, "10:00", "11:00", track: "t"),
                ]))
        #expect(run.suggestion.programme.sessions.map(\.room) == ["b", "a", "a"])
        #expect(run.suggestion.roomsUsed == 1)
    }

    @Test func theSmallestRoomLargeEnoughIsChosen() async throws {
        let run = try await SuggestRun(
            Programme(
                event: hours,
                rooms: [
                    Room(id: "huge", name: "Amphi", capacity: 400), Room(id: "small", name: "Salle 1", capacity: 30),
                    Room(id: "mid", name: "Salle 2", capacity: 60),
                ],
                sessions: [suggestSession("x", nil, "09:00", "10:00")]),
            attendees: suggestAttendees(crowd(50, "x")))
        #expect(run.lines == ["assign Salle 2 to 'x' «Session x» (2023-09-19 09:00–10:00): resolves missing-room"])
    }

    @Test func aSharedRoomTakesSeveralSessionsAtOnce() async throws {
        let run = try await SuggestRun(
            Programme(
                event: hours, rooms: [Room(id: "hall", name: "Poster hall", capacitySessions: 3)],
                sessions: (1...3).map { suggestSession("p\($0)", nil, "09:00", "10:00") }
                    + [suggestSession("p4", nil, "09:30", "10:30")]))
        #expect(run.suggestion.programme.sessions.map(\.room) == ["hall", "hall", "hall", nil])
        #expect(run.reasons == ["every room is taken at 2023-09-19 09:30–10:30"])
        #expect(run.suggestion.roomsUsed == 1)
    }

    @Test func aClosedRoomIsNotGiven() async throws {
        let day = LocalDate(year: 2023, month: 9, day: 19)
        let run = try await SuggestRun(
            Programme(
                event: hours,
                rooms: [
                    Room(
                        id: "a", name: "Salle A",
                        open: [TimeWindow(date: day, start: LocalTime(hour: 14, minute: 0), endMinute: 18 * 60)]),
                    Room(id: "b", name: "Salle B"),
                ],
                sessions: [suggestSession("x", nil, "09:00", "10:00")]))
        #expect(run.suggestion.programme.sessions.map(\.room) == ["b"])
    }

    @Test func thePlenaryStaysAndTheSessionWithFewerPicksMoves() async throws {
        let rooms = [Room(id: "a", name: "Salle A"), Room(id: "b", name: "Salle B")]
        let plenary = try await SuggestRun(
            Programme(
                event: hours, rooms: rooms,
                sessions: [
                    suggestSession("p", "a", "09:00", "10:00", kind: "Plénière"),
                    suggestSession("x", "a", "09:00", "10:00"),
                ]),
            attendees: suggestAttendees(crowd(5, "x")))
        #expect(
            plenary.lines == [
                "move 'x' «Session x» from Salle A to Salle B (2023-09-19 09:00–10:00): resolves room-clash with 'p'"
            ])
        let picks = try await SuggestRun(
            Programme(
                event: hours, rooms: rooms,
                sessions: [suggestSession("x1", "a", "09:00", "10:00"), suggestSession("x2", "a", "09:00", "10:00")]),
            attendees: suggestAttendees(crowd(3, "x2") + crowd(10, "x1")))
        #expect(
            picks.lines == [
                "move 'x2' «Session x2» from Salle A to Salle B (2023-09-19 09:00–10:00): resolves room-clash with 'x1'"
            ])
    }

    @Test func aMoveToAnotherTimeKeepsMostAttendeesFree() async throws {
        // x (2 picks) must leave 09:00: at 10:00 both its attendees are in y, at 11:00 they are free.
        let run = try await SuggestRun(
            Programme(
                event: hours, rooms: [Room(id: "a", name: "Salle A"), Room(id: "b", name: "Salle B")],
                sessions: [
                    suggestSession("p", "a", "09:00", "10:00", people: ["Ada Lovelace"]),
                    suggestSession("x", "a", "09:00", "10:00", people: ["Ada Lovelace"]),
                    suggestSession("y", "b", "10:00", "11:00"),
                ]),
            attendees: suggestAttendees([["x", "y"], ["x", "y"], ["p"], ["p"], ["p"]]))
        #expect(
            run.lines == [
                "move 'x' «Session x» in Salle A from 2023-09-19 09:00–10:00 to 2023-09-19 11:00–12:00:"
                    + " resolves room-clash with 'p', speaker-clash with 'p' (Ada Lovelace)"
            ])
        #expect(run.after.filter { $0.rule != "attendee-clash" } == [])
    }

    @Test func aSlotMoveThatLeavesSomeAttendeesInAClashSaysHowMany() async throws {
        // x (3 picks) must leave 09:00; one of its attendees picked y at 10:00, the only other hour.
        let run = try await SuggestRun(
            Programme(
                event: EventInfo(
                    timeZone: "Europe/Paris",
                    hours: OpeningHours(open: LocalTime(hour: 9, minute: 0), close: LocalTime(hour: 11, minute: 0))),
                rooms: [Room(id: "a", name: "Salle A"), Room(id: "b", name: "Salle B")],
                sessions: [
                    suggestSession("p", "a", "09:00", "10:00", people: ["Ada Lovelace"]),
                    suggestSession("x", "a", "09:00", "10:00", people: ["Ada Lovelace"]),
                    suggestSession("y", "b", "10:00", "11:00"),
                ]),
            attendees: suggestAttendees([["x", "y"], ["x"], ["x"]] + crowd(5, "p")))
        #expect(
            run.lines == [
                "move 'x' «Session x» in Salle A from 2023-09-19 09:00–10:00 to 2023-09-19 10:00–11:00:"
                    + " resolves room-clash with 'p', speaker-clash with 'p' (Ada Lovelace);"
                    + " 1 of its 3 attendees has another session then"
            ])
        #expect(run.keys(run.after, rule: "attendee-clash") == [["x", "y"]])
    }

    @Test func aThreeWayClashMovesTwoOrNone() async throws {
        let run = try await SuggestRun(
            Programme(
                event: hours,
                rooms: [
                    Room(id: "a", name: "Salle A"), Room(id: "b", name: "Salle B"), Room(id: "c", name: "Salle C"),
                ],
                sessions: (1...3).map { suggestSession("x\($0)", "a", "09:00", "10:00") }))
        #expect(
            run.lines == [
                "move 'x2' «Session x2» from Salle A to Salle B (2023-09-19 09:00–10:00): resolves room-clash with"
                    + " 'x1', 'x3' (one of 2 moves)",
                "move 'x3' «Session x3» from Salle A to Salle C (2023-09-19 09:00–10:00): resolves room-clash with"
                    + " 'x1', 'x2' (one of 2 moves)",
            ])
        #expect(run.after == [])
    }

    @Test func theSpeakersChangeoverIsKept() async throws {
        // Ada needs 15 minutes between rooms: x cannot go to Salle A at 10:00 right after her s in Salle B ends.
        var event = hours
        event.changeover = Changeover(rooms: 15 * 60)
        let run = try await SuggestRun(
            Programme(
                event: event,
                rooms: [
                    Room(id: "a", name: "Salle A"), Room(id: "b", name: "Salle B"), Room(id: "c", name: "Salle C"),
                ],
                sessions: [
                    suggestSession("s", "b", "09:00", "10:00", people: ["Ada Lovelace"]),
                    suggestSession("x", nil, "10:00", "11:00", people: ["Ada Lovelace"]),
                    suggestSession("c", "c", "09:00", "12:00"),
                ]))
        #expect(run.lines == ["assign Salle B to 'x' «Session x» (2023-09-19 10:00–11:00): resolves missing-room"])
    }

    @Test func aMoveRespectsTheSpeakersDeclaredAvailability() async throws {
        // Ada is free from 10:00, but declared available only 09:00–10:00 and 11:00–12:00.
        let day = LocalDate(year: 2023, month: 9, day: 19)
        var programme = Programme(
            event: hours, rooms: [Room(id: "a", name: "Salle A"), Room(id: "b", name: "Salle B")],
            sessions: [
                suggestSession("s1", "a", "09:00", "10:00", people: ["Ada Lovelace"]),
                suggestSession("s2", "b", "09:30", "10:30", people: ["Ada Lovelace"]),
            ])
        programme.availability = [
            Availability(
                person: Person(name: "Ada Lovelace"),
                windows: [
                    TimeWindow(date: day, start: LocalTime(hour: 9, minute: 0), endMinute: 10 * 60),
                    TimeWindow(start: LocalTime(hour: 11, minute: 0), endMinute: 12 * 60),
                ])
        ]
        let run = try await SuggestRun(programme)
        #expect(
            run.lines == [
                "move 's2' «Session s2» in Salle B from 2023-09-19 09:30–10:30 to 2023-09-19 11:00–12:00:"
                    + " resolves speaker-clash with 's1' (Ada Lovelace)"
            ])
    }

    @Test func aMoveNeverStartsOrEndsInTheHourTheClocksRepeat() async throws {
        // 2023-10-29 in Paris: 02:00–02:59 happens twice. 01:45–02:45, right after x1, and every start until 03:00
        // would be read two ways: the nearest hour that is not is 03:00–04:00.
        let day = LocalDate(year: 2023, month: 10, day: 29)
        let slot = Slot(
            date: day, start: LocalTime(hour: 0, minute: 45), end: LocalTime(hour: 1, minute: 45))
        let run = try await SuggestRun(
            Programme(
                event: EventInfo(
                    timeZone: "Europe/Paris",
                    hours: OpeningHours(open: LocalTime(hour: 0, minute: 0), close: LocalTime(hour: 4, minute: 0))),
                rooms: [Room(id: "a", name: "Salle A")],
                sessions: ["x1", "x2"].map {
                    Session(
                        id: $0, title: "Session \($0)", slot: slot, room: "a",
                        sources: [SourceLocation(file: "p.yaml", line: 1)])
                }))
        #expect(
            run.lines == [
                "move 'x2' «Session x2» in Salle A from 2023-10-29 00:45–01:45 to 2023-10-29 03:00–04:00:"
                    + " resolves room-clash with 'x1'"
            ])
        #expect(run.after == [])
    }

    @Test func jsonHasStableKeys() async throws {
        let run = try await SuggestRun(
            Programme(
                event: hours, rooms: [Room(id: "a", name: "Salle A"), Room(id: "b", name: "Salle B")],
                sessions: [suggestSession("s1", "a", "09:00", "10:00"), suggestSession("s2", nil, "09:30", "10:30")]))
        #expect(
            run.report.json() == """
                {
                  "changes": [
                    {
                      "action": "assign-room",
                      "session": {
                        "id": "s2",
                        "title": "Session s2"
                      },
                      "from": {
                        "room": null,
                        "start": "2023-09-19T09:30:00+02:00",
                        "end": "2023-09-19T10:30:00+02:00"
                      },
                      "to": {
                        "room": "b",
                        "start": "2023-09-19T09:30:00+02:00",
                        "end": "2023-09-19T10:30:00+02:00"
                      },
                      "resolves": [
                        {
                          "rule": "missing-room",
                          "sessions": [
                            "s2"
                          ],
                          "room": null,
                          "person": null,
                          "message": "'s2' «Session s2» is scheduled at 2023-09-19 09:30–10:30 but has no room"
                        }
                      ],
                      "attendees": null,
                      "attendees_in_clash": 0,
                      "text": "assign Salle B to 's2' «Session s2» (2023-09-19 09:30–10:30): resolves missing-room"
                    }
                  ],
                  "unresolved": [],
                  "summary": {
                    "changes": 1,
                    "resolved": 1,
                    "unresolved": 0,
                    "rooms_used": 1
                  }
                }

                """)
    }
}

/// The most sessions running at one instant (back to back is not at once).
func mostAtOnce(_ sessions: [Session]) -> Int {
    let events = sessions.compactMap(\.slot).flatMap {
        [($0.start.secondsSinceEpochAsUTC, 1), ($0.end.secondsSinceEpochAsUTC, -1)]
    }.sorted { $0 < $1 }
    var running = 0
    var most = 0
    for (_, change) in events {
        running += change
        most = max(most, running)
    }
    return most
}

/// Generated programmes: whatever the suggester proposes never adds a finding, removes every one it claims, and
/// says why of every one it leaves.
@Suite struct SuggestPropertyTests {
    static let people = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"]

    /// One session: its start (quarters after 08:00), its length (quarters), its room (below 0: none), its people
    /// (a bit per person), its kind (0 a plenary, 1 a break) and its track (0: none).
    typealias Spec = (start: Int, length: Int, room: Int, people: Int, kind: Int, track: Int)

    static let session = zip(
        Gen.int(in: 0...39), Gen.int(in: 1...8), Gen.int(in: -2...5), Gen.int(in: 0...15), Gen.int(in: 0...19),
        Gen.int(in: 0...2))

    static func programme(_ specs: [Spec], rooms: Int, capacities: [Int], roomed: Bool = true) -> Programme {
        Programme(
            event: EventInfo(
                timeZone: "Europe/Paris",
                hours: OpeningHours(open: LocalTime(hour: 8, minute: 0), close: LocalTime(hour: 20, minute: 0))),
            rooms: (0..<rooms).map { index in
                let capacity = capacities[index % capacities.count]
                return Room(id: "r\(index + 1)", name: "Salle \(index + 1)", capacity: capacity == 0 ? nil : capacity)
            },
            tracks: [Track(id: "t1", name: "T1"), Track(id: "t2", name: "T2")],
            sessions: specs.enumerated().map { number, spec in
                let start = 8 * 60 + spec.start * 15
                let end = start + spec.length * 15
                return Session(
                    id: "s\(number)", title: "Session \(number)",
                    kind: spec.kind == 0 ? "Plénière" : spec.kind == 1 ? "Pause" : "Atelier",
                    track: spec.track == 0 ? nil : "t\(spec.track)",
                    slot: Slot(
                        date: LocalDate(year: 2023, month: 9, day: 19),
                        start: LocalTime(hour: start / 60, minute: start % 60),
                        end: LocalTime(hour: end / 60, minute: end % 60)),
                    room: roomed && spec.room >= 0 ? "r\(spec.room % rooms + 1)" : nil,
                    parts: [
                        AgendaPart(
                            title: nil,
                            speakers: people.indices.filter { spec.people & (1 << $0) != 0 }.map {
                                Person(name: people[$0])
                            })
                    ],
                    sources: [SourceLocation(file: "p.yaml", line: number + 1)])
            })
    }

    /// The pairs of these sessions whose times overlap, each as two ids in order.
    static func overlappingPairs(_ programme: Programme, _ ids: [String], zone: TimeZoneRules) -> Set<[String]> {
        let sessions = ids.compactMap { id in programme.sessions.first { $0.id == id } }
        var pairs = Set<[String]>()
        for a in sessions {
            for b in sessions where a.id < b.id {
                guard let x = a.slot, let y = b.slot else { continue }
                if zone.resolve(x.start).instant < zone.resolve(y.end).instant
                    && zone.resolve(y.start).instant < zone.resolve(x.end).instant
                {
                    pairs.insert([a.id, b.id])
                }
            }
        }
        return pairs
    }

    /// What identifies a finding across two runs of the check.
    struct Key: Hashable {
        var rule: String
        var sessions: [String]
        var subject: String?

        init(_ diagnostic: Diagnostic) {
            rule = diagnostic.rule
            sessions = diagnostic.sessions.map(\.id).sorted()
            subject = diagnostic.room ?? diagnostic.person
        }
    }

    @Test func applyingTheSuggestionsNeverAddsAFindingAndRemovesEveryOneItClaims() async throws {
        let zone = try await paris()
        await propertyCheck(
            count: 200, input: Self.session.array(of: 5...40), Gen.int(in: 1...6), Gen.int(in: 0...120).array(of: 6),
            Gen.int(in: 0...39).array(of: 0...6).array(of: 0...15)
        ) { specs, rooms, capacities, picks in
            let programme = Self.programme(specs.map { $0 as Spec }, rooms: rooms, capacities: capacities)
            let attendees = suggestAttendees(picks.map { Array(Set($0.map { "s\($0 % specs.count)" })).sorted() })
            let suggestion = ScheduleSuggester().suggest(programme, zone: zone, attendees: attendees)
            let before = ProgrammeCheck().run(programme, zone: zone, attendees: attendees)
            let after = ProgrammeCheck().run(suggestion.programme, zone: zone, attendees: attendees)
            let beforeKeys = Set(before.map(Key.init))
            let afterKeys = Set(after.map(Key.init))
            let movedInTime = Set(suggestion.changes.filter { $0.action == .moveSlot }.map(\.session.id))
            for finding in after where !beforeKeys.contains(Key(finding)) {
                let ids = Set(finding.sessions.map(\.id))
                // A move to another time may put a few of the session's attendees in a clash: the change says so.
                if finding.rule == "attendee-clash" && !ids.isDisjoint(with: movedInTime) { continue }
                // A clash group that lost a member to a move is the same finding, smaller.
                let shrunk = before.contains {
                    Key($0).rule == finding.rule && Key($0).subject == Key(finding).subject
                        && ids.isSubset(of: $0.sessions.map(\.id))
                }
                #expect(shrunk, "new finding: \(finding.rule): \(finding.message)")
            }
            // No clash has a pair of sessions that did not clash before, in the same room or with the same person.
            for finding in after where finding.rule == "room-clash" || finding.rule == "speaker-clash" {
                let ids = finding.sessions.map(\.id)
                let old = Self.overlappingPairs(programme, ids, zone: zone)
                for pair in Self.overlappingPairs(suggestion.programme, ids, zone: zone) {
                    let rooms = pair.map { id in programme.sessions.first { $0.id == id }?.room }
                    let newRooms = pair.map { id in suggestion.programme.sessions.first { $0.id == id }?.room }
                    #expect(old.contains(pair), "\(pair) overlap only after: \(finding.message)")
                    if finding.rule == "room-clash" { #expect(rooms == newRooms, "\(pair) share a room only after") }
                }
            }
            for claimed in suggestion.resolved {
                #expect(!afterKeys.contains(Key(claimed)), "claimed but still there: \(claimed.message)")
            }
            // Every finding the suggester works on is resolved or said unresolved, never both.
            let resolved = Set(suggestion.resolved.map(Key.init))
            let unresolved = Set(suggestion.unresolved.map { Key($0.diagnostic) })
            #expect(resolved.isDisjoint(with: unresolved))
            for finding in before where ScheduleSuggester.resolvedRules.contains(finding.rule) {
                #expect(
                    resolved.contains(Key(finding)) || unresolved.contains(Key(finding)),
                    "neither resolved nor unresolved: \(finding.message)")
            }
            // A move to another time stays on the same day.
            for change in suggestion.changes where change.action == .moveSlot {
                #expect(change.after.slot.start.date == change.before.slot.start.date)
            }
        }
    }

    @Test func interchangeableRoomsAreAsFewAsTheMostSessionsAtOnce() async throws {
        let zone = try await paris()
        await propertyCheck(count: 200, input: Self.session.array(of: 5...40), Gen.int(in: 1...6)) { specs, rooms in
            let programme = Self.programme(
                specs.map { $0 as Spec }, rooms: rooms, capacities: [0], roomed: false)
            let suggestion = ScheduleSuggester().suggest(programme, zone: zone)
            let most = mostAtOnce(programme.sessions)
            #expect(suggestion.roomsUsed <= most)
            #expect(suggestion.roomsUsed == min(most, rooms))
            if most <= rooms { #expect(suggestion.unresolved.filter { $0.diagnostic.rule == "missing-room" } == []) }
        }
    }
}
