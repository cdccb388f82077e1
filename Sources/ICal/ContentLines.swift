/// Content-line fixes that libical 3.0.16 does not make itself.
enum ContentLines {
    /// Escapes `,` and `;` in the values of the named X- properties and refolds those lines.
    ///
    /// libical 3.0.16 writes X- property values with backslashes and newlines escaped but commas and semicolons
    /// raw, while RFC 5545 §3.3.11 makes X- values TEXT, where both must be escaped.
    static func escapingXText(in text: String, properties: Set<String>) -> String {
        var output = ""
        for line in unfold(text) {
            guard let colon = line.firstIndex(of: ":"), properties.contains(String(line[..<colon])) else {
                output += fold(line)
                continue
            }
            var escaped = String(line[...colon])
            var previousWasBackslash = false
            for character in line[line.index(after: colon)...] {
                if (character == "," || character == ";") && !previousWasBackslash { escaped.append("\\") }
                previousWasBackslash = character == "\\" && !previousWasBackslash
                escaped.append(character)
            }
            output += fold(escaped)
        }
        return output
    }

    /// Splits CRLF text into logical lines, joining folded continuations.
    static func unfold(_ text: String) -> [String] {
        var lines: [String] = []
        for physical in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            if physical.first == " " || physical.first == "\t", !lines.isEmpty {
                lines[lines.count - 1] += physical.dropFirst()
            } else {
                lines.append(String(physical))
            }
        }
        return lines
    }

    /// Folds one logical line at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 sequence; ends with CRLF.
    static func fold(_ line: String) -> String {
        var output = ""
        var width = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if width + size > 75 {
                output += "\r\n "
                width = 1
            }
            output.unicodeScalars.append(scalar)
            width += size
        }
        return output + "\r\n"
    }
}
