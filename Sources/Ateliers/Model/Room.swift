/// A room of the venue.
public struct Room: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var capacity: Int?
    public var building: String?

    public init(id: String, name: String, capacity: Int? = nil, building: String? = nil) {
        self.id = id
        self.name = name
        self.capacity = capacity
        self.building = building
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
