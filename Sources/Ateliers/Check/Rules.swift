import ICal

/// Sessions in one room at once: one diagnostic per group of sessions that overlap there.
public struct RoomClashRule: Rule {
    public init() {}
    public var name: String { "room-clash" }
    public var severity: Diagnostic.Severity { .error }

    /// - Complexity: O(n log n), however many sessions overlap.
    public func check(_ context: CheckContext) -> [Diagnostic] {
        let rooms = Dictionary(context.programme.rooms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // All-day events (a calendar's "whole day" entries) hold no room: they never clash by room.
        return ClashSweep.group(context) { index in
            context.programme.sessions[index].allDay ? [] : context.programme.sessions[index].room.map { [$0] } ?? []
        }.flatMap {
            room, items -> [Diagnostic] in
            if let shared = rooms[room], let holds = shared.capacitySessions, holds > 1 {
                return sharedRoomDiagnostics(shared, holding: holds, items, context)
            }
            return ClashSweep.groups(in: items).map { group in
                let sessions = group.members.map(context.session)
                let roomName = rooms[room]?.name ?? room
                let last = group.members[group.members.count - 1]
                let free = context.freeRoom(for: last, instead: room, holding: rooms[room]?.capacity ?? 0)
                let when = context.describe(start: group.overlapStart, end: group.overlapEnd)
                let message =
                    sessions.count == 2
                    ? "\(context.name(sessions[0])) and \(context.name(sessions[1])) are both in \(roomName) at \(when)"
                        + " (\((group.overlapEnd - group.overlapStart) / 60) min overlap)"
                    : "\(sessions.count) sessions overlap in \(roomName) at \(when)"
                        + " (\(plural(group.pairs, "overlapping pair"))): \(context.listing(group.members, context.name))"
                return Diagnostic(
                    rule: name, severity: severity, message: message, sessions: sessions.map { .init($0) },
                    room: roomName, start: group.overlapStart, end: group.overlapEnd,
                    sources: sessions.prefix(CheckContext.listedMembers).compactMap(\.timeLocation),
                    suggestion: free.map {
                        "move \(context.name(context.session(last))) to \($0.name), free at "
                            + context.describe(start: last.start, end: last.end)
                    }, pairs: group.pairs)
            }
        }
    }
}

/// One person in sessions that overlap, in any role (speaker, moderator, chair): one diagnostic per group.
public struct SpeakerClashRule: Rule {
    public init() {}
    public var name: String { "speaker-clash" }
    public var runsLong: Bool { true }
    public var severity: Diagnostic.Severity { .error }

    /// - Complexity: O(n·p log n) for n sessions with p people each.
    public func check(_ context: CheckContext) -> [Diagnostic] {
        // One display name per person: the spelling of their first appearance.
        let names = context.personNames
        // Breaks, meals and registration have no speakers: a name on one is a contact, not a booking.
        return ClashSweep.group(context) { context.roles[$0] == .service ? [] : context.personKeys[$0] }.flatMap {
            key, items in
            ClashSweep.groups(in: items).map { group in
                let sessions = group.members.map(context.session)
                let person = names[key] ?? key
                let when = context.describe(start: group.overlapStart, end: group.overlapEnd)
                let message =
                    sessions.count == 2
                    ? "\(person) is in \(context.name(sessions[0])) (\(role(of: key, in: sessions[0])))"
                        + " and \(context.name(sessions[1])) (\(role(of: key, in: sessions[1]))) at \(when)"
                    : "\(person) is in \(sessions.count) sessions that overlap at \(when)"
                        + " (\(plural(group.pairs, "overlapping pair"))): "
                        + context.listing(group.members) { "\(context.name($0)) (\(role(of: key, in: $0)))" }
                return Diagnostic(
                    rule: name, severity: severity, message: message, sessions: sessions.map { .init($0) },
                    person: person, start: group.overlapStart, end: group.overlapEnd,
                    sources: sessions.prefix(CheckContext.listedMembers).compactMap(\.timeLocation),
                    pairs: group.pairs)
            }
        }
    }

    func role(of key: String, in session: Session) -> String {
        if session.moderators.contains(where: { $0.key == key }) { return "moderator" }
        if session.chairs.contains(where: { $0.key == key }) { return "chair" }
        return "speaker"
    }
}

/// A scheduled session with no room.
public struct MissingRoomRule: Rule {
    public init() {}
    public var name: String { "missing-room" }
    public var severity: Diagnostic.Severity { .warning }

