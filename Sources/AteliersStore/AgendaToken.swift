public import Ateliers

/// The secret of a capability URL: 128 bits from the system's CSPRNG (`getrandom` on Linux), URL-safe base64
/// without padding.
public enum AgendaToken {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// A new token of 22 characters.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// URL-safe base64 without padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for position in 0...chunk.count { output.append(alphabet[Int(value >> (18 - 6 * position)) & 63]) }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether the text has a token's shape: 22 characters of the URL-safe alphabet, the last one carrying no
    /// bits beyond the 128th. Anything else is answered `404` without a database look-up.
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 22, let last = bytes.last, let lastValue = alphabet.firstIndex(of: last) else {
            return false
        }
        return lastValue & 0x0F == 0 && bytes.allSatisfy { alphabet.contains($0) }
    }

    /// What the store looks a token up by, and what logs show of it (its first 6 digits): a hash, so that neither
    /// the look-up's timing nor a log line says anything about the token.
    public static func digest(_ token: some StringProtocol) -> String { PublishedFile.hash(Array(token.utf8)) }

    /// Compares two strings in time that depends on their lengths only.
    public static func constantTimeEquals(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
