#!/usr/bin/env python3
"""No acknowledged agenda save is lost when the server is killed.

In a temporary folder, generates a 40-session programme and starts the real binary on 127.0.0.1 (--port 0), creates
agendas, and has four clients save them in a stream (each client owns two agendas and saves them one after the
other, a different set of sessions each time). At a random moment the server gets SIGKILL; it is started again
on the same files, and every agenda must hold the picks of its last save answered 200, or of the one save that
was in flight when the server died (it may have committed without its answer arriving). Five rounds.

    check_crash_saves.py path/to/ateliers
"""

import os
import random
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

from generated_server import check, finish, generate, start, stop

ROUNDS = 5
CLIENTS = 4
AGENDAS_PER_CLIENT = 2


def request(url, data=None, origin=None):
    headers = {"Origin": origin} if origin else {}
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def picks_of_feed(base, token):
    status, _, body = request(f"{base}/agendas/{token}.ics")
    check(status == 200, f"GET /agendas/<token>.ics after the restart: {status}")
    unfolded = body.decode().replace("\r\n ", "")
    return frozenset(re.findall(r"\r\nUID:([^@\r]+)@", unfolded))


def main():
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="ateliers-crash-saves-")
    server = None
    chooser = random.Random(29)
    try:
        generate(binary, work)
        server, base, _ = start(binary, work)
        _, _, all_bytes = request(f"{base}/feeds/all.ics")
        sessions = sorted(set(re.findall(r"\r\nUID:([^@\r]+)@", all_bytes.decode().replace("\r\n ", ""))))
        check(len(sessions) == 40, f"only {len(sessions)} sessions in all.ics")
        tokens = []
        for _ in range(CLIENTS * AGENDAS_PER_CLIENT):
            status, headers, _ = request(f"{base}/agendas", data=b"", origin=base)
            location = headers.get("Location", "")
            check(status == 303 and re.fullmatch(r"/agendas/[A-Za-z0-9_-]{22}", location), f"POST /agendas: {status}")
            tokens.append(location.rsplit("/", 1)[1])
        # What each agenda must hold: its last acknowledged picks, or the save in flight when the server died.
        acknowledged = {token: frozenset() for token in tokens}
        in_flight = {token: None for token in tokens}
        saves = [0]
        lock = threading.Lock()

        def client(owned, seed, base, halt):
            pick = random.Random(seed)
            while not halt.is_set():
                for token in owned:
                    chosen = frozenset(pick.sample(sessions, pick.randint(1, len(sessions) - 1)))
                    form = "&".join(f"session={id}" for id in sorted(chosen)).encode()
                    with lock:
                        in_flight[token] = chosen
                    try:
                        status, _, body = request(f"{base}/agendas/{token}", data=form, origin=base)
                    except Exception:  # the server is gone (reset, refused, cut short): this save was in flight
                        return
                    if status == 200 and b"Saved." in body:
                        with lock:
                            acknowledged[token] = chosen
                            in_flight[token] = None
                            saves[0] += 1
                    else:
                        check(False, f"a save was answered {status}")
                        return

        for round in range(ROUNDS):
            halt = threading.Event()
            threads = [
                threading.Thread(
                    target=client,
                    args=(tokens[index * AGENDAS_PER_CLIENT:(index + 1) * AGENDAS_PER_CLIENT], round * 10 + index,
                          base, halt))
                for index in range(CLIENTS)]
            before = saves[0]
            for thread in threads:
                thread.start()
            time.sleep(chooser.uniform(0.5, 1.5))
            server.send_signal(signal.SIGKILL)
            server.wait()
            halt.set()
            for thread in threads:
                thread.join(timeout=30)
            check(saves[0] - before >= 10, f"round {round}: only {saves[0] - before} saves answered before the kill")
            server, base, _ = start(binary, work)
            for token in tokens:
                found = picks_of_feed(base, token)
                allowed = {acknowledged[token]} | ({in_flight[token]} if in_flight[token] is not None else set())
                check(found in allowed, f"round {round}: an agenda holds {sorted(found)}, not its last save")
                # Whatever survived is now the acknowledged state (the save in flight may have committed).
                acknowledged[token] = found
                in_flight[token] = None
            print(f"crash saves: round {round}: {saves[0] - before} saves answered, then SIGKILL; all there after restart")
        with open(os.path.join(work, "server.log")) as log:
            text = log.read()
            check(all(token not in text for token in tokens), "an agenda's token is in the server's log")
    finally:
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
    finish("crash saves", f"{ROUNDS} kills during {saves[0]} acknowledged saves, none lost")


if __name__ == "__main__":
    main()
