import ICal
import Testing

@testable import Ateliers

@Suite struct TimetableTests {
    /// Lays out a programme after checking it, as the command does.
    func timetable(_ programme: Programme, maxRows: Int = 300) async throws -> Timetable {
        let context = CheckContext(programme: programme, zone: try await paris())
        return Timetable(context, diagnostics: ProgrammeCheck().run(context), maxRows: maxRows)
    }

    func at(_ day: Int, _ hour: Int, _ minute: Int) -> LocalDateTime {
        LocalDateTime(year: 2023, month: 9, day: day, hour: hour, minute: minute)
    }

    @Test func roomsAreColumnsInProgrammeOrderWithTheRoomlessLaneLast() async throws {
        let rooms = [Room(id: "b", name: "Room B"), Room(id: "unused", name: "Unused"), Room(id: "a", name: "Room A")]
        let table = try await timetable(
            programme(
                [
                    ("s1", "a", "09:00", "10:30", []), ("s2", "b", "09:30", "10:00", []),
                    ("s3", nil, "11:00", "11:15", []), ("s4", "ghost", "09:00", "09:15", []),
                ], rooms: rooms))
        let day = try #require(table.days.first)
        #expect(table.days.count == 1)
        #expect(day.date == LocalDate(year: 2023, month: 9, day: 19))
        #expect(
            day.columns == [
                TimetableColumn(roomID: "b", name: "Room B", lanes: 1, firstTrack: 0),
                TimetableColumn(roomID: "a", name: "Room A", lanes: 1, firstTrack: 1),
                TimetableColumn(roomID: "ghost", name: "ghost", lanes: 1, firstTrack: 2),
                TimetableColumn(roomID: nil, name: "No room", lanes: 1, firstTrack: 3),
            ])
        #expect(day.firstMinute == 540)
        #expect(day.rowMinutes == 15)
        #expect(day.rowCount == 9)
        #expect(day.blocks.map(\.id) == ["s1", "s4", "s2", "s3"])
        #expect(day.blocks.map(\.column) == [1, 2, 0, 3])
        #expect(day.blocks.map(\.row) == [0, 0, 2, 8])
        #expect(day.blocks.map(\.rowSpan) == [6, 1, 2, 1])
        #expect(day.blocks.map(\.tracks) == [1..<2, 2..<3, 0..<1, 3..<4])
        #expect(day.minute(ofRow: day.rowCount) == 675)
    }

    @Test func overlappingSessionsInOneRoomStandSideBySide() async throws {
        let table = try await timetable(
            programme([
                ("x", "a", "09:00", "10:00", []), ("y", "a", "09:30", "10:30", []), ("z", "a", "10:00", "11:00", []),
                ("w", "a", "11:00", "12:00", []), ("v", "b", "09:00", "12:00", []),
            ]))
        let day = try #require(table.days.first)
        #expect(day.rowMinutes == 30)
        #expect(day.columns.map(\.lanes) == [2, 1])
        #expect(day.columns.map(\.firstTrack) == [0, 2])
        let blocks = Dictionary(uniqueKeysWithValues: day.blocks.map { ($0.id, $0) })
        #expect(["x", "y", "z", "w", "v"].map { blocks[$0]?.lane } == [0, 1, 0, 0, 0])
        #expect(["x", "y", "z", "w", "v"].map { blocks[$0]?.laneCount } == [2, 2, 2, 1, 1])
        #expect(["x", "y", "z", "w", "v"].map { blocks[$0]?.tracks } == [0..<1, 1..<2, 0..<1, 0..<2, 2..<3])
        let clash = TimetableClash(
            rule: "room-clash", severity: .error,
            message: "3 sessions overlap in Room a at 2023-09-19 09:30–10:30 (2 overlapping pairs):"
                + " 'x' «Session x», 'y' «Session y», 'z' «Session z»")
        #expect(["x", "y", "z", "w", "v"].map { blocks[$0]?.clashes } == [[clash], [clash], [clash], [], []])
    }

    @Test func threeLanesShareAColumnOfFourEvenly() async throws {
        let table = try await timetable(
            programme([
                ("a", "r", "09:00", "10:00", []), ("b", "r", "09:00", "10:00", []), ("c", "r", "09:00", "10:00", []),
                ("d", "r", "09:00", "10:00", []), ("e", "r", "11:00", "12:00", []), ("f", "r", "11:00", "12:00", []),
                ("g", "r", "11:00", "12:00", []),
            ]))
        let day = try #require(table.days.first)
        #expect(day.columns.map(\.lanes) == [4])
        #expect(day.blocks.map(\.id) == ["a", "b", "c", "d", "e", "f", "g"])
        #expect(day.blocks.map(\.tracks) == [0..<1, 1..<2, 2..<3, 3..<4, 0..<1, 1..<2, 2..<4])
    }

    @Test func aSpeakerClashMarksBothSessionsInTheirOwnRooms() async throws {
        let table = try await timetable(
            programme([("a", "r1", "09:00", "10:00", ["Ann Lee"]), ("b", "r2", "09:30", "11:00", ["Ann Lee"])]))
        let day = try #require(table.days.first)
        let message =
            "Ann Lee is in 'a' «Session a» (speaker) and 'b' «Session b» (speaker) at 2023-09-19 09:30–10:00"
        #expect(
            day.blocks.map(\.clashes)
                == Array(
                    repeating: [TimetableClash(rule: "speaker-clash", severity: .error, message: message)], count: 2))
        #expect(day.blocks.map(\.lane) == [0, 0])
        #expect(day.columns.map(\.lanes) == [1, 1])
    }

    @Test func aSessionAcrossMidnightStopsAtMidnightOnItsStartDay() async throws {
        var programme = programme([("late", "r", "22:00", "23:00", []), ("eve", "r", "20:00", "21:00", [])])
        programme.sessions[0].slot = Slot(start: at(19, 23, 0), end: at(20, 1, 30))
        programme.sessions.append(
            Session(id: "until-midnight", title: "Until midnight", slot: Slot(start: at(19, 22, 0), end: at(20, 0, 0))))
        let table = try await timetable(programme)
        #expect(table.days.map(\.date) == [LocalDate(year: 2023, month: 9, day: 19)])
        let day = try #require(table.days.first)
        #expect(day.firstMinute == 1_200)
        #expect(day.rowMinutes == 60)
        #expect(day.rowCount == 4)
        #expect(day.blocks.map(\.id) == ["eve", "until-midnight", "late"])
        #expect(day.blocks.map(\.row) == [0, 2, 3])
        #expect(day.blocks.map(\.rowSpan) == [1, 2, 1])
        #expect(day.blocks.map(\.continuesNextDay) == [false, false, true])
        #expect(day.blocks[2].end == at(20, 1, 30))
    }

    @Test func anInstantIsAMarkerOneRowHighBesideWhatStartsWithIt() async throws {
        let table = try await timetable(
            programme([("talk", "r", "12:00", "13:00", []), ("doors", "r", "12:00", "12:00", [])]))
        let day = try #require(table.days.first)
        #expect(day.rowMinutes == 60)
        #expect(day.blocks.map(\.id) == ["doors", "talk"])
        #expect(day.blocks.map(\.isInstant) == [true, false])
        #expect(day.blocks.map(\.rowSpan) == [1, 1])
        #expect(day.blocks.map(\.lane) == [0, 1])
        #expect(day.blocks.map(\.clashes) == [[], []])
    }

    @Test func oddMinutesGiveFiveMinuteRowsRoundedOutwards() async throws {
        let table = try await timetable(
            programme([("odd", "r", "11:32", "11:58", []), ("b", "r", "12:10", "12:20", [])]))
        let day = try #require(table.days.first)
        #expect(day.firstMinute == 690)
        #expect(day.rowMinutes == 5)
        #expect(day.rowCount == 10)
        #expect(day.blocks.map(\.row) == [0, 8])
        #expect(day.blocks.map(\.rowSpan) == [6, 2])
    }

    @Test func aLongDayIsCoarsenedToStayUnderTheRowLimit() async throws {
        let table = try await timetable(
            programme([("early", "r", "08:00", "08:05", []), ("late", "r", "17:00", "18:00", [])]), maxRows: 10)
        let day = try #require(table.days.first)
        #expect(day.rowMinutes == 60)
        #expect(day.rowCount == 10)
        #expect(day.blocks.map(\.row) == [0, 9])
        #expect(day.blocks.map(\.rowSpan) == [1, 1])
        let fine = try await timetable(
            programme([("early", "r", "08:00", "08:05", []), ("late", "r", "17:00", "18:00", [])]))
        #expect(fine.days.map(\.rowMinutes) == [5])
        #expect(fine.days.map(\.rowCount) == [120])
    }

    @Test func allDaySessionsAreABandOnEveryDayTheyCover() async throws {
        var programme = programme([("talk", "r", "09:00", "10:00", [])])
        programme.sessions.append(
            Session(
                id: "expo", title: "Exhibition", slot: Slot(start: at(18, 0, 0), end: at(21, 0, 0)), room: "r",
                allDay: true))
        programme.sessions.append(Session(id: "later", title: "Not yet scheduled"))
        let table = try await timetable(programme)
        #expect(table.days.map(\.date.description) == ["2023-09-18", "2023-09-19"])
        #expect(table.days.map { $0.allDay.map(\.id) } == [["expo"], ["expo"]])
        #expect(table.days.map { $0.blocks.map(\.id) } == [[], ["talk"]])
        #expect(table.days[0].rowCount == 0)
        #expect(table.days[0].columns == [])
        #expect(table.unplaced == [2])
    }
}
