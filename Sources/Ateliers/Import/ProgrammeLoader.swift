import Foundation
import ICal

/// A merged programme with what importing it found.
public struct LoadedProgramme: Sendable {
    public var programme: Programme
    public var diagnostics: [Diagnostic]
    /// The latest modification time of the inputs, in seconds since the epoch: the feeds' default `DTSTAMP`.
    public var latestModification: Int64
    public var files: [String]
    /// No zone was named and some sessions are wall clocks: they can be compared with each other (the check
    /// reads them as if in UTC, so daylight-saving changes are not seen) but not published, since subscribers
    /// elsewhere would see them move.
    public var hasFloatingTimes: Bool

    /// - Throws: ``InputError`` when the programme has wall-clock times in no named zone: feeds need one.
    public func requireTimeZone() throws {
        guard hasFloatingTimes else { return }
        throw InputError(
            file: files.first ?? "-",
            message: "no time zone: the sources give wall-clock times and name no zone, and a feed cannot publish"
                + " them (they would move for subscribers elsewhere); name it with --timezone ZONE (an IANA id such as"
                + " Europe/Paris) or event.timezone in a YAML source")
    }
}

/// Reads every source with the importer that fits it and merges them.
public struct ProgrammeLoader: Sendable {
    public var importers: [any ProgrammeImporter]

    public init(
        importers: [any ProgrammeImporter] = [
            YAMLProgrammeImporter(), ProgrammePageImporter(), ICSProgrammeImporter(), CSVProgrammeImporter(),
            FrabXMLImporter(), FrabJSONImporter(),
        ]
    ) {
        self.importers = importers
    }

    /// - Parameters:
    ///   - paths: files, or folders whose supported files are read in name order.
    ///   - timeZone: the zone the user names (`--timezone`): it wins over the zones sources name.
    ///   - output: the folder an export writes into: a file a folder source lists there, that Ateliers writes
    ///     (``FeedPath/isGenerated(_:)``: `all.ics`, `index.json`…), is not read back as a source.
    /// - Throws: ``InputError`` for a missing, empty, binary or unknown-format file, or malformed YAML.
    public func load(paths: [String], timeZone: String? = nil, excluding output: String? = nil) async throws
        -> LoadedProgramme
    {
        guard !paths.isEmpty else { throw InputError(file: "-", message: "no input files given") }
        var diagnostics: [Diagnostic] = []
        var latest: Int64 = 0
        var files: [String] = []
        var results: [ImportResult] = []
        for (path, inFolder) in try expand(paths, excluding: output) {
            let (text, modified, encodingWarning) = try readText(path)
            if inFolder, !importers.contains(where: { $0.acceptsInFolder(path: path, text: text) }) { continue }
            latest = max(latest, modified)
            files.append(path)
            guard let importer = importers.first(where: { $0.accepts(path: path, text: text) }) else {
                throw InputError(
                    file: path,
                    message:
                        "unknown format: expected .yaml or .yml (programme), .txt (programme page), .ics (iCalendar),"
                        + " .csv (spreadsheet), .xml (frab schedule) or .json (c3voc schedule)")
            }
            let result = try await importer.read(path: path, text: text)
            diagnostics += encodingWarning.map { [$0] } ?? []
            diagnostics += result.diagnostics
            results.append(result)
        }
        var merger = ProgrammeMerger()
        let (converted, floating) = try await inOneZone(
            results, files: files, override: timeZone, diagnostics: &diagnostics)
        var zoned = converted
        results = []
        for (index, file) in zip(zoned.indices, files) {
            // Handed over, so that the merger holds the only copy of the sessions.
            let part = zoned[index].programme
            zoned[index].programme = Programme()
            merger.merge(part, from: file)
        }
        var programme = merger.takeProgramme()
        var cleaning = ProgrammeCleaning()
        cleaning.clean(&programme)
        return LoadedProgramme(
            programme: programme, diagnostics: diagnostics + merger.diagnostics + cleaning.diagnostics,
            latestModification: latest,
            files: files, hasFloatingTimes: floating)
    }

