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
        var bytes = 0
        var folders = Set<String>()
        var hashes: [String] = []
        hashes.reserveCapacity(feeds.plan.feeds.count)
        for index in feeds.plan.feeds.indices {
            let data = feeds.bytes(of: index)
            let hash = Self.hash(data)
            hashes.append(hash)
            bytes += data.count
            let relative = feeds.plan.feeds[index].path
            if previous[relative] == hash && access(path(relative), F_OK) == 0 { continue }
            try writeAtomically(data, to: relative, folders: &folders)
        }
        let index = JSONValue.object([
            (
                "feeds",
                .array(
                    zip(feeds.plan.feeds, hashes).map { feed, hash in
                        .object([
                            ("kind", .string(feed.kind.rawValue)), ("name", .string(feed.name)),
                            ("path", .string(feed.path)), ("events", .int(feed.sessions.count)),
                            ("hash", .string(hash)),
                        ])
                    })
            ),
            ("unscheduled", .int(unscheduled)),
        ]).rendered()
        try writeAtomically(Array(index.utf8), to: "index.json", folders: &folders)
        let current = Set(feeds.plan.feeds.map(\.path))
        for stale in previous.keys.sorted() where !current.contains(stale) {
            try? FileManager.default.removeItem(atPath: path(stale))
        }
        return bytes + index.utf8.count
    }

    func path(_ relative: String) -> String {
        directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }

    /// Writes to `<name>.tmp-<pid>` beside the target, then renames over it.
    func writeAtomically(_ bytes: [UInt8], to relative: String, folders: inout Set<String>) throws {
        let target = path(relative)
        let folder = (target as NSString).deletingLastPathComponent
        do {
            if folders.insert(folder).inserted {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        } catch {
            throw InputError(file: folder, message: "cannot create the folder: \(error.localizedDescription)")
        }
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
    func previousHashes() -> [String: String] {
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
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
