import ICal

/// Lays out one day's timed sessions: the row length, the columns, and each block's rows and lane.
struct DayLayout {
    let programme: Programme
    let clashes: [String: [TimetableClash]]
    let maxRows: Int

    /// Row lengths a day may be coarsened to: divisors of an hour from 5 minutes, then multiples of it up to a day.
    static let rowLengths = [5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1_440]
    static let minutesPerDay = 1_440

    /// A session's minutes after the day's midnight: its start, and its end clipped at midnight.
    struct Span {
        var session: Int
        var start: Int
        var end: Int
        var continues: Bool
        var column = 0
        var row = 0
        var endRow = 0
        var lane = 0
        var laneCount = 1
    }

    /// - Parameter sessions: positions of the timed sessions that start on `date`.
    /// - Complexity: O(n log n) for n sessions.
    func day(_ date: LocalDate, sessions indices: [Int]) -> TimetableDay {
        let midnight = date.at(LocalTime(hour: 0, minute: 0)).secondsSinceEpochAsUTC
        var spans: [Span] = indices.compactMap { index in
            guard let slot = programme.sessions[index].slot else { return nil }
            let start = Int((slot.start.secondsSinceEpochAsUTC - midnight) / 60)
            let end = (slot.end.secondsSinceEpochAsUTC - midnight) / 60
            return Span(
                session: index, start: start, end: Int(min(end, Int64(Self.minutesPerDay))),
                continues: end > Int64(Self.minutesPerDay))
        }
        spans.sort { ($0.start, programme.sessions[$0.session].id) < ($1.start, programme.sessions[$1.session].id) }

        let columns = self.columns(for: &spans)
        let (firstMinute, rowMinutes, rowCount) = rows(for: spans)
        for position in spans.indices {
            let first = (spans[position].start - firstMinute) / rowMinutes
            let last = (spans[position].end - firstMinute + rowMinutes - 1) / rowMinutes
            spans[position].row = first
            spans[position].endRow = min(rowCount, max(last, first + 1))
        }
        var lanes = [Int](repeating: 1, count: columns.count)
        var byColumn = [[Int]](repeating: [], count: columns.count)
        for position in spans.indices { byColumn[spans[position].column].append(position) }
        for (column, positions) in byColumn.enumerated() {
            lanes[column] = Self.assignLanes(&spans, positions)
        }
        var laidOut: [TimetableColumn] = []
        var track = 0
        for (column, room) in columns.enumerated() {
            laidOut.append(TimetableColumn(roomID: room.id, name: room.name, lanes: lanes[column], firstTrack: track))
            track += lanes[column]
        }
        let blocks = spans.map { span in
            let session = programme.sessions[span.session]
            let column = laidOut[span.column]
            let from = column.firstTrack + span.lane * column.lanes / span.laneCount
            let to = column.firstTrack + (span.lane + 1) * column.lanes / span.laneCount
            return TimetableBlock(
                session: span.session, id: session.id, column: span.column, row: span.row,
                rowSpan: span.endRow - span.row, lane: span.lane, laneCount: span.laneCount, tracks: from..<to,
                start: session.slot?.start ?? date.at(LocalTime(hour: 0, minute: 0)),
                end: session.slot?.end ?? date.at(LocalTime(hour: 0, minute: 0)), continuesNextDay: span.continues,
                isInstant: span.start == span.end, clashes: clashes[session.id] ?? [])
        }
        return TimetableDay(
            date: date, columns: laidOut, firstMinute: firstMinute, rowMinutes: rowMinutes, rowCount: rowCount,
            blocks: blocks.sorted {
                ($0.row, $0.column, $0.tracks.lowerBound) < ($1.row, $1.column, $1.tracks.lowerBound)
            },
            allDay: [])
    }

