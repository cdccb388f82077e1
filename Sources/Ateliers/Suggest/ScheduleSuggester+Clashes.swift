import ICal

extension SuggestionSearch {
    /// Moves sessions out of a room clash group until the room holds no more than it can at every instant: each
    /// time one session too many is running, the running session with the fewest picks that can move goes to a
    /// free room at the same time or, when no session can, to another time. All the group's moves, or none.
    mutating func resolveRoomClash(_ finding: Diagnostic) {
        let members = members(of: finding)
        guard let room = members.first.flatMap({ work.session($0).room }) else { return }
        let first = changes.count
        if let failure = relieve(members, limit: work.sessionsAtOnce(room), finding: finding, roomMoves: true) {
            rollBack(to: first)
            unresolved.append(UnresolvedFinding(diagnostic: finding, reason: failure))
        } else if changes.count == first {
            let roomName = work.room(room)?.name ?? room
            unresolved.append(
                UnresolvedFinding(
                    diagnostic: finding,
                    reason: "\(roomName) holds \(work.sessionsAtOnce(room)) sessions at once: they fit as they are"))
        }
    }

    /// Moves sessions of a speaker clash group to other times until the person is in one session at a time.
    mutating func resolveSpeakerClash(_ finding: Diagnostic) {
        let members = members(of: finding)
        // A move made for an earlier finding may have resolved this one too: that move claims it.
        guard overloaded(members, limit: 1) else {
            if let last = changed.lastIndex(where: members.contains) { changes[last].resolves.append(finding) }
            return
        }
        let first = changes.count
        if let failure = relieve(members, limit: 1, finding: finding, roomMoves: false) {
            rollBack(to: first)
            unresolved.append(UnresolvedFinding(diagnostic: finding, reason: failure))
        }
    }

    /// Drops from the unresolved findings those that later moves resolved in passing (a session of an unresolved
    /// room clash moved to another time for a speaker clash): the last move of one of their sessions claims them.
    mutating func recheckUnresolved() {
        var kept: [UnresolvedFinding] = []
        for item in unresolved {
            let finding = item.diagnostic
            let members = members(of: finding)
            let resolved: Bool
            switch finding.rule {
            case "room-clash":
                let room = members.first.flatMap { context.programme.sessions[$0].room }
                resolved =
                    room.map {
                        !overloaded(members.filter { work.session($0).room == room }, limit: work.sessionsAtOnce($0))
                    } ?? false
            case "speaker-clash":
                resolved = !overloaded(members, limit: 1)
            default:
                resolved = false
            }
            if resolved, let last = changed.lastIndex(where: members.contains) {
                changes[last].resolves.append(finding)
            } else {
                kept.append(item)
            }
        }
        unresolved = kept
    }

    /// Whether more than `limit` of the sessions run at one instant, in the working programme.
    func overloaded(_ members: [Int], limit: Int) -> Bool {
        var running: [Int64] = []
        for member in members.sorted(by: { work.interval[$0]!.start < work.interval[$1]!.start }) {
            let (start, end) = work.interval[member]!
            guard end > start else { continue }
            running.removeAll { $0 <= start }
            running.append(end)
            if running.count > limit { return true }
        }
        return false
    }

    /// Sweeps the members in start order and moves one out each time more than `limit` run at once.
    /// - Returns: `nil` when every overload was relieved, else why not.
    mutating func relieve(_ members: [Int], limit: Int, finding: Diagnostic, roomMoves: Bool) -> String? {
        var running: [Int] = []
        for member in members {
            let (start, end) = work.interval[member]!
            guard end > start else { continue }
            running.removeAll { work.interval[$0]!.end <= start }
            running.append(member)
            guard running.count > limit else { continue }
            // The fewest attendees moved first; then the session that frees the most time, the later, the last.
            let movable = running.filter { work.session($0).role != .plenary }.sorted(by: movesFirst)
            // A session whose people are also elsewhere now moves to another time first: one move for both clashes.
            let attempts =
                roomMoves
                ? movable.map { ($0, !inSpeakerClash($0)) } + movable.map { ($0, inSpeakerClash($0)) }
                : movable.map { ($0, false) }
            var moved: Int?
            var slotReasons: [Int: String] = [:]
            for (candidate, sameTime) in attempts {
                if sameTime {
                    guard let place = roomMove(candidate) else { continue }
                    apply(candidate, to: place, .moveRoom, resolving: finding)
                } else {
                    switch slotMove(candidate) {
                    case .found(let place): apply(candidate, to: place, .moveSlot, resolving: finding)
                    case .none(let reason):
                        slotReasons[candidate] = reason
                        continue
                    }
                }
                moved = candidate
                break
            }
            guard let moved else { return failure(running, slotReasons: slotReasons, roomMoves: roomMoves) }
            running.removeAll { $0 == moved }
        }
        return nil
    }

