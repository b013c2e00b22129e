"""The print HTML of one language's PDFs: the site's view-models rendered through the print templates.

A lesson PDF is the lesson's view-model (`pages.lesson.LessonView`) in `print/lesson.html`, its text the
site's Markdown blocks converted by `markup.PrintMarkdown`; a module PDF adds a cover, contents, the
introduction (`pages.module.ModuleView`) and the module's Romani words. Nothing is read back from the
site's HTML: what only makes sense on screen (breadcrumbs, notices, buttons) is simply not in these templates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import __version__, classroom
from .. import model as m
from ..i18n import LANGUAGE_NAMES, LANGUAGE_NAMES_IN, t
from ..licences import licence_name
from ..markdown_config import MarkdownConfig
from ..pages.base import Context, Label, curriculum_title, licence
from ..pages.inline import plain
from ..pages.kinds import SiteMap, file_path
from ..pages.lesson import LessonView, Panel, handout_view, lesson_view
from ..pages.module import module_view
from ..pages.templating import render
from . import fonts
from .documents import Document, Planned, language_css, qr_image, slides_in, stylesheet
from .markup import Links, PrintMarkdown

GLOSSARY_PART = "G"
INTRO_PART = "M-intro"
PANEL_BLOCKS = ("timeplan", "objectives", "outcomes", "materials", "vocabulary")


@dataclass(frozen=True)
class GlossaryRow:
    id: str
    latin: str
    cyrillic: str
    meaning: Label
    note: Label | None
    lessons: tuple[tuple[str, int], ...]
    """(lesson id, its number in the module) of the lessons using the word."""


def panel_columns(panel: Panel) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The panel's lists split in two columns holding about as much text (CSS columns would balance them too,
    but cost WeasyPrint seconds a lesson)."""
    sizes = {
        "timeplan": sum(len(x.title) + 40 for x in panel.timeplan),
        "objectives": sum(len(x) + 40 for x in panel.objectives.items),
        "outcomes": sum(len(x.code) + len(x.text.text) + 40 for x in panel.outcomes),
        "materials": sum(len(x) + 40 for x in panel.materials.items),
        "vocabulary": sum(len(x.latin) + len(x.meaning) + 40 for x in panel.vocabulary),
    }
    blocks = [b for b in PANEL_BLOCKS if sizes[b] or b in ("timeplan", "outcomes")]
    total = sum(sizes[b] for b in blocks)
    split = min(range(1, len(blocks)), key=lambda k: abs(total - 2 * sum(sizes[b] for b in blocks[:k])), default=1)
    return tuple(blocks[:split]), tuple(blocks[split:])


_PRINTERS: dict[tuple[object, ...], Print] = {}


def printer(
    curriculum: m.Curriculum, lang: str, site_url: str, markdown: MarkdownConfig, overrides: Sequence[str] = ()
) -> Print:
    """The `Print` of one language, shared by its PDFs: a lesson is printed alone and in its module, a handout
    in three PDFs; each part is made once per state of the curriculum."""
    key = (id(curriculum), curriculum.fingerprint, lang, site_url, id(markdown), tuple(overrides))
    if key not in _PRINTERS:
        if len(_PRINTERS) >= 8:
            _PRINTERS.clear()
        _PRINTERS[key] = Print(curriculum, lang, site_url, markdown, overrides)
    return _PRINTERS[key]


