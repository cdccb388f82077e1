public import ICal

/// Proposes the smallest changes that resolve a programme's room and speaker clashes and give a room to every
/// scheduled session without one.
///
/// - Sessions without a room get one free for their whole slot, open then, and large enough for their picks, by a
///   sweep in start order that hands each session a room already used and freed earliest before it opens another
///   (interval-graph colouring): with interchangeable rooms, the number of rooms used is the largest number of
///   such sessions at one instant, the least possible. The room the session's track uses most is preferred.
/// - In a room clash, one session of the group moves to a free suitable room at the same time; only when none is,
///   to another time the same day in its room. In a speaker clash, one session moves to another time. The session
///   with the fewest picks moves first; plenaries never move.
/// - A move never makes a new clash: the destination's room, people, track and plenaries are free then, the room
///   is open and large enough, the people available and left their changeover time, and most of the session's
///   attendees free.
///
/// Each change is applied before the next is sought, so two changes never take the same room or time. A group
/// is resolved whole or not at all: what cannot be resolved is reported with the reason and left as it was.
public struct ScheduleSuggester: Sendable {
    /// Minutes between the candidate start times of a move to another time, besides the start and end times of
    /// the sessions around it.
    public var gridMinutes: Int

    public init(gridMinutes: Int = 15) { self.gridMinutes = max(1, gridMinutes) }

    /// The rules whose findings the suggester resolves.
    public static let resolvedRules: Set<String> = ["missing-room", "room-clash", "speaker-clash"]

    /// - Parameters:
    ///   - programme: the merged programme.
    ///   - zone: its time zone's rules over the programme's years.
    ///   - attendees: personal agendas: their picks size rooms and steer moves to other times.
    /// - Returns: the changes, what stays unresolved and why, and the corrected programme.
    /// - Complexity: O(n log n + a·k) for n sessions and a attendees with k picks, plus for each session without a
    ///   room O(f log b) over the f rooms freed and the b bookings of a room, and for each move O(r log b) over r
    ///   rooms, or O(c·(p + q) log b) over c candidate times (about 100 a day) and q attendees of the session.
    public func suggest(_ programme: Programme, zone: TimeZoneRules, attendees: [Attendee] = []) -> Suggestion {
        let context = CheckContext(programme: programme, zone: zone, attendees: attendees)
        let rules = ProgrammeCheck.defaultRules.filter { Self.resolvedRules.contains($0.name) }
        // An acknowledged finding (reported as info) is a deliberate choice: left alone.
        let findings = ProgrammeCheck(rules: rules).run(context).filter { $0.severity != .info }
        var search = SuggestionSearch(context: context, gridSeconds: Int64(gridMinutes) * 60)
        search.assignRooms(findings.filter { $0.rule == "missing-room" })
        for finding in findings where finding.rule == "room-clash" { search.resolveRoomClash(finding) }
        for finding in findings where finding.rule == "speaker-clash" { search.resolveSpeakerClash(finding) }
        search.recheckUnresolved()
        return Suggestion(
            changes: search.changes, unresolved: search.unresolved, programme: search.work.programme,
            roomsUsed: search.roomsUsed)
    }
}

/// One run of the suggester: the working programme, the changes so far and what could not be resolved.
struct SuggestionSearch {
    /// The programme as given, for names and times in messages.
    let context: CheckContext
    var work: WorkingSchedule
    let gridSeconds: Int64
    var changes: [ScheduleChange] = []
    /// The session each change moves, parallel to ``changes``.
    var changed: [Int] = []
    var unresolved: [UnresolvedFinding] = []
    var roomsUsed = 0
    /// For each track, the room its sessions use most (the first by id on a tie).
    let trackRooms: [String: String]

    init(context: CheckContext, gridSeconds: Int64) {
        self.context = context
        self.gridSeconds = gridSeconds
        work = WorkingSchedule(context: context)
        var counts: [String: [String: Int]] = [:]
        for session in context.programme.sessions where !session.allDay {
            guard let track = session.track, let room = session.room else { continue }
            counts[track, default: [:]][room, default: 0] += 1
        }
        trackRooms = counts.mapValues { rooms in
            rooms.min { ($1.value, $0.key) < ($0.value, $1.key) }!.key
        }
    }

    /// The sessions a finding names that are on the time line, by start then id.
    func members(of finding: Diagnostic) -> [Int] {
        finding.sessions.compactMap { context.indexOfID[$0.id] }.filter { work.interval[$0] != nil }.sorted {
            (work.interval[$0]!.start, work.session($0).id) < (work.interval[$1]!.start, work.session($1).id)
        }
    }

    /// Applies a change to the working programme and records it.
    mutating func apply(
        _ index: Int, to place: SessionPlace, _ action: ScheduleChange.Action, resolving finding: Diagnostic
    ) {
        guard let before = work.place(index) else { return }
        if action == .moveSlot { work.setTime(index, to: place) } else { work.setRoom(index, to: place.room) }
        changes.append(
            ScheduleChange(
                action: action, session: .init(work.session(index)), before: before, after: place,
                resolves: [finding],
                attendeesInClash: action == .moveSlot ? work.attendeesBusy(index, place.start, place.end) : 0,
                attendees: work.picksKnown ? work.picks(index) : nil))
        changed.append(index)
    }

    /// Undoes the changes from `first` on, last first.
    mutating func rollBack(to first: Int) {
        while changes.count > first {
            let change = changes.removeLast()
            let index = changed.removeLast()
            if change.action == .moveSlot {
                work.setTime(index, to: change.before)
            } else {
                work.setRoom(index, to: change.before.room)
            }
        }
    }

