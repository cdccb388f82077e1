import Foundation
import Testing

/// Inputs seen in real published feeds and crafted by a hostile user: each is read right or refused with a clear
/// message, never a crash, a hang, a forged calendar line or an invented time zone. The whole output of each run
/// is pinned in `Fixtures/hostile/<name>.expected` (`ATELIERS_RECORD=1` rewrites them, and the test then fails).
@Suite struct HostileInputTests {
    let commands = CommandLineTests()

    static let cases: [(name: String, arguments: [String])] = [
        ("real-feed", ["check", "real-feed.ics"]),
        ("latin1", ["check", "latin1.ics"]),
        ("bad-times", ["check", "bad-times.ics"]),
        ("secondly-zone", ["check", "secondly-zone.ics"]),
        ("end-before-begin", ["check", "end-before-begin.ics"]),
        ("nul", ["check", "nul.ics"]),
        ("fullwidth-digits", ["check", "--timezone", "Europe/Paris", "fullwidth-digits.txt"]),
        ("negative-hour", ["check", "--timezone", "Europe/Paris", "negative-hour.txt"]),
        ("hour-25", ["check", "--timezone", "Europe/Paris", "hour-25.txt"]),
        ("end-before-start", ["check", "--timezone", "Europe/Paris", "end-before-start.txt"]),
        ("february-31", ["check", "--timezone", "Europe/Paris", "february-31.txt"]),
        ("year-2600", ["check", "--timezone", "Europe/Paris", "year-2600.txt"]),
        ("zero-length", ["check", "--timezone", "Europe/Paris", "zero-length.txt"]),
        ("strict-dates", ["check", "--timezone", "Europe/Paris", "strict-dates.csv"]),
        ("url-injection", ["check", "--timezone", "Europe/Paris", "url-injection.csv"]),
        ("control-characters", ["check", "--timezone", "Europe/Paris", "control-characters.csv"]),
        ("utf16", ["check", "--timezone", "Europe/Paris", "utf16.csv"]),
        ("frab-numbers", ["check", "frab-numbers.xml"]),
        ("c3voc-numbers", ["check", "c3voc-numbers.json"]),
        ("alias-bomb", ["check", "alias-bomb.yaml"]),
        ("bad-zone", ["check", "bad-zone.yaml"]),
        ("unknown-timezone-option", ["check", "--timezone", "Mars/Olympus_Mons", "zero-length.txt"]),
        ("malicious-timezone-option", ["check", "--timezone", "../../etc/passwd", "zero-length.txt"]),
        // In every format (pages, YAML, CSV, frab XML, c3voc JSON, iCalendar, attendee picks): truncated files,
        // encodings, NUL bytes, long lines, deep nesting, expansion bombs, odd digits, dates and times that do not
        // exist, zones, recurrences and durations without end, ids and names that could name other files, names
        // that differ only by case or accents, and the count limits. A 50 MB file: `HostileLimitsTests`.
        ("truncated-yaml", ["check", "truncated-yaml.yaml"]),
        ("truncated-json", ["check", "truncated-json.json"]),
        ("truncated-attribute", ["check", "truncated-attribute.xml"]),
        ("truncated-mid-line", ["check", "truncated-mid-line.ics"]),
        ("truncated-quote", ["check", "--timezone", "Europe/Paris", "truncated-quote.csv"]),
        ("truncated-utf8", ["check", "--timezone", "Europe/Paris", "truncated-utf8.txt"]),
        ("truncated-picks", ["check", "picks-programme.yaml", "--attendees", "truncated-picks.csv"]),
        ("latin1-page", ["check", "--timezone", "Europe/Paris", "latin1-page.txt"]),
        ("latin1-csv", ["check", "--timezone", "Europe/Paris", "latin1-csv.csv"]),
        ("latin1-yaml", ["check", "latin1-yaml.yaml"]),
        ("latin1-picks", ["check", "picks-programme.yaml", "--attendees", "latin1-picks.csv"]),
        ("utf16le", ["check", "utf16le.ics"]),
        ("utf16be", ["check", "utf16be.yaml"]),
        ("utf16-no-bom", ["check", "--timezone", "Europe/Paris", "utf16-no-bom.csv"]),
        ("utf16-odd-length", ["check", "--timezone", "Europe/Paris", "utf16-odd-length.txt"]),
        ("utf16-lone-surrogate", ["check", "utf16-lone-surrogate.json"]),
        ("bom-only-txt", ["check", "--timezone", "Europe/Paris", "bom-only-txt.txt"]),
        ("bom-only-yaml", ["check", "bom-only-yaml.yaml"]),
        ("bom-only-csv", ["check", "--timezone", "Europe/Paris", "bom-only-csv.csv"]),
        ("bom-only-ics", ["check", "bom-only-ics.ics"]),
        ("bom-only-json", ["check", "bom-only-json.json"]),
        ("bom-only-xml", ["check", "bom-only-xml.xml"]),
        ("bom-only-utf16", ["check", "--timezone", "Europe/Paris", "bom-only-utf16.csv"]),
        ("bom-only-picks", ["check", "picks-programme.yaml", "--attendees", "bom-only-picks.csv"]),
        ("nul-page", ["check", "--timezone", "Europe/Paris", "nul-page.txt"]),
        ("nul-csv", ["check", "--timezone", "Europe/Paris", "nul-csv.csv"]),
        ("nul-yaml", ["check", "nul-yaml.yaml"]),
        ("nul-json", ["check", "nul-json.json"]),
        ("nul-xml", ["check", "nul-xml.xml"]),
        ("nul-picks", ["check", "picks-programme.yaml", "--attendees", "nul-picks.csv"]),
        ("nul-utf16", ["check", "--timezone", "Europe/Paris", "nul-utf16.csv"]),
        ("nul-reference", ["check", "nul-reference.xml"]),
        ("long-line-page", ["check", "--timezone", "Europe/Paris", "long-line-page.txt"]),
        ("long-line-csv", ["check", "--timezone", "Europe/Paris", "long-line-csv.csv"]),
        ("long-line-ics", ["check", "long-line-ics.ics"]),
        ("long-key", ["check", "long-key.yaml"]),
        ("long-line-json", ["check", "long-line-json.json"]),
        ("long-line-xml", ["check", "long-line-xml.xml"]),
        ("deep-flow", ["check", "deep-flow.yaml"]),
        ("deep-block", ["check", "deep-block.yaml"]),
        ("deep-json", ["check", "deep-json.json"]),
        ("deep-xml", ["check", "deep-xml.xml"]),
        ("deep-ics", ["check", "deep-ics.ics"]),
        ("entity-bomb", ["check", "entity-bomb.xml"]),
        ("external-entity", ["check", "external-entity.xml"]),
        ("unicode-digits-yaml", ["check", "--timezone", "Europe/Paris", "unicode-digits-yaml.yaml"]),
        ("unicode-digits-ics", ["check", "unicode-digits-ics.ics"]),
        ("unicode-digits-times", ["check", "--timezone", "Europe/Paris", "unicode-digits-times.csv"]),
        ("unicode-digits-json", ["check", "unicode-digits-json.json"]),
        ("superscript-digits", ["check", "--timezone", "Europe/Paris", "superscript-digits.txt"]),
        ("hour-25-csv", ["check", "--timezone", "Europe/Paris", "hour-25-csv.csv"]),
        ("hour-25-yaml", ["check", "--timezone", "Europe/Paris", "hour-25-yaml.yaml"]),
        ("end-before-start-csv", ["check", "--timezone", "Europe/Paris", "end-before-start-csv.csv"]),
        ("february-31-csv", ["check", "--timezone", "Europe/Paris", "february-31-csv.csv"]),
        ("february-31-yaml", ["check", "--timezone", "Europe/Paris", "february-31-yaml.yaml"]),
        ("year-0-page", ["check", "--timezone", "Europe/Paris", "year-0-page.txt"]),
        ("year-99999-page", ["check", "--timezone", "Europe/Paris", "year-99999-page.txt"]),
        ("year-0-99999-csv", ["check", "--timezone", "Europe/Paris", "year-0-99999-csv.csv"]),
        ("year-99999-yaml", ["check", "--timezone", "Europe/Paris", "year-99999-yaml.yaml"]),
        ("year-0-ics", ["check", "year-0-ics.ics"]),
        ("year-0-99999-json", ["check", "year-0-99999-json.json"]),
        ("year-99999-xml", ["check", "year-99999-xml.xml"]),
        ("dst-gap-page", ["check", "--timezone", "Europe/Paris", "dst-gap-page.txt"]),
        ("dst-gap-yaml", ["check", "dst-gap-yaml.yaml"]),
        ("dst-gap-ics", ["check", "dst-gap-ics.ics"]),
        ("dst-gap-csv", ["check", "--timezone", "Europe/Paris", "dst-gap-csv.csv"]),
        ("unknown-zone-ics", ["check", "unknown-zone-ics.ics"]),
        ("malicious-zone-ics", ["check", "malicious-zone-ics.ics"]),
        ("malicious-zone-json", ["check", "malicious-zone-json.json"]),
        ("unknown-zone-xml", ["check", "unknown-zone-xml.xml"]),
        ("unknown-zone-yaml", ["check", "unknown-zone-yaml.yaml"]),
        ("malicious-zone-yaml", ["check", "malicious-zone-yaml.yaml"]),
        ("crlf-timezone-option", ["check", "--timezone", "Europe/Paris\r\nX-INJECT:1", "zero-length.txt"]),
        ("secondly-event", ["check", "secondly-event.ics"]),
        ("durations", ["check", "durations.ics"]),
        ("ids-paths-yaml", ["check", "ids-paths-yaml.yaml"]),
        ("ids-paths-csv", ["check", "--timezone", "Europe/Paris", "ids-paths-csv.csv"]),
        ("ids-paths-ics", ["check", "ids-paths-ics.ics"]),
        ("ids-paths-json", ["check", "ids-paths-json.json"]),
        ("ids-paths-xml", ["check", "ids-paths-xml.xml"]),
        ("ids-picks-csv", ["check", "picks-programme.yaml", "--attendees", "ids-picks-csv.csv"]),
        ("ids-picks-yaml", ["check", "picks-programme.yaml", "--attendees", "ids-picks-yaml.yaml"]),
        ("case-accents-yaml", ["check", "--timezone", "Europe/Paris", "case-accents-yaml.yaml"]),
        ("case-accents-csv", ["check", "--timezone", "Europe/Paris", "case-accents-csv.csv"]),
        ("case-picks", ["check", "picks-programme.yaml", "--attendees", "case-picks.csv"]),
        ("too-many-windows", ["check", "too-many-windows.yaml"]),
        ("too-many-dates", ["check", "too-many-dates.yaml"]),
        // What the fuzzers found (fuzz/README.md): a crash in Foundation's XMLParser, a date search in O(n²), an
        // alias bomb that Yams hashed as a key.
        ("fuzz-frab-xml-processing-instruction", ["check", "fuzz-frab-xml-processing-instruction.xml"]),
        ("fuzz-frab-xml-processing-instruction-found", ["check", "fuzz-frab-xml-processing-instruction-found.xml"]),
        (
            "fuzz-page-written-date-backtracking",
            ["check", "--timezone", "Europe/Paris", "fuzz-page-written-date-backtracking.txt"]
        ),
        (
            "fuzz-page-written-date-timeout-found",
            ["check", "--timezone", "Europe/Paris", "fuzz-page-written-date-timeout-found.txt"]
        ),
        ("fuzz-csv-slow-title", ["check", "--timezone", "Europe/Paris", "fuzz-csv-slow-title.csv"]),
        ("alias-bomb-key", ["check", "alias-bomb-key.yaml"]),
    ]

