import Foundation
import ICal

/// Reads a published iCalendar feed (`.ics`) through libical: each `VEVENT` becomes a session.
///
/// `LOCATION` is the room, the first `CATEGORIES` value the track, `ORGANIZER` common names the chairs and
/// `ATTENDEE` common names the speakers. Times become wall clocks in the programme's zone (`X-WR-TIMEZONE`, else
/// the zone most events name, else ``Programme/defaultTimeZone``) through the instants libical computes:
/// - a `TZID` with its `VTIMEZONE` in the file: that definition, whatever the zone's name;
/// - a `TZID` with no `VTIMEZONE` that names an IANA zone: the system's zone database, with a warning;
/// - UTC: as is; floating times: read in the programme's zone, with a warning;
/// - dates (`VALUE=DATE`): an all-day session, which never clashes by room.
/// Cancelled events are not sessions; a repeating event gives its first occurrence, with a warning.
public struct ICSProgrammeImporter: ProgrammeImporter {
    public init() {}

    public var formatName: String { "iCalendar" }

    public func accepts(path: String, text: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".ics") || lowered.hasSuffix(".ical") || lowered.hasSuffix(".ifb")
    }

    public func read(path: String, text: String) async throws -> ImportResult {
        let library = ICalLibrary.shared
        guard text.range(of: "BEGIN:VCALENDAR", options: .caseInsensitive) != nil else {
            throw InputError(file: path, message: "not an iCalendar file: no BEGIN:VCALENDAR")
        }
        let contents: CalendarContents
        do {
            contents = try await library.readCalendar(text)
        } catch let error as ICalError {
            throw InputError(file: path, message: "unreadable iCalendar: \(error.message)")
        }
        let places = EventPlaces(text: text)
        var reader = ICSEventReader(file: path, contents: contents)
        let zoneID = await reader.programmeZone(library)
        let years = contents.events.compactMap { $0.start?.wallGuess.year }
        let span = (years.min() ?? 2000)...(years.max() ?? 2000)
        let zone: TimeZoneRules
        do {
            zone = try await library.timeZoneRules(identifier: zoneID ?? Programme.defaultTimeZone, years: span)
        } catch let error as ICalError {
            throw InputError(file: path, message: "X-WR-TIMEZONE: \(error.message)")
        }
        var otherZones: [String: TimeZoneRules?] = [:]
        for event in contents.events {
            for case .unresolved(_, let tzid) in [event.start, event.end] where otherZones[tzid] == nil {
                otherZones[tzid] = try? await library.timeZoneRules(identifier: tzid, years: span)
            }
        }
        var programme = Programme(event: EventInfo(name: contents.name, timeZone: zoneID))
        for (ordinal, event) in contents.events.enumerated() {
            reader.add(event, at: places.place(ordinal), in: places, zone: zone, otherZones: otherZones, to: &programme)
        }
        return ImportResult(
            programme: programme, diagnostics: reader.diagnostics, sessionsFromInstants: reader.sessionsFromInstants,
            zoneIsInferred: zoneID == nil || zoneID != contents.timeZone)
    }
}

/// Where each `VEVENT` and its `DTSTART` and `LOCATION` lines are in the text, for diagnostics.
struct EventPlaces {
    struct Place {
        var begin: Int
        var end: Int?
        var start: Int?
        var location: Int?
    }

    var places: [Place] = []
    private var lines: [Substring] = []

    init(text: String) {
        var lineNumber = 0
        var current: Place?
        // "\r\n" is one Character in Swift: split on newline characters, not on "\n".
        lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for line in lines {
            lineNumber += 1
            let upper = line.prefix(16).uppercased()
            if upper.hasPrefix("BEGIN:VEVENT") {
                current = Place(begin: lineNumber)
            } else if upper.hasPrefix("END:VEVENT"), var place = current {
                place.end = lineNumber
                places.append(place)
                current = nil
            } else if upper.hasPrefix("DTSTART"), current?.start == nil {
                current?.start = lineNumber
            } else if upper.hasPrefix("LOCATION"), current?.location == nil {
                current?.location = lineNumber
            }
        }
        if let current { places.append(current) }
    }

    func place(_ ordinal: Int) -> Place { ordinal < places.count ? places[ordinal] : Place(begin: 1) }

