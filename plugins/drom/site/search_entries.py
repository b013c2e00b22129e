"""Material's search entries, read from each page with a fast tokenizer instead of `html.parser`.

Material's search plugin splits every page's HTML into sections (one per heading with an id) with its own
`Parser`, a subclass of Python's `html.parser.HTMLParser`. That tokenizer is pure Python and scans the text
character run by character run: on a synthetic 100-lesson build it was 16 % of the whole build (9 s of 56 s in
a profile), more than all of our own code.

`FastSearchIndex` keeps Material's `SearchIndex`, and its `Parser`'s logic step for step (so which text lands in
which section, what is skipped, how titles lose their permalinks, all stay Material's: `Sections`), and only
reads the page differently: one regular expression cuts the HTML into tags, comments and text, in C, and
each goes through the steps of Material's `handle_starttag`, `handle_endtag` and `handle_data` in the order
`HTMLParser.feed` would call them. The entries are the same (tests/test_search_entries.py compares both on
every page of the shipped site).

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

from . import search

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

    `feed` runs Material's `handle_starttag`, `handle_endtag` and `handle_data` on each tag and text in turn,
    written out in its loop (a page has thousands: a method call each was a third of the time); besides the
    stack of open tags, it counts those whose text is skipped, the open `<pre>` and the permalinks open, to
    answer Material's questions (`skip.isdisjoint(context)`, `"pre" in context`, `any(permalinks)`) at once.
    """

    def __init__(self) -> None:
        self.skip: set[str] = {"object", "script", "style"}
        self.keep = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
        self.context: list[str] = []
        self.permalinks: list[bool] = []
        self.section: Section | None = None
        self.data: list[Section] = []

    def feed(self, markup: str) -> None:
        """The start tags, end tags and text of `markup`, in the order `HTMLParser.feed` and `close` give them."""
        skip, keep, context, permalinks, sections = self.skip, self.keep, self.context, self.permalinks, self.data
        skipped = sum(1 for tag in context if tag in skip)
        """How many open tags are skipped ones (Material: `not skip.isdisjoint(context)`)."""
        pre = context.count("pre")
        links = sum(permalinks)
        """How many open links are permalinks (Material: `any(permalinks)`)."""
        section = self.section
        position = 0
        events: list[tuple[int, str, str | None]] = []  # (0 text | 1 start | 2 end, tag or text, attributes)
        for match in _TOKEN.finditer(markup):
            if match.start() > position:
                text = markup[position : match.start()]
                events.append((0, html.unescape(text) if "&" in text else text, None))
            position = match.end()
            raw_tag, raw_attributes, raw_text, tag, attributes, closed, end_tag = match.group(1, 2, 3, 4, 5, 6, 7)
            if tag is not None:
                name = tag.lower()
                events.append((1, name, attributes))
                if closed:  # `<path ... />`: HTMLParser's handle_startendtag, a start tag and its end
                    events.append((2, name, None))
            elif end_tag is not None:
                events.append((2, end_tag.lower(), None))
            elif raw_tag is not None:
                name = raw_tag.lower()
                events.append((1, name, raw_attributes))
                if raw_text:
                    events.append((0, raw_text, None))
                events.append((2, name, None))
        if position < len(markup):
            text = markup[position:]
            events.append((0, html.unescape(text) if "&" in text else text, None))

        for kind, value, raw in events:
            if kind == 0:  # handle_data
                if skipped:
                    continue
                if not pre:
                    value = " " if value.isspace() else value.replace("\n", " ")
                if section is None:
                    section = Section(Element("hx"))
                    sections.append(section)
                if section.el.tag in context:
                    if not links:
                        section.title.append(escape(value, quote=False))
                elif value.isspace():
                    if not section.text or not section.text[-1].isspace() or pre:
                        section.text.append(value)
                else:
                    section.text.append(escape(value, quote=False))
            elif kind == 1:  # handle_starttag
                if value in void:
                    continue
                assert raw is not None
                # Only a heading's id, a link's class and the two exclusions below are read: other tags'
                # attributes are not parsed at all unless their text names an exclusion.
                interesting = value in HEADINGS or value == "a" or "data-search-exclude" in raw or "linenodiv" in raw
                attributes = dict(_attributes(raw)) if interesting else {}
                context.append(value)
                skipped += value in skip
                pre += value == "pre"
                permalink = value == "a" and attributes.get("class") == "headerlink"
                permalinks.append(permalink)
                links += permalink
                if value in HEADINGS and "id" in attributes:
                    depth = len(context)
                    if value != "h1" and not sections:
                        section = Section(Element("hx"), depth)
                        sections.append(section)
                    section = Section(Element(value, attributes), depth)
                    if sections:
                        section.id = attributes["id"]
                    sections.append(section)
                if section is None:
                    section = Section(Element("hx"))
                    sections.append(section)
                if attributes and any(
                    key == "data-search-exclude" or (key == "class" and item == "linenodiv")
                    for key, item in attributes.items()
                ):
                    skip.add(value)
                    skipped = sum(1 for tag in context if tag in skip)
                    continue
                if value in keep and not skipped:
                    (section.title if section.el.tag in context else section.text).append(f"<{value}>")
            else:  # handle_endtag
                if not context or context[-1] != value:
                    continue
                if section is None:
                    section = Section(Element("hx"))
                    sections.append(section)
                if section.depth > len(context):
                    for previous in reversed(sections):
                        if previous.depth <= len(context):
                            section.depth = float("inf")
                            section = previous
                            break
                context.pop()
                skipped -= value in skip
                pre -= value == "pre"
                links -= permalinks.pop()
                if value in skip:
                    if value not in RAW:
                        skip.remove(value)
                        skipped = sum(1 for tag in context if tag in skip)
                    continue
                if value in keep and not skipped:
                    data = section.title if section.el.tag in context else section.text
                    index = data.index(f"<{value}>")
                    for i in range(index + 1, len(data)):
                        if not data[i].isspace():
                            index = len(data)
                            break
                    if len(data) > index:
                        del data[index:]
                    else:
                        data.append(f"</{value}>")
        self.section = section


class FastSearchIndex(SearchIndex):  # type: ignore[misc]
    """Material's search index, its pages read by `feed` (the same sections, entries and fields).

    With `in_pieces`, the index Material writes holds its configuration only: `drom.site.search` writes the
    entries in pieces from memory (`entries_and_config`), so the whole index of every language is neither
    serialised (once per language and once merged, 50 MB at 1,000 lessons) nor read back."""

    in_pieces = False

    def add_entry_from_context(self, page: Any) -> None:
        options = page.meta.get("search") or {}
        if options.get("exclude"):
            return
        parser = Sections()
        parser.feed(page.content or "")
        made = len(self.entries)
        for section in parser.data:
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)
        if self.in_pieces:  # here, in the process building the page's language, not all at the end
            for entry in self.entries[made:]:
                entry[search.ANALYSIS] = search.analyse(entry)

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