    /// The day's columns: used rooms in programme order, unknown room ids by id, then `No room`; sets each
    /// span's column.
    /// - Complexity: O(r + n log n).
    func columns(for spans: inout [Span]) -> [(id: String?, name: String)] {
        var order: [String: Int] = [:]
        for (position, room) in programme.rooms.enumerated() where order[room.id] == nil { order[room.id] = position }
        var used = Set<String>()
        var noRoom = false
        for span in spans {
            if let room = programme.sessions[span.session].room { used.insert(room) } else { noRoom = true }
        }
        let known = used.filter { order[$0] != nil }.sorted { order[$0, default: 0] < order[$1, default: 0] }
        let unknown = used.filter { order[$0] == nil }.sorted()
        var columns: [(id: String?, name: String)] = (known + unknown).map { id in
            (id, order[id].map { programme.rooms[$0].name } ?? id)
        }
        if noRoom { columns.append((nil, "No room")) }
        var columnOfRoom: [String: Int] = [:]
        for (position, column) in columns.enumerated() { if let id = column.id { columnOfRoom[id] = position } }
        for position in spans.indices {
            let room = programme.sessions[spans[position].session].room
            spans[position].column = room.flatMap { columnOfRoom[$0] } ?? columns.count - 1
        }
        return columns
    }

    /// The first row's minute, the row length and the row count: rows divide every start and end when they can
    /// (the greatest common divisor with an hour, at least 5 minutes), made longer until at most `maxRows`.
    func rows(for spans: [Span]) -> (first: Int, length: Int, count: Int) {
        guard let earliest = spans.map(\.start).min() else { return (0, 60, 0) }
        var divisor = 60
        for span in spans { divisor = Self.gcd(Self.gcd(divisor, span.start), span.end) }
        let latest = spans.map { max($0.end, $0.start + 1) }.max() ?? earliest
        var length = Self.rowLengths.first { $0 >= divisor } ?? Self.minutesPerDay
        while true {
            // The grid starts on a time label: a half hour, an hour, or a multiple of longer rows.
            let unit = length > 30 ? max(length, 60) : (30 % length == 0 ? 30 : 60)
            let first = earliest / unit * unit
            let count = (min(latest, Self.minutesPerDay) - first + length - 1) / length
            if count <= maxRows || length >= Self.minutesPerDay { return (first, length, max(count, 1)) }
            length = Self.rowLengths.first { $0 > length } ?? Self.minutesPerDay
        }
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (abs(a), abs(b))
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// Gives each span of one column a lane, in rows: spans that share a row stand side by side, and every span
    /// of a run of overlapping ones learns how many lanes the run needed.
    /// - Parameter positions: the column's spans, sorted by start.
    /// - Returns: the most lanes any run needed (1 at least).
    /// - Complexity: O(k log k) for k spans.
    static func assignLanes(_ spans: inout [Span], _ positions: [Int]) -> Int {
        var most = 1
        var run: [Int] = []
        var running = MinHeap<Running>()
        var free = MinHeap<Int>()
        var opened = 0
        var runEnd = Int.min
        func close() {
            for position in run { spans[position].laneCount = max(opened, 1) }
            most = max(most, opened)
            run = []
            running = MinHeap()
            free = MinHeap()
            opened = 0
        }
        for position in positions {
            let span = spans[position]
            if span.row >= runEnd { close() }
            while let first = running.first, first.endRow <= span.row {
                running.removeFirst()
                free.insert(first.lane)
            }
            let lane: Int
            if let reused = free.first {
                free.removeFirst()
                lane = reused
            } else {
                lane = opened
                opened += 1
            }
            spans[position].lane = lane
            running.insert(Running(endRow: span.endRow, lane: lane))
            run.append(position)
            runEnd = max(runEnd, span.endRow)
        }
        close()
        return most
    }

    struct Running: Comparable {
        var endRow: Int
        var lane: Int

        static func < (lhs: Running, rhs: Running) -> Bool { (lhs.endRow, lhs.lane) < (rhs.endRow, rhs.lane) }
    }
}
