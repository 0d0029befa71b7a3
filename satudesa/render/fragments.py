"""Parts of the shared layout rendered once per village and link class, then reused.

The header, menu and footer of a village are the same on every page except for
two things: relative link prefixes (``../../berita/``), which depend on where the
page sits, and ``aria-current``, which depends on whether the page *is* a menu
target or lies *under* one. A layout block wrapped in ``{% call memo('nav') %}``
is rendered for the first page of each *link class* and reused, as the same
bytes, for every other page of that class.

The link class of a page is exact, not a heuristic. ``relative(here, t)`` depends
only on the depth of ``here`` and on the longest common folder prefix of ``here``
and ``t``; that prefix is a folder prefix of ``t``. So two pages at the same depth
whose longest folder prefix found among the targets' folder prefixes is the same
get identical links to every target. The menu's own targets are folders, so
``here.startswith(target)`` (a page under a menu entry) is decided by the same
prefix, and ``here == target`` by keeping ``here`` itself in the key when it is a
target. Targets are the village's menu and notices plus every ``url()`` a memoised
fragment called (recorded while rendering it); a target seen for the first time
refines the classes and empties the memo.

What a memoised fragment may read: the village-wide context (``MEMO_READS``), and
the page only through ``url()`` and comparisons of ``here`` with targets
(``regency_logo`` is ``url()`` of a target named beforehand). A page
whose route context or top-level ``{% set %}`` shadows one of those names renders
its fragments itself. The memo lives in one :class:`~satudesa.render.renderer.Scope`
(one village of one loaded site), so nothing leaks between villages or builds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

import jinja2
from markupsafe import Markup

from satudesa.links import relative

# The names a memoised fragment may read; a page that sets one of them itself
# renders its fragments afresh.
MEMO_READS = frozenset({"site", "vs", "village", "menu", "darurat", "here", "url", "image",
                        "regency_logo", "fragments"})


class Links:
    """``url()`` of one page: relative to ``here``, or absolute under ``root``."""

    __slots__ = ("here", "root", "seen", "known")

    def __init__(self, here: str, root: str | None = None) -> None:
        self.here = here
        self.root = root  # 404 pages are served at any depth: links from the root
        self.seen: set[str] | None = None  # the targets asked for while recording
        self.known: tuple[int, tuple[Any, ...]] | None = None  # (memo generation, class)

    def __call__(self, target: str) -> str:
        """The link from this page to the village URL ``target``."""
        if self.seen is not None:
            self.seen.add(target)
        if self.root is not None:
            return self.root + target
        return relative(self.here, target)


def _folders(target: str) -> list[tuple[str, ...]]:
    """Every folder prefix of ``target``: 'a/b/c.html' → (), ('a',), ('a', 'b')."""
    parts = target.partition("#")[0].split("/")[:-1]
    return [tuple(parts[:n]) for n in range(len(parts) + 1)]


class FragmentMemo:
    """The fragments of one scope, by (name, template code, link class)."""

    def __init__(self, targets: Iterable[str], prefixes: Iterable[str]) -> None:
        self.targets: set[str] = set()
        self.folders: set[tuple[str, ...]] = set()
        # ``here.startswith(p)`` is a folder test only when p is a folder URL.
        self.usable = all(p == "" or p.endswith("/") for p in prefixes)
        for target in [*targets, *prefixes]:
            self._learn(target)
        self.done: dict[tuple[Any, ...], Markup] = {}
        self.generation = 0  # counts the times new targets refined the classes
        self._lock = threading.RLock()

    def _learn(self, target: str) -> bool:
        """Add a target; True if it was new."""
        if target in self.targets:
            return False
        self.targets.add(target)
        self.folders.update(_folders(target))
        return True

    def link_class(self, links: Links) -> tuple[Any, ...]:
        """Pages with the same class get the same links and ``aria-current`` everywhere."""
        if links.known is not None and links.known[0] == self.generation:
            return links.known[1]
        links.known = (self.generation, self._classify(links))
        return links.known[1]

    def _classify(self, links: Links) -> tuple[Any, ...]:
        """The link class of a page, worked out."""
        here = links.here
        exact = here if here in self.targets else None
        if links.root is not None:
            return ("/", links.root, exact)
        folder = here.split("/")[:-1]
        depth = 0
        while depth < len(folder) and tuple(folder[:depth + 1]) in self.folders:
            depth += 1
        return (len(folder), tuple(folder[:depth]), exact)

    def fragment(self, name: str, code: object, links: Links,
                 render: Callable[[], str]) -> Markup:
        """The fragment ``name`` for this page's link class, rendered if not yet known."""
        with self._lock:  # the preview serves pages from several threads
            key = (name, code, *self.link_class(links))
            done = self.done.get(key)
            if done is None:
                outer, links.seen = links.seen, set()  # a fragment may hold another one
                try:
                    done = Markup(render())
                finally:
                    seen, links.seen = links.seen, outer
                if outer is not None:
                    outer.update(seen)
                if [target for target in seen if self._learn(target)]:
                    self.generation += 1
                    self.done.clear()  # finer classes: what was kept may be too coarse
                self.done[(name, code, *self.link_class(links))] = done
            return done


@jinja2.pass_context
def memo_global(context: jinja2.runtime.Context, name: str, caller: Callable[[], str]) -> str:
    """Jinja ``{% call memo('nav') %}…{% endcall %}``: the body once per link class."""
    fragments = context.get("fragments")
    links = context.get("url")
    if (not isinstance(fragments, FragmentMemo) or not fragments.usable
            or not isinstance(links, Links) or not MEMO_READS.isdisjoint(context.vars)):
        return caller()
    # The body's compiled code tells two templates' fragments of one name apart, and
    # changes when the preview recompiles an edited template.
    code = getattr(getattr(caller, "_func", None), "__code__", None)
    return fragments.fragment(name, code, links, caller)
