#!/usr/bin/env python3
"""Benchmark the site build at scale, side by side with a control site built without our plugin.

    python3 scripts/bench.py                       # 100, 300 and 1,000 lessons x 3 languages
    python3 scripts/bench.py --sizes 100,300 --json bench.json
    python3 scripts/bench.py --sizes 300 --preview             # also `mkdocs serve --dirty` at 300 lessons
    python3 scripts/bench.py --sizes 300 --profile /tmp/prof   # keep the profiles (pyinstrument sessions)
    python3 scripts/bench.py --sizes 0 --serve-reload          # only the `mkdocs serve` reload time

For each size N a synthetic curriculum of N lessons is generated (scripts/generate_curriculum.py) and built
twice, each build in a fresh wrapper process that reports its child's wall time, CPU time and peak RSS:

- ours: `mkdocs build --strict` of the generated project (our plugin + Material + static-i18n);
- control: the very Markdown pages our plugin generates (drom.pages.build_pages, every language), written
  as plain files into docs/ with static-i18n's suffix naming (`lessons/x.en.md` -> /en/lessons/x/), with the
  same navigation, built by MkDocs + Material + static-i18n without the `curriculum` plugin. The control
  keeps `curriculum/i18n`, which is upstream static-i18n with a config class that accepts the code `rom`.

Our share of the build comes from a profile: a third build of the same project, in-process under
pyinstrument (a sampling profiler, 1 ms), and the time of every call stack with a frame of a file under
plugins/drom/ on it, as a fraction of the whole build. That counts what our code asks of Python-Markdown,
Jinja and the rest, not only our own lines (those are `own`). `--no-profile` skips it; without pyinstrument
installed, the share falls back to cProfile's own time of our functions, which says less. The time to load
and validate the curriculum and generate the pages' Markdown, timed in this process, is reported beside it.

Each build's site is also measured (`site_sizes`): what a reader downloads for the first search in the default
language (gzipped; a bound for any one-word query) and the bytes of the catalogue page and of its largest filter
page.

`--preview` also starts `mkdocs serve --dirty` on each generated project and times save -> new page for one
lesson (the authors' preview).

PDFs and the offline school pack are off (DROM_PDF=0, DROM_OFFLINE=0); `--offline` turns the pack on, which
builds the whole site a second time inside our build. Absolute numbers move with the machine's load: compare
the ratio to the control, built in the same run right after ours. The table also shows CPU seconds, which
suffer less from other load.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib.util
import inspect
import json
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DROM_PDF": "0", "DROM_OFFLINE": "0"}
"""Pages only: no PDFs and no offline school pack (a second full build of the site, see --offline)."""
BUILD_TIMEOUT = 3600

# Runs one command in a fresh process, so RUSAGE_CHILDREN holds that command alone.
WRAPPER = r"""
import json, resource, subprocess, sys, time
log, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
with open(log, "wb") as out:
    rc = subprocess.call(cmd, stdout=out, stderr=subprocess.STDOUT)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kib": usage.ru_maxrss}))
"""


# Builds the project in-process under pyinstrument and saves the session (read back by summarise_session).
PROFILER = r"""
import sys
from pyinstrument import Profiler
from mkdocs.__main__ import cli
profiler = Profiler(interval=0.001)
profiler.start()
try:
    cli.main(["build", "-q"], standalone_mode=False)
finally:
    profiler.stop()
    profiler.last_session.save(sys.argv[1])
"""


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("generate_curriculum", REPO / "scripts" / "generate_curriculum.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@dataclass
class Run:
    """One build in its own process."""

    rc: int
    wall: float
    cpu: float
    peak_mib: float
    pages: int
    reported: float | None
    """MkDocs' own "Documentation built in" seconds (without interpreter start and imports)."""
    warnings: int
    log: str = field(repr=False, default="")


