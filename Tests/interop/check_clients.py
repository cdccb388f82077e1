#!/usr/bin/env python3
"""Have independent calendar software read Ateliers feeds: vobject, khal and calcurse.

Usage: check_clients.py [--clients vobject,khal,calcurse] [--sample N] [--zone ZONE] FEED_OR_FOLDER...

Folders are searched recursively for *.ics. Each feed is read here first (standard library only) for what the
clients are compared with: its VEVENTs, each one's UID, SUMMARY, DTSTART/DTEND, STATUS and VALARMs. Instants are
computed from the TZID with the system's IANA zone database (zoneinfo), not from the feed's VTIMEZONE, so that a
client reading a wrong VTIMEZONE, or ignoring the TZID, shows up as a time mismatch. The clients show times in
--zone, UTC by default: in the feeds' own zone a client that picks the wrong one of two repeated wall-clock times
(DST end) would print the same wall clock and pass unnoticed.

vobject   vobject.readComponents(text, validate=True) must accept the feed, see exactly one VCALENDAR with as
          many VEVENTs as there are BEGIN:VEVENT lines, and read every SUMMARY, DTSTART, DTEND and VALARM count
          as above. vobject takes its instants from the feed's VTIMEZONE (through dateutil), so this also checks
          the VTIMEZONE against the zone database. vobject keeps a process-wide TZID -> tzinfo registry in which
          the first VTIMEZONE seen for a TZID wins (known vobject issue skarim/vobject#153); it is reset to its
          pristine state before each feed, so that every feed is judged on its own VTIMEZONE.
khal      In a throw-away config and vdir: `khal import --batch` then `khal list --once` over the days the
          events span. Every event must be listed once with its SUMMARY, its start and end shown in --zone
          (khal's local_timezone and default_timezone), STATUS:CANCELLED shown as CANCELLED, and an alarm
          symbol exactly when the event has a VALARM. khal 0.10.5 lists cancelled events; should a khal hide
          them, a cancelled event missing from the listing is accepted when its file was imported into the
          vdir. khal keeps only VEVENTs and VTIMEZONEs on import (one file per UID): the calendar-level
          X-WR-CALNAME, X-WR-TIMEZONE, NAME, REFRESH-INTERVAL and X-PUBLISHED-TTL are dropped, and floating times
          would be read in default_timezone, never in X-WR-TIMEZONE. Any "warning:" or "critical:" khal prints
          is a failure. khal is the slow client (a Python process per command): --sample N checks only the
          first N feeds of each folder with khal.
calcurse  In a throw-away data and config folder: `calcurse -i FEED --dump-imported` with stdin from /dev/null.
          Its report "N apps / N events / N todos / N skipped" must count every VEVENT (timed ones as apps,
          all-day ones as events) and skip nothing; the reasons for skipped items come from the import log
          calcurse names on standard error ("VEVENT [LINE]: reason", LINE being the feed's physical line of
          BEGIN:VEVENT). Each imported appointment must have its SUMMARY, its start and end instant, and the
          notify flag ('!') exactly when the event has a VALARM. calcurse has no notion of STATUS: a cancelled
          event is imported as an ordinary appointment.

Where the clients are wrong, and why the feeds are right (seen with feeds made for the purpose; the feeds of
`make test` avoid these cases, and `ateliers check` warns about them):
- A wall-clock time in the hour the clocks go back (DTSTART;TZID=Europe/Paris:20261025T021500) means its first
  occurrence, 00:15Z (RFC 5545 section 3.3.5, form 3). khal 0.10.5 reads 01:15Z, the second; calcurse 4.7.1
  reads either, feed by feed. Ateliers: the `ambiguous-time` warning.
- A wall-clock time skipped when the clocks go forward (20260329T023000) is read with the offset in force before
  the gap, 01:30Z (section 3.3.5). vobject 0.9.9, through dateutil, uses the offset after it, 00:30Z. Ateliers:
  such a session is an `invalid-time` error.
- vobject keeps the first VTIMEZONE it sees for a TZID for the whole process; a VTIMEZONE covering only the
  years a feed uses is valid (section 3.6.5), so the registry is reset before each feed (see vobject above).
- calcurse ignores STATUS:CANCELLED (section 3.8.1.11): a cancelled event stays an ordinary appointment. The
  feeds also prefix the summary with "Cancelled: ", which is all a calcurse user sees.
- calcurse rejects a SUMMARY with an escaped line break ("line break in summary"), which section 3.3.11 allows.
  Ateliers' CSV reader makes titles one line; a multi-line title from YAML or frab would be skipped by calcurse.

Prints one line per failure, a summary line per client and a final line 'clients: N passed, N failed' (one
check is one client reading one feed); exits 1 on any failure.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    import vobject
    import vobject.icalendar
except ImportError:  # reported as one failure at the start; the other clients still run
    vobject = None

CLIENTS = ("vobject", "khal", "calcurse")
# Separators for the clients' listings: no SUMMARY of a well-formed feed contains these control characters.
RECORD, UNIT, END = "\x1e", "\x1f", "\x1d"
MINUTE = "%Y-%m-%d %H:%M"


# ---------------------------------------------------------------------------------------------------------------
# Reading a feed with the standard library: the reference the clients are compared with.

@dataclass
class When:
    """A DTSTART or DTEND as the feed means it."""
    written: str  # the property as written (after unfolding), for messages
    instant: datetime | None = None  # an aware instant (UTC or a known TZID), or naive for a floating time
    day: date | None = None  # for VALUE=DATE; neither instant nor day for a TZID zoneinfo does not know

    def khal_text(self, zone, is_end=False):
        """How khal should print it with local_timezone = default_timezone = zone, or None if unknown."""
        if self.day is not None:
            # khal prints the last day of an all-day event, DTEND being exclusive (RFC 5545 section 3.6.1).
            return (self.day - timedelta(days=1) if is_end else self.day).isoformat()
        if self.instant is None:
            return None
        if self.instant.tzinfo is None:  # floating: khal reads it in default_timezone, which is the display zone
            return self.instant.strftime(MINUTE)
        return self.instant.astimezone(zone).strftime(MINUTE)

    def epoch(self, zone):
        """The Unix time calcurse should give it (floating times read in the process zone), or None."""
        if self.instant is None:
            return None
        moment = self.instant if self.instant.tzinfo else self.instant.replace(tzinfo=zone)
        return int(moment.timestamp())

    def display_day(self, zone):
        if self.day is not None:
            return self.day
        if self.instant is None:
            return None
        return (self.instant.astimezone(zone) if self.instant.tzinfo else self.instant).date()


@dataclass
class FeedEvent:
    line: int  # physical line of BEGIN:VEVENT, the number calcurse's import log gives
    uid: str = ""
    summary: str = ""
    start: When | None = None
    end: When | None = None
    cancelled: bool = False
    override: bool = False  # has a RECURRENCE-ID, so may share its UID with another VEVENT
    alarms: list = field(default_factory=list)  # each VALARM's TRIGGER as written, '(no TRIGGER)' if none

    def alarm_text(self):
        return "; ".join(self.alarms) or "no VALARM"

    def label(self):
        return f"{self.uid or '(no UID)'} {self.summary!r}"


@dataclass
class Feed:
    path: Path
    text: str
    events: list
    begin_vevent_lines: int  # BEGIN:VEVENT lines, counted on the unfolded text


def unfolded_lines(text):
    """Yield (physical line number, logical line): RFC 5545 section 3.1 folding (CRLF then space or tab) undone.

    Bare LF line ends are accepted here; check_feeds.py is the one that insists on CRLF."""
    current, current_number = None, 0
    for number, physical in enumerate(text.split("\n"), start=1):
        physical = physical.removesuffix("\r")
        if physical[:1] in (" ", "\t") and current is not None:
            current += physical[1:]
            continue
        if current is not None:
            yield current_number, current
        current, current_number = physical, number
    if current:  # the text's last line, unless it is the empty one after the final line end
        yield current_number, current


def split_contentline(line):
    """Split 'NAME;P=V;P="V:V":VALUE' (RFC 5545 section 3.1) into (NAME, {P: V}, VALUE), honouring quotes."""
    quoted, parts, start, colon = False, [], 0, None
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif not quoted and char == ";":
            parts.append(line[start:index])
            start = index + 1
        elif not quoted and char == ":":
            colon = index
            break
    if colon is None:
        return None
    parts.append(line[start:colon])
    params = {}
    for part in parts[1:]:
        key, _, value = part.partition("=")
        params[key.upper()] = value.strip('"')
    return parts[0].upper(), params, line[colon + 1:]


def unescape_text(value):
    """TEXT value escapes of RFC 5545 section 3.3.11."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse_when(written, params, value):
    """DATE (section 3.3.4) or DATE-TIME (section 3.3.5) in its three forms: UTC, with TZID, floating."""
    when = When(written)
    try:
        if params.get("VALUE", "").upper() == "DATE" or re.fullmatch(r"\d{8}", value):
            when.day = datetime.strptime(value, "%Y%m%d").date()
            return when
        local = datetime.strptime(value.removesuffix("Z"), "%Y%m%dT%H%M%S")
    except ValueError:
        return when  # the clients are left to say what they make of it
    if value.endswith("Z"):
        when.instant = local.replace(tzinfo=timezone.utc)
    elif "TZID" in params:
        try:
            # fold=0: the first of two repeated local times, and the offset before a gap (section 3.3.5).
            when.instant = local.replace(tzinfo=ZoneInfo(params["TZID"]))
        except (ZoneInfoNotFoundError, ValueError):
            pass  # not an IANA name: the clients' times are not compared for it
    else:
        when.instant = local
    return when


