"""Site Markdown to print HTML: converted once, then its links, ids and headings made to work inside a PDF.

The generated pages link each other with paths relative to their source path (which MkDocs rewrites);
inside a PDF those become either an anchor in the same PDF (a lesson of the module, a glossary entry)
or the page's address on the published site. Images become paths relative to the curriculum folder,
the base URL of every print document. Ids are prefixed per part, so the lessons and handouts joined in a
module PDF cannot collide.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

import markdown

from ..pages import SiteMap
from ..pages import attr as text
from ..sources import is_inside
from .errors import PdfError

MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "tables", "def_list", "toc", "admonition"]  # admonition: `!!! board`

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_ATTRIBUTE = re.compile(r'(\s)(src|href|id|aria-labelledby|aria-describedby)="([^"]*)"')
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_SITE_CHROME = (
    re.compile(r'<nav class="drom-breadcrumbs"[^>]*>.*?</nav>\s*', re.DOTALL),
    re.compile(r'<p class="drom-notice"[^>]*>.*?</p>\s*', re.DOTALL),
)


@functools.lru_cache(maxsize=256)
def to_html(text: str) -> str:
    """The HTML of site Markdown (front matter dropped), with the site's Markdown extensions.

    Memoised: a lesson's Markdown is converted once for its own PDF and its module's.
    """
    converter = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return converter.convert(_FRONT_MATTER.sub("", text, count=1))


def drop_site_chrome(page_html: str) -> str:
    """Remove what only makes sense on the site: breadcrumbs and language-fallback notices."""
    for pattern in _SITE_CHROME:
        page_html = pattern.sub("", page_html)
    return page_html


def replace_section_body(page_html: str, section_id: str, replacement: str) -> str:
    """Replace what follows the `<h2 id=section_id>` heading, up to the next h2, with `replacement`."""
    start = re.search(rf'<h2[^>]*\sid="{re.escape(section_id)}"[^>]*>.*?</h2>\s*', page_html, re.DOTALL)
    if start is None:
        return page_html
    end = re.compile(r"<h2[\s>]").search(page_html, start.end())
    stop = end.start() if end else len(page_html)
    return page_html[: start.end()] + replacement + page_html[stop:]


def panel_columns(page_html: str) -> str:
    """Lay the lesson panel's lists (time plan, objectives, outcomes...) out in two balanced columns.

    The blocks after the panel's facts, each a heading and its list, are split where the two halves hold
    about as much text; CSS columns would balance them too but cost WeasyPrint seconds a lesson.
    """
    match = re.search(r'(<aside class="drom-panel"[^>]*>.*?</dl>)(.*?)(</aside>)', page_html, re.DOTALL)
    if match is None:
        return page_html
    blocks = [b for b in re.split(r"(?=<h[2-6][\s>])", match[2]) if b.strip()]
    if len(blocks) < 2:
        return page_html
    sizes = [len(re.sub(r"<[^>]+>", "", b)) + 40 * b.count("<li") for b in blocks]
    total = sum(sizes)
    split = min(range(1, len(blocks)), key=lambda k: abs(total - 2 * sum(sizes[:k])))
    columns = "".join(
        f'<div class="drom-panel__column">{"".join(part)}</div>' for part in (blocks[:split], blocks[split:])
    )
    body = f'{match[1]}<div class="drom-panel__body">{columns}</div>{match[3]}'
    return page_html[: match.start()] + body + page_html[match.end() :]


def shift_headings(fragment: str, delta: int) -> str:
    """Move every heading `delta` levels down (or up when negative), kept within h1–h6."""
    if delta == 0:
        return fragment
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, max(1, int(m.group(2)) + delta))}", fragment)


def top_heading(fragment: str) -> int | None:
    levels = [int(m.group(2)) for m in _HEADING_TAG.finditer(fragment) if not m.group(1)]
    return min(levels) if levels else None


def add_class(fragment: str, tag: str, css_class: str) -> str:
    """Give the first `<tag>` of the fragment a class (e.g. the lesson title, for the running header)."""
    return re.sub(rf"<{tag}\b", f'<{tag} class="{css_class}"', fragment, count=1)


@dataclass
class Links:
    """How the URLs of one converted site page are rewritten for one PDF."""

    src_uri: str
    """The page's source path on the site, e.g. `en/lessons/vasilitsa.md`: relative links start there."""
    part: str
    """Prefix of the page's ids inside the PDF; also the id of the part's own element."""
    root: Path
    """The curriculum folder: images must be inside it."""
    site_url: str
    internal: dict[str, str] = field(default_factory=dict)
    """Site URL path (`en/lessons/x/`) -> id prefix of the part of this PDF that holds that page."""
    files: list[Path] = field(default_factory=list)
    """Local files the page embeds (images), collected while rewriting."""

    def rewrite(self, fragment: str) -> str:
        return _ATTRIBUTE.sub(self._attribute, fragment)

    def _attribute(self, match: re.Match[str]) -> str:
        space, name, value = match.groups()
        value = html.unescape(value)
        if name == "src":
            return f'{space}src="{text(self.image(value))}"'
        if name == "href":
            target = self.link(value)
            return f'{space}href="{text(target)}"' if target else ""
        return f'{space}{name}="{text(" ".join(anchor(self.part, v) for v in value.split()))}"'

    def image(self, value: str) -> str:
        """A page's image path (into the site's media/ copy) as a path relative to the curriculum folder."""
        if _SCHEME.match(value):
            return value  # data: passes; anything remote is refused by the URL fetcher, with the PDF named
        site_path = posixpath.normpath(posixpath.join(posixpath.dirname(self.src_uri), unquote(value)))
        parts = site_path.split("/")
        if len(parts) < 4 or parts[0] != "media":
            raise PdfError(f"the image '{value}' is not a curriculum image (expected under images/)", file=value)
        relative = "/".join(parts[1:])  # media/<kind>/<id>/<path> -> <kind>/<id>/<path>
        path = self.root / relative
        if not is_inside(path, self.root):
            raise PdfError(f"the image '{relative}' is outside the curriculum folder", file=relative)
        if not path.is_file():
            raise PdfError(f"the image '{relative}' does not exist", file=relative)
        self.files.append(path)
        return quote(relative)

    def link(self, value: str) -> str:
        """An anchor in this PDF, an absolute URL on the site, or '' when there is no site to link to."""
        if value.startswith("#"):
            return "#" + anchor(self.part, value[1:])
        if _SCHEME.match(value) or value.startswith("//"):
            return value
        path, _, fragment = value.partition("#")
        if path.endswith(".md"):
            target = SiteMap.url(posixpath.normpath(posixpath.join(posixpath.dirname(self.src_uri), path)))
        else:
            base = SiteMap.url(self.src_uri)
            target = posixpath.normpath(posixpath.join(base, path or "."))
            target = "" if target == "." else target + "/"
        if target in self.internal:
            prefix = self.internal[target]
            return "#" + (anchor(prefix, fragment) if fragment else prefix)
        if not self.site_url:
            return ""
        return self.site_url + target + (f"#{fragment}" if fragment else "")


def anchor(part: str, ident: str) -> str:
    return f"{part}--{ident}"
