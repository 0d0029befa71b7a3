"""Checking officer-written mappings against a table of known keys.

A schema maps each key to a converter that returns the typed value or raises
:class:`Invalid` with an Indonesian message and hint. Unknown keys are warnings
that suggest the nearest known key.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from satudesa.dates import MONTHS, parse_date, parse_datetime
from satudesa.errors import Report
from satudesa.inputs.yamlsafe import Lines

Converter = Callable[[Any], Any]


class Invalid(ValueError):
    """A value that does not fit its key."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Field:
    """One known key: how to convert it, whether it must be present, and its documentation.

    ``doc`` (what the key is for) and ``example`` (a value as written in YAML)
    are Indonesian, for officers: the key tables in the guides and
    ``flask check --keys`` are generated from them (see :mod:`satudesa.load.keydocs`).
    """

    convert: Converter
    required: bool = False
    doc: str = ""
    example: str = ""


Schema = Mapping[str, Field]


def check_mapping(data: Any, schema: Schema, shown: str, lines: Lines, report: Report,
                  prefix: tuple[Any, ...] = (), where: str = "") -> dict[str, Any] | None:
    """Convert every known key; record problems; return None when any error was found."""
    base_line = lines.get(prefix, 1) if prefix else 1
    if not isinstance(data, dict):
        report.error(shown, f"{where or 'isi berkas'} harus berupa pasangan kunci: nilai",
                     "tulis setiap isian sebagai 'kunci: nilai'", line=base_line)
        return None
    ok = True
    values: dict[str, Any] = {}
    for key, raw in data.items():
        line = lines.get((*prefix, key), base_line)
        name = str(key)
        spec = schema.get(name)
        if spec is None:
            report.warning(shown, f"kunci tidak dikenal '{name}'", _suggest(name, schema),
                           line=line)
            continue
        if raw is None:
            if spec.required:
                report.error(shown, f"'{name}' kosong", "isi nilainya", line=line)
                ok = False
            continue
        try:
            if isinstance(spec.convert, Nested):
                nested = spec.convert.check(raw, name, shown, lines, (*prefix, key), report)
                if nested is None:
                    ok = False
                    continue
                values[name] = nested
            else:
                values[name] = spec.convert(raw)
        except Invalid as exc:
            report.error(shown, f"'{name}': {exc.message}", exc.hint, line=line)
            ok = False
    for name, spec in schema.items():
        if spec.required and name not in data:
            report.error(shown, f"kunci wajib '{name}' tidak ada",
                         f"tambahkan baris '{name}: ...'", line=base_line)
            ok = False
    return values if ok else None


def _suggest(name: str, schema: Schema) -> str:
    close = difflib.get_close_matches(name, list(schema), n=1, cutoff=0.6)
    if close:
        return f"maksud Anda '{close[0]}'?"
    return "hapus kunci ini atau periksa ejaannya"


# -- converters ---------------------------------------------------------------


def text(value: Any) -> str:
    """A short single-line text; numbers are accepted and turned into text."""
    if isinstance(value, bool) or isinstance(value, (dict, list)):
        raise Invalid(f"harus berupa teks, bukan {_kind(value)}", "tulis sebagai teks biasa")
    result = str(value).strip()
    if not result:
        raise Invalid("tidak boleh kosong", "isi nilainya")
    return result


def one_line(limit: int) -> Converter:
    """A text of at most ``limit`` characters on one line (a sentence under a heading)."""
    def convert(value: Any) -> str:
        result = " ".join(text(value).split())
        if len(result) > limit:
            raise Invalid(f"terlalu panjang ({len(result)} huruf, paling banyak {limit})",
                          "tulis satu kalimat pendek saja")
        return result
    return convert


def text_list(value: Any) -> list[str]:
    """A list of texts; a single text becomes a one-item list."""
    if isinstance(value, str):
        return [text(value)]
    if not isinstance(value, list):
        raise Invalid(f"harus berupa daftar, bukan {_kind(value)}",
                      "tulis setiap butir pada baris sendiri diawali '- '")
    return [text(item) for item in value]


# Officers write Indonesian: 'ya'/'tidak' mean what YAML's own yes/no mean.
YES_NO = {"ya": True, "tidak": False}


def boolean(value: Any) -> bool:
    """true/false (YAML's yes/no too), or the Indonesian 'ya'/'tidak'."""
    if isinstance(value, str) and value.strip().lower() in YES_NO:
        return YES_NO[value.strip().lower()]
    if not isinstance(value, bool):
        raise Invalid(f"harus true atau false, bukan '{show(value)}'",
                      "tulis true/false atau ya/tidak")
    return value


