"""The ``deploy:`` section of ``site.yml``: one mapping per target, checked with Indonesian errors.

Secrets never live here: a key that looks like one is an error that names the
environment variable to use instead. The checked value is a plain dict per
target with defaults filled in, so the deploy code never sees raw YAML.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from satudesa.errors import Report
from satudesa.inputs import schema as s
from satudesa.inputs.yamlsafe import Lines

TYPES = ("rsync", "s3", "zip")
NAME = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,38}[a-z0-9])?")
# A remote folder: absolute, plain characters only, no '..' (it is quoted too, but keep it simple).
REMOTE_PATH = re.compile(r"/(?:[A-Za-z0-9._-]+/?)*")
SECRET_WORDS = ("secret", "password", "passwd", "token", "access_key", "private_key", "key_id",
                "credential")


def env_name(target: str, what: str) -> str:
    """``SATUDESA_DEPLOY_<TARGET>_<WHAT>``: where a target's secret or key path comes from."""
    return f"SATUDESA_DEPLOY_{target.upper().replace('-', '_')}_{what}"


def host(value: Any) -> str:
    """A host name or an IP address (no user, no port, no scheme)."""
    result = s.text(value)
    try:
        return str(ipaddress.ip_address(result))
    except ValueError:
        pass
    if re.fullmatch(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*"
                    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", result):
        return result.lower()
    raise s.Invalid(f"nama server tidak valid: '{s.show(value)}'",
                    "tulis nama server atau alamat IP saja, tanpa user@ dan tanpa :port, "
                    "contoh: web1.purwakartakab.go.id")


def user(value: Any) -> str:
    """A login name on the server."""
    result = s.text(value)
    if not re.fullmatch(r"[a-z_][a-z0-9_.-]{0,31}", result):
        raise s.Invalid(f"nama pengguna tidak valid: '{s.show(value)}'",
                        "huruf kecil, angka, '_', '-' dan '.', contoh: deploy")
    return result


def port(value: Any) -> int:
    """A TCP port, 1 to 65535."""
    number = s.integer(value)
    if not 1 <= number <= 65535:
        raise s.Invalid(f"nomor port harus 1 sampai 65535, bukan {number}", "biasanya 22")
    return number


def remote_path(value: Any) -> str:
    """An absolute folder on the server, without '..'."""
    result = s.text(value)
    if not REMOTE_PATH.fullmatch(result) or "/../" in result + "/" or "/./" in result + "/":
        raise s.Invalid(f"folder di server harus berupa jalur mutlak sederhana, bukan "
                        f"'{s.show(value)}'",
                        "diawali '/', hanya huruf, angka, '.', '_', '-', contoh: /srv/satudesa")
    return result.rstrip("/") or "/"


def keep(value: Any) -> int:
    """How many releases to keep: at least 2, so there is one to roll back to."""
    number = s.integer(value)
    if number < 2:
        raise s.Invalid(f"keep minimal 2, bukan {number}",
                        "simpan paling sedikit 2 rilis agar --rollback bisa dipakai")
    return number


def bucket(value: Any) -> str:
    """An S3 bucket name (3-63 lower-case letters, digits, '-' and '.')."""
    result = s.text(value)
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", result):
        raise s.Invalid(f"nama bucket tidak valid: '{s.show(value)}'",
                        "3-63 huruf kecil, angka, '-' atau '.', contoh: situs-desa")
    return result


def prefix(value: Any) -> str:
    """A key prefix inside the bucket: no leading '/', no '..'; ends with '/' when not empty."""
    result = s.text(value).strip("/")
    if not re.fullmatch(r"(?:[A-Za-z0-9._-]+/)*[A-Za-z0-9._-]+", result) or \
            any(part in (".", "..") for part in result.split("/")):
        raise s.Invalid(f"prefix tidak valid: '{s.show(value)}'",
                        "huruf, angka, '.', '_', '-' dipisah '/', contoh: purwakarta/")
    return result + "/"


def local_folder(value: Any) -> str:
    """A folder on this computer (relative to the site folder, or absolute)."""
    result = s.text(value)
    if "\x00" in result:
        raise s.Invalid("nama folder tidak valid", "tulis jalur folder biasa")
    return result


COMMON: s.Schema = {"type": s.Field(s.one_of(*TYPES), required=True)}
SCHEMAS: dict[str, s.Schema] = {
    "rsync": {
        "host": s.Field(host, required=True),
        "user": s.Field(user),
        "port": s.Field(port),
        "path": s.Field(remote_path, required=True),
        "keep": s.Field(keep),
    },
    "s3": {
        "bucket": s.Field(bucket, required=True),
        "prefix": s.Field(prefix),
        "endpoint_url": s.Field(s.url),
        "region": s.Field(s.text),
        "encoding": s.Field(s.one_of("gzip", "identity")),
    },
    "zip": {
        "path": s.Field(local_folder, required=True),
        "precompressed": s.Field(s.boolean),
    },
}
DEFAULTS: dict[str, dict[str, Any]] = {
    "rsync": {"port": 22, "keep": 5, "user": None},
    "s3": {"prefix": "", "endpoint_url": None, "region": None, "encoding": "gzip"},
    "zip": {"precompressed": True},
}


def secret_hint(target: str, kind: str) -> str:
    """Where the secrets of a target of ``kind`` come from, for a message."""
    if kind == "s3":
        return (f"isi variabel lingkungan AWS_ACCESS_KEY_ID dan AWS_SECRET_ACCESS_KEY, atau "
                f"{env_name(target, 'ACCESS_KEY_ID')} dan {env_name(target, 'SECRET_ACCESS_KEY')}")
    if kind == "rsync":
        return f"tulis jalur kunci SSH di variabel lingkungan {env_name(target, 'SSH_KEY')}"
    return "rahasia diambil dari variabel lingkungan"


class DeployTargets(s.Nested):
    """The ``deploy:`` mapping: target name -> its checked settings (see :data:`SCHEMAS`)."""

    def __init__(self) -> None:
        super().__init__({})

    def __call__(self, value: Any) -> dict[str, Any]:
        """Convert without a report: the first problem raises :class:`schema.Invalid`."""
        report = Report()
        result = self.check(value, "deploy", "site.yml", {}, ("deploy",), report)
        if result is None:
            first = report.errors[0]
            raise s.Invalid(first.message, first.hint)
        return result

    def check(self, value: Any, name: str, shown: str, lines: Lines, at: tuple[Any, ...],
              report: Report) -> dict[str, Any] | None:
        """Check every target at its own line; None after any error."""
        items = self._items(value)
        targets: dict[str, Any] = {}
        ok = True
        for key, raw in items:
            where = (*at, key)
            line = lines.get(where) or lines.get(at)
            label = f"deploy.{s.show(key)}"
            if not isinstance(key, str) or not NAME.fullmatch(key):
                report.error(shown, f"nama target '{s.show(key)}' tidak sah",
                             "huruf kecil, angka, '-' dan '_', contoh: produksi", line=line)
                ok = False
                continue
            checked = self._target(raw, key, label, shown, lines, where, report)
            if checked is None:
                ok = False
            else:
                targets[key] = checked
        return targets if ok else None

    @staticmethod
    def _target(raw: Any, key: str, label: str, shown: str, lines: Lines,
                where: tuple[Any, ...], report: Report) -> dict[str, Any] | None:
        line = lines.get(where)
        if not isinstance(raw, dict):
            report.error(shown, f"{label} harus berupa pasangan kunci: nilai",
                         "tulis 'type: rsync', 'type: s3' atau 'type: zip' dan isian "
                         "lainnya di baris berikutnya, menjorok ke dalam", line=line)
            return None
        kind_raw = raw.get("type")
        try:
            kind = s.one_of(*TYPES)(kind_raw) if kind_raw is not None else None
        except s.Invalid as exc:
            report.error(shown, f"{label}.type: {exc.message}", exc.hint,
                         line=lines.get((*where, "type"), line))
            return None
        if kind is None:
            report.error(shown, f"{label}: kunci wajib 'type' tidak ada",
                         "tambahkan 'type: rsync', 'type: s3' atau 'type: zip'", line=line)
            return None
        schema = SCHEMAS[kind]
        result: dict[str, Any] = {"type": kind, **DEFAULTS[kind]}
        ok = True
        for field, value in raw.items():
            field_line = lines.get((*where, field), line)
            name = str(field)
            if name == "type":
                continue
            if any(word in name.lower() for word in SECRET_WORDS):
                report.error(shown, f"{label}: '{name}' tampak seperti rahasia dan tidak "
                             "boleh ditulis di site.yml", secret_hint(key, kind) +
                             ", lalu hapus baris ini", line=field_line)
                ok = False
                continue
            spec = schema.get(name)
            if spec is None:
                report.warning(shown, f"{label}: kunci tidak dikenal '{s.show(field)}' untuk "
                               f"type {kind}", s._suggest(name, schema), line=field_line)
                continue
            if value is None:
                continue
            try:
                result[name] = spec.convert(value)
            except s.Invalid as exc:
                report.error(shown, f"{label}.{name}: {exc.message}", exc.hint,
                             line=field_line)
                ok = False
        for name, spec in schema.items():
            if spec.required and raw.get(name) is None:
                report.error(shown, f"{label}: kunci wajib '{name}' tidak ada",
                             f"tambahkan baris '{name}: ...' di bawah {label}", line=line)
                ok = False
        return result if ok else None


DEPLOY = DeployTargets()
