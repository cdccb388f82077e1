import Foundation
import ICal

/// Reads a published iCalendar feed (`.ics`) through libical: each `VEVENT` becomes a session.
///
/// `LOCATION` is the room, the first `CATEGORIES` value the track, `ORGANIZER` common names the chairs and
/// `ATTENDEE` common names the speakers. Times become wall clocks in the programme's zone (`X-WR-TIMEZONE`, else
/// the zone most events name, else UTC, instants staying instants) through the instants libical computes:
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

    public func read(path: String, text rawText: String) async throws -> ImportResult {
        let library = ICalLibrary.shared
        guard rawText.range(of: "BEGIN:VCALENDAR", options: .caseInsensitive) != nil else {
            throw InputError(file: path, message: "not an iCalendar file: no BEGIN:VCALENDAR")
        }
        let text = Self.repairingBareCarriageReturns(rawText)
        let places = try EventPlaces(text: text, file: path)
        let contents: CalendarContents
        do {
            contents = try await library.readCalendar(text)
        } catch let error as ICalError {
            throw InputError(file: path, message: "unreadable iCalendar: \(error.message)")
        }
        var reader = ICSEventReader(file: path, contents: contents)
        let zoneID = await reader.programmeZone(library)
        let years = Set(
            contents.events.compactMap { $0.start?.wallGuess.year }.filter(ICalLibrary.supportedYears.contains))
        let zone: TimeZoneRules
        do {
            zone = try await library.timeZoneRules(identifier: zoneID ?? TimeZoneRules.utc.identifier, years: years)
        } catch let error as ICalError {
            throw InputError(file: path, message: "X-WR-TIMEZONE: \(error.message)")
        }
        // The zones the events name: to read the TZIDs that have no VTIMEZONE, and to find the local times a zone
        // skips (the hour the clocks go forward).
        var otherZones: [String: TimeZoneRules?] = [:]
        for event in contents.events {
            for tzid in [event.start?.tzid, event.end?.tzid].compactMap({ $0 }) where otherZones[tzid] == nil {
                otherZones[tzid] = try? await library.timeZoneRules(identifier: tzid, years: years)
            }
        }
        var programme = Programme(event: EventInfo(name: contents.name, timeZone: zoneID))
        for (ordinal, event) in contents.events.enumerated() {
            reader.add(event, at: places.place(ordinal), in: places, zone: zone, otherZones: otherZones, to: &programme)
        }
        reader.reportReusedUIDs()
        return ImportResult(
            programme: programme, diagnostics: reader.diagnostics, sessionsFromInstants: reader.sessionsFromInstants,
            zoneIsInferred: zoneID == nil || zoneID != contents.timeZone)
    }

    /// A carriage return not followed by a line feed: old Mac line ends when the file has no line feed at all,
    /// else a line break typed inside a value, which becomes an escaped newline (`\\n`, RFC 5545 §3.3.11).
    static func repairingBareCarriageReturns(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(0x0D) else { return text }
        let hasLineFeed = bytes.contains(0x0A)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        for (index, byte) in bytes.enumerated() {
            guard byte == 0x0D, index + 1 == bytes.count || bytes[index + 1] != 0x0A else {
                output.append(byte)
                continue
            }
            output += hasLineFeed ? [UInt8(ascii: "\\"), UInt8(ascii: "n")] : [0x0D, 0x0A]
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Where each `VEVENT` and its `DTSTART` and `LOCATION` lines are in the text, for diagnostics, and what the
/// importer checks itself before libical reads the text: the nesting of `BEGIN`/`END`, dates and times that
/// libical would silently normalise (`20230231` becomes 3 March), and `VTIMEZONE` rules that would make libical
/// expand changes without end.
struct EventPlaces {
    struct Place {
        var begin: Int
        var end: Int?
        var start: Int?
        var location: Int?
        /// A date, time or duration of the event that is not valid, with its line: the event gets no slot.
        var timeProblem: (line: Int, message: String)?
    }

    /// The properties whose values are checked here, so whose folded lines are joined.
    static let checkedPrefixes = ["BEGIN", "END", "DTSTART", "DTEND", "DURATION", "RRULE"]

    /// Deeper than any calendar nests (VCALENDAR › VEVENT › VALARM).
    static let maximumDepth = 16

    var places: [Place] = []
    /// Each logical line (folds joined) and the physical line it starts on.
    private var lines: [(number: Int, text: Substring)] = []

    /// - Throws: ``InputError`` naming the line where the nesting breaks, or a zone rule that cannot be used.
    init(text: String, file: String) throws {
        var current: Place?
        var open: [(name: Substring, line: Int)] = []
        var physical = 0
        // "\r\n" is one Character in Swift: split on newline characters, not on "\n".
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            physical += 1
            if let first = line.first, first == " " || first == "\t", !lines.isEmpty {
                // Only the lines checked here are joined, and only up to a length no date or rule reaches: joining
                // every fold of a long DESCRIPTION would copy it once per fold.
                let previous = lines[lines.count - 1].text
                if previous.utf8.count < 512,
                    Self.checkedPrefixes.contains(where: { previous.uppercased().hasPrefix($0) })
                {
                    lines[lines.count - 1].text = Substring(String(previous) + line.dropFirst())
                }
                continue
            }
            lines.append((physical, line))
        }
        for (number, line) in lines {
            let upper = line.prefix(24).uppercased()
            if upper.hasPrefix("BEGIN:") {
                let name = Substring(line.dropFirst(6).uppercased().trimmingSpaces)
                if open.isEmpty && name != "VCALENDAR" {
                    throw InputError(
                        file: file, line: number,
                        message: "BEGIN:\(name) outside a VCALENDAR (expected BEGIN:VCALENDAR)")
                }
                open.append((name, number))
                guard open.count <= Self.maximumDepth else {
                    throw InputError(
                        file: file, line: number,
                        message: "components nest deeper than \(Self.maximumDepth) levels (limit)")
                }
                if name == "VEVENT" { current = Place(begin: number) }
            } else if upper.hasPrefix("END:") {
                let name = line.dropFirst(4).uppercased().trimmingSpaces
                guard let last = open.last else {
                    throw InputError(file: file, line: number, message: "END:\(name) before any BEGIN")
                }
                guard last.name == name else {
                    throw InputError(
                        file: file, line: number,
                        message: "END:\(name) closes BEGIN:\(last.name) of line \(last.line)")
                }
                open.removeLast()
                if name == "VEVENT", var place = current {
                    place.end = number
                    places.append(place)
                    current = nil
                }
            } else if open.last?.name == "VEVENT" {
                if upper.hasPrefix("DTSTART") || upper.hasPrefix("DTEND") || upper.hasPrefix("DURATION") {
                    if upper.hasPrefix("DTSTART"), current?.start == nil { current?.start = number }
                    if current?.timeProblem == nil, let problem = ICSValues.problem(in: line) {
                        current?.timeProblem = (number, problem)
                    }
                } else if upper.hasPrefix("LOCATION"), current?.location == nil {
                    current?.location = number
                }
            } else if open.contains(where: { $0.name == "VTIMEZONE" }), upper.hasPrefix("RRULE"),
                let problem = ICSValues.zoneRuleProblem(in: line)
            {
                throw InputError(file: file, line: number, message: problem)
            }
        }
        if let unclosed = open.last {
            throw InputError(
                file: file, line: unclosed.line,
                message: "BEGIN:\(unclosed.name) is never closed (the file ends without END:\(unclosed.name))")
        }
    }

    func place(_ ordinal: Int) -> Place { ordinal < places.count ? places[ordinal] : Place(begin: 1) }

    /// The line of an event that a libical error message quotes at its end, else the event's first line.
    func line(of error: String, in place: Place) -> Int {
        for (number, line) in lines where number >= place.begin && number <= (place.end ?? Int.max) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty, error.hasSuffix(text) { return number }
        }
        return place.begin
    }
}

