"""Fast preview: `mkdocs serve --dirty` rebuilds only the pages an edit changed.

MkDocs' `--dirty` skips a page when its output is newer than its source file. Our pages have no source
file (they are generated from curriculum/), so MkDocs would rebuild all of them; and a page it skips is
never read, so its title is missing from the navigation of the pages it does rebuild. This module gives
generated pages a content test instead, reads every page's title (cheap, no rendering), and rebuilds every
page of a language when that language's navigation changed (a new lesson, a changed title) or a theme
override in `overrides/` was edited.

While `mkdocs serve` runs (dirty or not), content errors do not fail the rebuild (MkDocs' server would then
hold every request until a build succeeds): `ErrorPages` puts a page listing the problems in place of every
page, and MkDocs' live reload brings the real pages back once the files are fixed.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from material.plugins.search.plugin import SearchPlugin as MaterialSearchPlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation

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
        content_digest = digest(markdown, self._glossary[1])
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
                page.read_source(config)
        theme = config.theme.custom_dir
        state = digest(
            *(f"{page.url}\t{page.title}" for page in nav.pages),
            repr(folder_state(theme) if theme else ()),  # an edited override changes every page
        )
        if self.nav.get(lang) != state:
            self.nav[lang] = state
            self.rebuild_all.add(lang)
            for file in files:
                if file.is_documentation_page() and not hasattr(file, "drom_digest"):
                    file.is_modified = lambda: True  # type: ignore[method-assign]
        else:
            self.rebuild_all.discard(lang)

    def written_page(self, page: Any) -> None:
        """Record what a generated page was rendered from."""
        if self.active and hasattr(page.file, "drom_digest"):
            self.written[page.file.abs_dest_path] = page.file.drom_digest


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
