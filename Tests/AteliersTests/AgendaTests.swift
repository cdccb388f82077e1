import Foundation
import ICal
import Testing

@testable import Ateliers

@Suite struct AttendeeImporterTests {
    let sample = programme([
        ("a", "r1", "09:00", "10:00", []), ("b", "r2", "09:30", "10:30", []), ("c", "r1", "11:00", "12:00", []),
    ])

    func load(_ text: String, _ name: String = "picks.csv") throws -> AttendeeList {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ateliers-\(UUID().uuidString)-\(name)")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var list = try AttendeeImporter().load(path: url.path, programme: sample)
        list.diagnostics = list.diagnostics.map {
            var diagnostic = $0
            diagnostic.sources = diagnostic.sources.map { .init(file: name, line: $0.line) }
            return diagnostic
        }
        return list
    }

    @Test func readsCSVWithIDsTitlesSemicolonsQuotesAndABOM() throws {
        let list = try load(
            "\u{FEFF}Attendee;Session;Name;Email\r\nmarie;a;\"Curie; Marie\";m@example.org\r\nmarie;SESSION  C;;\r\npaul;b;Paul;\r\n"
        )
        #expect(list.diagnostics == [])
        #expect(list.attendees.map(\.id) == ["marie", "paul"])
        #expect(list.attendees[0].name == "Curie; Marie")
        #expect(list.attendees[0].email == "m@example.org")
        #expect(list.attendees[0].picks == ["a", "c"])
        #expect(list.attendees[0].pickSources.map(\.line) == [2, 3])
    }

    @Test func unknownSessionsAreErrorsAndDuplicateRowsCountOnce() throws {
        let list = try load("attendee,session\nmarie,a\nmarie,zzz\nmarie,a\n")
        #expect(list.attendees[0].picks == ["a"])
        #expect(
            list.diagnostics.map { "\($0.severity.rawValue) \($0.rule) \($0.sources.map(\.line))" } == [
                "error unknown-reference [3]", "warning duplicate-pick [4, 2]",
            ])
        #expect(list.diagnostics[0].message == "attendee 'marie' picks 'zzz', which names no session (by id or title)")
    }

    @Test func aMissingHeaderOrAnEmptyFileCannotBeRead() throws {
        #expect(throws: InputError.self) { try load("who,what\nmarie,a\n") }
        do {
            _ = try load("who,what\nmarie,a\n")
        } catch let error as InputError {
            #expect(error.line == 1)
            #expect(error.message == "the header must name the columns 'attendee' and 'session' (found: who, what)")
        }
        #expect(throws: InputError.self) { try load("\n\n") }
        #expect(throws: InputError.self) { try load("attendee,session\nmarie,\"a\n") }
    }

    @Test func readsYAMLAttendees() throws {
        let list = try load("attendees:\n  - id: marie\n    name: Marie\n    sessions: [a, Session c]\n", "picks.yaml")
        #expect(list.attendees.map(\.id) == ["marie"])
        #expect(list.attendees[0].name == "Marie")
        #expect(list.attendees[0].picks == ["a", "c"])
        #expect(list.attendees[0].pickSources.map(\.line) == [4, 4])
    }
}

@Suite struct AgendaRuleTests {
    @Test func attendeeClashesAndOverCapacityWithKnownAnswers() async throws {
        let rooms = [Room(id: "r1", name: "Petite", capacity: 1), Room(id: "r2", name: "Grande", capacity: 10)]
        let sample = programme(
            [("a", "r1", "09:00", "10:00", []), ("b", "r2", "09:30", "10:30", []), ("c", "r1", "11:00", "12:00", [])],
            rooms: rooms)
        let attendees = [
            Attendee(
                id: "marie", picks: ["a", "b", "c"],
                pickSources: [
                    .init(file: "p.csv", line: 2), .init(file: "p.csv", line: 3), .init(file: "p.csv", line: 4),
                ]),
            Attendee(
                id: "paul", picks: ["a", "c"],
                pickSources: [.init(file: "p.csv", line: 5), .init(file: "p.csv", line: 6)]),
        ]
        let context = CheckContext(programme: sample, zone: try await paris(), attendees: attendees)
        let clashes = AttendeeClashRule().check(context)
        #expect(clashes.map { "\($0.person!) \($0.sessions.map(\.id))" } == ["marie [\"a\", \"b\"]"])
        #expect(clashes[0].sources == [.init(file: "p.csv", line: 2), .init(file: "p.csv", line: 3)])
        let crowded = OverCapacityRule().check(context)
        #expect(
            crowded.map(\.message) == [
                "'a' «Session a» has 2 attendees but Petite holds 1",
                "'c' «Session c» has 2 attendees but Petite holds 1",
            ])
        #expect(crowded.map(\.suggestion) == [nil, "move it to Grande (holds 10), free then"])
    }
}

@Suite struct PersonalFeedTests {
    @Test func aPersonalFeedHoldsExactlyTheScheduledPicksWithTheSameEventBytes() async throws {
        var sample = programme([
            ("a", "r1", "09:00", "10:00", []), ("b", "r2", "11:00", "12:00", []), ("c", "r1", "14:00", "15:00", []),
        ])
        sample.sessions.append(Session(id: "later", title: "Unscheduled"))
        let attendee = Attendee(
            id: "marie", name: "Marie", picks: ["c", "later", "a"],
            pickSources: Array(repeating: .init(file: "p", line: 1), count: 3))
        let context = CheckContext(programme: sample, zone: try await paris(), attendees: [attendee])
        let rendered = await FeedRenderer().render(
            context, plan: FeedPlan(context, kinds: [.all, .attendee]), stamp: 0)
        #expect(rendered.plan.feeds.map(\.path) == ["all.ics", "attendee/marie.ics"])
        let all = rendered.text(of: 0)
        let personal = rendered.text(of: 1)
        let events = personal.components(separatedBy: "BEGIN:VEVENT").dropFirst().map {
            "BEGIN:VEVENT" + $0.components(separatedBy: "END:VEVENT\r\n")[0] + "END:VEVENT\r\n"
        }
        #expect(events.count == 2)
        #expect(events.allSatisfy { all.contains($0) })
        #expect(events[0].contains("UID:a@ateliers") && events[1].contains("UID:c@ateliers"))
        #expect(personal.contains("X-WR-CALNAME:Agenda of Marie · Programme\r\n"))
        let parsed = try await ICalLibrary.shared.parse(personal)
        #expect(parsed.libicalErrors == [])
    }