    /// Brings every source into the programme's zone: `override`, else the first zone a source names, else one an
    /// importer inferred (the zone a feed's events name). No zone is ever invented: with none, times given as
    /// instants stay UTC instants, and wall clocks stay wall clocks (floating), each with one warning.
    /// - Returns: the results in one zone, and whether wall clocks were left in no zone.
    private func inOneZone(
        _ results: [ImportResult], files: [String], override: String?, diagnostics: inout [Diagnostic]
    ) async throws -> ([ImportResult], floating: Bool) {
        let declared = results.first { !$0.zoneIsInferred && $0.programme.event.timeZone != nil }
        let named =
            override ?? declared?.programme.event.timeZone ?? results.lazy.compactMap(\.programme.event.timeZone).first
        let wallClockSessions = results.contains { result in
            result.programme.sessions.contains {
                $0.slot != nil && !$0.allDay && !result.sessionsFromInstants.contains($0.id)
            }
        }
        let target = named ?? TimeZoneRules.utc.identifier
        let years = Set(
            results.flatMap { $0.programme.sessions.compactMap(\.slot).flatMap { [$0.start.year, $0.end.year] } }
                .filter(ICalLibrary.supportedYears.contains))
        func zone(_ identifier: String) async throws -> TimeZoneRules {
            do {
                return try await ICalLibrary.shared.timeZoneRules(identifier: identifier, years: years)
            } catch let error as ICalError {
                throw InputError(file: files.first ?? "-", message: error.message)
            }
        }
        var converted: [ImportResult] = []
        for result in results {
            var part = result
            let source = part.programme.event.timeZone ?? TimeZoneRules.utc.identifier
            if source != target, !part.sessionsFromInstants.isEmpty {
                let (from, to) = (try await zone(source), try await zone(target))
                for index in part.programme.sessions.indices
                where part.sessionsFromInstants.contains(part.programme.sessions[index].id) {
                    guard let slot = part.programme.sessions[index].slot, !part.programme.sessions[index].allDay
                    else { continue }
                    part.programme.sessions[index].slot = Slot(
                        start: to.wallClock(at: from.resolve(slot.start).instant),
                        end: to.wallClock(at: from.resolve(slot.end).instant))
                }
            }
            part.programme.event.timeZone = nil
            converted.append(part)
        }
        let first = SourceLocation(file: files.first ?? "-", line: 1)
        let floating = named == nil && wallClockSessions
        if let named {
            if !converted.isEmpty { converted[0].programme.event.timeZone = named }
        } else if floating {
            diagnostics.append(
                Diagnostic(
                    rule: "no-timezone", severity: .warning,
                    message: "no source names the time zone: wall clocks are compared as written and daylight-saving"
                        + " changes were not checked; name it with --timezone ZONE or event.timezone in a YAML source"
                        + " (export needs it)",
                    sources: [first]))
        } else if results.contains(where: { !$0.sessionsFromInstants.isEmpty }) {
            if !converted.isEmpty { converted[0].programme.event.timeZone = TimeZoneRules.utc.identifier }
            diagnostics.append(
                Diagnostic(
                    rule: "no-timezone", severity: .warning,
                    message: "no source names the time zone: times are shown and published as UTC instants (days"
                        + " are UTC days); name the event's zone with --timezone ZONE or event.timezone in a YAML"
                        + " source (or X-WR-TIMEZONE, time_zone_name)",
                    sources: [first]))
        }
        _ = try await zone(target)
        return (converted, floating)
    }

    /// Files as given, and the supported files of folders (marked), in name order; of the files folders list,
    /// those the output folder holds that Ateliers wrote are left out.
    private func expand(_ paths: [String], excluding output: String?) throws -> [(path: String, inFolder: Bool)] {
        var result: [(path: String, inFolder: Bool)] = []
        let outputFolder = output.flatMap(Self.realPath).map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        func isOutput(_ file: String) -> Bool {
            guard let outputFolder, let real = Self.realPath(file), real.hasPrefix(outputFolder) else { return false }
            return FeedPath.isGenerated(String(real.dropFirst(outputFolder.count)))
        }
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError(file: path, message: "no such file")
            }
            guard isDirectory.boolValue else {
                result.append((path, false))
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            let base = path.hasSuffix("/") ? path : path + "/"
            result += names.sorted().map { base + $0 }.filter { file in
                importers.contains { $0.accepts(path: file, text: "") } && !isOutput(file)
            }.map { ($0, true) }
        }
        return result
    }

    /// The absolute path with every link resolved (`realpath(3)`), or `nil` when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private func readText(_ path: String) throws -> (String, Int64, Diagnostic?) {
        let (text, warning) = try InputFile.readDecodedText(path)
        return (text, InputFile.modificationTime(path), warning)
    }
}

/// Reading input files with the messages every importer gives.
enum InputFile {
    /// The largest input file read: beyond it a programme is not a programme (a 100,000-session YAML is 52 MB).
    static let maximumBytes = 256 << 20

    /// - Throws: ``InputError`` for a missing, unreadable, binary or empty file, or one that is not UTF-8.
    static func readText(_ path: String) throws -> String {
        let (text, warning) = try readDecodedText(path)
        if let warning { throw InputError(file: path, line: warning.sources.first?.line, message: "not UTF-8 text") }
        return text
    }

    /// Reads a file as text: UTF-8 (a fold of an iCalendar line inside a character is mended), UTF-16 with a
    /// byte-order mark, else Windows-1252, with a warning.
    /// - Throws: ``InputError`` for a missing, unreadable, too large, binary (NUL) or empty file.
    static func readDecodedText(_ path: String) throws -> (String, Diagnostic?) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, message: "no such file")
        }
        guard !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(file: path, message: "cannot read the file")
        }
        defer { try? handle.close() }
        let tooLarge = InputError(file: path, message: "the file is larger than \(maximumBytes >> 20) MB (limit)")
        // A regular file's size is known before reading it; a pipe's is not, and is read up to the limit.
        var status = stat()
        if fstat(handle.fileDescriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
            status.st_size > maximumBytes
        {
            throw tooLarge
        }
        let data: Data
        do {
            // `nil` at the end of the file: an empty file.
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw InputError(file: path, message: "cannot read the file")
        }
        guard data.count <= maximumBytes else { throw tooLarge }
        let decoded = try TextDecoding.decode(
            [UInt8](data), file: path, foldedLines: path.lowercased().hasSuffix(".ics"))
        if decoded.text.allSatisfy({ $0.isWhitespace || $0 == "\u{FEFF}" }) {
            throw InputError(file: path, message: "the file is empty")
        }
        return decoded
    }

    static func modificationTime(_ path: String) -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.modificationDate] as? Date).map { Int64($0.timeIntervalSince1970) } ?? 0
    }
}
