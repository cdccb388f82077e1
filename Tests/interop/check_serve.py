#!/usr/bin/env python3
"""Subscribe to `ateliers serve` as a calendar app would, with independent clients, and see an edit arrive.

Usage: check_serve.py ATELIERS_BINARY

In a temporary copy of seeds/ and examples/event.yaml, starts the real binary on 127.0.0.1 with --port 0 (the
kernel picks a free port; the server prints it), then:
- reads every feed of index.json over HTTP with Python's urllib and icalendar: each parses, has the events
  index.json counts, and is byte for byte what `ateliers export` writes for the same input (fresh state each);
- reads the headers with `curl -sI`: Content-Type, a strong ETag, Last-Modified, Cache-Control, Vary; a GET with
  If-None-Match answers 304 with the same ETag, one with If-Modified-Since too; `curl --compressed` gets gzip
  and the same bytes; an unknown path is a plain-text 404;
- creates an agenda with POST /agendas, ticks two sessions with a form post, and fetches its personal feed:
  the VEVENTs of all.ics, read by vobject, khal and calcurse (check_clients.py); the token is not in the log;
- renames the event in event.yaml and waits (at most 15 s) until all.ics carries the new name, with a new ETag;
- breaks event.yaml and waits until /status reports the pending error, while all.ics keeps its bytes;
- stops the server with SIGTERM (always, even when a check fails) and expects a clean exit.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import icalendar

EPOCH = "1693526400"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def curl(*args):
    return subprocess.run(["curl", "-s", "--max-time", "10", *args], capture_output=True, check=True).stdout


def headers_of(raw):
    fields = {}
    for line in raw.decode("latin-1").split("\r\n")[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            fields[name.strip().lower()] = value.strip()
    return fields


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    check(False, f"waited {seconds} s for {what}")
    return False


def vevents(text):
    return ["BEGIN:VEVENT\r\n" + part.split("END:VEVENT\r\n")[0] + "END:VEVENT\r\n"
            for part in text.split("BEGIN:VEVENT\r\n")[1:]]


def check_agenda(base, work):
    created = headers_of(curl("-D", "-", "-o", "/dev/null", "-X", "POST", "-H", f"Origin: {base}", f"{base}/agendas"))
    location = created.get("location", "")
    check(re.fullmatch(r"/agendas/[A-Za-z0-9_-]{22}", location) is not None, f"POST /agendas: Location {location!r}")
    if not location:
        return
    token = location.rsplit("/", 1)[1]
    _, _, all_bytes = get(f"{base}/feeds/all.ics")
    all_events = vevents(all_bytes.decode())
    ids = [re.search(r"\r\nUID:([^@\r]+)@", "\r\n" + event).group(1) for event in all_events[:2]]
    form = "&".join(f"session={id}" for id in ids)
    page = curl("-X", "POST", "-H", f"Origin: {base}", "--data", form, f"{base}{location}").decode()
    check("Saved." in page, "POST /agendas/<token>: the page does not say Saved.")
    check(f"{base}/agendas/{token}.ics" in page, "the agenda page does not show its feed URL")
    status, headers, body = get(f"{base}/agendas/{token}.ics")
    check(status == 200, f"personal feed: status {status}")
    check(vevents(body.decode()) == all_events[:2], "personal feed: its VEVENTs are not those of all.ics")
    folder = os.path.join(work, "agenda")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "personal.ics"), "wb") as file:
        file.write(body)
    clients = subprocess.run(
        [sys.executable, os.path.join(ROOT, "Tests", "interop", "check_clients.py"), folder],
        capture_output=True, text=True)
    print(clients.stdout, end="")
    check(clients.returncode == 0, "personal feed: vobject, khal or calcurse cannot read it")
    with open(os.path.join(work, "server.log")) as log:
        check(token not in log.read(), "the agenda's token is in the server's log")


def main():
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="ateliers-serve-")
    server = None
    try:
        shutil.copytree(os.path.join(ROOT, "seeds"), os.path.join(work, "seeds"))
        event = os.path.join(work, "event.yaml")
        shutil.copy(os.path.join(ROOT, "examples", "event.yaml"), event)
        environment = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
        sources = ["seeds/", "event.yaml"]
        subprocess.run(
            [binary, "export", *sources, "--out", "exported", "--state", "export.sqlite"],
            cwd=work, env=environment, check=True, stdout=subprocess.DEVNULL)

        log = open(os.path.join(work, "server.log"), "w")
        server = subprocess.Popen(
            [binary, "serve", *sources, "--host", "127.0.0.1", "--port", "0", "--state", "serve.sqlite",
             "--reload-interval", "100"],
            cwd=work, env=environment, stdout=subprocess.PIPE, stderr=log, text=True)
        banner = server.stdout.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+)/feeds/", banner)
        if not match:
            check(False, f"no URL in the first line the server printed: {banner!r}")
            return
        base = match.group(1)
        print(f"serving at {base}")

        # Every feed, as a subscriber reads it, is what export wrote.
        status, _, body = get(f"{base}/feeds/index.json")
        check(status == 200, f"index.json: status {status}")
        index = json.loads(body)
        with open(os.path.join(work, "exported", "index.json"), "rb") as file:
            check(body == file.read(), "index.json differs from the exported one")
        feeds = index["feeds"]
        check(len(feeds) > 3, f"index.json lists {len(feeds)} feeds")
        for feed in feeds:
            status, headers, body = get(f"{base}/feeds/{feed['path']}")
            check(status == 200, f"{feed['path']}: status {status}")
            with open(os.path.join(work, "exported", feed["path"]), "rb") as file:
                check(body == file.read(), f"{feed['path']}: served bytes differ from the exported file")
            calendar = icalendar.Calendar.from_ical(body)
            events = [component for component in calendar.walk("VEVENT")]
            check(len(events) == feed["events"], f"{feed['path']}: {len(events)} events, index.json says {feed['events']}")
            for component in events:
                check(component.get("UID") and component.get("DTSTART"), f"{feed['path']}: an event without UID or DTSTART")

        # The agenda builder: an agenda made with POST /agendas, two sessions ticked, its personal feed holds their
        # very VEVENT bytes from all.ics and is read by vobject, khal and calcurse; its token is not in the log.
        check_agenda(base, work)

        # The headers a calendar app revalidates with.
        head = headers_of(curl("-I", f"{base}/feeds/all.ics"))
        check(head.get("content-type") == "text/calendar; charset=utf-8", f"Content-Type: {head.get('content-type')}")
        etag = head.get("etag", "")
        check(re.fullmatch(r'"[0-9a-f]{32}"', etag) is not None, f"ETag: {etag!r}")
        check(head.get("last-modified", "").endswith(" GMT"), f"Last-Modified: {head.get('last-modified')}")
        check(head.get("cache-control") == "public, max-age=3600", f"Cache-Control: {head.get('cache-control')}")
        check(head.get("vary") == "Accept-Encoding", f"Vary: {head.get('vary')}")
        code = curl("-o", "/dev/null", "-w", "%{http_code}", "-H", f"If-None-Match: {etag}", f"{base}/feeds/all.ics")
        check(code == b"304", f"If-None-Match: status {code}")
        again = headers_of(curl("-D", "-", "-o", "/dev/null", "-H", f"If-None-Match: {etag}", f"{base}/feeds/all.ics"))
        check(again.get("etag") == etag, "a 304 must repeat the ETag")
        code = curl("-o", "/dev/null", "-w", "%{http_code}", "-H",
                    f"If-Modified-Since: {head.get('last-modified')}", f"{base}/feeds/all.ics")
        check(code == b"304", f"If-Modified-Since: status {code}")
        plain = curl(f"{base}/feeds/all.ics")
        compressed = headers_of(curl("--compressed", "-D", "-", "-o", os.path.join(work, "gz"), f"{base}/feeds/all.ics"))
        check(compressed.get("content-encoding") == "gzip", f"Content-Encoding: {compressed.get('content-encoding')}")
        with open(os.path.join(work, "gz"), "rb") as file:
            check(file.read() == plain, "gzip-decoded bytes differ from the plain ones")
        status, headers, body = get(f"{base}/feeds/../secret")
        check(status == 404 and body == b"not found\n", f"unknown path: {status} {body!r}")

        # An edit arrives without a restart.
        with open(event, encoding="utf-8") as file:
            text = file.read()
        with open(event, "w", encoding="utf-8") as file:
            file.write(text.replace("  name: Rencontres", "  name: Nouvelles Rencontres", 1))

        def renamed():
            _, headers, body = get(f"{base}/feeds/all.ics")
            name = str(icalendar.Calendar.from_ical(body).get("X-WR-CALNAME"))
            return name.startswith("Nouvelles Rencontres") and headers.get("ETag") != etag

        wait_for(renamed, 15, "the new event name in all.ics")
        _, _, good = get(f"{base}/feeds/all.ics")

        # A broken edit is not served; /status says why.
        with open(event, "w", encoding="utf-8") as file:
            file.write("event: [unclosed\n")

        def pending():
            _, _, body = get(f"{base}/status")
            return json.loads(body)["pending"] is not None

        if wait_for(pending, 15, "/status to report the broken file"):
            _, _, body = get(f"{base}/status")
            report = json.loads(body)
            check("event.yaml" in (report["pending"]["error"] or ""), f"pending: {report['pending']}")
            _, _, served = get(f"{base}/feeds/all.ics")
            check(served == good, "all.ics changed after a broken edit")
        # Startup errors: the port taken (by this very server), and a first version with errors.
        port = base.rsplit(":", 1)[1]
        pristine = ["seeds/", os.path.join(ROOT, "examples", "event.yaml")]  # event.yaml here is broken by now
        taken = subprocess.run([binary, "serve", *pristine, "--port", port, "--state", "other.sqlite"], cwd=work,
                               env=environment, capture_output=True, text=True, timeout=30)
        check(taken.returncode == 2, f"port in use: exit {taken.returncode}")
        check(taken.stderr == f"error: cannot listen on 127.0.0.1:{port}: address already in use\n",
              f"port in use: {taken.stderr!r}")
        clash = os.path.join(work, "clash.yaml")
        with open(clash, "w", encoding="utf-8") as file:
            file.write("event: {name: Clash, timezone: Europe/Paris}\nrooms: [{id: a, name: A}]\nsessions:\n"
                       '  - {id: one, title: One, date: "2023-09-19", start: "09:00", end: "10:00", room: a}\n'
                       '  - {id: two, title: Two, date: "2023-09-19", start: "09:30", end: "10:30", room: a}\n')
        refused = subprocess.run([binary, "serve", "clash.yaml", "--port", "0", "--state", "clash.sqlite"], cwd=work,
                                 env=environment, capture_output=True, text=True, timeout=30)
        check(refused.returncode == 1, f"a first version with errors: exit {refused.returncode}")
        check("error[room-clash]" in refused.stderr and refused.stderr.endswith(
            "not serving: the check found errors (use --force to serve anyway)\n"), f"refused: {refused.stderr!r}")
        # With --attendees, personal feeds live behind secret tokens only: nothing at a guessable
        # /feeds/attendee/<id>.ics, nothing personal in the public index.json.
        personal = subprocess.Popen(
            [binary, "serve", *pristine, "--attendees", os.path.join(ROOT, "examples", "picks.csv"), "--port", "0",
             "--state", "personal.sqlite", "--db", "personal-agendas.sqlite"],
            cwd=work, env=environment, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            found = re.search(r"at (http://127\.0\.0\.1:\d+)/feeds/", personal.stdout.readline())
            check(found is not None, "the server with --attendees printed its URL")
            if found:
                _, _, index = get(f"{found.group(1)}/feeds/index.json")
                check(b"attendee/" not in index, "no personal feed in the public index.json")
                status, _, _ = get(f"{found.group(1)}/feeds/attendee/marie-curie.ics")
                check(status == 404, f"/feeds/attendee/marie-curie.ics answers {status}, not 404")
        finally:
            personal.send_signal(signal.SIGTERM)
            try:
                personal.wait(timeout=10)
            except subprocess.TimeoutExpired:
                personal.kill()
        print(f"checked {len(feeds)} feeds over HTTP, validators, gzip, a reload, a rejected edit, startup errors,"
              " no personal feed in public")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                code = server.wait(timeout=10)
                check(code == 0, f"the server exited with {code} on SIGTERM")
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
                check(False, "the server did not stop within 10 s of SIGTERM")
            if failures:
                with open(os.path.join(work, "server.log"), encoding="utf-8", errors="replace") as file:
                    sys.stderr.write(file.read()[-3000:])
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