@dataclass
class Result:
    lessons: int
    ours: Run
    control: Run | None
    plugin_load: float
    plugin_pages: float
    generated_pages: int
    profile: dict[str, Any] | None = None
    preview: dict[str, Any] | None = None
    rebuild: dict[str, Any] | None = None
    sizes: dict[str, Any] | None = None
    """Search's first download and the catalogue's bytes (`site_sizes`)."""

    @property
    def plugin_seconds(self) -> float:
        return self.plugin_load + self.plugin_pages

    def row(self) -> dict[str, Any]:
        ours, control = self.ours, self.control
        data: dict[str, Any] = {
            "lessons": self.lessons,
            "pages": ours.pages,
            "ours_wall_s": round(ours.wall, 2),
            "ours_cpu_s": round(ours.cpu, 2),
            "ours_reported_s": ours.reported,
            "ours_ms_per_page": round(1000 * ours.wall / max(ours.pages, 1), 2),
            "ours_peak_mib": round(ours.peak_mib, 1),
            "plugin_load_s": round(self.plugin_load, 3),
            "plugin_pages_s": round(self.plugin_pages, 3),
            "plugin_share": self.profile["ours_share"] if self.profile else None,
            "plugin_share_method": self.profile["method"] if self.profile else None,
        }
        if control is not None:
            data.update(
                {
                    "control_pages": control.pages,
                    "control_wall_s": round(control.wall, 2),
                    "control_cpu_s": round(control.cpu, 2),
                    "control_reported_s": control.reported,
                    "control_ms_per_page": round(1000 * control.wall / max(control.pages, 1), 2),
                    "control_peak_mib": round(control.peak_mib, 1),
                    "control_warnings": control.warnings,
                    "ratio_wall": round(ours.wall / control.wall, 2) if control.wall else None,
                    "ratio_cpu": round(ours.cpu / control.cpu, 2) if control.cpu else None,
                }
            )
        if self.sizes is not None:
            data.update(self.sizes)
        if self.profile is not None:
            data["profile"] = self.profile
        if self.preview is not None:
            data["preview"] = self.preview
        if self.rebuild is not None:
            data["rebuild"] = self.rebuild
        return data


# --- building -----------------------------------------------------------------------------------------


def _gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9)) if path.is_file() else 0


RESULTS_SHOWN = 20
"""Pages the search worker shows for a query (plugins/drom/assets/search-worker.js, RESULTS)."""


def site_sizes(site: Path) -> dict[str, Any]:
    """What a reader downloads for the default language's first search, and the catalogue's size.

    First search, gzipped (as a web server sends it): with our sharded index (`search/t/`), the small
    `search_index.json`, the worker, the largest term shard and the `RESULTS_SHOWN` largest page files: a
    bound for any one-word query (each further word adds at most one shard). Without it (Material's search),
    the whole index, Material's worker and the lunr scripts for Russian (Bulgarian's rules). Catalogue: the
    bytes of each language's catalogue page (the largest), and of the largest filter page."""
    index = site / "search" / "search_index.json"
    shards = site / "search" / "t"
    if shards.is_dir():
        parts = {
            "index": _gz(index),
            "worker": _gz(site / "assets/drom/search-worker.js"),
            "largest_shard": max((_gz(x) for x in shards.glob("*.js")), default=0),
            "result_pages": sum(
                sorted((_gz(x) for x in (site / "search/p").glob("*.js")), reverse=True)[:RESULTS_SHOWN]
            ),
        }
    else:
        lunr = site / "assets/javascripts/lunr/min"
        parts = {
            "index": _gz(index),
            "worker": sum(_gz(x) for x in (site / "assets/javascripts/workers").glob("search.*.min.js")),
            "lunr": sum(_gz(lunr / x) for x in ("lunr.stemmer.support.min.js", "lunr.ru.min.js")),
        }
    catalogues = [site / prefix / "catalogue/index.html" for prefix in ("", "en", "rom")]
    filters = [x for x in site.glob("**/catalogue/*/**/index.html")]
    return {
        "search_first_kib_gz": round(sum(parts.values()) / 1024, 1),
        "search_first_parts_bytes_gz": parts,
        "search_files": sum(1 for _ in (site / "search").rglob("*") if _.is_file()),
        "catalogue_kib": round(max((x.stat().st_size for x in catalogues if x.is_file()), default=0) / 1024, 1),
        "catalogue_filter_pages": len(filters),
        "catalogue_filter_max_kib": round(max((x.stat().st_size for x in filters), default=0) / 1024, 1),
    }


def count_pages(site: Path) -> int:
    return sum(1 for path in site.rglob("*.html") if path.name != "404.html")


