import Foundation
import ICal

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One event of a frab-style schedule (pretalx and frab serve it as `schedule.xml` and `schedule.json`).
struct ScheduleEntry {
    var guid: String?
    var numericID: String?
    var title: String?
    var subtitle: String?
    /// The start with its offset: `2023-09-19T11:30:00+02:00`.
    var date: String?
    /// The `<day date>` the event is listed under, and that day's start (`2023-09-19T04:00:00+02:00`).
    var dayDate: String?
    var dayStart: String?
    /// `11:30`, and `01:30` (hours may exceed 24).
    var start: String?
    var duration: String?
    var room: String?
    var track: String?
    var type: String?
    var abstract: String?
    var description: String?
    var url: String?
    var persons: [String] = []
    var line: Int
}

/// The conference-level facts of a frab-style schedule.
struct ScheduleHeader {
    var title: String?
    var acronym: String?
    var timeZone: String?
    var url: String?
}

/// Turns schedule entries into a programme: the same rules for the XML and the JSON form.
struct ScheduleBuilder {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    mutating func build(header: ScheduleHeader, entries: [ScheduleEntry]) async throws -> ImportResult {
        let zoneID = header.timeZone ?? TimeZoneRules.utc.identifier
        let years = entries.compactMap { entry in (entry.date ?? entry.dayDate).flatMap { Int($0.prefix(4)) } }
        let zone: TimeZoneRules
        do {
            zone = try await ICalLibrary.shared.timeZoneRules(
                identifier: zoneID, years: years.filter(ICalLibrary.supportedYears.contains))
        } catch let error as ICalError {
            throw InputError(file: file, message: "time_zone_name: \(error.message)")
        }
        var programme = Programme(
            event: EventInfo(id: header.acronym, name: header.title, timeZone: header.timeZone, url: header.url))
        var usedIDs = IDAllocator()
        var reused: [String: (ids: [String], line: Int)] = [:]
        var reusedOrder: [String] = []
        for entry in entries {
            let location = SourceLocation(file: file, line: entry.line)
            guard let title = entry.title?.trimmingSpaces, !title.isEmpty else {
                diagnostics.append(
                    Diagnostic(
                        rule: "unreadable-line", severity: .error, message: "the event has no title: it is left out",
                        sources: [location]))
                continue
            }
            let explicitID = entry.guid ?? entry.numericID.map { "event-\($0)" }
            let id = usedIDs.unique(explicitID ?? TextKey.slug(title))
            // A reused guid: the event is kept as its own session (`<guid>-2`), and the reuse reported once.
            if let explicitID, id != explicitID {
                if reused[explicitID] == nil { reusedOrder.append(explicitID) }
                reused[explicitID, default: ([], entry.line)].ids.append(id)
            }
            var session = Session(
                id: id, title: title, kind: entry.type.nonEmpty, url: entry.url.nonEmpty, sources: [location],
                hasDerivedID: explicitID == nil)
            let texts = [entry.subtitle, entry.abstract, entry.description].compactMap(\.nonEmpty)
            session.description = texts.isEmpty ? nil : texts.joined(separator: "\n\n")
            if let name = entry.room.nonEmpty {
                session.room = programme.roomID(named: name)
                session.roomSource = location
            }
            session.track = entry.track.nonEmpty.map { programme.trackID(named: $0) }
            let speakers = entry.persons.compactMap(\.nonEmpty).map { Person(name: $0) }
            if !speakers.isEmpty { session.parts = [AgendaPart(title: nil, speakers: speakers)] }
            session.slotSource = location
            session.slot = slot(of: entry, zone: zone, at: location)
            programme.sessions.append(session)
        }
        for guid in reusedOrder {
            guard let (ids, line) = reused[guid] else { continue }
            diagnostics.append(
                .duplicateID(
                    "\(ids.count + 1) events share the guid or id '\(guid)' (one event each, or subscribers see only"
                        + " one of them): each is kept as its own session, the others as "
                        + Diagnostic.listing(ids), at: SourceLocation(file: file, line: line)))
        }
        return ImportResult(
            programme: programme, diagnostics: diagnostics,
            sessionsFromInstants: Set(programme.sessions.filter { $0.slot != nil }.map(\.id)),
            zoneIsInferred: header.timeZone == nil)
    }

