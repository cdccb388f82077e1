/// Applies ``CleanText`` to every text of a programme on import, so no output has to: one warning per session (or
/// room, track, event) that had control characters, and one per URL that is not a web address.
struct ProgrammeCleaning {
    var diagnostics: [Diagnostic] = []

    /// - Complexity: O(characters of the programme's text); a programme with nothing to clean is only scanned.
    mutating func clean(_ programme: inout Programme) {
        let eventPlace = programme.sessions.first?.sources.first.map { [$0] } ?? []
        var fields: [String] = []
        var first: Unicode.Scalar?
        func line(_ text: inout String, _ field: String) {
            let result = CleanText.cleaned(text, singleLine: true)
            if let removed = result.removed {
                fields.append(field)
                first = first ?? removed
            }
            text = result.text
        }
        func optionalLine(_ text: inout String?, _ field: String) {
            guard var value = text else { return }
            line(&value, field)
            text = value
        }
        func block(_ text: inout String?, _ field: String) {
            guard let value = text else { return }
            let result = CleanText.cleaned(value, singleLine: false)
            if let removed = result.removed {
                fields.append(field)
                first = first ?? removed
            }
            text = result.text
        }
        func people(_ list: inout [Person], _ field: String) {
            for index in list.indices {
                line(&list[index].name, field)
                for role in list[index].roles.indices { line(&list[index].roles[role], field) }
            }
        }
        func report(_ what: String, at sources: [SourceLocation]) {
            defer {
                fields = []
                first = nil
            }
            guard let first else { return }
            var seen = Set<String>()
            let list = fields.filter { seen.insert($0).inserted }.joined(separator: ", ")
            diagnostics.append(
                Diagnostic(
                    rule: "control-characters", severity: .warning,
                    message: "\(what): control characters (first U+\(hex(first))) removed from \(list)",
                    sources: Array(sources.prefix(1))))
        }

        optionalLine(&programme.event.id, "id")
        optionalLine(&programme.event.name, "name")
        optionalLine(&programme.event.venue, "venue")
        report("the event", at: eventPlace)
        if let url = programme.event.url {
            programme.event.url = webURL(url, owner: "the event", at: eventPlace)
        }
        for index in programme.rooms.indices {
            line(&programme.rooms[index].id, "id")
            line(&programme.rooms[index].name, "name")
            optionalLine(&programme.rooms[index].building, "building")
            report("room '\(programme.rooms[index].id)'", at: eventPlace)
        }
        for index in programme.tracks.indices {
            line(&programme.tracks[index].id, "id")
            line(&programme.tracks[index].name, "name")
            report("track '\(programme.tracks[index].id)'", at: eventPlace)
        }
        for index in programme.sessions.indices where Self.mayChange(programme.sessions[index]) {
            var session = programme.sessions[index]
            line(&session.id, "id")
            line(&session.title, "title")
            optionalLine(&session.kind, "kind")
            optionalLine(&session.track, "track")
            optionalLine(&session.room, "room")
            optionalLine(&session.uid, "uid")
            block(&session.description, "description")
            people(&session.moderators, "moderators")
            people(&session.chairs, "chairs")
            for part in session.parts.indices {
                optionalLine(&session.parts[part].title, "parts")
                people(&session.parts[part].speakers, "speakers")
                for item in session.parts[part].organisations.indices {
                    line(&session.parts[part].organisations[item], "parts")
                }
                for item in session.parts[part].items.indices { line(&session.parts[part].items[item], "parts") }
            }
            report("'\(session.id)'", at: session.sources)
            if let url = session.url {
                session.url = webURL(url, owner: "'\(session.id)'", at: session.sources)
            }
            programme.sessions[index] = session
        }
    }

    /// Whether cleaning could change anything in the session: most have no control character and no URL to
    /// change, and are only read (changing a copy would copy every list it holds).
    private static func mayChange(_ session: Session) -> Bool {
        func line(_ text: String?) -> Bool { text.map { CleanText.needsCleaning($0, singleLine: true) } ?? false }
        func people(_ list: [Person]) -> Bool { list.contains { line($0.name) || $0.roles.contains(where: line) } }
        if let url = session.url, CleanText.webURL(url) != url { return true }
        if line(session.id) || line(session.title) || line(session.kind) || line(session.track)
            || line(session.room) || line(session.uid) || people(session.moderators) || people(session.chairs)
        {
            return true
        }
        if let description = session.description, CleanText.needsCleaning(description, singleLine: false) {
            return true
        }
        return session.parts.contains { part in
            line(part.title) || people(part.speakers) || part.organisations.contains(where: line)
                || part.items.contains(where: line)
        }
    }

    private mutating func webURL(_ url: String, owner: String, at sources: [SourceLocation]) -> String? {
        if url.trimmingSpaces.isEmpty { return nil }
        if let valid = CleanText.webURL(url) { return valid }
        let shown = url.count > 80 ? String(url.prefix(80)) + "…" : url
        diagnostics.append(
            Diagnostic(
                rule: "invalid-url", severity: .warning,
                message: "\(owner): the url '\(shown)' is not an http or https address: it is left out",
                sources: Array(sources.prefix(1))))
        return nil
    }

    private func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
