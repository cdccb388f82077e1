import ICal

/// A person (speaker, moderator, chair) in a session outside the availability they declared (`people[].available`).
public struct SpeakerUnavailableRule: Rule {
    public init() {}
    public var name: String { "speaker-unavailable" }
    public var severity: Diagnostic.Severity { .error }

    public var explanation: String {
        RuleCatalogue.explanation(
            """
            Reports a person named in a session, in any role (speaker, moderator, chair), whose declared
            availability (people[].available) does not cover the session's time. People are matched by name,
            ignoring case, accents and spacing; people who declare nothing are always available. Windows are
            wall-clock times; a window without a date holds on every day that has no dated window of its own, and a
            dated window replaces them on its day, so a person who declares only dated windows is unavailable on
            the other days. A session across midnight needs windows on both days; an all-day session needs a window
            on each of its days.
            """, name: name, severity: severity,
            acknowledging: (["talk"], "she confirmed she can stay"),
            example: "p.yaml:9: error[speaker-unavailable]: Ada Lovelace is in 'talk' «Engines» at 2023-09-19"
                + " 11:30–12:30, outside their availability (2023-09-19: 09:00–12:00)")
    }

    /// - Complexity: O(n·p·w) for n sessions with p people each and w windows on each session's days.
    public func check(_ context: CheckContext) -> [Diagnostic] {
        var windows: [String: [TimeWindow]] = [:]
        var declared: [String: SourceLocation] = [:]
        for availability in context.programme.availability {
            windows[availability.person.key, default: []] += availability.windows
            if declared[availability.person.key] == nil { declared[availability.person.key] = availability.source }
        }
        guard !windows.isEmpty else { return [] }
        let coverage = windows.mapValues(WindowCoverage.init)
        // One display name per person: the spelling of their first appearance, as speaker-clash prints it.
        let names = context.personNames
        var found: [Diagnostic] = []
        for item in context.scheduled {
            let session = context.session(item)
            guard let slot = session.slot, slot.end >= slot.start else { continue }
            for person in session.people {
                let key = person.key
                guard let available = coverage[key] else { continue }
                let days = WindowCoverage.days(from: slot.start, to: slot.end)
                let fits =
                    session.allDay
                    ? days.allSatisfy(available.isOpen) : available.covers(from: slot.start, to: slot.end)
                guard !fits else { continue }
                let display = names[key] ?? person.name
                let when =
                    session.allDay
                    ? "on \(OutsideHoursRule.describe(Array(days.prefix(6))))"
                    : "at \(context.describe(start: item.start, end: item.end))"
                found.append(
                    Diagnostic(
                        rule: name, severity: severity,
                        message: "\(display) is in \(context.name(session)) \(when), outside their availability"
                            + " (\(available.describe(Array(days.prefix(4)), none: "none")))",
                        sessions: [.init(session)], person: display, start: item.start, end: item.end,
                        sources: [session.timeLocation, declared[key]].compactMap { $0 }))
            }
        }
        return found
    }
}
