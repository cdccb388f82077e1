/// One finding about a programme: data, not an exception.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
        case error
        case warning
        /// Reported, never failing: an acknowledged finding, or a rule configured down to `info`.
        case info

        var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .info: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A session a diagnostic names.
    public struct SessionReference: Sendable, Hashable {
        public var id: String
        public var title: String

        public init(id: String, title: String) {
            self.id = id
            self.title = title
        }

        public init(_ session: Session) { self.init(id: session.id, title: session.title) }
    }

    /// Stable name: `room-clash`, `speaker-clash`, …
    public var rule: String
    public var severity: Severity
    public var message: String
    public var sessions: [SessionReference]
    /// The room's display name, for room rules.
    public var room: String?
    /// The person's display name (or attendee id), for person rules.
    public var person: String?
    /// The interval concerned (for clashes, the overlap), as instants.
    public var start: Int64?
    public var end: Int64?
    public var sources: [SourceLocation]
    /// A proposed fix, when the rule can find one.
    public var suggestion: String?
    /// For clash groups, how many pairs of ``sessions`` overlap.
    public var pairs: Int?

    public init(
        rule: String, severity: Severity, message: String, sessions: [SessionReference] = [], room: String? = nil,
        person: String? = nil, start: Int64? = nil, end: Int64? = nil, sources: [SourceLocation] = [],
        suggestion: String? = nil, pairs: Int? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.sessions = sessions
        self.room = room
        self.person = person
        self.start = start
        self.end = end
        self.sources = sources
        self.suggestion = suggestion
        self.pairs = pairs
    }
}

extension [Diagnostic] {
    public var errorCount: Int { count { $0.severity == .error } }
    public var warningCount: Int { count { $0.severity == .warning } }
    public var infoCount: Int { count { $0.severity == .info } }

    /// Errors first, then by first source, rule and sessions: the same input always prints the same report.
    /// - Complexity: O(d log d).
    public func sortedForReport() -> [Diagnostic] {
        sorted { left, right in
            if left.severity != right.severity { return left.severity < right.severity }
            let a = left.sources.first ?? SourceLocation(file: "", line: 0)
            let b = right.sources.first ?? SourceLocation(file: "", line: 0)
            if a != b { return a < b }
            if left.rule != right.rule { return left.rule < right.rule }
            if left.person != right.person { return (left.person ?? "") < (right.person ?? "") }
            return left.sessions.map(\.id).lexicographicallyPrecedes(right.sessions.map(\.id))
        }
    }
}
