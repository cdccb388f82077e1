import AteliersStore
public import Hummingbird
public import Logging

/// One log line per request: method, path, status, bytes of body sent, and how long the server took.
public struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    public init(level: Logger.Level = .info) { self.level = level }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context: context, status: response.status.code, bytes: response.body.contentLength, start)
            return response
        } catch let error as any HTTPResponseError {
            log(request, context: context, status: error.status.code, bytes: nil, start)
            throw error
        } catch {
            log(request, context: context, status: 500, bytes: nil, start)
            throw error
        }
    }

    func log(_ request: Request, context: Context, status: Int, bytes: Int?, _ start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let microseconds = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        context.logger.log(
            level: level, "\(request.method.rawValue) \(Self.printable(Self.redacted(request.uri.path))) \(status)",
            metadata: [
                "bytes": "\(request.method == .head ? 0 : bytes ?? 0)",
                "ms": "\(microseconds / 1_000).\(Self.three(microseconds % 1_000))",
            ])
    }

    /// The path with an agenda's token replaced by `~` and the first 6 digits of its digest: a log line never
    /// holds a capability (`/agendas/Gx…Q.ics` → `/agendas/~3f09a1.ics`).
    static func redacted(_ path: String) -> String {
        guard path.hasPrefix("/agendas/"), path.count > 9 else { return path }
        var secret = path.dropFirst(9)
        let suffix = secret.hasSuffix(".ics") ? ".ics" : ""
        secret = secret.dropLast(suffix.count)
        return "/agendas/~\(AgendaToken.digest(secret).prefix(6))\(suffix)"
    }

    /// The path with anything outside printable ASCII percent-encoded: a request cannot write into the log.
    static func printable(_ path: String) -> String {
        if path.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) { return path }
        var output = ""
        for byte in path.utf8 {
            if (0x21...0x7E).contains(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return output
    }

    private static func three(_ value: Int64) -> String {
        value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)"
    }
}
