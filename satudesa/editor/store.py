"""The editor's own data: accounts, village settings, the audit log and stashed forms.

One SQLite file in WAL mode beside the site (``<site>/.editor/editor.db``); a
connection per operation, so the threads of one process never share one.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("operator", "kepala", "admin")
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,63}")
# RFC 9106's second recommended option (64 MiB, 3 passes), 2 lanes for a 2-core server.
HASHER = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=2, hash_len=32, salt_len=16)
# Verified against for unknown names, so a missing account costs the same time as a wrong password.
_DUMMY = HASHER.hash(secrets.token_hex(16))
STASH_SECONDS = 24 * 3600

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('operator', 'kepala', 'admin')),
    village TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    generation INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS villages (
    slug TEXT PRIMARY KEY,
    requires_approval INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    time REAL NOT NULL,
    username TEXT NOT NULL,
    village TEXT,
    action TEXT NOT NULL,
    path TEXT,
    detail TEXT
);
CREATE TABLE IF NOT EXISTS stash (
    token TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    target TEXT NOT NULL,
    form TEXT NOT NULL,
    created REAL NOT NULL
);
"""


@dataclass(frozen=True)
class Account:
    """One officer's account."""

    id: int
    username: str
    role: str
    village: str | None
    disabled: bool
    generation: int

    def can_write(self, slug: str) -> bool:
        """May this account edit the content of ``slug``?"""
        if self.disabled:
            return False
        return self.role == "admin" or (self.village == slug and slug != "_portal")

    def can_publish(self, slug: str, requires_approval: bool) -> bool:
        """May this account publish in ``slug`` (kepala always, operator without approval)?"""
        if not self.can_write(slug):
            return False
        return self.role in ("admin", "kepala") or not requires_approval


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    time: float
    username: str
    village: str | None
    action: str
    path: str | None
    detail: str | None


class AccountError(Exception):
    """An account command that cannot be done; the message is Indonesian."""


