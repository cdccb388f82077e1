import Foundation
import ICal

/// A merged programme with what importing it found.
public struct LoadedProgramme: Sendable {
    public var programme: Programme
    public var diagnostics: [Diagnostic]
    /// The latest modification time of the inputs, in seconds since the epoch: the feeds' default `DTSTAMP`.
    public var latestModification: Int64
    public var files: [String]
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
    ///   - output: the folder an export writes into: a file a folder source lists there, that Ateliers writes
    ///     (``FeedPath/isGenerated(_:)``: `all.ics`, `index.json`…), is not read back as a source.
    /// - Throws: ``InputError`` for a missing, empty, non-UTF-8 or unknown-format file, or malformed YAML.
    public func load(paths: [String], excluding output: String? = nil) async throws -> LoadedProgramme {
        guard !paths.isEmpty else { throw InputError(file: "-", message: "no input files given") }
        var diagnostics: [Diagnostic] = []
        var latest: Int64 = 0
        var files: [String] = []
        var results: [ImportResult] = []
        for (path, inFolder) in try expand(paths, excluding: output) {
            let (text, modified) = try readText(path)
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
            diagnostics += result.diagnostics
            results.append(result)
        }
        var merger = ProgrammeMerger()
        for (result, file) in zip(try await inOneZone(results, files: files, diagnostics: &diagnostics), files) {
            merger.merge(result.programme, from: file)
        }
        return LoadedProgramme(
            programme: merger.programme, diagnostics: diagnostics + merger.diagnostics, latestModification: latest,
            files: files)
    }

    /// Brings every source into the programme's zone: the first one a source names, else one an importer
    /// inferred, else ``Programme/defaultTimeZone``. Times a source gave as instants are converted into it.
    private func inOneZone(_ results: [ImportResult], files: [String], diagnostics: inout [Diagnostic]) async throws
        -> [ImportResult]
    {
        let declared = results.first { !$0.zoneIsInferred && $0.programme.event.timeZone != nil }
        let target =
            declared?.programme.event.timeZone ?? results.lazy.compactMap(\.programme.event.timeZone).first
            ?? Programme.defaultTimeZone
        let years = results.flatMap {
            $0.programme.sessions.compactMap(\.slot).flatMap { [$0.start.year, $0.end.year] }
        }
        let span = (years.min() ?? 2000)...(years.max() ?? 2000)
        var rules: [String: TimeZoneRules] = [:]
        func zone(_ identifier: String) async throws -> TimeZoneRules {
            if let known = rules[identifier] { return known }
            do {
                let loaded = try await ICalLibrary.shared.timeZoneRules(identifier: identifier, years: span)
                rules[identifier] = loaded
                return loaded
            } catch let error as ICalError {
                throw InputError(file: files.first ?? "-", message: error.message)
            }
        }
        var converted: [ImportResult] = []
        for (result, file) in zip(results, files) {
            var part = result
            let source = part.programme.event.timeZone ?? Programme.defaultTimeZone
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
            if part.zoneIsInferred {
                part.programme.event.timeZone = nil
                // Only an importer that found no zone at all fell back to the default: say so.
                if declared == nil, result.programme.event.timeZone == nil, !part.sessionsFromInstants.isEmpty {
                    diagnostics.append(
                        Diagnostic(
                            rule: "assumed-timezone", severity: .warning,
                            message: "no source names the programme's time zone: times are shown in \(target);"
                                + " set event.timezone in a YAML source (or X-WR-TIMEZONE, time_zone_name)",
                            sources: [SourceLocation(file: file, line: 1)]))
                }
            }
            converted.append(part)
        }
        if declared == nil, target != Programme.defaultTimeZone, !converted.isEmpty {
            converted[0].programme.event.timeZone = target
        }
        return converted
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

    private func readText(_ path: String) throws -> (String, Int64) {
        (try InputFile.readText(path), InputFile.modificationTime(path))
    }
}

/// Reading input files with the messages every importer gives.
enum InputFile {
    /// - Throws: ``InputError`` for a missing, unreadable, non-UTF-8 or empty file.
    static func readText(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, message: "no such file")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, message: "not UTF-8 text")
        }
        if text.allSatisfy({ $0.isWhitespace }) {
            throw InputError(file: path, message: "the file is empty")
        }
        return text
    }

    static func modificationTime(_ path: String) -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.modificationDate] as? Date).map { Int64($0.timeIntervalSince1970) } ?? 0
    }
}
