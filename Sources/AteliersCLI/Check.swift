import ArgumentParser
import Ateliers

extension AteliersCommand {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a programme for clashes and other problems, like a linter.",
            discussion: """
                Exit status: 0 no errors (warnings allowed), 1 errors (or warnings with --strict), \
                2 input that cannot be read at all.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @OptionGroup var programme: ProgrammeOptions
        @OptionGroup var agendas: AttendeeOptions

        @Option(help: "Output format.")
        var format: Format = .text

        @Flag(help: "Treat warnings as errors for the exit status.")
        var strict = false

        func run() async throws {
            try await guarded {
                let (loaded, zone) = try await programme.load()
                let attendees = try agendas.load(for: loaded.programme)
                let diagnostics = ProgrammeCheck().run(
                    loaded.programme, zone: zone, importDiagnostics: loaded.diagnostics + attendees.diagnostics,
                    attendees: attendees.attendees)
                let report = CheckReport(programme: loaded.programme, zone: zone, diagnostics: diagnostics)
                print(format == .json ? report.json() : report.text(), terminator: "")
                if diagnostics.errorCount > 0 || (strict && diagnostics.warningCount > 0) { throw ExitCode(1) }
            }
        }
    }
}
