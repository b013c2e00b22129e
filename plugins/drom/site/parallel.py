"""Build languages in parallel: a forked process for each language but the default, which this one builds.

static-i18n 1.3 builds the default language, then, from its `on_post_build`, every other language one after
another in the same process. On a machine with two or more cores, this process builds the default language
(`bg`) and `Languages.start` forks one process per other language, each building its language into the same
folder: the middle ones (`en`) before the default language's pages are read (the curriculum plugin's
`on_pre_build`), the last (`rom`) once they are converted (its `on_env`), so the Romani fallback pages take
the Bulgarian text already parsed (`drom.site.fragments`) instead of parsing it again. Three processes on two
cores keep both cores busy until the end, where a fork of the middle language alone (bg and rom here, en
there) left one core idle for a third of the build. The last language's pages, converted while the others
are written, are themselves written by two processes, half each (`RenderHalves`): by then the other processes
are done. `CurriculumI18n.on_post_build` skips the forked
languages and, before writing the search index, takes the forked processes' results back (`Languages.join`, a `Result`):

- the curriculum plugin's whole `LanguageState` of each language it built (`drom.site.state`: its 404 page,
  fallback URLs, pages written, ...), which the plugin's `on_post_build` adds to its own before it writes
  the search pieces, the sitemap and the 404 pages; a new field of `LanguageState` comes back with no change
  here;
- static-i18n's own state of those languages: their search entries, put in the languages' order (static-i18n
  stacks them once per language), and what its sitemap needs of their pages (URLs, dates and alternates), so
  the sitemap, written again once everything is known, lists every language in the same order as a build one
  language at a time;
- its error, raised here, so a failed language fails the build as it would have one language at a time.

As each process comes back, the curriculum plugin writes its languages' search pieces (`Languages.join(each)`,
`search.SplitIndex`) while the later ones may still build.

The output is byte-identical to a build one language at a time (tests/test_build_speed.py): each process
writes only its language's pages (and the theme's files, the same bytes), and this process writes the
sitemap, the search pieces and the 404 pages once all are back.

`DROM_JOBS=1` (or the plugin's `build_jobs: 1`) builds one language at a time; `mkdocs serve` always does.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, NoReturn

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from .state import LanguageState, absorbed

log = logging.getLogger("mkdocs.plugins.drom.parallel")


def jobs(option: int) -> int:
    """DROM_JOBS, else the plugin's `build_jobs`, else the usable cores: under 2, the languages are built one
    after another; otherwise each in a process of its own."""
    setting = os.environ.get("DROM_JOBS", "").strip()
    if setting.isdigit() and int(setting) > 0:
        return int(setting)
    if option > 0:
        return option
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def forked_languages(languages: list[str], default: str) -> tuple[list[str], list[str]]:
    """The languages built in forked processes, one each: those forked before the default language's pages are
    read (every other language but the last), and the last, forked once they are converted, so that it
    inherits the default language's text parsed for its fallback pages (`drom.site.fragments`)."""
    if len(languages) < 2 or languages[0] != default:
        return [], []
    return languages[1:-1], languages[-1:]


def _page_view(page: Any) -> Any:
    if page is None:
        return None
    return SimpleNamespace(
        is_link=bool(getattr(page, "is_link", False)),
        canonical_url=getattr(page, "canonical_url", None),
        abs_url=getattr(page, "abs_url", None),
        update_date=getattr(page, "update_date", None),
    )


def sitemap_view(files: list[Any]) -> list[Any]:
    """What static-i18n's sitemap.xml template reads of a language's pages, as plain (picklable) objects."""
    views = []
    for file in files:
        alternates = {
            locale: SimpleNamespace(url=other.url, page=_page_view(getattr(other, "page", None)))
            for locale, other in (getattr(file, "alternates", None) or {}).items()
        }
        views.append(SimpleNamespace(url=file.url, page=_page_view(file.page), alternates=alternates))
    return views


@dataclass
class Result:
    """What a forked language build hands back, per language it built."""

    languages: dict[str, LanguageState] = field(default_factory=dict)
    """The curriculum plugin's state of each language, whole."""
    search_entries: dict[str, list[Any]] = field(default_factory=dict)
    """static-i18n's search entries of each language (Material's search plugin's)."""
    sitemap: dict[str, list[Any]] = field(default_factory=dict)
    """What static-i18n's sitemap template reads of each language's pages (`sitemap_view`)."""
    error: BaseException | None = None
    error_text: str = ""


@dataclass
class _Child:
    pid: int
    read_fd: int
    languages: list[str]


