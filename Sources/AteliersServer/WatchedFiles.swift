import Foundation

/// What the watched files look like on disk now: for each file (and each file under a watched folder) its inode,
/// size and modification time. Two equal snapshots mean nothing was saved in between, whether an editor rewrote
/// the file in place or replaced it.
struct WatchedFiles: Equatable, Sendable {
    struct Stamp: Equatable, Sendable {
        var path: String
        var inode: UInt64
        var size: Int64
        var seconds: Int
        var nanoseconds: Int
    }

    var stamps: [Stamp]

    /// The files under a folder are listed up to this many (a programme folder has a few dozen).
    static let limit = 10_000

    /// - Complexity: one `stat` per file, one listing per folder.
    init(_ paths: [String]) {
        var stamps: [Stamp] = []
        for path in paths { Self.add(path, depth: 0, to: &stamps) }
        self.stamps = stamps
    }

    private static func add(_ path: String, depth: Int, to stamps: inout [Stamp]) {
        guard stamps.count < limit else { return }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            stamps.append(Stamp(path: path, inode: 0, size: -1, seconds: 0, nanoseconds: 0))
            return
        }
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let seconds = modified.rounded(.down)
        stamps.append(
            Stamp(
                path: path, inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
                size: (attributes[.size] as? NSNumber)?.int64Value ?? 0, seconds: Int(seconds),
                nanoseconds: Int(((modified - seconds) * 1e9).rounded())))
        guard attributes[.type] as? FileAttributeType == .typeDirectory, depth < 8,
            let names = try? FileManager.default.contentsOfDirectory(atPath: path)
        else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            add(path.hasSuffix("/") ? path + name : path + "/" + name, depth: depth + 1, to: &stamps)
        }
    }
}
