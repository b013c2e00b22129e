"""The lesson catalogue and its filter pages: filters that work without JavaScript, and stay small at scale.

Each filter value (a grade, a theme, a duration, a language: `kinds.catalogue_filters`) has its own page,
`catalogue/<filter>-<value>/`, listing its lessons; the catalogue and every filter page link them all, with
the number of lessons. The catalogue lists every lesson while there are at most `kinds.PER_PAGE` of them; beyond
that it lists the modules (each linking its page with its lessons) and leaves the lessons to the filter pages,
so that it stays one small page (at 1,000 lessons, every lesson with its facts made 760 KB). A filter page shows
`PER_PAGE` lessons and links its further pages (`catalogue/grade-3/2/`).

With JavaScript, the selects of the form narrow a list in place (drom.js). The contract with drom.js: the form
`[data-drom-filters]` has selects named grade, theme, duration and lang; each item carries `data-grades`,
`data-themes`, `data-duration` and `data-langs` (space-separated values).
"""

from __future__ import annotations

import functools
from dataclasses import astuple, dataclass

from markupsafe import Markup

from .. import model as m
from ..i18n import LANGUAGE_NAMES
from .base import Context, Head, Label, Link, Page
from .kinds import PER_PAGE, catalogue_filters, catalogue_pages, has_page


@dataclass(frozen=True)
class FilterLink:
    text: str
    href: str
    """The filter page; empty for the current page, and for a value every lesson has (nothing to filter)."""
    count: int
    current: bool = False
    lang: str = ""
    """The text's language when it is not the page's (a theme without a name in this language)."""


@dataclass(frozen=True)
class Filter:
    name: str
    label: str
    options: tuple[tuple[str, str, str], ...]
    """(value, text, the text's language when it is not the page's)."""
    links: tuple[FilterLink, ...] = ()
    """Each value's filter page and number of lessons."""


@dataclass(frozen=True)
class CatalogueItem:
    link: Link
    summary: Label
    grades: tuple[int, ...]
    themes: tuple[str, ...]
    theme_names: tuple[Label, ...]
    duration: int
    grades_text: str
    langs: tuple[str, ...]
    """The languages the lesson can be read in."""


@dataclass(frozen=True)
class ModuleRow:
    link: Link
    grades_text: str
    lessons: str


def _filters(ctx: Context, src: str, current: str = "") -> tuple[tuple[Filter, ...], dict[str, tuple[m.Lesson, ...]]]:
    """The four filters (options for the form, links to the filter pages; `current`: this page's filter) and
    the lessons of each filter page by its id (`grade-3`)."""

    def text(name: str, value: str) -> Label:
        if name == "grade":
            return Label(ctx.t("grade", n=int(value)))
        if name == "duration":
            return Label(ctx.t("minutes", n=int(value)))
        if name == "theme":
            theme = ctx.c.theme(value)
            return ctx.labelled(theme.label) if theme else Label(value)
        return Label(LANGUAGE_NAMES.get(value, value), ctx.other(value))  # each language's name in itself

    found = catalogue_filters(ctx.c)
    result = []
    for name, label_key in (
        ("grade", "filter_grade"),
        ("theme", "filter_theme"),
        ("duration", "filter_duration"),
        ("lang", "filter_language"),
    ):
        links = []
        for value, lessons in ((v, x) for n, v, x in found if n == name):
            ident = f"{name}-{value}"
            target = ctx.map.src("catalogue_filter", ctx.lang, ident)
            linked = ident != current and has_page(lessons, ctx.c)
            href = ctx.map.html_link(src, target) if linked else ""
            label = text(name, value)
            links.append(FilterLink(label.text, href, len(lessons), ident == current, label.lang))
        options = tuple((v, *astuple(text(name, v))) for n, v, _ in found if n == name)
        result.append(Filter(name, ctx.t(label_key), options, tuple(links)))
    return tuple(result), {f"{n}-{v}": lessons for n, v, lessons in found}


