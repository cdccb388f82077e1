import ICal

/// Reads programme pages like the seeds: a French session page with a title, a description, an agenda of parts
/// and people, a practical block (`Horaire :`, `Salle :`, `Type :`) and a list of the other sessions that run at
/// the same time.
///
/// Tolerant of typography (NBSP and narrow NBSP, curly apostrophes, tabs, bullets, CRLF), it never guesses
/// silently: a practical-block line it cannot read becomes a diagnostic with its file and line.
public struct ProgrammePageImporter: ProgrammeImporter {
    public init() {}

    public var formatName: String { "programme page" }

    public func accepts(path: String, text: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".txt") || lowered.hasSuffix(".text") || lowered.hasSuffix(".md")
    }

    public func read(path: String, text: String) throws -> ImportResult {
        var parser = PageParser(file: path, text: text)
        try parser.run()
        return parser.result()
    }
}

/// The line-by-line state machine behind ``ProgrammePageImporter``.
struct PageParser {
    enum Phase {
        case title, description, agenda, practical, otherSessions
    }

    enum Context {
        case none, part, moderators, chairs
    }

    struct Line {
        var number: Int
        /// The text with line ends and surrounding spaces (including NBSP) removed, otherwise exact.
        var text: String
        /// The text with every kind of space made a plain one: what patterns match against.
        var plain: String
        var isBlank: Bool { text.isEmpty }
    }

    struct ListedSession {
        var title: String
        var start: (Int, Int)
        var end: (Int, Int)
        var room: String?
        var line: Int
    }

    struct PendingField {
        var key: String
        var value: String
        var line: Int
    }

    let file: String
    let lines: [Line]
    var diagnostics: [Diagnostic] = []

    var phase = Phase.title
    var context = Context.none
    var bulletsStartParts = false
    var title: String?
    var titleLine = 0
    var descriptionParagraphs: [[String]] = []
    var parts: [AgendaPart] = []
    var moderators: [Person] = []
    var chairs: [Person] = []
    /// The last person read and where it is stored, for role lines that continue on the next line.
    var lastPerson: (context: Context, index: Int)?
    var previousWasPerson = false

    var pending: PendingField?
    var fields: [PendingField] = []
    var listed: [ListedSession] = []

    static let labels: Set<String> = ["note de cadrage", "fiche atelier", "fiche session", "presentation", "programme"]
    static let practicalKeys: Set<String> = [
        "horaire", "horaires", "date", "heure", "heures", "salle", "lieu", "type", "parcours", "thematique", "lien",
        "url", "identifiant",
    ]
    static let bullets: Set<Character> = ["·", "•", "-", "–", "—", "*", "◦", "▪", "‣", "\u{F0B7}"]
    static let particles: Set<String> = [
        "de", "du", "des", "d'", "da", "di", "van", "von", "der", "den", "le", "la", "el", "al", "ben", "y", "e",
    ]
    static let organisationWords: Set<String> = [
        "association", "agence", "ministere", "region", "ville", "conseil", "institut", "universite", "fondation",
        "cites", "communaute", "metropole", "departement", "federation", "reseau", "ambassade", "unies", "france",
        "groupe", "office", "chambre", "commission", "forum", "programme", "fonds",
    ]