    /// Whether `a` should be tried before `b`: fewer picks, then the later end, the later start, the later id.
    func movesFirst(_ a: Int, _ b: Int) -> Bool {
        let (left, right) = (work.interval[a]!, work.interval[b]!)
        if work.picks(a) != work.picks(b) { return work.picks(a) < work.picks(b) }
        if left.end != right.end { return left.end > right.end }
        if left.start != right.start { return left.start > right.start }
        return work.session(a).id > work.session(b).id
    }

    /// Whether someone in the session is in another session at the same time.
    func inSpeakerClash(_ index: Int) -> Bool {
        guard let (start, end) = work.interval[index] else { return false }
        return work.peopleKeys[index].contains { !(work.people[$0]?.isFree(start, end, excluding: index) ?? true) }
    }

    /// Why none of the running sessions can move: one clause per session.
    /// - Parameter slotReasons: why each movable session found no other time.
    func failure(_ running: [Int], slotReasons: [Int: String], roomMoves: Bool) -> String {
        let sorted = running.sorted { work.session($0).id < work.session($1).id }
        return sorted.map { index in
            let name = context.name(work.session(index))
            guard work.session(index).role != .plenary else { return "\(name) is a plenary and is never moved" }
            guard let slotReason = slotReasons[index] else { return "\(name) cannot move" }
            guard roomMoves, let roomReason = roomMoveFailure(index) else {
                return "\(name) cannot move: \(slotReason)"
            }
            return "\(name) cannot move: \(roomReason), and \(slotReason)"
        }.joined(separator: "; ")
    }

    // MARK: Another room at the same time

    /// What the session needs from a room: its picks when they are known, else the seats of the room it is in.
    func need(_ index: Int) -> (seats: Int, source: Room?) {
        if work.picksKnown { return (work.picks(index), nil) }
        let room = work.room(work.session(index).room)
        return (room?.capacity ?? 0, room)
    }

    /// The session in a free suitable room at the same time: the room its track uses most if it fits, else the
    /// smallest that does.
    func roomMove(_ index: Int) -> SessionPlace? {
        guard var place = work.place(index) else { return nil }
        let (seats, _) = need(index)
        let fitting = work.programme.rooms.filter {
            $0.id != place.room && roomFits($0, index, place.start, place.end, need: seats)
        }
        let preferred = work.session(index).track.flatMap { trackRooms[$0] }
        guard
            let room = fitting.first(where: { $0.id == preferred })
                ?? fitting.min(by: { ($0.capacity ?? .max, $0.name, $0.id) < ($1.capacity ?? .max, $1.name, $1.id) })
        else { return nil }
        place.room = room.id
        return place
    }

    /// Why no other room can take the session at its time.
    func roomMoveFailure(_ index: Int) -> String? {
        guard let place = work.place(index) else { return nil }
        let (seats, source) = need(index)
        return noRoomReason(index, place.start, place.end, need: seats, needSource: source, instead: place.room)
    }

    // MARK: Another time, the same day

    enum SlotSearch {
        case found(SessionPlace)
        case none(String)
    }

    /// What stands in the way of one candidate time.
    struct Blockers {
        var room = false
        var others = false
        var attendees = false
        /// Person keys busy then (a session, or the changeover), and those not available then.
        var busy: Set<String> = []
        var unavailable: Set<String> = []

        var isEmpty: Bool { !room && !others && !attendees && busy.isEmpty && unavailable.isEmpty }
    }

