/// Input that cannot be read at all: a missing file, an unknown format, malformed YAML.
///
/// Problems inside readable input are ``Diagnostic``s instead.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: error: message`, as a compiler writes it.
    public var description: String {
        var place = CleanText.printable(file)
        if let line { place += ":\(line)" }
        if let line, line > 0, let column { place += ":\(column)" }
        return "\(place): error: \(CleanText.printable(message))"
    }
}
