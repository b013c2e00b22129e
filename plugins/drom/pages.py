"""The Markdown of every generated page, per language: one piece of code for the site and the print.

Text that comes from YAML or front matter is escaped (`md_text`); prose bodies are the authors' Markdown.
Pages link each other with paths relative to their own source path, which MkDocs checks and rewrites.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC
from datetime import date as _date

from . import classroom, dates, dialects, reading
from . import model as m
from .i18n import LANGUAGE_NAMES, STRINGS, language_in, t
from .licences import licence_name
from .validation import markdown_lines

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")
_HEADING = re.compile(r"^(#{1,6})(\s)")
_IMAGE_TARGET = re.compile(r"(!\[[^\]]*\]\(\s*<?)([^)\s>]+)")


def md_text(value: str) -> str:
    """Plain text from YAML made safe inside Markdown: HTML escaped, Markdown syntax neutralised."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=False))


def attr(value: str) -> str:
    return html.escape(value, quote=True)


def licence_link(spdx: str, css_class: str = "") -> str:
    """A licence as HTML: its common name linked to its deed when it has one."""
    name, url = licence_name(spdx)
    if not url:
        return attr(name)
    class_attr = f' class="{attr(css_class)}"' if css_class else ""
    return f'<a{class_attr} href="{attr(url)}" rel="license">{attr(name)}</a>'


def curriculum_title(curriculum: m.Curriculum, lang: str) -> str:
    """The curriculum's title in `lang`, else in the default language, else the generic word."""
    text = curriculum.text(lang)
    return text.title if text else t(lang, "curriculum")


def inline_citation(value: str) -> str:
    """Bibliography citations may use *emphasis*; any HTML in them is escaped."""
    return html.escape(value, quote=False)


@dataclass
class Page:
    """One generated page in one language."""

    lang: str
    src_uri: str
    kind: str
    title: str
    markdown: str = ""
    entity_id: str = ""
    alternates: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Download:
    """A printable file of the site: where it is (from the site root), its size and page count."""

    path: str
    size: int
    pages: int


Downloads = dict[tuple[str, str, str], Download]

States = dict[tuple[str, str, str], str]
"""Translation states by (kind, entity id, language): up-to-date, outdated, unknown, partial, missing."""
"""Printable files by (kind, language, entity id); kind is lesson, handouts or module."""


_STATE_KEY = {
    "up-to-date": "current",
    "outdated": "outdated",
    "unknown": "unknown",
    "partial": "partial",
    "missing": "missing",
}


def size_text(size: int) -> str:
    return f"{max(1, round(size / 1024))} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


@dataclass
class Media:
    """A file (image) used by content, copied once to the site."""

    source: str
    dest_uri: str


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

    def home(self, lang: str) -> str:
        return f"{self.prefix(lang)}modules/index.md"

    def module(self, lang: str, ident: str) -> str:
        return f"{self.prefix(lang)}modules/{ident}.md"

    def lesson(self, lang: str, ident: str) -> str:
        return f"{self.prefix(lang)}lessons/{ident}.md"

    def resource(self, lang: str, ident: str) -> str:
        return f"{self.prefix(lang)}resources/{ident}.md"

    def resources(self, lang: str) -> str:
        return f"{self.prefix(lang)}resources/index.md"

    def glossary(self, lang: str) -> str:
        return f"{self.prefix(lang)}glossary.md"

    def bibliography(self, lang: str) -> str:
        return f"{self.prefix(lang)}bibliography.md"

    def catalogue(self, lang: str) -> str:
        return f"{self.prefix(lang)}catalogue.md"

    def downloads(self, lang: str) -> str:
        return f"{self.prefix(lang)}downloads.md"

    def translations(self, lang: str) -> str:
        return f"{self.prefix(lang)}translations.md"

    def default_src(self, src: str, lang: str) -> str:
        """The same page in the default language."""
        return src[len(self.prefix(lang)) :]

    def calendar(self, lang: str) -> str:
        return f"{self.prefix(lang)}calendar.md"

    def ics(self, lang: str) -> str:
        return f"{self.prefix(lang)}calendar.ics"

    def absolute(self, site_url: str, src_uri: str) -> str:
        return site_url.rstrip("/") + "/" + self.url(src_uri)

    @staticmethod
    def media(entity_kind: str, entity_id: str, relative: str) -> str:
        return f"media/{entity_kind}/{entity_id}/{relative}"

    @staticmethod
    def link(from_src: str, to_src: str, anchor: str = "") -> str:
        """A Markdown link between source paths: MkDocs checks it and turns it into a URL."""
        rel = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
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
            rel = posixpath.relpath(target or ".", base)
            rel = "./" if rel == "." else rel.rstrip("/") + "/"
        else:
            rel = posixpath.relpath(target, base)
        return rel + (f"#{anchor}" if anchor else "")

    def file_link(self, from_src: str, path: str) -> str:
        """A raw-HTML link from a page to a file of the site (a PDF, a ZIP), by its path from the site root."""
        return posixpath.relpath(path, self.folder(self.page_url(from_src)) or ".")


def grades_text(lang: str, grades: Iterable[int]) -> str:
    values = sorted(set(grades))
    if not values:
        return ""
    if len(values) == 1:
        return t(lang, "grade", n=values[0])
    if values == list(range(values[0], values[-1] + 1)):
        return t(lang, "grades_range", a=values[0], b=values[-1])
    return ", ".join(t(lang, "grade", n=v) for v in values)


def lesson_count(lang: str, n: int) -> str:
    return t(lang, "lesson_count_one") if n == 1 else t(lang, "lesson_count", n=n)


def nest(markdown: str, top: int) -> str:
    """Shift the ATX headings of an author's text so its highest one sits at level `top`.

    Authors write a handout or a module introduction as a document of its own; inside a page it must
    continue the page's outline without skipping levels (WCAG 1.3.1, and the HTML checker's outline rule).
    """
    lines = list(markdown_lines(markdown))
    levels = [len(mt.group(1)) for _, line in lines if (mt := _HEADING.match(line))]
    if not levels:
        return markdown
    shift = top - min(levels)
    out = markdown.split("\n")
    for offset, line in lines:
        out[offset] = _HEADING.sub(lambda mt: "#" * max(1, min(6, len(mt.group(1)) + shift)) + mt.group(2), line)
    return "\n".join(out)


