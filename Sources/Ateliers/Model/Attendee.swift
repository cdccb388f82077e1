/// Someone attending, with the sessions they picked: a personal agenda.
public struct Attendee: Sendable, Hashable, Identifiable {
    /// Stable id, as the source writes it (never empty, `.`, `..`, with `/` or control characters); the
    /// personal feed's file name is made from it by ``FeedNames``.
    public var id: String
    public var name: String?
    public var email: String?
    /// Session ids, once each, in the order picked: ids, not positions, so that picks keep their meaning when the
    /// programme changes.
    public var picks: [String]
    /// Where each pick was read, parallel to ``picks``.
    public var pickSources: [SourceLocation]

    public init(
        id: String, name: String? = nil, email: String? = nil, picks: [String] = [], pickSources: [SourceLocation] = []
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.picks = picks
        self.pickSources = pickSources
    }
}
