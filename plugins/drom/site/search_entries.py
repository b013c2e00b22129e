"""Material's search entries, read from each page with a fast tokenizer instead of `html.parser`.

Material's search plugin splits every page's HTML into sections (one per heading with an id) with its own
`Parser`, a subclass of Python's `html.parser.HTMLParser`. That tokenizer is pure Python and scans the text
character run by character run: on a synthetic 100-lesson build it was 16 % of the whole build (9 s of 56 s in
a profile), more than all of our own code.

`FastSearchIndex` keeps Material's `SearchIndex` and its `Parser` (so which text lands in which section, what
is skipped, how titles lose their permalinks, all stay Material's), and only feeds the parser differently:
one regular expression cuts the HTML into tags, comments and text, in C, and calls the parser's own
`handle_starttag`, `handle_endtag` and `handle_data` in the order `HTMLParser.feed` would. The entries are
the same (tests/test_search_entries.py compares both on every page of the shipped site).

What HTMLParser does that this does too: character references in text and attribute values are decoded
(`convert_charrefs`); text runs reach `handle_data` whole; tag and attribute names are lowercased; the
content of `<script>` and `<style>` is text up to its end tag (never parsed as tags); comments, declarations
and processing instructions are dropped (Material's parser ignores them). Our pages are MkDocs' output of
Python-Markdown, well-formed HTML, which is all this has to read.
"""

from __future__ import annotations

import html
import json
import re
from html import escape
from typing import Any

from material.plugins.search.plugin import Element, SearchIndex, SearchPlugin, Section, void
from mkdocs.config.defaults import MkDocsConfig

_TOKEN = re.compile(
    r"<!--.*?-->"  # a comment
    r"|<(script|style)\b([^>]*)>(.*?)</\1\s*>"  # raw text elements: their content is text, never tags
    r"|<([a-zA-Z][^\s/>]*)((?:\s*[^\s/>=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*(/?)>"  # a start tag
    r"|</([a-zA-Z][^\s>]*)\s*>"  # an end tag
    r"|<[!?][^>]*>",  # a declaration or processing instruction
    re.DOTALL | re.IGNORECASE,
)
_ATTRIBUTE = re.compile(r"([^\s/>=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")


def _attributes(text: str) -> list[tuple[str, str | None]]:
    if not text or text.isspace():
        return []
    found = []
    for match in _ATTRIBUTE.finditer(text):
        name, double, single, bare = match.groups()
        value = double if double is not None else single if single is not None else bare
        found.append((name.lower(), html.unescape(value) if value is not None and "&" in value else value))
    return found


HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
RAW = ("script", "style", "object")


