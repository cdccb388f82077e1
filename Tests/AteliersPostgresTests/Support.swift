import Ateliers
import AteliersPostgres
import AteliersStore
import Foundation
import Logging
import PostgresNIO
import Synchronization
import Testing

/// The PostgreSQL server the tests use: `ATELIERS_TEST_POSTGRES` (a superuser's URL; `make test` starts a private
/// one with Tests/postgres/with-postgres.sh). Each test gets a database of its own, dropped at its end.
enum TestPostgres {
    static let url = ProcessInfo.processInfo.environment["ATELIERS_TEST_POSTGRES"].flatMap {
        $0.isEmpty ? nil : $0
    }
    /// `make test` sets `ATELIERS_REQUIRE_POSTGRES=1`: there, a PostgreSQL test without a server fails.
    static let required = ProcessInfo.processInfo.environment["ATELIERS_REQUIRE_POSTGRES"] == "1"
    /// Whether the PostgreSQL tests run (and fail without a server) or are skipped with ``skipNote``.
    static let enabled = url != nil || required
    static let skipNote: Comment = """
        PostgreSQL tests skipped: ATELIERS_TEST_POSTGRES is not set \
        (`make test` or `Tests/postgres/with-postgres.sh swift test` runs them)
        """
    static let quiet: Logger = {
        var logger = Logger(label: "ateliers-test-postgres")
        logger.logLevel = .critical
        return logger
    }()

    /// The server's URL, or the test stops here: skipped (cancelled) with a note, or failed under `make test`.
    static func server() throws -> PostgresURL {
        guard let url else {
            if required { throw NoServer() }
            try Test.cancel(skipNote)
        }
        return try PostgresURL(parsing: url)
    }

    /// Runs a statement on the server's own database (to create and drop the tests' databases).
    static func admin(_ sql: String) async throws {
        let server = try server()
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: server.host, port: server.port, username: server.user, password: server.password,
                database: server.database, tls: .disable),
            id: 1, logger: quiet)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quiet)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// Runs the body with the URL of a new, empty database, dropped afterwards (even when the body throws).
    static func withDatabase<T>(_ body: (PostgresURL) async throws -> T) async throws -> T {
        var url = try server()
        url.database = "ateliers_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try await admin("CREATE DATABASE \(url.database)")
        do {
            let result = try await body(url)
            try await admin("DROP DATABASE \(url.database) WITH (FORCE)")
            return result
        } catch {
            try? await admin("DROP DATABASE \(url.database) WITH (FORCE)")
            throw error
        }
    }

    /// Runs statements in one database (to set up a foreign table).
    static func execute(_ sql: String, in url: PostgresURL) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                tls: .disable),
            id: 2, logger: quiet)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quiet)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}

/// `make test` asked for the PostgreSQL tests and gave them no server.
struct NoServer: Error, CustomStringConvertible {
    var description: String {
        "ATELIERS_REQUIRE_POSTGRES=1 but ATELIERS_TEST_POSTGRES is not set: no PostgreSQL to test"
    }
}

/// The two agenda stores: the test suite of ``AgendaStoreTests`` runs against each.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }

    /// The stores the suite runs against: PostgreSQL too unless its tests are skipped.
    static let available: [StoreKind] = TestPostgres.enabled ? allCases : [.sqlite]

    /// Runs the body with a new, empty store of this kind (a file in a temporary folder, or a database of its own).
    func withStore<T>(_ body: (any AgendaStore) async throws -> T) async throws -> T {
        try await withStore(tokens: AgendaToken.generate, body)
    }

    /// The same, with tokens from `tokens`.
    func withStore<T>(tokens: @escaping @Sendable () -> String, _ body: (any AgendaStore) async throws -> T)
        async throws -> T
    {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ateliers-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = try SQLiteAgendaStore(
                path: folder.appendingPathComponent("agendas.sqlite").path, tokens: tokens)
            return try await body(store)
        case .postgres:
            return try await TestPostgres.withDatabase { url in
                try await PostgresAgendaStore.withStore(url, tokens: tokens, logger: TestPostgres.quiet) {
                    try await body($0)
                }
            }
        }
    }
}

/// Tokens from a list, in order (then fresh ones), for tests that want to know them.
final class FixedTokens: Sendable {
    let next: Mutex<[String]>
    init(_ tokens: [String]) { next = Mutex(tokens) }
    func take() -> String { next.withLock { $0.isEmpty ? AgendaToken.generate() : $0.removeFirst() } }
}