def measured(project: Path, args: list[str], log: Path) -> Run:
    """Run `python <args>` in `project` inside a fresh wrapper process; wall, CPU and peak RSS of the child."""
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(log), sys.executable, *args],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"wrapper failed: {proc.stderr}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    text = log.read_text(encoding="utf-8", errors="replace")
    reported = re.findall(r"Documentation built in ([0-9.]+) seconds", text)
    site = project / "site"
    return Run(
        rc=data["rc"],
        wall=data["wall"],
        cpu=data["cpu"],
        peak_mib=data["maxrss_kib"] / 1024,  # Linux reports KiB
        pages=count_pages(site) if site.is_dir() else 0,
        reported=float(reported[-1]) if reported else None,
        warnings=len(re.findall(r"^WARNING", text, re.MULTILINE)),
        log=text,
    )


class _Tolerant(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/...` tags (the slugify function) are not data we need."""


_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
# `!ENV [NAME, default]`: the variable's value, else the default (as MkDocs reads it).
_Tolerant.add_constructor(
    "!ENV",
    lambda loader, node: (
        next(
            (os.environ[name] for name in loader.construct_sequence(node)[:-1] if name in os.environ),
            loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None,
        )
        if isinstance(node, yaml.SequenceNode)
        else os.environ.get(loader.construct_scalar(node))
    ),
)


def _plugin_entries(config: dict[str, Any]) -> list[tuple[str, Any]]:
    entries = []
    for item in config.get("plugins", []):
        if isinstance(item, str):
            entries.append((item, None))
        else:
            entries.extend(item.items())
    return entries


def _build_pages(curriculum: Any, lang: str, site_url: str) -> list[Any]:
    from drom import pages as gen

    if "site_url" in inspect.signature(gen.build_pages).parameters:
        return gen.build_pages(curriculum, lang, site_url)
    return gen.build_pages(curriculum, lang)


def _navigation(curriculum: Any, lang: str, nav_after: list[str]) -> list[Any] | None:
    """Our plugin's navigation for `lang`, with the language folder taken off (static-i18n's suffix paths)."""
    from drom.site.plugin import CurriculumPlugin

    plugin = CurriculumPlugin()
    plugin.load_config({"nav_after": nav_after})
    plugin.curriculum = curriculum
    nav = plugin.navigation(lang)
    prefix = "" if lang == curriculum.default_language else f"{lang}/"

    def strip(item: Any) -> Any:
        if isinstance(item, str):
            return item[len(prefix) :] if prefix and item.startswith(prefix) else item
        if isinstance(item, list):
            return [strip(x) for x in item]
        if isinstance(item, dict):
            return {k: strip(v) for k, v in item.items()}
        return item

    return strip(nav)


def _suffixed(path: str, lang: str, default: str) -> str:
    """`en/lessons/x.md` -> `lessons/x.en.md`: static-i18n's suffix structure, same URL."""
    if lang == default or not path.startswith(f"{lang}/"):
        return path
    rest = path[len(lang) + 1 :]
    stem, dot, ext = rest.rpartition(".")
    return f"{stem}.{lang}.{ext}" if dot else f"{rest}.{lang}"


def write_control(project: Path, control: Path, curriculum: Any, pages: dict[str, list[Any]]) -> None:
    """The control project: our generated Markdown as plain files, no `curriculum` plugin."""
    from drom import pages as gen
    from drom.site import plugin as site_plugin

    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tolerant)  # noqa: S506
    default = curriculum.default_language
    shutil.copytree(project / "docs", control / "docs")
    shutil.copytree(project / "overrides", control / "overrides")
    docs = control / "docs"
    site_url = config.get("site_url") or ""
    for lang, lang_pages in pages.items():
        for page in lang_pages:
            target = docs / _suffixed(page.src_uri, lang, default)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")
        if curriculum.events and hasattr(gen, "calendar_ics") and hasattr(gen.SiteMap, "ics"):
            target = docs / _suffixed(gen.SiteMap(curriculum).ics(lang), lang, default)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(gen.calendar_ics(curriculum, lang, site_url))
    for media in gen.media_files(curriculum):
        target = docs / media.dest_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(media.source, target)
    extra_css = list(config.get("extra_css") or [])
    extra_js = list(config.get("extra_javascript") or [])
    for attr, listing in (("STYLESHEET", extra_css), ("SCRIPT", extra_js)):
        asset = getattr(site_plugin, attr, None)
        if asset:
            target = docs / asset
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(site_plugin.ASSETS / Path(asset).name, target)
            listing.append(asset)

    nav_after: list[str] = []
    plugins: list[Any] = []
    for name, options in _plugin_entries(config):
        if name == "curriculum":
            nav_after = list((options or {}).get("nav_after", []))
            continue
        plugins.append(name if options is None else {name: options})
    navs = {lang: _navigation(curriculum, lang, nav_after) for lang in pages}
    for entry in plugins:
        if isinstance(entry, dict) and any(k.endswith("i18n") for k in entry):
            options = next(iter(entry.values()))
            for language in options.get("languages", []):
                if language.get("locale") in navs and language.get("locale") != default:
                    language["nav"] = navs[language["locale"]]
    child = {
        "INHERIT": os.path.relpath(project / "mkdocs.yml", control),
        "docs_dir": "docs",
        "site_dir": "site",
        "watch": ["overrides"],
        "extra_css": extra_css,
        "extra_javascript": extra_js,
        "plugins": plugins,
        "nav": navs[default],
    }
    (control / "mkdocs.yml").write_text(
        yaml.safe_dump(child, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8"
    )


def bench_size(
    lessons: int, work: Path, seed: int, control: bool, profile: Path | None, preview: int = 0, rebuild: bool = True
) -> Result:
    from drom.loader import load_or_fail

    project = work / f"ours-{lessons}"
    if project.exists():
        shutil.rmtree(project)
    _generator().generate(project, lessons, seed=seed)
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tolerant)  # noqa: S506
    site_url = config.get("site_url") or ""

    start = time.perf_counter()
    curriculum = load_or_fail(project / "curriculum")
    loaded = time.perf_counter()
    pages = {lang: _build_pages(curriculum, lang, site_url) for lang in curriculum.languages}
    generated = time.perf_counter()

    print(f"[{lessons}] building ours …", file=sys.stderr, flush=True)
    ours = measured(project, ["-m", "mkdocs", "build", "--strict"], work / f"ours-{lessons}.log")
    if ours.rc != 0:
        raise RuntimeError(f"our build of {lessons} lessons failed:\n{ours.log[-4000:]}")
    result = Result(lessons, ours, None, loaded - start, generated - loaded, sum(len(p) for p in pages.values()))
    result.sizes = site_sizes(project / "site")
    if rebuild:
        print(f"[{lessons}] rebuilding ours after a title edit …", file=sys.stderr, flush=True)
        result.rebuild = rebuild_after_title_edit(project, work / f"rebuild-{lessons}.log")
    if control:
        folder = work / f"control-{lessons}"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        write_control(project, folder, curriculum, pages)
        print(f"[{lessons}] building control …", file=sys.stderr, flush=True)
        result.control = measured(folder, ["-m", "mkdocs", "build"], work / f"control-{lessons}.log")
        if result.control.rc != 0:
            raise RuntimeError(f"the control build of {lessons} lessons failed:\n{result.control.log[-4000:]}")
    if profile is not None:
        profile.mkdir(parents=True, exist_ok=True)
        print(f"[{lessons}] profiling ours …", file=sys.stderr, flush=True)
        _cold(project)
        if importlib.util.find_spec("pyinstrument") is not None:
            out = profile / f"ours-{lessons}.pyisession"
            command = [sys.executable, "-c", PROFILER, str(out)]
        else:
            out = profile / f"ours-{lessons}.prof"
            command = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build", "-q"]
        # One process: a profiler sees nothing of the language a forked process would build.
        subprocess.run(command, cwd=project, env={**ENV, "DROM_JOBS": "1"}, check=True, timeout=BUILD_TIMEOUT)
        result.profile = summarise_session(out) if out.suffix == ".pyisession" else summarise_cprofile(out)
        print(format_profile(result.profile), file=sys.stderr, flush=True)
    if preview:
        lesson = sorted(p.name for p in (project / "curriculum" / "lessons").iterdir() if p.is_dir())[0]
        print(f"[{lessons}] preview: mkdocs serve --dirty, editing '{lesson}' …", file=sys.stderr, flush=True)
        result.preview = serve_reload(project, lesson, preview, work / f"serve-dirty-{lessons}.log", dirty=True)
    return result


def rebuild_after_title_edit(project: Path, log: Path) -> dict[str, Any]:
    """`mkdocs build` again after the first (its caches kept), with one lesson's title changed: the time, and
    whether the new title is in the lesson's page and in the next lesson's navigation. The title goes back after."""
    lessons = sorted(p.name for p in (project / "curriculum" / "lessons").iterdir() if p.is_dir())
    lesson, other = lessons[0], lessons[1]  # the same module: navigation.prune shows only the page's own section
    source = project / "curriculum" / "lessons" / lesson / "lesson.bg.md"
    original = source.read_text(encoding="utf-8")
    token = f"Преименуван {os.getpid()}"
    source.write_text(re.sub(r'^title: "(.*)"$', rf'title: "\1 {token}"', original, count=1, flags=re.M), "utf-8")
    try:
        run = measured(project, ["-m", "mkdocs", "build", "--strict"], log)
    finally:
        source.write_text(original, encoding="utf-8")
    if run.rc != 0:
        raise RuntimeError(f"the rebuild failed:\n{run.log[-4000:]}")
    site = project / "site" / "lessons"
    page = (site / lesson / "index.html").read_text(encoding="utf-8")
    nav = (site / other / "index.html").read_text(encoding="utf-8")
    return {
        "edited": lesson,
        "wall_s": round(run.wall, 2),
        "cpu_s": round(run.cpu, 2),
        "title_in_page": token in page,
        "title_in_other_pages_nav": token in nav,
    }


# --- profile summary ----------------------------------------------------------------------------------

_PACKAGE = re.compile(r"(?:site|dist)-packages/([A-Za-z0-9_]+)")
_STDLIB = re.compile(r"/lib/python3\.\d+/([A-Za-z0-9_]+)")


def _package(filename: str) -> str:
    """Who owns a profiled function: our package, an installed distribution, the standard library."""
    if "/plugins/drom/" in filename:
        return "drom (ours)"
    match = _PACKAGE.search(filename) or _STDLIB.search(filename)
    if match:
        return match.group(1)
    return "<built-in>" if filename.startswith(("~", "<")) else filename


def _label(filename: str, line: int, name: str) -> str:
    return f"{re.sub(r'.*/(site-packages|plugins|lib/python3[.][0-9]+)/', '', filename)}:{line}({name})"


def _top(table: dict[str, float], total: float, top: int) -> list[dict[str, Any]]:
    return [
        {"name": name, "s": round(seconds, 2), "share": round(seconds / total, 4)}
        for name, seconds in sorted(table.items(), key=lambda kv: -kv[1])[:top]
    ]


def _cold(project: Path) -> None:
    """The project as before its first build: no site, no caches (link-preview cards, Jinja bytecode)."""
    shutil.rmtree(project / "site", ignore_errors=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)


PASS_THROUGH = {("drom/site/i18n.py", "on_post_build")}
"""Our frames that only run upstream code: static-i18n's loop over the languages, in CurriculumI18n (it skips
the languages a forked process builds). The builds they start are not our share."""


def _ours(filename: str, function: str) -> bool:
    if "/plugins/drom/" not in filename:
        return False
    return (filename.split("/plugins/", 1)[1], function) not in PASS_THROUGH


def summarise_session(path: Path, top: int = 20) -> dict[str, Any]:
    """From a pyinstrument session: our inclusive share (every stack with a frame of ours on it), own time by
    package, the functions with the most own and most cumulative time, and our entry points."""
    from pyinstrument.session import Session

    root = Session.load(str(path)).root_frame()
    if root is None:
        raise RuntimeError(f"{path}: an empty profile")
    total = max(root.time, 1e-9)
    ours = 0.0
    entries: dict[str, float] = {}
    own_by_package: dict[str, float] = {}
    own: dict[str, float] = {}
    cumulative: dict[str, float] = {}

    def walk(frame: Any, inside_ours: bool, on_stack: frozenset[str]) -> None:
        nonlocal ours
        filename = frame.file_path or "<built-in>"
        label = _label(filename, frame.line_no or 0, frame.function or "?")
        mine = _ours(filename, frame.function or "")
        if mine and not inside_ours:
            ours += frame.time
            entries[label] = entries.get(label, 0.0) + frame.time
        # pyinstrument keeps a frame's own time in synthetic children ("[self]"): they belong to the frame.
        real = [child for child in frame.children if not child.is_synthetic]
        self_time = frame.time - sum(child.time for child in real)
        package = _package(filename)
        own_by_package[package] = own_by_package.get(package, 0.0) + self_time
        own[label] = own.get(label, 0.0) + self_time
        if label not in on_stack:  # recursion counts once
            cumulative[label] = cumulative.get(label, 0.0) + frame.time
        for child in real:
            walk(child, inside_ours or mine, on_stack | {label})

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    walk(root, False, frozenset())
    return {
        "method": "pyinstrument: stacks with a frame under plugins/drom/",
        "total_s": round(total, 2),
        "ours_s": round(ours, 2),
        "ours_share": round(ours / total, 4),
        "own_by_package": _top(own_by_package, total, 15),
        "our_entry_points": _top(entries, total, top),
        "most_cumulative": _top(cumulative, total, top),
        "most_own": _top(own, total, top),
    }


def summarise_cprofile(path: Path, top: int = 20) -> dict[str, Any]:
    """The fallback without pyinstrument: own time by package (ours = only our own lines)."""
    stats = pstats.Stats(str(path))
    raw = stats.stats  # type: ignore[attr-defined]
    total = max(getattr(stats, "total_tt", 0.0), 1e-9)
    by_package: dict[str, float] = {}
    own: dict[str, float] = {}
    cumulative: dict[str, float] = {}
    for (filename, line, name), (_cc, _nc, tt, ct, _callers) in raw.items():
        by_package[_package(filename)] = by_package.get(_package(filename), 0.0) + tt
        own[_label(filename, line, name)] = tt
        cumulative[_label(filename, line, name)] = ct
    ours = by_package.get("drom (ours)", 0.0)
    return {
        "method": "cProfile: own time of functions under plugins/drom/ (install pyinstrument for the full share)",
        "total_s": round(total, 2),
        "ours_s": round(ours, 2),
        "ours_share": round(ours / total, 4),
        "own_by_package": _top(by_package, total, 15),
        "most_cumulative": _top(cumulative, total, top),
        "most_own": _top(own, total, top),
    }


def format_profile(profile: dict[str, Any]) -> str:
    lines = [
        f"profile ({profile['method']}): {profile['total_s']:.1f} s in all, ours {profile['ours_s']:.1f} s "
        f"= {100 * profile['ours_share']:.1f} %"
    ]
    for key in ("own_by_package", "our_entry_points", "most_cumulative", "most_own"):
        if key in profile:
            lines.append(f"{key.replace('_', ' ')}:")
            lines += [f"  {row['s']:8.2f} s {100 * row['share']:5.1f} %  {row['name']}" for row in profile[key]]
    return "\n".join(lines)


# --- serve reload -------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  (127.0.0.1 only)
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, predicate: Any, timeout: float, proc: subprocess.Popen[bytes]) -> float:
    """Seconds until the page at `url` satisfies `predicate`; polls every 50 ms, bounded by `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError("mkdocs serve exited")
        text = _fetch(url)
        if text is not None and predicate(text):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not change within {timeout:.0f} s")


def _remove_marker(path: Path, marker_line: str) -> None:
    """Take our marker out of the file's *current* text, so a concurrent edit by someone else survives."""
    text = path.read_text(encoding="utf-8")
    if marker_line in text:
        path.write_text(text.replace(marker_line, "", 1), encoding="utf-8")


def serve_reload(project: Path, lesson: str, rounds: int, log: Path, *, dirty: bool) -> dict[str, Any]:
    """Start `mkdocs serve` (`--dirty`: the authors' preview), append a paragraph to one lesson's bg text,
    time until the page shows it, take it out again, time until it is gone."""
    source = project / "curriculum" / "lessons" / lesson / "lesson.bg.md"
    if not source.is_file():
        raise SystemExit(f"no lesson '{lesson}' in {project / 'curriculum'}")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/lessons/{lesson}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    command += ["--no-open"] if _serve_has_no_open() else []
    command += ["--dirty"] if dirty else []
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            command,
            cwd=project,
            env=ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    appear: list[float] = []
    vanish: list[float] = []
    marker_line = ""
    try:
        first = _wait_for(url, lambda text: True, 300, proc)
        for number in range(rounds):
            token = f"drom-bench-{os.getpid()}-{number}-{time.time_ns()}"
            marker_line = f"\n\nИзмерване {token}.\n"
            with open(source, "a", encoding="utf-8") as handle:
                handle.write(marker_line)
            appear.append(_wait_for(url, lambda text, tok=token: tok in text, 60, proc))
            _remove_marker(source, marker_line)
            marker_line = ""
            vanish.append(_wait_for(url, lambda text, tok=token: tok not in text, 60, proc))
    finally:
        if marker_line:
            _remove_marker(source, marker_line)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    times = appear + vanish
    return {
        "mode": "mkdocs serve --dirty" if dirty else "mkdocs serve",
        "lesson": lesson,
        "first_build_s": round(first, 2),
        "edit_visible_s": [round(x, 2) for x in appear],
        "restore_visible_s": [round(x, 2) for x in vanish],
        "median_s": round(statistics.median(times), 2),
        "max_s": round(max(times), 2),
    }


def _serve_has_no_open() -> bool:
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "serve", "--help"], capture_output=True, text=True, env=ENV, check=False
    )
    return "--no-open" in proc.stdout


