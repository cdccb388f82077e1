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

    /// - Complexity: one `stat` per file, one `readdir` pass per folder.
    init(_ paths: [String]) {
        var stamps: [Stamp] = []
        for path in paths { Self.add(path, depth: 0, to: &stamps) }
        self.stamps = stamps
    }

    private static func add(_ path: String, depth: Int, to stamps: inout [Stamp]) {
        guard stamps.count < limit else { return }
        var info = stat()
        guard stat(path, &info) == 0 else {
            stamps.append(Stamp(path: path, inode: 0, size: -1, seconds: 0, nanoseconds: 0))
            return
        }
        #if canImport(Darwin)
            let modified = info.st_mtimespec
        #else
            let modified = info.st_mtim
        #endif
        stamps.append(
            Stamp(
                path: path, inode: UInt64(info.st_ino), size: Int64(info.st_size), seconds: Int(modified.tv_sec),
                nanoseconds: Int(modified.tv_nsec)))
        guard (info.st_mode & S_IFMT) == S_IFDIR, depth < 8, let folder = opendir(path) else { return }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." || name.hasPrefix(".") { continue }
            names.append(name)
        }
        for name in names.sorted() {
            add(path.hasSuffix("/") ? path + name : path + "/" + name, depth: depth + 1, to: &stamps)
        }
    }
}
