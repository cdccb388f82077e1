extension CheckSettings {
    /// The warning for an acknowledgement that matches no finding.
    public static let staleAcknowledgement = "stale-acknowledgement"
    /// The warning for a name in `checks:` that is not a rule.
    public static let unknownRule = "unknown-rule"

    /// The findings as the programme's `checks:` configures them.
    ///
    /// A finding is acknowledged when an acknowledgement names its rule and every session it names (a finding
    /// that names no session cannot be): it becomes `info`, its message followed by `(acknowledged: REASON)`, and
    /// loses its suggestion. Any other finding takes its rule's configured severity. A rule set to `ignore` loses
    /// its findings, acknowledged or not; its acknowledgements still count as matching, so they are not stale.
    /// Then the settings' own warnings: `stale-acknowledgement` for an acknowledgement that matches nothing, and
    /// `unknown-rule` for a setting or acknowledgement naming no rule of `catalogue`. Those two are configured like
    /// any rule (`stale-acknowledgement: error` makes a forgotten acknowledgement fail CI).
    /// - Parameters:
    ///   - diagnostics: what the rules and the importers found.
    ///   - catalogue: the rule names there are.
    /// - Returns: the configured findings in their order, then the settings' warnings (unsorted).
    /// - Complexity: O(d + s + a) for d findings naming s sessions in all and acknowledgements naming a ids in
    ///   all, times the number of acknowledgements of one rule that share a session (usually one).
    public func apply(to diagnostics: [Diagnostic], catalogue: RuleCatalogue) -> [Diagnostic] {
        guard !isEmpty else { return diagnostics }
        var severities: [String: RuleSetting] = [:]
        for configuration in rules where severities[configuration.rule] == nil {
            severities[configuration.rule] = configuration.setting
        }
        let matcher = AcknowledgementMatcher(acknowledged, catalogue: catalogue)
        var used = [Bool](repeating: false, count: acknowledged.count)
        var configured: [Diagnostic] = []
        configured.reserveCapacity(diagnostics.count)
        for var diagnostic in diagnostics {
            let matches = matcher.matches(diagnostic)
            for match in matches { used[match] = true }
            if let first = matches.first {
                diagnostic.severity = .info
                diagnostic.message += " (acknowledged: \(acknowledged[first].reason))"
                diagnostic.suggestion = nil
                if severities[diagnostic.rule] == .ignore { continue }
            } else if let setting = severities[diagnostic.rule] {
                guard let severity = setting.severity else { continue }
                diagnostic.severity = severity
            }
            configured.append(diagnostic)
        }
        var own: [Diagnostic] = []
        for configuration in rules where !catalogue.contains(configuration.rule) {
            own.append(
                Diagnostic(
                    rule: Self.unknownRule, severity: .warning,
                    message: "'\(configuration.rule)' in 'checks' is not a rule Ateliers knows, so it changes nothing"
                        + (catalogue.suggestion(for: configuration.rule).map { ": \($0)" } ?? ""),
                    sources: configuration.source.map { [$0] } ?? []))
        }
        for (index, acknowledgement) in acknowledged.enumerated() where !used[index] {
            let sources = acknowledgement.source.map { [$0] } ?? []
            if catalogue.contains(acknowledgement.rule) {
                own.append(
                    Diagnostic(
                        rule: Self.staleAcknowledgement, severity: .warning,
                        message: "the acknowledgement of \(acknowledgement.rule) for"
                            + " \(Diagnostic.listing(acknowledgement.sessions)) matches nothing: remove it, or the"
                            + " sessions changed",
                        sources: sources))
            } else {
                own.append(
                    Diagnostic(
                        rule: Self.unknownRule, severity: .warning,
                        message: "the acknowledgement names the rule '\(acknowledgement.rule)', which Ateliers does"
                            + " not have"
                            + (catalogue.suggestion(for: acknowledgement.rule).map { ": \($0)" } ?? ""),
                        sources: sources))
            }
        }
        for var diagnostic in own {
            if let setting = severities[diagnostic.rule] {
                guard let severity = setting.severity else { continue }
                diagnostic.severity = severity
            }
            configured.append(diagnostic)
        }
        return configured
    }
}

extension RuleSetting {
    /// The severity findings take; `nil` for `ignore`.
    public var severity: Diagnostic.Severity? {
        switch self {
        case .error: .error
        case .warning: .warning
        case .info: .info
        case .ignore: nil
        }
    }
}

/// Finds the acknowledgements of a finding through an index of (rule, session id), never by trying them all.
struct AcknowledgementMatcher {
    struct Key: Hashable {
        var rule: String
        var session: String
    }

    /// The acknowledgements naming each (rule, session), in their order.
    private var index: [Key: [Int]] = [:]
    private var members: [Set<String>] = []

    /// - Parameter catalogue: acknowledgements of names not in it match nothing (they are `unknown-rule`).
    /// - Complexity: O(a) for acknowledgements naming a session ids in all.
    init(_ acknowledged: [Acknowledgement], catalogue: RuleCatalogue) {
        for (position, acknowledgement) in acknowledged.enumerated() {
            let sessions = Set(acknowledgement.sessions)
            members.append(sessions)
            guard catalogue.contains(acknowledgement.rule) else { continue }
            for session in sessions {
                index[Key(rule: acknowledgement.rule, session: session), default: []].append(position)
            }
        }
    }

    /// The positions of the acknowledgements naming the finding's rule and every session it names, in order.
    /// - Complexity: O(s·c) for a finding naming s sessions, c being the fewest acknowledgements naming one of them.
    func matches(_ diagnostic: Diagnostic) -> [Int] {
        guard !index.isEmpty, !diagnostic.sessions.isEmpty else { return [] }
        // The shortest candidate list: every match names every session of the finding, so it is in each list.
        var candidates: [Int]?
        for session in diagnostic.sessions {
            let list = index[Key(rule: diagnostic.rule, session: session.id)] ?? []
            if list.count < candidates?.count ?? Int.max { candidates = list }
            if list.isEmpty { return [] }
        }
        return (candidates ?? []).filter { position in
            diagnostic.sessions.allSatisfy { members[position].contains($0.id) }
        }
    }
}
