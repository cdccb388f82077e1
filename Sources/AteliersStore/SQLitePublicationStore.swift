public import Ateliers
import Foundation
import GRDB
import ICal

/// Remembers published sessions in a SQLite file (WAL), so the next export knows what changed.
///
/// One row per session uid: its content hash, `SEQUENCE`, `LAST-MODIFIED`, when it was removed, the feeds it was
/// in and the event as last published (JSON), to publish its cancellation; one row per feed path: its hash and
/// last-modified time. GRDB's queue serialises access, so one store serves every task of a server.
public final class SQLitePublicationStore: PublicationStore, Sendable {
    let queue: DatabaseQueue
    public let path: String

    /// Opens (or creates) the store.
    /// - Throws: ``OutputError`` naming the file when it cannot be opened or is not a store of this kind; the
    ///   message says what is wrong in a user's words, never SQLite's.
    public init(path: String) throws {
        self.path = path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw OutputError(path: path, message: "is a folder, not an Ateliers state file")
        }
        do {
            var configuration = Configuration()
            configuration.journalMode = .wal
            queue = try DatabaseQueue(path: path, configuration: configuration)
            let tables = try queue.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if !tables.isEmpty && !tables.contains("publishedSession") {
                throw OutputError(
                    path: path, message: "not an Ateliers state file (a SQLite database of another program)")
            }
            try Self.migrator.migrate(queue)
        } catch let error as OutputError {
            throw error
        } catch {
            throw OutputError(path: path, message: Self.reason(error, doing: "open"))
        }
    }

    /// What went wrong, in a user's words: SQLite's own messages name its internals.
    static func reason(_ error: any Error, doing action: String) -> String {
        guard let error = error as? DatabaseError else {
            return "not an Ateliers state file (its records cannot be read)"
        }
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return "not an Ateliers state file (cannot read it as SQLite)"
        case .SQLITE_CANTOPEN: return "cannot \(action) the state file (is its folder there and writable?)"
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: return "cannot \(action) the state file: it is read-only"
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "cannot \(action) the state file: another program is using it"
        case .SQLITE_FULL: return "cannot \(action) the state file: the disk is full"
        case .SQLITE_IOERR: return "cannot \(action) the state file: input/output error"
        case .SQLITE_ERROR: return "not an Ateliers state file (its tables are not the expected ones)"
        default: return "cannot \(action) the state file"
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "publishedSession") { table in
                table.primaryKey("uid", .text)
                table.column("contentHash", .text).notNull()
                table.column("sequence", .integer).notNull()
                table.column("lastModified", .integer).notNull()
                table.column("removedAt", .integer)
                table.column("feeds", .text).notNull()
                table.column("event", .text).notNull()
            }
        }
        migrator.registerMigration("v2 feeds") { db in
            try db.create(table: "publishedFeed") { table in
                table.primaryKey("path", .text)
                table.column("hash", .text).notNull()
                table.column("lastModified", .integer).notNull()
            }
        }
        return migrator
    }

    public func load() async throws -> PublicationState {
        do {
            return try await queue.read { db in
                let decoder = JSONDecoder()
                let sessions = try Row.fetchAll(db, sql: "SELECT * FROM publishedSession ORDER BY uid").map { row in
                    let feedsText: String = row["feeds"]
                    let eventText: String = row["event"]
                    return PublishedSession(
                        uid: row["uid"], contentHash: row["contentHash"], sequence: row["sequence"],
                        lastModified: row["lastModified"], removedAt: row["removedAt"],
                        event: try decoder.decode(EventSpec.self, from: Data(eventText.utf8)),
                        feeds: try decoder.decode([String].self, from: Data(feedsText.utf8)))
                }
                let feeds = try Row.fetchAll(db, sql: "SELECT * FROM publishedFeed ORDER BY path").map { row in
                    PublishedFeed(path: row["path"], hash: row["hash"], lastModified: row["lastModified"])
                }
                return PublicationState(sessions: sessions, feeds: feeds)
            }
        } catch {
            throw OutputError(path: path, message: Self.reason(error, doing: "read"))
        }
    }

    public func save(_ state: PublicationState) async throws {
        do {
            try await queue.write { db in
                try db.execute(sql: "DELETE FROM publishedSession")
                let statement = try db.makeStatement(
                    sql: """
                        INSERT INTO publishedSession (uid, contentHash, sequence, lastModified, removedAt, feeds, event)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """)
                for session in state.sessions {
                    let feeds = JSONValue.array(session.feeds.map(JSONValue.string)).compact()
                    let event = Self.json(session.event)
                    try statement.execute(arguments: [
                        session.uid, session.contentHash, session.sequence, session.lastModified, session.removedAt,
                        feeds, event,
                    ])
                }
                try db.execute(sql: "DELETE FROM publishedFeed")
                let feedStatement = try db.makeStatement(
                    sql: "INSERT INTO publishedFeed (path, hash, lastModified) VALUES (?, ?, ?)")
                for feed in state.feeds {
                    try feedStatement.execute(arguments: [feed.path, feed.hash, feed.lastModified])
                }
            }
        } catch {
            throw OutputError(path: path, message: Self.reason(error, doing: "write"))
        }
    }

    /// The event as the JSON its `Codable` conformance reads back (absent optionals left out), written directly:
    /// `JSONEncoder` took a tenth of a 100,000-session export.
    static func json(_ event: EventSpec) -> String {
        func clock(_ time: WallClock) -> JSONValue {
            .object([
                ("day", .int(time.day)), ("hour", .int(time.hour)), ("minute", .int(time.minute)),
                ("month", .int(time.month)), ("second", .int(time.second)), ("year", .int(time.year)),
            ])
        }
        var pairs: [(String, JSONValue)] = []
        if let alarm = event.alarmMinutesBefore { pairs.append(("alarmMinutesBefore", .int(alarm))) }
        if let allDay = event.allDay { pairs.append(("allDay", .bool(allDay))) }
        pairs.append(("categories", .array(event.categories.map(JSONValue.string))))
        if let description = event.description { pairs.append(("description", .string(description))) }
        pairs.append(("end", clock(event.end)))
        if let lastModified = event.lastModified { pairs.append(("lastModified", .int(Int(lastModified)))) }
        if let location = event.location { pairs.append(("location", .string(location))) }
        pairs.append(("sequence", .int(event.sequence)))
        pairs.append(("stamp", .int(Int(event.stamp))))
        pairs.append(("start", clock(event.start)))
        pairs.append(("status", .string(event.status.rawValue)))
        pairs.append(("summary", .string(event.summary)))
        pairs.append(("timeZone", .string(event.timeZone)))
        pairs.append(("uid", .string(event.uid)))
        if let url = event.url { pairs.append(("url", .string(url))) }
        return JSONValue.object(pairs).compact()
    }
}