class PageBuilder:
    """Builds the Markdown of every page of one language."""

    def __init__(
        self,
        curriculum: m.Curriculum,
        lang: str,
        site_url: str = "",
        downloads: Downloads | None = None,
        states: States | None = None,
        directory_urls: bool = True,
    ) -> None:
        self.c = curriculum
        self.site_url = site_url
        self.downloads = downloads or {}
        self.states = states or {}
        self.lang = lang
        self.default = curriculum.default_language
        self.map = SiteMap(curriculum, directory_urls)

    # --- helpers -----------------------------------------------------------------------------------

    def label(self, labels: dict[str, str] | None) -> str:
        return self.c.label(labels, self.lang)

    def label_html(self, labels: dict[str, str] | None) -> str:
        """A label as escaped HTML, marked with its language when it falls back to another one."""
        text = attr(self.label(labels))
        if labels and self.lang not in labels:
            return f'<span lang="{self.default}">{text}</span>'
        return text

    def outdated(self, kind: str, entity_id: str, src: str) -> str:
        """'This translation may be out of date', linking the current default-language page."""
        if self.lang == self.default or self.states.get((kind, entity_id, self.lang)) != "outdated":
            return ""
        current = self.map.html_link(src, self.map.default_src(src, self.lang))
        return (
            f'<p class="drom-notice drom-notice--outdated" role="note">{attr(t(self.lang, "translation_outdated"))} '
            f'<a href="{attr(current)}" hreflang="{self.default}">{attr(t(self.lang, "see_current"))}</a></p>\n\n'
        )

    def notice(self, text: m.Translation, what: str) -> str:
        """The visible fallback notice when the reader's language is missing, in the reader's language."""
        if self.lang == self.default:
            return ""
        language = language_in(self.lang, self.lang)
        if text.lang != self.lang:
            message = t(self.lang, "fallback_full", what=t(self.lang, f"what_{what}"), language=language)
        else:
            return ""
        return f'<p class="drom-notice" role="note">{attr(message)}</p>\n\n'

    def body_notice(self, entity: m.Entity, what: str) -> tuple[str, m.Translation]:
        """For a title-only translation: the notice and the default-language text to show as the body."""
        text = entity.text(self.lang, self.default)
        if text.lang == self.lang and not text.complete and self.lang != self.default:
            message = t(
                self.lang,
                "fallback_body",
                what=t(self.lang, f"what_{what}"),
                language=language_in(self.lang, self.lang),
            )
            return f'<p class="drom-notice" role="note">{attr(message)}</p>\n\n', entity.texts[self.default]
        return "", text

    def front(self, title: str, description: str = "", **extra: str) -> str:
        # The theme writes meta values into <title>, <meta> and the navigation without escaping them.
        lines = ["---", f"title: {_yaml_str(html.escape(title, quote=False))}"]
        if description:
            lines.append(f"description: {_yaml_str(attr(description))}")
        for key, value in extra.items():
            lines.append(f"{key}: {_yaml_str(value)}")
        lines.append("---\n")
        return "\n".join(lines)

    def wrap_lang(self, markdown: str, lang: str) -> str:
        """Mark text in another language than the page's (language of parts, WCAG 3.1.2)."""
        if lang == self.lang:
            return markdown
        return f'<div lang="{lang}" markdown="1">\n\n{markdown}\n\n</div>'

    def rewrite_media(self, markdown: str, src_uri: str, kind: str, entity_id: str, base: str = "") -> str:
        """Point relative image paths at the shared media copy of the file."""

        def repl(match: re.Match[str]) -> str:
            target = match.group(2)
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", target, re.IGNORECASE):
                return match.group(0)
            relative = posixpath.normpath(posixpath.join(base, target))
            return match.group(1) + self.map.link(src_uri, self.map.media(kind, entity_id, relative))

        return _IMAGE_TARGET.sub(repl, markdown)

    def term_html(self, term: m.Term, src_uri: str) -> str:
        link = self.map.html_link(src_uri, self.map.glossary(self.lang), term.id)
        meaning = self.label(term.meaning)
        return (
            f'<a class="drom-term" href="{attr(link)}"><span lang="rom">{attr(term.latin)}</span></a> – {attr(meaning)}'
        )

    def sources_md(self, ids: Iterable[str]) -> str:
        items = []
        for ident in ids:
            source = self.c.sources.get(ident)
            if source is None:
                continue
            line = f"- {inline_citation(source.citation)}"
            if source.url:
                line += f" <{source.url}>"
            items.append(line)
        return "\n".join(items)

    # --- pages -------------------------------------------------------------------------------------

    def pages(self) -> list[Page]:
        pages = [self.home(), self.catalogue(), self.calendar()]
        for module in self.c.ordered_modules():
            pages.append(self.module(module))
            for lesson in self.c.module_lessons(module):
                pages.append(self.lesson(lesson))
        pages.append(self.resources_index())
        pages.extend(self.resource(r) for r in self.sorted_resources())
        pages.append(self.glossary())
        if self.downloads:
            pages.append(self.downloads_page())
        if self.states:
            pages.append(self.translations_page())
        pages.append(self.bibliography())
        return pages

    def sorted_resources(self) -> list[m.Resource]:
        return [self.c.resources[k] for k in sorted(self.c.resources)]

    def home(self) -> Page:
        src = self.map.home(self.lang)
        text = self.c.text(self.lang)
        title = curriculum_title(self.c, self.lang)
        out = [self.front(title, text.summary if text else "")]
        if text:
            out.append(self.notice(text, "page"))
            out.append(f"# {md_text(title)}\n")
            out.append(self.wrap_lang(text.body, text.lang) + "\n")
        out.append(f"## {md_text(t(self.lang, 'modules'))} {{#modules}}\n")
        for module in self.c.ordered_modules():
            mt = module.text(self.lang, self.default)
            lessons = self.c.module_lessons(module)
            minutes = sum(lesson.spec.duration for lesson in lessons)
            band = self.c.band(module.spec.band)
            out.append(f"### [{md_text(mt.title)}]({self.map.link(src, self.map.module(self.lang, module.id))})\n")
            out.append(
                f'<p class="drom-meta">{attr(grades_text(self.lang, module.spec.grades))}'
                f"{' · ' + attr(self.label(band.label)) if band else ''}"
                f" · {attr(lesson_count(self.lang, len(lessons)))}"
                f" · {attr(t(self.lang, 'minutes_total', n=minutes))}</p>\n"
            )
            out.append(self.wrap_lang(md_text(mt.summary), mt.lang) + "\n")
        return Page(self.lang, src, "home", title, "\n".join(out))

    def module(self, module: m.Module) -> Page:
        src = self.map.module(self.lang, module.id)
        head = module.text(self.lang, self.default)
        notice, body = self.body_notice(module, "module")
        out = [self.front(head.title, head.summary), self.notice(head, "module"), notice]
        out.append(self.outdated("module", module.id, src))
        out.append(f"# {md_text(head.title)}\n")
        band = self.c.band(module.spec.band)
        lessons = self.c.module_lessons(module)
        out.append(
            f'<p class="drom-meta">{attr(grades_text(self.lang, module.spec.grades))}'
            f"{' · ' + attr(self.label(band.label)) if band else ''}"
            f" · {attr(lesson_count(self.lang, len(lessons)))}</p>\n"
        )
        out.append(self.wrap_lang(f"*{md_text(head.summary)}*", head.lang) + "\n")
        if body.body:
            text = nest(self.rewrite_media(body.body, src, "modules", module.id), 2)
            out.append(self.wrap_lang(text, body.lang) + "\n")
        out.append(self.download_links(src, [("module", module.id), ("module_zip", module.id)]))
        out.append(f"## {md_text(t(self.lang, 'lessons'))} {{#lessons}}\n")
        for number, lesson in enumerate(lessons, start=1):
            lt = lesson.text(self.lang, self.default)
            link = self.map.link(src, self.map.lesson(self.lang, lesson.id))
            out.append(
                f"{number}. [{md_text(lt.title)}]({link}) — "
                f"{md_text(grades_text(self.lang, lesson.spec.grades))}, "
                f"{md_text(t(self.lang, 'minutes', n=lesson.spec.duration))}"
            )
        out.append("")
        if module.spec.outcomes:
            out.append(f"## {md_text(t(self.lang, 'outcomes'))} {{#outcomes}}\n")
            for code in module.spec.outcomes:
                outcome = self.c.outcome(code)
                if outcome:
                    out.append(f"- **{md_text(code)}** {md_text(self.label(outcome.text))}")
            out.append("")
        return Page(self.lang, src, "module", head.title, "\n".join(out), module.id)

    def panel(self, lesson: m.Lesson, head: m.Translation, src: str) -> str:
        """The at-a-glance panel: grades, duration, time plan, objectives, outcomes, materials, vocabulary."""
        spec = lesson.spec
        lang = self.lang
        meta = head.meta
        rows = [
            ("grades", attr(grades_text(lang, spec.grades))),
            ("duration", attr(t(lang, "minutes", n=spec.duration))),
        ]
        if spec.themes:
            rows.append(
                ("themes", ", ".join(self.label_html(th.label) for th in map(self.c.theme, spec.themes) if th))
            )
        parts = [f'<aside class="drom-panel" aria-labelledby="at-a-glance-{lesson.id}">']
        parts.append(f'<h2 class="drom-panel__title" id="at-a-glance-{lesson.id}">{attr(t(lang, "at_a_glance"))}</h2>')
        parts.append('<dl class="drom-panel__facts">')
        for key, value in rows:
            parts.append(f'<div class="drom-fact drom-fact--{key}"><dt>{attr(t(lang, key))}</dt><dd>{value}</dd></div>')
        parts.append("</dl>")
        # time plan
        parts.append(f"<h3>{attr(t(lang, 'time_plan'))}</h3>")
        parts.append('<ol class="drom-timeplan">')
        titles = self.activity_titles(lesson)
        for activity in spec.activities:
            share = round(100 * activity.minutes / max(spec.duration, 1), 1)
            parts.append(
                f'<li class="drom-timeplan__item drom-kind--{activity.kind}">'
                f'<a href="#{attr(activity.id)}">{attr(titles.get(activity.id, activity.id))}</a>'
                f' <span class="drom-timeplan__min">{attr(t(lang, "minutes", n=activity.minutes))}</span>'
                f'<span class="drom-timeplan__bar" style="width:{share}%"></span></li>'
            )
        parts.append("</ol>")
        parts.append(self.short_period(lesson))
        objectives = getattr(meta, "objectives", []) or getattr(lesson.texts[self.default].meta, "objectives", [])
        obj_lang = head.lang if getattr(meta, "objectives", []) else self.default
        if objectives:
            parts.append(f"<h3>{attr(t(lang, 'objectives'))}</h3>")
            parts.append(self._list(objectives, obj_lang))
        outcomes = [(code, self.c.outcome(code)) for code in spec.outcomes]
        parts.append(f"<h3>{attr(t(lang, 'outcomes'))}</h3>")
        parts.append('<ul class="drom-outcomes">')
        for code, outcome in outcomes:
            text = self.label(outcome.text) if outcome else ""
            text_lang = self.lang if outcome and self.lang in outcome.text else self.default
            lang_attr = f' lang="{text_lang}"' if text_lang != self.lang else ""
            parts.append(f'<li><span class="drom-code">{attr(code)}</span> <span{lang_attr}>{attr(text)}</span></li>')
        parts.append("</ul>")
        materials = getattr(meta, "materials", []) or getattr(lesson.texts[self.default].meta, "materials", [])
        mat_lang = head.lang if getattr(meta, "materials", []) else self.default
        if materials:
            parts.append(f"<h3>{attr(t(lang, 'materials'))}</h3>")
            parts.append(self._list(materials, mat_lang))
        if spec.vocabulary:
            parts.append(f"<h3>{attr(t(lang, 'vocabulary'))}</h3>")
            parts.append('<ul class="drom-vocabulary">')
            for term_id in spec.vocabulary:
                term = self.c.terms.get(term_id)
                if term:
                    parts.append(f"<li>{self.term_html(term, src)}</li>")
            parts.append("</ul>")
        parts.append("</aside>")
        return "\n".join(parts) + "\n"

    def short_period(self, lesson: m.Lesson) -> str:
        """The panel's line on the 35-minute period of grades 1-2: which activities shorten, from and to.

        E.g. "In a 35-minute period (grade 2): Legend 12 → 10 min, Festive night 13 → 11 min." Empty when the
        lesson has no `short_period`.
        """
        spec = lesson.spec
        if spec.short_period is None:
            return ""
        young = [g for g in spec.grades if g in m.SHORT_PERIOD_GRADES] or list(m.SHORT_PERIOD_GRADES)
        titles = self.activity_titles(lesson)
        minutes = {a.id: a.minutes for a in spec.activities}
        label = t(
            self.lang,
            "short_period",
            n=m.SHORT_PERIOD_MINUTES,
            minutes=t(self.lang, "minutes", n=m.SHORT_PERIOD_MINUTES),
            grades=grades_text(self.lang, young),
        )
        changes = ", ".join(
            f'<span class="drom-short-period__change">{attr(titles.get(key, key))} {minutes.get(key, value)} → '
            f"{attr(t(self.lang, 'minutes', n=value))}</span>"
            for key, value in spec.short_period.items()
        ) or attr(t(self.lang, "short_period_same"))
        return f'<p class="drom-short-period"><strong>{attr(label)}:</strong> {changes}</p>'

    def _list(self, items: Iterable[str], lang: str) -> str:
        lang_attr = f' lang="{lang}"' if lang != self.lang else ""
        return f"<ul{lang_attr}>" + "".join(f"<li>{attr(item)}</li>" for item in items) + "</ul>"

    def activity_titles(self, lesson: m.Lesson) -> dict[str, str]:
        text = lesson.text(self.lang, self.default)
        if not text.complete:
            text = lesson.texts[self.default]
        return {sid: s.title for sid, s in text.sections.items()}

    def lesson(self, lesson: m.Lesson) -> Page:
        src = self.map.lesson(self.lang, lesson.id)
        head = lesson.text(self.lang, self.default)
        notice, body = self.body_notice(lesson, "lesson")
        module = self.c.modules.get(lesson.module_id)
        out = [self.front(head.title, head.summary), self.notice(head, "lesson"), notice]
        out.append(self.outdated("lesson", lesson.id, src))
        if module:
            mt = module.text(self.lang, self.default)
            link = self.map.html_link(src, self.map.module(self.lang, module.id))
            out.append(
                f'<nav class="drom-breadcrumbs" aria-label="{attr(t(self.lang, "part_of"))}">'
                f'<a href="{attr(link)}">{attr(mt.title)}</a> › '
                f'<span aria-current="page">{attr(head.title)}</span></nav>\n'
            )
        out.append(f"# {md_text(head.title)}\n")
        out.append(self.wrap_lang(f"*{md_text(head.summary)}*", head.lang) + "\n")
        out.append(self.tools(src))
        out.append(self.download_links(src, [("lesson", lesson.id), ("handouts", lesson.id)]))
        # Hook: the classroom view and the phone's activity navigation (drom/classroom.py, drom/reading.py).
        slides = self.downloads.get(("slides", self.lang, lesson.id))
        url = self.map.page_url(src)
        pdf = slides.path if slides else ""
        out.append(classroom.lesson_link(self.c, lesson, self.lang, url, self.map.directory_urls, pdf))
        out.append(self.panel(lesson, head, src))
        out.append(reading.activity_nav(self.c, lesson, self.lang))
        out.append(self.lesson_body(lesson, body, src))
        if lesson.spec.resources:
            out.append(f"## {md_text(t(self.lang, 'linked_resources'))} {{#linked-resources}}\n")
            for rid in lesson.spec.resources:
                resource = self.c.resources.get(rid)
                if resource:
                    rt = resource.text(self.lang, self.default)
                    link = self.map.link(src, self.map.resource(self.lang, rid))
                    out.append(f"- [{md_text(rt.title)}]({link}) — {md_text(t(self.lang, 'rk_' + resource.spec.kind))}")
            out.append("")
        if lesson.handouts:
            out.append(f"## {md_text(t(self.lang, 'handouts'))} {{#handouts}}\n")
            for handout in lesson.handouts:
                out.append(self.handout_section(lesson, handout, src))
        related = [self.c.lessons[other] for other in self.c.related.get(lesson.id, [])]
        if related:
            out.append(f"## {md_text(t(self.lang, 'related'))} {{#related}}\n")
            for other in related:
                ot = other.text(self.lang, self.default)
                link = self.map.link(src, self.map.lesson(self.lang, other.id))
                out.append(f"- [{md_text(ot.title)}]({link}) — {md_text(grades_text(self.lang, other.spec.grades))}")
            out.append("")
        if lesson.spec.sources:
            out.append(f"## {md_text(t(self.lang, 'sources'))} {{#sources}}\n")
            out.append(self.sources_md(lesson.spec.sources) + "\n")
        out.append(self.json_ld(lesson, head, src, "lesson"))
        return Page(self.lang, src, "lesson", head.title, "\n".join(out), lesson.id)

    def download_facts(self, item: Download) -> str:
        """'PDF · 120 KB · 4 pages' or 'ZIP · 3.2 MB'."""
        facts = [item.path.rsplit(".", 1)[-1].upper(), size_text(item.size)]
        if item.pages:
            facts.append(t(self.lang, "pages_n", n=item.pages))
        return " · ".join(facts)

    def download_anchor(self, src: str, item: Download, text: str, css: str = "") -> str:
        href = self.map.file_link(src, item.path)
        kind = "application/zip" if item.path.endswith(".zip") else "application/pdf"
        klass = f' class="{css}"' if css else ""
        return f'<a{klass} href="{attr(href)}" download type="{kind}">{text}</a>'

    def download_link(self, src: str, kind: str, entity_id: str) -> str:
        """A download button for one file, with its size (and page count); '' if it does not exist."""
        item = self.downloads.get((kind, self.lang, entity_id))
        if item is None:
            return ""
        text = f"{attr(t(self.lang, 'download_' + kind))} <small>{attr(self.download_facts(item))}</small>"
        return self.download_anchor(src, item, text, "md-button drom-download")

    def download_links(self, src: str, items: list[tuple[str, str]]) -> str:
        links = [link for kind, ident in items if (link := self.download_link(src, kind, ident))]
        return f'<p class="drom-downloads drom-no-print">{" ".join(links)}</p>\n' if links else ""

    def downloads_page(self) -> Page:
        """The offline school pack, then every printable file of this language, module by module."""
        src = self.map.downloads(self.lang)
        title = t(self.lang, "downloads")
        out = [self.front(title), f"# {md_text(title)}\n"]
        if ("offline", self.lang, "") in self.downloads:
            out.append(f"## {md_text(t(self.lang, 'offline_pack'))} {{#offline}}\n")
            out.append(md_text(t(self.lang, "offline_pack_intro")) + "\n")
            out.append(self.download_links(src, [("offline", "")]))
        if any(kind != "offline" and lang == self.lang for kind, lang, _ in self.downloads):
            out.append(md_text(t(self.lang, "downloads_intro")) + "\n")
        for module in self.c.ordered_modules():
            mt = module.text(self.lang, self.default)
            rows = [("module", module.id, mt.title), ("module_zip", module.id, mt.title)]
            for lesson in self.c.module_lessons(module):
                lt = lesson.text(self.lang, self.default)
                rows += [("lesson", lesson.id, lt.title), ("handouts", lesson.id, lt.title)]
            items = []
            for kind, ident, name in rows:
                item = self.downloads.get((kind, self.lang, ident))
                if item is not None:
                    items.append(
                        f"<li>{self.download_anchor(src, item, attr(name))} — "
                        f"{attr(t(self.lang, 'download_' + kind))}, {attr(self.download_facts(item))}</li>"
                    )
            if items:
                out.append(f"## {md_text(mt.title)} {{#{module.id}}}\n")
                out.append('<ul class="drom-download-list">' + "".join(items) + "</ul>\n")
        return Page(self.lang, src, "downloads", title, "\n".join(out))

    def translations_page(self) -> Page:
        """For translators and coordinators: every text's state in every language, with links."""
        src = self.map.translations(self.lang)
        title = t(self.lang, "translation_status")
        out = [self.front(title), f"# {md_text(title)}\n"]
        pages = {"lesson": self.map.lesson, "module": self.map.module, "resource": self.map.resource}
        names = {
            "lesson": lambda i: self.c.lessons[i],
            "module": lambda i: self.c.modules[i],
            "resource": lambda i: self.c.resources[i],
        }
        for lang in self.c.languages[1:]:
            rows = [(k, i, st) for (k, i, x), st in self.states.items() if x == lang and k in pages]
            counts = {
                st: sum(1 for *_, s in rows if s == st)
                for st in ("up-to-date", "outdated", "unknown", "partial", "missing")
            }
            out.append(f"## {md_text(LANGUAGE_NAMES.get(lang, lang))} {{#{lang}}}\n")
            out.append(
                "<p>"
                + " · ".join(f"{attr(t(self.lang, 'ts_' + _STATE_KEY[k]))}: {v}" for k, v in counts.items() if v)
                + "</p>\n"
            )
            heads = (t(self.lang, "kind"), t(self.lang, "what_page"), LANGUAGE_NAMES.get(lang, lang))
            out.append(
                '<table class="drom-translations"><thead><tr>'
                + "".join(f'<th scope="col">{attr(h)}</th>' for h in heads)
                + "</tr></thead><tbody>"
            )
            for kind, ident, state in sorted(rows, key=lambda r: (r[0], r[1])):
                entity = names[kind](ident)
                target = pages[kind](lang, ident)
                link = self.map.html_link(src, target)
                name = entity.text(self.lang, self.default).title
                label = t(self.lang, "ts_" + _STATE_KEY[state])
                out.append(
                    f"<tr><td>{attr(t(self.lang, 'what_' + kind))}</td>"
                    f'<td><a href="{attr(link)}">{attr(name)}</a></td>'
                    f'<td class="drom-state drom-state--{state}">{attr(label)}</td></tr>'
                )
            out.append("</tbody></table>\n")
        return Page(self.lang, src, "translations", title, "\n".join(out))

    def tools(self, src: str) -> str:
        """Print and share buttons, shown only where scripts run (they need drom.js to work).

        Left out of the search index (Material's `data-search-exclude`): their labels would open every
        lesson's first search result."""
        url = self.map.absolute(self.site_url, src) if self.site_url else ""
        return (
            f'<div class="drom-tools drom-no-print drom-js-only" data-drom-tools data-search-exclude>'
            f'<button type="button" class="md-button" data-drom-print>{attr(t(self.lang, "print"))}</button> '
            f'<button type="button" class="md-button" data-drom-share data-url="{attr(url)}" '
            f'data-copied="{attr(t(self.lang, "copied"))}">{attr(t(self.lang, "share"))}</button>'
            f'<span class="drom-tools__status" role="status"></span></div>\n'
        )

    def json_ld(self, entity: m.Entity, head: m.Translation, src: str, kind: str) -> str:
        """schema.org LearningResource metadata for search engines."""
        if not self.site_url:
            return ""
        sitemap = self.map
        own = sitemap.absolute(self.site_url, src)
        rel = src[len(sitemap.prefix(self.lang)) :]
        others = {
            lang: sitemap.absolute(self.site_url, sitemap.prefix(lang) + rel)
            for lang in self.c.languages
            if lang != self.lang and lang in entity.texts
        }
        data: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": "LearningResource",
            "name": head.title,
            "description": head.summary,
            "url": own,
            "inLanguage": self.lang,
            "publisher": {"@type": "Organization", "name": self.label(self.c.spec.organisation)},
        }
        if isinstance(entity, m.Lesson):
            spec = entity.spec
            module = self.c.modules.get(entity.module_id)
            data.update(
                {
                    "learningResourceType": "lesson plan",
                    "educationalLevel": grades_text(self.lang, spec.grades),
                    "timeRequired": f"PT{spec.duration}M",
                    "teaches": list(getattr(head.meta, "objectives", []) or []),
                }
            )
            if module:
                data["isPartOf"] = {
                    "@type": "Course",
                    "name": module.text(self.lang, self.default).title,
                    "url": sitemap.absolute(self.site_url, sitemap.module(self.lang, module.id)),
                }
        elif isinstance(entity, m.Resource):
            resource = entity.spec
            users = self.c.lessons_using.get(entity.id, [])
            data["learningResourceType"] = t("en", "rk_" + resource.kind).lower()
            if users:
                data["educationalLevel"] = grades_text(self.lang, {g for lesson in users for g in lesson.spec.grades})
            data["teaches"] = [self.label(theme.label) for theme in map(self.c.theme, resource.themes) if theme]
            data["isPartOf"] = {
                "@type": "Course",
                "name": curriculum_title(self.c, self.lang),
                "url": sitemap.absolute(self.site_url, sitemap.home(self.lang)),
            }
        licence_id = entity.spec.licence if isinstance(entity, m.Resource) else self.c.spec.licence
        licence, licence_url = licence_name(licence_id)
        data["license"] = licence_url or licence
        if self.lang == self.default:
            if others:
                data["workTranslation"] = [{"@id": url} for url in others.values()]
        elif self.default in others:
            data["translationOfWork"] = {"@id": others[self.default]}
        payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
        # Inside <script>, no text from the content may open or close a tag.
        payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return f'<script type="application/ld+json">{payload}</script>\n'

    # --- catalogue, calendar -----------------------------------------------------------------------

    def catalogue(self) -> Page:
        """Every lesson with its facts; drom.js filters it in place and keeps the filters in the URL."""
        src = self.map.catalogue(self.lang)
        title = t(self.lang, "catalogue")
        lessons = self.ordered_lessons()
        grades = sorted({g for lesson in lessons for g in lesson.spec.grades})
        themes = [th for th in self.c.spec.themes if any(th.id in x.spec.themes for x in lessons)]
        durations = sorted({x.spec.duration for x in lessons})
        out = [self.front(title), f"# {md_text(title)}\n"]
        count_template = t(self.lang, "shown", n="{n}", total="{total}")
        form = [f'<form class="drom-filters drom-js-only" data-drom-filters aria-label="{attr(title)}">']

        def select(name: str, label: str, options: list[tuple[str, str]]) -> None:
            form.append(f'<label>{attr(label)} <select name="{name}">')
            form.append(f'<option value="">{attr(t(self.lang, "filter_any"))}</option>')
            form.extend(f'<option value="{attr(v)}">{attr(text)}</option>' for v, text in options)
            form.append("</select></label>")

        select("grade", t(self.lang, "filter_grade"), [(str(g), t(self.lang, "grade", n=g)) for g in grades])
        select("theme", t(self.lang, "filter_theme"), [(th.id, self.label(th.label)) for th in themes])
        select("duration", t(self.lang, "filter_duration"), [(str(d), t(self.lang, "minutes", n=d)) for d in durations])
        select("lang", t(self.lang, "filter_language"), [(x, LANGUAGE_NAMES.get(x, x)) for x in self.c.languages])
        form.append(f'<button type="reset" class="md-button">{attr(t(self.lang, "filter_reset"))}</button>')
        form.append(f'<p class="drom-filters__count" role="status" data-template="{attr(count_template)}"></p>')
        form.append("</form>")
        out.append("\n".join(form) + "\n")
        items = ['<ul class="drom-catalogue">']
        for lesson in lessons:
            lt = lesson.text(self.lang, self.default)
            langs = [x for x in self.c.languages if x in lesson.texts and lesson.texts[x].complete]
            theme_names = ", ".join(self.label_html(th.label) for th in map(self.c.theme, lesson.spec.themes) if th)
            link = self.map.html_link(src, self.map.lesson(self.lang, lesson.id))
            lang_attr = f' lang="{lt.lang}"' if lt.lang != self.lang else ""
            names = ", ".join(f'<span lang="{x}">{attr(LANGUAGE_NAMES.get(x, x))}</span>' for x in langs)
            items.append(
                f'<li class="drom-catalogue__item" data-grades="{" ".join(map(str, lesson.spec.grades))}" '
                f'data-themes="{attr(" ".join(lesson.spec.themes))}" data-duration="{lesson.spec.duration}" '
                f'data-langs="{" ".join(langs)}">'
                f'<a href="{attr(link)}"{lang_attr}>{attr(lt.title)}</a>'
                f'<p class="drom-meta">{attr(grades_text(self.lang, lesson.spec.grades))} · '
                f"{attr(t(self.lang, 'minutes', n=lesson.spec.duration))} · {theme_names} · "
                f"{attr(t(self.lang, 'languages_available'))}: {names}</p>"
                f"<p{lang_attr}>{attr(lt.summary)}</p></li>"
            )
        items.append("</ul>")
        out.append("\n".join(items) + "\n")
        return Page(self.lang, src, "catalogue", title, "\n".join(out))

    # --- calendar: fixed days recur yearly, movable feasts are listed for the coming years (dates.py) ---

    def date_text(self, date: str) -> str:
        month, day = (int(x) for x in date.split("-"))
        months = t(self.lang, "month_names").split("|")
        if months[0].isdigit():
            return f"{day:02d}.{month:02d}."
        return f"{day} {months[month - 1]}"

    def day_text(self, day: _date) -> str:
        """A dated day with its year: '24 април 2027 г.', '24 April 2027', '24.04.2027'."""
        return t(self.lang, "dated_day", day=self.date_text(day.strftime("%m-%d")), year=day.year)

    def ui(self, key: str, **values: object) -> str:
        """An interface string as HTML, marked with its language when it falls back to another one."""
        text = attr(t(self.lang, key, **values))
        return text if key in STRINGS.get(self.lang, {}) else f'<span lang="en">{text}</span>'

    def events(self) -> list[m.Event]:
        year = dates.build_year()
        return sorted(self.c.events, key=lambda e: (dates.sort_key(e, year), e.id))

    def event_when(self, event: m.Event) -> str:
        """The event's day as HTML: a month-day, or the rule and each day of the coming years."""
        if isinstance(event.date, str):
            return f'<p class="drom-meta"><time datetime="{event.date}">{attr(self.date_text(event.date))}</time></p>\n'
        movable = event.date
        rule = self.ui("rule_" + movable.rule)
        if movable.offset:
            rule += ", " + self.ui("days_after" if movable.offset > 0 else "days_before", n=abs(movable.offset))
        days = "".join(
            f'<li><time datetime="{day.isoformat()}">{attr(self.day_text(day))}</time></li>'
            for day in dates.dated(event, dates.years())
        )
        out = f'<p class="drom-meta">{self.ui("movable_date")}: {rule}</p>\n<ul class="drom-dates">{days}</ul>\n'
        if dates.uncertainty(event):
            note = self.ui("hijri_uncertainty", n=dates.uncertainty(event))
            out += f'<p class="drom-meta drom-dates__note">{note}</p>\n'
        return out

    def calendar(self) -> Page:
        src = self.map.calendar(self.lang)
        title = t(self.lang, "calendar")
        out = [self.front(title), f"# {md_text(title)}\n"]
        ics = self.map.link(src, self.map.ics(self.lang))
        out.append(f"[{md_text(t(self.lang, 'download_ics'))}]({ics}){{ .md-button }}\n")
        for event in self.events():
            out.append(f"## {md_text(self.label(event.name))} {{#{event.id}}}\n")
            out.append(self.event_when(event))
            desc_lang = self.lang if self.lang in event.description else self.default
            out.append(self.wrap_lang(md_text(self.label(event.description)), desc_lang) + "\n")
            for lesson_id in event.lessons:
                lesson = self.c.lessons.get(lesson_id)
                if lesson:
                    lt = lesson.text(self.lang, self.default)
                    link = self.map.link(src, self.map.lesson(self.lang, lesson_id))
                    out.append(f"- {md_text(t(self.lang, 'lesson'))}: [{md_text(lt.title)}]({link})")
            for resource_id in event.resources:
                resource = self.c.resources.get(resource_id)
                if resource:
                    rt = resource.text(self.lang, self.default)
                    out.append(
                        f"- [{md_text(rt.title)}]({self.map.link(src, self.map.resource(self.lang, resource_id))})"
                    )
            if event.sources:
                out.append(f"\n{md_text(t(self.lang, 'sources'))}:\n\n{self.sources_md(event.sources)}")
            out.append("")
        return Page(self.lang, src, "calendar", title, "\n".join(out))

    def upcoming(self, page_url: str) -> str:
        """The year's events in date order; drom.js puts the next one first and marks it.

        A movable feast lists its day in each coming year (`data-dates`); the script shows the next one.
        """
        parts = ['<section class="drom-upcoming" aria-labelledby="drom-upcoming-title">']
        parts.append(f'<h2 id="drom-upcoming-title">{attr(t(self.lang, "upcoming"))}</h2>')
        parts.append('<ul class="drom-upcoming__list" data-drom-upcoming>')
        span = dates.years()
        for event in self.events():
            link = self.map.link_from_url(page_url, self.map.calendar(self.lang), event.id)
            name = f'<a href="{attr(link)}">{attr(self.label(event.name))}</a>'
            if isinstance(event.date, str):
                when = f'<time datetime="{event.date}">{attr(self.date_text(event.date))}</time>'
                parts.append(f'<li data-date="{event.date}">{name} — {when}</li>')
                continue
            days = dates.dated(event, span)
            if not days:
                continue
            when = "".join(
                f'<time datetime="{day.isoformat()}"{" hidden" if n else ""}>{attr(self.day_text(day))}</time>'
                for n, day in enumerate(days)
            )
            listed = " ".join(day.isoformat() for day in days)
            parts.append(f'<li data-date="{days[0].strftime("%m-%d")}" data-dates="{listed}">{name} — {when}</li>')
        parts.append("</ul></section>")
        return "\n".join(parts)

    def lesson_body(self, lesson: m.Lesson, body: m.Translation, src: str) -> str:
        """Activities in order with kind and minutes, then differentiation, assessment, teacher notes."""
        out = []
        intro = body.sections.get("_intro")
        if intro:
            out.append(nest(intro.markdown, 2) + "\n")
        for activity in lesson.spec.activities:
            section = body.sections.get(activity.id)
            if section is None:
                continue
            out.append(f"## {md_text(section.title)} {{#{activity.id}}}\n")
            out.append(
                f'<p class="drom-activity-meta"><span class="drom-kind drom-kind--{activity.kind}">'
                f"{attr(t(self.lang, 'kind_' + activity.kind))}</span> · "
                f"{attr(t(self.lang, 'minutes', n=activity.minutes))}</p>\n"
            )
            out.append(nest(section.markdown, 3) + "\n")
        for fixed in m.FIXED_SECTIONS:
            section = body.sections.get(fixed)
            if section is None:
                continue
            out.append(f"## {md_text(section.title)} {{#{fixed}}}\n")
            out.append(nest(section.markdown, 3) + "\n")
        text = "\n".join(out)
        text = self.rewrite_media(text, src, "lessons", lesson.id)
        text = classroom.board_titles(text, body.lang)  # hook: `!!! board` gets its title in the text's language
        return self.wrap_lang(text, body.lang) + "\n"

    def handout_section(self, lesson: m.Lesson, handout: m.Handout, src: str) -> str:
        text = handout.text(self.lang, self.default)
        body = nest(text.body, 4)
        body = self.rewrite_media(body, src, "lessons", lesson.id, base="handouts")
        block = f"### {md_text(text.title)} {{#handout-{handout.id}}}\n\n{body}\n"
        return self.wrap_lang(block, text.lang) + "\n"

    def resources_index(self) -> Page:
        src = self.map.resources(self.lang)
        title = t(self.lang, "resources")
        out = [self.front(title), f"# {md_text(title)}\n"]
        by_kind: dict[str, list[m.Resource]] = {}
        for resource in self.sorted_resources():
            by_kind.setdefault(resource.spec.kind, []).append(resource)
        for kind in sorted(by_kind, key=lambda k: t(self.lang, "rk_" + k)):
            out.append(f"## {md_text(t(self.lang, 'rk_' + kind))} {{#kind-{kind}}}\n")
            for resource in by_kind[kind]:
                rt = resource.text(self.lang, self.default)
                link = self.map.link(src, self.map.resource(self.lang, resource.id))
                summary = md_text(rt.summary)
                if rt.lang != self.lang:
                    summary = f'<span lang="{rt.lang}">{summary}</span>'
                out.append(f"- [{md_text(rt.title)}]({link}) — {summary}")
            out.append("")
        return Page(self.lang, src, "resources", title, "\n".join(out))

    def resource(self, resource: m.Resource) -> Page:
        src = self.map.resource(self.lang, resource.id)
        head = resource.text(self.lang, self.default)
        notice, body = self.body_notice(resource, "resource")
        spec = resource.spec
        out = [self.front(head.title, head.summary), self.notice(head, "resource"), notice]
        out.append(self.outdated("resource", resource.id, src))
        out.append(f"# {md_text(head.title)}\n")
        out.append(self.wrap_lang(f"*{md_text(head.summary)}*", head.lang) + "\n")
        facts = [
            ("kind", attr(t(self.lang, "rk_" + spec.kind))),
            ("origin", attr(t(self.lang, "or_" + spec.origin))),
            ("licence", licence_link(spec.licence)),
        ]
        if spec.attribution:
            facts.append(("attribution", attr(spec.attribution)))
        out.append('<dl class="drom-facts">')
        for key, value_html in facts:
            out.append(f'<div class="drom-fact"><dt>{attr(t(self.lang, key))}</dt><dd>{value_html}</dd></div>')
        out.append("</dl>\n")
        text = nest(self.rewrite_media(body.body, src, "resources", resource.id), 2)
        out.append(self.wrap_lang(text, body.lang) + "\n")
        if spec.terms:
            out.append(f"## {md_text(t(self.lang, 'vocabulary'))} {{#vocabulary}}\n")
            out.append('<ul class="drom-vocabulary">')
            for term_id in spec.terms:
                term = self.c.terms.get(term_id)
                if term:
                    out.append(f"<li>{self.term_html(term, src)}</li>")
            out.append("</ul>\n")
        used = self.c.lessons_using.get(resource.id, [])
        if used:
            out.append(f"## {md_text(t(self.lang, 'used_in'))} {{#used-in}}\n")
            for lesson in used:
                lt = lesson.text(self.lang, self.default)
                out.append(f"- [{md_text(lt.title)}]({self.map.link(src, self.map.lesson(self.lang, lesson.id))})")
            out.append("")
        if spec.sources:
            out.append(f"## {md_text(t(self.lang, 'sources'))} {{#sources}}\n")
            out.append(self.sources_md(spec.sources) + "\n")
        out.append(self.json_ld(resource, head, src, "resource"))
        return Page(self.lang, src, "resource", head.title, "\n".join(out), resource.id)

    def ordered_lessons(self) -> list[m.Lesson]:
        return self.c.ordered_lessons()

    def glossary(self) -> Page:
        src = self.map.glossary(self.lang)
        title = t(self.lang, "glossary")
        out = [self.front(title), f"# {md_text(title)}\n", md_text(t(self.lang, "glossary_intro")) + "\n"]
        out.append(
            '<div class="drom-glossary-filter drom-js-only" data-drom-glossary-filter>'
            f'<label for="drom-glossary-q">{attr(t(self.lang, "glossary_filter"))}</label> '
            '<input id="drom-glossary-q" type="search" autocomplete="off"> '
            f'<span role="status" data-template="{attr(t(self.lang, "glossary_shown", n="{n}"))}"></span></div>\n'
        )
        usage: dict[str, list[m.Lesson]] = {}
        for lesson in self.ordered_lessons():
            for term_id in lesson.spec.vocabulary:
                usage.setdefault(term_id, []).append(lesson)
        out.append('<dl class="drom-glossary">')
        for term in sorted(self.c.terms.values(), key=lambda x: x.latin.lower()):
            out.append(f'<div class="drom-glossary__entry" id="{attr(term.id)}">')
            out.append(f'<dt><span lang="rom">{attr(term.latin)}</span>')
            if term.cyrillic:
                out.append(f' <span class="drom-cyrillic" lang="rom-Cyrl">({attr(term.cyrillic)})</span>')
            out.append("</dt>")
            meaning_lang = self.lang if self.lang in term.meaning else self.default
            lang_attr = f' lang="{meaning_lang}"' if meaning_lang != self.lang else ""
            out.append(f"<dd{lang_attr}>{attr(self.label(term.meaning))}")
            if term.note:
                note_lang = self.lang if self.lang in term.note else self.default
                note_attr = f' lang="{note_lang}"' if note_lang != self.lang else ""
                out.append(f"<br><small{note_attr}>{attr(self.label(term.note))}</small>")
            if term.dialects:
                out.append(f' <small class="drom-dialects">({attr(", ".join(term.dialects))})</small>')
            lessons = usage.get(term.id, [])
            if lessons:
                links = ", ".join(
                    f'<a href="{attr(self.map.html_link(src, self.map.lesson(self.lang, x.id)))}">'
                    f"{attr(x.text(self.lang, self.default).title)}</a>"
                    for x in lessons
                )
                out.append(f'<br><small class="drom-used-in">{attr(t(self.lang, "used_in"))}: {links}</small>')
            out.append("</dd></div>")
        out.append("</dl>\n")
        out.append(dialects.legend((d for x in self.c.terms.values() for d in x.dialects), self.lang))  # hook
        return Page(self.lang, src, "glossary", title, "\n".join(out))

    def bibliography(self) -> Page:
        src = self.map.bibliography(self.lang)
        title = t(self.lang, "bibliography")
        out = [self.front(title), f"# {md_text(title)}\n"]
        for source in sorted(self.c.sources.values(), key=lambda s: s.citation.lower()):
            line = f'- <span id="{attr(source.id)}"></span>{inline_citation(source.citation)}'
            if source.url:
                line += f" <{source.url}>"
            out.append(line)
        out.append("")
        return Page(self.lang, src, "bibliography", title, "\n".join(out))


