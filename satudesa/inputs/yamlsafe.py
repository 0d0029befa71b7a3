"""Safe YAML for untrusted files: plain data only, bounded size, line numbers.

PyYAML's ``SafeLoader`` (libyaml's C parser when present) already refuses
``!!python/*`` tags. On top of it we refuse every tag that is not plain data,
bound aliases (billion laughs), expanded size and nesting depth, refuse keys
written twice, turn libyaml's messages into Indonesian, and keep the line of
every mapping key so errors can point at it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # the C parser is ~8x faster; same safety as SafeLoader
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is in the PyYAML wheel
    _Base = yaml.SafeLoader

MAX_ALIASES = 100
MAX_DEPTH = 40
MAX_NODES = 100_000  # values after aliases are expanded
# Nesting refused before libyaml sees the text: its composer recurses once per level
# and overflows the C stack (a segfault, exit 139) somewhere above 20,000 levels.
# Far above MAX_DEPTH, so only a hostile file gets here; the rest is measured exactly
# after parsing.
MAX_SCAN_DEPTH = 1000

Lines = dict[tuple[Any, ...], int]


class YamlProblem(Exception):
    """A YAML document that cannot be accepted; ``line`` and ``col`` are 1-based."""

    def __init__(self, message: str, hint: str, line: int | None = None,
                 col: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line
        self.col = col


# Only plain data: everything else (``!!python/...``, ``!!binary``, ``!!set``, custom
# ``!tags``) is refused before construction.
ALLOWED_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge"))
_CORE = "tag:yaml.org,2002:"
_MERGE = f"{_CORE}merge"

# libyaml's messages, in the officers' language: (start of the problem, message, hint)
_SYNTAX = (
    ("mapping values are not allowed", "tanda ':' muncul di tempat yang tidak boleh",
     "beri tanda kutip pada nilai yang memuat ':', misalnya title: \"Rapat: Musdes\""),
    ("could not find expected ':'", "tanda ':' yang diharapkan tidak ditemukan",
     "tulis setiap isian sebagai 'kunci: nilai'"),
    ("found character '\\t'", "karakter tab tidak boleh dipakai di YAML",
     "ganti tab dengan spasi"),
    ("found undefined alias", "alias YAML belum didefinisikan",
     "hapus '*' atau tulis nilainya langsung"),
    ("did not find expected key", "indentasi tidak rata atau tanda kutip tidak ditutup",
     "ratakan spasi di awal baris; periksa juga tanda kutip di baris sebelumnya"),
    ("did not find expected node content", "nilai tidak lengkap",
     "periksa tanda kutip, '[' dan '{' yang belum ditutup"),
    ("found unexpected end of stream", "tanda kutip tidak ditutup",
     "tutup tanda kutip pada baris ini"),
    ("did not find expected ',' or ']'", "daftar '[' tidak ditutup dengan benar",
     "pisahkan butir dengan ',' dan tutup dengan ']'"),
    ("did not find expected ',' or '}'", "isian '{' tidak ditutup dengan benar",
     "pisahkan isian dengan ',' dan tutup dengan '}'"),
    ("expected <block end>", "indentasi tidak rata",
     "ratakan spasi di awal baris dengan isian lain pada tingkat yang sama"),
    ("found character that cannot start any token",
     "karakter ini tidak boleh mengawali nilai (misalnya tab, '@' atau '`')",
     "ganti tab dengan spasi; beri tanda kutip pada nilai yang diawali '@' atau '`'"),
    ("found a tab character", "karakter tab tidak boleh dipakai di YAML",
     "ganti tab dengan spasi"),
)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader whose value constructors report bad values with their position."""


# The base 60 alternative of PyYAML's int and float patterns: '|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+'
_BASE_60 = re.compile(r"\|\s*\[-\+\]\?\[[0-9-]+\]\[0-9_\]\*\(\?::\[0-5\]\?\[0-9\]\)\+"
                      r"(?:\\\.\[0-9_\]\*)?")
# An explicitly tagged base 60 number (``!!int 1:30``) is read up to this length only.
MAX_BASE_60 = 64


