"""What every page kind shares: the page being built (`Context`), the small view-models pages are made of
(links, labels, notices, download buttons), and the text helpers for grades, counts and nested headings.

A page kind's module turns the model into its view-model with a `Context`, and `Context.page` renders it
through the kind's template. Nothing here writes markup: that is the templates' job.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from markupsafe import Markup

from .. import model as m
from ..i18n import language_in, string_lang, t
from ..licences import licence_name
from .inline import plain
from .kinds import SiteMap
from .templating import FRAGMENTS, HTML_BLOCKS, environment, render
from .text import grades_text, size_text

if TYPE_CHECKING:
    from ..yearplan.downloads import PlanFiles

T = TypeVar("T")

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_IMAGE_TARGET = re.compile(r"(!\[[^\]]*\]\(\s*<?)([^)\s>]+)")


@dataclass
class Page:
    """One generated page in one language: its source path, kind, title and Markdown."""

    lang: str
    src_uri: str
    kind: str
    title: str
    markdown: str = ""
    entity_id: str = ""
    alternates: dict[str, str] = field(default_factory=dict)
    title_lang: str = ""
    """The title's language when it is not the page's (a fallback)."""
    fallback: bool = False
    """The page's body is another language's text: it is `noindex`, in no hreflang set, no sitemap and no
    search index."""
    html_spans: tuple[tuple[int, int], ...] = ()
    """Where `markdown` has the raw HTML blocks made by the templates, in order (`html_block`,
    `drom.site.rawblocks`): offsets, not copies, as a language's pages are all kept while it builds."""
    fragment_spans: tuple[tuple[int, int], ...] = ()
    """Where `markdown` has the author's Markdown, in order (`fragment`, `drom.site.fragments`)."""

    @property
    def html_blocks(self) -> tuple[str, ...]:
        return tuple(self.markdown[a:b] for a, b in self.html_spans)

    @property
    def fragments(self) -> tuple[str, ...]:
        return tuple(self.markdown[a:b] for a, b in self.fragment_spans)


