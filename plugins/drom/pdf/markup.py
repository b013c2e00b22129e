"""The site's Markdown blocks converted for print, with the site's own Markdown configuration.

The blocks (a lesson's text, a handout, a module's introduction) are the Markdown the site's templates write
(`drom/pages/templates/blocks/`), converted with the `markdown_extensions` of mkdocs.yml, so admonitions,
footnotes and heading ids come out as on the site. A Markdown tree processor (not a pass over HTML) then makes
the links, ids and images work inside a PDF: a link to another page becomes an anchor in the same PDF (a lesson
of the module, a glossary entry) or the page's address on the published site; images become paths relative to
the curriculum folder, the base URL of every print document; ids are prefixed per part, so the lessons and
handouts joined in a module PDF cannot collide.
"""

from __future__ import annotations

import copy
import html
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from ..markdown_config import MarkdownConfig
from ..pages.kinds import SiteMap
from ..sources import is_inside
from .errors import PdfError

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_ID_LISTS = ("id", "aria-labelledby", "aria-describedby")
_HEADING = re.compile(r"h[1-6]")


@dataclass
class Links:
    """How the URLs of one site page's blocks are rewritten for one PDF."""

    src_uri: str
    """The page's source path on the site, e.g. `en/lessons/vasilitsa.md`: relative links start there."""
    part: str
    """Prefix of the page's ids inside the PDF; also the id of the part's own element."""
    root: Path
    """The curriculum folder: images must be inside it."""
    site_url: str
    internal: dict[str, str] = field(default_factory=dict)
    """Site URL path (`en/lessons/x/`) -> id prefix of the part of this PDF that holds that page."""
    anchors: dict[str, str] = field(default_factory=dict)
    """Anchors of this page printed elsewhere in the PDF: `handout-x` -> the handout part's id."""
    shift: int = 0
    """Levels to move every heading down: a block is converted once at its own level, then placed deeper
    (a lesson inside a module PDF)."""
    files: list[Path] = field(default_factory=list)
    """Local files the page embeds (images), collected while rewriting."""

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
            return "#" + self.anchors.get(value[1:], anchor(self.part, value[1:]))
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

    def ids(self, value: str) -> str:
        return " ".join(anchor(self.part, v) for v in value.split())


def anchor(part: str, ident: str) -> str:
    return f"{part}--{ident}"


class _PrintLinks(Treeprocessor):
    """Rewrites the converted tree's links, image sources and ids for print (after `toc` has set the ids)."""

    links: Links

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if self.links.shift and _HEADING.fullmatch(element.tag):
                element.tag = f"h{min(6, int(element.tag[1]) + self.links.shift)}"
            if (src := element.get("src")) is not None:
                element.set("src", self.links.image(src))
            if (href := element.get("href")) is not None:
                target = self.links.link(href)
                if target:
                    element.set("href", target)
                else:
                    del element.attrib["href"]
            for name in _ID_LISTS:
                if (value := element.get(name)) is not None:
                    element.set(name, self.links.ids(value))


class _PrintExtension(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.processor: _PrintLinks | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        self.processor = _PrintLinks(md)
        # After `toc` (5), which gives headings their ids, and the footnotes' own processors.
        md.treeprocessors.register(self.processor, "drom_print_links", 1)


class PrintMarkdown:
    """Converts site Markdown blocks to print HTML: the site's Markdown configuration plus the link rewriting.

    A block is parsed once (a lesson is printed alone and in its module, a handout three times): the tree
    before the link rewriting is kept with the raw HTML it stashed, and each use rewrites a copy.
    """

    def __init__(self, config: MarkdownConfig) -> None:
        self.extension = _PrintExtension()
        self.md = config.for_print().converter(self.extension)
        processors = list(self.md.treeprocessors)
        mine = processors.index(self.extension.processor)
        self._before, self._after = processors[:mine], processors[mine:]
        self._parsed: dict[str, tuple[etree.Element, list[Any], int]] = {}

    def _parse(self, text: str) -> tuple[etree.Element, list[Any], int]:
        if text not in self._parsed:
            md = self.md
            md.reset()
            lines = text.split("\n")
            for preprocessor in md.preprocessors:
                lines = preprocessor.run(lines)
            root = md.parser.parseDocument(lines).getroot()
            for processor in self._before:
                root = processor.run(root) or root
            self._parsed[text] = (root, list(md.htmlStash.rawHtmlBlocks), md.htmlStash.html_counter)
        return self._parsed[text]

    def convert(self, text: str, links: Links) -> str:
        """What `markdown.Markdown.convert` does, from a copy of the parsed tree."""
        assert self.extension.processor is not None
        if not text.strip():
            return ""
        parsed, stashed, counter = self._parse(text)
        md = self.md
        md.reset()
        md.htmlStash.rawHtmlBlocks, md.htmlStash.html_counter = list(stashed), counter
        self.extension.processor.links = links
        root = copy.deepcopy(parsed)
        for processor in self._after:
            root = processor.run(root) or root
        # The children of the document element, as Python-Markdown strips the element itself.
        output = html.escape(root.text or "", quote=False) + "".join(md.serializer(child) for child in root)
        for postprocessor in md.postprocessors:
            output = postprocessor.run(output)
        return output.strip()