class Languages:
    """The forked processes building some languages, seen from the process that forked them."""

    def __init__(self) -> None:
        self.children: list[_Child] = []

    @property
    def running(self) -> bool:
        return bool(self.children)

    @property
    def languages(self) -> list[str]:
        """The languages the forked processes build."""
        return [lang for child in self.children for lang in child.languages]

    def start(
        self, config: MkDocsConfig, i18n: Any, plugin: Any, languages: list[str], *, halves: bool = False
    ) -> None:
        """Fork one process per language of `languages`, each building its language into config.site_dir;
        `halves`: each writes its pages with a sibling (`RenderHalves`)."""
        if not languages or not hasattr(os, "fork"):
            return
        for lang in languages:
            self._fork(config, i18n, plugin, [lang], halves)

    def _fork(self, config: MkDocsConfig, i18n: Any, plugin: Any, languages: list[str], halves: bool) -> None:
        read_fd, write_fd = os.pipe()
        _flush()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read_fd)
            for sibling in self.children:  # an earlier sibling's pipe is the parent's to read
                with contextlib.suppress(OSError):
                    os.close(sibling.read_fd)
            self.children = []
            _hand_back(write_fd, lambda: _build(config, i18n, plugin, languages, halves))
        os.close(write_fd)
        log.debug("Process %d builds %s", pid, ", ".join(languages))
        self.children.append(_Child(pid, read_fd, list(languages)))

    def join(self, each: Callable[[Result], None] | None = None) -> Result:
        """Wait for every forked build; their results together (the first error of them, in the languages'
        order), or a PluginError if a process died. `each` is given every result without an error as it comes,
        while the later processes may still build."""
        together = Result()
        children, self.children = self.children, []
        died: list[str] = []
        for child in children:
            with os.fdopen(child.read_fd, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(child.pid, 0)
            if not data:
                code = os.waitstatus_to_exitcode(status)
                died.append(f"The process building {', '.join(child.languages)} stopped (exit status {code}).")
                continue
            result: Result = pickle.loads(data)  # noqa: S301 - our own child, through a pipe
            if each is not None and result.error is None and not result.error_text:
                each(result)
            together.languages.update(result.languages)
            together.search_entries.update(result.search_entries)
            together.sitemap.update(result.sitemap)
            if together.error is None and not together.error_text:
                together.error, together.error_text = result.error, result.error_text
        if died and together.error is None and not together.error_text:
            raise PluginError(" ".join(died))
        return together

    def stop(self) -> None:
        """The build failed here: end the forked builds (they write into the folder that is being thrown away)."""
        children, self.children = self.children, []
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.pid, signal.SIGTERM)
            with contextlib.suppress(OSError):
                os.close(child.read_fd)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child.pid, 0)


