/// Sessions on one line of time (a room, a person, a track), sorted by start, with the running maximum of their
/// ends: "what overlaps this interval?" is two binary searches and a walk over the entries near it, never a scan of
/// the whole line.
struct Timeline: Sendable {
    struct Entry: Sendable, Hashable {
        var start: Int64
        var end: Int64
        /// The session's position in the programme.
        var index: Int
    }

    private(set) var entries: [Entry] = []
    /// `maxEnd[i]` is the largest end among `entries[0...i]`: never decreasing, so it can be searched.
    private var maxEnd: [Int64] = []

    init() {}

    init(_ unsorted: [Entry]) {
        entries = unsorted.filter { $0.end > $0.start }.sorted(by: Self.precedes)
        maxEnd = [Int64](repeating: 0, count: entries.count)
        rebuild(from: 0)
    }

    static func precedes(_ a: Entry, _ b: Entry) -> Bool { (a.start, a.index) < (b.start, b.index) }

    /// Adds an entry. One of no length is an instant: it overlaps nothing, so it is not kept.
    /// - Complexity: O(b) for b entries (the shift of the arrays).
    mutating func insert(_ entry: Entry) {
        guard entry.end > entry.start else { return }
        let position = partition { !Self.precedes($0, entry) }
        entries.insert(entry, at: position)
        maxEnd.insert(entry.end, at: position)
        rebuild(from: position)
    }

    /// Removes an entry added before; nothing when it is not there.
    /// - Complexity: O(b).
    mutating func remove(_ entry: Entry) {
        let position = partition { !Self.precedes($0, entry) }
        guard position < entries.count, entries[position] == entry else { return }
        entries.remove(at: position)
        maxEnd.remove(at: position)
        rebuild(from: position)
    }

    private mutating func rebuild(from position: Int) {
        var running = position > 0 ? maxEnd[position - 1] : Int64.min
        for offset in position..<entries.count {
            running = max(running, entries[offset].end)
            maxEnd[offset] = running
        }
    }

    /// The first position whose entry satisfies `isAfter`, which must be false then true along the entries.
    private func partition(_ isAfter: (Entry) -> Bool) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if isAfter(entries[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// The positions that can hold an entry overlapping `start..<end`: every entry before them ends at or before
    /// `start`, every entry after them starts at or after `end`.
    /// - Complexity: O(log b).
    private func window(_ start: Int64, _ end: Int64) -> Range<Int> {
        var low = 0
        var high = maxEnd.count
        while low < high {
            let mid = (low + high) / 2
            if maxEnd[mid] > start { high = mid } else { low = mid + 1 }
        }
        let upper = partition { $0.start >= end }
        return low..<max(low, upper)
    }

    /// The entries overlapping `start..<end` by more than zero seconds, except the session `excluded`.
    /// - Complexity: O(log b + w) for w entries between the first that ends after `start` and `end`.
    func overlapping(_ start: Int64, _ end: Int64, excluding excluded: Int? = nil) -> [Entry] {
        guard end > start else { return [] }
        return entries[window(start, end)].filter { $0.end > start && $0.index != excluded }
    }

    /// Whether nothing but `excluded` overlaps `start..<end`.
    func isFree(_ start: Int64, _ end: Int64, excluding excluded: Int? = nil) -> Bool {
        guard end > start else { return true }
        return !entries[window(start, end)].contains { $0.end > start && $0.index != excluded }
    }

    /// The most entries (other than `excluded`) running at one instant of `start..<end`.
    func peakLoad(_ start: Int64, _ end: Int64, excluding excluded: Int? = nil) -> Int {
        let found = overlapping(start, end, excluding: excluded)
        guard found.count > 1 else { return found.count }
        // An end sorts before a start at the same instant: back to back is not at once.
        let events = found.flatMap { [(max($0.start, start), 1), ($0.end, -1)] }.sorted { $0 < $1 }
        var running = 0
        var peak = 0
        for (_, change) in events {
            running += change
            peak = max(peak, running)
        }
        return peak
    }
}
