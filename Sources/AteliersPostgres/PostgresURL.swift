import Ateliers
import Foundation

/// Where a PostgreSQL agenda store is: `postgres://user[:password]@host[:port]/database[?sslmode=MODE]` (or
/// `postgresql://`), user, password and database percent-decoded. Its ``description`` never shows the password.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// libpq's `sslmode` values that Ateliers follows.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, else plain TCP; the certificate is not checked (libpq's default).
        case prefer
        /// TLS or no connection; the certificate is not checked.
        case require
        /// TLS, the certificate checked against the system's authorities, not the host name.
        case verifyCA = "verify-ca"
        /// TLS, the certificate checked against the system's authorities and the host name.
        case verifyFull = "verify-full"
    }

    /// A `--db` value that is no usable PostgreSQL URL: its ``message`` never repeats the URL (it may hold a password).
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }

        public init(message: String) { self.message = message }
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode

    public static let defaultPort = 5432
    static let shape = "postgres://user[:password]@host[:port]/database"

    public init(
        user: String, password: String? = nil, host: String, port: Int = defaultPort, database: String,
        tls: TLSMode = .prefer
    ) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls
    }

    /// Whether `--db` names a URL (`scheme://…`) rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        guard let range = text.range(of: "://") else { return false }
        let scheme = text[..<range.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    /// Reads a URL.
    /// - Parameter defaultPassword: the password when the URL has none (`PGPASSWORD`, which unlike the URL is not
    ///   shown to other users by `ps`).
    /// - Throws: ``Invalid`` saying what is wrong, without the URL.
    public init(parsing text: String, defaultPassword: String? = nil) throws(Invalid) {
        func invalid(_ message: String) -> Invalid { Invalid(message: "\(message): \(Self.shape)") }
        guard Self.isURL(text), let separator = text.range(of: "://") else {
            throw invalid("not a PostgreSQL URL")
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("\(CleanText.printable(String(scheme.prefix(20))))://… is not a PostgreSQL URL")
        }
        var rest = Substring(text[separator.upperBound...])
        guard !rest.contains("#") else { throw invalid("a PostgreSQL URL has no #fragment") }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        // The user's part ends at the last `@`, so that a password with a raw `@` or `/` still reads.
        guard let at = rest.lastIndex(of: "@") else { throw invalid("the URL names no user") }
        let userInfo = rest[..<at]
        let location = rest[rest.index(after: at)...]
        let userText = userInfo.prefix { $0 != ":" }
        guard let user = Self.decode(userText), !user.isEmpty else { throw invalid("the URL names no user") }
        var password: String?
        if userText.endIndex < userInfo.endIndex {
            guard let decoded = Self.decode(userInfo[userInfo.index(after: userText.endIndex)...]) else {
                throw invalid("the password is not percent-encoded correctly")
            }
            password = decoded
        }
        guard let slash = location.firstIndex(of: "/") else { throw invalid("the URL names no database") }
        let hostPort = location[..<slash]
        guard let database = Self.decode(location[location.index(after: slash)...]), !database.isEmpty,
            !database.contains("/")
        else { throw invalid("the URL names no database") }
        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw invalid("the host's ] is missing") }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("the host is not followed by :port") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.firstIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = hostPort
        }
        guard !host.isEmpty,
            host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-_:%".contains($0)) })
        else { throw invalid("the URL names no host, or not a host name or address") }
        var port = Self.defaultPort
        if let portText {
            guard portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(portText),
                (1...65_535).contains(number)
            else { throw invalid("the port must be a number from 1 to 65535") }
            port = number
        }
        var tls = TLSMode.prefer
        for parameter in query.split(separator: "&") {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0] == "sslmode" else {
                throw invalid(
                    "the only parameter Ateliers reads is sslmode (disable, prefer, require, verify-ca, "
                        + "verify-full)")
            }
            guard parts.count == 2, let mode = TLSMode(rawValue: String(parts[1])) else {
                throw invalid("sslmode takes disable, prefer, require, verify-ca or verify-full")
            }
            tls = mode
        }
        self.init(
            user: user, password: password ?? defaultPassword, host: String(host), port: port, database: database,
            tls: tls)
    }

    static func decode(_ text: Substring) -> String? { String(text).removingPercentEncoding }

    /// `postgres://user@host:port/database`: what messages and logs show, without the password or parameters.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return CleanText.printable("postgres://\(user)@\(shownHost):\(port)/\(database)")
    }
}
