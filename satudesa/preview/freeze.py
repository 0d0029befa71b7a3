"""Writing ``build/``: freeze with Frozen-Flask into a staging folder, then swap it in.

The reference engine (``flask build --engine frozen``); the fast engine in
:mod:`satudesa.build.engine` must write the same bytes. Each village is frozen
on its own, so one that fails to render keeps its last published version;
villages not rebuilt this time are carried over by hard links (never written
through, so the published copy cannot change under a reader).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer

from satudesa.build.keep import keep_last_good
from satudesa.build.postbuild import finish_portal, finish_village
from satudesa.build.publish import link_tree, swap_in
from satudesa.build.result import BuildResult, broken_villages, report_crash, report_unknown
from satudesa.load.loader import load_site
from satudesa.load.model import Site
from satudesa.preview.holder import SiteHolder
from satudesa.render.renderer import Renderer, Scope


def scope_urls(scope: Scope, prefix: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Every URL of a scope as (endpoint, values) for Frozen-Flask's generator."""
    for url in scope.table:
        yield "site.page", {"path": prefix + url}


def freeze_scope(app: Flask, dest: Path, urls: Iterable[tuple[str, dict[str, str]]]) -> int:
    """Freeze ``urls`` of ``app`` into ``dest`` with Frozen-Flask; returns the file count."""
    app.config.update(FREEZER_DESTINATION=str(dest), FREEZER_REMOVE_EXTRA_FILES=False)
    freezer = Freezer(app, with_static_files=False, with_no_argument_rules=False,
                      log_url_for=False)
    url_list = list(urls)
    freezer.register_generator(lambda: iter(url_list))
    return sum(1 for _ in freezer.freeze_yield())


def build_site(app: Flask, site_dir: Path, out: Path, villages: Iterable[str] = (),
               debug: bool = False) -> BuildResult:
    """Load, check and freeze the portal and villages into ``out`` atomically."""
    start = time.perf_counter()
    only = list(villages)
    site = load_site(site_dir, only=only or None)
    result = BuildResult(report=site.report)
    renderer = Renderer(site)
    holder: SiteHolder = app.extensions["satudesa"]
    holder.set(renderer)
    out = out.resolve()
    staging = out.with_name(f".{out.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        # A village whose content folder was refused keeps its last good version.
        unreadable = sorted(slug for slug, vs in site.villages.items() if vs.failed)
        rebuilding = set(site.villages) - set(unreadable)
        _carry_over(site, out, staging, rebuilding=rebuilding, partial=bool(only))
        report_unknown(result.report, only, site)
        result.failed.extend(sorted(broken_villages(site)) + unreadable)
        for slug in sorted(rebuilding):
            pages = _freeze_village(app, renderer, slug, out, staging, result, debug)
            result.pages += pages
        result.pages += freeze_scope(app, staging, scope_urls(renderer.portal_scope(), ""))
        if not os.environ.get("SATUDESA_BENCH_NO_POSTBUILD"):  # bench only, see engine.py
            finish_portal(site, staging)
        swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.seconds = time.perf_counter() - start
    return result


def _carry_over(site: Site, out: Path, staging: Path, rebuilding: set[str],
                partial: bool) -> None:
    """Bring over what this build does not rewrite: other villages' published folders."""
    if not out.is_dir():
        return
    keep = set(site.registry) - rebuilding
    if not partial:
        # A full build drops villages that left the registry, but keeps the last good
        # version of one whose registry entry is broken this time.
        keep = (keep | broken_villages(site)) - set(site.unpublished)
    for slug in sorted(keep):
        if (out / slug).is_dir():
            link_tree(out / slug, staging / slug)


def _freeze_village(app: Flask, renderer: Renderer, slug: str, out: Path, staging: Path,
                    result: BuildResult, debug: bool) -> int:
    scope = renderer.village_scope(slug)
    try:
        count = freeze_scope(app, staging, scope_urls(scope, f"{slug}/"))
    except Exception as exc:  # noqa: BLE001 - any failure costs this village only
        if debug:
            raise
        report_crash(result.report, slug, exc)
        result.failed.append(slug)
        shutil.rmtree(staging / slug, ignore_errors=True)
        if (out / slug).is_dir():
            link_tree(out / slug, staging / slug)
        return 0
    kept = keep_last_good(result.report, slug, out / slug, staging / slug)
    result.kept.extend(f"{slug}/{url}" for url in kept)
    if not os.environ.get("SATUDESA_BENCH_NO_POSTBUILD"):
        finish_village(renderer.site, renderer.site.villages[slug], staging / slug,
                       previous=out / slug)
    result.built.append(slug)
    return count