    /// The start from `date` (an instant with its offset) when present, else from the day's date and `start`;
    /// the end is the start plus `duration`, so an event may cross midnight.
    private mutating func slot(of entry: ScheduleEntry, zone: TimeZoneRules, at location: SourceLocation) -> Slot? {
        func invalid(_ message: String) -> Slot? {
            diagnostics.append(
                Diagnostic(rule: "invalid-time", severity: .error, message: message, sources: [location]))
            return nil
        }
        guard let durationText = entry.duration, let minutes = Self.minutes(durationText) else {
            return invalid(
                "duration '\(entry.duration ?? "")' is not a duration like 01:30 (at most"
                    + " \(ICSValues.maximumDurationDays) days)")
        }
        var startInstant: Int64
        if let date = entry.date.nonEmpty {
            guard let instant = Self.instant(date) else {
                return invalid(
                    "date '\(date)' is not a time like 2023-09-19T11:30:00+02:00 (a real date in 1900…2200, an offset"
                        + " within ±18:00)")
            }
            startInstant = instant
        } else {
            guard let dayText = entry.dayDate, let text = entry.start else {
                return invalid("the event has neither a 'date' nor a day date and 'start' like 11:30")
            }
            guard let day = LocalDate(iso: dayText) else {
                return invalid("the day's date '\(dayText)' is not a date like 2023-09-19")
            }
            guard let time = LocalTime(text: String(text.prefix(5))) else {
                return invalid("start '\(text)' is not a time like 11:30")
            }
            if let problem = day.rangeProblem { return invalid("day '\(day)': \(problem)") }
            startInstant = zone.resolve(day.at(time)).instant
            // A time earlier than the day's start belongs to the night after it (frab's day change).
            if let dayStart = entry.dayStart.flatMap(Self.instant), startInstant < dayStart {
                let nextDay = LocalDateTime(utcSeconds: day.at(time).secondsSinceEpochAsUTC + 86_400)
                startInstant = zone.resolve(nextDay).instant
            }
        }
        let start = zone.wallClock(at: startInstant)
        return Slot(start: start, end: zone.wallClock(at: startInstant + Int64(minutes) * 60))
    }

    /// `01:30`, `1:30`, `26:00` or `01:30:00` → minutes; at most ``ICSValues/maximumDurationDays`` days.
    static func minutes(_ text: String) -> Int? {
        let parts = text.trimmingSpaces.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0.isASCIIDigits && $0.count <= 5 }),
            let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...59).contains(minutes),
            parts.count == 2 || Int(parts[2]).map({ (0...59).contains($0) }) == true
        else { return nil }
        let total = hours * 60 + minutes
        return total <= ICSValues.maximumDurationDays * 1_440 ? total : nil
    }

    /// Built once, not for every event.
    nonisolated(unsafe) static let instantPattern =
        #/([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2})/#

    /// `2023-09-19T11:30:00+02:00`, `…Z` or `2023-09-19T11:30+02:00` → seconds since the epoch; `nil` for a
    /// date that does not exist, a year outside 1900…2200 or an offset beyond ±18:00.
    static func instant(_ text: String) -> Int64? {
        guard let match = text.trimmingSpaces.wholeMatch(of: instantPattern),
            let year = Int(match.1), let month = Int(match.2), let day = Int(match.3), let hour = Int(match.4),
            let minute = Int(match.5)
        else { return nil }
        let wall = WallClock(
            year: year, month: month, day: day, hour: hour, minute: minute, second: match.6.flatMap { Int($0) } ?? 0)
        guard wall.isValid, ICalLibrary.supportedYears.contains(year) else { return nil }
        var offset = 0
        if match.7 != "Z" {
            let digits = match.7.filter(\.isNumber)
            guard let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)), hours <= 18, minutes < 60
            else { return nil }
            offset = (hours * 3_600 + minutes * 60) * (match.7.first == "-" ? -1 : 1)
        }
        return wall.secondsSinceEpochAsUTC - Int64(offset)
    }
}

