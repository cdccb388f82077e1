/// A room of the venue.
public struct Room: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var capacity: Int?
    public var building: String?
    /// How many sessions the room holds at once (a poster hall, an expo floor); `nil` is one.
    public var capacitySessions: Int?
    /// When the room is open; empty: whenever the event is.
    public var open: [TimeWindow]

    public init(
        id: String, name: String, capacity: Int? = nil, building: String? = nil, capacitySessions: Int? = nil,
        open: [TimeWindow] = []
    ) {
        self.id = id
        self.name = name
        self.capacity = capacity
        self.building = building
        self.capacitySessions = capacitySessions
        self.open = open
    }
}

/// A thematic track ("parcours") that sessions belong to.
public struct Track: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
