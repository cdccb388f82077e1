import Foundation

/// An output folder, held open and locked while Ateliers writes into it.
///
/// The folder itself is the one the user named (a link there is followed: it is their choice). Inside it, every
/// file is reached from the folder's descriptor one component at a time, never following a symbolic link: a link
/// planted inside (`room -> /elsewhere`, `all.ics -> ~/.profile`) is refused with a message naming it, never
/// written through. Files are staged as temporaries created exclusively (`O_CREAT | O_EXCL | O_NOFOLLOW`) with
/// unpredictable names beside their target, then renamed into place by ``publish(_:)``.
///
/// An exclusive `flock(2)` on `.ateliers/lock` is held from ``init(path:lockWaitSeconds:)`` until the value is
/// released, so two exports never write into one folder at once.
///
/// Subfolders are opened by ``prepare(folders:)`` before writing starts; after it, the value is only read, and
/// staging may run on several threads at once.
public final class OutputFolder: @unchecked Sendable {
    /// The folder as the user named it.
    public let path: String
    let descriptor: Int32
    private var lockDescriptor: Int32 = -1
    private var subfolders: [String: Int32] = [:]
    private var createdFolders: [String] = []

    /// The infix of temporary names: `.<name>.ateliers-tmp-<16 hex digits>`.
    static let temporaryInfix = ".ateliers-tmp-"

    /// Opens (creating it if needed) and locks the folder, then removes the temporaries a killed export left.
    /// - Parameters:
    ///   - path: the output folder.
    ///   - lockWaitSeconds: how long to wait for another export writing into the same folder to finish.
    /// - Throws: ``OutputError`` when the folder cannot be created or opened, when `.ateliers` or its lock is a
    ///   link, or when another export still holds the lock after the wait.
    public init(path: String, lockWaitSeconds: Double = 10) throws {
        self.path = path
        try Self.makeFolders(path)
        descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = errno
            throw OutputError(
                path: path,
                message: error == ENOTDIR ? "is a file, not a folder" : "cannot open the folder: \(Self.text(error))")
        }
        let state = try folder(".ateliers", create: true)!
        lockDescriptor = openat(state, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0 else {
            throw problem(errno, at: ".ateliers/lock", folder: state, name: "lock", expecting: "a lock file")
        }
        let deadline = ContinuousClock.now + .milliseconds(Int64(max(0, lockWaitSeconds) * 1000))
        while flock(lockDescriptor, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            guard error == EWOULDBLOCK || error == EINTR else {
                throw OutputError(path: display(".ateliers/lock"), message: "cannot lock: \(Self.text(error))")
            }
            guard ContinuousClock.now < deadline else {
                throw OutputError(
                    path: path,
                    message: "another export is writing to this folder (lock \(display(".ateliers/lock")));"
                        + " try again when it finishes")
            }
            usleep(100_000)
        }
        removeLeftoverTemporaries()
    }

    deinit {
        for descriptor in subfolders.values { close(descriptor) }
        if lockDescriptor >= 0 { close(lockDescriptor) }
        if descriptor >= 0 { close(descriptor) }
    }

    /// `mkdir -p`, with `strerror` messages.
    static func makeFolders(_ path: String) throws {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        if errno == ENOENT {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty && parent != path {
                try makeFolders(parent)
                if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
            }
        }
        throw OutputError(path: path, message: "cannot create the folder: \(text(errno))")
    }