    /// The line of an event that a libical error message quotes at its end, else the event's first line.
    func line(of error: String, in place: Place) -> Int {
        let last = min(place.end ?? lines.count, lines.count)
        guard place.begin <= last else { return place.begin }
        for number in place.begin...last {
            let line = lines[number - 1].trimmingCharacters(in: .whitespaces)
            if !line.isEmpty, error.hasSuffix(line) { return number }
        }
        return place.begin
    }
}

extension CalendarEvent.Time {
    /// The wall clock as written, for choosing the years whose zone rules are needed.
    var wallGuess: WallClock {
        switch self {
        case .utc(let instant): return WallClock(utcSeconds: instant)
        case .zoned(_, let wall, _), .unresolved(let wall, _), .floating(let wall), .date(let wall): return wall
        }
    }

    var tzid: String? {
        switch self {
        case .zoned(_, _, let tzid), .unresolved(_, let tzid): return tzid
        default: return nil
        }
    }
}

/// Turns events into sessions, collecting what it could not read.
struct ICSEventReader {
    let file: String
    let contents: CalendarContents
    var diagnostics: [Diagnostic] = []
    private var usedIDs = IDAllocator()
    private var usedUIDs = Set<String>()
    /// Sessions whose times were instants (UTC or zoned), not floating.
    private(set) var sessionsFromInstants = Set<String>()
    private var warnedZones = Set<String>()
    private var firstFloating: SourceLocation?

    init(file: String, contents: CalendarContents) {
        self.file = file
        self.contents = contents
    }

