import Foundation
import ICal
import Testing

@testable import Ateliers

/// The rules every reader keeps: bytes decoded as producers write them, text cleaned once, URLs validated, numbers
/// and years bounded, zone work proportional to the years used.
@Suite struct InputTrustTests {
    @Test func aFoldInsideAUTF8CharacterIsMendedAndKeepsTheLineCount() throws {
        // "é" is C3 A9; the producer folded between the two bytes.
        let bytes: [UInt8] = Array("SUMMARY:Caf".utf8) + [0xC3, 0x0D, 0x0A, 0x20, 0xA9] + Array(" fin\r\n".utf8)
        let decoded = try TextDecoding.decode(bytes, file: "f.ics", foldedLines: true)
        #expect(decoded.text == "SUMMARY:Café\r\n  fin\r\n")
        #expect(decoded.warning == nil)
        // Not an iCalendar file: no mending, Windows-1252 with a warning on the line of the first odd byte.
        let latin = try TextDecoding.decode(Array("a\n".utf8) + [0x80, 0x20, 0xE9], file: "f.csv", foldedLines: false)
        #expect(latin.text == "a\n€ é")
        #expect(latin.warning?.rule == "encoding")
        #expect(latin.warning?.sources == [SourceLocation(file: "f.csv", line: 2)])
    }

    @Test func utf16WithAByteOrderMarkIsReadAndANulIsRefusedOnItsLine() throws {
        let units: [UInt8] = Array("title\nRéunion\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf16: [UInt8] = [0xFF, 0xFE] + units
        #expect(try TextDecoding.decode(utf16, file: "u.csv", foldedLines: false).text == "title\nRéunion\n")
        #expect(
            throws: InputError(
                file: "n.csv", line: 2, message: "a NUL byte: this is not a text file (UTF-16 needs a byte-order mark)")
        ) {
            _ = try TextDecoding.decode(Array("a\nb\u{0}c".utf8), file: "n.csv", foldedLines: false)
        }
    }

    @Test func oneCleaningRuleForEveryOutput() {
        #expect(CleanText.cleaned("Bad\u{1B}[2J\u{7} title", singleLine: true) == ("Bad[2J title", "\u{1B}"))
        #expect(CleanText.cleaned("a\r\nb\rc\td\u{0}", singleLine: false) == ("a\nb\nc\td", "\u{0}"))
        #expect(CleanText.cleaned("Deux\nlignes", singleLine: true) == ("Deux lignes", nil))
        #expect(CleanText.cleaned("x\u{FFFE}y\u{FFFF}\u{85}", singleLine: true) == ("xy", "\u{FFFE}"))
        #expect(CleanText.cleaned("Réunion – café", singleLine: true) == ("Réunion – café", nil))
        #expect(CleanText.printable("a\u{1B}[2J\nb") == "a\\u{1B}[2J\\u{A}b")
    }

    /// The byte scan that lets clean text through untouched agrees with the rule on every scalar it could
    /// disagree on: each two-byte scalar, the non-character blocks and the last 32 scalars of every plane.
    @Test func theByteScanFindsExactlyTheScalarsCleaningRemoves() {
        var scalars = Array(0x00...0x7FF)
        scalars += Array(0xFDC0...0xFDFF) + Array(0xFFE0...0xFFFF) + [0x2028, 0x00B7, 0x00AB, 0x00A0, 0xE9, 0x1F600]
        for plane in 1...16 { scalars += Array((plane << 16 | 0xFFE0)...(plane << 16 | 0xFFFF)) }
        var disagreements: [String] = []
        for value in scalars {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            for singleLine in [true, false] {
                let text = "a\(Character(scalar))b"
                let expected =
                    CleanText.isRemoved(scalar) && !(!singleLine && (scalar == "\t" || scalar == "\n"))
                if CleanText.needsCleaning(text, singleLine: singleLine) != expected {
                    disagreements.append("U+\(String(value, radix: 16)) singleLine: \(singleLine)")
                }
            }
        }
        #expect(disagreements == [])
        #expect(!CleanText.needsCleaning("Intervenant·e «Salle A» – café", singleLine: true))
        #expect(CleanText.needsCleaning("tab\there", singleLine: true))
        #expect(!CleanText.needsCleaning("tab\there\nand a line", singleLine: false))
    }

