/// What an importer reads from one file: a partial programme and what it could not read.
public struct ImportResult: Sendable {
    public var programme: Programme
    public var diagnostics: [Diagnostic]
    /// Sessions whose times the source gave as instants (UTC, or with an offset or zone), written here as wall
    /// clocks of `programme.event.timeZone`: merged into a programme in another zone, they are converted.
    public var sessionsFromInstants: Set<String>
    /// The source names no zone of its own: `programme.event.timeZone` is the importer's choice.
    public var zoneIsInferred: Bool

    public init(
        programme: Programme, diagnostics: [Diagnostic] = [], sessionsFromInstants: Set<String> = [],
        zoneIsInferred: Bool = false
    ) {
        self.programme = programme
        self.diagnostics = diagnostics
        self.sessionsFromInstants = sessionsFromInstants
        self.zoneIsInferred = zoneIsInferred
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
    /// Whether a file found in a folder given as a source is a programme in this format: a folder may hold
    /// attendee picks (`.csv`) or an export's `index.json` beside the programme.
    func acceptsInFolder(path: String, text: String) -> Bool
}

extension ProgrammeImporter {
    public func acceptsInFolder(path: String, text: String) -> Bool { accepts(path: path, text: text) }
}

extension Diagnostic {
    /// A second item of one file claiming an id already taken: an error, and the item is left out.
    static func duplicateID(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(rule: "duplicate-id", severity: .error, message: message, sources: [location])
    }
}

extension Diagnostic {
    /// A session of a hand-written source (YAML, CSV, page) that starts when it ends: likely a typo, though it is
    /// kept (and published) as an instant, as a calendar's zero-length event is.
    static func zeroLength(at time: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            rule: "zero-length", severity: .warning,
            message: "the session starts and ends at \(time): it is kept as an instant (no"
                + " duration, never in a clash); is the end a typo?",
            sources: [location])
    }

    /// `'a', 'b', 'c', 'd', 'e' and 12 more`: at most five ids quoted.
    static func listing(_ ids: [String]) -> String {
        let shown = ids.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
        return ids.count > 5 ? "\(shown) and \(ids.count - 5) more" : shown
    }
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
