"""The `curriculum` MkDocs plugin: MkDocs events in, calls to the curriculum library out."""

from __future__ import annotations

import datetime as dt
import functools
import html
import logging
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.utils import CountHandler

from .. import classroom, messages, progress, social
from .. import pages as gen
from ..a11y import focusable_code_blocks
from ..diagnostics import CurriculumError, codes_table
from ..glossing import mark_terms
from ..i18n import string_lang, t
from ..links import mark_external
from ..loader import ParseCache, fingerprint, load_or_fail
from ..markdown_config import MarkdownConfig, MarkdownConfigError
from ..model import Curriculum
from ..pages.kinds import GENERATED_LINK, KINDS, RESERVED, outline
from ..pages.templating import OVERRIDE_FOLDER
from ..reading import scrollable_tables
from ..translations import translation_status
from ..yearplan import PlanError
from ..yearplan.downloads import DOWNLOAD_FOLDER, PlanFiles, plan_bands, plan_language, site_downloads
from . import csp, langmarks, offline, parallel, preview, publish, rawblocks, search, search_entries, theme_cache
from . import i18n as i18n_compat
from .config import CurriculumConfig
from .markdown import markdown_config
from .release import FirstLanguage, Superseded
from .state import LanguageState, merged

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).resolve().parent.parent / "assets"
STYLESHEET = "assets/drom/drom.css"
SCRIPT = "assets/drom/drom.js"
START = "assets/drom/start.js"
"""Loaded by overrides/main.html before Material's bundle, not listed in extra_javascript."""
READING_SCRIPT = "assets/drom/reading.js"
"""Lesson pages on a phone: the activity bar and folds (drom/reading.py)."""
CODES_MARKER = "<!-- drom:codes -->"
UPCOMING_MARKER = "<!-- drom:upcoming -->"


def _pin_build_date(project: Path) -> None:
    """Date the build by the last commit, not the clock, so two builds of one commit are byte-identical.

    MkDocs reads SOURCE_DATE_EPOCH for every page's date (the sitemap's <lastmod>) and the sitemap.xml.gz
    header. A value set by the caller is kept; outside a Git checkout the clock is used, as before.
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return
    try:
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=project, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return
    if stamp.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = stamp


def _build_day() -> dt.date:
    """The day the build is dated (SOURCE_DATE_EPOCH, pinned to the last commit), else today: which school
    year is "current" for the year plans, the same in every build of one commit."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if stamp.isdigit():
        return dt.datetime.fromtimestamp(int(stamp), dt.UTC).date()
    return dt.date.today()


def _shown(path: Path) -> str:
    """A folder as the author would type it: relative to the working folder when it is inside it."""
    try:
        return f"{path.resolve().relative_to(Path.cwd().resolve()).as_posix()}/"
    except ValueError:
        return f"{path.as_posix()}/"


def _default_language(root: Path) -> str:
    """The curriculum's default language, read before (and whether or not) the curriculum loads."""
    try:
        first = (root / "curriculum.yml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return "bg"
    match = re.search(r"^languages:\s*\[\s*([a-z]{2,3})", first, re.MULTILINE) or re.search(
        r"^languages:\s*\n\s*-\s*([a-z]{2,3})", first, re.MULTILINE
    )
    return match.group(1) if match else "bg"


@functools.cache
def _shim() -> str:
    """The iframe-worker shim's source (the offline pack's policy hashes the script it writes)."""
    return (ASSETS / offline.SHIM.removeprefix("assets/drom/")).read_text(encoding="utf-8")


def _alone(marker: str) -> re.Pattern[str]:
    return re.compile(rf"^[ \t]*{re.escape(marker)}[ \t]*$", re.MULTILINE)


def _warnings_counted() -> bool:
    """Whether MkDocs' strict-mode counter has seen a warning in this build."""
    return any(
        isinstance(handler, CountHandler) and handler.get_counts() for handler in logging.getLogger("mkdocs").handlers
    )


class _Routine(logging.Filter):
    """Drops upstream lines that say nothing to an author on every build (shown again with `mkdocs -v`)."""

    def __init__(self, *prefixes: str) -> None:
        super().__init__()
        self.prefixes = prefixes

    def filter(self, record: logging.LogRecord) -> bool:
        # A plugin's logger puts its name before the message ("mkdocs_static_i18n: Overriding ...").
        message = re.sub(r"^[\w.-]+: ", "", str(record.msg), count=1)
        return not message.startswith(self.prefixes) or logging.getLogger("mkdocs").level <= logging.DEBUG


_QUIET: dict[str, tuple[str, ...]] = {
    # static-i18n names each setting it changes for each language, on every build.
    "mkdocs.plugins.mkdocs_static_i18n.reconfigure": ("Overriding ",),
    # A build writes into a fresh staging folder, so MkDocs' "stale files" note never applies.
    "mkdocs.commands.build": ("The directory contains stale files",),
}


def _quiet(command: str) -> None:
    """Silence the routine upstream lines, once per process; `mkdocs build` ends with our own summary."""
    for name, prefixes in _QUIET.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Routine) for f in logger.filters):
            if command == "build" and name == "mkdocs.commands.build":
                prefixes = (*prefixes, "Documentation built in")
            logger.addFilter(_Routine(*prefixes))


def _stop_counting_warnings() -> None:
    """This build's warnings no longer abort it in strict mode (MkDocs counts them from the build's start)."""
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler):
            handler.setLevel(logging.CRITICAL + 1)


