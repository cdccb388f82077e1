import Foundation

/// Reads the YAML that people and Ateliers write, straight from the UTF-8 bytes, into ``YAMLValue``s with the
/// very texts and marks Yams (libyaml) gives; anything else it reports as unsupported, and Yams reads it.
///
/// The subset: one document (`---` on the first line allowed); block mappings and sequences by indentation
/// (`key: value`, `- item`, `- key: value`, `key:` then an indented or same-column `- ` list); comments; plain,
/// single- and double-quoted scalars on one line (every escape libyaml knows); literal `|` and folded `>` block
/// scalars with chomping and indentation indicators; flow sequences and mappings, nested, on one line; empty
/// values (null). Unsupported: anchors, aliases, tags, `?` keys, directives, several documents, scalars or flow
/// collections over several lines, tabs outside quoted and block scalars, duplicate keys, a byte-order mark,
/// the characters libyaml refuses or reads as line breaks, and any malformed YAML (so its error is Yams').
struct YAMLSubsetParser {
    /// Why the parser handed a document over to Yams.
    struct Unsupported: Error, Equatable, CustomStringConvertible {
        var line: Int
        var reason: String

        var description: String { "line \(line): \(reason)" }
    }

    /// - Complexity: O(bytes).
    static func parse(_ text: String) -> Result<YAMLValue, Unsupported> {
        parse(text, streaming: nil, into: { _ in })
    }

    /// Parses `text`, handing each item of the top-level key `streamedKey`'s block sequence to `consume` as soon
    /// as it is read instead of keeping it: the document's largest part never exists as a whole tree. That key's
    /// value in the returned root is then an empty sequence. Items are handed over before the parser knows the
    /// rest of the document is in the subset: on `.failure`, forget them.
    /// - Complexity: O(bytes).
    static func parse(_ text: String, streaming streamedKey: String?, into consume: (YAMLValue) -> Void) -> Result<
        YAMLValue, Unsupported
    > {
        withoutActuallyEscaping(consume) { consume in
            if let result = text.utf8.withContiguousStorageIfAvailable({
                parse(bytes: $0, streaming: streamedKey, into: consume)
            }) {
                return result
            }
            return Array(text.utf8).withUnsafeBufferPointer { parse(bytes: $0, streaming: streamedKey, into: consume) }
        }
    }

    private static func parse(
        bytes: UnsafeBufferPointer<UInt8>, streaming streamedKey: String?, into consume: @escaping (YAMLValue) -> Void
    ) -> Result<YAMLValue, Unsupported> {
        var parser = YAMLSubsetParser(bytes: bytes)
        parser.streamedKey = streamedKey
        parser.consume = consume
        return Result { () throws(Unsupported) -> YAMLValue in try parser.document() }
    }

    /// Like ``parse(_:streaming:into:)``, on two cores for a large text: a second parser reads the streamed
    /// sequence from an item near the middle of the text, handing those items to `second`, while this one reads
    /// the rest. The second half counts only if this parser, reading on, reaches that item as the next one of
    /// the streamed sequence, in the state the second parser started from; the result is then the very one
    /// ``parse(_:streaming:into:)`` gives, with the streamed items split between `consume` (those before, in
    /// order) and `second` (the rest, in order). Otherwise this parser reads the whole text itself and the items
    /// `second` got must be forgotten (`secondHalfUsed` is false).
    /// - Complexity: O(bytes), in about half the time on two cores.
    static func parse(
        _ text: String, streaming streamedKey: String, into consume: (YAMLValue) -> Void,
        secondHalfInto second: (YAMLValue) -> Void
    ) -> (result: Result<YAMLValue, Unsupported>, secondHalfUsed: Bool) {
        withoutActuallyEscaping(consume) { consume in
            withoutActuallyEscaping(second) { second in
                func run(_ bytes: UnsafeBufferPointer<UInt8>) -> (Result<YAMLValue, Unsupported>, Bool) {
                    parseInHalves(bytes: bytes, streaming: streamedKey, into: consume, secondHalfInto: second)
                }
                if let result = text.utf8.withContiguousStorageIfAvailable(run) { return result }
                return Array(text.utf8).withUnsafeBufferPointer(run)
            }
        }
    }

    /// Below this size a text is read on one core: a thread costs more than it saves.
    static let halvingThreshold = 1 << 20

    /// Where the second parser starts and what it learnt; written by its thread before `finished` is signalled.
    private final class SecondHalf: @unchecked Sendable {
        /// The offset of the line of the item it starts at, and that item's `-` column.
        let lineStart: Int
        let indentation: Int
        let indentless: Bool
        let finished = DispatchSemaphore(value: 0)
        /// Where the sequence ended: the state the first parser takes over.
        var outcome: Result<(position: Int, line: Int, lineStart: Int, indentation: Int?), Unsupported>?
        var joined = false
        var adopted = false
        /// The second half's consumer, until its thread is done with it.
        var consume: ((YAMLValue) -> Void)?

