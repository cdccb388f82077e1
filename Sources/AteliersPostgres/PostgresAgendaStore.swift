public import Ateliers
public import AteliersStore
import Foundation
public import Logging
import PostgresNIO
import Synchronization

/// Personal agendas in a PostgreSQL database, for several `ateliers serve` behind one load balancer: the same rows
/// as ``SQLiteAgendaStore`` (token, its digest, attendee, picks, times) in the table `ateliers_agenda`, through a
/// pool of connections (postgres-nio's `PostgresClient`). Every statement is parameterised.
///
/// Open it with ``withStore(_:tokens:logger:_:)``, which checks the database, creates the table if it is missing and
/// runs the pool for as long as its body runs.
public final class PostgresAgendaStore: AgendaStore, Sendable {
    public let url: PostgresURL
    let client: PostgresClient
    /// The pool's log and the transactions', at `error` at least.
    let logger: Logger
    /// Makes tokens; the system CSPRNG unless a test fixes them.
    let tokens: @Sendable () -> String
    /// Set when ``withStore(_:tokens:logger:_:)`` has returned and the pool is closed.
    let closed = Atomic(false)

    /// The table, created when missing.
    static let table = "ateliers_agenda"
    /// Serialises schema creation between servers starting at once (`pg_advisory_xact_lock`): "ateliers" in ASCII.
    static let schemaLock: Int64 = 7_022_349_235_276_575_347
    /// Rows of one `INSERT` when attendees are imported (7 parameters each, far under PostgreSQL's 65,535).
    static let batch = 500

    init(url: PostgresURL, client: PostgresClient, logger: Logger, tokens: @escaping @Sendable () -> String) {
        self.url = url
        self.client = client
        self.logger = logger
        self.tokens = tokens
    }

