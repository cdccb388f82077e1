import Foundation

/// Writes feeds to a folder: each file atomically (a temporary file, then a rename), then `index.json`.
///
/// Subscribers polling the folder never read a half-written calendar. A feed whose bytes are unchanged since the
/// last export (same hash in `index.json`, file still there) is not rewritten, so its modification time, and the
/// `Last-Modified` a web server derives from it, only moves when the feed does. Feeds listed in the previous
/// `index.json` that the new plan no longer has are removed.
public struct FeedWriter: Sendable {
    public var directory: String

    public init(directory: String) { self.directory = directory }

    /// Composes and writes one feed at a time, so memory holds one feed, not all of them.
    /// - Returns: the number of bytes written.
    /// - Throws: ``InputError`` naming the path that could not be written.
    @discardableResult
    public func write(_ feeds: RenderedFeeds, unscheduled: Int) throws -> Int {
        let previous = previousHashes()
        let plan = feeds.plan.feeds
        for folder in Set(plan.map { (path($0.path) as NSString).deletingLastPathComponent } + [directory]) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw InputError(file: folder, message: "cannot create the folder: \(error.localizedDescription)")
            }
        }
        // Composing and writing thousands of files is bound by the kernel's file creation: use every core.
        let lanes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let results = LaneResults(count: plan.count, lanes: lanes)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for index in stride(from: lane, to: plan.count, by: lanes) {
                let data = feeds.bytes(of: index)
                let hash = Self.hash(data)
                var failure: InputError?
                if previous[plan[index].path] != hash || access(path(plan[index].path), F_OK) != 0 {
                    do { try writeAtomically(data, to: plan[index].path) } catch let error as InputError {
                        failure = error
                    } catch {}
                }
                results.store(index: index, lane: lane, hash: hash, bytes: data.count, failure: failure)
            }
        }
        if let failure = results.failure { throw failure }
        let hashes = results.hashes
        var index = "{\n  \"feeds\": [\n"
        for (offset, feed) in plan.enumerated() {
            index += "    {\"kind\": \(JSONValue.quote(feed.kind.rawValue)), \"name\": \(JSONValue.quote(feed.name)), "
            index += "\"path\": \(JSONValue.quote(feed.path)), \"events\": \(feed.sessions.count), "
            index += "\"hash\": \"\(hashes[offset])\"}\(offset == plan.count - 1 ? "" : ",")\n"
        }
        index += "  ],\n  \"unscheduled\": \(unscheduled)\n}\n"
        try writeAtomically(Array(index.utf8), to: "index.json")
        let current = Set(plan.map(\.path))
        for stale in previous.keys.sorted() where !current.contains(stale) {
            try? FileManager.default.removeItem(atPath: path(stale))
        }
        return results.bytes + index.utf8.count
    }

    /// What the writing lanes report: one slot per lane in a buffer allocated up front, so lanes never share
    /// an element and no Swift property is accessed from two threads.
    final class LaneResults: @unchecked Sendable {
        struct Lane {
            var hashes: [(Int, String)] = []
            var bytes = 0
            var failure: InputError?
        }

        let lanes: UnsafeMutableBufferPointer<Lane>
        let count: Int

        init(count: Int, lanes: Int) {
            self.count = count
            self.lanes = .allocate(capacity: lanes)
            self.lanes.initialize(repeating: Lane())
        }

        deinit {
            _ = lanes.deinitialize()
            lanes.deallocate()
        }

        func store(index: Int, lane: Int, hash: String, bytes: Int, failure: InputError?) {
            lanes[lane].hashes.append((index, hash))
            lanes[lane].bytes += bytes
            if lanes[lane].failure == nil { lanes[lane].failure = failure }
        }

        var hashes: [String] {
            var all = Array(repeating: "", count: count)
            for lane in lanes { for (index, hash) in lane.hashes { all[index] = hash } }
            return all
        }

        var bytes: Int { lanes.reduce(0) { $0 + $1.bytes } }
        var failure: InputError? { lanes.compactMap(\.failure).first }
    }

    func path(_ relative: String) -> String {
        directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }

    /// Writes one file of the folder atomically, creating the folder if needed.
    /// - Throws: ``InputError`` naming the path that could not be written.
    public func writeFile(_ text: String, named relative: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw InputError(file: directory, message: "cannot create the folder: \(error.localizedDescription)")
        }
        try writeAtomically(Array(text.utf8), to: relative)
    }

    /// Writes to `<name>.tmp-<pid>` beside the target, then renames over it.
    func writeAtomically(_ bytes: [UInt8], to relative: String) throws {
        let target = path(relative)
        let temporary = "\(target).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw InputError(file: target, message: "cannot write: \(String(cString: strerror(errno)))")
        }
        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += result
            }
        }
        close(descriptor)
        if failure == 0 && rename(temporary, target) == 0 { return }
        let error = failure != 0 ? failure : errno
        unlink(temporary)
        throw InputError(file: target, message: "cannot write: \(String(cString: strerror(error)))")
    }

    /// The feed paths the last export listed, with their hashes, if its index can be read.
    public func previousHashes() -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path("index.json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let feeds = object["feeds"] as? [[String: Any]]
        else { return [:] }
        var hashes: [String: String] = [:]
        for feed in feeds {
            guard let relative = feed["path"] as? String, !relative.contains(".."), !relative.hasPrefix("/") else {
                continue
            }
            hashes[relative] = feed["hash"] as? String ?? ""
        }
        return hashes
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
