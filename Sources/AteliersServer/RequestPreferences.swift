/// The request headers that choose between a full response, a `304` and an encoding (RFC 9110 §8.4, §12.5.3, §13).
enum RequestPreferences {
    /// Whether an `If-None-Match` value names `etag` (or is `*`), with the weak comparison RFC 9110 §13.1.2 asks
    /// for: `W/"x"` matches `"x"`. A malformed list matches nothing (the full response is always a safe answer).
    /// - Complexity: O(length of the header).
    static func ifNoneMatch(_ header: String, matches etag: String) -> Bool {
        let opaque = etag.hasPrefix("W/") ? etag.utf8.dropFirst(2) : etag.utf8[...]
        var rest = header.utf8[...]
        while true {
            while let first = rest.first,
                first == UInt8(ascii: " ") || first == UInt8(ascii: "\t")
                    || first == UInt8(ascii: ",")
            {
                rest = rest.dropFirst()
            }
            guard let first = rest.first else { return false }
            if first == UInt8(ascii: "*") { return true }
            if rest.starts(with: "W/".utf8) { rest = rest.dropFirst(2) }
            guard rest.first == UInt8(ascii: "\"") else { return false }
            guard let close = rest.dropFirst().firstIndex(of: UInt8(ascii: "\"")) else { return false }
            let tag = rest[rest.startIndex...close]
            if tag.elementsEqual(opaque) { return true }
            rest = rest[rest.index(after: close)...]
        }
    }

    /// Whether `Accept-Encoding` lets the response be gzip-coded: `gzip` (or `x-gzip`) with a non-zero weight, or
    /// else `*` with a non-zero weight. A missing header means no preference: identity is sent.
    static func acceptsGzip(_ header: String) -> Bool {
        var star: Bool?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";")
            guard let name = parts.first?.trimmingSpaces().lowercased() else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].trimmingSpaces().lowercased() == "q" {
                    weight = Double(pair[1].trimmingSpaces()) ?? 0
                }
            }
            if name == "gzip" || name == "x-gzip" { return weight > 0 }
            if name == "*" { star = weight > 0 }
        }
        return star ?? false
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
