"""The fast build: every village's route table rendered straight to files, in parallel.

No Flask test client: a worker loads one village, asks :class:`Renderer` for
the bytes of each :class:`~satudesa.routes.Route` and writes them to
``route.dest``. The Flask view returns exactly these bytes, so the output is
the same as a Frozen-Flask freeze by construction (and a test checks it).

The parent process reads only ``site.yml`` and the registry, decides per
village from the manifest whether anything changed, and sends the changed
villages to the executor. Publishing is atomic (see :mod:`satudesa.publish`):
the build writes into the *spare* tree beside ``build/`` (the previous
published tree, kept after the last exchange), brings it up to date village
by village, then exchanges it with ``build/`` in one system call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import resource
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from satudesa import derived
from satudesa.build import imagecache, portal_search, portal_stamp, publish
from satudesa.build import manifest as mf
from satudesa.build.compress import Precompressor, vacate
from satudesa.build.diskerrors import disk_problem
from satudesa.build.executor import (
    Executor,
    ProcessExecutor,
    WorkerLost,
    choose_executor,
    default_jobs,
)
from satudesa.build.keep import keep_last_good
from satudesa.build.pagefind import MARKER
from satudesa.build.postbuild import finish_portal, finish_village
from satudesa.build.result import BuildResult, broken_villages, report_crash, report_unknown
from satudesa.errors import ERROR, Problem, Report
from satudesa.images import variants as images
from satudesa.inputs import media
from satudesa.inputs.themes import Theme, resolve_theme
from satudesa.links import portable
from satudesa.load.content import load_village
from satudesa.load.loader import load_portal
from satudesa.load.model import Page, Site
from satudesa.load.registry import Village
from satudesa.regency.hub import make_hub, village_news
from satudesa.regency.kelengkapan import engine_rows, village_facts
from satudesa.render.renderer import Renderer, Scope
from satudesa.site.menu import village_context
from satudesa.site.sections import Route

# Bench hook: write the build's figures (peak worker RSS included) as JSON to this file.
STATS_ENV = "SATUDESA_BUILD_STATS"
# Bench only: skip the post-build hooks (search index, compression) to compare with Hugo,
# which does neither. Never set for a real build: its output would lack them.
NO_POSTBUILD_ENV = "SATUDESA_BENCH_NO_POSTBUILD"
# Test hook: pause at a named point (see _pause_for_tests) so a test can kill the build there.
PAUSE_ENV = "SATUDESA_TEST_PAUSE"
# No village may hold the build longer than this (seconds; site.yml ``village_timeout``,
# ``flask build --village-timeout``): its worker is killed and its last good version kept.
VILLAGE_TIMEOUT = 120.0
PAUSE_WRITING_AFTER = 20  # the "writing" point: a village with this many files written


@dataclass
class Job:
    """One village to (re)build; everything a worker needs besides the shared context."""

    slug: str
    theme_key: str  # code + theme + site.yml + date: part of every output key
    shard: str | None  # the shard holding the published folder's output keys; None: render all
    weight: int = 0  # input files, to start the biggest villages first


@dataclass
class Outcome:
    """What a worker did with one village."""

    slug: str
    ok: bool
    written: list[str] = field(default_factory=list)  # outputs rendered this time
    kept: list[str] = field(default_factory=list)  # outputs copied unchanged
    last_good: list[str] = field(default_factory=list)  # failed pages' URLs kept published
    outputs: dict[str, str] = field(default_factory=dict)
    shard: str | None = None  # where ``outputs`` were saved (set by the worker)
    problems: list[Problem] = field(default_factory=list)
    scheduled: str | None = None
    images: list[str] = field(default_factory=list)  # digests of the images it publishes
    facts: dict[str, Any] | None = None  # kelengkapan.village_facts, for the portal page
    news: dict[str, Any] | None = None  # hub.village_news, for the portal's home and feeds
    rss_kb: int = 0


@dataclass
class Context:
    """Shared by every job of a build (sent once to each worker)."""

    site_dir: Path
    settings: dict[str, Any]
    registry: dict[str, Village]
    unpublished: list[str]
    now: dt.datetime
    live: Path
    spare: Path
    shards: Path
    debug: bool = False
    parent: int = field(default_factory=os.getpid)  # the process that planned the build
    portable: bool = field(default_factory=portable)  # flask build --portable


_ENVS: dict[Theme, jinja2.Environment] = {}
_CONTEXT: Context | None = None


class EngineRenderer(Renderer):
    """A renderer whose Jinja environments (compiled templates) outlive one village."""

    def env(self, theme: Theme) -> jinja2.Environment:
        """The process-wide environment of ``theme``."""
        env = _ENVS.get(theme)
        if env is None:
            env = _ENVS[theme] = super().env(theme)
        return env


def init_worker(context: Context) -> None:
    """Remember the build's shared context in this process.

    A worker that was not forked from the planning process (a Dask worker)
    compiles the templates of the themes in use here, once, before its first village.
    """
    global _CONTEXT
    _CONTEXT = context
    derived.use(context.site_dir)  # QR codes and media verdicts kept by content
    if os.getpid() != context.parent and not _ENVS:
        warm_templates(Site(site_dir=context.site_dir, settings=context.settings, villages={},
                            report=Report(), now=context.now, registry=context.registry,
                            unpublished=context.unpublished))


def warm_templates(site: Site) -> None:
    """Compile every template of the themes in use into the process-wide environments."""
    renderer = EngineRenderer(site)
    names = {renderer.theme_name(v) for v in site.registry.values()}
    for name in sorted(names):
        try:
            theme = resolve_theme(name, site.site_dir)
            env = renderer.env(theme)
            for folder in theme.template_dirs:
                for path in sorted(folder.rglob("*.html")):
                    env.get_template(path.relative_to(folder).as_posix())
        except Exception:  # noqa: BLE001 - a broken theme is reported by its villages
            continue


# -- one village, in a worker -------------------------------------------------------


def village_key_base(fp: mf.Fingerprint, site: Site, scope: Scope, theme_key: str) -> str:
    """What every output of a village shows besides its own route: entry, menu, outline."""
    vs = scope.vs
    assert vs is not None
    outline = [(p.kind, p.url, p.title, p.date) for pages in vs.pages.values() for p in pages]
    return fp.of(theme_key, vs.village, site.settings, site.today, scope.css_url,
                 village_context(site, vs), vs.data, vs.intros, outline,
                 images.image_digests(vs.assets))


def output_key(fp: mf.Fingerprint, base: str, route: Route) -> str:
    """The key of one output: its route, the pages it shows and the village-wide part.

    Pages the route shows (``Route.sources``) count with everything they hold;
    pages it only links to (a newer/older post) count by their outline, so a
    neighbour's body edit does not re-render it.
    """
    shown = {id(page) for page in route.sources}
    return fp.of(base, route.url, route.template, route.title, route.absolute_links,
                 route.in_sitemap, str(route.file or ""), route.context, route.sources,
                 shown=shown)


def page_outline(value: Any) -> Any:
    """What a link to a page shows (its title, URL, date, summary, image, tags)."""
    if isinstance(value, Page):
        return ("page", value.kind, value.url, value.title, value.date, value.summary,
                value.image, value.tags)
    return None


class _Writer:
    """Writes outputs under one folder, creating each directory once.

    In a folder that already holds an older version (``fresh`` False) every
    file is replaced by a new one, never written through: it may be a hard
    link shared with the published tree.
    """

    def __init__(self, root: Path, fresh: bool) -> None:
        self.root = root
        self.fresh = fresh
        self._dirs: set[str] = set()

    def path(self, dest: str) -> str:
        folder, _, _name = dest.rpartition("/")
        if folder not in self._dirs:
            os.makedirs(os.path.join(self.root, folder), exist_ok=True)
            self._dirs.add(folder)
        path = os.path.join(self.root, dest)
        vacate(path, self.fresh)
        return path

    def write(self, dest: str, data: bytes) -> None:
        with open(self.path(dest), "xb") as handle:
            handle.write(data)

    def link(self, src: str, dest: str) -> None:
        """Reuse the published file ``src`` unchanged (a hard link; a copy across devices)."""
        if not self.fresh:
            try:
                if os.path.samefile(src, os.path.join(self.root, dest)):
                    return
            except OSError:
                pass
        target = self.path(dest)
        try:
            os.link(src, target)
        except OSError:
            shutil.copy2(src, target)

    def prune(self, keep: set[str]) -> None:
        """Remove files and folders of the older version that are not in ``keep``."""
        if self.fresh:
            return
        root = os.fspath(self.root)
        for folder, _dirs, files in os.walk(root, topdown=False):
            rel = os.path.relpath(folder, root)
            prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
            for name in files:
                if prefix + name not in keep:
                    os.unlink(os.path.join(folder, name))
            if prefix and not os.listdir(folder):
                os.rmdir(folder)


class _Layout(Exception):
    """A file stands where a folder must go (or the reverse): start the village afresh."""


def build_village(job: Job) -> Outcome:
    """Load one village and write its outputs into the spare tree (run in a worker)."""
    ctx = _CONTEXT
    assert ctx is not None, "init_worker() first"
    slug = job.slug
    report = Report()
    site = Site(site_dir=ctx.site_dir, settings=ctx.settings, villages={}, report=report,
                now=ctx.now, registry=ctx.registry, unpublished=ctx.unpublished)
    folder = ctx.spare / slug
    live = ctx.live / slug
    outcome = Outcome(slug, ok=True)
    try:
        vs = load_village(ctx.registry[slug], ctx.site_dir, report, ctx.now)
        if vs.failed:  # content folder refused (already reported): keep the last good one
            return _keep_published(outcome, report, folder, live)
        site.villages[slug] = vs
        outcome.facts = village_facts(vs, site.today.year)
        outcome.news = village_news(vs, site.today)
        renderer = EngineRenderer(site)
        renderer.portable = ctx.portable
        scope = renderer.village_scope(slug)
        fp = mf.Fingerprint(page_outline)
        base = village_key_base(fp, site, scope, job.theme_key)
        _pause_for_tests("village", slug)
        previous = mf.load_shard(ctx.shards, job.shard) or {}
        try:
            pages = _write_village(outcome, previous, renderer, scope, fp, base, folder, live)
        except _Layout:
            publish.remove_tree(folder)
            outcome = Outcome(slug, ok=True)
            pages = _write_village(outcome, previous, renderer, scope, fp, base, folder, live)
        outcome.last_good = keep_last_good(report, slug, live, folder)
        if pages is not None:  # a kept page's copies: the hook walks the folder instead
            finish_village(site, vs, folder, previous=live,
                           pages=None if outcome.last_good else pages)
        outcome.scheduled = vs.scheduled.isoformat() if vs.scheduled else None
        outcome.images = sorted({images.cache_digest(d)
                                 for d in images.image_digests(vs.assets).values()})
        outcome.shard = mf.save_shard(ctx.shards, slug, outcome.outputs)
        outcome.outputs = {}  # saved: no need to send them back
    except Exception as exc:  # noqa: BLE001 - any failure costs this village only
        if ctx.debug:
            raise
        disk = disk_problem(exc, folder)
        if disk is not None:  # the output's disk, not the village: said so, in Indonesian
            report.error(f"content/{slug}", f"desa gagal dibangun: {disk[0]}", disk[1])
        else:
            report_crash(report, slug, exc)
        return _keep_published(Outcome(slug, ok=False), report, folder, live)
    finally:
        if os.getpid() != ctx.parent:
            # A pool worker meets each file once: what it remembered of this village's
            # images would only grow it (~50 KB a village). The planning process keeps
            # its caches: a watcher rebuilds the same villages again and again.
            images.forget()
            media.forget()
    return _finish(outcome, report)


def _write_village(outcome: Outcome, previous: dict[str, str], renderer: Renderer,
                   scope: Scope, fp: mf.Fingerprint, base: str, folder: Path,
                   live: Path) -> dict[str, bytes] | None:
    """Bring ``folder`` (empty, or the village's older version) to this build's outputs.

    ``previous`` holds the output keys of the published folder ``live``: an output
    whose key is unchanged is linked from there instead of rendered. Each text
    output gets its ``.gz`` from the bytes just written (or linked from
    ``live``); returns the pages to index with their bytes (None: no post-build hooks).
    """
    fresh = not folder.is_dir()
    if fresh:
        os.mkdir(folder)
    writer = _Writer(folder, fresh)
    pack = None if os.environ.get(NO_POSTBUILD_ENV) else Precompressor(folder, live, fresh,
                                                                        MARKER)
    for route in scope.table.values():
        dest = route.dest
        key = output_key(fp, base, route)
        data = None
        if route.produce is not None:
            data = route.produce()
            key = mf.combine(key, _digest(data))
        elif route.file is not None:
            key = mf.combine(key, mf.file_digest(route.file) or "missing")
        outcome.outputs[dest] = key
        try:
            if previous.get(dest) == key and os.path.isfile(live / dest):
                writer.link(os.path.join(live, dest), dest)
                outcome.kept.append(dest)
                if pack is not None:
                    pack.linked(dest)
                continue
            data = data if data is not None else renderer.render(scope, route)
            writer.write(dest, data)
            if pack is not None:
                pack.written(dest, data)
        except (IsADirectoryError, NotADirectoryError, FileExistsError) as exc:
            if fresh:
                raise
            raise _Layout(dest) from exc
        outcome.written.append(dest)
        if len(outcome.written) == PAUSE_WRITING_AFTER:
            _pause_for_tests("writing")  # a test kills the worker with the village half-written
    # Older outputs and the search index go (the hook redoes it); this build's copies stay.
    writer.prune(set(outcome.outputs) | (pack.copies if pack is not None else set()))
    return None if pack is None else pack.pages


def _keep_published(outcome: Outcome, report: Report, folder: Path, live: Path) -> Outcome:
    """A failed village: its last good version stays published."""
    outcome.ok = False
    if live.is_dir():
        publish.sync_tree(live, folder)
    else:
        publish.remove_tree(folder)
    return _finish(outcome, report)


def _finish(outcome: Outcome, report: Report) -> Outcome:
    outcome.problems = list(report.problems)
    outcome.rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return outcome


def _digest(data: bytes) -> str:
    h = mf.new_hash()
    h.update(data)
    return h.hexdigest()


def _pause_for_tests(point: str, slug: str = "") -> None:
    """``SATUDESA_TEST_PAUSE=<point>[@<slug>]:<seconds>:<marker file>`` stops here.

    The marker file is created holding this process's id, so a test can kill
    the whole build or just the worker of one village (``village@x``). With
    several villages pausing, the marker shows the last to arrive.
    """
    spec = os.environ.get(PAUSE_ENV, "")
    if spec.startswith((point + ":", f"{point}@{slug}:")):
        _point, seconds, marker = spec.split(":", 2)
        Path(marker).write_text(str(os.getpid()))
        time.sleep(float(seconds))


# -- the whole build, in the parent -----------------------------------------------------


@dataclass
class EngineResult(BuildResult):
    """A build's outcome plus what the fast engine did per file and per worker."""

    written: list[str] = field(default_factory=list)  # paths (relative to out) rendered
    swept: list[str] = field(default_factory=list)  # image cache entries deleted
    peak_rss_kb: int = 0
    jobs: int = 1


Progress = Callable[[Outcome | None, int, int], None]


def build_fast(site_dir: Path, out: Path, villages: Iterable[str] = (), jobs: int | None = None,
               force: bool = False, debug: bool = False, progress: Progress | None = None,
               executor: Executor | None = None, village_timeout: float | None = None,
               portal_index: bool = False) -> EngineResult:
    """Build the portal and every changed village into ``out``, atomically.

    ``village_timeout`` (seconds) bounds each village; None takes site.yml's
    ``village_timeout`` or :data:`VILLAGE_TIMEOUT`.

    With ``portal_index`` (``flask build``), the portal's search index is rebuilt
    after the swap when anything was published. Off by default: a caller that
    publishes an edit and waits for it (the editor, ``--watch``) must not wait
    for Pagefind over every village; it asks :class:`portal_search.Debounced`.
    """
    start = time.perf_counter()
    site_dir = site_dir.resolve()
    out = out.resolve()
    jobs = jobs or default_jobs()
    with publish.locked(out):
        publish.recover(out)
        before = publish.identity(out / "index.html")
        build = _Build(site_dir, out, list(villages), force, debug)
        build.timeout = village_timeout or float(
            build.site.settings.get("village_timeout") or VILLAGE_TIMEOUT)
        result = build.run(jobs, progress, executor)
        result.seconds = time.perf_counter() - start  # published: the index comes after
        stale = publish.identity(out / "index.html") != before or not (out / "pagefind").is_dir()
    if portal_index and stale and not os.environ.get(NO_POSTBUILD_ENV) and \
            portal_search.enabled():
        # Outside the lock: another build may publish meanwhile (the exchange takes it).
        # Not when every page reads to Pagefind as when the published index was made.
        key = portal_stamp.search_key(out, build.site.registry)
        if not portal_stamp.unchanged(out, key):
            result.portal_pages, result.portal_seconds = portal_search.after_publish(
                out, result.report)
            portal_stamp.remember(out, key if result.portal_pages else None)
    stats = os.environ.get(STATS_ENV)
    if stats:
        Path(stats).write_text(json.dumps({
            "seconds": result.seconds, "pages": result.pages, "built": len(result.built),
            "skipped": len(result.skipped), "failed": len(result.failed),
            "peak_rss_kb": result.peak_rss_kb, "jobs": result.jobs}))
    return result


class _Build:
    """One run of the fast engine (parent side)."""

    def __init__(self, site_dir: Path, out: Path, only: list[str], force: bool,
                 debug: bool) -> None:
        self.site_dir, self.out, self.only, self.force, self.debug = (
            site_dir, out, only, force, debug)
        self.started_ns = time.time_ns() - imagecache.CLOCK_SLACK_NS
        self.spare = publish.sibling(out, "spare")
        self.manifest_path = publish.sibling(out, "manifest.json")
        self.shards = mf.shard_folder(self.manifest_path)
        report = Report()
        self.site = load_portal(site_dir, report)
        self.old = mf.Manifest.load(self.manifest_path, out) if not force else \
            mf.Manifest(files=mf.Manifest.load(self.manifest_path, out).files)
        self.index = mf.FileIndex(self.old.files)
        self.result = EngineResult(report=report)
        self._theme_keys: dict[str, str] = {}
        self.keys: dict[str, dict[str, Any]] = {}
        self.timeout: float = VILLAGE_TIMEOUT
        # Warnings about this run rather than the content (a worker lost, then the village
        # rebuilt): reported, but not counted on the kelengkapan page, whose counts must
        # not depend on how a build went (the next build would not have them).
        self.events: list[Problem] = []

    # -- keys ----------------------------------------------------------------------

    def theme_key(self, village: Village | None) -> str:
        """Code, theme files, site.yml and the build date: shared by a theme's villages."""
        name = Renderer(self.site).theme_name(village)
        key = self._theme_keys.get(name)
        if key is None:
            folders = resolve_theme(name, self.site_dir).folders
            key = mf.combine(self._code_key, mf.folders_key(self.index, folders),
                             self.index.digest(self.site_dir / "site.yml"), self.site.today,
                             portable())  # a --portable build writes other links
            self._theme_keys[name] = key
        return key

    def village_key(self, village: Village, old: dict[str, Any] | None
                    ) -> tuple[str, dict[str, Any], int]:
        """The village key, what it was made of (for the manifest) and the input file count.

        The content folder's files are read only when its stat signature differs
        from the one recorded with ``old`` (or was racy then).
        """
        folder = self.site_dir / "content" / village.slug
        sig, paths = mf.content_signature(folder, self.index.now_ns)
        if old is not None and sig is not None and old.get("sig") == sig and old.get("content"):
            content = str(old["content"])
        else:
            content = mf.content_digest(folder, paths)
        key = mf.combine(self.theme_key(village), self.index.digest(village.src_path), content)
        return key, {"sig": sig, "content": content}, len(paths)

    # -- planning --------------------------------------------------------------------

    def run(self, jobs: int, progress: Progress | None, executor: Executor | None
            ) -> EngineResult:
        """Plan, then start workers only for the villages that changed, render, publish.

        Nothing changed: no worker, no template, no write. One village changed:
        it is built in this process (forking and warming a pool costs more).
        The parent holds little when it forks (the manifest's main file and the
        stat cache of code and theme files), so workers stay small.
        """
        self.jobs = jobs
        self.executor = executor
        return self._run(progress)

    def start_workers(self, work: int) -> Executor:
        """The executor for ``work`` villages, started with this build's context."""
        runner = self.executor or choose_executor(self.jobs, work)
        self.result.jobs = getattr(runner, "jobs", 1)
        if isinstance(runner, ProcessExecutor):
            warm_templates(self.site)  # compiled once here, inherited by every forked worker
        runner.start(init_worker, Context(
            self.site_dir, self.site.settings, self.site.registry, self.site.unpublished,
            self.site.now, self.out, self.spare, self.shards, self.debug))
        return runner

    def _run(self, progress: Progress | None) -> EngineResult:
        self._code_key = mf.code_key(self.index)
        result = self.result
        broken = broken_villages(self.site) - set(self.site.unpublished)
        wanted = set(self.only) if self.only else None
        report_unknown(result.report, self.only, self.site)
        new_entries: dict[str, dict[str, Any]] = {}
        carry: list[str] = []
        todo: list[Job] = []
        now = self.site.now.isoformat()
        for slug in sorted(self.site.registry):
            village = self.site.registry[slug]
            old = self.old.villages.get(slug)
            live_ok = (self.out / slug).is_dir()
            if wanted is not None and slug not in wanted:
                if old is not None and live_ok:
                    new_entries[slug] = old
                    carry.append(slug)
                continue
            key, parts, weight = self.village_key(village, old)
            self.keys[slug] = {"key": key, **parts}
            due = old is not None and old.get("scheduled") and old["scheduled"] <= now
            if old is not None and live_ok and old["key"] == key and not due:
                new_entries[slug] = {**old, **parts}
                carry.append(slug)
                result.skipped.append(slug)
                result.report.extend([Problem(**p) for p in old.get("problems", [])])
                continue
            reuse = old.get("shard") if old is not None and live_ok else None
            todo.append(Job(slug, self.theme_key(village), reuse, weight))
        if wanted is None:
            for slug in sorted(broken):
                old = self.old.villages.get(slug)
                if (self.out / slug).is_dir():
                    carry.append(slug)
                    if old is not None:
                        new_entries[slug] = old
        result.failed.extend(sorted(broken))
        portal_key = self.portal_key()
        if (not todo and self.old.valid and self.old.portal == portal_key
                and set(self.old.villages) == set(new_entries)):
            # Nothing changed: build/ is already this build's output. Only remember
            # signatures that settled since (racy last time) so they are trusted next time.
            if new_entries != self.old.villages or self.index.current != self.old.files:
                self.old.villages, self.old.files = new_entries, self.index.current
                os.replace(self.old.save(self.manifest_path), self.manifest_path)
            return result
        self.prepare_spare(set(carry) | {j.slug for j in todo}, carry)
        if todo:
            self.runner = self.start_workers(len(todo))
            try:
                self.render_villages(todo, progress, new_entries)
            finally:
                self.runner.close()
                derived.use(None)  # set by init_worker when villages were built in this process
            if len(todo) > 1:  # bounded after big builds; a one-edit build never scans it
                derived.sweep(self.site_dir / derived.FOLDER)
        self.render_portal(new_entries)
        self.publish(new_entries, portal_key, changed={j.slug for j in todo})
        return result

    def portal_key(self) -> str:
        """What the portal shows besides the villages: registry, theme, ``content/_portal/``."""
        entries = [(slug, self.index.digest(v.src_path))
                   for slug, v in sorted(self.site.registry.items())]
        own = self.site_dir / "content" / "_portal"  # the regency's own pages
        _, paths = mf.content_signature(own, self.index.now_ns)
        return mf.combine(self.theme_key(None), entries, sorted(self.site.unpublished),
                          mf.content_digest(own, paths))

    # -- the spare tree ----------------------------------------------------------------

    def prepare_spare(self, keep: set[str], carry: list[str]) -> None:
        """Bring the spare tree to 'previous build' state for every carried village."""
        spare = self.spare
        usable = self.old.trusts_spare(spare)
        stale: set[str] | None = set(self.old.changed or ()) if usable and \
            self.old.changed is not None else None
        if stale is None:
            publish.remove_tree(spare)
            spare.mkdir(parents=True)
        else:
            for entry in os.scandir(spare):
                if entry.name not in keep or not entry.is_dir(follow_symlinks=False):
                    publish.remove_tree(entry.path)  # portal files, villages gone
        for slug in carry:
            if stale is None or slug in stale or not (spare / slug).is_dir():
                publish.sync_tree(self.out / slug, spare / slug)

    def render_villages(self, todo: list[Job], progress: Progress | None,
                        entries: dict[str, dict[str, Any]]) -> None:
        """Build ``todo`` on the workers; the one rule for lost workers, for every executor.

        A village whose worker died is built once more on a fresh worker: done,
        the build goes on with a warning naming it; lost again, or over the time
        limit (never retried: it would hold the build twice as long), it keeps
        its last good version and the build fails (see executor.py).
        """
        todo.sort(key=lambda j: -j.weight)
        if progress:
            progress(None, 0, len(todo))
        lost: list[WorkerLost[Job]] = []
        done = 0
        for outcome in self.runner.run(build_village, todo, timeout=self.timeout):
            if isinstance(outcome, WorkerLost):
                if not outcome.timed_out:
                    lost.append(outcome)
                    continue
                outcome = self.give_up(outcome)  # over its time: never tried again
            done += 1
            self.collect(outcome, entries)
            if progress:
                progress(outcome, done, len(todo))
        for outcome in self.retry_lost(lost):
            done += 1
            self.collect(outcome, entries)
            if progress:
                progress(outcome, done, len(todo))

    # -- a worker process died: the village is tried once more, then keeps its last good version

    def retry_lost(self, lost: list[WorkerLost[Job]]) -> Iterator[Outcome]:
        """Build each village whose worker died once more, on whatever worker is alive.

        Success: a warning naming the village (the build exits 0). Lost again: the
        village keeps its last good version in the new tree and the build exits 1.
        """
        if not lost:
            return
        first = {loss.job.slug: loss.detail for loss in lost}
        for outcome in self.runner.run(build_village, [loss.job for loss in lost],
                                       timeout=self.timeout):
            if isinstance(outcome, WorkerLost):
                yield self.give_up(outcome)
                continue
            done = "desa dibangun ulang dan berhasil" if outcome.ok else "desa dibangun ulang"
            # In the report, not in the outcome: the manifest would replay it in later builds.
            self.result.report.warning(
                f"content/{outcome.slug}", "proses pembangun desa ini berhenti tiba-tiba "
                f"({first[outcome.slug]}); {done}", "bila terulang, periksa memori server dan "
                "berkas yang baru diubah di desa ini")
            self.events.append(self.result.report.problems[-1])
            yield outcome  # a retry that fails for its content reports that itself

    def give_up(self, lost: WorkerLost[Job]) -> Outcome:
        """A village lost twice or over its time: its last good version goes back in place."""
        slug = lost.job.slug
        report = Report()
        if lost.timed_out:
            report.error(f"content/{slug}", f"desa ini dihentikan: pembangunannya melebihi "
                         f"{self.timeout:g} detik", "periksa berkas yang baru diubah di desa "
                         "ini (misalnya gambar yang sangat besar), atau naikkan batasnya "
                         "dengan --village-timeout atau village_timeout di site.yml")
        else:
            report.error(f"content/{slug}", "proses pembangun desa ini berhenti tiba-tiba dua "
                         f"kali ({lost.detail})", "periksa memori server dan berkas yang baru "
                         "diubah di desa ini; jalankan flask check")
        # Whatever the killed worker had written into the spare tree is not this village.
        return _keep_published(Outcome(slug, ok=False), report, self.spare / slug,
                               self.out / slug)

    def collect(self, outcome: Outcome, entries: dict[str, dict[str, Any]]) -> None:
        result = self.result
        result.report.extend(outcome.problems)
        result.peak_rss_kb = max(result.peak_rss_kb, outcome.rss_kb)
        if not outcome.ok:
            result.failed.append(outcome.slug)
            old = self.old.villages.get(outcome.slug)
            if old is not None and (self.spare / outcome.slug).is_dir():
                entries[outcome.slug] = old
            return
        result.built.append(outcome.slug)
        result.kept.extend(f"{outcome.slug}/{url}" for url in outcome.last_good)
        result.pages += len(outcome.written)
        result.written.extend(f"{outcome.slug}/{dest}" for dest in outcome.written)
        entries[outcome.slug] = {
            **self.keys[outcome.slug], "shard": outcome.shard,
            "scheduled": outcome.scheduled, "images": outcome.images,
            "problems": [dataclasses.asdict(p) for p in outcome.problems],
            "facts": outcome.facts, "news": outcome.news,
        }

    def render_portal(self, entries: dict[str, dict[str, Any]]) -> None:
        """The portal at the root of the tree (always rendered: a few small pages).

        It lists only the villages the tree holds: one that failed before it was
        ever published has no folder, and the portal and sitemap index must not
        link to it. Its kelengkapan page reads each village's facts and problems
        from the manifest entries and the home pages from the spare tree, so no
        village is loaded again.
        """
        site = dataclasses.replace(self.site, registry={
            slug: village for slug, village in self.site.registry.items()
            if (self.spare / slug).is_dir()})
        result = self.result
        reported = set(result.built) | set(result.skipped) | set(result.failed)
        events = {id(event) for event in self.events}
        content = Report([p for p in result.report.problems if id(p) not in events])
        site.portal_data["kelengkapan"] = engine_rows(
            site, entries, content, reported, self.spare)
        site.portal_data["hub"] = make_hub(
            site, {slug: entry.get("news") for slug, entry in entries.items()})
        renderer = EngineRenderer(site)
        scope = renderer.portal_scope()
        writer = _Writer(self.spare, fresh=False)
        for route in scope.table.values():
            writer.write(route.dest, renderer.render(scope, route))
            self.result.pages += 1
            self.result.written.append(route.dest)
        if not os.environ.get(NO_POSTBUILD_ENV):
            finish_portal(site, self.spare)
        portal_search.carry_over(self.out, self.spare)  # rebuilt after the swap

    def publish(self, entries: dict[str, dict[str, Any]], portal_key: str,
                changed: set[str]) -> None:
        """Exchange the spare tree with ``build/`` and record what is now published."""
        old_live = publish.identity(self.out / "index.html")
        before = {e.name for e in os.scandir(self.out)} if self.out.is_dir() else set()
        gone = {name for name in before if name not in entries}
        known = self.old.valid
        manifest = mf.Manifest(villages=entries, files=self.index.current, portal=portal_key,
                               live=publish.identity(self.spare / "index.html"),
                               spare=old_live if known else None,
                               changed=sorted(changed | gone) if known else None,
                               image_cache=self.sweep_images(entries))
        tmp = manifest.save(self.manifest_path)
        _pause_for_tests("swap")
        publish.swap_in(self.spare, self.out)
        os.replace(tmp, self.manifest_path)
        mf.prune_shards(self.shards, {str(e.get("shard")) for e in entries.values()})

    def sweep_images(self, entries: dict[str, dict[str, Any]]) -> list[int] | None:
        """Delete image cache entries no village of ``entries`` publishes (see imagecache.py).

        Only after a build of every village where none failed; returns what the
        manifest records of the cache folder.
        """
        cache = self.site_dir / images.CACHE_DIR
        live = imagecache.live_digests(entries)
        if live is None:
            return None
        before = imagecache.live_digests(self.old.villages) if self.old.valid else None
        if imagecache.still_clean(cache, self.old.image_cache, before, live):
            return self.old.image_cache
        if self.only or self.result.failed:
            return None
        self.result.swept, stamp = imagecache.sweep(cache, live, self.started_ns)
        return stamp


def refresh_spare(out: Path) -> None:
    """Bring the spare tree level with ``build/`` ahead of the next build (watch mode, idle).

    The next build then starts from a spare that differs from ``build/`` in no
    village, so linking villages it carries over is off its critical path (the
    first one after a cold build would otherwise link every village). Only the
    spare and the manifest's record of it change; a build killed meanwhile finds
    either the old record (and syncs what it names) or a spare it does not trust.
    """
    out = out.resolve()
    manifest_path = publish.sibling(out, "manifest.json")
    spare = publish.sibling(out, "spare")
    with publish.locked(out):
        old = mf.Manifest.load(manifest_path, out)
        if not old.valid:
            return
        usable = old.trusts_spare(spare)
        if usable and old.changed == []:
            return
        if usable and old.changed is not None:
            # Villages only: portal files are rendered by every build, and a village
            # gone from build/ is dropped from the spare by the next build.
            for name in old.changed:
                if (out / name).is_dir():
                    publish.sync_tree(out / name, spare / name)
        else:
            publish.sync_tree(out, spare)
        old.spare = publish.identity(spare / "index.html")
        old.changed = []
        os.replace(old.save(manifest_path), manifest_path)


def summary_problems(result: BuildResult) -> list[Problem]:
    """The errors of a build (for tests and tools)."""
    return [p for p in result.report.problems if p.severity == ERROR]
