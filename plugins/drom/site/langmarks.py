"""The `lang` of the theme's own parts that show text in another language than the page's.

Our page templates mark every part of a page that falls back to the default language (`drom.pages`, through
`Context.labelled` and `Translation.lang`). Material's templates do not: its navigation, table of contents,
header, footer and `<title>` repeat page titles and headings, and would present a Bulgarian title on a Romani
page as Romani (a screen reader reads it with the wrong voice). This module adds the `lang` attribute to those
parts of the written page, from what the plugin knows of each page:

- `titles`: the URL of every page of this language whose title is in another language, and that language;
- `headings`: the ids of the page's headings in another language (`heading_langs` reads them from the page's
  content, where our templates marked them);
- `content`: the language of the whole content when the page is a hand-written page shown as a fallback.

Material's markup is generated and regular (double-quoted attributes, fixed class order), so the changes are
made on its start tags with regular expressions; `tests/test_language_labels.py` pins each one.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s[^>]*)?)>")
_LANG = re.compile(r'\slang="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
)
_HEADING = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))

_NAV_LINK = re.compile(r'<a href="([^"#]*)" class="(md-nav__link(?: md-nav__link--active)?)"')
_TOC_LINK = re.compile(r'<a href="#([^"]+)" class="md-nav__link">')
_TOC_NESTED = re.compile(
    r'(<a href="#([^"]+)" class="md-nav__link"(?: lang="[^"]*")?>(?:(?!</a>).)*</a>\s*<nav class="md-nav")', re.S
)
_FOOTER_LINK = re.compile(r'<a href="([^"]*)" class="md-footer__link [^"]*"[^>]*>.*?</a>', re.S)
_DIRECTION = '<span class="md-footer__direction">'
_ACTIVE_LABEL = '<label class="md-nav__link md-nav__link--active" for="__toc"'
_TOPIC = re.compile(r'(<div class="md-header__topic" data-md-component="header-topic">\s*<span class="md-ellipsis")')
_HEADERLINK = re.compile(r'<a class="headerlink" href="#([^"]+)"')
_TITLE = "<title>"
_ARTICLE = '<article class="md-content__inner md-typeset"'


def heading_langs(html: str, page_lang: str, base: str = "") -> dict[str, str]:
    """The ids of the headings of `html` whose language (their own `lang`, else their nearest ancestor's, else
    `base`) is not `page_lang`, with that language."""
    if "lang=" not in html and (not base or base == page_lang):
        return {}  # every element is in `base`'s language, which is no other
    stack: list[tuple[str, str]] = []
    found = {}
    for match in _TAG.finditer(html):
        closing, name, attributes = match.group(1, 2, 3)
        name = name.lower()
        if closing:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == name:
                    del stack[depth:]
                    break
            continue
        own = _LANG.search(attributes) if "lang=" in attributes else None
        lang = own.group(1) if own else (stack[-1][1] if stack else base)
        if name in _HEADING and lang and lang != page_lang and (ident := _ID.search(attributes)):
            found[ident.group(1)] = lang
        if name not in _VOID and not (attributes and attributes.rstrip().endswith("/")):
            stack.append((name, lang))
    return found


def own_permalinks(html: str, page_lang: str, headings: Mapping[str, str]) -> str:
    """The page's content with the permalink of each heading in another language (`headings`, from
    `heading_langs`) marked with the page's language: its title ("Link to this section") is the page's words."""
    if not headings:
        return html
    return _HEADERLINK.sub(
        lambda m: _with_lang(m.group(0), page_lang) if m.group(1) in headings else m.group(0),
        html,
    )


def _with_lang(start: str, lang: str) -> str:
    """A start tag (or its beginning, up to its last attribute) with `lang` added."""
    return f'{start} lang="{lang}"'


def _target(page_url: str, href: str) -> str:
    """A relative link of the page at `page_url` as a site-relative URL (MkDocs' `page.url` form)."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    path = posixpath.normpath(posixpath.join("/" + base, href))
    url = path.lstrip("/")
    if url == ".":
        url = ""
    return url + "/" if href.endswith("/") and url else url


def mark(
    html: str,
    page_url: str,
    page_lang: str,
    *,
    titles: Mapping[str, str],
    headings: Mapping[str, str],
    content: str = "",
) -> str:
    """The written page with `lang` on the theme's parts that show another language's text."""
    own = titles.get(page_url, "")
    if own:
        html = html.replace(_TITLE, _with_lang("<title", own) + ">", 1)
        html = _TOPIC.sub(lambda m: _with_lang(m.group(1), own), html, count=1)
        html = html.replace(_ACTIVE_LABEL, _with_lang(_ACTIVE_LABEL, own), 1)
    if content:
        html = html.replace(_ARTICLE, _with_lang(_ARTICLE, content), 1)

    def nav_link(m: re.Match[str]) -> str:
        lang = titles.get(_target(page_url, m.group(1)), "")
        return _with_lang(m.group(0), lang) if lang else m.group(0)

    def footer_link(m: re.Match[str]) -> str:
        lang = titles.get(_target(page_url, m.group(1)), "")
        if not lang:
            return m.group(0)
        # The link (its aria-label) is the title's language; "Next" and "Previous" stay the page's.
        link = m.group(0).replace(">", f' lang="{lang}">', 1)
        return link.replace(_DIRECTION, _with_lang(_DIRECTION[:-1], page_lang) + ">", 1)

    if titles:
        html = _NAV_LINK.sub(nav_link, html)
        html = _FOOTER_LINK.sub(footer_link, html)
    if headings:
        html = _TOC_LINK.sub(
            lambda m: _with_lang(m.group(0)[:-1], headings[m.group(1)]) + ">" if m.group(1) in headings else m.group(0),
            html,
        )
        # A heading's sub-list is labelled with the heading's text.
        html = _TOC_NESTED.sub(
            lambda m: _with_lang(m.group(1), headings[m.group(2)]) if m.group(2) in headings else m.group(0), html
        )
    return html
