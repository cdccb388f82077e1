import Foundation
import Testing

/// `ateliers timetable`, run as a user would.
@Suite struct TimetableCommandTests {
    let commands = CommandLineTests()

    @Test func theSeedsGiveTheGoldenPageWrittenInPlace() throws {
        let folder = commands.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = "\(folder)/timetable.html"
        try Data("old page".utf8).write(to: URL(fileURLWithPath: output))
        let result = try commands.run(["timetable", "seeds/", "examples/event.yaml", "-o", output])
        #expect(result.status == 0)
        #expect(result.stdout == "wrote \(output) (4 sessions on 1 day, 0 clashes marked)\n")
        #expect(result.stderr == "")
        let golden = CommandLineTests.root.appendingPathComponent(
            "Tests/AteliersWebTests/Fixtures/golden/seeds.html")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == String(contentsOf: golden, encoding: .utf8))
        // The temporary file was renamed over the page: nothing else is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["timetable.html"])
    }

    @Test func aFolderThatIsNotThereIsOneLineAndStatusTwo() throws {
        let output = "\(commands.temporaryDirectory())/missing/timetable.html"
        let result = try commands.run(["timetable", "seeds/", "examples/event.yaml", "-o", output])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "\(output): error: cannot write the page: No such file or directory\n")
    }
}
