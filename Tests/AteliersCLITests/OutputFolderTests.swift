import Foundation
import Testing

/// `export` and its output folder: nothing planted there is followed, only generated files are touched, an export
/// publishes all or nothing under a lock, and the folder is never read back as a source.
@Suite struct OutputFolderTests {
    let cli = CommandLineTests()
    let epoch = ["SOURCE_DATE_EPOCH": "1693526400"]
    let later = ["SOURCE_DATE_EPOCH": "1693612800"]

    /// A fresh folder holding a copy of `examples/annotated.yaml` as `p.yaml`.
    func workspace() throws -> String {
        let folder = cli.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: CommandLineTests.root.path + "/examples/annotated.yaml", toPath: folder + "/p.yaml")
        return folder
    }

    /// The bytes of a regular file; `nil` for anything else. Read with POSIX calls: Foundation's
    /// `contents(atPath:)` leaks a buffer on some files (an empty one, a folder), which LeakSanitizer reports.
    func contents(_ path: String) -> Data? {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return data }
            data.append(contentsOf: chunk[0..<count])
        }
    }

    func files(in folder: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: folder).sorted()
    }

    @Test func linksPlantedInTheFolderAreNeverWrittenThrough() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try "victim\n".write(toFile: folder + "/victim", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: out + "/all.ics", withDestinationPath: folder + "/victim")
        let file = try cli.run(["export", folder + "/p.yaml", "--out", out], environment: epoch)
        #expect(file.status == 2)
        #expect(
            file.stderr
                == "\(out)/all.ics: error: is a symbolic link; Ateliers does not write through links in its output"
                + " folder (remove it and export again)\n")
        #expect(contents(folder + "/victim") == Data("victim\n".utf8))
        // Nothing else was published either, and no temporary is left.
        #expect(try files(in: out) == [".ateliers", ".ateliers/lock", ".ateliers/state.sqlite", "all.ics"])

        try FileManager.default.removeItem(atPath: out + "/all.ics")
        try FileManager.default.createDirectory(atPath: folder + "/victimdir", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: out + "/room", withDestinationPath: folder + "/victimdir")
        let subfolder = try cli.run(["export", folder + "/p.yaml", "--out", out], environment: epoch)
        #expect(subfolder.status == 2)
        #expect(
            subfolder.stderr
                == "\(out)/room: error: is a symbolic link; Ateliers does not write through links in its output"
                + " folder (remove it and export again)\n")
        #expect(try files(in: folder + "/victimdir") == [])
        #expect(!FileManager.default.fileExists(atPath: out + "/all.ics"))
        #expect(!FileManager.default.fileExists(atPath: out + "/index.json"))
    }

    @Test func thePreviousIndexAloneNeverDecidesWhatIsTouched() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        #expect(try cli.run(["export", folder + "/p.yaml", "--out", out], environment: epoch).status == 0)
        let state = try #require(contents(out + "/.ateliers/state.sqlite"))
        let own = Data("BEGIN:VCALENDAR\r\nX-MINE:my own calendar\r\nEND:VCALENDAR\r\n".utf8)
        let gone = Data("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".utf8)
        try own.write(to: URL(fileURLWithPath: out + "/room/x.ics"))
        try gone.write(to: URL(fileURLWithPath: out + "/room/gone.ics"))
        try Data("notes\n".utf8).write(to: URL(fileURLWithPath: out + "/notes.txt"))
        try Data("outside\n".utf8).write(to: URL(fileURLWithPath: folder + "/x"))
        // An index listing files Ateliers never wrote, with any hash; and one feed it did write (matching hash).
        let index = """
            {"feeds": [
              {"kind": "all", "path": ".ateliers/state.sqlite", "hash": "0000000000000000"},
              {"kind": "all", "path": "../x", "hash": "0000000000000000"},
              {"kind": "all", "path": "notes.txt", "hash": "0000000000000000"},
              {"kind": "room", "path": "room/x.ics", "hash": "0000000000000000"},
              {"kind": "room", "path": "room/gone.ics", "hash": "\(fnv1a(gone))"}
            ], "unscheduled": 0}
            """
        try Data(index.utf8).write(to: URL(fileURLWithPath: out + "/index.json"))
        let result = try cli.run(["export", folder + "/p.yaml", "--out", out], environment: epoch)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("wrote 10 feeds (2 events, "))
        #expect(contents(out + "/room/x.ics") == own)
        #expect(contents(out + "/notes.txt") == Data("notes\n".utf8))
        #expect(contents(folder + "/x") == Data("outside\n".utf8))
        #expect(contents(out + "/.ateliers/state.sqlite")?.prefix(16) == state.prefix(16))
        // The feed a previous export wrote and the programme no longer has stays, empty.
        let retained = String(decoding: try #require(contents(out + "/room/gone.ics")), as: UTF8.self)
        #expect(retained.hasPrefix("BEGIN:VCALENDAR\r\n") && !retained.contains("BEGIN:VEVENT"))
        let written = String(decoding: try #require(contents(out + "/index.json")), as: UTF8.self)
        #expect(written.contains("\"path\": \"room/gone.ics\""))
        #expect(!written.contains("notes.txt") && !written.contains("room/x.ics") && !written.contains("state.sqlite"))
    }

    /// FNV-1a 64 in hex, as `index.json` lists it.
    func fnv1a(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test func anExportThatCannotWriteEveryFileChangesNothing() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        #expect(try cli.run(["export", folder + "/p.yaml", "--out", out], environment: epoch).status == 0)
        let before = try files(in: out).map { ($0, contents(out + "/" + $0)) }
        // A folder where a feed belongs: the files staged before it must not be published (all.ics comes first).
        try FileManager.default.removeItem(atPath: out + "/room/salle-2.ics")
        try FileManager.default.createDirectory(atPath: out + "/room/salle-2.ics", withIntermediateDirectories: true)
        let blocked = try cli.run(["export", folder + "/p.yaml", "--out", out], environment: later)
        #expect(blocked.status == 2)
        #expect(
            blocked.stderr
                == "\(out)/room/salle-2.ics: error: is not a regular file (a folder?) where Ateliers writes a feed;"
                + " remove it and export again\n")
        #expect(blocked.stdout == "")
        for (path, data) in before where path != "room/salle-2.ics" && !path.hasPrefix(".ateliers/state.sqlite") {
            #expect(contents(out + "/" + path) == data, "\(path)")
        }
        #expect(try files(in: out).filter { $0.contains("ateliers-tmp") } == [])
        // A file where a feed folder belongs.
        try FileManager.default.removeItem(atPath: out + "/room")
        try Data("not a folder\n".utf8).write(to: URL(fileURLWithPath: out + "/room"))
        let file = try cli.run(["export", folder + "/p.yaml", "--out", out], environment: later)
        #expect(file.status == 2)
        #expect(
            file.stderr
                == "\(out)/room: error: is not a folder (Ateliers writes feeds in it); remove it and export again\n")
        #expect(contents(out + "/all.ics") == before.first { $0.0 == "all.ics" }?.1)
        #expect(contents(out + "/index.json") == before.first { $0.0 == "index.json" }?.1)
        #expect(try files(in: out).filter { $0.contains("ateliers-tmp") } == [])
    }

    @Test func temporariesOfAKilledExportAreRemovedByTheNext() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        #expect(try cli.run(["export", folder + "/p.yaml", "--out", out], environment: epoch).status == 0)
        let leftovers = [".all.ics.ateliers-tmp-0123456789abcdef", "room/.salle-2.ics.ateliers-tmp-fedcba9876543210"]
        for name in leftovers { try Data("half".utf8).write(to: URL(fileURLWithPath: out + "/" + name)) }
        try Data("mine".utf8).write(to: URL(fileURLWithPath: out + "/.notes.ateliers-tmp-mine"))
        #expect(try cli.run(["export", folder + "/p.yaml", "--out", out], environment: epoch).status == 0)
        for name in leftovers { #expect(!FileManager.default.fileExists(atPath: out + "/" + name), "\(name)") }
        #expect(contents(out + "/.notes.ateliers-tmp-mine") == Data("mine".utf8))
    }

    @Test func aSecondExportIntoTheSameFolderWaitsThenSaysSo() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        try FileManager.default.createDirectory(atPath: out + "/.ateliers", withIntermediateDirectories: true)
        let lock = open(out + "/.ateliers/lock", O_RDWR | O_CREAT, 0o644)
        try #require(lock >= 0)
        try #require(flock(lock, LOCK_EX) == 0)
        let started = ContinuousClock.now
        let refused = try cli.run(
            ["export", folder + "/p.yaml", "--out", out],
            environment: epoch.merging(["ATELIERS_LOCK_WAIT_SECONDS": "0.5"]) { $1 })
        #expect(ContinuousClock.now - started >= .milliseconds(500))
        #expect(refused.status == 2)
        #expect(
            refused.stderr
                == "\(out): error: another export is writing to this folder (lock \(out)/.ateliers/lock);"
                + " try again when it finishes\n")
        #expect(!FileManager.default.fileExists(atPath: out + "/all.ics"))
        close(lock)
        let after = try cli.run(["export", folder + "/p.yaml", "--out", out], environment: epoch)
        #expect(after.status == 0)
    }

    @Test func twoExportsAtOnceBothSucceedOneAfterTheOther() async throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let arguments = ["export", folder + "/p.yaml", "--out", out]
        async let first = Task { try cli.run(arguments, environment: epoch) }.value
        async let second = Task { try cli.run(arguments, environment: later) }.value
        let results = try await [first, second]
        #expect(results.map(\.status) == [0, 0])
        #expect(results.map(\.stderr) == ["", ""])
        let index = String(decoding: try #require(contents(out + "/index.json")), as: UTF8.self)
        let all = try #require(contents(out + "/all.ics"))
        #expect(index.contains("\"path\": \"all.ics\", \"events\": 2, \"hash\": \"\(fnv1a(all))\""))
    }

    @Test(arguments: ["", "/feeds"])
    func theOutputFolderIsNotReadBackAsASource(subfolder: String) throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let arguments = ["export", folder, "--out", folder + subfolder]
        let first = try cli.run(arguments, environment: epoch)
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("wrote 9 feeds (2 events, "))
        let second = try cli.run(arguments, environment: epoch)
        #expect(second.status == 0)
        #expect(second.stdout == first.stdout)
        #expect(second.stderr == "")
    }

    @Test func anOutputThatIsAFileIsOneClearLine() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try cli.run(["export", folder + "/p.yaml", "--out", folder + "/p.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr == "\(folder)/p.yaml: error: --out is a file, not a folder\n")
        let generated = try cli.run(["generate", "--out", folder + "/p.yaml"])
        #expect(generated.status == 2)
        #expect(generated.stderr == "\(folder)/p.yaml: error: --out is a file, not a folder\n")
        let imported = try cli.run(["import", folder + "/p.yaml", "-o", folder])
        #expect(imported.status == 2)
        #expect(imported.stderr == "\(folder): error: --output is a folder, not a file\n")
        let unwritable = try cli.run(["import", folder + "/p.yaml", "-o", folder + "/p.yaml/x.yaml"])
        #expect(unwritable.status == 2)
        #expect(unwritable.stderr.hasPrefix("\(folder)/p.yaml/x.yaml: error: cannot write: "))
        #expect(!unwritable.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func stateFileErrorsSayWhatIsWrongWithoutSQLiteInternals() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notes = folder + "/notes.txt"
        try Data("not a database, but long enough to have a header of a hundred bytes or so..........\n".utf8)
            .write(to: URL(fileURLWithPath: notes))
        let text = try cli.run(["export", folder + "/p.yaml", "--out", folder + "/out", "--state", notes])
        #expect(text.status == 2)
        #expect(text.stderr == "\(notes): error: not an Ateliers state file (cannot read it as SQLite)\n")
        let directory = try cli.run(["export", folder + "/p.yaml", "--out", folder + "/out", "--state", folder])
        #expect(directory.status == 2)
        #expect(directory.stderr == "\(folder): error: is a folder, not an Ateliers state file\n")
        let missing = try cli.run([
            "export", folder + "/p.yaml", "--out", folder + "/out", "--state", folder + "/none/state.sqlite",
        ])
        #expect(missing.status == 2)
        #expect(
            missing.stderr
                == "\(folder)/none/state.sqlite: error: cannot open the state file (is its folder there and writable?)\n"
        )
    }

    @Test(arguments: [
        (
            ["export", "seeds/", "--out", "/tmp/unused", "--alarm", "-1"],
            "--alarm takes minutes from 0 to 10080 (a week)"
        ),
        (
            ["export", "seeds/", "--out", "/tmp/unused", "--keep-cancelled", "106751991167301"],
            "--keep-cancelled takes days from 0 to 3650 (ten years)"
        ),
        (
            ["export", "seeds/", "--out", "/tmp/unused", "--keep-cancelled", "-1"],
            "--keep-cancelled takes days from 0 to 3650 (ten years)"
        ),
        (
            ["generate", "--out", "/tmp/unused", "--rooms", "9223372036854775807"],
            "--rooms must be from 1 to 10000, not 9223372036854775807"
        ),
        (["generate", "--out", "/tmp/unused", "--sessions", "-5"], "--sessions must be from 1 to 100000, not -5"),
        (["generate", "--out", "/tmp/unused", "--days", "100000"], "--days must be from 1 to 366, not 100000"),
        (
            ["generate", "--out", "/tmp/unused", "--attendees", "9223372036854775807"],
            "--attendees must be from 0 to 1000000, not 9223372036854775807"
        ),
        (["generate", "--out", "/tmp/unused", "--picks", "-1"], "--picks must be from 0 to 1000, not -1"),
        (
            ["generate", "--out", "/tmp/unused", "--attendees", "1000000", "--picks", "1000"],
            "--attendees times --picks must be at most 10000000 (one line of picks.csv each)"
        ),
        (["generate", "--out", "/tmp/unused", "--seed", "-1"], "The value '-1' is invalid for '--seed <seed>'"),
    ])
    func everyCommandLineNumberIsBounded(arguments: [String], message: String) throws {
        let result = try cli.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: \(message)\n"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/unused"))
    }

    @Test(arguments: ["7258118401", "99999999999", "-1", "1e9", "+5"])
    func aSourceDateEpochOutsideItsYearsIsRefused(value: String) throws {
        let result = try cli.run(
            ["export", "seeds/", "examples/event.yaml", "--out", "/tmp/unused"],
            environment: ["SOURCE_DATE_EPOCH": value])
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "error: SOURCE_DATE_EPOCH='\(value)' is not a number of seconds since 1970 from 0 to 7258118400"
                + " (2200-01-01)\n")
    }
}
