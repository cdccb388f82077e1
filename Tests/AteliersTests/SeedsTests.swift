import ICal
import Testing

@testable import Ateliers

@Suite struct SeedsTests {
    func loadSeeds() async throws -> LoadedProgramme {
        try await ProgrammeLoader().load(paths: Fixtures.seeds, timeZone: "Europe/Paris")
    }

    @Test func seedsCheckFindsNoClashAMissingRoomAndAnUnscheduledConference() async throws {
        let loaded = try await loadSeeds()
        let diagnostics = ProgrammeCheck().run(
            loaded.programme, zone: try await paris(), importDiagnostics: loaded.diagnostics)
        #expect(diagnostics.map(\.rule) == ["missing-room", "unscheduled"])
        #expect(
            diagnostics.map { $0.sessions.map(\.title) } == [
                [
                    "Accès à l’énergie et gouvernance locale\u{A0}: nouvelles opportunités pour développer les services essentiels"
                ],
                ["L’action internationale au service de l’attractivité des territoires"],
            ])
        #expect(diagnostics.map { $0.sources.map(\.line) } == [[64], [2]])
        #expect(loaded.programme.sessions.count == 5)
        #expect(loaded.programme.people.count == 11)
    }

    @Test func seedsToYAMLMatchesTheGoldenFileAndReadsBackEqual() async throws {
        let programme = try await loadSeeds().programme
        let yaml = try YAMLProgrammeWriter.yaml(for: programme)
        Fixtures.expectGolden(yaml, "seeds.yaml")
        let back = try YAMLProgrammeImporter().read(path: "seeds.yaml", text: yaml)
        #expect(back.diagnostics == [])
        #expect(back.programme.strippingProvenance() == programme.strippingProvenance().withExplicitTimeZone())
    }

    @Test func seedsToAllFeedMatchesTheGoldenFile() async throws {
        let programme = try await loadSeeds().programme
        let context = CheckContext(programme: programme, zone: try await paris())
        let feeds = await FeedRenderer().render(context, plan: FeedPlan(context, kinds: [.all]), stamp: 1_693_526_400)
        #expect(feeds.plan.feeds.map(\.path) == ["all.ics"])
        Fixtures.expectGolden(feeds.text(of: 0), "seeds-all.ics")
    }
}

extension Programme {
    /// What the YAML writer adds: the zone the pages imply, written out.
    func withExplicitTimeZone() -> Programme {
        var copy = self
        copy.event.timeZone = timeZoneID
        return copy
    }
}