    @Test func alarmsGoIntoPersonalFeedsOnly() async throws {
        let sample = programme([("a", "r1", "09:00", "10:00", [])])
        let attendee = Attendee(id: "marie", picks: ["a"], pickSources: [.init(file: "p", line: 1)])
        let context = CheckContext(programme: sample, zone: try await paris(), attendees: [attendee])
        let rendered = await FeedRenderer().render(
            context, plan: FeedPlan(context, kinds: [.all, .attendee]), stamp: 0, alarmMinutesBefore: 15)
        #expect(!rendered.text(of: 0).contains("BEGIN:VALARM"))
        #expect(
            rendered.text(of: 1).contains(
                "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Session a\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n"))
    }
}

@Suite struct GeneratorTests {
    let options = ProgrammeGenerator.Options(sessions: 80, rooms: 8, days: 2, attendees: 400, picks: 6, seed: 42)

    @Test func theSameSeedGivesTheSameFiles() throws {
        let first = ProgrammeGenerator(options).generate()
        let second = ProgrammeGenerator(options).generate()
        #expect(try YAMLProgrammeWriter.yaml(for: first.programme) == YAMLProgrammeWriter.yaml(for: second.programme))
        #expect(first.picksCSV == second.picksCSV)
        #expect(first.answerKey == second.answerKey)
        var other = options
        other.seed = 43
        #expect(ProgrammeGenerator(other).generate().picksCSV != first.picksCSV)
    }

    @Test func aDenseGridStaysWithinItsDays() {
        // 34 slots a day do not fit 30 minutes apart: they come closer, and none starts at 24:00 or later.
        let dense = ProgrammeGenerator(
            .init(sessions: 10_000, rooms: 100, days: 3, attendees: 0, picks: 0, seed: 1)
        ).generate().programme
        let slots = dense.sessions.compactMap(\.slot)
        #expect(slots.count == 10_000)
        #expect(slots.allSatisfy { $0.start.date == $0.end.date && $0.end.time <= LocalTime(hour: 23, minute: 30) })
        #expect(Set(slots.map(\.start.date)).count == 3)
        // 400 sessions in one room on one day cannot fit even 5 minutes apart: more days, never past midnight.
        let packed = ProgrammeGenerator(.init(sessions: 400, rooms: 1, days: 1, attendees: 0, picks: 0, seed: 1))
            .generate().programme.sessions.compactMap(\.slot)
        #expect(packed.allSatisfy { $0.start.date == $0.end.date && $0.start < $0.end })
        #expect(Set(packed.map(\.start.date)).count == 3)
    }

    @Test func theAnswerKeyMatchesWhatCheckFinds() async throws {
        let output = ProgrammeGenerator(options).generate()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ateliers-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = folder.appendingPathComponent("programme.yaml")
        let picks = folder.appendingPathComponent("picks.csv")
        try Data(YAMLProgrammeWriter.yaml(for: output.programme).utf8).write(to: yaml)
        try Data(output.picksCSV.utf8).write(to: picks)
        let loaded = try await ProgrammeLoader().load(paths: [yaml.path])
        let attendees = try AttendeeImporter().load(path: picks.path, programme: loaded.programme)
        let zone = try await ProgrammeCheck.zoneRules(for: loaded.programme)
        let found = ProgrammeCheck().run(
            loaded.programme, zone: zone, importDiagnostics: loaded.diagnostics + attendees.diagnostics,
            attendees: attendees.attendees)
        func ids(_ rule: String) -> [[String]] {
            found.filter { $0.rule == rule }.map { $0.sessions.map(\.id) }.sorted { $0.lexicographicallyPrecedes($1) }
        }
        guard case .object(let key) = output.answerKey else { Issue.record("no key"); return }
        let fields = Dictionary(uniqueKeysWithValues: key)
        guard case .array(let rooms) = fields["room-clash"], case .array(let speakers) = fields["speaker-clash"],
            case .int(let attendeeClashes) = fields["attendee-clash"],
            case .array(let crowded) = fields["over-capacity"]
        else { Issue.record("key shape"); return }
        func strings(_ value: JSONValue) -> [String] {
            guard case .array(let items) = value else { return [] }
            return items.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
        }
        #expect(ids("room-clash") == rooms.map(strings))
        #expect(
            ids("speaker-clash")
                == speakers.map { value -> [String] in
                    guard case .object(let pairs) = value else { return [] }
                    return strings(pairs[0].1)
                })
        #expect(found.filter { $0.rule == "attendee-clash" }.map { $0.pairs ?? 0 }.reduce(0, +) == attendeeClashes)
        #expect(attendeeClashes > 0)
        #expect(
            found.filter { $0.rule == "over-capacity" }.map { $0.sessions[0].id }.sorted()
                == crowded.map { if case .string(let s) = $0 { return s } else { return "" } })
        #expect(
            found.filter { !["room-clash", "speaker-clash", "attendee-clash", "over-capacity"].contains($0.rule) } == []
        )
        #expect(attendees.attendees.count == 400)
    }
}