class Store:
    """The editor database of one site."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        try:
            db.execute("PRAGMA busy_timeout=30000")
            # WAL with NORMAL: no fsync per transaction, never corrupt; a power cut may
            # lose the last audit lines, while the content itself is fsynced by its writer.
            db.execute("PRAGMA synchronous=NORMAL")
            yield db
        finally:
            db.close()

    # -- accounts -----------------------------------------------------------------

    def add_user(self, username: str, password: str, role: str, village: str | None) -> Account:
        """Create an account; refuses a taken name, a bad role or a missing village."""
        if not USERNAME.fullmatch(username):
            raise AccountError("nama pengguna hanya boleh huruf, angka, '.', '_' dan '-' "
                               "(2 sampai 64 karakter)")
        if role not in ROLES:
            raise AccountError(f"peran '{role}' tidak dikenal (pilih operator, kepala atau admin)")
        if role != "admin" and not village:
            raise AccountError(f"peran {role} memerlukan --village SLUG")
        check_password(password)
        try:
            with self._connect() as db:
                db.execute("INSERT INTO users (username, hash, role, village, created) "
                           "VALUES (?, ?, ?, ?, ?)",
                           (username, HASHER.hash(password), role,
                            None if role == "admin" else village, time.time()))
        except sqlite3.IntegrityError:
            raise AccountError(f"nama pengguna '{username}' sudah dipakai") from None
        account = self.by_name(username)
        assert account is not None
        return account

    def by_name(self, username: str) -> Account | None:
        """The account called ``username`` (any case), or None."""
        with self._connect() as db:
            row = db.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
        return _account(row) if row else None

    def by_id(self, user_id: int) -> Account | None:
        """The account with this id, or None."""
        with self._connect() as db:
            row = db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
        return _account(row) if row else None

    def users(self) -> list[Account]:
        """Every account, by name."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM users ORDER BY username").fetchall()
        return [_account(row) for row in rows]

    def authenticate(self, username: str, password: str) -> Account | None:
        """The account if the password is right and it is enabled; the same cost otherwise."""
        with self._connect() as db:
            row = db.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
        try:
            HASHER.verify(row["hash"] if row else _DUMMY, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None or row["disabled"]:
            return None
        if HASHER.check_needs_rehash(row["hash"]):
            with self._connect() as db:
                db.execute("UPDATE users SET hash = ? WHERE id = ?",
                           (HASHER.hash(password), row["id"]))
        return _account(row)

    def set_password(self, username: str, password: str) -> None:
        """A new password; every open session of the account ends."""
        check_password(password)
        self._update(username, "hash = ?, generation = generation + 1", HASHER.hash(password))

    def set_disabled(self, username: str, disabled: bool = True) -> None:
        """Disable (or enable) an account; its sessions end."""
        self._update(username, "disabled = ?, generation = generation + 1", int(disabled))

    def _update(self, username: str, assignment: str, value: Any) -> None:
        with self._connect() as db:
            changed = db.execute(f"UPDATE users SET {assignment} WHERE username = ?",
                                 (value, username)).rowcount
        if not changed:
            raise AccountError(f"pengguna '{username}' tidak ada")

    # -- villages -----------------------------------------------------------------

    def requires_approval(self, slug: str) -> bool:
        """Must a kepala desa approve before publishing? (Yes unless the admin said no.)"""
        with self._connect() as db:
            row = db.execute("SELECT requires_approval FROM villages WHERE slug = ?",
                             (slug,)).fetchone()
        return True if row is None else bool(row[0])

    def set_requires_approval(self, slug: str, value: bool) -> None:
        """Set whether ``slug`` needs approval."""
        with self._connect() as db:
            db.execute("INSERT INTO villages (slug, requires_approval) VALUES (?, ?) "
                       "ON CONFLICT(slug) DO UPDATE SET requires_approval = excluded."
                       "requires_approval", (slug, int(value)))

    # -- audit --------------------------------------------------------------------

    def audit(self, username: str, village: str | None, action: str, path: str | None = None,
              detail: str | None = None) -> None:
        """Record who did what."""
        with self._connect() as db:
            db.execute("INSERT INTO audit (time, username, village, action, path, detail) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (time.time(), username, village, action, path, detail))

    def audit_log(self, limit: int = 200, village: str | None = None) -> list[AuditEntry]:
        """The newest entries first."""
        query = "SELECT time, username, village, action, path, detail FROM audit"
        args: tuple[Any, ...] = ()
        if village:
            query += " WHERE village = ?"
            args = (village,)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY id DESC LIMIT ?", (*args, limit)).fetchall()
        return [AuditEntry(*row) for row in rows]

    # -- forms kept over an expired session --------------------------------------

    def stash(self, user_id: int, target: str, form: dict[str, str]) -> str:
        """Keep a posted form; returns its token."""
        token = secrets.token_urlsafe(24)
        with self._connect() as db:
            db.execute("DELETE FROM stash WHERE created < ?", (time.time() - STASH_SECONDS,))
            db.execute("INSERT INTO stash VALUES (?, ?, ?, ?, ?)",
                       (token, user_id, target, json.dumps(form), time.time()))
        return token

    def unstash(self, token: str, user_id: int) -> tuple[str, dict[str, str]] | None:
        """Take back a form kept for this account: (target URL, fields), once."""
        with self._connect() as db:
            row = db.execute("SELECT target, form, created FROM stash WHERE token = ? "
                             "AND user_id = ?", (token, user_id)).fetchone()
            if row is None:
                return None
            db.execute("DELETE FROM stash WHERE token = ?", (token,))
        if row["created"] < time.time() - STASH_SECONDS:
            return None
        return row["target"], json.loads(row["form"])


def check_password(password: str) -> None:
    """Refuse a password too short to resist guessing."""
    if len(password) < 10:
        raise AccountError("kata sandi minimal 10 karakter")
    if len(password) > 1024:
        raise AccountError("kata sandi terlalu panjang (maksimal 1024 karakter)")


def _account(row: sqlite3.Row) -> Account:
    return Account(id=row["id"], username=row["username"], role=row["role"],
                   village=row["village"], disabled=bool(row["disabled"]),
                   generation=row["generation"])
