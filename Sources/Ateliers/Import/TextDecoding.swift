/// Turns a file's bytes into text the way the files people have need: UTF-8 first, mended where an iCalendar
/// producer folded a line inside a character; UTF-16 with a byte-order mark; else Windows-1252 (a superset of
/// Latin-1, what spreadsheets and older calendar servers write), with one warning.
public enum TextDecoding {
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - file: its path, for messages.
    ///   - foldedLines: the format folds long lines (RFC 5545 §3.1): unfold the split characters before decoding.
    /// - Returns: the text, and a warning when it was not UTF-8.
    /// - Throws: ``InputError`` for a NUL byte: the file is not text.
    /// - Complexity: O(bytes).
    public static func decode(_ bytes: [UInt8], file: String, foldedLines: Bool) throws -> (
        text: String, warning: Diagnostic?
    ) {
        if bytes.count >= 2, (bytes[0], bytes[1]) == (0xFF, 0xFE) || (bytes[0], bytes[1]) == (0xFE, 0xFF) {
            return (try utf16(bytes, file: file), nil)
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw InputError(
                file: file, line: line(at: nul, in: bytes),
                message: "a NUL byte: this is not a text file (UTF-16 needs a byte-order mark)")
        }
        var candidate = bytes
        if foldedLines { candidate = mendingSplitCharacters(bytes) }
        if let text = String(validating: candidate, as: UTF8.self) { return (text, nil) }
        let firstBad = firstInvalidUTF8(candidate)
        let warning = Diagnostic(
            rule: "encoding", severity: .warning,
            message:
                "the file is not UTF-8 (byte 0x\(String(bytes[min(firstBad, bytes.count - 1)], radix: 16, uppercase: true)) here):"
                + " read as Windows-1252 (Latin-1); save it as UTF-8 to be sure of its accents",
            sources: [SourceLocation(file: file, line: line(at: firstBad, in: candidate))])
        return (windows1252(candidate), warning)
    }

    /// Moves a fold (CRLF or LF, then a space or tab) that splits a UTF-8 sequence to after that sequence, so the
    /// text decodes and keeps its line count.
    static func mendingSplitCharacters(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let foldLength: Int
            if bytes[index] == 0x0D, index + 2 < bytes.count, bytes[index + 1] == 0x0A,
                bytes[index + 2] == 0x20 || bytes[index + 2] == 0x09
            {
                foldLength = 3
            } else if bytes[index] == 0x0A, index + 1 < bytes.count,
                bytes[index + 1] == 0x20 || bytes[index + 1] == 0x09
            {
                foldLength = 2
            } else {
                output.append(bytes[index])
                index += 1
                continue
            }
            // How many continuation bytes the last character before the fold still lacks.
            var missing = 0
            var back = output.count - 1
            var seen = 0
            while back >= 0, seen < 4, output[back] & 0xC0 == 0x80 {
                back -= 1
                seen += 1
            }
            if back >= 0 {
                let lead = output[back]
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                missing = max(0, length - 1 - seen)
            }
            var after = index + foldLength
            var moved = 0
            while moved < missing, after < bytes.count, bytes[after] & 0xC0 == 0x80 {
                output.append(bytes[after])
                after += 1
                moved += 1
            }
            output += bytes[index..<(index + foldLength)]
            index = after
        }
        return output
    }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
            guard length > 0, index + length <= bytes.count,
                bytes[(index + 1)..<(index + length)].allSatisfy({ $0 & 0xC0 == 0x80 }),
                String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil
            else { return index }
            index += length
        }
        return bytes.count
    }

    /// The characters Windows-1252 puts at 0x80…0x9F (Latin-1 has control codes there); the five unassigned
    /// bytes read as in Latin-1.
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func windows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? windows1252High[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    static func utf16(_ bytes: [UInt8], file: String) throws -> String {
        let littleEndian = bytes[0] == 0xFF
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            let (low, high) = littleEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
            units.append(UInt16(high) << 8 | UInt16(low))
            index += 2
        }
        guard bytes.count % 2 == 0, let text = String(validating: units, as: UTF16.self) else {
            throw InputError(file: file, message: "not valid UTF-16 text (the byte-order mark says UTF-16)")
        }
        if let nul = text.unicodeScalars.firstIndex(of: "\u{0}") {
            let line = text.unicodeScalars[..<nul].count { $0 == "\n" } + 1
            throw InputError(file: file, line: line, message: "a NUL character: this is not a text file")
        }
        return text
    }

    static func line(at offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<min(offset, bytes.count)].count { $0 == 0x0A } + 1
    }
}