    /// The best other time the same day for the session, in its room: same length, starting on the grid or where a
    /// session near it ends (or ending where one starts), within the event's hours and the room's opening, with the
    /// room, its people, its track and plenaries free, its people available, and most of its attendees free. The
    /// fewest attendees with another pick then first, then the time nearest the current one.
    /// - Complexity: O(c·(p + q) log b) for c candidate times, p people and q attendees of the session.
    func slotMove(_ index: Int) -> SlotSearch {
        let session = work.session(index)
        guard let slot = session.slot, let (start, end) = work.interval[index] else {
            return .none("it has no time to move from")
        }
        let day = slot.start.date
        let from = slot.start.secondsSinceEpochAsUTC
        let length = slot.end.secondsSinceEpochAsUTC - from
        let ranges = allowedRanges(on: day, room: session.room)
        guard !ranges.isEmpty else { return .none("its room is not open on \(day)") }
        let within = ranges.map(describe).joined(separator: ", ")

        var starts = Set<Int64>()
        for range in ranges {
            starts.insert(range.lowerBound)
            let midnight = day.at(LocalTime(hour: 0, minute: 0)).secondsSinceEpochAsUTC
            var time = midnight + (range.lowerBound - midnight + gridSeconds - 1) / gridSeconds * gridSeconds
            while time + length <= range.upperBound {
                starts.insert(time)
                time += gridSeconds
            }
        }
        // Right after a session near it ends, or ending right as one starts: in its room and its people's days.
        var lines = work.programme.sessions[index].room.flatMap { work.rooms[$0] }.map { [$0] } ?? []
        lines += Set(work.peopleKeys[index]).compactMap { work.people[$0] }
        for line in lines {
            for entry in line.overlapping(start - 86_400, end + 86_400, excluding: index) {
                starts.insert(work.zone.wallClock(at: entry.end).secondsSinceEpochAsUTC)
                starts.insert(work.zone.wallClock(at: entry.start).secondsSinceEpochAsUTC - length)
            }
        }
        let candidates = starts.filter { time in
            time != from && ranges.contains { $0.contains(time) && $0.contains(time + length) }
        }.sorted()
        guard !candidates.isEmpty else {
            return .none("no other \(Self.duration(length)) slot fits on \(day) within \(within)")
        }

        // Away from a change of the clocks, every wall clock of the day is one instant at the day's offset.
        let midnight = day.at(LocalTime(hour: 0, minute: 0)).secondsSinceEpochAsUTC
        let probe = midnight - Int64(work.zone.offset(at: midnight))
        let steady = !work.zone.transitions.contains { abs($0.instant - probe) < 3 * 86_400 }
        let dayOffset = Int64(work.zone.offset(at: probe + 43_200))
        func instant(_ wall: LocalDateTime) -> Int64? {
            if steady { return wall.secondsSinceEpochAsUTC - dayOffset }
            guard case .unique(let instant) = work.zone.resolve(wall) else { return nil }
            return instant
        }

        var best: (place: SessionPlace, busy: Int, distance: Int64)?
        var blocked: [Blockers] = []
        for time in candidates {
            let wallStart = LocalDateTime(utcSeconds: time)
            let wallEnd = LocalDateTime(utcSeconds: time + length)
            guard let newStart = instant(wallStart), let newEnd = instant(wallEnd) else {
                var clocks = Blockers()
                clocks.others = true
                blocked.append(clocks)
                continue
            }
            let blockers = self.blockers(index, newStart, newEnd, wallStart, wallEnd)
            blocked.append(blockers)
            guard blockers.isEmpty else { continue }
            let busy = work.attendeesBusy(index, newStart, newEnd)
            let distance = abs(time - from)
            if let best, (best.busy, best.distance) <= (busy, distance) { continue }
            best = (
                SessionPlace(
                    room: session.room, slot: Slot(start: wallStart, end: wallEnd), start: newStart, end: newEnd),
                busy, distance
            )
        }
        if let best { return .found(best.place) }
        return .none(slotReason(index, day: day, within: within, blocked: blocked))
    }

