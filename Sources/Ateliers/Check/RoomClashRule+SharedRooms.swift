import ICal

extension RoomClashRule {
    /// A room holding several sessions at once (`capacity_sessions: N`: a poster hall, an expo floor): a group of
    /// overlapping sessions clashes only where more than N of them run at once.
    /// - Parameter items: the room's sessions, by start.
    /// - Complexity: O(n log n) for the room's n sessions.
    func sharedRoomDiagnostics(
        _ room: Room, holding capacity: Int, _ items: [ScheduledSession], _ context: CheckContext
    ) -> [Diagnostic] {
        ClashSweep.groups(in: items).compactMap { group in
            guard let crowd = Crowding(group.members, holding: capacity) else { return nil }
            let sessions = group.members.map(context.session)
            let when = context.describe(start: crowd.start, end: crowd.end)
            let listing = context.listing(group.members, context.name)
            let message =
                crowd.peak == sessions.count
                ? "\(crowd.peak) sessions overlap in \(room.name) at \(when) (it holds \(capacity) at once): \(listing)"
                : "\(crowd.peak) sessions at once in \(room.name) at \(when) (it holds \(capacity) at once), in a group"
                    + " of \(sessions.count) overlapping sessions: \(listing)"
            let free = context.freeRoom(for: crowd.first, instead: room.id, holding: room.capacity ?? 0)
            return Diagnostic(
                rule: name, severity: severity, message: message, sessions: sessions.map { .init($0) },
                room: room.name, start: crowd.start, end: crowd.end,
                sources: sessions.prefix(CheckContext.listedMembers).compactMap(\.timeLocation),
                suggestion: free.map {
                    "move \(context.name(context.session(crowd.first))) to \($0.name), free at "
                        + context.describe(start: crowd.first.start, end: crowd.first.end)
                }, pairs: group.pairs)
        }
    }
}

/// Where more sessions run at once than a room holds, found with a heap of the running sessions' ends.
struct Crowding {
    /// The most sessions running at one instant.
    var peak: Int
    /// The session whose start first made one too many.
    var first: ScheduledSession
    /// From the first instant there are too many to the last.
    var start: Int64
    var end: Int64

    /// `nil` when there are never more than `capacity` at once.
    /// - Parameter members: by start.
    /// - Complexity: O(n log n).
    init?(_ members: [ScheduledSession], holding capacity: Int) {
        var running = MinHeap<Int64>()
        var peak = 0
        var first: ScheduledSession?
        var start = Int64.min
        var end = Int64.min
        // Sessions ending at an instant leave before those starting then arrive: back to back is not a clash.
        func leave(upTo instant: Int64) {
            while let next = running.first, next <= instant {
                if running.count > capacity { end = max(end, next) }
                running.removeFirst()
            }
        }
        for item in members {
            leave(upTo: item.start)
            running.insert(item.end)
            peak = max(peak, running.count)
            if running.count > capacity, first == nil {
                first = item
                start = item.start
            }
        }
        leave(upTo: .max)
        guard let first else { return nil }
        self.peak = peak
        self.first = first
        self.start = start
        self.end = end
    }
}
