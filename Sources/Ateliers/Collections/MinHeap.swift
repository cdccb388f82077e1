/// A binary min-heap: the clash sweep keeps the ends of running sessions in one, the timetable its lanes.
struct MinHeap<Element: Comparable> {
    private var storage: [Element] = []

    var first: Element? { storage.first }
    var count: Int { storage.count }
    var isEmpty: Bool { storage.isEmpty }

    /// - Complexity: O(log n).
    mutating func insert(_ value: Element) {
        storage.append(value)
        var child = storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard storage[child] < storage[parent] else { break }
            storage.swapAt(child, parent)
            child = parent
        }
    }

    /// - Complexity: O(log n).
    mutating func removeFirst() {
        let last = storage.removeLast()
        guard !storage.isEmpty else { return }
        storage[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < storage.count else { return }
            let right = left + 1
            let child = right < storage.count && storage[right] < storage[left] ? right : left
            guard storage[child] < storage[parent] else { return }
            storage.swapAt(child, parent)
            parent = child
        }
    }

    /// Removes every element at or before `limit`.
    /// - Complexity: O(k log n) for k elements removed.
    mutating func removeAll(upTo limit: Element) {
        while let first = storage.first, first <= limit { removeFirst() }
    }
}
