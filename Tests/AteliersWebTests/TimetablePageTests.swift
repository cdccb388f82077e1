import Ateliers
import ICal
import Testing

@testable import AteliersWeb

@Suite struct TimetablePageTests {
    @Test func theSeedsPageMatchesItsGoldenFile() async throws {
        let loaded = try await ProgrammeLoader().load(paths: Fixtures.seedSources)
        let zone = try await ProgrammeCheck.zoneRules(for: loaded.programme)
        let context = CheckContext(programme: loaded.programme, zone: zone)
        let table = Timetable(
            context, diagnostics: ProgrammeCheck().run(context, importDiagnostics: loaded.diagnostics))
        let page = TimetablePage.render(
            table, programme: loaded.programme, options: TimetablePage.Options(links: .anchors))
        Fixtures.expectGolden(page, "seeds.html")
    }

    @Test func aGeneratedDayWithARoomClashMatchesItsGoldenFile() async throws {
        let programme = ProgrammeGenerator(
            ProgrammeGenerator.Options(sessions: 12, rooms: 3, days: 1, attendees: 0, picks: 0, seed: 1)
        ).generate().programme
        let table = try await timetable(programme)
        let roomClashes = table.days[0].blocks.filter { $0.clashes.contains { $0.rule == "room-clash" } }
        #expect(roomClashes.map(\.id) == ["s01", "s02"])
        #expect(roomClashes.map(\.tracks) == [0..<1, 1..<2])
        let page = TimetablePage.render(
            table, programme: programme,
            options: TimetablePage.Options(
                subscribeLinks: [
                    .init(
                        title: "Whole programme (Apple, Outlook, Thunderbird)",
                        url: "webcal://example.org/feeds/all.ics"),
                    .init(title: "Whole programme (Google: From URL)", url: "https://example.org/feeds/all.ics"),
                    .init(title: "Not a link", url: "javascript:alert(1)"),
                ], styleNonce: "bm9uY2U"))
        Fixtures.expectGolden(page, "generated-clash.html")
        #expect(page.contains("<style nonce=\"bm9uY2U\">"))
        #expect(!page.contains("style=\""))
        #expect(page.contains("<li>Not a link: <code>javascript:alert(1)</code></li>"))
        #expect(page.contains("<a class=\"block\" href=\"sessions/s01\" title=\"&#39;s01&#39; «Atelier 1"))
        #expect(page.contains("aria-describedby=\"note-0-0\""))
    }

    @Test func programmeTextIsEscapedEverywhere() async throws {
        let hostileRoom = "\"><img src=x onerror=alert(1)>"
        let programme = Programme(
            event: EventInfo(name: "<b>Conf</b>", timeZone: "Europe/Paris"),
            rooms: [Room(id: hostileRoom, name: hostileRoom)],
            sessions: [
                session(
                    "x\"y z", "<script>alert(1)</script>", room: hostileRoom, "09:00", "10:00",
                    speakers: ["<i>Eve</i>"]),
                session("b", "Bob's & Alice's", room: hostileRoom, "09:30", "10:30"),
            ])
        for links in [TimetablePage.SessionLinks.anchors, .pages(prefix: "sessions/")] {
            let page = TimetablePage.render(
                try await timetable(programme), programme: programme, options: TimetablePage.Options(links: links))
            #expect(!page.contains("<script"))
            #expect(!page.contains("<img"))
            #expect(!page.contains("<i>"))
            #expect(!page.contains("<b>"))
            #expect(!page.contains("style=\""))
            #expect(page.contains("<span class=\"title\">&lt;script&gt;alert(1)&lt;/script&gt;</span>"))
            #expect(page.contains(">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</div>"))
            #expect(page.contains("<title>&lt;b&gt;Conf&lt;/b&gt; · Timetable</title>"))
            #expect(page.contains("Bob&#39;s &amp; Alice&#39;s"))
            // The clash message names the room: escaped in the title attribute too.
            #expect(page.contains("are both in &quot;&gt;&lt;img src=x onerror=alert(1)&gt; at"))
            switch links {
            case .anchors:
                #expect(page.contains("href=\"#session-x%22y%20z\""))
                #expect(page.contains("<article class=\"session clash\" id=\"session-x%22y%20z\">"))
            case .pages:
                #expect(page.contains("href=\"sessions/x%22y%20z\""))
                #expect(!page.contains("<article"))
            }
        }
    }

