import ICal

/// A deterministic synthetic programme of realistic shape, with attendee picks and an answer key of the clashes
/// it put there on purpose: for tests at small sizes and benchmarks at congress size.
///
/// Sessions fill a grid of days × time slots × rooms; speakers speak more than once but are never booked twice
/// at once except where a clash is deliberate; attendees pick one session per slot, favouring popular ones, and a
/// few pick two in one slot.
public struct ProgrammeGenerator: Sendable {
    public struct Options: Sendable, Hashable {
        public var sessions: Int
        public var rooms: Int
        public var days: Int
        public var attendees: Int
        public var picks: Int
        public var seed: UInt64

        public init(sessions: Int, rooms: Int, days: Int, attendees: Int, picks: Int, seed: UInt64) {
            self.sessions = sessions
            self.rooms = rooms
            self.days = days
            self.attendees = attendees
            self.picks = picks
            self.seed = seed
        }
    }

    /// What the generator writes.
    public struct Output: Sendable {
        public var programme: Programme
        /// `attendee,session,name,email`, one row per pick.
        public var picksCSV: String
        /// The clashes check must find: `room-clash` and `speaker-clash` pairs, `attendee-clash` count,
        /// `over-capacity` session ids.
        public var answerKey: JSONValue
    }

    public var options: Options

    public init(_ options: Options) { self.options = options }

    static let firstNames = [
        "Camille", "Louis", "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Gabriel", "Inès", "Jules", "Zoé", "Arthur",
        "Lina", "Raphaël", "Élise", "Nathan", "Anaïs", "Théo", "Margaux", "Noé", "Sarah", "Adam", "Juliette", "Malo",
    ]
    static let lastNames = [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
        "Laurent", "Lefèvre", "Michel", "García", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
        "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martínez", "N’Diaye",
    ]
    static let topics = [
        "coopération décentralisée", "attractivité", "transition énergétique", "eau et assainissement", "culture",
        "jeunesse", "mobilités", "égalité femmes-hommes", "alimentation durable", "numérique", "santé", "climat",
        "tourisme", "francophonie", "diplomatie des villes", "économie sociale et solidaire", "éducation",
    ]
    /// No plenary: one beside other sessions would be a `plenary-overlap`, not a deliberate clash of the key.
    static let kinds = ["Atelier", "Conférence", "Table ronde", "Présentation"]

