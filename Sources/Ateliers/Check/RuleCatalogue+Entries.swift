// The names that are not check rules: what importers and loaders report while reading the sources, and the
// configuration's own warnings. (`invalid-time`, `unknown-reference` and `ambiguous-time` are also reported by
// importers; their rules' explanations say so.) Each example is one line of real `ateliers check` output.

extension RuleCatalogue {
    static func entry(
        _ name: String, _ severity: Diagnostic.Severity, _ description: String,
        acknowledging: (sessions: [String], reason: String)? = nil, example: String
    ) -> Entry {
        Entry(
            name: name, severity: severity,
            explanation: explanation(
                description, name: name, severity: severity, acknowledging: acknowledging, example: example))
    }

    /// What importers, the merger and the loader report.
    static let importEntries: [Entry] = [
        entry(
            "duplicate-id", .error,
            """
            Two items with one id. Two sessions, rooms or tracks of one YAML file, or two rows of one CSV with the
            same `id`: the later one is left out. iCalendar events sharing a UID (without RECURRENCE-ID), or
            frab/c3voc events sharing a guid: a subscriber's calendar would keep only one, so each is kept as a
            session of its own with an id and a UID of its own, and one diagnostic names the UID and the count.
            """,
            example: "names.yaml:4: error[duplicate-id]: a second session has the id 'a'; ids must be unique (this"
                + " one is ignored)"),
        entry(
            "zero-length", .warning,
            """
            A session of a hand-written source (YAML, CSV, programme page) that starts when it ends: likely a typo.
            It is kept as an instant, published with no duration and never in a clash. Zero-length events of
            calendar feeds are not reported.
            """,
            example: "programme.yaml:16: warning[zero-length]: the session starts and ends at 2023-09-20 11:00: it is"
                + " kept as an instant (no duration, never in a clash); is the end a typo?"),
        entry(
            "unreadable-line", .warning,
            """
            Input an importer could not read: a programme-page line that fits no known shape, a part of an
            iCalendar event libical could not read, a pick without an attendee or a session. These are warnings:
            the rest is read. A CSV row or a frab/c3voc event without a title is an error: it is left out.
            """,
            example: "atelier.txt:7: warning[unreadable-line]: cannot read 'Tarif : gratuit': expected 'Horaire :',"
                + " 'Salle :' or 'Type :' in the practical block"),
        entry(
            "no-timezone", .warning,
            """
            No source names the event's time zone and `--timezone` was not given. Wall clocks are then compared as
            written, without daylight-saving changes, and `export` refuses to publish them; instants (iCalendar,
            frab, c3voc) stay UTC instants and are shown and published as UTC. Name the zone with `--timezone ZONE`
            or `event.timezone` in a YAML source.
            """,
            example: "one.yaml:1: warning[no-timezone]: no source names the time zone: wall clocks are compared as"
                + " written and daylight-saving changes were not checked; name it with --timezone ZONE or"
                + " event.timezone in a YAML source (export needs it)"),
        entry(
            "encoding", .warning,
            """
            A file that is not UTF-8, read as Windows-1252 (Latin-1): its accents may be wrong. Save it as UTF-8.
            """,
            example: "latin1.csv:2: warning[encoding]: the file is not UTF-8 (byte 0xE9 here): read as Windows-1252"
                + " (Latin-1); save it as UTF-8 to be sure of its accents"),
        entry(
            "inconsistent-duplicate", .error,
            """
            Two sources disagree. A session found in two of them (merged by id, else by normalised title) with two
            different times, rooms, kinds, tracks or urls is an error, and so are two different time zones for the
            event: the first source's value is kept, never a silent choice. The event's id, name, venue or url given
            differently, or one rule set to two different severities in two sources' `checks:`, is a warning: the
            first source wins.
            """, acknowledging: (["atelier-1"], "the room moved; the old page is fixed next week"),
            example: "one.yaml:2: error[inconsistent-duplicate]: 'atelier-1' «Atelier» has two different rooms:"
                + " 'salle-a' and 'salle-b' (keeping 'salle-a')"),
        entry(
            "invalid-id", .error,
            """
            An attendee id of an `--attendees` file that cannot name a personal feed: empty, `.` or `..`, holding `/`
            or a control character, or longer than 200 characters. That attendee's picks are left out.
            """,
            example: "picks.csv:7: error[invalid-id]: the attendee id 'a/b' contains '/': the attendee's picks are"
                + " left out"),
        entry(
            "duplicate-pick", .warning,
            """
            An attendee who picks the same session twice in an `--attendees` file: it is counted once.
            """,
            example: "picks.csv:8: warning[duplicate-pick]: attendee 'marie' picks 's1' again (first at line 2);"
                + " counted once"),
        entry(
            "control-characters", .warning,
            """
            Control characters (other than tab and line feed in a description) or Unicode non-characters in the
            text of the event, a session, a room or a track. They are removed, with one warning per item, so that
            none reaches a feed, a page or a terminal.
            """,
            example: "sheet.csv:2: warning[control-characters]: 'atelier-2j': control characters (first U+001B)"
                + " removed from title"),
        entry(
            "invalid-url", .warning,
            """
            A url that is not an `http` or `https` address with a host and no space or control character. It is
            left out: a line break in a url cannot forge lines of a calendar.
            """,
            example: "programme.yaml:17: warning[invalid-url]: 's10': the url 'javascript:alert(1)' is not an http or"
                + " https address: it is left out"),
        entry(
            "unknown-column", .warning,
            """
            CSV columns that Ateliers does not read, named once with the columns it knows.
            """,
            example: "sheet.csv:1: warning[unknown-column]: columns ignored: colour; known columns are id/identifiant,"
                + " title/titre, date/jour, start/debut, end/fin, room/salle, track/parcours, type/kind,"
                + " speakers/speaker, moderators/moderator, description/resume, url/lien"),
        entry(
            "missing-title", .warning,
            """
            An iCalendar event without SUMMARY: its UID stands in as its title.
            """,
            example: "feed.ics:13: warning[missing-title]: the event has no SUMMARY; it is called 'e2@x'"),
        entry(
            "unsupported-recurrence", .warning,
            """
            A repeating iCalendar event (RRULE or RDATE): only its first occurrence is read. An event that changes
            one occurrence of another (RECURRENCE-ID) is not read.
            """,
            example: "feed.ics:4: warning[unsupported-recurrence]: the event repeats (RRULE/RDATE): only its first"
                + " occurrence is read"),
        entry(
            "floating-time", .warning,
            """
            iCalendar times with no zone (floating time, RFC 5545 §3.3.5), read in the programme's zone. Reported
            once per file.
            """,
            example: "feed.ics:16: warning[floating-time]: a time with no zone (RFC 5545 §3.3.5 floating time) is read"
                + " in the programme's zone Europe/Paris; later ones in this file are read the same way"),
        entry(
            "missing-vtimezone", .warning,
            """
            An iCalendar TZID with no usable VTIMEZONE in the file, which RFC 5545 requires: the zone is read from
            the system's zone database. A TZID the system does not know either is an invalid-time error.
            """,
            example: "feed.ics:7: warning[missing-vtimezone]: TZID=Europe/Paris has no usable VTIMEZONE in the file"
                + " (RFC 5545 §3.6.5 requires one); read through the system's zone database"),
    ]

    /// What `checks:` itself can be warned about (see ``CheckSettings/apply(to:catalogue:)``).
    static let settingsEntries: [Entry] = [
        entry(
            CheckSettings.staleAcknowledgement, .warning,
            """
            An acknowledgement under `checks: acknowledged:` that matches no finding: no diagnostic of its rule
            names only sessions among its own. The finding it accepted is gone, or its sessions changed ids: remove
            it, or correct it. Set this to `error` for CI to fail on acknowledgements left behind.
            """,
            example: "programme.yaml:9: warning[stale-acknowledgement]: the acknowledgement of room-clash for 's1',"
                + " 's3' matches nothing: remove it, or the sessions changed"),
        entry(
            CheckSettings.unknownRule, .warning,
            """
            A name under `checks:`, as a setting or as an acknowledgement's `rule`, that is not a rule Ateliers
            has: usually a typo, and the setting changes nothing. The message proposes the closest names;
            `ateliers check --explain NAME` describes each rule.
            """,
            example: "programme.yaml:6: warning[unknown-rule]: 'room-clsh' in 'checks' is not a rule Ateliers knows,"
                + " so it changes nothing: did you mean 'room-clash'?"),
    ]
}
