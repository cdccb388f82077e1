import Ateliers

extension Renderer {
    /// A session in full, the target of `#session-<id>` links.
    func details(_ session: Session, when: String, clashes: [TimetableClash]) -> HTML {
        var meta = [when]
        if let room = session.room { meta.append(programme.room(room)?.name ?? room) }
        if let kind = session.kind { meta.append(kind) }
        if let track = session.track { meta.append(programme.track(track)?.name ?? track) }
        var html: HTML = """
            <article class="session\(clashes.isEmpty ? "" : " clash")" id="session-\(URLComponent.encode(session.id))">
            <h4>\(session.title)</h4>
            <p class="meta">\(meta.joined(separator: " · "))</p>

            """
        if !clashes.isEmpty {
            let items = clashes.map { "<li>\($0.message)</li>\n" as HTML }
            html += "<ul class=\"clash-list\">\n\(items)</ul>\n"
        }
        var roles: [HTML] = []
        func person(_ person: Person) -> String {
            person.roles.isEmpty ? person.name : "\(person.name) (\(person.roles.joined(separator: ", ")))"
        }
        if !session.chairs.isEmpty {
            roles.append("<dt>Chair</dt><dd>\(session.chairs.map(person).joined(separator: "; "))</dd>\n")
        }
        if !session.moderators.isEmpty {
            roles.append("<dt>Moderation</dt><dd>\(session.moderators.map(person).joined(separator: "; "))</dd>\n")
        }
        for part in session.parts {
            let entries = part.speakers.map(person) + part.organisations + part.items
            guard part.title != nil || !entries.isEmpty else { continue }
            roles.append("<dt>\(part.title ?? "Speakers")</dt><dd>\(entries.joined(separator: "; "))</dd>\n")
        }
        if !roles.isEmpty { html += "<dl class=\"roles\">\n\(roles)</dl>\n" }
        if let description = session.description, !description.isEmpty {
            html += "<p class=\"description\">\(description)</p>\n"
        }
        if let url = session.url, url.hasPrefix("https://") || url.hasPrefix("http://") {
            html += "<p><a href=\"\(url)\">More on the event's site</a></p>\n"
        }
        return html + "</article>\n"
    }
}