    /// - Complexity: O(n + a·k) for n sessions and a attendees with k picks.
    public func generate() -> Output {
        var random = SplitMix64(seed: options.seed)
        let roomCount = max(1, options.rooms)
        let days = max(1, options.days)
        // Slots run from 08:30 and end by 23:30: 30 minutes apart or more when they fit, closer when they do not
        // (never past midnight), and more days than asked when even 5 minutes apart they would not.
        let wanted = max(1, (options.sessions + roomCount * days - 1) / (roomCount * days))
        let slotsPerDay = min(wanted, 180)
        let stride =
            slotsPerDay * 30 <= 900 ? max(30, (600 / slotsPerDay) / 5 * 5) : max(5, (900 / slotsPerDay) / 5 * 5)
        let duration = stride >= 35 ? stride - 15 : max(5, stride * 2 / 3 / 5 * 5)
        let firstDay = LocalDate(year: 2026, month: 6, day: 15)
        let width = String(options.sessions).count

        let capacities = [30, 40, 60, 80, 120, 200, 400]
        let rooms = (0..<roomCount).map { index in
            Room(
                id: "salle-\(index + 1)", name: index % 10 == 0 ? "Amphi \(index / 10 + 1)" : "Salle \(index + 1)",
                capacity: index % 10 == 0 ? 600 : capacities[random.next(capacities.count)])
        }
        let trackCount = max(1, min(8, roomCount / 4))
        let tracks = (0..<trackCount).map {
            Track(id: "parcours-\($0 + 1)", name: Self.topics[$0 % Self.topics.count].capitalizedFirst)
        }

        // People: a pool smaller than the number of roles, so people speak more than once.
        let peopleCount = max(4, options.sessions * 2 / 3)
        let people = (0..<peopleCount).map { index in
            Person(
                name:
                    "\(Self.firstNames[index % Self.firstNames.count]) \(Self.lastNames[(index / Self.firstNames.count + index * 7) % Self.lastNames.count])\(index >= Self.firstNames.count * Self.lastNames.count ? "-\(index)" : "")",
                roles: ["Intervenant·e \(index % 5 + 1)"])
        }
        var busy = Set<Int64>()  // person index × slot index
        func slotKey(_ person: Int, _ slot: Int) -> Int64 { Int64(person) * 1_000_000 + Int64(slot) }
        func freePerson(_ slot: Int, avoiding chosen: [Int]) -> Int {
            var candidate = random.next(peopleCount)
            for _ in 0..<peopleCount {
                if !busy.contains(slotKey(candidate, slot)) && !chosen.contains(candidate) { break }
                candidate = (candidate + 1) % peopleCount
            }
            busy.insert(slotKey(candidate, slot))
            return candidate
        }

        var sessions: [Session] = []
        var slotOf: [Int] = []
        let slotCount = (options.sessions + roomCount - 1) / roomCount
        var sessionsInSlot = [[Int]](repeating: [], count: max(slotCount, slotsPerDay * days))
        for index in 0..<options.sessions {
            let slot = index / roomCount
            let room = index % roomCount
            let day = slot / slotsPerDay
            let start = 8 * 60 + 30 + (slot % slotsPerDay) * stride
            let date = LocalDateTime(
                utcSeconds: firstDay.at(LocalTime(hour: 0, minute: 0)).secondsSinceEpochAsUTC + Int64(day) * 86_400
            ).date
            let topic = Self.topics[random.next(Self.topics.count)]
            let other = Self.topics[random.next(Self.topics.count)]
            var chosen: [Int] = []
            for _ in 0..<(1 + random.next(3)) { chosen.append(freePerson(slot, avoiding: chosen)) }
            let moderator = random.next(2) == 0 ? [freePerson(slot, avoiding: chosen)] : []
            let number = String(repeating: "0", count: width - String(index + 1).count) + String(index + 1)
            sessions.append(
                Session(
                    id: "s\(number)",
                    title: "\(Self.kinds[index % Self.kinds.count]) \(index + 1) : \(topic) et \(other)",
                    kind: Self.kinds[index % Self.kinds.count],
                    // One room per track, so that a track's sessions follow one another (no `track-clash`).
                    track: room < trackCount ? tracks[room].id : nil,
                    slot: Slot(
                        date: date, start: LocalTime(hour: start / 60, minute: start % 60),
                        end: LocalTime(hour: (start + duration) / 60, minute: (start + duration) % 60)),
                    room: rooms[room].id,
                    description: "Un échange sur \(topic), entre collectivités, associations et partenaires.",
                    parts: [AgendaPart(title: "Interventions", speakers: chosen.map { people[$0] })],
                    moderators: moderator.map { people[$0] }))
            slotOf.append(slot)
            sessionsInSlot[slot].append(index)
        }

        // Deliberate clashes, each in a slot of its own: a session moved into its neighbour's room, a speaker
        // added to the session next door.
        let crowded = sessionsInSlot.indices.filter { sessionsInSlot[$0].count >= 2 }
        let clashCount = min(max(1, options.sessions / 100), crowded.count / 2)
        var roomClashes: [JSONValue] = []
        var speakerClashes: [JSONValue] = []
        for number in 0..<clashCount {
            let roomSlot = sessionsInSlot[crowded[number * 2]]
            sessions[roomSlot[1]].room = sessions[roomSlot[0]].room
            roomClashes.append(.array([.string(sessions[roomSlot[0]].id), .string(sessions[roomSlot[1]].id)]))
            let speakerSlot = sessionsInSlot[crowded[number * 2 + 1]]
            let person = sessions[speakerSlot[0]].parts[0].speakers[0]
            sessions[speakerSlot[1]].parts[0].speakers.append(person)
            speakerClashes.append(
                .object([
                    ("sessions", .array([.string(sessions[speakerSlot[0]].id), .string(sessions[speakerSlot[1]].id)])),
                    ("person", .string(person.name)),
                ]))
        }

        // Picks: one session per slot, popular ones first; about one attendee in thirty double-books a slot.
        var csv = "attendee,session,name,email\n"
        var pickCount = [Int](repeating: 0, count: sessions.count)
        var attendeeClashes = 0
        let usedSlots = sessionsInSlot.indices.filter { !sessionsInSlot[$0].isEmpty }
        for attendee in 0..<options.attendees {
            let id = "a" + String(repeating: "0", count: max(0, 6 - String(attendee + 1).count)) + String(attendee + 1)
            let name =
                "\(Self.firstNames[random.next(Self.firstNames.count)]) \(Self.lastNames[random.next(Self.lastNames.count)])"
            var slots = usedSlots
            var picked: [Int] = []
            for _ in 0..<min(options.picks, usedSlots.count) {
                let slot = slots.remove(at: random.next(slots.count))
                picked.append(popular(sessionsInSlot[slot], &random))
            }
            if random.next(30) == 0, let first = picked.first {
                let neighbours = sessionsInSlot[slotOf[first]].filter { !picked.contains($0) }
                if let extra = neighbours.first {
                    picked.append(extra)
                }
            }
            var perSlot: [Int: Int] = [:]
            for (offset, session) in picked.enumerated() {
                pickCount[session] += 1
                perSlot[slotOf[session], default: 0] += 1
                let reference = offset % 10 == 9 ? csvField(sessions[session].title) : sessions[session].id
                csv += "\(id),\(reference),\(csvField(name)),\(id)@example.org\n"
            }
            attendeeClashes += perSlot.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        }
        let roomByID = Dictionary(uniqueKeysWithValues: rooms.map { ($0.id, $0) })
        let overCapacity = sessions.indices.filter { index in
            guard let capacity = sessions[index].room.flatMap({ roomByID[$0]?.capacity }) else { return false }
            return pickCount[index] > capacity
        }

        let programme = Programme(
            event: EventInfo(
                id: "synthetic-\(options.seed)", name: "Congrès synthétique \(options.seed)", timeZone: "Europe/Paris"),
            rooms: rooms, tracks: tracks, sessions: sessions)
        let key = JSONValue.object([
            (
                "options",
                .object([
                    ("sessions", .int(options.sessions)), ("rooms", .int(roomCount)), ("days", .int(days)),
                    ("attendees", .int(options.attendees)), ("picks", .int(options.picks)),
                    ("seed", .string(String(options.seed))),
                ])
            ),
            ("room-clash", .array(roomClashes)),
            ("speaker-clash", .array(speakerClashes)),
            ("attendee-clash", .int(attendeeClashes)),
            ("over-capacity", .array(overCapacity.map { .string(sessions[$0].id) })),
        ])
        return Output(programme: programme, picksCSV: csv, answerKey: key)
    }

    /// A session of the slot, the first ones more often (a few sessions draw the crowds).
    func popular(_ candidates: [Int], _ random: inout SplitMix64) -> Int {
        let draw = Double(random.next(1_000_000)) / 1_000_000
        return candidates[min(candidates.count - 1, Int(draw * draw * draw * Double(candidates.count)))]
    }

    func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingAll("\"", with: "\"\"") + "\"" : text
    }
}

/// A small, fast, well-distributed generator (Steele, Lea and Flood's SplitMix64): same seed, same sequence.
public struct SplitMix64: Sendable {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    public mutating func next(_ bound: Int) -> Int { Int(nextUInt64() % UInt64(max(1, bound))) }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var output = ""
        for character in self { if character == target { output += replacement } else { output.append(character) } }
        return output
    }
}
