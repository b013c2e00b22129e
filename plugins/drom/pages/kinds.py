"""Every fact about where the site's generated pages and files live, in one table.

A page kind gives its source path in the default language (other languages sit under `<lang>/`), the docs/
path it reserves, and whether a hand-written page's link to it is rewritten per language. The print and
download files (PDFs, module ZIPs, the offline pack, the calendar feed, media copies) have their paths here
too. `outline` is the one page order: the navigation and the list of pages both follow it.
"""

from __future__ import annotations

import functools
import posixpath
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

from .. import model as m
from ..sitepath import relpath
from ..yearplan.downloads import plan_bands


@functools.lru_cache(maxsize=65536)
def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath`, remembered: the pages link the same few hundred pages over and over (the translation
    status page links every text of every language)."""
    return relpath(path, start)


@dataclass(frozen=True)
class PageKind:
    """One kind of generated page."""

    name: str
    path: str
    """Source path in the default language; `{id}` stands for the entity's id."""
    nav: str
    """Where the navigation shows it: `modules` (first section), `module` (inside its module's section),
    `resources` (the resources section), `top` (top level before the hand-written pages), `end` (after them),
    `hidden` (none: reached by links, as the catalogue's filter pages). The year plans (one page per grade band)
    share one section of the top level."""

    @property
    def reserved(self) -> str:
        """The docs/ path this kind claims: its folder (`lessons/`) or its file (`glossary.md`)."""
        folder, _, name = self.path.partition("/")
        return f"{folder}/" if name else folder

    def src(self, ident: str = "") -> str:
        return self.path.format(id=ident)


KINDS: dict[str, PageKind] = {
    kind.name: kind
    for kind in (
        PageKind("home", "modules/index.md", "modules"),
        PageKind("catalogue", "catalogue.md", "modules"),
        PageKind("catalogue_filter", "catalogue/{id}.md", "hidden"),
        PageKind("module", "modules/{id}.md", "modules"),
        PageKind("lesson", "lessons/{id}.md", "module"),
        PageKind("resources", "resources/index.md", "resources"),
        PageKind("resource", "resources/{id}.md", "resources"),
        PageKind("calendar", "calendar.md", "top"),
        PageKind("year_plan", "year-plans/{id}.md", "top"),
        PageKind("glossary", "glossary.md", "top"),
        PageKind("downloads", "downloads.md", "top"),
        PageKind("bibliography", "bibliography.md", "end"),
        PageKind("translations", "translations.md", "end"),
    )
}
"""In page order: the navigation lists them so (modules with their lessons, resources, the rest)."""

FILES = {
    "lesson": "pdf/{lang}/lessons/{id}.pdf",
    "handouts": "pdf/{lang}/handouts/{id}.pdf",
    "slides": "pdf/{lang}/slides/{id}.pdf",
    "module": "pdf/{lang}/modules/{id}.pdf",
    "module_zip": "pdf/{lang}/modules/{id}.zip",
    "offline": "downloads/roma-folklore-offline.zip",
    "ics": "{prefix}calendar.ics",
    "feed": "{prefix}feed.xml",
    "card": "assets/social/{lang}/{folder}-{id}.png",
    "media": "media/{folder}/{id}/{path}",
}
"""Files of the site by kind: printable files (by download kind), the calendar and news feeds, link-preview
cards, copies of content images."""

LINKED_FILES = ("feed",)
"""Files a hand-written page may link with their default-language path (rewritten per language)."""


def file_path(kind: str, lang: str = "", ident: str = "", **parts: str) -> str:
    """Where a file of `kind` sits in the site, e.g. `pdf/en/lessons/vasilitsa.pdf`."""
    return FILES[kind].format(lang=lang, id=ident, **parts)


RESERVED: tuple[str, ...] = (
    *dict.fromkeys(kind.reserved for kind in KINDS.values()),
    FILES["media"].split("/")[0] + "/",
    FILES["lesson"].split("/")[0] + "/",
)
"""docs/ paths a hand-written page may not use (in any language folder)."""

GENERATED_LINK = re.compile(
    r"(\]\(\s*)((?:\.\./)*)((?:"
    + "|".join(sorted({re.escape(k.reserved[:-1]) for k in KINDS.values() if k.reserved.endswith("/")}))
    + r")/[^)\s]*|(?:"
    + "|".join(sorted(re.escape(k.reserved[: -len(".md")]) for k in KINDS.values() if k.reserved.endswith(".md")))
    + r")\.md[^)\s]*|"
    + "|".join(re.escape(file_path(name, prefix="")) for name in LINKED_FILES)
    + ")"
)
"""A hand-written page's link to a generated page, written with its default-language path."""


PER_PAGE = 100
"""Lessons per catalogue page: a filter with more has further pages, `catalogue/<filter>-<value>/2.md`, ..."""


Filters = list[tuple[str, str, tuple[m.Lesson, ...]]]
_FILTERS: dict[int, tuple[weakref.ref[m.Curriculum], Filters]] = {}
"""The filters of each curriculum object alive (every catalogue and filter page of every language reads them)."""


def catalogue_filters(curriculum: m.Curriculum) -> Filters:
    """The catalogue's filters as (filter, value, its lessons in teaching order), in the order the catalogue
    shows them: grades, themes (those some lesson has), durations, languages (a lesson counts where it can be
    read). Each that leaves some lesson out is a page, `catalogue/<filter>-<value>.md` (`has_page`), so that the
    filters work without JavaScript. Computed once per curriculum object (a loaded curriculum is not changed)."""
    kept = _FILTERS.get(id(curriculum))
    if kept is not None and kept[0]() is curriculum:
        return kept[1]
    for key in [key for key, (ref, _) in _FILTERS.items() if ref() is None]:
        del _FILTERS[key]
    found = _catalogue_filters(curriculum)
    _FILTERS[id(curriculum)] = (weakref.ref(curriculum), found)
    return found


def _catalogue_filters(curriculum: m.Curriculum) -> Filters:
    lessons = curriculum.ordered_lessons()
    default = curriculum.default_language
    grades = sorted({g for lesson in lessons for g in lesson.spec.grades})
    themes = [th.id for th in curriculum.spec.themes if any(th.id in x.spec.themes for x in lessons)]
    durations = sorted({x.spec.duration for x in lessons})
    return [
        *(("grade", str(g), tuple(x for x in lessons if g in x.spec.grades)) for g in grades),
        *(("theme", th, tuple(x for x in lessons if th in x.spec.themes)) for th in themes),
        *(("duration", str(d), tuple(x for x in lessons if x.spec.duration == d)) for d in durations),
        *(("lang", lang, tuple(x for x in lessons if x.available_in(lang, default))) for lang in curriculum.languages),
    ]


def has_page(lessons: tuple[m.Lesson, ...], curriculum: m.Curriculum) -> bool:
    """Whether a filter has its page: not when it holds every lesson (the catalogue itself lists them)."""
    return len(lessons) < len(curriculum.lessons)


def catalogue_pages(count: int) -> int:
    """How many pages a filter of `count` lessons has."""
    return max(1, -(-count // PER_PAGE))


def outline(
    curriculum: m.Curriculum, *, downloads: bool, translations: bool, year_plans: bool = False
) -> Iterator[tuple[PageKind, str]]:
    """Every generated page as (kind, entity id), in the site's order; the year-plan pages when the build made
    the plan files (`year_plans`)."""
    for kind in KINDS.values():
        if kind.name == "module":
            for module in curriculum.ordered_modules():
                yield kind, module.id
                yield from ((KINDS["lesson"], x.id) for x in curriculum.module_lessons(module))
        elif kind.name == "resource":
            yield from ((kind, ident) for ident in sorted(curriculum.resources))
        elif kind.name == "lesson":
            continue  # with its module
        elif kind.name == "year_plan":
            yield from ((kind, band) for band in (plan_bands(curriculum) if year_plans else ()))
        elif kind.name == "catalogue_filter":
            for name, value, lessons in catalogue_filters(curriculum):
                if not has_page(lessons, curriculum):
                    continue
                yield kind, f"{name}-{value}"
                yield from ((kind, f"{name}-{value}/{n}") for n in range(2, catalogue_pages(len(lessons)) + 1))
        elif (kind.name == "downloads" and not downloads) or (kind.name == "translations" and not translations):
            continue
        else:
            yield kind, ""


class SiteMap:
    """Where each page lives, per language. The default language sits at the root, others under /<lang>/.

    `directory_urls` follows MkDocs' `use_directory_urls`: `lessons/x/` on a web server, `lessons/x.html` in
    the offline pack, which is opened from a folder without a server.
    """

    def __init__(self, curriculum: m.Curriculum, directory_urls: bool = True) -> None:
        self.c = curriculum
        self.directory_urls = directory_urls

    def prefix(self, lang: str) -> str:
        return "" if lang == self.c.default_language else f"{lang}/"

    def src(self, kind: str, lang: str, ident: str = "") -> str:
        """The source path of a page of `kind` in `lang`."""
        return self.prefix(lang) + KINDS[kind].src(ident)

    def home(self, lang: str) -> str:
        return self.src("home", lang)

    def module(self, lang: str, ident: str) -> str:
        return self.src("module", lang, ident)

    def lesson(self, lang: str, ident: str) -> str:
        return self.src("lesson", lang, ident)

    def resource(self, lang: str, ident: str) -> str:
        return self.src("resource", lang, ident)

    def resources(self, lang: str) -> str:
        return self.src("resources", lang)

    def glossary(self, lang: str) -> str:
        return self.src("glossary", lang)

    def bibliography(self, lang: str) -> str:
        return self.src("bibliography", lang)

    def catalogue(self, lang: str) -> str:
        return self.src("catalogue", lang)

    def downloads(self, lang: str) -> str:
        return self.src("downloads", lang)

    def translations(self, lang: str) -> str:
        return self.src("translations", lang)

    def calendar(self, lang: str) -> str:
        return self.src("calendar", lang)

    def year_plan(self, lang: str, band: str) -> str:
        return self.src("year_plan", lang, band)

    def ics(self, lang: str) -> str:
        return file_path("ics", prefix=self.prefix(lang))

    def default_src(self, src: str, lang: str) -> str:
        """The same page in the default language."""
        return src[len(self.prefix(lang)) :]

    def in_language(self, src: str, lang: str, other: str) -> str:
        """The same page in another language."""
        return self.prefix(other) + self.default_src(src, lang)

    def absolute(self, site_url: str, src_uri: str) -> str:
        return site_url.rstrip("/") + "/" + self.url(src_uri)

    @staticmethod
    def media(entity_kind: str, entity_id: str, relative: str) -> str:
        return file_path("media", ident=entity_id, folder=entity_kind, path=relative)

    @staticmethod
    def link(from_src: str, to_src: str, anchor: str = "") -> str:
        """A Markdown link between source paths: MkDocs checks it and turns it into a URL."""
        rel = _relpath(to_src, posixpath.dirname(from_src) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    @staticmethod
    def url(src_uri: str, directory_urls: bool = True) -> str:
        """The URL MkDocs gives a source path: `lessons/x.md` -> `lessons/x/`, or `lessons/x.html`."""
        if not directory_urls:
            return src_uri[: -len(".md")] + ".html"
        if src_uri.endswith("index.md"):
            return src_uri[: -len("index.md")]
        return src_uri[: -len(".md")] + "/"

    def page_url(self, src_uri: str) -> str:
        """The URL of a page in this site (directory or file URLs)."""
        return self.url(src_uri, self.directory_urls)

    @staticmethod
    def folder(page_url: str) -> str:
        """The folder a page URL's relative links start from."""
        return page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)

    def html_link(self, from_src: str, to_src: str, anchor: str = "") -> str:
        """A link for raw HTML, which MkDocs does not rewrite: relative between the two page URLs."""
        return self.link_from_url(self.page_url(from_src), to_src, anchor)

    def link_from_url(self, page_url: str, to_src: str, anchor: str = "") -> str:
        base = self.folder(page_url) or "."
        target = self.page_url(to_src)
        if self.directory_urls:
            rel = _relpath(target or ".", base)
            rel = "./" if rel == "." else rel.rstrip("/") + "/"
        else:
            rel = _relpath(target, base)
        return rel + (f"#{anchor}" if anchor else "")

    def file_link(self, from_src: str, path: str) -> str:
        """A raw-HTML link from a page to a file of the site (a PDF, a ZIP), by its path from the site root."""
        return _relpath(path, self.folder(self.page_url(from_src)) or ".")
