"""What goes into each PDF: which PDFs exist in which language, and the print HTML and CSS of each.

Four kinds, in every language the content exists in:

- `lesson`: the lesson plan (the site's lesson page without site navigation), then each handout on a new page;
- `handouts`: the pupils' copies of a lesson's handouts only (no teacher notes);
- `module`: cover, contents with page numbers, introduction, every lesson with its handouts, and the
  module's Romani words as an appendix; the lessons are the pages of their lesson PDFs, laid out once for
  both (`Document.parts`), with the module's page numbers;
- `slides`: the lesson's classroom view (`drom.classroom`), a landscape page per slide, for schools without a
  projector connection; only in the languages the lesson is written in (the classroom view shows no fallback).

The print renders the site's view-models (`drom.pages.lesson.LessonView`, `drom.pages.module.ModuleView`)
through its own templates (`templates/print/`); the text blocks are the site's own Markdown blocks, converted
with the site's Markdown configuration (`markup.PrintMarkdown`), so the print and the site cannot drift.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import segno

from .. import classroom
from .. import model as m
from ..i18n import t as ui
from ..markdown_config import MarkdownConfig
from ..pages.kinds import file_path
from . import fonts
from .errors import PdfError

TEMPLATES = Path(__file__).resolve().parent / "templates"

KINDS = ("lesson", "handouts", "module", "slides")


@dataclass(frozen=True)
class Planned:
    """A PDF that exists for the curriculum: its kind, language and lesson or module id."""

    kind: str
    lang: str
    entity_id: str

    @property
    def path(self) -> str:
        """Where it goes under the output folder, e.g. `pdf/en/lessons/vasilitsa.pdf`."""
        return file_path(self.kind, self.lang, self.entity_id)

    @property
    def entity(self) -> str:
        """The PDF's subject in words, for messages: `lesson 'vasilitsa'`."""
        if self.kind in ("handouts", "slides"):
            return f"{self.kind} of lesson '{self.entity_id}'"
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
    fit: str = ""
    """A class of elements that must each fit on one page (`render.Job.fit`): the slides."""
    parts: tuple[Planned, ...] = ()
    """PDFs whose pages this one takes after its own pages up to `after_parts` (`render.Job.parts`): a
    module's lesson PDFs, so a lesson is laid out once for both."""
    after_parts: str = ""
    """The id of the element whose page and the pages after it come after the parts (`render.Job.after_parts`)."""
    links: tuple[tuple[str, str], ...] = ()
    """(online address, id prefix) of the pages this PDF holds (`render.Job.links`)."""


# --- which PDFs exist -------------------------------------------------------------------------------


def lesson_in(curriculum: m.Curriculum, lesson: m.Lesson, lang: str) -> bool:
    """A lesson exists in a language when it has a complete translation; always in the default language."""
    return lesson.available_in(lang, curriculum.default_language)


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


def slides_in(lesson: m.Lesson, lang: str) -> bool:
    """The slides exist where the lesson's classroom view does: in the languages it is written in."""
    return classroom.has_view(lesson, lang)


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
                if slides_in(lesson, lang):
                    result.append(Planned("slides", lang, lesson.id))
    return result


# --- the print HTML ---------------------------------------------------------------------------------


def build(
    curriculum: m.Curriculum,
    planned: Planned,
    *,
    site_url: str,
    markdown: MarkdownConfig,
    overrides: Sequence[str] = (),
) -> Document:
    """The HTML and CSS of one planned PDF. A missing or misplaced image is a PdfError naming it.

    `markdown` is the site's Markdown configuration; `overrides` the theme folders whose `drom/print/` templates
    replace the shipped ones."""
    from .printing import printer  # the view-models and templates, not needed to plan

    try:
        return printer(curriculum, planned.lang, site_url, markdown, overrides).document(planned)
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
