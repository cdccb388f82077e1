public import ICal

/// How a session becomes an ``ICal/EventSpec``.
public enum EventText {
    /// The event's `DESCRIPTION`: moderators, chairs, agenda parts with their speakers, then the description.
    public static func description(of session: Session) -> String {
        var blocks: [String] = []
        func person(_ person: Person) -> String {
            person.roles.isEmpty ? person.name : "\(person.name), \(person.roles.joined(separator: ", "))"
        }
        if !session.moderators.isEmpty {
            blocks.append("Moderation: " + session.moderators.map(person).joined(separator: "; "))
        }
        if !session.chairs.isEmpty { blocks.append("Chair: " + session.chairs.map(person).joined(separator: "; ")) }
        for part in session.parts {
            var lines: [String] = []
            if let title = part.title { lines.append(title) }
            lines += part.speakers.map { "- " + person($0) }
            lines += part.organisations.map { "- " + $0 }
            lines += part.items.map { "- " + $0 }
            if !lines.isEmpty { blocks.append(lines.joined(separator: "\n")) }
        }
        if let description = session.description { blocks.append(description) }
        return blocks.joined(separator: "\n\n")
    }

    /// The session's `UID`: the one it was read with, else `<id>@<event id>`.
    public static func uid(of session: Session, in programme: Programme) -> String {
        session.uid ?? "\(session.id)@\(programme.uidDomain)"
    }

    /// The VEVENT of a scheduled session.
    public static func spec(
        for session: Session, in programme: Programme, stamp: Int64, alarmMinutesBefore: Int? = nil
    ) -> EventSpec? {
        guard let slot = session.slot else { return nil }
        let room = programme.room(session.room)
        let location = room.map { room in room.building.map { "\(room.name), \($0)" } ?? room.name }
        return EventSpec(
            uid: uid(of: session, in: programme), stamp: stamp, start: slot.start, end: slot.end,
            timeZone: programme.timeZoneID, summary: session.title, location: location,
            description: description(of: session),
            categories: [programme.track(session.track)?.name, session.kind].compactMap { $0 },
            sequence: 0, lastModified: stamp, status: .confirmed, url: session.url,
            alarmMinutesBefore: alarmMinutesBefore, allDay: session.allDay ? true : nil)
    }
}
