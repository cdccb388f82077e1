import Foundation
import Testing

/// `ateliers check --explain RULE`, and `checks:` as `check` applies it.
@Suite struct CheckExplainTests {
    let cli = CommandLineTests()

    @Test func explainPrintsWhatTheRuleFindsItsSeverityAndHowToConfigureIt() throws {
        // No sources needed.
        let result = try cli.run(["check", "--explain", "room-clash"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(
            result.stdout == """
                room-clash

                Sessions in one room at the same time. One diagnostic per group of sessions that overlap there, each by
                more than zero minutes with an earlier one: back to back is fine, and all-day entries hold no room. The
                message names both sessions of a pair, or the first five of a larger group and its number of
                overlapping pairs (the JSON report lists them all). When another room, at least as large, is free for
                the whole of the group's last session, it suggests moving that session there. A room with
                `capacity_sessions: N` (a poster hall, an expo floor) holds N sessions at once: only a moment with more
                than N is a clash, and the message gives that peak.

                Default severity: error. To change it, in a YAML source:
                  checks:
                    room-clash: warning    # error, warning, info, or ignore to drop its findings

                To accept one finding (it becomes an info line with the reason, which never fails the check):
                  checks:
                    acknowledged:
                      - {rule: room-clash, sessions: [s1, s2], reason: one stand shared by two exhibitors}

                Example:
                  programme.yaml:8: error[room-clash]: 's1' «Un» and 's2' «Deux» are both in Salle A at 2023-09-19 12:00–12:30 (30 min overlap)

                """)
    }

    @Test func anUnknownNameIsOneLineWithTheKnownNamesAndStatusTwo() throws {
        let typo = try cli.run(["check", "--explain", "room-clsh"])
        #expect(typo.status == 2)
        #expect(typo.stdout == "")
        #expect(
            typo.stderr.hasPrefix(
                "error: --explain: 'room-clsh' is not a rule; did you mean 'room-clash'? The rules are: "))
        #expect(typo.stderr.contains(" missing-room, missing-title, "))
        #expect(typo.stderr.hasSuffix(", unsupported-recurrence, zero-length\n"))
        #expect(typo.stderr.count { $0 == "\n" } == 1)
        let other = try cli.run(["check", "--explain", "nothing-like-it\u{1B}[2J"])
        #expect(other.status == 2)
        #expect(
            other.stderr.hasPrefix(
                "error: --explain: 'nothing-like-it\\u{1B}[2J' is not a rule. The rules are: ambiguous-time, "))
    }

    /// Each explanation's example is a line `check` prints for a fixture of `Fixtures/explain`.
    @Test(arguments: [
        "room-clash", "speaker-clash", "missing-room", "unscheduled", "invalid-time", "ambiguous-time",
        "unknown-reference", "attendee-clash", "over-capacity", "similar-names", "duplicate-id", "zero-length",
        "unreadable-line", "no-timezone", "encoding", "inconsistent-duplicate", "invalid-id", "duplicate-pick",
        "control-characters", "invalid-url", "unknown-column", "missing-title", "unsupported-recurrence",
        "floating-time", "missing-vtimezone", "stale-acknowledgement", "unknown-rule",
    ])
    func theExampleIsARealLineOfOutput(rule: String) throws {
        let explained = try cli.run(["check", "--explain", rule]).stdout
        let example = try #require(explained.components(separatedBy: "\nExample:\n").last)
        #expect(example.hasPrefix("  ") && example.hasSuffix("\n") && example.count { $0 == "\n" } == 1)
        #expect(Self.exampleOutput.contains("\n" + example), "\(rule): \(example)")
    }

    /// What `check` prints for the fixtures the examples come from, run in their folder (short paths).
    static let exampleOutput: String = {
        let runs: [(String, [String])] = [
            ("explain", ["programme.yaml", "--attendees", "picks.csv"]),
            ("explain", ["names.yaml", "--timezone", "Europe/Paris"]),
            ("explain", ["one.yaml", "two.yaml", "--timezone", "Europe/Paris"]),
            ("explain", ["one.yaml"]), ("explain", ["sheet.csv", "--timezone", "Europe/Paris"]),
            ("explain", ["latin1.csv", "--timezone", "Europe/Paris"]),
            ("explain", ["feed.ics", "--timezone", "Europe/Paris"]),
            ("explain", ["atelier.txt", "--timezone", "Europe/Paris"]), ("explain/acks", ["programme.yaml"]),
        ]
        return runs.map { folder, arguments in
            let directory = CommandLineTests.testsDirectory.appendingPathComponent("Fixtures/\(folder)")
            return (try? CommandLineTests().run(["check"] + arguments, in: directory).stdout) ?? ""
        }.joined()
    }()

    @Test func anAcknowledgedClashIsANoteThatPassesEvenWithStrict() throws {
        let fixture = cli.fixture("acknowledged.yaml")
        let result = try cli.run(["check", "--strict", fixture])
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                Notes (1):
                  \(fixture):8: info[room-clash]: 's1' «Un» and 's2' «Deux» are both in Hall at 2023-09-19 12:00–12:30 (30 min overlap) (acknowledged: one shared stand)
                      see also \(fixture):9

                2 sessions (2 scheduled), 1 room, 0 people: 0 errors, 0 warnings, 1 note

                """)
        let json = try cli.run(["check", "--format", "json", fixture])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["summary"] as? [String: Int]) == ["errors": 0, "warnings": 0, "notes": 1])
        let diagnostic = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["severity"] as? String == "info")
    }
}
