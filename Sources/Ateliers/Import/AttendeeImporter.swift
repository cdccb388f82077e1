/// Attendees and the sessions they picked, resolved against a programme.
public struct AttendeeList: Sendable {
    public var attendees: [Attendee]
    public var diagnostics: [Diagnostic]

    public init(attendees: [Attendee] = [], diagnostics: [Diagnostic] = []) {
        self.attendees = attendees
        self.diagnostics = diagnostics
    }
}

/// Reads attendee picks from CSV (`attendee,session[,name,email]`, one row per pick) or YAML
/// (`attendees: [{id, name, email, sessions: […]}]`); a session is named by id or by title.
public struct AttendeeImporter: Sendable {
    public init() {}

    /// - Throws: ``InputError`` for a missing or empty file, a CSV without the `attendee` and `session` columns,
    ///   an unclosed quote, or malformed YAML.
    /// - Complexity: O(picks) after an O(sessions) index of ids and titles.
    public func load(path: String, programme: Programme) throws -> AttendeeList {
        try read(path: path, text: InputFile.readText(path), programme: programme)
    }

    /// ``load(path:programme:)`` of a file already read as text (the fuzz targets feed the readers this way):
    /// `path` chooses the format by its extension and names the file in messages.
    /// - Throws: ``InputError`` as ``load(path:programme:)`` does, the file's own problems aside.
    public func read(path: String, text: String, programme: Programme) throws -> AttendeeList {
        var resolver = PickResolver(file: path, programme: programme)
        let lowered = path.lowercased()
        if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") {
            try readYAML(text, path: path, into: &resolver)
        } else {
            try readCSV(text, path: path, into: &resolver)
        }
        return AttendeeList(attendees: resolver.attendees, diagnostics: resolver.diagnostics)
    }

    func readCSV(_ text: String, path: String, into resolver: inout PickResolver) throws {
        var header: CSVReader.Record?
        var columns: (attendee: Int, session: Int, name: Int?, email: Int?)?
        var headerError: InputError?
        let unclosed = CSVReader.forEachRecord(text) { record in
            guard headerError == nil else { return }
            guard let columns else {
                header = record
                let names = record.fields.map { TextKey.normalised($0) }
                func column(_ candidates: [String]) -> Int? { names.firstIndex { candidates.contains($0) } }
                guard let attendee = column(["attendee", "participant", "attendee id"]),
                    let session = column(["session", "session id"])
                else {
                    headerError = InputError(
                        file: path, line: record.line,
                        message: "the header must name the columns 'attendee' and 'session'"
                            + " (found: \(record.fields.joined(separator: ", ")))")
                    return
                }
                columns = (attendee, session, column(["name", "nom"]), column(["email", "e-mail", "courriel"]))
                return
            }
            let location = SourceLocation(file: path, line: record.line)
            func value(_ column: Int?) -> String? {
                guard let column, column < record.fields.count else { return nil }
                let text = record.fields[column].trimmingSpaces
                return text.isEmpty ? nil : text
            }
            guard let attendee = value(columns.attendee), let session = value(columns.session) else {
                resolver.unreadable("a pick needs an attendee and a session", at: location)
                return
            }
            resolver.add(
                attendee: attendee, name: value(columns.name), email: value(columns.email), session: session,
                at: location)
        }
        if let headerError { throw headerError }
        if let unclosed {
            throw InputError(file: path, line: unclosed, message: "a quoted field opened here never closes")
        }
        if header == nil { throw InputError(file: path, message: "the file is empty") }
    }

    func readYAML(_ text: String, path: String, into resolver: inout PickResolver) throws {
        let root = try YAMLValue.document(text, file: path)
        let reader = YAMLReader(file: path)
        guard let root, let list = root["attendees"] else {
            throw InputError(file: path, line: root?.mark.line, message: "expected 'attendees:' with a list")
        }
        for node in try reader.list(list, "attendees") {
            try reader.checkKeys(node, ["id", "name", "email", "sessions"], in: "an attendee")
            let id = try reader.required(node, "id", in: "an attendee")
            let name = try reader.string(node["name"], "name")
            let email = try reader.string(node["email"], "email")
            let sessions = try reader.list(node["sessions"], "sessions")
            if sessions.isEmpty { resolver.declare(attendee: id, name: name, email: email, at: reader.location(node)) }
            for sessionNode in sessions {
                guard let session = try reader.string(sessionNode, "sessions") else { continue }
                resolver.add(attendee: id, name: name, email: email, session: session, at: reader.location(sessionNode))
            }
        }
    }
}