def read_feed(path):
    """Read a feed for reference; raises ValueError with a message for an unreadable one."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")  # the default charset of RFC 5545 section 3.1.4
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 (RFC 5545 section 3.1.4): {error}") from None
    events, stack, begins = [], [], 0
    for number, line in unfolded_lines(text):
        parsed = split_contentline(line)
        if parsed is None:
            continue
        name, params, value = parsed
        if name == "BEGIN":
            stack.append(value.upper())
            if value.upper() == "VEVENT":
                begins += 1
                events.append(FeedEvent(line=number))
            elif value.upper() == "VALARM" and events and "VEVENT" in stack:
                events[-1].alarms.append("(no TRIGGER)")
            continue
        if name == "END":
            if stack:
                stack.pop()
            continue
        if not stack or not events or "VEVENT" not in stack:
            continue
        event = events[-1]
        if stack[-1] == "VALARM" and name == "TRIGGER" and event.alarms:
            event.alarms[-1] = line
        elif stack[-1] != "VEVENT":
            continue
        elif name == "UID":
            event.uid = value
        elif name == "SUMMARY":
            event.summary = unescape_text(value)
        elif name == "DTSTART":
            event.start = parse_when(line, params, value)
        elif name == "DTEND":
            event.end = parse_when(line, params, value)
        elif name == "STATUS":
            event.cancelled = value.upper() == "CANCELLED"
        elif name == "RECURRENCE-ID":
            event.override = True
    return Feed(path, text, events, begins)


def feeds_to_check(arguments, sample):
    """Return [(path, checked by khal)] and a message for each argument that names no feed.

    --sample keeps, for khal, the first N feeds (in name order) of each folder."""
    found, missing = [], []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            by_folder = defaultdict(list)
            for feed in sorted(path.rglob("*.ics")):
                by_folder[feed.parent].append(feed)
            if not by_folder:
                missing.append(f"{argument}: no *.ics feed in this folder")
            for folder in sorted(by_folder):
                for index, feed in enumerate(by_folder[folder]):
                    found.append((feed, sample is None or index < sample))
        elif path.is_file():
            found.append((path, True))
        else:
            missing.append(f"{argument}: no such feed or folder")
    return found, missing


# ---------------------------------------------------------------------------------------------------------------
# Running the command-line clients.

def client_env(home, zone_name):
    """A clean environment: no user configuration, a known locale and zone, temporary files inside `home`."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TMPDIR": str(home),
        "LC_ALL": "C.UTF-8",
        "TZ": zone_name,
    }