    @Test(
        arguments: [
            ("https://example.org/talk?id=1#x", "https://example.org/talk?id=1#x"),
            (" HTTP://example.org ", "HTTP://example.org"),
            ("http://x.org/\r\nBEGIN:VEVENT", nil),
            ("javascript:alert(1)", nil),
            ("ftp://example.org", nil),
            ("http://", nil),
            ("http://exa mple.org", nil),
            ("https://[::1]:8080/a", "https://[::1]:8080/a"),
            ("http://a\"onmouseover=x", nil),
        ] as [(String, String?)])
    func onlyWebURLsAreKept(text: String, expected: String?) {
        #expect(CleanText.webURL(text) == expected)
    }

    @Test func zoneRulesAreSampledForTheYearsUsedOnlyAndBoundedAndCached() async throws {
        let library = ICalLibrary.shared
        // 2023 and 2199: two blocks of three years, not 177 years day by day. (A zone no other test asks for:
        // rules are cached per zone for the whole process, and extended when more years are asked for.)
        let rules = try await library.timeZoneRules(identifier: "Australia/Sydney", years: [2023, 2199])
        #expect(rules.transitions.count == 12)
        #expect(rules.resolve(WallClock(year: 2199, month: 7, day: 1, hour: 12)).instant == 7_242_228_000)
        #expect(try await library.timeZoneRules(identifier: "Australia/Sydney", years: [2199]) == rules)
        let more = try await library.timeZoneRules(identifier: "Australia/Sydney", years: [2100])
        #expect(more.transitions.count == 18)
        #expect(try await library.timeZoneRules(identifier: "Australia/Sydney", years: [2023, 2199]) == more)
        await #expect(throws: ICalError("year 2600 is outside 1900…2200")) {
            _ = try await library.timeZoneRules(identifier: "Europe/Paris", years: [2023, 2600])
        }
        #expect(try await library.timeZoneRules(identifier: "UTC", years: [2023]) == TimeZoneRules.utc)
        #expect(await !library.knowsTimeZone("../../etc/passwd"))
    }

    @Test func anAliasBombIsRefusedBeforeItIsWalked() throws {
        var lines = [#"a: &a ["x","x","x","x","x","x","x","x","x"]"#]
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            lines.append(
                "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        #expect(
            throws: InputError(
                file: "b.yaml", line: 5,
                message:
                    "YAML aliases expand the document beyond 10162 nodes (limit: half a node per byte; an alias bomb?)")
        ) {
            _ = try YAMLProgrammeImporter().read(path: "b.yaml", text: lines.joined(separator: "\n") + "\n")
        }
    }

    @Test func instantsAndZeroLengthSessionsNeverClash() async throws {
        var programme = programme([("talk", "a", "10:00", "11:00", ["Ada"]), ("mark", "a", "10:30", "10:30", ["Ada"])])
        programme.event.timeZone = "Europe/Paris"
        let context = CheckContext(programme: programme, zone: try await paris())
        #expect(context.scheduled.count == 2)
        #expect(ProgrammeCheck().run(context).map(\.rule) == [])
        let feeds = await FeedRenderer().render(context, plan: FeedPlan(context, kinds: [.all]), stamp: 0)
        let text = feeds.text(of: 0)
        #expect(text.contains("DTSTART;TZID=Europe/Paris:20230919T103000\r\nSUMMARY:Session mark\r\n"))
    }

    @Test func aStartEqualToTheEndInAHandWrittenSourceIsAWarning() throws {
        let yaml = """
            sessions:
              - {id: s, title: T, date: "2023-09-19", start: "11:00", end: "11:00"}
            """
        let result = try YAMLProgrammeImporter().read(path: "z.yaml", text: yaml)
        #expect(result.diagnostics.map(\.rule) == ["zero-length"])
        #expect(result.programme.sessions.first?.slot?.start == result.programme.sessions.first?.slot?.end)
    }

    @Test(
        arguments: [
            ("2023-09-19", "2023-09-19"), ("-2023-09-19", nil), ("12023-09-19", nil), ("2023-09-1999", nil),
            ("19/09/2023", "2023-09-19"), ("le 19/09/2023 matin", "2023-09-19"), ("１９/09/2023", nil),
            ("mardi 19 septembre 2023", "2023-09-19"),
        ] as [(String, String?)])
    func datesMustStandAlone(text: String, expected: String?) {
        let found = FrenchDateTime.findDate(in: text).map { LocalDate(year: $0.year, month: $0.month, day: $0.day) }
        #expect(found?.description == expected)
    }

    /// The written-date scan against the regular expression it replaced (quadratic on long words), on random
    /// texts made of the pieces that matter: words, weekdays and months, `1er`, digit runs, spaces, dots.
    @Test func theWrittenDateScanFindsWhatThePatternFound() {
        let pattern = #/(?:([a-z]+)\s+)?([0-9]{1,2})(?:er)?\s+([a-z]+)\.?\s+([0-9]{4})/#
        let pieces = [
            "mardi", "le", "septembre", "sept", "x", "1", "19", "123", "2023", "20234", "er", "1er", " ", " ", " ",
            ".", ",", "-", "/", "é", "e\u{301}", "Mai", "\t",
        ]
        var random = SplitMix64(seed: 5)
        var found = 0
        for _ in 0..<20_000 {
            func pick(_ choices: [String]) -> String { choices[Int(random.nextUInt64() % UInt64(choices.count))] }
            // Pieces of a date, each one sometimes something else, between random pieces.
            var text = ""
            for _ in 0..<Int(random.nextUInt64() % 3 + 1) {
                text += pick(pieces) + pick(["", "mardi ", "le ", "x", "5"]) + pick(["1", "19", "123", "x", ""])
                text +=
                    pick(["", "er", "e"]) + pick([" ", "  ", "", "\t"]) + pick(["septembre", "mai", "x", "1", "É"])
                text += pick(["", ".", ","]) + pick([" ", "", "  "]) + pick(["2023", "202", "20234", "x"])
            }
            text += pick(pieces)
            var expected: [String] = []
            for match in text.matches(of: pattern) {
                expected.append(
                    "\(match.1 ?? "-")|\(match.2)|\(match.3)|\(match.4)@\(match.range.lowerBound.utf16Offset(in: text))"
                )
            }
            var actual: [String] = []
            var from = text.startIndex
            while let match = FrenchDateTime.writtenDate(in: text, from: from) {
                actual.append(
                    "\(match.weekday ?? "-")|\(match.day)|\(match.month)|\(match.year)@\(match.range.lowerBound.utf16Offset(in: text))"
                )
                from = match.range.upperBound
            }
            #expect(actual == expected, "\(text.debugDescription)")
            if actual != expected { break }
            found += expected.count
        }
        #expect(found > 100, "\(found) dates in the random texts")
    }

    /// Names without an ASCII letter or digit once all had the id `""`, and their rooms were merged into one.
    @Test func namesWithoutASCIILettersGetIDsOfTheirOwn() {
        #expect(TextKey.identifier("Salle 1", kind: "room") == "salle-1")
        #expect(TextKey.identifier("Зал 2", kind: "room") == "2")
        let ids = ["日本", "Зал", "../..", "/", "»«"].map { TextKey.identifier($0, kind: "room") }
        #expect(Set(ids).count == 5)
        #expect(ids.allSatisfy { $0.wholeMatch(of: /room-[0-9a-f]{8}/) != nil }, "\(ids)")
        #expect(TextKey.identifier("日本", kind: "track") == "track-" + ids[0].dropFirst(5))
    }

    @Test func jsonStringsEscapeQuotesBackslashesAndControlsOnly() {
        #expect(
            JSONValue.quote("a\"b\\c\n\r\t\u{1}\u{1F}\u{7F} é日🎉")
                == #""a\"b\\c\n\r\t\u0001\u001f\#u{7F} é日🎉""#)
        #expect(JSONValue.quote("plain") == #""plain""#)
    }

    @Test func strictNumbersInSchedules() {
        #expect(ScheduleBuilder.minutes("01:30") == 90)
        #expect(ScheduleBuilder.minutes("153722867280912930:07") == nil)
        #expect(ScheduleBuilder.minutes("+1:30") == nil)
        #expect(ScheduleBuilder.minutes("24000:00") == 1_440_000)
        #expect(ScheduleBuilder.minutes("24001:00") == nil)
        #expect(ScheduleBuilder.instant("2023-09-19T11:30:00+02:00") == 1_695_115_800)
        #expect(ScheduleBuilder.instant("2023-09-19T11:30:00+99:99") == nil)
        #expect(ScheduleBuilder.instant("2023-02-31T11:30:00Z") == nil)
        #expect(ScheduleBuilder.instant("9999-09-19T11:30:00Z") == nil)
        #expect(LocalTime(text: "+1:30") == nil)
        #expect(LocalDate(iso: "2023-+9-19") == nil)
    }
}
