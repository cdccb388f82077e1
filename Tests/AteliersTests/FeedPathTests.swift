import Ateliers
import Testing

/// The paths Ateliers may touch in an output folder.
@Suite struct FeedPathTests {
    @Test(arguments: [
        "all.ics", "track/economie.ics", "room/salle-2.ics", "speaker/marie-curie.ics", "day/2023-09-19.ics",
        "attendee/paul-langevin.ics", "attendee/attendee.ics",
    ])
    func feedPathsAteliersWrites(path: String) {
        #expect(FeedPath.isFeed(path))
        #expect(FeedPath.isGenerated(path))
    }

    @Test(arguments: [
        ".ateliers/state.sqlite", "../x", "notes.txt", "index.json", "room/../all.ics", "room/.ics", "room/x.ICS",
        "room/Salle.ics", "room/a/b.ics", "/etc/passwd.ics", "room//x.ics", "other/x.ics", "day/2023-9-19.ics",
        "day/２０２３-09-19.ics", "room/salle a.ics", "room/x.ics.tmp-1", "all.ics/x.ics", "room/é.ics", "",
        "room/" + String(repeating: "a", count: 201) + ".ics",
    ])
    func anythingElseIsNotAFeed(path: String) {
        #expect(!FeedPath.isFeed(path))
    }

    @Test func otherGeneratedFiles() {
        #expect(FeedPath.isGenerated("index.json"))
        #expect(FeedPath.isGenerated("schedule.xml"))
        #expect(FeedPath.isGenerated(".ateliers/state.sqlite"))
        #expect(!FeedPath.isGenerated("programme.yaml"))
        #expect(!FeedPath.isGenerated("notes.ics"))
    }
}
