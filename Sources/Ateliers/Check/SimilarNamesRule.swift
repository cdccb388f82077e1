/// Rooms, tracks, people or attendees whose names differ only by case, accents, punctuation or spacing (or past
/// the 60 characters a feed name keeps): the check treats them as different, which may not be what was meant, and
/// their feeds get different file names (see ``FeedNames``).
public struct SimilarNamesRule: Rule {
    public init() {}
    public var name: String { "similar-names" }
    public var runsLong: Bool { true }
    public var severity: Diagnostic.Severity { .warning }

    /// - Complexity: O(n·p + a) for n sessions with p people each and a attendees.
    public func check(_ context: CheckContext) -> [Diagnostic] {
        let names = context.feedNames
        var found: [Diagnostic] = []
        for (kind, noun) in [
            (FeedKind.room, "rooms"), (.track, "tracks"), (.speaker, "people"), (.attendee, "attendees"),
        ] {
            let groups = names.lookalikes(kind)
            guard !groups.isEmpty else { continue }
            let sources = firstSources(kind, context)
            for group in groups {
                let listed = group.map { entry in
                    let label =
                        switch kind {
                        case .speaker: "«\(entry.name)»"
                        case .room, .track:
                            entry.name == entry.identity ? "'\(entry.identity)'" : "'\(entry.identity)' «\(entry.name)»"
                        default: "'\(entry.identity)'"
                        }
                    return "\(label) (\(names.path(kind, entry.identity)))"
                }
                found.append(
                    Diagnostic(
                        rule: name, severity: severity,
                        message: "\(noun) \(listed.dropLast().joined(separator: ", ")) and \(listed[listed.count - 1])"
                            + " differ only by case, accents, punctuation, spacing or length: they are checked as"
                            + " \(group.count) different \(noun), each with its own feed",
                        room: kind == .room ? group[0].name : nil, person: kind == .speaker ? group[0].name : nil,
                        sources: group.compactMap { sources[$0.identity] }.sorted()))
            }
        }
        return found
    }

    /// Where each identity first appears: a session's room or time line, an attendee's first pick.
    func firstSources(_ kind: FeedKind, _ context: CheckContext) -> [String: SourceLocation] {
        var sources: [String: SourceLocation] = [:]
        func note(_ identity: String, _ location: SourceLocation?) {
            if sources[identity] == nil, let location { sources[identity] = location }
        }
        switch kind {
        case .attendee:
            for attendee in context.attendees { note(attendee.id, attendee.pickSources.first) }
        default:
            for session in context.programme.sessions {
                switch kind {
                case .room: session.room.map { note($0, session.roomSource ?? session.sources.first) }
                case .track: session.track.map { note($0, session.sources.first) }
                default: for person in session.people { note(person.key, session.sources.first) }
                }
            }
        }
        return sources
    }
}
