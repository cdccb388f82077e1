import Foundation
import ICal

/// Reads a programme kept in a spreadsheet and saved as CSV: one session a row.
///
/// Comma or semicolon separated, UTF-8 with or without a BOM. Header names in English or French, in any case and
/// with or without accents: `title`/`titre` (required), `date`, `start`/`début`, `end`/`fin`, `room`/`salle`,
/// `track`/`parcours`, `type`, `speakers`/`intervenants` and `moderators`/`animation` (people separated by `;`,
/// each `Name` or `Name, role, role`), `id`, `description`, `url`. Dates are `2023-09-19`, `19/09/2023` or
/// `19 septembre 2023`; times `11:30` or `11h30`; an end after midnight is `24:00` or `+1 01:30`.
/// Unknown columns are one warning; a row that cannot be read is a diagnostic with its line, and the other rows
/// still load.
public struct CSVProgrammeImporter: ProgrammeImporter {
    public init() {}

    public var formatName: String { "CSV" }

    public func accepts(path: String, text: String) -> Bool { path.lowercased().hasSuffix(".csv") }

    /// In a folder, only a CSV whose header has a title column is a programme (not attendee picks).
    public func acceptsInFolder(path: String, text: String) -> Bool {
        guard accepts(path: path, text: text) else { return false }
        let header = text.prefix { $0 != "\n" && $0 != "\r" }
        return header.split(whereSeparator: { $0 == "," || $0 == ";" }).contains { cell in
            Column.title.names.contains(
                TextKey.normalised(String(cell).trimmingCharacters(in: ["\"", " ", "\u{FEFF}"])))
        }
    }

    /// The columns, each with the header names that mean it (compared after ``TextKey/normalised(_:)``).
    enum Column: String, CaseIterable {
        case id, title, date, start, end, room, track, kind, speakers, moderators, description, url

        var names: [String] {
            switch self {
            case .id: return ["id", "identifiant"]
            case .title: return ["title", "titre", "intitule"]
            case .date: return ["date", "jour", "day"]
            case .start: return ["start", "debut", "heure de debut", "start time", "from"]
            case .end: return ["end", "fin", "heure de fin", "end time", "to"]
            case .room: return ["room", "salle", "lieu", "location"]
            case .track: return ["track", "parcours", "theme", "thematique"]
            case .kind: return ["type", "kind", "format"]
            case .speakers: return ["speakers", "speaker", "intervenants", "intervenant", "intervenant(e)s"]
            case .moderators: return ["moderators", "moderator", "animation", "animateur", "animateurs"]
            case .description: return ["description", "resume", "abstract"]
            case .url: return ["url", "lien", "link"]
            }
        }
    }

    public func read(path: String, text: String) throws -> ImportResult {
        var reader = CSVProgrammeReader(file: path)
        let unclosed = CSVReader.forEachRecord(text) { record in reader.take(record) }
        if let failure = reader.failure { throw failure }
        if let unclosed {
            throw InputError(file: path, line: unclosed, message: "a quoted field opened here never closes")
        }
        guard reader.columns != nil else { throw InputError(file: path, message: "the file is empty") }
        return ImportResult(programme: reader.programme, diagnostics: reader.diagnostics)
    }
}

/// The state of one CSV file being read: its header's columns, then one session per row.
struct CSVProgrammeReader {
    typealias Column = CSVProgrammeImporter.Column

    let file: String
    var columns: [Column: Int]?
    var programme = Programme()
    var diagnostics: [Diagnostic] = []
    var failure: InputError?
    private var usedIDs = IDAllocator()

    init(file: String) { self.file = file }

    mutating func take(_ record: CSVReader.Record) {
        guard failure == nil else { return }
        guard columns != nil else {
            readHeader(record)
            return
        }
        readRow(record)
    }

    private mutating func readHeader(_ record: CSVReader.Record) {
        var found: [Column: Int] = [:]
        var unknown: [String] = []
        for (index, raw) in record.fields.enumerated() {
            let name = TextKey.normalised(raw)
            if let column = Column.allCases.first(where: { $0.names.contains(name) }), found[column] == nil {
                found[column] = index
            } else if !name.isEmpty {
                unknown.append(raw.trimmingSpaces)
            }
        }
        guard found[.title] != nil else {
            failure = InputError(
                file: file, line: record.line,
                message: "the header has no 'title' (or 'titre') column; found: "
                    + record.fields.map(\.trimmingSpaces).joined(separator: ", "))
            return
        }
        if !unknown.isEmpty {
            diagnostics.append(
                Diagnostic(
                    rule: "unknown-column", severity: .warning,
                    message: "columns ignored: \(unknown.joined(separator: ", ")); known columns are "
                        + Column.allCases.map { $0.names.prefix(2).joined(separator: "/") }.joined(separator: ", "),
                    sources: [SourceLocation(file: file, line: record.line)]))
        }
        columns = found
    }

