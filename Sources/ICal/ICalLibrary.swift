import CLibical

/// The one door to libical.
///
/// libical keeps shared state (its zone cache, component iterators) that is not safe across threads, so every call
/// goes through this actor. Each method creates, uses and frees its libical objects within one call: no pointer
/// leaves it, and no method suspends while it holds one.
public actor ICalLibrary {
    /// The process-wide instance; libical's state is process-wide too.
    public static let shared = ICalLibrary()

    /// Zone rules already computed in this process, by zone, with the years they cover: a request for years
    /// already covered is answered from here; one for others computes the union once.
    var zoneCache: [String: (years: Set<Int>, rules: TimeZoneRules)] = [:]

    /// The line that closes every calendar.
    public static let calendarFooter = "END:VCALENDAR\r\n"

    private init() {}

    // MARK: Time zones

    /// The years a programme may use: beyond them, zone rules and calendar clients are not to be trusted, and a
    /// date there is a typo (`2O23`, `20233`) rather than a plan.
    public static let supportedYears = 1900...2200

    /// Reads a zone's UTC offsets for the given years from libical's zone database (the system's zoneinfo).
    ///
    /// Rules are computed once per zone in this process and reused; asking for more years extends them.
    /// - Parameters:
    ///   - identifier: an IANA id such as `Europe/Paris`, or `UTC`.
    ///   - years: the years whose transitions are needed; one year either side is added.
    /// - Throws: ``ICalError`` when libical does not know the zone, or a year is outside ``supportedYears``.
    /// - Complexity: about 365 libical look-ups for each year used (not for each year between the first and the
    ///   last), once per process.
    public func timeZoneRules(identifier: String, years: some Sequence<Int>) throws -> TimeZoneRules {
        let used = Set(years)
        if let outside = used.sorted().first(where: { !Self.supportedYears.contains($0) }) {
            throw ICalError(
                "year \(outside) is outside \(Self.supportedYears.lowerBound)…\(Self.supportedYears.upperBound)")
        }
        if identifier == TimeZoneRules.utc.identifier { return TimeZoneRules.utc }
        let wanted = used.isEmpty ? [2000] : used
        if let known = zoneCache[identifier], wanted.isSubset(of: known.years) { return known.rules }
        guard let zone = builtinZone(identifier) else {
            throw ICalError("unknown time zone '\(identifier)': expected an IANA id such as Europe/Paris")
        }
        let years = wanted.union(zoneCache[identifier]?.years ?? [])
        let rules = sampleRules(zone, identifier: identifier, years: years)
        zoneCache[identifier] = (years, rules)
        return rules
    }

    /// Samples a zone day by day over each block of consecutive years used (with a year either side), and
    /// bisects every change of offset to the second; a change between two blocks is bisected too.
    private func sampleRules(_ zone: OpaquePointer, identifier: String, years: Set<Int>) -> TimeZoneRules {
        let names = observanceNames(zone)
        var blocks: [ClosedRange<Int>] = []
        for year in years.sorted() {
            if let last = blocks.last, year - 1 <= last.upperBound + 1 {
                blocks[blocks.count - 1] = last.lowerBound...(year + 1)
            } else {
                blocks.append((year - 1)...(year + 1))
            }
        }
        func sample(_ instant: Int64) -> (offset: Int, daylight: Bool) {
            var time = icaltime_from_timet_with_zone(time_t(instant), 0, icaltimezone_get_utc_timezone())
            var daylight: Int32 = 0
            let offset = icaltimezone_get_utc_offset_of_utc_time(zone, &time, &daylight)
            return (Int(offset), daylight != 0)
        }
        let first = WallClock(year: blocks[0].lowerBound, month: 1, day: 1).secondsSinceEpochAsUTC
        let initial = sample(first)
        var transitions: [TimeZoneRules.Transition] = []
        var previous = initial
        func step(from instant: Int64, to next: Int64) {
            let current = sample(next)
            guard current.offset != previous.offset || current.daylight != previous.daylight else { return }
            // Bisect to the second: the new offset holds at `high`, the old one at `low`.
            var low = instant
            var high = next
            while high - low > 1 {
                let mid = low + (high - low) / 2
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
        var instant = first
        var last = first
        for block in blocks {
            let blockStart = WallClock(year: block.lowerBound, month: 1, day: 1).secondsSinceEpochAsUTC
            if blockStart > instant { step(from: instant, to: blockStart) }
            instant = max(instant, blockStart)
            last = WallClock(year: block.upperBound, month: 12, day: 31, hour: 23, minute: 59).secondsSinceEpochAsUTC
            while instant < last {
                let next = min(instant + 86_400, last)
                step(from: instant, to: next)
                instant = next
            }
        }
        return TimeZoneRules(
            identifier: identifier, initialOffset: initial.offset,
            initialName: names[NameKey(offset: initial.offset, daylight: initial.daylight)],
            initialIsDaylight: initial.daylight, transitions: transitions, coverage: first...last)
    }

    /// Whether libical knows the zone.
    public func knowsTimeZone(_ identifier: String) -> Bool {
        identifier == TimeZoneRules.utc.identifier || builtinZone(identifier) != nil
    }

    private func builtinZone(_ identifier: String) -> OpaquePointer? {
        // An IANA id is short and plain (`America/Argentina/Buenos_Aires`): anything else is not looked up.
        guard !identifier.isEmpty, identifier.utf8.count <= 64, !identifier.hasPrefix("/"), !identifier.contains(".."),
            identifier.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789/_+-".unicodeScalars.contains($0))
            })
        else { return nil }
        // The zone folder also holds files that are not zones of the database: the machine's own zone
        // (`localtime`, `posixrules`), the leap-second table, and the `posix/` and `right/` copies.
        let first = identifier.prefix { $0 != "/" }
        guard !["localtime", "posixrules", "leapseconds", "posix", "right"].contains(first) else { return nil }
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
