"""What goes into each PDF: which PDFs exist in which language, and the print HTML and CSS of each.

Three kinds, in every language the content exists in:

- `lesson`: the lesson plan (the site's lesson page without site navigation), then each handout on a new page;
- `handouts`: the pupils' copies of a lesson's handouts only (no teacher notes);
- `module`: cover, contents with page numbers, introduction, every lesson with its handouts, and the
  module's Romani words as an appendix;
- `slides`: the lesson's classroom view (drom/classroom.py), a landscape page per slide, for schools without a
  projector connection; only in the languages the lesson is written in.

The lesson text is the site's own Markdown (`pages.PageBuilder`), so the print and the site cannot drift.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

import segno

from .. import __version__, classroom
from .. import model as m
from ..i18n import LANGUAGE_NAMES, LANGUAGE_NAMES_IN, t
from ..i18n import t as ui
from ..licences import licence_name
from ..pages import PageBuilder, SiteMap, curriculum_title, grades_text, lesson_count, licence_link
from ..pages import attr as text
from . import fonts
from .errors import PdfError
from .markup import (
    Links,
    add_class,
    drop_site_chrome,
    panel_columns,
    replace_section_body,
    shift_headings,
    to_html,
    top_heading,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"

KINDS = ("lesson", "handouts", "module", "slides")
FOLDERS = {"lesson": "lessons", "handouts": "handouts", "module": "modules", "slides": "slides"}
GLOSSARY_PART = "G"
INTRO_PART = "M-intro"


@dataclass(frozen=True)
class Planned:
    """A PDF that exists for the curriculum: its kind, language and lesson or module id."""

    kind: str
    lang: str
    entity_id: str

    @property
    def path(self) -> str:
        """Where it goes under the output folder, e.g. `pdf/en/lessons/vasilitsa.pdf`."""
        return f"pdf/{self.lang}/{FOLDERS[self.kind]}/{self.entity_id}.pdf"

    @property
    def entity(self) -> str:
        """The PDF's subject in words, for messages: `lesson 'vasilitsa'`."""
        if self.kind == "handouts":
            return f"handouts of lesson '{self.entity_id}'"
        return f"{self.kind} '{self.entity_id}'"


@dataclass(frozen=True)
class Document:
    """One PDF's complete input: rendering it needs nothing else but the files listed and the fonts."""

    planned: Planned
    title: str
    html: str
    css: str
    files: tuple[Path, ...]
    """Local files embedded besides the fonts (images), for the cache key."""


# --- which PDFs exist -------------------------------------------------------------------------------


def lesson_in(curriculum: m.Curriculum, lesson: m.Lesson, lang: str) -> bool:
    """A lesson exists in a language when it has a complete translation; always in the default language."""
    if lang == curriculum.default_language:
        return True
    text_ = lesson.texts.get(lang)
    return text_ is not None and text_.complete


def handouts_in(curriculum: m.Curriculum, lesson: m.Lesson, lang: str) -> bool:
    """Pupils' copies exist where the lesson does and at least one handout is in that language."""
    if not lesson.handouts or not lesson_in(curriculum, lesson, lang):
        return False
    return lang == curriculum.default_language or any(lang in h.texts for h in lesson.handouts)


def module_in(curriculum: m.Curriculum, module: m.Module, lang: str) -> bool:
    """A module PDF exists in a language when the module and every one of its lessons are translated.

    A partly translated module would print as a mix of languages; its lessons still get their own PDFs.
    """
    if lang == curriculum.default_language:
        return True
    return lang in module.texts and all(lesson_in(curriculum, x, lang) for x in curriculum.module_lessons(module))


def plan(curriculum: m.Curriculum, languages: list[str]) -> list[Planned]:
    """Every PDF to make for `languages`, in teaching order (module, then its lessons and their handouts)."""
    result = []
    for lang in [x for x in languages if x in curriculum.languages]:
        for module in curriculum.ordered_modules():
            if module_in(curriculum, module, lang):
                result.append(Planned("module", lang, module.id))
            for lesson in curriculum.module_lessons(module):
                if lesson_in(curriculum, lesson, lang):
                    result.append(Planned("lesson", lang, lesson.id))
                if handouts_in(curriculum, lesson, lang):
                    result.append(Planned("handouts", lang, lesson.id))
                if classroom.has_view(lesson, lang):
                    result.append(Planned("slides", lang, lesson.id))
    return result


