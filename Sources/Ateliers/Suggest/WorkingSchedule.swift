import ICal

/// The programme as the suggester changes it, with the timelines of its rooms, people, tracks, plenaries and
/// attendees kept in step with every change, so that each question about a room or a slot is a few binary
/// searches.
struct WorkingSchedule: Sendable {
    var programme: Programme
    let zone: TimeZoneRules
    /// For each session: its interval as instants while it is on the time line (scheduled, not all day, its end
    /// not before its start).
    private(set) var interval: [(start: Int64, end: Int64)?]
    private(set) var rooms: [String: Timeline] = [:]
    private(set) var people: [String: Timeline] = [:]
    private(set) var tracks: [String: Timeline] = [:]
    private(set) var plenaries = Timeline()
    private(set) var attendeeLines: [Timeline]
    /// For each session, the attendees (positions in the attendee list) who picked it.
    let pickers: [[Int]]
    /// An attendee file was given: picks are known, even when a session has none.
    let picksKnown: Bool
    /// For each session, the keys of everyone in it.
    let peopleKeys: [[String]]
    let roomByID: [String: Room]
    /// Declared availability by person key; a person absent here is available whenever the event is.
    let availability: [String: [TimeWindow]]
    /// For each day, the wall-clock span of its sessions: the day's bounds when neither the event nor the room
    /// states opening hours.
    let daySpans: [LocalDate: ClosedRange<Int64>]