    @Test func aSessionAcrossMidnightIsClippedAndSaysWhenItEnds() async throws {
        var late = session("late", "Night walk", room: "r", "22:00", "23:00")
        late.slot = Slot(start: at(19, 23, 0), end: at(20, 1, 30))
        let programme = Programme(
            event: EventInfo(name: "Late", timeZone: "Europe/Paris"), rooms: [Room(id: "r", name: "Garden")],
            sessions: [session("dinner", "Dinner", room: "r", "21:00", "23:00"), late])
        let page = TimetablePage.render(try await timetable(programme), programme: programme)
        #expect(
            page.contains(
                "<div class=\"cell continues y4-1 x2-1\">"
                    + "<a class=\"block\" href=\"sessions/late\"><span class=\"when\">23:00–01:30 (ends Wed 20 Sep)</span>"
                    + "<span class=\"title\">Night walk</span></a></div>"))
        #expect(page.contains("<div class=\"grid g1-3-60\">"))
        #expect(page.contains(".g1-3-60 { --tracks: 1; --rows: 3; --row-minutes: 60; }\n"))
        #expect(page.contains("<div class=\"time y4-1\"><time>23:00</time></div>"))
        #expect(page.contains(".y4-1 { grid-row: 4 / span 1; }\n"))
        #expect(!page.contains("day-2023-09-20"))
    }

    @Test func sessionsWithoutARoomHaveTheirOwnColumn() async throws {
        let programme = Programme(
            event: EventInfo(name: "Open day", timeZone: "Europe/Paris"), rooms: [Room(id: "hall", name: "Hall")],
            sessions: [
                session("walk", "Walking tour", room: nil, "10:00", "11:00"),
                session("talk", "Talk", room: "hall", "10:00", "10:45"),
                session("picnic", "Picnic", room: nil, "10:30", "12:00"),
            ])
        let table = try await timetable(programme)
        #expect(table.days[0].columns.map(\.name) == ["Hall", "No room"])
        #expect(table.days[0].columns.map(\.lanes) == [1, 2])
        let page = TimetablePage.render(table, programme: programme)
        #expect(page.contains("<div class=\"room x2-1\">Hall</div>"))
        #expect(page.contains("<div class=\"room no-room x3-2\">No room</div>"))
        #expect(
            page.contains(
                "<div class=\"cell y2-4 x3-1\">"
                    + "<a class=\"block\" href=\"sessions/walk\">"))
        #expect(
            page.contains(
                "<div class=\"cell y4-6 x4-1\">"
                    + "<a class=\"block\" href=\"sessions/picnic\">"))
    }

    @Test func allDaySessionsAreABandAndInstantsAMarker() async throws {
        let programme = Programme(
            event: EventInfo(name: "Fair", timeZone: "Europe/Paris"), rooms: [Room(id: "hall", name: "Hall")],
            sessions: [
                Session(
                    id: "expo", title: "Exhibition", slot: Slot(start: at(19, 0, 0), end: at(21, 0, 0)), room: "hall",
                    allDay: true),
                session("doors", "Doors close", room: "hall", "18:00", "18:00"),
                session("talk", "Talk", room: "hall", "17:00", "18:00"),
            ])
        let page = TimetablePage.render(try await timetable(programme), programme: programme)
        #expect(
            page.contains(
                "<ul class=\"all-day\" aria-label=\"All day\">\n<li><a href=\"sessions/expo\">Exhibition</a> · Hall</li>\n</ul>"
            ))
        #expect(
            page.contains(
                "<div class=\"cell instant y3-1 x2-1\"><a class=\"block\" href=\"sessions/doors\">"
                    + "<span class=\"when\">18:00</span><span class=\"title\">Doors close</span></a></div>"))
        // Only the day the exhibition starts has sessions of its own, so it is the only day listed.
        #expect(page.contains("<a href=\"#day-2023-09-19\">Tuesday 19 September 2023</a>"))
        #expect(!page.contains("day-2023-09-20"))
    }
}
