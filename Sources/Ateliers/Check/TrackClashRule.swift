import ICal

/// Sessions of one track at the same time: someone following the track must miss one. One diagnostic per group.
public struct TrackClashRule: Rule {
    public init() {}
    public var name: String { "track-clash" }
    public var severity: Diagnostic.Severity { .warning }

    public var explanation: String {
        RuleCatalogue.explanation(
            """
            Reports sessions of the same track that overlap in time, wherever they are: someone who follows the
            track has to miss one. Back-to-back sessions do not overlap, and all-day sessions are left out. One
            finding per group of overlapping sessions of a track.
            """, name: name, severity: severity,
            acknowledging: (["a", "b"], "two halves of one workshop"),
            example: "p.yaml:8: warning[track-clash]: 'a' «Water» and 'b' «Energy» of track Climat overlap at"
                + " 2023-09-19 09:30–10:00")
    }

    /// - Complexity: O(n log n), however many sessions overlap.
    public func check(_ context: CheckContext) -> [Diagnostic] {
        let tracks = Dictionary(
            context.programme.tracks.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return ClashSweep.group(context) { index in
            context.programme.sessions[index].allDay ? [] : context.programme.sessions[index].track.map { [$0] } ?? []
        }.flatMap {
            track, items in
            ClashSweep.groups(in: items).map { group in
                let sessions = group.members.map(context.session)
                let trackName = tracks[track] ?? track
                let when = context.describe(start: group.overlapStart, end: group.overlapEnd)
                let message =
                    sessions.count == 2
                    ? "\(context.name(sessions[0])) and \(context.name(sessions[1])) of track \(trackName) overlap"
                        + " at \(when)"
                    : "\(sessions.count) sessions of track \(trackName) overlap at \(when)"
                        + " (\(plural(group.pairs, "overlapping pair"))): \(context.listing(group.members, context.name))"
                return Diagnostic(
                    rule: name, severity: severity, message: message, sessions: sessions.map { .init($0) },
                    start: group.overlapStart, end: group.overlapEnd,
                    sources: sessions.prefix(CheckContext.listedMembers).compactMap(\.timeLocation), pairs: group.pairs)
            }
        }
    }
}
