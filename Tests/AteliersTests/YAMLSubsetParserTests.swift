import Foundation
import Testing

@testable import Ateliers

/// The subset parser against Yams: the same nodes, texts, styles and marks, the same programmes and diagnostics,
/// and everything outside the subset handed over to Yams.
@Suite struct YAMLSubsetParserTests {
    /// Documents in the subset, each with the tricks it holds.
    static let supported: [(String, String)] = [
        (
            "quoting",
            """
            plain: some text
            double: "some text"
            single: 'some text'
            apostrophe: "it's"
            doubled: 'it''s'
            only-quotes: ''''
            empty-double: ""
            empty-single: ''
            spaces: "  around  "
            colon: "key: value"
            colon-single: 'a: b'
            hash-quoted: "a # not a comment"
            hash-plain: a#b
            comment: value # a comment
            comment-quoted: "value" # a comment
            url: https://example.org/a?b=c#d
            time: 10:30
            negative: -5
            question: ?x
            leading-colon: :x
            dash-word: -word
            brackets: a [b] {c}, d
            trailing: a  b   c   \("")
            tilde: ~
            null-word: null
            "quoted key": 1
            'single key': 2
            spaced key   : 3
            clé: valeur
            ---not-a-marker: 4

            """
        ),
        (
            "escapes",
            #"""
            e-acute: "caf\u00e9"
            hex: "\x41\x7e\xe9"
            quote: "say \"hi\""
            backslash: "a\\b"
            controls: "\0\a\b\t\n\v\f\r\e"
            others: "\ \/ \N \_ \L \P"
            wide: "\U0001F600 \u263A"
            tab-escape: "a\	b"
            raw-tab: "a	b"
            raw-tab-single: 'a	b'

            """#
        ),
        (
            "empty values",
            """
            a:
            b:   \("")
            c: # nothing
            d: ~
            list:
            -
            - # nothing
            -   \("")
            - x
            last:
            """
        ),
        (
            "nested lists",
            """
            top:
            - a
            - - b
              - c
            -
              - d
            - key: v
              other: w
              deeper:
              - x
              - y
            -   spaced: 1
                more: 2
            indented:
              - one
              - - two
                - three
              -
                k: v
            after: done

            """
        ),
        (
            "literal and folded blocks",
            """
            literal: |
              line 1

              line 3
                indented
              trailing spaces   \("")

            strip: |-
              a

            keep: |+
              a


            clip: |
              a


            folded: >
              one
              two

              three
                more indented
              four
            folded-strip: >-
              a
              b
            folded-keep: >+
              a

            explicit: |2
                two extra
              base
            explicit-chomp: |-1
              one extra
            chomp-first: >2-
               x
            commented: | # a comment
              text
            leading-blank-lines: |

              after blank
            in-list:
            - |
              item text
            - key: >
                folded in a mapping
              after: x
            end: |
              no final newline
            """
        ),
        (
            "flow collections",
            """
            mapping: {a: "1", b: [x, y], c: {d: e}}
            empty-list: []
            empty-mapping: {}
            spaced: [ a , b ]
            nested: [[a, b], [], {k: v}]
            quoted: ["a, b", 'c', "d: e", -1, x:y, a b c]
            json: {"a":"b", "c":1}
            windows: [{date: "2023-09-19", from: "08:30", to: "18:00"}, {from: "09:00", to: "24:00"}]
            unicode: {nom: Zoé, rôle: [Présidente, Vice‑présidente], note: "é"}
            urls: [http://x.org/a, "https://y.org"]
            comment: [a, b] # trailing

            """
        ),
        (
            "unicode",
            """
            titre: Éducation à la citoyenneté — 日本語 🎉
            "clé ü": [ß, ü, 🎉]
            après: {clé: 値, autre: é}
            liste:
            - 日本: 語
              ünï: cödé
            espace insécable: a\u{A0}b
            """
        ),
        (
            "document start and comments",
            """
            # a comment before the document
            --- # the document starts
            # between
            event:   # the event
              # inside
              name: X
                # deeper comment
            # at the left
              id: y
            rooms:
            # between items
            - a

            - b
            """
        ),
        (
            "an indented root",
            """
              a: 1
              b:
                c: 2
            """
        ),
        (
            "programme",
            """
            event:
              id: demo
              timezone: Europe/Paris
              hours: {open: "08:30", close: "19:00"}
              dates: ["2023-09-19", "2023-09-20"]
              changeover: {rooms: 10m, buildings: 1h30m}
            rooms:
              - {id: hall, name: Hall, capacity: 400, building: A}
              - id: salle-2
                name: Salle 2
                capacity_sessions: 3
                open:
                  - {date: "2023-09-19", from: "08:30", to: "18:00"}
            tracks:
            - {id: eco, name: Économie}
            people:
              - name: Ada Lovelace
                available: [{from: "09:00", to: "12:00"}]
            checks:
              track-clash: warning
              acknowledged:
                - {rule: room-clash, sessions: [a, b], reason: shared}
            sessions:
              - id: a
                title: 'Atelier : un titre'
                kind: Atelier
                track: eco
                date: "2023-09-19"
                start: "10:00"
                end: "11:00"
                room: hall
                moderators: [Ada Lovelace, {name: Zoé, roles: [Présidente]}]
                parts:
                  - title: Mot d’accueil
                    speakers:
                      - name: François
                        roles:
                          - Maire
                    items: [Échanges]
                    organisations:
                    - CUF
                description: |
                  Un texte.

                  Un autre.
              - {id: b, title: B, date: "2023-09-19", start: "10:30", end: "+1 01:00", room: hall}
              - id: c
                title: C
                date: 2023-09-40
                start: "25:00"
                end:
              - title: Sans id
                all-day: true
                date: "2023-09-20"
                days: 2
              - {id: a, title: Duplicate}
            """
        ),
    ]

    /// Documents outside the subset (or malformed): the parser hands them to Yams.
    static let unsupported: [(String, String)] = [
        ("anchor and alias", "a: &x 1\nb: *x\n"),
        ("tag", "a: !!str 1\n"),
        ("complex key", "? a\n: b\n"),
        ("directive", "%YAML 1.1\n---\na: 1\n"),
        ("several documents", "a: 1\n---\nb: 2\n"),
        ("document end", "a: 1\n...\n"),
        ("plain scalar over two lines", "a: one\n  two\n"),
        ("sequence item over two lines", "a:\n- one\n  two\n"),
        ("quoted scalar over two lines", "a: \"one\n  two\"\n"),
        ("flow over two lines", "a: [x,\n  y]\n"),
        ("tab indentation", "a:\n\tb: 1\n"),
        ("tab after a key", "a:\tb\n"),
        ("duplicate keys", "a: 1\nb: 2\na: 3\n"),
        ("duplicate flow keys", "a: {b: 1, b: 2}\n"),
        ("root sequence", "- a\n- b\n"),
        ("root scalar", "just text\n"),
        ("empty", ""),
        ("only comments", "# nothing\n"),
        ("flow key without value", "a: {b}\n"),
        ("single-pair mapping in a flow sequence", "a: [b: c]\n"),
        ("mapping value in a value", "a: b: c\n"),
        ("text after a quoted scalar", "a: \"x\" y\n"),
        ("scalar on the line after its key", "a:\n  text\n"),
        ("byte-order mark", "\u{FEFF}a: 1\n"),
        ("NEL", "a: b\u{85}c\n"),
        ("line separator", "a: b\u{2028}c\n"),
        ("lone carriage return", "a: 1\rb: 2\n"),
        ("control character", "a: b\u{7}c\n"),
        ("deeper line", "a: 1\n  b: 2\n"),
        ("dedent to no level", "a:\n    b: 1\n  c: 2\n"),
        ("unknown escape", "a: \"\\q\"\n"),
        ("surrogate escape", "a: \"\\ud800\"\n"),
        ("escaped line break", "a: \"x\\\n  y\"\n"),
        ("block sequence in a value", "a: - b\n"),
        ("trailing comma", "a: [b, ]\n"),
        ("empty flow value", "a: {b: }\n"),
        ("comment touching a quote", "a: \"b\"#c\n"),
        ("colon before a flow indicator", "a: [b:]\n"),
        ("reserved indicator", "a: @b\n"),
        ("zero indentation indicator", "a: |0\n  x\n"),
        ("tab in a block scalar's indentation", "a: |\n\tx\n"),
        ("unclosed quote", "a: 'x\n"),
        ("long key", String(repeating: "k", count: 1_100) + ": v\n"),
        ("list item among keys", "a: 1\n- b\n"),
        ("key on a list's column", "a:\n  - b\n  c: d\n"),
    ]

    @Test(arguments: supported)
    func theSubsetReadsAsYamsReadsIt(_ name: String, _ yaml: String) throws {
        try expectSameAsYams(yaml, name)
        try expectSameAsYams(yaml.replacingOccurrences(of: "\n", with: "\r\n"), "\(name) with CRLF")
    }

    /// Sessions are read while the parser streams them, yet what the importer throws is what it threw reading
    /// the whole tree: the first problem in the reader's order (root keys, event, rooms, tracks, people, checks,
    /// then sessions in file order), and Yams' error for a file Yams refuses.
    static let streamedErrors: [(String, String, String)] = [
        (
            "a session before a bad event",
            "sessions:\n- {id: a}\nevent: {hours: {open: 25h}}\n",
            "p.yaml:3:23: error: '25h' is not a time like \"08:30\""
        ),
        (
            "a bad session before an unknown root key",
            "sessions:\n- {id: a}\nextra: 1\n",
            "p.yaml:3:1: error: unknown key 'extra' in the programme; expected one of checks, event, people, rooms,"
                + " sessions, tracks"
        ),
        (
            "two bad sessions",
            "sessions:\n- title: A\n  bad: 1\n- {id: b}\n",
            "p.yaml:3:3: error: unknown key 'bad' in a session; expected one of all-day, blocks, chairs, date,"
                + " days, description, end, id, kind, moderators, parts, room, start, title, track, uid, url"
        ),
        (
            "a bad session before malformed YAML",
            "sessions:\n- {id: a}\n- title: b\n  x: [\n",
            "p.yaml:5:1: error: malformed YAML: did not find expected node content while parsing a flow node"
        ),
        (
            "a bad session before a duplicate key",
            "sessions:\n- {id: a}\nsessions: []\n",
            "p.yaml:1:1: error: malformed YAML: duplicate keys sessions"
        ),
        (
            "a bad session before an anchor",
            "sessions:\n- {id: a}\nevent: &e {name: x}\n",
            "p.yaml:2:3: error: a session has no 'title'"
        ),
        ("sessions not a list", "sessions: text\n", "p.yaml:1:11: error: expected a list for 'sessions'"),
        (
            "a good and a bad session after rooms with a duplicate",
            "rooms: [{name: A}, {name: A}]\nsessions:\n- {title: T}\n- {title: T}\n- {id: x}\n",
            "p.yaml:5:3: error: a session has no 'title'"
        ),
    ]

    @Test(arguments: streamedErrors)
    func streamedSessionsFailAsTheWholeTreeDid(_ name: String, _ yaml: String, _ message: String) {
        let expected = yamsOutcome(yaml)
        #expect(expected == .refused(message), "\(name)")
        #expect(importerOutcome(yaml) == expected, "\(name)")
    }

    @Test func streamedSessionsKeepTheirDiagnosticsAfterTheOthers() throws {
        let yaml = """
            sessions:
            - {id: a, title: A, date: "2023-09-19", start: "10:00", end: "10:00"}
            - {id: a, title: Again}
            rooms: [{name: R}, {name: R}]
            tracks:
              - {name: T}
              - {name: T}

            """
        guard case .success = YAMLSubsetParser.parse(yaml) else {
            Issue.record("not in the subset")
            return
        }
        let result = try YAMLProgrammeImporter().read(path: "p.yaml", text: yaml)
        #expect(result.diagnostics.map(\.rule) == ["duplicate-id", "duplicate-id", "zero-length", "duplicate-id"])
        #expect(result.diagnostics.map { $0.sources.map(\.line) } == [[4], [7], [2], [3]])
        #expect(importerOutcome(yaml) == yamsOutcome(yaml))
    }

    @Test(arguments: unsupported)
    func outsideTheSubsetYamsReads(_ name: String, _ yaml: String) throws {
        guard case .failure = YAMLSubsetParser.parse(yaml) else {
            Issue.record("\(name): the subset parser accepted it")
            return
        }
        #expect(importerOutcome(yaml) == yamsOutcome(yaml))
        #expect(documentOutcome(yaml) == yamsDocumentOutcome(yaml))
    }

    @Test func everyFixtureAndExampleReadsTheSameBothWays() throws {
        let files =
            Self.yamlFiles(under: Fixtures.root.appendingPathComponent("Tests"))
            + Self.yamlFiles(under: Fixtures.root.appendingPathComponent("examples"))
        #expect(files.count >= 10)
        var read = 0
        for file in files {
            // Latin-1 and UTF-16 fixtures are decoded, or refused, before any YAML is read (HostileInputTests).
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            read += 1
            let name = URL(fileURLWithPath: file).lastPathComponent
            #expect(documentOutcome(text) == yamsDocumentOutcome(text), "\(name)")
            if case .success(let fast) = YAMLSubsetParser.parse(text) {
                #expect(firstDifference(fast, try YAMLValue.yamsDocument(text, file: "p.yaml")) == nil, "\(name)")
            }
            #expect(importerOutcome(text) == yamsOutcome(text), "\(name)")
        }
        #expect(read >= files.count - 2)
    }

    @Test func theExamplesAndTheWritersOutputAreInTheSubset() async throws {
        for name in ["annotated.yaml", "event.yaml", "picks.yaml", "seeds.yaml"] {
            let text = try String(
                contentsOf: Fixtures.root.appendingPathComponent("examples").appendingPathComponent(name),
                encoding: .utf8)
            try expectSameAsYams(text, name)
        }
        let seeds = try await ProgrammeLoader().load(paths: Fixtures.seeds, timeZone: "Europe/Paris").programme
        try expectSameAsYams(try YAMLProgrammeWriter.yaml(for: seeds), "the seeds, written")
    }

    @Test func aGeneratedThousandSessionProgrammeReadsTheSameBothWays() throws {
        let generated = ProgrammeGenerator(
            .init(sessions: 1_000, rooms: 20, days: 2, attendees: 0, picks: 0, seed: 7)
        ).generate().programme
        let yaml = try YAMLProgrammeWriter.yaml(for: generated)
        try expectSameAsYams(yaml, "generated")
        let read = try YAMLProgrammeImporter().read(path: "p.yaml", text: yaml)
        #expect(read.programme.sessions.count == 1_000)
        #expect(read.programme.strippingProvenance() == generated.strippingProvenance())
    }

    /// Random documents built from tricky pieces, and the fixtures with random bytes changed: whatever the
    /// subset parser accepts, Yams reads the same (and does not refuse).
    @Test func randomDocumentsNeverReadDifferently() throws {
        var random = SplitMix64(seed: 12)
        var accepted = 0
        var documents: [String] = (0..<1_500).map { _ in Self.randomDocument(&random) }
        documents += (0..<3_000).map { _ in Self.randomLines(&random) }
        for (_, text) in Self.supported {
            for _ in 0..<60 { documents.append(Self.mutate(text, &random)) }
        }
        for text in documents {
            guard case .success(let fast) = YAMLSubsetParser.parse(text) else { continue }
            accepted += 1
            let yams = Result { try YAMLValue.yamsDocument(text, file: "p.yaml") }
            guard case .success(let value) = yams else {
                Issue.record("accepted, but Yams refuses: \(text.debugDescription)")
                continue
            }
            if let difference = firstDifference(fast, value) {
                Issue.record("\(difference) in \(text.debugDescription)")
            }
        }
        #expect(accepted > 500)
    }

    // MARK: Helpers

    func expectSameAsYams(
        _ yaml: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let fast: YAMLValue
        switch YAMLSubsetParser.parse(yaml) {
        case .success(let value): fast = value
        case .failure(let unsupported):
            Issue.record("\(name): unsupported (\(unsupported))", sourceLocation: sourceLocation)
            return
        }
        let yams = try YAMLValue.yamsDocument(yaml, file: "p.yaml")
        #expect(firstDifference(fast, yams) == nil, "\(name)", sourceLocation: sourceLocation)
        let expected = yamsOutcome(yaml)
        #expect(outcome(yaml, { fast }) == expected, "\(name)", sourceLocation: sourceLocation)
        #expect(importerOutcome(yaml) == expected, "\(name), sessions streamed", sourceLocation: sourceLocation)
    }

    /// What the importer itself gives: sessions streamed when the parser reads the document.
    func importerOutcome(_ yaml: String) -> Outcome {
        do {
            let result = try YAMLProgrammeImporter().read(path: "p.yaml", text: yaml)
            return .read(result.programme, result.diagnostics)
        } catch {
            return .refused("\(error)")
        }
    }

    enum Outcome: Equatable {
        case read(Programme, [Diagnostic])
        case refused(String)
    }

    func outcome(_ yaml: String, _ root: () throws -> YAMLValue?) -> Outcome {
        do {
            let result = try YAMLProgrammeImporter.read(path: "p.yaml", root: try root())
            return .read(result.programme, result.diagnostics)
        } catch {
            return .refused("\(error)")
        }
    }

    func yamsOutcome(_ yaml: String) -> Outcome {
        outcome(yaml, { try YAMLValue.yamsDocument(yaml, file: "p.yaml") })
    }

    /// The tree (or the error) the importer's loader gives.
    func documentOutcome(_ yaml: String) -> String {
        do { return try YAMLValue.document(yaml, file: "p.yaml").map(describe) ?? "no node" } catch {
            return "\(error)"
        }
    }

    func yamsDocumentOutcome(_ yaml: String) -> String {
        do { return try YAMLValue.yamsDocument(yaml, file: "p.yaml").map(describe) ?? "no node" } catch {
            return "\(error)"
        }
    }

    /// Every text as its bytes, every mark, every style.
    func describe(_ value: YAMLValue) -> String {
        switch value {
        case .scalar(let scalar): return describe(scalar)
        case .mapping(let mapping):
            return "{@\(mapping.mark.line):\(mapping.mark.column) "
                + mapping.pairs.map { "\(describe($0.key)): \(describe($0.value))" }.joined(separator: ", ") + "}"
        case .sequence(let sequence):
            return "[@\(sequence.mark.line):\(sequence.mark.column) "
                + sequence.items.map(describe).joined(separator: ", ") + "]"
        }
    }

    func describe(_ scalar: YAMLScalar) -> String {
        "\(Array(scalar.text.utf8))/\(scalar.style)/\(scalar.isText)@\(scalar.mark.line):\(scalar.mark.column)"
    }

    /// Where two trees first differ (texts compared byte for byte), or nil.
    func firstDifference(_ left: YAMLValue?, _ right: YAMLValue?, at path: String = "") -> String? {
        switch (left, right) {
        case (nil, nil): return nil
        case (.scalar(let left)?, .scalar(let right)?):
            return describe(left) == describe(right) ? nil : "\(path): \(describe(left)) ≠ \(describe(right))"
        case (.mapping(let left)?, .mapping(let right)?):
            if left.mark != right.mark || left.pairs.count != right.pairs.count {
                return "\(path): \(describe(.mapping(left))) ≠ \(describe(.mapping(right)))"
            }
            for (left, right) in zip(left.pairs, right.pairs) {
                if describe(left.key) != describe(right.key) {
                    return "\(path): key \(describe(left.key)) ≠ \(describe(right.key))"
                }
                if let difference = firstDifference(left.value, right.value, at: "\(path)/\(left.key.text)") {
                    return difference
                }
            }
            return nil
        case (.sequence(let left)?, .sequence(let right)?):
            if left.mark != right.mark || left.items.count != right.items.count {
                return "\(path): \(describe(.sequence(left))) ≠ \(describe(.sequence(right)))"
            }
            for (index, (left, right)) in zip(left.items, right.items).enumerated() {
                if let difference = firstDifference(left, right, at: "\(path)/\(index)") { return difference }
            }
            return nil
        default:
            return "\(path): \(left.map(describe) ?? "nil") ≠ \(right.map(describe) ?? "nil")"
        }
    }

    static func yamlFiles(under folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var files: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                files.append(folder.appendingPathComponent(relative).path)
            }
        }
        return files.sorted()
    }

    static let scalarPieces = [
        "a", "b c", "x:y", "a#b", "-1", "?q", ":c", "é", "日本", "🎉", "\"q\"", "'s'", "'it''s'", "\"\\u00e9\\x41\"",
        "\"a # b\"", "\"k: v\"", "~", "null", "", "1 # c", "a ", "http://x/y", "[a, b]", "{k: v}", "[]", "{}",
        "\"\\\"\\\\\"", "[\"a, b\", c]", "{a: [b, {c: d}]}", "- x", "a: b", "'", "\"", "[a", "{a", "*x", "&y z",
        "!t x", "|", ">-", "a\tb", "\"a\tb\"", "@x", "`x", "%x", "a  ", " a",
    ]
    static let blockPieces = [
        "|\n  one\n\n  two\n", "|-\n  one\n", "|+\n  one\n\n", ">\n  one\n  two\n\n  three\n", ">-\n  a\n   b\n  c\n",
        "|2\n   x\n  y\n", "|\n\n  x\n", "|\n   x\n  y\n", ">\n  a\n\n\n", "|\n  a\n b\n",
    ]

    static func randomDocument(_ random: inout SplitMix64) -> String {
        var lines: [String] = []
        var keys = 0
        for _ in 0..<(1 + random.next(6)) {
            keys += 1
            let key = ["k\(keys)", "\"k\(keys)\"", "'k \(keys)'", "clé\(keys)", "k\(keys) "][random.next(5)]
            switch random.next(6) {
            case 0:
                lines.append("\(key):")
                for _ in 0..<(1 + random.next(3)) {
                    let item = scalarPieces[random.next(scalarPieces.count)]
                    lines.append(["- \(item)", "  - \(item)", "-", "- n: \(item)\n  m: x"][random.next(4)])
                }
            case 1:
                lines.append("\(key): " + blockPieces[random.next(blockPieces.count)].dropLast())
            case 2:
                lines.append("\(key):\n  inner: \(scalarPieces[random.next(scalarPieces.count)])")
            case 3:
                lines.append("# comment \(scalarPieces[random.next(scalarPieces.count)])")
            default:
                lines.append("\(key): \(scalarPieces[random.next(scalarPieces.count)])")
            }
        }
        return lines.joined(separator: "\n") + (random.next(2) == 0 ? "\n" : "")
    }

    static let linePieces = [
        "k: v", "k:", "- v", "-", "- k: v", "- k:", "k: |", "k: >-", "k: |+", "k: |2", "text", "more text", "# c", "",
        "- - v", "k: [a, b]", "\"q\": v", "k: 'x'", "k: \"y\" # c", "- {a: b}", "k2: v2", "  ", "k: v # c", "- |",
        "k: {}", "-   k: v", "k : v", "k:  ", "- # c", "k3: -1", "a: b: c", "k: &a v", "k: 'multi", "line'",
    ]

    /// Lines of random kinds at random indentations: most are malformed or outside the subset.
    static func randomLines(_ random: inout SplitMix64) -> String {
        var lines: [String] = []
        for index in 0..<(1 + random.next(8)) {
            let indentation = index == 0 ? 0 : [0, 0, 1, 2, 2, 3, 4, 4, 6][random.next(9)]
            var piece = linePieces[random.next(linePieces.count)]
            if piece.hasPrefix("k") { piece = "k\(index)" + piece.dropFirst() }
            lines.append(String(repeating: " ", count: indentation) + piece)
        }
        return lines.joined(separator: random.next(4) == 0 ? "\r\n" : "\n") + (random.next(3) == 0 ? "" : "\n")
    }

    static let mutations: [String] = [
        ":", " ", "\n", "#", "-", "'", "\"", "\t", "|", ">", "[", "]", "{", "}", ",", "\\",
    ]

    static func mutate(_ text: String, _ random: inout SplitMix64) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<(1 + random.next(3)) {
            let index = random.next(scalars.count + 1)
            let piece = mutations[random.next(mutations.count)].unicodeScalars
            switch random.next(3) {
            case 0: scalars.insert(contentsOf: piece, at: index)
            case 1 where index < scalars.count: scalars.remove(at: index)
            default:
                if index < scalars.count { scalars.replaceSubrange(index...index, with: piece) }
            }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }
}
