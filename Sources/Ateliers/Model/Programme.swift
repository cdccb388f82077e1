public import ICal

/// Event-wide facts.
public struct EventInfo: Sendable, Hashable {
    /// Pins feed UIDs (`<session>@<id>`); defaults to a slug of the name.
    public var id: String?
    public var name: String?
    /// An IANA zone id, or `UTC` when the sources give instants and name no zone; `nil` when no zone is known
    /// (never invented).
    public var timeZone: String?
    public var venue: String?
    public var url: String?
    public var hours: OpeningHours?
    /// The days the event runs (`event.dates`); empty: not stated.
    public var dates: [LocalDate]
    /// Time one person needs between sessions in different rooms (`event.changeover`).
    public var changeover: Changeover?

    public init(
        id: String? = nil, name: String? = nil, timeZone: String? = nil, venue: String? = nil, url: String? = nil,
        hours: OpeningHours? = nil, dates: [LocalDate] = [], changeover: Changeover? = nil
    ) {
        self.dates = dates
        self.changeover = changeover
        self.id = id
        self.name = name
        self.timeZone = timeZone
        self.venue = venue
        self.url = url
        self.hours = hours
    }
}

/// The venue's daily opening hours.
public struct OpeningHours: Sendable, Hashable {
    public var open: LocalTime
    public var close: LocalTime

    public init(open: LocalTime, close: LocalTime) {
        self.open = open
        self.close = close
    }
}

/// The one model every importer produces and everything downstream reads.
public struct Programme: Sendable, Hashable {
    public var event: EventInfo
    public var rooms: [Room] {
        didSet { roomPositions.positions = nil }
    }
    public var tracks: [Track] {
        didSet { trackPositions.positions = nil }
    }
    public var sessions: [Session]
    /// People's declared availability (`people:` in YAML).
    public var availability: [Availability] = []
    /// How the check is configured (`checks:` in YAML).
    public var checks = CheckSettings()

    /// Where each room and track id is, for importers that add rooms by name one session at a time; dropped when
    /// the list is changed from outside and rebuilt on the next ``roomID(named:)``.
    private var roomPositions = IDPositions()
    private var trackPositions = IDPositions()

    public init(event: EventInfo = EventInfo(), rooms: [Room] = [], tracks: [Track] = [], sessions: [Session] = []) {
        self.event = event
        self.rooms = rooms
        self.tracks = tracks
        self.sessions = sessions
    }

    /// The zone times are read in: `UTC` when none is known, which compares wall clocks as written.
    public var timeZoneID: String { event.timeZone ?? TimeZoneRules.utc.identifier }

    /// The id feed UIDs end with.
    public var uidDomain: String {
        if let id = event.id, !id.isEmpty { return id }
        if let name = event.name, !TextKey.slug(name).isEmpty { return TextKey.slug(name) }
        return "ateliers"
    }

    /// Everyone named in any session, once each, in order of first appearance.
    public var people: [Person] {
        var seen = Set<String>()
        return sessions.flatMap(\.people).filter { seen.insert($0.key).inserted }
    }

    /// - Complexity: O(1) after ``roomID(named:)``, else O(r).
    public func room(_ id: String?) -> Room? {
        guard let id else { return nil }
        if let positions = roomPositions.positions { return positions[id].map { rooms[$0] } }
        return rooms.first { $0.id == id }
    }

    /// - Complexity: O(1) after ``trackID(named:)``, else O(t).
    public func track(_ id: String?) -> Track? {
        guard let id else { return nil }
        if let positions = trackPositions.positions { return positions[id].map { tracks[$0] } }
        return tracks.first { $0.id == id }
    }

    /// The id of the room of that name, added if the programme has none: for sources that name rooms only.
    /// - Complexity: amortised O(length of the name).
    public mutating func roomID(named name: String) -> String {
        let id = TextKey.identifier(name, kind: "room")
        var positions = roomPositions.positions ?? IDPositions.index(rooms.map(\.id))
        // Taken out, so adding an id does not copy the whole dictionary.
        roomPositions.positions = nil
        if positions[id] == nil {
            positions[id] = rooms.count
            rooms.append(Room(id: id, name: name))
        }
        roomPositions.positions = positions
        return id
    }

    /// The id of the track of that name, added if the programme has none.
    /// - Complexity: amortised O(length of the name).
    public mutating func trackID(named name: String) -> String {
        let id = TextKey.identifier(name, kind: "track")
        var positions = trackPositions.positions ?? IDPositions.index(tracks.map(\.id))
        trackPositions.positions = nil
        if positions[id] == nil {
            positions[id] = tracks.count
            tracks.append(Track(id: id, name: name))
        }
        trackPositions.positions = positions
        return id
    }

    /// The same programme without source locations or id provenance: what two formats must agree on.
    public func strippingProvenance() -> Programme {
        var copy = self
        copy.sessions = sessions.map {
            var session = $0
            session.sources = []
            session.slotSource = nil
            session.roomSource = nil
            session.hasDerivedID = false
            return session
        }
        return copy
    }
}

/// Positions of ids in a list: a cache, so it takes no part in a programme's equality or hash.
struct IDPositions: Sendable, Hashable {
    var positions: [String: Int]?

    static func == (lhs: IDPositions, rhs: IDPositions) -> Bool { true }
    func hash(into hasher: inout Hasher) {}

    /// Each id's first position.
    static func index(_ ids: [String]) -> [String: Int] {
        var positions: [String: Int] = [:]
        for (position, id) in ids.enumerated() where positions[id] == nil { positions[id] = position }
        return positions
    }
}
