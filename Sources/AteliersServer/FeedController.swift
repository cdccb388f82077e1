public import Hummingbird

/// `GET`/`HEAD /feeds/<path>`: every file of the publication served now, with validators, `304`s and gzip.
public struct FeedController<Context: RequestContext>: Sendable {
    let holder: PublicationHolder

    public init(holder: PublicationHolder) { self.holder = holder }

    public var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("**") { request, _ in try self.respond(to: request) }
        routes.head("**") { request, _ in try self.respond(to: request) }
        return routes
    }

    /// A dictionary lookup and the buffers and headers made when the publication was loaded. Paths are matched
    /// as sent: feed paths are ASCII (`a-z`, `0-9`, `-`, `/`, `.`), so `..` or `%2e%2e` simply name no file.
    /// - Throws: ``PlainTextError`` `404` for a path the publication does not have.
    func respond(to request: Request) throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/feeds/"), let file = holder.current.files[String(path.dropFirst(7))] else {
            throw PlainTextError.notFound
        }
        let gzip = request.headers[.acceptEncoding].flatMap { RequestPreferences.acceptsGzip($0) ? file.gzip : nil }
        let variant = gzip ?? file.identity
        if Self.isNotModified(request, etag: variant.etag, lastModified: file.lastModified) {
            return Response(status: .notModified, headers: variant.notModifiedHeaders)
        }
        if request.method == .head {
            return Response(status: .ok, headers: variant.headers, body: ResponseBody())
        }
        return Response(status: .ok, headers: variant.headers, body: ResponseBody(byteBuffer: variant.body))
    }

    /// RFC 9110 §13.2.2: `If-None-Match` when present (and `If-Modified-Since` is then ignored), else
    /// `If-Modified-Since`.
    static func isNotModified(_ request: Request, etag: String, lastModified: Int64) -> Bool {
        if let tags = request.headers[values: .ifNoneMatch].joinedIfAny() {
            return RequestPreferences.ifNoneMatch(tags, matches: etag)
        }
        if let since = request.headers[.ifModifiedSince], let date = HTTPDate.parse(since) {
            return lastModified <= date
        }
        return false
    }
}

extension [String] {
    fileprivate func joinedIfAny() -> String? { isEmpty ? nil : joined(separator: ",") }
}
