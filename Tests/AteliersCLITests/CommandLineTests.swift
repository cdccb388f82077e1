import Foundation
import Testing

/// Runs the built `ateliers` executable as a user would, and checks output and exit status.
@Suite struct CommandLineTests {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL = CommandLineTests.root)
        throws -> Run
    {
        let process = Process()
        process.executableURL = Bundle.main.bundleURL.appendingPathComponent("ateliers")
        if !FileManager.default.fileExists(atPath: process.executableURL!.path) {
            process.executableURL = Self.root.appendingPathComponent(".build/debug/ateliers")
        }
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func fixture(_ name: String) -> String { "Tests/AteliersCLITests/Fixtures/\(name)" }

    func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ateliers-\(UUID().uuidString)").path
        return path
    }

    @Test func checkOnTheSeedsPassesWithTwoWarnings() throws {
        let result = try run(["check", "seeds/", "--timezone", "Europe/Paris"])
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("5 sessions (4 scheduled), 3 rooms, 11 people: 0 errors, 2 warnings\n"))
        // The pages name no zone: the check still compares their wall clocks, and says so once.
        let zoneless = try run(["check", "seeds/"])
        #expect(zoneless.status == 0)
        #expect(
            zoneless.stdout.contains(
                "seeds/000_668a57704ed9e0ae.txt:1: warning[no-timezone]: no source names the time zone: wall clocks"
                    + " are compared as written and daylight-saving changes were not checked; name it with --timezone"
                    + " ZONE or event.timezone in a YAML source (export needs it)\n"))
        #expect(zoneless.stdout.hasSuffix("0 errors, 3 warnings\n"))
        #expect(result.stdout.contains("seeds/000_668a57704ed9e0ae.txt:64: warning[missing-room]: "))
        #expect(result.stdout.contains("seeds/002_bdf40796f40c0eb5.txt:2: warning[unscheduled]: "))
        #expect(try run(["check", "--strict", "seeds/"]).status == 1)
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let result = try run(["check", "--format", "json", fixture("room-clash.yaml"), "--timezone", "Europe/Paris"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let programme = try #require(object["programme"] as? [String: Any])
        #expect(programme["sessions"] as? Int == 2)
        #expect(programme["scheduled"] as? Int == 2)
        #expect(programme["rooms"] as? Int == 1)
        #expect(programme["people"] as? Int == 0)
        #expect((object["summary"] as? [String: Int]) == ["errors": 1, "warnings": 0])
        let diagnostic = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["rule"] as? String == "room-clash")
        #expect(diagnostic["severity"] as? String == "error")
        #expect(diagnostic["room"] as? String == "Salle A")
        #expect(diagnostic["person"] is NSNull)
        #expect(diagnostic["start"] as? String == "2023-09-19T12:00:00+02:00")
        #expect(diagnostic["end"] as? String == "2023-09-19T12:30:00+02:00")
        #expect(diagnostic["pairs"] as? Int == 1)
        #expect(
            (diagnostic["sessions"] as? [[String: String]]) == [
                ["id": "s1", "title": "Un"], ["id": "s2", "title": "Deux"],
            ])
        let sources = (diagnostic["sources"] as? [[String: Any]] ?? []).map {
            "\($0["file"] ?? ""):\($0["line"] ?? "")"
        }
        #expect(sources == ["\(fixture("room-clash.yaml")):4", "\(fixture("room-clash.yaml")):5"])
    }

    @Test(arguments: [
        ("missing.yaml", "missing.yaml: error: no such file\n"),
        (
            "Tests/AteliersCLITests/Fixtures/empty.txt",
            "Tests/AteliersCLITests/Fixtures/empty.txt: error: the file is empty\n"
        ),
        (
            "Package.swift",
            "Package.swift: error: unknown format: expected .yaml or .yml (programme), .txt (programme page),"
                + " .ics (iCalendar), .csv (spreadsheet), .xml (frab schedule) or .json (c3voc schedule)\n"
        ),
        (
            "Tests/AteliersTests/Fixtures/import/truncated.ics",
            "Tests/AteliersTests/Fixtures/import/truncated.ics:4: error: BEGIN:VEVENT is never closed (the file ends"
                + " without END:VEVENT)\n"
        ),
        (
            "Tests/AteliersTests/Fixtures/import/truncated.xml",
            "Tests/AteliersTests/Fixtures/import/truncated.xml:22: error: malformed XML: the document ends inside"
                + " <slug> opened at line 22\n"
        ),
        (
            "Tests/AteliersTests/Fixtures/import/no-title.csv",
            "Tests/AteliersTests/Fixtures/import/no-title.csv:1: error: the header has no 'title' (or 'titre')"
                + " column; found: name, date, start, end\n"
        ),
    ])
    func unreadableInputIsOneLineAndStatusTwo(path: String, message: String) throws {
        let result = try run(["check", path])
        #expect(result.status == 2)
        #expect(result.stderr == message)
        #expect(result.stdout == "")
    }

    @Test func checkFindsRoomClashesInAPublishedCalendar() throws {
        let result = try run(["check", "Tests/AteliersTests/Fixtures/import/other-zone.ics"])
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(
                "Tests/AteliersTests/Fixtures/import/other-zone.ics:24: error[room-clash]: 'keynote' «Keynote» and"
                    + " 'panel' «Panel, in UTC» are both in Hall A at 2023-10-02 16:00–16:30 (30 min overlap)\n"))
        #expect(result.stdout.hasSuffix("5 sessions (5 scheduled), 2 rooms, 2 people: 1 error, 2 warnings\n"))
    }

    @Test func exportWritesFrabSchedulesThatMatchTheGoldenFiles() throws {
        let out = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        for (format, name) in [("frab-xml", "schedule.xml"), ("frab-json", "schedule.json")] {
            let result = try run(
                ["export", "seeds/", "examples/event.yaml", "--format", format, "--out", out],
                environment: ["SOURCE_DATE_EPOCH": "1693526400"])
            #expect(result.status == 0)
            #expect(
                result.stdout
                    == "wrote \(out)/\(name) (4 events in 1 day, 1 unscheduled or with an invalid time left out);"
                    + " check: 0 errors, 2 warnings\n")
            let golden = Self.root.appendingPathComponent("Tests/AteliersTests/Fixtures/golden/seeds-\(name)")
            #expect(
                try String(contentsOfFile: "\(out)/\(name)", encoding: .utf8)
                    == String(contentsOf: golden, encoding: .utf8))
        }
        #expect(!FileManager.default.fileExists(atPath: "\(out)/all.ics"))
    }

    @Test func malformedYAMLNamesTheLine() throws {
        let result = try run(["check", fixture("malformed.yaml")])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("\(fixture("malformed.yaml")):3:"))
        #expect(result.stderr.contains("error: malformed YAML"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func anEndBeforeItsStartIsAnInvalidTimeError() throws {
        let result = try run(["check", fixture("end-before-start.yaml")])
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(
                "\(fixture("end-before-start.yaml")):4: error[invalid-time]: 'a' «Late» ends at 2023-09-19 10:00,"
                    + " before its start at 2023-09-19 11:30"))
    }

    @Test func exportWritesNothingWhenTheCheckFindsErrorsUnlessForced() throws {
        let out = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let zoneless = try run(["export", fixture("room-clash.yaml"), "--out", out])
        #expect(zoneless.status == 2)
        #expect(
            zoneless.stderr
                == "\(fixture("room-clash.yaml")): error: no time zone: the sources give wall-clock times and name no"
                + " zone, and a feed cannot publish them (they would move for subscribers elsewhere); name it with"
                + " --timezone ZONE (an IANA id such as Europe/Paris) or event.timezone in a YAML source\n")
        let refused = try run(["export", fixture("room-clash.yaml"), "--timezone", "Europe/Paris", "--out", out])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.hasSuffix(
                "nothing written to \(out): the check found errors (use --force to write anyway)\n"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let forced = try run(
            ["export", fixture("room-clash.yaml"), "--timezone", "Europe/Paris", "--out", out, "--force"])
        #expect(forced.status == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/room/a.ics"))
    }

    @Test func exportIsByteIdenticalWithSourceDateEpoch() throws {
        let first = temporaryDirectory()
        let second = temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        let epoch = ["SOURCE_DATE_EPOCH": "1693526400"]
        let result = try run(["export", "seeds/", "examples/event.yaml", "--out", first], environment: epoch)
        #expect(result.status == 0)
        #expect(
            result.stdout.hasPrefix("wrote 11 feeds (4 events, ")
                && result.stdout.hasSuffix("1 unscheduled session left out; check: 0 errors, 2 warnings\n"))
        _ = try run(["export", "seeds/", "examples/event.yaml", "--out", second], environment: epoch)
        let files = try FileManager.default.subpathsOfDirectory(atPath: first).sorted()
        #expect(files.contains("index.json") && files.contains("all.ics") && files.contains("day/2023-09-19.ics"))
        for file in files where file.hasSuffix(".ics") || file.hasSuffix(".json") {
            #expect(
                FileManager.default.contents(atPath: "\(first)/\(file)")
                    == FileManager.default.contents(atPath: "\(second)/\(file)"), "\(file)")
        }
        let all = try String(contentsOfFile: "\(first)/all.ics", encoding: .utf8)
        #expect(all.contains("DTSTAMP:20230901T000000Z\r\n"))
        #expect(all.contains("UID:atelier-1@raict-2023\r\n"))
    }

    @Test func exportWithOnlySomeKindsAndAnUnknownKind() throws {
        let out = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try run(["export", "seeds/", "examples/event.yaml", "--out", out, "--feeds", "all,room"]).status == 0)
        let files = try FileManager.default.subpathsOfDirectory(atPath: out).filter { $0.hasSuffix(".ics") }.sorted()
        #expect(files == ["all.ics", "room/amphi-g-berger.ics", "room/salle-2.ics", "room/salle-l-armand-ouest.ics"])
        let bad = try run(["export", "seeds/", "--out", out, "--feeds", "all,rooms"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("unknown feed kind 'rooms'"))
    }

    @Test func importWritesYAMLThatChecksTheSame() throws {
        let out = temporaryDirectory() + ".yaml"
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try run(["import", "seeds/", "-o", out]).status == 0)
        let again = try run(["check", out])
        #expect(again.status == 0)
        // No zone in the pages, none invented in the YAML: the same three warnings, no-timezone among them.
        #expect(again.stdout.hasSuffix("5 sessions (4 scheduled), 3 rooms, 11 people: 0 errors, 3 warnings\n"))
    }

    @Test func theExamplesStayInStepWithTheTool() throws {
        let seeds = try run(["import", "seeds/", "examples/event.yaml"])
        #expect(seeds.status == 0)
        #expect(seeds.stdout == (try String(contentsOfFile: Self.root.path + "/examples/seeds.yaml", encoding: .utf8)))
        let annotated = try run(["check", "examples/annotated.yaml"])
        #expect(annotated.status == 0)
        #expect(annotated.stdout.hasSuffix("3 sessions (2 scheduled), 2 rooms, 4 people: 0 errors, 1 warning\n"))
    }

    @Test func personalAgendasAreCheckedAndWrittenOneFeedPerAttendee() throws {
        let checked = try run(["check", "seeds/", "--attendees", "examples/picks.csv"])
        #expect(checked.status == 0)
        #expect(
            checked.stdout.contains(
                "examples/picks.csv:4: warning[attendee-clash]: attendee 'paul-langevin' picked 'atelier-1'"))
        let fromYAML = try run(["check", "seeds/", "--attendees", "examples/picks.yaml"]).stdout
        #expect(
            fromYAML.contains(
                "examples/picks.yaml:11: warning[attendee-clash]: attendee 'paul-langevin' picked 'atelier-1'"))
        #expect(fromYAML.split(separator: "\n").last == checked.stdout.split(separator: "\n").last)
        let out = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let exported = try run([
            "export", "seeds/", "examples/event.yaml", "--attendees", "examples/picks.csv", "--out", out, "--alarm",
            "10",
        ])
        #expect(exported.status == 0)
        let marie = try String(contentsOfFile: out + "/attendee/marie-curie.ics", encoding: .utf8)
        #expect(marie.components(separatedBy: "BEGIN:VEVENT").count == 3)
        #expect(marie.contains("X-WR-CALNAME:Agenda of Marie Curie · Rencontres de l'action \r\n internationale des"))
        #expect(marie.contains("TRIGGER:-PT10M"))
        let index = try String(contentsOfFile: out + "/index.json", encoding: .utf8)
        #expect(index.contains("\"path\": \"attendee/paul-langevin.ics\""))
    }

    @Test func badPicksAreReportedAndNothingIsWritten() throws {
        let result = try run(["check", "seeds/", "--attendees", fixture("bad-picks.csv")])
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(
                "\(fixture("bad-picks.csv")):3: error[unknown-reference]: attendee 'marie' picks 'atelier-99', which names no session (by id or title)"
            ))
        #expect(
            result.stdout.contains(
                "\(fixture("bad-picks.csv")):4: warning[duplicate-pick]: attendee 'marie' picks 'atelier-1' again (first at line 2); counted once"
            ))
        let out = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(
            try run(["export", "seeds/", "examples/event.yaml", "--attendees", fixture("bad-picks.csv"), "--out", out])
                .status == 1)
        #expect(!FileManager.default.fileExists(atPath: out))
        let header = try run(["check", "seeds/", "--attendees", fixture("no-header.csv")])
        #expect(header.status == 2)
        #expect(
            header.stderr
                == "\(fixture("no-header.csv")):1: error: the header must name the columns 'attendee' and 'session' (found: who, what)\n"
        )
        let empty = try run(["check", "seeds/", "--attendees", fixture("empty.txt")])
        #expect(empty.status == 2)
        #expect(empty.stderr == "\(fixture("empty.txt")): error: the file is empty\n")
        let noAgendas = try run(["export", "seeds/", "--out", out, "--feeds", "attendee"])
        #expect(noAgendas.status == 64)
        #expect(noAgendas.stderr.contains("attendee feeds need --attendees FILE"))
    }

    @Test func theGeneratorWritesTheSameFilesForTheSameSeed() throws {
        let first = temporaryDirectory()
        let second = temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        let arguments = [
            "generate", "--sessions", "30", "--rooms", "5", "--days", "1", "--attendees", "50", "--picks", "4",
            "--seed", "9",
        ]
        #expect(try run(arguments + ["--out", first]).status == 0)
        #expect(try run(arguments + ["--out", second]).status == 0)
        for name in ["programme.yaml", "picks.csv", "answer-key.json"] {
            #expect(
                FileManager.default.contents(atPath: "\(first)/\(name)")
                    == FileManager.default.contents(atPath: "\(second)/\(name)"))
        }
        let checked = try run(["check", first + "/programme.yaml", "--attendees", first + "/picks.csv"])
        #expect(checked.status == 1)
        #expect(checked.stdout.contains("error[room-clash]"))
        #expect(checked.stdout.contains("error[speaker-clash]"))
    }

    @Test func republishingRaisesSequenceAndCancelsRemovedSessions() throws {
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var yaml = try String(contentsOfFile: Self.root.path + "/examples/annotated.yaml", encoding: .utf8)
        try yaml.write(toFile: folder + "/p.yaml", atomically: true, encoding: .utf8)
        let out = folder + "/feeds"
        #expect(
            try run(["export", folder + "/p.yaml", "--out", out], environment: ["SOURCE_DATE_EPOCH": "1000"]).status
                == 0)
        let first = try String(contentsOfFile: out + "/all.ics", encoding: .utf8)
        #expect(first.contains("UID:atelier-2@raict-2023\r\nDTSTAMP:19700101T001640Z\r\n"))
        // Unchanged input, later: identical bytes.
        #expect(
            try run(["export", folder + "/p.yaml", "--out", out], environment: ["SOURCE_DATE_EPOCH": "1000"]).status
                == 0)
        #expect(try String(contentsOfFile: out + "/all.ics", encoding: .utf8) == first)
        // atelier-2 moves to 14:00; atelier-1 is removed.
        yaml = yaml.replacingOccurrences(
            of: "    start: \"11:30\"\n    end: \"13:00\"\n    room: salle-2",
            with: "    start: \"14:00\"\n    end: \"15:00\"\n    room: salle-2")
        let removedStart = try #require(yaml.range(of: "  - id: atelier-1"))
        let removedEnd = try #require(yaml.range(of: "  - id: atelier-2"))
        yaml.removeSubrange(removedStart.lowerBound..<removedEnd.lowerBound)
        try yaml.write(toFile: folder + "/p.yaml", atomically: true, encoding: .utf8)
        let result = try run(["export", folder + "/p.yaml", "--out", out], environment: ["SOURCE_DATE_EPOCH": "2000"])
        #expect(result.stdout.hasPrefix("wrote 9 feeds (1 events, 1 cancelled, "))
        #expect(result.stdout.hasSuffix("check: 0 errors, 1 warning\n"))
        let second = try String(contentsOfFile: out + "/all.ics", encoding: .utf8)
        #expect(second.contains("DTSTART;TZID=Europe/Paris:20230919T140000\r\n"))
        #expect(second.contains("SEQUENCE:1\r\nLAST-MODIFIED:19700101T003320Z\r\nSTATUS:CONFIRMED\r\n"))
        #expect(second.contains("SUMMARY:Cancelled: L’action internationale"))
        #expect(second.contains("STATUS:CANCELLED\r\n"))
        let room = try String(contentsOfFile: out + "/room/amphi-g-berger.ics", encoding: .utf8)
        #expect(room.contains("STATUS:CANCELLED\r\n"))
        #expect(FileManager.default.fileExists(atPath: out + "/.ateliers/state.sqlite"))
    }
}
