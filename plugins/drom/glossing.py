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

_SKIP = ("a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "aside", "button", "nav")


def _any_case(name: str) -> str:
    """`name` in any ASCII case (a tag name is ASCII; IGNORECASE would also take `ſ` for `s`)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in name)


_TOKEN = re.compile(
    r"<!--.*?-->"  # a comment
    # a start or end tag of an element whose text stays unmarked (its whole name: `<abbr>` is not `<a>`)
    rf"|<\s*(/)?\s*(?:{'|'.join(_any_case(x) for x in _SKIP)})(?![a-zA-Z0-9])([^>]*)>"
    r"|<[^>]+>",  # any other tag
    re.DOTALL,
)
"""The page's tags and comments; the text is what lies between them."""


def term_forms(term: m.Term) -> list[str]:
    """The spellings to look for: `maro ~ manro` gives both; longest first."""
    forms = [f.strip() for f in term.latin.split("~") if f.strip()]
    return sorted(forms, key=len, reverse=True)


def mark_terms(page_html: str, terms: Iterable[m.Term], *, lang: str, default: str, glossary_url: str) -> str:
    """The HTML with the first use of each term marked; text and structure otherwise unchanged.

    Where two terms could be marked, the one whose use comes first wins, and at the same place the earlier
    term in `terms` (and its longest spelling).

    A page has hundreds of pieces of text and few uses of its terms: the next use of any term anywhere in the
    page (in a tag, a heading, ... as well) says which pieces can hold one, and once no term is used further
    on, the rest of the page is kept as it is. A use in a piece of text is a use in the whole page at the
    same place (a piece's neighbours are `>` and `<`, not word characters)."""
    spelled = [(term, forms) for term in terms if (forms := tuple(term_forms(term)))]
    if not spelled:
        return page_html
    remaining = [(term, _finder(forms)) for term, forms in spelled]
    # Any spelling of any of the terms, marked or not: where none is used, no remaining term is.
    anywhere, searched = _anywhere(tuple(form for _, forms in spelled for form in forms), page_html)
    next_use = -1
    """The next use of a spelling at or after `position` (-1: to look for again)."""
    skip_depth = 0
    out: list[str] = []
    position = 0
    for token in _TOKEN.finditer(page_html):
        start = token.start()
        if start > position:
            if skip_depth == 0 and page_html[position] != "<":  # (text that starts with `<` is not searched)
                if next_use < position:
                    use = anywhere.search(searched, position)
                    if use is None:
                        break
                    next_use = use.start()
                if next_use < start:
                    out.append(_marked(page_html[position:start], remaining, out, lang, default, glossary_url))
                    if not remaining:
                        position = start
                        break
                    next_use = -1
                else:
                    out.append(page_html[position:start])
            else:
                out.append(page_html[position:start])
        if token.lastindex and not token.group(2).rstrip().endswith("/"):  # an unmarked element's tag
            skip_depth = max(skip_depth + (-1 if token.group(1) else 1), 0)
        out.append(token.group())
        position = token.end()
    else:
        if position < len(page_html) and skip_depth == 0 and page_html[position] != "<":
            out.append(_marked(page_html[position:], remaining, out, lang, default, glossary_url))
            position = len(page_html)
    out.append(page_html[position:])
    return "".join(out)


def _marked(
    piece: str, remaining: list[tuple[m.Term, re.Pattern[str]]], out: list[str], lang: str, default: str, url: str
) -> str:
    """A piece of text with the first use of remaining terms marked (what comes before each mark goes to `out`,
    the rest is returned); the terms marked leave `remaining`."""
    while remaining:
        found = None
        for index, (_, finder) in enumerate(remaining):
            match = finder.search(piece)
            if match is not None and (found is None or match.start() < found[1].start()):
                found = (index, match)
        if found is None:
            break
        index, match = found
        term, _ = remaining.pop(index)
        out.append(piece[: match.start()] + _marker(match.group(), term, lang, default, url))
        piece = piece[match.end() :]
    return piece


def _anywhere(forms: tuple[str, ...], page_html: str) -> tuple[re.Pattern[str], str]:
    """A pattern that finds every place where one of `forms` is used (and maybe more), and the text to search
    with it, of the same length as the page: its lowercase, searched case by case, where that can be made to
    find all that a search that ignores case finds (ten times as fast); else the page, ignoring case."""
    lowered = page_html.lower()
    if _FOLDS is None or len(lowered) != len(page_html) or "\u03a3" in page_html:
        return _finder(forms), page_html
    return _lowercase_finder(forms), lowered


try:
    from _sre import unicode_tolower as _tolower
    from re._casefix import _EXTRA_CASES as _FOLDS
except ImportError:  # pragma: no cover - another Python's regular expressions
    _FOLDS = None


@functools.lru_cache(maxsize=1024)
def _lowercase_finder(forms: tuple[str, ...]) -> re.Pattern[str]:
    """`forms` as a case-sensitive pattern over lowercase text that matches wherever `_finder(forms)` matches
    the text itself. Ignoring case, Python's `re` takes a character `c` for a pattern's `p` when `c`'s simple
    lowercase is `p`'s or one of the few others `re._casefix` lists for it (`ſ` for `s`, `ı` for `i`, ...);
    `str.lower()` gives each character its simple lowercase but for `İ` (two characters: a page with it is
    searched the slow way) and a final `Σ` (`ς`, which `re._casefix` lists with `σ`; searched the slow way too).
    Word boundaries are left out: the pattern may find more, never less."""
    assert _FOLDS is not None

    def one(char: str) -> str:
        lower = _tolower(ord(char))
        folds = sorted({lower, *_FOLDS.get(lower, ())})
        return re.escape(chr(lower)) if len(folds) == 1 else "[" + "".join(re.escape(chr(x)) for x in folds) + "]"

    return re.compile("|".join("".join(one(char) for char in form) for form in forms))


@functools.lru_cache(maxsize=4096)
def _finder(forms: tuple[str, ...]) -> re.Pattern[str]:
    """Spellings as whole words; of one term, longest first: a search finds its first use, with the longest
    spelling used there (alternatives are tried in order)."""
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(form) for form in forms)})(?!\w)", re.IGNORECASE)


def _marker(word_html: str, term: m.Term, lang: str, default: str, glossary_url: str) -> str:
    meaning_lang = lang if lang in term.meaning else default
    meaning = term.meaning.get(meaning_lang) or next(iter(term.meaning.values()))
    return _tip(
        word_html,
        term.id,
        meaning,
        "" if meaning_lang == lang else meaning_lang,
        "" if lang == "rom" else "rom",
        glossary_url,
        t(lang, "glossary"),
    )


@functools.lru_cache(maxsize=4096)
def _tip(word_html: str, ident: str, meaning: str, meaning_lang: str, word_lang: str, url: str, label: str) -> str:
    """The marked word (pages of one depth link the glossary alike: a lesson's term is marked the same in
    every lesson page that uses it)."""
    from markupsafe import Markup

    from .pages.templating import render  # the templates' environment; imported late, it loads Jinja

    return render(
        "partials/term-tip.html",
        word=Markup(word_html),  # a piece of the page's own HTML text, already escaped
        term_id=ident,
        meaning=meaning,
        meaning_lang=meaning_lang,
        word_lang=word_lang,
        glossary_url=url,
        glossary=label,
    )
