import Foundation
import ICal
import Testing

@testable import Ateliers

/// One identity rule for the check and the feed names: two different things never share a file.
@Suite struct IdentityTests {
    func paths(_ context: CheckContext, _ kind: FeedKind) -> [String] {
        FeedPlan(context, kinds: [kind]).feeds.map(\.path)
    }

    @Test func roomsThatDifferOnlyByCaseOrPunctuationAreThreeRoomsWithThreeFeeds() async throws {
        let rooms = [
            Room(id: "salle-a", name: "Salle A"), Room(id: "Salle A", name: "Salle A bis"),
            Room(id: "salle_a", name: "salle_a"),
        ]
        var sample = programme(
            [
                ("s1", "salle-a", "09:00", "10:00", []), ("s2", "Salle A", "09:00", "10:00", []),
                ("s3", "salle_a", "09:00", "10:00", []),
            ], rooms: rooms)
        for index in sample.sessions.indices {
            sample.sessions[index].roomSource = .init(file: "p.yaml", line: index + 7)
        }
        let context = CheckContext(programme: sample, zone: try await paris())
        let found = ProgrammeCheck().run(context)
        #expect(found.map(\.rule) == ["similar-names"])
        #expect(
            found.first?.message
                == "rooms 'Salle A' «Salle A bis» (room/salle-a-ba1dff47.ics), 'salle-a' «Salle A» (room/salle-a.ics)"
                + " and 'salle_a' (room/salle-a-8f9404e2.ics) differ only by case, accents, punctuation, spacing or"
                + " length: they are checked as 3 different rooms, each with its own feed")
        #expect(found.first?.sources.map(\.line) == [7, 8, 9])
        #expect(
            paths(context, .room) == ["room/salle-a-8f9404e2.ics", "room/salle-a-ba1dff47.ics", "room/salle-a.ics"])
        let plan = FeedPlan(context, kinds: [.room])
        #expect(plan.feeds.map(\.sessions) == [["s3"], ["s2"], ["s1"]])
    }

    @Test func twoSpellingsOfANameThatAreTwoPeopleGetTwoSpeakerFeeds() async throws {
        let sample = programme([
            ("a", "r1", "09:00", "10:00", ["Jean-Luc Picard"]), ("b", "r2", "09:00", "10:00", ["Jean Luc Picard"]),
            ("c", "r3", "11:00", "12:00", ["JEAN LUC PICARD"]),
        ])
        let context = CheckContext(programme: sample, zone: try await paris())
        let found = ProgrammeCheck().run(context)
        #expect(found.map(\.rule) == ["similar-names"])
        #expect(
            found.first?.message
                == "people «Jean Luc Picard» (speaker/jean-luc-picard.ics) and «Jean-Luc Picard»"
                + " (speaker/jean-luc-picard-aa374abe.ics) differ only by case, accents, punctuation, spacing or"
                + " length: they are checked as 2 different people, each with its own feed")
        let plan = FeedPlan(context, kinds: [.speaker])
        #expect(plan.feeds.map(\.path) == ["speaker/jean-luc-picard-aa374abe.ics", "speaker/jean-luc-picard.ics"])
        #expect(plan.feeds.map(\.sessions) == [["a"], ["b", "c"]])
    }

    @Test func longNamesSharingTheirFirstSixtyCharactersGetTheirOwnFeeds() async throws {
        let stem = "Professeure Marie-Amélie de la Tour du Pin Gouvernet Chambly"
        let sample = programme([
            ("a", "r1", "09:00", "10:00", [stem + " Aînée"]), ("b", "r2", "11:00", "12:00", [stem + " Cadette"]),
        ])
        let context = CheckContext(programme: sample, zone: try await paris())
        let feeds = paths(context, .speaker)
        #expect(feeds.count == 2)
        #expect(Set(feeds).count == 2)
        #expect(ProgrammeCheck().run(context).map(\.rule) == ["similar-names"])
    }

    @Test func namesWithNoSlugStillGetAFeedOfTheirOwn() async throws {
        var sample = programme(
            [("a", "..", "09:00", "10:00", ["東京 太郎"]), ("b", ".", "11:00", "12:00", ["大阪 花子"])],
            rooms: [Room(id: "..", name: ".."), Room(id: ".", name: ".")])
        sample.sessions[0].track = ""
        let context = CheckContext(programme: sample, zone: try await paris())
        let plan = FeedPlan(context, kinds: [.room, .speaker, .track])
        #expect(
            plan.feeds.map(\.path) == [
                "track/track-cbf29ce4.ics", "room/room-07da1a07.ics", "room/room-af63a34c.ics",
                "speaker/speaker-0f562a92.ics", "speaker/speaker-591c3e9a.ics",
            ])
        #expect(plan.feeds.allSatisfy { !$0.path.contains("/.") && !$0.path.hasSuffix("/.ics") })
    }

    @Test func theSameSlugForDifferentIdentitiesNeverSharesAFile() {
        let entries = FeedNames.assign(
            .room, [("Salle A", "Salle A"), ("salle-a-2", "x"), ("salle a", "y"), ("salle-a", "z")],
            slug: { identity, _ in TextKey.slug(identity) })
        #expect(entries["salle-a"]?.stem == "salle-a")
        #expect(entries["salle-a-2"]?.stem == "salle-a-2")
        #expect(Set(entries.values.map(\.stem)).count == 4)
    }
}

