import Foundation
import ICal
import Testing

@testable import Ateliers

@Suite struct MergeTests {
    @Test func aListedSessionMergesWithItsOwnPageAndTakesItsRealID() throws {
        let listing = try page(
            [
                "Atelier 1", "Horaire : 19 septembre 2023, 11h-12h", "Les autres rendez-vous de la session",
                "De 11h à 12h : L’Énergie\u{A0}: enjeux (salle Salle 2)",
            ], file: "a.txt")
        let own = try page(["L'énergie : enjeux", "Type : Atelier 4", "Salle : Salle 2"], file: "b.txt")
        var merger = ProgrammeMerger()
        merger.merge(listing.programme)
        merger.merge(own.programme)
        let merged = try #require(merger.programme.sessions.first { $0.id == "atelier-4" })
        #expect(merged.slot?.start.time == LocalTime(hour: 11, minute: 0))
        #expect(merged.sources == [.init(file: "a.txt", line: 4), .init(file: "b.txt", line: 1)])
        #expect(merger.programme.sessions.count == 2)
        #expect(merger.diagnostics == [])
    }

    @Test func contradictionsAreReportedNotChosenSilently() throws {
        let first = try page(["Débat", "Horaire : 19 septembre 2023, 11h-12h", "Salle : A"], file: "a.txt")
        let second = try page(["débat", "Horaire : 19 septembre 2023, 14h-15h", "Salle : B"], file: "b.txt")
        var merger = ProgrammeMerger()
        merger.merge(first.programme)
        merger.merge(second.programme)
        #expect(merger.programme.sessions.count == 1)
        #expect(merger.diagnostics.map(\.rule) == ["inconsistent-duplicate", "inconsistent-duplicate"])
        #expect(merger.diagnostics[0].message.contains("'2023-09-19 11:00–12:00' and '2023-09-19 14:00–15:00'"))
        #expect(merger.diagnostics[0].sources == [.init(file: "a.txt", line: 2), .init(file: "b.txt", line: 2)])
    }

    @Test func duplicateIDsInOneYAMLFileAreErrors() throws {
        let yaml = "sessions:\n  - {id: a, title: One}\n  - {id: a, title: Two}\n"
        let result = try YAMLProgrammeImporter().read(path: "p.yaml", text: yaml)
        #expect(result.diagnostics.map(\.rule) == ["duplicate-id"])
        #expect(result.diagnostics[0].sources == [.init(file: "p.yaml", line: 3)])
    }

    @Test func malformedYAMLNamesItsLine() {
        #expect(throws: InputError.self) {
            try YAMLProgrammeImporter().read(path: "p.yaml", text: "sessions:\n  - {id: a\n")
        }
        do {
            _ = try YAMLProgrammeImporter().read(path: "p.yaml", text: "event:\n  name: x\n   bad: [\n")
        } catch let error as InputError {
            #expect(error.file == "p.yaml")
            #expect(error.line == 3)
        } catch { Issue.record("unexpected \(error)") }
    }
}

@Suite struct FeedTests {
    struct Text {
        var feed: Feed
        var text: String
    }

    func everyFeed() async throws -> (Programme, [Text]) {
        var loaded = try await ProgrammeLoader().load(paths: Fixtures.seeds, timeZone: "Europe/Paris").programme
        loaded.event.name = "Conf, Main; 2023"
        let context = CheckContext(programme: loaded, zone: try await paris())
        let rendered = await FeedRenderer().render(
            context, plan: FeedPlan(context, kinds: Set(FeedKind.allCases)), stamp: 0)
        return (
            loaded, rendered.plan.feeds.indices.map { Text(feed: rendered.plan.feeds[$0], text: rendered.text(of: $0)) }
        )
    }

    @Test func everyFeedReadsBackWithLibicalWithoutErrorsAndWithItsZones() async throws {
        let (_, feeds) = try await everyFeed()
        #expect(
            feeds.map(\.feed.path) == [
                "all.ics", "room/amphi-g-berger.ics", "room/salle-2.ics", "room/salle-l-armand-ouest.ics",
                "speaker/aude-saldana.ics", "speaker/francois-rebsamen.ics", "speaker/lucyna-graviere.ics",
                "speaker/nadia-pellefigue.ics", "speaker/regis-besse.ics", "speaker/virginie-rouquette.ics",
                "day/2023-09-19.ics",
            ])
        for rendered in feeds {
            let root = try await ICalLibrary.shared.parse(rendered.text)
            #expect(root.name == "VCALENDAR")
            #expect(root.libicalErrors == [], "\(rendered.feed.path)")
            let zones = Set(root.components("VTIMEZONE").compactMap { $0.property("TZID")?.value })
            let used = Set(root.allComponents.flatMap(\.properties).compactMap { $0.parameter("TZID") })
            #expect(used == ["Europe/Paris"])
            #expect(used.isSubset(of: zones))
            #expect(root.components("VEVENT").count == rendered.feed.sessions.count)
            #expect(root.property("X-WR-CALNAME")?.value.hasPrefix("Conf, Main; 2023") == true)
            #expect(!rendered.text.contains("METHOD:"))
        }
    }

    @Test func aSpeakerFeedHoldsTheSameEventBytesAsTheWholeProgramme() async throws {
        let (_, feeds) = try await everyFeed()
        let all = feeds[0].text
        let speaker = try #require(feeds.first { $0.feed.path == "speaker/virginie-rouquette.ics" })
        let event = try #require(speaker.text.range(of: "BEGIN:VEVENT")).lowerBound
        let end = try #require(speaker.text.range(of: "END:VEVENT\r\n")).upperBound
        #expect(all.contains(speaker.text[event..<end]))
        #expect(speaker.text[event..<end].contains("UID:atelier-1@conf-main-2023"))
    }
}
