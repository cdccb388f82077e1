/// A small RFC 4180 reader that keeps each record's line number: quoted fields (with `""` and line breaks
/// inside), CRLF or LF, a UTF-8 BOM, and `,` or `;` as the separator (spreadsheets in French locales write `;`).
struct CSVReader {
    struct Record {
        /// The line the record starts on, 1-based.
        var line: Int
        var fields: [String]
    }

    /// The separator the header line uses: `;` when it has more semicolons than commas.
    static func separator(of text: Substring) -> UInt8 {
        let header = text.prefix { $0 != "\n" && $0 != "\r" }
        return header.count(where: { $0 == ";" }) > header.count(where: { $0 == "," })
            ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }

    /// All records at once, blank lines skipped, and the line of a quote that never closes.
    static func records(_ text: String) -> (records: [Record], unclosedQuoteLine: Int?) {
        var records: [Record] = []
        let unclosed = forEachRecord(text) { records.append($0) }
        return (records, unclosed)
    }

    /// Calls `body` with each record as it is read, so a large file is never held as records.
    /// - Returns: the line of a quote that never closes, if any.
    /// - Complexity: O(bytes).
    @discardableResult
    static func forEachRecord(_ text: String, _ body: (Record) -> Void) -> Int? {
        var content = Substring(text)
        if content.hasPrefix("\u{FEFF}") { content = content.dropFirst() }
        let separator = separator(of: content)
        let bytes = Array(content.utf8)
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 0
        var index = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].allSatisfy(\.isWhitespace)) {
                body(Record(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") && field.isEmpty {
                inQuotes = true
                quoteLine = line
            } else if byte == separator {
                endField()
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if byte == UInt8(ascii: "\r") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") {
                    index += 1
                }
                endRecord()
                line += 1
                recordLine = line
            } else {
                field.append(byte)
            }
            index += 1
        }
        if inQuotes { return quoteLine }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return nil
    }
}