    init(file: String, text: String) {
        self.file = file
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        var number = 0
        var lines: [Line] = []
        for raw in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let trimmed = PageParser.trim(String(raw))
            lines.append(Line(number: number, text: trimmed, plain: PageParser.plainSpaces(trimmed)))
        }
        self.lines = lines
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value == 0x00A0 || scalar.value == 0x202F || scalar.value == 0xFEFF
    }

    /// The text with every kind of space made a plain one, scalar by scalar: a 50 MB line costs 50 MB, not an
    /// array of 16-byte `Character`s, and a line with plain spaces only is not copied.
    static func plainSpaces(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isSpace($0) && $0 != " " }) else { return text }
        var plain = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { plain.append(isSpace(scalar) ? " " : scalar) }
        return String(plain)
    }

    static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) && $0 != "\r" }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) && $0 != "\r" })!
        return String(scalars[first...last])
    }

    mutating func run() throws {
        guard lines.contains(where: { !$0.isBlank }) else {
            throw InputError(file: file, message: "the file is empty: expected a programme page with a title line")
        }
        for line in lines { consume(line) }
        flushField()
        guard title != nil else {
            throw InputError(file: file, message: "no title: every line is a label such as 'Note de cadrage'")
        }
    }

    // MARK: Line dispatch

    mutating func consume(_ line: Line) {
        if line.isBlank {
            flushField()
            previousWasPerson = false
            if phase == .description || phase == .agenda, descriptionParagraphs.last?.isEmpty == false {
                descriptionParagraphs.append([])
            }
            return
        }
        let key = TextKey.normalised(line.plain)

        if phase == .title {
            if Self.labels.contains(key) { return }
            title = line.text
            titleLine = line.number
            phase = .description
            return
        }
        if key == "informations pratiques" || key == "infos pratiques" {
            flushField()
            phase = .practical
            return
        }
        if key.hasPrefix("les autres rendez-vous") || key.hasPrefix("autres rendez-vous") {
            flushField()
            phase = .otherSessions
            return
        }
        if key == "localisation de la salle" || key == "plan d'acces" { return }
        if let field = practicalField(line) {
            flushField()
            pending = field
            if phase != .otherSessions { phase = .practical }
            return
        }
        switch phase {
        case .title:
            break
        case .practical:
            if var field = pending {
                field.value += field.value.isEmpty ? line.text : " " + line.text
                pending = field
            } else {
                unreadable(line, "expected 'Horaire :', 'Salle :' or 'Type :' in the practical block")
            }
        case .otherSessions:
            readListedSession(line)
        case .description, .agenda:
            readAgendaLine(line, key: key)
        }
    }

    /// `Horaire : …`, `Salle : …`, `Type : …` and the other practical keys.
    func practicalField(_ line: Line) -> PendingField? {
        guard let colon = line.plain.firstIndex(of: ":") else { return nil }
        let name = TextKey.normalised(String(line.plain[..<colon]))
        guard Self.practicalKeys.contains(name) else { return nil }
        let value = PageParser.trim(String(line.text[line.text.index(after: colonIndex(in: line.text))...]))
        return PendingField(key: name, value: value, line: line.number)
    }

    func colonIndex(in text: String) -> String.Index { text.firstIndex(of: ":")! }

    mutating func flushField() {
        if let field = pending { fields.append(field) }
        pending = nil
    }

    mutating func unreadable(_ line: Line, _ expected: String) {
        diagnostics.append(
            Diagnostic(
                rule: "unreadable-line", severity: .warning,
                message: "cannot read '\(line.text)': \(expected)",
                sources: [SourceLocation(file: file, line: line.number)]))
    }

    // MARK: Agenda: parts, roles, people

    mutating func readAgendaLine(_ line: Line, key: String) {
        if let heading = romanHeading(line) {
            startPart(heading)
            return
        }
        if let (role, value) = roleLine(line, key: key) {
            phase = .agenda
            switch role {
            case "animation", "moderation", "animatrice", "animateur":
                context = .moderators
            case "presidence", "president", "presidente":
                context = .chairs
            default:
                startPart(PageParser.trim(String(line.text[..<colonIndex(in: line.text)])))
            }
            if !value.isEmpty { readPeople(value, line: line) }
            return
        }
        if key.hasPrefix("interventions") && key.hasSuffix(":") {
            phase = .agenda
            context = .none
            bulletsStartParts = true
            return
        }
        if key == "programme" {
            phase = .agenda
            return
        }
        if phase == .description {
            addProse(line.text)
            return
        }
        if let first = line.text.first, Self.bullets.contains(first) {
            let item = PageParser.trim(String(line.text.dropFirst()))
            if bulletsStartParts {
                startPart(item)
            } else if context == .part, !parts.isEmpty {
                parts[parts.count - 1].items.append(item)
            } else {
                addProse(line.text)
            }
            previousWasPerson = false
            return
        }
        if readPeople(line.text, line: line) { return }
        if previousWasPerson, let last = lastPerson {
            appendRoles(splitRoles(line.text), to: last)
            return
        }
        if context == .part, let organisation = organisationLine(line.plain) {
            parts[parts.count - 1].organisations.append(organisation)
            return
        }
        addProse(line.text)
        previousWasPerson = false
    }

    mutating func addProse(_ text: String) {
        if descriptionParagraphs.isEmpty { descriptionParagraphs.append([]) }
        descriptionParagraphs[descriptionParagraphs.count - 1].append(text)
    }

    mutating func startPart(_ title: String) {
        phase = .agenda
        var clean = PageParser.trim(title)
        if clean.hasSuffix(":") { clean = PageParser.trim(String(clean.dropLast())) }
        parts.append(AgendaPart(title: clean.isEmpty ? nil : clean))
        context = .part
        previousWasPerson = false
    }

    /// Patterns are built once: the toolchain parses a regex when it is first built (and keeps what it parsed).
    nonisolated(unsafe) static let romanHeadingPattern = #/([IVX]{1,4})\s*[/.)–-]\s*(.+)/#
    nonisolated(unsafe) static let kindNumberPattern = #/(.+?)\s+(?:n°\s*)?([0-9]{1,9})/#

    /// `I / Mot d’accueil :`, `II/ Témoignages :`, `III/Eléments de conclusion…`.
    func romanHeading(_ line: Line) -> String? {
        guard let match = line.plain.wholeMatch(of: Self.romanHeadingPattern) else { return nil }
        let offset = line.plain.distance(from: line.plain.startIndex, to: match.2.startIndex)
        return String(line.text.dropFirst(offset))
    }

    /// `Animation :`, `Présidence : X, …`, `Introduction : X, …`.
    func roleLine(_ line: Line, key: String) -> (String, String)? {
        guard let colon = line.plain.firstIndex(of: ":") else { return nil }
        let name = TextKey.normalised(String(line.plain[..<colon]))
        let roles: Set<String> = [
            "animation", "moderation", "animatrice", "animateur", "presidence", "president", "presidente",
            "introduction", "conclusion", "ouverture", "cloture", "synthese", "grand temoin", "intervenants",
        ]
        guard roles.contains(name) else { return nil }
        let value = PageParser.trim(String(line.text[line.text.index(after: colonIndex(in: line.text))...]))
        return (name, value)
    }

    /// Reads `Name, role, role…` (possibly `X, role…, et Y, role…`) into the current context.
    /// - Returns: whether the text named at least one person.
    @discardableResult
    mutating func readPeople(_ text: String, line: Line) -> Bool {
        let people = PageParser.people(in: text, bareNameAllowed: context == .moderators || context == .chairs)
        guard !people.isEmpty else { return false }
        for person in people {
            switch context {
            case .moderators:
                moderators.append(person)
                lastPerson = (.moderators, moderators.count - 1)
            case .chairs:
                chairs.append(person)
                lastPerson = (.chairs, chairs.count - 1)
            case .part, .none:
                if parts.isEmpty { parts.append(AgendaPart(title: nil)) }
                parts[parts.count - 1].speakers.append(person)
                lastPerson = (.part, parts[parts.count - 1].speakers.count - 1)
                context = .part
            }
        }
        previousWasPerson = true
        return true
    }

    mutating func appendRoles(_ roles: [String], to target: (context: Context, index: Int)) {
        switch target.context {
        case .moderators: moderators[target.index].roles += roles
        case .chairs: chairs[target.index].roles += roles
        case .part, .none: parts[parts.count - 1].speakers[target.index].roles += roles
        }
    }

    /// The people a line names, or none when its first segment is not a name.
    static func people(in text: String, bareNameAllowed: Bool) -> [Person] {
        let segments = splitRoles(text)
        guard let first = segments.first, isName(first) else { return [] }
        if segments.count == 1 && !bareNameAllowed { return [] }
        var people = [Person(name: first)]
        for segment in segments.dropFirst() {
            // `…, et Michel Sabatier, vice-président …`: a new person starts at `et` + a name.
            if segment.hasPrefix("et "), isName(String(segment.dropFirst(3))) {
                people.append(Person(name: String(segment.dropFirst(3))))
                continue
            }
            var role = segment
            if role.hasPrefix("et ") { role.removeFirst(3) }
            people[people.count - 1].roles.append(role)
        }
        return people
    }

    /// Splits on commas outside parentheses and guillemets, trimming each part.
    static func splitRoles(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(", "«", "[": depth += 1
            case ")", "»", "]": depth = max(0, depth - 1)
            default: break
            }
            if character == "," && depth == 0 {
                parts.append(trim(current))
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(trim(current))
        return parts.filter { !$0.isEmpty }
    }

    func splitRoles(_ text: String) -> [String] { Self.splitRoles(text) }

    /// Two to five words, capitalised but for particles (`de`, `van`…), no digits: `Sylvie Rouillon Valdiguie`.
    static func isName(_ text: String) -> Bool {
        let words = text.unicodeScalars.split(whereSeparator: isSpace).map { String(String.UnicodeScalarView($0)) }
        guard (2...5).contains(words.count) else { return false }
        for (index, word) in words.enumerated() {
            if word.contains(where: \.isNumber) || word.hasSuffix(":") || word.hasSuffix(".") && word.count > 2 {
                return false
            }
            let lowered = TextKey.normalised(word)
            if particles.contains(lowered) || lowered.hasPrefix("d'") && word.count > 2 && index > 0 {
                if index == 0 || index == words.count - 1 { return false }
                continue
            }
            guard let first = word.first, first.isUppercase else { return false }
        }
        return true
    }

    /// A line that names an organisation alone: `Cités Unies France`.
    func organisationLine(_ plain: String) -> String? {
        let words = plain.split(separator: " ").map(String.init)
        guard (1...10).contains(words.count), !plain.contains(","), let last = plain.last,
            !".?!:;".contains(last)
        else { return nil }
        let inConclusion = parts.last?.title.map { TextKey.normalised($0).contains("conclusion") } ?? false
        let hinted = words.contains { word in
            Self.organisationWords.contains(TextKey.normalised(word))
                || word.count >= 2 && word.allSatisfy { $0.isUppercase || $0 == "-" }
        }
        let capitalised = words.filter { $0.first?.isUppercase == true }.count
        guard capitalised * 2 >= words.count, inConclusion || hinted else { return nil }
        return PageParser.trim(lines.first { $0.plain == plain }?.text ?? plain)
    }

    // MARK: Other sessions

    /// `De 11h30 à 13h00 : TITLE (salle ROOM)`.
    mutating func readListedSession(_ line: Line) {
        guard let range = FrenchDateTime.findTimeRange(in: line.plain),
            let colon = firstColonAfterTimes(line.text)
        else {
            unreadable(line, "expected 'De 11h30 à 13h00 : Title (salle Room)'")
            return
        }
        var rest = PageParser.trim(String(line.text[line.text.index(after: colon)...]))
        var room: String?
        if rest.hasSuffix(")"), let open = rest.lastIndex(of: "(") {
            let inside = PageParser.trim(String(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]))
            let words = inside.unicodeScalars.split(maxSplits: 1, whereSeparator: PageParser.isSpace)
                .map { String(String.UnicodeScalarView($0)) }
            let label = words.first.map(TextKey.normalised) ?? ""
            if ["salle", "lieu", "room", "amphi"].contains(label) || inside.isEmpty {
                room = words.count > 1 ? PageParser.trim(words[1]) : nil
                if label == "amphi" { room = inside }
            } else {
                room = inside
            }
            rest = PageParser.trim(String(rest[..<open]))
        }
        guard !rest.isEmpty else {
            unreadable(line, "the session has no title")
            return
        }
        listed.append(ListedSession(title: rest, start: range.start, end: range.end, room: room, line: line.number))
    }

    /// The colon that ends `De 11h30 à 13h00 :` (times may be written `11:30`, so skip colons between digits).
    func firstColonAfterTimes(_ text: String) -> String.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == ":" {
                let before = index > text.startIndex ? text[text.index(before: index)] : " "
                let afterIndex = text.index(after: index)
                let after = afterIndex < text.endIndex ? text[afterIndex] : " "
                if !(before.isNumber && after.isNumber) { return index }
            }
            index = text.index(after: index)
        }
        return nil
    }
}
