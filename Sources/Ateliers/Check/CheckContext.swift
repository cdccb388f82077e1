public import ICal
import Synchronization

extension TimeZoneRules.Resolution {
    /// One instant, the usual case.
    var isUnique: Bool {
        if case .unique = self { return true }
        return false
    }
}

/// A scheduled session placed on the time line.
public struct ScheduledSession: Sendable, Hashable {
    public var index: Int
    public var start: Int64
    public var end: Int64
}

/// What every rule reads: the programme, its zone, and its sessions as instants, computed once.
public struct CheckContext: Sendable {
    public let programme: Programme
    public let zone: TimeZoneRules
    /// Scheduled sessions whose end is not before their start, by start then id.
    public let scheduled: [ScheduledSession]
    /// Attendees and their picks, when an agenda file was given.
    public let attendees: [Attendee]
    /// For each session index, its place on the time line, if it has one.
    public let placement: [ScheduledSession?]
    /// Scheduled sessions of each room id, by start.
    public let occupancy: [String: [ScheduledSession]]

    /// The position of each session id in `programme.sessions` (the first, should an id repeat).
    public let indexOfID: [String: Int]

    /// For each room id, the latest end among its first i + 1 bookings in ``occupancy``.
    let runningEnds: [String: [Int64]]

    /// The indices, in order, of the scheduled sessions that end before they start or whose start or end the zone
    /// skips or shows twice: all that `invalid-time` and `ambiguous-time` need to look at.
    let unusualTimes: [Int]

    /// Positions in `programme.rooms`, smallest capacity first (no stated capacity last), then by name.
    let roomsBySize: [Int]

    /// Everyone named in any session, once each, in order of first appearance (``Programme/people``, computed once).
    public let people: [Person]
    /// Each person's display name by ``Person/key``: the spelling of their first appearance.
    public let personNames: [String: String]
    /// For each session index, the keys of everyone it names, once each, in order (``Session/people``).
    public let personKeys: [[String]]
    /// For each session index, its ``Session/role``, worked out once per kind.
    public let roles: [SessionRole]

    /// The feed names (``FeedNames``): made on first use (by `similar-names` and the feed plan), once.
    public var feedNames: FeedNames {
        if let names = cache.feedNames.withLock({ $0 }) { return names }
        let names = FeedNames(self)
        cache.feedNames.withLock { $0 = $0 ?? names }
        return cache.feedNames.withLock { $0! }
    }
    private let cache = Cache()

    /// What is worked out from the context on demand, shared by its copies (the context never changes).
    private final class Cache: Sendable {
        let feedNames = Mutex<FeedNames?>(nil)
    }

    /// The place on the time line of the session with that id, if it has one.
    public func placement(ofID id: String) -> ScheduledSession? { indexOfID[id].flatMap { placement[$0] } }

    /// Sessions with no place on the time line: unscheduled, or with an end before their start.
    public var unplacedCount: Int { programme.sessions.count - scheduled.count }

    public init(programme: Programme, zone: TimeZoneRules, attendees: [Attendee] = []) {
        self.programme = programme
        self.zone = zone
        self.attendees = attendees
        self.roomsBySize = programme.rooms.indices.sorted { a, b in
            let (left, right) = (programme.rooms[a], programme.rooms[b])
            return (left.capacity ?? Int.max, left.name, a) < (right.capacity ?? Int.max, right.name, b)
        }
        let (named, timeline) = inParallel(
            { Named(programme) }, { Timeline(programme, zone: zone) })
        self.people = named.people
        self.personNames = named.personNames
        self.personKeys = named.personKeys
        self.roles = named.roles
        self.indexOfID = timeline.indexOfID
        self.scheduled = timeline.scheduled
        self.placement = timeline.placement
        self.occupancy = timeline.occupancy
        self.runningEnds = timeline.runningEnds
        self.unusualTimes = timeline.unusualTimes
    }

    /// Who each session names and what role it has: one half of the context, made beside the other.
    private struct Named {
        var people: [Person] = []
        var personNames: [String: String] = [:]
        var personKeys: [[String]] = []
        var roles: [SessionRole] = []

