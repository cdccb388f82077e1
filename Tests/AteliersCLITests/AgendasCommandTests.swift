import Foundation
import Testing

/// `ateliers agendas import` and `export` on a real database file.
@Suite struct AgendasCommandTests {
    let cli = CommandLineTests()

    @Test func importGivesEachAttendeeATokenAndExportListsThem() throws {
        let folder = cli.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = "\(folder)/agendas.sqlite"
        let imported = try cli.run([
            "agendas", "import", "examples/picks.csv", "seeds/", "examples/event.yaml", "--db", db,
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == "2 agendas created in \(db)\n")
        let again = try cli.run([
            "agendas", "import", "examples/picks.csv", "seeds/", "examples/event.yaml", "--db", db,
        ])
        #expect(again.stdout == "0 agendas created in \(db)\n")

        let exported = try cli.run(["agendas", "export", "--db", db, "--base-url", "https://agenda.example.org/"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let lines = exported.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.map(\.[0]) == ["marie-curie", "paul-langevin"])
        for line in lines {
            let url = line[1]
            #expect(url.hasPrefix("https://agenda.example.org/agendas/"))
            #expect(url.count == "https://agenda.example.org/agendas/".count + 22)
        }
        #expect(Set(lines.map(\.[1])).count == 2)
        let plain = try cli.run(["agendas", "export", "--db", db])
        #expect(plain.stdout.split(separator: "\n").allSatisfy { $0.contains("\thttp://127.0.0.1:8080/agendas/") })
    }
}
