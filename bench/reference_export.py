#!/usr/bin/env python3
"""A straightforward Python exporter of the same feeds, as the benchmark's reference.

It does what a typical conference tool's exporter does with the `icalendar` package: build each session's
event once, then for every feed (all, tracks, rooms, speakers, days, one per attendee) make a calendar, add the
events, add the missing VTIMEZONE and serialise it. It runs no check.

Usage: reference_export.py PROGRAMME.yaml PICKS.csv OUT_DIR
"""
import csv
import os
import sys
import unicodedata
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import yaml


def slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())[:60]


def main(programme_path, picks_path, out):
    data = yaml.load(Path(programme_path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    zone = ZoneInfo(data["event"]["timezone"])
    rooms = {room["id"]: room["name"] for room in data.get("rooms") or []}
    tracks = {track["id"]: track["name"] for track in data.get("tracks") or []}
    stamp = datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "0")), tz=timezone.utc)
    events, feeds = {}, defaultdict(list)
    by_title = {}
    for session in data["sessions"]:
        by_title[session["title"]] = session["id"]
        if "date" not in session:
            continue
        day = datetime.strptime(session["date"], "%Y-%m-%d")
        def at(text):
            hour, minute = (int(part) for part in text.split(":"))
            return day.replace(hour=hour, minute=minute, tzinfo=zone)
        event = icalendar.Event()
        event.add("uid", f"{session['id']}@{data['event'].get('id', 'ateliers')}")
        event.add("dtstamp", stamp)
        event.add("dtstart", at(session["start"]))
        event.add("dtend", at(session["end"]))
        event.add("summary", session["title"])
        if session.get("room"):
            event.add("location", rooms.get(session["room"], session["room"]))
        people = [m if isinstance(m, str) else m["name"] for m in session.get("moderators") or []]
        for part in session.get("parts") or []:
            people += [s if isinstance(s, str) else s["name"] for s in part.get("speakers") or []]
        event.add("description", "\n".join(people) + "\n\n" + (session.get("description") or ""))
        event.add("categories", [c for c in (session.get("kind"), tracks.get(session.get("track"))) if c])
        event.add("sequence", 0)
        event.add("status", "CONFIRMED")
        events[session["id"]] = event
        feeds["all.ics"].append(session["id"])
        if session.get("track"):
            feeds[f"track/{session['track']}.ics"].append(session["id"])
        if session.get("room"):
            feeds[f"room/{session['room']}.ics"].append(session["id"])
        feeds[f"day/{session['date']}.ics"].append(session["id"])
        for name in dict.fromkeys(people):
            feeds[f"speaker/{slug(name)}.ics"].append(session["id"])
    with open(picks_path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            session = row["session"] if row["session"] in events else by_title.get(row["session"])
            if session in events:
                feeds[f"attendee/{row['attendee']}.ics"].append(session)
    written = 0
    for path, sessions in feeds.items():
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Reference//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", path)
        for session in dict.fromkeys(sessions):
            calendar.add_component(events[session])
        calendar.add_missing_timezones()
        target = Path(out) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = calendar.to_ical()
        target.write_bytes(payload)
        written += len(payload)
    print(f"wrote {len(feeds)} feeds, {written} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:4])
