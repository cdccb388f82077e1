import Foundation

/// Writes feeds to a folder: each file atomically (a temporary file, then a rename), then `index.json`.
///
/// Subscribers polling the folder never read a half-written calendar. Feeds listed in the previous
/// `index.json` that the new plan no longer has are removed.
public struct FeedWriter: Sendable {
    public var directory: String

    public init(directory: String) { self.directory = directory }

    /// Composes and writes one feed at a time, so memory holds one feed, not all of them.
    /// - Returns: the number of bytes written.
    /// - Throws: ``InputError`` naming the path that could not be written.
    @discardableResult
    public func write(_ feeds: RenderedFeeds, unscheduled: Int) throws -> Int {
        let previous = previousPaths()
        var bytes = 0
        var folders = Set<String>()
        for index in feeds.plan.feeds.indices {
            let data = feeds.bytes(of: index)
            try writeAtomically(data, to: feeds.plan.feeds[index].path, folders: &folders)
            bytes += data.count
        }
        let index = JSONValue.object([
            (
                "feeds",
                .array(
                    feeds.plan.feeds.map {
                        .object([
                            ("kind", .string($0.kind.rawValue)), ("name", .string($0.name)), ("path", .string($0.path)),
                            ("events", .int($0.sessions.count)),
                        ])
                    })
            ),
            ("unscheduled", .int(unscheduled)),
        ]).rendered()
        try writeAtomically(Array(index.utf8), to: "index.json", folders: &folders)
        let current = Set(feeds.plan.feeds.map(\.path))
        for stale in previous where !current.contains(stale) {
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

    /// The feed paths the last export listed, if its index can be read.
    func previousPaths() -> [String] {
        guard let data = FileManager.default.contents(atPath: path("index.json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let feeds = object["feeds"] as? [[String: Any]]
        else { return [] }
        return feeds.compactMap { $0["path"] as? String }.filter { !$0.contains("..") && !$0.hasPrefix("/") }
    }
}
