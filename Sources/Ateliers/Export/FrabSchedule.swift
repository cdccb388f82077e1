import Foundation
public import ICal

/// A programme as a frab-style schedule, the format pretalx and frab serve and that conference apps (Giggity,
/// ConfClerk) read: `schedule.xml` (frab/pentabarf XML) or `schedule.json` (c3voc schedule JSON).
///
/// Days are calendar dates in the programme's zone (ConfClerk reads `start` on its `<day date>`), each room's
/// events listed by start. Unscheduled and all-day sessions are left out: the format has no place for them.
/// Identifiers are stable from one export to the next: a session whose id is a UUID (one read from a frab
/// schedule) keeps it as its `guid`; any other gets a name-based UUID of its feed UID, and the integer `id`
/// and person ids are hashes of the same names.
public struct FrabSchedule: Sendable {
    public struct Event: Sendable {
        public var guid: String
        public var id: Int
        public var start: Int64
        public var minutes: Int
        public var room: String
        public var slug: String
        public var url: String
        public var title: String
        public var track: String?
        public var type: String
        public var abstract: String
        public var persons: [(id: Int, name: String)]
    }

    public struct Day: Sendable {
        public var index: Int
        public var date: LocalDate
        /// Rooms in the programme's order, each with its events by start.
        public var rooms: [(name: String, events: [Event])]
        public var start: Int64
        public var end: Int64
    }

    public var zone: TimeZoneRules
    public var acronym: String
    public var title: String
    public var url: String?
    public var version: String
    public var days: [Day]
    /// Scheduled sessions that could not be written: all-day ones.
    public var leftOut: Int

    /// - Parameter stamp: the schedule's `version`, as a UTC time (from `SOURCE_DATE_EPOCH` when set).
    public init(_ context: CheckContext, stamp: Int64) {
        let programme = context.programme
        zone = context.zone
        acronym = Self.acronym(programme.uidDomain)
        title = programme.event.name ?? programme.uidDomain
        url = programme.event.url
        version = WallClock(utcSeconds: stamp).description + "Z"
        var byDay: [LocalDate: [Event]] = [:]
        var usedIDs = Set<Int>()
        var leftOut = 0
        for item in context.scheduled {
            let session = programme.sessions[item.index]
            if session.allDay {
                leftOut += 1
                continue
            }
            let uid = EventText.uid(of: session, in: programme)
            var id = Int(FeedWriter.fnv1a(uid.utf8) % 999_999_999) + 1
            while !usedIDs.insert(id).inserted { id = id % 999_999_999 + 1 }
            let guid = Self.isUUID(session.id) ? session.id.lowercased() : Self.uuid(named: uid)
            let titleSlug = TextKey.slug(session.title, limit: 40)
            let event = Event(
                guid: guid, id: id, start: item.start, minutes: Int(item.end - item.start) / 60,
                room: programme.room(session.room)?.name ?? session.room ?? "",
                slug: "\(acronym)-\(id)-\(titleSlug.isEmpty ? "event" : titleSlug)",
                url: session.url ?? programme.event.url.map { "\($0)#\(session.id)" } ?? "urn:uuid:\(guid)",
                title: session.title, track: programme.track(session.track)?.name, type: session.kind ?? "Session",
                abstract: session.description ?? "",
                persons: session.people.map { (Int(FeedWriter.fnv1a($0.key.utf8) % 999_999_999) + 1, $0.name) })
            byDay[zone.wallClock(at: item.start).date, default: []].append(event)
        }
        self.leftOut = leftOut
        let roomOrder = Dictionary(
            programme.rooms.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        days = byDay.keys.sorted().enumerated().map { offset, date in
            let events = byDay[date]!
            var rooms: [(name: String, events: [Event])] = []
            for event in events {
                if let index = rooms.firstIndex(where: { $0.name == event.room }) {
                    rooms[index].events.append(event)
                } else {
                    rooms.append((event.room, [event]))
                }
            }
            rooms.sort { (roomOrder[$0.name] ?? .max, $0.name) < (roomOrder[$1.name] ?? .max, $1.name) }
            return Day(
                index: offset + 1, date: date, rooms: rooms, start: events.map(\.start).min()!,
                end: events.map { $0.start + Int64($0.minutes) * 60 }.max()!)
        }
    }

    public var eventCount: Int { days.reduce(0) { $0 + $1.rooms.reduce(0) { $0 + $1.events.count } } }

    /// The c3voc acronym pattern: lower-case letters, digits and `_`, at least four.
    static func acronym(_ text: String) -> String {
        let base = TextKey.slug(text).replacingOccurrences(of: "-", with: "_")
        return base.count >= 4 ? base : base + String(repeating: "_", count: 4 - base.count)
    }

    static func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    /// A name-based UUID (RFC 9562 version 8, its bits from two FNV-1a hashes of the name): stable, not secret.
    static func uuid(named name: String) -> String {
        let high = FeedWriter.fnv1a(name.utf8)
        let low = FeedWriter.fnv1a(name.utf8, basis: 0x6c62_272e_07bb_0142)
        let timeHigh = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_8000
        let clock = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        return "\(hex(timeHigh >> 32, 8))-\(hex((timeHigh >> 16) & 0xFFFF, 4))-\(hex(timeHigh & 0xFFFF, 4))-"
            + "\(hex(clock >> 48, 4))-\(hex(clock & 0xFFFF_FFFF_FFFF, 12))"
    }

    /// `01:30`; hours beyond 24 are written in full (frab's way), never wrapped.
    static func duration(_ minutes: Int) -> String { "\(pad(minutes / 60)):\(pad(minutes % 60))" }

    func startText(_ instant: Int64) -> String { zone.wallClock(at: instant).time.description }

    func dateText(_ date: LocalDate) -> String { date.description }
}

extension FrabSchedule {
    /// `schedule.xml`, in the element order pretalx writes.
    public func xml() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n"
        out += "  <generator name=\"ateliers\"/>\n"
        out += "  <version>\(Self.escape(version))</version>\n"
        out += "  <conference>\n"
        out += "    <acronym>\(acronym)</acronym>\n"
        out += "    <title>\(Self.escape(title))</title>\n"
        if let first = days.first, let last = days.last {
            out += "    <start>\(first.date)</start>\n    <end>\(last.date)</end>\n"
        }
        out += "    <days>\(days.count)</days>\n"
        out += "    <timeslot_duration>00:05</timeslot_duration>\n"
        if let url, url.hasPrefix("http") { out += "    <base_url>\(Self.escape(url))</base_url>\n" }
        out += "    <time_zone_name>\(zone.identifier)</time_zone_name>\n"
        out += "  </conference>\n"
        for day in days {
            out +=
                "  <day index=\"\(day.index)\" date=\"\(day.date)\" start=\"\(zone.rfc3339(day.start))\""
                + " end=\"\(zone.rfc3339(day.end))\">\n"
            for room in day.rooms {
                out += "    <room name=\"\(Self.escape(room.name))\">\n"
                for event in room.events {
                    out += "      <event guid=\"\(event.guid)\" id=\"\(event.id)\">\n"
                    func element(_ name: String, _ value: String) {
                        out +=
                            value.isEmpty
                            ? "        <\(name)/>\n" : "        <\(name)>\(Self.escape(value))</\(name)>\n"
                    }
                    element("date", zone.rfc3339(event.start))
                    element("start", startText(event.start))
                    element("duration", Self.duration(event.minutes))
                    element("room", event.room)
                    element("slug", event.slug)
                    if event.url.hasPrefix("http") { element("url", event.url) }
                    element("title", event.title)
                    element("subtitle", "")
                    element("track", event.track ?? "")
                    element("type", event.type)
                    element("abstract", event.abstract)
                    element("description", "")
                    if event.persons.isEmpty {
                        out += "        <persons/>\n"
                    } else {
                        out += "        <persons>\n"
                        for person in event.persons {
                            out += "          <person id=\"\(person.id)\">\(Self.escape(person.name))</person>\n"
                        }
                        out += "        </persons>\n"
                    }
                    out += "        <links/>\n        <attachments/>\n"
                    out += "      </event>\n"
                }
                out += "    </room>\n"
            }
            out += "  </day>\n"
        }
        return out + "</schedule>\n"
    }