        init(lineStart: Int, indentation: Int, indentless: Bool) {
            self.lineStart = lineStart
            self.indentation = indentation
            self.indentless = indentless
        }

        func join() {
            if joined { return }
            finished.wait()
            joined = true
        }
    }

    private static func parseInHalves(
        bytes: UnsafeBufferPointer<UInt8>, streaming streamedKey: String,
        into consume: @escaping (YAMLValue) -> Void, secondHalfInto second: @escaping (YAMLValue) -> Void
    ) -> (Result<YAMLValue, Unsupported>, Bool) {
        var parser = YAMLSubsetParser(bytes: bytes)
        parser.streamedKey = streamedKey
        parser.consume = consume
        guard bytes.count >= halvingThreshold, (try? parser.checkCharacters()) != nil,
            let half = parser.secondHalf(of: streamedKey)
        else {
            return (Result { () throws(Unsupported) -> YAMLValue in try parser.document() }, false)
        }
        parser.charactersChecked = true
        parser.secondHalf = half
        // The thread object may outlive the join: it holds the closure through `half`, which lets go of it.
        half.consume = second
        nonisolated(unsafe) let bytes = bytes
        let thread = Thread {
            var reader = YAMLSubsetParser(bytes: bytes)
            reader.streamedKey = streamedKey
            reader.consume = half.consume ?? { _ in }
            reader.charactersChecked = true
            reader.lineStart = half.lineStart
            reader.position = half.lineStart + half.indentation
            reader.indentation = half.indentation
            reader.line = 1 + bytes[..<half.lineStart].count { $0 == YAMLSubsetParser.newline }
            // As deep as the first parser is in the streamed sequence: the root mapping's value.
            reader.depth = 1
            half.outcome = Result { () throws(Unsupported) in
                _ = try reader.blockSequence(
                    indentation: half.indentation, indentless: half.indentless, streams: true)
                return (reader.position, reader.line, reader.lineStart, reader.indentation)
            }
            reader.consume = { _ in }
            half.consume = nil
            half.finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        let result = Result { () throws(Unsupported) -> YAMLValue in try parser.document() }
        half.join()
        return (result, half.adopted && (try? result.get()) != nil)
    }

    /// A place to split the streamed sequence: the first line from the middle of the text on that starts an item
    /// at the column of the first item after a `key:` line at the start of a line. Only a guess: the first parser
    /// checks it (see ``takeOver(sequenceIndentation:indentless:)``).
    private func secondHalf(of key: String) -> SecondHalf? {
        let keyLine = Array(key.utf8) + [Self.colon]
        let middle = end / 2
        var start = 0
        var itemIndentation: Int?
        var afterKey = false
        while start < middle || (itemIndentation != nil && start < end) {
            var stop = start
            while stop < end && bytes[stop] != Self.newline { stop += 1 }
            var index = start
            while index < stop && bytes[index] == Self.space { index += 1 }
            let blank = index == stop || byte(index) == Self.hash || byte(index) == Self.carriageReturn
            if let itemIndentation {
                if start >= middle && index - start == itemIndentation && byte(index) == Self.dash
                    && isBlankOrEnd(index + 1)
                {
                    return SecondHalf(lineStart: start, indentation: itemIndentation, indentless: itemIndentation == 0)
                }
            } else if afterKey && !blank {
                guard byte(index) == Self.dash && isBlankOrEnd(index + 1) else { return nil }
                itemIndentation = index - start
            } else if !blank && index == start && stop - start >= keyLine.count
                && keyLine.indices.allSatisfy({ bytes[start + $0] == keyLine[$0] })
            {
                var after = start + keyLine.count
                while after < stop && bytes[after] == Self.space { after += 1 }
                afterKey = after == stop || byte(after) == Self.hash || byte(after) == Self.carriageReturn
            }
            start = stop + 1
        }
        return nil
    }

    /// At the start of an item of the streamed sequence: when it is where the second parser started, waits for
    /// it and takes over where the sequence ended (or throws what it threw).
    /// - Returns: whether it took over.
    private mutating func takeOver(sequenceIndentation: Int, indentless: Bool) throws(Unsupported) -> Bool {
        guard let half = secondHalf, lineStart == half.lineStart, sequenceIndentation == half.indentation,
            indentless == half.indentless, depth == 2
        else { return false }
        secondHalf = nil
        half.join()
        switch half.outcome {
        case .success(let state)?:
            (position, line, lineStart, indentation) = state
            half.adopted = true
            return true
        case .failure(let error)?:
            throw error
        case nil:
            return false
        }
    }

    /// Deeper nesting goes to Yams.
    static let maximumDepth = 200
    /// libyaml refuses a simple key longer than 1024 characters; counted in bytes here, to stay on the safe side.
    static let maximumKeyLength = 1000

    private let bytes: UnsafeBufferPointer<UInt8>
    private let end: Int
    /// The byte being read.
    private var position = 0
    /// The current line, 1-based, and the offset where it starts.
    private var line = 1
    private var lineStart = 0
    /// Indentation of the current content line (after ``nextContentLine()``), `nil` at the end of the text.
    private var indentation: Int?
    /// A position on the current line whose column is known, so columns (in Unicode scalars) cost O(line).
    private var columnPosition = 0
    private var columnAtPosition = 1
    private var depth = 0
    /// The top-level key whose sequence items go to ``consume`` (see ``parse(_:streaming:into:)``).
    private var streamedKey: String?
    private var consume: (YAMLValue) -> Void = { _ in }
    /// Scratch stacks: each collection's members are collected here, then copied once into an exact-size array.
    private var pairStack: [YAMLPair] = []
    private var itemStack: [YAMLValue] = []
    private var scratch: [UInt8] = []
    private var blockScratch: [UInt8] = []
    /// ``checkCharacters()`` already passed (the text is read in halves).
    private var charactersChecked = false
    /// Reading the streamed sequence's later items, on another thread.
    private var secondHalf: SecondHalf?

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.end = bytes.count
    }