def integer(value: Any) -> int:
    """A whole number; '25.000' and 'Rp25.000' are accepted as 25000."""
    if isinstance(value, bool):
        raise Invalid("harus berupa angka", "tulis angka tanpa tanda kutip")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        digits = re.sub(r"^\s*(Rp\.?)?\s*", "", value, flags=re.I).replace(".", "")
        if re.fullmatch(r"\d+", digits.strip()):
            return int(digits)
    raise Invalid(f"harus berupa angka bulat, bukan '{show(value)}'",
                  "tulis angkanya saja, misalnya 25000")


def non_negative(value: Any) -> int:
    """A whole number that is zero or more."""
    number = integer(value)
    if number < 0:
        raise Invalid(f"tidak boleh negatif ({number})", "tulis angka 0 atau lebih")
    return number


def date(value: Any) -> dt.date:
    """A calendar date: ISO (2025-03-03) or Indonesian (3 Maret 2025)."""
    try:
        return parse_date(value)
    except (ValueError, OverflowError):
        raise _bad_date(value, "tanggal tidak dikenali",
                        "tulis seperti 2025-03-03 atau 3 Maret 2025") from None


def datetime(value: Any) -> dt.datetime:
    """A date with an optional time; a bare date means midnight."""
    try:
        return parse_datetime(value)
    except (ValueError, OverflowError):
        raise _bad_date(value, "waktu tidak dikenali",
                        "tulis seperti 2025-03-03 09:00 atau 2025-03-03T09:00:00+07:00") from None


_MONTH_WORD = re.compile(r"\d{1,2}\s+([A-Za-z]+)\.?\s+\d{4}")
_DAY_MONTH = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})")


def _bad_date(value: Any, message: str, hint: str) -> Invalid:
    """Explain why a date was not understood: English month, two-digit year, no such day."""
    if isinstance(value, (dict, list, bool, float)):
        return Invalid(f"harus berupa tanggal, bukan {_kind(value)}", hint)
    text_value = str(value).strip()
    word = _MONTH_WORD.fullmatch(text_value)
    if word and word.group(1).lower() not in MONTHS:
        return Invalid(f"nama bulan '{show(word.group(1))}' tidak dikenal",
                       "tulis nama bulan dalam bahasa Indonesia, misalnya 3 Maret 2025")
    numbers = _DAY_MONTH.fullmatch(text_value)
    if numbers and len(numbers.group(1)) <= 2 and len(numbers.group(3)) == 2:
        return Invalid(f"tahun pada '{show(value)}' hanya dua angka",
                       "tulis tahun lengkap, misalnya 03/03/2025 atau 2025-03-03")
    if word or numbers:
        return Invalid(f"tanggal '{show(value)}' tidak ada di kalender",
                       "periksa hari dan bulannya")
    return Invalid(f"{message}: '{show(value)}'", hint)


def one_of(*choices: str) -> Converter:
    """A text that must be one of ``choices``."""

    def convert(value: Any) -> str:
        result = text(value).lower()
        if result not in choices:
            raise Invalid(f"'{show(value)}' bukan pilihan yang dikenal",
                          "pilih salah satu: " + ", ".join(choices))
        return result

    return convert


def hex_color(value: Any) -> str:
    """An accent colour ``#rrggbb``."""
    result = text(value).lower()
    if not re.fullmatch(r"#[0-9a-f]{6}", result):
        raise Invalid(f"warna harus berbentuk #rrggbb, bukan '{show(value)}'",
                      "contoh: #1d5e3a")
    return result


def url(value: Any) -> str:
    """An absolute http(s) URL."""
    result = text(value)
    if not re.fullmatch(r"https?://[^\s<>\"']+", result):
        raise Invalid(f"alamat web harus diawali https://, bukan '{show(value)}'",
                      "salin alamat lengkapnya dari peramban")
    return result


def email(value: Any) -> str:
    """An e-mail address."""
    result = text(value)
    if not re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}", result, re.I):
        raise Invalid(f"alamat surel tidak valid: '{show(value)}'", "contoh: pemdes@desa.id")
    return result


def whatsapp(value: Any) -> str:
    """An Indonesian mobile number, normalised to 628…; 08… and +62 8… are accepted."""
    digits = re.sub(r"[\s\-().]", "", str(value))
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("08"):
        digits = "62" + digits[1:]
    if not re.fullmatch(r"628\d{7,11}", digits):
        raise Invalid(f"nomor WhatsApp tidak valid: '{show(value)}'",
                      "tulis nomor ponsel seperti 081234567890")
    return digits


