import CLibical

/// The one door to libical.
///
/// libical keeps shared state (its zone cache, component iterators) that is not safe across threads, so every call
/// goes through this actor. Each method creates, uses and frees its libical objects within one call: no pointer
/// leaves it, and no method suspends while it holds one.
public actor ICalLibrary {
    /// The process-wide instance; libical's state is process-wide too.
    public static let shared = ICalLibrary()

    /// The line that closes every calendar.
    public static let calendarFooter = "END:VCALENDAR\r\n"

    public init() {}

    // MARK: Time zones

    /// Reads a zone's UTC offsets for the given years from libical's zone database (the system's zoneinfo).
    ///
    /// - Parameters:
    ///   - identifier: an IANA id such as `Europe/Paris`.
    ///   - years: the years whose transitions are needed; one year either side is added.
    /// - Throws: ``ICalError`` when libical does not know the zone.
    /// - Complexity: about 365 libical look-ups a year.
    public func timeZoneRules(identifier: String, years: ClosedRange<Int>) throws -> TimeZoneRules {
        guard let zone = builtinZone(identifier) else {
            throw ICalError("unknown time zone '\(identifier)': expected an IANA id such as Europe/Paris")
        }
        let names = observanceNames(zone)
        let first = WallClock(year: years.lowerBound - 1, month: 1, day: 1).secondsSinceEpochAsUTC
        let last = WallClock(year: years.upperBound + 1, month: 12, day: 31, hour: 23, minute: 59)
            .secondsSinceEpochAsUTC

        func sample(_ instant: Int64) -> (offset: Int, daylight: Bool) {
            var time = icaltime_from_timet_with_zone(time_t(instant), 0, icaltimezone_get_utc_timezone())
            var daylight: Int32 = 0
            let offset = icaltimezone_get_utc_offset_of_utc_time(zone, &time, &daylight)
            return (Int(offset), daylight != 0)
        }

        let initial = sample(first)
        var transitions: [TimeZoneRules.Transition] = []
        var previous = initial
        var instant = first
        while instant < last {
            let next = min(instant + 86_400, last)
            let current = sample(next)
            if current.offset != previous.offset || current.daylight != previous.daylight {
                // Bisect to the second: the new offset holds at `high`, the old one at `low`.
                var low = instant
                var high = next
                while high - low > 1 {
                    let mid = (low + high) / 2
                    let probe = sample(mid)
                    if probe.offset == previous.offset && probe.daylight == previous.daylight {
                        low = mid
                    } else {
                        high = mid
                    }
                }
                transitions.append(
                    .init(
                        instant: high, offsetBefore: previous.offset, offsetAfter: current.offset,
                        name: names[NameKey(offset: current.offset, daylight: current.daylight)],
                        isDaylight: current.daylight))
                previous = current
            }
            instant = next
        }
        return TimeZoneRules(
            identifier: identifier, initialOffset: initial.offset,
            initialName: names[NameKey(offset: initial.offset, daylight: initial.daylight)],
            initialIsDaylight: initial.daylight, transitions: transitions, coverage: first...last)
    }

    /// Whether libical knows the zone.
    public func knowsTimeZone(_ identifier: String) -> Bool {
        builtinZone(identifier) != nil
    }

    private func builtinZone(_ identifier: String) -> OpaquePointer? {
        guard !identifier.isEmpty, !identifier.hasPrefix("/") else { return nil }
        return icaltimezone_get_builtin_timezone(identifier)
    }

    private struct NameKey: Hashable {
        var offset: Int
        var daylight: Bool
    }

    /// The abbreviation of each (offset, daylight) observance, the most recent one winning.
    private func observanceNames(_ zone: OpaquePointer) -> [NameKey: String] {
        guard let vtimezone = icaltimezone_get_component(zone) else { return [:] }
        var names: [NameKey: (start: Int64, name: String)] = [:]
        for (kind, daylight) in [(ICAL_XSTANDARD_COMPONENT, false), (ICAL_XDAYLIGHT_COMPONENT, true)] {
            var observance = icalcomponent_get_first_component(vtimezone, kind)
            while let current = observance {
                if let nameProperty = icalcomponent_get_first_property(current, ICAL_TZNAME_PROPERTY),
                    let offsetProperty = icalcomponent_get_first_property(current, ICAL_TZOFFSETTO_PROPERTY),
                    let cName = icalproperty_get_tzname(nameProperty)
                {
                    let key = NameKey(offset: Int(icalproperty_get_tzoffsetto(offsetProperty)), daylight: daylight)
                    let start = icalcomponent_get_dtstart(current)
                    let wall = WallClock(
                        year: Int(start.year), month: Int(start.month), day: Int(start.day),
                        hour: Int(start.hour), minute: Int(start.minute), second: Int(start.second))
                    let seconds = wall.secondsSinceEpochAsUTC
                    if names[key].map({ $0.start <= seconds }) ?? true {
                        names[key] = (seconds, String(cString: cName))
                    }
                }
                observance = icalcomponent_get_next_component(vtimezone, kind)
            }
        }
        return names.mapValues(\.name)
    }
}
