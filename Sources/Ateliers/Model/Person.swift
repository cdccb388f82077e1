/// Someone named in the programme: a speaker, moderator or chair.
public struct Person: Sendable, Hashable {
    /// The name exactly as the source writes it.
    public var name: String {
        didSet { key = TextKey.normalised(name) }
    }
    /// Roles and affiliations, as written ("Maire de Dijon").
    public var roles: [String]

    public init(name: String, roles: [String] = []) {
        self.name = name
        self.roles = roles
        self.key = TextKey.normalised(name)
    }

    /// Identity: two spellings of one name (case, accents, spaces, apostrophes) are one person.
    public private(set) var key: String
}
