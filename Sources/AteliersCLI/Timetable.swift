import ArgumentParser
import Ateliers
import AteliersWeb
import Foundation

extension AteliersCommand {
    struct TimetableCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "timetable",
            abstract: "Write the timetable as one self-contained HTML page: rooms × time for each day, clashes in red.",
            discussion: """
                The page has its style inline and fetches nothing, so it can be mailed or opened offline; each \
                session links to its details further down the page. It is written even when the check finds \
                errors: clashes are what it shows. Exit status: 0 written, 2 input that cannot be read at all.
                """)

        @OptionGroup var programme: ProgrammeOptions
        @OptionGroup var agendas: AttendeeOptions

        @Option(name: [.customShort("o"), .customLong("output")], help: "The HTML file to write.")
        var output: String

        func run() async throws {
            try await guarded {
                let (loaded, zone) = try await programme.load()
                let attendees = try agendas.load(for: loaded.programme)
                let context = CheckContext(programme: loaded.programme, zone: zone, attendees: attendees.attendees)
                let diagnostics = ProgrammeCheck().run(
                    context, importDiagnostics: loaded.diagnostics + attendees.diagnostics)
                let timetable = Ateliers.Timetable(context, diagnostics: diagnostics)
                let page = TimetablePage.render(
                    timetable, programme: loaded.programme, options: TimetablePage.Options(links: .anchors))
                do {
                    try writeAtomically(page, to: output)
                } catch let error as OutputError {
                    throw Failure.input(error.description)
                }
                let clashes = diagnostics.filter { Ateliers.Timetable.clashRules.contains($0.rule) }.count
                print(
                    "wrote \(output) (\(plural(timetable.days.reduce(0) { $0 + $1.blocks.count }, "session")) on"
                        + " \(plural(timetable.days.count, "day")), \(clashes) clash\(clashes == 1 ? "" : "es") marked)"
                )
            }
        }
    }
}

/// Writes `text` to a temporary file next to `path` (created exclusively) and renames it over `path`: a reader
/// sees the old page or the new one, never half of one.
func writeAtomically(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var template = Array("\(folder)/.\(url.lastPathComponent).XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
        throw OutputError(path: path, message: "cannot write the page: " + String(cString: strerror(errno)))
    }
    let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var failure = OutputFolder.writeAll(Array(text.utf8), to: descriptor)
    if failure == 0 && fchmod(descriptor, 0o644) != 0 { failure = errno }
    if failure == 0 && fsync(descriptor) != 0 { failure = errno }
    close(descriptor)
    if failure == 0 && rename(temporary, path) != 0 { failure = errno }
    if failure != 0 {
        unlink(temporary)
        throw OutputError(path: path, message: "cannot write the page: " + String(cString: strerror(failure)))
    }
}
