/// Merges partial programmes from many sources into one.
///
/// The same session can appear in several sources (its own page, another page's list): sessions merge by id,
/// else by normalised title when one of the two ids was made from the title. A field known in one source fills
/// the gap in the other; a contradiction is an `inconsistent-duplicate` diagnostic, never a silent choice.
public struct ProgrammeMerger {
    public private(set) var programme = Programme()
    public private(set) var diagnostics: [Diagnostic] = []
    private var sessionByID: [String: Int] = [:]
    private var sessionByTitle: [String: Int] = [:]
    /// Titles of the source being merged, registered once it is done.
    private var pendingTitles: [(String, Int)] = []
    /// The sessions were taken whole and their titles are not in ``sessionByTitle`` yet.
    private var titlesDeferred = false
    /// Rooms and tracks by id and by normalised name (the first of each), so merging stays linear.
    private var roomByID: [String: Int] = [:]
    private var roomByName: [String: Int] = [:]
    private var trackByID: [String: Int] = [:]
    private var trackByName: [String: Int] = [:]
    /// The sources of sessions merged more than once: a session named by thousands of lines stays linear.
    private var sourceSets: [Int: Set<SourceLocation>] = [:]

    public init() {}

    /// Merges one source's programme. Sessions merge by title only across sources: two sessions of one file
    /// with the same title ("Pause café" on two days) stay two.
    /// - Parameter file: the source, named in diagnostics about event-level contradictions.
    /// - Complexity: O(s + r' + t') for s incoming sessions, r' incoming rooms and t' incoming tracks.
    public mutating func merge(_ part: consuming Programme, from file: String? = nil) {
        indexDeferredTitles()
        mergeEvent(part.event, from: file)
        var roomMap: [String: String] = [:]
        for room in part.rooms {
            let name = TextKey.normalised(room.name)
            if let index = roomByID[room.id] ?? roomByName[name] {
                roomMap[room.id] = programme.rooms[index].id
                if programme.rooms[index].capacity == nil { programme.rooms[index].capacity = room.capacity }
                if programme.rooms[index].building == nil { programme.rooms[index].building = room.building }
                if programme.rooms[index].capacitySessions == nil {
                    programme.rooms[index].capacitySessions = room.capacitySessions
                }
                if programme.rooms[index].open.isEmpty { programme.rooms[index].open = room.open }
            } else {
                roomByID[room.id] = programme.rooms.count
                if roomByName[name] == nil { roomByName[name] = programme.rooms.count }
                programme.rooms.append(room)
            }
        }
        var trackMap: [String: String] = [:]
        for track in part.tracks {
            let name = TextKey.normalised(track.name)
            // The first track with that id, else the first with that name, as a scan in order would find.
            let found = [trackByID[track.id], trackByName[name]].compactMap { $0 }.min()
            if let index = found {
                trackMap[track.id] = programme.tracks[index].id
            } else {
                trackByID[track.id] = programme.tracks.count
                if trackByName[name] == nil { trackByName[name] = programme.tracks.count }
                programme.tracks.append(track)
            }
        }
        mergeChecks(part.checks)
        for entry in part.availability {
            if let index = programme.availability.firstIndex(where: { $0.person.key == entry.person.key }) {
                if programme.availability[index].windows.isEmpty {
                    programme.availability[index].windows = entry.windows
                }
            } else {
                programme.availability.append(entry)
            }
        }
        var sessions = part.sessions
        part.sessions = []
        if programme.sessions.isEmpty, let byID = Self.uniqueIDs(sessions) {
            // Nothing to merge with and no id twice: the sessions are taken as they are (not copied one by one,
            // when the caller gave them up); their titles are indexed only if another source follows.
            if !roomMap.isEmpty || !trackMap.isEmpty {
                for index in sessions.indices {
                    if let room = sessions[index].room, let mapped = roomMap[room] { sessions[index].room = mapped }
                    if let track = sessions[index].track, let mapped = trackMap[track] {
                        sessions[index].track = mapped
                    }
                }
            }
            sessionByID = byID
            programme.sessions = sessions
            titlesDeferred = true
            return
        }
        for var session in sessions {
            if let room = session.room { session.room = roomMap[room] ?? room }
            if let track = session.track { session.track = trackMap[track] ?? track }
            add(session)
        }
        for (key, index) in pendingTitles where sessionByTitle[key] == nil { sessionByTitle[key] = index }
        pendingTitles = []
    }

    /// The merged programme, handed over: the merger is left empty but for its diagnostics, so changing the
    /// programme copies nothing.
    public mutating func takeProgramme() -> Programme {
        let merged = programme
        let found = diagnostics
        self = ProgrammeMerger()
        diagnostics = found
        return merged
    }

    /// Each session's index by id, or `nil` when an id comes twice.
    private static func uniqueIDs(_ sessions: [Session]) -> [String: Int]? {
        var byID = [String: Int](minimumCapacity: sessions.count)
        for index in sessions.indices where byID.updateValue(index, forKey: sessions[index].id) != nil {
            return nil
        }
        return byID
    }

    /// Indexes the titles of the sessions taken whole (see ``merge(_:from:)``), as merging them one by one would
    /// have: the first session with a title keeps it.
    private mutating func indexDeferredTitles() {
        guard titlesDeferred else { return }
        titlesDeferred = false
        for index in programme.sessions.indices {
            let key = TextKey.normalised(programme.sessions[index].title)
            if sessionByTitle[key] == nil { sessionByTitle[key] = index }
        }
    }

