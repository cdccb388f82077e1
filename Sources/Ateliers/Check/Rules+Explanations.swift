// What `ateliers check --explain NAME` prints for each rule of Rules.swift, AttendeeRules.swift and
// SimilarNamesRule.swift. Each example is one line of real `ateliers check` output.

extension RoomClashRule {
    public var explanation: String {
        RuleCatalogue.explanation(
            """
            Sessions in one room at the same time. One diagnostic per group of sessions that overlap there, each by
            more than zero minutes with an earlier one: back to back is fine, and all-day entries hold no room. The
            message names both sessions of a pair, or the first five of a larger group and its number of
            overlapping pairs (the JSON report lists them all). When another room, at least as large, is free for
            the whole of the group's last session, it suggests moving that session there. A room with
            `capacity_sessions: N` (a poster hall, an expo floor) holds N sessions at once: only a moment with more
            than N is a clash, and the message gives that peak.
            """, name: name, severity: severity,
            acknowledging: (["s1", "s2"], "one stand shared by two exhibitors"),
            example: "programme.yaml:8: error[room-clash]: 's1' «Un» and 's2' «Deux» are both in Salle A at"
                + " 2023-09-19 12:00–12:30 (30 min overlap)")
    }
}

extension SpeakerClashRule {
    public var explanation: String {
        RuleCatalogue.explanation(
            """
            One person in sessions that overlap, in any role: speaker, moderator or chair. Names are compared
            without case, accents or extra spaces (Ann Lee, ANN LÉE and Ann  Lee are one person). One diagnostic
            per person and group of overlapping sessions, each session named with the person's role in it.
            """, name: name, severity: severity, acknowledging: (["s1", "s3"], "she opens s3 by video"),
            example: "programme.yaml:8: error[speaker-clash]: Ann Lee is in 's1' «Un» (moderator) and 's3' «Trois»"
                + " (speaker) at 2023-09-19 12:00–13:00")
    }
}

extension MissingRoomRule {
    public var explanation: String {
        RuleCatalogue.explanation(
            """
            A scheduled session without a room: its feed events have no LOCATION, and no room rule can check it.
            """, name: name, severity: severity, acknowledging: (["s4"], "a walk through the old town"),
            example: "programme.yaml:11: warning[missing-room]: 's4' «Quatre» is scheduled at 2023-09-19"
                + " 14:00–15:00 but has no room")
    }
}

extension UnscheduledRule {
    public var explanation: String {
        RuleCatalogue.explanation(
            """
            A session with no date and time: no feed can hold it, so it is left out of every feed until it has one.
            """, name: name, severity: severity, acknowledging: (["s5"], "its date is announced in June"),
            example: "programme.yaml:12: warning[unscheduled]: 's5' «Cinq» has no date and time: it is left out of"
                + " the feeds")
    }
}

extension InvalidTimeRule {
    public var explanation: String {
        RuleCatalogue.explanation(
            """
            A time that cannot be used: a session that ends before it starts, or a wall-clock time that does not
            exist in the event's zone (skipped when the clocks go forward). The importers report under this name,
            at the line they read, a date or time they cannot read or that is impossible (31 février, 25h00, month
            13, a year outside 1900…2200, a duration over 1,000 days): that session is left unscheduled. A start
            equal to the end is not invalid: see zero-length.
            """, name: name, severity: severity,
            example: "programme.yaml:13: error[invalid-time]: 's6' «Six» ends at 2023-09-19 09:00, before its start"
                + " at 2023-09-19 10:00")
    }
}

extension AmbiguousTimeRule {
    public var explanation: String {
        RuleCatalogue.explanation(
            """
            A start or end in the hour the clocks repeat when they go back (02:00–03:00 on the last Sunday of
            October in Europe/Paris). The feeds mean its first occurrence, as RFC 5545 says; some calendar apps
            read the second, and show the session an hour off. The iCalendar importer reports under this name an
            instant in the second pass of that hour, which a wall clock cannot say.
            """, name: name, severity: severity, acknowledging: (["s7"], "the night walk starts at summer time"),
            example: "programme.yaml:14: warning[ambiguous-time]: 's7' «Sept» starts at 2023-10-29 02:15, a time"
                + " shown twice in Europe/Paris (2023-10-29T02:15:00+02:00 and 2023-10-29T02:15:00+01:00): the feeds"
                + " mean the first, some calendar apps read the second")
    }
}

extension UnknownReferenceRule {
    public var explanation: String {
        RuleCatalogue.explanation(
            """
            A session naming a room or track id that the programme does not define: a typo, or a room missing from
            `rooms:`. The agenda importer reports under this name an attendee's pick (`--attendees`) that names no
            session, by id or by title.
            """, name: name, severity: severity,
            example: "programme.yaml:15: error[unknown-reference]: 's8' «Huit» names room 'amphi', which is not"
                + " among the rooms")
    }
}

extension AttendeeClashRule {
    public var explanation: String {
        RuleCatalogue.explanation(
            """
            An attendee who picked sessions that overlap (with `--attendees`): one diagnostic per attendee and
            group of overlapping picks; the JSON report gives the attendee id as `person`. An acknowledgement names
            sessions, not attendees: it accepts the overlap for everyone who picked them.
            """, name: name, severity: severity, acknowledging: (["s1", "s3"], "s3 is recorded for later viewing"),
            example: "picks.csv:2: warning[attendee-clash]: attendee 'marie' picked 's1' «Un» and 's3' «Trois», which"
                + " overlap at 2023-09-19 12:00–13:00")
    }
}

extension OverCapacityRule {
    public var explanation: String {
        RuleCatalogue.explanation(
            """
            More attendees picked a session than its room holds: both must be known, the picks (`--attendees`) and
            the room's `capacity` in `rooms:`. It suggests the smallest room that is free for the whole session and
            large enough.
            """, name: name, severity: severity, acknowledging: (["s10"], "standing room is fine"),
            example: "programme.yaml:17: warning[over-capacity]: 's10' «Dix» has 3 attendees but Salle A holds 2")
    }
}

extension SimilarNamesRule {
    public var explanation: String {
        RuleCatalogue.explanation(
            """
            Rooms, tracks, people or attendees whose names differ only by case, accents, punctuation or spacing, or
            only after the 60 characters a feed file name keeps. The check treats them as different (two people, two
            rooms: no clash between them is found), which is rarely what was meant, and each gets its own feed file,
            named in the message. Its findings name no session, so they are configured, not acknowledged.
            """, name: name, severity: severity,
            example: "names.yaml:2: warning[similar-names]: people «Jean Luc Picard» (speaker/jean-luc-picard.ics) and"
                + " «Jean-Luc Picard» (speaker/jean-luc-picard-aa374abe.ics) differ only by case, accents,"
                + " punctuation, spacing or length: they are checked as 2 different people, each with its own feed")
    }
}
