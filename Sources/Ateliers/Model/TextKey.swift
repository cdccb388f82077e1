import Foundation

/// How names and titles are compared and turned into identifiers.
public enum TextKey {
    /// A comparison key: case and accents folded, apostrophe and dash variants unified, every kind of space
    /// (NBSP, narrow NBSP, tabs) collapsed, and no space before `: ; ? !` (French typography puts one there).
    public static func normalised(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.value == 0x00A0 || scalar.value == 0x202F {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if (0x0300...0x036F).contains(scalar.value) { continue }
            var folded = scalar
            switch scalar.value {
            case 0x2019, 0x2018, 0x02BC, 0x00B4, 0x0060, 0x2032: folded = "'"
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212: folded = "-"
            case 0x00AB, 0x00BB, 0x201C, 0x201D: folded = "\""
            default: break
            }
            if pendingSpace && !":;?!".unicodeScalars.contains(folded) { scalars.append(" ") }
            pendingSpace = false
            scalars.append(contentsOf: String(folded).lowercased().unicodeScalars)
        }
        return String(scalars)
    }

    /// A readable identifier: `Amphi G. Berger` → `amphi-g-berger`; at most 60 characters, cut at a word.
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
