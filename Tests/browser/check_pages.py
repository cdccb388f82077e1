#!/usr/bin/env python3
"""The attendees' pages in a real browser: Debian's Chromium, driven by Playwright for Python.

Usage: check_pages.py ATELIERS_BINARY SCREENSHOT_FOLDER

In a temporary copy of seeds/ and examples/event.yaml, starts the real binary on 127.0.0.1 (--port 0), then in
headless Chromium:
- opens the programme page: the event's name, the day's grid with its four sessions, the subscribe links built
  from the server's URL (webcal://, Google's one-click link, the https URL to copy);
- follows a session's link to its page: its title, room and "Add to calendar" link, whose .ics is a calendar of
  that one session;
- saves screenshots of the programme page at desktop (1280 px) and phone (390 px) widths;
- when the server offers the agenda builder (a form posting to /agendas): creates an agenda, ticks two sessions
  that overlap, sees the page flag the clash at once, saves, and finds the clash in the saved page and the
  personal feed's webcal:// and https:// links; screenshots of the agenda page at both widths.
The server is stopped with SIGTERM whatever happens. Prints `browser: N passed, M failed`.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request

from playwright.sync_api import sync_playwright

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHROMIUM = "/usr/bin/chromium"
passed = 0
failures = []


def check(condition, message):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


def start(binary, work):
    shutil.copytree(os.path.join(ROOT, "seeds"), os.path.join(work, "seeds"))
    shutil.copy(os.path.join(ROOT, "examples", "event.yaml"), os.path.join(work, "event.yaml"))
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen(
        [binary, "serve", "seeds/", "event.yaml", "--host", "127.0.0.1", "--port", "0", "--state", "serve.sqlite"],
        cwd=work, stdout=subprocess.PIPE, stderr=log, text=True)
    banner = server.stdout.readline()
    match = re.search(r"at (http://127\.0\.0\.1:\d+)/feeds/", banner)
    if not match:
        server.kill()
        raise SystemExit(f"browser: the server printed no URL: {banner!r}")
    return server, match.group(1)


def programme_and_session_pages(browser, base, shots):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/")
    check(page.locator("h1").inner_text().startswith("Rencontres de l'action internationale"), "the event's name")
    check(page.locator("a.block").count() == 4, "four sessions on the grid")
    webcal = page.locator("a[href^='webcal://']").first.get_attribute("href")
    check(webcal == base.replace("http://", "webcal://") + "/feeds/all.ics", f"webcal link {webcal}")
    google = page.locator("a[href^='https://calendar.google.com/']").first.get_attribute("href")
    check(google is not None and "cid=webcal%3A%2F%2F127.0.0.1" in google, f"Google link {google}")
    check(page.get_by_text(base + "/feeds/all.ics").count() >= 1, "the https URL to copy")
    page.screenshot(path=os.path.join(shots, "programme-desktop.png"), full_page=True)

    page.locator("a.block", has_text="Les collectivités face aux reculs").click()
    check(page.url == base + "/sessions/les-collectivites-face-aux-reculs-et-avancees-des-droits-des",
          f"session URL {page.url}")
    check("Salle L. Armand Ouest" in page.locator("main").inner_text(), "the session's room")
    add = page.get_by_role("link", name="Add to calendar (.ics)")
    check(add.count() == 1, "an Add to calendar link")
    if add.count() == 1:
        url = page.url.rsplit("/", 1)[0] + "/" + add.get_attribute("href")
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read().decode("utf-8")
        check(body.startswith("BEGIN:VCALENDAR\r\n") and body.count("BEGIN:VEVENT") == 1, "a one-event calendar")
        check("SUMMARY:Les collectivités face aux reculs" in body.replace("\r\n ", ""), "the session's event")
    page.close()

    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.goto(base + "/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    check(width <= 390, f"the page does not scroll sideways on a phone (only its grid does): {width}px")
    phone.screenshot(path=os.path.join(shots, "programme-phone.png"), full_page=True)
    phone.close()


def agenda_builder(browser, base, shots):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/")
    builder = page.get_by_role("link", name="Build my agenda")
    check(builder.count() == 1, "the programme page links to the agenda builder")
    if builder.count() == 0:
        page.close()
        return
    builder.click()
    page.locator("form[action$='/agendas'] button").first.click()
    check(re.fullmatch(re.escape(base) + r"/agendas/[A-Za-z0-9_-]{22}", page.url) is not None,
          f"an agenda URL with a 128-bit token: {page.url}")
    boxes = page.locator("input[type=checkbox][name=session]")
    check(boxes.count() == 4, f"a checkbox per scheduled session: {boxes.count()}")
    boxes.nth(0).check()
    boxes.nth(1).check()
    # The page's script marks both picks at once (li.session.clash shows "clashes with another pick"), and every
    # other session of the slot as overlapping a pick.
    flagged = page.locator("li.session.clash").count()
    check(flagged == 4, f"overlapping sessions are flagged as soon as two are ticked: {flagged}")
    check(page.get_by_text("clashes with another pick").first.is_visible(), "the flag's words show")
    page.get_by_role("button", name="Save my agenda").click()
    check(page.get_by_text("Saved.").count() == 1, "the saved page says so")
    clashes = page.locator("#clashes").inner_text()
    check("overlap" in clashes and "No clashes" not in clashes, f"the saved page lists the clash: {clashes!r}")
    token = page.url.rsplit("/", 1)[-1]
    links = [a.get_attribute("href") for a in page.locator("a").all()]
    check(any(h and h.startswith("webcal://") and h.endswith(f"/agendas/{token}.ics") for h in links),
          "the personal feed's webcal:// link")
    check(any(h and h.startswith("http") and h.endswith(f"/agendas/{token}.ics") for h in links)
          or page.get_by_text(f"/agendas/{token}.ics").count() >= 1, "the personal feed's https:// URL")
    page.screenshot(path=os.path.join(shots, "agenda-desktop.png"), full_page=True)
    url = page.url
    page.close()
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.goto(url)
    phone.screenshot(path=os.path.join(shots, "agenda-phone.png"), full_page=True)
    phone.close()


def main():
    binary, shots = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="ateliers-browser-")
    server = None
    try:
        server, base = start(binary, work)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                programme_and_session_pages(browser, base, shots)
                agenda_builder(browser, base, shots)
            finally:
                browser.close()
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)
    print(f"browser: {passed} passed, {len(failures)} failed; screenshots in {shots}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
