"""Fast preview: `mkdocs serve --dirty` rebuilds only the pages an edit changed.

MkDocs' `--dirty` skips a page when its output is newer than its source file. Our pages have no source
file (they are generated from curriculum/), so MkDocs would rebuild all of them; and a page it skips is
never read, so its title is missing from the navigation of the pages it does rebuild. This module gives
generated pages a content test instead, reads every page's title (cheap, no rendering), and rebuilds every
page of a language when that language's navigation changed (a new lesson, a changed title) or a theme
override in `overrides/` was edited. Generated files that are not pages (classroom views, feeds) get the same
content test, the sitemap is left out and the 404 page is rendered only with a changed navigation. The
curriculum's files are read again only when changed (`loader.ParseCache`) and pages made again only when
what they show changed (`drom.memo`). On Linux the server hears of saves from inotify (`watch_natively`).

While `mkdocs serve` runs (dirty or not), content errors do not fail the rebuild (MkDocs' server would then
hold every request until a build succeeds): `ErrorPages` puts a page listing the problems in place of every
page, and MkDocs' live reload brings the real pages back once the files are fixed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from material.plugins.search.plugin import SearchPlugin as MaterialSearchPlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)
from watchdog.observers.api import ObservedWatch

from .. import messages
from ..diagnostics import Diagnostics
from ..model import Curriculum
from .theme_cache import folder_state

DIRTY_WARNING = "A 'dirty' build is being performed"
"""MkDocs warns on every dirty build; with `strict: true` that warning alone would abort each rebuild."""


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


class Preview:
    """What the last dirty build wrote, to tell which generated pages an edit changed."""

    def __init__(self) -> None:
        self.active = False
        self.written: dict[str, str] = {}
        """Output path -> digest of what was rendered there."""
        self.nav: dict[str, str] = {}
        """Language -> digest of its navigation (titles and URLs) at the last build."""
        self.rebuild_all: set[str] = set()
        self.forced = False
        """Every page is rendered in this build (error pages are shown, or were until this build)."""
        self._glossary = ("", "")
        """(curriculum fingerprint, digest of its glossary)."""
        self._digests: dict[int, tuple[str, str, str]] = {}
        """id of a page's Markdown -> (the Markdown, glossary digest, content digest), from the last build: a page
        kept by `drom.memo` brings the same string again."""
        self._digests_now: dict[int, tuple[str, str, str]] = {}
        self.front_matter: dict[str, dict[str, Any]] = {}
        """Content digest of a generated page -> its front matter, as MkDocs read it."""
        self.static_written: dict[str, str] = {}
        """Output path -> digest of the content of a generated file that is not a page (`track_static`)."""
        self.static_pending: dict[str, str] = {}
        """The same, for the files of builds not yet done."""
        self.not_found_written = False
        """A language of this build has rendered the theme's 404 page (`static_templates`)."""
        self._unfinished: tuple[str, str | None] | None = None
        """(language, its navigation's digest before) while a language's build is under way."""

    def start(self, *, command: str, dirty: bool) -> None:
        self.active = command == "serve" and dirty
        if self.active:
            logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())

    def configure_search(self, config: MkDocsConfig) -> None:
        """Material's search merges a dirty build's entries into the previous index; static-i18n then stacks
        that merged index once per language, so it doubles with every rebuild (38 s by the fifth edit).
        In the preview the index holds the pages rebuilt by the last edit only."""
        if not self.active:
            return
        for name in ("search", "material/search"):
            plugin = config.plugins.get(name)
            if isinstance(plugin, MaterialSearchPlugin):
                plugin.is_dirty = False

    def track(self, file: File, lang: str, markdown: str, curriculum: Curriculum) -> None:
        """Give a generated page a content test for `--dirty`: modified when what it renders changed, that is
        its Markdown or the glossary (whose meanings become the page's tooltips)."""
        if not self.active:
            return
        if self._glossary[0] != curriculum.fingerprint:
            terms = curriculum.terms
            self._glossary = (curriculum.fingerprint, digest(*(f"{key}={terms[key]!r}" for key in sorted(terms))))
        known = self._digests.get(id(markdown))
        if known is None or known[0] is not markdown or known[1] != self._glossary[1]:
            known = (markdown, self._glossary[1], digest(markdown, self._glossary[1]))
        self._digests_now[id(markdown)] = known
        content_digest = known[2]
        file.is_modified = self._modified_test(file, lang, content_digest)  # type: ignore[method-assign]

    def _modified_test(self, file: File, lang: str, content_digest: str) -> Callable[[], bool]:
        def is_modified() -> bool:
            return self.forced or lang in self.rebuild_all or self.written.get(file.abs_dest_path) != content_digest

        file.drom_digest = content_digest  # type: ignore[attr-defined]
        return is_modified

    def force(self, files: Iterable[File], forced: bool) -> None:
        """Render every page in this build, or only the changed ones again."""
        self.forced = forced
        if self.active and forced:
            for file in files:
                if file.is_documentation_page():
                    file.is_modified = lambda: True  # type: ignore[method-assign]

    def read_titles(self, nav: Navigation, config: MkDocsConfig, lang: str, files: Iterable[File]) -> None:
        """Read the pages a dirty build will skip (for their titles), and note whether the navigation changed."""
        if not self.active:
            return
        for page in nav.pages:
            if page.markdown is None:
                self._read_front_matter(page, config)
        theme = config.theme.custom_dir
        settings = Path(config.config_file_path or "mkdocs.yml")
        state = digest(
            *(f"{page.url}\t{page.title}" for page in nav.pages),
            repr(folder_state(theme) if theme else ()),  # an edited override changes every page
            repr(settings.stat().st_mtime_ns if settings.is_file() else 0),  # so does an edited mkdocs.yml
        )
        self._unfinished = (lang, self.nav.get(lang))
        if self.nav.get(lang) != state:
            self.nav[lang] = state
            self.rebuild_all.add(lang)
            for file in files:
                if file.is_documentation_page() and not hasattr(file, "drom_digest"):
                    file.is_modified = lambda: True  # type: ignore[method-assign]
        else:
            self.rebuild_all.discard(lang)

    def _read_front_matter(self, page: Any, config: MkDocsConfig) -> None:
        """A skipped page's front matter (its title, for the navigation): a generated page's is taken from the
        last build that read the same content (its digest), not parsed again. The page is not rendered, so its
        Markdown is left empty; a page that is rendered reads its source again (`_populate_page`)."""
        content_digest = getattr(page.file, "drom_digest", None)
        known = self.front_matter.get(content_digest) if content_digest else None
        if known is not None:
            page.markdown, page.meta = "", dict(known)
            return
        page.read_source(config)
        if content_digest:
            if len(self.front_matter) > 50_000:  # a long session's old versions
                self.front_matter.clear()
            self.front_matter[content_digest] = dict(page.meta)

    def track_static(self, file: File) -> None:
        """Give a generated file with content (a classroom view, a feed) a content test: MkDocs writes such a
        file at every build, dirty or not."""
        if not self.active or file.abs_src_path is not None or file.is_documentation_page():
            return
        content_digest = hashlib.sha256(file.content_bytes).hexdigest()
        dest = file.abs_dest_path
        self.static_pending[dest] = content_digest

        def is_modified() -> bool:
            return self.forced or self.static_written.get(dest) != content_digest

        file.is_modified = is_modified  # type: ignore[method-assign]

    def build_started(self) -> None:
        """A build of every language starts (`mkdocs serve` rebuilds after an edit)."""
        self.not_found_written = False
        if self._digests_now:
            self._digests, self._digests_now = self._digests_now, {}

    def built(self) -> None:
        """A language's build is done: the files tracked until now are written."""
        self.static_written.update(self.static_pending)
        self.static_pending.clear()
        self._unfinished = None

    def abandoned(self) -> None:
        """A language's build stopped part way (`release.Superseded`): the next build compares its navigation
        with the one its pages were last rendered with, and writes its other files again."""
        if self._unfinished is not None:
            lang, state = self._unfinished
            if state is None:
                self.nav.pop(lang, None)
            else:
                self.nav[lang] = state
            self._unfinished = None
        self.static_pending.clear()

    def static_templates(self, config: MkDocsConfig, lang: str) -> None:
        """The theme's static pages this build renders: no sitemap in the preview, and the 404 page only when
        the language's navigation changed (or every page is rendered)."""
        if not self.active:
            return
        theme = config.theme
        original = getattr(theme, "drom_static_templates", None)
        if original is None:
            original = set(theme.static_templates)
            theme.drom_static_templates = original  # type: ignore[attr-defined]
        wanted = original - {"sitemap.xml"}
        # Every language writes the one 404.html: once one does in a build, the later ones do too, so the file
        # is always the last language's, as in a full build.
        if self.forced or lang in self.rebuild_all or self.not_found_written:
            self.not_found_written = "404.html" in wanted
        else:
            wanted.discard("404.html")
        theme.static_templates.clear()
        theme.static_templates.update(wanted)

    def written_page(self, page: Any) -> None:
        """Record what a generated page was rendered from."""
        if self.active and hasattr(page.file, "drom_digest"):
            self.written[page.file.abs_dest_path] = page.file.drom_digest


_CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
"""The events that are edits: not a file opened or read (the build itself reads the curriculum)."""


def _notified() -> Any | None:
    """An observer that learns of changes from the system (inotify), or None where there is none (not Linux)."""
    try:
        from watchdog.observers.inotify import InotifyObserver
    except (ImportError, OSError):
        return None

    class Notified(InotifyObserver):
        """The system's notice of each change instead of MkDocs' polling, which stats every watched file twice a
        second (at 300 lessons 55 ms of CPU a round, and up to half a second before a save is seen)."""

        def schedule(  # type: ignore[override]
            self, event_handler: Any, path: str, *, recursive: bool = False, **options: Any
        ) -> ObservedWatch:
            options.setdefault("event_filter", _CHANGES)
            return super().schedule(event_handler, path, recursive=recursive, **options)

        def start(self) -> None:
            if not self.is_alive():  # started by `watch_natively`; MkDocs' server starts it again
                super().start()

    return Notified()


NOTIFIED_BUILD_DELAY = 0.03
"""Seconds without a further change before a rebuild starts, when the system tells of each change."""


def watch_natively(server: Any, extra: Iterable[str]) -> bool:
    """Let MkDocs' live-reload server learn of changes from the system (Linux: inotify), and watch `extra`
    (the config's `watch` folders) already. False, and MkDocs' polling as before, where that is not available
    (another system, no free inotify watches) or `DROM_WATCH=poll` asks for polling."""
    if os.environ.get("DROM_WATCH", "").strip().lower() == "poll" or server.observer.is_alive():
        return False
    notified = _notified()
    if notified is None:
        return False
    paths = dict(server._watched_paths)
    for path in extra:
        paths.setdefault(os.path.abspath(path), 0)

    polling, polling_delay = server.observer, server.build_delay
    # MkDocs waits this long after the last change before it rebuilds (0.1 s, for polling's bursts): the
    # system's notices of one save all come within a few milliseconds.
    server.build_delay = NOTIFIED_BUILD_DELAY
    for path, count in list(server._watched_paths.items()):
        for _ in range(count):
            server.unwatch(path)
    server.observer = notified
    try:
        for path, count in paths.items():
            for _ in range(max(count, 1)):
                server.watch(path)
        notified.start()
    except (OSError, TypeError) as error:  # TypeError: a watchdog older than 4.0 (no event filters)
        logging.getLogger(__name__).info("Watching for changes by polling (%s)", error)
        with contextlib.suppress(Exception):
            notified.stop()
        server._watched_paths.clear()
        server._watch_refs.clear()
        server.observer = polling
        server.build_delay = polling_delay
        for path, count in paths.items():
            for _ in range(max(count, 1)):
                server.watch(path)
        return False
    return True