class Print:
    """Builds the print HTML of one language's PDFs."""

    def __init__(
        self,
        curriculum: m.Curriculum,
        lang: str,
        site_url: str,
        markdown: MarkdownConfig,
        overrides: Sequence[str] = (),
    ) -> None:
        self.c = curriculum
        self.lang = lang
        self.default = curriculum.default_language
        self.ctx = Context(curriculum, lang, overrides=overrides)
        self.map = SiteMap(curriculum)
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.markdown = PrintMarkdown(markdown)
        self.files: list[Path] = []
        """The local files (images) the document being built embeds."""
        self._parts: dict[tuple[object, ...], tuple[Markup, tuple[Path, ...]]] = {}
        self._views: dict[str, LessonView] = {}

    # --- helpers -------------------------------------------------------------------------------------

    def online(self, src_uri: str) -> str:
        return self.site_url + SiteMap.url(src_uri) if self.site_url else ""

    def render(self, template: str, **context: Any) -> Markup:
        return Markup(
            render(
                template,
                self.ctx.env,
                t=self.ctx.t,
                ui=self.ctx.t,
                lang=self.lang,
                default=self.default,
                online=self.online,
                qr_image=qr_image,
                **context,
            )
        )

    def convert(self, template: str, links: Links, **context: Any) -> Markup:
        """A Markdown block template rendered, then converted with the site's Markdown configuration."""
        text = render(template, self.ctx.env, t=self.ctx.t, lang=self.lang, default=self.default, **context)
        html = self.markdown.convert(text, links)
        self.files.extend(links.files)
        return Markup(html)

    def links(
        self, src_uri: str, part: str, internal: dict[str, str], anchors: dict[str, str] | None = None, shift: int = 0
    ) -> Links:
        return Links(src_uri, part, self.c.root, self.site_url, internal, anchors or {}, shift=shift)

    def organisation(self) -> Label:
        return self.ctx.labelled(self.c.spec.organisation)

    # --- documents -----------------------------------------------------------------------------------

    def part(self, key: tuple[object, ...], make: Callable[[], Markup]) -> Markup:
        """A part of a document (a lesson, a handout), made once and reused with the files it embeds."""
        if key not in self._parts:
            outer, self.files = self.files, []
            try:
                self._parts[key] = (make(), tuple(self.files))
            finally:
                self.files = outer
        html, files = self._parts[key]
        self.files.extend(files)
        return html

    def document(self, planned: Planned) -> Document:
        self.files = []
        if planned.kind == "slides":
            return self.slides(planned)
        parts: tuple[Planned, ...] = ()
        after_parts = ""
        links: tuple[tuple[str, str], ...] = ()
        if planned.kind == "module":
            module = self.c.modules[planned.entity_id]
            head = module.text(self.lang, self.default)
            title, summary = plain(head.title), plain(head.summary)
            body, internal = self.module(module)
            themes, grades = module.spec.themes, module.spec.grades
            lessons = self.c.module_lessons(module)
            parts = tuple(Planned("lesson", self.lang, x.id) for x in lessons)
            after_parts = GLOSSARY_PART if self.glossary(module) else ""
            if self.site_url:
                links = tuple((self.site_url + path, prefix) for path, prefix in sorted(internal.items()))
        else:
            lesson = self.c.lessons[planned.entity_id]
            lesson_head = lesson.text(self.lang, self.default)
            title, summary = plain(lesson_head.title), plain(lesson_head.summary)
            handouts = Markup("").join(self.handout(lesson, h, level=1) for h in lesson.handouts)
            if planned.kind == "handouts":
                title = f"{title} – {t(self.lang, 'handouts')}"
                body = handouts
            else:
                body = self.lesson(lesson, level=1, internal={}) + handouts
            themes, grades = lesson.spec.themes, lesson.spec.grades
        page = self.render(
            "print/document.html",
            kind=planned.kind,
            title=title,
            author=self.organisation().text,
            description=summary,
            keywords=self.keywords(themes, grades),
            generator=f"drom {__version__}",
            organisation=self.organisation(),
            licence=licence(self.c.spec.licence),
            body=body,
        )
        files = tuple(dict.fromkeys(self.files))
        css = stylesheet(self.lang)
        return Document(planned, title, str(page), css, files, parts=parts, after_parts=after_parts, links=links)

    def keywords(self, themes: list[str], grades: list[int]) -> str:
        """The PDF's keywords: the series, the themes, the grades and the licence."""
        keywords = [curriculum_title(self.c, self.lang), *(x.text for x in self.ctx.themes(themes))]
        keywords += [self.ctx.grades(grades), licence_name(self.c.spec.licence)[0]]
        return ", ".join(k.replace(",", " ") for k in keywords if k)

    def slides(self, planned: Planned) -> Document:
        """The lesson's classroom view, a landscape page per slide: `drom.classroom` renders it with its own
        template and stylesheet, here given the shipped fonts, the page numbers and the PDF's metadata."""
        lesson = self.c.lessons[planned.entity_id]
        head = lesson.text(self.lang, self.default)
        link = classroom.online_link(self.c, lesson, self.lang, self.site_url)
        meta = (
            ("author", self.organisation().text),
            ("description", plain(head.summary)),
            ("keywords", self.keywords(lesson.spec.themes, lesson.spec.grades)),
            ("generator", f"drom {__version__}"),
        )
        title, html, css, images = classroom.print_document(
            self.c,
            lesson,
            self.lang,
            lesson_online=self.online(self.map.lesson(self.lang, lesson.id)),
            online=link.href if link else "",
            meta=meta,
        )
        css = fonts.font_face_css() + css + language_css(self.lang)
        return Document(planned, title, html, css, tuple(self.c.root / x for x in images), fit=classroom.SLIDE)

    def classroom_link(self, lesson: m.Lesson) -> classroom.ClassroomLink | None:
        """The lesson PDF's line with the classroom view's and the slides' addresses online."""
        pdf = file_path("slides", self.lang, lesson.id) if slides_in(lesson, self.lang) else ""
        return classroom.online_link(self.c, lesson, self.lang, self.site_url, pdf)

    # --- parts ---------------------------------------------------------------------------------------

    def lesson(self, lesson: m.Lesson, *, level: int, internal: dict[str, str]) -> Markup:
        """The lesson plan as an <article>, its title at heading `level`."""
        key = ("lesson", lesson.id, level, tuple(sorted(internal.items())))
        return self.part(key, lambda: self._lesson(lesson, level=level, internal=internal))

    def _lesson(self, lesson: m.Lesson, *, level: int, internal: dict[str, str]) -> Markup:
        part = f"L-{lesson.id}"
        if lesson.id not in self._views:
            self._views[lesson.id] = lesson_view(self.ctx, lesson)
        view = self._views[lesson.id]
        src = view.head.src
        internal = {**internal, SiteMap.url(src): part}
        anchors = {f"handout-{h.id}": f"H-{lesson.id}-{h.id}" for h in view.handouts}
        links = self.links(src, part, internal, anchors, shift=level - 1)
        text = self.convert("print/lesson.md", links, lesson=view, level=1)
        return self.render(
            "print/lesson.html",
            lesson=view,
            part=part,
            level=level,
            text=text,
            href=links.link,
            columns=panel_columns(view.panel),
            qr=self.online(src),
            classroom=self.classroom_link(lesson),
        )

    def handout(self, lesson: m.Lesson, handout: m.Handout, *, level: int) -> Markup:
        """A pupil handout as a <section> on its own page, its title at heading `level`."""
        return self.part(("handout", lesson.id, handout.id, level), lambda: self._handout(lesson, handout, level=level))

    def _handout(self, lesson: m.Lesson, handout: m.Handout, *, level: int) -> Markup:
        part = f"H-{lesson.id}-{handout.id}"
        src = self.map.lesson(self.lang, lesson.id)
        view = handout_view(self.ctx, lesson, handout, src)
        links = self.links(src, part, {}, shift=level - 1)
        text = self.convert("print/handout.md", links, handout=view, level=1)
        lesson_head = lesson.text(self.lang, self.default)
        context = Label(plain(lesson_head.title), self.ctx.other(lesson_head.lang))
        return self.render("print/handout.html", handout=view, part=part, level=level, text=text, context=context)

    def module(self, module: m.Module) -> tuple[Markup, dict[str, str]]:
        """The module PDF's own pages (cover, contents, introduction, glossary), and the site URL paths of the
        pages the PDF holds with their ids in it: its lessons are the pages of their lesson PDFs."""
        lessons = self.c.module_lessons(module)
        internal = {SiteMap.url(self.map.lesson(self.lang, x.id)): f"L-{x.id}" for x in lessons}
        internal[SiteMap.url(self.map.module(self.lang, module.id))] = INTRO_PART
        internal[SiteMap.url(self.map.glossary(self.lang))] = GLOSSARY_PART
        view = module_view(self.ctx, module)
        intro = self.convert("print/module-intro.md", self.links(view.head.src, INTRO_PART, internal), module=view)
        series = self.c.text(self.lang)
        romani = LANGUAGE_NAMES_IN.get(self.lang, LANGUAGE_NAMES_IN["en"]).get("rom", "Romani")
        notice = t(self.lang, "licence_notice", licence="\0").split("\0", 1)
        page = self.render(
            "print/module.html",
            module=view,
            lessons=[(x, x.text(self.lang, self.default), x.handouts) for x in lessons],
            series=Label(plain(series.title), self.ctx.other(series.lang))
            if series
            else Label(t(self.lang, "curriculum")),
            language=LANGUAGE_NAMES.get(self.lang, self.lang),
            organisation=self.organisation(),
            licence=licence(self.c.spec.licence),
            notice=notice if len(notice) == 2 else [notice[0], ""],
            qr=self.online(view.head.src),
            intro=intro,
            glossary=self.glossary(module),
            romani=romani[:1].upper() + romani[1:],
            intro_part=INTRO_PART,
            glossary_part=GLOSSARY_PART,
        )
        return page, internal

    def glossary(self, module: m.Module) -> list[GlossaryRow]:
        """The module's Romani words (the union of its lessons' vocabulary) with the lessons using them."""
        used: dict[str, list[tuple[str, int]]] = {}
        for number, lesson in enumerate(self.c.module_lessons(module), start=1):
            for term_id in lesson.spec.vocabulary:
                if term_id in self.c.terms:
                    used.setdefault(term_id, []).append((lesson.id, number))
        terms = sorted((self.c.terms[x] for x in used), key=lambda term: term.latin.lower())
        return [
            GlossaryRow(
                term.id,
                term.latin,
                term.cyrillic or "",
                self.ctx.labelled(term.meaning),
                self.ctx.labelled(term.note) if term.note else None,
                tuple(used[term.id]),
            )
            for term in terms
        ]