# --- output -------------------------------------------------------------------------------------------


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| lessons×3 | pages | ours wall s (cpu) | ms/page | peak MiB | control wall s (cpu) | ms/page | "
        "peak MiB | ratio wall (cpu) | load+pages s | our share % (profile) |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        control = (
            f"{r['control_wall_s']:.1f} ({r['control_cpu_s']:.1f}) | {r['control_ms_per_page']:.1f} | "
            f"{r['control_peak_mib']:.0f} | {r['ratio_wall']:.2f} ({r['ratio_cpu']:.2f})"
            if "control_wall_s" in r
            else "– | – | – | –"
        )
        share = f"{100 * r['plugin_share']:.1f}" if r.get("plugin_share") is not None else "–"
        lines.append(
            f"| {r['lessons']} | {r['pages']} | {r['ours_wall_s']:.1f} ({r['ours_cpu_s']:.1f}) | "
            f"{r['ours_ms_per_page']:.1f} | {r['ours_peak_mib']:.0f} | {control} | "
            f"{r['plugin_load_s'] + r['plugin_pages_s']:.2f} | {share} |"
        )
    return "\n".join(lines)


def _rebuild_cell(row: dict[str, Any]) -> str:
    rebuild = row.get("rebuild")
    if not rebuild:
        return "–"
    correct = rebuild["title_in_page"] and rebuild["title_in_other_pages_nav"]
    return f"{rebuild['wall_s']:.1f} s" + ("" if correct else " (stale!)")


