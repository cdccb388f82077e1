/// Someone attending, with the sessions they picked: a personal agenda.
public struct Attendee: Sendable, Hashable, Identifiable {
    /// Stable id, as the source writes it (never empty, `.`, `..`, with `/` or control characters); the
    /// personal feed's file name is made from it by ``FeedNames``.
    public var id: String
    public var name: String?
    public var email: String?
    /// Indices into the programme's sessions, once each, in the order picked.
    public var picks: [Int]
    /// Where each pick was read, parallel to ``picks``.
    public var pickSources: [SourceLocation]

    public init(
        id: String, name: String? = nil, email: String? = nil, picks: [Int] = [], pickSources: [SourceLocation] = []
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.picks = picks
        self.pickSources = pickSources
    }
}
