import ICal
import Testing

@testable import Ateliers

@Suite struct ProgrammePageImporterTests {
    @Test func titleIsTheFirstLineAndParagraphsUpToAHeadingAreTheDescription() throws {
        let result = try page([
            "", "Mon atelier", "", "Premier paragraphe.", "suite.", "", "Second.", "", "I / Accueil :",
        ])
        let session = result.programme.sessions[0]
        #expect(session.title == "Mon atelier")
        #expect(session.description == "Premier paragraphe.\nsuite.\n\nSecond.")
        #expect(session.sources == [SourceLocation(file: "page.txt", line: 2)])
        #expect(session.id == "mon-atelier")
        #expect(session.hasDerivedID)
    }

    @Test func knownLabelsBeforeTheTitleAreSkipped() throws {
        let result = try page([" Note de cadrage ", "L’action internationale", "", "Contexte"])
        #expect(result.programme.sessions[0].title == "L’action internationale")
    }

    @Test func practicalValuesContinueOnTheNextLine() throws {
        let result = try page([
            "T", "Informations pratiques", "Horaire : 19 septembre 2023, de 11h30 à 13h00", "Salle : Amphi",
            "G. Berger", "Type : Atelier 1",
        ])
        let session = result.programme.sessions[0]
        #expect(session.id == "atelier-1")
        #expect(session.kind == "Atelier")
        #expect(session.room == "amphi-g-berger")
        #expect(result.programme.rooms == [Room(id: "amphi-g-berger", name: "Amphi G. Berger")])
        #expect(session.roomSource?.line == 4)
        #expect(session.slotSource?.line == 3)
        #expect(result.diagnostics == [])
    }

    @Test(arguments: [
        ("19 septembre 2023, de 11h30 à 13h00", 2023, 9, 19),
        ("mardi 19 septembre 2023, de 11h30 à 13h00", 2023, 9, 19),
        ("MARDI 19 SEPTEMBRE 2023 de 11h30 à 13h00", 2023, 9, 19),
        ("dimanche 1er octobre 2023, 11h30 – 13h00", 2023, 10, 1),
        ("19/09/2023, 11h30-13h00", 2023, 9, 19),
        ("le 3 février 2024 de 11h30 à 13h00", 2024, 2, 3),
    ])
    func readsDates(text: String, year: Int, month: Int, day: Int) throws {
        let result = try page(["T", "Horaire : \(text)"])
        #expect(result.diagnostics == [])
        #expect(result.programme.sessions[0].slot?.start.date == LocalDate(year: year, month: month, day: day))
    }

    @Test(arguments: [
        ("de 11h30 à 13h00", "11:30", "13:00"), ("de 11h à 13h", "11:00", "13:00"), ("9h-11h", "09:00", "11:00"),
        ("11:30 – 13:00", "11:30", "13:00"), ("11h30-13h00", "11:30", "13:00"), ("de 9h à 10h15", "09:00", "10:15"),
    ])
    func readsTimeRanges(text: String, start: String, end: String) throws {
        let result = try page(["T", "Horaire : 19 septembre 2023, \(text)"])
        let slot = try #require(result.programme.sessions[0].slot)
        #expect(slot.start.time == LocalTime(text: start))
        #expect(slot.end.time == LocalTime(text: end))
    }

    @Test func unreadableTimesAndDatesAreDiagnosticsWithTheirLine() throws {
        let result = try page(["T", "Horaire : bientôt", "Salle : A", "Horaire : mercredi 19 septembre 2023, 9h-10h"])
        #expect(result.diagnostics.map(\.rule) == ["invalid-time", "invalid-time"])
        #expect(result.diagnostics.map { $0.sources[0].line } == [2, 4])
        #expect(result.diagnostics[1].message.contains("is not that weekday"))
        #expect(result.programme.sessions[0].slot == nil)
    }

