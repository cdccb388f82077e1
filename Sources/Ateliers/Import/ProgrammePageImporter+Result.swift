import ICal

extension PageParser {
    /// Builds the page's session, the sessions it lists, their rooms and tracks.
    mutating func result() -> ImportResult {
        var session = Session(
            id: "", title: title ?? "", sources: [SourceLocation(file: file, line: titleLine)])
        session.parts = parts
        session.moderators = moderators
        session.chairs = chairs
        let paragraphs = descriptionParagraphs.filter { !$0.isEmpty }.map { $0.joined(separator: "\n") }
        session.description = paragraphs.isEmpty ? nil : paragraphs.joined(separator: "\n\n")

        var date: LocalDate?
        var dateRejected = false
        var times: (start: LocalTime, end: LocalTime)?
        var number: String?
        var explicitID: String?
        var rooms: [Room] = []
        var tracks: [Track] = []

        for field in fields {
            let location = SourceLocation(file: file, line: field.line)
            switch field.key {
            case "horaire", "horaires", "heure", "heures", "date":
                if let found = FrenchDateTime.findDate(in: field.value) {
                    let valid = validDate(found, text: field.value, at: location)
                    dateRejected = dateRejected || valid == nil
                    date = valid ?? date
                    if date != nil { session.slotSource = location }
                }
                if field.key != "date" {
                    if let range = FrenchDateTime.findTimeRange(in: field.value) {
                        times = validTimes(range, text: field.value, at: location)
                        session.slotSource = location
                    } else {
                        invalidTime(
                            "cannot read the time range in '\(field.value)': expected 'de 11h30 à 13h00'", at: location)
                    }
                } else if FrenchDateTime.findDate(in: field.value) == nil {
                    invalidTime("cannot read the date '\(field.value)': expected '19 septembre 2023'", at: location)
                }
            case "salle", "lieu":
                if !field.value.isEmpty {
                    let room = Room(id: TextKey.identifier(field.value, kind: "room"), name: field.value)
                    rooms.append(room)
                    session.room = room.id
                    session.roomSource = location
                }
            case "type":
                if let match = field.value.wholeMatch(of: Self.kindNumberPattern) {
                    session.kind = String(match.1)
                    number = String(match.2)
                } else if !field.value.isEmpty {
                    session.kind = field.value
                }
            case "parcours", "thematique":
                if !field.value.isEmpty {
                    let track = Track(id: TextKey.identifier(field.value, kind: "track"), name: field.value)
                    tracks.append(track)
                    session.track = track.id
                }
            case "lien", "url":
                session.url = field.value.isEmpty ? nil : field.value
            case "identifiant":
                explicitID = field.value.isEmpty ? nil : TextKey.slug(field.value)
            default:
                break
            }
        }

        if let date, let times {
            session.slot = Slot(date: date, start: times.start, end: times.end)
        } else if times != nil, !dateRejected, let source = session.slotSource {
            invalidTime("the page gives a time but no date: expected '19 septembre 2023, de 11h30 à 13h00'", at: source)
        }
        if let explicitID {
            session.id = explicitID
        } else if let kind = session.kind, let number {
            session.id = TextKey.slug("\(kind) \(number)")
        } else {
            session.id = TextKey.slug(session.title)
            session.hasDerivedID = true
        }

        var sessions = [session]
        for entry in listed {
            let location = SourceLocation(file: file, line: entry.line)
            var other = Session(
                id: TextKey.slug(entry.title), title: entry.title, sources: [location], hasDerivedID: true)
            if let roomName = entry.room, !roomName.isEmpty {
                let room = Room(id: TextKey.slug(roomName), name: roomName)
                rooms.append(room)
                other.room = room.id
                other.roomSource = location
            }
            if let range = validTimes((entry.start, entry.end), text: entry.title, at: location) {
                if let date {
                    other.slot = Slot(date: date, start: range.start, end: range.end)
                    other.slotSource = location
                } else {
                    unreadable(
                        Line(number: entry.line, text: entry.title, plain: entry.title),
                        "the page gives no date for the sessions it lists")
                }
            }
            sessions.append(other)
        }

        var seenRooms = Set<String>()
        var seenTracks = Set<String>()
        let programme = Programme(
            rooms: rooms.filter { seenRooms.insert($0.id).inserted },
            tracks: tracks.filter { seenTracks.insert($0.id).inserted },
            sessions: sessions)
        return ImportResult(programme: programme, diagnostics: diagnostics)
    }

    mutating func invalidTime(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(rule: "invalid-time", severity: .error, message: message, sources: [location]))
    }

    mutating func validDate(_ found: FrenchDateTime.FoundDate, text: String, at location: SourceLocation) -> LocalDate?
    {
        let date = LocalDate(year: found.year, month: found.month, day: found.day)
        guard date.isValid else {
            invalidTime("'\(text)' is not a real date", at: location)
            return nil
        }
        if let problem = date.rangeProblem {
            invalidTime("'\(text)': \(problem)", at: location)
            return nil
        }
        if let weekday = found.weekday, weekday != date.at(LocalTime(hour: 0, minute: 0)).isoWeekday {
            invalidTime("'\(text)': \(date) is not that weekday; which one is right?", at: location)
            return nil
        }
        return date
    }

    mutating func validTimes(
        _ range: (start: (Int, Int), end: (Int, Int)), text: String, at location: SourceLocation
    ) -> (start: LocalTime, end: LocalTime)? {
        let valid = { (time: (Int, Int)) in (0...23).contains(time.0) && (0...59).contains(time.1) }
        guard valid(range.start), valid(range.end) else {
            invalidTime("'\(text)' has a time that does not exist", at: location)
            return nil
        }
        let times = (
            start: LocalTime(hour: range.start.0, minute: range.start.1),
            end: LocalTime(hour: range.end.0, minute: range.end.1)
        )
        if times.start == times.end {
            diagnostics.append(
                .zeroLength(at: "\(times.start)", at: location))
        }
        return times
    }
}
