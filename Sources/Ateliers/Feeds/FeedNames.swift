/// The file name of every room, track, speaker and attendee feed, from the identity the check uses.
///
/// Identities: a room or a track is its id, a person their normalised name (``Person/key``), an attendee their id
/// as the source writes it. A feed's name is the slug of that id or name (`Amphi G. Berger` → `amphi-g-berger`),
/// so that names stay readable, but a slug folds case, accents, punctuation and spacing and is cut at 60
/// characters: `salle-a`, `Salle A` and `salle_a` have one slug. Two identities never share a file: of those with
/// one slug, the one whose identity is the slug itself, else the first by identity, keeps it; each other one
/// gets the slug followed by a short hash of its identity (`salle-a-5e0cbb1c`), which does not change when
/// other names come and go. An identity whose slug is empty (`..`, `東京`) is named `<kind>-<hash>`.
public struct FeedNames: Sendable {
    /// One identity of one kind, and its feed's file name without `.ics`.
    public struct Entry: Sendable, Hashable {
        public var identity: String
        /// How the programme writes it, for messages.
        public var name: String
        public var slug: String
        public var stem: String
    }

    /// For rooms, tracks, speakers and attendees: identity → entry.
    public private(set) var entries: [FeedKind: [String: Entry]] = [:]

    /// Names every room, track and person of the programme (scheduled or not, so that adding a session never
    /// renames another's feed) and every attendee.
    /// - Complexity: O(n·p + a) slugs for n sessions with p people each and a attendees.
    public init(_ context: CheckContext) {
        let programme = context.programme
        var rooms = programme.rooms.map { (identity: $0.id, name: $0.name) }
        var tracks = programme.tracks.map { (identity: $0.id, name: $0.name) }
        for session in programme.sessions {
            if let room = session.room { rooms.append((room, room)) }
            if let track = session.track { tracks.append((track, track)) }
        }
        let people = context.people.map { (identity: $0.key, name: $0.name) }
        let attendees = context.attendees.map { (identity: $0.id, name: $0.id) }
        entries[.room] = Self.assign(.room, rooms, slug: { identity, _ in TextKey.slug(identity) })
        entries[.track] = Self.assign(.track, tracks, slug: { identity, _ in TextKey.slug(identity) })
        entries[.speaker] = Self.assign(.speaker, people, slug: { _, name in TextKey.slug(name) })
        entries[.attendee] = Self.assign(
            .attendee, attendees, slug: { identity, _ in TextKey.slug(identity, limit: 80) })
    }

    /// `room/salle-a.ics` for the room `salle-a`.
    public func path(_ kind: FeedKind, _ identity: String) -> String {
        "\(kind.rawValue)/\(entries[kind]?[identity]?.stem ?? Self.fallback(kind, identity)).ics"
    }

    /// The display name of an identity: the first the programme gives.
    public func name(_ kind: FeedKind, _ identity: String) -> String { entries[kind]?[identity]?.name ?? identity }

    /// Identities of one kind that share a slug, each group by identity: what `similar-names` reports.
    public func lookalikes(_ kind: FeedKind) -> [[Entry]] {
        let bySlug = Dictionary(grouping: (entries[kind] ?? [:]).values.filter { !$0.slug.isEmpty }, by: \.slug)
        return bySlug.values.filter { $0.count > 1 }.map { $0.sorted { $0.identity < $1.identity } }
            .sorted { $0[0].slug < $1[0].slug }
    }

    /// - Parameters:
    ///   - items: identities with a display name, the first name of each identity kept.
    ///   - slug: the readable name of an identity.
    static func assign(
        _ kind: FeedKind, _ items: [(identity: String, name: String)], slug: (String, String) -> String
    ) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        for (identity, name) in items where entries[identity] == nil {
            entries[identity] = Entry(identity: identity, name: name, slug: slug(identity, name), stem: "")
        }
        var taken = Set<String>()
        var waiting: [String] = []
        // The plain slug goes to its natural owner first, then others in identity order take what is left.
        let groups = Dictionary(grouping: entries.values, by: \.slug)
        for (slug, group) in groups where !slug.isEmpty {
            let owner = group.first { $0.identity == slug } ?? group.min { $0.identity < $1.identity }!
            entries[owner.identity]?.stem = slug
            taken.insert(slug)
            waiting += group.map(\.identity).filter { $0 != owner.identity }
        }
        waiting += (groups[""] ?? []).map(\.identity)
        for identity in waiting.sorted() {
            let base = entries[identity]!.slug
            var stem = base.isEmpty ? fallback(kind, identity) : "\(base)-\(hash(identity))"
            var counter = 2
            while !taken.insert(stem).inserted {
                stem = "\(base.isEmpty ? fallback(kind, identity) : "\(base)-\(hash(identity))")-\(counter)"
                counter += 1
            }
            entries[identity]?.stem = stem
        }
        return entries
    }

    static func fallback(_ kind: FeedKind, _ identity: String) -> String { "\(kind.rawValue)-\(hash(identity))" }

    /// Eight hex digits of the 64-bit FNV-1a hash of the UTF-8 text: the same on every machine and every run.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        let hex = String(value >> 32, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