    // MARK: Bytes

    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let hash = UInt8(ascii: "#")
    private static let colon = UInt8(ascii: ":")
    private static let dash = UInt8(ascii: "-")
    private static let comma = UInt8(ascii: ",")
    private static let singleQuote = UInt8(ascii: "'")
    private static let doubleQuote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
    private static let openBracket = UInt8(ascii: "[")
    private static let closeBracket = UInt8(ascii: "]")
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")

    /// The byte at `index`, or 0 past the end (the text holds no NUL: ``checkCharacters()`` refuses it).
    @inline(__always)
    private func byte(_ index: Int) -> UInt8 { index < end ? bytes[index] : 0 }

    /// A line break, or the end of the text.
    @inline(__always)
    private func isLineEnd(_ index: Int) -> Bool {
        let value = byte(index)
        return value == Self.newline || value == Self.carriageReturn || value == 0
    }

    /// A space, a tab, a line break or the end of the text.
    @inline(__always)
    private func isBlankOrEnd(_ index: Int) -> Bool {
        let value = byte(index)
        return value == Self.space || value == Self.tab || isLineEnd(index)
    }

    private func unsupported(_ reason: String) -> Unsupported { Unsupported(line: line, reason: reason) }

    /// The mark of a position on the current line.
    private mutating func mark(at target: Int) -> YAMLMark {
        if columnPosition < lineStart || columnPosition > target {
            columnPosition = lineStart
            columnAtPosition = 1
        }
        var column = columnAtPosition
        var index = columnPosition
        while index < target {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        columnPosition = target
        columnAtPosition = column
        return YAMLMark(line: line, column: column)
    }

    private func text(_ start: Int, _ stop: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self)
    }

    /// Steps over the line break at `position` onto the next line.
    private mutating func consumeLineBreak() {
        if byte(position) == Self.carriageReturn { position += 1 }
        if byte(position) == Self.newline { position += 1 }
        line += 1
        lineStart = position
    }

    // MARK: Document

    private mutating func document() throws(Unsupported) -> YAMLValue {
        guard end < Int(Int32.max) else { throw unsupported("a text over 2 GB") }
        if !charactersChecked { try checkCharacters() }
        try nextContentLine(documentStartAllowed: true)
        if indentation == 0, isDocumentMarker(position, Self.dash) {
            position += 3
            try finishLine()
        }
        guard let rootIndentation = indentation else { throw unsupported("a document without a node") }
        guard startsKey() else { throw unsupported("a document that is not a block mapping") }
        let root = try blockMapping(indentation: rootIndentation, firstKey: nil)
        guard indentation == nil else { throw unsupported("a line outside the document's mapping") }
        return root
    }

    /// Refuses what libyaml refuses or reads differently: control characters, DEL, C1 controls and NEL, lone
    /// carriage returns, the line and paragraph separators, U+FFFE and U+FFFF, byte-order marks.
    private func checkCharacters() throws(Unsupported) {
        var index = 0
        var lineNumber = 1
        while index < end {
            let value = bytes[index]
            if value >= 0x20 && value < 0x7F {
                index += 1
                continue
            }
            var bad = false
            switch value {
            case Self.newline:
                lineNumber += 1
            case Self.tab:
                break
            case Self.carriageReturn:
                bad = byte(index + 1) != Self.newline
            case 0xC2:
                bad = byte(index + 1) < 0xA0
            case 0xE2:
                bad = byte(index + 1) == 0x80 && (byte(index + 2) == 0xA8 || byte(index + 2) == 0xA9)
            case 0xEF:
                bad =
                    (byte(index + 1) == 0xBB && byte(index + 2) == 0xBF)
                    || (byte(index + 1) == 0xBF && byte(index + 2) >= 0xBE)
            default:
                bad = value < 0x80
            }
            if bad {
                throw Unsupported(line: lineNumber, reason: "a character libyaml refuses or reads as a line break")
            }
            index += 1
        }
    }

