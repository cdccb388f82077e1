import Foundation
import ICal
import Testing

@testable import Ateliers

/// `checks:` in the programme: per-rule severity, acknowledged findings, and the catalogue of rule names.
@Suite struct CheckSettingsTests {
    /// A YAML programme: `checks` lines from line 4, then `sessions:`, so the first session is at line 5 + checks.count.
    /// Rooms r and s; `sessions` as flow mappings.
    func yaml(checks: [String], sessions: [String]) -> String {
        (["event: {timezone: Europe/Paris}", "rooms: [{id: r, name: Room R}, {id: s, name: Room S}]", "checks:"]
            + checks.map { "  " + $0 } + ["sessions:"] + sessions.map { "  - " + $0 }).joined(separator: "\n") + "\n"
    }

    /// `{id: a, title: A, date: "2023-09-19", start: "09:00", end: "10:00", room: r}`.
    func session(_ id: String, _ start: String, _ end: String, room: String? = "r", people: [String] = []) -> String {
        "{id: \(id), title: \(id.uppercased()), date: \"2023-09-19\", start: \"\(start)\", end: \"\(end)\""
            + (room.map { ", room: \($0)" } ?? "")
            + (people.isEmpty ? "" : ", parts: [{speakers: [\(people.joined(separator: ", "))]}]") + "}"
    }

    /// Two sessions clashing in room r (`a` 09:00–10:00, `b` 09:30–10:30) and an unscheduled `c`.
    var clashAndUnscheduled: [String] {
        [session("a", "09:00", "10:00"), session("b", "09:30", "10:30"), "{id: c, title: C}"]
    }

    func check(_ text: String, file: String = "p.yaml") async throws -> [Diagnostic] {
        let result = try YAMLProgrammeImporter().read(path: file, text: text)
        return ProgrammeCheck().run(result.programme, zone: try await paris(), importDiagnostics: result.diagnostics)
    }

    func summary(_ found: [Diagnostic]) -> [String] { found.map { "\($0.severity.rawValue)[\($0.rule)]" } }

    // MARK: Severity

