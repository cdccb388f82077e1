import CLibical

/// A calendar's events as libical reads them, with times resolved as far as the calendar itself allows.
public struct CalendarContents: Sendable, Hashable {
    /// `X-WR-CALNAME` or `NAME`.
    public var name: String?
    /// `X-WR-TIMEZONE`: the zone the calendar's publisher says it is in.
    public var timeZone: String?
    /// Every `VEVENT`, in the order of the text.
    public var events: [CalendarEvent]
    /// The `TZID`s of the calendar's `VTIMEZONE`s.
    public var definedZones: [String]
}

/// One `VEVENT`, in plain values.
public struct CalendarEvent: Sendable, Hashable {
    /// A `DTSTART` or `DTEND` value.
    public enum Time: Sendable, Hashable {
        /// A UTC time (`…Z`): an instant.
        case utc(Int64)
        /// A local time whose `TZID` has its `VTIMEZONE` in the calendar, made an instant by libical with it.
        case zoned(Int64, wall: WallClock, tzid: String)
        /// A local time whose `TZID` has no `VTIMEZONE` in the calendar: the reader must resolve the name.
        case unresolved(WallClock, tzid: String)
        /// A local time with no zone (RFC 5545 §3.3.5, form 1).
        case floating(WallClock)
        /// A date (`VALUE=DATE`): the event lasts whole days.
        case date(WallClock)
    }

    public var uid: String?
    public var summary: String?
    public var location: String?
    public var description: String?
    public var url: String?
    public var categories: [String]
    /// `ORGANIZER` and `ATTENDEE` common names (`CN`), in order.
    public var organizers: [String]
    public var attendees: [String]
    /// `STATUS`, upper case (`CONFIRMED`, `CANCELLED`).
    public var status: String?
    public var start: Time?
    public var end: Time?
    /// `DURATION`, when the event has one instead of `DTEND`: whole days (and weeks, as 7 days), which are
    /// nominal (a day across a clock change is still a calendar day, RFC 5545 §3.3.6), then exact seconds.
    public var duration: NominalDuration?

    public struct NominalDuration: Sendable, Hashable {
        public var days: Int
        public var seconds: Int
    }
    /// Whether the event repeats (`RRULE` or `RDATE`): only its first occurrence is read.
    public var recurs: Bool
    /// Whether the event overrides one occurrence of a repeating event (`RECURRENCE-ID`).
    public var overridesOccurrence: Bool
    /// What libical could not read in the event (`X-LIC-ERROR`).
    public var errors: [String]
}

extension ICalLibrary {
    /// Reads the events of iCalendar text.
    ///
    /// A `TZID` whose `VTIMEZONE` is in the text is applied by libical from that definition (whatever its name);
    /// one whose `VTIMEZONE` is missing is returned unresolved, for the caller to look up or reject.
    /// - Throws: ``ICalError`` when the text is not a complete calendar.
    public func readCalendar(_ text: String) throws -> CalendarContents {
        ateliers_clear_icalerrno()
        guard let root = icalparser_parse_string(text) else {
            throw ICalError("not a complete iCalendar object (is END:VCALENDAR missing?)")
        }
        defer { icalcomponent_free(root) }
        var calendars: [OpaquePointer] = []
        if icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT {
            calendars = [root]
        } else {
            calendars = children(of: root, ICAL_VCALENDAR_COMPONENT)
        }
        guard !calendars.isEmpty else { throw ICalError("no VCALENDAR in the text") }
        var contents = CalendarContents(name: nil, timeZone: nil, events: [], definedZones: [])
        for calendar in calendars {
            for property in properties(of: calendar, ICAL_X_PROPERTY) {
                let name = icalproperty_get_x_name(property).map { String(cString: $0) }
                let value = icalproperty_get_x(property).map { String(cString: $0) }
                if name == "X-WR-CALNAME", contents.name == nil { contents.name = value }
                if name == "X-WR-TIMEZONE", contents.timeZone == nil { contents.timeZone = value }
            }
            for zone in children(of: calendar, ICAL_VTIMEZONE_COMPONENT) {
                if let tzid = icalcomponent_get_first_property(zone, ICAL_TZID_PROPERTY),
                    let text = icalproperty_get_tzid(tzid)
                {
                    contents.definedZones.append(String(cString: text))
                }
            }
            for event in children(of: calendar, ICAL_VEVENT_COMPONENT) {
                contents.events.append(read(event, in: calendar))
            }
        }
        return contents
    }

