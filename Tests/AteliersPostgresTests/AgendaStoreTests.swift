import Ateliers
import AteliersPostgres
import AteliersStore
import Foundation
import Testing

/// One suite for every agenda store: each test runs against SQLite and PostgreSQL (skipped, with a note, without
/// `ATELIERS_TEST_POSTGRES`), and expects the very same answers from both.
@Suite struct AgendaStoreTests {
    static let first = "AAAAAAAAAAAAAAAAAAAAAA"
    static let second = "BBBBBBBBBBBBBBBBBBBBBA"
    static let third = "CCCCCCCCCCCCCCCCCCCCCA"

    /// Says, when PostgreSQL is skipped, that the cases below ran against SQLite only.
    @Test(.enabled(if: TestPostgres.enabled, TestPostgres.skipNote))
    func theSameTestsRunAgainstPostgreSQL() throws {
        #expect(StoreKind.available == [.sqlite, .postgres])
        _ = try TestPostgres.server()
    }

    func store<T>(_ kind: StoreKind, tokens: [String] = [], _ body: (any AgendaStore) async throws -> T) async throws
        -> T
    {
        if kind == .postgres { _ = try TestPostgres.server() }
        let fixed = FixedTokens(tokens)
        return try await kind.withStore(tokens: { fixed.take() }, body)
    }