    /// `X-WR-TIMEZONE` when libical knows it, else the zone most events name, else none.
    func programmeZone(_ library: ICalLibrary) async -> String? {
        if let declared = contents.timeZone, await library.knowsTimeZone(declared) { return declared }
        var counts: [String: Int] = [:]
        for event in contents.events {
            if let tzid = event.start?.tzid { counts[tzid, default: 0] += 1 }
        }
        for (tzid, _) in counts.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            if await library.knowsTimeZone(tzid) { return tzid }
        }
        return nil
    }

    mutating func add(
        _ event: CalendarEvent, at place: EventPlaces.Place, in places: EventPlaces, zone: TimeZoneRules,
        otherZones: [String: TimeZoneRules?], to programme: inout Programme
    ) {
        let location = SourceLocation(file: file, line: place.begin)
        let timeLocation = SourceLocation(file: file, line: place.start ?? place.begin)
        for error in event.errors {
            warn(
                "unreadable-line", "libical could not read part of this event: \(error)",
                at: SourceLocation(file: file, line: places.line(of: error, in: place)))
        }
        if event.status == "CANCELLED" { return }
        if event.overridesOccurrence, let uid = event.uid, usedUIDs.contains(uid) {
            warn(
                "unsupported-recurrence",
                "the event changes one occurrence of '\(uid)' (RECURRENCE-ID): only the first occurrence is read",
                at: location)
            return
        }
        if let uid = event.uid, !usedUIDs.insert(uid).inserted {
            diagnostics.append(.duplicateID("a second VEVENT has the UID '\(uid)' (this one is ignored)", at: location))
            return
        }
        let title = event.summary.flatMap { $0.isEmpty ? nil : $0 } ?? event.uid ?? "(untitled event)"
        if event.summary?.isEmpty ?? true {
            warn("missing-title", "the event has no SUMMARY; it is called '\(title)'", at: location)
        }
        var session = Session(
            id: uniqueID(for: event, title: title), title: title, description: event.description, url: event.url,
            sources: [location], hasDerivedID: event.uid == nil, uid: event.uid)
        if let name = event.location, !name.isEmpty {
            session.room = programme.roomID(named: name)
            session.roomSource = SourceLocation(file: file, line: place.location ?? place.begin)
        }
        session.track = event.categories.first(where: { !$0.isEmpty }).map { programme.trackID(named: $0) }
        session.chairs = event.organizers.map { Person(name: $0) }
        if !event.attendees.isEmpty {
            session.parts = [AgendaPart(title: nil, speakers: event.attendees.map { Person(name: $0) })]
        }
        if event.recurs {
            warn(
                "unsupported-recurrence", "the event repeats (RRULE/RDATE): only its first occurrence is read",
                at: location)
        }
        session.slotSource = timeLocation
        (session.slot, session.allDay) = slot(of: event, zone: zone, otherZones: otherZones, at: timeLocation)
        switch event.start {
        case .utc, .zoned, .unresolved: sessionsFromInstants.insert(session.id)
        default: break
        }
        programme.sessions.append(session)
    }

    private mutating func slot(
        of event: CalendarEvent, zone: TimeZoneRules, otherZones: [String: TimeZoneRules?], at location: SourceLocation
    ) -> (Slot?, Bool) {
        guard let start = event.start else {
            invalid("the event has no readable DTSTART", at: location)
            return (nil, false)
        }
        if case .date(let day) = start {
            let end: WallClock
            let nextDay = WallClock(utcSeconds: day.secondsSinceEpochAsUTC + 86_400)
            switch event.end {
            case .date(let last): end = last > day ? last : nextDay  // an end not after the start: one day
            case nil:
                let days = max(1, event.duration?.days ?? 1)
                end = WallClock(utcSeconds: day.secondsSinceEpochAsUTC + Int64(days) * 86_400)
            default:
                invalid("DTSTART is a date but DTEND is a date-time (RFC 5545 §3.6.1)", at: location)
                return (nil, true)
            }
            return (Slot(start: day, end: end), true)
        }
        guard let from = wallClock(start, zone: zone, otherZones: otherZones, at: location) else { return (nil, false) }
        let to: WallClock?
        switch event.end {
        case .some(.date):
            invalid("DTSTART is a date-time but DTEND is a date (RFC 5545 §3.6.1)", at: location)
            return (nil, false)
        case .some(let end): to = wallClock(end, zone: zone, otherZones: otherZones, at: location)
        case nil:
            guard let duration = event.duration else {
                invalid(
                    "the event has neither DTEND nor DURATION: it lasts no time (RFC 5545 §3.6.1), a session needs an"
                        + " end", at: location)
                return (nil, false)
            }
            // Days are calendar days on the wall clock, then the rest is exact time (RFC 5545 §3.3.6).
            let sameTimeLater = WallClock(utcSeconds: from.secondsSinceEpochAsUTC + Int64(duration.days) * 86_400)
            to = zone.wallClock(at: zone.resolve(sameTimeLater).instant + Int64(duration.seconds))
        }
        guard let to else { return (nil, false) }
        return (Slot(start: from, end: to), false)
    }

    private mutating func wallClock(
        _ time: CalendarEvent.Time, zone: TimeZoneRules, otherZones: [String: TimeZoneRules?],
        at location: SourceLocation
    ) -> WallClock? {
        switch time {
        case .utc(let instant), .zoned(let instant, _, _):
            let wall = zone.wallClock(at: instant)
            let read = zone.resolve(wall).instant
            if read != instant {
                // The second pass through the hour the clocks repeat: a wall clock cannot say it.
                warn(
                    "ambiguous-time",
                    "\(zone.rfc3339(instant)) falls in the hour \(zone.identifier) repeats; as a wall clock"
                        + " (\(wall.date) \(wall.time)) it reads as \(zone.rfc3339(read)), an hour \(read < instant ? "early" : "late")",
                    at: location)
            }
            return wall
        case .floating(let wall):
            if firstFloating == nil {
                firstFloating = location
                warn(
                    "floating-time",
                    "a time with no zone (RFC 5545 §3.3.5 floating time) is read in the programme's zone "
                        + "\(zone.identifier); later ones in this file are read the same way",
                    at: location)
            }
            return wall
        case .unresolved(let wall, let tzid):
            guard let rules = otherZones[tzid] ?? nil else {
                invalid(
                    "TZID=\(tzid) has no VTIMEZONE in the file and is not a zone of the system's database",
                    at: location)
                return nil
            }
            if warnedZones.insert(tzid).inserted {
                warn(
                    "missing-vtimezone",
                    "TZID=\(tzid) has no usable VTIMEZONE in the file (RFC 5545 §3.6.5 requires one); "
                        + "read through the system's zone database", at: location)
            }
            return zone.wallClock(at: rules.resolve(wall).instant)
        case .date(let wall):
            return wall
        }
    }

    private mutating func uniqueID(for event: CalendarEvent, title: String) -> String {
        let base: String
        if let uid = event.uid {
            let local = String(uid.prefix { $0 != "@" })
            let plain = local.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789-_.".unicodeScalars.contains($0))
            }
            base = plain && !local.isEmpty ? local : TextKey.slug(local.isEmpty ? uid : local)
        } else {
            base = TextKey.slug(title)
        }
        return usedIDs.unique(base.isEmpty ? "event" : base)
    }

    private mutating func warn(_ rule: String, _ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(rule: rule, severity: .warning, message: message, sources: [location]))
    }

    private mutating func invalid(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(rule: "invalid-time", severity: .error, message: message, sources: [location]))
    }
}
