/// The one rule for text that reaches a feed, a schedule, a page or the terminal.
///
/// Control characters (U+0000–U+001F except tab and line feed, U+007F–U+009F) and Unicode non-characters
/// (U+FFFE, U+FFFF, U+FDD0–U+FDEF…) are removed: they cut titles short (NUL), make XML not well-formed, or
/// drive terminals. A carriage return ends a line like a line feed. One-line fields (titles, names, ids) also
/// have their line breaks and tabs made spaces.
public enum CleanText {
    /// The text without what the rule removes, and the first character removed (for the warning), if any.
    /// - Complexity: O(length); no allocation when there is nothing to clean.
    public static func cleaned(_ text: String, singleLine: Bool) -> (text: String, removed: Unicode.Scalar?) {
        guard needsCleaning(text, singleLine: singleLine) else { return (text, nil) }
        var scalars = String.UnicodeScalarView()
        var removed: Unicode.Scalar?
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar {
            case "\n" where previousWasCarriageReturn:
                continue
            case "\r", "\n", "\t":
                scalars.append(singleLine ? " " : scalar == "\t" ? "\t" : "\n")
            default:
                if isRemoved(scalar) {
                    removed = removed ?? scalar
                } else {
                    scalars.append(scalar)
                }
            }
        }
        return (String(scalars), removed)
    }

    static func needsCleaning(_ text: String, singleLine: Bool) -> Bool {
        for byte in text.utf8 {
            if byte < 0x20 && (singleLine || (byte != 0x09 && byte != 0x0A)) { return true }
            // 0x7F, C1 controls (0xC2 0x80…0x9F) and the non-characters (0xEF 0xB7 / 0xEF 0xBF …, 4-byte planes)
            // all start with one of these bytes.
            if byte == 0x7F || byte == 0xC2 || byte == 0xEF || byte >= 0xF0 { return true }
        }
        return false
    }

    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0xFDD0...0xFDEF).contains(value)
            || value & 0xFFFE == 0xFFFE
    }

    /// The text for a terminal line: control characters, line breaks included, shown as `\u{1B}`, so a title
    /// can neither drive the terminal nor forge a line of the report.
    public static func printable(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xEF || $0 >= 0xF0 }) else {
            return text
        }
        // Copied in runs between escapes, not one scalar at a time (a 12,000-character message took milliseconds).
        var output = ""
        output.reserveCapacity(text.utf8.count)
        let scalars = text.unicodeScalars
        var runStart = scalars.startIndex
        for index in scalars.indices {
            let scalar = scalars[index]
            guard isRemoved(scalar) || scalar == "\u{2028}" || scalar == "\u{2029}" else { continue }
            output += Substring(scalars[runStart..<index])
            output += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            runStart = scalars.index(after: index)
        }
        output += Substring(scalars[runStart...])
        return output
    }

    /// A URL that can be written into a calendar: `http` or `https`, a host, no spaces or control characters,
    /// at most 2,048 characters. Anything else is `nil`: a CR LF in a URL would forge calendar lines, and a
    /// `javascript:` one would run in a page.
    public static func webURL(_ text: String) -> String? {
        let trimmed = text.trimmingSpaces
        guard trimmed.utf8.count <= 2_048,
            trimmed.unicodeScalars.allSatisfy({ !isRemoved($0) && !$0.properties.isWhitespace && $0 != "\"" }),
            let schemeEnd = trimmed.firstIndex(of: ":"),
            ["http", "https"].contains(trimmed[..<schemeEnd].lowercased()),
            trimmed[schemeEnd...].hasPrefix("://")
        else { return nil }
        let rest = trimmed[trimmed.index(schemeEnd, offsetBy: 3)...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map { $0.prefix { $0 != ":" } } ?? ""
        guard !host.isEmpty, !authority.contains("\\") else { return nil }
        return trimmed
    }
}
