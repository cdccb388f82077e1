import ArgumentParser
import Ateliers

extension AteliersCommand {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a programme for clashes and other problems, like a linter.",
            discussion: """
                Exit status: 0 no errors (warnings and notes allowed), 1 errors (or warnings with --strict), \
                2 input that cannot be read at all. A programme configures its rules under 'checks:' in YAML; \
                --explain RULE says what a rule finds and how.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @OptionGroup var programme: ProgrammeOptions
        @OptionGroup var agendas: AttendeeOptions

        @Option(help: "Output format.")
        var format: Format = .text

        @Flag(help: "Treat warnings as errors for the exit status (notes never fail).")
        var strict = false

        @Option(
            help: ArgumentHelp(
                "Print what a rule finds and how to configure it (no sources needed).", valueName: "RULE"))
        var explain: String?

        @Flag(help: "Print how long each stage took, on standard error.")
        var timings = false

        func run() async throws {
            try await guarded {
                if let explain {
                    print(try Self.explanation(of: explain))
                    return
                }
                var clock = StageClock(enabled: timings)
                let (loaded, zone) = try await programme.load()
                let attendees = try agendas.load(for: loaded.programme)
                clock.lap("load")
                let context = CheckContext(programme: loaded.programme, zone: zone, attendees: attendees.attendees)
                clock.lap("index")
                let diagnostics = ProgrammeCheck().run(
                    context, importDiagnostics: loaded.diagnostics + attendees.diagnostics)
                clock.lap("rules")
                let report = CheckReport(context, diagnostics: diagnostics)
                print(format == .json ? report.json() : report.text(), terminator: "")
                clock.lap("report")
                if diagnostics.errorCount > 0 || (strict && diagnostics.warningCount > 0) { throw ExitCode(1) }
            }
        }

        /// The rule's name, a blank line and its explanation; an unknown name fails with the names there are.
        static func explanation(of name: String) throws -> String {
            let catalogue = RuleCatalogue.standard
            guard let entry = catalogue.entry(named: name) else {
                let guess = catalogue.suggestion(for: name).map { "; \($0)" } ?? "."
                throw Failure.input(
                    "error: --explain: '\(CleanText.printable(name))' is not a rule\(guess) The rules are: "
                        + catalogue.names.joined(separator: ", "))
            }
            return "\(entry.name)\n\n\(entry.explanation)"
        }
    }
}
