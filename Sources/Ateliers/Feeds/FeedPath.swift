/// The shapes of the relative paths Ateliers writes in an output folder.
///
/// Nothing read from a previous `index.json` (which anyone who can write the folder can edit) decides on its own
/// what is touched: a path must also have one of these shapes.
public enum FeedPath {
    /// The folders a feed may live in, one level under the output folder.
    public static let folders: Set<String> = ["track", "room", "speaker", "day", "attendee"]

    /// The files besides feeds that Ateliers writes at the top of the output folder.
    public static let otherFiles: Set<String> = ["index.json", "schedule.xml", "schedule.json"]

    /// Whether `path` is a feed path Ateliers generates: `all.ics`, `day/<yyyy-mm-dd>.ics`, or
    /// `<track|room|speaker|attendee>/<slug>.ics` with a slug of `a-z`, `0-9` and `-` (at most 200 characters).
    /// - Complexity: O(length of the path).
    public static func isFeed(_ path: String) -> Bool {
        if path == "all.ics" { return true }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, folders.contains(String(parts[0])), parts[1].hasSuffix(".ics") else { return false }
        let key = parts[1].utf8.dropLast(4)
        guard (1...200).contains(key.count) else { return false }
        if parts[0] == "day" {
            return key.count == 10
                && key.enumerated().allSatisfy { offset, byte in
                    offset == 4 || offset == 7 ? byte == UInt8(ascii: "-") : (0x30...0x39).contains(byte)
                }
        }
        return key.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }

    /// Whether `path` is one Ateliers writes in an output folder: a feed, `index.json`, a frab schedule, or
    /// anything in `.ateliers/`.
    public static func isGenerated(_ path: String) -> Bool {
        isFeed(path) || otherFiles.contains(path) || path == ".ateliers" || path.hasPrefix(".ateliers/")
    }
}