def readme_table(report: dict[str, Any]) -> str:
    """The README's table, from a JSON report of this script."""
    head = (
        "| lessons × 3 | pages | our build s (CPU s) | control s (CPU s) | ours / control, wall (CPU) | "
        "peak MiB, ours / control | our share (profile) | rebuild after a title edit | preview: save → page |"
    )
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    for r in report["results"]:
        preview = f"{r['preview']['median_s']:.1f} s" if "preview" in r else "–"
        share = f"{100 * r['plugin_share']:.1f} %" if r.get("plugin_share") is not None else "–"
        controlled = r.get("control_wall_s") is not None
        control = f"{r['control_wall_s']:.1f} ({r['control_cpu_s']:.1f})" if controlled else "–"
        ratio = f"{r['ratio_wall']:.2f} ({r['ratio_cpu']:.2f})" if controlled else "–"
        control_peak = f"{r['control_peak_mib']:.0f}" if controlled else "–"
        lines.append(
            f"| {r['lessons']:,} | {r['pages']:,} | {r['ours_wall_s']:.1f} ({r['ours_cpu_s']:.1f}) | {control} | "
            f"{ratio} | {r['ours_peak_mib']:.0f} / {control_peak} | {share} | {_rebuild_cell(r)} | {preview} |"
        )
    load = report.get("environment", {}).get("loadavg_at_start")
    if load:
        lines.append(f"\nLoad average when the run started: {load[0]:.1f} on {report['environment']['cpus']} cores.")
    return "\n".join(lines)