    static let folder = "Tests/AteliersCLITests/Fixtures/hostile"

    /// The arguments with each file name (a word with a dot that is not an option) made a path from the root.
    static func resolved(_ arguments: [String]) -> [String] {
        arguments.map { $0.contains(".") && !$0.hasPrefix("-") ? "\(folder)/\($0)" : $0 }
    }

    @Test(arguments: cases)
    func theWholeOutputIsPinned(name: String, arguments: [String]) throws {
        let result = try commands.run(Self.resolved(arguments))
        let actual = "status: \(result.status)\n--- stdout\n\(result.stdout)--- stderr\n\(result.stderr)"
        let expectedPath = CommandLineTests.root.appendingPathComponent("\(Self.folder)/\(name).expected").path
        if ProcessInfo.processInfo.environment["ATELIERS_RECORD"] == "1" {
            try Data(actual.utf8).write(to: URL(fileURLWithPath: expectedPath))
            Issue.record("recorded \(name).expected; run again without ATELIERS_RECORD")
            return
        }
        let expected = (try? String(contentsOfFile: expectedPath, encoding: .utf8)) ?? "<missing \(name).expected>"
        #expect(actual == expected, "\(name)")
    }

    @Test func aRealFeedIsExportedWithEveryEventItsOwnUIDAndInstantsWithoutAnEnd() throws {
        let out = commands.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try commands.run(
            ["export", "\(Self.folder)/real-feed.ics", "--force", "--feeds", "all", "--out", out],
            environment: ["SOURCE_DATE_EPOCH": "1693526400"])
        #expect(result.status == 0)
        let all = try String(contentsOfFile: "\(out)/all.ics", encoding: .utf8)
        let unfolded = all.replacingOccurrences(of: "\r\n ", with: "")
        let uids = unfolded.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        #expect(
            uids == [
                "UID:46939@real.example", "UID:46939-2@real-feed", "UID:marker@real.example", "UID:46939-3@real-feed",
            ])
        // The character split by the producer's fold is whole again, and the bare CR is a line break.
        #expect(unfolded.contains("SUMMARY:Café des développeuses et des développeurs\\, une ligne bien plus longue"))
        #expect(unfolded.contains("DESCRIPTION:Première ligne\\nSeconde ligne\r\n"))
        #expect(all.contains("LOCATION:XOR\r\n"))
        // An instant and a zero-length marker: DTSTART alone (DTEND must be later than DTSTART, RFC 5545 §3.8.2.2).
        let doors = try #require(all.range(of: "SUMMARY:Doors close"))
        let doorsEvent = all[..<doors.lowerBound].components(separatedBy: "BEGIN:VEVENT").last ?? ""
        #expect(doorsEvent.contains("DTSTART;TZID=Europe/Paris:20230919T143000\r\n"))
        #expect(!doorsEvent.contains("DTEND"))
        #expect(all.components(separatedBy: "DTEND").count - 1 == 2)
    }

    @Test func aURLWithALineBreakNeverReachesTheFeed() throws {
        let out = commands.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try commands.run([
            "export", "\(Self.folder)/url-injection.csv", "--timezone", "Europe/Paris", "--feeds", "all", "--out", out,
        ])
        #expect(result.status == 0)
        let all = try String(contentsOfFile: "\(out)/all.ics", encoding: .utf8)
        #expect(all.components(separatedBy: "BEGIN:VEVENT").count == 2)
        // The session is titled "Forged"; the URL tried to add a VEVENT with `UID:forged`.
        #expect(all.components(separatedBy: "UID:").count == 2 && all.contains("UID:forged@ateliers\r\n"))
        #expect(!all.contains("UID:forged\r\n") && !all.contains("URL") && !all.contains("DTSTART:20230919T000000Z"))
    }

    @Test func controlCharactersNeverReachTheFeedNorTheTerminal() throws {
        let out = commands.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try commands.run([
            "export", "\(Self.folder)/control-characters.csv", "--timezone", "Europe/Paris", "--feeds", "all,room",
            "--out", out,
        ])
        #expect(result.status == 0)
        let all = try String(contentsOfFile: "\(out)/all.ics", encoding: .utf8)
        #expect(all.contains("SUMMARY:Bad[2J title\r\n"))
        #expect(all.contains("LOCATION:SalleA\r\n"))
        #expect(!all.unicodeScalars.contains { $0.value < 0x20 && $0 != "\r" && $0 != "\n" })
        let checked = try commands.run(["check", "\(Self.folder)/control-characters.csv", "--format", "text"])
        #expect(!checked.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test func instantsWithNoZoneArePublishedAsUTCAndDaysAreUTCDays() throws {
        let out = commands.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try commands.run(
            ["export", "Tests/AteliersTests/Fixtures/import/utc-feed.ics", "--out", out],
            environment: ["SOURCE_DATE_EPOCH": "1693526400"])
        #expect(result.status == 0)
        let all = try String(contentsOfFile: "\(out)/all.ics", encoding: .utf8)
        #expect(all.contains("DTSTART:20230919T093000Z\r\nDTEND:20230919T110000Z\r\n"))
        #expect(!all.contains("VTIMEZONE") && !all.contains("TZID") && !all.contains("X-WR-TIMEZONE"))
        #expect(FileManager.default.fileExists(atPath: "\(out)/day/2023-09-19.ics"))
        let checked = try commands.run([
            "check", "Tests/AteliersTests/Fixtures/import/utc-feed.ics", "--format", "json",
        ])
        #expect(checked.stdout.contains("\"timezone\": \"UTC\""))
        let paris = try commands.run([
            "export", "Tests/AteliersTests/Fixtures/import/utc-feed.ics", "--timezone", "Europe/Paris", "--force",
            "--out", out,
        ])
        #expect(paris.status == 0)
        let zoned = try String(contentsOfFile: "\(out)/all.ics", encoding: .utf8)
        #expect(zoned.contains("DTSTART;TZID=Europe/Paris:20230919T113000\r\n"))
    }
}
