"""Output keys: the fast path for plain values feeds the hash exactly what the general one did."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from satudesa.build import manifest as mf


def reference(h, value, depth: int = 0) -> None:
    """The digest stream as Fingerprint fed it before the fast path (plain data only)."""
    if depth > 40:
        h.update(b"deep")
    elif isinstance(value, str):
        h.update(b"s%d:" % len(value))
        h.update(value.encode("utf-8", "surrogatepass"))
    elif value is None or isinstance(value, bool | int | float):
        h.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, bytes):
        h.update(b"b%d:" % len(value) + value)
    elif isinstance(value, dt.date | dt.time):
        h.update(f"t:{value.isoformat()};".encode())
    elif isinstance(value, Path):
        h.update(f"p:{value};".encode())
    elif isinstance(value, list | tuple) and len(value) < mf.BIG:
        h.update(b"l%d[" % len(value))
        for item in value:
            reference(h, item, depth + 1)
        h.update(b"]")
    elif isinstance(value, dict) and len(value) < mf.BIG:
        h.update(b"d%d{" % len(value))
        for key in sorted(value, key=repr):
            reference(h, key, depth + 1)
            reference(h, value[key], depth + 1)
        h.update(b"}")
    else:
        raise AssertionError(f"not plain: {value!r}")


def digest(value) -> str:
    h = mf.new_hash()
    reference(h, value)
    return h.hexdigest()


scalars = st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.none(),
                    st.floats(allow_nan=False), st.binary(max_size=10), st.dates(),
                    st.text(max_size=5).map(Markup), st.text(max_size=5).map(Path))
plain = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=6), st.lists(inner, max_size=6).map(tuple),
    st.dictionaries(st.text(max_size=5), inner, max_size=5)), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(plain)
def test_plain_values_digest_as_before(value) -> None:
    assert mf.Fingerprint().of(value) == digest(value)


def test_deep_nesting_digests_as_before() -> None:
    value: object = "daun"
    for depth in range(45):
        value = [value, "s", depth] if depth % 2 else (value, None, True)
    assert mf.Fingerprint().of(value) == digest(value)
