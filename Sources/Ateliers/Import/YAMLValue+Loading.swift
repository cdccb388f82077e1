import CYaml
import Yams

extension YAMLValue {
    /// The document in `text`: read by ``YAMLSubsetParser`` when it is in the subset people and Ateliers write,
    /// else by Yams (anchors, tags, multi-line scalars, anything odd), with the same nodes, marks and errors.
    /// - Returns: `nil` for a document without a node (an empty file, only comments).
    /// - Throws: ``InputError`` for malformed YAML, and for aliases that expand the document beyond half a node
    ///   per byte (an alias bomb).
    /// - Complexity: O(bytes).
    static func document(_ text: String, file: String) throws -> YAMLValue? {
        if case .success(let value) = YAMLSubsetParser.parse(text) { return value }
        return try yamsDocument(text, file: file)
    }

    /// The document as Yams reads it, converted.
    static func yamsDocument(_ text: String, file: String) throws -> YAMLValue? {
        let limit = text.utf8.count / 2 + 10_000
        // Yams hashes every mapping key whole while it composes (to find duplicates), aliases expanded: an
        // alias bomb used as a key would take minutes before the budget below is counted. Count first.
        if text.utf8.contains(UInt8(ascii: "*")), let line = aliasExpansionLine(text, limit: limit) {
            throw InputError(file: file, line: line, message: aliasBombMessage(limit))
        }
        let root: Node?
        do {
            // Every value is read as text: the basic resolver skips Yams' regular expressions.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw YAMLProgrammeImporter.inputError(error, file: file)
        }
        guard let root else { return nil }
        var budget = limit
        guard let value = YAMLValue(root, budget: &budget) else {
            throw InputError(file: file, message: aliasBombMessage(limit))
        }
        return value
    }

    private static func aliasBombMessage(_ limit: Int) -> String {
        "YAML aliases expand the document beyond \(limit) nodes (limit: half a node per byte; an alias bomb?)"
    }

    /// Reads the document's events with libyaml, without building it, and counts its nodes with every alias
    /// expanded (the size of each anchored node is kept by name).
    /// - Returns: the 1-based line of the node where the count passes `limit`, or `nil` when it stays within
    ///   it or the text is not well-formed (Yams then reports the error).
    /// - Complexity: O(bytes).
    static func aliasExpansionLine(_ text: String, limit: Int) -> Int? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> Int? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var sizes: [String: Int] = [:]
            // One open collection per level: its anchor and its node count so far.
            var open: [(anchor: String?, size: Int)] = []
            var total = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                var finished: (anchor: String?, size: Int)?
                switch event.type {
                case YAML_STREAM_END_EVENT: return nil
                case YAML_SCALAR_EVENT: finished = (Self.name(event.data.scalar.anchor), 1)
                case YAML_ALIAS_EVENT:
                    finished = (nil, Self.name(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1)
                case YAML_SEQUENCE_START_EVENT: open.append((Self.name(event.data.sequence_start.anchor), 1))
                case YAML_MAPPING_START_EVENT: open.append((Self.name(event.data.mapping_start.anchor), 1))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT: finished = open.popLast()
                default: break
                }
                guard let finished else { continue }
                if let anchor = finished.anchor { sizes[anchor] = finished.size }
                if open.isEmpty {
                    total = min(total + finished.size, limit + 1)
                    if total > limit { return line }
                } else {
                    open[open.count - 1].size = min(open[open.count - 1].size + finished.size, limit + 1)
                    if open[open.count - 1].size > limit { return line }
                }
            }
        }
    }

    private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        anchor.map { String(cString: $0) }
    }

    /// Converts a Yams node, counting every node with aliases expanded (Yams resolves an alias to the node it
    /// names, so a few kilobytes of nested aliases can stand for billions of nodes).
    /// - Returns: `nil` as soon as the count passes `budget`.
    /// - Complexity: O(budget) at most.
    init?(_ node: Node, budget: inout Int) {
        budget -= 1
        if budget < 0 { return nil }
        let mark = YAMLMark(line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        switch node {
        case .scalar(let scalar):
            self = .scalar(YAMLScalar(text: scalar.string, style: YAMLScalar.Style(scalar.style), mark: mark))
        case .mapping(let mapping):
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                guard Self.count(key, budget: &budget) else { return nil }
                guard let value = YAMLValue(value, budget: &budget) else { return nil }
                pairs.append(YAMLPair(key: YAMLScalar(key: key), value: value))
            }
            self = .mapping(YAMLMapping(pairs: pairs, mark: mark))
        case .sequence(let sequence):
            var items: [YAMLValue] = []
            items.reserveCapacity(sequence.count)
            for item in sequence {
                guard let value = YAMLValue(item, budget: &budget) else { return nil }
                items.append(value)
            }
            self = .sequence(YAMLSequence(items: items, mark: mark))
        case .alias:
            // `Yams.compose` resolves every alias to the node it names: never seen here.
            self = .sequence(YAMLSequence(items: [], mark: mark))
        }
    }

    /// Counts a key's nodes (a key may be a collection, full of aliases) against the budget.
    /// - Returns: false as soon as the count passes `budget`.
    static func count(_ key: Node, budget: inout Int) -> Bool {
        var stack = [key]
        while let node = stack.popLast() {
            budget -= 1
            if budget < 0 { return false }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    stack.append(key)
                    stack.append(value)
                }
            case .sequence(let sequence): stack.append(contentsOf: sequence)
            case .scalar, .alias: break
            }
        }
        return true
    }
}

extension YAMLScalar {
    /// A mapping key as the readers see it: its text (`""` for a key that is not a scalar, which no lookup finds
    /// and every check refuses) and whether a lookup by text finds it (Yams matches keys that resolve to `!!str`).
    init(key: Node) {
        let mark = YAMLMark(line: key.mark?.line ?? 0, column: key.mark?.column ?? 0)
        if case .scalar(let scalar) = key {
            self.init(
                text: scalar.string, style: Style(scalar.style),
                isText: key.tag.description == Tag.Name.str.rawValue, mark: mark)
        } else {
            self.init(text: key.string ?? "", style: .plain, isText: false, mark: mark)
        }
    }
}

extension YAMLScalar.Style {
    init(_ style: Node.Scalar.Style) {
        switch style {
        case .singleQuoted: self = .singleQuoted
        case .doubleQuoted: self = .doubleQuoted
        case .literal: self = .literal
        case .folded: self = .folded
        case .any, .plain: self = .plain
        @unknown default: self = .plain
        }
    }
}
