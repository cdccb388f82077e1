import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What an export leaves when it is killed, or cannot write: every feed in the folder is the previous complete
/// calendar or the new one, never a part of one, and the next export succeeds and ends where an export that was
/// never interrupted ends.
@Suite(.serialized) struct CrashSafetyTests {
    let cli = CommandLineTests()
    let epoch = ["SOURCE_DATE_EPOCH": "1693526400"]

    /// A generated programme (300 sessions, 100 attendees with 5 picks each) and a second version of it: a room
    /// removed (its feed becomes stale), its sessions moved to another, and a title changed.
    struct Versions {
        let folder: String
        var first: String { folder + "/v1.yaml" }
        var second: String { folder + "/v2.yaml" }
        var picks: String { folder + "/picks.csv" }
    }

    func versions() throws -> Versions {
        let folder = cli.temporaryDirectory()
        let generated = try cli.run([
            "generate", "--sessions", "300", "--rooms", "6", "--days", "2", "--attendees", "100", "--picks", "5",
            "--seed", "7", "--out", folder,
        ])
        try #require(generated.status == 0)
        let first = try String(contentsOfFile: folder + "/programme.yaml", encoding: .utf8)
        let room = "- id: salle-6\n  name: Salle 6\n  capacity: 200\n"
        try #require(first.contains(room) && first.contains("title: 'Atelier 1 :"))
        let second = first.replacingOccurrences(of: room, with: "")
            .replacingOccurrences(of: "room: salle-6\n", with: "room: salle-5\n")
            .replacingOccurrences(of: "title: 'Atelier 1 :", with: "title: 'Atelier un :")
        try Data(first.utf8).write(to: URL(fileURLWithPath: folder + "/v1.yaml"))
        try Data(second.utf8).write(to: URL(fileURLWithPath: folder + "/v2.yaml"))
        return Versions(folder: folder)
    }

    func exportArguments(_ source: String, _ versions: Versions, out: String) -> [String] {
        ["export", source, "--attendees", versions.picks, "--force", "--out", out]
    }

