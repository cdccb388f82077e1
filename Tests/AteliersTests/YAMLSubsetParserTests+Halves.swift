import Foundation
import Testing

@testable import Ateliers

/// Reading a large document's streamed sequence in two halves, on two cores, gives what one parser gives.
extension YAMLSubsetParserTests {
    /// A programme over ``YAMLSubsetParser/halvingThreshold``: `count` sessions of 12 lines each, the first on
    /// line 7, with `extra` inserted before the session whose index is `at`, and `after` after the sessions.
    static func largeProgramme(count: Int = 9_000, extra: String = "", at: Int = -1, after: String = "") -> String {
        var text = "event:\n  name: Grand congrès\n  timezone: Europe/Paris\nrooms:\n  - name: Salle A\nsessions:\n"
        for index in 0..<count {
            if index == at { text += extra }
            let day = 10 + index % 3
            text += """
                  - id: s\(index)
                    title: "Atelier n°\(index) : l’eau, « la ville »"
                    room: Salle A
                    date: 2026-06-\(day)
                    start: "\(10 + index % 8):00"
                    end: "\(10 + index % 8):30"
                    moderators:
                      - name: Personne \(index % 97)
                    description: |
                      Première ligne.
                        - pas un élément
                      Dernière ligne.

                """
        }
        return text + after
    }

    /// The items the two parsers handed over, in order, and the result.
    func halves(_ text: String) -> (
        result: Result<YAMLValue, YAMLSubsetParser.Unsupported>, items: [YAMLValue], used: Bool
    ) {
        var first: [YAMLValue] = []
        var second: [YAMLValue] = []
        let parsed = YAMLSubsetParser.parse(
            text, streaming: "sessions", into: { first.append($0) }, secondHalfInto: { second.append($0) })
        return (parsed.result, parsed.secondHalfUsed ? first + second : first, parsed.secondHalfUsed)
    }

    func oneParser(_ text: String) -> (result: Result<YAMLValue, YAMLSubsetParser.Unsupported>, items: [YAMLValue]) {
        var items: [YAMLValue] = []
        let result = YAMLSubsetParser.parse(text, streaming: "sessions") { items.append($0) }
        return (result, items)
    }

    @Test func aLargeSequenceReadInHalvesIsTheOneParsersSequence() throws {
        let text = Self.largeProgramme(after: "tracks:\n  - name: Eau\n")
        #expect(text.utf8.count > YAMLSubsetParser.halvingThreshold)
        let split = halves(text)
        let whole = oneParser(text)
        #expect(split.used)
        #expect(split.items.count == 9_000)
        #expect(split.items == whole.items)
        #expect(try split.result.get() == whole.result.get())
        // The marks count lines from the top of the text, in both halves.
        #expect(split.items.last?.mark == YAMLMark(line: 7 + 8_999 * 12, column: 5))
        #expect(split.items.last?["description"]?.mark.line == 7 + 8_999 * 12 + 8)
    }

    @Test func anIndentlessSequenceIsReadInHalvesToo() throws {
        let text = Self.largeProgramme().replacingOccurrences(of: "\n  ", with: "\n")
        let split = halves(text)
        #expect(split.used)
        #expect(split.items == oneParser(text).items)
        #expect(try split.result.get() == oneParser(text).result.get())
    }

    @Test func aGuessOutsideTheStreamedSequenceIsNotUsed() throws {
        // The sessions end early; the middle of the text is in another key's list at the same column.
        let sessions = Self.largeProgramme(count: 10)
        let rooms = (0..<40_000).map { "  - name: Salle \($0)\n" }.joined()
        let text = sessions + "tracks:\n" + rooms
        let split = halves(text)
        #expect(!split.used)
        #expect(split.items.count == 10)
        #expect(try split.result.get() == oneParser(text).result.get())
    }

    @Test(arguments: [
        // The session before it ends with a block scalar.
        ("a tab in the indentation", "\t- id: x\n", "a tab in a block scalar's indentation"),
        ("an anchor", "  - &a {id: x}\n", "a node that is not in the subset"),
        ("a line deeper than its list", "  - id: y\n   x: 1\n", "a line indented deeper than its list"),
    ])
    func whatTheSecondHalfCannotReadFailsAsOneParserFails(_ name: String, _ bad: String, _ reason: String) {
        let text = Self.largeProgramme(extra: bad, at: 7_000)
        let split = halves(text)
        let whole = oneParser(text)
        guard case .failure(let error) = split.result, case .failure(let expected) = whole.result else {
            Issue.record("\(name): read")
            return
        }
        #expect(error == expected, "\(name)")
        #expect(error.reason == reason, "\(name)")
        #expect(error.line == 7 + 7_000 * 12 + (name == "a line deeper than its list" ? 1 : 0), "\(name)")
    }

    @Test func whatTheFirstHalfCannotReadFailsFirst() {
        let text = Self.largeProgramme(extra: "  - id: x\n\tbad: 1\n", at: 10, after: "")
        guard case .failure(let error) = halves(text).result else {
            Issue.record("read")
            return
        }
        #expect(error == YAMLSubsetParser.Unsupported(line: 7 + 10 * 12 + 1, reason: "a tab in the indentation"))
    }

    @Test func sessionsReadInHalvesGiveTheProgrammeAndDiagnosticsInTheirOrder() throws {
        // A duplicate across the halves, one within the second half, and warnings and errors in both halves.
        let extraLate = """
              - {id: s3, title: Encore, date: 2026-06-11, start: "25:00", end: "10:00"}
              - {id: late, title: Tard}
              - {id: late, title: Tard, date: 2026-06-11, start: "11:00", end: "10:00"}
              - {id: after, title: Après, date: 2026-06-11, start: "11:00", end: "11:00"}

            """
        var text = Self.largeProgramme(extra: extraLate, at: 8_000)
        let fifth = try #require(text.range(of: "end: \"15:30\""))
        text.replaceSubrange(fifth, with: "end: \"15:00\"")
        #expect(halves(text).used)
        #expect(importerOutcome(text) == outcome(text, { try YAMLSubsetParser.parse(text).get() }))
        let result = try YAMLProgrammeImporter().read(path: "p.yaml", text: text)
        #expect(result.programme.sessions.count == 9_002)
        #expect(
            result.diagnostics.map(\.rule) == [
                "zero-length", "invalid-time", "duplicate-id", "duplicate-id", "zero-length",
            ])
        // The sixth session (s5) starts on line 67, its date on line 70.
        let late = 7 + 8_000 * 12
        #expect(result.diagnostics.map { $0.sources.map(\.line) } == [[70], [late], [late], [late + 2], [late + 3]])
    }
}