        init(_ programme: Programme) {
            personKeys.reserveCapacity(programme.sessions.count)
            roles.reserveCapacity(programme.sessions.count)
            var roleOfKind: [String: SessionRole] = [:]
            for index in programme.sessions.indices {
                let named = programme.sessions[index].people
                personKeys.append(named.map(\.key))
                for person in named where personNames[person.key] == nil {
                    personNames[person.key] = person.name
                    people.append(person)
                }
                let session = programme.sessions[index]
                if session.blocksAll || session.kind == nil {
                    roles.append(session.role)
                } else {
                    let kind = session.kind!
                    if let role = roleOfKind[kind] {
                        roles.append(role)
                    } else {
                        roleOfKind[kind] = session.role
                        roles.append(session.role)
                    }
                }
            }
        }
    }

    /// The sessions by id and on the time line: the other half of the context.
    private struct Timeline {
        var indexOfID: [String: Int]
        var scheduled: [ScheduledSession] = []
        var placement: [ScheduledSession?]
        var occupancy: [String: [ScheduledSession]] = [:]
        var runningEnds: [String: [Int64]]
        var unusualTimes: [Int] = []

        init(_ programme: Programme, zone: TimeZoneRules) {
            indexOfID = Dictionary(
                programme.sessions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            for index in programme.sessions.indices {
                guard let slot = programme.sessions[index].slot else { continue }
                let (startResolution, endResolution) = (zone.resolve(slot.start), zone.resolve(slot.end))
                let (start, end) = (startResolution.instant, endResolution.instant)
                if end < start || !startResolution.isUnique || !endResolution.isUnique { unusualTimes.append(index) }
                // A zero-length session is an instant (a deadline, "doors close"): on the time line, never in a
                // clash.
                if end >= start { scheduled.append(ScheduledSession(index: index, start: start, end: end)) }
            }
            scheduled.sort { a, b in
                a.start != b.start ? a.start < b.start : programme.sessions[a.index].id < programme.sessions[b.index].id
            }
            placement = [ScheduledSession?](repeating: nil, count: programme.sessions.count)
            for item in scheduled {
                placement[item.index] = item
                if let room = programme.sessions[item.index].room, !programme.sessions[item.index].allDay {
                    occupancy[room, default: []].append(item)
                }
            }
            runningEnds = occupancy.mapValues { booked in
                var latest = Int64.min
                return booked.map { item in
                    latest = max(latest, item.end)
                    return latest
                }
            }
        }
    }

    /// The smallest room, other than `room`, free for the whole of `item` and holding at least `capacity`.
    /// - Complexity: O(k log n) for the k rooms smaller or busier than the one found (at most r rooms): rooms are
    ///   tried smallest first, so a programme with thousands of rooms and clashes stays fast.
    public func freeRoom(for item: ScheduledSession, instead room: String?, holding capacity: Int) -> Room? {
        for position in roomsBySize {
            let candidate = programme.rooms[position]
            guard candidate.id != room, (candidate.capacity ?? Int.max) >= capacity else { continue }
            let booked = occupancy[candidate.id] ?? []
            // The first booking ending after the start must start at or after the end.
            var low = 0
            var high = booked.count
            while low < high {
                let mid = (low + high) / 2
                if booked[mid].start < item.end { low = mid + 1 } else { high = mid }
            }
            if low == 0 || runningEnds[candidate.id]![low - 1] <= item.start { return candidate }
        }
        return nil
    }

    public func session(_ item: ScheduledSession) -> Session { programme.sessions[item.index] }

    /// `2023-09-19 11:30–13:00` for an interval of instants; `2023-09-19 11:30Z–13:00Z` when the programme's
    /// times are UTC instants (no zone named).
    public func describe(start: Int64, end: Int64) -> String {
        let from = zone.wallClock(at: start)
        let to = zone.wallClock(at: end)
        let utc = programme.event.timeZone != nil && zone.isUTC ? "Z" : ""
        let endText = from.date == to.date ? "\(to.time)\(utc)" : "\(to.date) \(to.time)\(utc)"
        return "\(from.date) \(from.time)\(utc)–\(endText)"
    }

