"""The lesson catalogue: every lesson with its facts, and the filters drom.js applies in place.

The contract with drom.js: the form `[data-drom-filters]` has selects named grade, theme, duration and lang;
each item carries `data-grades`, `data-themes`, `data-duration` and `data-langs` (space-separated values).
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

from ..i18n import LANGUAGE_NAMES
from .base import Context, Head, Label, Link, Page


@dataclass(frozen=True)
class Filter:
    name: str
    label: str
    options: tuple[tuple[str, str, str], ...]
    """(value, text, the text's language when it is not the page's)."""


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


def catalogue_page(ctx: Context) -> Page:
    src = ctx.map.catalogue(ctx.lang)
    lessons = ctx.c.ordered_lessons()
    grades = sorted({g for lesson in lessons for g in lesson.spec.grades})
    themes = [th for th in ctx.c.spec.themes if any(th.id in x.spec.themes for x in lessons)]
    durations = sorted({x.spec.duration for x in lessons})
    filters = (
        Filter("grade", ctx.t("filter_grade"), tuple((str(g), ctx.t("grade", n=g), "") for g in grades)),
        Filter("theme", ctx.t("filter_theme"), tuple((th.id, *astuple(ctx.labelled(th.label))) for th in themes)),
        Filter("duration", ctx.t("filter_duration"), tuple((str(d), ctx.t("minutes", n=d), "") for d in durations)),
        Filter(
            "lang",
            ctx.t("filter_language"),
            tuple((x, LANGUAGE_NAMES.get(x, x), ctx.other(x)) for x in ctx.c.languages),  # each name in itself
        ),
    )
    items = []
    for lesson in lessons:
        text = lesson.text(ctx.lang, ctx.default)
        items.append(
            CatalogueItem(
                link=ctx.entity_link(src, "lesson", lesson, html=True),
                summary=Label(text.summary, ctx.other(text.lang)),
                grades=tuple(lesson.spec.grades),
                themes=tuple(lesson.spec.themes),
                theme_names=tuple(ctx.themes(lesson.spec.themes)),
                duration=lesson.spec.duration,
                grades_text=ctx.grades(lesson.spec.grades),
                langs=tuple(x for x in ctx.c.languages if lesson.available_in(x, ctx.default)),
            )
        )
    head = Head(src, ctx.t("catalogue"))
    return ctx.page("catalogue", "catalogue.md", head, filters=filters, items=items, names=LANGUAGE_NAMES)