def _no_base_60(resolvers: dict[Any, list[tuple[str, Any]]]) -> dict[Any, list[tuple[str, Any]]]:
    """YAML 1.1's implicit resolvers without base 60 numbers (``1:30`` is the text '1:30').

    A base 60 number is built digit group by digit group into an ever larger
    integer: a 1 MB ``59:59:59:…`` took 45 s. No officer means ``waktu: 8:30``
    as the number 510 either.
    """
    fixed: dict[Any, list[tuple[str, Any]]] = {}
    for first, entries in resolvers.items():
        fixed[first] = []
        for tag, regexp in entries:
            if tag in (f"{_CORE}int", f"{_CORE}float"):
                pattern = _BASE_60.sub("", regexp.pattern)
                assert "(?::" not in pattern, "PyYAML changed its patterns"
                regexp = re.compile(pattern, re.X)
            fixed[first].append((tag, regexp))
    return fixed


_Loader.yaml_implicit_resolvers = _no_base_60(_Base.yaml_implicit_resolvers)


class _BadValue(yaml.constructor.ConstructorError):
    """A value that looks like a date or number but is not one; message in Indonesian."""

    def __init__(self, message: str, hint: str, mark: Any) -> None:
        super().__init__(None, None, message, mark)
        self.hint = hint


def _guarded(constructor: Any, message: str, hint: str,
             errors: tuple[type[Exception], ...] = (ValueError, OverflowError)) -> Any:
    def construct(loader: Any, node: yaml.Node) -> Any:
        try:
            return constructor(loader, node)
        except errors:
            raise _BadValue(message.format(_clip(str(node.value))), hint,
                            node.start_mark) from None
    return construct


_Loader.add_constructor(f"{_CORE}timestamp", _guarded(
    yaml.SafeLoader.construct_yaml_timestamp, "tanggal '{}' tidak ada di kalender",
    "periksa hari dan bulannya"))


def _construct_int(loader: Any, node: yaml.Node) -> int:
    """An integer of at most 128 bits; what fails is too large or, tagged, not a number.

    A value YAML reads as an integer can only fail by its size (Python's digit
    limit, our 128 bits). Anything else reaches here only with an explicit tag
    (``jumlah: !!int x``) and is no whole number at all.
    """
    try:
        # ``!!int 1:30``: base 60 costs quadratic time (see _no_base_60), so it is bounded
        value = None if _long_base_60(node) else yaml.SafeLoader.construct_yaml_int(loader, node)
    except (ValueError, IndexError):  # IndexError: ``!!int ''``
        value = None
    if value is not None and value.bit_length() <= 128:  # str() of more would fail later
        return value
    shown = _clip(str(node.value))
    if value is not None or _whole_number(loader, str(node.value)):
        raise _BadValue(f"angka '{shown}' terlalu besar",
                        "periksa angkanya; beri tanda kutip bila ini teks", node.start_mark)
    raise _BadValue(f"'{shown}' bukan bilangan bulat",
                    "tulis angkanya saja tanpa titik, koma atau huruf, misalnya 1500, atau "
                    "hapus tag '!!int'", node.start_mark)


def _long_base_60(node: yaml.Node) -> bool:
    """A base 60 number (tagged: plain ones are text) too long to be read in bounded time."""
    value = str(node.value)
    return ":" in value and len(value) > MAX_BASE_60


def _whole_number(loader: Any, value: str) -> bool:
    """True when a plain ``value`` is read as an integer (``0b_`` matches but has no digits)."""
    return (loader.resolve(yaml.ScalarNode, value, (True, False)) == f"{_CORE}int"
            and value.replace("_", "").lstrip("+-") not in ("0b", "0x"))


_Loader.add_constructor(f"{_CORE}int", _construct_int)
# float() reads any size (1e999 is inf): a float that fails is not a number at all, and
# ``!!float ''`` fails with IndexError.
def _construct_float(loader: Any, node: yaml.Node) -> float:
    """A float; a long ``!!float 1:30.5`` (base 60) is refused, as in ``_construct_int``."""
    if _long_base_60(node):
        raise ValueError(node.value)
    return float(yaml.SafeLoader.construct_yaml_float(loader, node))


_Loader.add_constructor(f"{_CORE}float", _guarded(
    _construct_float, "'{}' bukan angka",
    "tulis angka dengan titik desimal, misalnya 2.5, atau hapus tag '!!float'",
    (ValueError, OverflowError, IndexError)))


def _readable(constructor: Any, readable: Any, message: str, hint: str) -> Any:
    """Refuse, with a message, a scalar PyYAML's constructor would crash on.

    Only an explicit tag gets such a value here (``date: !!timestamp kemarin``,
    ``draft: !!bool mungkin``): plain values are tagged by the same patterns the
    constructors read, and an uncaught AttributeError or KeyError would stop the build.
    """
    def construct(loader: Any, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode) and not readable(loader, node.value):
            raise _BadValue(message.format(_clip(str(node.value))), hint, node.start_mark)
        return constructor(loader, node)
    return construct