def _flush() -> None:
    """Before a fork (or the end of a forked process): nothing buffered is written twice, nor lost."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


def _hand_back(write_fd: int, make: Callable[[], Result]) -> NoReturn:
    """In a forked process: send what `make` gives through the pipe and end the process; nothing may escape into
    the code of the process it was forked from (an empty pipe tells that one it stopped)."""
    code = 0
    try:
        data = _dumps(make())
        with os.fdopen(write_fd, "wb") as out:
            out.write(data)
    except BaseException:  # noqa: BLE001 - see above
        code = 1
    finally:
        _flush()
        os._exit(code)


def _dumps(result: Result) -> bytes:
    try:
        return pickle.dumps(result)
    except Exception as problem:  # noqa: BLE001 - what does not pickle travels as text, and fails the build
        text = result.error_text or f"The forked build's result could not be sent back ({problem})."
        return pickle.dumps(Result(error=None, error_text=text))


def _copy_nothing(*args: Any, **kwargs: Any) -> None:
    """In place of `Files.copy_static_files` in the sibling of `RenderHalves`."""


class RenderHalves:
    """In the process forked last (`rom`): its pages written by two processes, once they are converted.

    The last language's process converts its pages while the other languages' processes still write theirs;
    by the time it writes its own, the others are done and a core would sit idle. At its `on_env` (every page
    converted, the navigation known), `split` forks a sibling: this process writes the first half of the
    pages, the sibling the second, each checks the anchors of the links of its own pages (MkDocs checks a
    page's links to other pages' anchors after writing all pages; a page not written here has its links
    checked there). The first copies the language's other files; both write its static templates (the same bytes).
    The sibling hands back its share of the language's state, search entries and error, which `_build` adds
    to this process's (`state.absorbed`; the entries after this process's, as one process would list them).
    """

    def __init__(self) -> None:
        self.sibling: _Child | None = None
        self.send_fd: int | None = None
        """In the sibling: the pipe to the process it was forked from."""
        self._original: Any = None

    @property
    def is_sibling(self) -> bool:
        return self.send_fd is not None

    def split(self, files: Any) -> None:
        """Fork the sibling; from now on each process writes only its half of the pages."""
        if self.sibling is not None or self.is_sibling or not hasattr(os, "fork"):
            return
        pages = [file.src_uri for file in files.documentation_pages() if file.page is not None]
        half = (len(pages) + 1) // 2
        read_fd, write_fd = os.pipe()
        _flush()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            self.send_fd = write_fd
            self._write_only(set(pages[half:]))
            # The other process copies the language's other files (cards, images, classroom views, the theme's).
            files.copy_static_files = _copy_nothing
        else:
            os.close(write_fd)
            log.debug("Process %d writes %d of the %d pages", pid, len(pages) - half, len(pages))
            self.sibling = _Child(pid, read_fd, [])
            self._write_only(set(pages[:half]))

    def _write_only(self, share: set[str]) -> None:
        original = self._original = mkdocs_build._build_page

        def build_page(page: Any, *args: Any, **kwargs: Any) -> None:
            if page.file.src_uri not in share:
                page.links_to_anchors = None  # checked by the process that writes the page
                return
            original(page, *args, **kwargs)

        mkdocs_build._build_page = build_page

    def restore(self) -> None:
        if self._original is not None:
            mkdocs_build._build_page = self._original
            self._original = None

    def send(self, result: Result) -> None:
        """In the sibling: hand the result back and end this process."""
        assert self.send_fd is not None
        _hand_back(self.send_fd, lambda: result)

    def join(self, result: Result) -> None:
        """Add the sibling's share to `result` (its error, if this process had none)."""
        if self.sibling is None:
            return
        child, self.sibling = self.sibling, None
        with os.fdopen(child.read_fd, "rb") as pipe:
            data = pipe.read()
        os.waitpid(child.pid, 0)
        if not data:
            result.error_text = result.error_text or "The process writing half of the last language's pages stopped."
            return
        other: Result = pickle.loads(data)  # noqa: S301 - our own child, through a pipe
        for lang, state in other.languages.items():
            if lang in result.languages:
                result.languages[lang] = absorbed(result.languages[lang], state)
                result.search_entries[lang] = result.search_entries.get(lang, []) + other.search_entries.get(lang, [])
        if result.error is None and not result.error_text:
            result.error, result.error_text = other.error, other.error_text


def _build(config: MkDocsConfig, i18n: Any, plugin: Any, languages: list[str], halves: bool = False) -> Result:
    """In the forked process: build each language as static-i18n's `on_post_build` would; `halves`: its one
    language's pages are written by two processes (`RenderHalves`)."""
    result = Result()
    # This process never stages or publishes: a failed build here must not delete the parent's staging folder.
    plugin.forked_build = True
    plugin.render_halves = RenderHalves() if halves and len(languages) == 1 else None
    i18n.building = True
    build_logger = logging.getLogger("mkdocs.commands.build")
    build_logger.addFilter(quiet_build_lines)
    clean_directory = mkdocs_build.utils.clean_directory
    mkdocs_build.utils.clean_directory = keep_folder  # as static-i18n does: one folder for all
    try:
        for lang in languages:
            before = len(i18n.search_entries)
            i18n.current_language = lang
            mkdocs_build.build(config, dirty=False)
            result.search_entries[lang] = list(i18n.search_entries[before:])
            result.sitemap[lang] = sitemap_view(list(i18n.i18n_files_per_language.get(lang, [])))
            result.languages[lang] = plugin.by_language[lang]
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        result.error, result.error_text = error, f"{type(error).__name__}: {error}"
    finally:
        mkdocs_build.utils.clean_directory = clean_directory
    split: RenderHalves | None = plugin.render_halves
    if split is not None:
        split.restore()
        if split.is_sibling:
            result.sitemap = {}  # the process it was forked from has every page's
            split.send(result)  # ends this process
        split.join(result)  # also after an error here: its pages' problems are reported too
    return result


def keep_folder(directory: str) -> None:
    """In place of MkDocs' clean_directory: every language builds into the one folder."""


def quiet_build_lines(record: logging.LogRecord) -> bool:
    """MkDocs' lines for each inner build, filtered as static-i18n does."""
    return not str(record.msg).startswith(("Documentation built in", "Building documentation to directory"))
