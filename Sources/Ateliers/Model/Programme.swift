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

    public init(
        id: String? = nil, name: String? = nil, timeZone: String? = nil, venue: String? = nil, url: String? = nil,
        hours: OpeningHours? = nil
    ) {
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
    public var rooms: [Room]
    public var tracks: [Track]
    public var sessions: [Session]

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

    public func room(_ id: String?) -> Room? {
        guard let id else { return nil }
        return rooms.first { $0.id == id }
    }

    public func track(_ id: String?) -> Track? {
        guard let id else { return nil }
        return tracks.first { $0.id == id }
    }

    /// The id of the room of that name, added if the programme has none: for sources that name rooms only.
    public mutating func roomID(named name: String) -> String {
        let id = TextKey.slug(name)
        if !rooms.contains(where: { $0.id == id }) { rooms.append(Room(id: id, name: name)) }
        return id
    }

    /// The id of the track of that name, added if the programme has none.
    public mutating func trackID(named name: String) -> String {
        let id = TextKey.slug(name)
        if !tracks.contains(where: { $0.id == id }) { tracks.append(Track(id: id, name: name)) }
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