_Loader.add_constructor(f"{_CORE}timestamp", _readable(
    _Loader.yaml_constructors[f"{_CORE}timestamp"],
    lambda loader, value: loader.timestamp_regexp.match(value) is not None,
    "'{}' bukan tanggal", "tulis tanggal seperti 2025-03-03, atau hapus tag '!!timestamp'"))
_Loader.add_constructor(f"{_CORE}bool", _readable(
    yaml.SafeLoader.construct_yaml_bool,
    lambda loader, value: value.lower() in loader.bool_values,
    "'{}' bukan true atau false", "tulis true atau false, atau hapus tag '!!bool'"))


def load_yaml(text: str, line_offset: int = 0) -> tuple[Any, Lines]:
    """Parse one YAML document; return the data and a map of key path to line.

    :raise YamlProblem: on syntax errors, refused tags, too many aliases, too deep
        nesting, duplicate keys or values that cannot be read (``2025-02-31``).
    """
    check_nesting(text, line_offset)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        plain = _check_shape(node, line_offset)
        # Lines are read from the document as written: constructing it rewrites the
        # mappings that hold a merge key ('<<'). A key written twice is reported after
        # any value that cannot be read, as it always was.
        lines: Lines = {}
        twice: YamlProblem | None = None
        try:
            _collect_lines(node, (), lines, line_offset)
        except YamlProblem as exc:
            twice = exc
        data = _construct_plain(loader, node) if plain else _NOT_BUILT
        if data is _NOT_BUILT:
            data = loader.construct_document(node)
    except _BadValue as exc:
        line, col = _mark(exc.problem_mark, line_offset)
        raise YamlProblem(str(exc.problem), exc.hint, line, col) from None
    except yaml.constructor.ConstructorError as exc:
        line, col = _mark(exc.problem_mark, line_offset)
        problem = str(exc.problem)
        if "unhashable" in problem:
            raise YamlProblem("kunci harus berupa teks, bukan daftar atau pasangan",
                              "tulis kuncinya sebagai kata biasa", line, col) from None
        if "for merging" in problem:  # '<<: 5' or '<<: [*a, 5]'
            raise YamlProblem("'<<' hanya dapat menyalin pasangan kunci: nilai",
                              "tulis misalnya '<<: *dasar', dengan '&dasar' di depan isian "
                              "yang disalin; beri tanda kutip bila '<<' ini teks biasa",
                              line, col) from None
        raise YamlProblem(f"nilai YAML tidak valid: {problem}",
                          "periksa nilai pada baris ini; beri tanda kutip bila perlu",
                          line, col) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and mark is not None and (
                mark.index >= len(text.rstrip())
                or str(exc.problem).startswith("did not find expected ',' or")):
            mark = exc.context_mark  # point at the '[', '{' or quote that was left open
        line, col = _mark(mark, line_offset)
        message, hint = _translate(str(exc.problem or exc.context))
        raise YamlProblem(message, hint, line, col) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML tidak valid: {exc}", "periksa penulisan berkas") from None
    finally:
        loader.dispose()
    if twice is not None:
        raise twice
    return data, lines


# Where a line's block structure starts: indentation and the '- ', '? ' and ': ' indicators
# that open one more level each ('- - - x' nests three sequences).
_LEAD = re.compile(r"[ \t]*(?:[-?:](?:[ \t]+|$))*")
_LEADS = re.compile(r"(?m)^[ \t\-?:]*")
_BRACKETS = re.compile(r"[\[\]{}]")


def check_nesting(text: str, line_offset: int = 0) -> None:
    """Refuse nesting deeper than ``MAX_SCAN_DEPTH`` before the parser sees ``text``.

    An upper bound, cheap and without parsing: every '[' and '{' counts, even in
    quotes and comments, and every indentation step and block indicator counts
    as a level. Usual files are decided by two C-speed counts.

    :raise YamlProblem: pointing at the line where the limit is passed.
    """
    if text.count("[") + text.count("{") > MAX_SCAN_DEPTH:
        depth = 0
        for match in _BRACKETS.finditer(text):
            depth = depth + 1 if match.group() in "[{" else max(0, depth - 1)
            if depth > MAX_SCAN_DEPTH:
                raise _scan_too_deep(text.count("\n", 0, match.start()) + 1 + line_offset)
    if max(map(len, _LEADS.findall(text)), default=0) <= MAX_SCAN_DEPTH:
        return  # a level takes at least one column
    stack: list[int] = []  # the columns of the open levels
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        lead = _LEAD.match(line)
        assert lead is not None  # it matches the empty string
        indent = len(line) - len(line.lstrip(" \t"))
        while stack and stack[-1] >= indent:
            stack.pop()
        stack.append(indent)
        stack.extend(i for i in range(indent, lead.end()) if line[i] in "-?:")
        if len(stack) > MAX_SCAN_DEPTH:
            raise _scan_too_deep(number + line_offset)


