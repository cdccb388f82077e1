public import Ateliers
public import Hummingbird
public import Logging

/// How `ateliers serve` listens and reloads.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// How often the watched files are looked at; `nil`: never (tests reload by hand).
    public var reloadInterval: Duration?

    public init(host: String = "127.0.0.1", port: Int = 8080, reloadInterval: Duration? = .milliseconds(500)) {
        self.host = host
        self.port = port
        self.reloadInterval = reloadInterval
    }
}

/// Why the server does not start.
public struct ServeError: Error, Sendable {
    /// The check rejected the sources as they are (and publishing was not forced): the report says why.
    public var report: CheckReport

    public init(report: CheckReport) { self.report = report }
}

/// Makes the first publication and the server that serves it and reloads the sources when they change.
/// - Throws: ``ServeError`` when the check rejects the first version; what `source.publish()` throws (``InputError``
///   for unreadable sources, ``OutputError`` for an unusable state store).
public func buildApplication(
    _ configuration: ServerConfiguration, source: any PublicationSource, logger: Logger
) async throws -> some ApplicationProtocol {
    let baseline = WatchedFiles(source.watchedFiles)
    let publication: Publication
    switch try await source.publish() {
    case .published(let first): publication = first
    case .rejected(let report): throw ServeError(report: report)
    }
    let holder = PublicationHolder(publication, now: PublicationReloader.now())
    let reloader = configuration.reloadInterval.map {
        PublicationReloader(source: source, holder: holder, interval: $0, logger: logger, baseline: baseline)
    }
    return buildApplication(configuration, holder: holder, reloader: reloader, logger: logger)
}

/// The server over a publication already made: tests build it with a reloader they drive themselves.
public func buildApplication(
    _ configuration: ServerConfiguration, holder: PublicationHolder, reloader: PublicationReloader?, logger: Logger
) -> some ApplicationProtocol {
    var app = Application(
        router: buildRouter(holder: holder),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "ateliers"),
        logger: logger)
    if let reloader { app.addServices(reloader) }
    return app
}

/// `/feeds/**`, `/status`, `/healthz`, `/robots.txt`; anything else is a plain-text `404`.
public func buildRouter(holder: PublicationHolder) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: PlainNotFoundMiddleware())
    router.addRoutes(FeedController(holder: holder).routes, atPath: "feeds")
    router.addRoutes(OperationsController(holder: holder).routes)
    return router
}
