import ArgumentParser
import Ateliers
import AteliersStore
import Foundation

extension AteliersCommand {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write iCalendar feeds: the whole programme and one per track, room, speaker and day.",
            discussion: """
                DTSTAMP comes from SOURCE_DATE_EPOCH when set, else from the newest input file: the same input \
                gives byte-identical feeds. When the check finds errors nothing is written unless --force.
                """)

        @OptionGroup var programme: ProgrammeOptions
        @OptionGroup var agendas: AttendeeOptions

        @Option(help: "The folder to write the feeds into.")
        var out: String

        @Option(
            help: """
                Feed kinds to write, comma-separated: \(FeedKind.allCases.map(\.rawValue).joined(separator: ",")). \
                Default: all of them (attendee only with --attendees).
                """,
            transform: Export.kinds)
        var feeds: Set<FeedKind>?

        @Option(
            help: """
                The publication store (SQLite) that keeps SEQUENCE, LAST-MODIFIED and cancellations right from one \
                export to the next. Default: OUT/.ateliers/state.sqlite.
                """)
        var state: String?

        @Option(parsing: .unconditional, help: "Days a removed session stays in the feeds as cancelled (0 to 3650).")
        var keepCancelled = 30

        @Flag(help: "Print how long each stage took, on standard error.")
        var timings = false

        @Option(
            parsing: .unconditional,
            help: "Add a reminder this many minutes before each event of the personal (attendee) feeds (0 to 10080).")
        var alarm: Int?

        @Flag(help: "Write the feeds even when the check finds errors.")
        var force = false

        @Option(
            help: """
                ics: iCalendar feeds (default); frab-xml: OUT/schedule.xml; frab-json: OUT/schedule.json (the \
                schedules pretalx and frab serve, read by Giggity and ConfClerk).
                """)
        var format: ExportFormat = .ics

        enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
            case ics
            case frabXML = "frab-xml"
            case frabJSON = "frab-json"
        }

        func writeSchedule(
            _ schedule: FrabSchedule, to folder: OutputFolder, unplaced: Int, diagnostics: [Diagnostic]
        ) throws {
            let (name, text) =
                format == .frabXML ? ("schedule.xml", schedule.xml()) : ("schedule.json", schedule.json())
            do {
                try FeedWriter(folder: folder).writeFile(text, named: name)
            } catch let error as OutputError {
                throw Failure.input(error.description)
            }
            print(
                "wrote \(out)/\(name) (\(schedule.eventCount) events in \(plural(schedule.days.count, "day"))"
                    + "\(schedule.leftOut > 0 ? ", \(schedule.leftOut) all-day left out" : "")"
                    + "\(unplaced > 0 ? ", \(unplaced) unscheduled or with an invalid time left out" : ""));"
                    + " check: \(plural(diagnostics.errorCount, "error")), \(plural(diagnostics.warningCount, "warning"))"
            )
        }

        /// Opens and locks the output folder; waits for another export into it at most
        /// `ATELIERS_LOCK_WAIT_SECONDS` (default 10).
        func openOutput() throws -> OutputFolder {
            var wait = 10.0
            if let text = ProcessInfo.processInfo.environment["ATELIERS_LOCK_WAIT_SECONDS"], !text.isEmpty {
                guard let seconds = Double(text), (0...3_600).contains(seconds) else {
                    throw Failure.input(
                        "error: ATELIERS_LOCK_WAIT_SECONDS='\(text)' is not a number of seconds from 0 to 3600")
                }
                wait = seconds
            }
            do {
                return try OutputFolder(path: out, lockWaitSeconds: wait)
            } catch let error as OutputError {
                throw Failure.input(error.description)
            }
        }

        static func kinds(_ text: String) throws -> Set<FeedKind> {
            var kinds = Set<FeedKind>()
            for name in text.split(separator: ",") {
                guard let kind = FeedKind(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError(
                        "unknown feed kind '\(name)': expected \(FeedKind.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                kinds.insert(kind)
            }
            return kinds
        }

        func validate() throws {
            if feeds?.contains(.attendee) == true && agendas.attendees == nil {
                throw ValidationError("attendee feeds need --attendees FILE")
            }
            if let alarm, !(0...10_080).contains(alarm) {
                throw ValidationError("--alarm takes minutes from 0 to 10080 (a week)")
            }
            if !(0...3_650).contains(keepCancelled) {
                throw ValidationError("--keep-cancelled takes days from 0 to 3650 (ten years)")
            }
        }

        func run() async throws {
            try await guarded {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
                    throw Failure.input("\(out): error: --out is a file, not a folder")
                }
                var clock = StageClock(enabled: timings)
                try await programme.requireKnownZone()
                var options = PublishOptions(
                    sources: programme.sources, attendees: agendas.attendees, timeZone: programme.timezone)
                options.kinds = feeds
                options.alarmMinutesBefore = alarm
                options.keepCancelledDays = keepCancelled
                options.force = force
                options.fixedStamp = try sourceDateEpoch()
                options.excluding = out
                let checked: CheckedProgramme
                do {
                    checked = try await Publisher(options: options, store: nil).check()
                } catch let error as InputError {
                    throw Failure.input(error.description)
                }
                clock.lap("load and check")
                let diagnostics = checked.diagnostics
                if diagnostics.errorCount > 0 && !force {
                    FileHandle.standardError.write(Data(checked.report.text().utf8))
                    FileHandle.standardError.write(
                        Data("nothing written to \(out): the check found errors (use --force to write anyway)\n".utf8))
                    throw ExitCode(1)
                }
                let folder = try openOutput()
                // The lock lives as long as the folder value: keep it until the store is saved too.
                defer { withExtendedLifetime(folder) {} }
                if format != .ics {
                    try writeSchedule(
                        FrabSchedule(checked.context, stamp: checked.stamp), to: folder,
                        unplaced: checked.context.unplacedCount, diagnostics: diagnostics)
                    return
                }
                let writer = FeedWriter(folder: folder)
                let written: FeedWriter.Written
                let rendered: RenderedPublication
                do {
                    let store = try openStore(in: folder)
                    rendered = try await Publisher(options: options, store: store).render(
                        checked, retaining: writer.retainable)
                    clock.lap("plan and render")
                    written = try writer.write(rendered.feeds, unscheduled: checked.unscheduled)
                    // The store last: if writing failed, the next export compares with what is really published.
                    try await store.save(rendered.nextState(hashes: written.hashes))
                } catch let error as InputError {
                    throw Failure.input(error.description)
                } catch let error as OutputError {
                    throw Failure.input(error.description)
                }
                clock.lap("compose and write")
                let unscheduled = checked.unscheduled
                // Written with --force: sessions whose end is before their start are not in the feeds either.
                let invalid = checked.context.unplacedCount - unscheduled
                let cancelled = rendered.history.cancelled.count
                print(
                    "wrote \(rendered.feeds.plan.feeds.count) feeds (\(checked.context.scheduled.count) events"
                        + "\(cancelled == 0 ? "" : ", \(cancelled) cancelled"), \(written.bytes) bytes) to \(out);"
                        + " \(unscheduled) unscheduled session\(unscheduled == 1 ? "" : "s")"
                        + (invalid > 0 ? " and \(invalid) with an invalid time" : "") + " left out;"
                        + " check: \(plural(diagnostics.errorCount, "error")), \(plural(diagnostics.warningCount, "warning"))"
                )
            }
        }

        /// The publication store: `--state`, else `OUT/.ateliers/state.sqlite`, which must not be a link.
        func openStore(in folder: OutputFolder) throws -> SQLitePublicationStore {
            if state == nil {
                for name in ["state.sqlite", "state.sqlite-wal", "state.sqlite-shm"]
                where folder.kind(of: ".ateliers/\(name)") == .link {
                    throw OutputError(
                        path: folder.display(".ateliers/\(name)"),
                        message: "is a symbolic link; Ateliers does not write through links in its output"
                            + " folder (remove it and export again)")
                }
            }
            return try SQLitePublicationStore(path: state ?? folder.display(".ateliers/state.sqlite"))
        }
    }
}
