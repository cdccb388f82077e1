#!/usr/bin/env python3
"""Check frab schedules written by `ateliers export --format frab-json|frab-xml` with independent code.

Usage: check_schedules.py SCHEDULE.json|SCHEDULE.xml...

- schedule.json: validated with the `jsonschema` package (PyPI) against c3voc-schedule.schema.json, this folder's
  restatement of the c3voc schedule schema (https://c3voc.de/schedule/schema.json), formats checked.
- schedule.xml: parsed with Python's ElementTree and checked against the rules of the c3voc XSD
  (voc/schedule validator/xsd/schedule.xml.xsd): <version>, <conference>, one or more <day index start end>, each
  <event guid id> with the required children room, title, subtitle, type, date, start, duration, abstract, slug,
  track; guid, id and slug unique; the XSD's patterns for guid, start, duration, slug and dates.
Prints one line per failure and 'schedules: N passed, N failed'; exits non-zero on any failure.
"""
import json
import re
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema

SCHEMA = Path(__file__).with_name("c3voc-schedule.schema.json")
UUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
START = re.compile(r"([0-2][0-9]:[0-5][0-9])|([0-2][0-9]:[0-5][0-9]:[0-5][0-9])")
DURATION = re.compile(r"([0-9]{1,2}:[0-9]{2})|([0-9]{1,2}:[0-9]{2}:[0-9]{1,2})")
SLUG = re.compile(r"[a-z0-9_]{4,}-[a-z0-9\-_]{4,}")
DATETIME = re.compile(r".+(Z|\+[0-9]{1,2}:[0-9]{2}|-[0-9]{1,2}:[0-9]{2})")
EVENT_CHILDREN = ["room", "title", "subtitle", "type", "date", "start", "duration", "abstract", "slug", "track"]


def check_json(path, failures):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    for error in errors:
        where = "/".join(str(part) for part in error.absolute_path)
        failures.append(f"{path}: {where}: {error.message}")
    events = [
        event
        for day in document["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    ]
    return len(events)


def check_xml(path, failures):
    root = ElementTree.parse(path).getroot()
    def fail(message):
        failures.append(f"{path}: {message}")
    if root.tag != "schedule":
        fail(f"root is <{root.tag}>, expected <schedule>")
    for name in ("version", "conference"):
        if root.find(name) is None:
            fail(f"<{name}> is missing")
    days = root.findall("day")
    if not days:
        fail("no <day>")
    seen = {"guid": set(), "id": set(), "slug": set()}
    count = 0
    for day in days:
        for attribute in ("index", "start", "end"):
            if attribute not in day.attrib:
                fail(f"<day> without {attribute}")
        for attribute in ("start", "end"):
            if not DATETIME.fullmatch(day.get(attribute, "")):
                fail(f"<day {attribute}='{day.get(attribute)}'> is not a date-time with a zone")
        for room in day.findall("room"):
            if "name" not in room.attrib:
                fail("<room> without name")
            for event in room.findall("event"):
                count += 1
                guid, number = event.get("guid", ""), event.get("id", "")
                label = f"event {number or guid}"
                if not UUID.fullmatch(guid):
                    fail(f"{label}: guid '{guid}' is not a UUID")
                if not number.isdigit() or int(number) < 1:
                    fail(f"{label}: id '{number}' is not a positive integer")
                for name in EVENT_CHILDREN:
                    if len(event.findall(name)) != 1:
                        fail(f"{label}: needs exactly one <{name}>")
                text = {child.tag: (child.text or "") for child in event}
                checks = (("start", START), ("duration", DURATION), ("slug", SLUG), ("date", DATETIME))
                for name, pattern in checks:
                    if name in text and not pattern.fullmatch(text[name]):
                        fail(f"{label}: <{name}>{text[name]}</{name}> does not match {pattern.pattern}")
                for key, value in (("guid", guid), ("id", number), ("slug", text.get("slug"))):
                    if value in seen[key]:
                        fail(f"{label}: {key} '{value}' is not unique")
                    seen[key].add(value)
    return count


def main(paths):
    failures, passed = [], 0
    for path in paths:
        before = len(failures)
        try:
            events = check_json(path, failures) if path.endswith(".json") else check_xml(path, failures)
        except (ValueError, ElementTree.ParseError, KeyError) as error:
            failures.append(f"{path}: cannot be read: {error}")
            continue
        if events == 0:
            failures.append(f"{path}: no events")
        if len(failures) == before:
            passed += 1
    for failure in failures:
        print(failure)
    print(f"schedules: {passed} passed, {len(paths) - passed} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
