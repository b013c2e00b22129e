"""What content may carry into a reader's browser: author HTML on an allowlist, one rule for every URL, and SVG
images without active content.

The allowlist sanitiser is nh3 (the binding of the ammonia library). It is used as an oracle: every HTML tag
an author writes is cleaned on its own, and whatever nh3 would remove (a tag, an attribute, a URL) is
reported at the tag's place, so nothing an author wrote is ever dropped silently. A curriculum with such
an error does not build, so what reaches the site is exactly what the author wrote and nh3 keeps.
"""

from __future__ import annotations

import html
import re
import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from .messages import Text, say

URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes a URL from the content may have; a URL without one is relative to its page."""

GLOBAL_ATTRIBUTES = {"id", "class", "lang", "title", "dir"}
# fmt: off
_PLAIN_TAGS = (
    "abbr", "b", "bdi", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark",
    "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "tfoot", "thead", "tr", "u", "ul", "var", "wbr",
)
# fmt: on
TAGS: dict[str, set[str]] = {
    **{tag: set() for tag in _PLAIN_TAGS},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type", "reversed"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "time": {"datetime"},
    "data": {"value"},
}
"""Tags authors may write in Markdown, with their own attributes (besides the global ones)."""
_ATTRIBUTES = {"*": GLOBAL_ATTRIBUTES | {"markdown"}, **{tag: attrs for tag, attrs in TAGS.items() if attrs}}
_URL_ATTRIBUTES = {"href", "src", "cite"}


def sanitise(fragment: str) -> str:
    """The HTML nh3 keeps of `fragment` under the curriculum's allowlist."""
    return nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        strip_comments=False,
        link_rel=None,
    )


# --- URLs ----------------------------------------------------------------------------------------------

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")
"""Browsers delete tabs and line breaks inside a URL before they read its scheme (`java\tscript:` runs)."""
_FORBIDDEN_IN_URLS = re.compile(r"[\s\"'<>`\\\x00-\x1f\x7f]")


def url_problem(url: str) -> Text | None:
    """Why a URL from the content may not be used, or None. Entities are decoded first, as a browser does."""
    decoded = _IGNORED_IN_URLS.sub("", html.unescape(url)).strip()
    scheme = _SCHEME.match(decoded)
    if scheme and scheme.group(1).lower() not in URL_SCHEMES:
        return say("url_scheme", scheme=scheme.group(1))
    if _FORBIDDEN_IN_URLS.search(decoded):
        return say("url_characters")
    if decoded.startswith("//"):
        return say("url_no_scheme")
    if scheme and scheme.group(1).lower() in ("http", "https") and not re.match(r"^https?://[^/?#]+", decoded, re.I):
        return say("url_no_host")
    return None


# --- author HTML ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """Something nh3 would remove, or a URL the rule refuses, at an offset in the text checked."""

    offset: int
    message: Text
    code: str = "CUR023"


_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")


class _OneTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


def parse_tag(tag_html: str) -> tuple[str, list[tuple[str, str | None]]] | None:
    parser = _OneTag()
    parser.feed(tag_html)
    parser.close()
    return parser.found[0] if parser.found else None


def html_tags(text: str) -> Iterator[tuple[int, str, bool]]:
    """(offset, tag as written, is an end tag) of every HTML tag in `text`, Markdown autolinks left out."""
    for match in _TAG.finditer(text):
        if AUTOLINK.fullmatch(match.group(0)):
            continue
        yield match.start(), match.group(0), bool(match.group(1))


def check_html(text: str) -> list[Finding]:
    """Every tag, attribute and URL in the raw HTML of `text` that the sanitiser would remove or the URL rule
    refuses. `text` should have its code spans and blocks masked (they are shown, not rendered)."""
    findings: list[Finding] = []
    for offset, written, closing in html_tags(text):
        if closing:
            continue  # an end tag keeps nothing: its start tag is the one reported
        name = written[1:].split(None, 1)[0].rstrip(">/").lower()
        if name not in TAGS:
            findings.append(Finding(offset, say("html_tag_not_allowed", name=name)))
            continue
        original = parse_tag(written)
        if original is None:
            findings.append(Finding(offset, say("html_tag_unreadable", tag=repr(written[:60]))))
            continue
        kept_tag = parse_tag(sanitise(written))
        kept = dict(kept_tag[1]) if kept_tag else {}
        for attribute, value in original[1]:
            if attribute in _URL_ATTRIBUTES and value is not None:
                problem = url_problem(value)
                if problem:
                    refused = say("html_url_refused", url=repr(value), name=name, attribute=attribute, problem=problem)
                    findings.append(Finding(offset, refused, "CUR029"))
                    continue
            if attribute not in kept:
                shown = f"{attribute}={value!r}" if value is not None else attribute
                key = "html_handler_not_allowed" if attribute.startswith("on") else "html_attribute_not_allowed"
                findings.append(Finding(offset, say(key, attribute=shown[:80], name=name)))
    return findings


# --- SVG -----------------------------------------------------------------------------------------------

_SVG_FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_ANIMATIONS = {"set", "animate", "animatetransform", "animatemotion", "discard"}
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import|expression\(|javascript:", re.IGNORECASE)


@dataclass(frozen=True)
class SvgFinding:
    line: int
    column: int
    message: Text


def check_svg(data: bytes) -> list[SvgFinding]:
    """Scripts, event handlers, foreignObject, entities and references to other files in an SVG image.

    An SVG opened on its own (its site address, or a download) is a document: its scripts run. Only
    references inside the file (`#id`) are allowed, so it loads nothing either.
    """
    findings: list[SvgFinding] = []
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    where = {"text": False}

    def at() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def refuse(message: Text) -> None:
        findings.append(SvgFinding(*at(), message))

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1].lower()
        if local in _SVG_FORBIDDEN:
            refuse(say("svg_element", name=local))
        if local == "style":
            where["text"] = True
        for key, value in attrs.items():
            attribute = key.rsplit(" ", 1)[-1].lower()
            if attribute.startswith("on"):
                refuse(say("svg_handler", name=local, attribute=attribute))
            elif attribute == "href" and not value.strip().startswith("#"):
                refuse(say("svg_href", name=local, target=value[:80]))
            elif attribute == "style" and _CSS_URL.search(value):
                refuse(say("svg_style_attribute", name=local))
            elif (
                local in _ANIMATIONS
                and attribute == "attributename"
                and (value.lower().startswith("on") or value.lower().endswith("href"))
            ):
                refuse(say("svg_animation", name=local, attribute=value))

    def end(name: str) -> None:
        where["text"] = False

    def text(data: str) -> None:
        if where["text"] and _CSS_URL.search(data):
            refuse(say("svg_style"))

    def entity(*_: object) -> None:
        refuse(say("svg_entities"))

    def doctype(name: str, system_id: str | None, public_id: str | None, has_internal: int) -> None:
        if system_id or has_internal:
            refuse(say("svg_doctype"))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.EntityDeclHandler = entity
    parser.StartDoctypeDeclHandler = doctype
    parser.ProcessingInstructionHandler = lambda target, _: (
        refuse(say("svg_instruction", target=target)) if (target.lower() == "xml-stylesheet") else None
    )
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        if not findings:
            findings.append(SvgFinding(error.lineno, error.offset + 1, say("svg_not_xml", error=error)))
    return findings