@Suite struct AttendeeIdentityTests {
    func load(_ text: String) throws -> AttendeeList {
        let sample = programme([("a", "r1", "09:00", "10:00", []), ("b", "r2", "09:30", "10:30", [])])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ateliers-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try AttendeeImporter().load(path: url.path, programme: sample)
    }

    @Test func attendeesWhoseIdsDifferByCaseAndPunctuationAreTwoAgendas() async throws {
        let list = try load(
            "attendee,session,name,email\nMarie Curie,a,Marie,m1@example.org\nMARIE-CURIE,b,Marie,m2@example.org\n")
        #expect(list.diagnostics == [])
        #expect(list.attendees.map(\.id) == ["Marie Curie", "MARIE-CURIE"])
        #expect(list.attendees.map(\.email) == ["m1@example.org", "m2@example.org"])
        let sample = programme([("a", "r1", "09:00", "10:00", []), ("b", "r2", "09:30", "10:30", [])])
        let context = CheckContext(programme: sample, zone: try await paris(), attendees: list.attendees)
        #expect(
            FeedPlan(context, kinds: [.attendee]).feeds.map(\.path) == [
                "attendee/marie-curie-eef06ef0.ics", "attendee/marie-curie.ics",
            ])
        let found = ProgrammeCheck().run(context)
        #expect(found.map(\.rule) == ["similar-names"])
        #expect(
            found.first?.message
                == "attendees 'MARIE-CURIE' (attendee/marie-curie.ics) and 'Marie Curie'"
                + " (attendee/marie-curie-eef06ef0.ics) differ only by case, accents, punctuation, spacing or length:"
                + " they are checked as 2 different attendees, each with its own feed")
        #expect(found.first?.sources.map(\.line) == [2, 3])
    }

    @Test func idsThatCannotNameAFileAreRefusedOnTheirLine() throws {
        let long = String(repeating: "x", count: 201)
        let list = try load(
            "attendee,session\n..,a\n.,a\na/b,a\n\"bad\u{1B}[2J\",a\n\(long),a\nok,a\n..,b\n\"\",a\n")
        #expect(list.attendees.map(\.id) == ["ok"])
        #expect(
            list.diagnostics.map { "\($0.sources.map(\.line)) \($0.rule): \($0.message)" } == [
                "[2] invalid-id: the attendee id '..' names a folder: the attendee's picks are left out",
                "[3] invalid-id: the attendee id '.' names a folder: the attendee's picks are left out",
                "[4] invalid-id: the attendee id 'a/b' contains '/': the attendee's picks are left out",
                "[5] invalid-id: the attendee id 'bad\\u{1B}[2J' contains a control character: the attendee's picks"
                    + " are left out",
                "[6] invalid-id: the attendee id '\(long)' is longer than 200 characters: the attendee's picks are"
                    + " left out",
                "[9] unreadable-line: a pick needs an attendee and a session",
            ])
        #expect(list.diagnostics.map(\.severity) == [.error, .error, .error, .error, .error, .warning])
    }
}
