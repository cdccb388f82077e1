public import Ateliers
internal import HTTPTypes
internal import NIOCore

/// One file of a publication as the server sends it: its bytes in NIO buffers and its response headers, made once
/// per version so that a request only picks them.
struct ServedFile: Sendable {
    /// One representation: the file as published, or gzip-coded.
    struct Variant: Sendable {
        let body: ByteBuffer
        /// The strong validator of this representation (RFC 9110 §8.8.3: two encodings of a file differ).
        let etag: String
        /// For `200` (and `HEAD`): type, length, validators, caching, `Vary`.
        let headers: HTTPFields
        /// For `304`: the validators and caching headers a `200` would carry (RFC 9110 §15.4.5).
        let notModifiedHeaders: HTTPFields
    }

    let identity: Variant
    /// `nil` when gzip does not make the file smaller.
    let gzip: Variant?
    /// Seconds since the epoch, as `Last-Modified` says it.
    let lastModified: Int64

    /// - Parameters:
    ///   - previous: the same path in the publication served before: its gzip bytes are reused when the bytes
    ///     did not change.
    init(_ file: PublishedFile, maxAge: Int, previous: ServedFile?) {
        lastModified = file.lastModified
        let common: HTTPFields = [
            .lastModified: HTTPDate.format(file.lastModified),
            .cacheControl: "public, max-age=\(maxAge)",
            .vary: "Accept-Encoding",
        ]
        func variant(_ body: ByteBuffer, etag: String, encoding: String?) -> Variant {
            var notModified = common
            notModified[.eTag] = etag
            // Allowed in a 304 when it equals the 200's (RFC 9110 §8.6), and it keeps Hummingbird from adding a 0.
            notModified[.contentLength] = String(body.readableBytes)
            var headers = notModified
            headers[.contentType] = file.contentType
            if let encoding { headers[.contentEncoding] = encoding }
            return Variant(body: body, etag: etag, headers: headers, notModifiedHeaders: notModified)
        }
        identity = variant(ByteBuffer(bytes: file.bytes), etag: file.etag, encoding: nil)
        let gzipTag = "\"\(file.etag.dropFirst().dropLast())-gzip\""
        let compressed: ByteBuffer?
        if let previous, previous.identity.etag == file.etag {
            compressed = previous.gzip?.body
        } else {
            compressed = Gzip.compress(file.bytes).flatMap { $0.count < file.bytes.count ? ByteBuffer(bytes: $0) : nil }
        }
        gzip = compressed.map { variant($0, etag: gzipTag, encoding: "gzip") }
    }
}

/// A publication ready to serve: every file by path, with its buffers and headers.
final class ServedPublication: Sendable {
    let publication: Publication
    let files: [String: ServedFile]
    /// Seconds since the epoch when this server started serving it.
    let loadedAt: Int64

    /// - Complexity: O(total bytes) for files whose bytes changed since `previous` (they are gzip-coded), O(1) for
    ///   the others.
    init(_ publication: Publication, loadedAt: Int64, previous: ServedPublication?) {
        self.publication = publication
        self.loadedAt = loadedAt
        var files: [String: ServedFile] = [:]
        files.reserveCapacity(publication.files.count)
        for (path, file) in publication.files {
            files[path] = ServedFile(
                file, maxAge: publication.refreshInterval, previous: previous?.files[path])
        }
        self.files = files
    }
}