    private func read(_ event: OpaquePointer, in calendar: OpaquePointer) -> CalendarEvent {
        func text(_ kind: icalproperty_kind, _ get: (OpaquePointer?) -> UnsafePointer<CChar>?) -> String? {
            guard let property = icalcomponent_get_first_property(event, kind), let value = get(property) else {
                return nil
            }
            return String(cString: value)
        }
        /// Common names of people: not rooms or resources (`CUTYPE`), not those who declined (`PARTSTAT`).
        func commonNames(_ kind: icalproperty_kind) -> [String] {
            properties(of: event, kind).compactMap { property in
                if let type = icalproperty_get_first_parameter(property, ICAL_CUTYPE_PARAMETER),
                    [ICAL_CUTYPE_ROOM, ICAL_CUTYPE_RESOURCE].contains(icalparameter_get_cutype(type))
                {
                    return nil
                }
                if let status = icalproperty_get_first_parameter(property, ICAL_PARTSTAT_PARAMETER),
                    icalparameter_get_partstat(status) == ICAL_PARTSTAT_DECLINED
                {
                    return nil
                }
                guard let parameter = icalproperty_get_first_parameter(property, ICAL_CN_PARAMETER),
                    let name = icalparameter_get_cn(parameter)
                else { return nil }
                return String(cString: name)
            }
        }
        var result = CalendarEvent(
            uid: text(ICAL_UID_PROPERTY, icalproperty_get_uid),
            summary: text(ICAL_SUMMARY_PROPERTY, icalproperty_get_summary),
            location: text(ICAL_LOCATION_PROPERTY, icalproperty_get_location),
            description: text(ICAL_DESCRIPTION_PROPERTY, icalproperty_get_description),
            url: text(ICAL_URL_PROPERTY, icalproperty_get_url),
            categories: properties(of: event, ICAL_CATEGORIES_PROPERTY).compactMap {
                icalproperty_get_categories($0).map { String(cString: $0) }
            },
            organizers: commonNames(ICAL_ORGANIZER_PROPERTY), attendees: commonNames(ICAL_ATTENDEE_PROPERTY),
            status: nil, start: nil, end: nil, duration: nil,
            recurs: icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY) != nil
                || icalcomponent_get_first_property(event, ICAL_RDATE_PROPERTY) != nil,
            overridesOccurrence: icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY) != nil,
            errors: properties(of: event, ICAL_XLICERROR_PROPERTY).compactMap {
                icalproperty_get_xlicerror($0).map { String(cString: $0) }
            })
        if let status = icalcomponent_get_first_property(event, ICAL_STATUS_PROPERTY),
            let text = icalproperty_status_to_string(icalproperty_get_status(status))
        {
            result.status = String(cString: text)
        }
        if let property = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY) {
            result.start = time(icalproperty_get_dtstart(property), property, in: calendar)
        }
        if let property = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY) {
            result.end = time(icalproperty_get_dtend(property), property, in: calendar)
        }
        if let property = icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY) {
            let value = icalproperty_get_duration(property)
            let sign = value.is_neg != 0 ? -1 : 1
            // In Int, not libical's 32-bit fields: a hostile DURATION must not overflow here.
            result.duration = .init(
                days: sign * (Int(value.weeks) * 7 + Int(value.days)),
                seconds: sign * (Int(value.hours) * 3_600 + Int(value.minutes) * 60 + Int(value.seconds)))
        }
        return result
    }

    private func time(_ value: icaltimetype, _ property: OpaquePointer, in calendar: OpaquePointer)
        -> CalendarEvent.Time?
    {
        guard icaltime_is_null_time(value) == 0, icaltime_is_valid_time(value) != 0 else { return nil }
        let wall = WallClock(
            year: Int(value.year), month: Int(value.month), day: Int(value.day), hour: Int(value.hour),
            minute: Int(value.minute), second: Int(value.second))
        if value.is_date != 0 { return .date(wall) }
        if icaltime_is_utc(value) != 0 { return .utc(wall.secondsSinceEpochAsUTC) }
        guard let parameter = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER),
            let tzidText = icalparameter_get_tzid(parameter)
        else { return .floating(wall) }
        let tzid = String(cString: tzidText)
        // A VTIMEZONE without any STANDARD or DAYLIGHT observance defines nothing: libical would read it as UTC.
        guard let zone = icalcomponent_get_timezone(calendar, tzidText),
            let definition = icaltimezone_get_component(zone),
            icalcomponent_get_first_component(definition, ICAL_XSTANDARD_COMPONENT) != nil
                || icalcomponent_get_first_component(definition, ICAL_XDAYLIGHT_COMPONENT) != nil
        else { return .unresolved(wall, tzid: tzid) }
        var floating = value
        floating.zone = nil
        return .zoned(Int64(icaltime_as_timet_with_zone(floating, zone)), wall: wall, tzid: tzid)
    }

    private func children(of component: OpaquePointer, _ kind: icalcomponent_kind) -> [OpaquePointer] {
        collect(icalcomponent_get_first_component(component, kind)) {
            icalcomponent_get_next_component(component, kind)
        }
    }

    private func properties(of component: OpaquePointer, _ kind: icalproperty_kind) -> [OpaquePointer] {
        collect(icalcomponent_get_first_property(component, kind)) { icalcomponent_get_next_property(component, kind) }
    }

    /// Walks one of libical's first/next iterations into an array, so that no iteration is left half done.
    private func collect(_ first: OpaquePointer?, next: () -> OpaquePointer?) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var current = first
        while let item = current {
            result.append(item)
            current = next()
        }
        return result
    }
}