extension String? {
    /// The text, or `nil` when it is missing or only spaces.
    var nonEmpty: String? {
        guard let self else { return nil }
        let trimmed = self.trimmingSpaces
        return trimmed.isEmpty ? nil : trimmed
    }
}

extension String {
    var nonEmpty: String? { Optional(self).nonEmpty }
}

/// Reads a frab / pentabarf `schedule.xml`, as pretalx and frab serve it.
public struct FrabXMLImporter: ProgrammeImporter {
    public init() {}

    public var formatName: String { "frab XML" }

    public func accepts(path: String, text: String) -> Bool { path.lowercased().hasSuffix(".xml") }

    public func acceptsInFolder(path: String, text: String) -> Bool {
        accepts(path: path, text: text) && text.prefix(4_096).contains("<schedule")
    }

    public func read(path: String, text: String) async throws -> ImportResult {
        let root = try XMLTree.parse(text, file: path)
        guard root.name == "schedule" else {
            throw InputError(
                file: path, line: root.line, message: "expected a frab <schedule> document, found <\(root.name)>")
        }
        let conference = root.child("conference")
        let header = ScheduleHeader(
            title: conference?.child("title")?.text.nonEmpty, acronym: conference?.child("acronym")?.text.nonEmpty,
            timeZone: conference?.child("time_zone_name")?.text.nonEmpty,
            url: conference?.child("base_url")?.text.nonEmpty)
        var entries: [ScheduleEntry] = []
        for day in root.children("day") {
            for room in day.children("room") {
                for event in room.children("event") {
                    var entry = ScheduleEntry(line: event.line)
                    entry.guid = event.attributes["guid"].nonEmpty
                    entry.numericID = event.attributes["id"].nonEmpty
                    entry.dayDate = day.attributes["date"]
                    entry.dayStart = day.attributes["start"]
                    entry.room = event.child("room")?.text.nonEmpty ?? room.attributes["name"]
                    for (key, path) in ScheduleEntry.textFields { entry[keyPath: path] = event.child(key)?.text }
                    entry.persons = event.child("persons")?.children("person").map(\.text) ?? []
                    entries.append(entry)
                }
            }
        }
        var builder = ScheduleBuilder(file: path)
        return try await builder.build(header: header, entries: entries)
    }
}

extension ScheduleEntry {
    /// The fields both forms spell the same way.
    static var textFields: [(String, WritableKeyPath<ScheduleEntry, String?>)] {
        [
            ("title", \.title), ("subtitle", \.subtitle), ("date", \.date), ("start", \.start),
            ("duration", \.duration), ("track", \.track), ("type", \.type), ("abstract", \.abstract),
            ("description", \.description), ("url", \.url),
        ]
    }
}

/// Reads the c3voc schedule JSON (`schedule.json` of pretalx and frab).
public struct FrabJSONImporter: ProgrammeImporter {
    public init() {}

    public var formatName: String { "schedule JSON" }

    public func accepts(path: String, text: String) -> Bool { path.lowercased().hasSuffix(".json") }

    /// In a folder, only a JSON document with a `schedule` (not an export's `index.json`).
    public func acceptsInFolder(path: String, text: String) -> Bool {
        accepts(path: path, text: text) && text.prefix(4_096).contains("\"schedule\"")
    }

    /// Deeper than any schedule nests (the document, schedule, conference, days, a day, rooms, a room, an event,
    /// persons and a person are 10 levels): a hostile document is refused before Foundation's parser recurses.
    static let maximumDepth = 64

