public import ICal

/// How `ateliers check` prints its findings.
public struct CheckReport: Sendable {
    public var programme: Programme
    public var zone: TimeZoneRules
    public var diagnostics: [Diagnostic]

    public init(programme: Programme, zone: TimeZoneRules, diagnostics: [Diagnostic]) {
        self.programme = programme
        self.zone = zone
        self.diagnostics = diagnostics
    }

    var scheduledCount: Int { programme.sessions.count { $0.slot != nil } }

    /// Grouped by severity, like a compiler: `file:line: error[rule]: message`, then a summary line.
    public func text() -> String {
        var output = ""
        for severity in Diagnostic.Severity.allCases {
            let group = diagnostics.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            output += "\(severity == .error ? "Errors" : "Warnings") (\(group.count)):\n"
            for diagnostic in group {
                let place = diagnostic.sources.first.map { "\($0): " } ?? ""
                output += "  \(place)\(severity.rawValue)[\(diagnostic.rule)]: \(diagnostic.message)\n"
                for other in diagnostic.sources.dropFirst() { output += "      see also \(other)\n" }
                if let suggestion = diagnostic.suggestion { output += "      suggestion: \(suggestion)\n" }
            }
            output += "\n"
        }
        output +=
            "\(plural(programme.sessions.count, "session")) (\(scheduledCount) scheduled),"
            + " \(plural(programme.rooms.count, "room")),"
            + " \(programme.people.count) \(programme.people.count == 1 ? "person" : "people"):"
            + " \(plural(diagnostics.errorCount, "error")),"
            + " \(plural(diagnostics.warningCount, "warning"))\n"
        return output
    }

    /// The JSON report: `programme`, `summary`, `diagnostics`.
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
                ("start", .optional(diagnostic.start.map(zone.rfc3339))),
                ("end", .optional(diagnostic.end.map(zone.rfc3339))),
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
                    ("rooms", .int(programme.rooms.count)), ("people", .int(programme.people.count)),
                    ("timezone", .string(zone.identifier)),
                ])
            ),
            (
                "summary",
                .object([("errors", .int(diagnostics.errorCount)), ("warnings", .int(diagnostics.warningCount))])
            ),
            ("diagnostics", .array(items)),
        ]).rendered()
    }
}

public func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
