import ICal
import Yams

/// Writes a programme as the canonical YAML file; reading it back gives the same programme.
public enum YAMLProgrammeWriter {
    /// - Throws: only if the YAML emitter fails, which well-formed text does not make it do.
    public static func yaml(for programme: Programme) throws -> String {
        var top: [(Node, Node)] = []
        var event: [(Node, Node)] = []
        add(&event, "id", programme.event.id)
        add(&event, "name", programme.event.name)
        add(&event, "timezone", programme.event.timeZone)
        add(&event, "venue", programme.event.venue)
        add(&event, "url", programme.event.url)
        if let hours = programme.event.hours {
            event.append(
                (
                    "hours",
                    .mapping(
                        .init(
                            [
                                (plain("open"), quoted(hours.open.description)),
                                (plain("close"), quoted(hours.close.description)),
                            ], .implicit, .flow))
                ))
        }
        if !programme.event.dates.isEmpty {
            event.append(
                (
                    plain("dates"),
                    .sequence(.init(programme.event.dates.map { quoted($0.description) }, .implicit, .flow))
                ))
        }
        if let changeover = programme.event.changeover {
            if let buildings = changeover.buildings {
                event.append(
                    (
                        "changeover",
                        .mapping(
                            .init(
                                [
                                    (plain("rooms"), plain(duration(changeover.rooms))),
                                    (plain("buildings"), plain(duration(buildings))),
                                ], .implicit, .flow))
                    ))
            } else {
                event.append((plain("changeover"), plain(duration(changeover.rooms))))
            }
        }
        top.append((plain("event"), mapping(event)))
        top.append(
            (
                "rooms",
                .sequence(
                    .init(
                        programme.rooms.map { room in
                            var fields: [(Node, Node)] = []
                            add(&fields, "id", room.id)
                            add(&fields, "name", room.name)
                            add(&fields, "capacity", room.capacity.map(String.init))
                            add(&fields, "building", room.building)
                            add(&fields, "capacity_sessions", room.capacitySessions.map(String.init))
                            if !room.open.isEmpty { fields.append((plain("open"), windows(room.open))) }
                            return mapping(fields)
                        }))
            ))
        top.append(
            (
                "tracks",
                .sequence(
                    .init(
                        programme.tracks.map {
                            mapping([(plain("id"), plain($0.id)), (plain("name"), plain($0.name))])
                        }))
            ))
        if !programme.availability.isEmpty {
            top.append(
                (
                    "people",
                    .sequence(
                        .init(
                            programme.availability.map {
                                mapping([
                                    (plain("name"), plain($0.person.name)), (plain("available"), windows($0.windows)),
                                ])
                            }))
                ))
        }
        if !programme.checks.isEmpty {
            var checks: [(Node, Node)] = programme.checks.rules.map { (plain($0.rule), plain($0.setting.rawValue)) }
            if !programme.checks.acknowledged.isEmpty {
                checks.append(
                    (
                        "acknowledged",
                        .sequence(
                            .init(
                                programme.checks.acknowledged.map {
                                    mapping([
                                        (plain("rule"), plain($0.rule)),
                                        (plain("sessions"), .sequence(.init($0.sessions.map(plain), .implicit, .flow))),
                                        (plain("reason"), plain($0.reason)),
                                    ])
                                }))
                    ))
            }
            top.append((plain("checks"), mapping(checks)))
        }
        top.append((plain("sessions"), .sequence(.init(programme.sessions.map(session)))))
        return try Yams.serialize(node: mapping(top), width: -1, allowUnicode: true)
    }