/// Turns (attendee, session reference) pairs into attendees with resolved picks.
struct PickResolver {
    let file: String
    let sessionByID: [String: Int]
    let sessionByTitle: [String: Int]
    /// The id of each session, by position: picks are kept as ids.
    let sessionIDs: [String]
    var attendees: [Attendee] = []
    /// Attendee ids as the file writes them (spaces around aside): `Marie Curie` and `MARIE-CURIE` are two
    /// attendees, with two feeds (see ``FeedNames``); `nil` for an id refused.
    var attendeeIndex: [String: Int?] = [:]
    var firstPick: [PickKey: SourceLocation] = [:]
    /// Session references already resolved: the same title is named by many rows.
    var resolved: [String: Int?] = [:]
    var diagnostics: [Diagnostic] = []

    struct PickKey: Hashable {
        var attendee: Int
        var session: Int
    }

    init(file: String, programme: Programme) {
        self.file = file
        self.sessionIDs = programme.sessions.map(\.id)
        var byID: [String: Int] = [:]
        var byTitle: [String: Int] = [:]
        for (index, session) in programme.sessions.enumerated() {
            if byID[session.id] == nil { byID[session.id] = index }
            let title = TextKey.normalised(session.title)
            if byTitle[title] == nil { byTitle[title] = index }
        }
        sessionByID = byID
        sessionByTitle = byTitle
    }

    /// The attendee of that id, added on first sight; `nil` (reported once, at its first line) for an id that
    /// cannot name a feed file.
    @discardableResult
    mutating func declare(attendee raw: String, name: String?, email: String?, at location: SourceLocation) -> Int? {
        let id = raw.trimmingSpaces
        if let known = attendeeIndex[id] {
            if let index = known {
                if attendees[index].name == nil { attendees[index].name = name }
                if attendees[index].email == nil { attendees[index].email = email }
            }
            return known
        }
        if let problem = Self.problem(withID: id) {
            attendeeIndex[id] = .some(nil)
            diagnostics.append(
                Diagnostic(
                    rule: "invalid-id", severity: .error,
                    message: "the attendee id '\(Self.escaped(id))' \(problem): the attendee's picks are left out",
                    sources: [location]))
            return nil
        }
        attendeeIndex[id] = attendees.count
        attendees.append(Attendee(id: id, name: name, email: email))
        return attendees.count - 1
    }

    /// Why an attendee id cannot be used, if it cannot: it names a personal feed and appears in messages.
    static func problem(withID id: String) -> String? {
        if id.isEmpty { return "is empty" }
        if id == "." || id == ".." { return "names a folder" }
        if id.contains("/") { return "contains '/'" }
        if id.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return "contains a control character"
        }
        if id.count > maximumIDLength { return "is longer than \(maximumIDLength) characters" }
        return nil
    }

    static let maximumIDLength = 200

    /// Control characters as `\u{1B}`, so that a message cannot drive the terminal.
    static func escaped(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                output += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    mutating func add(
        attendee raw: String, name: String?, email: String?, session reference: String, at location: SourceLocation
    ) {
        guard let attendee = declare(attendee: raw, name: name, email: email, at: location) else { return }
        let known = resolved[reference] ?? (sessionByID[reference] ?? sessionByTitle[TextKey.normalised(reference)])
        resolved[reference] = known
        guard let session = known else {
            diagnostics.append(
                Diagnostic(
                    rule: "unknown-reference", severity: .error,
                    message:
                        "attendee '\(attendees[attendee].id)' picks '\(reference)', which names no session (by id or title)",
                    person: attendees[attendee].id, sources: [location]))
            return
        }
        let key = PickKey(attendee: attendee, session: session)
        if let first = firstPick[key] {
            diagnostics.append(
                Diagnostic(
                    rule: "duplicate-pick", severity: .warning,
                    message:
                        "attendee '\(attendees[attendee].id)' picks '\(reference)' again (first at line \(first.line)); counted once",
                    person: attendees[attendee].id, sources: [location, first]))
            return
        }
        firstPick[key] = location
        attendees[attendee].picks.append(sessionIDs[session])
        attendees[attendee].pickSources.append(location)
    }

    mutating func unreadable(_ message: String, at location: SourceLocation) {
        diagnostics.append(
            Diagnostic(rule: "unreadable-line", severity: .warning, message: message, sources: [location]))
    }
}

extension String {
    /// Without surrounding spaces of any kind (NBSP included).
    var trimmingSpaces: String { PageParser.trim(self) }
}