    /// `---` or `...` at the start of a line, followed by a blank or the end of the line.
    private func isDocumentMarker(_ index: Int, _ mark: UInt8) -> Bool {
        index == lineStart && byte(index) == mark && byte(index + 1) == mark && byte(index + 2) == mark
            && isBlankOrEnd(index + 3)
    }

    /// From the start of a line, skips empty and comment lines; leaves `position` on the first character of
    /// the next content line and sets ``indentation`` (`nil` at the end of the text).
    private mutating func nextContentLine(documentStartAllowed: Bool = false) throws(Unsupported) {
        while true {
            var index = position
            while byte(index) == Self.space { index += 1 }
            let value = byte(index)
            if value == Self.tab { throw unsupported("a tab in the indentation") }
            if index >= end {
                position = end
                indentation = nil
                return
            }
            if value == Self.newline || value == Self.carriageReturn {
                position = index
                consumeLineBreak()
                continue
            }
            if value == Self.hash {
                position = index
                while !isLineEnd(position) { position += 1 }
                if position < end { consumeLineBreak() }
                continue
            }
            if (isDocumentMarker(index, Self.dash) && !documentStartAllowed)
                || isDocumentMarker(index, UInt8(ascii: "."))
            {
                throw unsupported("several documents")
            }
            position = index
            indentation = index - lineStart
            return
        }
    }

    /// After a node that ends its line: spaces, an optional comment after a space, the line break; then the next
    /// content line.
    private mutating func finishLine() throws(Unsupported) {
        let nodeEnd = position
        while byte(position) == Self.space { position += 1 }
        if byte(position) == Self.hash {
            guard position > nodeEnd else { throw unsupported("a comment that touches a value") }
            while !isLineEnd(position) { position += 1 }
        }
        guard isLineEnd(position) else { throw unsupported("more than one node on a line") }
        if position < end { consumeLineBreak() }
        try nextContentLine()
    }

    private mutating func enter() throws(Unsupported) {
        depth += 1
        if depth > Self.maximumDepth { throw unsupported("nesting deeper than \(Self.maximumDepth)") }
    }

    // MARK: Block collections

    /// Whether `position` starts a block sequence entry: `-` then a blank or the end of the line.
    private func startsEntry() -> Bool { byte(position) == Self.dash && isBlankOrEnd(position + 1) }

    /// Whether the current line, from `position`, starts with a key: a scalar followed by `: ` or `:` at the end.
    private func startsKey() -> Bool {
        var index = position
        let first = byte(index)
        if first == Self.doubleQuote || first == Self.singleQuote {
            index += 1
            while !isLineEnd(index) {
                let value = byte(index)
                if value == Self.backslash && first == Self.doubleQuote {
                    index += 2
                    continue
                }
                if value == first {
                    if first == Self.singleQuote && byte(index + 1) == Self.singleQuote {
                        index += 2
                        continue
                    }
                    break
                }
                index += 1
            }
            guard byte(index) == first else { return false }
            index += 1
            while byte(index) == Self.space { index += 1 }
            return byte(index) == Self.colon && isBlankOrEnd(index + 1)
        }
        guard startsPlain(index, flow: false) else { return false }
        while !isLineEnd(index) {
            let value = byte(index)
            if value == Self.colon && isBlankOrEnd(index + 1) { return true }
            if value == Self.hash && (byte(index - 1) == Self.space || byte(index - 1) == Self.tab) { return false }
            index += 1
        }
        return false
    }

    /// A block mapping whose keys start at `indentation`; `position` is on its first key (or just past the
    /// first key's colon when `firstKey` was read by the caller).
    private mutating func blockMapping(indentation mappingIndentation: Int, firstKey: YAMLScalar?) throws(Unsupported)
        -> YAMLValue
    {
        try enter()
        defer { depth -= 1 }
        let base = pairStack.count
        var key: YAMLScalar
        if let firstKey {
            key = firstKey
        } else {
            key = try blockKey()
        }
        let mappingMark = key.mark
        while true {
            let streams = depth == 1 && streamedKey != nil && key.text == streamedKey
            let value = try blockValue(parentIndentation: mappingIndentation, streams: streams)
            pairStack.append(YAMLPair(key: key, value: value))
            guard let next = indentation, next >= mappingIndentation else { break }
            guard next == mappingIndentation else { throw unsupported("a line indented deeper than its mapping") }
            if startsEntry() { throw unsupported("a list item among a mapping's keys") }
            key = try blockKey()
        }
        let pairs = Array(pairStack[base...])
        pairStack.removeSubrange(base...)
        try checkUniqueKeys(pairs)
        return .mapping(YAMLMapping(pairs: pairs, mark: mappingMark))
    }

