/// Every rule name Ateliers can put on a diagnostic: the check's rules, the findings of importers and loaders, and
/// the configuration's own warnings. `ateliers check --explain NAME` reads it; `checks:` names are checked against it.
public struct RuleCatalogue: Sendable {
    /// One rule name, what it finds and how to configure it.
    public struct Entry: Sendable, Hashable {
        /// Stable: `room-clash`, `encoding`, …
        public var name: String
        /// The severity its findings have unless `checks:` says otherwise (some importer findings are sometimes
        /// the other severity: the explanation says when).
        public var severity: Diagnostic.Severity
        /// A few sentences, the default severity, how to configure it, then `Example:` and one line of output.
        public var explanation: String

        public init(name: String, severity: Diagnostic.Severity, explanation: String) {
            self.name = name
            self.severity = severity
            self.explanation = explanation
        }
    }

    /// By name.
    public let entries: [Entry]
    private let index: [String: Int]

    /// The catalogue of these check rules (the first of a name wins), with the findings of importers and the
    /// configuration that no rule of that name already explains.
    public init(rules: [any Rule] = ProgrammeCheck.defaultRules) {
        var entries: [String: Entry] = [:]
        for rule in rules where entries[rule.name] == nil {
            entries[rule.name] = Entry(name: rule.name, severity: rule.severity, explanation: rule.explanation)
        }
        for entry in Self.importEntries + Self.settingsEntries where entries[entry.name] == nil {
            entries[entry.name] = entry
        }
        self.entries = entries.values.sorted { $0.name < $1.name }
        self.index = Dictionary(uniqueKeysWithValues: self.entries.enumerated().map { ($1.name, $0) })
    }

    /// The catalogue of ``ProgrammeCheck/defaultRules``.
    public static let standard = RuleCatalogue()

    public var names: [String] { entries.map(\.name) }

    public func contains(_ name: String) -> Bool { index[name] != nil }

    public func entry(named name: String) -> Entry? { index[name].map { entries[$0] } }

    /// Up to three known names close to a mistyped one (an edit or two away), closest first.
    /// - Complexity: O(r·m²) for r names of m characters.
    public func closest(to name: String) -> [String] {
        let typed = Array(name.lowercased().replacing("_", with: "-"))
        let limit = typed.count > 10 ? 3 : 2
        return entries.compactMap { entry -> (Int, String)? in
            let distance = Self.editDistance(typed, Array(entry.name))
            return distance <= limit ? (distance, entry.name) : nil
        }.sorted { $0 < $1 }.prefix(3).map(\.1)
    }

    /// Levenshtein distance: insertions, deletions and substitutions of one character.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        var current = previous
        for (i, x) in a.enumerated() {
            current[0] = i + 1
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// An explanation in the shape every entry shares: what the rule finds, its default severity, how `checks:`
    /// configures it, and one line of its output.
    /// - Parameters:
    ///   - description: what it finds, a few sentences.
    ///   - acknowledging: session ids for an example acknowledgement, for rules whose findings name sessions.
    ///   - example: one line of `ateliers check` output, exactly as printed.
    public static func explanation(
        _ description: String, name: String, severity: Diagnostic.Severity,
        acknowledging: (sessions: [String], reason: String)? = nil, example: String
    ) -> String {
        let other: RuleSetting = severity == .error ? .warning : .error
        var text =
            description + "\n\nDefault severity: \(severity.rawValue). To change it, in a YAML source:\n"
            + "  checks:\n    \(name): \(other.rawValue)    # error, warning, info, or ignore to drop its findings\n"
        if let acknowledging {
            text +=
                "\nTo accept one finding (it becomes an info line with the reason, which never fails the check):\n"
                + "  checks:\n    acknowledged:\n      - {rule: \(name), sessions: ["
                + acknowledging.sessions.joined(separator: ", ") + "], reason: \(acknowledging.reason)}\n"
        }
        return text + "\nExample:\n  \(example)"
    }

    /// `did you mean 'room-clash'?`, `did you mean 'a' or 'b'?`; `nil` without a close name.
    public func suggestion(for name: String) -> String? {
        let close = closest(to: name).map { "'\($0)'" }
        guard let last = close.last else { return nil }
        let listed = close.count == 1 ? last : close.dropLast().joined(separator: ", ") + " or \(last)"
        return "did you mean \(listed)?"
    }
}