def _item(ctx: Context, src: str, lesson: m.Lesson, *, summary: bool = True) -> CatalogueItem:
    """A lesson in the list; without its summary on a filter page (a long list: smaller, and quicker to build)."""
    text = lesson.text(ctx.lang, ctx.default)
    return CatalogueItem(
        link=ctx.entity_link(src, "lesson", lesson, html=True),
        summary=Label(text.summary if summary else "", ctx.other(text.lang)),
        grades=tuple(lesson.spec.grades),
        themes=tuple(lesson.spec.themes),
        theme_names=tuple(ctx.themes(lesson.spec.themes)),
        duration=lesson.spec.duration,
        grades_text=ctx.grades(lesson.spec.grades),
        langs=tuple(x for x in ctx.c.languages if lesson.available_in(x, ctx.default)),
    )


def _render_item(ctx: Context, item: CatalogueItem) -> Markup:
    """A lesson's entry in the list: the same on every filter page at the same depth, rendered once."""
    return ctx.partial("partials/catalogue-item.html", item, item=item, names=LANGUAGE_NAMES)


def catalogue_page(ctx: Context) -> Page:
    src = ctx.map.catalogue(ctx.lang)
    lessons = ctx.c.ordered_lessons()
    items = [_item(ctx, src, lesson) for lesson in lessons] if len(lessons) <= PER_PAGE else []
    modules = []
    if not items:
        for module in ctx.c.ordered_modules():
            grades = sorted({g for x in ctx.c.module_lessons(module) for g in x.spec.grades})
            count = len(ctx.c.module_lessons(module))
            modules.append(
                ModuleRow(
                    ctx.entity_link(src, "module", module, html=True),
                    ctx.grades(grades),
                    ctx.t("lesson_count_one") if count == 1 else ctx.t("lesson_count", n=count),
                )
            )
    head = Head(src, ctx.t("catalogue"))
    filters, _ = _filters(ctx, src)
    return ctx.page(
        "catalogue",
        "catalogue.md",
        head,
        filters=filters,
        items=items,
        catalogue_item=functools.partial(_render_item, ctx),
        modules=modules,
        names=LANGUAGE_NAMES,
        catalogue=None,
        pages=[],
    )


def catalogue_filter_page(ctx: Context, ident: str) -> Page:
    """One page of the lessons of one filter value (`ident`: `grade-3`, `theme-holidays/2`, ...)."""
    src = ctx.map.src("catalogue_filter", ctx.lang, ident)
    first, _, number = ident.partition("/")
    page = int(number or 1)
    name, _, value = first.partition("-")
    filters, lessons_of = _filters(ctx, src, first)
    chosen = next(f for f in filters if f.name == name)
    lessons = lessons_of[first]
    shown = lessons[(page - 1) * PER_PAGE : page * PER_PAGE]
    # An entry's link depends only on the folder it is seen from: filter pages of the same depth share them.
    folder = ctx.map.folder(ctx.map.page_url(src))
    items = [ctx.kept(("item", folder, x.id), functools.partial(_item, ctx, src, x, summary=False)) for x in shown]
    option = next((text, lang) for v, text, lang in chosen.options if v == value)
    # A theme without a name in this language gives its name's language to the title (read with that voice).
    title = f"{ctx.t('catalogue')}: {chosen.label} – {option[0]}"
    pages = []
    for n in range(1, catalogue_pages(len(lessons)) + 1):
        target = ctx.map.src("catalogue_filter", ctx.lang, first if n == 1 else f"{first}/{n}")
        pages.append(Link("" if n == page else ctx.map.html_link(src, target), str(n)))
    head = Head(src, title if page == 1 else f"{title} ({page})", lang=option[1])
    back = Link(ctx.map.html_link(src, ctx.map.catalogue(ctx.lang)), ctx.t("catalogue"))
    return ctx.page(
        "catalogue_filter",
        "catalogue.md",
        head,
        ident,
        filters=filters,
        items=items,
        catalogue_item=functools.partial(_render_item, ctx),
        modules=[],
        names=LANGUAGE_NAMES,
        catalogue=back,
        pages=pages if len(pages) > 1 else [],
    )
