import Ateliers
import AteliersPostgres
import AteliersStore
import Foundation
import Testing

/// What only the PostgreSQL store has: its URL, its connection errors, its table, several servers on one database.
@Suite struct PostgresURLTests {
    @Test func aURLReadsWithItsDefaults() throws {
        let url = try PostgresURL(parsing: "postgres://ateliers@db.example.org/agendas")
        #expect(
            url == PostgresURL(user: "ateliers", host: "db.example.org", port: 5432, database: "agendas", tls: .prefer))
        #expect(url.description == "postgres://ateliers@db.example.org:5432/agendas")
    }

    @Test func passwordsArePercentDecodedAndNeverShown() throws {
        let url = try PostgresURL(
            parsing: "postgresql://ateliers:p%40ss:w/rd@[::1]:6543/agendas%2D2023?sslmode=verify-full")
        #expect(url.user == "ateliers")
        #expect(url.password == "p@ss:w/rd")
        #expect(url.host == "::1")
        #expect(url.port == 6543)
        #expect(url.database == "agendas-2023")
        #expect(url.tls == .verifyFull)
        #expect(url.description == "postgres://ateliers@[::1]:6543/agendas-2023")
        // A raw `@` in the password: the user's part ends at the last one.
        #expect(try PostgresURL(parsing: "postgres://u:a@b@host/db").password == "a@b")
        #expect(try PostgresURL(parsing: "postgres://u@host/db", defaultPassword: "from-env").password == "from-env")
        #expect(try PostgresURL(parsing: "postgres://u:url@host/db", defaultPassword: "env").password == "url")
    }

    @Test(arguments: [
        ("postgres://host/db", "the URL names no user"),
        ("postgres://:secret@host/db", "the URL names no user"),
        ("postgres://u:secret@host", "the URL names no database"),
        ("postgres://u:secret@host/", "the URL names no database"),
        ("postgres://u:secret@/db", "the URL names no host, or not a host name or address"),
        ("postgres://u:secret@ho st/db", "the URL names no host, or not a host name or address"),
        ("postgres://u:secret@host:0/db", "the port must be a number from 1 to 65535"),
        ("postgres://u:secret@host:65536/db", "the port must be a number from 1 to 65535"),
        ("postgres://u:secret@host:x/db", "the port must be a number from 1 to 65535"),
        ("postgres://u:secret@[::1/db", "the host's ] is missing"),
        (
            "postgres://u:secret@host/db?sslmode=maybe",
            "sslmode takes disable, prefer, require, verify-ca or verify-full"
        ),
        (
            "postgres://u@host/db?password=secret",
            "the only parameter Ateliers reads is sslmode (disable, prefer, require, verify-ca, verify-full)"
        ),
        ("postgres://u:secret@host/db#x", "a PostgreSQL URL has no #fragment"),
        ("mysql://u:secret@host/db", "mysql://… is not a PostgreSQL URL"),
        ("postgres://u:%zz@host/db", "the password is not percent-encoded correctly"),
    ])
    func invalidURLsSayWhatIsWrongWithoutThePassword(text: String, message: String) {
        #expect(throws: PostgresURL.Invalid(message: "\(message): postgres://user[:password]@host[:port]/database")) {
            try PostgresURL(parsing: text)
        }
        #expect(PostgresURL.isURL(text))
    }

    @Test func filesAreNotURLs() {
        for path in ["agendas.sqlite", "/var/lib/ateliers/agendas.sqlite", "./a://b", "C:/x", ""] {
            #expect(!PostgresURL.isURL(path), "\(path)")
        }
    }
}

@Suite(.enabled(if: TestPostgres.enabled, TestPostgres.skipNote)) struct PostgresAgendaStoreTests {
    func open(_ url: PostgresURL) async throws {
        try await PostgresAgendaStore.withStore(url, logger: TestPostgres.quiet) { _ in }
    }

    @Test func anUnreachableServerIsOneLineNamingIt() async throws {
        var url = try TestPostgres.server()
        url.port = 1
        url.password = "s3cret-never-shown"
        let error = await #expect(throws: OutputError.self) { try await open(url) }
        #expect(
            error?.description
                == "postgres://\(url.user)@\(url.host):1/\(url.database): error: cannot connect to the agenda database: "
                + "connection refused")
    }

    @Test func aMissingDatabaseIsTheServersWords() async throws {
        var url = try TestPostgres.server()
        url.database = "ateliers_no_such_database"
        url.password = "s3cret-never-shown"
        let error = await #expect(throws: OutputError.self) { try await open(url) }
        #expect(
            error?.description
                == "postgres://\(url.user)@\(url.host):\(url.port)/ateliers_no_such_database: error: cannot connect to "
                + "the agenda database: the server says: database \"ateliers_no_such_database\" does not exist")
    }

    @Test func anotherProgramsTableIsRefused() async throws {
        try await TestPostgres.withDatabase { url in
            try await TestPostgres.execute("CREATE TABLE ateliers_agenda (id INT, name TEXT)", in: url)
            let error = await #expect(throws: OutputError.self) { try await open(url) }
            #expect(
                error?.description
                    == "\(url): error: not an Ateliers agenda database (its table ateliers_agenda is another program's)"
            )
        }
    }

    @Test func serversStartingAtOnceCreateTheTableOnceAndShareAgendas() async throws {
        try await TestPostgres.withDatabase { url in
            // Eight servers open the empty database at once: one creates the table, none fails.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { try await open(url) } }
                try await group.waitForAll()
            }
            let attendees = (0..<300).map { Attendee(id: "attendee-\($0)", picks: ["one"]) }
            // Two servers importing the same attendees at once (from files in two orders) make one agenda each, and
            // tell it once.
            let created = try await PostgresAgendaStore.withStore(url, logger: TestPostgres.quiet) { one in
                try await PostgresAgendaStore.withStore(url, logger: TestPostgres.quiet) { two in
                    async let first = one.importAttendees(attendees, now: 1)
                    async let second = two.importAttendees(attendees.reversed(), now: 1)
                    return try await first + second
                }
            }
            #expect(created == 300)
            // A later start finds the table and the agendas.
            try await PostgresAgendaStore.withStore(url, logger: TestPostgres.quiet) { store in
                let agendas = try await store.attendeeAgendas()
                #expect(agendas.count == 300)
                #expect(try await store.agenda(token: agendas[0].token)?.attendee == agendas[0].attendee)
            }
        }
    }

    @Test func aClosedStoreSaysSo() async throws {
        try await TestPostgres.withDatabase { url in
            let store = try await PostgresAgendaStore.withStore(url, logger: TestPostgres.quiet) { $0 }
            let error = await #expect(throws: OutputError.self) { try await store.create(picks: [], now: 1) }
            #expect(error?.description == "\(url): error: cannot write to the agenda database: the store is closed")
        }
    }
}