class Sections:
    """Material's `Parser` (material/plugins/search/plugin.py, 9.x), its logic step for step, on tag names.

    Material's `Element` compares and hashes by its tag alone, so its `skip` set and its `context` tests are
    tests of tag names: this keeps the names (and, for links, whether each is a heading's permalink) and makes
    Material's `Section` and `Element` objects only for the sections themselves.
    """

    def __init__(self) -> None:
        self.skip: set[str] = {"object", "script", "style"}
        self.keep = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
        self.context: list[str] = []
        self.permalinks: list[bool] = []
        self.section: Section | None = None
        self.data: list[Section] = []

    def _section(self) -> Section:
        if self.section is None:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        return self.section

    def handle_starttag(self, tag: str, raw_attributes: str) -> None:
        if tag in void:
            return
        # Only a heading's id, a link's class and the two exclusions below are read: other tags' attributes
        # are not parsed at all unless their text names an exclusion.
        interesting = tag in HEADINGS or tag == "a" or "data-search-exclude" in raw_attributes
        interesting = interesting or "linenodiv" in raw_attributes
        attributes = dict(_attributes(raw_attributes)) if interesting else {}
        context = self.context
        context.append(tag)
        self.permalinks.append(tag == "a" and attributes.get("class") == "headerlink")
        if tag in HEADINGS and "id" in attributes:
            depth = len(context)
            if tag != "h1" and not self.data:
                self.section = Section(Element("hx"), depth)
                self.data.append(self.section)
            self.section = Section(Element(tag, attributes), depth)
            if self.data:
                self.section.id = attributes["id"]
            self.data.append(self.section)
        section = self._section()
        for key, value in attributes.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                self.skip.add(tag)
                return
        if tag in self.keep and self.skip.isdisjoint(context):
            (section.title if section.el.tag in context else section.text).append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        context = self.context
        if not context or context[-1] != tag:
            return
        section = self._section()
        if section.depth > len(context):
            for previous in reversed(self.data):
                if previous.depth <= len(context):
                    section.depth = float("inf")
                    self.section = section = previous
                    break
        context.pop()
        self.permalinks.pop()
        if tag in self.skip:
            if tag not in RAW:
                self.skip.remove(tag)
            return
        if tag in self.keep and self.skip.isdisjoint(context):
            data = section.title if section.el.tag in context else section.text
            index = data.index(f"<{tag}>")
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        context = self.context
        if not self.skip.isdisjoint(context):
            return
        if "pre" not in context:
            data = " " if data.isspace() else data.replace("\n", " ")
        section = self._section()
        if section.el.tag in context:
            if not any(self.permalinks):
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace() or "pre" in context:
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))

    def feed(self, markup: str) -> None:
        """The start tags, end tags and text of `markup`, in the order `HTMLParser.feed` and `close` give them."""
        position = 0
        data, start, end = self.handle_data, self.handle_starttag, self.handle_endtag
        for match in _TOKEN.finditer(markup):
            if match.start() > position:
                text = markup[position : match.start()]
                data(html.unescape(text) if "&" in text else text)
            position = match.end()
            raw_tag, raw_attributes, raw_text, tag, attributes, closed, end_tag = match.group(1, 2, 3, 4, 5, 6, 7)
            if tag is not None:
                name = tag.lower()
                start(name, attributes)
                if closed:  # `<path ... />`: HTMLParser's handle_startendtag, a start tag and its end
                    end(name)
            elif end_tag is not None:
                end(end_tag.lower())
            elif raw_tag is not None:
                name = raw_tag.lower()
                start(name, raw_attributes)
                if raw_text:
                    data(raw_text)
                end(name)
        if position < len(markup):
            text = markup[position:]
            data(html.unescape(text) if "&" in text else text)


class FastSearchIndex(SearchIndex):  # type: ignore[misc]
    """Material's search index, its pages read by `feed` (the same sections, entries and fields).

    With `in_pieces`, the index Material writes holds its configuration only: `drom.site.search` writes the
    entries in pieces from memory (`entries_and_config`), so the whole index of every language is neither
    serialised (once per language and once merged, 50 MB at 1,000 lessons) nor read back."""

    in_pieces = False

    def add_entry_from_context(self, page: Any) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        parser = Sections()
        parser.feed(page.content or "")
        for section in parser.data:
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)

    def generate_search_index(self, prev: Any) -> str:
        if not self.in_pieces:
            return str(super().generate_search_index(prev))
        return json.dumps({"config": self.search_config(), "docs": []}, separators=(",", ":"), default=str)

    def search_config(self) -> dict[str, Any]:
        """The configuration Material writes into its index (the same keys, through JSON as it does)."""
        config = {key: self.config[key] for key in ("lang", "separator", "pipeline", "fields")}
        result: dict[str, Any] = json.loads(json.dumps(config, default=str))
        return result


def _plugin(config: MkDocsConfig) -> SearchPlugin | None:
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    return plugin if isinstance(plugin, SearchPlugin) else None


def install(config: MkDocsConfig, *, in_pieces: bool) -> None:
    """Put `FastSearchIndex` in place of the index Material's search plugin made in its `on_config`;
    `in_pieces`: the site's search is written in pieces (`drom.site.search`), not by Material."""
    plugin = _plugin(config)
    if plugin is None:
        return
    index = plugin.search_index
    if type(index) is SearchIndex:
        fast = FastSearchIndex(**index.config)
        fast.entries = index.entries
        plugin.search_index = index = fast
    if isinstance(index, FastSearchIndex):
        index.in_pieces = in_pieces


def entries_and_config(config: MkDocsConfig) -> tuple[list[dict[str, Any]], dict[str, Any]] | None:
    """The search entries of every language built (static-i18n puts them all in the index after the last
    language) and the configuration Material would write beside them; None without `FastSearchIndex`."""
    plugin = _plugin(config)
    index = plugin.search_index if plugin is not None else None
    if not isinstance(index, FastSearchIndex):
        return None
    return index.entries, index.search_config()