    public func read(path: String, text: String) async throws -> ImportResult {
        if let line = JSONLines.lineNesting(deeperThan: Self.maximumDepth, in: text) {
            throw InputError(
                file: path, line: line,
                message: "malformed JSON: arrays and objects nest deeper than \(Self.maximumDepth) levels (limit)")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw InputError(file: path, message: "malformed JSON: \(JSONLines.describe(error))")
        }
        guard let top = object as? [String: Any], let schedule = top["schedule"] as? [String: Any],
            let conference = schedule["conference"] as? [String: Any]
        else {
            throw InputError(
                file: path, line: 1, message: "expected a c3voc schedule: {\"schedule\": {\"conference\": …}}")
        }
        let header = ScheduleHeader(
            title: conference["title"] as? String, acronym: conference["acronym"] as? String,
            timeZone: conference["time_zone_name"] as? String, url: schedule["base_url"] as? String)
        let lines = JSONLines(text: text)
        var entries: [ScheduleEntry] = []
        for day in conference["days"] as? [[String: Any]] ?? [] {
            let rooms = day["rooms"] as? [String: Any] ?? [:]
            for roomName in rooms.keys.sorted() {
                for event in rooms[roomName] as? [[String: Any]] ?? [] {
                    func text(_ key: String) -> String? {
                        if let value = event[key] as? String { return value }
                        if let value = event[key] as? NSNumber { return value.stringValue }
                        return nil
                    }
                    var entry = ScheduleEntry(line: lines.line(of: text("guid") ?? text("title") ?? ""))
                    entry.guid = text("guid").nonEmpty
                    entry.numericID = text("id").nonEmpty
                    entry.dayDate = day["date"] as? String
                    entry.dayStart = day["day_start"] as? String
                    entry.room = text("room").nonEmpty ?? roomName
                    for (key, path) in ScheduleEntry.textFields { entry[keyPath: path] = text(key) }
                    entry.persons = (event["persons"] as? [Any] ?? []).compactMap { person in
                        let fields = person as? [String: Any]
                        return (fields?["public_name"] as? String) ?? (fields?["name"] as? String)
                    }
                    entries.append(entry)
                }
            }
        }
        entries.sort { $0.line < $1.line }
        var builder = ScheduleBuilder(file: path)
        return try await builder.build(header: header, entries: entries)
    }
}

/// The lines `"guid"` and `"title"` values are written on, for diagnostics (JSONSerialization keeps no
/// positions): one pass over the bytes, so a schedule of thousands of events costs no more than reading it.
struct JSONLines {
    private var lines: [String: Int] = [:]

    init(text: String) {
        let bytes = Array(text.utf8)
        var line = 1
        var index = 0
        let keys: [[UInt8]] = [Array("\"guid\"".utf8), Array("\"title\"".utf8)]
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
            } else if byte == UInt8(ascii: "\""),
                let key = keys.first(where: { bytes[index...].starts(with: $0) })
            {
                var cursor = index + key.count
                while cursor < bytes.count, [0x20, 0x09, UInt8(ascii: ":")].contains(bytes[cursor]) { cursor += 1 }
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") {
                    var end = cursor + 1
                    while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") {
                        end += 1
                    }
                    let value = String(decoding: bytes[(cursor + 1)..<end], as: UTF8.self)
                    if lines[value] == nil { lines[value] = line }
                }
                index += key.count
                continue
            }
            index += 1
        }
    }

    /// The line where arrays and objects first nest deeper than `limit`, or `nil`: one pass over the bytes,
    /// strings skipped.
    static func lineNesting(deeperThan limit: Int, in text: String) -> Int? {
        var depth = 0
        var line = 1
        var inString = false
        var escaped = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return line }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return nil
    }

    /// The line of the first `"guid"` or `"title"` with that value, else 1.
    func line(of value: String) -> Int { lines[value] ?? 1 }

    static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}

