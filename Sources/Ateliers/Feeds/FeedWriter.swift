import Foundation
import Synchronization

/// Writes feeds to an output folder: all or nothing, and only files Ateliers generates.
///
/// Every changed feed and the new `index.json` are first staged as temporaries (see ``OutputFolder``); only when
/// all are written are they renamed into place, the feeds first and `index.json` last. If one cannot be written,
/// every temporary is removed and the folder is left as it was. Subscribers polling the folder never read a
/// half-written calendar, nor a mix of two exports.
///
/// A feed whose bytes are unchanged since the last export (same hash in `index.json`, file still there) is not
/// rewritten, so its modification time, and the `Last-Modified` a web server derives from it, only moves when the
/// feed does. A previous feed the new plan no longer has is removed only when ``FeedPath/isFeed(_:)`` accepts its
/// path and its bytes are still the ones listed: `index.json` alone never decides what is touched.
public struct FeedWriter: Sendable {
    public var folder: OutputFolder

    public init(folder: OutputFolder) { self.folder = folder }

    /// What a write published.
    public struct Written: Sendable {
        /// Bytes of the feeds and the index.
        public var bytes: Int
        /// Each feed's path and hash (as `index.json` lists them), in plan order.
        public var hashes: [(path: String, hash: String)]
    }