    init(context: CheckContext) {
        let programme = context.programme
        self.programme = programme
        zone = context.zone
        let interval: [(start: Int64, end: Int64)?] = context.placement.enumerated().map { index, item in
            guard let item, !programme.sessions[index].allDay else { return nil }
            return (item.start, item.end)
        }
        self.interval = interval
        peopleKeys = programme.sessions.map { $0.people.map(\.key) }
        roomByID = Dictionary(programme.rooms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var windows: [String: [TimeWindow]] = [:]
        for entry in programme.availability { windows[entry.person.key, default: []] += entry.windows }
        availability = windows
        var pickers = [[Int]](repeating: [], count: programme.sessions.count)
        for (position, attendee) in context.attendees.enumerated() {
            for pick in Set(attendee.picks) {
                if let index = context.indexOfID[pick] { pickers[index].append(position) }
            }
        }
        self.pickers = pickers
        picksKnown = !context.attendees.isEmpty
        var spans: [LocalDate: ClosedRange<Int64>] = [:]
        for (index, session) in programme.sessions.enumerated() where interval[index] != nil {
            guard let slot = session.slot else { continue }
            let from = slot.start.secondsSinceEpochAsUTC
            let to = slot.end.secondsSinceEpochAsUTC
            let known = spans[slot.start.date]
            spans[slot.start.date] = min(known?.lowerBound ?? from, from)...max(known?.upperBound ?? to, to)
        }
        daySpans = spans

        var roomEntries: [String: [Timeline.Entry]] = [:]
        var personEntries: [String: [Timeline.Entry]] = [:]
        var trackEntries: [String: [Timeline.Entry]] = [:]
        var plenaryEntries: [Timeline.Entry] = []
        for (index, session) in programme.sessions.enumerated() {
            guard let (start, end) = interval[index] else { continue }
            let entry = Timeline.Entry(start: start, end: end, index: index)
            if let room = session.room { roomEntries[room, default: []].append(entry) }
            for key in Set(peopleKeys[index]) { personEntries[key, default: []].append(entry) }
            if let track = session.track { trackEntries[track, default: []].append(entry) }
            if session.role == .plenary { plenaryEntries.append(entry) }
        }
        rooms = roomEntries.mapValues(Timeline.init)
        people = personEntries.mapValues(Timeline.init)
        tracks = trackEntries.mapValues(Timeline.init)
        plenaries = Timeline(plenaryEntries)
        attendeeLines = context.attendees.map { attendee in
            Timeline(
                Set(attendee.picks).compactMap { pick -> Timeline.Entry? in
                    // Breaks and meals take no part in attendee clashes.
                    guard let index = context.indexOfID[pick], programme.sessions[index].role != .service,
                        let (start, end) = interval[index]
                    else { return nil }
                    return Timeline.Entry(start: start, end: end, index: index)
                })
        }
    }

    func session(_ index: Int) -> Session { programme.sessions[index] }

    func room(_ id: String?) -> Room? { id.flatMap { roomByID[$0] } }

    /// How many sessions the room holds at once.
    func sessionsAtOnce(_ room: String) -> Int { max(1, roomByID[room]?.capacitySessions ?? 1) }

    func place(_ index: Int) -> SessionPlace? {
        guard let (start, end) = interval[index], let slot = programme.sessions[index].slot else { return nil }
        return SessionPlace(room: programme.sessions[index].room, slot: slot, start: start, end: end)
    }

    /// Puts the session in a room (or none), at the same time.
    /// - Complexity: O(b) for b sessions in the rooms concerned.
    mutating func setRoom(_ index: Int, to room: String?) {
        if let (start, end) = interval[index] {
            let entry = Timeline.Entry(start: start, end: end, index: index)
            if let old = programme.sessions[index].room { rooms[old]?.remove(entry) }
            if let room { rooms[room, default: Timeline()].insert(entry) }
        }
        programme.sessions[index].room = room
    }

    /// Moves the session to another time, in the same room.
    /// - Complexity: O(b) for b sessions on the lines the session is on.
    mutating func setTime(_ index: Int, to place: SessionPlace) {
        let session = programme.sessions[index]
        if let (start, end) = interval[index] {
            update(index, session, Timeline.Entry(start: start, end: end, index: index)) { $0.remove($1) }
        }
        programme.sessions[index].slot = place.slot
        interval[index] = (place.start, place.end)
        update(index, session, Timeline.Entry(start: place.start, end: place.end, index: index)) { $0.insert($1) }
    }

    private mutating func update(
        _ index: Int, _ session: Session, _ entry: Timeline.Entry, _ change: (inout Timeline, Timeline.Entry) -> Void
    ) {
        if let room = session.room { change(&rooms[room, default: Timeline()], entry) }
        for key in Set(peopleKeys[index]) { change(&people[key, default: Timeline()], entry) }
        if let track = session.track { change(&tracks[track, default: Timeline()], entry) }
        if session.role == .plenary { change(&plenaries, entry) }
        if session.role != .service {
            for attendee in pickers[index] { change(&attendeeLines[attendee], entry) }
        }
    }

    // MARK: Questions about a room or a time

    /// Whether the room can take the session during `start..<end` besides what it holds: fewer sessions than it
    /// holds at once at every instant.
    func roomHasSpace(_ room: String, _ start: Int64, _ end: Int64, excluding index: Int) -> Bool {
        guard let line = rooms[room] else { return true }
        let limit = sessionsAtOnce(room)
        return limit == 1
            ? line.isFree(start, end, excluding: index) : line.peakLoad(start, end, excluding: index) < limit
    }

    /// Whether the room is open during `start..<end`: always, when it declares no opening windows.
    func roomIsOpen(_ room: Room, _ start: Int64, _ end: Int64) -> Bool {
        guard !room.open.isEmpty else { return true }
        let from = zone.wallClock(at: start)
        let to = zone.wallClock(at: end)
        return Self.inside(room.open, day: from.date, from.secondsSinceEpochAsUTC, to.secondsSinceEpochAsUTC)
    }

    /// Whether one of the windows that apply on `day` holds the wall-clock span `from...to`.
    static func inside(_ windows: [TimeWindow], day: LocalDate, _ from: Int64, _ to: Int64) -> Bool {
        windows.contains { window in window.wallSeconds(on: day).map { $0.contains(from) && $0.contains(to) } ?? false }
    }

    /// The first person of the session who would have less than `event.changeover` to change rooms, were the
    /// session in `room` during `start..<end`; `nil` when nobody would (or no changeover is stated).
    func changeoverProblem(_ index: Int, room: String?, _ start: Int64, _ end: Int64) -> String? {
        guard let changeover = programme.event.changeover, let room else { return nil }
        let widest = Int64(max(changeover.rooms, changeover.buildings ?? 0))
        let building = roomByID[room]?.building
        for key in peopleKeys[index] {
            guard let line = people[key] else { continue }
            for entry in line.overlapping(start - widest, end + widest, excluding: index) {
                guard let other = programme.sessions[entry.index].room, other != room else { continue }
                let gap = entry.end <= start ? start - entry.end : entry.start >= end ? entry.start - end : -1
                guard gap >= 0 else { continue }
                let otherBuilding = roomByID[other]?.building
                let apart = building != nil && otherBuilding != nil && building != otherBuilding
                let needed = Int64(apart ? changeover.buildings ?? changeover.rooms : changeover.rooms)
                if gap < needed { return personName(key, in: index) }
            }
        }
        return nil
    }

    /// The person's name as the session writes it.
    func personName(_ key: String, in index: Int) -> String {
        programme.sessions[index].people.first { $0.key == key }?.name ?? key
    }

    /// How many of the attendees who picked the session have another pick during `start..<end`.
    func attendeesBusy(_ index: Int, _ start: Int64, _ end: Int64) -> Int {
        pickers[index].count { !attendeeLines[$0].isFree(start, end, excluding: index) }
    }

    /// How many attendees picked the session.
    func picks(_ index: Int) -> Int { pickers[index].count }
}
