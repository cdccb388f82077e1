import Foundation
public import ICal

/// What was last published for one session: how `SEQUENCE`, `LAST-MODIFIED` and cancellations stay right
/// from one export to the next.
public struct PublishedSession: Sendable, Hashable, Codable {
    public var uid: String
    /// A hash of the event's content (everything but `DTSTAMP`, `SEQUENCE` and `LAST-MODIFIED`).
    public var contentHash: String
    public var sequence: Int
    public var lastModified: Int64
    /// When the session left the programme; `nil` while it is in it.
    public var removedAt: Int64?
    /// The event as last published, to publish its cancellation once the session is gone.
    public var event: EventSpec
    /// The feeds it was in (paths), where its cancellation is published.
    public var feeds: [String]

    public init(
        uid: String, contentHash: String, sequence: Int, lastModified: Int64, removedAt: Int64?, event: EventSpec,
        feeds: [String]
    ) {
        self.uid = uid
        self.contentHash = contentHash
        self.sequence = sequence
        self.lastModified = lastModified
        self.removedAt = removedAt
        self.event = event
        self.feeds = feeds
    }
}

/// What was last published for one feed: the hash of its bytes (as `index.json` gives it) and when they last
/// changed, so that a feed's `Last-Modified` never goes backwards.
public struct PublishedFeed: Sendable, Hashable, Codable {
    public var path: String
    public var hash: String
    public var lastModified: Int64

    public init(path: String, hash: String, lastModified: Int64) {
        self.path = path
        self.hash = hash
        self.lastModified = lastModified
    }
}

/// Everything a publication store keeps: the sessions and the feeds as last published.
public struct PublicationState: Sendable, Hashable {
    public var sessions: [PublishedSession]
    public var feeds: [PublishedFeed]

    public init(sessions: [PublishedSession] = [], feeds: [PublishedFeed] = []) {
        self.sessions = sessions
        self.feeds = feeds
    }
}

/// Where what was published is remembered between publications (`export` runs, `serve` reloads, restarts).
/// Safe to use from any task.
public protocol PublicationStore: Sendable {
    /// - Throws: ``OutputError`` naming the store when it cannot be read.
    func load() async throws -> PublicationState
    /// Replaces what is stored, in one transaction.
    /// - Throws: ``OutputError`` naming the store when it cannot be written.
    func save(_ state: PublicationState) async throws
}

/// Computes the next publication from the last one.
///
/// A new session starts at `SEQUENCE:0`; a changed one gets `SEQUENCE` + 1 and a new `LAST-MODIFIED`; an
/// unchanged one keeps both, so its bytes do not move. A removed session is published as `STATUS:CANCELLED`,
/// `Cancelled: ` before its summary and `SEQUENCE` + 1, in the feeds it was in, for `keepCancelled` seconds:
/// Google deletes such an event, Apple strikes it through; a session that simply vanished would stay forever in
/// some clients.
public struct FeedHistory: Sendable {
    public var keepCancelled: Int64

    public init(keepCancelled: Int64 = 30 * 86_400) { self.keepCancelled = keepCancelled }

    /// The outcome of one export.
    public struct Update: Sendable {
        /// Each current session's event with its sequence and last-modified, by uid.
        public var events: [String: EventSpec]
        /// Cancelled events still within their grace period, with the feeds to publish them in.
        public var cancelled: [(event: EventSpec, feeds: [String])]
        /// What to store for next time.
        public var records: [PublishedSession]
    }

