import CLibical

extension ICalLibrary {
    /// Renders each event as one VEVENT block, CRLF line ends, folded at 75 octets.
    ///
    /// - Complexity: one libical serialisation per event; callers compose feeds from the returned text.
    public func render(events: [EventSpec]) -> [String] {
        events.map(renderEvent)
    }

    /// Renders the opening of a calendar: `BEGIN:VCALENDAR` and its properties, without the closing line.
    public func render(header spec: CalendarHeaderSpec) -> String {
        let calendar = icalcomponent_new(ICAL_VCALENDAR_COMPONENT)!
        defer { icalcomponent_free(calendar) }
        add(calendar, icalproperty_new_version("2.0"))
        add(calendar, icalproperty_new_prodid(spec.productID))
        add(calendar, icalproperty_new_calscale("GREGORIAN"))
        add(calendar, icalproperty_new_name(spec.name))
        add(calendar, xProperty("X-WR-CALNAME", spec.name))
        if let description = spec.description, !description.isEmpty {
            add(calendar, icalproperty_new_description(description))
            add(calendar, xProperty("X-WR-CALDESC", description))
        }
        if spec.timeZone != TimeZoneRules.utc.identifier { add(calendar, xProperty("X-WR-TIMEZONE", spec.timeZone)) }
        let interval = icaldurationtype_from_int(Int32(spec.refreshInterval))
        add(calendar, icalproperty_new_refreshinterval(interval))
        add(calendar, xProperty("X-PUBLISHED-TTL", durationText(interval)))
        var text = serialise(calendar)
        if text.hasSuffix(Self.calendarFooter) { text.removeLast(Self.calendarFooter.count) }
        let values = spec.name + (spec.description ?? "")
        guard values.contains(",") || values.contains(";") else { return text }
        return ContentLines.escapingXText(in: text, properties: ["X-WR-CALNAME", "X-WR-CALDESC"])
    }

    /// Renders a compact VTIMEZONE: one observance per offset change that matters for `span`.
    ///
    /// libical's own zone component holds the zone's whole history, with `UNTIL`-bounded rules that several
    /// parsers reject; this one lists the observance in force at the start of `span` and each change up to the
    /// first one after it, each with its own `DTSTART`.
    /// - Parameters:
    ///   - rules: the zone, loaded with ``timeZoneRules(identifier:years:)``.
    ///   - span: first and last instant the calendar's events use.
    /// - Returns: the empty string for ``TimeZoneRules/utc``: UTC times need no VTIMEZONE.
    public func renderTimeZone(_ rules: TimeZoneRules, covering span: ClosedRange<Int64>) -> String {
        if rules.isUTC { return "" }
        let vtimezone = icalcomponent_new(ICAL_VTIMEZONE_COMPONENT)!
        defer { icalcomponent_free(vtimezone) }
        add(vtimezone, icalproperty_new_tzid(rules.identifier))
        for observance in rules.observances(covering: span) {
            let kind = observance.isDaylight ? ICAL_XDAYLIGHT_COMPONENT : ICAL_XSTANDARD_COMPONENT
            let component = icalcomponent_new(kind)!
            add(component, icalproperty_new_dtstart(icalTime(observance.localStart)))
            add(component, icalproperty_new_tzoffsetfrom(Int32(observance.offsetFrom)))
            add(component, icalproperty_new_tzoffsetto(Int32(observance.offsetTo)))
            if let name = observance.name { add(component, icalproperty_new_tzname(name)) }
            icalcomponent_add_component(vtimezone, component)
        }
        return serialise(vtimezone)
    }