def _scan_too_deep(line: int) -> YamlProblem:
    return YamlProblem(
        f"struktur YAML terlalu dalam (lebih dari {MAX_SCAN_DEPTH} tingkat '[', '{{' atau "
        "indentasi); berkas tidak dibaca",
        "sederhanakan isian; data desa tidak pernah sedalam ini", line)


def _translate(problem: str) -> tuple[str, str]:
    for start, message, hint in _SYNTAX:
        if problem.startswith(start):
            return message, hint
    return (f"YAML tidak valid: {problem}",
            "periksa titik dua, tanda kutip dan indentasi pada baris ini")


def _mark(mark: Any, offset: int) -> tuple[int | None, int | None]:
    if mark is None:
        return None, None
    return mark.line + 1 + offset, mark.column + 1


def _too_deep(node: yaml.Node, offset: int) -> YamlProblem:
    """The error for nesting beyond ``MAX_DEPTH``, pointing at ``node``."""
    return YamlProblem(
        f"struktur YAML terlalu dalam (lebih dari {MAX_DEPTH} tingkat)",
        "sederhanakan isian; data desa tidak pernah sedalam ini",
        _mark_line(node.start_mark, offset),
    )


def _mark_line(mark: Any, offset: int) -> int | None:
    return None if mark is None else mark.line + 1 + offset


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _check_tag(node: yaml.Node, offset: int) -> None:
    if node.tag not in ALLOWED_TAGS:
        tag = node.tag.replace(_CORE, "!!", 1)
        line, col = _mark(node.start_mark, offset)
        raise YamlProblem(f"tag YAML tidak diizinkan: '{_clip(tag, 60)}'",
                          "hapus tag yang diawali '!'; tulis nilainya sebagai teks biasa",
                          line, col)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _plain_tree(root: yaml.Node) -> bool:
    """True when ``_check_shape`` has nothing to refuse, decided cheaply for the usual file.

    That is a tree (no node reached twice, so no alias), every tag plain data, at
    most ``MAX_DEPTH`` levels and ``MAX_NODES`` nodes: then every expanded size and
    depth the full check measures is within its bounds. Anything else (aliases
    included) is left to the full check, which finds the same error it always did.
    """
    seen: set[int] = set()
    level = [root]
    depth = count = 0
    while level:
        depth += 1
        count += len(level)
        if depth > MAX_DEPTH or count > MAX_NODES:
            return False
        below: list[yaml.Node] = []
        for node in level:
            key = id(node)
            if node.tag not in ALLOWED_TAGS or key in seen:
                return False
            seen.add(key)
            if isinstance(node, yaml.MappingNode):
                for pair in node.value:
                    below.extend(pair)
            elif isinstance(node, yaml.SequenceNode):
                below.extend(node.value)
        level = below
    return True


_NOT_BUILT = object()
_SCALAR_TAGS = frozenset(f"{_CORE}{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp"))


def _construct_plain(loader: Any, root: yaml.Node) -> Any:
    """The data of a plain tree (see ``_plain_tree``), built without PyYAML's generic machinery.

    PyYAML's ``construct_document`` defers nested collections through generators
    and bookkeeping meant for aliases, which a tree has none of. Scalars go through
    the loader's own constructors, so every value is the one PyYAML would make.
    Anything unusual (a merge key, a collection as a key, a tag on the wrong kind
    of node, a value a constructor refuses) returns ``_NOT_BUILT``: PyYAML then
    builds the document, or finds and words the first problem, as it always did.
    """
    constructors = loader.yaml_constructors

    def build(node: yaml.Node) -> Any:
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag not in _SCALAR_TAGS:
                raise _NotPlain
            return constructors[tag](loader, node)
        if isinstance(node, yaml.SequenceNode):
            if tag != f"{_CORE}seq":
                raise _NotPlain
            return [build(child) for child in node.value]
        if not isinstance(node, yaml.MappingNode) or tag != f"{_CORE}map":
            raise _NotPlain
        mapping = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag == _MERGE:
                raise _NotPlain
            mapping[build(key)] = build(value)
        return mapping

    try:
        return build(root)
    except Exception:  # noqa: BLE001 - PyYAML's own construction decides what it means
        return _NOT_BUILT


