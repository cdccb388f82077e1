public import Ateliers

/// One personal agenda: whoever holds its token owns it.
public struct Agenda: Sendable, Hashable {
    /// The capability: 128 random bits, URL-safe base64 without padding (22 characters).
    public var token: String
    /// The attendee it was made for (`--attendees`, `agendas import`); `nil` for one made in the builder.
    public var attendee: String?
    /// Session ids, once each, in the order picked.
    public var picks: [String]
    /// When it was created and last saved, in seconds since the epoch.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(token: String, attendee: String?, picks: [String], createdAt: Int64, updatedAt: Int64) {
        self.token = token
        self.attendee = attendee
        self.picks = picks
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Where personal agendas live: SQLite (``SQLiteAgendaStore``) by default; another database can take its place.
/// Safe to use from any task.
public protocol AgendaStore: Sendable {
    /// Creates an agenda with a new token.
    /// - Throws: ``OutputError`` naming the store when it cannot be written.
    func create(picks: [String], now: Int64) async throws -> Agenda
    /// The agenda whose token this is, compared in constant time; `nil` for any other string.
    /// - Throws: ``OutputError`` naming the store when it cannot be read.
    func agenda(token: String) async throws -> Agenda?
    /// Replaces the picks of the agenda whose token this is.
    /// - Returns: the agenda as saved, or `nil` when no agenda has this token.
    func save(token: String, picks: [String], now: Int64) async throws -> Agenda?
    /// Gives each attendee that has none yet an agenda (keyed by attendee id) with their picks; attendees who
    /// have one keep it as it is (their token, and the picks saved since).
    /// - Returns: how many agendas were created.
    func importAttendees(_ attendees: [Attendee], now: Int64) async throws -> Int
    /// The agendas made for attendees, by attendee id.
    func attendeeAgendas() async throws -> [Agenda]
}
