"""The translation status page, for translators and coordinators: every text's state in every language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import model as m
from ..i18n import LANGUAGE_NAMES
from .base import Context, Head, Link, Page

STATE_KEY = {
    "up-to-date": "current",
    "outdated": "outdated",
    "unknown": "unknown",
    "partial": "partial",
    "missing": "missing",
}
"""Each state's interface string (`ts_<key>`), in the order the counts are given."""


@dataclass(frozen=True)
class Row:
    what: str
    link: Link
    state: str
    label: str


@dataclass(frozen=True)
class LanguageStatus:
    lang: str
    name: str
    name_lang: str
    """The name's language (each language is named in itself) when it is not the page's."""
    counts: tuple[tuple[str, int], ...]
    """(label, count) of each state present."""
    rows: tuple[Row, ...]


def translations_page(ctx: Context) -> Page:
    src = ctx.map.translations(ctx.lang)
    entities: dict[str, dict[str, Any]] = {
        "lesson": ctx.c.lessons,
        "module": ctx.c.modules,
        "resource": ctx.c.resources,
    }
    sections = []
    for lang in ctx.c.languages[1:]:
        found = sorted((k, i, st) for (k, i, x), st in ctx.states.items() if x == lang and k in entities)
        counts = tuple(
            (ctx.t("ts_" + key), n)
            for state, key in STATE_KEY.items()
            if (n := sum(1 for *_, s in found if s == state))
        )
        rows = []
        for kind, ident, state in found:
            entity: m.Entity[Any, Any] = entities[kind][ident]
            title = ctx.title(entity)
            link = Link(ctx.map.html_link(src, ctx.map.src(kind, lang, ident)), title.text, title.lang)
            rows.append(Row(ctx.t("what_" + kind), link, state, ctx.t("ts_" + STATE_KEY[state])))
        sections.append(LanguageStatus(lang, LANGUAGE_NAMES.get(lang, lang), ctx.other(lang), counts, tuple(rows)))
    head = Head(src, ctx.t("translation_status"))
    return ctx.page("translations", "translations.md", head, sections=sections)
