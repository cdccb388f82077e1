#!/usr/bin/env python3
"""Read Ateliers feeds with Python's icalendar (an independent parser) and check every event's instants.

Usage: check_feeds.py --programme PROGRAMME.yaml FEED_OR_FOLDER... [--programme OTHER.yaml FEED_OR_FOLDER...]

For each feed: it must parse; every TZID it uses must have a VTIMEZONE; every VEVENT's UID names a session of
the programme (the part before '@'), and its DTSTART/DTEND are the instants the programme's wall-clock date,
start and end give in the programme's IANA zone (computed here with Python's zoneinfo, not with libical).
Prints 'N passed, N failed' and exits non-zero on any failure.
"""
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import yaml


def expected_instants(programme_path):
    data = yaml.safe_load(Path(programme_path).read_text(encoding="utf-8"))
    zone = ZoneInfo(data["event"]["timezone"])
    expected = {}
    for session in data.get("sessions") or []:
        if "date" not in session:
            continue
        day = datetime.strptime(session["date"], "%Y-%m-%d")
        if session.get("all-day") in (True, "true"):
            # An all-day session: DTSTART and DTEND are dates, the end exclusive.
            days = int(session.get("days", 1))
            expected[session["id"]] = (day.date(), (day + timedelta(days=days)).date(), session["title"])
            continue
        def at(text):
            extra = 0
            if text.startswith("+1 "):
                extra, text = 1, text[3:]
            hour, minute = (int(part) for part in text.split(":"))
            return (day + timedelta(days=extra)).replace(hour=hour, minute=minute, tzinfo=zone)
        expected[session["id"]] = (at(session["start"]), at(session["end"]), session["title"])
    return expected


def feeds_in(path):
    path = Path(path)
    return sorted(path.rglob("*.ics")) if path.is_dir() else [path]


def check_feed(feed, expected, failures):
    raw = feed.read_bytes()
    if b"\r\n" not in raw or b"\n" in raw.replace(b"\r\n", b""):
        failures.append(f"{feed}: line ends are not all CRLF")
    calendar = icalendar.Calendar.from_ical(raw)
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    events = calendar.walk("VEVENT")
    if not events:
        failures.append(f"{feed}: no events")
    for event in events:
        uid = str(event["UID"])
        session_id = uid.split("@", 1)[0]
        if session_id not in expected:
            failures.append(f"{feed}: {uid} names no scheduled session of the programme")
            continue
        start, end, title = expected[session_id]
        for name, want in (("DTSTART", start), ("DTEND", end)):
            prop = event[name]
            tzid = prop.params.get("TZID")
            if tzid is not None and str(tzid) not in zones:
                failures.append(f"{feed}: {uid} {name} uses TZID={tzid} with no VTIMEZONE")
            got = prop.dt
            if not isinstance(want, datetime):
                if isinstance(got, datetime) or got != want:
                    failures.append(f"{feed}: {uid} {name} is {got!r}, expected the date {want.isoformat()}")
            elif not isinstance(got, datetime) or got.tzinfo is None:
                failures.append(f"{feed}: {uid} {name} is a floating time")
            elif got != want:
                failures.append(f"{feed}: {uid} {name} is {got.isoformat()}, expected {want.isoformat()}")
        if str(event["SUMMARY"]) != title:
            failures.append(f"{feed}: {uid} SUMMARY {str(event['SUMMARY'])!r} differs from the title {title!r}")
    return len(events)


def main(argv):
    groups, current = [], None
    args = iter(argv)
    for arg in args:
        if arg == "--programme":
            current = (next(args), [])
            groups.append(current)
        elif current is None:
            sys.exit("usage: check_feeds.py --programme PROGRAMME.yaml FEED_OR_FOLDER...")
        else:
            current[1].append(arg)
    passed = failed = 0
    for programme, paths in groups:
        expected = expected_instants(programme)
        for path in paths:
            for feed in feeds_in(path):
                failures = []
                try:
                    count = check_feed(feed, expected, failures)
                except Exception as error:  # a parser failure is a failed feed, reported with its file
                    failures.append(f"{feed}: icalendar cannot read it: {error}")
                    count = 0
                if failures:
                    failed += 1
                    for failure in failures:
                        print("FAIL", failure)
                else:
                    passed += 1
                    print(f"ok   {feed} ({count} events)")
    print(f"interop: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
