/// When a session takes place: wall-clock times in the event's zone.
public struct Slot: Sendable, Hashable {
    public var start: LocalDateTime
    public var end: LocalDateTime

    public init(start: LocalDateTime, end: LocalDateTime) {
        self.start = start
        self.end = end
    }

    public init(date: LocalDate, start: LocalTime, end: LocalTime) {
        self.init(start: date.at(start), end: date.at(end))
    }
}

/// One part of a session's agenda ("Mot d’accueil", "Témoignages") with the people who speak in it.
public struct AgendaPart: Sendable, Hashable {
    public var title: String?
    public var speakers: [Person]
    /// Organisations named without a person ("Cités Unies France" under a conclusion).
    public var organisations: [String]
    /// Agenda items that are neither people nor parts ("Échanges avec la salle").
    public var items: [String]

    public init(title: String?, speakers: [Person] = [], organisations: [String] = [], items: [String] = []) {
        self.title = title
        self.speakers = speakers
        self.organisations = organisations
        self.items = items
    }
}

/// A session of the programme: an atelier, a plenary, a talk.
public struct Session: Sendable, Hashable, Identifiable {
    /// Stable and readable (`atelier-1`): feed UIDs derive from it.
    public var id: String
    public var title: String
    /// "Atelier", "Plénière", "Conférence"…
    public var kind: String?
    /// A track id.
    public var track: String?
    /// `nil` while unscheduled.
    public var slot: Slot?
    /// A room id.
    public var room: String?
    public var description: String?
    public var parts: [AgendaPart]
    public var moderators: [Person]
    public var chairs: [Person]
    public var url: String?

    /// Where the session is declared (its page's title line, a listing line, a YAML entry).
    public var sources: [SourceLocation]
    /// Where its time was read, for diagnostics about time.
    public var slotSource: SourceLocation?
    /// Where its room was read.
    public var roomSource: SourceLocation?
    /// The id was made from the title because the source had none; merging prefers a real one.
    public var hasDerivedID: Bool
    /// The `UID` the session had in a calendar it was read from, kept in feeds; `nil` for `<id>@<event id>`.
    public var uid: String?
    /// The session lasts whole days (an all-day calendar event): its slot runs from midnight to midnight and it
    /// never clashes by room.
    public var allDay: Bool
    /// `blocks: all`: the session clashes with every session at the same time, whatever its kind.
    public var blocksAll: Bool = false

    public init(
        id: String, title: String, kind: String? = nil, track: String? = nil, slot: Slot? = nil, room: String? = nil,
        description: String? = nil, parts: [AgendaPart] = [], moderators: [Person] = [], chairs: [Person] = [],
        url: String? = nil, sources: [SourceLocation] = [], slotSource: SourceLocation? = nil,
        roomSource: SourceLocation? = nil, hasDerivedID: Bool = false, uid: String? = nil, allDay: Bool = false
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.track = track
        self.slot = slot
        self.room = room
        self.description = description
        self.parts = parts
        self.moderators = moderators
        self.chairs = chairs
        self.url = url
        self.sources = sources
        self.slotSource = slotSource
        self.roomSource = roomSource
        self.hasDerivedID = hasDerivedID
        self.uid = uid
        self.allDay = allDay
    }

    /// Everyone named in the session, in any role, once each, in order of appearance.
    /// - Complexity: O(p) for p people named; a few are compared with each other, without hashing.
    public var people: [Person] {
        var count = moderators.count + chairs.count
        for part in parts { count += part.speakers.count }
        var all: [Person] = []
        all.reserveCapacity(count)
        // Most sessions name a handful of people: comparing keys is cheaper than a set.
        var seen: Set<String>? = count > 8 ? Set(minimumCapacity: count) : nil
        func add(_ people: [Person]) {
            for person in people {
                if seen != nil {
                    if seen!.insert(person.key).inserted { all.append(person) }
                } else if !all.contains(where: { $0.key == person.key }) {
                    all.append(person)
                }
            }
        }
        add(moderators)
        add(chairs)
        for part in parts { add(part.speakers) }
        return all
    }

    /// The location diagnostics about this session's time point at.
    public var timeLocation: SourceLocation? { slotSource ?? sources.first }
}
