"""iCalendar (RFC 5545) files for agenda events, written by hand.

One VEVENT per file, CRLF line ends, lines folded at 75 octets without
splitting a UTF-8 character. An event whose ``mulai`` is a bare date (midnight)
and has no ``selesai`` time is an all-day event.
"""

from __future__ import annotations

import datetime as dt

from satudesa.load.model import Page

LIMIT = 75


def escape(value: str) -> str:
    """TEXT escaping: backslash, semicolon, comma and newlines."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold one content line into CRLF-separated chunks of at most 75 octets."""
    out: list[str] = []
    chunk, size, limit = "", 0, LIMIT
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            out.append(chunk)
            chunk, size, limit = " ", 1, LIMIT
        chunk += char
        size += width
    out.append(chunk)
    return "\r\n".join(out)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _is_midnight(value: dt.datetime) -> bool:
    return (value.hour, value.minute, value.second) == (0, 0, 0)


def event_ics(page: Page, uid: str, url: str | None, stamp: dt.datetime) -> bytes:
    """The ``.ics`` file of one agenda page; ``uid`` must be globally unique."""
    start: dt.datetime = page.fields["mulai"]
    end: dt.datetime | None = page.fields.get("selesai")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//satudesa//Agenda Desa//ID",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:{uid}", f"DTSTAMP:{_utc(stamp)}",
    ]
    if _is_midnight(start) and (end is None or _is_midnight(end)):
        last = (end or start).date()
        lines += [f"DTSTART;VALUE=DATE:{start.date():%Y%m%d}",
                  f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}"]
    else:
        lines.append(f"DTSTART:{_utc(start)}")
        if end is not None:
            lines.append(f"DTEND:{_utc(end)}")
    lines.append(f"SUMMARY:{escape(page.title)}")
    if page.get("lokasi"):
        lines.append(f"LOCATION:{escape(page.get('lokasi'))}")
    if page.summary:
        lines.append(f"DESCRIPTION:{escape(page.summary)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode()
