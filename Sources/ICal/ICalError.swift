/// A failure of the iCalendar layer: input libical cannot read, or a zone it does not know.
public struct ICalError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// libical's own error text, when it set one.
    public var libicalError: String?

    public init(_ message: String, libicalError: String? = nil) {
        self.message = message
        self.libicalError = libicalError
    }

    public var description: String {
        guard let libicalError, !libicalError.isEmpty, libicalError != "NO" else { return message }
        return "\(message) (libical: \(libicalError))"
    }
}
