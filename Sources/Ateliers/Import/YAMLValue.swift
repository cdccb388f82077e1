/// Where a YAML node starts: 1-based line and column (columns count Unicode scalars), as Yams' `Mark` says.
struct YAMLMark: Sendable, Hashable {
    var storedLine: Int32
    var storedColumn: Int32

    init(line: Int, column: Int) {
        storedLine = Int32(truncatingIfNeeded: line)
        storedColumn = Int32(truncatingIfNeeded: column)
    }

    var line: Int { Int(storedLine) }
    var column: Int { Int(storedColumn) }
}

/// A YAML node as Ateliers' readers use it: text with its style, mappings with their keys in order, sequences,
/// each with its mark. ``YAMLSubsetParser`` makes it from the bytes, or it is converted from a Yams `Node`.
enum YAMLValue: Sendable, Equatable {
    case scalar(YAMLScalar)
    case mapping(YAMLMapping)
    case sequence(YAMLSequence)

    var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .mapping(let mapping): mapping.mark
        case .sequence(let sequence): sequence.mark
        }
    }

    /// The value of `key` in a mapping; `nil` for a missing key or a node that is not a mapping.
    subscript(key: String) -> YAMLValue? {
        if case .mapping(let mapping) = self { return mapping[key] }
        return nil
    }
}

/// A scalar's text exactly as YAML gives it (escapes resolved, block scalars folded and chomped).
struct YAMLScalar: Sendable, Equatable {
    enum Style: UInt8, Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    var text: String
    var style: Style
    /// Whether a lookup by text finds this key: false only for a key Yams read with a tag other than `!!str`.
    var isText: Bool
    var mark: YAMLMark

    init(text: String, style: Style, isText: Bool = true, mark: YAMLMark) {
        self.text = text
        self.style = style
        self.isText = isText
        self.mark = mark
    }
}

/// One key and its value.
struct YAMLPair: Sendable, Equatable {
    var key: YAMLScalar
    var value: YAMLValue
}

/// A mapping's pairs in document order. Keys are unique (Yams refuses duplicates).
struct YAMLMapping: Sendable, Equatable {
    /// Up to this many keys, a lookup compares the keys in turn (short ASCII strings compare in a few
    /// nanoseconds); larger mappings get a dictionary.
    static let linearLookupLimit = 16

    let pairs: [YAMLPair]
    let mark: YAMLMark
    private let index: [String: Int]?

    init(pairs: [YAMLPair], mark: YAMLMark) {
        self.pairs = pairs
        self.mark = mark
        if pairs.count > Self.linearLookupLimit {
            var index: [String: Int] = [:]
            index.reserveCapacity(pairs.count)
            for (position, pair) in pairs.enumerated() where pair.key.isText {
                index[pair.key.text] = position
            }
            self.index = index
        } else {
            index = nil
        }
    }

    /// - Complexity: O(1).
    subscript(key: String) -> YAMLValue? {
        if let index { return index[key].map { pairs[$0].value } }
        for pair in pairs where pair.key.isText && pair.key.text == key { return pair.value }
        return nil
    }

    static func == (lhs: YAMLMapping, rhs: YAMLMapping) -> Bool {
        lhs.mark == rhs.mark && lhs.pairs == rhs.pairs
    }
}

/// A sequence's items in document order.
struct YAMLSequence: Sendable, Equatable {
    let items: [YAMLValue]
    let mark: YAMLMark
}
