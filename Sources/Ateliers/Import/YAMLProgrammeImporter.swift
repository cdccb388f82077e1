import ICal
import Yams

/// Reads the canonical YAML programme (see `examples/annotated.yaml`), keeping every session's line for diagnostics.
public struct YAMLProgrammeImporter: ProgrammeImporter {
    public init() {}

    public var formatName: String { "YAML" }

    public func accepts(path: String, text: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml")
    }

    /// In a folder, a YAML file of attendee picks (`attendees:` at the top, no `sessions:`) is not a programme.
    public func acceptsInFolder(path: String, text: String) -> Bool {
        guard accepts(path: path, text: text) else { return false }
        let keys = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix(" ") && !$0.hasPrefix("#") }
        return !(keys.contains { $0.hasPrefix("attendees:") } && !keys.contains { $0.hasPrefix("sessions:") })
    }

    /// Reads the sessions as the parser goes, so that the whole document never exists as a tree (see
    /// ``YAMLSubsetParser``); outside the parser's subset, Yams reads the document.
    public func read(path: String, text: String) throws -> ImportResult {
        var sessions = YAMLReader.SessionCollector(file: path)
        var later = YAMLReader.SessionCollector(file: path)
        var streamed = false
        let parsed = YAMLSubsetParser.parse(
            text, streaming: "sessions",
            into: { node in
                streamed = true
                sessions.add(node)
            }, secondHalfInto: { later.add($0, keepingOrder: true) })
        guard case .success(let root) = parsed.result else {
            return try Self.read(path: path, root: try YAMLValue.yamsDocument(text, file: path))
        }
        if parsed.secondHalfUsed {
            streamed = true
            sessions.append(later)
        }
        return try Self.read(path: path, root: root, streamedSessions: streamed ? sessions : nil)
    }

    /// The programme in a document already read.
    static func read(path: String, root: YAMLValue?, streamedSessions: YAMLReader.SessionCollector? = nil) throws
        -> ImportResult
    {
        guard let root, case .mapping(let top) = root else {
            throw InputError(
                file: path, line: root?.mark.line,
                message: "expected a mapping with 'event', 'rooms', 'tracks' and 'sessions'")
        }
        var reader = YAMLReader(file: path)
        let programme = try reader.programme(top, streamedSessions: streamedSessions)
        return ImportResult(programme: programme, diagnostics: reader.diagnostics)
    }

    static func inputError(_ error: YamlError, file: String) -> InputError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return InputError(file: file, line: mark.line, column: mark.column, message: "malformed YAML: \(detail)")
        case .reader(let problem, _, _, _):
            return InputError(file: file, message: "unreadable YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return InputError(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "malformed YAML: duplicate keys \(duplicates.joined(separator: ", "))")
        default:
            return InputError(file: file, message: "malformed YAML: \(error)")
        }
    }
}

