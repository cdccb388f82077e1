public import Ateliers
public import Hummingbird

/// `GET /status` (what is served and why a newer version is not), `GET /healthz`, `GET /robots.txt`.
public struct OperationsController<Context: RequestContext>: Sendable {
    let holder: PublicationHolder

    public init(holder: PublicationHolder) { self.holder = holder }

    public var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("status") { _, _ in Self.text(self.status().rendered(), type: "application/json") }
        routes.get("healthz") { _, _ in Self.text("ok\n") }
        // Google's fetcher reads robots.txt before a subscribed URL: the feeds must be allowed.
        routes.get("robots.txt") { _, _ in Self.text("User-agent: *\nAllow: /feeds/\nDisallow: /\n") }
        return routes
    }

    /// The `/status` document: the version served, when it was loaded and made, its counts and check, the reloads
    /// so far, and `pending`: why the sources as they are now are not served (`null` when they are).
    func status() -> JSONValue {
        let state = holder.snapshot
        let served = state.current
        let publication = served.publication
        let diagnostics = publication.report.diagnostics
        let pending: JSONValue =
            state.pending.map { pending in
                .object([
                    ("at", .string(HTTPDate.rfc3339(pending.at))),
                    ("error", .optional(pending.error)),
                    ("errors", .int(pending.diagnostics.errorCount)),
                    ("warnings", .int(pending.diagnostics.warningCount)),
                    ("diagnostics", .array(pending.diagnostics.prefix(200).map(Self.json))),
                ])
            } ?? .null
        return .object([
            ("version", .string(publication.version)),
            ("loadedAt", .string(HTTPDate.rfc3339(served.loadedAt))),
            ("createdAt", .string(HTTPDate.rfc3339(publication.createdAt))),
            ("files", .int(publication.files.count)),
            ("feeds", .int(publication.files.values.count { $0.kind != nil })),
            ("events", .int(publication.files["all.ics"]?.eventCount ?? 0)),
            ("errors", .int(diagnostics.errorCount)),
            ("warnings", .int(diagnostics.warningCount)),
            (
                "reloads",
                .object([
                    ("published", .int(state.published)), ("rejected", .int(state.rejected)),
                    ("failed", .int(state.failed)),
                ])
            ),
            ("pending", pending),
        ])
    }

    static func json(_ diagnostic: Diagnostic) -> JSONValue {
        .object([
            ("rule", .string(diagnostic.rule)),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("message", .string(diagnostic.message)),
            (
                "sources",
                .array(diagnostic.sources.map { .object([("file", .string($0.file)), ("line", .int($0.line))]) })
            ),
        ])
    }

    static func text(_ text: String, type: String = "text/plain; charset=utf-8") -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
