import ArgumentParser
import Ateliers
import Foundation

extension AteliersCommand {
    struct Suggest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose the smallest changes that resolve room and speaker clashes and give rooms to sessions"
                + " without one.",
            discussion: """
                Sessions without a room get a free room large enough for their picks, using the fewest rooms; in a \
                room clash one session moves to a free room at the same time, else to another time the same day; in \
                a speaker clash one session moves to another time. --format yaml writes the corrected programme, \
                which `ateliers check` passes without the resolved findings (the list of changes then goes to \
                standard error). Exit status: 0 everything resolved, 1 something could not be resolved (the reason \
                is printed), 2 input that cannot be read at all.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, yaml, json
        }

        @OptionGroup var programme: ProgrammeOptions
        @OptionGroup var agendas: AttendeeOptions

        @Option(help: "Output: the list of changes (text, json) or the corrected programme (yaml).")
        var format: Format = .text

        @Option(name: .shortAndLong, help: "Write the output here (atomically) instead of standard output.")
        var output: String?

        func run() async throws {
            try await guarded {
                let (loaded, zone) = try await programme.load()
                let attendees = try agendas.load(for: loaded.programme)
                let suggestion = ScheduleSuggester().suggest(
                    loaded.programme, zone: zone, attendees: attendees.attendees)
                let report = SuggestionReport(suggestion: suggestion, programme: loaded.programme, zone: zone)
                let text: String
                switch format {
                case .text: text = report.text()
                case .json: text = report.json()
                case .yaml:
                    text = try YAMLProgrammeWriter.yaml(for: suggestion.programme)
                    FileHandle.standardError.write(Data(report.text().utf8))
                }
                if let output {
                    try writeWhole(text, to: output)
                } else {
                    print(text, terminator: "")
                }
                if !suggestion.unresolved.isEmpty { throw ExitCode(1) }
            }
        }
    }
}