/// Walks the YAML node tree into the model; wrong shapes throw with the line, wrong values become diagnostics.
struct YAMLReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func fail(_ node: YAMLValue?, _ message: String) -> InputError {
        InputError(file: file, line: node?.mark.line, column: node?.mark.column, message: message)
    }

    func fail(_ key: YAMLScalar, _ message: String) -> InputError {
        InputError(file: file, line: key.mark.line, column: key.mark.column, message: message)
    }

    func location(_ node: YAMLValue) -> SourceLocation { SourceLocation(file: file, line: node.mark.line) }

    func location(_ key: YAMLScalar) -> SourceLocation { SourceLocation(file: file, line: key.mark.line) }

    func string(_ node: YAMLValue?, _ what: String) throws -> String? {
        guard let node else { return nil }
        if case .scalar(let scalar) = node {
            if scalar.style == .plain && (scalar.text == "~" || scalar.text == "null" || scalar.text.isEmpty) {
                return nil
            }
            return scalar.text
        }
        throw fail(node, "expected text for '\(what)'")
    }

    func required(_ node: YAMLValue, _ key: String, in owner: String) throws -> String {
        guard let value = try string(node[key], key), !value.isEmpty else {
            throw fail(node, "\(owner) has no '\(key)'")
        }
        return value
    }

    func list(_ node: YAMLValue?, _ what: String) throws -> [YAMLValue] {
        guard let node else { return [] }
        if case .sequence(let sequence) = node { return sequence.items }
        if case .scalar(let scalar) = node, scalar.style == .plain, scalar.text.isEmpty || scalar.text == "null" {
            return []
        }
        throw fail(node, "expected a list for '\(what)'")
    }

    func checkKeys(_ node: YAMLValue, _ allowed: Set<String>, in owner: String) throws {
        guard case .mapping(let mapping) = node else { throw fail(node, "expected a mapping for \(owner)") }
        for pair in mapping.pairs where !allowed.contains(pair.key.text) {
            throw fail(
                pair.key,
                "unknown key '\(pair.key.text)' in \(owner); expected one of \(allowed.sorted().joined(separator: ", "))"
            )
        }
    }

    /// The keys each part of the file may have (built once: a set per call would cost more than the check).
    static let programmeKeys: Set<String> = ["event", "rooms", "tracks", "sessions", "people", "checks"]
    static let eventKeys: Set<String> = ["id", "name", "timezone", "venue", "url", "hours", "dates", "changeover"]
    static let hoursKeys: Set<String> = ["open", "close"]
    static let roomKeys: Set<String> = ["id", "name", "capacity", "building", "capacity_sessions", "open"]
    static let trackKeys: Set<String> = ["id", "name"]
    static let availabilityKeys: Set<String> = ["name", "available"]
    static let sessionKeys: Set<String> = [
        "id", "title", "kind", "track", "date", "start", "end", "room", "moderators", "chairs", "parts",
        "description", "url", "uid", "all-day", "days", "blocks",
    ]
    static let partKeys: Set<String> = ["title", "speakers", "organisations", "items"]
    static let windowKeys: Set<String> = ["date", "from", "to"]
    static let changeoverKeys: Set<String> = ["rooms", "buildings"]
    static let acknowledgementKeys: Set<String> = ["rule", "sessions", "reason"]
    static let personKeys: Set<String> = ["name", "roles"]

    /// - Parameter streamedSessions: the sessions, already read while the parser went through them (`sessions`
    ///   in `top` is then a stand-in).
    mutating func programme(_ top: YAMLMapping, streamedSessions: SessionCollector? = nil) throws -> Programme {
        let root = YAMLValue.mapping(top)
        try checkKeys(root, Self.programmeKeys, in: "the programme")
        var programme = Programme()
        if let event = root["event"] {
            try checkKeys(event, Self.eventKeys, in: "event")
            programme.event.id = try string(event["id"], "id")
            programme.event.name = try string(event["name"], "name")
            programme.event.timeZone = try string(event["timezone"], "timezone")
            programme.event.venue = try string(event["venue"], "venue")
            programme.event.url = try string(event["url"], "url")
            if let hours = event["hours"] {
                try checkKeys(hours, Self.hoursKeys, in: "event.hours")
                programme.event.hours = OpeningHours(
                    open: try time(hours["open"], "open") ?? LocalTime(hour: 0, minute: 0),
                    close: try time(hours["close"], "close") ?? LocalTime(hour: 23, minute: 59))
            }
            let dates = try list(event["dates"], "dates")
            if dates.count > Self.maximumDates {
                throw fail(event["dates"], "event.dates lists \(dates.count) days; at most \(Self.maximumDates)")
            }
            for node in dates {
                guard let text = try string(node, "dates"), let day = LocalDate(iso: text) else {
                    throw fail(node, "event.dates lists dates like \"2023-09-19\"")
                }
                if let problem = day.rangeProblem { throw fail(node, "'\(text)': \(problem)") }
                programme.event.dates.append(day)
            }
            if let node = event["changeover"] { programme.event.changeover = try changeover(node) }
        }
        var roomIDs: [String: YAMLValue] = [:]
        for node in try list(root["rooms"], "rooms") {
            try checkKeys(node, Self.roomKeys, in: "a room")
            let name = try required(node, "name", in: "a room")
            let id = try string(node["id"], "id") ?? TextKey.identifier(name, kind: "room")
            var capacity: Int?
            if let text = try string(node["capacity"], "capacity") {
                guard let value = Int(text), value >= 0 else {
                    throw fail(node["capacity"], "capacity '\(text)' is not a whole number")
                }
                capacity = value
            }
            var capacitySessions: Int?
            if let text = try string(node["capacity_sessions"], "capacity_sessions") {
                guard text.isASCIIDigits, text.count <= 6, let value = Int(text), value >= 1 else {
                    throw fail(
                        node["capacity_sessions"],
                        "capacity_sessions '\(text)' is not a whole number of sessions from 1 to 999999")
                }
                capacitySessions = value
            }
            if roomIDs[id] != nil {
                duplicate("room", id, node)
                continue
            }
            roomIDs[id] = node
            programme.rooms.append(
                Room(
                    id: id, name: name, capacity: capacity, building: try string(node["building"], "building"),
                    capacitySessions: capacitySessions, open: try windows(node["open"], "open", in: "room '\(id)'")))
        }
        var trackIDs = Set<String>()
        for node in try list(root["tracks"], "tracks") {
            try checkKeys(node, Self.trackKeys, in: "a track")
            let name = try required(node, "name", in: "a track")
            let id = try string(node["id"], "id") ?? TextKey.identifier(name, kind: "track")
            if !trackIDs.insert(id).inserted {
                duplicate("track", id, node)
                continue
            }
            programme.tracks.append(Track(id: id, name: name))
        }
        for node in try list(root["people"], "people") {
            try checkKeys(node, Self.availabilityKeys, in: "a person")
            let name = try required(node, "name", in: "a person")
            programme.availability.append(
                Availability(
                    person: Person(name: name),
                    windows: try windows(node["available"], "available", in: "person '\(name)'"), source: location(node)
                ))
        }
        if let checks = root["checks"] { programme.checks = try checkSettings(checks) }
        var sessions = streamedSessions ?? SessionCollector(file: file)
        if streamedSessions == nil {
            for node in try list(root["sessions"], "sessions") {
                sessions.add(node)
                if let error = sessions.error { throw error }
            }
        }
        if let error = sessions.error { throw error }
        programme.sessions = sessions.sessions
        diagnostics += sessions.reader.diagnostics
        return programme
    }

    /// Reads sessions one by one, as the file lists them; the first one that cannot be read stops it.
    struct SessionCollector {
        var reader: YAMLReader
        var sessions: [Session] = []
        var ids = Set<String>()
        /// What the first unreadable session threw: the programme throws it once everything before the sessions
        /// has been read (what those parts throw comes first).
        var error: (any Error)?

        /// For a collector whose sessions follow another's (``append(_:)``): where each session is, and how many
        /// diagnostics came before it.
        var order: [(location: SourceLocation, diagnostics: Int)] = []

        init(file: String) { reader = YAMLReader(file: file) }

        mutating func add(_ node: YAMLValue, keepingOrder: Bool = false) {
            guard error == nil else { return }
            do {
                let session = try reader.session(node)
                if !ids.insert(session.id).inserted {
                    reader.duplicate("session", session.id, at: reader.location(node))
                    return
                }
                sessions.append(session)
                if keepingOrder { order.append((reader.location(node), reader.diagnostics.count)) }
            } catch {
                self.error = error
            }
        }

        /// Adds what `later` read from the items that follow this collector's, as if this one had read them.
        mutating func append(_ later: SessionCollector) {
            guard error == nil else { return }
            var diagnosticsTaken = 0
            for (session, (location, diagnosticsBefore)) in zip(later.sessions, later.order) {
                reader.diagnostics += later.reader.diagnostics[diagnosticsTaken..<diagnosticsBefore]
                diagnosticsTaken = diagnosticsBefore
                if !ids.insert(session.id).inserted {
                    reader.duplicate("session", session.id, at: location)
                    continue
                }
                sessions.append(session)
            }
            reader.diagnostics += later.reader.diagnostics[diagnosticsTaken...]
            error = later.error
        }
    }

    mutating func duplicate(_ what: String, _ id: String, _ node: YAMLValue) {
        duplicate(what, id, at: location(node))
    }

    mutating func duplicate(_ what: String, _ id: String, at location: SourceLocation) {
        diagnostics.append(
            Diagnostic(
                rule: "duplicate-id", severity: .error,
                message: "a second \(what) has the id '\(id)'; ids must be unique (this one is ignored)",
                sources: [location]))
    }

    mutating func session(_ node: YAMLValue) throws -> Session {
        try checkKeys(node, Self.sessionKeys, in: "a session")
        let title = try required(node, "title", in: "a session")
        let explicitID = try string(node["id"], "id")
        var session = Session(
            id: explicitID ?? TextKey.slug(title), title: title, sources: [location(node)],
            hasDerivedID: explicitID == nil)
        session.kind = try string(node["kind"], "kind")
        session.track = try string(node["track"], "track")
        session.room = try string(node["room"], "room")
        if session.room != nil, let roomNode = node["room"] { session.roomSource = location(roomNode) }
        session.description = try string(node["description"], "description")
        session.url = try string(node["url"], "url")
        session.moderators = try people(node["moderators"], "moderators")
        session.chairs = try people(node["chairs"], "chairs")
        for partNode in try list(node["parts"], "parts") {
            try checkKeys(partNode, Self.partKeys, in: "a part")
            session.parts.append(
                AgendaPart(
                    title: try string(partNode["title"], "title"),
                    speakers: try people(partNode["speakers"], "speakers"),
                    organisations: try list(partNode["organisations"], "organisations").compactMap {
                        try string($0, "organisations")
                    },
                    items: try list(partNode["items"], "items").compactMap { try string($0, "items") }))
        }
        session.uid = try string(node["uid"], "uid")
        if let blocks = try string(node["blocks"], "blocks") {
            guard blocks == "all" else { throw fail(node["blocks"], "'blocks' takes 'all', not '\(blocks)'") }
            session.blocksAll = true
        }
        let dateText = try string(node["date"], "date")
        let startText = try string(node["start"], "start")
        let endText = try string(node["end"], "end")
        if let allDay = try string(node["all-day"], "all-day") {
            guard allDay == "true" || allDay == "false" else {
                throw fail(node["all-day"], "'all-day' is true or false, not '\(allDay)'")
            }
            session.allDay = allDay == "true"
        }
        if session.allDay {
            let at = location(node["date"] ?? node)
            session.slotSource = at
            let daysText = try string(node["days"], "days") ?? "1"
            guard let dateText, let day = LocalDate(iso: dateText), daysText.isASCIIDigits, daysText.count <= 4,
                let days = Int(daysText), (1...ICSValues.maximumDurationDays).contains(days), startText == nil,
                endText == nil
            else {
                invalid(
                    "an all-day session has a 'date' like 2023-09-19, optional 'days' (1 to"
                        + " \(ICSValues.maximumDurationDays)), no times", at: at)
                return session
            }
            if let problem = day.rangeProblem {
                invalid("'\(dateText)': \(problem)", at: at)
                return session
            }
            let midnight = day.at(LocalTime(hour: 0, minute: 0))
            session.slot = Slot(
                start: midnight, end: LocalDateTime(utcSeconds: midnight.secondsSinceEpochAsUTC + Int64(days) * 86_400))
        } else if dateText != nil || startText != nil || endText != nil {
            let timeNode = node["date"] ?? node["start"] ?? node["end"]!
            session.slotSource = location(timeNode)
            session.slot = slot(date: dateText, start: startText, end: endText, at: location(timeNode))
        }
        return session
    }

    mutating func slot(date: String?, start: String?, end: String?, at location: SourceLocation) -> Slot? {
        guard let date, let start, let end else {
            invalid("a scheduled session needs 'date', 'start' and 'end' (or none of them)", at: location)
            return nil
        }
        guard let day = LocalDate(iso: date) else {
            invalid("'\(date)' is not a date like 2023-09-19", at: location)
            return nil
        }
        if let problem = day.rangeProblem {
            invalid("'\(date)': \(problem)", at: location)
            return nil
        }
        guard let from = LocalTime(text: start), let to = endTime(end) else {
            invalid("'\(start)'–'\(end)' is not a time range like \"11:30\"–\"13:00\"", at: location)
            return nil
        }
        var endDate = day.at(to.time)
        if to.nextDay {
            endDate = LocalDateTime(utcSeconds: day.at(to.time).secondsSinceEpochAsUTC + 86_400)
        }
        if endDate == day.at(from) { diagnostics.append(.zeroLength(at: "\(day) \(from)", at: location)) }
        return Slot(start: day.at(from), end: endDate)
    }

    /// `13:00`, or `24:00` / `+1 01:30` for sessions that end after midnight.
    func endTime(_ text: String) -> (time: LocalTime, nextDay: Bool)? {
        if text == "24:00" { return (LocalTime(hour: 0, minute: 0), true) }
        if text.hasPrefix("+1 "), let time = LocalTime(text: String(text.dropFirst(3))) { return (time, true) }
        return LocalTime(text: text).map { ($0, false) }
    }

    mutating func invalid(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(rule: "invalid-time", severity: .error, message: message, sources: [location]))
    }

    func time(_ node: YAMLValue?, _ what: String) throws -> LocalTime? {
        guard let text = try string(node, what) else { return nil }
        guard let time = LocalTime(text: text) else { throw fail(node, "'\(text)' is not a time like \"08:30\"") }
        return time
    }

    /// `[{date: "2023-09-19", from: "08:30", to: "18:00"}, {from: "09:00", to: "24:00"}]`: a window without a date
    /// is every day.
    func windows(_ node: YAMLValue?, _ what: String, in owner: String) throws -> [TimeWindow] {
        let items = try list(node, what)
        if items.count > Self.maximumWindows {
            throw fail(node, "\(owner) lists \(items.count) '\(what)' windows; at most \(Self.maximumWindows)")
        }
        return try items.map { item in
            try checkKeys(item, Self.windowKeys, in: "a window of \(owner)'s '\(what)'")
            var date: LocalDate?
            if let text = try string(item["date"], "date") {
                guard let day = LocalDate(iso: text) else {
                    throw fail(item["date"], "'\(text)' is not a date like \"2023-09-19\"")
                }
                if let problem = day.rangeProblem { throw fail(item["date"], "'\(text)': \(problem)") }
                date = day
            }
            guard let fromText = try string(item["from"], "from"), let from = LocalTime(text: fromText),
                let toText = try string(item["to"], "to"),
                let to = toText == "24:00" ? 1440 : LocalTime(text: toText)?.minutesSinceMidnight
            else {
                throw fail(item, "a window of \(owner)'s '\(what)' needs 'from' and 'to' like \"08:30\" and \"18:00\"")
            }
            guard to > from.minutesSinceMidnight else {
                throw fail(item, "a window of \(owner)'s '\(what)' ends (\(toText)) before it starts (\(fromText))")
            }
            return TimeWindow(date: date, start: from, endMinute: to, source: location(item))
        }
    }

    /// Limits that keep every check linear in the sessions: each session is compared with its room's or person's
    /// windows of one day, and a finding lists the event's days.
    static let maximumWindows = 1_000
    static let maximumDates = 3_660

    /// `10m`, or `{rooms: 10m, buildings: 25m}`.
    func changeover(_ node: YAMLValue) throws -> Changeover {
        if case .scalar = node {
            let text = try string(node, "changeover") ?? ""
            guard let seconds = Self.duration(text) else { throw fail(node, Self.durationProblem("changeover", text)) }
            return Changeover(rooms: seconds, source: location(node))
        }
        try checkKeys(node, Self.changeoverKeys, in: "event.changeover")
        let roomsText = try string(node["rooms"], "rooms") ?? "0m"
        guard let rooms = Self.duration(roomsText) else {
            throw fail(node["rooms"], Self.durationProblem("changeover.rooms", roomsText))
        }
        var buildings: Int?
        if let text = try string(node["buildings"], "buildings") {
            guard let seconds = Self.duration(text) else {
                throw fail(node["buildings"], Self.durationProblem("changeover.buildings", text))
            }
            buildings = seconds
        }
        return Changeover(rooms: rooms, buildings: buildings, source: location(node))
    }

    static func durationProblem(_ what: String, _ text: String) -> String {
        "\(what) '\(text)' is not a duration like 10m, 1h or 1h30m (at most 24h)"
    }

    /// Seconds in `10m`, `1h`, `1h30m`, `0m`: at most a day.
    static func duration(_ text: String) -> Int? {
        var seconds = 0
        var digits = ""
        var units = Set<Character>()
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
                guard digits.count <= 4 else { return nil }
            } else if character == "h" || character == "m", !digits.isEmpty, units.insert(character).inserted,
                !(character == "h" && units.contains("m"))
            {
                seconds += Int(digits)! * (character == "h" ? 3600 : 60)
                digits = ""
            } else {
                return nil
            }
        }
        guard digits.isEmpty, !units.isEmpty, seconds <= 86_400 else { return nil }
        return seconds
    }

    /// `checks: {track-clash: error, acknowledged: [{rule, sessions, reason}]}`.
    func checkSettings(_ node: YAMLValue) throws -> CheckSettings {
        guard case .mapping(let mapping) = node else { throw fail(node, "expected a mapping for 'checks'") }
        var settings = CheckSettings()
        for pair in mapping.pairs {
            let (key, value, name) = (pair.key, pair.value, pair.key.text)
            guard !name.isEmpty else { throw fail(key, "expected a rule name in 'checks'") }
            if name == "acknowledged" {
                for item in try list(value, "acknowledged") {
                    try checkKeys(item, Self.acknowledgementKeys, in: "an acknowledgement")
                    let sessions = try list(item["sessions"], "sessions").compactMap { try string($0, "sessions") }
                    guard !sessions.isEmpty else { throw fail(item, "an acknowledgement lists its 'sessions'") }
                    settings.acknowledged.append(
                        Acknowledgement(
                            rule: try required(item, "rule", in: "an acknowledgement"), sessions: sessions,
                            reason: try required(item, "reason", in: "an acknowledgement"), source: location(item)))
                }
                continue
            }
            let text = try string(value, name) ?? ""
            guard let setting = RuleSetting(rawValue: text) else {
                throw fail(
                    value,
                    "'\(name)' in 'checks' takes one of \(RuleSetting.allCases.map(\.rawValue).joined(separator: ", ")),"
                        + " not '\(text)'")
            }
            settings.rules.append(RuleConfiguration(rule: name, setting: setting, source: location(key)))
        }
        return settings
    }

    func people(_ node: YAMLValue?, _ what: String) throws -> [Person] {
        try list(node, what).map { item in
            if case .scalar = item, let name = try string(item, what) { return Person(name: name) }
            try checkKeys(item, Self.personKeys, in: "a person")
            let name = try required(item, "name", in: "a person")
            let roles = try list(item["roles"], "roles").compactMap { try string($0, "roles") }
            return Person(name: name, roles: roles)
        }
    }
}
