import Dispatch
public import ICal

/// Runs every rule over a programme.
public struct ProgrammeCheck: Sendable {
    public static let defaultRules: [any Rule] = [
        RoomClashRule(), SpeakerClashRule(), MissingRoomRule(), UnscheduledRule(), InvalidTimeRule(),
        AmbiguousTimeRule(),
        UnknownReferenceRule(), AttendeeClashRule(), OverCapacityRule(), SimilarNamesRule(),
        PlenaryOverlapRule(), OutsideHoursRule(), SpeakerUnavailableRule(), ShortChangeoverRule(), TrackClashRule(),
    ]

    public var rules: [any Rule]

    public init(rules: [any Rule] = ProgrammeCheck.defaultRules) { self.rules = rules }

    /// - Parameters:
    ///   - programme: the merged programme.
    ///   - zone: its time zone's rules over the programme's years.
    ///   - importDiagnostics: what importing found, reported (and configured by `checks:`) with the rest.
    ///   - attendees: personal agendas, for the attendee rules.
    /// - Returns: every diagnostic, errors first, in a stable order.
    /// - Complexity: O(n log n + a·k log k + d log d) for n sessions, a attendees with k picks and d findings.
    public func run(
        _ programme: Programme, zone: TimeZoneRules, importDiagnostics: [Diagnostic] = [], attendees: [Attendee] = []
    ) -> [Diagnostic] {
        run(CheckContext(programme: programme, zone: zone, attendees: attendees), importDiagnostics: importDiagnostics)
    }

    /// Runs the rules, then applies the programme's `checks:` (``CheckSettings/apply(to:catalogue:)``) to their
    /// findings and to `importDiagnostics`.
    public func run(_ context: CheckContext, importDiagnostics: [Diagnostic] = []) -> [Diagnostic] {
        let found = importDiagnostics + Self.concurrently(rules) { $0.check(context) }.joined()
        let settings = context.programme.checks
        if settings.isEmpty { return found.sortedForReport() }
        return settings.apply(to: found, catalogue: RuleCatalogue(rules: rules + Self.defaultRules)).sortedForReport()
    }

    /// Runs `body` on every rule, on every core at once (rules only read the context), the long ones first, and
    /// returns the results in the rules' order, so the report is the same however the work is shared.
    static func concurrently(_ rules: [any Rule], _ body: @Sendable (any Rule) -> [Diagnostic]) -> [[Diagnostic]] {
        var results = [[Diagnostic]](repeating: [], count: rules.count)
        let order = rules.indices.filter { rules[$0].runsLong } + rules.indices.filter { !rules[$0].runsLong }
        results.withUnsafeMutableBufferPointer { slots in
            // Each iteration writes its own slot only.
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: rules.count) { slots[order[$0]] = body(rules[order[$0]]) }
        }
        return results
    }

    /// Loads the zone rules a programme needs: the years its sessions use.
    /// - Throws: ``ICalError`` when libical does not know the zone.
    public static func zoneRules(for programme: Programme, library: ICalLibrary = .shared) async throws
        -> TimeZoneRules
    {
        let years = programme.sessions.compactMap(\.slot).flatMap { [$0.start.year, $0.end.year] }
        return try await library.timeZoneRules(
            identifier: programme.timeZoneID, years: years.filter(ICalLibrary.supportedYears.contains))
    }
}
