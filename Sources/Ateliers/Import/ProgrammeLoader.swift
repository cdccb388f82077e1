import Foundation

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

    /// - Parameter paths: files, or folders whose supported files are read in name order.
    /// - Throws: ``InputError`` for a missing, empty, non-UTF-8 or unknown-format file, or malformed YAML.
    public func load(paths: [String]) async throws -> LoadedProgramme {
        guard !paths.isEmpty else { throw InputError(file: "-", message: "no input files given") }
        var merger = ProgrammeMerger()
        var diagnostics: [Diagnostic] = []
        var latest: Int64 = 0
        var files: [String] = []
        for path in try expand(paths) {
            let (text, modified) = try readText(path)
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
            merger.merge(result.programme)
        }
        return LoadedProgramme(
            programme: merger.programme, diagnostics: diagnostics + merger.diagnostics, latestModification: latest,
            files: files)
    }

    private func expand(_ paths: [String]) throws -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError(file: path, message: "no such file")
            }
            guard isDirectory.boolValue else {
                result.append(path)
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            let base = path.hasSuffix("/") ? path : path + "/"
            result += names.sorted().map { base + $0 }.filter { file in
                importers.contains { $0.accepts(path: file, text: "") }
            }
        }
        return result
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
