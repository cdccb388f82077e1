public import Hummingbird

/// An error answered with a short plain-text body (Hummingbird's ``HTTPError`` answers JSON when it has a message).
/// The body is a fixed text: nothing from the request is reflected.
public struct PlainTextError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String

    public init(_ status: HTTPResponse.Status, message: String) {
        self.status = status
        self.message = message
    }

    public static let notFound = PlainTextError(.notFound, message: "not found\n")

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"]
        if request.method == .head {
            var head = headers
            head[.contentLength] = String(message.utf8.count)
            return Response(status: status, headers: head)
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }
}

/// Answers the router's own `404` (a path no route matches) with the same short plain text as an unknown feed.
public struct PlainNotFoundMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            throw PlainTextError.notFound
        }
    }
}
