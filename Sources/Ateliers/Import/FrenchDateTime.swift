import ICal

/// Reads the dates and times of French programme pages: `mardi 19 septembre 2023`, `1er octobre 2023`,
/// `19/09/2023`, `11h30`, `11h`, `9h`, `11:30`, ranges `de 11h30 à 13h00`, `11h30 – 13h00`, `11h30-13h00`.
enum FrenchDateTime {
    static let months = [
        "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
        "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10,
        "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    ]
    static let weekdays = [
        "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6, "dimanche": 7,
    ]

    /// A date found in a text, with the weekday the text names, if any.
    struct FoundDate: Equatable {
        var year: Int
        var month: Int
        var day: Int
        var weekday: Int?
    }

    /// The first date in `text`, or `nil` when there is none. The fields are not validated.
    static func findDate(in text: String) -> FoundDate? {
        let key = TextKey.normalised(text)
        if let match = key.firstMatch(of: #/(\d{1,2})/(\d{1,2})/(\d{4})/#) {
            return FoundDate(year: Int(match.3)!, month: Int(match.2)!, day: Int(match.1)!)
        }
        if let match = key.firstMatch(of: #/(\d{4})-(\d{2})-(\d{2})/#) {
            return FoundDate(year: Int(match.1)!, month: Int(match.2)!, day: Int(match.3)!)
        }
        let pattern = #/(?:([a-z]+)\s+)?(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})/#
        for match in key.matches(of: pattern) {
            guard let month = months[String(match.3)] else { continue }
            let weekday = match.1.flatMap { weekdays[String($0)] }
            return FoundDate(year: Int(match.4)!, month: month, day: Int(match.2)!, weekday: weekday)
        }
        return nil
    }

    /// The first time range in `text`: `de 11h30 à 13h00`, `11h30 – 13h00`, `11:30-13:00`, `9h-11h`.
    static func findTimeRange(in text: String) -> (start: (Int, Int), end: (Int, Int))? {
        let key = TextKey.normalised(text)
        let time = #"(\d{1,2})\s*(?:h|:)\s*(\d{2})?"#
        guard
            let regex = try? Regex(time + #"\s*(?:a|-|au|jusqu'a|to)\s*"# + time),
            let match = key.firstMatch(of: regex)
        else { return nil }
        func number(_ index: Int) -> Int? {
            guard let substring = match.output[index].substring else { return nil }
            return Int(substring)
        }
        guard let startHour = number(1), let endHour = number(3) else { return nil }
        return ((startHour, number(2) ?? 0), (endHour, number(4) ?? 0))
    }
}
