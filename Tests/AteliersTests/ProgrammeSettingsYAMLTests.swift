import Testing

@testable import Ateliers

/// The keys the rule catalogue reads: read with their lines, written back the same, and refused with a clear line.
@Suite struct ProgrammeSettingsYAMLTests {
    static let yaml = """
        event:
          id: demo
          timezone: Europe/Paris
          dates: ["2023-09-19", "2023-09-20"]
          changeover: {rooms: 10m, buildings: 1h30m}
        rooms:
          - id: hall
            name: Poster hall
            capacity_sessions: 30
            open:
              - {date: "2023-09-19", from: "08:30", to: "18:00"}
              - {from: "09:00", to: "24:00"}
        people:
          - name: Ada Lovelace
            available: [{date: "2023-09-19", from: "09:00", to: "12:00"}]
        checks:
          track-clash: error
          short-changeover: ignore
          acknowledged:
            - {rule: room-clash, sessions: [a, b], reason: shared stand}
        sessions:
          - {id: a, title: A, date: "2023-09-19", start: "10:00", end: "11:00", room: hall, blocks: all}

        """

    @Test func readsEveryKeyWithItsLine() throws {
        let result = try YAMLProgrammeImporter().read(path: "p.yaml", text: Self.yaml)
        let programme = result.programme
        #expect(result.diagnostics.isEmpty)
        #expect(programme.event.dates == [.init(year: 2023, month: 9, day: 19), .init(year: 2023, month: 9, day: 20)])
        #expect(
            programme.event.changeover
                == Changeover(rooms: 600, buildings: 5_400, source: .init(file: "p.yaml", line: 5)))
        let hall = try #require(programme.rooms.first)
        #expect(hall.capacitySessions == 30)
        #expect(hall.open.map(\.description) == ["2023-09-19 08:30–18:00", "09:00–24:00"])
        #expect(hall.open.map(\.source) == [.init(file: "p.yaml", line: 11), .init(file: "p.yaml", line: 12)])
        #expect(hall.open[1].endMinute == 1440)
        #expect(programme.availability.map(\.person.name) == ["Ada Lovelace"])
        #expect(programme.availability[0].windows.map(\.description) == ["2023-09-19 09:00–12:00"])
        #expect(
            programme.checks.rules.map { "\($0.rule)=\($0.setting.rawValue)@\($0.source!.line)" } == [
                "track-clash=error@17", "short-changeover=ignore@18",
            ])
        #expect(programme.checks.setting(for: "track-clash") == .error)
        #expect(programme.checks.setting(for: "room-clash") == nil)
        #expect(
            programme.checks.acknowledged == [
                Acknowledgement(
                    rule: "room-clash", sessions: ["a", "b"], reason: "shared stand",
                    source: .init(file: "p.yaml", line: 20))
            ])
        #expect(programme.sessions[0].blocksAll)
        #expect(programme.sessions[0].role == .plenary)
    }

    @Test func writesWhatItReads() throws {
        let programme = try YAMLProgrammeImporter().read(path: "p.yaml", text: Self.yaml).programme
        let written = try YAMLProgrammeWriter.yaml(for: programme)
        #expect(
            written == """
                event:
                  id: demo
                  timezone: Europe/Paris
                  dates: ["2023-09-19", "2023-09-20"]
                  changeover: {rooms: 10m, buildings: 1h30m}
                rooms:
                - id: hall
                  name: Poster hall
                  capacity_sessions: 30
                  open:
                  - {date: "2023-09-19", from: "08:30", to: "18:00"}
                  - {from: "09:00", to: "24:00"}
                tracks: []
                people:
                - name: Ada Lovelace
                  available:
                  - {date: "2023-09-19", from: "09:00", to: "12:00"}
                checks:
                  track-clash: error
                  short-changeover: ignore
                  acknowledged:
                  - rule: room-clash
                    sessions: [a, b]
                    reason: shared stand
                sessions:
                - id: a
                  title: A
                  blocks: all
                  date: "2023-09-19"
                  start: "10:00"
                  end: "11:00"
                  room: hall

                """)
        let again = try YAMLProgrammeImporter().read(path: "q.yaml", text: written).programme
        #expect(again.strippingProvenance().checks.rules.map(\.rule) == programme.checks.rules.map(\.rule))
        #expect(try YAMLProgrammeWriter.yaml(for: again) == written)
    }

    @Test(arguments: [
        (
            "rooms: [{name: H, capacity_sessions: 0}]",
            "p.yaml:1:38: error: capacity_sessions '0' is not a whole number of sessions from 1 to 999999"
        ),
        (
            "rooms: [{name: H, capacity_sessions: '٣'}]",
            "p.yaml:1:38: error: capacity_sessions '٣' is not a whole number of sessions from 1 to 999999"
        ),
        (
            "rooms: [{name: H, open: [{from: '18:00', to: '08:00'}]}]",
            "p.yaml:1:26: error: a window of room 'h''s 'open' ends (08:00) before it starts (18:00)"
        ),
        (
            "rooms: [{name: H, open: [{from: '8h', to: '18:00'}]}]",
            "p.yaml:1:26: error: a window of room 'h''s 'open' needs 'from' and 'to' like \"08:30\" and \"18:00\""
        ),
        (
            "people: [{name: Ada, available: [{date: '2023-02-31', from: '09:00', to: '10:00'}]}]",
            "p.yaml:1:41: error: '2023-02-31' is not a date like \"2023-09-19\""
        ),
        (
            "event: {changeover: 10 minutes}",
            "p.yaml:1:21: error: changeover '10 minutes' is not a duration like 10m, 1h or 1h30m (at most 24h)"
        ),
        (
            "event: {changeover: 25h}",
            "p.yaml:1:21: error: changeover '25h' is not a duration like 10m, 1h or 1h30m (at most 24h)"
        ),
        (
            "event: {changeover: 30m1h}",
            "p.yaml:1:21: error: changeover '30m1h' is not a duration like 10m, 1h or 1h30m (at most 24h)"
        ),
        ("event: {dates: ['19/09/2023']}", "p.yaml:1:17: error: event.dates lists dates like \"2023-09-19\""),
        ("event: {dates: ['0099-09-19']}", "p.yaml:1:17: error: '0099-09-19': the year 99 is outside 1900…2200"),
        (
            "checks: {room-clash: fatal}",
            "p.yaml:1:22: error: 'room-clash' in 'checks' takes one of error, warning, info, ignore, not 'fatal'"
        ),
        (
            "checks: {acknowledged: [{rule: room-clash, sessions: [], reason: x}]}",
            "p.yaml:1:25: error: an acknowledgement lists its 'sessions'"
        ),
        (
            "checks: {acknowledged: [{rule: room-clash, sessions: [a]}]}",
            "p.yaml:1:25: error: an acknowledgement has no 'reason'"
        ),
        ("sessions: [{title: T, blocks: some}]", "p.yaml:1:31: error: 'blocks' takes 'all', not 'some'"),
    ])
    func refusesBadValuesOnTheirLine(yaml: String, expected: String) {
        #expect {
            try YAMLProgrammeImporter().read(path: "p.yaml", text: yaml + "\n")
        } throws: { error in
            "\(error)" == expected
        }
    }

    /// Each session is compared with its room's (or person's) windows of a day: their number is bounded, so a
    /// hostile file cannot make the check quadratic.
    @Test func windowsAndDatesAreBounded() throws {
        let window = "{from: '09:00', to: '10:00'}"
        let windows = Array(repeating: window, count: 1_001).joined(separator: ", ")
        #expect {
            try YAMLProgrammeImporter().read(path: "p.yaml", text: "rooms:\n  - name: H\n    open: [\(windows)]\n")
        } throws: { error in
            "\(error)" == "p.yaml:3:11: error: room 'h' lists 1001 'open' windows; at most 1000"
        }
        let thousand = Array(repeating: window, count: 1_000).joined(separator: ", ")
        let read = try YAMLProgrammeImporter().read(
            path: "p.yaml", text: "people:\n  - name: Ada\n    available: [\(thousand)]\n")
        #expect(read.programme.availability[0].windows.count == 1_000)
        let dates = (0..<3_661).map { "'\(LocalDate(year: 2000 + $0 / 365, month: 1, day: 1))'" }.joined(
            separator: ", ")
        #expect {
            try YAMLProgrammeImporter().read(path: "p.yaml", text: "event:\n  dates: [\(dates)]\n")
        } throws: { error in
            "\(error)" == "p.yaml:2:10: error: event.dates lists 3661 days; at most 3660"
        }
    }

    @Test func mergesSettingsFirstSourceFirst() throws {
        let first = try YAMLProgrammeImporter().read(
            path: "a.yaml",
            text: "rooms: [{id: h, name: H}]\npeople: [{name: Ada, available: [{from: '09:00', to: '12:00'}]}]\n"
                + "checks: {track-clash: error, acknowledged: [{rule: room-clash, sessions: [a, b], reason: r1}]}\n")
        let second = try YAMLProgrammeImporter().read(
            path: "b.yaml",
            text: "event: {dates: ['2023-09-19'], changeover: 5m}\n"
                + "rooms: [{id: h, name: H, capacity_sessions: 4, open: [{from: '08:00', to: '20:00'}]}]\n"
                + "people: [{name: ada, available: [{from: '14:00', to: '18:00'}]}]\n"
                + "checks: {track-clash: ignore, acknowledged: [{rule: speaker-clash, sessions: [c, d], reason: r2}]}\n"
        )
        var merger = ProgrammeMerger()
        merger.merge(first.programme, from: "a.yaml")
        merger.merge(second.programme, from: "b.yaml")
        let merged = merger.programme
        #expect(merged.rooms.map(\.capacitySessions) == [4])
        #expect(merged.rooms[0].open.map(\.description) == ["08:00–20:00"])
        #expect(merged.event.dates == [.init(year: 2023, month: 9, day: 19)])
        #expect(merged.event.changeover?.rooms == 300)
        #expect(merged.availability.map { $0.windows.map(\.description) } == [["09:00–12:00"]])
        #expect(merged.checks.rules.map(\.setting) == [.error])
        #expect(merged.checks.acknowledged.map(\.reason) == ["r1", "r2"])
        #expect(
            merger.diagnostics.map { "\($0.sources.map(\.description)) \($0.severity) \($0.message)" } == [
                "[\"a.yaml:3\", \"b.yaml:4\"] warning the check 'track-clash' is set to 'error' and to 'ignore'"
                    + " (keeping 'error')"
            ])
    }

    /// Text that YAML reads as "no value" when plain is written quoted; the rest stays plain, as before.
    @Test func textThatLooksLikeNullIsQuoted() throws {
        let programme = Programme(sessions: [
            Session(id: "s1", title: "null", kind: "~", track: "123", room: "true", description: nil, url: "#x")
        ])
        let written = try YAMLProgrammeWriter.yaml(for: programme)
        #expect(
            written == """
                event: {}
                rooms: []
                tracks: []
                sessions:
                - id: s1
                  title: "null"
                  kind: "~"
                  track: 123
                  room: true
                  url: '#x'

                """)
        let read = try YAMLProgrammeImporter().read(path: "p.yaml", text: written).programme
        #expect(
            read.sessions.map { [$0.title, $0.kind, $0.track, $0.room, $0.url] } == [
                ["null", "~", "123", "true", "#x"]
            ])
    }

    @Test func sessionRolesComeFromTheKind() {
        func role(_ kind: String?) -> SessionRole { Session(id: "s", title: "S", kind: kind).role }
        #expect(role("Plénière") == .plenary)
        #expect(role("plenary") == .plenary)
        #expect(role("Séance plénière") == .plenary)
        #expect(role("Pause café") == .service)
        #expect(role("Déjeuner") == .service)
        #expect(role("Registration") == .service)
        #expect(role("Atelier") == .regular)
        #expect(role(nil) == .regular)
        // The role follows the kind and `blocks: all` when they change after the session is made (merging does).
        var session = Session(id: "s", title: "S", kind: "Atelier")
        session.kind = "Pause café"
        #expect(session.role == .service)
        session[keyPath: \Session.kind] = "Plénière"
        #expect(session.role == .plenary)
        session.kind = nil
        session.blocksAll = true
        #expect(session.role == .plenary)
        session.blocksAll = false
        #expect(session.role == .regular)
    }
}
