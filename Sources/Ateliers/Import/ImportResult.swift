/// What an importer reads from one file: a partial programme and what it could not read.
public struct ImportResult: Sendable {
    public var programme: Programme
    public var diagnostics: [Diagnostic]

    public init(programme: Programme, diagnostics: [Diagnostic] = []) {
        self.programme = programme
        self.diagnostics = diagnostics
    }
}

/// Reads one input format.
public protocol ProgrammeImporter: Sendable {
    /// A short name for messages: `programme page`, `YAML`.
    var formatName: String { get }
    /// Whether this importer reads that file, by extension first and then by content.
    func accepts(path: String, text: String) -> Bool
    /// - Throws: ``InputError`` when the file cannot be read at all.
    func read(path: String, text: String) async throws -> ImportResult
}

/// Hands out ids that are unique within one file: `talk`, then `talk-2`, `talk-3`.
struct IDAllocator {
    var taken = Set<String>()

    mutating func unique(_ base: String) -> String {
        var id = base
        var counter = 2
        while !taken.insert(id).inserted {
            id = "\(base)-\(counter)"
            counter += 1
        }
        return id
    }
}
