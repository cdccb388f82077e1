import Ateliers
import AteliersServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct FeedRouteTests {
    func app(_ publication: Publication) -> some ApplicationProtocol {
        buildApplication(
            ServerConfiguration(reloadInterval: nil), holder: PublicationHolder(publication, now: 1_700_000_100),
            reloader: nil, logger: quietLogger)
    }

    @Test func servesEveryFileWithItsHeaders() async throws {
        let publication = try await fixedPublication()
        try await app(publication).test(.router) { client in
            for path in publication.paths {
                let file = try #require(publication.file(path))
                let response = try await client.execute(uri: "/feeds/\(path)", method: .get)
                #expect(response.status == .ok)
                #expect(response.bytes == file.bytes)
                #expect(response.headers[.contentType] == file.contentType)
                #expect(response.headers[.contentLength] == String(file.bytes.count))
                #expect(response.headers[.eTag] == file.etag)
                #expect(response.headers[.lastModified] == "Fri, 01 Sep 2023 00:00:00 GMT")
                #expect(response.headers[.cacheControl] == "public, max-age=3600")
                #expect(response.headers[.vary] == "Accept-Encoding")
                #expect(response.headers[.contentEncoding] == nil)
            }
            let index = try await client.execute(uri: "/feeds/index.json", method: .get)
            #expect(index.headers[.contentType] == "application/json")
            #expect(index.text == "{\"feeds\": []}\n")
        }
    }

    @Test func headSendsTheHeadersOfGetWithoutTheBody() async throws {
        let publication = try await fixedPublication()
        let file = try #require(publication.file("all.ics"))
        try await app(publication).test(.router) { client in
            let response = try await client.execute(uri: "/feeds/all.ics", method: .head)
            #expect(response.status == .ok)
            #expect(response.bytes.isEmpty)
            #expect(response.headers[.contentLength] == String(file.bytes.count))
            #expect(response.headers[.eTag] == file.etag)
            #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
        }
    }

    @Test func ifNoneMatchAnswers304WithTheValidators() async throws {
        let publication = try await fixedPublication()
        let etag = try #require(publication.file("all.ics")).etag
        try await app(publication).test(.router) { client in
            for header in [etag, "W/\(etag)", "\"other\", \(etag)", "*", "\"a,b\" , W/\(etag)"] {
                let response = try await client.execute(
                    uri: "/feeds/all.ics", method: .get, headers: [.ifNoneMatch: header])
                #expect(response.status == .notModified, "\(header)")
                #expect(response.bytes.isEmpty)
                #expect(response.headers[.eTag] == etag)
                #expect(response.headers[.lastModified] == "Fri, 01 Sep 2023 00:00:00 GMT")
                #expect(response.headers[.cacheControl] == "public, max-age=3600")
                #expect(response.headers[.vary] == "Accept-Encoding")
            }
            for header in ["\"other\"", "W/\"other\"", "garbage", "\"\(etag.dropFirst().dropLast())"] {
                let response = try await client.execute(
                    uri: "/feeds/all.ics", method: .get, headers: [.ifNoneMatch: header])
                #expect(response.status == .ok, "\(header)")
                #expect(response.bytes == publication.file("all.ics")?.bytes)
            }
            let head = try await client.execute(uri: "/feeds/all.ics", method: .head, headers: [.ifNoneMatch: etag])
            #expect(head.status == .notModified)
        }
    }

    @Test func ifModifiedSinceAnswers304OnlyWhenNothingIsNewer() async throws {
        let publication = try await fixedPublication()
        try await app(publication).test(.router) { client in
            for (header, status) in [
                ("Fri, 01 Sep 2023 00:00:00 GMT", HTTPResponse.Status.notModified),
                ("Sat, 02 Sep 2023 10:00:00 GMT", .notModified),
                ("Friday, 01-Sep-23 00:00:00 GMT", .notModified),
                ("Fri Sep  1 00:00:00 2023", .notModified),
                ("Thu, 31 Aug 2023 23:59:59 GMT", .ok),
                ("not a date", .ok),
            ] {
                let response = try await client.execute(
                    uri: "/feeds/all.ics", method: .get, headers: [.ifModifiedSince: header])
                #expect(response.status == status, "\(header)")
                if status == .notModified {
                    #expect(response.headers[.eTag] == publication.file("all.ics")?.etag)
                    #expect(response.headers[.lastModified] == "Fri, 01 Sep 2023 00:00:00 GMT")
                }
            }
        }
    }

    @Test func ifNoneMatchWinsOverIfModifiedSince() async throws {
        let publication = try await fixedPublication()
        let etag = try #require(publication.file("all.ics")).etag
        try await app(publication).test(.router) { client in
            // An old tag with a date that alone would give 304: the tag decides, the file has changed.
            let changed = try await client.execute(
                uri: "/feeds/all.ics", method: .get,
                headers: [.ifNoneMatch: "\"old\"", .ifModifiedSince: "Sat, 02 Sep 2023 10:00:00 GMT"])
            #expect(changed.status == .ok)
            // The current tag with a date that alone would give 200: the tag decides, nothing changed.
            let same = try await client.execute(
                uri: "/feeds/all.ics", method: .get,
                headers: [.ifNoneMatch: etag, .ifModifiedSince: "Thu, 01 Jan 1970 00:00:00 GMT"])
            #expect(same.status == .notModified)
        }
    }

    @Test func gzipWhenAskedWithItsOwnTag() async throws {
        let publication = try await fixedPublication()
        let file = try #require(publication.file("all.ics"))
        try await app(publication).test(.router) { client in
            let response = try await client.execute(
                uri: "/feeds/all.ics", method: .get, headers: [.acceptEncoding: "br;q=1.0, gzip;q=0.8"])
            #expect(response.status == .ok)
            #expect(response.headers[.contentEncoding] == "gzip")
            #expect(response.headers[.vary] == "Accept-Encoding")
            #expect(response.bytes.count < file.bytes.count)
            #expect(response.headers[.contentLength] == String(response.bytes.count))
            #expect(gunzip(response.bytes) == file.bytes)
            let gzipTag = "\"\(file.etag.dropFirst().dropLast())-gzip\""
            #expect(response.headers[.eTag] == gzipTag)

            let revalidated = try await client.execute(
                uri: "/feeds/all.ics", method: .get, headers: [.acceptEncoding: "gzip", .ifNoneMatch: gzipTag])
            #expect(revalidated.status == .notModified)
            #expect(revalidated.headers[.eTag] == gzipTag)
            // The gzip tag names another representation than the identity one.
            let identity = try await client.execute(
                uri: "/feeds/all.ics", method: .get, headers: [.ifNoneMatch: gzipTag])
            #expect(identity.status == .ok)
            #expect(identity.headers[.contentEncoding] == nil)

            for refused in ["gzip;q=0", "identity", "br", "*;q=0", "gzip;q=0, *"] {
                let plain = try await client.execute(
                    uri: "/feeds/all.ics", method: .get, headers: [.acceptEncoding: refused])
                #expect(plain.headers[.contentEncoding] == nil, "\(refused)")
                #expect(plain.bytes == file.bytes, "\(refused)")
            }
            let star = try await client.execute(uri: "/feeds/all.ics", method: .get, headers: [.acceptEncoding: "*"])
            #expect(star.headers[.contentEncoding] == "gzip")
        }
    }

    @Test func unknownPathsAre404InPlainText() async throws {
        try await app(try await fixedPublication()).test(.router) { client in
            for path in [
                "/feeds/nothing.ics", "/feeds/../feeds/all.ics", "/feeds/%2e%2e/all.ics", "/feeds/room/../all.ics",
                "/feeds/", "/feeds/<script>.ics", "/all.ics", "/feeds/ROOM/amphi.ics", "/feeds/all.ics/x",
                "/sessions/x",
            ] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.text == "not found\n", "\(path)")
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8", "\(path)")
            }
            let head = try await client.execute(uri: "/feeds/nothing.ics", method: .head)
            #expect(head.status == .notFound)
            #expect(head.bytes.isEmpty)
        }
    }

    @Test func operationsRoutes() async throws {
        let publication = try await fixedPublication()
        try await app(publication).test(.router) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(health.text == "ok\n")
            let robots = try await client.execute(uri: "/robots.txt", method: .get)
            #expect(robots.text == "User-agent: *\nAllow: /feeds/\nDisallow: /\n")
            #expect(robots.headers[.contentType] == "text/plain; charset=utf-8")
            let status = try await client.execute(uri: "/status", method: .get)
            #expect(status.headers[.contentType] == "application/json")
            #expect(status.headers[.cacheControl] == "no-store")
            #expect(
                status.text == """
                    {
                      "version": "\(publication.version)",
                      "loadedAt": "2023-11-14T22:15:00Z",
                      "createdAt": "2023-11-14T22:13:20Z",
                      "files": 3,
                      "feeds": 2,
                      "events": 20,
                      "errors": 0,
                      "warnings": 0,
                      "reloads": {
                        "published": 0,
                        "rejected": 0,
                        "failed": 0
                      },
                      "pending": null
                    }

                    """)
        }
    }
}
