"""Safe YAML for untrusted files: no tags, bounded aliases and depth, line numbers.

PyYAML's ``SafeLoader`` (libyaml's C parser when present) already refuses
``!!python/*`` tags. On top of it we bound aliases (billion laughs) and nesting
depth, and we keep the line of every mapping key so errors can point at it.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # the C parser is ~8x faster; same safety as SafeLoader
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is in the PyYAML wheel
    _Base = yaml.SafeLoader

MAX_ALIASES = 100
MAX_DEPTH = 40

Lines = dict[tuple[Any, ...], int]


class YamlProblem(Exception):
    """A YAML document that cannot be accepted; ``line`` is 1-based."""

    def __init__(self, message: str, hint: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line


def load_yaml(text: str, line_offset: int = 0) -> tuple[Any, Lines]:
    """Parse one YAML document; return the data and a map of key path to line.

    :raise YamlProblem: on syntax errors, refused tags, too many aliases or too deep nesting.
    """
    loader = _Base(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _check_shape(node, line_offset)
        data = loader.construct_document(node)
    except yaml.constructor.ConstructorError as exc:
        line = _mark_line(exc.problem_mark, line_offset)
        raise YamlProblem(
            f"tag YAML tidak diizinkan: {_tag_of(exc)}",
            "hapus tag yang diawali '!'; tulis nilainya sebagai teks biasa",
            line,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and mark is not None and mark.index >= len(text.rstrip()):
            mark = exc.context_mark  # found only at the end: point at what was left open
        line = _mark_line(mark, line_offset)
        raise YamlProblem(
            f"YAML tidak valid: {exc.problem or exc.context}",
            "periksa titik dua, tanda kutip dan indentasi pada baris ini",
            line,
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML tidak valid: {exc}", "periksa penulisan berkas") from None
    finally:
        loader.dispose()
    lines: Lines = {}
    _collect_lines(node, (), lines, line_offset)
    return data, lines


def _mark_line(mark: Any, offset: int) -> int | None:
    return None if mark is None else mark.line + 1 + offset


def _tag_of(exc: yaml.constructor.ConstructorError) -> str:
    problem = exc.problem or ""
    start = problem.find("'")
    return problem[start:] if start >= 0 else problem


def _check_shape(root: yaml.Node, offset: int) -> None:
    """Refuse alias bombs and deep nesting before anything is constructed."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    refs = 0
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise YamlProblem(
                f"struktur YAML terlalu dalam (lebih dari {MAX_DEPTH} tingkat)",
                "sederhanakan isian; data desa tidak pernah sedalam ini",
                _mark_line(node.start_mark, offset),
            )
        if id(node) in seen:
            refs += 1
            if refs > MAX_ALIASES:
                raise YamlProblem(
                    f"terlalu banyak alias YAML (lebih dari {MAX_ALIASES})",
                    "tulis nilainya langsung, tanpa '&' dan '*'",
                    _mark_line(node.start_mark, offset),
                )
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


def _collect_lines(node: yaml.Node, path: tuple[Any, ...], lines: Lines, offset: int,
                   depth: int = 0) -> None:
    if depth > 6:  # line numbers below this depth are never reported
        return
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                sub = (*path, key.value)
                lines.setdefault(sub, key.start_mark.line + 1 + offset)
                _collect_lines(value, sub, lines, offset, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            sub = (*path, index)
            lines.setdefault(sub, child.start_mark.line + 1 + offset)
            _collect_lines(child, sub, lines, offset, depth + 1)