def environment() -> dict[str, Any]:
    from importlib.metadata import version

    info: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "loadavg_at_start": os.getloadavg(),
    }
    for package in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "drom-curriculum"):
        with contextlib.suppress(Exception):
            info[package] = version(package)
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,300,1000", help="lesson counts, comma-separated; 0 for none")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file")
    parser.add_argument("--no-control", action="store_true", help="skip the control builds")
    parser.add_argument("--workdir", type=Path, help="keep the generated projects and logs here")
    parser.add_argument("--profile", type=Path, help="keep the profiles of our builds in this folder")
    parser.add_argument("--no-profile", action="store_true", help="skip the profiled build (and our share)")
    parser.add_argument(
        "--preview",
        type=int,
        nargs="?",
        const=3,
        default=0,
        metavar="ROUNDS",
        help="also time `mkdocs serve --dirty` save -> new page on each generated project (default 3 rounds)",
    )
    parser.add_argument("--no-rebuild", action="store_true", help="skip the rebuild after a title edit")
    parser.add_argument("--offline", action="store_true", help="include the offline school pack in our build")
    parser.add_argument("--serve-reload", action="store_true", help="measure the `mkdocs serve` reload time")
    parser.add_argument("--serve-project", type=Path, default=REPO, help="project to serve (default: this repo)")
    parser.add_argument("--serve-lesson", default=None, help="lesson id to edit (default: the first one)")
    parser.add_argument("--serve-rounds", type=int, default=3)
    parser.add_argument("--readme-table", type=Path, metavar="JSON", help="print the README's table from a report")
    args = parser.parse_args(argv)
    if args.readme_table:
        print(readme_table(json.loads(args.readme_table.read_text(encoding="utf-8"))))
        return 0

    if args.offline:
        ENV["DROM_OFFLINE"] = "1"
    sizes = [int(x) for x in args.sizes.split(",") if x.strip() and int(x) > 0]
    # Absolute: the builds run with the generated project as their working directory.
    work = (args.workdir or Path(tempfile.mkdtemp(prefix="drom-bench-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    profile = None if args.no_profile else (args.profile.resolve() if args.profile else work / "profiles")
    report: dict[str, Any] = {"environment": environment(), "results": []}
    try:
        for size in sizes:
            result = bench_size(size, work, args.seed, not args.no_control, profile, args.preview, not args.no_rebuild)
            report["results"].append(result.row())
            print(table([result.row()]).splitlines()[-1], file=sys.stderr, flush=True)
        if args.serve_reload:
            lessons = sorted(p.name for p in (args.serve_project / "curriculum" / "lessons").iterdir() if p.is_dir())
            lesson = args.serve_lesson or lessons[0]
            print(f"serve: editing lesson '{lesson}' …", file=sys.stderr, flush=True)
            report["serve_reload"] = [
                serve_reload(args.serve_project, lesson, args.serve_rounds, work / f"serve-{mode}.log", dirty=dirty)
                for mode, dirty in (("dirty", True), ("full", False))
            ]
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    if report["results"]:
        print(table(report["results"]))
    for row in report["results"]:
        if "search_first_kib_gz" in row:
            print(
                f"at {row['lessons']} lessons: first search {row['search_first_kib_gz']} KiB gzipped (at most, one "
                f"word); catalogue {row['catalogue_kib']} KiB of HTML, {row['catalogue_filter_pages']} filter "
                f"pages of at most {row['catalogue_filter_max_kib']} KiB"
            )
        if "preview" in row:
            p = row["preview"]
            print(
                f"preview at {row['lessons']} lessons ({p['mode']}, {p['lesson']}): edit visible after "
                f"{p['edit_visible_s']} s, restore after {p['restore_visible_s']} s; median {p['median_s']} s"
            )
    for s in report.get("serve_reload", []):
        print(
            f"{s['mode']} reload ({s['lesson']}): first build {s['first_build_s']} s; edit visible after "
            f"{s['edit_visible_s']} s, restore visible after {s['restore_visible_s']} s; median {s['median_s']} s"
        )
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
