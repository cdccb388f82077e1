import Ateliers
import Foundation
import ICal
import Testing

/// Files under `Tests/AteliersWebTests/Fixtures` and the repository root.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The seed pages and the event file, as `ateliers timetable seeds/ examples/event.yaml` reads them.
    static var seedSources: [String] {
        [root.appendingPathComponent("seeds").path, root.appendingPathComponent("examples/event.yaml").path]
    }

    /// Compares with a golden file; `ATELIERS_RECORD=1` rewrites it instead (and the test then fails, so a
    /// recording never passes silently).
    static func expectGolden(
        _ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let url = directory.appendingPathComponent("golden").appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["ATELIERS_RECORD"] == "1" {
            try? Data(actual.utf8).write(to: url)
            Issue.record("recorded \(name); run again without ATELIERS_RECORD", sourceLocation: sourceLocation)
            return
        }
        let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? "<missing \(name)>"
        #expect(actual == expected, "differs from golden/\(name)", sourceLocation: sourceLocation)
    }
}

/// A programme's timetable after its check, as the command builds it.
func timetable(_ programme: Programme) async throws -> Timetable {
    let years = programme.sessions.compactMap(\.slot).flatMap { [$0.start.year, $0.end.year] }
    let zone = try await ICalLibrary.shared.timeZoneRules(identifier: programme.timeZoneID, years: years)
    let context = CheckContext(programme: programme, zone: zone)
    return Timetable(context, diagnostics: ProgrammeCheck().run(context))
}

func at(_ day: Int, _ hour: Int, _ minute: Int) -> LocalDateTime {
    LocalDateTime(year: 2023, month: 9, day: day, hour: hour, minute: minute)
}

/// A session on 19 September 2023 from `start` to `end` (`HH:MM`).
func session(
    _ id: String, _ title: String, room: String?, _ start: String, _ end: String, speakers: [String] = []
) -> Session {
    let date = LocalDate(year: 2023, month: 9, day: 19)
    return Session(
        id: id, title: title,
        slot: Slot(date: date, start: LocalTime(text: start)!, end: LocalTime(text: end)!), room: room,
        parts: [AgendaPart(title: nil, speakers: speakers.map { Person(name: $0) })])
}
