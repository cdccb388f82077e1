/// One day of a ``Timetable``: rooms as columns, time as rows, each timed session a block.
public struct TimetableDay: Sendable, Hashable {
    public var date: LocalDate
    /// The rooms that have a timed session that day, in the programme's room order (rooms the programme does
    /// not list come after, by id), then the lane of sessions without a room, if any.
    public var columns: [TimetableColumn]
    /// Minutes after midnight where the first row starts: a half hour when rows divide it, else a whole hour (or
    /// a multiple of ``rowMinutes`` when rows are longer than an hour).
    public var firstMinute: Int
    /// How long one row lasts: divides every session's start and end when possible (at least 5 minutes).
    public var rowMinutes: Int
    public var rowCount: Int
    /// By first row, then column, then lane.
    public var blocks: [TimetableBlock]
    /// All-day sessions, shown as a band above the grid rather than as blocks.
    public var allDay: [TimetableBand]

    public init(
        date: LocalDate, columns: [TimetableColumn], firstMinute: Int, rowMinutes: Int, rowCount: Int,
        blocks: [TimetableBlock], allDay: [TimetableBand]
    ) {
        self.date = date
        self.columns = columns
        self.firstMinute = firstMinute
        self.rowMinutes = rowMinutes
        self.rowCount = rowCount
        self.blocks = blocks
        self.allDay = allDay
    }

    /// How many grid tracks the columns take together (a column takes one per lane).
    public var trackCount: Int { columns.reduce(0) { $0 + $1.lanes } }

    /// Minutes after midnight where `row` starts (`rowCount` gives the end of the grid).
    public func minute(ofRow row: Int) -> Int { firstMinute + row * rowMinutes }
}

/// A column of a day's grid: a room, or the sessions without one.
public struct TimetableColumn: Sendable, Hashable {
    /// `nil` for the lane of sessions without a room.
    public var roomID: String?
    /// The room's name, or `No room`.
    public var name: String
    /// How many sessions stand side by side in this column at most that day (1 when none overlap).
    public var lanes: Int
    /// The first grid track of the column, counting from 0 over the whole day.
    public var firstTrack: Int

    public init(roomID: String?, name: String, lanes: Int, firstTrack: Int) {
        self.roomID = roomID
        self.name = name
        self.lanes = lanes
        self.firstTrack = firstTrack
    }
}

/// A timed session placed on a day's grid.
public struct TimetableBlock: Sendable, Hashable {
    /// The session's position in the programme the timetable was built from.
    public var session: Int
    public var id: String
    /// Index into ``TimetableDay/columns``.
    public var column: Int
    /// The first row, from 0, and how many rows the block covers (at least 1).
    public var row: Int
    public var rowSpan: Int
    /// Where the block stands among the sessions that overlap it in its column: lane `lane` of `laneCount`.
    public var lane: Int
    public var laneCount: Int
    /// The grid tracks the block covers, counted over the whole day: the cell's share of its column.
    public var tracks: Range<Int>
    /// The session's own times, as written (not rounded to rows, not clipped).
    public var start: LocalDateTime
    public var end: LocalDateTime
    /// The session goes on after midnight: the block stops at the end of its start day.
    public var continuesNextDay: Bool
    /// Starts and ends at once (a deadline, "doors close"): shown as a marker one row high.
    public var isInstant: Bool
    /// The room and speaker clashes the session takes part in.
    public var clashes: [TimetableClash]

    public init(
        session: Int, id: String, column: Int, row: Int, rowSpan: Int, lane: Int, laneCount: Int, tracks: Range<Int>,
        start: LocalDateTime, end: LocalDateTime, continuesNextDay: Bool, isInstant: Bool, clashes: [TimetableClash]
    ) {
        self.session = session
        self.id = id
        self.column = column
        self.row = row
        self.rowSpan = rowSpan
        self.lane = lane
        self.laneCount = laneCount
        self.tracks = tracks
        self.start = start
        self.end = end
        self.continuesNextDay = continuesNextDay
        self.isInstant = isInstant
        self.clashes = clashes
    }
}

/// An all-day session in the band above a day's grid.
public struct TimetableBand: Sendable, Hashable {
    public var session: Int
    public var id: String
    public var clashes: [TimetableClash]

    public init(session: Int, id: String, clashes: [TimetableClash]) {
        self.session = session
        self.id = id
        self.clashes = clashes
    }
}

/// A clash a session takes part in, from the check's diagnostic.
public struct TimetableClash: Sendable, Hashable {
    public var rule: String
    public var severity: Diagnostic.Severity
    public var message: String

    public init(rule: String, severity: Diagnostic.Severity, message: String) {
        self.rule = rule
        self.severity = severity
        self.message = message
    }
}