    private mutating func add(_ session: Session) {
        let titleKey = TextKey.normalised(session.title)
        var index = sessionByID[session.id]
        if index == nil, let candidate = sessionByTitle[titleKey],
            programme.sessions[candidate].hasDerivedID || session.hasDerivedID
        {
            index = candidate
        }
        guard let index else {
            sessionByID[session.id] = programme.sessions.count
            pendingTitles.append((titleKey, programme.sessions.count))
            programme.sessions.append(session)
            return
        }
        var merged = programme.sessions[index]
        // `merged` keeps the only copy of the sources, so appending to them does not copy them all.
        programme.sessions[index].sources = []
        if merged.hasDerivedID && !session.hasDerivedID {
            sessionByID[merged.id] = nil
            merged.id = session.id
            merged.hasDerivedID = false
            sessionByID[merged.id] = index
        }
        var known = sourceSets[index] ?? Set(merged.sources)
        sourceSets[index] = nil
        merged.sources.append(contentsOf: session.sources.filter { known.insert($0).inserted })
        sourceSets[index] = known
        func contradiction(_ field: String, _ kept: String, _ other: String, _ a: SourceLocation?, _ b: SourceLocation?)
        {
            diagnostics.append(
                Diagnostic(
                    rule: "inconsistent-duplicate", severity: .error,
                    message: "'\(merged.id)' «\(merged.title)» has two different \(field)s: '\(kept)' and '\(other)'"
                        + " (keeping '\(kept)')",
                    sessions: [.init(merged)],
                    sources: [a ?? merged.sources.first, b ?? session.sources.first].compactMap { $0 })
            )
        }
        if let slot = session.slot {
            if let existing = merged.slot, existing != slot {
                contradiction(
                    "time", Self.describe(existing), Self.describe(slot), merged.slotSource, session.slotSource)
            } else if merged.slot == nil {
                merged.slot = slot
                merged.slotSource = session.slotSource
            }
        }
        if let room = session.room {
            if let existing = merged.room, existing != room {
                let (rooms, byID) = (programme.rooms, roomByID)
                let name = { (id: String) in byID[id].map { rooms[$0].name } ?? id }
                contradiction("room", name(existing), name(room), merged.roomSource, session.roomSource)
            } else if merged.room == nil {
                merged.room = room
                merged.roomSource = session.roomSource
            }
        }
        for (field, keyPath) in [("kind", \Session.kind), ("track", \Session.track), ("url", \Session.url)] {
            guard let value = session[keyPath: keyPath] else { continue }
            if let existing = merged[keyPath: keyPath], TextKey.normalised(existing) != TextKey.normalised(value) {
                contradiction(field, existing, value, merged.sources.first, session.sources.first)
            } else if merged[keyPath: keyPath] == nil {
                merged[keyPath: keyPath] = value
            }
        }
        if merged.description == nil { merged.description = session.description }
        if merged.parts.isEmpty { merged.parts = session.parts }
        if merged.moderators.isEmpty { merged.moderators = session.moderators }
        if merged.chairs.isEmpty { merged.chairs = session.chairs }
        if session.blocksAll { merged.blocksAll = true }
        programme.sessions[index] = merged
    }

    private mutating func mergeEvent(_ event: EventInfo, from file: String?) {
        let fields: [(String, WritableKeyPath<EventInfo, String?>)] = [
            ("id", \.id), ("name", \.name), ("timezone", \.timeZone), ("venue", \.venue), ("url", \.url),
        ]
        for (name, keyPath) in fields {
            guard let value = event[keyPath: keyPath] else { continue }
            if let existing = programme.event[keyPath: keyPath], existing != value {
                diagnostics.append(
                    Diagnostic(
                        rule: "inconsistent-duplicate", severity: name == "timezone" ? .error : .warning,
                        message: "the event's \(name) is given as '\(existing)' and as '\(value)'"
                            + "\(file.map { " in \($0)" } ?? "") (keeping '\(existing)')",
                        sources: file.map { [SourceLocation(file: $0, line: 1)] } ?? []))
            } else {
                programme.event[keyPath: keyPath] = value
            }
        }
        if programme.event.hours == nil { programme.event.hours = event.hours }
        if programme.event.dates.isEmpty { programme.event.dates = event.dates }
        if programme.event.changeover == nil { programme.event.changeover = event.changeover }
    }

    /// Rule settings: the first source to set a rule wins, and a different setting later is a warning;
    /// acknowledgements add up.
    private mutating func mergeChecks(_ checks: CheckSettings) {
        for configuration in checks.rules {
            if let existing = programme.checks.rules.first(where: { $0.rule == configuration.rule }) {
                if existing.setting != configuration.setting {
                    diagnostics.append(
                        Diagnostic(
                            rule: "inconsistent-duplicate", severity: .warning,
                            message: "the check '\(configuration.rule)' is set to '\(existing.setting.rawValue)' and to"
                                + " '\(configuration.setting.rawValue)' (keeping '\(existing.setting.rawValue)')",
                            sources: [existing.source, configuration.source].compactMap { $0 }))
                }
            } else {
                programme.checks.rules.append(configuration)
            }
        }
        programme.checks.acknowledged.append(contentsOf: checks.acknowledged)
    }

    static func describe(_ slot: Slot) -> String {
        "\(slot.start.date) \(slot.start.time)–\(slot.end.time)"
    }
}
