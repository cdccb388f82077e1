public import Ateliers
public import Logging
public import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Watches the source's files and, when they change, makes a new publication off the request path: served when it
/// is published, kept aside with its diagnostics when the check rejects it or the sources cannot be read.
public actor PublicationReloader: Service {
    /// What one reload did.
    public enum Outcome: Sendable, Equatable {
        case published(version: String)
        case rejected(errors: Int)
        case failed(String)
    }

    let source: any PublicationSource
    let holder: PublicationHolder
    let interval: Duration
    let logger: Logger
    private var seen: WatchedFiles

    /// - Parameters:
    ///   - baseline: the files as they were when the served publication was made; by default, as they are now.
    ///   - interval: how often the files are looked at (`stat`, no reading).
    public init(
        source: any PublicationSource, holder: PublicationHolder, interval: Duration = .milliseconds(500),
        logger: Logger
    ) {
        self.init(source: source, holder: holder, interval: interval, logger: logger, baseline: nil)
    }

    init(
        source: any PublicationSource, holder: PublicationHolder, interval: Duration, logger: Logger,
        baseline: WatchedFiles?
    ) {
        self.source = source
        self.holder = holder
        self.interval = interval
        self.logger = logger
        self.seen = baseline ?? WatchedFiles(source.watchedFiles)
    }

    /// Polls until graceful shutdown. A burst of saves (an editor writing a file twice, a `git checkout`) makes one
    /// reload: the files must look the same on two looks in a row before the publication is made.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: self.interval)
                    _ = try await self.reloadWhenSettled()
                }
            }
        } catch is CancellationError {
            // Shutting down: the sleep was cut short, which is how this service ends.
        }
    }

    private func reloadWhenSettled() async throws -> Outcome? {
        var now = WatchedFiles(source.watchedFiles)
        guard now != seen else { return nil }
        for _ in 0..<20 {
            try await Task.sleep(for: min(interval, .milliseconds(200)))
            let again = WatchedFiles(source.watchedFiles)
            if again == now { break }
            now = again
        }
        seen = now
        return await reload()
    }

    /// Reloads now if the files changed since the last look (tests call it instead of waiting for a poll).
    /// - Returns: what the reload did, or `nil` when nothing changed.
    public func reloadIfChanged() async -> Outcome? {
        let now = WatchedFiles(source.watchedFiles)
        guard now != seen else { return nil }
        seen = now
        return await reload()
    }

    /// Makes a publication from the sources as they are now, serves it if it is published, and logs one line.
    public func reload() async -> Outcome {
        let start = ContinuousClock.now
        let before = holder.publication
        let outcome: Outcome
        do {
            switch try await source.publish() {
            case .published(let publication):
                holder.publish(publication, now: Self.now())
                let changed = publication.paths.count { publication.files[$0]?.etag != before.files[$0]?.etag }
                outcome = .published(version: publication.version)
                logger.info(
                    "reload: serving version \(publication.version.prefix(12))",
                    metadata: [
                        "files": "\(publication.files.count)", "changed": "\(changed)",
                        "warnings": "\(publication.report.diagnostics.warningCount)", "ms": "\(Self.ms(since: start))",
                    ])
            case .rejected(let report):
                let diagnostics = report.diagnostics.sortedForReport()
                holder.keep(because: .init(at: Self.now(), diagnostics: diagnostics, error: nil))
                outcome = .rejected(errors: diagnostics.errorCount)
                logger.warning(
                    """
                    reload: rejected, \(plural(diagnostics.errorCount, "error")); still serving version \
                    \(before.version.prefix(12))
                    """,
                    metadata: [
                        "diagnostics": .array(
                            diagnostics.filter { $0.severity == .error }.prefix(20).map { .string(Self.line($0)) }),
                        "ms": "\(Self.ms(since: start))",
                    ])
            }
        } catch {
            let message = "\(error)"
            holder.keep(because: .init(at: Self.now(), diagnostics: [], error: message))
            outcome = .failed(message)
            logger.error(
                "reload: failed, still serving version \(before.version.prefix(12))",
                metadata: ["error": "\(message)", "ms": "\(Self.ms(since: start))"])
        }
        return outcome
    }

    static func line(_ diagnostic: Diagnostic) -> String {
        let place = diagnostic.sources.first.map { "\($0): " } ?? ""
        return CleanText.printable("\(place)\(diagnostic.severity.rawValue)[\(diagnostic.rule)]: \(diagnostic.message)")
    }

    static func ms(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }

    /// Seconds since the epoch.
    static func now() -> Int64 { Int64(time(nil)) }
}
