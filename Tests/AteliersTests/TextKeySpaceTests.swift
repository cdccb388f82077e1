import Testing

@testable import Ateliers

/// The fast whitespace test of ``TextKey`` agrees with Unicode's White_Space everywhere.
@Suite struct TextKeySpaceTests {
    @Test func theFastSpaceTestIsUnicodesWhiteSpace() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = scalar.properties.isWhitespace || value == 0x202F
            if TextKey.isSpace(scalar) != expected { Issue.record("U+\(String(value, radix: 16))") }
        }
    }
}
