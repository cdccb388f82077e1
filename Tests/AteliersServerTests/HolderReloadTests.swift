import Ateliers
import AteliersServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The swap and the bookkeeping of reloads, over a source whose outcome the test sets (the reloads of real files
/// through the real `Publisher` are in `ServeReloadTests`).
@Suite struct HolderReloadTests {
    struct Broken: Error, CustomStringConvertible {
        var description: String { "programme.yaml:3: error: expected a mapping" }
    }

    final class ThrowingSource: PublicationSource {
        let watchedFiles: [String] = []
        func publish() async throws -> PublishOutcome { throw Broken() }
    }

    @Test func aRejectedVersionKeepsTheServedOneAndSaysWhy() async throws {
        let first = try await fixedPublication(all: "first")
        let holder = PublicationHolder(first, now: 1_700_000_100)
        let clash = Diagnostic(
            rule: "room-clash", severity: .error, message: "Amphi: \"a\" and \"b\" overlap",
            sources: [SourceLocation(file: "programme.yaml", line: 12)])
        let source = FixedSource(.rejected(try await emptyReport([clash])))
        let reloader = PublicationReloader(source: source, holder: holder, logger: quietLogger)
        #expect(await reloader.reload() == .rejected(errors: 1))
        #expect(holder.publication.version == first.version)
        try await buildApplication(
            ServerConfiguration(reloadInterval: nil), holder: holder, reloader: nil, logger: quietLogger
        )
        .test(.router) { client in
            let feed = try await client.execute(uri: "/feeds/all.ics", method: .get)
            #expect(feed.bytes == first.file("all.ics")?.bytes)
            let status = try await client.execute(uri: "/status", method: .get).text
            #expect(status.contains("\"version\": \"\(first.version)\""))
            #expect(
                status.contains(
                    """
                        "errors": 1,
                        "warnings": 0,
                        "diagnostics": [
                          {
                            "rule": "room-clash",
                            "severity": "error",
                            "message": "Amphi: \\"a\\" and \\"b\\" overlap",
                            "sources": [
                              {
                                "file": "programme.yaml",
                                "line": 12
                              }
                            ]
                          }
                        ]
                    """), "\(status)")
            #expect(status.contains("\"rejected\": 1"))
        }

        let second = try await fixedPublication(all: "second", lastModified: 1_693_600_000)
        source.set(.published(second))
        #expect(await reloader.reload() == .published(version: second.version))
        #expect(holder.publication.version == second.version)
        #expect(holder.pending == nil)
    }

    @Test func unreadableSourcesKeepTheServedOne() async throws {
        let first = try await fixedPublication()
        let holder = PublicationHolder(first, now: 1_700_000_100)
        let reloader = PublicationReloader(source: ThrowingSource(), holder: holder, logger: quietLogger)
        #expect(await reloader.reload() == .failed("programme.yaml:3: error: expected a mapping"))
        #expect(holder.publication.version == first.version)
        #expect(holder.pending?.error == "programme.yaml:3: error: expected a mapping")
    }

    @Test func aSwapChangesOnlyTheFilesWhoseBytesChanged() async throws {
        let first = try await fixedPublication(all: "first")
        let holder = PublicationHolder(first, now: 1_700_000_100)
        let second = try await fixedPublication(all: "second", lastModified: 1_693_600_000)
        let reloader = PublicationReloader(source: FixedSource(.published(second)), holder: holder, logger: quietLogger)
        let app = buildApplication(
            ServerConfiguration(reloadInterval: nil), holder: holder, reloader: nil, logger: quietLogger)
        try await app.test(.router) { client in
            let before = try await client.execute(uri: "/feeds/room/amphi.ics", method: .get)
            _ = await reloader.reload()
            let all = try await client.execute(uri: "/feeds/all.ics", method: .get)
            #expect(all.bytes == second.file("all.ics")?.bytes)
            #expect(all.headers[.lastModified] == "Fri, 01 Sep 2023 20:26:40 GMT")
            let after = try await client.execute(
                uri: "/feeds/room/amphi.ics", method: .get, headers: [.ifNoneMatch: before.headers[.eTag] ?? ""])
            #expect(after.status == .notModified)
        }
    }

    @Test func liveOnARealSocket() async throws {
        let publication = try await fixedPublication()
        let app = buildApplication(
            ServerConfiguration(host: "127.0.0.1", port: 0, reloadInterval: nil),
            holder: PublicationHolder(publication, now: 1_700_000_100), reloader: nil, logger: quietLogger)
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/feeds/all.ics", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(response.status == .ok)
            #expect(response.headers[.contentEncoding] == "gzip")
            #expect(gunzip(response.bytes) == publication.file("all.ics")?.bytes)
            let tag = try #require(response.headers[.eTag])
            let again = try await client.execute(
                uri: "/feeds/all.ics", method: .get, headers: [.acceptEncoding: "gzip", .ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.bytes.isEmpty)
            let head = try await client.execute(uri: "/feeds/all.ics", method: .head)
            #expect(head.headers[.contentLength] == String(publication.file("all.ics")?.bytes.count ?? -1))
            #expect(head.bytes.isEmpty)
            let missing = try await client.execute(uri: "/feeds/missing.ics", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.text == "not found\n")
        }
    }
}
