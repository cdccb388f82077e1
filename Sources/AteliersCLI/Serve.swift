import ArgumentParser
import Ateliers
import AteliersServer
import AteliersStore
import Foundation
import Logging

extension AteliersCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the feeds over HTTP for calendar apps to subscribe to, reloading when the sources change.",
            discussion: """
                The same public feeds and bytes as export, under /feeds/ (all.ics, track/…, room/…, speaker/…, day/…, \
                index.json), with ETag, Last-Modified, 304s and gzip; the programme page at /, session pages, the \
                agenda builder at /agendas (attendees from --attendees get agendas behind secret tokens, never \
                /feeds/attendee/…); /status, /healthz, robots.txt. \
                A changed source is checked and published only without errors: otherwise the last good version \
                stays served and /status says why. Stops on SIGINT or SIGTERM. Exit status: 1 the first version \
                has errors (without --force), 2 sources that cannot be read or an address that cannot be bound.
                """)

        @OptionGroup var programme: ProgrammeOptions
        @OptionGroup var agendas: AttendeeOptions

        @Option(help: "The address to listen on (loopback by default; put a TLS proxy in front for the internet).")
        var host = "127.0.0.1"

        @Option(parsing: .unconditional, help: "The port to listen on (0: any free port).")
        var port = 8080

        @Option(
            help: """
                The publication store (SQLite) that keeps SEQUENCE, LAST-MODIFIED and cancellations from one \
                version and one run to the next. Default: .ateliers-serve.sqlite beside the first source.
                """)
        var state: String?

        @Option(help: "The public URL the feeds are reached at (https://…), for the subscribe links printed.")
        var baseURL: String?

        @Option(
            help: """
                The agenda builder's database of personal agendas (/agendas): a SQLite file, or \
                postgres://user[:password]@host[:port]/database (the password may come from PGPASSWORD instead) \
                for several servers behind one load balancer. Default: .ateliers-agendas.sqlite beside the \
                publication store.
                """)
        var db: String?

        @Option(parsing: .unconditional, help: "Days a removed session stays in the feeds as cancelled (0 to 3650).")
        var keepCancelled = 30

        @Option(
            parsing: .unconditional,
            help: "Add a reminder this many minutes before each event of the personal (attendee) feeds (0 to 10080).")
        var alarm: Int?

        @Option(parsing: .unconditional, help: "How often the sources are looked at for changes, in milliseconds.")
        var reloadInterval = 500

        @Flag(help: "Serve the first version even when the check finds errors.")
        var force = false

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port takes 0 to 65535") }
            guard (50...3_600_000).contains(reloadInterval) else {
                throw ValidationError("--reload-interval takes 50 to 3600000 milliseconds")
            }
            if let alarm, !(0...10_080).contains(alarm) {
                throw ValidationError("--alarm takes minutes from 0 to 10080 (a week)")
            }
            if !(0...3_650).contains(keepCancelled) {
                throw ValidationError("--keep-cancelled takes days from 0 to 3650 (ten years)")
            }
            if programme.sources.isEmpty { throw ValidationError("serve needs at least one source") }
            if let baseURL, Self.publicURL(baseURL) == nil {
                throw ValidationError("--base-url takes an http:// or https:// URL such as https://agenda.example.org")
            }
        }

        /// `http(s)://host[:port][/path]` without a trailing slash, printable ASCII with no quotes or spaces.
        static func publicURL(_ text: String) -> String? {
            let lower = text.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), text.utf8.count <= 512,
                text.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\"") }),
                text.split(separator: "/").count >= 2
            else { return nil }
            var url = text
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }

        /// `.ateliers-serve.sqlite` in the folder that holds the first source (a file or a folder): not inside a
        /// source folder, where it would be watched.
        static func defaultState(besides source: String) -> String {
            var path = source
            while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
            let parent = (path as NSString).deletingLastPathComponent
            return (parent.isEmpty ? "" : parent + "/") + ".ateliers-serve.sqlite"
        }

        /// `.ateliers-agendas.sqlite` in the folder of the publication store.
        static func defaultAgendas(besides state: String) -> String {
            let parent = (state as NSString).deletingLastPathComponent
            return (parent.isEmpty ? "" : parent + "/") + ".ateliers-agendas.sqlite"
        }

        func run() async throws {
            try await guarded {
                try await programme.requireKnownZone()
                var options = PublishOptions(
                    sources: programme.sources, attendees: agendas.attendees, timeZone: programme.timezone)
                options.alarmMinutesBefore = alarm
                options.keepCancelledDays = keepCancelled
                options.force = force
                options.fixedStamp = try sourceDateEpoch()
                options.agendaFeeds = true
                // Attendees get their agenda behind a secret token (/agendas/<token>.ics), never at a guessable
                // /feeds/attendee/<id>.ics: personal feeds are not part of the public publication.
                options.kinds = Set(FeedKind.allCases).subtracting([.attendee])
                let statePath = state ?? Self.defaultState(besides: programme.sources[0])
                let database = try AgendaDatabase(db ?? Self.defaultAgendas(besides: statePath))
                let store: SQLitePublicationStore
                do {
                    store = try SQLitePublicationStore(path: statePath)
                } catch let error as OutputError {
                    throw Failure.input(error.description)
                }
                LoggingSystem.bootstrap(StreamLogHandler.standardError)
                let configuration = ServerConfiguration(
                    host: host, port: port, reloadInterval: .milliseconds(reloadInterval),
                    baseURL: baseURL.flatMap(Self.publicURL))
                var logger = Logger(label: "ateliers")
                logger.logLevel = .info
                let base = configuration.baseURL
                do {
                    // A PostgreSQL store's pool runs until the server has stopped (after SIGINT or SIGTERM).
                    try await database.withStore(logger: logger) { agendaStore in
                        try await runServer(
                            configuration, source: Publisher(options: options, store: store), agendas: agendaStore,
                            logger: logger
                        ) { [host] port, served in
                            let root = base ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
                            FileHandle.standardOutput.write(Data(Self.banner(root: root, served: served).utf8))
                        }
                    }
                } catch let error as ServeError {
                    FileHandle.standardError.write(Data(error.report.text().utf8))
                    FileHandle.standardError.write(
                        Data("not serving: the check found errors (use --force to serve anyway)\n".utf8))
                    throw ExitCode(1)
                } catch let error as InputError {
                    throw Failure.input(error.description)
                } catch let error as OutputError {
                    throw Failure.input(error.description)
                } catch let error as ListenError {
                    throw Failure.input(error.description)
                }
            }
        }

        /// What is served and the URLs to subscribe to.
        static func banner(root: String, served: Publication) -> String {
            let feeds = served.paths.filter { $0 != "index.json" }
            let webcal = root.replacingOccurrences(of: "^https?://", with: "webcal://", options: .regularExpression)
            let events = served.files["all.ics"]?.eventCount
            var text =
                "serving \(plural(feeds.count, "feed")) (version \(served.version.prefix(12))"
                + "\(events.map { ", \(plural($0, "event"))" } ?? "")) at \(root)/feeds/\n"
            if feeds.contains("all.ics") {
                text += "subscribe, Google Calendar (From URL): \(root)/feeds/all.ics\n"
                text += "subscribe, Apple Calendar, Outlook, Thunderbird: \(webcal)/feeds/all.ics\n"
            }
            for path in feeds.filter({ $0 != "all.ics" }).prefix(20) { text += "  \(root)/feeds/\(path)\n" }
            if feeds.count > 21 {
                text += "  … and \(feeds.count - 21) more\n"
            }
            text += "every feed: \(root)/feeds/index.json\n"
            text += "personal agendas: \(root)/agendas\n"
            text += "status: \(root)/status (Ctrl-C stops)\n"
            return text
        }
    }
}
