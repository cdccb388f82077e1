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

    /// Whether the text holds a scalar ``cleaned(_:singleLine:)`` changes, read from the UTF-8 bytes: C0 controls
    /// (but tab and line feed in blocks), DEL, C1 controls (`C2 80`…`C2 9F`) and non-characters (`EF B7 90`…`EF B7 AF`,
    /// `EF BF BE`, `EF BF BF`, and U+xFFFE and U+xFFFF of every plane). `·`, `«` or a no-break space (`C2 B7`,
    /// `C2 AB`, `C2 A0`) need nothing.
    static func needsCleaning(_ text: String, singleLine: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let rest = bytes.count - index
                switch byte {
                case 0x09, 0x0A: if singleLine { return true }
                case ..<0x20, 0x7F: return true
                case 0xC2: if rest > 1, (0x80...0x9F).contains(bytes[index + 1]) { return true }
                case 0xEF:
                    if rest > 2 {
                        let (second, third) = (bytes[index + 1], bytes[index + 2])
                        if (second == 0xB7 && (0x90...0xAF).contains(third)) || (second == 0xBF && third >= 0xBE) {
                            return true
                        }
                    }
                case 0xF0...:
                    if rest > 3, bytes[index + 1] & 0x0F == 0x0F, bytes[index + 2] == 0xBF, bytes[index + 3] >= 0xBE {
                        return true
                    }
                default: break
                }
                index += 1
            }
            return false
        }
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