def _yaml_str(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def build_pages(
    curriculum: m.Curriculum,
    lang: str,
    site_url: str = "",
    downloads: Downloads | None = None,
    states: States | None = None,
    directory_urls: bool = True,
) -> list[Page]:
    return PageBuilder(curriculum, lang, site_url, downloads, states, directory_urls).pages()


def calendar_ics(curriculum: m.Curriculum, lang: str, site_url: str = "") -> bytes:
    """An iCalendar feed: fixed days recurring yearly, movable feasts dated for the coming years (`dates.py`).

    Identical bytes for identical content and build date.
    """
    from datetime import datetime

    from icalendar import Calendar, Event

    builder = PageBuilder(curriculum, lang, site_url)
    cal = Calendar()
    cal.add("prodid", "-//drom//Roma folklore curriculum//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{t(lang, 'calendar')} – {builder.label(curriculum.spec.organisation)}")
    cal.add("x-wr-caldesc", t(lang, "calendar"))
    stamp = datetime(2025, 1, 1, tzinfo=UTC)
    page = builder.map.calendar(lang)
    span = dates.years()
    for event in builder.events():
        description = builder.label(event.description)
        if dates.uncertainty(event):
            description += "\n" + t(lang, "hijri_uncertainty", n=dates.uncertainty(event))
        if site_url:
            url = builder.map.absolute(site_url, page) + f"#{event.id}"
            description += f"\n{url}"
        if isinstance(event.date, str):
            month, day = (int(x) for x in event.date.split("-"))
            occurrences = [(f"{event.id}@drom-curriculum", _date(2025, month, day))]
        else:
            occurrences = [(f"{event.id}-{d.isoformat()}@drom-curriculum", d) for d in dates.dated(event, span)]
        for uid, start in occurrences:
            item = Event()
            item.add("uid", uid)
            item.add("dtstamp", stamp)
            item.add("dtstart", start)
            if isinstance(event.date, str):
                item.add("rrule", {"freq": "yearly"})
            item.add("summary", builder.label(event.name))
            if site_url:
                item.add("url", url)
            item.add("description", description)
            item.add("transp", "TRANSPARENT")
            cal.add_component(item)
    return cal.to_ical()


def media_files(curriculum: m.Curriculum) -> list[Media]:
    """Every image in lesson, module and resource folders, with its site path."""
    result = []
    for kind, entities in (
        ("lessons", curriculum.lessons.values()),
        ("modules", curriculum.modules.values()),
        ("resources", curriculum.resources.values()),
    ):
        for entity in entities:
            for sub in ("images", "handouts/images"):
                folder = entity.folder / sub
                if folder.is_dir():
                    for path in sorted(folder.rglob("*")):
                        if path.is_file():
                            relative = path.relative_to(entity.folder).as_posix()
                            result.append(Media(str(path), SiteMap.media(kind, entity.id, relative)))
    return result