    @Test func anUnreadablePracticalLineIsADiagnostic() throws {
        let result = try page(["T", "Informations pratiques", "", "Salle : A", "", "Tarif : gratuit", "n’importe quoi"])
        #expect(result.diagnostics.map(\.rule) == ["unreadable-line", "unreadable-line"])
        #expect(
            result.diagnostics.map { $0.sources[0] } == [
                .init(file: "page.txt", line: 6), .init(file: "page.txt", line: 7),
            ])
    }

    @Test func listedSessionsShareThePageDateAndReadTheirRoom() throws {
        let result = try page([
            "T", "Horaire : 19 septembre 2023, de 11h30 à 13h00", "Les autres rendez-vous de la session",
            "De 11h30 à 13h00 : Les droits des femmes\u{A0}: quel rôle\u{A0}? (salle Salle L. Armand Ouest)",
            "De 11h30 à 13h00 : Éducation (salle Salle 2)", "De 14h à 15h30 : Énergie (salle )",
        ])
        let listed = Array(result.programme.sessions.dropFirst())
        #expect(listed.map(\.title) == ["Les droits des femmes\u{A0}: quel rôle\u{A0}?", "Éducation", "Énergie"])
        #expect(listed.map(\.room) == ["salle-l-armand-ouest", "salle-2", nil])
        #expect(result.programme.rooms.map(\.name) == ["Salle L. Armand Ouest", "Salle 2"])
        #expect(
            listed[2].slot
                == Slot(
                    date: .init(year: 2023, month: 9, day: 19), start: .init(hour: 14, minute: 0),
                    end: .init(hour: 15, minute: 30)))
        #expect(listed.map { $0.sources[0].line } == [4, 5, 6])
    }

    @Test func partsRolesAndPeople() throws {
        let result = try page([
            "T", "I / Mot d’accueil\u{A0}:", "", "François Rebsamen, Maire de Dijon, Président de CUF", "",
            "Animation\u{202F}:", "Virginie Rouquette, Directrice générale", "", "II/ Témoignages :",
            "Regis Besse, Directeur, Clermont-Ferrand", "- Échanges avec la salle",
            "III/Eléments de conclusion et perspectives", "Cités Unies France",
        ])
        let session = result.programme.sessions[0]
        #expect(session.moderators == [Person(name: "Virginie Rouquette", roles: ["Directrice générale"])])
        #expect(
            session.parts == [
                AgendaPart(
                    title: "Mot d’accueil",
                    speakers: [Person(name: "François Rebsamen", roles: ["Maire de Dijon", "Président de CUF"])]),
                AgendaPart(
                    title: "Témoignages",
                    speakers: [Person(name: "Regis Besse", roles: ["Directeur", "Clermont-Ferrand"])],
                    items: ["Échanges avec la salle"]),
                AgendaPart(title: "Eléments de conclusion et perspectives", organisations: ["Cités Unies France"]),
            ])
    }

    @Test func bulletsUnderInterventionsStartPartsAndOneLineCanNameTwoPeople() throws {
        let result = try page([
            "T", "Introduction : Mary Gely, Docteur", "· Présentation du thème", "",
            "Présidence : Michel Destot, Député de l’Isère", "", "Interventions, en ordre de passage:", "",
            "· La marque de territoire", "", "Sylvie Rouillon Valdiguie, Vice-Présidente",
            "Adjointe au Maire de Toulouse, Vice-Présidente de Toulouse Métropole", "", "· La ville durable", "",
            "Michèle Pappalardo, coordinatrice, et Michel Sabatier, vice-président, et Conseiller municipal.",
        ])
        let session = result.programme.sessions[0]
        #expect(session.chairs == [Person(name: "Michel Destot", roles: ["Député de l’Isère"])])
        #expect(
            session.parts == [
                AgendaPart(
                    title: "Introduction", speakers: [Person(name: "Mary Gely", roles: ["Docteur"])],
                    items: ["Présentation du thème"]),
                AgendaPart(
                    title: "La marque de territoire",
                    speakers: [
                        Person(
                            name: "Sylvie Rouillon Valdiguie",
                            roles: [
                                "Vice-Présidente", "Adjointe au Maire de Toulouse",
                                "Vice-Présidente de Toulouse Métropole",
                            ])
                    ]),
                AgendaPart(
                    title: "La ville durable",
                    speakers: [
                        Person(name: "Michèle Pappalardo", roles: ["coordinatrice"]),
                        Person(name: "Michel Sabatier", roles: ["vice-président", "Conseiller municipal."]),
                    ]),
            ])
    }

    @Test func typographyCRLFTabsAndTrailingSpacesAreTolerated() throws {
        let text =
            "\u{FEFF}\tMon atelier  \r\n\r\nHoraire\u{A0}:\u{202F}19\u{A0}septembre 2023, de 11h30 à 13h00 \r\nSalle :\tSalle 2\t\r\n"
        let result = try ProgrammePageImporter().read(path: "crlf.txt", text: text)
        let session = result.programme.sessions[0]
        #expect(session.title == "Mon atelier")
        #expect(session.room == "salle-2")
        #expect(session.slot?.start == LocalDateTime(year: 2023, month: 9, day: 19, hour: 11, minute: 30))
        #expect(session.roomSource?.line == 4)
    }

    @Test func anEmptyPageCannotBeRead() {
        #expect(
            throws: InputError(
                file: "page.txt", message: "the file is empty: expected a programme page with a title line")
        ) {
            try page(["", "  ", "\u{A0}"])
        }
    }

    @Test func namesAreComparedWithoutCaseAccentsSpacesOrApostropheVariants() {
        #expect(
            TextKey.normalised("L’Action  Internationale\u{A0}: Élan")
                == TextKey.normalised("l'action internationale: elan"))
        #expect(Person(name: "François  Rebsamen").key == Person(name: "FRANCOIS REBSAMEN").key)
        #expect(TextKey.slug("Accès à l’énergie et gouvernance locale") == "acces-a-l-energie-et-gouvernance-locale")
    }
}
