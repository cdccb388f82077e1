import Foundation
import Testing

/// `ateliers suggest`, run as a user would.
@Suite struct SuggestCommandTests {
    let commands = CommandLineTests()
    let fixture = "Tests/AteliersCLITests/Fixtures/suggest.yaml"

    @Test func theTextListsEachChangeWithWhatItResolves() throws {
        let result = try commands.run(["suggest", fixture])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(
            result.stdout == """
                Changes (3):
                  assign Salle B to 's3' «Trois» (2023-09-19 10:00–11:00): resolves missing-room
                  move 's2' «Deux» from Salle A to Salle B (2023-09-19 09:00–10:00): resolves room-clash with 's1'
                  move 's4' «Quatre» in Salle C from 2023-09-19 09:30–10:30 to 2023-09-19 10:00–11:00: resolves \
                speaker-clash with 's1' (Ada Lovelace)

                3 changes resolving 3 findings, 0 unresolved

                """)
    }

    @Test func picksSteerTheMoves() throws {
        // s2 has two attendees and s1 none: s1 moves, to an hour that also frees Ada Lovelace.
        let result = try commands.run([
            "suggest", fixture, "--attendees", "Tests/AteliersCLITests/Fixtures/suggest-picks.csv",
        ])
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                Changes (2):
                  assign Salle B to 's3' «Trois» (2023-09-19 10:00–11:00): resolves missing-room
                  move 's1' «Un» in Salle A from 2023-09-19 09:00–10:00 to 2023-09-19 10:30–11:30: resolves \
                room-clash with 's2', speaker-clash with 's4' (Ada Lovelace)

                2 changes resolving 3 findings, 0 unresolved

                """)
    }

    @Test func theYAMLIsTheCorrectedProgrammeThatTheCheckPasses() throws {
        let folder = commands.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = "\(folder)/corrected.yaml"
        let before = try commands.run(["check", fixture])
        #expect(before.status == 1)
        #expect(before.stdout.hasSuffix("4 sessions (4 scheduled), 3 rooms, 1 person: 2 errors, 1 warning\n"))
        let result = try commands.run(["suggest", fixture, "--format", "yaml", "-o", output])
        #expect(result.status == 0)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("Changes (3):\n"))
        // Written whole, then renamed: nothing else is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["corrected.yaml"])
        let yaml = try String(contentsOfFile: output, encoding: .utf8)
        #expect(
            yaml.contains(
                "- id: s3\n  title: Trois\n  date: \"2023-09-19\"\n  start: \"10:00\"\n  end: \"11:00\"\n  room: b\n"))
        #expect(
            yaml.contains(
                "- id: s4\n  title: Quatre\n  date: \"2023-09-19\"\n  start: \"10:00\"\n  end: \"11:00\"\n  room: c\n"))
        let after = try commands.run(["check", output])
        #expect(after.status == 0)
        #expect(after.stdout == "4 sessions (4 scheduled), 3 rooms, 1 person: 0 errors, 0 warnings\n")
    }

    @Test func jsonHasTheSummaryAndEveryChange() throws {
        let result = try commands.run(["suggest", fixture, "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(
            (object["summary"] as? [String: Int]) == ["changes": 3, "resolved": 3, "unresolved": 0, "rooms_used": 1])
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.map { $0["action"] as? String } == ["assign-room", "move-room", "move-slot"])
        let moved = try #require(changes.last?["to"] as? [String: Any])
        #expect(moved["room"] as? String == "c")
        #expect(moved["start"] as? String == "2023-09-19T10:00:00+02:00")
    }

    @Test func whatCannotBeResolvedIsSaidAndTheStatusIsOne() throws {
        let path = "Tests/AteliersCLITests/Fixtures/suggest-unsolvable.yaml"
        let result = try commands.run(["suggest", path])
        #expect(result.status == 1)
        #expect(
            result.stdout == """
                Unresolved (1):
                  \(path):7: room-clash: 's1' «Un» and 's2' «Deux» are both in Salle A at 2023-09-19 09:00–10:00 \
                (60 min overlap)
                      why: 's1' «Un» cannot move: there is no other room, and no other 1h slot fits on 2023-09-19 within \
                09:00–10:00; 's2' «Deux» cannot move: there is no other room, and no other 1h slot fits on 2023-09-19 \
                within 09:00–10:00

                0 changes resolving 0 findings, 1 unresolved

                """)
        // The YAML is written all the same (the programme unchanged), and the status still says what is left.
        let yaml = try commands.run(["suggest", path, "--format", "yaml"])
        #expect(yaml.status == 1)
        #expect(yaml.stdout.contains("- id: s2\n"))
    }

    @Test func unreadableInputIsOneLineAndStatusTwo() throws {
        let result = try commands.run(["suggest", "missing.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr == "missing.yaml: error: no such file\n")
        #expect(result.stdout == "")
        let folder = commands.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let intoFolder = try commands.run(["suggest", fixture, "-o", folder])
        #expect(intoFolder.status == 2)
        #expect(intoFolder.stderr == "\(folder): error: --output is a folder, not a file\n")
    }
}
