import Ateliers
import AteliersServer
import CZlib
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization

/// A source whose next outcome the test sets: for the HTTP layer's own tests, before the real `Publisher` is used.
final class FixedSource: PublicationSource {
    let next: Mutex<PublishOutcome>
    let watchedFiles: [String] = []

    init(_ outcome: PublishOutcome) { next = Mutex(outcome) }

    func set(_ outcome: PublishOutcome) { next.withLock { $0 = outcome } }

    func publish() async throws -> PublishOutcome { next.withLock { $0 } }
}

/// An empty programme's report, for publications made by hand.
func emptyReport(_ diagnostics: [Diagnostic] = []) async throws -> CheckReport {
    let programme = Programme(event: EventInfo(name: "Test"))
    return CheckReport(
        programme: programme, zone: try await ProgrammeCheck.zoneRules(for: programme), diagnostics: diagnostics)
}

func calendar(_ summary: String) -> [UInt8] {
    Array(
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
            + String(repeating: "BEGIN:VEVENT\r\nUID:\(summary)\r\nSUMMARY:\(summary)\r\nEND:VEVENT\r\n", count: 20)
            + "END:VCALENDAR\r\n").utf8)
}

/// A publication of three files: `all.ics`, `room/amphi.ics` and `index.json`.
func fixedPublication(all: String = "all", lastModified: Int64 = 1_693_526_400) async throws -> Publication {
    Publication(
        createdAt: 1_700_000_000, report: try await emptyReport(),
        files: [
            PublishedFile(
                path: "all.ics", kind: .all, name: "All", bytes: calendar(all), eventCount: 20,
                lastModified: lastModified, contentType: PublishedFile.calendarType),
            PublishedFile(
                path: "room/amphi.ics", kind: .room, name: "Amphi", bytes: calendar("amphi"), eventCount: 20,
                lastModified: 1_693_526_400, contentType: PublishedFile.calendarType),
            PublishedFile(
                path: "index.json", kind: nil, name: "index.json", bytes: Array("{\"feeds\": []}\n".utf8),
                eventCount: 0, lastModified: 1_693_526_400, contentType: PublishedFile.jsonType),
        ],
        refreshInterval: 3_600)
}

let quietLogger: Logger = {
    var logger = Logger(label: "ateliers-test")
    logger.logLevel = .critical
    return logger
}()

extension TestResponse {
    var bytes: [UInt8] { Array(body.readableBytesView) }
    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// The bytes a gzip stream holds, with zlib's inflate (the server deflates).
func gunzip(_ bytes: [UInt8]) -> [UInt8]? {
    var stream = z_stream()
    guard ateliers_inflate_init_gzip(&stream) == Z_OK else { return nil }
    defer { inflateEnd(&stream) }
    var input = bytes
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    var status: Int32 = Z_OK
    input.withUnsafeMutableBufferPointer { inputBuffer in
        stream.next_in = inputBuffer.baseAddress
        stream.avail_in = uInt(inputBuffer.count)
        while status == Z_OK {
            chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                stream.next_out = chunkBuffer.baseAddress
                stream.avail_out = uInt(chunkBuffer.count)
                status = inflate(&stream, Z_NO_FLUSH)
                output += chunkBuffer.prefix(chunkBuffer.count - Int(stream.avail_out))
            }
        }
    }
    return status == Z_STREAM_END ? output : nil
}
