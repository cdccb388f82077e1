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

        @Option(help: "Number of sessions.") var sessions = 100
        @Option(help: "Number of parallel rooms.") var rooms = 10
        @Option(help: "Number of days.") var days = 2
        @Option(help: "Number of attendees.") var attendees = 1_000
        @Option(help: "Sessions each attendee picks.") var picks = 8
        @Option(help: "Random seed.") var seed: UInt64 = 1
        @Option(help: "Folder to write into.") var out: String

        func validate() throws {
            guard sessions >= 1, rooms >= 1, days >= 1, attendees >= 0, picks >= 0 else {
                throw ValidationError(
                    "--sessions, --rooms and --days must be at least 1; --attendees and --picks at least 0")
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
                        throw Failure.input("\(path.path): error: cannot write: \(error.localizedDescription)")
                    }
                }
                print(
                    "wrote \(out)/programme.yaml (\(sessions) sessions), \(out)/picks.csv (\(attendees) attendees), \(out)/answer-key.json"
                )
            }
        }
    }
}
