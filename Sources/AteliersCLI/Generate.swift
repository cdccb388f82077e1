import ArgumentParser
import Ateliers
import Foundation

extension AteliersCommand {
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a deterministic synthetic programme, attendee picks and the answer key of its clashes.",
            discussion: """
                Writes DIR/programme.yaml, DIR/picks.csv and DIR/answer-key.json. The same options and seed always \
                give the same files.
                """)

        @Option(parsing: .unconditional, help: "Number of sessions (1 to 100000).") var sessions = 100
        @Option(parsing: .unconditional, help: "Number of parallel rooms (1 to 10000).") var rooms = 10
        @Option(parsing: .unconditional, help: "Number of days (1 to 366).") var days = 2
        @Option(parsing: .unconditional, help: "Number of attendees (0 to 1000000).") var attendees = 1_000
        @Option(parsing: .unconditional, help: "Sessions each attendee picks (0 to 1000).") var picks = 8
        @Option(parsing: .unconditional, help: "Random seed (0 to \(UInt64.max)).") var seed: UInt64 = 1
        @Option(help: "Folder to write into.") var out: String

        func validate() throws {
            for (name, value, range) in [
                ("--sessions", sessions, 1...100_000), ("--rooms", rooms, 1...10_000), ("--days", days, 1...366),
                ("--attendees", attendees, 0...1_000_000), ("--picks", picks, 0...1_000),
            ] where !range.contains(value) {
                throw ValidationError(
                    "\(name) must be from \(range.lowerBound) to \(range.upperBound), not \(value)")
            }
            guard attendees * picks <= 10_000_000 else {
                throw ValidationError("--attendees times --picks must be at most 10000000 (one line of picks.csv each)")
            }
            guard sessions <= rooms * days * 40 else {
                throw ValidationError(
                    "\(sessions) sessions do not fit in \(rooms) rooms over \(days) days (40 slots a day at most)")
            }
        }

        func run() async throws {
            try await guarded {
                let output = ProgrammeGenerator(
                    .init(sessions: sessions, rooms: rooms, days: days, attendees: attendees, picks: picks, seed: seed)
                ).generate()
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
                    throw Failure.input("\(out): error: --out is a file, not a folder")
                }
                let files = [
                    ("programme.yaml", try YAMLProgrammeWriter.yaml(for: output.programme)),
                    ("picks.csv", output.picksCSV), ("answer-key.json", output.answerKey.rendered()),
                ]
                for (name, text) in files {
                    let path = URL(fileURLWithPath: out).appendingPathComponent(name)
                    do {
                        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                        try Data(text.utf8).write(to: path, options: .atomic)
                    } catch {
                        throw Failure.input("\(path.path): error: cannot write: \(writeFailure(error))")
                    }
                }
                print(
                    "wrote \(out)/programme.yaml (\(sessions) sessions), \(out)/picks.csv (\(attendees) attendees), \(out)/answer-key.json"
                )
            }
        }
    }
}
