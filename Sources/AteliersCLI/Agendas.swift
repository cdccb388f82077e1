import ArgumentParser
import Ateliers
import AteliersStore
import Foundation

extension AteliersCommand {
    struct Agendas: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The agenda builder's personal agendas: list the attendees' secret URLs, or add attendees.",
            subcommands: [Export.self, Import.self])
    }
}

extension AteliersCommand.Agendas {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each attendee's id and the secret URL of their agenda (tab-separated), to mail them out.",
            discussion: """
                Attendee agendas are made by `ateliers serve --attendees FILE` at start, or by `ateliers agendas \
                import`. Whoever has a URL can read and change that agenda: send each one to its attendee only.
                """)

        @Option(help: "The agenda database (serve's --db): a SQLite file or a postgres://… URL.")
        var db: String

        @Option(help: "The server's public URL (https://…). Default: http://127.0.0.1:8080.")
        var baseURL = "http://127.0.0.1:8080"

        func validate() throws {
            if AteliersCommand.Serve.publicURL(baseURL) == nil {
                throw ValidationError("--base-url takes an http:// or https:// URL such as https://agenda.example.org")
            }
        }

        func run() async throws {
            try await guarded {
                let root = AteliersCommand.Serve.publicURL(baseURL) ?? baseURL
                let database = try AgendaDatabase(db)
                let agendas = try await storeFailures {
                    try await database.withStore { try await $0.attendeeAgendas() }
                }
                var text = ""
                for agenda in agendas {
                    text += "\(CleanText.printable(agenda.attendee ?? ""))\t\(root)/agendas/\(agenda.token)\n"
                }
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give each attendee of a picks file (CSV or YAML, as --attendees reads) an agenda.",
            discussion: """
                Picks name sessions by id or title, resolved against the programme sources given after the file. \
                An attendee who already has an agenda keeps it (token and picks) as it is.
                """)

        @Argument(help: "Attendee picks: CSV (attendee,session[,name,email]) or YAML (attendees: [{id, sessions}]).")
        var file: String

        @Argument(help: "The programme's sources (files or folders), as for serve.")
        var sources: [String] = []

        @Option(help: "The agenda database (serve's --db): a SQLite file or a postgres://… URL.")
        var db: String

        @Option(help: "The programme's IANA time zone, as for serve.")
        var timezone: String?

        func validate() throws {
            if sources.isEmpty { throw ValidationError("agendas import needs the programme's sources after the file") }
        }

        func run() async throws {
            try await guarded {
                let database = try AgendaDatabase(db)
                let created = try await storeFailures {
                    let loaded = try await ProgrammeLoader().load(paths: sources, timeZone: timezone, excluding: nil)
                    let list = try AttendeeImporter().load(path: file, programme: loaded.programme)
                    for diagnostic in list.diagnostics {
                        FileHandle.standardError.write(
                            Data("\(diagnostic.severity.rawValue): \(diagnostic.message)\n".utf8))
                    }
                    return try await database.withStore {
                        try await $0.importAttendees(list.attendees, now: Int64(Date().timeIntervalSince1970))
                    }
                }
                print("\(plural(created, "agenda")) created in \(database)")
            }
        }
    }
}

/// Runs the body, turning the stores' and readers' errors into one line on standard error and exit status 2.
func storeFailures<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as OutputError {
        throw Failure.input(error.description)
    } catch let error as InputError {
        throw Failure.input(error.description)
    }
}
