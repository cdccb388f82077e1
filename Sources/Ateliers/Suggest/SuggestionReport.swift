public import ICal

/// How `ateliers suggest` prints its changes: a readable list, or JSON with stable keys.
public struct SuggestionReport: Sendable {
    public var suggestion: Suggestion
    /// The programme as given: the changes' "from" side.
    public var programme: Programme
    public var zone: TimeZoneRules
    /// Describes times the way the check does.
    let times: CheckContext
    /// How many changes claim each finding.
    let moves: [Diagnostic: Int]

    public init(suggestion: Suggestion, programme: Programme, zone: TimeZoneRules) {
        self.suggestion = suggestion
        self.programme = programme
        self.zone = zone
        times = CheckContext(programme: Programme(event: programme.event), zone: zone)
        var moves: [Diagnostic: Int] = [:]
        for change in suggestion.changes { for finding in change.resolves { moves[finding, default: 0] += 1 } }
        self.moves = moves
    }

    /// `'atelier-3' «Title»`: the same naming as the check's messages.
    func name(_ session: Diagnostic.SessionReference) -> String { "'\(session.id)' «\(session.title)»" }

    func roomName(_ id: String?) -> String {
        guard let id else { return "no room" }
        return programme.room(id)?.name ?? suggestion.programme.room(id)?.name ?? id
    }

    /// `2023-09-19 11:30–13:00`, like the check's messages.
    func when(_ place: SessionPlace) -> String {
        times.describe(start: place.start, end: place.end)
    }

    /// `move 'atelier-3' «Title» from Salle 2 to Salle 4 (2023-09-19 11:30–13:00): resolves room-clash with
    /// 'atelier-2'`.
    public func line(_ change: ScheduleChange) -> String {
        let session = name(change.session)
        var text: String
        switch change.action {
        case .assignRoom:
            text = "assign \(roomName(change.after.room)) to \(session) (\(when(change.after)))"
        case .moveRoom:
            text =
                "move \(session) from \(roomName(change.before.room)) to \(roomName(change.after.room))"
                + " (\(when(change.after)))"
        case .moveSlot:
            let room = change.after.room.map { " in \(roomName($0))" } ?? ""
            text = "move \(session)\(room) from \(when(change.before)) to \(when(change.after))"
        }
        let resolved = change.resolves.map { finding in
            let others = finding.sessions.filter { $0.id != change.session.id }.map { "'\($0.id)'" }
            let listed =
                others.count > CheckContext.listedMembers
                ? others.prefix(CheckContext.listedMembers).joined(separator: ", ")
                    + " and \(others.count - CheckContext.listedMembers) more"
                : others.joined(separator: ", ")
            let with = listed.isEmpty ? "" : " with \(listed)"
            let person = finding.person.map { " (\($0))" } ?? ""
            let moves = moves[finding, default: 1]
            return "\(finding.rule)\(with)\(person)" + (moves > 1 ? " (one of \(moves) moves)" : "")
        }
        if !resolved.isEmpty { text += ": resolves " + resolved.joined(separator: ", ") }
        if change.attendeesInClash > 0, let attendees = change.attendees {
            text +=
                "; \(change.attendeesInClash) of its \(plural(attendees, "attendee"))"
                + " \(change.attendeesInClash == 1 ? "has" : "have") another session then"
        }
        return text
    }

    /// The changes, then what stays unresolved and why, then a summary line.
    public func text() -> String {
        var output = ""
        if !suggestion.changes.isEmpty {
            output += "Changes (\(suggestion.changes.count)):\n"
            for change in suggestion.changes { output += "  \(CleanText.printable(line(change)))\n" }
            output += "\n"
        }
        if !suggestion.unresolved.isEmpty {
            output += "Unresolved (\(suggestion.unresolved.count)):\n"
            for item in suggestion.unresolved {
                let place = item.diagnostic.sources.first.map { "\(CleanText.printable($0.description)): " } ?? ""
                output += "  \(place)\(item.diagnostic.rule): \(CleanText.printable(item.diagnostic.message))\n"
                output += "      why: \(CleanText.printable(item.reason))\n"
            }
            output += "\n"
        }
        output +=
            "\(plural(suggestion.changes.count, "change")) resolving"
            + " \(plural(suggestion.resolved.count, "finding")), \(suggestion.unresolved.count) unresolved\n"
        return output
    }

    /// RFC 3339 with the zone's offset; a wall clock alone when the programme names no zone.
    func timestamp(_ instant: Int64) -> String {
        programme.event.timeZone == nil ? zone.wallClock(at: instant).description : zone.rfc3339(instant)
    }

    func finding(_ diagnostic: Diagnostic) -> [(String, JSONValue)] {
        [
            ("rule", .string(diagnostic.rule)),
            ("sessions", .array(diagnostic.sessions.map { .string($0.id) })),
            ("room", .optional(diagnostic.room)),
            ("person", .optional(diagnostic.person)),
            ("message", .string(diagnostic.message)),
        ]
    }

    func place(_ place: SessionPlace) -> JSONValue {
        .object([
            ("room", .optional(place.room)), ("start", .string(timestamp(place.start))),
            ("end", .string(timestamp(place.end))),
        ])
    }

    /// `changes` (each with `action`, `session`, `from`, `to`, `resolves`, `attendees`, `attendees_in_clash` and
    /// the `text` line), `unresolved` (each finding with its `reason`) and `summary`.
    public func json() -> String {
        let changes: [JSONValue] = suggestion.changes.map { change in
            .object([
                ("action", .string(change.action.rawValue)),
                ("session", .object([("id", .string(change.session.id)), ("title", .string(change.session.title))])),
                ("from", place(change.before)),
                ("to", place(change.after)),
                ("resolves", .array(change.resolves.map { .object(finding($0)) })),
                ("attendees", change.attendees.map(JSONValue.int) ?? .null),
                ("attendees_in_clash", .int(change.attendeesInClash)),
                ("text", .string(line(change))),
            ])
        }
        let unresolved: [JSONValue] = suggestion.unresolved.map {
            .object(finding($0.diagnostic) + [("reason", .string($0.reason))])
        }
        return JSONValue.object([
            ("changes", .array(changes)),
            ("unresolved", .array(unresolved)),
            (
                "summary",
                .object([
                    ("changes", .int(suggestion.changes.count)), ("resolved", .int(suggestion.resolved.count)),
                    ("unresolved", .int(suggestion.unresolved.count)), ("rooms_used", .int(suggestion.roomsUsed)),
                ])
            ),
        ]).rendered()
    }
}
