/// A JSON value whose objects keep their key order, so reports read the same way every time.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered() == rhs.rendered() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// Two-space indented JSON with a final newline.
    public func rendered() -> String {
        var output = ""
        write(into: &output, indent: "")
        return output + "\n"
    }

    /// One line, no spaces: for machines (a store's columns).
    public func compact() -> String {
        var output = ""
        writeCompact(into: &output)
        return output
    }

    private func writeCompact(into output: inout String) {
        switch self {
        case .array(let items):
            output += "["
            for (offset, item) in items.enumerated() {
                if offset > 0 { output += "," }
                item.writeCompact(into: &output)
            }
            output += "]"
        case .object(let pairs):
            output += "{"
            for (offset, (key, value)) in pairs.enumerated() {
                if offset > 0 { output += "," }
                output += Self.quote(key) + ":"
                value.writeCompact(into: &output)
            }
            output += "}"
        default: write(into: &output, indent: "")
        }
    }

    private func write(into output: inout String, indent: String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .string(let value): output += Self.quote(value)
        case .array(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "[\n"
            for (offset, item) in items.enumerated() {
                output += indent + "  "
                item.write(into: &output, indent: indent + "  ")
                output += offset == items.count - 1 ? "\n" : ",\n"
            }
            output += indent + "]"
        case .object(let pairs):
            guard !pairs.isEmpty else {
                output += "{}"
                return
            }
            output += "{\n"
            for (offset, (key, value)) in pairs.enumerated() {
                output += indent + "  " + Self.quote(key) + ": "
                value.write(into: &output, indent: indent + "  ")
                output += offset == pairs.count - 1 ? "\n" : ",\n"
            }
            output += indent + "}"
        }
    }

    static func quote(_ text: String) -> String {
        // Most text needs no escape: copied whole, not one scalar at a time.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    output += "\\u" + pad(Int(scalar.value), 4).replacingZeroPaddedHex(scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}

extension String {
    fileprivate func replacingZeroPaddedHex(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