    /// Writes every byte to a descriptor, again after `EINTR` and short writes.
    /// - Returns: 0, or the `errno` of the write that failed.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let result = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += result
            }
            return 0
        }
    }

    static func text(_ error: Int32) -> String { String(cString: strerror(error)) }

    /// A path inside the folder as the user would type it.
    public func display(_ relative: String) -> String {
        path.hasSuffix("/") ? path + relative : path + "/" + relative
    }

    /// Opens the subfolders the files to write live in (`room`, `day`…), creating the missing ones.
    /// - Throws: ``OutputError`` naming a subfolder that is a link or not a folder, or cannot be created.
    public func prepare(folders: some Sequence<String>) throws {
        for name in folders { _ = try folder(name, create: true) }
    }

    /// The descriptor of a subfolder one level down, opened without following a link; `nil` when it is missing
    /// and `create` is false.
    private func folder(_ name: String, create: Bool) throws -> Int32? {
        if let known = subfolders[name] { return known }
        var opened = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if opened < 0 && errno == ENOENT {
            guard create else { return nil }
            if mkdirat(descriptor, name, 0o755) == 0 {
                createdFolders.append(name)
            } else if errno != EEXIST {
                throw OutputError(path: display(name), message: "cannot create the folder: \(Self.text(errno))")
            }
            opened = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        }
        guard opened >= 0 else {
            throw problem(
                errno, at: name, folder: descriptor, name: name,
                expecting: name == ".ateliers"
                    ? "a folder (Ateliers keeps its state in it)" : "a folder (Ateliers writes feeds in it)")
        }
        subfolders[name] = opened
        return opened
    }

    /// Removes the subfolders ``prepare(folders:)`` created, when they are still empty: a failed export leaves
    /// the folder as it found it.
    public func removeCreatedFolders() {
        for name in createdFolders.reversed() {
            if let opened = subfolders.removeValue(forKey: name) { close(opened) }
            unlinkat(descriptor, name, AT_REMOVEDIR)
        }
        createdFolders = []
    }

    /// The error for a failed open of `relative`, saying what stands there instead of what was expected.
    private func problem(_ error: Int32, at relative: String, folder: Int32, name: String, expecting: String)
        -> OutputError
    {
        switch kind(folder: folder, name: name) {
        case .link:
            return OutputError(
                path: display(relative),
                message: "is a symbolic link; Ateliers does not write through links in its output folder"
                    + " (remove it and export again)")
        case .other:
            return OutputError(path: display(relative), message: "is not \(expecting); remove it and export again")
        case .file where expecting.hasPrefix("a folder"):
            return OutputError(path: display(relative), message: "is not \(expecting); remove it and export again")
        default:
            return OutputError(path: display(relative), message: "cannot open: \(Self.text(error))")
        }
    }

    /// What stands at a path, links not followed.
    public enum EntryKind: Sendable, Equatable {
        case missing, file, link, other
    }

    private func kind(folder: Int32, name: String) -> EntryKind {
        var status = stat()
        guard fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// Splits a relative path of at most one folder into the folder's descriptor and the file name; `nil` when
    /// the folder is missing, or is a link or not a folder.
    private func place(_ relative: String) -> (folder: Int32, name: String)? {
        guard let slash = relative.firstIndex(of: "/") else { return (descriptor, relative) }
        let name = String(relative[relative.index(after: slash)...])
        guard !name.contains("/"), let folder = subfolders[String(relative[..<slash])] else { return nil }
        return (folder, name)
    }

    /// What stands at `relative` (at most one folder deep), links not followed. Only after ``prepare(folders:)``
    /// opened its folder, or for a top-level name.
    public func kind(of relative: String) -> EntryKind {
        guard let (folder, name) = place(relative) else { return .missing }
        return kind(folder: folder, name: name)
    }

    /// The bytes of a regular file of the folder, links not followed; `nil` for anything else. Opens the file's
    /// subfolder when needed (not thread-safe: call before writing starts).
    public func contents(of relative: String) -> [UInt8]? {
        if let slash = relative.firstIndex(of: "/") {
            guard (try? folder(String(relative[..<slash]), create: false)) != nil else { return nil }
        }
        guard let (folder, name) = place(relative) else { return nil }
        let file = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var status = stat()
        guard fstat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(file, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// A file written under a temporary name beside its target, waiting for ``publish(_:)``.
    public struct Staged: Sendable {
        /// The target, relative to the output folder.
        public var path: String
        let folder: Int32
        let name: String
        let temporary: String
    }

    /// Writes `bytes` to a new temporary file beside `relative`, created exclusively with an unpredictable name.
    /// Safe to call from several threads once ``prepare(folders:)`` has opened the subfolders.
    /// - Throws: ``OutputError`` naming `relative` when its folder is not prepared, when a link or anything but a
    ///   regular file stands there, or when the temporary cannot be written.
    public func stage(_ bytes: [UInt8], as relative: String) throws -> Staged {
        guard let (folder, name) = place(relative) else {
            throw OutputError(path: display(relative), message: "cannot write: its folder is not open")
        }
        switch kind(folder: folder, name: name) {
        case .missing, .file: break
        case .link:
            throw problem(ELOOP, at: relative, folder: folder, name: name, expecting: "a regular file")
        case .other:
            throw OutputError(
                path: display(relative),
                message: "is not a regular file (a folder?) where Ateliers writes a feed; remove it and export again")
        }
        var generator = SystemRandomNumberGenerator()
        var file: Int32 = -1
        var temporary = ""
        for _ in 0..<8 {
            let suffix = String(generator.next() as UInt64, radix: 16)
            temporary = "." + name + Self.temporaryInfix + String(repeating: "0", count: 16 - suffix.count) + suffix
            file = openat(folder, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if file >= 0 || errno != EEXIST { break }
        }
        guard file >= 0 else {
            throw OutputError(path: display(relative), message: "cannot write: \(Self.text(errno))")
        }
        var failure = Self.writeAll(bytes, to: file)
        #if !os(Linux)
            if failure == 0 && fsync(file) != 0 { failure = errno }
        #endif
        if close(file) != 0 && failure == 0 { failure = errno }
        guard failure == 0 else {
            unlinkat(folder, temporary, 0)
            throw OutputError(path: display(relative), message: "cannot write: \(Self.text(failure))")
        }
        return Staged(path: relative, folder: folder, name: name, temporary: temporary)
    }

    /// Makes every staged file durable (one `syncfs` on Linux; each file was `fsync`ed elsewhere), so a crash
    /// after the renames never publishes an empty file.
    /// - Throws: ``OutputError`` when the file system reports a write error.
    public func flush() throws {
        #if os(Linux)
            guard linuxSyncFileSystem(descriptor) == 0 else {
                throw OutputError(path: path, message: "cannot write: \(Self.text(errno))")
            }
        #endif
    }

    /// Renames a staged file over its target (a link there is replaced, never followed).
    /// - Throws: ``OutputError`` naming the target.
    public func publish(_ staged: Staged) throws {
        guard renameat(staged.folder, staged.temporary, staged.folder, staged.name) == 0 else {
            let error = errno
            discard(staged)
            throw OutputError(path: display(staged.path), message: "cannot write: \(Self.text(error))")
        }
    }

    /// Makes the renames durable: `fsync` on every folder written into.
    public func syncFolders() {
        fsync(descriptor)
        for folder in subfolders.values { fsync(folder) }
    }

    /// Removes a staged file that will not be published.
    public func discard(_ staged: Staged) {
        unlinkat(staged.folder, staged.temporary, 0)
    }

    /// Removes a regular file of the folder (a link is never followed; anything else is left alone).
    public func remove(_ relative: String) {
        guard let (folder, name) = place(relative), kind(folder: folder, name: name) == .file else { return }
        unlinkat(folder, name, 0)
    }

    /// Whether a name is one of the temporaries ``stage(_:as:)`` creates.
    static func isTemporary(_ name: String) -> Bool {
        guard name.hasPrefix("."), let infix = name.range(of: temporaryInfix, options: .backwards) else {
            return false
        }
        let suffix = name[infix.upperBound...]
        return suffix.utf8.count == 16
            && suffix.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Removes the temporaries an export that was killed before publishing left in the folder and its feed
    /// subfolders. Only under the lock: no other export is staging.
    private func removeLeftoverTemporaries() {
        var folders = [descriptor]
        for name in FeedPath.folders.sorted() {
            if let opened = try? folder(name, create: false) { folders.append(opened) }
        }
        for folder in folders {
            let copy = dup(folder)
            guard copy >= 0, let listing = fdopendir(copy) else {
                if copy >= 0 { close(copy) }
                continue
            }
            rewinddir(listing)
            var leftovers: [String] = []
            // The name is read where it lies: copying `d_name` (`entry.pointee.d_name`) reads all 256 bytes of
            // the field, past the end of a short entry at the end of the kernel's buffer (AddressSanitizer found it).
            let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
            while let entry = readdir(listing) {
                let name = String(
                    cString: (UnsafeRawPointer(entry) + nameOffset).assumingMemoryBound(to: CChar.self))
                if Self.isTemporary(name) { leftovers.append(name) }
            }
            closedir(listing)
            for name in leftovers where kind(folder: folder, name: name) == .file { unlinkat(folder, name, 0) }
        }
    }
}

#if os(Linux)
    /// `syncfs(2)`, which Glibc's Swift module does not export. The corresponding C function is `syncfs`.
    @_silgen_name("syncfs")
    private func linuxSyncFileSystem(_ descriptor: Int32) -> Int32
#endif
