/// A piece of HTML markup, built so that text can only enter it escaped.
///
/// Literals in an `HTML` string are markup; every `String` interpolated into one is text and is escaped, in
/// element content and in (double-quoted) attribute values alike:
///
/// ```swift
/// let title = "<script>"
/// let page: HTML = "<h1 title=\"\(title)\">\(title)</h1>"  // <h1 title="&lt;script&gt;">&lt;script&gt;</h1>
/// ```
///
/// This type is the one place where Ateliers escapes programme text for a page.
public struct HTML: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup, ready to be sent.
    public private(set) var markup: String

    public init(stringLiteral markup: String) { self.markup = markup }

    public init(stringInterpolation: StringInterpolation) { self.markup = stringInterpolation.markup }

    /// Markup made of text only.
    public init(text: String) { self.markup = Self.escape(text) }

    public var description: String { markup }

    /// `&`, `<`, `>`, `"` and `'` as character references: safe in element content and in quoted attributes.
    /// - Complexity: O(n) for n UTF-8 bytes.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { Self.special.contains($0) }) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    static let special: Set<UInt8> = [
        UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"),
    ]

    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(markup: lhs.markup + rhs.markup) }

    public static func += (lhs: inout HTML, rhs: HTML) { lhs.markup += rhs.markup }

    private init(markup: String) { self.markup = markup }

    /// Literal markup and escaped text, as Swift builds an interpolated string.
    public struct StringInterpolation: StringInterpolationProtocol {
        var markup: String

        public init(literalCapacity: Int, interpolationCount: Int) {
            markup = ""
            markup.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) { markup += literal }

        /// Text: escaped.
        public mutating func appendInterpolation(_ text: String) { markup += HTML.escape(text) }

        public mutating func appendInterpolation(_ html: HTML) { markup += html.markup }

        public mutating func appendInterpolation(_ parts: [HTML]) {
            for part in parts { markup += part.markup }
        }

        public mutating func appendInterpolation(_ number: Int) { markup += String(number) }
    }
}

extension Sequence<HTML> {
    public func joined(separator: HTML = "") -> HTML {
        var result: HTML = ""
        var first = true
        for part in self {
            if !first { result += separator }
            result += part
            first = false
        }
        return result
    }
}
