public import Ateliers
import Foundation
import GRDB

/// Personal agendas in a SQLite file (WAL): one row per agenda with its token, the token's digest (what it is
/// looked up by), the attendee it was made for, its picks (session ids, JSON) and its times. GRDB's pool lets
/// pages read while a save writes.
public final class SQLiteAgendaStore: AgendaStore, Sendable {
    let pool: DatabasePool
    public let path: String
    /// Makes tokens; the system CSPRNG unless a test fixes them.
    let tokens: @Sendable () -> String

    /// Opens (or creates) the store.
    /// - Throws: ``OutputError`` naming the file when it cannot be opened or is not an agenda store.
    public init(path: String, tokens: @escaping @Sendable () -> String = AgendaToken.generate) throws {
        self.path = path
        self.tokens = tokens
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw OutputError(path: path, message: "is a folder, not an Ateliers agenda database")
        }
        do {
            pool = try DatabasePool(path: path)  // a pool is always in WAL mode
            let tables = try pool.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if !tables.isEmpty && !tables.contains("agenda") {
                throw OutputError(
                    path: path, message: "not an Ateliers agenda database (a SQLite database of another program)")
            }
            try Self.migrator.migrate(pool)
        } catch let error as OutputError {
            throw error
        } catch {
            throw OutputError(path: path, message: Self.reason(error, doing: "open"))
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 agendas") { db in
            try db.create(table: "agenda") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("digest", .text).notNull().indexed()
                table.column("token", .text).notNull().unique()
                table.column("attendee", .text).unique()
                table.column("picks", .text).notNull()
                table.column("createdAt", .integer).notNull()
                table.column("updatedAt", .integer).notNull()
            }
        }
        return migrator
    }

    static func reason(_ error: any Error, doing action: String) -> String {
        SQLitePublicationStore.reason(error, doing: action)
            .replacingOccurrences(of: "Ateliers state file", with: "Ateliers agenda database")
            .replacingOccurrences(of: "the state file", with: "the agenda database")
    }

    /// Runs a database call and turns its errors into an ``OutputError`` in a user's words.
    func run<T: Sendable>(_ action: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw OutputError(path: path, message: Self.reason(error, doing: action))
        }
    }

    static func agenda(_ row: Row) throws -> Agenda {
        let picks: String = row["picks"]
        return Agenda(
            token: row["token"], attendee: row["attendee"],
            picks: try JSONDecoder().decode([String].self, from: Data(picks.utf8)), createdAt: row["createdAt"],
            updatedAt: row["updatedAt"])
    }

    static func json(_ picks: [String]) -> String {
        var seen = Set<String>()
        let unique = picks.filter { seen.insert($0).inserted }
        return String(decoding: (try? JSONEncoder().encode(unique)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func insert(_ db: Database, token: String, attendee: String?, picks: [String], now: Int64) throws {
        try db.execute(
            sql: """
                INSERT INTO agenda (digest, token, attendee, picks, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [AgendaToken.digest(token), token, attendee, json(picks), now, now])
    }

    /// The row of a token: looked up by digest, then the stored token compared in constant time.
    static func row(_ db: Database, token: String) throws -> Row? {
        try Row.fetchAll(db, sql: "SELECT * FROM agenda WHERE digest = ?", arguments: [AgendaToken.digest(token)])
            .first { row in AgendaToken.constantTimeEquals(row["token"] as String, token) }
    }

    public func create(picks: [String], now: Int64) async throws -> Agenda {
        let token = tokens()
        try await run("write") {
            try await pool.write { db in try Self.insert(db, token: token, attendee: nil, picks: picks, now: now) }
        }
        var seen = Set<String>()
        return Agenda(
            token: token, attendee: nil, picks: picks.filter { seen.insert($0).inserted }, createdAt: now,
            updatedAt: now)
    }

    public func agenda(token: String) async throws -> Agenda? {
        guard AgendaToken.isWellFormed(token) else { return nil }
        return try await run("read") {
            try await pool.read { db in try Self.row(db, token: token).map(Self.agenda) }
        }
    }

    public func save(token: String, picks: [String], now: Int64) async throws -> Agenda? {
        guard AgendaToken.isWellFormed(token) else { return nil }
        return try await run("write") {
            try await pool.write { db -> Agenda? in
                guard let row = try Self.row(db, token: token) else { return nil }
                let id: Int64 = row["id"]
                try db.execute(
                    sql: "UPDATE agenda SET picks = ?, updatedAt = ? WHERE id = ?",
                    arguments: [Self.json(picks), now, id])
                var agenda = try Self.agenda(row)
                agenda.picks = try JSONDecoder().decode([String].self, from: Data(Self.json(picks).utf8))
                agenda.updatedAt = now
                return agenda
            }
        }
    }

    public func importAttendees(_ attendees: [Attendee], now: Int64) async throws -> Int {
        let tokens = self.tokens
        return try await run("write") {
            try await pool.write { db in
                let known = Set(try String.fetchAll(db, sql: "SELECT attendee FROM agenda WHERE attendee IS NOT NULL"))
                var created = 0
                var seen = Set<String>()
                for attendee in attendees where !known.contains(attendee.id) && seen.insert(attendee.id).inserted {
                    try Self.insert(db, token: tokens(), attendee: attendee.id, picks: attendee.picks, now: now)
                    created += 1
                }
                return created
            }
        }
    }

    public func attendeeAgendas() async throws -> [Agenda] {
        try await run("read") {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM agenda WHERE attendee IS NOT NULL ORDER BY attendee")
                    .map(Self.agenda)
            }
        }
    }
}
