"""Keeping the spare tree level with ``build/``, off the next build's critical path.

An incremental build writes into the spare tree (the tree published before the
last exchange) and must first bring every village it carries over up to date
there. After most builds that is a few villages. After a cold build there is no
spare at all (the new tree was renamed into place), and after ``--force`` the
spare is not trusted, so the next build would hard-link every file of every
village first: 75,000 links for 100 villages, seconds on a busy disk, paid by
the officer's first edit.

:func:`~satudesa.build.engine.refresh_spare` does that linking ahead of time;
``flask build`` starts it in a detached process when the build leaves an
untrusted spare (:func:`start_refresh`), and ``--watch`` runs it while waiting
for changes. It holds the build lock, so a build started meanwhile waits for it
instead of racing it, and it changes only the spare and the manifest's record of
it: a refresh killed half-way leaves a spare the manifest does not vouch for,
which the next build rebuilds as before.

    python -m satudesa.build.spare OUT   # what start_refresh runs
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from satudesa.build import manifest as mf
from satudesa.build import publish


def needs_refresh(out: Path) -> bool:
    """Whether the next build would link every village: a published tree with no trusted spare."""
    out = out.resolve()
    manifest = mf.Manifest.load(publish.sibling(out, "manifest.json"), out)
    return manifest.valid and not manifest.trusts_spare(publish.sibling(out, "spare"))


def start_refresh(out: Path) -> int | None:
    """Level the spare in a detached process when it needs it; the process id, or None.

    The process outlives the command (its own session, no terminal, output
    discarded), so ``flask build`` returns as soon as ``build/`` is published.
    """
    if not needs_refresh(out):
        return None
    devnull = os.devnull
    checkout = str(Path(__file__).resolve().parents[2])  # satudesa importable from any folder
    paths = [checkout, *filter(None, [os.environ.get("PYTHONPATH")])]
    return os.posix_spawn(
        sys.executable, [sys.executable, "-m", "satudesa.build.spare", str(out.resolve())],
        {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}, setsid=True,
        file_actions=[(os.POSIX_SPAWN_OPEN, 0, devnull, os.O_RDONLY, 0),
                      (os.POSIX_SPAWN_OPEN, 1, devnull, os.O_WRONLY, 0),
                      (os.POSIX_SPAWN_OPEN, 2, devnull, os.O_WRONLY, 0)])


if __name__ == "__main__":
    from satudesa.build.engine import refresh_spare

    refresh_spare(Path(sys.argv[1]))