    /// - Parameters:
    ///   - previous: what the last export published.
    ///   - current: this export's events (sequence and last-modified are filled in here) and their feeds.
    ///   - now: the instant of this publication (input modification time, or `SOURCE_DATE_EPOCH`).
    ///   - fixedStamp: `DTSTAMP` for every event when set (`SOURCE_DATE_EPOCH`); else each event's last-modified.
    /// - Complexity: O(n) hashing plus O(n log n) ordering for n sessions, past and present.
    public func update(
        previous: [PublishedSession], current: [(event: EventSpec, feeds: [String])], now: Int64, fixedStamp: Int64?
    ) -> Update {
        let old = Dictionary(previous.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        var events: [String: EventSpec] = [:]
        var records: [PublishedSession] = []
        var seen = Set<String>()
        for (spec, feeds) in current {
            seen.insert(spec.uid)
            let hash = Self.contentHash(spec)
            var record = PublishedSession(
                uid: spec.uid, contentHash: hash, sequence: 0, lastModified: now, removedAt: nil, event: spec,
                feeds: feeds)
            if let before = old[spec.uid] {
                if before.removedAt == nil
                    && (before.contentHash == hash
                        || (!before.contentHash.hasPrefix(Self.hashVersion)
                            && before.contentHash == Self.legacyContentHash(spec)))
                {
                    record.sequence = before.sequence
                    record.lastModified = before.lastModified
                } else {
                    record.sequence = before.sequence + 1
                }
            }
            var event = spec
            event.sequence = record.sequence
            event.lastModified = record.lastModified
            event.stamp = fixedStamp ?? record.lastModified
            record.event = event
            events[spec.uid] = event
            records.append(record)
        }
        var cancelled: [(EventSpec, [String])] = []
        for before in previous.sorted(by: { $0.uid < $1.uid }) where !seen.contains(before.uid) {
            var record = before
            if record.removedAt == nil {
                record.removedAt = now
                record.sequence += 1
                record.lastModified = now
            }
            guard now - record.removedAt! <= keepCancelled else { continue }
            var event = record.event
            if !event.summary.hasPrefix("Cancelled: ") { event.summary = "Cancelled: " + event.summary }
            event.status = .cancelled
            event.sequence = record.sequence
            event.lastModified = record.lastModified
            event.stamp = fixedStamp ?? record.lastModified
            event.alarmMinutesBefore = nil
            record.event = event
            cancelled.append((event, record.feeds))
            records.append(record)
        }
        return Update(events: events, cancelled: cancelled, records: records.sorted { $0.uid < $1.uid })
    }

    /// Each feed's hash and last-modified time after this publication: unchanged bytes keep their time; changed
    /// ones take `now`, and always a later time than they had, so `If-Modified-Since` never misses a change.
    /// Feeds no longer published are remembered, so that one coming back goes on from its last time.
    /// - Complexity: O(f log f) for f feeds, past and present.
    public static func feeds(previous: [PublishedFeed], current: [(path: String, hash: String)], now: Int64)
        -> [PublishedFeed]
    {
        var byPath = Dictionary(previous.map { ($0.path, $0) }, uniquingKeysWith: { _, last in last })
        for (path, hash) in current {
            guard let before = byPath[path] else {
                byPath[path] = PublishedFeed(path: path, hash: hash, lastModified: now)
                continue
            }
            if before.hash != hash {
                byPath[path] = PublishedFeed(path: path, hash: hash, lastModified: max(now, before.lastModified + 1))
            }
        }
        return byPath.values.sorted { $0.path < $1.path }
    }

    /// What a content hash starts with; hashes stored by earlier versions (the JSON of the event) have no prefix.
    static let hashVersion = "v2-"

    /// FNV-1a over the event's content with the publication fields left out: each field written with its length,
    /// so that no two different events have the same bytes.
    /// - Complexity: O(size of the event), with no allocation but one buffer.
    static func contentHash(_ spec: EventSpec) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(
            64 + spec.uid.utf8.count + spec.summary.utf8.count + (spec.description?.utf8.count ?? 0)
                + (spec.location?.utf8.count ?? 0))
        func add(_ text: String?) {
            guard let text else { return bytes.append(0) }
            bytes.append(1)
            bytes.append(contentsOf: String(text.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: text.utf8)
        }
        add(spec.uid)
        add(spec.start.description)
        add(spec.end.description)
        add(spec.timeZone)
        add(spec.summary)
        add(spec.location)
        add(spec.description)
        add(String(spec.categories.count))
        for category in spec.categories { add(category) }
        add(spec.status.rawValue)
        add(spec.url)
        add(spec.allDay.map { $0 ? "all-day" : "timed" })
        return Self.hashVersion + FeedWriter.hash(bytes)
    }

    /// The hash earlier versions stored (FNV-1a over the event's sorted-keys JSON): compared only with a record
    /// that has one, so that the first export after an upgrade does not bump every `SEQUENCE`.
    static func legacyContentHash(_ spec: EventSpec) -> String {
        var content = spec
        content.stamp = 0
        content.sequence = 0
        content.lastModified = nil
        content.alarmMinutesBefore = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(content)) ?? Data()
        return FeedWriter.hash(Array(data))
    }
}