/// A small element tree read with Foundation's XMLParser, each element with the line it starts on.
final class XMLTree {
    let name: String
    let attributes: [String: String]
    let line: Int
    var children: [XMLTree] = []
    var text = ""

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }
    func children(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

    /// - Throws: ``InputError`` with the line and column where the document stops being well-formed XML.
    static func parse(_ text: String, file: String) throws -> XMLTree {
        if let line = emptyProcessingInstructionLine(text.utf8) {
            throw InputError(
                file: file, line: line,
                message: "malformed XML: a processing instruction without data (<?name?>), which is not read")
        }
        let parser = XMLParser(data: Data(text.utf8))
        let builder = Builder()
        parser.delegate = builder
        let parsed = parser.parse()
        if builder.tooDeep {
            throw InputError(
                file: file, line: max(parser.lineNumber, 1),
                message: "malformed XML: elements nest deeper than \(Builder.maximumDepth) levels")
        }
        if !parsed || builder.root == nil {
            let error = parser.parserError.map(describe) ?? "no root element"
            // Where libxml2 reported that error first: once the parse is over, the parser's position is where
            // libxml2's recovery stopped reading, the end of the document.
            let position = parser.parserError.flatMap { builder.errorPositions[($0 as NSError).code] }
            throw InputError(
                file: file, line: max(position?.line ?? parser.lineNumber, 1),
                column: position?.column ?? parser.columnNumber, message: "malformed XML: \(error)")
        }
        if let open = builder.stack.last {
            throw InputError(
                file: file, line: max(parser.lineNumber, 1),
                message: "malformed XML: the document ends inside <\(open.name)> opened at line \(open.line)")
        }
        return builder.root!
    }

    /// The line of the first `<?name?>` (a processing instruction with nothing after its name), or `nil`.
    /// Foundation's XMLParser on Linux reads a null pointer for such an instruction's data and crashes, so
    /// one is refused before parsing, wherever it stands (a comment holding one is refused too).
    /// - Complexity: O(bytes).
    static func emptyProcessingInstructionLine(_ bytes: String.UTF8View) -> Int? {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var line = 1
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            index = bytes.index(after: index)
            if byte == 0x0A { line += 1 }
            guard byte == UInt8(ascii: "<"), index != bytes.endIndex, bytes[index] == UInt8(ascii: "?") else {
                continue
            }
            var cursor = bytes.index(after: index)
            let nameStart = cursor
            while cursor != bytes.endIndex, !isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: "?") {
                cursor = bytes.index(after: cursor)
            }
            guard cursor != nameStart else { continue }
            while cursor != bytes.endIndex, isSpace(bytes[cursor]) { cursor = bytes.index(after: cursor) }
            let close = bytes[cursor...].starts(with: "?>".utf8)
            if close { return line }
        }
        return nil
    }

    /// libxml2's error numbers (`xmlParserErrors`) as words: Foundation on Linux only says "error 76".
    private static func describe(_ error: any Error) -> String {
        let code = (error as NSError).code
        switch code {
        case 76: return "an end tag does not match its start tag"
        case 77, 5: return "the document ends inside an element"
        case 3, 4: return "the document is empty or does not start with a tag"
        case 9: return "an invalid character"
        case 73: return "a tag is not closed with '>'"
        case 68, 23, 26: return "a broken entity reference (write & as &amp;)"
        case 39, 40, 41: return "a broken attribute"
        case 89: return "entity expansion beyond libxml2's limits (refused)"
        case 1: return "a limit of libxml2 was reached (a text longer than 10,000,000 characters, or too many entities)"
        default: return "libxml2 error \(code)"
        }
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLTree?
        var stack: [XMLTree] = []

        /// Deeper than any schedule nests: a hostile document is refused before its tree grows that deep.
        static let maximumDepth = 64
        var tooDeep = false
        /// The line and column of the first error of each libxml2 error number, as the parser reports them.
        var errorPositions: [Int: (line: Int, column: Int)] = [:]

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            let code = (parseError as NSError).code
            if errorPositions[code] == nil { errorPositions[code] = (parser.lineNumber, parser.columnNumber) }
        }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            guard stack.count < Self.maximumDepth else {
                tooDeep = true
                parser.abortParsing()
                return
            }
            let element = XMLTree(name: name, attributes: attributes, line: parser.lineNumber)
            if let parent = stack.last { parent.children.append(element) } else { root = element }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            stack.last?.text += String(decoding: block, as: UTF8.self)
        }
    }
}