    /// What keeps the session from `start..<end` (`wallStart`…`wallEnd` on the wall clock).
    func blockers(_ index: Int, _ start: Int64, _ end: Int64, _ wallStart: LocalDateTime, _ wallEnd: LocalDateTime)
        -> Blockers
    {
        let session = work.session(index)
        var blockers = Blockers()
        if let room = session.room {
            blockers.room = !work.roomHasSpace(room, start, end, excluding: index)
        }
        blockers.others =
            !work.plenaries.isFree(start, end, excluding: index)
            || !(session.track.flatMap { work.tracks[$0] }?.isFree(start, end, excluding: index) ?? true)
        let day = wallStart.date
        for key in Set(work.peopleKeys[index]) {
            if !(work.people[key]?.isFree(start, end, excluding: index) ?? true) { blockers.busy.insert(key) }
            if let windows = work.availability[key],
                !WorkingSchedule.inside(
                    windows, day: day, wallStart.secondsSinceEpochAsUTC, wallEnd.secondsSinceEpochAsUTC)
            {
                blockers.unavailable.insert(key)
            }
        }
        if let person = work.changeoverProblem(index, room: session.room, start, end) {
            blockers.busy.insert(TextKey.normalised(person))
        }
        let picks = work.picks(index)
        blockers.attendees = picks > 0 && work.attendeesBusy(index, start, end) * 2 >= picks
        return blockers
    }

    /// Why no candidate time suits: the one person or the room that blocks them all, else what must be free.
    func slotReason(_ index: Int, day: LocalDate, within: String, blocked: [Blockers]) -> String {
        let session = work.session(index)
        for key in work.peopleKeys[index] {
            guard blocked.allSatisfy({ $0.busy.contains(key) || $0.unavailable.contains(key) }) else { continue }
            let name = work.personName(key, in: index)
            if blocked.allSatisfy({ $0.unavailable.contains(key) }) {
                return "\(name) is not available at any other time on \(day)"
            }
            return "\(name) is busy all day on \(day)"
        }
        let roomName = session.room.map { work.room($0)?.name ?? $0 }
        if let roomName, blocked.allSatisfy(\.room) { return "\(roomName) is taken all day on \(day)" }
        var free = roomName.map { [$0] } ?? []
        let people = session.people.map(\.name)
        free += people.count <= 3 ? people : ["its \(people.count) people"]
        let picks = work.picks(index)
        if picks > 0 { free.append("most of its \(plural(picks, "attendee"))") }
        let subjects =
            free.count <= 1
            ? free.first ?? "its track and the plenaries"
            : free.dropLast().joined(separator: ", ") + " and " + free[free.count - 1]
        return "no other time on \(day) within \(within) has \(subjects) free"
    }

    /// The wall-clock spans of the day a session may move within: the event's hours and the room's opening
    /// windows, where stated; else the span of the day's sessions.
    func allowedRanges(on day: LocalDate, room: String?) -> [ClosedRange<Int64>] {
        let midnight = day.at(LocalTime(hour: 0, minute: 0)).secondsSinceEpochAsUTC
        var ranges: [ClosedRange<Int64>]?
        if let hours = work.programme.event.hours {
            let close = hours.close > hours.open ? hours.close.minutesSinceMidnight : 1_440
            ranges = [(midnight + Int64(hours.open.minutesSinceMidnight) * 60)...(midnight + Int64(close) * 60)]
        }
        if let open = work.room(room)?.open, !open.isEmpty {
            let windows = open.compactMap { $0.wallSeconds(on: day) }
            ranges =
                ranges.map { hours in
                    hours.flatMap { span in
                        windows.compactMap { window -> ClosedRange<Int64>? in
                            let low = max(span.lowerBound, window.lowerBound)
                            let high = min(span.upperBound, window.upperBound)
                            return low < high ? low...high : nil
                        }
                    }
                } ?? windows
        }
        return (ranges ?? daySpan(day, midnight)).sorted { $0.lowerBound < $1.lowerBound }
    }

    func daySpan(_ day: LocalDate, _ midnight: Int64) -> [ClosedRange<Int64>] {
        [work.daySpans[day] ?? midnight...(midnight + 86_400)]
    }

    /// `08:30–19:00` for a span of wall-clock seconds within one day.
    func describe(_ range: ClosedRange<Int64>) -> String {
        func time(_ seconds: Int64) -> String {
            let wall = LocalDateTime(utcSeconds: seconds)
            let midnight = wall.date.at(LocalTime(hour: 0, minute: 0)).secondsSinceEpochAsUTC
            return seconds == midnight && seconds > range.lowerBound ? "24:00" : wall.time.description
        }
        return "\(time(range.lowerBound))–\(time(range.upperBound))"
    }
}