/// Strict reading of the date, time and duration values libical would accept and normalise.
enum ICSValues {
    /// The value of a content line: after the first `:` that is not inside a quoted parameter.
    static func value(of line: Substring) -> Substring {
        var quoted = false
        for index in line.indices {
            let character = line[index]
            if character == "\"" { quoted.toggle() }
            if character == ":" && !quoted { return line[line.index(after: index)...] }
        }
        return ""
    }

    /// What is wrong with a `DTSTART`, `DTEND` or `DURATION` line, or `nil`.
    static func problem(in line: Substring) -> String? {
        let name = line.prefix { $0 != ";" && $0 != ":" }.uppercased()
        let value = String(value(of: line)).trimmingSpaces
        if name == "DURATION" { return durationProblem(value) }
        return dateTimeProblem(value, property: name)
    }

    /// `20230919`, `20230919T113000` or `20230919T113000Z`, with a real date and time in 1900…2200.
    static func dateTimeProblem(_ value: String, property: String) -> String? {
        let bytes = Array(value.utf8)
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(bytes[$1] - UInt8(ascii: "0")) } }
        let shapeOK =
            (bytes.count == 8 || bytes.count == 15 || (bytes.count == 16 && bytes[15] == UInt8(ascii: "Z")))
            && bytes[0..<8].allSatisfy(isDigit)
            && (bytes.count == 8 || (bytes[8] == UInt8(ascii: "T") && bytes[9..<15].allSatisfy(isDigit)))
        guard shapeOK else {
            return "\(property) '\(value)' is not a date (20230919) or a date-time (20230919T113000, …Z)"
        }
        let wall = WallClock(
            year: number(0..<4), month: number(4..<6), day: number(6..<8),
            hour: bytes.count > 8 ? number(9..<11) : 0, minute: bytes.count > 8 ? number(11..<13) : 0,
            second: bytes.count > 8 ? number(13..<15) : 0)
        guard wall.isValid else { return "\(property) '\(value)' is not a real date and time" }
        return LocalDate(year: wall.year, month: wall.month, day: wall.day).rangeProblem.map {
            "\(property) '\(value)': \($0)"
        }
    }

    /// The longest a session may last: a duration beyond it is a typo, and its arithmetic could overflow.
    static let maximumDurationDays = 1_000

    /// Built once: the toolchain parses a regex when it is first built.
    nonisolated(unsafe) static let durationPattern =
        #/([+-])?P(?:([0-9]{1,12})W)?(?:([0-9]{1,12})D)?(?:T(?:([0-9]{1,12})H)?(?:([0-9]{1,12})M)?(?:([0-9]{1,12})S)?)?/#

    /// `PT1H30M`, `P2D`, `P1W`: digits bounded, at most ``maximumDurationDays``, not negative.
    static func durationProblem(_ value: String) -> String? {
        guard let match = value.wholeMatch(of: durationPattern) else {
            return "DURATION '\(value.prefix(40))' is not a duration like PT1H30M (RFC 5545 §3.3.6) of at most"
                + " \(maximumDurationDays) days"
        }
        if match.1 == "-" { return "DURATION '\(value)' is negative: the event would end before it starts" }
        func count(_ digits: Substring?) -> Int { digits.flatMap { Int($0) } ?? 0 }
        let days = count(match.2) * 7 + count(match.3)
        let seconds: Int = days * 86_400 + count(match.4) * 3_600 + count(match.5) * 60 + count(match.6)
        guard seconds <= maximumDurationDays * 86_400 else {
            return "DURATION '\(value)' is longer than \(maximumDurationDays) days (limit)"
        }
        return nil
    }

    /// A `VTIMEZONE` observance repeats yearly (RFC 5545 §3.6.5); any other frequency is refused, since libical
    /// would expand it change by change (a `FREQ=SECONDLY` rule never ends).
    static func zoneRuleProblem(in line: Substring) -> String? {
        let value = value(of: line).uppercased()
        let frequency = value.split(separator: ";").first { $0.hasPrefix("FREQ=") }?.dropFirst(5) ?? ""
        guard frequency != "YEARLY" else { return nil }
        return
            "VTIMEZONE rule 'RRULE:\(value.prefix(80))' repeats \(frequency.isEmpty ? "with no FREQ" : "FREQ=\(frequency)");"
            + " a time zone's observances repeat yearly (RFC 5545 §3.6.5): refused"
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
    /// Each reused `UID`, with the ids of the sessions that share it and the line of the second one.
    private var reusedUIDs: [String: (ids: [String], line: Int)] = [:]
    private var uidOrder: [String] = []
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
        // A reused UID: the event is kept as its own session with a UID of its own.
        let reusedUID = event.uid.flatMap { usedUIDs.insert($0).inserted ? nil : $0 }
        let summary = event.summary?.trimmingSpaces
        let title = summary.flatMap { $0.isEmpty ? nil : $0 } ?? event.uid ?? "(untitled event)"
        if summary?.isEmpty ?? true {
            warn("missing-title", "the event has no SUMMARY; it is called '\(title)'", at: location)
        }
        var session = Session(
            id: uniqueID(for: event, title: title), title: title, description: event.description, url: event.url,
            sources: [location], hasDerivedID: event.uid == nil, uid: reusedUID == nil ? event.uid : nil)
        if let reusedUID {
            if reusedUIDs[reusedUID] == nil { uidOrder.append(reusedUID) }
            reusedUIDs[reusedUID, default: ([], place.begin)].ids.append(session.id)
        }
        if let name = event.location?.trimmingSpaces, !name.isEmpty {
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
        if let problem = place.timeProblem {
            invalid(problem.message, at: SourceLocation(file: file, line: problem.line))
            programme.sessions.append(session)
            return
        }
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
        guard let from = wallClock(start, "DTSTART", zone: zone, otherZones: otherZones, at: location) else {
            return (nil, false)
        }
        let to: WallClock?
        switch event.end {
        case .some(.date):
            invalid("DTSTART is a date-time but DTEND is a date (RFC 5545 §3.6.1)", at: location)
            return (nil, false)
        case .some(let end): to = wallClock(end, "DTEND", zone: zone, otherZones: otherZones, at: location)
        case nil:
            // Neither DTEND nor DURATION: an instant (RFC 5545 §3.6.1), kept as a zero-length session.
            guard let duration = event.duration else { return (Slot(start: from, end: from), false) }
            // Days are calendar days on the wall clock, then the rest is exact time (RFC 5545 §3.3.6).
            let sameTimeLater = WallClock(utcSeconds: from.secondsSinceEpochAsUTC + Int64(duration.days) * 86_400)
            to = zone.wallClock(at: zone.resolve(sameTimeLater).instant + Int64(duration.seconds))
        }
        guard let to else { return (nil, false) }
        return (Slot(start: from, end: to), false)
    }

    private mutating func wallClock(
        _ time: CalendarEvent.Time, _ property: String, zone: TimeZoneRules, otherZones: [String: TimeZoneRules?],
        at location: SourceLocation
    ) -> WallClock? {
        switch time {
        case .utc(let instant), .zoned(let instant, _, _):
            if case .zoned(_, let written, let tzid) = time,
                let rules = tzid == zone.identifier ? zone : (otherZones[tzid] ?? nil)
            {
                reportSkipped(written, property, in: rules, readAs: instant, at: location)
            }
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
            let instant = rules.resolve(wall).instant
            reportSkipped(wall, property, in: rules, readAs: instant, at: location)
            return zone.wallClock(at: instant)
        case .date(let wall):
            return wall
        }
    }

    /// An `invalid-time` error for a local time the zone skips (the clocks go forward): the feed says a time that
    /// no clock shows there, as the other formats' checks say. The event keeps the instant it was read as, which
    /// the message gives: libical, with the file's VTIMEZONE, takes the offset after the gap, where RFC 5545
    /// §3.3.5 (and the zone rules used without one) take the offset before it.
    private mutating func reportSkipped(
        _ wall: WallClock, _ property: String, in rules: TimeZoneRules, readAs instant: Int64,
        at location: SourceLocation
    ) {
        guard case .skipped = rules.resolve(wall) else { return }
        invalid(
            "\(property) \(wall.date) \(wall.time) does not exist in \(rules.identifier): the clocks go forward then;"
                + " it is read as \(rules.rfc3339(instant))", at: location)
    }

    /// One error per reused `UID`, with how many events share it.
    mutating func reportReusedUIDs() {
        for uid in uidOrder {
            guard let reused = reusedUIDs[uid] else { continue }
            diagnostics.append(
                .duplicateID(
                    "\(reused.ids.count + 1) VEVENTs share the UID '\(uid)' (RFC 5545 requires one UID per event;"
                        + " a subscriber's calendar keeps only one of them): each is kept as its own session,"
                        + " the others as \(Diagnostic.listing(reused.ids)) with UIDs of their own",
                    at: SourceLocation(file: file, line: reused.line)))
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