    /// A key in block context and its colon; leaves `position` just past the colon.
    private mutating func blockKey() throws(Unsupported) -> YAMLScalar {
        let start = position
        let first = byte(position)
        let key: YAMLScalar
        if first == Self.doubleQuote || first == Self.singleQuote {
            key = try quoted()
            while byte(position) == Self.space { position += 1 }
            guard byte(position) == Self.colon, isBlankOrEnd(position + 1) else {
                throw unsupported("a quoted scalar where a key was expected")
            }
        } else {
            guard startsPlain(position, flow: false) else { throw unsupported("a line that is not a key") }
            let keyMark = mark(at: position)
            let (textEnd, atColon) = try scanPlain(flow: false)
            guard atColon else { throw unsupported("a line that is not a key, or a scalar over several lines") }
            key = YAMLScalar(text: text(start, textEnd), style: .plain, mark: keyMark)
        }
        guard position - start <= Self.maximumKeyLength else { throw unsupported("a key over 1000 bytes") }
        position += 1
        return key
    }

    /// The value after a block key's colon (`position` just past it).
    private mutating func blockValue(parentIndentation: Int, streams: Bool) throws(Unsupported) -> YAMLValue {
        let colonEnd = position
        while byte(position) == Self.space { position += 1 }
        let value = byte(position)
        if value == Self.tab { throw unsupported("a tab after a key") }
        if isLineEnd(position) || value == Self.hash {
            let emptyMark = mark(at: colonEnd)
            position = colonEnd
            try finishLine()
            if let next = indentation {
                if next > parentIndentation { return try blockNodeOnItsOwnLine(indentation: next, streams: streams) }
                if next == parentIndentation && startsEntry() {
                    return try blockSequence(indentation: next, indentless: true, streams: streams)
                }
            }
            return .scalar(YAMLScalar(text: "", style: .plain, mark: emptyMark))
        }
        return try inlineNode(parentIndentation: parentIndentation)
    }

    /// A mapping or sequence that starts a line of its own, below its key or list entry.
    private mutating func blockNodeOnItsOwnLine(indentation nodeIndentation: Int, streams: Bool = false)
        throws(Unsupported) -> YAMLValue
    {
        if startsEntry() { return try blockSequence(indentation: nodeIndentation, indentless: false, streams: streams) }
        guard startsKey() else { throw unsupported("a scalar on the line after its key") }
        return try blockMapping(indentation: nodeIndentation, firstKey: nil)
    }

    /// A block sequence whose `-` are at `indentation`; `indentless` when it sits at its parent key's column
    /// (it then ends at the next key).
    private mutating func blockSequence(indentation sequenceIndentation: Int, indentless: Bool, streams: Bool = false)
        throws(Unsupported) -> YAMLValue
    {
        try enter()
        defer { depth -= 1 }
        let base = itemStack.count
        let sequenceMark = mark(at: position)
        while true {
            position += 1
            let dashEnd = position
            while byte(position) == Self.space { position += 1 }
            let value = byte(position)
            if value == Self.tab { throw unsupported("a tab after '-'") }
            let item: YAMLValue
            if isLineEnd(position) || value == Self.hash {
                let emptyMark = mark(at: dashEnd)
                position = dashEnd
                try finishLine()
                if let next = indentation, next > sequenceIndentation {
                    item = try blockNodeOnItsOwnLine(indentation: next)
                } else {
                    item = .scalar(YAMLScalar(text: "", style: .plain, mark: emptyMark))
                }
            } else if startsEntry() {
                item = try blockSequence(indentation: position - lineStart, indentless: false)
            } else if startsKey() {
                let keyIndentation = position - lineStart
                item = try blockMapping(indentation: keyIndentation, firstKey: try blockKey())
            } else {
                item = try inlineNode(parentIndentation: sequenceIndentation)
            }
            if streams {
                consume(item)
            } else {
                itemStack.append(item)
            }
            guard let next = indentation, next >= sequenceIndentation else { break }
            guard next == sequenceIndentation else { throw unsupported("a line indented deeper than its list") }
            if startsEntry() {
                if streams, try takeOver(sequenceIndentation: sequenceIndentation, indentless: indentless) { break }
                continue
            }
            if indentless { break }
            throw unsupported("a line among list items that is not one")
        }
        let items = Array(itemStack[base...])
        itemStack.removeSubrange(base...)
        return .sequence(YAMLSequence(items: items, mark: sequenceMark))
    }