    /// Every regular file of the folder but the state store, by path, with its bytes.
    func snapshot(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder) where !path.hasPrefix(".ateliers") {
            if let data = OutputFolderTests().contents(folder + "/" + path) { files[path] = data }
        }
        return files
    }

    static func isTemporary(_ path: String) -> Bool {
        (path as NSString).lastPathComponent.contains(".ateliers-tmp-")
    }

    /// Starts an export and kills it with SIGKILL after `delay`.
    /// - Returns: whether the kill came before the export ended by itself.
    func killedExport(_ arguments: [String], after delay: Duration) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: HostileLimitsTests.executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(epoch) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let (seconds, attoseconds) = delay.components
        usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    /// Fifty exports of the second version over the first, each killed with SIGKILL at a random moment of its
    /// run: each feed is then the first version's bytes or the second's (a feed the second removes may still be
    /// there, whole), and the export that follows succeeds and leaves exactly what an uninterrupted one leaves.
    @Test func anExportKilledAtAnyMomentLeavesOnlyWholeCalendarsAndTheNextConverges() throws {
        let versions = try versions()
        defer { try? FileManager.default.removeItem(atPath: versions.folder) }
        let pristine = versions.folder + "/pristine"
        #expect(try cli.run(exportArguments(versions.first, versions, out: pristine), environment: epoch).status == 0)
        let old = try snapshot(pristine)
        // The reference: the second version exported over the first without interruption, timed.
        let reference = versions.folder + "/reference"
        try FileManager.default.copyItem(atPath: pristine, toPath: reference)
        let started = ContinuousClock.now
        let uninterrupted = try cli.run(exportArguments(versions.second, versions, out: reference), environment: epoch)
        let duration = ContinuousClock.now - started
        #expect(uninterrupted.status == 0)
        let new = try snapshot(reference)
        // The removed room's feed stays, emptied, so that subscribed calendars drop its events.
        #expect(old["room/salle-6.ics"] != nil && new["room/salle-6.ics"] != nil)
        #expect(old["room/salle-6.ics"] != new["room/salle-6.ics"])
        #expect(old["all.ics"] != new["all.ics"] && old["index.json"] != new["index.json"])

        // The kill moments: a fixed sequence (a linear congruential generator), so a failure can be replayed.
        var state: UInt64 = 13
        func nextThousandth() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % 1_000
        }
        var killedMidway = 0
        var mixed = 0
        for round in 0..<50 {
            let out = versions.folder + "/round-\(round)"
            try FileManager.default.copyItem(atPath: pristine, toPath: out)
            defer { try? FileManager.default.removeItem(atPath: out) }
            // From the start of the process to a little after the uninterrupted run's end; every other round in
            // its second half, where the renames are.
            let fraction = Double(nextThousandth()) / 900
            let delay = duration * (round.isMultiple(of: 2) ? fraction : 0.55 + fraction / 2)
            if try killedExport(exportArguments(versions.second, versions, out: out), after: delay) {
                killedMidway += 1
            }
            let left = try snapshot(out)
            var fromNew = 0
            var fromOld = 0
            for (path, data) in left where !Self.isTemporary(path) {
                if data == new[path] && data == old[path] {
                    continue
                } else if data == new[path] {
                    fromNew += 1
                } else if data == old[path] {
                    fromOld += 1
                } else {
                    Issue.record(
                        "round \(round): \(path) is neither the old nor the new calendar (\(data.count) bytes)")
                }
            }
            for path in old.keys where left[path] == nil && new[path] != nil {
                Issue.record("round \(round): \(path) is missing")
            }
            if fromNew > 0 && fromOld > 0 { mixed += 1 }
            let next = try cli.run(exportArguments(versions.second, versions, out: out), environment: epoch)
            #expect(next.status == 0, "round \(round): \(next.stderr)")
            let converged = try snapshot(out)
            #expect(converged == new, "round \(round): \(Set(converged.keys).symmetricDifference(new.keys).sorted())")
            if converged != new {
                for (path, data) in converged where new[path] != data {
                    Issue.record("round \(round): \(path) differs")
                }
                break
            }
        }
        print("SIGKILL: \(killedMidway) of 50 exports killed before they ended, \(mixed) folders left mixed")
        // The kills did land inside the runs (how many fell between two renames depends on the machine's speed).
        #expect(killedMidway >= 25, "\(killedMidway) of 50 exports killed before they ended")
    }

    /// A small tmpfs where the machine allows mounting one (root on Linux), else `nil`.
    func mountSmallFolder(bytes: Int) -> String? {
        #if os(Linux)
            guard getuid() == 0 else { return nil }
            let folder = cli.temporaryDirectory()
            guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil,
                mount("tmpfs", folder, "tmpfs", 0, "size=\(bytes),mode=0755") == 0
            else {
                try? FileManager.default.removeItem(atPath: folder)
                return nil
            }
            return folder
        #else
            return nil
        #endif
    }

    func unmount(_ folder: String) {
        #if os(Linux)
            umount2(folder, Int32(MNT_DETACH))
        #endif
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A disk that fills while the new feeds are staged: one clear line, and the previous feeds, index and state
    /// as they were; once there is room, the export succeeds.
    @Test func aFullDiskChangesNothingAndSaysSo() throws {
        let versions = try versions()
        defer { try? FileManager.default.removeItem(atPath: versions.folder) }
        // The first version's export takes about 1.8 MB with the store.
        guard let disk = mountSmallFolder(bytes: 4_000_000) else {
            Issue.record("cannot mount a tmpfs here (needs root on Linux): the disk-full case is not run")
            return
        }
        defer { unmount(disk) }
        let out = disk + "/out"
        let first = try cli.run(exportArguments(versions.first, versions, out: out), environment: epoch)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try snapshot(out)
        // Fill what is left but 300 KB: room for the store's journal, not for the new feeds.
        var statistics = statvfs()
        try #require(statvfs(disk, &statistics) == 0)
        let free = Int(statistics.f_bavail) * Int(statistics.f_frsize)
        try Data(count: max(0, free - 300_000)).write(to: URL(fileURLWithPath: disk + "/filler"))
        let full = try cli.run(exportArguments(versions.second, versions, out: out), environment: epoch)
        #expect(full.status == 2)
        #expect(full.stdout == "")
        #expect(full.stderr.hasSuffix(": error: cannot write: No space left on device\n"), "\(full.stderr)")
        print("disk full: \(full.stderr)", terminator: "")
        #expect(full.stderr.hasPrefix(out + "/"))
        #expect(try snapshot(out) == before)
        // Once there is room, the export gives what it gives when the disk never filled: the failed one left no
        // trace in the state store either (its SEQUENCE numbers would show it).
        try FileManager.default.removeItem(atPath: disk + "/filler")
        let roomy = try cli.run(exportArguments(versions.second, versions, out: out), environment: epoch)
        #expect(roomy.status == 0, "\(roomy.stderr)")
        let reference = versions.folder + "/reference"
        #expect(try cli.run(exportArguments(versions.first, versions, out: reference), environment: epoch).status == 0)
        #expect(try cli.run(exportArguments(versions.second, versions, out: reference), environment: epoch).status == 0)
        #expect(try snapshot(out) == snapshot(reference))
    }

    /// A folder that cannot be written (a read-only mount; for a user who is not root, a folder without write
    /// permission): one clear line, and the previous feeds untouched.
    @Test func aReadOnlyFolderChangesNothingAndSaysSo() throws {
        let versions = try versions()
        defer { try? FileManager.default.removeItem(atPath: versions.folder) }
        let mounted = mountSmallFolder(bytes: 8_000_000)
        let base = mounted ?? versions.folder
        defer { if let mounted { unmount(mounted) } }
        let out = base + "/out"
        #expect(try cli.run(exportArguments(versions.first, versions, out: out), environment: epoch).status == 0)
        let before = try snapshot(out)
        #if os(Linux)
            if let mounted {
                try #require(
                    mount("tmpfs", mounted, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), "size=8000000") == 0)
            } else {
                try #require(getuid() != 0, "root ignores permissions: a read-only folder needs a mount")
                for path in [out, out + "/.ateliers"] { chmod(path, 0o555) }
            }
        #else
            for path in [out, out + "/.ateliers"] { chmod(path, 0o555) }
        #endif
        let refused = try cli.run(exportArguments(versions.second, versions, out: out), environment: epoch)
        if mounted == nil { for path in [out, out + "/.ateliers"] { chmod(path, 0o755) } }
        #expect(refused.status == 2)
        #expect(refused.stdout == "")
        let reason = mounted == nil ? "Permission denied" : "Read-only file system"
        print("read-only: \(refused.stderr)", terminator: "")
        #expect(refused.stderr.hasPrefix(out + "/"), "\(refused.stderr)")
        #expect(refused.stderr.hasSuffix(": \(reason)\n"), "\(refused.stderr)")
        #expect(try snapshot(out) == before)
    }
}