    /// `schedule.json`, valid against the c3voc schedule schema.
    public func json() -> String {
        var roomNames: [String] = []
        for day in days {
            for room in day.rooms where !roomNames.contains(room.name) { roomNames.append(room.name) }
        }
        let conference: [(String, JSONValue)] = [
            ("acronym", .string(acronym)),
            ("title", .string(title)),
            ("start", .string(days.first?.date.description ?? "")),
            ("end", .string(days.last?.date.description ?? "")),
            ("daysCount", .int(days.count)),
            ("timeslot_duration", .string("00:05")),
            ("time_zone_name", .string(zone.identifier)),
            (
                "rooms",
                .array(
                    roomNames.map { name in
                        .object([("name", .string(name)), ("guid", .string(Self.uuid(named: "room:\(name)")))])
                    })
            ),
            ("days", .array(days.map(json))),
        ]
        var schedule: [(String, JSONValue)] = [("version", .string(version))]
        if let url, url.hasPrefix("http") { schedule.append(("base_url", .string(url))) }
        schedule.append(("conference", .object(conference)))
        return JSONValue.object([
            ("$schema", .string("https://c3voc.de/schedule/schema.json")),
            ("generator", .object([("name", .string("ateliers"))])),
            ("schedule", .object(schedule)),
        ]).rendered()
    }

    private func json(_ day: Day) -> JSONValue {
        .object([
            ("index", .int(day.index)),
            ("date", .string(day.date.description)),
            ("day_start", .string(zone.rfc3339(day.start))),
            ("day_end", .string(zone.rfc3339(day.end))),
            ("rooms", .object(day.rooms.map { ($0.name, .array($0.events.map(json))) })),
        ])
    }

    private func json(_ event: Event) -> JSONValue {
        .object([
            ("guid", .string(event.guid)),
            ("id", .int(event.id)),
            ("date", .string(zone.rfc3339(event.start))),
            ("start", .string(startText(event.start))),
            ("duration", .string(Self.duration(event.minutes))),
            ("room", .string(event.room)),
            ("slug", .string(event.slug)),
            ("url", .string(event.url)),
            ("title", .string(event.title)),
            ("subtitle", .null),
            ("track", .optional(event.track)),
            ("type", .string(event.type)),
            // Required, and a string (not null) in the c3voc schema; the programme does not say its language.
            ("language", .string("")),
            ("abstract", .string(event.abstract)),
            ("description", .null),
            (
                "persons",
                .array(event.persons.map { .object([("id", .int($0.id)), ("public_name", .string($0.name))]) })
            ),
            ("links", .array([])),
            ("attachments", .array([])),
        ])
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // XML 1.0 has no way to write other control characters, even escaped.
            case _
            where character.unicodeScalars.allSatisfy({ $0.value < 0x20 && ![0x09, 0x0A, 0x0D].contains($0.value) }):
                out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