    static func session(_ session: Session) -> Node {
        var fields: [(Node, Node)] = []
        add(&fields, "id", session.id)
        add(&fields, "title", session.title)
        add(&fields, "kind", session.kind)
        add(&fields, "track", session.track)
        add(&fields, "uid", session.uid)
        if session.blocksAll { fields.append((plain("blocks"), plain("all"))) }
        if let slot = session.slot, session.allDay {
            fields.append((plain("date"), quoted(slot.start.date.description)))
            fields.append((plain("all-day"), plain("true")))
            let days = (slot.end.secondsSinceEpochAsUTC - slot.start.secondsSinceEpochAsUTC) / 86_400
            if days > 1 { fields.append((plain("days"), plain(String(days)))) }
        } else if let slot = session.slot {
            fields.append((plain("date"), quoted(slot.start.date.description)))
            fields.append((plain("start"), quoted(slot.start.time.description)))
            let days =
                (slot.end.date.at(LocalTime(hour: 0, minute: 0)).secondsSinceEpochAsUTC
                    - slot.start.date.at(LocalTime(hour: 0, minute: 0)).secondsSinceEpochAsUTC) / 86_400
            fields.append((plain("end"), quoted(days == 1 ? "+1 \(slot.end.time)" : slot.end.time.description)))
        }
        add(&fields, "room", session.room)
        add(&fields, "url", session.url)
        if !session.moderators.isEmpty { fields.append((plain("moderators"), people(session.moderators))) }
        if !session.chairs.isEmpty { fields.append((plain("chairs"), people(session.chairs))) }
        if !session.parts.isEmpty {
            fields.append(
                (
                    "parts",
                    .sequence(
                        .init(
                            session.parts.map { part in
                                var partFields: [(Node, Node)] = []
                                add(&partFields, "title", part.title)
                                if !part.speakers.isEmpty {
                                    partFields.append((plain("speakers"), people(part.speakers)))
                                }
                                if !part.organisations.isEmpty {
                                    partFields.append(
                                        (plain("organisations"), .sequence(.init(part.organisations.map(plain)))))
                                }
                                if !part.items.isEmpty {
                                    partFields.append((plain("items"), .sequence(.init(part.items.map(plain)))))
                                }
                                return mapping(partFields)
                            }))
                ))
        }
        if let description = session.description {
            fields.append((plain("description"), .scalar(.init(description, stringTag, .literal))))
        }
        return mapping(fields)
    }

    /// `[{date: "2023-09-19", from: "08:30", to: "18:00"}]`, one flow mapping per window.
    static func windows(_ windows: [TimeWindow]) -> Node {
        .sequence(
            .init(
                windows.map { window in
                    var pairs: [(Node, Node)] = []
                    if let date = window.date { pairs.append((plain("date"), quoted(date.description))) }
                    pairs.append((plain("from"), quoted(window.start.description)))
                    pairs.append((plain("to"), quoted(window.endText)))
                    return .mapping(.init(pairs, .implicit, .flow))
                }))
    }

    /// `10m`, `1h`, `1h30m`.
    static func duration(_ seconds: Int) -> String {
        let minutes = seconds / 60
        if minutes >= 60 { return "\(minutes / 60)h" + (minutes % 60 == 0 ? "" : "\(minutes % 60)m") }
        return "\(minutes)m"
    }

    static func people(_ people: [Person]) -> Node {
        .sequence(
            .init(
                people.map { person in
                    if person.roles.isEmpty { return mapping([(plain("name"), plain(person.name))]) }
                    return mapping([
                        (plain("name"), plain(person.name)),
                        (plain("roles"), .sequence(.init(person.roles.map(plain)))),
                    ])
                }))
    }

    static func add(_ fields: inout [(Node, Node)], _ key: String, _ value: String?) {
        if let value { fields.append((plain(key), plain(value))) }
    }

    static func mapping(_ pairs: [(Node, Node)]) -> Node { .mapping(.init(pairs)) }
    /// Every scalar is text. Tagged so, Yams does not run its resolver's regular expressions on each one to find a
    /// tag that is never written (the events it emits leave tags implicit): the same bytes, several times faster.
    /// Never mutated: a tag with a name is not resolved again.
    nonisolated(unsafe) static let stringTag = Tag(.str)

    /// Plain where YAML allows it; `null`, `~` and the empty text quoted, since read plain they mean no value.
    static func plain(_ text: String) -> Node {
        text == "null" || text == "~" || text.isEmpty ? quoted(text) : .scalar(.init(text, stringTag))
    }
    static func quoted(_ text: String) -> Node { .scalar(.init(text, stringTag, .doubleQuoted)) }
}
