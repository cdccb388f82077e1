/// One attendee who picked two sessions that overlap.
public struct AttendeeClashRule: Rule {
    public init() {}
    public var name: String { "attendee-clash" }
    public var severity: Diagnostic.Severity { .warning }

    /// - Complexity: O(a·k log k) for a attendees with k picks each.
    public func check(_ context: CheckContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for attendee in context.attendees {
            var source: [Int: SourceLocation] = [:]
            var items: [ScheduledSession] = []
            for (pick, location) in zip(attendee.picks, attendee.pickSources) {
                guard let item = context.placement[pick] else { continue }
                items.append(item)
                source[pick] = location
            }
            items.sort { ($0.start, $0.index) < ($1.start, $1.index) }
            for clash in ClashSweep.clashes(in: items) {
                let (a, b) = (context.session(clash.first), context.session(clash.second))
                found.append(
                    Diagnostic(
                        rule: name, severity: severity,
                        message: "attendee '\(attendee.id)' picked \(context.name(a)) and \(context.name(b)),"
                            + " which overlap at \(context.describe(start: clash.overlapStart, end: clash.overlapEnd))",
                        sessions: [.init(a), .init(b)], person: attendee.id, start: clash.overlapStart,
                        end: clash.overlapEnd,
                        sources: [source[clash.first.index], source[clash.second.index]].compactMap { $0 }))
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
        var picks = [Int](repeating: 0, count: context.programme.sessions.count)
        for attendee in context.attendees {
            for pick in attendee.picks { picks[pick] += 1 }
        }
        return context.programme.sessions.indices.compactMap { index in
            let session = context.programme.sessions[index]
            guard let room = context.programme.room(session.room), let capacity = room.capacity,
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