def coordinates(value: Any) -> tuple[float, float]:
    """``[lat, lon]`` inside plausible bounds for Indonesia."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    try:
        lat, lon = (float(v) for v in value)
    except (TypeError, ValueError):
        raise Invalid(f"koordinat harus [lintang, bujur], bukan '{show(value)}'",
                      "contoh: [-6.53, 107.45]") from None
    if not (-12 <= lat <= 7 and 94 <= lon <= 142):
        raise Invalid(f"koordinat di luar Indonesia: {lat}, {lon}",
                      "periksa urutan lintang lalu bujur")
    return (lat, lon)


class Nested:
    """A converter for a nested mapping (``kontak:``) checked against its own small schema.

    :func:`check_mapping` checks it key by key, so a problem inside names its own
    line and an unknown key is a warning, as at the top level.
    """

    def __init__(self, schema: Schema) -> None:
        self.schema = schema

    def __call__(self, value: Any) -> dict[str, Any]:
        """Convert without a report: the first problem raises :class:`Invalid`."""
        result: dict[str, Any] = {}
        for key, raw in self._items(value):
            spec = self.schema.get(str(key))
            if spec is None:
                raise Invalid(f"kunci tidak dikenal '{show(key)}'",
                              _suggest(str(key), self.schema))
            if raw is not None:
                result[str(key)] = spec.convert(raw)
        return result

    def check(self, value: Any, name: str, shown: str, lines: Lines, at: tuple[Any, ...],
              report: Report) -> dict[str, Any] | None:
        """Convert every key, recording problems at their own lines; None after an error."""
        items = self._items(value)
        result: dict[str, Any] = {}
        ok = True
        for key, raw in items:
            line = lines.get((*at, key)) or lines.get(at)
            spec = self.schema.get(str(key))
            if spec is None:
                report.warning(shown, f"'{name}': kunci tidak dikenal '{show(key)}'",
                               _suggest(str(key), self.schema), line=line)
                continue
            if raw is None:
                continue
            try:
                result[str(key)] = spec.convert(raw)
            except Invalid as exc:
                report.error(shown, f"'{name}': {exc.message}", exc.hint, line=line)
                ok = False
        return result if ok else None

    @staticmethod
    def _items(value: Any) -> list[tuple[Any, Any]]:
        if not isinstance(value, dict):
            raise Invalid(f"harus berupa pasangan kunci: nilai, bukan {_kind(value)}",
                          "tulis setiap isian di baris sendiri, menjorok ke dalam")
        return list(value.items())


def mapping(schema: Schema) -> Converter:
    """A nested mapping checked against its own small schema (see :class:`Nested`)."""
    return Nested(schema)


def show(value: Any, limit: int = 60) -> str:
    """A value as quoted in a message: short, and never the text of a whole list."""
    if isinstance(value, (dict, list, tuple, set)):
        return _kind(value)
    result = value if isinstance(value, str) else repr(value) if isinstance(value, bytes) \
        else str(value)
    return result if len(result) <= limit else result[:limit] + "…"


def slug_name(value: Any) -> str:
    """A theme or folder name: a-z, 0-9 and '-' only, so it cannot name a path."""
    result = text(value)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", result):
        raise Invalid(f"nama '{show(value)}' tidak sah",
                      "gunakan huruf kecil a-z, angka dan tanda '-', contoh: default")
    return result


def hostname(value: Any) -> str:
    """A bare domain name such as ``sukamaju.desa.id`` (no scheme, no path)."""
    result = text(value).lower()
    if not re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}", result):
        raise Invalid(f"nama domain tidak valid: '{show(value)}'",
                      "tulis domainnya saja, tanpa https:// dan garis miring, "
                      "contoh: sukamaju.desa.id")
    return result


def phone(value: Any) -> str:
    """A telephone number as written: digits, spaces, '+', '-', '.', '(' and ')'."""
    result = text(value)
    if not re.fullmatch(r"\+?[0-9 ().-]{5,25}", result) or sum(c.isdigit() for c in result) < 5:
        raise Invalid(f"nomor telepon tidak valid: '{show(value)}'",
                      "tulis angka saja, misalnya (0264) 123456")
    return result


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "pasangan kunci: nilai"
    if isinstance(value, list):
        return "daftar"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "angka"
    return "teks"
