/// One attendee who picked sessions that overlap: one diagnostic per group of them.
public struct AttendeeClashRule: Rule {
    public init() {}
    public var name: String { "attendee-clash" }
    public var runsLong: Bool { true }
    public var severity: Diagnostic.Severity { .warning }

    /// - Complexity: O(a·k log k) for a attendees with k picks each.
    public func check(_ context: CheckContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for attendee in context.attendees {
            var source: [Int: SourceLocation] = [:]
            var items: [ScheduledSession] = []
            for (pick, location) in zip(attendee.picks, attendee.pickSources) {
                // A break, meal or registration in an agenda is no choice between sessions.
                guard let item = context.placement(ofID: pick), context.roles[item.index] != .service else { continue }
                items.append(item)
                source[item.index] = location
            }
            items.sort { ($0.start, $0.index) < ($1.start, $1.index) }
            for group in ClashSweep.groups(in: items) {
                let sessions = group.members.map(context.session)
                let when = context.describe(start: group.overlapStart, end: group.overlapEnd)
                let message =
                    sessions.count == 2
                    ? "attendee '\(attendee.id)' picked \(context.name(sessions[0])) and \(context.name(sessions[1])),"
                        + " which overlap at \(when)"
                    : "attendee '\(attendee.id)' picked \(sessions.count) sessions that overlap at \(when)"
                        + " (\(plural(group.pairs, "overlapping pair"))): \(context.listing(group.members, context.name))"
                found.append(
                    Diagnostic(
                        rule: name, severity: severity, message: message, sessions: sessions.map { .init($0) },
                        person: attendee.id, start: group.overlapStart, end: group.overlapEnd,
                        sources: group.members.prefix(CheckContext.listedMembers).compactMap { source[$0.index] },
                        pairs: group.pairs))
            }
        }
        return found
    }
}

/// More attendees picked a session than its room holds.
public struct OverCapacityRule: Rule {
    public init() {}
    public var name: String { "over-capacity" }
    public var severity: Diagnostic.Severity { .warning }

    /// - Complexity: O(a·k + n) plus a free-room search per session over capacity.
    public func check(_ context: CheckContext) -> [Diagnostic] {
        guard !context.attendees.isEmpty else { return [] }
        let rooms = Dictionary(context.programme.rooms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var picks = [Int](repeating: 0, count: context.programme.sessions.count)
        for attendee in context.attendees {
            for pick in attendee.picks { if let index = context.indexOfID[pick] { picks[index] += 1 } }
        }
        return context.programme.sessions.indices.compactMap { index in
            let session = context.programme.sessions[index]
            guard let room = session.room.flatMap({ rooms[$0] }), let capacity = room.capacity,
                picks[index] > capacity
            else { return nil }
            let item = context.placement[index]
            let free = item.flatMap { context.freeRoom(for: $0, instead: room.id, holding: picks[index]) }
            return Diagnostic(
                rule: name, severity: severity,
                message: "\(context.name(session)) has \(picks[index]) attendees but \(room.name) holds \(capacity)",
                sessions: [.init(session)], room: room.name, start: item?.start, end: item?.end,
                sources: [session.roomSource ?? session.sources.first].compactMap { $0 },
                suggestion: free.map {
                    "move it to \($0.name) (\($0.capacity.map { "holds \($0)" } ?? "no stated capacity")), free then"
                })
        }
    }
}