    // MARK: Rooms for sessions without one

    /// A room used by the assignment that is free from `end` on.
    struct Freed: Comparable {
        var end: Int64
        var room: String

        static func < (lhs: Freed, rhs: Freed) -> Bool { (lhs.end, lhs.room) < (rhs.end, rhs.room) }
    }

    /// Gives each session without a room one free for its whole slot, in start order, reusing a room already
    /// given (the one freed earliest that fits) before opening another.
    /// - Complexity: O(u log u + u·f log b) for u sessions, f rooms freed at their start and b bookings a room.
    mutating func assignRooms(_ findings: [Diagnostic]) {
        var targets: [(index: Int, finding: Diagnostic)] = []
        for finding in findings {
            guard let id = finding.sessions.first?.id, let index = context.indexOfID[id] else { continue }
            guard work.interval[index] != nil else {
                unresolved.append(
                    UnresolvedFinding(
                        diagnostic: finding, reason: "it lasts whole days, and all-day sessions hold no room"))
                continue
            }
            targets.append((index, finding))
        }
        targets.sort {
            (work.interval[$0.index]!.start, work.session($0.index).id)
                < (work.interval[$1.index]!.start, work.session($1.index).id)
        }
        var busy = MinHeap<Freed>()
        var running: [String: Int] = [:]
        // Rooms given before and free now, the earliest freed first.
        var idle: [String] = []
        var opened: [String] = []
        var used = Set<String>()
        for (index, finding) in targets {
            let (start, end) = work.interval[index]!
            while let first = busy.first, first.end <= start {
                busy.removeFirst()
                running[first.room, default: 1] -= 1
                if running[first.room] == 0 { idle.append(first.room) }
            }
            let need = work.picksKnown ? work.picks(index) : 0
            let preferred = work.session(index).track.flatMap { trackRooms[$0] }
            func fits(_ id: String) -> Bool {
                guard let room = work.room(id) else { return false }
                return roomFits(room, index, start, end, need: need)
            }
            // A room given before: free now, or shared and with space left.
            let reusable = idle + opened.filter { running[$0, default: 0] > 0 && work.sessionsAtOnce($0) > 1 }
            var choice = reusable.first { $0 == preferred && fits($0) } ?? reusable.first(where: fits)
            if choice == nil {
                let fresh = work.programme.rooms.filter { !used.contains($0.id) && fits($0.id) }
                choice =
                    fresh.first { $0.id == preferred }?.id
                    ?? fresh.min { ($0.capacity ?? .max, $0.name, $0.id) < ($1.capacity ?? .max, $1.name, $1.id) }?.id
            }
            guard let room = choice, let place = work.place(index) else {
                unresolved.append(
                    UnresolvedFinding(
                        diagnostic: finding,
                        reason: noRoomReason(index, start, end, need: need, needSource: nil, instead: nil)))
                continue
            }
            if used.insert(room).inserted { opened.append(room) }
            idle.removeAll { $0 == room }
            running[room, default: 0] += 1
            busy.insert(Freed(end: end, room: room))
            var after = place
            after.room = room
            apply(index, to: after, .assignRoom, resolving: finding)
        }
        roomsUsed = used.count
    }

    /// Whether the session can be in the room during `start..<end`: large enough, open, with space, and leaving
    /// its people their changeover time.
    func roomFits(_ room: Room, _ index: Int, _ start: Int64, _ end: Int64, need: Int) -> Bool {
        (need == 0 || (room.capacity ?? .max) >= need) && work.roomIsOpen(room, start, end)
            && work.roomHasSpace(room.id, start, end, excluding: index)
            && work.changeoverProblem(index, room: room.id, start, end) == nil
    }

    /// Why no room (other than `instead`) can take the session during `start..<end`.
    /// - Parameter needSource: the room whose capacity made `need`, when picks are not known.
    func noRoomReason(
        _ index: Int, _ start: Int64, _ end: Int64, need: Int, needSource: Room?, instead: String?
    ) -> String {
        let other = instead == nil ? "" : "other "
        let when = context.describe(start: start, end: end)
        let rooms = work.programme.rooms.filter { $0.id != instead }
        guard !rooms.isEmpty else {
            return instead == nil ? "the programme defines no rooms" : "there is no other room"
        }
        let open = rooms.filter { work.roomIsOpen($0, start, end) }
        guard !open.isEmpty else { return "no \(other)room is open at \(when)" }
        let free = open.filter { work.roomHasSpace($0.id, start, end, excluding: index) }
        guard !free.isEmpty else { return "every \(other)room is taken at \(when)" }
        let large = free.filter { need == 0 || ($0.capacity ?? .max) >= need }
        guard !large.isEmpty else {
            let largest = free.compactMap(\.capacity).max() ?? 0
            let wanted = needSource.map { "\($0.name) holds \(need)" } ?? plural(need, "pick")
            return "no \(other)room large enough for '\(work.session(index).id)' (\(wanted);"
                + " the largest free room holds \(largest))"
        }
        let person = large.lazy.compactMap { work.changeoverProblem(index, room: $0.id, start, end) }.first ?? "someone"
        let changeover = work.programme.event.changeover.map { Self.duration(Int64($0.rooms)) } ?? "the changeover"
        return "every \(other)free room large enough would leave \(person) less than \(changeover) to change rooms"
    }

    /// `45 min`, `1h`, `1h30`.
    static func duration(_ seconds: Int64) -> String {
        let minutes = seconds / 60
        guard minutes >= 60 else { return "\(minutes) min" }
        return "\(minutes / 60)h" + (minutes % 60 == 0 ? "" : pad(Int(minutes % 60)))
    }
}
