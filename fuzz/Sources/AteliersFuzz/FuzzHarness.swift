import Ateliers
import AteliersServer
import AteliersWeb
import Dispatch
import Foundation

/// libFuzzer's entry point: one input, fed to the chosen target's reader.
/// - Returns: 0 always (libFuzzer reserves other values); a crash, a sanitizer report, a time-out or too large an
///   allocation is what the fuzzer looks for.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzHarness.run(bytes)
    return 0
}

/// What every run shares: the target, and the fixed inputs some targets need.
enum FuzzHarness {
    /// Set once by ``prepare(_:)``, before libFuzzer runs any input, and only read after.
    nonisolated(unsafe) static var target = FuzzTarget.page
    /// The programme picks are resolved against (`picks`).
    nonisolated(unsafe) static var programme = Programme()
    /// The publication the agenda builder serves (`form`).
    nonisolated(unsafe) static var publication: Publication?
    /// Error types other than ``InputError`` already reported: the importers promise ``InputError`` only.
    nonisolated(unsafe) static var unexpectedErrors = Set<String>()

    /// The programme the `picks` and `form` targets stand on: `ATELIERS_FUZZ_PROGRAMME`, else the repository's
    /// `examples/event.yaml`.
    static var programmePath: String {
        if let path = ProcessInfo.processInfo.environment["ATELIERS_FUZZ_PROGRAMME"] { return path }
        var folder = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { folder.deleteLastPathComponent() }
        return folder.appendingPathComponent("examples/event.yaml").path
    }

    static func prepare(_ target: FuzzTarget) {
        self.target = target
        switch target {
        case .picks:
            do {
                let text = try String(contentsOfFile: programmePath, encoding: .utf8)
                programme = try YAMLProgrammeImporter().read(path: programmePath, text: text).programme
            } catch {
                fatalError("AteliersFuzz: cannot read the programme \(programmePath): \(error)")
            }
        case .form:
            var options = PublishOptions(sources: [programmePath])
            options.agendaFeeds = true
            options.force = true
            options.fixedStamp = 1_700_000_000
            let publisher = Publisher(options: options, store: nil, clock: { 1_700_000_000 })
            do {
                guard case .published(let made) = try blocking({ try await publisher.publish() }) else {
                    fatalError("AteliersFuzz: the programme \(programmePath) was not published")
                }
                publication = made
            } catch {
                fatalError("AteliersFuzz: cannot publish the programme \(programmePath): \(error)")
            }
        default:
            break
        }
    }

    static func run(_ bytes: [UInt8]) {
        do {
            switch target {
            case .page: try importing(bytes) { try ProgrammePageImporter().read(path: $0, text: $1) }
            case .yaml:
                try importing(bytes) { path, text in
                    let importer = YAMLProgrammeImporter()
                    _ = importer.acceptsInFolder(path: path, text: text)
                    return try importer.read(path: path, text: text)
                }
            case .csv:
                try importing(bytes) { path, text in
                    let importer = CSVProgrammeImporter()
                    _ = importer.acceptsInFolder(path: path, text: text)
                    return try importer.read(path: path, text: text)
                }
            case .frabXML:
                try importing(bytes) { path, text in
                    try blocking { try await FrabXMLImporter().read(path: path, text: text) }
                }
            case .c3vocJSON:
                try importing(bytes) { path, text in
                    try blocking { try await FrabJSONImporter().read(path: path, text: text) }
                }
            case .ics:
                try importing(bytes) { path, text in
                    try blocking { try await ICSProgrammeImporter().read(path: path, text: text) }
                }
            case .picks: picks(bytes)
            case .form: form(bytes)
            }
        } catch is InputError {
            // A file the reader refuses, with its message: what it should do with garbage.
        } catch {
            report(error)
        }
    }

    /// The file's text as ``ProgrammeLoader`` reads it (``TextDecoding``, an empty file refused), then the reader,
    /// then the merge every loaded programme goes through.
    static func importing(_ bytes: [UInt8], _ read: (String, String) throws -> ImportResult) throws {
        let path = target.path
        guard let text = try text(of: bytes, path: path, strict: false) else { return }
        let result = try read(path, text)
        var merger = ProgrammeMerger()
        merger.merge(result.programme, from: path)
        _ = merger.programme
    }

    /// The text a reader gets from those bytes, `nil` for a file refused as empty (or, `strict`, as not UTF-8: how
    /// attendee picks are read).
    static func text(of bytes: [UInt8], path: String, strict: Bool) throws -> String? {
        let (text, warning) = try TextDecoding.decode(bytes, file: path, foldedLines: path.hasSuffix(".ics"))
        if strict, warning != nil { return nil }
        if text.allSatisfy({ $0.isWhitespace || $0 == "\u{FEFF}" }) { return nil }
        return text
    }

    /// The picks read as CSV and as YAML, against the example programme.
    static func picks(_ bytes: [UInt8]) {
        for path in ["fuzz.csv", "fuzz.yaml"] {
            do {
                guard let text = try text(of: bytes, path: path, strict: true) else { return }
                _ = try AttendeeImporter().read(path: path, text: text, programme: programme)
            } catch is InputError {
            } catch {
                report(error)
            }
        }
    }

    /// What `POST /agendas/<token>` does with a body: the `session` values, those scheduled now (once each, in
    /// order, as `AgendaController.pickable` keeps them), the agenda page and the personal feed of those picks.
    static func form(_ bytes: [UInt8]) {
        guard let publication else { return }
        let events = publication.agendas
        var seen = Set<String>()
        let posted = FormBody.values(of: "session", in: bytes)
        let picks = posted.filter { events.isScheduled($0) && seen.insert($0).inserted }
        let token = "fuzz-token"
        let options = AgendaPage.Options(
            action: "/agendas/\(token)", webcalURL: "webcal://localhost/agendas/\(token).ics",
            httpURL: "http://localhost/agendas/\(token).ics", nonce: "nonce", saved: true)
        _ = AgendaPage.render(programme: publication.report.programme, events: events, picks: picks, options: options)
        _ = events.feed(picks: picks)
        _ = events.lastModified(picks: picks)
    }

    /// An error an importer does not promise, told once per type (it is not a crash: the CLI prints it).
    static func report(_ error: any Error) {
        let type = String(reflecting: Swift.type(of: error))
        guard unexpectedErrors.insert(type).inserted else { return }
        FileHandle.standardError.write(Data("AteliersFuzz: unexpected error \(type): \(error)\n".utf8))
    }
}

/// Runs async work to its end from libFuzzer's synchronous callback, on the cooperative pool.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do {
            box.result = .success(try await body())
        } catch {
            box.result = .failure(error)
        }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// The result of ``blocking(_:)``'s task: written before the semaphore is signalled, read after it is waited for.
final class ResultBox<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
