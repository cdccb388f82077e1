#!/usr/bin/env python3
"""`ateliers serve` under abuse, over real HTTP on 127.0.0.1.

Starts the real binary on a generated programme (--port 0) and checks that:
- slow clients (connections sending a request one byte a second) do not hold it: other requests are answered
  at once while they dribble;
- 10,000 idle connections held open at once do not stop it answering;
- request smuggling attempts (Content-Length with Transfer-Encoding, two different Content-Lengths, a bad
  chunk size) are refused with 400 and the connection closed, never read as two requests;
- an oversized header is refused (431 or 400), and the server still answers afterwards;
- path traversal in feed, page and token URLs, plain and percent-encoded, is a 404 or 400 that reveals no file;
- tokens guessed at a high rate get 429 with Retry-After, and the real agenda is refused too while the limit
  holds, so a guesser cannot tell a hit from a miss.

    check_abuse.py path/to/ateliers
"""

import os
import re
import resource
import secrets
import shutil
import socket
import sys
import tempfile
import threading
import time

from generated_server import check, finish, generate, start, stop

IDLE_CONNECTIONS = 10_000


def exchange(port, raw, timeout=5.0):
    """Sends raw bytes on a new connection, reads until the server closes it or `timeout` passes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(raw)
        chunks = []
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                chunk = connection.recv(65536)
                if not chunk:
                    return b"".join(chunks), True
                chunks.append(chunk)
        except socket.timeout:
            pass
        except ConnectionResetError:
            return b"".join(chunks), True
        return b"".join(chunks), False


def statuses(response):
    return [int(code) for code in re.findall(rb"HTTP/1\.1 (\d{3}) ", response)]


def get(port, path, headers=""):
    response, _ = exchange(port, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n".encode())
    found = statuses(response)
    return (found[0] if found else None), response


def timed_get(port, path):
    started = time.monotonic()
    status, _ = get(port, path)
    return status, time.monotonic() - started


def check_slow_clients(port):
    stop = threading.Event()

    def dribble():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
                for byte in b"GET /feeds/all.ics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100:
                    if stop.is_set():
                        return
                    connection.send(bytes([byte]))
                    time.sleep(1)
        except OSError:
            return  # the server closed it: also fine

    threads = [threading.Thread(target=dribble, daemon=True) for _ in range(50)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    worst = 0.0
    for _ in range(20):
        status, seconds = timed_get(port, "/feeds/all.ics")
        check(status == 200, f"slow clients: GET /feeds/all.ics answered {status}")
        worst = max(worst, seconds)
    stop.set()
    check(worst < 1.0, f"slow clients: a request took {worst:.2f} s while 50 clients dribbled")
    print(f"abuse: 50 clients sending a byte a second; 20 GETs meanwhile, the slowest {worst * 1000:.0f} ms")


def check_idle_connections(port):
    idle = []
    try:
        for _ in range(IDLE_CONNECTIONS):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        status, seconds = timed_get(port, "/feeds/all.ics")
        check(status == 200, f"{IDLE_CONNECTIONS} idle connections: GET answered {status}")
        check(seconds < 2.0, f"{IDLE_CONNECTIONS} idle connections: GET took {seconds:.2f} s")
        print(f"abuse: {len(idle)} idle connections open; a GET meanwhile took {seconds * 1000:.0f} ms")
    except OSError as error:
        check(False, f"idle connections: could only open {len(idle)}: {error}")
    finally:
        for connection in idle:
            connection.close()


def check_smuggling(port):
    attempts = {
        "Content-Length and Transfer-Encoding": (
            b"POST /agendas HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
        "two different Content-Lengths": (
            b"POST /agendas HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nContent-Length: 44\r\n\r\n"
            b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
        "a chunk size that is not hex": (
            b"POST /agendas HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"zz\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
        "Transfer-Encoding that is not chunked": (
            b"POST /agendas HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip, identity\r\n\r\n"
            b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
    }
    for name, raw in attempts.items():
        response, closed = exchange(port, raw)
        found = statuses(response)
        check(found[:1] in ([400], [501]), f"smuggling ({name}): statuses {found}")
        check(len(found) == 1, f"smuggling ({name}): the smuggled request was answered too: {found}")
        check(closed, f"smuggling ({name}): the connection was left open")
        print(f"abuse: smuggling, {name}: {found[0] if found else None}, connection closed: {closed}")


def check_oversized_headers(port):
    status, _ = get(port, "/feeds/all.ics", headers=f"X-Big: {'a' * 200_000}\r\n")
    check(status in (400, 431), f"a 200 KB header: {status}")
    many = "".join(f"X-{index}: a\r\n" for index in range(20_000))
    status_many, _ = get(port, "/feeds/all.ics", headers=many)
    check(status_many in (400, 431), f"20,000 headers: {status_many}")
    status_after, _ = get(port, "/feeds/all.ics")
    check(status_after == 200, f"after oversized headers: {status_after}")
    print(f"abuse: a 200 KB header: {status}; 20,000 headers: {status_many}; the next GET: {status_after}")


def check_traversal(port):
    paths = [
        "/feeds/../../etc/passwd", "/feeds/..%2f..%2fetc%2fpasswd", "/feeds/%2e%2e/%2e%2e/etc/passwd",
        "/feeds/%252e%252e/%252e%252e/etc/passwd", "/feeds/room/..%5c..%5cetc%5cpasswd", "/feeds/all.ics%00.html",
        "/feeds//etc/passwd", "/feeds/.ateliers/state.sqlite", "/feeds/%2eateliers/lock",
        "/agendas/../../etc/passwd", "/agendas/..%2f..%2fetc%2fpasswd.ics", "/programme/../../etc/passwd",
        "/programme/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
        "/feeds/\u00e9/../../etc/passwd".encode("utf-8").decode("latin-1"),
    ]
    answers = []
    for path in paths:
        status, response = get(port, path)
        answers.append(status)
        check(status in (400, 404), f"traversal {path!r}: {status}")
        check(b"root:" not in response and b"SQLite format" not in response, f"traversal {path!r}: a file leaked")
    print(f"abuse: {len(paths)} traversal paths answered {sorted(set(answers))}, no file revealed")


def check_token_guessing(port, base):
    response, _ = exchange(
        port,
        f"POST /agendas HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {base}\r\nContent-Length: 0\r\n"
        "Connection: close\r\n\r\n".encode())
    match = re.search(rb"\r\n[Ll]ocation: /agendas/([A-Za-z0-9_-]{22})\r\n", response)
    check(match is not None, f"token guessing: could not create an agenda: {response[:200]!r}")
    if not match:
        return
    token = match.group(1).decode()
    seen = []
    for _ in range(200):
        guess = secrets.token_urlsafe(16)  # 22 characters: the shape of a real token
        status, body = get(port, f"/agendas/{guess}.ics")
        seen.append(status)
        check(token.encode() not in body, "token guessing: a response holds the real token")
    first_refusal = seen.index(429) if 429 in seen else None
    check(first_refusal is not None, f"token guessing: 200 guesses, no 429 ({sorted(set(seen))})")
    check(set(seen) <= {404, 429}, f"token guessing: answers {sorted(set(seen))}")
    check(all(status == 429 for status in seen[first_refusal or 0:]), "token guessing: a 404 after the first 429")
    real, response = get(port, f"/agendas/{token}.ics")
    check(real == 429, f"token guessing: the real agenda answered {real} while the limit holds")
    check(re.search(rb"\r\n[Rr]etry-[Aa]fter: \d+\r\n", response) is not None, "token guessing: no Retry-After")
    print(f"abuse: 200 guessed tokens: {seen.count(404)} 404 then {seen.count(429)} 429 (from guess "
          f"{first_refusal + 1 if first_refusal is not None else '-'}); the real agenda meanwhile: {real}")


def main():
    binary = os.path.abspath(sys.argv[1])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = IDLE_CONNECTIONS + 1_000
    try:  # root may raise the hard limit too
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), max(hard, wanted)))
    except (ValueError, OSError):
        check(hard >= wanted, f"the descriptor limit is {hard}: {IDLE_CONNECTIONS} idle connections cannot be opened")
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, wanted), hard), hard))
    work = tempfile.mkdtemp(prefix="ateliers-abuse-")
    server = None
    try:
        generate(binary, work)
        # The server inherits the raised descriptor limit.
        server, base, port = start(binary, work)
        check(get(port, "/feeds/all.ics")[0] == 200, "GET /feeds/all.ics before the abuse")
        check_smuggling(port)
        check_oversized_headers(port)
        check_traversal(port)
        check_token_guessing(port, base)
        check_slow_clients(port)
        check_idle_connections(port)
        check(get(port, "/feeds/all.ics")[0] == 200, "GET /feeds/all.ics after the abuse")
        check(server.poll() is None, "the server stopped")
    finally:
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
    finish("abuse", "the server held")


if __name__ == "__main__":
    main()
