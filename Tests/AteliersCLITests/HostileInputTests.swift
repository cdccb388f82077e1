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
    ]

    static let folder = "Tests/AteliersCLITests/Fixtures/hostile"

    @Test(arguments: cases)
    func theWholeOutputIsPinned(name: String, arguments: [String]) throws {
        let resolved = arguments.map { $0.contains(".") && !$0.hasPrefix("-") ? "\(Self.folder)/\($0)" : $0 }
        let result = try commands.run(resolved)
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
