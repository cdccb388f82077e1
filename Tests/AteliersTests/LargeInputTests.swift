import Foundation
import Testing

@testable import Ateliers

/// Inputs large enough that anything quadratic would take minutes: every reader stays linear. No timing is
/// asserted; the counts prove the whole input was read.
@Suite struct LargeInputTests {
    @Test func twentyThousandRoomsInACSVLoadAsTwentyThousandRooms() throws {
        var csv = "id,title,date,start,end,room,track\n"
        for number in 0..<20_000 {
            csv += "s\(number),Session \(number),2023-09-19,09:00,10:00,Room \(number),T\(number % 7)\n"
        }
        let result = try CSVProgrammeImporter().read(path: "rooms.csv", text: csv)
        #expect(result.programme.rooms.count == 20_000)
        #expect(result.programme.tracks.count == 7)
        #expect(result.programme.sessions.count == 20_000)
        #expect(result.programme.room("room-19999")?.name == "Room 19999")
        var merger = ProgrammeMerger()
        merger.merge(result.programme, from: "rooms.csv")
        merger.merge(result.programme, from: "again.csv")
        #expect(merger.programme.rooms.count == 20_000)
        #expect(merger.programme.sessions.count == 20_000)
        #expect(merger.programme.sessions[19_999].sources.count == 1)
    }

    @Test func aOneMegabyteOtherSessionsLineIsReadWhole() throws {
        // 65,000 × 18 bytes: a line of 1.17 MB.
        let title = String(repeating: "Atelier général ", count: 65_000)
        let result = try page([
            "Titre", "", "Informations pratiques", "Horaire : 19 septembre 2023, de 11h30 à 13h00", "Salle : Amphi", "",
            "Les autres rendez-vous de la session", "", "De 11h30 à 13h00 : \(title)(salle B)",
        ])
        #expect(result.programme.sessions.count == 2)
        #expect(result.programme.sessions[1].title.utf8.count == 1_169_999)
        #expect(result.programme.sessions[1].room == "b")
        #expect(result.diagnostics == [])
    }

    @Test func fifteenThousandListedSessionsMergeLinearly() throws {
        var lines = [
            "Titre", "", "Informations pratiques", "Horaire : 19 septembre 2023, de 11h30 à 13h00", "Salle : Amphi", "",
            "Les autres rendez-vous de la session", "",
        ]
        for number in 0..<15_000 { lines.append("De 11h30 à 13h00 : Été \(number) (salle B\(number))") }
        for _ in 0..<5_000 { lines.append("De 11h30 à 13h00 : Été répété (salle C)") }
        let result = try page(lines)
        var merger = ProgrammeMerger()
        merger.merge(result.programme, from: "page.txt")
        #expect(merger.programme.sessions.count == 15_002)
        #expect(merger.programme.rooms.count == 15_002)
        #expect(merger.programme.sessions.last?.sources.count == 5_000)
    }
}
