import ICal

/// A plenary (`kind: plenary` / `plénière`, or `blocks: all`) at the same time as another session, in any room or
/// none: one diagnostic per block of overlapping plenaries with the sessions that overlap them.
///
/// Breaks, meals and registration are left out: a registration desk or a catering service often runs alongside a
/// plenary, and service sessions take no part in attendee clashes either. They still hold their room.
public struct PlenaryOverlapRule: Rule {
    public init() {}
    public var name: String { "plenary-overlap" }
    public var severity: Diagnostic.Severity { .error }

    public var explanation: String {
        RuleCatalogue.explanation(
            """
            Reports a session at the same time as a plenary, in any room or in none: everyone is expected at a
            plenary, so nothing else should run then. A plenary is a session of kind plenary or plénière (séance
            plénière), or any session with blocks: all; two plenaries that overlap are reported too. Back-to-back
            sessions do not overlap. Breaks, meals and registration are not reported: a registration desk or
            catering often runs alongside a plenary (they still hold their room for room-clash). One finding per
            plenary (or run of overlapping plenaries) with every session overlapping it.
            """, name: name, severity: severity,
            acknowledging: (["opening", "atelier-1"], "the welcome desk stays open during the opening"),
            example: "p.yaml:7: error[plenary-overlap]: plenary 'opening' «Opening» overlaps 'atelier-1'"
                + " «Atelier 1» at 2023-09-19 09:30–10:00")
    }

    /// A run of plenaries chained by overlaps: together they cover one interval without a gap.
    struct Block {
        var plenaries: [ScheduledSession]
        var start: Int64
        var end: Int64
        var others: [ScheduledSession] = []
    }

    /// - Complexity: O(n log n + m) for n sessions and m memberships (a session in k blocks counts k times).
    public func check(_ context: CheckContext) -> [Diagnostic] {
        var blocks: [Block] = []
        var others: [ScheduledSession] = []
        for item in context.scheduled where item.end > item.start {
            guard !context.programme.sessions[item.index].allDay else { continue }
            switch context.roles[item.index] {
            case .plenary:
                if let last = blocks.last, item.start < last.end {
                    blocks[blocks.count - 1].plenaries.append(item)
                    blocks[blocks.count - 1].end = max(last.end, item.end)
                } else {
                    blocks.append(Block(plenaries: [item], start: item.start, end: item.end))
                }
            case .regular: others.append(item)
            case .service: continue
            }
        }
        guard !blocks.isEmpty else { return [] }
        // Blocks are disjoint and by start, so their ends increase too: the first one ending after a session's
        // start is found by bisection, and the blocks it overlaps follow it.
        for item in others {
            var low = 0
            var high = blocks.count
            while low < high {
                let mid = (low + high) / 2
                if blocks[mid].end <= item.start { low = mid + 1 } else { high = mid }
            }
            while low < blocks.count, blocks[low].start < item.end {
                blocks[low].others.append(item)
                low += 1
            }
        }
        return blocks.compactMap { diagnostic(for: $0, context) }
    }

    func diagnostic(for block: Block, _ context: CheckContext) -> Diagnostic? {
        let plenaries = block.plenaries
        let others = block.others
        guard plenaries.count + others.count > 1 else { return nil }
        var pairs = 0
        var overlapStart = Int64.max
        var overlapEnd = Int64.min
        for group in ClashSweep.groups(in: plenaries) {
            pairs += group.pairs
            overlapStart = min(overlapStart, group.overlapStart)
            overlapEnd = max(overlapEnd, group.overlapEnd)
        }
        // The plenaries a session overlaps: those starting before its end, less those ending by its start.
        let starts = plenaries.map(\.start)
        let ends = plenaries.map(\.end).sorted()
        for item in others {
            pairs += Self.count(starts, below: item.end) - Self.count(ends, below: item.start + 1)
            overlapStart = min(overlapStart, max(item.start, block.start))
            overlapEnd = max(overlapEnd, min(item.end, block.end))
        }
        let members = plenaries + others
        let when = context.describe(start: overlapStart, end: overlapEnd)
        let first = context.name(context.session(plenaries[0]))
        let message: String
        switch (plenaries.count, others.count) {
        case (1, 1):
            message = "plenary \(first) overlaps \(context.name(context.session(others[0]))) at \(when)"
        case (1, let count):
            message = "plenary \(first) overlaps \(count) sessions at \(when): \(context.listing(others, context.name))"
        case (2, 0):
            message = "plenaries \(first) and \(context.name(context.session(plenaries[1]))) overlap at \(when)"
        case (let count, 0):
            message =
                "\(count) plenaries overlap at \(when) (\(plural(pairs, "overlapping pair"))):"
                + " \(context.listing(plenaries, context.name))"
        case (let count, let rest):
            message =
                "\(count) plenaries and \(plural(rest, "other session")) overlap at \(when)"
                + " (\(plural(pairs, "overlapping pair"))): \(context.listing(members, context.name))"
        }
        return Diagnostic(
            rule: name, severity: severity, message: message, sessions: members.map { .init(context.session($0)) },
            start: overlapStart, end: overlapEnd,
            sources: members.prefix(CheckContext.listedMembers).compactMap { context.session($0).timeLocation },
            pairs: pairs)
    }

    /// How many of the sorted values are below `limit`.
    static func count(_ values: [Int64], below limit: Int64) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < limit { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