    @Test(arguments: StoreKind.available)
    func createReadAndSave(kind: StoreKind) async throws {
        try await store(kind, tokens: [Self.first]) { store in
            let created = try await store.create(picks: ["two", "one", "two"], now: 1_700_000_000)
            #expect(
                created
                    == Agenda(
                        token: Self.first, attendee: nil, picks: ["two", "one"], createdAt: 1_700_000_000,
                        updatedAt: 1_700_000_000))
            #expect(try await store.agenda(token: Self.first) == created)

            let saved = try await store.save(token: Self.first, picks: ["three", "one", "three"], now: 1_700_000_500)
            let expected = Agenda(
                token: Self.first, attendee: nil, picks: ["three", "one"], createdAt: 1_700_000_000,
                updatedAt: 1_700_000_500)
            #expect(saved == expected)
            #expect(try await store.agenda(token: Self.first) == expected)

            let emptied = try await store.save(token: Self.first, picks: [], now: 1_700_000_600)
            #expect(emptied?.picks == [])
            #expect(try await store.agenda(token: Self.first)?.picks == [])
        }
    }

    @Test(arguments: StoreKind.available)
    func newTokensAre128RandomBits(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let one = try await store.create(picks: [], now: 1)
            let two = try await store.create(picks: [], now: 1)
            #expect(one.token != two.token)
            #expect(AgendaToken.isWellFormed(one.token))
            #expect(try await store.agenda(token: two.token)?.token == two.token)
        }
    }

    @Test(arguments: StoreKind.available)
    func unknownAndMalformedTokensFindNothing(kind: StoreKind) async throws {
        try await store(kind, tokens: [Self.first]) { store in
            _ = try await store.create(picks: ["one"], now: 1)
            for token in [
                Self.second, "short", "", Self.first.lowercased(), Self.first + "A", "AAAAAAAAAAAAAAAAAAAAAB",
                "AAAAAAAAAAAAAAAAAAAAA/", "' OR '1'='1'--AAAAAAAA",
            ] {
                #expect(try await store.agenda(token: token) == nil, "\(token)")
                #expect(try await store.save(token: token, picks: ["two"], now: 2) == nil, "\(token)")
            }
            #expect(try await store.agenda(token: Self.first)?.picks == ["one"])
        }
    }

    @Test(arguments: StoreKind.available)
    func picksKeepTheirExactText(kind: StoreKind) async throws {
        let picks = [
            "atelier-1", "Éducation à la citoyenneté", "l’action", "x'); DROP TABLE ateliers_agenda; --",
            "quote \"and\" back\\slash", "{a,b}", "NULL", "", "日本語 🎉",
        ]
        try await store(kind, tokens: [Self.first]) { store in
            _ = try await store.create(picks: picks, now: 1)
            #expect(try await store.agenda(token: Self.first)?.picks == picks)
            _ = try await store.save(token: Self.first, picks: picks.reversed(), now: 2)
            #expect(try await store.agenda(token: Self.first)?.picks == picks.reversed())
        }
    }

    @Test(arguments: StoreKind.available)
    func importingAttendeesIsIdempotentAndKeepsWhatWasSaved(kind: StoreKind) async throws {
        try await store(kind, tokens: [Self.first, Self.second, Self.third]) { store in
            let marie = Attendee(id: "marie-curie", picks: ["one", "two", "one"])
            let paul = Attendee(id: "paul-langevin", picks: ["three"])
            #expect(try await store.importAttendees([paul, marie, paul], now: 100) == 2)
            #expect(
                try await store.attendeeAgendas() == [
                    Agenda(
                        token: Self.second, attendee: "marie-curie", picks: ["one", "two"], createdAt: 100,
                        updatedAt: 100),
                    Agenda(
                        token: Self.first, attendee: "paul-langevin", picks: ["three"], createdAt: 100, updatedAt: 100),
                ])
            _ = try await store.save(token: Self.second, picks: ["two"], now: 200)
            // Marie keeps her token and what she saved; Ada is new.
            let ada = Attendee(id: "ada", picks: [])
            #expect(try await store.importAttendees([marie, paul, ada], now: 300) == 1)
            #expect(try await store.importAttendees([marie, paul, ada], now: 400) == 0)
            #expect(
                try await store.attendeeAgendas() == [
                    Agenda(token: Self.third, attendee: "ada", picks: [], createdAt: 300, updatedAt: 300),
                    Agenda(token: Self.second, attendee: "marie-curie", picks: ["two"], createdAt: 100, updatedAt: 200),
                    Agenda(
                        token: Self.first, attendee: "paul-langevin", picks: ["three"], createdAt: 100, updatedAt: 100),
                ])
            // Agendas made in the builder are no attendee's.
            _ = try await store.create(picks: ["one"], now: 500)
            #expect(try await store.attendeeAgendas().count == 3)
            #expect(try await store.agenda(token: Self.third)?.attendee == "ada")
        }
    }

    @Test(arguments: StoreKind.available)
    func attendeeAgendasAreInByteOrderOfTheirIds(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ids = ["b", "B", "é", "a-b", "ab", "a", "Z", "e", "10", "9"]
            let created = try await store.importAttendees(ids.map { Attendee(id: $0) }, now: 1)
            #expect(created == ids.count)
            let order = try await store.attendeeAgendas().compactMap(\.attendee)
            #expect(order == ["10", "9", "B", "Z", "a", "a-b", "ab", "b", "e", "é"])
        }
    }

    @Test(arguments: StoreKind.available)
    func aLargeImportInOneGo(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let attendees = (0..<1_234).map { Attendee(id: String(format: "attendee-%04d", $0), picks: ["s\($0 % 7)"]) }
            #expect(try await store.importAttendees(attendees, now: 10) == 1_234)
            let agendas = try await store.attendeeAgendas()
            #expect(agendas.count == 1_234)
            #expect(agendas.map(\.attendee) == attendees.map(\.id))
            #expect(agendas[1_000].picks == ["s6"])
            #expect(Set(agendas.map(\.token)).count == 1_234)
            #expect(try await store.importAttendees(attendees, now: 20) == 0)
        }
    }

    @Test(arguments: StoreKind.available)
    func manyWritersAtOnce(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<40 {
                    group.addTask { try await store.create(picks: ["s\(index)"], now: Int64(index)).token }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, token) in tokens.enumerated() {
                    group.addTask { _ = try await store.save(token: token, picks: ["t\(index)"], now: 100) }
                }
                try await group.waitForAll()
            }
            for (index, token) in tokens.enumerated() {
                #expect(try await store.agenda(token: token)?.picks == ["t\(index)"])
            }
        }
    }
}