def run(command, env, timeout):
    """Run a client; returns (exit code, stdout, stderr), exit code 'time-out' when it took too long."""
    try:
        done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "time-out", "", f"no answer within {timeout} s"
    decode = lambda data: data.decode("utf-8", errors="replace")
    return done.returncode, decode(done.stdout), decode(done.stderr)


def last_line(text):
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(nothing on standard error)"


def version_of(name):
    """'khal 0.10.5' from `khal --version` ('khal, version 0.10.5'), and so on."""
    code, out, _ = run([name, "--version"], dict(os.environ), 30)
    found = re.search(r"\d+(\.\d+)+", out) if code == 0 else None
    return f"{name} {found.group(0) if found else '(unknown version)'}"


# ---------------------------------------------------------------------------------------------------------------
# vobject

# The TZID registry of vobject.icalendar (module-level, so no name mangling) and its contents at import time.
_VOBJECT_TZIDS = getattr(vobject.icalendar, "__tzidMap", None) if vobject else None
_VOBJECT_TZIDS_PRISTINE = dict(_VOBJECT_TZIDS) if isinstance(_VOBJECT_TZIDS, dict) else None


def reset_vobject_timezones():
    if _VOBJECT_TZIDS_PRISTINE is not None:
        _VOBJECT_TZIDS.clear()
        _VOBJECT_TZIDS.update(_VOBJECT_TZIDS_PRISTINE)