    /// Connects once (so that a wrong URL, password or database is told at once, in the server's words), creates the
    /// table if it is missing, then runs the body with the store and its pool; the pool's connections are closed
    /// when the body returns or throws.
    /// - Parameter logger: the pool's background log, at `error` at least: statements are never logged, nor
    ///   postgres-nio's one warning (a query that may come before the pool's task has started, which waits for it).
    /// - Throws: ``OutputError`` naming the database (never its password) when it cannot be reached or used; what
    ///   the body throws.
    public static func withStore<T>(
        _ url: PostgresURL, tokens: @escaping @Sendable () -> String = AgendaToken.generate,
        logger: Logger = Logger(label: "ateliers.postgres"),
        _ body: (PostgresAgendaStore) async throws -> T
    ) async throws -> T {
        var logger = logger
        logger.logLevel = max(logger.logLevel, .error)
        try await prepare(url, logger: logger)
        let client = PostgresClient(configuration: clientConfiguration(url), backgroundLogger: logger)
        let store = PostgresAgendaStore(url: url, client: client, logger: logger, tokens: tokens)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer {
                store.closed.store(true, ordering: .sequentiallyConsistent)
                group.cancelAll()  // closes the pool's connections; the group waits for that
            }
            return try await body(store)
        }
    }

    // MARK: Connecting

    static func tlsConfiguration(_ mode: PostgresURL.TLSMode) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        return configuration
    }

    static func clientConfiguration(_ url: PostgresURL) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch url.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(tlsConfiguration(url.tls))
        case .require, .verifyCA, .verifyFull: tls = .require(tlsConfiguration(url.tls))
        }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// The first connection: tells what is wrong at once, and creates the table if it is missing.
    static func prepare(_ url: PostgresURL, logger: Logger) async throws {
        let connection: PostgresConnection
        do {
            let tls: PostgresConnection.Configuration.TLS
            switch url.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: tlsConfiguration(url.tls)))
            case .require, .verifyCA, .verifyFull:
                tls = .require(try NIOSSLContext(configuration: tlsConfiguration(url.tls)))
            }
            var configuration = PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                tls: tls)
            configuration.options.connectTimeout = .seconds(10)
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw OutputError(path: url.description, message: reason(error, doing: "connect to"))
        }
        do {
            try await createTable(connection, logger: logger)
            try? await connection.close()
        } catch {
            try? await connection.close()
            if let error = error as? OutputError { throw OutputError(path: url.description, message: error.message) }
            throw OutputError(path: url.description, message: reason(error, doing: "prepare"))
        }
    }

    /// `CREATE TABLE` unless the table is there, under a transaction-scoped advisory lock so that two servers starting
    /// at once do not both create it; then checks that its columns are the expected ones.
    static func createTable(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(schemaLock))", logger: logger)
            let found = try await connection.query(
                """
                SELECT count(*) FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_name = \(table)
                """, logger: logger
            ).collect().first?.decode(Int64.self)
            if found != 1 {
                // A role that may not create tables can still use one its owner made: nothing is created then.
                try await connection.query(
                    """
                    CREATE TABLE ateliers_agenda (
                        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        digest TEXT NOT NULL,
                        token TEXT NOT NULL UNIQUE,
                        attendee TEXT UNIQUE,
                        picks TEXT[] NOT NULL,
                        created_at BIGINT NOT NULL,
                        updated_at BIGINT NOT NULL
                    )
                    """, logger: logger)
                try await connection.query(
                    "CREATE INDEX ateliers_agenda_digest ON ateliers_agenda (digest)", logger: logger)
            }
        }
        var columns: [String: String] = [:]
        let rows = try await connection.query(
            """
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table)
            """, logger: logger)
        for try await (name, type) in rows.decode((String, String).self) { columns[name] = type }
        let expected = [
            "id": "bigint", "digest": "text", "token": "text", "attendee": "text", "picks": "ARRAY",
            "created_at": "bigint", "updated_at": "bigint",
        ]
        guard expected.allSatisfy({ columns[$0.key] == $0.value }) else {
            throw OutputError(
                path: "", message: "not an Ateliers agenda database (its table \(table) is another program's)")
        }
    }

    // MARK: Errors

    /// What went wrong, in a user's words: the server's own message when it sent one, never a statement or a value.
    static func reason(_ error: any Error, doing action: String) -> String {
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError ?? error.beginError ?? error.commitError {
                return reason(inner, doing: action)
            }
        }
        // Anything else is the pool's own: no connection could be made for a while (its circuit breaker).
        guard let error = error as? PSQLError else {
            return "cannot \(action) the agenda database: no connection can be made to it"
        }
        switch error.code {
        case .server:
            let message = error.serverInfo?[.message].map { CleanText.printable($0) } ?? "an error"
            return "cannot \(action) the agenda database: the server says: \(message)"
        case .connectionError:
            return "cannot \(action) the agenda database: \(connectionFailure(error.underlying))"
        case .sslUnsupported:
            return "cannot \(action) the agenda database: the server does not offer TLS (sslmode=disable or prefer?)"
        case .failedToAddSSLHandler:
            return "cannot \(action) the agenda database: TLS cannot be set up"
        case .authMechanismRequiresPassword:
            return "cannot \(action) the agenda database: the server wants a password (in the URL or PGPASSWORD)"
        case .unsupportedAuthMechanism, .saslError:
            return "cannot \(action) the agenda database: authentication failed"
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return "cannot \(action) the agenda database: the connection was closed"
        case .poolClosed:
            return "cannot \(action) the agenda database: the store is closed"
        default:
            return "cannot \(action) the agenda database (\(error.code))"
        }
    }

    /// `connection refused`, `no such host`, `timed out`: why a TCP connection could not be made.
    static func connectionFailure(_ error: (any Error)?) -> String {
        switch error {
        case let error as IOError: return String(cString: strerror(error.errnoCode)).lowercased()
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return connectionFailure(first.error) }
            return error.dnsAError != nil || error.dnsAAAAError != nil ? "no such host" : "cannot connect"
        case let error as ChannelError:
            if case .connectTimeout = error { return "timed out" }
            return "cannot connect"
        default: return "cannot connect"
        }
    }

    /// Runs a statement and turns its errors into an ``OutputError`` in a user's words.
    func run<T>(_ action: String, _ body: () async throws -> T) async throws -> T {
        guard !closed.load(ordering: .sequentiallyConsistent) else {
            throw OutputError(
                path: url.description, message: "cannot \(action) the agenda database: the store is closed")
        }
        do {
            return try await body()
        } catch {
            throw OutputError(path: url.description, message: Self.reason(error, doing: action))
        }
    }

    // MARK: Agendas

    /// Session ids once each, in the order given.
    static func unique(_ picks: [String]) -> [String] {
        var seen = Set<String>()
        return picks.filter { seen.insert($0).inserted }
    }

    typealias Columns = (Int64, String, String?, [String], Int64, Int64)

    /// The rows of a token's digest, then the one whose token is this one, compared in constant time.
    func row(token: String) async throws -> (id: Int64, agenda: Agenda)? {
        let digest = AgendaToken.digest(token)
        let rows = try await client.query(
            """
            SELECT id, token, attendee, picks, created_at, updated_at FROM ateliers_agenda WHERE digest = \(digest)
            """)
        var found: (id: Int64, agenda: Agenda)?
        for try await (id, stored, attendee, picks, createdAt, updatedAt) in rows.decode(Columns.self)
        where found == nil && AgendaToken.constantTimeEquals(stored, token) {
            found = (
                id, Agenda(token: stored, attendee: attendee, picks: picks, createdAt: createdAt, updatedAt: updatedAt)
            )
        }
        return found
    }

    public func create(picks: [String], now: Int64) async throws -> Agenda {
        let token = tokens()
        let picks = Self.unique(picks)
        _ = try await run("write to") {
            try await client.query(
                """
                INSERT INTO ateliers_agenda (digest, token, attendee, picks, created_at, updated_at)
                VALUES (\(AgendaToken.digest(token)), \(token), NULL, \(picks), \(now), \(now))
                """)
        }
        return Agenda(token: token, attendee: nil, picks: picks, createdAt: now, updatedAt: now)
    }

    public func agenda(token: String) async throws -> Agenda? {
        guard AgendaToken.isWellFormed(token) else { return nil }
        return try await run("read") { try await row(token: token)?.agenda }
    }

    public func save(token: String, picks: [String], now: Int64) async throws -> Agenda? {
        guard AgendaToken.isWellFormed(token) else { return nil }
        let picks = Self.unique(picks)
        return try await run("write to") {
            guard var found = try await row(token: token) else { return nil }
            try await client.query(
                "UPDATE ateliers_agenda SET picks = \(picks), updated_at = \(now) WHERE id = \(found.id)")
            found.agenda.picks = picks
            found.agenda.updatedAt = now
            return found.agenda
        }
    }

    /// Inserts in batches, `ON CONFLICT (attendee) DO NOTHING`: two servers importing the same attendees at once
    /// make one agenda each.
    public func importAttendees(_ attendees: [Attendee], now: Int64) async throws -> Int {
        try await run("write to") {
            var known = Set<String>()
            let rows = try await client.query("SELECT attendee FROM ateliers_agenda WHERE attendee IS NOT NULL")
            for try await attendee in rows.decode(String.self) { known.insert(attendee) }
            var seen = Set<String>()
            // Tokens in the order given; rows inserted in the order of their ids, so that servers importing at once
            // wait for each other's rows in one order and never deadlock.
            let new = attendees.filter { !known.contains($0.id) && seen.insert($0.id).inserted }
                .map { (attendee: $0, token: tokens()) }
                .sorted { $0.attendee.id.utf8.lexicographicallyPrecedes($1.attendee.id.utf8) }
            guard !new.isEmpty else { return 0 }
            return try await client.withTransaction(logger: logger) { connection in
                var created = 0
                var start = 0
                while start < new.count {
                    let chunk = new[start..<min(start + Self.batch, new.count)]
                    var bindings = PostgresBindings(capacity: chunk.count * 6)
                    var values: [String] = []
                    for (attendee, token) in chunk {
                        let first = bindings.count
                        bindings.append(AgendaToken.digest(token))
                        bindings.append(token)
                        bindings.append(attendee.id)
                        bindings.append(Self.unique(attendee.picks))
                        bindings.append(now)
                        values.append(
                            "($\(first + 1), $\(first + 2), $\(first + 3), $\(first + 4), $\(first + 5), $\(first + 5))"
                        )
                    }
                    let inserted = try await connection.query(
                        PostgresQuery(
                            unsafeSQL: """
                                INSERT INTO ateliers_agenda (digest, token, attendee, picks, created_at, updated_at)
                                VALUES \(values.joined(separator: ", "))
                                ON CONFLICT (attendee) DO NOTHING RETURNING id
                                """, binds: bindings),
                        logger: logger)
                    for try await _ in inserted { created += 1 }
                    start += Self.batch
                }
                return created
            }
        }
    }

    public func attendeeAgendas() async throws -> [Agenda] {
        try await run("read") {
            // `COLLATE "C"`: by bytes, as SQLite orders, whatever the database's collation.
            let rows = try await client.query(
                """
                SELECT id, token, attendee, picks, created_at, updated_at FROM ateliers_agenda
                WHERE attendee IS NOT NULL ORDER BY attendee COLLATE "C"
                """)
            var agendas: [Agenda] = []
            for try await (_, token, attendee, picks, createdAt, updatedAt) in rows.decode(Columns.self) {
                agendas.append(
                    Agenda(token: token, attendee: attendee, picks: picks, createdAt: createdAt, updatedAt: updatedAt))
            }
            return agendas
        }
    }
}
