import Foundation
import Testing

@testable import Ateliers

@Suite struct CSVImportTests {
    @Test func aFrenchSpreadsheetWithABOMAndSemicolonsLoadsRowByRow() async throws {
        let result = try await importFixture("semicolon-bom.csv")
        let programme = result.programme
        #expect(
            programme.sessions.map(\.id) == ["atelier-1-l-eau", "atelier-2", "soiree", "sans-date", "mauvaise-heure"])
        let first = try #require(programme.session("atelier-1-l-eau"))
        #expect(first.title == "Atelier 1 : l’eau")
        #expect(first.kind == "Atelier")
        #expect(first.track == "climat")
        #expect(first.room == "salle-2")
        #expect(first.moderators == [Person(name: "Virginie Rouquette")])
        #expect(
            first.parts.flatMap(\.speakers) == [
                Person(name: "Aude Saldana", roles: ["Secrétaire générale"]), Person(name: "Regis Besse"),
            ])
        #expect(first.hasDerivedID)
        #expect(first.sources == [SourceLocation(file: "import/semicolon-bom.csv", line: 2)])
        #expect(when(first) == "2023-09-19 11:30–2023-09-19 13:00")
        // "mardi 19 septembre 2023" and "12:00"; "salle 2" is the same room as "Salle 2".
        #expect(when(programme.session("atelier-2")) == "2023-09-19 12:00–2023-09-19 13:30")
        #expect(programme.session("atelier-2")?.room == "salle-2")
        #expect(when(programme.session("soiree")) == "2023-09-19 22:00–2023-09-20 01:00")
        #expect(programme.session("sans-date")?.slot == nil)
        #expect(programme.rooms.map(\.name) == ["Salle 2", "Salle 3"])
        #expect(programme.tracks == [Track(id: "climat", name: "Climat")])
        #expect(places(result.diagnostics) == ["unknown-column@1", "unreadable-line@4", "invalid-time@7"])
        #expect(result.diagnostics[0].message.hasPrefix("columns ignored: Couleur;"))
        #expect(result.diagnostics[2].message == "'25h00' is not a start time like 11:30 or 11h30")
    }

    @Test func aMissingDateColumnMakesEachTimedRowADiagnostic() async throws {
        let result = try await importFixture("missing-column.csv")
        #expect(result.programme.sessions.map(\.id) == ["x"])
        #expect(result.programme.sessions[0].slot == nil)
        #expect(places(result.diagnostics) == ["invalid-time@2"])
    }

    @Test func aHeaderWithoutTitleCannotBeRead() async throws {
        await #expect(
            throws: InputError(
                file: "import/no-title.csv", line: 1,
                message: "the header has no 'title' (or 'titre') column; found: name, date, start, end")
        ) {
            _ = try await importFixture("no-title.csv")
        }
    }

    @Test func timesInEverySpreadsheetSpelling() {
        let cases: [(String, String?)] = [
            ("11:30", "11:30"), ("11h30", "11:30"), ("9h", "09:00"), ("9 h 05", "09:05"), ("24:00", "+1 00:00"),
            ("+1 01:30", "+1 01:30"), ("25h00", nil), ("11:75", nil), ("midi", nil),
        ]
        for (text, expected) in cases {
            let read = CSVProgrammeReader.time(text).map { ($0.nextDay ? "+1 " : "") + $0.time.description }
            #expect(read == expected, "\(text)")
        }
    }

    @Test func repeatedTitlesStayTwoSessionsAndARepeatedIDIsAnError() async throws {
        let loaded = try await ProgrammeLoader().load(paths: [Fixtures.path("import/repeats.csv")])
        let programme = loaded.programme
        // Two coffee breaks on two days are two sessions, not one session with two times.
        #expect(programme.sessions.map(\.id) == ["pause-cafe", "pause-cafe-2", "x"])
        #expect(when(programme.session("pause-cafe")) == "2023-09-19 10:00–2023-09-19 10:30")
        #expect(when(programme.session("pause-cafe-2")) == "2023-09-20 10:00–2023-09-20 10:30")
        // A line break typed into a title cell is a space.
        #expect(programme.session("x")?.title == "Deux lignes")
        let path = Fixtures.path("import/repeats.csv")
        #expect(
            loaded.diagnostics.map { "\($0.rule)@\($0.sources.first?.line ?? 0)" } == [
                "duplicate-id@6", "no-timezone@1",
            ])
        #expect(loaded.diagnostics.first?.sources.first?.file == path)
    }
}