    /// A node that starts on its key's or entry's line: a scalar, a block scalar or a flow collection. Leaves
    /// `position` on the next content line.
    private mutating func inlineNode(parentIndentation: Int) throws(Unsupported) -> YAMLValue {
        let value = byte(position)
        switch value {
        case Self.doubleQuote, Self.singleQuote:
            let scalar = try quoted()
            try finishLine()
            return .scalar(scalar)
        case Self.openBracket, Self.openBrace:
            let node = try flowNode()
            try finishLine()
            return node
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            let scalar = try blockScalar(parentIndentation: parentIndentation)
            try nextContentLine()
            return .scalar(scalar)
        default:
            guard startsPlain(position, flow: false) else { throw unsupported("a node that is not in the subset") }
            let start = position
            let scalarMark = mark(at: position)
            let (textEnd, atColon) = try scanPlain(flow: false)
            if atColon { throw unsupported("a key where a value was expected") }
            position = textEnd
            try finishLine()
            return .scalar(YAMLScalar(text: text(start, textEnd), style: .plain, mark: scalarMark))
        }
    }

    private func checkUniqueKeys(_ pairs: [YAMLPair]) throws(Unsupported) {
        if pairs.count <= YAMLMapping.linearLookupLimit {
            for index in pairs.indices.dropFirst() {
                let key = pairs[index].key.text
                for earlier in 0..<index where pairs[earlier].key.text == key {
                    throw unsupported("duplicate keys")
                }
            }
        } else {
            var seen = Set<String>(minimumCapacity: pairs.count)
            for pair in pairs where !seen.insert(pair.key.text).inserted { throw unsupported("duplicate keys") }
        }
    }

    // MARK: Scalars

    /// Whether a plain scalar may start at `index` (libyaml's rule).
    private func startsPlain(_ index: Int, flow: Bool) -> Bool {
        switch byte(index) {
        case UInt8(ascii: "-"):
            let next = byte(index + 1)
            if flow {
                return !isBlankOrEnd(index + 1) && next != Self.comma && next != Self.closeBracket
                    && next != Self.closeBrace && next != Self.openBracket && next != Self.openBrace
            }
            return !isBlankOrEnd(index + 1)
        case UInt8(ascii: "?"), UInt8(ascii: ":"):
            return !flow && !isBlankOrEnd(index + 1)
        case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
            UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
            UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
            UInt8(ascii: "`"), Self.space, Self.tab, Self.newline, Self.carriageReturn, 0:
            return false
        default:
            return true
        }
    }

    /// Scans a plain scalar on the current line from `position`.
    /// - Returns: where its text ends (trailing spaces dropped), and whether it stopped at a `:` indicator (then
    ///   `position` is on it; otherwise on what stopped it: a comment, the end of the line, a flow indicator).
    private mutating func scanPlain(flow: Bool) throws(Unsupported) -> (textEnd: Int, atColon: Bool) {
        var index = position
        var textEnd = position
        while true {
            // A word.
            if byte(index) == Self.hash && index > position { break }
            while !isBlankOrEnd(index) {
                let value = byte(index)
                if value == Self.colon {
                    let next = byte(index + 1)
                    if isBlankOrEnd(index + 1) {
                        position = index
                        return (textEnd, true)
                    }
                    if flow
                        && (next == Self.comma || next == UInt8(ascii: "?") || next == Self.openBracket
                            || next == Self.closeBracket || next == Self.openBrace || next == Self.closeBrace)
                    {
                        throw unsupported("':' before a flow indicator")
                    }
                } else if flow
                    && (value == Self.comma || value == Self.openBracket || value == Self.closeBracket
                        || value == Self.openBrace || value == Self.closeBrace)
                {
                    position = index
                    return (textEnd, false)
                }
                index += 1
                textEnd = index
            }
            // Blanks between words.
            if byte(index) == Self.tab { throw unsupported("a tab in a plain scalar") }
            while byte(index) == Self.space { index += 1 }
            if byte(index) == Self.tab { throw unsupported("a tab in a plain scalar") }
            if isLineEnd(index) { break }
        }
        position = index
        return (textEnd, false)
    }

    /// A single- or double-quoted scalar that closes on its line; leaves `position` past the closing quote.
    private mutating func quoted() throws(Unsupported) -> YAMLScalar {
        let quote = byte(position)
        let scalarMark = mark(at: position)
        position += 1
        let start = position
        var escaped = false
        scratch.removeAll(keepingCapacity: true)
        while true {
            let value = byte(position)
            if isLineEnd(position) { throw unsupported("a quoted scalar over several lines") }
            if value == quote {
                if quote == Self.singleQuote && byte(position + 1) == Self.singleQuote {
                    if !escaped {
                        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
                        escaped = true
                    }
                    scratch.append(Self.singleQuote)
                    position += 2
                    continue
                }
                break
            }
            if value == Self.backslash && quote == Self.doubleQuote {
                if !escaped {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
                    escaped = true
                }
                try escape()
                continue
            }
            if escaped { scratch.append(value) }
            position += 1
        }
        let scalarText = escaped ? String(decoding: scratch, as: UTF8.self) : text(start, position)
        position += 1
        return YAMLScalar(
            text: scalarText, style: quote == Self.singleQuote ? .singleQuoted : .doubleQuoted, mark: scalarMark)
    }

