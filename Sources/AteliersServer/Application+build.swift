public import Ateliers
public import AteliersStore
import Foundation
public import Hummingbird
public import Logging
internal import NIOCore

/// How `ateliers serve` listens and reloads.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// How often the watched files are looked at; `nil`: never (tests reload by hand).
    public var reloadInterval: Duration?
    /// The public URL the server is reached at (`https://agenda.example.org`, no trailing slash), for subscribe
    /// links; `nil`: `http://host:port`.
    public var baseURL: String?
    /// Body size and creation rate limits of the agenda builder.
    public var agendaLimits = AgendaLimits()

    public init(
        host: String = "127.0.0.1", port: Int = 8080, reloadInterval: Duration? = .milliseconds(500),
        baseURL: String? = nil
    ) {
        self.host = host
        self.port = port
        self.reloadInterval = reloadInterval
        self.baseURL = baseURL
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
/// - Parameter onServerRunning: called once the server listens, with its port and the publication it serves.
/// - Parameter agendas: the agenda builder's store; attendees read with `--attendees` get an agenda in it, once.
public func buildApplication(
    _ configuration: ServerConfiguration, source: any PublicationSource, agendas: (any AgendaStore)? = nil,
    logger: Logger,
    onServerRunning: @escaping @Sendable (_ port: Int, _ served: Publication) async -> Void = { _, _ in }
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
    if let agendas, !publication.attendees.isEmpty {
        let created = try await agendas.importAttendees(publication.attendees, now: PublicationReloader.now())
        if created > 0 { logger.info("agendas: \(created) made for attendees (ateliers agendas export lists them)") }
    }
    return buildApplication(
        configuration, holder: holder, reloader: reloader, agendas: agendas, logger: logger,
        onServerRunning: onServerRunning)
}

/// The server over a publication already made: tests build it with a reloader they drive themselves.
public func buildApplication(
    _ configuration: ServerConfiguration, holder: PublicationHolder, reloader: PublicationReloader?,
    agendas: (any AgendaStore)? = nil, logger: Logger,
    onServerRunning: @escaping @Sendable (_ port: Int, _ served: Publication) async -> Void = { _, _ in }
) -> some ApplicationProtocol {
    let base = PublicBaseURL(configuration.baseURL ?? "http://\(configuration.host):\(configuration.port)")
    var app = Application(
        router: buildRouter(
            holder: holder, baseURL: base,
            agendas: agendas.map {
                AgendaController(
                    holder: holder, store: $0, baseURL: configuration.baseURL, limits: configuration.agendaLimits)
            }),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "ateliers"),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            if configuration.baseURL == nil { base.listening(host: configuration.host, port: port) }
            await onServerRunning(port, holder.publication)
        },
        logger: logger)
    if let reloader { app.addServices(reloader) }
    return app
}

/// The server cannot listen where it was asked to (the port is taken, the address is not this machine's).
public struct ListenError: Error, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// `strerror`'s words, lowercased: `address already in use`.
    public var reason: String

    public var description: String { "error: cannot listen on \(host):\(port): \(reason)" }
}

/// Runs the application until SIGINT or SIGTERM, then lets requests in flight finish.
/// - Throws: ``ListenError`` when the address cannot be bound; what the application throws otherwise.
public func runApplication(_ app: some ApplicationProtocol, _ configuration: ServerConfiguration) async throws {
    do {
        try await app.runService()  // graceful shutdown on SIGTERM and SIGINT
    } catch let error as IOError {
        throw ListenError(
            host: configuration.host, port: configuration.port,
            reason: String(cString: strerror(error.errnoCode)).lowercased())
    }
}

/// Makes the first publication, then serves it and its successors until SIGINT or SIGTERM: what `ateliers serve`
/// runs.
/// - Throws: ``ServeError`` when the check rejects the first version, ``ListenError`` when the address cannot be
///   bound, and what `source.publish()` throws.
public func runServer(
    _ configuration: ServerConfiguration, source: any PublicationSource, agendas: (any AgendaStore)? = nil,
    logger: Logger,
    onServerRunning: @escaping @Sendable (_ port: Int, _ served: Publication) async -> Void = { _, _ in }
) async throws {
    let app = try await buildApplication(
        configuration, source: source, agendas: agendas, logger: logger, onServerRunning: onServerRunning)
    try await runApplication(app, configuration)
}

/// `/` and `/sessions/…` (the programme's pages), `/feeds/**`, `/status`, `/healthz`, `/robots.txt`, and
/// `/agendas/…` with an agenda store; anything else is a plain-text `404`.
public func buildRouter(
    holder: PublicationHolder, baseURL: PublicBaseURL = PublicBaseURL("http://127.0.0.1:8080"),
    agendas: AgendaController<AteliersRequestContext>? = nil
) -> Router<AteliersRequestContext> {
    let router = Router(context: AteliersRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: PlainNotFoundMiddleware())
    router.addRoutes(FeedController(holder: holder).routes, atPath: "feeds")
    router.addRoutes(OperationsController(holder: holder).routes)
    router.addRoutes(ProgrammeController(holder: holder, baseURL: baseURL, agendas: agendas != nil).routes)
    if let agendas { router.addRoutes(agendas.routes) }
    return router
}
