import Foundation
import Testing

/// `--db postgres://…` on the command line: the URL checked before anything else, its password never printed.
@Suite struct PostgresCommandTests {
    let cli = CommandLineTests()
    static let server = ProcessInfo.processInfo.environment["ATELIERS_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let enabled = server != nil || ProcessInfo.processInfo.environment["ATELIERS_REQUIRE_POSTGRES"] == "1"

    @Test func anInvalidURLIsOneLineWithoutThePassword() throws {
        for (url, message) in [
            ("postgres://ateliers:s3cret@db.example.org", "the URL names no database"),
            ("postgres://ateliers:s3cret@db.example.org:99999/agendas", "the port must be a number from 1 to 65535"),
            ("mysql://ateliers:s3cret@db.example.org/agendas", "mysql://… is not a PostgreSQL URL"),
        ] {
            let serve = try cli.run(["serve", "seeds/", "examples/event.yaml", "--port", "0", "--db", url])
            #expect(serve.status == 2)
            #expect(serve.stdout == "")
            #expect(serve.stderr == "error: --db: \(message): postgres://user[:password]@host[:port]/database\n")
            let export = try cli.run(["agendas", "export", "--db", url])
            #expect(export.status == 2)
            #expect(export.stderr == serve.stderr)
        }
    }

    @Test func anUnreachableDatabaseStopsServeWithOneLine() throws {
        let folder = cli.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let serve = try cli.run([
            "serve", "seeds/", "examples/event.yaml", "--port", "0", "--state", "\(folder)/state.sqlite", "--db",
            "postgres://ateliers:s3cret@127.0.0.1:1/agendas",
        ])
        #expect(serve.status == 2)
        #expect(serve.stdout == "")
        #expect(
            serve.stderr
                == "postgres://ateliers@127.0.0.1:1/agendas: error: cannot connect to the agenda database: connection refused\n"
        )
        // The password may come from PGPASSWORD rather than the URL (which `ps` shows): it is not printed either.
        let fromEnvironment = try cli.run(
            ["agendas", "export", "--db", "postgres://ateliers@127.0.0.1:1/agendas"],
            environment: ["PGPASSWORD": "s3cret"])
        #expect(fromEnvironment.status == 2)
        #expect(!fromEnvironment.stderr.contains("s3cret"))
    }

    @Test(.enabled(if: enabled, "PostgreSQL tests skipped: ATELIERS_TEST_POSTGRES is not set (`make test` runs them)"))
    func agendasImportAndExportOnPostgreSQL() throws {
        let server = try #require(Self.server, "ATELIERS_REQUIRE_POSTGRES=1 but ATELIERS_TEST_POSTGRES is not set")
        let folder = cli.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Attendee ids of this run only: the database may be a developer's, kept from one run to the next.
        let run = UUID().uuidString.lowercased()
        let picks = "\(folder)/picks.csv"
        try Data("attendee,session\n\(run)-marie,atelier-1\n\(run)-paul,atelier-1\n".utf8)
            .write(to: URL(fileURLWithPath: picks))
        let imported = try cli.run(["agendas", "import", picks, "seeds/", "examples/event.yaml", "--db", server])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("2 agendas created in postgres://"))
        let again = try cli.run(["agendas", "import", picks, "seeds/", "examples/event.yaml", "--db", server])
        #expect(again.stdout.hasPrefix("0 agendas created in postgres://"))
        let exported = try cli.run(["agendas", "export", "--db", server, "--base-url", "https://agenda.example.org"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let lines = exported.stdout.split(separator: "\n").filter { $0.hasPrefix(run) }
        #expect(lines.map { $0.split(separator: "\t")[0] } == ["\(run)-marie", "\(run)-paul"])
        #expect(lines.allSatisfy { $0.contains("\thttps://agenda.example.org/agendas/") })
    }
}
