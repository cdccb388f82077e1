import Foundation

/// How names and titles are compared and turned into identifiers.
public enum TextKey {
    /// A comparison key: case and accents folded, apostrophe and dash variants unified, every kind of space
    /// (NBSP, narrow NBSP, tabs) collapsed, and no space before `: ; ? !` (French typography puts one there).
    /// - Complexity: O(length), with a table for Latin letters; no Foundation call on the way.
    public static func normalised(_ text: String) -> String {
        if let ascii = normalisedASCII(text) { return ascii }
        // UTF-8 bytes, not a `String.UnicodeScalarView`: appending to the view copies the whole string each
        // time, which made a 1 MB line take 24 s.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if (0x0300...0x036F).contains(scalar.value) { continue }
            let folded = fold(scalar)
            if pendingSpace && !(folded.count == 1 && ":;?!".unicodeScalars.contains(folded[0])) {
                bytes.append(0x20)
            }
            pendingSpace = false
            for part in folded { UTF8.encode(part) { bytes.append($0) } }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Unicode's White_Space, and the narrow no-break space. Below U+1680 the only ones are tab to carriage return,
    /// space, U+0085 and U+00A0: answered without the property tables, which cost a lookup per accented letter.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x1680 { return value == 0x20 || (0x09...0x0D).contains(value) || value == 0x85 || value == 0xA0 }
        return scalar.properties.isWhitespace || value == 0x202F
    }

    /// One scalar, lowercased, without its accent, with apostrophe, dash and quote variants unified.
    static func fold(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        switch scalar.value {
        case 0x41...0x5A: return [Unicode.Scalar(scalar.value + 32)!]
        case 0..<0x80: return [scalar == "`" ? "'" : scalar]
        case 0x2019, 0x2018, 0x02BC, 0x00B4, 0x2032: return ["'"]
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212: return ["-"]
        case 0x00AB, 0x00BB, 0x201C, 0x201D: return ["\""]
        case 0xC0...0x24F:
            if let base = latinBase[Int(scalar.value - 0xC0)] { return base }
        default: break
        }
        return Array(scalar.properties.lowercaseMapping.unicodeScalars)
    }

    /// The lowercase base letters of U+00C0…U+024F (`É` → `e`, `Œ` → `oe`), from Unicode's decompositions.
    static let latinBase: [[Unicode.Scalar]?] = (0xC0...0x24F).map { value in
        let special: [UInt32: String] = [
            0xC6: "ae", 0xE6: "ae", 0x152: "oe", 0x153: "oe", 0xDF: "ss", 0xD8: "o", 0xF8: "o",
        ]
        if let text = special[UInt32(value)] { return Array(text.unicodeScalars) }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first!
        guard base.isASCII else { return nil }
        return Array(String(base).lowercased().unicodeScalars)
    }

    /// The same key without Unicode tables, for the common all-ASCII case; `nil` when the text is not ASCII.
    static func normalisedASCII(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !bytes.isEmpty
                continue
            }
            var folded = byte
            if byte == UInt8(ascii: "`") { folded = UInt8(ascii: "'") }
            if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) { folded = byte + 32 }
            if pendingSpace && !":;?!".utf8.contains(folded) { bytes.append(0x20) }
            pendingSpace = false
            bytes.append(folded)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A readable identifier: `Amphi G. Berger` → `amphi-g-berger`; at most 60 characters, cut at a word.
    /// The id of a room or track known by its name only: its slug, or, for a name with no ASCII letter or digit
    /// (`日本`, `Зал`, `../..`), `<kind>-` and eight hex digits of the name's hash, so two such names never share
    /// an id (they all used to be `""`, and were merged into one room).
    public static func identifier(_ name: String, kind: String) -> String {
        let slug = slug(name)
        return slug.isEmpty ? "\(kind)-\(FeedNames.hash(name))" : slug
    }

    public static func slug(_ text: String, limit: Int = 60) -> String {
        var words: [String] = []
        var current = ""
        for character in normalised(text) {
            if character.isASCII && (character.isLetter || character.isNumber) {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var slug = ""
        for word in words {
            let next = slug.isEmpty ? word : slug + "-" + word
            if next.count > limit { break }
            slug = next
        }
        if slug.isEmpty, let first = words.first { slug = String(first.prefix(limit)) }
        return slug
    }
}