def compare_vobject_when(event, name, ours, theirs):
    if ours is None or theirs is None:
        if (ours is None) != (theirs is None):
            return [f"{event.label()}: vobject {'has' if theirs is not None else 'lacks'} {name}"]
        return []
    value = theirs.value
    if ours.day is not None:
        if isinstance(value, datetime) or value != ours.day:
            return [f"{event.label()}: vobject reads {ours.written} as {value!r}"]
        return []
    if ours.instant is None:
        return []  # unknown TZID or unreadable value: nothing to compare with
    if not isinstance(value, datetime):
        return [f"{event.label()}: vobject reads {ours.written} as {value!r}, not a date-time"]
    if (value.tzinfo is None) != (ours.instant.tzinfo is None):
        return [f"{event.label()}: vobject reads {ours.written} as {value.isoformat()} "
                f"({'floating' if value.tzinfo is None else 'zoned'})"]
    if value.tzinfo is None:
        if value != ours.instant:
            return [f"{event.label()}: vobject reads {ours.written} as {value.isoformat()}"]
        return []
    # Compared in UTC: Python's == between different tzinfos is always False for a time in a fold or gap (PEP 495).
    got, want = value.astimezone(timezone.utc), ours.instant.astimezone(timezone.utc)
    if got != want:
        return [f"{event.label()}: vobject reads {ours.written} as {got:%Y-%m-%dT%H:%MZ} "
                f"(UTC offset {value.utcoffset()} from the feed's VTIMEZONE), "
                f"the zone database gives {want:%Y-%m-%dT%H:%MZ}"]
    return []


