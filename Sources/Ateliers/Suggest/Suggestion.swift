/// What `ateliers suggest` proposes: the changes, in the order they were found and applied, what they could not
/// resolve and why, and the programme with every change applied.
public struct Suggestion: Sendable {
    public var changes: [ScheduleChange]
    public var unresolved: [UnresolvedFinding]
    /// The programme with every change applied.
    public var programme: Programme
    /// How many distinct rooms the sessions without a room were given.
    public var roomsUsed: Int

    public init(changes: [ScheduleChange], unresolved: [UnresolvedFinding], programme: Programme, roomsUsed: Int) {
        self.changes = changes
        self.unresolved = unresolved
        self.programme = programme
        self.roomsUsed = roomsUsed
    }

    /// The findings the changes resolve, each once, in the order of the changes.
    public var resolved: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return changes.flatMap(\.resolves).filter { seen.insert($0).inserted }
    }
}

/// Where a session is, before or after a change: its room and its time.
public struct SessionPlace: Sendable, Hashable {
    /// A room id.
    public var room: String?
    /// Wall clocks, as the programme writes them.
    public var slot: Slot
    /// The same interval as instants.
    public var start: Int64
    public var end: Int64

    public init(room: String?, slot: Slot, start: Int64, end: Int64) {
        self.room = room
        self.slot = slot
        self.start = start
        self.end = end
    }
}

/// One change to one session, with the findings it resolves.
public struct ScheduleChange: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable, CaseIterable {
        /// A session without a room is given one.
        case assignRoom = "assign-room"
        /// A session goes to another room at the same time.
        case moveRoom = "move-room"
        /// A session goes to another time, the same day, in the same room.
        case moveSlot = "move-slot"
    }

    public var action: Action
    public var session: Diagnostic.SessionReference
    public var before: SessionPlace
    public var after: SessionPlace
    /// The findings that are gone once this change (and the changes before it) are applied.
    public var resolves: [Diagnostic]
    /// For a move to another time: how many of the attendees who picked the session have another pick then.
    public var attendeesInClash: Int
    /// How many attendees picked the session, when picks are known.
    public var attendees: Int?

    public init(
        action: Action, session: Diagnostic.SessionReference, before: SessionPlace, after: SessionPlace,
        resolves: [Diagnostic], attendeesInClash: Int = 0, attendees: Int? = nil
    ) {
        self.action = action
        self.session = session
        self.before = before
        self.after = after
        self.resolves = resolves
        self.attendeesInClash = attendeesInClash
        self.attendees = attendees
    }
}

/// A finding the suggester could not resolve, with the reason in plain words.
public struct UnresolvedFinding: Sendable, Hashable {
    public var diagnostic: Diagnostic
    /// "no room large enough for 'x' (120 picks; the largest free room holds 80)".
    public var reason: String

    public init(diagnostic: Diagnostic, reason: String) {
        self.diagnostic = diagnostic
        self.reason = reason
    }
}