    /// Composes, stages and publishes the feeds, then `index.json`.
    /// - Returns: the bytes written and each feed's hash.
    /// - Throws: ``OutputError`` naming the path that could not be written; nothing was changed then.
    /// - Complexity: O(bytes out), composed and staged in parallel lanes, one feed in memory per lane.
    @discardableResult
    public func write(_ feeds: RenderedFeeds, unscheduled: Int) throws -> Written {
        let previous = previousHashes()
        let plan = feeds.plan.feeds
        for feed in plan where !FeedPath.isFeed(feed.path) {
            throw OutputError(path: folder.display(feed.path), message: "not a feed path Ateliers writes")
        }
        let current = Set(plan.map(\.path))
        let stale = previous.keys.sorted().filter { !current.contains($0) && isUnchanged($0, hash: previous[$0]!) }
        do {
            try folder.prepare(
                folders: Set(plan.compactMap { $0.path.split(separator: "/").dropLast().first.map(String.init) })
                    .sorted())
        } catch {
            folder.removeCreatedFolders()
            throw error
        }
        // Composing and writing thousands of files is bound by the kernel's file creation: use every core.
        let lanes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let results = LaneResults(count: plan.count, lanes: lanes)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for index in stride(from: lane, to: plan.count, by: lanes) {
                guard !results.stopped.load(ordering: .relaxed) else { return }
                let data = feeds.bytes(of: index)
                let hash = Self.hash(data)
                var staged: OutputFolder.Staged?
                if previous[plan[index].path] != hash || folder.kind(of: plan[index].path) != .file {
                    do { staged = try folder.stage(data, as: plan[index].path) } catch {
                        results.fail(lane: lane, error as? OutputError)
                        return
                    }
                }
                results.store(index: index, lane: lane, hash: hash, bytes: data.count, staged: staged)
            }
        }
        var staged = results.staged
        func abandon(_ error: any Error) -> any Error {
            for file in staged { folder.discard(file) }
            folder.removeCreatedFolders()
            return error
        }
        if let failure = results.failure { throw abandon(failure) }
        let hashes = results.hashes
        let index = Self.index(plan, hashes: hashes, unscheduled: unscheduled)
        let stagedIndex: OutputFolder.Staged
        do {
            stagedIndex = try folder.stage(Array(index.utf8), as: "index.json")
            staged.append(stagedIndex)
            try folder.flush()
        } catch {
            throw abandon(error)
        }
        // The feeds, then the stale ones removed, then the index: an export killed before its index is renamed
        // leaves the previous index, which still names the stale feeds, so the next export removes them.
        do { try publish(staged.dropLast()) } catch {
            folder.discard(stagedIndex)
            throw error
        }
        for path in stale { folder.remove(path) }
        try publish([stagedIndex])
        folder.syncFolders()
        return Written(
            bytes: results.bytes + index.utf8.count, hashes: zip(plan, hashes).map { ($0.path, $1) })
    }

    /// `index.json`: each feed's kind, name, path, event count and hash, and the number of unscheduled sessions.
    /// `export` writes it and `serve` serves it: one function, so both give the same bytes.
    static func index(_ plan: [Feed], hashes: [String], unscheduled: Int) -> String {
        var index = "{\n  \"feeds\": [\n"
        for (offset, feed) in plan.enumerated() {
            index += "    {\"kind\": \(JSONValue.quote(feed.kind.rawValue)), \"name\": \(JSONValue.quote(feed.name)), "
            index += "\"path\": \(JSONValue.quote(feed.path)), \"events\": \(feed.sessions.count), "
            index += "\"hash\": \"\(hashes[offset])\"}\(offset == plan.count - 1 ? "" : ",")\n"
        }
        return index + "  ],\n  \"unscheduled\": \(unscheduled)\n}\n"
    }

    /// Renames the staged files into place in order. Should a rename fail (the files are
    /// already written, so only a concurrent change of the folder can make it fail), the rest are discarded.
    func publish(_ staged: some Collection<OutputFolder.Staged>) throws {
        for (offset, file) in staged.enumerated() {
            do { try folder.publish(file) } catch {
                for rest in staged.dropFirst(offset + 1) { folder.discard(rest) }
                throw error
            }
        }
    }

    /// What the writing lanes report: one slot per lane in a buffer allocated up front, so lanes never share
    /// an element and no Swift property is accessed from two threads.
    final class LaneResults: @unchecked Sendable {
        struct Lane {
            var hashes: [(Int, String)] = []
            var bytes = 0
            var staged: [OutputFolder.Staged] = []
            var failure: OutputError?
        }

        let lanes: UnsafeMutableBufferPointer<Lane>
        let count: Int
        /// Set by the first lane that fails, so the others stop staging.
        let stopped = Atomic<Bool>(false)

        init(count: Int, lanes: Int) {
            self.count = count
            self.lanes = .allocate(capacity: lanes)
            self.lanes.initialize(repeating: Lane())
        }

        deinit {
            _ = lanes.deinitialize()
            lanes.deallocate()
        }

        func store(index: Int, lane: Int, hash: String, bytes: Int, staged: OutputFolder.Staged?) {
            lanes[lane].hashes.append((index, hash))
            lanes[lane].bytes += bytes
            if let staged { lanes[lane].staged.append(staged) }
        }

        func fail(lane: Int, _ error: OutputError?) {
            lanes[lane].failure = error ?? OutputError(path: "-", message: "cannot write")
            stopped.store(true, ordering: .relaxed)
        }

        var hashes: [String] {
            var all = Array(repeating: "", count: count)
            for lane in lanes { for (index, hash) in lane.hashes { all[index] = hash } }
            return all
        }

        var bytes: Int { lanes.reduce(0) { $0 + $1.bytes } }
        /// Every lane's staged files, in plan order.
        var staged: [OutputFolder.Staged] { lanes.flatMap(\.staged) }
        var failure: OutputError? { lanes.lazy.compactMap(\.failure).first }
    }

    /// Writes one file of the folder (a frab schedule) the same way: staged, then renamed into place.
    /// - Throws: ``OutputError`` naming the path that could not be written.
    public func writeFile(_ text: String, named relative: String) throws {
        let staged = try folder.stage(Array(text.utf8), as: relative)
        do { try folder.flush() } catch {
            folder.discard(staged)
            throw error
        }
        try folder.publish(staged)
        folder.syncFolders()
    }

    /// The feed paths the last export listed, with their hashes, if its index can be read: only paths of the
    /// shapes Ateliers writes (``FeedPath/isFeed(_:)``).
    public func previousHashes() -> [String: String] {
        guard let bytes = folder.contents(of: "index.json"),
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let feeds = object["feeds"] as? [[String: Any]]
        else { return [:] }
        var hashes: [String: String] = [:]
        for feed in feeds {
            guard let relative = feed["path"] as? String, FeedPath.isFeed(relative),
                let hash = feed["hash"] as? String
            else { continue }
            hashes[relative] = hash
        }
        return hashes
    }

    /// The feeds of the last export that `plan` no longer has and that Ateliers may still touch: listed in the
    /// previous `index.json` with a feed path, and still a regular file holding the bytes that index lists.
    /// A file the user put there, or changed, is left alone.
    /// - Complexity: O(bytes of those feeds).
    public func retainable(besides plan: FeedPlan) -> [String] {
        let current = Set(plan.feeds.map(\.path))
        return previousHashes().filter { !current.contains($0.key) && isUnchanged($0.key, hash: $0.value) }
            .keys.sorted()
    }

    /// Whether the file at `relative` is a regular file whose bytes hash to `hash`.
    func isUnchanged(_ relative: String, hash: String) -> Bool {
        folder.contents(of: relative).map { Self.hash($0) == hash } ?? false
    }

    /// FNV-1a, 64 bits, in hex: cheap, stable across runs and platforms; for change detection, not security.
    static func hash(_ bytes: [UInt8]) -> String {
        let hex = String(fnv1a(bytes), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// FNV-1a, 64 bits, from a chosen offset basis (another basis gives an independent hash of the same bytes).
    static func fnv1a(_ bytes: some Sequence<UInt8>, basis: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = basis
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