def check_vobject(feed, context):
    reset_vobject_timezones()
    try:
        components = list(vobject.readComponents(feed.text, validate=True))
    except Exception as error:  # ParseError, ValidateError, and dateutil's errors on a bad VTIMEZONE
        return [f"vobject rejects the feed: {type(error).__name__}: {error}"]
    failures = []
    names = [component.name for component in components]
    if names != ["VCALENDAR"]:
        failures.append(f"vobject sees components {names}, expected one VCALENDAR")
    vevents = [child for component in components for child in component.contents.get("vevent", [])]
    if len(vevents) != feed.begin_vevent_lines:
        failures.append(f"vobject sees {len(vevents)} VEVENTs, the feed has {feed.begin_vevent_lines} "
                        f"BEGIN:VEVENT lines")
        return failures
    for event, vevent in zip(feed.events, vevents):
        summary = vevent.contents.get("summary", [None])[0]
        if (summary.value if summary else "") != event.summary:
            failures.append(f"{event.label()}: vobject reads SUMMARY as {summary.value if summary else None!r}")
        failures += compare_vobject_when(event, "DTSTART", event.start, vevent.contents.get("dtstart", [None])[0])
        failures += compare_vobject_when(event, "DTEND", event.end, vevent.contents.get("dtend", [None])[0])
        alarms = len(vevent.contents.get("valarm", []))
        if alarms != len(event.alarms):
            failures.append(f"{event.label()}: vobject sees {alarms} VALARMs, the feed has {len(event.alarms)}")
    return failures


# ---------------------------------------------------------------------------------------------------------------
# khal

KHAL_CONFIG = """\
[calendars]
[[feed]]
path = {vdir}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = {zone}
default_timezone = {zone}

[sqlite]
path = {database}
"""
# One record per event: start, end, STATUS (khal adds a space: "CONFIRMED ", or "" when none), alarm symbol, title.
KHAL_FORMAT = RECORD + UNIT.join(["{start}", "{end}", "{status}", "{alarm-symbol}", "{title}"]) + END


def khal_messages(stderr):
    """The warnings and errors khal logged (its logger prints 'warning: ...', 'critical: ...')."""
    return [line.strip() for line in stderr.splitlines()
            if re.match(r"\s*(warning|error|critical):", line, re.IGNORECASE)]