    private mutating func readRow(_ record: CSVReader.Record) {
        let location = SourceLocation(file: file, line: record.line)
        // A row of separators only (";;;"), as spreadsheets write below the data, is a blank line.
        if record.fields.allSatisfy({ $0.trimmingSpaces.isEmpty }) { return }
        func value(_ column: Column) -> String? {
            guard let index = columns?[column], index < record.fields.count else { return nil }
            let text = record.fields[index].trimmingSpaces
            return text.isEmpty ? nil : text
        }
        // A title is one line: a line break typed into its cell is a space (calcurse rejects multi-line summaries).
        guard
            let title = value(.title).map({ cell in
                cell.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces }.joined(separator: " ")
            })
        else {
            diagnostics.append(
                Diagnostic(
                    rule: "unreadable-line", severity: .error,
                    message: "the row has no title: it is left out", sources: [location]))
            return
        }
        let explicitID = value(.id)
        if let explicitID, usedIDs.taken.contains(explicitID) {
            diagnostics.append(
                .duplicateID(
                    "a second row has the id '\(explicitID)'; ids must be unique (this row is left out)", at: location))
            return
        }
        let id = explicitID ?? usedIDs.unique(TextKey.slug(title))
        usedIDs.taken.insert(id)
        var session = Session(
            id: id, title: title, kind: value(.kind), description: value(.description), url: value(.url),
            sources: [location], hasDerivedID: explicitID == nil)
        if let name = value(.room) {
            session.room = programme.roomID(named: name)
            session.roomSource = location
        }
        session.track = value(.track).map { programme.trackID(named: $0) }
        session.moderators = Self.people(value(.moderators))
        let speakers = Self.people(value(.speakers))
        if !speakers.isEmpty { session.parts = [AgendaPart(title: nil, speakers: speakers)] }
        let (date, start, end) = (value(.date), value(.start), value(.end))
        if date != nil || start != nil || end != nil {
            session.slotSource = location
            session.slot = slot(date: date, start: start, end: end, at: location)
        }
        programme.sessions.append(session)
    }

    private mutating func slot(date: String?, start: String?, end: String?, at location: SourceLocation) -> Slot? {
        func invalid(_ message: String) -> Slot? {
            diagnostics.append(
                Diagnostic(rule: "invalid-time", severity: .error, message: message, sources: [location]))
            return nil
        }
        guard let date, let start, let end else {
            return invalid("a scheduled row needs a date, a start and an end (or none of them)")
        }
        guard
            let found = LocalDate(iso: date)
                ?? FrenchDateTime.findDate(in: date).map({
                    LocalDate(year: $0.year, month: $0.month, day: $0.day)
                })
        else { return invalid("'\(date)' is not a date like 2023-09-19, 19/09/2023 or 19 septembre 2023") }
        guard found.isValid else { return invalid("'\(date)' is not a real date") }
        if let problem = found.rangeProblem { return invalid("'\(date)': \(problem)") }
        guard let from = Self.time(start), !from.nextDay else {
            return invalid("'\(start)' is not a start time like 11:30 or 11h30")
        }
        guard let to = Self.time(end) else {
            return invalid("'\(end)' is not an end time like 13:00, 13h00, 24:00 or +1 01:30")
        }
        let midnight = found.at(LocalTime(hour: 0, minute: 0)).secondsSinceEpochAsUTC
        let endClock = midnight + Int64((to.nextDay ? 1_440 : 0) + to.time.minutesSinceMidnight) * 60
        let slot = Slot(start: found.at(from.time), end: LocalDateTime(utcSeconds: endClock))
        if slot.start == slot.end { diagnostics.append(.zeroLength(at: "\(found) \(from.time)", at: location)) }
        return slot
    }

    /// Built once: a regex literal is compiled again each time it is evaluated, which costs on every row.
    nonisolated(unsafe) static let timePattern = #/([0-9]{1,2})\s*[h:]\s*([0-9]{2})?/#

    /// `11:30`, `11h30`, `11h`, `9h05`, `11:30:00` (as spreadsheets write time cells); `24:00` and `+1 01:30`
    /// for the next day.
    static func time(_ text: String) -> (time: LocalTime, nextDay: Bool)? {
        var rest = TextKey.normalised(text)
        var nextDay = false
        if rest.hasPrefix("+1 ") {
            nextDay = true
            rest.removeFirst(3)
        }
        if rest.hasSuffix(":00"), rest.count(where: { $0 == ":" }) == 2 { rest.removeLast(3) }
        guard let match = rest.wholeMatch(of: Self.timePattern),
            let hour = Int(match.1), let minute = Int(match.2 ?? "0"), (0...59).contains(minute)
        else { return nil }
        if hour == 24, minute == 0, !nextDay { return (LocalTime(hour: 0, minute: 0), true) }
        guard (0...23).contains(hour) else { return nil }
        return (LocalTime(hour: hour, minute: minute), nextDay)
    }

    /// `Name; Name, role, role` → people.
    static func people(_ text: String?) -> [Person] {
        guard let text else { return [] }
        return text.split(separator: ";").compactMap { item in
            let parts = item.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            guard let name = parts.first else { return nil }
            return Person(name: name, roles: Array(parts.dropFirst()))
        }
    }
}