class _NotPlain(Exception):
    """A node ``_construct_plain`` leaves to PyYAML."""


def _check_shape(root: yaml.Node, offset: int) -> bool:
    """Refuse alias bombs, self-references and deep nesting before anything is constructed.

    Sizes and depths are measured as if every alias were expanded, because the
    code after us (messages, templates, JSON) walks the values, not the nodes.
    Returns True when the document is a plain tree (see ``_plain_tree``).
    """
    if _plain_tree(root):  # ~10x cheaper than the walk below, same verdict
        return True
    memo: dict[int, tuple[int, int]] = {}  # node id -> (expanded size, expanded depth)
    open_nodes: set[int] = set()
    refs = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            kids = [memo[id(child)] for child in _children(node)]
            size = 1 + sum(k[0] for k in kids)
            depth = 1 + max((k[1] for k in kids), default=0)
            memo[key] = (size, depth)
            if depth > MAX_DEPTH:
                raise _too_deep(node, offset)
            if size > MAX_NODES:
                raise YamlProblem(
                    f"YAML terlalu besar setelah alias dibuka (lebih dari {MAX_NODES} nilai)",
                    "tulis nilainya langsung, tanpa '&' dan '*'",
                    _mark_line(node.start_mark, offset),
                )
            continue
        if key in memo:
            refs += 1
        elif key in open_nodes:
            raise YamlProblem(
                "alias YAML merujuk ke dirinya sendiri",
                "tulis nilainya langsung, tanpa '&' dan '*'",
                _mark_line(node.start_mark, offset),
            )
        else:
            _check_tag(node, offset)
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
            if len(open_nodes) > MAX_DEPTH:
                raise _too_deep(node, offset)
        if refs > MAX_ALIASES:
            raise YamlProblem(
                f"terlalu banyak alias YAML (lebih dari {MAX_ALIASES})",
                "tulis nilainya langsung, tanpa '&' dan '*'",
                _mark_line(node.start_mark, offset),
            )
    return False


def _collect_lines(node: yaml.Node, path: tuple[Any, ...], lines: Lines, offset: int,
                   depth: int = 0) -> None:
    """Record key lines; a key written twice in one mapping is refused."""
    if depth > 6:  # line numbers below this depth are never reported
        return
    if isinstance(node, yaml.MappingNode):
        _mapping_lines(node, path, lines, offset, depth)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            sub = (*path, index)
            lines.setdefault(sub, child.start_mark.line + 1 + offset)
            _collect_lines(child, sub, lines, offset, depth + 1)


def _mapping_lines(node: yaml.MappingNode, path: tuple[Any, ...], lines: Lines, offset: int,
                   depth: int, merged: bool = False) -> None:
    """Lines of one mapping's keys, then of the mappings it brings in with ``<<: *alias``.

    A key the mapping writes twice is refused. A key merged in (``merged``) is
    recorded only when the mapping does not have it yet: as in YAML 1.1 the key
    written in the mapping wins, then the merged mappings in the order listed
    (earlier ones win, as in PyYAML's data), and a merged key keeps the line
    where its value is written. Anything but mappings after ``<<`` is left to
    PyYAML, which refuses it; ``_check_shape`` has already bounded the aliases
    and the depth.
    """
    inner: list[yaml.Node] = []
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.tag == _MERGE:
            inner.append(value)
            continue
        sub = (*path, key.value)
        if sub in lines:
            if merged:
                continue
            line, col = _mark(key.start_mark, offset)
            raise YamlProblem(
                f"kunci '{_clip(key.value)}' ditulis dua kali "
                f"(pertama di baris {lines[sub]})",
                "hapus salah satu atau gabungkan isinya", line, col)
        lines[sub] = key.start_mark.line + 1 + offset
        _collect_lines(value, sub, lines, offset, depth + 1)
    for value in reversed(inner):  # of two '<<' keys, PyYAML lets the later one win
        for mapping in value.value if isinstance(value, yaml.SequenceNode) else [value]:
            if isinstance(mapping, yaml.MappingNode):
                _mapping_lines(mapping, path, lines, offset, depth, merged=True)