def check_khal(feed, context):
    home, zone = context["workdir"], context["zone"]
    vdir = home / "calendar"
    vdir.mkdir()
    config = home / "khal.conf"
    config.write_text(KHAL_CONFIG.format(vdir=vdir, zone=context["zone_name"], database=home / "khal.db"),
                      encoding="utf-8")
    env, timeout = client_env(home, context["zone_name"]), context["timeout"]
    khal = ["khal", "-c", str(config)]

    code, _, stderr = run(khal + ["import", "--batch", "-a", "feed", str(feed.path)], env, timeout)
    if code != 0:
        return [f"khal import fails (exit {code}): {last_line(stderr)}"]
    failures = [f"khal import says: {message}" for message in dict.fromkeys(khal_messages(stderr))]

    uids = {event.uid for event in feed.events}
    # khal keeps one event (file) per UID: a repeated UID that is not a RECURRENCE-ID override replaces the
    # earlier VEVENT on import (RFC 5545 section 3.8.4.7: a UID identifies one event).
    repeated = defaultdict(int)
    for event in feed.events:
        if not event.override:
            repeated[event.uid] += 1
    stored = sorted(vdir.glob("*.ics"))
    if len(stored) != len(uids):
        failures.append(f"khal stored {len(stored)} event files for the feed's {len(uids)} UIDs")
    if not feed.events:
        return failures

    days = [day for event in feed.events if event.start for day in [event.start.display_day(zone)] if day]
    if not days:
        return failures + ["no DTSTART that can be placed on a day: nothing to list with khal"]
    # One day of margin either side, so that an event khal misplaces by some hours is still listed.
    first = min(days) - timedelta(days=1)
    span = (max(days) - first).days + 2
    code, out, stderr = run(khal + ["list", "--once", "-a", "feed", "--format", KHAL_FORMAT, "--day-format", "",
                                    first.isoformat(), f"{span}d"], env, timeout)
    if code != 0:
        return failures + [f"khal list fails (exit {code}): {last_line(stderr)}"]
    failures += [f"khal list says: {message}" for message in dict.fromkeys(khal_messages(stderr))]

    listed = defaultdict(list)  # title -> [(start, end, status, alarm symbol)]
    for record in re.findall(re.escape(RECORD) + "(.*?)" + re.escape(END), out, re.DOTALL):
        fields = record.split(UNIT, 4)
        if len(fields) != 5:
            failures.append(f"khal listing record not understood: {record!r}")
            continue
        start, end, status, alarm, title = fields
        listed[title].append((start, end, status.strip(), alarm.strip()))

    stored_uids = {line.partition(":")[2] for path in stored
                   for _, line in unfolded_lines(path.read_text(encoding="utf-8", errors="replace"))
                   if line.startswith("UID:")}
    for event in feed.events:
        want_start = event.start.khal_text(zone) if event.start else None
        want_end = event.end.khal_text(zone, is_end=True) if event.end else None
        candidates = listed.get(event.summary, [])
        if not candidates:
            if event.cancelled and event.uid in stored_uids:
                continue  # a khal that hides cancelled events; the event was imported all the same
            hint = (f"; the feed has {repeated[event.uid]} VEVENTs with this UID and khal keeps one"
                    if repeated[event.uid] > 1 else "")
            failures.append(f"{event.label()}: not in khal's listing (expected at {want_start} "
                            f"{context['zone_name']}){hint}")
            continue

        def fits(row):
            return (want_start is None or row[0] == want_start) and (want_end is None or row[1] == want_end)
        row = next((row for row in candidates if fits(row)), candidates[0])
        candidates.remove(row)
        start, end, status, alarm = row
        if not fits(row):
            failures.append(f"{event.label()}: khal shows {start} -> {end} {context['zone_name']}, the feed means "
                            f"{want_start} -> {want_end} ({event.start.written}"
                            f"{' / ' + event.end.written if event.end else ''})")
        if (status == "CANCELLED") != event.cancelled:
            failures.append(f"{event.label()}: khal shows status {status or '(none)'!r}, the feed has "
                            f"{'STATUS:CANCELLED' if event.cancelled else 'no STATUS:CANCELLED'}")
        if bool(alarm) != bool(event.alarms):
            failures.append(f"{event.label()}: khal shows {'an' if alarm else 'no'} alarm, the feed has "
                            f"{event.alarm_text()}")
    for title, rows in listed.items():
        for start, end, _, _ in rows:
            failures.append(f"khal lists {title!r} at {start} -> {end}: no (further) event of the feed has "
                            f"this SUMMARY")
    return failures


# ---------------------------------------------------------------------------------------------------------------
# calcurse

CALCURSE_APT = RECORD + "APT" + UNIT + UNIT.join(["%(start:epoch)", "%(end:epoch)", "%(raw)", "%m"]) + END
CALCURSE_EVENT = RECORD + "EVENT" + UNIT + UNIT.join(["%(raw)", "%m"]) + END
CALCURSE_REPORT = re.compile(r"(\d+) apps? / (\d+) events? / (\d+) todos? / (\d+) skipped")


def calcurse_rejections(stderr, feed):
    """Read the import log calcurse names on stderr: 'VEVENT [LINE]: reason' for each skipped item."""
    match = re.search(r"See (.+?) for details", stderr)
    if not match:
        return [f"calcurse skipped items but named no log: {last_line(stderr)}"]
    try:
        log = Path(match.group(1)).read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return [f"calcurse skipped items; its log {match.group(1)} cannot be read: {error}"]
    at_line = {event.line: event for event in feed.events}
    rejections = []
    for kind, line, reason in re.findall(r"^(\w+) \[(\d+)\]: (.*)$", log, re.MULTILINE):
        event = at_line.get(int(line))
        what = event.label() if event else f"{kind} at line {line}"
        rejections.append(f"{what}: calcurse rejects the {kind} at line {line}: {reason}")
    return rejections or [f"calcurse skipped items; its log says: {last_line(log)}"]


