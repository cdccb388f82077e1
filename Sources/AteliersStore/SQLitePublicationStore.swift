public import Ateliers
import Foundation
import GRDB
import ICal

/// Remembers published sessions in a SQLite file (WAL), so the next export knows what changed.
///
/// One row per session uid: its content hash, `SEQUENCE`, `LAST-MODIFIED`, when it was removed, the feeds it was
/// in and the event as last published (JSON), to publish its cancellation.
public final class SQLitePublicationStore: PublicationStore {
    let queue: DatabaseQueue
    public let path: String

    /// Opens (or creates) the store.
    /// - Throws: ``InputError`` naming the file when it cannot be opened or is not a store of this kind.
    public init(path: String) throws {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.journalMode = .wal
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(queue)
        } catch {
            throw InputError(file: path, message: "cannot open the publication store: \(error)")
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
        return migrator
    }

    public func load() throws -> [PublishedSession] {
        do {
            return try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM publishedSession ORDER BY uid").map { row in
                    let decoder = JSONDecoder()
                    let feedsText: String = row["feeds"]
                    let eventText: String = row["event"]
                    return PublishedSession(
                        uid: row["uid"], contentHash: row["contentHash"], sequence: row["sequence"],
                        lastModified: row["lastModified"], removedAt: row["removedAt"],
                        event: try decoder.decode(EventSpec.self, from: Data(eventText.utf8)),
                        feeds: try decoder.decode([String].self, from: Data(feedsText.utf8)))
                }
            }
        } catch {
            throw InputError(file: path, message: "cannot read the publication store: \(error)")
        }
    }

    public func save(_ sessions: [PublishedSession]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            try queue.write { db in
                try db.execute(sql: "DELETE FROM publishedSession")
                let statement = try db.makeStatement(
                    sql: """
                        INSERT INTO publishedSession (uid, contentHash, sequence, lastModified, removedAt, feeds, event)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """)
                for session in sessions {
                    let feeds = String(decoding: try encoder.encode(session.feeds), as: UTF8.self)
                    let event = String(decoding: try encoder.encode(session.event), as: UTF8.self)
                    try statement.execute(arguments: [
                        session.uid, session.contentHash, session.sequence, session.lastModified, session.removedAt,
                        feeds, event,
                    ])
                }
            }
        } catch {
            throw InputError(file: path, message: "cannot write the publication store: \(error)")
        }
    }
}