    /// `'atelier-1' «Title»`.
    public func name(_ session: Session) -> String { "'\(session.id)' «\(session.title)»" }

    /// How many members of a clash group a message names; the JSON report lists them all.
    static let listedMembers = 5

    /// `'a' «A», 'b' «B», 'c' «C», 'd' «D», 'e' «E» and 2 more`: at most ``listedMembers`` names.
    func listing(_ members: [ScheduledSession], _ describe: (Session) -> String) -> String {
        let shown = members.prefix(Self.listedMembers).map { describe(session($0)) }.joined(separator: ", ")
        let more = members.count - Self.listedMembers
        return more > 0 ? "\(shown) and \(more) more" : shown
    }
}

/// One check with a stable name and a default severity.
public protocol Rule: Sendable {
    var name: String { get }
    var severity: Diagnostic.Severity { get }
    /// What the rule checks and how to configure it, for `ateliers check --explain NAME`: a few sentences, then an
    /// example line of its output.
    var explanation: String { get }
    /// Whether the rule reads every session's people or every name (most rules read a few fields): rules that
    /// run long are started first, so that two cores end together.
    var runsLong: Bool { get }
    func check(_ context: CheckContext) -> [Diagnostic]
}

extension Rule {
    /// Empty until the rule is documented; the catalogue's test requires every rule to have one.
    public var explanation: String { "" }
    public var runsLong: Bool { false }
}

/// The sweep line every clash rule shares: sessions sorted by start, grouped where they overlap.
enum ClashSweep {
    /// A maximal run of sessions connected by overlaps: each member overlaps at least one earlier one, and the
    /// next session after the run starts at or after the end of every member.
    struct Group {
        /// In start order; at least two.
        var members: [ScheduledSession]
        /// How many pairs of members overlap, counted without listing them.
        var pairs: Int
        /// From the first instant two members overlap to the last (there may be gaps in between).
        var overlapStart: Int64
        var overlapEnd: Int64
    }

    /// Groups of items that overlap by more than zero seconds; back to back is not a clash, and an item whose
    /// end is not after its start overlaps nothing.
    /// - Parameter items: sorted by start.
    /// - Complexity: O(n log n) for n items, however many of them overlap (5,000 at once are 12,497,500 pairs,
    ///   counted with a heap of the running items' ends).
    static func groups(in items: [ScheduledSession]) -> [Group] {
        var groups: [Group] = []
        var members: [ScheduledSession] = []
        var running = MinHeap<Int64>()
        var maxEnd = Int64.min
        var pairs = 0
        var overlapEnd = Int64.min
        func close() {
            if members.count > 1 {
                groups.append(
                    Group(members: members, pairs: pairs, overlapStart: members[1].start, overlapEnd: overlapEnd))
            }
            members = []
            pairs = 0
            overlapEnd = .min
        }
        for item in items where item.end > item.start {
            if item.start >= maxEnd { close() }
            // Items are sorted by start: an end at or before this start is before every later start too.
            running.removeAll(upTo: item.start)
            if !running.isEmpty {
                pairs += running.count
                overlapEnd = max(overlapEnd, min(item.end, maxEnd))
            }
            running.insert(item.end)
            members.append(item)
            maxEnd = max(maxEnd, item.end)
        }
        close()
        return groups
    }

    /// Groups scheduled sessions by keys, each group keeping the start order.
    /// - Parameter keys: a session index's keys, each once.
    static func group(_ context: CheckContext, by keys: (Int) -> [String]) -> [(String, [ScheduledSession])] {
        var groups: [String: [ScheduledSession]] = [:]
        var order: [String] = []
        for item in context.scheduled where item.end > item.start {
            for key in keys(item.index) {
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(item)
            }
        }
        return order.sorted().map { ($0, groups[$0]!) }
    }
}