_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


@dataclass(frozen=True)
class _Shown:
    """One problem as the error page shows it, in the author's language."""

    where: str
    severity: str
    label: str
    code: str
    title: str
    message: str
    hint: str


class ErrorPages:
    """The problems of a broken curriculum, shown in place of every page while `mkdocs serve` runs.

    The last curriculum that loaded stays in use, so the site keeps its pages and navigation (each showing
    the problems); after the fix, the whole site is rendered once more, so that no page keeps the error page.
    """

    def __init__(self) -> None:
        self.enabled = False
        self.diagnostics: Diagnostics | None = None
        self.stamp = ""
        """The fingerprint of the curriculum folder the problems were found in."""
        self._recovered = False
        self._report = ""

    def start(self, *, command: str) -> None:
        self.enabled = command == "serve"

    @property
    def showing(self) -> bool:
        return self.diagnostics is not None

    def failed(self, stamp: str, diagnostics: Diagnostics, lang: str) -> None:
        self.stamp, self.diagnostics = stamp, diagnostics
        self._report = diagnostics.report(lang)

    def new_report(self) -> str:
        """The report of problems not yet printed (once per broken state, not once per language built)."""
        report, self._report = self._report, ""
        return report

    def loaded(self) -> None:
        """The curriculum loads again: this rebuild renders every page."""
        if self.showing:
            self._recovered = True
        self.stamp, self.diagnostics = "", None

    def forcing(self) -> bool:
        return self.showing or self._recovered

    def build_done(self) -> None:
        """The outermost build (all languages) is written."""
        self._recovered = False

    def html(self, lang: str) -> str:
        assert self.diagnostics is not None
        problems = self.diagnostics.problems
        errors = sum(1 for p in problems if p.severity.value == "error")
        shown = []
        for problem in problems:
            title, message, hint = problem.text(lang)
            where = f"{problem.file}:{problem.line}:{problem.column}" if problem.line else problem.file
            severity = problem.severity.value
            label = messages.ui(lang, severity)
            shown.append(_Shown(where, severity, label, problem.code, title, message, hint))
        return _TEMPLATES.get_template("preview-errors.html").render(
            lang=lang,
            title=messages.ui(lang, "errors_title"),
            intro=messages.ui(lang, "errors_intro", errors=errors, warnings=len(problems) - errors),
            hint_label=messages.ui(lang, "hint"),
            problems=shown,
        )
