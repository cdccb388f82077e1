import Foundation

/// Writes feeds to a folder: each file atomically (a temporary file, then a rename), then `index.json`.
///
/// Subscribers polling the folder never read a half-written calendar. Feeds listed in the previous
/// `index.json` that the new plan no longer has are removed.
public struct FeedWriter: Sendable {
    public var directory: String

    public init(directory: String) { self.directory = directory }

    /// - Returns: the number of bytes written.
    /// - Throws: ``InputError`` naming the path that could not be written.
    @discardableResult
    public func write(_ feeds: [RenderedFeed], unscheduled: Int) throws -> Int {
        let previous = previousPaths()
        var bytes = 0
        for rendered in feeds {
            let data = Data(rendered.text.utf8)
            try writeAtomically(data, to: rendered.feed.path)
            bytes += data.count
        }
        let index = JSONValue.object([
            (
                "feeds",
                .array(
                    feeds.map {
                        .object([
                            ("kind", .string($0.feed.kind.rawValue)), ("name", .string($0.feed.name)),
                            ("path", .string($0.feed.path)), ("events", .int($0.feed.sessions.count)),
                        ])
                    })
            ),
            ("unscheduled", .int(unscheduled)),
        ]).rendered()
        try writeAtomically(Data(index.utf8), to: "index.json")
        let current = Set(feeds.map(\.feed.path))
        for stale in previous where !current.contains(stale) {
            try? FileManager.default.removeItem(atPath: url(stale).path)
        }
        return bytes + index.utf8.count
    }

    func url(_ relative: String) -> URL { URL(fileURLWithPath: directory).appendingPathComponent(relative) }

    func writeAtomically(_ data: Data, to relative: String) throws {
        let target = url(relative)
        do {
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: target, options: .atomic)
        } catch {
            throw InputError(file: target.path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    /// The feed paths the last export listed, if its index can be read.
    func previousPaths() -> [String] {
        guard let data = FileManager.default.contents(atPath: url("index.json").path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let feeds = object["feeds"] as? [[String: Any]]
        else { return [] }
        return feeds.compactMap { $0["path"] as? String }.filter { !$0.contains("..") && !$0.hasPrefix("/") }
    }
}
