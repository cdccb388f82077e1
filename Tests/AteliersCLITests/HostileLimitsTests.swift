import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What hostile input may cost: no input crashes `ateliers` or takes more than a second or 200 MB, and a file far
/// too big to be a programme is refused with one line, without being read as text.
@Suite struct HostileLimitsTests {
    let commands = CommandLineTests()

    /// What one run of `ateliers` cost, as GNU time tells it: this child's own usage, not that of the processes
    /// the other tests run at the same time.
    struct Cost {
        var status: Int32
        /// The signal that ended the process (a crash), or 0.
        var signal: Int32
        var wallSeconds: Double
        var cpuSeconds: Double
        var peakBytes: Int
    }

    static let memoryLimit = 200 << 20
    /// The CPU a run may take: a second, what the input itself costs.
    static let cpuLimit = 1.0
    /// The wall clock a run may take. The target is a second, but the tests run the debug build on a 2-core CI
    /// machine while the other suites run their own processes in parallel, so a run may wait for a core that long
    /// again and more: 3 seconds. Memory does not depend on the load, so its limit is kept strictly.
    static let wallLimit = 3.0

    static var executable: String {
        let bundled = Bundle.main.bundleURL.appendingPathComponent("ateliers").path
        if FileManager.default.fileExists(atPath: bundled) { return bundled }
        return CommandLineTests.root.appendingPathComponent(".build/debug/ateliers").path
    }

    /// Runs `ateliers` with its output thrown away, and measures it through GNU time.
    ///
    /// Not with `wait4(2)` on a process spawned from here: on Linux a child's peak memory starts from its parent's
    /// at `fork` or `posix_spawn` (the kernel copies the high-water mark), and this test process holds hundreds of
    /// megabytes once the other suites have run. `time` is small, so the peak it reports is the child's own.
    func measure(_ arguments: [String]) throws -> Cost {
        #if os(Linux)
            var actions = posix_spawn_file_actions_t()
        #else
            var actions: posix_spawn_file_actions_t?
        #endif
        let report = commands.temporaryDirectory() + ".time"
        defer { try? FileManager.default.removeItem(atPath: report) }
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let command = [Self.time, "-f", "%M %U %S", "-o", report, Self.executable] + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, Self.time, &actions, nil, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let elapsed = (clock.now - start).components
        // "Command terminated by signal N" (a crash) or "exited with non-zero status N", then "KB user system".
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
        let signal = lines.first { $0.hasPrefix("Command terminated by signal ") }.flatMap {
            Int32($0.split(separator: " ").last!)
        }
        let figures = try #require(lines.last?.split(separator: " ").compactMap { Double($0) })
        try #require(figures.count == 3, "time reported \(lines)")
        return Cost(
            status: signal == nil ? (status >> 8) & 0xFF : 0, signal: signal ?? 0,
            wallSeconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18,
            cpuSeconds: figures[1] + figures[2], peakBytes: Int(figures[0]) * 1024)
    }

    /// GNU time, which `make deps` installs.
    static let time = "/usr/bin/time"

    func expectWithinLimits(_ cost: Cost, _ name: String) {
        #expect(cost.signal == 0, "\(name): ended by signal \(cost.signal)")
        #expect(cost.peakBytes < Self.memoryLimit, "\(name): \(cost.peakBytes >> 20) MB at its peak")
        #expect(cost.cpuSeconds < Self.cpuLimit, "\(name): \(cost.cpuSeconds) s of CPU")
        #expect(cost.wallSeconds < Self.wallLimit, "\(name): \(cost.wallSeconds) s")
    }

    /// Every pinned hostile case, one after the other (each is one process; the suites around run in parallel).
    @Test func everyHostileInputAnswersWithinASecondAnd200MB() throws {
        let root = CommandLineTests.root.path
        for (name, arguments) in HostileInputTests.cases {
            let absolute = HostileInputTests.resolved(arguments).map {
                $0.hasPrefix(HostileInputTests.folder) ? "\(root)/\($0)" : $0
            }
            expectWithinLimits(try measure(absolute), name)
        }
    }

    /// A 50 MB file (not committed: written here) that is not text: a feed whose download was preallocated and
    /// never filled, its first lines then NUL bytes. It is refused at the first NUL, with its line.
    @Test func aFiftyMegabyteFileOfNULBytesIsRefusedWithOneLine() throws {
        let folder = commands.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/feed.ics"
        var data = Data("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n".utf8)
        data.append(Data(count: (50 << 20) - data.count))
        try data.write(to: URL(fileURLWithPath: path))
        let result = try commands.run(["check", path])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(
            result.stderr == "\(path):3: error: a NUL byte: this is not a text file (UTF-16 needs a byte-order mark)\n")
        expectWithinLimits(try measure(["check", path]), "50 MB of NUL bytes")
    }

    /// A file over the size limit (a sparse 300 MB file: no disk used) is refused from its size, before a byte is
    /// read: reading up to the limit first took 256 MB of memory.
    @Test func aFileOverTheSizeLimitIsRefusedWithoutReadingIt() throws {
        let folder = commands.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/programme.yaml"
        try Data("sessions: []\n".utf8).write(to: URL(fileURLWithPath: path))
        try #require(truncate(path, 300 << 20) == 0)
        let result = try commands.run(["check", path])
        #expect(result.status == 2)
        #expect(result.stderr == "\(path): error: the file is larger than 256 MB (limit)\n")
        expectWithinLimits(try measure(["check", path]), "a 300 MB file")
    }

    /// The date search once tried every letter of a long word as the start of a weekday: a 16 KB `Horaire :`
    /// line took 17 s. A 256 KB one (not committed: written here) is read at the cost of its bytes.
    @Test func aLongWordInADateLineIsReadInLinearTime() throws {
        let folder = commands.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/page.txt"
        let word = String(repeating: "x", count: 1 << 18)
        try Data("Atelier\n\nHoraire : 19 septembre 202 \(word) 2023, de 11h30 à 13h00\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        let result = try commands.run(["check", "--timezone", "Europe/Paris", path])
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(
                "\(path):3: error[invalid-time]: the page gives a time but no date: expected '19 septembre 2023, de"
                    + " 11h30 à 13h00'\n"))
        expectWithinLimits(try measure(["check", "--timezone", "Europe/Paris", path]), "a 256 KB word in a date")
    }

    /// Yams hashes each mapping key whole to look for duplicates, and a key that is an alias bomb (`? *i`) would
    /// hash 9⁹ nodes, about a minute: the reader counts the aliases from libyaml's events first.
    @Test
    func anAliasBombUsedAsAKeyIsRefusedAtOnce() throws {
        let path = "\(HostileInputTests.folder)/alias-bomb-key.yaml"
        let result = try commands.run(["check", path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("\(path):5: error: YAML aliases expand the document beyond "))
        expectWithinLimits(try measure(["check", "\(CommandLineTests.root.path)/\(path)"]), "alias-bomb-key")
    }

    /// The zone folder holds the machine's own zone (`localtime`, `posixrules`) beside the database's: never a
    /// programme's zone.
    @Test
    func theMachinesZoneIsNotATimeZoneID() throws {
        for zone in ["localtime", "posixrules"] {
            let result = try commands.run([
                "check", "--timezone", zone, "\(HostileInputTests.folder)/zero-length.txt",
            ])
            #expect(result.status == 2)
            #expect(
                result.stderr
                    == "error: --timezone: unknown time zone '\(zone)': expected an IANA id such as Europe/Paris\n")
        }
    }
}