    private func renderEvent(_ spec: EventSpec) -> String {
        let event = icalcomponent_new(ICAL_VEVENT_COMPONENT)!
        defer { icalcomponent_free(event) }
        add(event, icalproperty_new_uid(spec.uid))
        add(event, icalproperty_new_dtstamp(utcTime(spec.stamp)))
        if spec.allDay == true {
            add(event, icalproperty_new_dtstart(icalDate(spec.start)))
            add(event, icalproperty_new_dtend(icalDate(spec.end)))
        } else if spec.timeZone == TimeZoneRules.utc.identifier {
            // Instants with no zone named: UTC times (`…Z`), which need no VTIMEZONE.
            add(event, icalproperty_new_dtstart(utcTime(spec.start.secondsSinceEpochAsUTC)))
            // An instant (a start and no end, RFC 5545 §3.6.1): DTEND must be later than DTSTART when present.
            if spec.end != spec.start { add(event, icalproperty_new_dtend(utcTime(spec.end.secondsSinceEpochAsUTC))) }
        } else {
            add(event, zoned(icalproperty_new_dtstart(icalTime(spec.start)), spec.timeZone))
            if spec.end != spec.start { add(event, zoned(icalproperty_new_dtend(icalTime(spec.end)), spec.timeZone)) }
        }
        add(event, icalproperty_new_summary(spec.summary))
        if let location = spec.location, !location.isEmpty { add(event, icalproperty_new_location(location)) }
        if let description = spec.description, !description.isEmpty {
            add(event, icalproperty_new_description(description))
        }
        for category in spec.categories where !category.isEmpty { add(event, icalproperty_new_categories(category)) }
        add(event, icalproperty_new_sequence(Int32(spec.sequence)))
        if let lastModified = spec.lastModified { add(event, icalproperty_new_lastmodified(utcTime(lastModified))) }
        add(event, icalproperty_new_status(status(spec.status)))
        if let url = spec.url, !url.isEmpty { add(event, icalproperty_new_url(url)) }
        if let minutes = spec.alarmMinutesBefore {
            let alarm = icalcomponent_new(ICAL_VALARM_COMPONENT)!
            add(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY))
            add(alarm, icalproperty_new_description(spec.summary))
            var trigger = icaltriggertype()
            trigger.time = icaltime_null_time()
            trigger.duration = icaldurationtype_from_int(Int32(-minutes * 60))
            add(alarm, icalproperty_new_trigger(trigger))
            icalcomponent_add_component(event, alarm)
        }
        return serialise(event)
    }

    private func status(_ status: EventSpec.Status) -> icalproperty_status {
        switch status {
        case .confirmed: return ICAL_STATUS_CONFIRMED
        case .tentative: return ICAL_STATUS_TENTATIVE
        case .cancelled: return ICAL_STATUS_CANCELLED
        }
    }

    private func add(_ component: OpaquePointer, _ property: OpaquePointer?) {
        if let property { icalcomponent_add_property(component, property) }
    }

    private func zoned(_ property: OpaquePointer?, _ timeZone: String) -> OpaquePointer? {
        if let property { icalproperty_add_parameter(property, icalparameter_new_tzid(timeZone)) }
        return property
    }

    /// An X- property with a plain value; ``ContentLines/escapingXText(in:properties:)`` escapes it afterwards.
    private func xProperty(_ name: String, _ value: String) -> OpaquePointer? {
        let property = icalproperty_new_x(value)
        icalproperty_set_x_name(property, name)
        return property
    }

    private func durationText(_ duration: icaldurationtype) -> String {
        guard let text = icaldurationtype_as_ical_string_r(duration) else { return "" }
        defer { icalmemory_free_buffer(text) }
        return String(cString: text)
    }

    /// A floating (zone-less) libical time from wall-clock fields; the `TZID` parameter gives it its zone.
    func icalTime(_ wall: WallClock) -> icaltimetype {
        var time = icaltime_null_time()
        time.year = Int32(wall.year)
        time.month = Int32(wall.month)
        time.day = Int32(wall.day)
        time.hour = Int32(wall.hour)
        time.minute = Int32(wall.minute)
        time.second = Int32(wall.second)
        time.is_date = 0
        return time
    }

    /// A libical date (`VALUE=DATE`) from the date of a wall clock.
    func icalDate(_ wall: WallClock) -> icaltimetype {
        var time = icalTime(WallClock(year: wall.year, month: wall.month, day: wall.day))
        time.is_date = 1
        return time
    }

    /// A UTC libical time (written with a trailing `Z`).
    private func utcTime(_ seconds: Int64) -> icaltimetype {
        icaltime_from_timet_with_zone(time_t(seconds), 0, icaltimezone_get_utc_timezone())
    }

    /// The text of a component; the corresponding C function is `icalcomponent_as_ical_string_r`.
    func serialise(_ component: OpaquePointer) -> String {
        guard let text = icalcomponent_as_ical_string_r(component) else { return "" }
        defer { icalmemory_free_buffer(text) }
        return String(cString: text)
    }
}

extension TimeZoneRules {
    /// One STANDARD or DAYLIGHT block of a VTIMEZONE.
    struct Observance: Hashable {
        var localStart: WallClock
        var offsetFrom: Int
        var offsetTo: Int
        var name: String?
        var isDaylight: Bool
    }

    /// The observance in force at the start of `span`, then one per change up to the first change after it.
    func observances(covering span: ClosedRange<Int64>) -> [Observance] {
        let before = transitions.lastIndex { $0.instant <= span.lowerBound }
        let after = transitions.firstIndex { $0.instant > span.upperBound }
        var result: [Observance] = []
        if before == nil {
            // No change known before the span: the offset has held since at least a year before it.
            result.append(
                Observance(
                    localStart: WallClock(year: 1970, month: 1, day: 1), offsetFrom: initialOffset,
                    offsetTo: initialOffset, name: initialName, isDaylight: initialIsDaylight))
        }
        let first = before ?? 0
        let last = after ?? (transitions.count - 1)
        if first <= last, !transitions.isEmpty {
            for transition in transitions[first...last] {
                result.append(
                    Observance(
                        localStart: WallClock(utcSeconds: transition.instant + Int64(transition.offsetBefore)),
                        offsetFrom: transition.offsetBefore, offsetTo: transition.offsetAfter,
                        name: transition.name, isDaylight: transition.isDaylight))
            }
        }
        return result
    }
}

extension ICalLibrary {
    /// Renders many calendar openings in one call (one actor hop for thousands of feeds).
    public func render(headers: [CalendarHeaderSpec]) -> [String] {
        headers.map { render(header: $0) }
    }
}