def spans(text: str, pieces: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Where each piece is in `text`, found in order (a piece not found is left out)."""
    found = []
    start = 0
    for piece in pieces:
        at = text.find(piece, start) if piece else -1
        if at >= 0:
            found.append((at, at + len(piece)))
            start = at + len(piece)
    return tuple(found)


@dataclass(frozen=True)
class Download:
    """A printable file of the site: where it is (from the site root), its size and page count."""

    path: str
    size: int
    pages: int


Downloads = dict[tuple[str, str, str], Download]
"""Printable files by (kind, language, entity id); kind is lesson, handouts, module, module_zip or offline."""

States = dict[tuple[str, str, str], str]
"""Translation states by (kind, entity id, language): up-to-date, outdated, unknown, partial, missing."""


@dataclass(frozen=True)
class Label:
    """A text and, when it is not in the page's language (a fallback), the language it is in."""

    text: str
    lang: str = ""


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    lang: str = ""
    """The text's language when it is not the page's."""
    note: str = ""
    """What follows the link in a list: a kind, grades."""


@dataclass(frozen=True)
class Notice:
    """A note above the page: a language fallback, or an outdated translation with a link to the current text."""

    message: str
    css: str = "drom-notice"
    link: Link | None = None


@dataclass(frozen=True)
class DownloadLink:
    href: str
    mime: str
    label: str
    facts: str
    """'PDF · 120 KB · 4 pages'."""
    name: str = ""
    """What the file holds, in a list of files (the lesson's or module's title)."""


@dataclass(frozen=True)
class TermLink:
    href: str
    latin: str
    meaning: str
    meaning_lang: str = ""
    """The meaning's language when it falls back to the default language."""


@dataclass(frozen=True)
class SourceItem:
    citation: str
    url: str = ""
    id: str = ""
    lang: str = ""
    """The citation's language when it is not the page's (see `Context.sources`)."""


@dataclass(frozen=True)
class Head:
    """What starts every page: front matter (title, description) and the notices above the title."""

    src: str
    title: str
    description: str = ""
    notices: tuple[Notice, ...] = ()
    noindex: bool = False
    """The page's body is another language's text (a fallback): search engines should not index it."""
    lang: str = ""
    """The title's language when it is not the page's (a fallback)."""


def curriculum_title(curriculum: m.Curriculum, lang: str) -> str:
    """The curriculum's title in `lang`, else in the default language, else the generic word."""
    text = curriculum.text(lang)
    return plain(text.title) if text else t(lang, "curriculum")


def licence(spdx: str) -> Link:
    """A licence: its common name, linked to its deed when it has one (`href` is then set)."""
    name, url = licence_name(spdx)
    return Link(url, name)


def _same(href: str) -> str:
    """Links as the site writes them (the print passes its own rewriting instead)."""
    return href


class Context:
    """The language being built and everything a page kind needs from outside the model."""

    def __init__(
        self,
        curriculum: m.Curriculum,
        lang: str,
        site_url: str = "",
        downloads: Downloads | None = None,
        states: States | None = None,
        directory_urls: bool = True,
        overrides: Sequence[str] = (),
        year_plans: PlanFiles | None = None,
    ) -> None:
        self.c = curriculum
        self.lang = lang
        self.default = curriculum.default_language
        self.site_url = site_url
        self.downloads = downloads or {}
        self.states = states or {}
        self.map = SiteMap(curriculum, directory_urls)
        self.overrides = tuple(overrides)
        self.year_plans = year_plans
        """The year-plan files the build made (None: no plan pages)."""
        self.env = environment(self.overrides)
        self._glossary_links: dict[str, str] = {}
        """The glossary's URL from each page (a relative path computed once per page, not once per word)."""
        self._kept: dict[Hashable, Any] = {}
        """What `kept` made for this language."""

    # --- text ----------------------------------------------------------------------------------------

    def t(self, key: str, **values: object) -> str:
        return t(self.lang, key, **values)

    def ui(self, key: str, **values: object) -> Label:
        """An interface string, marked with its language when it falls back to English."""
        lang = string_lang(self.lang, key)
        return Label(self.t(key, **values), self.other(lang))

    def label(self, labels: dict[str, str] | None) -> str:
        return self.c.label(labels, self.lang)

    def labelled(self, labels: dict[str, str] | None) -> Label:
        """A language map's text for this page, with its language when it falls back to the default one.

        With `Translation.lang` (which text an entity shows in a language, `model.Entity.text`), this is the one
        rule of which language a piece of a page is really in: every view-model marks its parts through these
        two, `other` and `labelled`, and the templates write the `lang` attributes they give."""
        return Label(self.label(labels), "" if not labels or self.lang in labels else self.default)

    def title(self, entity: m.Entity[Any, Any]) -> Label:
        """An entity's title as this language shows it, with its language when it falls back."""
        text = entity.text(self.lang, self.default)
        return Label(plain(text.title), self.other(text.lang))

    def other(self, lang: str) -> str:
        """`lang` when it is not the page's language, else '' (for a `lang` attribute)."""
        return "" if lang == self.lang else lang

    def grades(self, grades: Iterable[int]) -> str:
        return grades_text(self.lang, grades)

    def themes(self, ids: Iterable[str]) -> list[Label]:
        return [self.labelled(theme.label) for theme in map(self.c.theme, ids) if theme]

    # --- links ---------------------------------------------------------------------------------------

    def entity_link(self, src: str, kind: str, entity: m.Entity[Any, Any], *, html: bool = False) -> Link:
        """A link to another generated page of this language, titled with the entity's title."""
        title = self.title(entity)
        target = self.map.src(kind, self.lang, entity.id)
        href = self.map.html_link(src, target) if html else self.map.link(src, target)
        return Link(href, title.text, title.lang)

    def term(self, term: m.Term, src: str) -> TermLink:
        if src not in self._glossary_links:
            self._glossary_links[src] = self.map.html_link(src, self.map.glossary(self.lang))
        meaning = self.labelled(term.meaning)
        return TermLink(f"{self._glossary_links[src]}#{term.id}", term.latin, meaning.text, meaning.lang)

    def terms(self, ids: Iterable[str], src: str) -> list[TermLink]:
        return [self.term(self.c.terms[x], src) for x in ids if x in self.c.terms]

    def sources(self, ids: Iterable[str]) -> list[SourceItem]:
        return self.source_items(self.c.sources[x] for x in ids if x in self.c.sources)

    def source_items(self, sources: Iterable[m.Source]) -> list[SourceItem]:
        """Citations keep their source's language, which the bibliography does not record: one written in
        Cyrillic is taken to be in the default language (Bulgarian), the others are left unmarked."""
        return [
            SourceItem(x.citation, x.url or "", x.id, self.other(self.default) if _CYRILLIC.search(x.citation) else "")
            for x in sources
        ]

    def rewrite_media(self, markdown: str, src_uri: str, kind: str, entity_id: str, base: str = "") -> str:
        """Point relative image paths at the shared media copy of the file."""

        def repl(match: re.Match[str]) -> str:
            target = match.group(2)
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", target, re.IGNORECASE):
                return match.group(0)
            relative = posixpath.normpath(posixpath.join(base, target))
            return match.group(1) + self.map.link(src_uri, self.map.media(kind, entity_id, relative))

        return _IMAGE_TARGET.sub(repl, markdown)

    # --- notices -------------------------------------------------------------------------------------

    def notices(
        self, entity: m.Entity[Any, Any] | None, head: m.Translation[Any] | None, what: str, src: str
    ) -> tuple[Notice, ...]:
        """The notices of a page in this language: its text falls back to the default language (wholly or
        for the body), or its translation may be out of date."""
        if self.lang == self.default or head is None:
            return ()
        language = language_in(self.lang, self.lang)
        found = []
        if head.lang != self.lang:
            found.append(Notice(self.t("fallback_full", what=self.t(f"what_{what}"), language=language)))
        elif entity is not None and not head.complete:
            found.append(Notice(self.t("fallback_body", what=self.t(f"what_{what}"), language=language)))
        elif not head.reviewed:
            machine = head.review is not None and head.review.state == "machine-assisted"
            key = "review_notice_machine" if machine else "review_notice"
            found.append(Notice(self.t(key), "drom-notice drom-notice--review"))
        if entity is not None and self.states.get((what, entity.id, self.lang)) == "outdated":
            current = self.map.html_link(src, self.map.default_src(src, self.lang))
            link = Link(current, self.t("see_current"), self.default)
            found.append(Notice(self.t("translation_outdated"), "drom-notice drom-notice--outdated", link))
        return tuple(found)

    def head(self, src: str, entity: m.Entity[Any, Any], what: str) -> tuple[Head, m.Translation[Any]]:
        """The page head of an entity's page, and the translation whose body the page shows."""
        text = entity.text(self.lang, self.default)
        body = entity.body(self.lang, self.default)
        notices = self.notices(entity, text, what, src)
        noindex = body.lang != self.lang
        head = Head(src, plain(text.title), plain(text.summary), notices, noindex, lang=self.other(text.lang))
        return head, body

    # --- downloads -----------------------------------------------------------------------------------

    def download(self, src: str, kind: str, entity_id: str, name: str = "") -> DownloadLink | None:
        """A printable file of this language with its size (and page count), or None when it does not exist."""
        item = self.downloads.get((kind, self.lang, entity_id))
        if item is None:
            return None
        facts = [item.path.rsplit(".", 1)[-1].upper(), size_text(item.size)]
        if item.pages:
            facts.append(self.t("pages_n", n=item.pages))
        mime = "application/zip" if item.path.endswith(".zip") else "application/pdf"
        href = self.map.file_link(src, item.path)
        return DownloadLink(href, mime, self.t("download_" + kind), " · ".join(facts), name)

    def download_buttons(self, src: str, items: Iterable[tuple[str, str]]) -> list[DownloadLink]:
        return [link for kind, ident in items if (link := self.download(src, kind, ident))]

    # --- output --------------------------------------------------------------------------------------

    def render(self, template: str, **context: Any) -> str:
        context.setdefault("href", _same)
        return render(template, self.env, t=self.t, lang=self.lang, default=self.default, **context)

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """What `make` gives, made once per language for each `key` (a lesson listed by several catalogue pages)."""
        if key not in self._kept:
            self._kept[key] = make()
        return cast(T, self._kept[key])

    def partial(self, template: str, key: Hashable, **context: Any) -> Markup:
        """A partial template rendered once per language for each `key` (the view-model `context` holds)."""
        return self.kept(("partial", template, key), lambda: Markup(self.render(template, **context)))

    def page(self, kind: str, template: str, head: Head, entity_id: str = "", **context: Any) -> Page:
        blocks: list[str] = []
        fragments: list[str] = []
        markdown = self.render(template, head=head, **{HTML_BLOCKS: blocks, FRAGMENTS: fragments}, **context)
        return Page(
            self.lang,
            head.src,
            kind,
            head.title,
            markdown,
            entity_id,
            title_lang=head.lang,
            fallback=head.noindex,
            html_spans=spans(markdown, blocks),
            fragment_spans=spans(markdown, fragments),
        )
