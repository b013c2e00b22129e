"""Glossary in context: mark the Romani words of a lesson in its HTML with their meaning.

The first use of each vocabulary term in the running text becomes a button that shows the meaning in the
reader's language on hover, focus and tap (a tooltip described by `aria-describedby`), with a link to the
glossary entry. Headings, links, code and the at-a-glance panel are left alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from . import model as m
from .i18n import t

_TOKEN = re.compile(r"(<!--.*?-->|<[^>]+>)", re.DOTALL)
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z0-9]+)([^>]*?)(/)?\s*>")
_SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "aside", "button", "nav"}
_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}


def term_forms(term: m.Term) -> list[str]:
    """The spellings to look for: `maro ~ manro` gives both; longest first."""
    forms = [f.strip() for f in term.latin.split("~") if f.strip()]
    return sorted(forms, key=len, reverse=True)


def mark_terms(page_html: str, terms: Iterable[m.Term], *, lang: str, default: str, glossary_url: str) -> str:
    """The HTML with the first use of each term marked; text and structure otherwise unchanged.

    Where two terms could be marked, the one whose use comes first wins, and at the same place the earlier
    term in `terms` (and its longest spelling): one search of each piece of text finds it (`_finder`)."""
    remaining = [(term, forms) for term in terms if (forms := tuple(term_forms(term)))]
    if not remaining:
        return page_html
    finder = _finder(tuple(forms for _, forms in remaining))
    skip_depth = 0
    out: list[str] = []
    for piece in _TOKEN.split(page_html):
        if not piece:
            continue
        if piece.startswith("<"):
            tag = _TAG.match(piece)
            if tag and not piece.startswith("<!--"):
                name = tag.group(2).lower()
                closing, self_closing = bool(tag.group(1)), bool(tag.group(4)) or name in _VOID
                if name in _SKIP and not self_closing:
                    skip_depth += -1 if closing else 1
                    skip_depth = max(skip_depth, 0)
            out.append(piece)
            continue
        if skip_depth:
            out.append(piece)
            continue
        while remaining and (match := finder.search(piece)) is not None:
            term, _ = remaining.pop(match.lastindex - 1)  # type: ignore[operator]
            out.append(
                piece[: match.start()] + _marker(match.group(match.lastindex or 0), term, lang, default, glossary_url)
            )
            piece = piece[match.end() :]
            if remaining:
                finder = _finder(tuple(forms for _, forms in remaining))
        out.append(piece)
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _finder(forms: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    """One pattern for the spellings of several terms, a group per term, in their order: a search gives the
    first use of any of them, and at one place the earlier term's longest spelling (alternatives are tried in
    order)."""
    groups = "|".join("(" + "|".join(re.escape(form) for form in term) + ")" for term in forms)
    return re.compile(rf"(?<!\w)(?:{groups})(?!\w)", re.IGNORECASE)


def _marker(word_html: str, term: m.Term, lang: str, default: str, glossary_url: str) -> str:
    from markupsafe import Markup

    from .pages.templating import render  # the templates' environment; imported late, it loads Jinja

    meaning_lang = lang if lang in term.meaning else default
    meaning = term.meaning.get(meaning_lang) or next(iter(term.meaning.values()))
    return render(
        "partials/term-tip.html",
        word=Markup(word_html),  # a piece of the page's own HTML text, already escaped
        term=term,
        meaning=meaning,
        meaning_lang="" if meaning_lang == lang else meaning_lang,
        word_lang="" if lang == "rom" else "rom",
        glossary_url=glossary_url,
        glossary=t(lang, "glossary"),
    )
