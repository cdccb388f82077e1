import ICal

/// A stretch of wall-clock time on one day, or on every day when ``date`` is `nil`: a room's opening, a person's
/// availability. Compared as wall clocks, the way people declare them ("open 08:30–18:00").
public struct TimeWindow: Sendable, Hashable, CustomStringConvertible {
    /// `nil`: every day of the event.
    public var date: LocalDate?
    public var start: LocalTime
    /// Minutes since midnight, after ``start``: 1440 is the midnight that ends the day (`24:00`).
    public var endMinute: Int
    /// Where the window is declared.
    public var source: SourceLocation?

    public init(date: LocalDate? = nil, start: LocalTime, endMinute: Int, source: SourceLocation? = nil) {
        self.date = date
        self.start = start
        self.endMinute = endMinute
        self.source = source
    }

    /// `24:00`, or the time of ``endMinute``.
    public var endText: String {
        endMinute == 1440 ? "24:00" : LocalTime(hour: endMinute / 60, minute: endMinute % 60).description
    }

    /// `2023-09-19 08:30–18:00`, or `08:30–18:00` for every day.
    public var description: String { "\(date.map { "\($0) " } ?? "")\(start)–\(endText)" }

    /// The window on `day`, as wall-clock seconds (``LocalDateTime/secondsSinceEpochAsUTC``); `nil` when the window
    /// belongs to another day.
    public func wallSeconds(on day: LocalDate) -> ClosedRange<Int64>? {
        if let date, date != day { return nil }
        let midnight = day.at(LocalTime(hour: 0, minute: 0)).secondsSinceEpochAsUTC
        return (midnight + Int64(start.minutesSinceMidnight) * 60)...(midnight + Int64(endMinute) * 60)
    }
}

/// How much time one person needs between sessions in different rooms (`event.changeover`).
public struct Changeover: Sendable, Hashable {
    /// Between two rooms, in seconds.
    public var rooms: Int
    /// Between rooms of different buildings, in seconds, when it differs.
    public var buildings: Int?
    public var source: SourceLocation?

    public init(rooms: Int, buildings: Int? = nil, source: SourceLocation? = nil) {
        self.rooms = rooms
        self.buildings = buildings
        self.source = source
    }
}

/// When a person (speaker, moderator, chair) can be scheduled (`people[].available`).
public struct Availability: Sendable, Hashable {
    public var person: Person
    /// The person is available only inside these windows.
    public var windows: [TimeWindow]
    public var source: SourceLocation?

    public init(person: Person, windows: [TimeWindow], source: SourceLocation? = nil) {
        self.person = person
        self.windows = windows
        self.source = source
    }
}

/// What a rule's findings become: its severity, or nothing at all.
public enum RuleSetting: String, Sendable, Hashable, CaseIterable {
    case error, warning, info, ignore
}

/// A known, accepted finding: a rule's diagnostic about exactly these sessions (or some of them) becomes an
/// `info` line with the reason.
public struct Acknowledgement: Sendable, Hashable {
    public var rule: String
    /// Session ids; a diagnostic is acknowledged when every session it names is among them.
    public var sessions: [String]
    public var reason: String
    public var source: SourceLocation?

    public init(rule: String, sessions: [String], reason: String, source: SourceLocation? = nil) {
        self.rule = rule
        self.sessions = sessions
        self.reason = reason
        self.source = source
    }
}

/// The programme's configuration of the check (`checks:` in YAML).
public struct CheckSettings: Sendable, Hashable {
    /// Severity per rule name, in the order given.
    public var rules: [RuleConfiguration]
    public var acknowledged: [Acknowledgement]

    public init(rules: [RuleConfiguration] = [], acknowledged: [Acknowledgement] = []) {
        self.rules = rules
        self.acknowledged = acknowledged
    }

    public var isEmpty: Bool { rules.isEmpty && acknowledged.isEmpty }

    /// The setting for a rule, if the programme gives one.
    public func setting(for rule: String) -> RuleSetting? { rules.first { $0.rule == rule }?.setting }
}

/// `track-clash: error`.
public struct RuleConfiguration: Sendable, Hashable {
    public var rule: String
    public var setting: RuleSetting
    public var source: SourceLocation?

    public init(rule: String, setting: RuleSetting, source: SourceLocation? = nil) {
        self.rule = rule
        self.setting = setting
        self.source = source
    }
}

/// What a session's kind means to the check.
public enum SessionRole: Sendable, Hashable {
    /// A talk, workshop, panel: the ordinary rules.
    case regular
    /// Everyone is expected: it clashes with every session at the same time (`plenary-overlap`).
    case plenary
    /// A break, meal or registration: holds its room, has no speakers, and takes no part in attendee clashes.
    case service
}

extension Session {
    /// Kinds (compared as ``TextKey/normalised(_:)``) that make a session a plenary.
    static let plenaryKinds: Set<String> = ["plenary", "plenary session", "pleniere", "seance pleniere", "plenaire"]
    /// Kinds that make a session a break or service session.
    static let serviceKinds: Set<String> = [
        "break", "coffee break", "coffee", "pause", "pause cafe", "pause-cafe", "lunch", "lunch break", "meal",
        "dinner", "breakfast", "repas", "dejeuner", "diner", "petit-dejeuner", "petit dejeuner", "cocktail",
        "registration", "inscription", "inscriptions", "service",
    ]

    /// ``SessionRole/plenary`` for `kind: plenary` / `plénière` or `blocks: all`; ``SessionRole/service`` for breaks,
    /// meals and registration; else ``SessionRole/regular``.
    public var role: SessionRole {
        if blocksAll { return .plenary }
        guard let kind else { return .regular }
        let key = TextKey.normalised(kind)
        if Self.plenaryKinds.contains(key) { return .plenary }
        if Self.serviceKinds.contains(key) { return .service }
        return .regular
    }
}
