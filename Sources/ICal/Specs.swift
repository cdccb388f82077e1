/// What one VEVENT says, in plain values; ``ICalLibrary/render(events:)`` turns it into iCalendar text.
public struct EventSpec: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case confirmed = "CONFIRMED"
        case tentative = "TENTATIVE"
        case cancelled = "CANCELLED"
    }

    public var uid: String
    /// `DTSTAMP`, seconds since the epoch.
    public var stamp: Int64
    public var start: WallClock
    public var end: WallClock
    /// The IANA zone the wall clocks are in; written as the `TZID` parameter.
    public var timeZone: String
    public var summary: String
    public var location: String?
    public var description: String?
    public var categories: [String]
    public var sequence: Int
    /// `LAST-MODIFIED`, seconds since the epoch.
    public var lastModified: Int64?
    public var status: Status
    public var url: String?
    /// Minutes before the start at which a DISPLAY alarm fires; `nil` for none.
    public var alarmMinutesBefore: Int?
    /// `true` for an all-day event: `start` and `end` are read as dates (`VALUE=DATE`, no `TZID`), the end
    /// exclusive. `nil` (not `false`) otherwise, so that stored events of timed sessions encode as before.
    public var allDay: Bool?

    public init(
        uid: String, stamp: Int64, start: WallClock, end: WallClock, timeZone: String, summary: String,
        location: String? = nil, description: String? = nil, categories: [String] = [], sequence: Int = 0,
        lastModified: Int64? = nil, status: Status = .confirmed, url: String? = nil, alarmMinutesBefore: Int? = nil,
        allDay: Bool? = nil
    ) {
        self.uid = uid
        self.stamp = stamp
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.summary = summary
        self.location = location
        self.description = description
        self.categories = categories
        self.sequence = sequence
        self.lastModified = lastModified
        self.status = status
        self.url = url
        self.alarmMinutesBefore = alarmMinutesBefore
        self.allDay = allDay
    }
}

/// The calendar-level properties of one feed.
public struct CalendarHeaderSpec: Sendable, Hashable {
    public var productID: String
    /// `NAME` (RFC 7986) and `X-WR-CALNAME`.
    public var name: String
    /// `X-WR-CALDESC`, when set.
    public var description: String?
    /// `X-WR-TIMEZONE`.
    public var timeZone: String
    /// `REFRESH-INTERVAL` and `X-PUBLISHED-TTL`, in seconds.
    public var refreshInterval: Int

    public init(productID: String, name: String, description: String? = nil, timeZone: String, refreshInterval: Int) {
        self.productID = productID
        self.name = name
        self.description = description
        self.timeZone = timeZone
        self.refreshInterval = refreshInterval
    }
}
