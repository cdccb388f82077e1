"""What the server checks on a generated programme share: their failures, the programme, the real server.

Used by check_crash_saves.py and check_abuse.py (Tests/interop is their folder, so a plain import finds it).
"""

import os
import re
import subprocess
import sys

EPOCH = "1693526400"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


def environment():
    return dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)


def generate(binary, work):
    """A 40-session, 4-room, one-day programme in `work`/programme.yaml (its deliberate clashes need --force)."""
    subprocess.run(
        [binary, "generate", "--sessions", "40", "--rooms", "4", "--days", "1", "--attendees", "0", "--seed", "3",
         "--out", "."], cwd=work, env=environment(), check=True, stdout=subprocess.DEVNULL)


def start(binary, work):
    """`ateliers serve` on it, on 127.0.0.1 and a free port, its log appended to `work`/server.log.

    Returns the process, the base URL and the port."""
    log = open(os.path.join(work, "server.log"), "a")
    server = subprocess.Popen(
        [binary, "serve", "programme.yaml", "--force", "--host", "127.0.0.1", "--port", "0", "--state", "serve.sqlite"],
        cwd=work, env=environment(), stdout=subprocess.PIPE, stderr=log, text=True)
    banner = server.stdout.readline()
    match = re.search(r"at (http://127\.0\.0\.1:(\d+))/feeds/", banner)
    if not match:
        server.kill()
        raise SystemExit(f"no URL in the first line the server printed: {banner!r}")
    return server, match.group(1), int(match.group(2))


def stop(server):
    if server is not None and server.poll() is None:
        server.terminate()
        server.wait()


def finish(name, summary):
    """Exits 1 after the failures, or prints the summary."""
    if failures:
        print(f"{name}: {len(failures)} failures", file=sys.stderr)
        sys.exit(1)
    print(f"{name}: {summary}")