def check_calcurse(feed, context):
    home, zone = context["workdir"], context["zone"]
    data, conf = home / "data", home / "conf"
    data.mkdir()
    conf.mkdir()
    command = ["calcurse", "-D", str(data), "-C", str(conf), "-i", str(feed.path), "--dump-imported",
               "--format-apt", CALCURSE_APT, "--format-event", CALCURSE_EVENT,
               # calcurse stores a multi-day all-day event as a daily recurring one: dump those too.
               "--format-recur-apt", CALCURSE_APT, "--format-recur-event", CALCURSE_EVENT]
    code, out, stderr = run(command, client_env(home, context["zone_name"]), context["timeout"])
    report = CALCURSE_REPORT.search(out)
    if report is None:
        return [f"calcurse import fails (exit {code}) with no import report: {last_line(stderr)}"]
    apps, events, todos, skipped = (int(number) for number in report.groups())
    failures = []
    if skipped:
        failures += calcurse_rejections(stderr, feed)
    elif code != 0:
        failures.append(f"calcurse exits {code}: {last_line(stderr)}")
    timed = sum(1 for event in feed.events if not (event.start and event.start.day))
    if (apps, events, todos) != (timed, len(feed.events) - timed, 0):
        failures.append(f"calcurse imports {apps} appointments, {events} all-day events, {todos} todos "
                        f"({skipped} skipped); the feed has {timed} timed and {len(feed.events) - timed} "
                        f"all-day VEVENTs")

    imported = defaultdict(list)  # summary -> [(kind, start epoch, end epoch, flag)]
    for record in re.findall(re.escape(RECORD) + "(.*?)" + re.escape(END), out, re.DOTALL):
        fields = record.split(UNIT)
        if fields[0] == "APT" and len(fields) == 5:
            _, start, end, raw, summary = fields
            # The raw line (as in calcurse's apts file, newline included) ends with the flag, '|' or '!' (notify),
            # then the summary.
            raw = raw.rstrip("\n")
            flag = raw[len(raw) - len(summary) - 1] if raw.endswith(summary) and len(raw) > len(summary) else "?"
            imported[summary].append(("APT", int(start), int(end), flag))
        elif fields[0] == "EVENT" and len(fields) == 3:
            imported[fields[2]].append(("EVENT", None, None, ""))
        else:
            failures.append(f"calcurse dump record not understood: {record!r}")
    for event in feed.events:
        rows = imported.get(event.summary)
        if not rows:
            if not skipped:
                failures.append(f"{event.label()}: not among calcurse's imported items")
            continue
        want_start = event.start.epoch(zone) if event.start and event.start.day is None else None
        want_end = event.end.epoch(zone) if event.end and event.end.day is None else None
        row = next((row for row in rows if row[1] == want_start and (want_end is None or row[2] == want_end)),
                   rows[0])
        rows.remove(row)
        kind, start, end, flag = row
        if kind == "EVENT":
            continue
        if want_start is not None and (start != want_start or (want_end is not None and end != want_end)):
            show = lambda epoch: datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
            failures.append(f"{event.label()}: calcurse imports {show(start)} -> {show(end)}, the feed means "
                            f"{show(want_start)} -> {show(want_end) if want_end else '?'} ({event.start.written})")
        if (flag == "!") != bool(event.alarms):
            failures.append(f"{event.label()}: calcurse {'sets' if flag == '!' else 'does not set'} the notify "
                            f"flag, the feed has {event.alarm_text()}")
    return failures


CHECKS = {"vobject": check_vobject, "khal": check_khal, "calcurse": check_calcurse}


