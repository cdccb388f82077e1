import Foundation
import ICal
import Testing

@testable import Ateliers

/// Files under `Tests/AteliersTests/Fixtures` and the repository root.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    static var seeds: [String] {
        let folder = root.appendingPathComponent("seeds")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted().map {
            folder.appendingPathComponent($0).path
        }
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

/// Reads one page given as lines.
func page(_ lines: [String], file: String = "page.txt") throws -> ImportResult {
    try ProgrammePageImporter().read(path: file, text: lines.joined(separator: "\n"))
}

/// A programme of one room per letter and sessions written as `(id, room, "HH:MM", "HH:MM", people)`.
func programme(_ sessions: [(String, String?, String, String, [String])], rooms: [Room]? = nil) -> Programme {
    let date = LocalDate(year: 2023, month: 9, day: 19)
    return Programme(
        rooms: rooms ?? Set(sessions.compactMap(\.1)).sorted().map { Room(id: $0, name: "Room \($0)") },
        sessions: sessions.map { id, room, start, end, people in
            Session(
                id: id, title: "Session \(id)",
                slot: Slot(date: date, start: LocalTime(text: start)!, end: LocalTime(text: end)!), room: room,
                parts: [AgendaPart(title: nil, speakers: people.map { Person(name: $0) })],
                sources: [SourceLocation(file: "p.yaml", line: 1)])
        })
}

func paris() async throws -> TimeZoneRules {
    try await ICalLibrary.shared.timeZoneRules(identifier: "Europe/Paris", years: 2023...2023)
}
