public import ICal

/// How `ateliers check` prints its findings.
public struct CheckReport: Sendable {
    public let programme: Programme
    public var zone: TimeZoneRules
    public var diagnostics: [Diagnostic]
    /// How many people the programme names (counted once: it walks every session).
    let peopleCount: Int

    public init(programme: Programme, zone: TimeZoneRules, diagnostics: [Diagnostic]) {
        self.init(programme: programme, zone: zone, diagnostics: diagnostics, peopleCount: programme.people.count)
    }

    /// The report of a checked programme: its people are counted already.
    public init(_ context: CheckContext, diagnostics: [Diagnostic]) {
        self.init(
            programme: context.programme, zone: context.zone, diagnostics: diagnostics,
            peopleCount: context.people.count)
    }

    init(programme: Programme, zone: TimeZoneRules, diagnostics: [Diagnostic], peopleCount: Int) {
        self.programme = programme
        self.zone = zone
        self.diagnostics = diagnostics
        self.peopleCount = peopleCount
    }

    var scheduledCount: Int { programme.sessions.count { $0.slot != nil } }

    /// Grouped by severity, like a compiler: `file:line: error[rule]: message`, then a summary line.
    public func text() -> String {
        var output = ""
        for severity in Diagnostic.Severity.allCases {
            let group = diagnostics.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            let heading =
                switch severity {
                case .error: "Errors"
                case .warning: "Warnings"
                case .info: "Notes"
                }
            output += "\(heading) (\(group.count)):\n"
            for diagnostic in group {
                // Titles and names come from the sources: printed with their control characters escaped.
                let place = diagnostic.sources.first.map { "\(CleanText.printable($0.description)): " } ?? ""
                output +=
                    "  \(place)\(severity.rawValue)[\(diagnostic.rule)]: \(CleanText.printable(diagnostic.message))\n"
                for other in diagnostic.sources.dropFirst() {
                    output += "      see also \(CleanText.printable(other.description))\n"
                }
                if let suggestion = diagnostic.suggestion {
                    output += "      suggestion: \(CleanText.printable(suggestion))\n"
                }
            }
            output += "\n"
        }
        output +=
            "\(plural(programme.sessions.count, "session")) (\(scheduledCount) scheduled),"
            + " \(plural(programme.rooms.count, "room")),"
            + " \(peopleCount) \(peopleCount == 1 ? "person" : "people"):"
            + " \(plural(diagnostics.errorCount, "error")),"
            + " \(plural(diagnostics.warningCount, "warning"))"
        // Notes only when there are some: the line stays what scripts and tests knew before notes existed.
        let notes = diagnostics.infoCount
        output += notes > 0 ? ", \(plural(notes, "note"))\n" : "\n"
        return output
    }

    /// RFC 3339 with the zone's offset (`Z` for UTC); a wall clock alone when the programme names no zone.
    func timestamp(_ instant: Int64) -> String {
        programme.event.timeZone == nil ? zone.wallClock(at: instant).description : zone.rfc3339(instant)
    }

    /// The JSON report: `programme`, `summary` (`errors`, `warnings`, and `notes` when there are any),
    /// `diagnostics`.
    public func json() -> String {
        let items: [JSONValue] = diagnostics.map { diagnostic in
            .object([
                ("rule", .string(diagnostic.rule)),
                ("severity", .string(diagnostic.severity.rawValue)),
                ("message", .string(diagnostic.message)),
                (
                    "sessions",
                    .array(diagnostic.sessions.map { .object([("id", .string($0.id)), ("title", .string($0.title))]) })
                ),
                ("room", .optional(diagnostic.room)),
                ("person", .optional(diagnostic.person)),
                ("start", .optional(diagnostic.start.map(timestamp))),
                ("end", .optional(diagnostic.end.map(timestamp))),
                (
                    "sources",
                    .array(diagnostic.sources.map { .object([("file", .string($0.file)), ("line", .int($0.line))]) })
                ),
                ("suggestion", .optional(diagnostic.suggestion)),
                ("pairs", diagnostic.pairs.map(JSONValue.int) ?? .null),
            ])
        }
        return JSONValue.object([
            (
                "programme",
                .object([
                    ("sessions", .int(programme.sessions.count)), ("scheduled", .int(scheduledCount)),
                    ("rooms", .int(programme.rooms.count)), ("people", .int(peopleCount)),
                    ("timezone", .optional(programme.event.timeZone)),
                ])
            ),
            (
                "summary",
                .object(
                    [("errors", .int(diagnostics.errorCount)), ("warnings", .int(diagnostics.warningCount))]
                        + (diagnostics.infoCount > 0 ? [("notes", .int(diagnostics.infoCount))] : []))
            ),
            ("diagnostics", .array(items)),
        ]).rendered()
    }
}

public func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
