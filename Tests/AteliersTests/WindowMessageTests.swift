import ICal
import Testing

@testable import Ateliers

/// A finding about windows lists a few of them: a room or person may declare a thousand a day.
@Suite struct WindowMessageTests {
    @Test func aFindingListsSixWindowsADayThenCountsTheRest() async throws {
        let windows = (0..<8).map { "{date: '2023-09-19', from: '00:0\($0)', to: '00:0\($0 + 1)'}" }
            .joined(separator: ", ")
        let yaml = """
            event: {timezone: Europe/Paris}
            rooms: [{id: a, name: A, open: [\(windows)]}]
            sessions:
              - {id: s, title: S, date: "2023-09-19", start: "23:00", end: "23:30", room: a}

            """
        let programme = try YAMLProgrammeImporter().read(path: "p.yaml", text: yaml).programme
        let zone = try await ProgrammeCheck.zoneRules(for: programme)
        let found = OutsideHoursRule().check(CheckContext(programme: programme, zone: zone))
        #expect(
            found.map(\.message) == [
                "'s' «S» at 2023-09-19 23:00–23:30 is outside the opening hours of A (2023-09-19: 00:00–00:01,"
                    + " 00:01–00:02, 00:02–00:03, 00:03–00:04, 00:04–00:05, 00:05–00:06 and 2 more)"
            ])
    }

    @Test func printableEscapesInPlaceAndKeepsTheRest() {
        #expect(CleanText.printable("«a»\u{1B}[2J–b\u{85}c") == "«a»\\u{1B}[2J–b\\u{85}c")
        #expect(CleanText.printable("«déjà»") == "«déjà»")
        #expect(CleanText.printable("\u{7F}") == "\\u{7F}")
    }
}