class CurriculumPlugin(BasePlugin[CurriculumConfig]):
    """Builds the curriculum's pages, in every language, from `curriculum/`."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.publish_to: Path | None = None
        """The real site_dir while the build writes into a staging folder beside it."""
        self.curriculum: Curriculum | None = None
        self._site_url = ""
        self.downloads: gen.Downloads = {}
        self.translation_states: gen.States = {}
        self._pdf_stamp = ""
        self._pdf_out: Path | None = None
        self.year_plans: PlanFiles | None = None
        """The year-plan files of this build (None: the curriculum has no school year, so no plan pages)."""
        self._plans_stamp = ""
        self._plans_out: Path | None = None
        self._pages: dict[tuple[str, str], list[gen.Page]] = {}
        self._page_index: dict[tuple[str, str], dict[str, gen.Page]] = {}
        self._pack: Path | None = None
        self._media: tuple[str, list[gen.Media]] = ("", [])
        self.offline_build = offline.is_offline_build()
        """This process builds the offline pack's site (file URLs, no pack of its own)."""
        self.directory_urls = True
        self.preview = preview.Preview()
        self.parse_cache = ParseCache()
        """While serving: the curriculum's files as last read, so a reload reads only the changed ones."""
        self.page_memo = gen.PageMemo()
        """While serving: the pages made by earlier builds, so a rebuild makes only the pages an edit changed."""
        self.error_pages = preview.ErrorPages()
        self.release = FirstLanguage()
        """While serving: the first language's pages are served while the other languages are built."""
        self.started = time.monotonic()
        self.lang = messages.choose(None, "bg")
        """The language of what the build says to the author (the locale's, else the curriculum's default)."""
        self.markdown: MarkdownConfig | None = None
        self.raw_blocks = rawblocks.RawBlocks()
        """Hands each generated page's template HTML to Python-Markdown already stashed (`rawblocks`)."""
        self.overrides: tuple[str, ...] = ()
        """The theme's custom_dir, whose `drom/` folder overrides the page and print templates."""
        self._overrides_state: int | None = None
        """The state of the overridden templates, read once per build (`state`), not for every page."""
        self.by_language: dict[str, LanguageState] = {}
        """What this build collected of each language built so far (`drom.site.state`), here or in the forked
        process (whose states `on_post_build` adds)."""
        self.current = LanguageState()
        """The state of the language being built (also in `by_language`)."""
        self._forked: parallel.Languages | None = None
        """The processes building the other languages beside this one (`mkdocs build` only)."""
        self._forked_later: list[str] = []
        """The language forked once the default language's pages are converted (drom.site.parallel)."""
        self.forked_build = False
        """This process is that forked process: it builds languages into the parent's staging folder."""
        self.render_halves: parallel.RenderHalves | None = None
        """In the process forked last: its pages are written by it and a sibling (`parallel.RenderHalves`)."""
        self.search_pieces: search.SplitIndex | None = None
        """The search index in pieces of this build: the default language's are written once it is built, while
        the forked processes may still build the others (`mkdocs build` only)."""

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, and with it the caches.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"
        self.preview.start(command=command, dirty=dirty)
        self.error_pages.start(command=command)
        self.started = time.monotonic()
        if not offline.is_offline_build():
            _quiet(command)

    @property
    def site_url(self) -> str:
        return self._site_url

    def root(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.curriculum_dir).resolve()

    # Runs before static-i18n (-100) so a broken curriculum stops the build before any language starts.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        i18n_compat.reset_language_switcher(config)
        try:
            self.markdown = markdown_config(config)
        except MarkdownConfigError as error:
            raise PluginError(str(error)) from None
        if not any(x is self.raw_blocks for x in config.markdown_extensions):
            self.raw_blocks.fragments.configure(config.markdown_extensions, config.mdx_configs)
            config.markdown_extensions.append(self.raw_blocks)
        self.overrides = (config.theme.custom_dir,) if config.theme.custom_dir else ()
        self._overrides_state = None  # a new build: the templates are read again
        root = self.root(config)
        _pin_build_date(Path(config.config_file_path).parent)
        # The offline build drops site_url (no canonical links to the web) but keeps it for share buttons.
        self._site_url = config.site_url or (self._site_url if self.offline_build else "")
        if self.offline_build:
            self.configure_offline(config)
        self.directory_urls = config.use_directory_urls
        if str(root) not in config.watch:
            config.watch.append(str(root))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        for script in (SCRIPT, READING_SCRIPT):
            if script not in [str(x) for x in config.extra_javascript]:
                config.extra_javascript.append(script)
        self.preview.configure_search(config)
        theme_cache.install(config.theme, [config.theme.custom_dir] if config.theme.custom_dir else [])
        i18n = i18n_compat.find_i18n(config)
        if i18n is None or not i18n.building:
            self.preview.build_started()
            self.release.build_started()
        self.release.check()
        if i18n is not None and i18n.building and self.curriculum is not None:
            # static-i18n's build of another language: the curriculum of this build's first language, so that
            # every language of one build shows the same files (an author may save again meanwhile).
            curriculum: Curriculum | None = self.curriculum
        else:
            curriculum = self.load(root)
        if self.error_pages.showing:
            # Every page is the error page: no warning may abort the preview's rebuild, or MkDocs' server holds
            # every request until a build succeeds.
            _stop_counting_warnings()
            config.strict = False
            report = self.error_pages.new_report()
            if report:
                log.warning("%s\n%s", messages.ui(self.lang, "curriculum_errors_shown", root=root), report)
            return config
        if curriculum is not None and self.pdf_enabled():
            self.render_pdfs(config, curriculum)
        if curriculum is not None:
            self.make_year_plans(config, curriculum)
        if not self.is_serve and self.publish_to is None and not self.forked_build:
            # Only the outermost build: static-i18n runs on_config again for each other language.
            if not self.offline_build:
                publish.check_address(config.site_url or "")
            if self.offline_pack_enabled():
                self.make_offline_pack(config)
            self.stage(config)
        return config

    def configure_offline(self, config: MkDocsConfig) -> None:
        """Pages as files (`lessons/x.html`), no absolute links to the web site, Web Workers from file://."""
        config.use_directory_urls = False
        config.site_url = None
        polyfills = config.extra.get("polyfills") or []
        if offline.SHIM not in polyfills:
            config.extra["polyfills"] = [*polyfills, offline.SHIM]
        if not self.downloads:
            self._pdf_out, self.downloads = offline.offline_pdfs()

    def offline_pack_enabled(self) -> bool:
        return not self.offline_build and self._switch("DROM_OFFLINE", self.config.offline_pack)

    def _switch(self, variable: str, option: bool | None) -> bool:
        """An output that is on for `mkdocs build` and off for `mkdocs serve`, unless the plugin option says
        otherwise; the environment variable (1/0, true/false, on/off) overrides both."""
        setting = os.environ.get(variable)
        if setting is not None:
            return setting.strip().lower() not in ("0", "false", "no", "off", "")
        if option is not None:
            return bool(option)
        return not self.is_serve

    def make_offline_pack(self, config: MkDocsConfig) -> None:
        """Build the offline pack before any page, so the downloads pages can give its size."""
        assert self.curriculum is not None
        project = Path(config.config_file_path).parent
        work = project / self.config.offline_cache_dir
        sources = [Path(config.docs_dir), self.root(config)]
        sources += [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        pack, built = offline.build_pack(
            Path(config.config_file_path),
            work,
            self.downloads,
            self._pdf_out,
            strict=bool(config.strict),
            sources=[x if x.is_absolute() else project / x for x in sources],
            progress=self._progress("progress_offline"),
            languages=len(i18n_compat.built_languages(config, self.curriculum.languages)) or 1,
        )
        size = pack.stat().st_size
        self._pack = pack
        for lang in i18n_compat.built_languages(config, self.curriculum.languages):
            self.downloads[("offline", lang, "")] = gen.Download(offline.PACK_PATH, size, 0)
        self._pages.clear()
        self._page_index.clear()
        how = "built" if built else "unchanged inputs, reused"
        log.info("Offline school pack: %s (%s, %s)", offline.PACK_PATH, gen.size_text(size), how)

    def pdf_enabled(self) -> bool:
        return self._switch("DROM_PDF", self.config.pdf)

    def render_pdfs(self, config: MkDocsConfig, curriculum: Curriculum) -> None:
        """Render (or reuse) every PDF once per state of the curriculum, before any page is made."""
        if self._pdf_stamp == self.state(curriculum):
            return
        from .. import pdf  # WeasyPrint is imported only when PDFs are made

        assert self.markdown is not None, "on_config reads the Markdown configuration first"

        cache = Path(config.config_file_path).parent / self.config.pdf_cache_dir
        out = cache / "out"
        languages = i18n_compat.built_languages(config, curriculum.languages)
        report = pdf.render_all(
            curriculum,
            out,
            site_url=config.site_url or "",
            cache_dir=cache,
            languages=languages,
            markdown=self.markdown,
            overrides=self.overrides,
            concurrency=self.config.pdf_concurrency or None,
            progress=self._progress("progress_pdfs"),
        )
        for error in report.errors:
            log.warning("%s", error)
        log.info("Printable files: %s", report.summary())
        self.downloads = {(f.kind, f.lang, f.entity_id): gen.Download(f.path, f.size, f.pages) for f in report.files}
        self.downloads.update(offline.module_zips(curriculum, self.downloads, out))
        self._pdf_out = out
        self._pdf_stamp = self.state(curriculum)
        self._pages.clear()
        self._page_index.clear()

    def make_year_plans(self, config: MkDocsConfig, curriculum: Curriculum) -> None:
        """The year plans to download (.docx and CSV; PDF too when PDFs are on), once per state of the
        curriculum, before any page is made: the plan pages list the files that exist."""
        if not plan_bands(curriculum):
            self.year_plans = None
            return
        # The offline pack's build has PDFs off but copies the main build's: it offers the plans' PDFs with them.
        pdf = self.pdf_enabled() or (self.offline_build and bool(self.downloads))
        stamp = f"{self.state(curriculum)}:{pdf}"
        if self._plans_stamp == stamp:
            return
        cache = Path(config.config_file_path).parent / self.config.year_plan_cache_dir
        out = cache / ("offline" if self.offline_build else "out")
        try:
            self.year_plans = site_downloads(
                curriculum,
                out,
                _build_day(),
                pdf=pdf,
                cache_dir=cache,
                concurrency=self.config.pdf_concurrency or os.cpu_count() or 1,
                progress=self._progress("progress_year_plans"),
            )
        except PlanError as error:
            hint = f" {error.hint}" if error.hint else ""
            raise PluginError(f"Error making the year plans: {error.message}{hint}") from None
        self._plans_out = out
        self._plans_stamp = stamp
        self._pages.clear()
        self._page_index.clear()
        log.info("Year plans: %d files for %s", len(self.year_plans.sizes), ", ".join(self.year_plans.years) or "-")

    def _progress(self, label: str) -> Any:
        """A `progress(done, total)` callback that shows a count and the time left (see `drom.progress`)."""
        bar: list[progress.Progress] = []

        def report(done: int, total: int) -> None:
            if not bar:
                bar.append(progress.Progress(messages.ui(self.lang, label), total, lang=self.lang))
            if done:
                bar[0].update(done)
            if done >= total:
                bar[0].close()

        return report

    def stage(self, config: MkDocsConfig) -> None:
        """Build into a staging folder; `on_post_build` swaps it in, so a failed build publishes nothing."""
        final = Path(config.site_dir)
        staging = final.parent / f".{final.name}.staging"
        if staging.exists():
            shutil.rmtree(staging)  # left by an interrupted build
        self.publish_to = final
        config.site_dir = str(staging)

    # After Material's search (0) has written this language's index, before static-i18n (-100) builds the others.
    @event_priority(-50)
    def _on_post_build_first(self, *, config: MkDocsConfig) -> None:
        self.preview.built()  # every file of this language is written
        plugin = i18n_compat.find_i18n(config)
        if plugin is None or plugin.building or self.curriculum is None:
            return
        first = i18n_compat.current_language(config, self.curriculum.default_language)
        languages = i18n_compat.built_languages(config, self.curriculum.languages)
        others = [x for x in languages if x != first]
        if self.publish_to is not None and first == self.curriculum.default_language:
            # Now, while the forked processes build the other languages (and the first's entries alone are here).
            self.search_pieces = search.SplitIndex(Path(config.site_dir), languages, first, script=self.offline_build)
            self.search_pieces.write(
                search_entries.entries_and_config(config), self.current.fallback_urls, languages=[first]
            )
            if isinstance(plugin, i18n_compat.CurriculumI18n):
                plugin.joined = functools.partial(self.write_forked_search, config)
        self.release.first_written(first, others)
        self.release.interruptible = self.preview.active
        if self.preview.active and self.release.server is not None and isinstance(plugin, i18n_compat.CurriculumI18n):
            # A dirty build's pages are made again whenever what they show changed: languages left now are not lost.
            plugin.superseded = self.release.superseded

    # After static-i18n (-100), whose post_build event builds the other languages into the same folder.
    def write_forked_search(self, config: MkDocsConfig, result: parallel.Result) -> None:
        """The search pieces of the languages a forked process built, as soon as it is back: the others may
        still be building. The default language's entries (still the only ones in the index) are the originals
        their repeated entries are dropped for."""
        entries = search_entries.entries_and_config(config)
        if self.search_pieces is None or entries is None:
            return
        docs, search_config = entries
        for lang, state in result.languages.items():
            together = (docs + result.search_entries.get(lang, []), search_config)
            self.search_pieces.write(together, state.fallback_urls, languages=[lang])

    @event_priority(-200)
    def _on_post_build_all(self, *, config: MkDocsConfig) -> None:
        plugin = i18n_compat.find_i18n(config)
        if plugin is None or not plugin.building:
            self.error_pages.build_done()
            self.release.all_written()
        if self.publish_to is None or (plugin is not None and plugin.building):
            return
        forked = getattr(plugin, "forked", None)
        if forked is not None and plugin is not None:
            # The states of the languages built in the forked process (drom.site.parallel), whole.
            self.by_language = merged(self.by_language, forked.languages, list(plugin.build_languages))
            plugin.forked = None  # type: ignore[attr-defined]
        self._forked, self._forked_later = None, []
        if config.strict and _warnings_counted():
            return  # MkDocs aborts right after this event; on_build_error discards the staging folder
        if self.curriculum is not None:
            languages = i18n_compat.built_languages(config, self.curriculum.languages)
            pieces = self.search_pieces or search.SplitIndex(
                Path(config.site_dir), languages, self.curriculum.default_language, script=self.offline_build
            )
            pieces.write(
                search_entries.entries_and_config(config),
                set().union(*(x.fallback_urls for x in self.by_language.values())),
            )
            sizes = pieces.finish()
            self.search_pieces = None
            if isinstance(plugin, i18n_compat.CurriculumI18n):
                plugin.joined = None
            if sizes:
                log.info("Search index per language (bytes): %s", ", ".join(f"{k} {v}" for k, v in sizes.items()))
        if self.curriculum is not None and not self.offline_build:
            self.write_publishing_files(config, self.curriculum)
            states = self.by_language.values()
            headers = csp.headers_file(
                Path(config.site_dir),
                known=set().union(*(x.hashed_pages for x in states)),
                hashes=set().union(*(x.script_hashes for x in states)),
            )
            (Path(config.site_dir) / "_headers").write_text(headers, encoding="utf-8")
        staging, final = Path(config.site_dir), self.publish_to
        previous = final.parent / f".{final.name}.previous"
        if previous.exists():
            shutil.rmtree(previous)
        if final.exists():
            final.rename(previous)
        staging.rename(final)
        if previous.exists():
            shutil.rmtree(previous)
        config.site_dir = str(final)
        self.publish_to = None
        pdfs = sum(1 for item in self.downloads.values() if item.path.endswith(".pdf"))
        log.info(
            "%s",
            messages.ui(
                self.lang,
                "built",
                pages=sum(x.pages_written for x in self.by_language.values()),
                pdfs=pdfs,
                seconds=f"{time.monotonic() - self.started:.1f}",
                site=_shown(final),
            ),
        )

    on_post_build = CombinedEvent(_on_post_build_first, _on_post_build_all)

    def write_publishing_files(self, config: MkDocsConfig, curriculum: Curriculum) -> None:
        """404 pages per language and robots.txt, once all languages are built."""
        site_dir = Path(config.site_dir)
        not_found = {lang: x.not_found for lang, x in self.by_language.items() if x.not_found}
        publish.write_not_found_pages(site_dir, not_found, curriculum.default_language)
        publish.write_robots(site_dir, self.site_url)
        fallbacks = {publish.absolute(self.site_url, url) for x in self.by_language.values() for url in x.fallback_urls}
        publish.prune_sitemap(site_dir, fallbacks)

    def on_template_context(self, context: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        if template_name == "404.html" and self.curriculum is not None:
            c = self.curriculum
            lang = i18n_compat.current_language(config, c.default_language)
            catalogue = gen.SiteMap(c, self.directory_urls).page_url(gen.SiteMap(c).catalogue(lang))
            context["drom_not_found"] = publish.not_found(lang, c.default_language, self.site_url, catalogue)
        return context

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name == "404.html" and self.error_pages.showing:
            return self.error_page()  # MkDocs' server answers a page it does not have with 404.html
        if template_name.endswith(".html"):
            output = self.secured(output)
        if template_name == "404.html" and self.curriculum is not None:
            lang = i18n_compat.current_language(config, self.curriculum.default_language)
            if lang != self.curriculum.default_language:
                output = langmarks.mark(output, "404.html", lang, titles=self.current.foreign_titles, headings={})
            self.current.not_found = output
        return output

    # After static-i18n (50), which sets this page's language switcher in config.extra.alternate.
    def on_page_context(self, context: Any, *, page: Any, config: MkDocsConfig, nav: Navigation) -> Any:
        if self.curriculum is None:
            return context
        c = self.curriculum
        lang = i18n_compat.current_language(config, c.default_language)
        languages = i18n_compat.built_languages(config, c.languages) or [lang]
        generated = self.page_index(lang).get(page.file.src_uri) if page.file.generated_by else None
        written_in = self.written_in(page, generated, languages)
        seo: dict[str, Any] = {
            # Only the languages the page is written in: a fallback copy is neither an alternate nor indexed.
            "alternates": (
                publish.alternates(page.file, self.site_url, written_in, c.default_language)
                if lang in written_in and not self.offline_build  # the offline pack links nothing on the web
                else []
            ),
            "og_locale": publish.OG_LOCALES.get(lang, ""),
            "feed": publish.feed_url(lang, c.default_language) if self.site_url else "",
            "feed_title": t(lang, "feed_link"),
            "image": "",
        }
        if generated is not None and generated.kind in publish.CARD_KINDS and self.cards_enabled():
            seo["image"] = publish.absolute(self.site_url, publish.card_path(generated.kind, generated.entity_id, lang))
            seo["image_alt"] = generated.title
        context["drom_seo"] = seo
        return context

    def written_in(self, page: Any, generated: gen.Page | None, languages: list[str]) -> list[str]:
        """The languages a page is really written in, not shown as a fallback: an entity's complete texts; a
        hand-written page's `<name>.<lang>.md` files; every language for interface pages (catalogue, ...)."""
        assert self.curriculum is not None
        c = self.curriculum
        default = c.default_language
        if generated is not None and generated.kind == "year_plan":
            return [x for x in languages if plan_language(c, x) == x]
        if generated is not None:
            entities: dict[str, Any] = {"lesson": c.lessons, "module": c.modules, "resource": c.resources}
            entity = entities.get(generated.kind, {}).get(generated.entity_id)
            if entity is None:
                return languages
            return [x for x in languages if x == default or (x in entity.texts and entity.texts[x].complete)]
        source = Path(page.file.abs_src_path or "")
        stem = source.name.split(".")[0]
        return [x for x in languages if x == default or (source.parent / f"{stem}.{x}.md").is_file()]

    def secured(self, output: str, written_as: str | None = None) -> str:
        """The page with our search worker and its Content-Security-Policy; not while serving (MkDocs then
        injects its live-reload script into every page, and Material's own search reads its whole index). The
        offline pack's policy also allows the search frame's shim script.

        `written_as`: the page's site-relative path, when it is written as returned: its scripts' hashes are
        kept for `_headers` (which then need not read the page back)."""
        if self.is_serve or not self.config.enabled:
            return output
        output = search.use_worker(output)  # before the policy: the offline pack's hashes the worker's URL
        if written_as is None:
            return csp.with_policy(output, shim=_shim() if self.offline_build else None)
        self.current.hashed_pages.add(written_as)
        return csp.with_policy(output, shim=_shim() if self.offline_build else None, scripts=self.current.script_hashes)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """A language's build starts: a fresh state for it. The outermost build of `mkdocs build` also forks a
        process for each middle language (drom.site.parallel); the last language's comes in `on_env`."""
        plugin = i18n_compat.find_i18n(config)
        outermost = plugin is None or not plugin.building
        if outermost:
            self.by_language = {}
            self.search_pieces = None
        lang = i18n_compat.current_language(config, self.curriculum.default_language if self.curriculum else "")
        self.current = self.by_language[lang] = LanguageState()
        if not outermost or self.is_serve or self.publish_to is None or self.forked_build or self.curriculum is None:
            return
        if not isinstance(plugin, i18n_compat.CurriculumI18n) or "with-pdf" in config.plugins:
            return
        if parallel.jobs(self.config.build_jobs) < 2:
            return
        early, self._forked_later = parallel.forked_languages(
            list(plugin.build_languages), self.curriculum.default_language
        )
        plugin.forked = None
        self._forked = plugin.parallel
        gen.prepare(self.curriculum, self.overrides)  # what every language's pages share, inherited by the forks
        plugin.parallel.start(config, plugin, self, early)

    def fork_later_languages(self, config: MkDocsConfig) -> None:
        """The default language's pages are converted: fork the process of the last language, which inherits
        the fragments kept for its fallback pages; this process needs them no more (drom.site.parallel)."""
        plugin = i18n_compat.find_i18n(config)
        if self.forked_build or self._forked is None or not self._forked_later:
            return  # a forked process (which inherited the list) forks nothing
        if not isinstance(plugin, i18n_compat.CurriculumI18n):
            return
        later, self._forked_later = self._forked_later, []
        # The others are done writing by the time it writes its pages: it shares them with a sibling.
        self._forked.start(config, plugin, self, later, halves=True)
        self.raw_blocks.fragments.forget()

    def on_build_error(self, *, error: Exception) -> None:
        self.release.abandon()
        if isinstance(error, Superseded):
            self.preview.abandoned()
        if self.forked_build:
            return  # the parent process raises the error and removes the staging folder
        if self._forked is not None:
            self._forked.stop()  # it writes into the staging folder removed below
            self._forked, self._forked_later = None, []
        if self.publish_to is not None:
            staging = self.publish_to.parent / f".{self.publish_to.name}.staging"
            shutil.rmtree(staging, ignore_errors=True)
            self.publish_to = None

    def load(self, root: Path) -> Curriculum | None:
        """Load and validate once per state of the folder: static-i18n's per-language builds reuse it.

        While serving, a curriculum with errors keeps the last one that loaded (None if none did yet), and the
        pages show the problems; otherwise the build stops.
        """
        # Serving: the parse cache's scan of the folder gives the same fingerprint, and the load then uses it.
        stamp = self.parse_cache.scan(root) if self.is_serve else fingerprint(root)
        if self.curriculum is not None and self.curriculum.fingerprint == stamp:
            return self.curriculum
        self.lang = messages.choose(None, _default_language(root))
        if self.error_pages.showing and self.error_pages.stamp == stamp:
            return self.curriculum
        try:
            curriculum = load_or_fail(root, self.parse_cache if self.is_serve else None)
        except CurriculumError as error:
            lang = self.lang
            if self.error_pages.enabled:
                self.error_pages.failed(stamp, error.diagnostics, lang)
                return self.curriculum
            report = error.diagnostics.report(lang)
            self.curriculum = None
            raise PluginError(messages.ui(lang, "curriculum_errors", root=root) + "\n" + report) from None
        self.curriculum = curriculum
        self.error_pages.loaded()
        self._pages.clear()
        self._page_index.clear()
        self.translation_states = {
            (status.kind, status.id, status.lang): status.state.value for status in translation_status(self.curriculum)
        }
        log.info(
            "Loaded the curriculum: %d modules, %d lessons, %d resources, %d glossary terms",
            len(self.curriculum.modules),
            len(self.curriculum.lessons),
            len(self.curriculum.resources),
            len(self.curriculum.terms),
        )
        if self.is_serve:
            log.info("Files read: %d, unchanged: %d", self.parse_cache.read, self.parse_cache.reused)
        return self.curriculum

    def state(self, curriculum: Curriculum) -> str:
        """What the generated pages and PDFs are made from: the curriculum and the overridden templates (an
        author may edit `overrides/drom/` while `mkdocs serve` runs)."""
        if self._overrides_state is None:
            templates = [theme_cache.folder_state(os.path.join(folder, OVERRIDE_FOLDER)) for folder in self.overrides]
            self._overrides_state = hash(repr(templates))
        return f"{curriculum.fingerprint}:{self._overrides_state}"

    def page_index(self, lang: str) -> dict[str, gen.Page]:
        """This language's generated pages by source path (built once, looked up for every page)."""
        assert self.curriculum is not None
        key = (self.state(self.curriculum), lang)
        if key not in self._page_index:
            self._page_index = {key: {p.src_uri: p for p in self.pages(lang)}}
        return self._page_index[key]

    def pages(self, lang: str) -> list[gen.Page]:
        assert self.curriculum is not None
        key = (self.state(self.curriculum), lang)
        if key not in self._pages:
            # One language at a time: static-i18n builds the languages one after another.
            self._pages = {}
            self._pages[key] = gen.build_pages(
                self.curriculum,
                lang,
                self.site_url,
                self.downloads,
                self.translation_states,
                self.directory_urls,
                self.overrides,
                self.year_plans,
                memo=self.page_memo if self.is_serve else None,
            )
        return self._pages[key]

    # After static-i18n (-100) has chosen this language's files from docs/: it would drop ours otherwise.
    @event_priority(-110)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.release.check()
        self.preview.force(files, self.error_pages.forcing())
        # After Material's search made its index in on_config; in pieces where our worker searches (as in
        # `secured`: not while serving).
        search_entries.install(config, in_pieces=self.config.enabled and not self.is_serve)
        if not self.config.enabled or self.curriculum is None:
            return files
        curriculum = self.curriculum
        lang = i18n_compat.current_language(config, curriculum.default_language)
        for file in files.documentation_pages():
            if file.src_uri.startswith(RESERVED) or any(
                file.src_uri.startswith(f"{x}/{r}") for x in curriculum.languages for r in RESERVED
            ):
                raise PluginError(
                    f"docs/{file.src_uri} uses a path reserved for generated curriculum pages; rename it."
                )
        languages = i18n_compat.built_languages(config, curriculum.languages) or [lang]
        sitemap = gen.SiteMap(curriculum, self.directory_urls)
        alternates: dict[tuple[str, str], dict[str, str]] = {}
        for page in self.pages(lang):
            urls = {}
            for other in languages:
                other_src = sitemap.prefix(other) + page.src_uri[len(sitemap.prefix(lang)) :]
                urls[other] = sitemap.page_url(other_src)
            alternates[(page.kind, page.src_uri)] = urls
            file = File.generated(config, page.src_uri, content=page.markdown)
            if KINDS[page.kind].nav == "hidden":  # reached by links only: no "not in the nav" line for each
                file.inclusion = InclusionLevel.NOT_IN_NAV
            i18n_compat.mark_generated(file, lang, urls)
            self.preview.track(file, lang, page.markdown, curriculum)
            files.append(file)
        for media in self.media_files(curriculum):
            # Exact paths (`src_uris`): static-i18n's get_file_from_path also tries language-suffixed names.
            if media.dest_uri not in files.src_uris:
                files.append(File.generated(config, media.dest_uri, abs_src_path=media.source))
        assets = [(STYLESHEET, "drom.css"), (SCRIPT, "drom.js"), (START, "start.js"), (READING_SCRIPT, "reading.js")]
        assets += [(classroom.STYLESHEET, "classroom.css"), (classroom.SCRIPT, "classroom.js")]
        if self.offline_build:
            assets += [(path, path.removeprefix("assets/drom/")) for path in (offline.SHIM, offline.SHIM_LICENCE)]
        for asset, name in assets:
            if asset not in files.src_uris:
                files.append(File.generated(config, asset, abs_src_path=str(ASSETS / name)))
        self.add_classroom(config, files, curriculum, lang)
        if self._pdf_out is not None:
            for item in self.downloads.values():
                if item.path.startswith(f"pdf/{lang}/") and item.path not in files.src_uris:
                    files.append(File.generated(config, item.path, abs_src_path=str(self._pdf_out / item.path)))
        if self.year_plans is not None and self._plans_out is not None:
            for path in self.year_plans.sizes:
                if path.startswith(f"{DOWNLOAD_FOLDER}/{lang}/") and path not in files.src_uris:
                    files.append(File.generated(config, path, abs_src_path=str(self._plans_out / path)))
        if self._pack is not None and lang == curriculum.default_language:
            files.append(File.generated(config, offline.PACK_PATH, abs_src_path=str(self._pack)))
        if self.cards_enabled():
            self.add_cards(config, files, curriculum, lang)
        if self.site_url:  # the offline pack too: its home page links the feed
            page_urls = {(p.kind, p.entity_id): sitemap.page_url(p.src_uri) for p in self.pages(lang) if p.entity_id}
            feed = publish.feed(curriculum, lang, self.site_url, config.site_name, page_urls)
            files.append(File.generated(config, publish.feed_url(lang, curriculum.default_language), content=feed))
        if curriculum.events:
            ics = sitemap.ics(lang)
            files.append(File.generated(config, ics, content=gen.calendar_ics(curriculum, lang, self.site_url)))
        config.nav = self.navigation(lang)
        if "toc" in config.mdx_configs or "toc" in config.markdown_extensions:
            # The title of the headings' permalinks, in this language (static-i18n cannot vary mdx_configs).
            config.mdx_configs.setdefault("toc", {})["permalink_title"] = t(lang, "permalink_title")
        i18n_compat.register_pages_for_sitemap(config, lang, files)
        for file in files:
            if file.generated_by is not None:
                self.preview.track_static(file)
        if self.is_serve:
            made, kept = self.page_memo.count()
            total = len(self.pages(lang))
            log.info("Generated %d curriculum pages in '%s' (%d made, %d unchanged)", total, lang, made, kept)
        else:
            log.info("Generated %d curriculum pages in '%s'", len(self.pages(lang)), lang)
        return files

    def media_files(self, curriculum: Curriculum) -> list[gen.Media]:
        """The images of the curriculum's folders, found once per state of the curriculum (not per language)."""
        if self._media[0] != curriculum.fingerprint or not curriculum.fingerprint:
            self._media = (curriculum.fingerprint, gen.media_files(curriculum))
        return self._media[1]

    def add_classroom(self, config: MkDocsConfig, files: Files, curriculum: Curriculum, lang: str) -> None:
        """The classroom view of each lesson written in this language: standalone pages, not themed."""
        sitemap = gen.SiteMap(curriculum, self.directory_urls)
        urls = {x.id: sitemap.page_url(sitemap.lesson(lang, x.id)) for x in curriculum.ordered_lessons()}
        memo = self.page_memo if self.is_serve else None
        for path, page in classroom.pages(curriculum, lang, urls, directory_urls=self.directory_urls, memo=memo):
            files.append(File.generated(config, path, content=self.secured(page, written_as=path)))

    def cards_enabled(self) -> bool:
        """Link-preview cards are for the published site (they need its address); the offline pack links nothing
        on the web, and `mkdocs serve` leaves them out (a preview is not shared as a link)."""
        return bool(self.site_url) and not self.offline_build and not self.is_serve

    def add_cards(self, config: MkDocsConfig, files: Files, curriculum: Curriculum, lang: str) -> None:
        """A link-preview card per lesson, module and resource page, drawn once per content into the cache."""
        cache = Path(config.config_file_path).parent / ".cache" / "drom-social"
        name = config.site_name
        for page in self.pages(lang):
            if page.kind in publish.CARD_KINDS:
                card = publish.card_for(curriculum, page.kind, page.entity_id, lang, name)
                path = publish.card_path(page.kind, page.entity_id, lang)
                if path not in files.src_uris:
                    source = social.card_file(card, cache)
                    files.append(File.generated(config, path, abs_src_path=str(source)))

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.preview.active and preview.watch_natively(server, config.watch):
            log.info("Watching for changes with the system's notices")
        self.release.attach(server)
        return server

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.release.check()
        # overrides/main.html starts Material's bundle after the first paint; it needs the bundle's name.
        env.globals["drom_material_bundle"] = theme_cache.material_bundle(files)
        # overrides/partials/nav-item.html: the pruned sections' HTML, kept for this language's build.
        env.globals["drom_nav_cache"] = {}
        env.globals["drom_first_page"] = theme_cache.first_page
        # overrides/partials/nav.html: the top-level items around the page's own, kept for this language's build.
        env.globals["drom_nav_items"] = theme_cache.NavItems()
        if self.curriculum is not None:  # after on_nav: whether this language's navigation changed is known
            lang = i18n_compat.current_language(config, self.curriculum.default_language)
            self.preview.static_templates(config, lang)
            self.fork_later_languages(config)  # after every page's Markdown is converted
            if self.render_halves is not None:
                self.render_halves.split(files)
        return env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.release.check()
        if self.curriculum is not None:
            lang = i18n_compat.current_language(config, self.curriculum.default_language)
            self.preview.read_titles(nav, config, lang, files)
            self.find_foreign_pages(files, config, lang)
        return nav

    def find_foreign_pages(self, files: Files, config: MkDocsConfig, lang: str) -> None:
        """Which pages of this language show another language's title (generated fallbacks: the view-model
        says; hand-written pages: a fallback has no `<name>.<lang>.md`), for `langmarks` to mark."""
        assert self.curriculum is not None
        default = self.curriculum.default_language
        state = self.current
        if lang == default:
            return
        languages = i18n_compat.built_languages(config, self.curriculum.languages) or [lang]
        index = self.page_index(lang)
        # Every page, also those the navigation does not show (the catalogue's filter pages).
        for page in (file.page for file in files.documentation_pages() if file.page is not None):
            generated = index.get(page.file.src_uri) if page.file.generated_by else None
            if generated is not None:
                if generated.title_lang:
                    state.foreign_titles[page.url] = generated.title_lang
                if generated.fallback:
                    state.fallback_urls.add(page.url)
            elif lang not in self.written_in(page, None, languages):
                state.foreign_titles[page.url] = state.foreign_content[page.url] = default
                state.fallback_urls.add(page.url)

    # Last of all plugins: nothing after this event reads the page's text.
    @event_priority(-1000)
    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        self.preview.written_page(page)
        self.current.pages_written += 1
        if self.curriculum is not None:
            lang = i18n_compat.current_language(config, self.curriculum.default_language)
            if lang != self.curriculum.default_language:
                output = langmarks.mark(
                    output,
                    page.url,
                    lang,
                    titles=self.current.foreign_titles,
                    headings=self.current.foreign_headings.pop(page.url, {}),
                    content=self.current.foreign_content.get(page.url, ""),
                )
        # The preview's own page of the curriculum's problems has no site policy.
        output = self.error_page() if self.error_pages.showing else self.secured(output, written_as=page.file.dest_uri)
        if getattr(page.file, "generated_by", None) is not None:
            # MkDocs keeps every page's Markdown and HTML until the language's build ends: at 1,000 lessons
            # that is most of the build's memory. A written page needs only its title, URL and table of
            # contents for the other pages' navigation (the title comes from its front matter).
            page.content = None
            page.markdown = ""
        return output

    def error_page(self) -> str:
        """The page of the curriculum's problems, in the author's language."""
        return self.error_pages.html(self.lang)

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Hand-written pages may include generated tables, so the guide cannot drift from the code."""
        if self.curriculum is None:
            return markdown
        lang = i18n_compat.current_language(config, self.curriculum.default_language)
        if lang != self.curriculum.default_language and getattr(page.file, "generated_by", None) is None:
            markdown = GENERATED_LINK.sub(lambda m: f"{m.group(1)}{m.group(2)}{lang}/{m.group(3)}", markdown)
        # A marker counts only alone on its line, so the guide can show one in `code`.
        if re.search(_alone(CODES_MARKER), markdown):
            markdown = re.sub(_alone(CODES_MARKER), lambda _: codes_table(lang), markdown)
        if re.search(_alone(UPCOMING_MARKER), markdown):
            upcoming = gen.upcoming_html(self.curriculum, lang, page.file.url, self.directory_urls, self.overrides)
            markdown = re.sub(_alone(UPCOMING_MARKER), lambda _: upcoming, markdown)
        # MkDocs converts this page next: its templates' HTML blocks go to Python-Markdown already stashed.
        generated = self.page_index(lang).get(page.file.src_uri) if getattr(page.file, "generated_by", None) else None
        self.raw_blocks.fragments.begin(self.state(self.curriculum))
        if generated is not None:
            self.raw_blocks.expect(generated.html_blocks, generated.fragments)
            self.raw_blocks.fragments.keep = (
                self.fallbacks_to_come(generated, config) if lang == self.curriculum.default_language else 0
            )
        else:
            self.raw_blocks.expect(())
        return markdown

    def fallbacks_to_come(self, page: gen.Page, config: MkDocsConfig) -> int:
        """How many pages of the other languages built in this process show the text of this default-language
        page (its fragments are kept for them, `drom.site.fragments`)."""
        assert self.curriculum is not None
        c = self.curriculum
        entities: list[Any] = []
        if page.kind == "lesson" and page.entity_id in c.lessons:
            entities = [c.lessons[page.entity_id], *c.lessons[page.entity_id].handouts]
        elif page.kind == "module" and page.entity_id in c.modules:
            entities = [c.modules[page.entity_id]]
        elif page.kind == "resource" and page.entity_id in c.resources:
            entities = [c.resources[page.entity_id]]
        forked = set(self._forked.languages) if self._forked is not None else set()  # they parse their own
        others = [
            x for x in i18n_compat.built_languages(config, c.languages) if x != c.default_language and x not in forked
        ]
        return sum(1 for lang in others if any(not x.available_in(lang, c.default_language) for x in entities))

    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Links to other hosts get rel=noopener, code blocks a tab stop; lessons and resources their glosses."""
        if self.raw_blocks.anchor_ids and page.present_anchor_ids is not None:
            # The ids of the stashed blocks, which MkDocs' own collector no longer sees (links to them are checked).
            page.present_anchor_ids |= self.raw_blocks.anchor_ids
            self.raw_blocks.anchor_ids = set()
        html = focusable_code_blocks(mark_external(html, urlsplit(config.site_url or "").hostname or ""))
        if self.curriculum is not None:
            lang = i18n_compat.current_language(config, self.curriculum.default_language)
            html = scrollable_tables(html, lang)
            base = self.current.foreign_content.get(page.url, "") if lang != self.curriculum.default_language else ""
            headings = langmarks.heading_langs(html, lang, base)
            html = langmarks.own_permalinks(html, lang, headings)
            if lang != self.curriculum.default_language:
                self.current.foreign_headings[page.url] = headings
        if self.curriculum is None or getattr(page.file, "generated_by", None) is None:
            return html
        c = self.curriculum
        lang = i18n_compat.current_language(config, c.default_language)
        generated = self.page_index(lang).get(page.file.src_uri)
        if generated is None or generated.kind not in ("lesson", "resource"):
            return html
        if generated.kind == "lesson":
            term_ids = c.lessons[generated.entity_id].spec.vocabulary
        else:
            term_ids = c.resources[generated.entity_id].spec.terms
        terms = [c.terms[x] for x in term_ids if x in c.terms]
        sitemap = gen.SiteMap(c, self.directory_urls)
        glossary = sitemap.link_from_url(page.url, sitemap.glossary(lang))
        return mark_terms(html, terms, lang=lang, default=c.default_language, glossary_url=glossary)

    def navigation(self, lang: str) -> list[Any]:
        """The site navigation in the curriculum's order (`kinds.outline`): modules and their lessons, resources,
        the calendar, the year plans, glossary and downloads, the hand-written pages of `nav_after`, then the rest.

        Material writes section titles into the page unescaped, so every title is escaped here.
        """
        assert self.curriculum is not None
        c = self.curriculum
        sitemap = gen.SiteMap(c)

        def titled(title: str, entry: Any) -> dict[str, Any]:
            return {html.escape(title): entry}

        modules: list[Any] = []
        resources: list[Any] = []
        top: list[Any] = []
        end: list[Any] = []
        plans: list[Any] = []
        for kind, ident in outline(
            c,
            downloads=bool(self.downloads),
            translations=bool(self.translation_states),
            year_plans=self.year_plans is not None,
        ):
            src = sitemap.src(kind.name, lang, ident)
            if kind.name == "year_plan":
                band = c.band(ident)
                if not plans:
                    section = t(lang, "year_plans")
                    marked = string_lang(lang, "year_plans")
                    # A section title in another language (a Romani page's English words) is marked with it.
                    top.append(
                        {gen.nav_title(section, marked, self.overrides): plans}
                        if marked != lang
                        else titled(section, plans)
                    )
                plans.append(titled(c.label(band.label if band else None, lang) or ident, src))
            elif kind.name == "module":
                text = c.modules[ident].text(lang, c.default_language)
                title = gen.plain(text.title)
                if text.lang != lang:
                    # Material writes a section's title as it is: the title marked with its language.
                    modules.append({gen.nav_title(title, text.lang, self.overrides): [src]})
                else:
                    modules.append(titled(title, [src]))
            elif kind.nav == "hidden":
                continue
            elif kind.nav == "module":
                modules[-1][next(iter(modules[-1]))].append(src)
            elif kind.nav == "modules":
                modules.append(titled(t(lang, "curriculum" if kind.name == "home" else kind.name), src))
            elif kind.nav == "resources":
                resources.append(src)
            elif kind.name in ("calendar", "downloads"):
                top.append(titled(t(lang, kind.name), src))
            else:
                (top if kind.nav == "top" else end).append(src)
        nav: list[Any] = ["index.md", titled(t(lang, "modules"), modules), titled(t(lang, "resources"), resources)]
        return nav + top + list(self.config.nav_after) + end
