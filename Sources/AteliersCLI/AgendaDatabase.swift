import Ateliers
import AteliersPostgres
import AteliersStore
import Foundation
import Logging

/// The agenda database `--db` names: a PostgreSQL URL (`postgres://…`, shared by several servers) or a SQLite file.
enum AgendaDatabase: CustomStringConvertible {
    case sqlite(String)
    case postgres(PostgresURL)

    /// - Throws: ``Failure`` with one line (never the URL, which may hold a password) for a URL that is no usable
    ///   PostgreSQL URL. The password may come from `PGPASSWORD` instead of the URL.
    init(_ text: String) throws {
        guard PostgresURL.isURL(text) else {
            self = .sqlite(text)
            return
        }
        do {
            self = .postgres(
                try PostgresURL(parsing: text, defaultPassword: ProcessInfo.processInfo.environment["PGPASSWORD"]))
        } catch {
            throw Failure.input("error: --db: \(error.message)")
        }
    }

    /// What messages show: the file, or the URL without its password.
    var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): url.description
        }
    }

    /// Opens the store and runs the body with it; a PostgreSQL store's connections are closed when it returns.
    /// - Throws: ``OutputError`` naming the database when it cannot be opened; what the body throws.
    func withStore<T>(logger: Logger? = nil, _ body: (any AgendaStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite(let path):
            return try await body(try SQLiteAgendaStore(path: path))
        case .postgres(let url):
            return try await PostgresAgendaStore.withStore(url, logger: logger ?? Logger(label: "ateliers.postgres")) {
                try await body($0)
            }
        }
    }
}
