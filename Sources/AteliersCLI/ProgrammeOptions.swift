import ArgumentParser
import Ateliers
import Foundation
import ICal

/// The inputs every command reads.
struct ProgrammeOptions: ParsableArguments {
    @Argument(help: "Programme files or folders: .yaml/.yml (canonical), .txt (programme pages). Merged in order.")
    var sources: [String] = []

    @Option(
        help: """
            The event's time zone, an IANA id such as Europe/Paris or America/New_York (wins over the zone sources \
            name). Without it and with no zone in the sources, times are not given one: instants stay UTC.
            """)
    var timezone: String?

    func validate() throws {
        guard let timezone else { return }
        let plain = timezone.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || "0123456789/_+-".unicodeScalars.contains($0))
        }
        guard plain, timezone.utf8.count <= 64, !timezone.contains("..") else {
            throw ValidationError("--timezone takes an IANA id such as Europe/Paris")
        }
    }

    /// An unknown `--timezone` is one clear line (exit 2) before any source is read.
    func requireKnownZone() async throws {
        if let timezone, !(await ICalLibrary.shared.knowsTimeZone(timezone)) {
            throw Failure.input(
                "error: --timezone: unknown time zone '\(timezone)': expected an IANA id such as Europe/Paris")
        }
    }

    /// Loads and merges the sources and the zone rules, or prints one clear line and exits with status 2.
    /// - Parameters:
    ///   - publishing: the times will be published: a programme of wall clocks in no zone is refused.
    ///   - output: an export's output folder, whose files are not read back from a folder source.
    func load(publishing: Bool = false, excluding output: String? = nil) async throws -> (
        LoadedProgramme, TimeZoneRules
    ) {
        do {
            try await requireKnownZone()
            let loaded = try await ProgrammeLoader().load(paths: sources, timeZone: timezone, excluding: output)
            if publishing { try loaded.requireTimeZone() }
            let zone = try await ProgrammeCheck.zoneRules(for: loaded.programme)
            return (loaded, zone)
        } catch let error as InputError {
            throw Failure.input(error.description)
        } catch let error as ICalError {
            throw Failure.input("error: \(error)")
        }
    }
}

/// Attendee picks, for the commands that read personal agendas.
struct AttendeeOptions: ParsableArguments {
    @Option(help: "Attendee picks: CSV (attendee,session[,name,email]) or YAML (attendees: [{id, sessions}]).")
    var attendees: String?

    /// The attendees resolved against the programme, or none without `--attendees`.
    func load(for programme: Programme) throws -> AttendeeList {
        guard let attendees else { return AttendeeList(attendees: [], diagnostics: []) }
        do {
            return try AttendeeImporter().load(path: attendees, programme: programme)
        } catch let error as InputError {
            throw Failure.input(error.description)
        }
    }
}

/// Ends a command with a message on standard error and an exit status.
enum Failure: Error {
    case input(String)
}

extension AsyncParsableCommand {
    /// Runs the body, turning input failures into one line on standard error and exit status 2.
    func guarded(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch Failure.input(let message) {
            FileHandle.standardError.write(Data("\(message)\n".utf8))
            throw ExitCode(2)
        }
    }
}

/// Writes the whole file or nothing (`-o`/`--output`): a temporary beside it, renamed into place.
func writeWhole(_ text: String, to path: String) throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
        throw Failure.input("\(path): error: --output is a folder, not a file")
    }
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw Failure.input("\(path): error: cannot write: \(writeFailure(error))")
    }
}

/// Why Foundation could not write a file, in `strerror`'s words rather than "NSCocoaErrorDomain error 512".
func writeFailure(_ error: any Error) -> String {
    var error = error as NSError
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error { error = underlying as NSError }
    if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
    return "is its folder there, a folder, and writable?"
}

/// The latest `SOURCE_DATE_EPOCH` accepted: 2200-01-01T00:00:00Z, the end of the years Ateliers reads.
let latestSourceDateEpoch: Int64 = 7_258_118_400

/// `SOURCE_DATE_EPOCH` (the reproducible-builds convention), when set and valid: 0 ... 2200-01-01.
func sourceDateEpoch() throws -> Int64? {
    guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !text.isEmpty else { return nil }
    guard text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int64(text),
        value <= latestSourceDateEpoch
    else {
        throw Failure.input(
            "error: SOURCE_DATE_EPOCH='\(text)' is not a number of seconds since 1970 from 0 to"
                + " \(latestSourceDateEpoch) (2200-01-01)")
    }
    return value
}

/// Prints the time each stage took to standard error, when asked.
struct StageClock {
    let enabled: Bool
    var last = ContinuousClock.now

    init(enabled: Bool) { self.enabled = enabled }

    mutating func lap(_ stage: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let milliseconds =
            (now - last).components.attoseconds / 1_000_000_000_000_000 + (now - last).components.seconds * 1_000
        FileHandle.standardError.write(Data("\(stage): \(milliseconds) ms\n".utf8))
        last = now
    }
}