# --- the print HTML ---------------------------------------------------------------------------------


def build(curriculum: m.Curriculum, planned: Planned, *, site_url: str) -> Document:
    """The HTML and CSS of one planned PDF. A missing or misplaced image is a PdfError naming it."""
    try:
        return _Print(curriculum, planned.lang, site_url).document(planned)
    except PdfError as error:
        raise PdfError(
            f"Error making the PDF '{planned.path}' of {planned.entity}: {error.message}.",
            document=planned.path,
            entity=planned.entity,
            file=error.file,
        ) from None


def language_css(lang: str) -> str:
    """The page furniture that depends on the language: "page N of M" and page references."""
    page_of = _css_content(ui(lang, "page_of"), n="counter(page)", m="counter(pages)")
    page_ref = _css_content(ui(lang, "page_ref"), n="target-counter(attr(href url), page)")
    return (
        f"@page {{ @bottom-right {{ content: {page_of}; }} }}\n"
        f'a.drom-page-ref::after {{ content: " · " {page_ref}; }}\n'
    )


def stylesheet(lang: str) -> str:
    return fonts.font_face_css() + (TEMPLATES / "print.css").read_text(encoding="utf-8") + language_css(lang)


@functools.lru_cache(maxsize=256)
def qr_image(url: str) -> str:
    """A QR code of `url` as an SVG data URI (inline: the PDF needs no file and no network for it)."""
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#1a1a1a"))


def _css_content(template: str, **values: str) -> str:
    """`"стр. {n} от {m}"` as a CSS `content` value with the placeholders replaced by CSS functions."""
    out = []
    for index, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        if index % 2:
            out.append(values[piece])
        elif piece:
            out.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(out)


