/// One file of a publication: a feed (`all.ics`, `room/<slug>.ics`, …) or `index.json`, with what an HTTP server
/// needs to serve it.
public struct PublishedFile: Sendable, Hashable {
    /// Relative path: `all.ics`, `room/amphi-g-berger.ics`, `index.json`.
    public var path: String
    /// The feed's kind; `nil` for `index.json`.
    public var kind: FeedKind?
    /// The calendar's display name (the path for `index.json`).
    public var name: String
    public var bytes: [UInt8]
    /// A strong validator over the exact bytes, quoted as HTTP writes it: `"1f0c…"` (32 hex digits).
    public var etag: String
    /// Events in the feed (cancelled ones included); 0 for `index.json`.
    public var eventCount: Int
    /// When the file's bytes last changed, in seconds since the epoch; never earlier than the value a previous
    /// publication of the same path had.
    public var lastModified: Int64
    /// `text/calendar; charset=utf-8`, or `application/json` for `index.json`.
    public var contentType: String

    public init(
        path: String, kind: FeedKind?, name: String, bytes: [UInt8], eventCount: Int, lastModified: Int64,
        contentType: String
    ) {
        self.path = path
        self.kind = kind
        self.name = name
        self.bytes = bytes
        self.etag = "\"\(PublishedFile.hash(bytes))\""
        self.eventCount = eventCount
        self.lastModified = lastModified
        self.contentType = contentType
    }

    public static let calendarType = "text/calendar; charset=utf-8"
    public static let jsonType = "application/json"

    /// 128 bits of FNV-1a (two offset bases) in hex: stable across runs and platforms, for validation and change
    /// detection, not for security.
    public static func hash(_ bytes: [UInt8]) -> String {
        let first = FeedWriter.fnv1a(bytes)
        let second = FeedWriter.fnv1a(bytes, basis: 0x6c62_272e_07bb_0142)
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(first) + hex(second)
    }
}

/// An immutable, complete set of feeds made from one version of the programme: what `export` writes to a folder
/// and `serve` holds in memory.
public struct Publication: Sendable {
    /// A hash of every file's path and bytes: two publications with the same version serve the same bytes.
    public var version: String
    /// When it was made (the clock), in seconds since the epoch.
    public var createdAt: Int64
    /// The check's report on the programme it was made from.
    public var report: CheckReport
    /// Every file by path, `index.json` included.
    public var files: [String: PublishedFile]
    /// The paths in the order of `index.json` (feeds by plan order, then `index.json`).
    public var paths: [String]
    /// How often clients should poll, in seconds (`REFRESH-INTERVAL` of every feed).
    public var refreshInterval: Int
    /// What the agenda builder's personal feeds are composed from (empty unless ``PublishOptions/agendaFeeds``).
    public var agendas = AgendaEvents()
    /// The attendees whose picks were read (`--attendees`), when ``PublishOptions/agendaFeeds`` is set.
    public var attendees: [Attendee] = []

    public init(
        createdAt: Int64, report: CheckReport, files: [PublishedFile], refreshInterval: Int
    ) {
        self.createdAt = createdAt
        self.report = report
        self.files = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { _, last in last })
        self.paths = files.map(\.path)
        self.refreshInterval = refreshInterval
        var all: [UInt8] = []
        for file in files {
            all += Array(file.path.utf8) + [0] + Array(file.etag.utf8) + [0]
        }
        self.version = PublishedFile.hash(all)
    }

    public func file(_ path: String) -> PublishedFile? { files[path] }
}

/// What making a publication gave: a publication, or a version of the programme that the check rejected.
public enum PublishOutcome: Sendable {
    case published(Publication)
    /// The programme has errors (and publishing was not forced): nothing is published; the report says why.
    case rejected(CheckReport)
}

/// Makes publications from the sources as they are now: what `export` and `serve` share.
public protocol PublicationSource: Sendable {
    /// The files whose changes call for a new publication (sources, attendee picks), as given.
    var watchedFiles: [String] { get }
    /// - Throws: ``InputError`` for sources that cannot be read at all, ``OutputError`` for a state store that
    ///   cannot be used.
    func publish() async throws -> PublishOutcome
}