    /// A double-quoted scalar's escape at `position`, appended to ``scratch`` as libyaml decodes it.
    private mutating func escape() throws(Unsupported) {
        let code = byte(position + 1)
        var digits = 0
        switch code {
        case UInt8(ascii: "0"): scratch.append(0)
        case UInt8(ascii: "a"): scratch.append(0x07)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "t"), Self.tab: scratch.append(0x09)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "v"): scratch.append(0x0B)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "e"): scratch.append(0x1B)
        case Self.space, Self.doubleQuote, UInt8(ascii: "/"), Self.backslash: scratch.append(code)
        case UInt8(ascii: "N"): scratch.append(contentsOf: [0xC2, 0x85])
        case UInt8(ascii: "_"): scratch.append(contentsOf: [0xC2, 0xA0])
        case UInt8(ascii: "L"): scratch.append(contentsOf: [0xE2, 0x80, 0xA8])
        case UInt8(ascii: "P"): scratch.append(contentsOf: [0xE2, 0x80, 0xA9])
        case UInt8(ascii: "x"): digits = 2
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        default: throw unsupported("an unknown escape or an escaped line break")
        }
        position += 2
        guard digits > 0 else { return }
        var value: UInt32 = 0
        for _ in 0..<digits {
            let digit = byte(position)
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = digit - UInt8(ascii: "A") + 10
            default: throw unsupported("an escape without its hexadecimal digits")
            }
            value = value << 4 | UInt32(nibble)
            position += 1
        }
        // Byte-order marks go to Yams: Foundation's decoding, which Yams uses, may drop a leading one.
        guard let scalar = Unicode.Scalar(value), value != 0xFEFF else {
            throw unsupported("an escape that is not a Unicode scalar")
        }
        scratch.append(contentsOf: UTF8.encode(scalar)!)
    }

    /// A literal or folded block scalar, ported from libyaml's `yaml_parser_scan_block_scalar`; `position` is on
    /// `|` or `>`. Leaves `position` at the start of the first line after the scalar.
    private mutating func blockScalar(parentIndentation: Int) throws(Unsupported) -> YAMLScalar {
        let literal = byte(position) == UInt8(ascii: "|")
        let scalarMark = mark(at: position)
        position += 1
        var chomping = 0
        var increment = 0
        func indicator(_ value: UInt8) -> Int? {
            value == UInt8(ascii: "+") ? 1 : value == Self.dash ? -1 : nil
        }
        func digit(_ value: UInt8) -> Int? {
            value >= UInt8(ascii: "1") && value <= UInt8(ascii: "9") ? Int(value - UInt8(ascii: "0")) : nil
        }
        if let chomp = indicator(byte(position)) {
            chomping = chomp
            position += 1
            if let digit = digit(byte(position)) {
                increment = digit
                position += 1
            }
        } else if let digit = digit(byte(position)) {
            increment = digit
            position += 1
            if let chomp = indicator(byte(position)) {
                chomping = chomp
                position += 1
            }
        }
        let headerEnd = position
        while byte(position) == Self.space { position += 1 }
        if byte(position) == Self.hash && position > headerEnd {
            while !isLineEnd(position) { position += 1 }
        }
        guard isLineEnd(position) else { throw unsupported("a block scalar header that is not in the subset") }
        if position < end { consumeLineBreak() }

        var indent = increment > 0 ? parentIndentation + increment : 0
        // The buffer is reused from scalar to scalar: taken out while in use, so appends do not copy it.
        var content: [UInt8] = []
        swap(&content, &blockScratch)
        content.removeAll(keepingCapacity: true)
        defer { swap(&content, &blockScratch) }
        var leadingBreak = false
        var trailingBreaks = 0
        var leadingBlank = false
        try blockScalarBreaks(indent: &indent, breaks: &trailingBreaks, parentIndentation: parentIndentation)
        while position - lineStart == indent && position < end {
            let trailingBlank = byte(position) == Self.space || byte(position) == Self.tab
            if !literal && leadingBreak && !leadingBlank && !trailingBlank {
                if trailingBreaks == 0 { content.append(Self.space) }
            } else if leadingBreak {
                content.append(Self.newline)
            }
            leadingBreak = false
            content.append(contentsOf: repeatElement(Self.newline, count: trailingBreaks))
            trailingBreaks = 0
            leadingBlank = trailingBlank
            let start = position
            while !isLineEnd(position) { position += 1 }
            content.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
            if position < end {
                leadingBreak = true
                consumeLineBreak()
            }
            try blockScalarBreaks(indent: &indent, breaks: &trailingBreaks, parentIndentation: parentIndentation)
        }
        if chomping != -1 && leadingBreak { content.append(Self.newline) }
        if chomping == 1 { content.append(contentsOf: repeatElement(Self.newline, count: trailingBreaks)) }
        // Only spaces were read on this line (unless the text ended in content): the caller measures its
        // indentation again.
        if position < end { position = lineStart }
        return YAMLScalar(
            text: String(decoding: content, as: UTF8.self), style: literal ? .literal : .folded, mark: scalarMark)
    }

    /// libyaml's `yaml_parser_scan_block_scalar_breaks`: eats indentation and empty lines, counting the breaks,
    /// and sets the indentation from the first content line when no indicator gave it.
    private mutating func blockScalarBreaks(indent: inout Int, breaks: inout Int, parentIndentation: Int)
        throws(Unsupported)
    {
        var maximumIndent = 0
        while true {
            while (indent == 0 || position - lineStart < indent) && byte(position) == Self.space { position += 1 }
            maximumIndent = max(maximumIndent, position - lineStart)
            if (indent == 0 || position - lineStart < indent) && byte(position) == Self.tab {
                throw unsupported("a tab in a block scalar's indentation")
            }
            let value = byte(position)
            guard value == Self.newline || value == Self.carriageReturn else { break }
            consumeLineBreak()
            breaks += 1
        }
        if indent == 0 { indent = max(maximumIndent, parentIndentation + 1, 1) }
    }

    // MARK: Flow collections

    /// A flow sequence or mapping, or a scalar inside one; all on the current line.
    private mutating func flowNode() throws(Unsupported) -> YAMLValue {
        let value = byte(position)
        if value == Self.openBracket { return try flowSequence() }
        if value == Self.openBrace { return try flowMapping() }
        return .scalar(try flowScalar())
    }

    private mutating func flowScalar() throws(Unsupported) -> YAMLScalar {
        let value = byte(position)
        if value == Self.doubleQuote || value == Self.singleQuote { return try quoted() }
        guard startsPlain(position, flow: true) else { throw unsupported("a flow node that is not in the subset") }
        let start = position
        let scalarMark = mark(at: position)
        let (textEnd, _) = try scanPlain(flow: true)
        position = textEnd
        return YAMLScalar(text: text(start, textEnd), style: .plain, mark: scalarMark)
    }

    private mutating func skipFlowSpaces() throws(Unsupported) {
        while byte(position) == Self.space { position += 1 }
        if byte(position) == Self.tab { throw unsupported("a tab in a flow collection") }
    }

    private mutating func flowSequence() throws(Unsupported) -> YAMLValue {
        try enter()
        defer { depth -= 1 }
        let sequenceMark = mark(at: position)
        let base = itemStack.count
        position += 1
        try skipFlowSpaces()
        if byte(position) == Self.closeBracket {
            position += 1
        } else {
            while true {
                itemStack.append(try flowNode())
                try skipFlowSpaces()
                let value = byte(position)
                position += 1
                if value == Self.closeBracket { break }
                guard value == Self.comma else { throw unsupported("a flow sequence that is not in the subset") }
                try skipFlowSpaces()
                if byte(position) == Self.closeBracket { throw unsupported("a trailing comma") }
            }
        }
        let items = Array(itemStack[base...])
        itemStack.removeSubrange(base...)
        return .sequence(YAMLSequence(items: items, mark: sequenceMark))
    }

    private mutating func flowMapping() throws(Unsupported) -> YAMLValue {
        try enter()
        defer { depth -= 1 }
        let mappingMark = mark(at: position)
        let base = pairStack.count
        position += 1
        try skipFlowSpaces()
        if byte(position) == Self.closeBrace {
            position += 1
        } else {
            while true {
                let keyStart = position
                let key = try flowScalar()
                try skipFlowSpaces()
                guard byte(position) == Self.colon else { throw unsupported("a flow mapping key without a value") }
                guard position - keyStart <= Self.maximumKeyLength else { throw unsupported("a key over 1000 bytes") }
                position += 1
                try skipFlowSpaces()
                let next = byte(position)
                if next == Self.comma || next == Self.closeBrace || isLineEnd(position) {
                    throw unsupported("an empty value in a flow mapping")
                }
                pairStack.append(YAMLPair(key: key, value: try flowNode()))
                try skipFlowSpaces()
                let value = byte(position)
                position += 1
                if value == Self.closeBrace { break }
                guard value == Self.comma else { throw unsupported("a flow mapping that is not in the subset") }
                try skipFlowSpaces()
                if byte(position) == Self.closeBrace { throw unsupported("a trailing comma") }
            }
        }
        let pairs = Array(pairStack[base...])
        pairStack.removeSubrange(base...)
        try checkUniqueKeys(pairs)
        return .mapping(YAMLMapping(pairs: pairs, mark: mappingMark))
    }
}