    @Test func aRuleCanBeRaisedOrLowered() async throws {
        let found = try await check(
            yaml(checks: ["room-clash: warning", "unscheduled: error"], sessions: clashAndUnscheduled))
        #expect(summary(found) == ["error[unscheduled]", "warning[room-clash]"])
        #expect(
            found.map(\.message) == [
                "'c' «C» has no date and time: it is left out of the feeds",
                "'a' «A» and 'b' «B» are both in Room R at 2023-09-19 09:30–10:00 (30 min overlap)",
            ])
        // Lowered, the clash keeps its suggestion.
        #expect(found[1].suggestion == "move 'b' «B» to Room S, free at 2023-09-19 09:30–10:30")
    }

    @Test func ignoreDropsARulesFindings() async throws {
        let found = try await check(yaml(checks: ["room-clash: ignore"], sessions: clashAndUnscheduled))
        #expect(summary(found) == ["warning[unscheduled]"])
    }

    @Test func importersFindingsAreConfiguredWithTheRest() async throws {
        let sessions = [session("a", "09:00", "09:00"), session("b", "09:00", "09:00")]
        #expect(
            summary(try await check(yaml(checks: ["missing-room: info"], sessions: sessions))) == [
                "warning[zero-length]", "warning[zero-length]",
            ])
        #expect(summary(try await check(yaml(checks: ["zero-length: ignore"], sessions: sessions))) == [])
        #expect(
            summary(try await check(yaml(checks: ["zero-length: error"], sessions: sessions))) == [
                "error[zero-length]", "error[zero-length]",
            ])
    }

    @Test func infoIsReportedAsANoteAndNeverCountsAsAnErrorOrAWarning() async throws {
        let text = yaml(checks: ["room-clash: info", "unscheduled: info"], sessions: clashAndUnscheduled)
        let result = try YAMLProgrammeImporter().read(path: "p.yaml", text: text)
        let zone = try await paris()
        let found = ProgrammeCheck().run(result.programme, zone: zone)
        #expect(summary(found) == ["info[room-clash]", "info[unscheduled]"])
        // What `check` and `check --strict` fail on.
        #expect(found.errorCount == 0 && found.warningCount == 0 && found.infoCount == 2)
        let report = CheckReport(programme: result.programme, zone: zone, diagnostics: found)
        #expect(
            report.text() == """
                Notes (2):
                  p.yaml:7: info[room-clash]: 'a' «A» and 'b' «B» are both in Room R at 2023-09-19 09:30–10:00 (30 min overlap)
                      see also p.yaml:8
                      suggestion: move 'b' «B» to Room S, free at 2023-09-19 09:30–10:30
                  p.yaml:9: info[unscheduled]: 'c' «C» has no date and time: it is left out of the feeds

                3 sessions (2 scheduled), 2 rooms, 0 people: 0 errors, 0 warnings, 2 notes

                """)
        #expect(
            report.json().contains("\"summary\": {\n    \"errors\": 0,\n    \"warnings\": 0,\n    \"notes\": 2\n  }"))
    }

    @Test func withoutNotesTheSummaryLineIsAsBefore() async throws {
        let text = yaml(checks: ["room-clash: warning"], sessions: clashAndUnscheduled)
        let result = try YAMLProgrammeImporter().read(path: "p.yaml", text: text)
        let zone = try await paris()
        let report = CheckReport(
            programme: result.programme, zone: zone, diagnostics: ProgrammeCheck().run(result.programme, zone: zone))
        #expect(report.text().hasSuffix("\n\n3 sessions (2 scheduled), 2 rooms, 0 people: 0 errors, 2 warnings\n"))
        #expect(report.json().contains("\"summary\": {\n    \"errors\": 0,\n    \"warnings\": 2\n  }"))
    }

    // MARK: Acknowledgements

    @Test func anAcknowledgedClashIsANoteWithItsReason() async throws {
        let found = try await check(
            yaml(
                checks: ["acknowledged:", "  - {rule: room-clash, sessions: [b, a], reason: one shared stand}"],
                sessions: clashAndUnscheduled))
        #expect(summary(found) == ["warning[unscheduled]", "info[room-clash]"])
        let acknowledged = found[1]
        #expect(
            acknowledged.message
                == "'a' «A» and 'b' «B» are both in Room R at 2023-09-19 09:30–10:00 (30 min overlap)"
                + " (acknowledged: one shared stand)")
        #expect(acknowledged.sessions.map(\.id) == ["a", "b"])
        #expect(acknowledged.sources == [.init(file: "p.yaml", line: 7), .init(file: "p.yaml", line: 8)])
        // Accepted: no fix proposed.
        #expect(acknowledged.suggestion == nil)
        #expect(acknowledged.pairs == 1)
    }

    @Test func anAcknowledgementOverridesTheRulesSeverityButNotIgnore() async throws {
        let acknowledgement = ["acknowledged:", "  - {rule: room-clash, sessions: [a, b], reason: one shared stand}"]
        let raised = try await check(
            yaml(checks: ["room-clash: error"] + acknowledgement, sessions: clashAndUnscheduled))
        #expect(summary(raised) == ["warning[unscheduled]", "info[room-clash]"])
        // Ignored, the finding goes; the acknowledgement still matched it, so it is not stale.
        let ignored = try await check(
            yaml(checks: ["room-clash: ignore"] + acknowledgement, sessions: clashAndUnscheduled))
        #expect(summary(ignored) == ["warning[unscheduled]"])
    }

    @Test func aGroupIsAcknowledgedOnlyWhenEveryMemberIsListed() async throws {
        // a, b and c overlap in room r: one group of three. Listing two of them accepts nothing.
        let three = [session("a", "09:00", "10:00"), session("b", "09:30", "10:30"), session("c", "09:45", "11:00")]
        let partial = try await check(
            yaml(
                checks: ["acknowledged:", "  - {rule: room-clash, sessions: [a, b], reason: two stands}"],
                sessions: three))
        #expect(summary(partial) == ["error[room-clash]", "warning[stale-acknowledgement]"])
        #expect(partial[0].sessions.map(\.id) == ["a", "b", "c"])
        #expect(!partial[0].message.contains("acknowledged"))
        #expect(
            partial[1].message
                == "the acknowledgement of room-clash for 'a', 'b' matches nothing: remove it, or the sessions changed")
        // Listing more than the group (here d, in another room) accepts it.
        let all = try await check(
            yaml(
                checks: ["acknowledged:", "  - {rule: room-clash, sessions: [a, b, c, d], reason: the poster row}"],
                sessions: three + [session("d", "09:00", "10:00", room: "s")]))
        #expect(summary(all) == ["info[room-clash]"])
        #expect(
            all[0].message.hasSuffix("(3 overlapping pairs): 'a' «A», 'b' «B», 'c' «C» (acknowledged: the poster row)"))
    }

    @Test func anAcknowledgementIsForItsRuleOnly() async throws {
        // a and b share room r and Ann Lee: a room clash and a speaker clash; only the room clash is accepted.
        let sessions = [
            session("a", "09:00", "10:00", people: ["Ann Lee"]), session("b", "09:30", "10:30", people: ["Ann Lee"]),
        ]
        let found = try await check(
            yaml(
                checks: ["acknowledged:", "  - {rule: room-clash, sessions: [a, b], reason: one shared stand}"],
                sessions: sessions))
        #expect(summary(found) == ["error[speaker-clash]", "info[room-clash]"])
    }

    @Test func oneFindingMatchesEveryAcknowledgementThatCoversIt() async throws {
        // Both cover the clash: neither is stale, and the first one's reason is given.
        let found = try await check(
            yaml(
                checks: [
                    "acknowledged:", "  - {rule: room-clash, sessions: [a, b], reason: first}",
                    "  - {rule: room-clash, sessions: [a, b, z], reason: second}",
                ], sessions: clashAndUnscheduled))
        #expect(summary(found) == ["warning[unscheduled]", "info[room-clash]"])
        #expect(found[1].message.hasSuffix(" (acknowledged: first)"))
    }

    @Test func aStaleAcknowledgementIsAWarningAtItsLine() async throws {
        let found = try await check(
            yaml(
                checks: [
                    "acknowledged:", "  - {rule: room-clash, sessions: [a, b], reason: one shared stand}",
                    "  - {rule: speaker-clash, sessions: [a, b, c, d, e, f, g], reason: gone}",
                ], sessions: clashAndUnscheduled))
        let stale = found.filter { $0.rule == "stale-acknowledgement" }
        #expect(stale.map(\.severity) == [.warning])
        #expect(
            stale.map(\.message) == [
                "the acknowledgement of speaker-clash for 'a', 'b', 'c', 'd', 'e' and 2 more matches nothing: remove"
                    + " it, or the sessions changed"
            ])
        #expect(stale.map(\.sources) == [[.init(file: "p.yaml", line: 6)]])
    }

    @Test func aFindingThatNamesNoSessionCannotBeAcknowledged() throws {
        let settings = CheckSettings(acknowledged: [Acknowledgement(rule: "no-timezone", sessions: ["a"], reason: "r")])
        let found = settings.apply(
            to: [Diagnostic(rule: "no-timezone", severity: .warning, message: "no zone")], catalogue: .standard)
        #expect(summary(found) == ["warning[no-timezone]", "warning[stale-acknowledgement]"])
    }

    // MARK: Names

    @Test func anUnknownRuleIsAWarningWithTheClosestNames() async throws {
        let found = try await check(
            yaml(
                checks: [
                    "room-clsh: warning", "completely-different: ignore", "acknowledged:",
                    "  - {rule: speaker_clash, sessions: [a, b], reason: typo}",
                ], sessions: clashAndUnscheduled))
        // The misspelt setting changes nothing: the clash stays an error.
        #expect(
            summary(found) == [
                "error[room-clash]", "warning[unknown-rule]", "warning[unknown-rule]", "warning[unknown-rule]",
                "warning[unscheduled]",
            ])
        #expect(
            found.filter { $0.rule == "unknown-rule" }.map { "\($0.sources[0].line): \($0.message)" } == [
                "4: 'room-clsh' in 'checks' is not a rule Ateliers knows, so it changes nothing: did you mean"
                    + " 'room-clash'?",
                "5: 'completely-different' in 'checks' is not a rule Ateliers knows, so it changes nothing",
                "7: the acknowledgement names the rule 'speaker_clash', which Ateliers does not have: did you mean"
                    + " 'speaker-clash'?",
            ])
    }

    @Test func theSettingsOwnWarningsAreConfiguredLikeAnyRule() async throws {
        let found = try await check(
            yaml(
                checks: [
                    "stale-acknowledgement: error", "unknown-rule: ignore", "room-clsh: warning", "acknowledged:",
                    "  - {rule: room-clash, sessions: [a, c], reason: gone}",
                ], sessions: clashAndUnscheduled))
        // The stale acknowledgement (line 8) comes before the clash (line 10).
        #expect(summary(found) == ["error[stale-acknowledgement]", "error[room-clash]", "warning[unscheduled]"])
    }

    @Test func settingsFromTwoSourcesMergeAndTheFirstWins() async throws {
        let first = try YAMLProgrammeImporter().read(
            path: "a.yaml",
            text: yaml(
                checks: [
                    "room-clash: warning", "acknowledged:",
                    "  - {rule: unscheduled, sessions: [c], reason: announced in June}",
                ], sessions: clashAndUnscheduled))
        let second = try YAMLProgrammeImporter().read(
            path: "b.yaml",
            text: "checks:\n  missing-room: error\n  room-clash: error\n  acknowledged:\n"
                + "    - {rule: room-clash, sessions: [x, y], reason: from b}\n")
        var merger = ProgrammeMerger()
        merger.merge(first.programme, from: "a.yaml")
        merger.merge(second.programme, from: "b.yaml")
        #expect(
            merger.programme.checks.rules.map { "\($0.rule): \($0.setting.rawValue)" } == [
                "room-clash: warning", "missing-room: error",
            ])
        #expect(merger.programme.checks.acknowledged.map(\.reason) == ["announced in June", "from b"])
        #expect(
            merger.diagnostics.map { "\($0.severity.rawValue)[\($0.rule)]: \($0.message) \($0.sources)" } == [
                "warning[inconsistent-duplicate]: the check 'room-clash' is set to 'warning' and to 'error' (keeping"
                    + " 'warning') [a.yaml:4, b.yaml:3]"
            ])
        let found = ProgrammeCheck().run(
            merger.programme, zone: try await paris(), importDiagnostics: merger.diagnostics)
        #expect(
            summary(found) == [
                "warning[inconsistent-duplicate]", "warning[room-clash]", "warning[stale-acknowledgement]",
                "info[unscheduled]",
            ])
    }

    // MARK: The catalogue

    @Test func everyCatalogueEntryHasAnExplanationAndAUniqueName() {
        let names = ProgrammeCheck.defaultRules.map(\.name)
        #expect(Set(names).count == names.count, "two rules share a name: \(names.sorted())")
        let catalogue = RuleCatalogue.standard
        #expect(Set(catalogue.names).count == catalogue.entries.count)
        #expect(Set(names).isSubset(of: catalogue.names))
        for entry in catalogue.entries {
            #expect(!entry.explanation.isEmpty, "\(entry.name) has no explanation")
            // How to configure it, and an example line of the rule at its default severity.
            #expect(entry.explanation.contains("checks:"), "\(entry.name)")
            let example = entry.explanation.components(separatedBy: "\nExample:\n  ").dropFirst().last
            #expect(
                example?.contains(": \(entry.severity.rawValue)[\(entry.name)]: ") == true,
                "\(entry.name): no example of its output after 'Example:'")
        }
    }

    /// Every rule name a diagnostic of the sources can carry: literal `rule: "…"`, an iCalendar `warn("…"` and the
    /// named constants.
    @Test func theCatalogueNamesEveryRuleTheSourcesEmit() throws {
        let sources = Fixtures.root.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        var emitted = Set([CheckSettings.staleAcknowledgement, CheckSettings.unknownRule])
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /(?:rule: |warn\(\s*)"([a-z]+(?:-[a-z]+)*)"/) {
                emitted.insert(String(match.1))
            }
        }
        // Both forms are found: `rule: "encoding"` and `warn(\n "missing-vtimezone"`.
        #expect(emitted.isSuperset(of: ["encoding", "missing-vtimezone", "unsupported-recurrence"]))
        #expect(emitted.subtracting(RuleCatalogue.standard.names).sorted() == [])
    }

    @Test func closeNamesAreProposedForATypo() {
        let catalogue = RuleCatalogue.standard
        #expect(catalogue.closest(to: "room-clsh") == ["room-clash"])
        #expect(catalogue.closest(to: "ROOM_CLASH") == ["room-clash"])
        #expect(catalogue.closest(to: "speaker-clashes") == ["speaker-clash"])
        #expect(catalogue.closest(to: "something-else") == [])
        #expect(catalogue.suggestion(for: "encodng") == "did you mean 'encoding'?")
    }
}
