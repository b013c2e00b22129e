"""The glossary of Romani words (with the lessons using each) and the bibliography."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import dialects
from .base import Context, Head, Label, Link, Page


@dataclass(frozen=True)
class Entry:
    id: str
    latin: str
    cyrillic: str
    meaning: Label
    note: Label | None
    dialects: tuple[str, ...]
    lessons: tuple[Link, ...]


def glossary_entries(ctx: Context, src: str) -> list[Entry]:
    usage: dict[str, list[Link]] = {}
    for lesson in ctx.c.ordered_lessons():
        link = ctx.entity_link(src, "lesson", lesson, html=True)
        for term_id in lesson.spec.vocabulary:
            usage.setdefault(term_id, []).append(Link(link.href, link.text, link.lang))
    return [
        Entry(
            term.id,
            term.latin,
            term.cyrillic or "",
            ctx.labelled(term.meaning),
            ctx.labelled(term.note) if term.note else None,
            tuple(term.dialects),
            tuple(usage.get(term.id, [])),
        )
        for term in sorted(ctx.c.terms.values(), key=lambda x: x.latin.lower())
    ]


def glossary_page(ctx: Context) -> Page:
    src = ctx.map.glossary(ctx.lang)
    head = Head(src, ctx.t("glossary"))
    codes = (code for term in ctx.c.terms.values() for code in term.dialects)
    legend = Markup(dialects.legend(codes, ctx.lang))  # the dialect codes used, in the page's language
    return ctx.page("glossary", "glossary.md", head, entries=glossary_entries(ctx, src), legend=legend)


def bibliography_page(ctx: Context) -> Page:
    src = ctx.map.bibliography(ctx.lang)
    head = Head(src, ctx.t("bibliography"))
    found = sorted(ctx.c.sources.values(), key=lambda s: s.citation.lower())
    items = ctx.source_items(found)
    return ctx.page("bibliography", "bibliography.md", head, items=items)
