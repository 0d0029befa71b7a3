"""Agenda: upcoming and past lists, and an .ics file per event that parses with icalendar."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from types_site import FILES, check_output, page_text


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return dict(FILES)


def test_upcoming_and_past_are_separate_lists(client) -> None:
    html = page_text(client, "/contoh/agenda/")
    upcoming = html[html.index('id="h-datang"'):html.index('id="h-lewat"')]
    past = html[html.index('id="h-lewat"'):]
    assert "Musyawarah Desa RKP 2027" in upcoming and "Kerja Bakti Agustusan" not in upcoming
    assert "Kerja Bakti Agustusan" in past
    assert "Agenda Draf" not in html
    assert ('<time datetime="2026-12-03T09:00:00+07:00">Kamis, 3 Desember 2026, 09.00 WIB'
            '</time> – 12.00 WIB · Balai Desa Contoh, Jl. Raya Contoh No. 1') in html


def test_event_page_links_its_calendar_file(client) -> None:
    html = page_text(client, "/contoh/agenda/musdes/")
    assert '<a class="button" href="acara.ics" download>Simpan ke kalender (.ics)</a>' in html
    assert "<dt>Tempat</dt>\n<dd>Balai Desa Contoh, Jl. Raya Contoh No. 1</dd>" in html
    past = page_text(client, "/contoh/agenda/kerja-bakti/")
    assert '<p class="notice">Acara ini sudah berlangsung.</p>' in past


def test_ics_parses_with_icalendar(client) -> None:
    response = client.get("/contoh/agenda/musdes/acara.ics")
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    wib = dt.timezone(dt.timedelta(hours=7))
    assert event.decoded("dtstart") == dt.datetime(2026, 12, 3, 9, 0, tzinfo=wib)
    assert event.decoded("dtend") == dt.datetime(2026, 12, 3, 12, 0, tzinfo=wib)
    assert str(event["summary"]) == "Musyawarah Desa RKP 2027"
    assert str(event["location"]) == "Balai Desa Contoh, Jl. Raya Contoh No. 1"
    assert str(event["description"]) == ("Musyawarah penyusunan RKP Desa, terbuka untuk warga; "
                                         "hadirilah bersama-sama.")
    assert str(event["uid"]) == "contoh-musdes@contoh.desa.id"
    assert str(event["url"]) == "https://contoh.desa.id/agenda/musdes/"


def test_ics_uses_crlf_and_folds_long_lines(client) -> None:
    data = client.get("/contoh/agenda/musdes/acara.ics").data
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert b"\r\n h bersama-sama." in data  # the description was folded


def test_all_day_event(client) -> None:
    calendar = icalendar.Calendar.from_ical(client.get("/contoh/agenda/kerja-bakti/acara.ics").data)
    event = next(iter(calendar.walk("VEVENT")))
    assert event.decoded("dtstart") == dt.date(2026, 8, 10)
    assert event.decoded("dtend") == dt.date(2026, 8, 11)


def test_drafts_have_no_page_and_no_calendar(client) -> None:
    page_text(client, "/contoh/agenda/draf/", status=404)
    page_text(client, "/contoh/agenda/draf/acara.ics", status=404)


def test_home_shows_upcoming_events_only(client) -> None:
    html = page_text(client, "/contoh/")
    assert "Musyawarah Desa RKP 2027" in html and "Kerja Bakti Agustusan" not in html


def test_validation(runner, site_tree) -> None:
    folder = site_tree / "content/contoh/agenda"
    (folder / "tanpa-mulai.md").write_text("---\ntitle: Tanpa Mulai\n---\n", encoding="utf-8")
    (folder / "terbalik.md").write_text(
        "---\ntitle: Terbalik\nmulai: 2026-12-05 10:00\nselesai: 2026-12-05 08:00\n---\n",
        encoding="utf-8")
    (folder / "salah.md").write_text("---\ntitle: Salah\nmulai: besok pagi\n---\n",
                                     encoding="utf-8")
    lines = check_output(runner)
    assert ("content/contoh/agenda/tanpa-mulai.md:1: galat: kunci wajib 'mulai' tidak ada "
            "(tambahkan baris 'mulai: ...')") in lines
    assert ("content/contoh/agenda/terbalik.md:4: galat: 'selesai' lebih awal daripada "
            "'mulai' (periksa kedua waktu)") in lines
    assert ("content/contoh/agenda/salah.md:3: galat: 'mulai': waktu tidak dikenali: "
            "'besok pagi' (tulis seperti 2025-03-03 09:00 atau 2025-03-03T09:00:00+07:00)"
            ) in lines


TIMUR = {
    "villages/timur.yml": ('name: "Desa Pesisir"\nkode_wilayah: "64.09.01.2027"\n'
                           'kecamatan: "Kecamatan Penajam"\n'
                           'kabupaten: "Kabupaten Penajam Paser Utara"\n'
                           'domain: "pesisir.desa.id"\n'),
    "content/timur/agenda/bersih-pantai.md": (
        "---\ntitle: Bersih Pantai\nmulai: 2026-12-13 07:00\nselesai: 2026-12-13 11:00\n"
        "lokasi: Pantai Dusun I\n---\nBawa sarung tangan.\n"),
    "content/timur/berita/kabar.md": "---\ntitle: Kabar\ndate: 2026-11-25 12:30\n---\nIsi.\n",
}


@pytest.mark.parametrize("site_files", [{**FILES, **TIMUR}])
def test_times_without_a_zone_are_local_to_the_village(client) -> None:
    """An officer in Kalimantan Timur writes '07:00' and means 07.00 WITA: the page says
    so and the .ics puts the event at 23.00 UTC the day before, not an hour late."""
    html = page_text(client, "/timur/agenda/bersih-pantai/")
    assert ('<time datetime="2026-12-13T07:00:00+08:00">Minggu, 13 Desember 2026, '
            '07.00 WITA</time>') in html
    ics = client.get("/timur/agenda/bersih-pantai/acara.ics").data
    calendar = icalendar.Calendar.from_ical(ics)
    event = next(iter(calendar.walk("VEVENT")))
    assert event.decoded("dtstart") == dt.datetime(2026, 12, 12, 23, 0, tzinfo=dt.UTC)
    assert event.decoded("dtend") == dt.datetime(2026, 12, 13, 3, 0, tzinfo=dt.UTC)
    # 12.30 WITA is 11.30 WIB: already published at the tests' 12.00 WIB
    assert "Kabar" in page_text(client, "/timur/berita/")
    # A Javanese village keeps WIB.
    assert "09.00 WIB" in page_text(client, "/contoh/agenda/musdes/")


@pytest.mark.parametrize(("kode", "zone"), [("32.14.05.2001", "WIB"), ("62.11.05.2021", "WIB"),
                                            ("51.71.01.1001", "WITA"), ("64.09.01.2027", "WITA"),
                                            ("73.71.01.1001", "WITA"), ("81.71.01.1001", "WIT"),
                                            ("94.01.01.2001", "WIT")])
def test_zone_of_province(kode: str, zone: str) -> None:
    from satudesa.dates import zone_of

    assert zone_of(kode).tzname(None) == zone
