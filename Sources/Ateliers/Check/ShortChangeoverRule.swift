import ICal

/// One person with too little time to go from one room to the next (`event.changeover`).
public struct ShortChangeoverRule: Rule {
    public init() {}
    public var name: String { "short-changeover" }
    public var severity: Diagnostic.Severity { .warning }

    public var explanation: String {
        RuleCatalogue.explanation(
            """
            Reports a person (speaker, moderator or chair) whose next session is in another room less than
            event.changeover after the previous one ends: changeover: 10m for any two rooms, or changeover: {rooms:
            10m, buildings: 30m} to ask more between rooms of different buildings (rooms[].building). Exactly the
            changeover is enough; overlapping sessions are speaker-clash, not this rule; sessions without a room,
            all-day sessions and breaks are left out. Nothing is checked without event.changeover.
            """, name: name, severity: severity,
            acknowledging: (["a", "b"], "the rooms are next door"),
            example: "p.yaml:4: warning[short-changeover]: Ada Lovelace has 5 min between 'a' «Engines» in Room"
                + " A and 'b' «Looms» in Room B at 2023-09-19 10:00–10:05, less than the 10 min changeover between rooms"
        )
    }

    /// - Complexity: O(n·p log n) for n sessions with p people each: each person's sessions in start order, each
    ///   compared with the one that ended last before it.
    public func check(_ context: CheckContext) -> [Diagnostic] {
        guard let changeover = context.programme.event.changeover else { return [] }
        let rooms = Dictionary(context.programme.rooms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let names = context.personNames
        func roomText(_ id: String) -> String {
            guard let room = rooms[id] else { return id }
            return room.building.map { "\(room.name) (\($0))" } ?? room.name
        }
        var found: [Diagnostic] = []
        let people = ClashSweep.group(context) { index in
            context.programme.sessions[index].allDay || context.roles[index] == .service
                ? [] : context.personKeys[index]
        }
        for (key, items) in people {
            var previous: ScheduledSession?
            for item in items {
                defer { if previous.map({ item.end > $0.end }) ?? true { previous = item } }
                guard let before = previous, item.start >= before.end,
                    let from = context.session(before).room, let to = context.session(item).room, from != to
                else { continue }
                // The buildings' changeover, when it is set and both rooms name a building, different ones.
                var buildings: Int?
                if let here = rooms[from]?.building, let there = rooms[to]?.building, here != there {
                    buildings = changeover.buildings
                }
                let needed = buildings ?? changeover.rooms
                let gap = item.start - before.end
                guard gap < Int64(needed) else { continue }
                let first = context.session(before)
                let second = context.session(item)
                let when =
                    gap == 0
                    ? context.describe(start: before.end, end: item.start).prefix { $0 != "–" }
                    : Substring(context.describe(start: before.end, end: item.start))
                let kind = buildings == nil ? "rooms" : "buildings"
                found.append(
                    Diagnostic(
                        rule: name, severity: severity,
                        message: "\(names[key] ?? key) has \(gap / 60) min between \(context.name(first)) in"
                            + " \(roomText(from)) and \(context.name(second)) in \(roomText(to)) at \(when), less than"
                            + " the \(needed / 60) min changeover between \(kind)",
                        sessions: [.init(first), .init(second)], person: names[key] ?? key, start: before.end,
                        end: item.start, sources: [first.timeLocation, second.timeLocation].compactMap { $0 }))
            }
        }
        return found
    }
}
