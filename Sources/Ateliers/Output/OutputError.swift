/// An output that cannot be written: a folder that cannot be created or locked, a file that cannot be staged or
/// published, a link or a foreign file where a feed belongs.
///
/// Problems with what was read are ``InputError``s instead.
public struct OutputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file or folder concerned, as the user would type it (`out/room/a.ics`).
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: error: message`.
    public var description: String { "\(path): error: \(message)" }
}
