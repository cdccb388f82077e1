import Foundation
public import ICal

/// What a publication is made from.
public struct PublishOptions: Sendable {
    /// Programme files or folders, merged in order.
    public var sources: [String]
    /// Attendee picks (CSV or YAML), for the attendee rules and personal feeds.
    public var attendees: String?
    /// `--timezone`: wins over the zones sources name.
    public var timeZone: String?
    /// Feed kinds; `nil` for all of them (attendee feeds only with `attendees`).
    public var kinds: Set<FeedKind>?
    /// A reminder this many minutes before each event of the personal feeds.
    public var alarmMinutesBefore: Int?
    /// Days a removed session stays in the feeds as cancelled.
    public var keepCancelledDays: Int
    /// Publish even when the check finds errors.
    public var force: Bool
    /// `DTSTAMP` of every event (`SOURCE_DATE_EPOCH`); else each event's last-modified time.
    public var fixedStamp: Int64?
    /// A folder whose generated files are never read as sources (`export`'s output folder).
    public var excluding: String?
    /// Keep the pieces of the agenda builder's personal feeds in the publication (``Publication/agendas``).
    public var agendaFeeds = false

    public init(sources: [String], attendees: String? = nil, timeZone: String? = nil) {
        self.sources = sources
        self.attendees = attendees
        self.timeZone = timeZone
        self.keepCancelledDays = 30
        self.force = false
    }
}

/// The programme as read and checked: the first half of publishing, all that a frab schedule needs.
public struct CheckedProgramme: Sendable {
    public var loaded: LoadedProgramme
    public var context: CheckContext
    public var report: CheckReport
    /// `DTSTAMP`/`LAST-MODIFIED` of new and changed events: `SOURCE_DATE_EPOCH`, else the newest input's time.
    public var stamp: Int64
    public var diagnostics: [Diagnostic] { report.diagnostics }
    /// Sessions without a date and time.
    public var unscheduled: Int { loaded.programme.sessions.count { $0.slot == nil } }
}

/// A publication rendered but not yet composed: what `export` streams to a folder, file by file, and `serve`
/// composes into memory; both from the same rendered events, so both give the same bytes.
public struct RenderedPublication: Sendable {
    public var checked: CheckedProgramme
    public var feeds: RenderedFeeds
    /// Sequences, last-modified times and cancellations of this publication.
    public var history: FeedHistory.Update
    /// What the store held before.
    public var previous: PublicationState

    /// What the store should hold once these feeds are published with these hashes.
    public func nextState(hashes: [(path: String, hash: String)]) -> PublicationState {
        PublicationState(
            sessions: history.records,
            feeds: FeedHistory.feeds(previous: previous.feeds, current: hashes, now: checked.stamp))
    }

    /// Composes every feed and `index.json` in memory.
    /// - Parameter createdAt: when the publication is made (the clock), for `/status`.
    /// - Returns: the publication and what the store should hold once it is published.
    /// - Complexity: O(bytes of all feeds).
    public func compose(createdAt: Int64) -> (Publication, PublicationState) {
        let plan = feeds.plan.feeds
        var bytes: [[UInt8]] = []
        bytes.reserveCapacity(plan.count)
        var hashes: [String] = []
        for index in plan.indices {
            let data = feeds.bytes(of: index)
            hashes.append(FeedWriter.hash(data))
            bytes.append(data)
        }
        let state = nextState(hashes: zip(plan, hashes).map { ($0.path, $1) })
        let modified = Dictionary(state.feeds.map { ($0.path, $0.lastModified) }, uniquingKeysWith: { _, last in last })
        var files: [PublishedFile] = []
        for (index, feed) in plan.enumerated() {
            let cancelled = index < feeds.cancelledInFeed.count ? feeds.cancelledInFeed[index].count : 0
            files.append(
                PublishedFile(
                    path: feed.path, kind: feed.kind, name: feed.name, bytes: bytes[index],
                    eventCount: feed.sessions.count + cancelled, lastModified: modified[feed.path] ?? checked.stamp,
                    contentType: PublishedFile.calendarType))
        }
        let index = FeedWriter.index(plan, hashes: hashes, unscheduled: checked.unscheduled)
        files.append(
            PublishedFile(
                path: "index.json", kind: nil, name: "index.json", bytes: Array(index.utf8), eventCount: 0,
                lastModified: files.map(\.lastModified).max() ?? checked.stamp, contentType: PublishedFile.jsonType))
        var publication = Publication(
            createdAt: createdAt, report: checked.report, files: files, refreshInterval: FeedRenderer.refreshInterval)
        if !feeds.agendaHeader.isEmpty {
            publication.agendas = agendaEvents
            publication.attendees = checked.context.attendees
        }
        return (publication, state)
    }
}