def why_missing(name):
    """None when the client can run, else how to get it."""
    if name == "vobject":
        return None if vobject else f"not importable by {sys.executable} (pip install vobject)"
    return None if shutil.which(name) else f"not found on PATH (apt-get install {name})"


# ---------------------------------------------------------------------------------------------------------------

def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="FEED_OR_FOLDER")
    parser.add_argument("--clients", default=",".join(CLIENTS),
                        help="comma-separated subset of %(default)s")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="check only the first N feeds of each folder with khal (default: all)")
    parser.add_argument("--zone", default="UTC",
                        help="zone the clients show times in (khal's local_timezone, TZ): default %(default)s")
    parser.add_argument("--timeout", type=int, default=600, help="seconds one client command may take")
    parser.add_argument("--max-lines", type=int, default=10, metavar="N",
                        help="failure lines printed per feed and client (default: %(default)s)")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print each check that passes")
    options = parser.parse_args(argv)

    clients = [name.strip() for name in options.clients.split(",") if name.strip()]
    unknown = [name for name in clients if name not in CHECKS]
    if unknown or not clients:
        parser.error(f"--clients takes names among {', '.join(CLIENTS)}")
    if options.sample is not None and options.sample < 1:
        parser.error("--sample takes a number of feeds of 1 or more")
    try:
        zone = ZoneInfo(options.zone)
    except (ZoneInfoNotFoundError, ValueError):
        parser.error(f"--zone {options.zone!r} is not a zone of the system's zone database")

    passed, failed = 0, 0
    per_client = {name: [0, 0, 0.0] for name in clients}  # checked, failed, seconds

    def fail(message):
        print(message, flush=True)

    available = []
    for name in clients:
        reason = why_missing(name)
        if reason:
            fail(f"{name}: {reason}")
            per_client[name][1] += 1
            failed += 1
        else:
            available.append(name)
    versions = [f"vobject {getattr(vobject, 'VERSION', '?')}" if name == "vobject" else version_of(name)
                for name in available]
    print(f"reading with {', '.join(versions) or 'no client'}; times compared in {options.zone}", flush=True)

    feeds, missing = feeds_to_check(options.paths, options.sample)
    for message in missing:
        fail(message)
        failed += 1

    with tempfile.TemporaryDirectory(prefix="check_clients.") as scratch:
        for number, (path, with_khal) in enumerate(feeds):
            names = [name for name in available if name != "khal" or with_khal]
            try:
                feed = read_feed(path)
            except (OSError, ValueError) as error:
                fail(f"{path}: cannot be read: {error}")
                failed += len(names)
                for name in names:
                    per_client[name][0] += 1
                    per_client[name][1] += 1
                continue
            for name in names:
                workdir = Path(scratch) / f"{number}-{name}"
                workdir.mkdir()
                context = {"workdir": workdir, "zone": zone, "zone_name": options.zone, "timeout": options.timeout}
                began = time.perf_counter()
                problems = CHECKS[name](feed, context)
                per_client[name][2] += time.perf_counter() - began
                per_client[name][0] += 1
                shutil.rmtree(workdir, ignore_errors=True)
                if problems:
                    per_client[name][1] += 1
                    failed += 1
                    for problem in problems[:options.max_lines]:
                        fail(f"{path}: {name}: {problem}")
                    if len(problems) > options.max_lines:
                        fail(f"{path}: {name}: ... and {len(problems) - options.max_lines} more")
                else:
                    passed += 1
                    if options.verbose:
                        print(f"{path}: {name}: ok ({len(feed.events)} events)", flush=True)

    for name in clients:
        checked, bad, seconds = per_client[name]
        note = f" (first {options.sample} per folder)" if name == "khal" and options.sample else ""
        print(f"{name}: {checked} feeds checked{note}, {bad} failed, {seconds:.1f} s")
    print(f"clients: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
