import Ateliers

extension Renderer {
    /// One day: its heading, the all-day band, the grid, and (with anchor links) its sessions in full.
    /// - Parameter detailed: positions of the sessions whose details this day lists.
    func day(_ day: TimetableDay, number: Int, detailed: [Int]) -> HTML {
        let id = "day-\(day.date.description)"
        var html: HTML = """
            <section class="day" id="\(id)" aria-labelledby="\(id)-title">
            <h2 id="\(id)-title">\(day.date.longName)</h2>

            """
        if !day.allDay.isEmpty {
            let items = day.allDay.map { band -> HTML in
                let session = programme.sessions[band.session]
                let room = programme.room(session.room)?.name ?? session.room
                return """
                    <li\(clashAttributes(band.clashes))><a href="\(href(band.id))">\(session.title)</a>\
                    \(room.map { " · \($0)" } ?? "")</li>

                    """
            }
            html += "<ul class=\"all-day\" aria-label=\"All day\">\n\(items)</ul>\n"
        }
        if day.rowCount > 0 { html += grid(day, number: number) }
        if options.links == .anchors && !detailed.isEmpty {
            let clashes = Dictionary(
                day.blocks.map { ($0.session, $0.clashes) } + day.allDay.map { ($0.session, $0.clashes) },
                uniquingKeysWith: { first, _ in first })
            let articles = detailed.map { position in
                let session = programme.sessions[position]
                let time = session.slot.map {
                    session.allDay ? "All day" : when(start: $0.start, end: $0.end)
                }
                return details(session, when: time ?? "Not scheduled", clashes: clashes[position] ?? [])
            }
            html += """
                <section class="details" aria-labelledby="\(id)-sessions">
                <h3 id="\(id)-sessions">Sessions of \(day.date.longName)</h3>
                \(articles)</section>

                """
        }
        return html + "</section>\n"
    }

    /// The `title` of an all-day entry that clashes.
    func clashAttributes(_ clashes: [TimetableClash]) -> HTML {
        guard !clashes.isEmpty else { return "" }
        return " class=\"clash\" title=\"\(clashes.map(\.message).joined(separator: "\n"))\""
    }

    /// The CSS grid: a time column, then a track per lane of each room.
    func grid(_ day: TimetableDay, number: Int) -> HTML {
        var cells: [HTML] = ["<div class=\"corner\"></div>\n"]
        for column in day.columns {
            let place = placement.columns(column.firstTrack + 2, span: column.lanes)
            cells.append("<div class=\"room\(column.roomID == nil ? " no-room" : "") \(place)\">\(column.name)</div>\n")
            cells.append("<div class=\"column-line \(place)\"></div>\n")
        }
        let labels = labelRows(day)
        for (position, row) in labels.enumerated() {
            let next = position + 1 < labels.count ? labels[position + 1] : day.rowCount
            let time = Self.clock(day.minute(ofRow: row))
            cells.append(
                "<div class=\"time \(placement.rows(row + 2, span: next - row))\"><time>\(time)</time></div>\n")
            cells.append("<div class=\"rule \(placement.rows(row + 2, span: 1))\"></div>\n")
        }
        for (index, block) in day.blocks.enumerated() {
            cells.append(self.block(block, note: "note-\(number)-\(index)"))
        }
        return """
            <div class="scroll" role="region" aria-label="Timetable of \(day.date.longName)" tabindex="0">
            <div class="grid \(placement.grid(tracks: day.trackCount, rows: day.rowCount, minutes: day.rowMinutes))">
            \(cells)</div>
            </div>

            """
    }

    /// The rows that get a time label: every half hour (every hour when rows are 12 or 20 minutes long, every row
    /// when rows are longer), and the first row.
    func labelRows(_ day: TimetableDay) -> [Int] {
        let step = day.rowMinutes > 30 ? day.rowMinutes : (30 % day.rowMinutes == 0 ? 30 : 60)
        return (0..<day.rowCount).filter { $0 == 0 || day.minute(ofRow: $0) % step == 0 }
    }

    /// `09:05` for 545 minutes; `24:00` at the end of the day.
    static func clock(_ minutes: Int) -> String {
        let hour = minutes / 60
        let minute = minutes % 60
        return "\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }

    static func clashLabel(_ rule: String) -> String {
        switch rule {
        case "room-clash": return "Room clash"
        case "speaker-clash": return "Speaker clash"
        default: return rule
        }
    }

    func block(_ block: TimetableBlock, note: String) -> HTML {
        let session = programme.sessions[block.session]
        var classes = "cell"
        if !block.clashes.isEmpty { classes += " clash" }
        if block.isInstant { classes += " instant" }
        if block.continuesNextDay { classes += " continues" }
        classes += " " + placement.rows(block.row + 2, span: block.rowSpan)
        classes += " " + placement.columns(block.tracks.lowerBound + 2, span: block.tracks.count)
        var link: HTML = "<a class=\"block\" href=\"\(href(block.id))\""
        if !block.clashes.isEmpty {
            link += " title=\"\(block.clashes.map(\.message).joined(separator: "\n"))\" aria-describedby=\"\(note)\""
        }
        let names = people(session)
        link += """
            ><span class="when">\(when(start: block.start, end: block.end))</span>\
            <span class="title">\(session.title)</span>\
            \(names.isEmpty ? "" : "<span class=\"people\">\(names)</span>" as HTML)
            """
        let rules = Set(block.clashes.map(\.rule)).sorted().map(Self.clashLabel)
        if !rules.isEmpty {
            link += "<span class=\"badge\" aria-hidden=\"true\">\(rules.joined(separator: " · "))</span>"
        }
        link += "</a>"
        if !block.clashes.isEmpty {
            let messages = block.clashes.map { "<span class=\"message\">\($0.message)</span>" as HTML }
            link += "<span class=\"note\" id=\"\(note)\" role=\"tooltip\">\(messages)</span>"
        }
        return "<div class=\"\(classes)\">\(link)</div>\n"
    }
}
