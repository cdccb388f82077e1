/// The UTC offsets of one IANA time zone over a range of years, read once from libical's zone database.
///
/// A value type: once loaded, converting wall clocks to instants needs no libical call and no lock.
public struct TimeZoneRules: Sendable, Hashable {
    /// One change of UTC offset.
    public struct Transition: Sendable, Hashable {
        /// The instant of the change, in seconds since the epoch.
        public var instant: Int64
        public var offsetBefore: Int
        public var offsetAfter: Int
        /// The abbreviation in force after the change (`CEST`), when the zone database names one.
        public var name: String?
        public var isDaylight: Bool
    }

    /// How a wall clock maps onto the time line.
    public enum Resolution: Sendable, Hashable {
        /// The usual case: one instant.
        case unique(Int64)
        /// The wall clock is shown twice (clocks go back); RFC 5545 §3.3.5 takes the first.
        case repeated(first: Int64, second: Int64)
        /// The wall clock is skipped (clocks go forward); RFC 5545 §3.3.5 reads it with the offset before the gap.
        case skipped(Int64)

        /// The instant RFC 5545 gives this wall clock.
        public var instant: Int64 {
            switch self {
            case .unique(let t), .repeated(let t, _), .skipped(let t): return t
            }
        }
    }

    /// The IANA identifier, such as `Europe/Paris`.
    public var identifier: String
    /// The offset in force before the first transition.
    public var initialOffset: Int
    public var initialName: String?
    public var initialIsDaylight: Bool
    /// Transitions in increasing order of instant.
    public var transitions: [Transition]
    /// First and last instant the table is known to be exact for.
    public var coverage: ClosedRange<Int64>

    public init(
        identifier: String, initialOffset: Int, initialName: String?, initialIsDaylight: Bool,
        transitions: [Transition], coverage: ClosedRange<Int64>
    ) {
        self.identifier = identifier
        self.initialOffset = initialOffset
        self.initialName = initialName
        self.initialIsDaylight = initialIsDaylight
        self.transitions = transitions
        self.coverage = coverage
    }

    /// Coordinated Universal Time: no offset, no change. The zone of a programme whose sources give instants
    /// but name no zone.
    public static let utc = TimeZoneRules(
        identifier: "UTC", initialOffset: 0, initialName: "UTC", initialIsDaylight: false, transitions: [],
        coverage: Int64.min...Int64.max)

    /// Whether this is ``utc``: times are written with a `Z`, not a `TZID`.
    public var isUTC: Bool { identifier == Self.utc.identifier && transitions.isEmpty && initialOffset == 0 }

    /// The UTC offset in force at an instant.
    /// - Complexity: O(log t) for t transitions.
    public func offset(at instant: Int64) -> Int {
        var low = 0
        var high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid].instant <= instant { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? initialOffset : transitions[low - 1].offsetAfter
    }

    /// The wall clock that this zone shows at an instant.
    public func wallClock(at instant: Int64) -> WallClock {
        WallClock(utcSeconds: instant + Int64(offset(at: instant)))
    }

    /// The instant (or instants) a wall clock names in this zone.
    public func resolve(_ wall: WallClock) -> Resolution {
        let local = wall.secondsSinceEpochAsUTC
        var candidates: [Int64] = []
        var offsets = Set([initialOffset])
        for transition in transitions {
            offsets.insert(transition.offsetBefore)
            offsets.insert(transition.offsetAfter)
        }
        for offset in offsets.sorted(by: >) {
            let instant = local - Int64(offset)
            if self.offset(at: instant) == offset { candidates.append(instant) }
        }
        candidates.sort()
        if candidates.count == 1 { return .unique(candidates[0]) }
        if candidates.count >= 2 { return .repeated(first: candidates[0], second: candidates[candidates.count - 1]) }
        // In a gap: use the offset in force just before it.
        let before = offset(at: local - Int64(offsets.max() ?? 0) - 1)
        return .skipped(local - Int64(before))
    }

    /// `+02:00` for 7200 seconds.
    public static func formatOffset(_ seconds: Int, separator: String = ":") -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        return "\(sign)\(pad(magnitude / 3_600))\(separator)\(pad(magnitude % 3_600 / 60))"
    }

    /// An RFC 3339 timestamp with this zone's offset: `2023-09-19T11:30:00+02:00`.
    public func rfc3339(_ instant: Int64) -> String {
        wallClock(at: instant).description + (isUTC ? "Z" : Self.formatOffset(offset(at: instant)))
    }
}