    public func check(_ context: CheckContext) -> [Diagnostic] {
        context.scheduled.compactMap { item in
            let session = context.session(item)
            guard session.room == nil else { return nil }
            return Diagnostic(
                rule: name, severity: severity,
                message:
                    "\(context.name(session)) is scheduled at \(context.describe(start: item.start, end: item.end))"
                    + " but has no room",
                sessions: [.init(session)], start: item.start, end: item.end,
                sources: [session.roomSource ?? session.timeLocation].compactMap { $0 })
        }
    }
}

/// A session with no date and time: it cannot be in a feed.
public struct UnscheduledRule: Rule {
    public init() {}
    public var name: String { "unscheduled" }
    public var severity: Diagnostic.Severity { .warning }

    public func check(_ context: CheckContext) -> [Diagnostic] {
        context.programme.sessions.filter { $0.slot == nil }.map { session in
            Diagnostic(
                rule: name, severity: severity,
                message: "\(context.name(session)) has no date and time: it is left out of the feeds",
                sessions: [.init(session)], sources: Array(session.sources.prefix(1)))
        }
    }
}

/// A session whose end is before its start, or whose wall-clock time does not exist in the zone. A start equal to
/// the end is an instant (a deadline), not an error; importers of hand-written formats warn about it.
public struct InvalidTimeRule: Rule {
    public init() {}
    public var name: String { "invalid-time" }
    public var severity: Diagnostic.Severity { .error }

    public func check(_ context: CheckContext) -> [Diagnostic] {
        context.unusualTimes.compactMap { index in
            let session = context.programme.sessions[index]
            guard let slot = session.slot else { return nil }
            let start = context.zone.resolve(slot.start)
            let end = context.zone.resolve(slot.end)
            if end.instant < start.instant {
                return Diagnostic(
                    rule: name, severity: severity,
                    message: "\(context.name(session)) ends at \(slot.end.date) \(slot.end.time), before its start"
                        + " at \(slot.start.date) \(slot.start.time)",
                    sessions: [.init(session)], sources: [session.timeLocation].compactMap { $0 })
            }
            for (label, wall, resolution) in [("start", slot.start, start), ("end", slot.end, end)] {
                if case .skipped = resolution {
                    return Diagnostic(
                        rule: name, severity: severity,
                        message: "\(context.name(session)) has a \(label) (\(wall.date) \(wall.time)) that does not"
                            + " exist in \(context.zone.identifier): the clocks go forward then",
                        sessions: [.init(session)], sources: [session.timeLocation].compactMap { $0 })
                }
            }
            return nil
        }
    }
}

/// A session starting or ending in the hour that the clocks repeat when they go back.
///
/// RFC 5545 §3.3.5 reads such a time as its first occurrence, and so do the feeds; calendar clients differ
/// (khal 0.10 reads the second, calcurse either), so a subscriber may see the session an hour off.
public struct AmbiguousTimeRule: Rule {
    public init() {}
    public var name: String { "ambiguous-time" }
    public var severity: Diagnostic.Severity { .warning }

    public func check(_ context: CheckContext) -> [Diagnostic] {
        context.unusualTimes.compactMap { index in
            let session = context.programme.sessions[index]
            guard let slot = session.slot, !session.allDay else { return nil }
            for (label, wall) in [("starts", slot.start), ("ends", slot.end)] {
                guard case .repeated(let first, let second) = context.zone.resolve(wall) else { continue }
                return Diagnostic(
                    rule: name, severity: severity,
                    message: "\(context.name(session)) \(label) at \(wall.date) \(wall.time), a time shown twice in"
                        + " \(context.zone.identifier) (\(context.zone.rfc3339(first)) and \(context.zone.rfc3339(second))):"
                        + " the feeds mean the first, some calendar apps read the second",
                    sessions: [.init(session)], start: first, end: second,
                    sources: [session.timeLocation].compactMap { $0 },
                    suggestion: "move it out of the hour the clocks go back")
            }
            return nil
        }
    }
}

/// A session naming a room or track that the programme does not define.
public struct UnknownReferenceRule: Rule {
    public init() {}
    public var name: String { "unknown-reference" }
    public var severity: Diagnostic.Severity { .error }

    public func check(_ context: CheckContext) -> [Diagnostic] {
        let rooms = Set(context.programme.rooms.map(\.id))
        let tracks = Set(context.programme.tracks.map(\.id))
        var found: [Diagnostic] = []
        for session in context.programme.sessions {
            if let room = session.room, !rooms.contains(room) {
                found.append(
                    Diagnostic(
                        rule: name, severity: severity,
                        message: "\(context.name(session)) names room '\(room)', which is not among the rooms",
                        sessions: [.init(session)], room: room,
                        sources: [session.roomSource ?? session.sources.first].compactMap { $0 }))
            }
            if let track = session.track, !tracks.contains(track) {
                found.append(
                    Diagnostic(
                        rule: name, severity: severity,
                        message: "\(context.name(session)) names track '\(track)', which is not among the tracks",
                        sessions: [.init(session)], sources: Array(session.sources.prefix(1))))
            }
        }
        return found
    }
}