/// The publication pipeline `export` and `serve` share: load the sources, check them, plan the feeds, follow the
/// publication store (sequences, last-modified times, cancellations), render with libical.
public struct Publisher: PublicationSource {
    public var options: PublishOptions
    /// Where what was published is remembered; without one, every event is new each time.
    public var store: (any PublicationStore)?
    /// The wall clock, for ``Publication/createdAt`` only (never in the bytes).
    public var clock: @Sendable () -> Int64

    public init(options: PublishOptions, store: (any PublicationStore)?, clock: (@Sendable () -> Int64)? = nil) {
        self.options = options
        self.store = store
        self.clock = clock ?? { Int64(Date().timeIntervalSince1970) }
    }

    public var watchedFiles: [String] { options.sources + (options.attendees.map { [$0] } ?? []) }

    /// Reads and checks the programme (and the attendees' picks).
    /// - Throws: ``InputError`` for sources that cannot be read at all, or a programme of wall clocks in no
    ///   zone (feeds cannot publish them).
    public func check() async throws -> CheckedProgramme {
        let loaded = try await ProgrammeLoader().load(
            paths: options.sources, timeZone: options.timeZone, excluding: options.excluding)
        try loaded.requireTimeZone()
        let zone: TimeZoneRules
        do {
            zone = try await ProgrammeCheck.zoneRules(for: loaded.programme)
        } catch let error as ICalError {
            throw InputError(file: loaded.files.first ?? "-", message: error.message)
        }
        let attendees =
            try options.attendees.map { try AttendeeImporter().load(path: $0, programme: loaded.programme) }
            ?? AttendeeList(attendees: [], diagnostics: [])
        let context = CheckContext(programme: loaded.programme, zone: zone, attendees: attendees.attendees)
        let diagnostics = ProgrammeCheck().run(context, importDiagnostics: loaded.diagnostics + attendees.diagnostics)
        return CheckedProgramme(
            loaded: loaded, context: context,
            report: CheckReport(context, diagnostics: diagnostics),
            stamp: options.fixedStamp ?? loaded.latestModification)
    }

    /// Plans the feeds, follows the store and renders every event once.
    /// - Parameter retaining: feeds published before that this plan no longer has and that may go on being
    ///   published, empty, for their subscribers (besides those the store remembers).
    /// - Throws: ``OutputError`` when the store cannot be read.
    public func render(_ checked: CheckedProgramme, retaining: (FeedPlan) -> [String] = { _ in [] }) async throws
        -> RenderedPublication
    {
        var kinds = options.kinds ?? Set(FeedKind.allCases)
        if options.attendees == nil { kinds.remove(.attendee) }
        var plan = FeedPlan(checked.context, kinds: kinds)
        let previous = try await store?.load() ?? PublicationState()
        let planned = Set(plan.feeds.map(\.path))
        // A feed the store remembers and the plan lost stays published, empty (its subscribers' calendars are
        // cleared, not left stale), while its kind is published and for as long as cancellations are kept.
        let keep = Int64(options.keepCancelledDays) * 86_400
        let remembered = previous.feeds.filter { feed in
            !planned.contains(feed.path) && FeedPath.isFeed(feed.path) && checked.stamp - feed.lastModified <= keep
                && kinds.contains { feed.path.hasPrefix("\($0.rawValue)/") || (feed.path == "all.ics" && $0 == .all) }
        }.map(\.path)
        plan.retainPrevious(Set(retaining(plan) + remembered), eventName: checked.loaded.programme.event.name)
        let history = FeedHistory(keepCancelled: Int64(options.keepCancelledDays) * 86_400).update(
            previous: previous.sessions,
            current: FeedHistory.currentEvents(checked.context, plan: plan, stamp: checked.stamp),
            now: checked.stamp, fixedStamp: options.fixedStamp)
        let feeds = await FeedRenderer().render(
            checked.context, plan: plan, stamp: checked.stamp, alarmMinutesBefore: options.alarmMinutesBefore,
            publication: history, agendaFeeds: options.agendaFeeds)
        return RenderedPublication(checked: checked, feeds: feeds, history: history, previous: previous)
    }

    /// Makes a publication from the sources as they are now and, when it is published, records it in the store.
    /// - Returns: `.rejected` with the report when the check finds errors and ``PublishOptions/force`` is off.
    public func publish() async throws -> PublishOutcome {
        let checked = try await check()
        if checked.diagnostics.errorCount > 0 && !options.force { return .rejected(checked.report) }
        let rendered = try await render(checked)
        let (publication, state) = rendered.compose(createdAt: clock())
        try await store?.save(state)
        return .published(publication)
    }
}
