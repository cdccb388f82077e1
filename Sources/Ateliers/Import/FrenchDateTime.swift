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

    nonisolated(unsafe) static let slashedDate = #/([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})/#
    nonisolated(unsafe) static let isoDate = #/([0-9]{4})-([0-9]{2})-([0-9]{2})/#

    /// The first date in `text`, or `nil` when there is none. The fields are not validated.
    ///
    /// Digits are ASCII only (`\\d` would take `２０２３`), and a date must stand alone: `-2023-09-19`,
    /// `12023-09-19` and `2023-09-1999` are not dates.
    static func findDate(in text: String) -> FoundDate? {
        let key = TextKey.normalised(text)
        if let match = key.firstMatch(of: slashedDate) {
            guard standsAlone(match.range, in: key), let day = Int(match.1), let month = Int(match.2),
                let year = Int(match.3)
            else { return nil }
            return FoundDate(year: year, month: month, day: day)
        }
        if let match = key.firstMatch(of: isoDate) {
            guard standsAlone(match.range, in: key), let year = Int(match.1), let month = Int(match.2),
                let day = Int(match.3)
            else { return nil }
            return FoundDate(year: year, month: month, day: day)
        }
        var from = key.utf8.startIndex
        while let match = writtenDate(in: key, from: from) {
            from = match.range.upperBound
            guard let month = months[match.month] else { continue }
            guard standsAlone(match.range, in: key), let day = Int(match.day), let year = Int(match.year) else {
                return nil
            }
            return FoundDate(year: year, month: month, day: day, weekday: match.weekday.flatMap { weekdays[$0] })
        }
        return nil
    }

    /// A written date as the pattern `(?:([a-z]+)\s+)?([0-9]{1,2})(?:er)?\s+([a-z]+)\.?\s+([0-9]{4})` finds it
    /// searching from `from`, read in one pass: the regular expression tried every letter of a long word as the
    /// start of a weekday, O(n²) (a 16 KB line took 17 s). The month is any word; the caller looks it up.
    /// - Complexity: O(n) in the bytes after `from`.
    static func writtenDate(
        in key: String, from: String.Index
    ) -> (range: Range<String.Index>, weekday: String?, day: Substring, month: String, year: Substring)? {
        let bytes = key.utf8
        func isDigit(_ index: String.Index) -> Bool { index < bytes.endIndex && (0x30...0x39).contains(bytes[index]) }
        func isLetter(_ index: String.Index) -> Bool { index < bytes.endIndex && (0x61...0x7A).contains(bytes[index]) }
        func isSpace(_ index: String.Index) -> Bool { index < bytes.endIndex && isSpaceByte(bytes[index]) }
        /// The end of the run of bytes from `index` that `test` accepts.
        func skip(_ index: String.Index, while test: (String.Index) -> Bool) -> String.Index {
            var index = index
            while test(index) { index = bytes.index(after: index) }
            return index
        }
        var runStart = from
        while runStart < bytes.endIndex {
            guard isDigit(runStart) else {
                runStart = bytes.index(after: runStart)
                continue
            }
            let runEnd = skip(runStart, while: isDigit)
            defer { runStart = runEnd }
            // The day is the run's last one or two digits: only they can be followed by a space.
            let dayStart = bytes.index(runEnd, offsetBy: -2, limitedBy: runStart) ?? runStart
            var cursor = runEnd
            if bytes[cursor...].starts(with: "er".utf8), isSpace(bytes.index(cursor, offsetBy: 2)) {
                cursor = bytes.index(cursor, offsetBy: 2)
            }
            let monthStart = skip(cursor, while: isSpace)
            guard monthStart != cursor, isLetter(monthStart) else { continue }
            let monthEnd = skip(monthStart, while: isLetter)
            cursor = monthEnd
            if cursor < bytes.endIndex, bytes[cursor] == UInt8(ascii: ".") { cursor = bytes.index(after: cursor) }
            let yearStart = skip(cursor, while: isSpace)
            guard yearStart != cursor, let yearEnd = bytes.index(yearStart, offsetBy: 4, limitedBy: bytes.endIndex),
                bytes[yearStart..<yearEnd].allSatisfy({ (0x30...0x39).contains($0) })
            else { continue }
            // A word and spaces just before the day are its weekday, when the search may look there.
            var start = dayStart
            var weekday: String?
            let spaces = rewind(dayStart, in: key, from: from, over: isSpaceByte)
            if spaces < dayStart {
                let word = rewind(spaces, in: key, from: from, over: { (0x61...0x7A).contains($0) })
                if word < spaces {
                    start = word
                    weekday = String(key[word..<spaces])
                }
            }
            return (
                start..<yearEnd, weekday, key[dayStart..<runEnd], String(key[monthStart..<monthEnd]),
                key[yearStart..<yearEnd]
            )
        }
        return nil
    }

    /// `\s` for the bytes a normalised key can hold: space, tab, line feed, vertical tab, form feed, return.
    private static func isSpaceByte(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// The first index of the run of `accepted` bytes that ends at `end`, not before `from`.
    private static func rewind(
        _ end: String.Index, in key: String, from: String.Index, over accepted: (UInt8) -> Bool
    ) -> String.Index {
        let bytes = key.utf8
        var index = end
        while index > from {
            let previous = bytes.index(before: index)
            guard accepted(bytes[previous]) else { break }
            index = previous
        }
        return index
    }

    /// Whether a match is not part of a longer number or a signed one: no digit, sign or slash just before it, no
    /// digit just after it.
    static func standsAlone(_ range: Range<String.Index>, in text: String) -> Bool {
        if range.lowerBound > text.startIndex {
            let before = text[text.index(before: range.lowerBound)]
            if before.isASCII && (before.isNumber || "-+/".contains(before)) { return false }
        }
        if range.upperBound < text.endIndex {
            let after = text[range.upperBound]
            if after.isASCII && (after.isNumber || after == "/") { return false }
        }
        return true
    }

    /// A literal, built once: `Regex(String)` would parse at run time (and Swift's regex parser leaks what it
    /// builds, LeakSanitizer shows).
    nonisolated(unsafe) static let timeRangePattern =
        #/([0-9]{1,2})\s*(?:h|:)\s*([0-9]{2})?\s*(?:a|-|au|jusqu'a|to)\s*([0-9]{1,2})\s*(?:h|:)\s*([0-9]{2})?/#

    /// The first time range in `text`: `de 11h30 à 13h00`, `11h30 – 13h00`, `11:30-13:00`, `9h-11h`.
    static func findTimeRange(in text: String) -> (start: (Int, Int), end: (Int, Int))? {
        let key = TextKey.normalised(text)
        guard let match = key.firstMatch(of: timeRangePattern) else { return nil }
        // `-1h00` is not 01:00, nor `111h00` 11:00.
        if match.range.lowerBound > key.startIndex {
            let before = key[key.index(before: match.range.lowerBound)]
            if before.isASCII && (before.isNumber || before == "-" || before == "+") { return nil }
        }
        if match.range.upperBound < key.endIndex, key[match.range.upperBound].isASCII,
            key[match.range.upperBound].isNumber
        {
            return nil
        }
        guard let startHour = Int(match.1), let endHour = Int(match.3) else { return nil }
        return ((startHour, match.2.flatMap { Int($0) } ?? 0), (endHour, match.4.flatMap { Int($0) } ?? 0))
    }
}