class _Print:
    """Builds the print HTML of one language's PDFs."""

    def __init__(self, curriculum: m.Curriculum, lang: str, site_url: str) -> None:
        self.c = curriculum
        self.lang = lang
        self.default = curriculum.default_language
        self.pages = PageBuilder(curriculum, lang)
        self.map = SiteMap(curriculum)
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.files: list[Path] = []

    # --- helpers -------------------------------------------------------------------------------------

    def online(self, src_uri: str) -> str:
        return self.site_url + SiteMap.url(src_uri) if self.site_url else ""

    def qr(self, url: str) -> str:
        """A QR code of the page's address and the address itself, to reach the online version."""
        if not url:
            return ""
        image = qr_image(url)
        host, _, path = url.split("://", 1)[-1].partition("/")
        return (
            f'<figure class="drom-qr"><img src="{text(image)}" alt="{text(ui(self.lang, "qr_alt", url=url))}">'
            f'<figcaption><span class="drom-qr__label">{text(ui(self.lang, "online_version"))}</span> '
            f'<a href="{text(url)}"><span class="drom-qr__host">{text(host)}</span> '
            f'<span class="drom-qr__path">/{text(path)}</span></a></figcaption></figure>'
        )

    def links(self, src_uri: str, part: str, internal: dict[str, str]) -> Links:
        return Links(src_uri, part, self.c.root, self.site_url, internal)

    def rewrite(self, links: Links, fragment: str) -> str:
        result = links.rewrite(fragment)
        self.files.extend(links.files)
        return result

    def lang_attr(self, lang: str) -> str:
        return f' lang="{lang}"' if lang != self.lang else ""

    def marked(self, value: str, lang: str, css_class: str = "") -> str:
        """Escaped text, in a span marking its language when it is not the document's (a fallback)."""
        attrs = (f' class="{css_class}"' if css_class else "") + self.lang_attr(lang)
        return f"<span{attrs}>{text(value)}</span>" if attrs else text(value)

    def label_lang(self, labels: dict[str, str] | None) -> str:
        return self.lang if labels and self.lang in labels else self.default

    def organisation(self) -> str:
        return self.c.label(self.c.spec.organisation, self.lang)

    def organisation_html(self) -> str:
        return self.marked(self.organisation(), self.label_lang(self.c.spec.organisation))

    def curriculum_title(self) -> str:
        return curriculum_title(self.c, self.lang)

    def number(self, lesson: m.Lesson) -> int:
        module = self.c.modules.get(lesson.module_id)
        lessons = self.c.module_lessons(module) if module else [lesson]
        return next((i for i, x in enumerate(lessons, start=1) if x.id == lesson.id), 1)

    # --- documents ---------------------------------------------------------------------------------

    def document(self, planned: Planned) -> Document:
        if planned.kind == "slides":
            return self.slides(planned)
        if planned.kind == "module":
            module = self.c.modules[planned.entity_id]
            head = module.text(self.lang, self.default)
            title, summary = head.title, head.summary
            body = self.module(module)
            keywords = [self.curriculum_title(), *self.theme_labels(module.spec.themes)]
            keywords.append(grades_text(self.lang, module.spec.grades))
        else:
            lesson = self.c.lessons[planned.entity_id]
            head = lesson.text(self.lang, self.default)
            title, summary = head.title, head.summary
            if planned.kind == "handouts":
                title = f"{head.title} – {t(self.lang, 'handouts')}"
                body = "".join(self.handout(lesson, h, level=1) for h in lesson.handouts)
            else:
                body = self.lesson(lesson, level=1, internal={}) + "".join(
                    self.handout(lesson, h, level=1) for h in lesson.handouts
                )
            keywords = [self.curriculum_title(), *self.theme_labels(lesson.spec.themes)]
            keywords.append(grades_text(self.lang, lesson.spec.grades))
        keywords.append(licence_name(self.c.spec.licence)[0])
        page = Template((TEMPLATES / "document.html").read_text(encoding="utf-8")).substitute(
            lang=self.lang,
            kind=planned.kind,
            title=text(title),
            author=text(self.organisation()),
            description=text(summary),
            keywords=text(", ".join(k.replace(",", " ") for k in keywords if k)),
            generator=text(f"drom {__version__}"),
            footer=self.footer(),
            body=body,
        )
        return Document(planned, title, page, stylesheet(self.lang), tuple(dict.fromkeys(self.files)))

    def slides(self, planned: Planned) -> Document:
        """The classroom view's slides, rendered by its own template with the print fonts."""
        lesson = self.c.lessons[planned.entity_id]
        online = self.online(self.map.lesson(self.lang, lesson.id))
        title, html, css = classroom.print_document(self.c, lesson, self.lang, online)
        images = [self.c.root / x for x in re.findall(r'<img [^>]*src="([^":]+)"', html)]
        return Document(planned, title, html, fonts.font_face_css() + css, tuple(dict.fromkeys(images)))

    def theme_labels(self, ids: list[str]) -> list[str]:
        return [self.c.label(th.label, self.lang) for th in map(self.c.theme, ids) if th]

    def footer(self) -> str:
        """The running footer's left side: organisation and licence (set as a CSS string, not shown in flow)."""
        name, _ = licence_name(self.c.spec.licence)
        return f'<p class="drom-running-footer">{self.organisation_html()} · {text(name)}</p>'

    # --- parts -------------------------------------------------------------------------------------

    def lesson(self, lesson: m.Lesson, *, level: int, internal: dict[str, str]) -> str:
        """The lesson plan as an <article>, its title at heading `level`."""
        part = f"L-{lesson.id}"
        page = self.pages.lesson(lesson)
        internal = {**internal, SiteMap.url(page.src_uri): part}
        body = drop_site_chrome(to_html(page.markdown))
        body = replace_section_body(body, "handouts", "<!--drom:handout-refs-->")
        body = add_class(body, "h1", "drom-title")
        body = panel_columns(body)
        body = self.rewrite(self.links(page.src_uri, part, internal), body)
        body = body.replace("<!--drom:handout-refs-->", self.handout_refs(lesson))
        body = shift_headings(body, level - 1)
        module = self.c.modules.get(lesson.module_id)
        kicker = ""
        if module:
            head = module.text(self.lang, self.default)
            kicker = (
                f'<p class="drom-kicker">{self.marked(head.title, head.lang, "drom-kicker__context")} · '
                f"{text(t(self.lang, 'lesson'))} {self.number(lesson)}</p>"
            )
        qr = self.qr(self.online(page.src_uri))
        return f'<article class="drom-lesson" id="{part}">\n{kicker}\n{qr}\n{body}\n</article>\n'

    def handout_refs(self, lesson: m.Lesson) -> str:
        items = "".join(
            f'<li><a class="drom-page-ref" href="#H-{lesson.id}-{h.id}">'
            f"{text(h.text(self.lang, self.default).title)}</a></li>"
            for h in lesson.handouts
        )
        return f'<ul class="drom-handout-refs">{items}</ul>\n'

    def handout(self, lesson: m.Lesson, handout: m.Handout, *, level: int) -> str:
        """A pupil handout as a <section> on its own page, its title at heading `level`."""
        part = f"H-{lesson.id}-{handout.id}"
        src = self.map.lesson(self.lang, lesson.id)
        head = handout.text(self.lang, self.default)
        body = to_html(self.pages.rewrite_media(head.body, src, "lessons", lesson.id, base="handouts"))
        top = top_heading(body)
        if top is not None:
            body = shift_headings(body, level + 1 - top)
        body = self.rewrite(self.links(src, part, {}), body)
        lesson_head = lesson.text(self.lang, self.default)
        return (
            f'<section class="drom-handout" id="{part}">\n'
            f'<p class="drom-kicker">{self.marked(lesson_head.title, lesson_head.lang, "drom-kicker__context")} · '
            f"{text(ui(self.lang, 'handout'))}</p>\n"
            f"<div{self.lang_attr(head.lang)}>\n"
            f'<h{level} class="drom-title drom-handout__title">{text(head.title)}</h{level}>\n'
            f"{body}\n</div>\n</section>\n"
        )

    def module(self, module: m.Module) -> str:
        lessons = self.c.module_lessons(module)
        internal = {SiteMap.url(self.map.lesson(self.lang, x.id)): f"L-{x.id}" for x in lessons}
        internal[SiteMap.url(self.map.module(self.lang, module.id))] = INTRO_PART
        internal[SiteMap.url(self.map.glossary(self.lang))] = GLOSSARY_PART
        glossary = self.glossary(module)
        parts = [self.cover(module), self.contents(module, glossary=bool(glossary))]
        parts.append(self.introduction(module, internal))
        for lesson in lessons:
            parts.append(self.lesson(lesson, level=2, internal=internal))
            parts.extend(self.handout(lesson, h, level=3) for h in lesson.handouts)
        parts.append(glossary)
        return "\n".join(parts)

    def cover(self, module: m.Module) -> str:
        head = module.text(self.lang, self.default)
        lessons = self.c.module_lessons(module)
        band = self.c.band(module.spec.band)
        minutes = sum(x.spec.duration for x in lessons)
        grades = text(grades_text(self.lang, module.spec.grades))
        if band:
            grades += " · " + self.marked(self.c.label(band.label, self.lang), self.label_lang(band.label))
        facts = [
            (t(self.lang, "grades"), grades),
            (
                t(self.lang, "lessons"),
                text(f"{lesson_count(self.lang, len(lessons))} · {t(self.lang, 'minutes_total', n=minutes)}"),
            ),
        ]
        themes = [th for th in map(self.c.theme, module.spec.themes) if th]
        if themes:
            labels = ", ".join(
                self.marked(self.c.label(th.label, self.lang), self.label_lang(th.label)) for th in themes
            )
            facts.append((t(self.lang, "themes"), labels))
        rows = "".join(f"<div><dt>{text(k)}</dt><dd>{v}</dd></div>" for k, v in facts)
        licence = licence_link(self.c.spec.licence, "drom-licence")
        notice = text(ui(self.lang, "licence_notice", licence="\0")).replace("\0", licence)
        series = self.c.text(self.lang)
        series_html = self.marked(series.title, series.lang) if series else text(t(self.lang, "curriculum"))
        return (
            f'<section class="drom-cover">\n'
            f'<p class="drom-cover__series">{series_html}'
            f'<span class="drom-cover__language">{text(LANGUAGE_NAMES.get(self.lang, self.lang))}</span></p>\n'
            f'<p class="drom-cover__kicker">{text(t(self.lang, "module"))}</p>\n'
            f'<h1 class="drom-cover__title drom-title"{self.lang_attr(head.lang)}>{text(head.title)}</h1>\n'
            f'<p class="drom-cover__summary"{self.lang_attr(head.lang)}>{text(head.summary)}</p>\n'
            f'<dl class="drom-cover__facts">{rows}</dl>\n'
            f'<div class="drom-cover__foot">\n{self.qr(self.online(self.map.module(self.lang, module.id)))}\n'
            f'<p class="drom-cover__org">{self.organisation_html()}</p>\n'
            f'<p class="drom-cover__licence">© {self.organisation_html()}. {notice}</p>\n'
            f"</div>\n</section>\n"
        )

    def contents(self, module: m.Module, *, glossary: bool) -> str:
        entries = [f'<li><a href="#{INTRO_PART}">{text(ui(self.lang, "introduction"))}</a></li>']
        for number, lesson in enumerate(self.c.module_lessons(module), start=1):
            title = lesson.text(self.lang, self.default).title
            sub = "".join(
                f'<li class="drom-toc__handout"><a href="#H-{lesson.id}-{h.id}">'
                f"{text(h.text(self.lang, self.default).title)}</a></li>"
                for h in lesson.handouts
            )
            nested = f"<ol>{sub}</ol>" if sub else ""
            entries.append(
                f'<li class="drom-toc__lesson"><a href="#L-{lesson.id}">'
                f'<span class="drom-toc__number">{number}.</span> {text(title)}</a>{nested}</li>'
            )
        if glossary:
            entries.append(f'<li><a href="#{GLOSSARY_PART}">{text(t(self.lang, "glossary"))}</a></li>')
        return (
            f'<nav class="drom-toc" aria-labelledby="M-toc">\n<h2 id="M-toc">{text(ui(self.lang, "contents"))}</h2>\n'
            f'<ol class="drom-toc__list">\n{"".join(entries)}\n</ol>\n</nav>\n'
        )

    def introduction(self, module: m.Module, internal: dict[str, str]) -> str:
        page = self.pages.module(module)
        body = drop_site_chrome(to_html(page.markdown))
        body = re.sub(r"<h1\b.*?</h1>\s*", "", body, count=1, flags=re.DOTALL)
        body = re.sub(r'<p class="drom-meta">.*?</p>\s*', "", body, count=1, flags=re.DOTALL)
        body = self.rewrite(self.links(page.src_uri, INTRO_PART, internal), body)
        body = shift_headings(body, 1)
        return (
            f'<section class="drom-intro" id="{INTRO_PART}">\n'
            f'<h2 class="drom-title">{text(ui(self.lang, "introduction"))}</h2>\n{body}\n</section>\n'
        )

    def glossary(self, module: m.Module) -> str:
        """The module's Romani words (the union of its lessons' vocabulary) with the lessons using them."""
        lessons = self.c.module_lessons(module)
        used: dict[str, list[tuple[int, m.Lesson]]] = {}
        for number, lesson in enumerate(lessons, start=1):
            for term_id in lesson.spec.vocabulary:
                if term_id in self.c.terms:
                    used.setdefault(term_id, []).append((number, lesson))
        if not used:
            return ""
        terms = sorted((self.c.terms[x] for x in used), key=lambda term: term.latin.lower())
        romani = LANGUAGE_NAMES_IN.get(self.lang, LANGUAGE_NAMES_IN["en"]).get("rom", "Romani")
        columns = (romani[:1].upper() + romani[1:], *(t(self.lang, k) for k in ("cyrillic", "meaning", "lessons")))
        head = "".join(f'<th scope="col">{text(x)}</th>' for x in columns)
        rows = []
        for term in terms:
            meaning_lang = self.lang if self.lang in term.meaning else self.default
            meaning = text(self.c.label(term.meaning, self.lang))
            if term.note:
                note_lang = self.lang if self.lang in term.note else self.default
                meaning += f"<br><small{self.lang_attr(note_lang)}>{text(self.c.label(term.note, self.lang))}</small>"
            refs = ", ".join(f'<a href="#L-{lesson.id}">{number}</a>' for number, lesson in used[term.id])
            rows.append(
                f'<tr id="{GLOSSARY_PART}--{term.id}"><th scope="row" lang="rom">{text(term.latin)}</th>'
                f'<td lang="rom-Cyrl">{text(term.cyrillic or "")}</td>'
                f"<td{self.lang_attr(meaning_lang)}>{meaning}</td><td>{refs}</td></tr>"
            )
        return (
            f'<section class="drom-glossary" id="{GLOSSARY_PART}">\n'
            f'<h2 class="drom-title">{text(t(self.lang, "glossary"))}</h2>\n'
            f'<table class="drom-glossary__table"><thead><tr>{head}</tr></thead>\n'
            f"<tbody>{''.join(rows)}</tbody></table>\n</section>\n"
        )
