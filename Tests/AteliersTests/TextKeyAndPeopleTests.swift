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

/// A session's people: each once, by key, in order of first appearance (moderators, chairs, then speakers).
@Suite struct SessionPeopleTests {
    @Test(arguments: [3, 40]) func eachPersonOnceInOrderOfFirstAppearance(_ speakers: Int) {
        let names = (0..<speakers).map { "Speaker \($0)" }
        let session = Session(
            id: "s", title: "S",
            parts: [
                AgendaPart(title: nil, speakers: [Person(name: "ANN LÉE")] + names.map { Person(name: $0) }),
                AgendaPart(title: nil, speakers: names.reversed().map { Person(name: $0.uppercased()) }),
            ],
            moderators: [Person(name: "Ann Lee"), Person(name: "Bob")],
            chairs: [Person(name: "bob"), Person(name: "Cy")])
        #expect(session.people.map(\.name) == ["Ann Lee", "Bob", "Cy"] + names)
    }
}
