"""Content Markdown rendered once per build, however many pages show it (a fallback shows the default language's).

A Romani page without a Romani text shows the Bulgarian one (`lang="bg"`): at 1,000 lessons, 800 Romani lesson
pages parsed the same Bulgarian sections as their Bulgarian pages, a second time. The templates mark each
piece of an author's Markdown they place in a page (a lesson's body: its introduction and sections with their
headings; a handout; a resource's or a module's text: `fragment`, `drom.pages.templating`), and the page
carries them
(`Page.fragments`). Before Python-Markdown's preprocessors run on a page, `FragmentPreprocessor` cuts each
fragment out of it and leaves a placeholder paragraph; the fragment is parsed on its own, as far as the
end of inline parsing (blocks, raw HTML, code fences, inline markup: what depends on the fragment's text
and the Markdown configuration alone), and kept by the digest of its text while pages to come need it (the
plugin counts, on a default-language page, the languages of the build that fall back to its text; the last
of them takes the tree itself). The page's own template HTML blocks inside a fragment (an activity's kind
and minutes, in the page's language) are numbered tokens in the text that is parsed and kept, and become the
page's blocks again in its copy, so the body of a lesson is one text in every language that shows it.
`FragmentSplicer` then puts the fragment's tree where the placeholder is, before anything that depends on
the page runs on the whole tree: heading ids (made unique across the page) and their permalinks in the
page's language, the table of contents, MkDocs' link rewriting and checking. A second page with the same
fragment (the fallback) copies the tree instead of parsing the text again: at 100 lessons a third fewer
Python calls for the Romani lesson pages, a few per cent more for the Bulgarian ones (the copy kept).

The copy is exactly what the page's own parse would have made when the fragment's meaning does not depend on
the rest of the page, so a fragment is cut out only when:
- every Markdown extension is one whose block and inline parsing is local (`LOCAL_EXTENSIONS`), named in
  the configuration (so the fragment's converter can be made from the same names and options);
- the page has no footnotes and no reference-style link definitions (both are the whole page's), and the
  fragment's own parse found none either;
- the fragment starts a block (a blank line before it, no indent on its first line) and a blank line
  follows it.
Otherwise it stays in the page and is parsed there, as before. The HTML stash entries the fragment's tree
refers to (raw HTML, code blocks) are stored again in the page's stash; the ids of its raw HTML, which
MkDocs' collector of a page no longer sees, are added to the page's anchors by the plugin.

One difference from parsing inside the page remains, on purpose: in a fallback page the text sits in a
`<div lang markdown="1">`, where md_in_html re-parsed its raw HTML blocks into elements (dropping the blank
line after each); the fragment is parsed as at the top level, so a fallback page's HTML is the default
language page's, line for line.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

import markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, STX, AtomicString

if TYPE_CHECKING:
    from .rawblocks import RawBlocks

CUT_PRIORITY = 29
"""After whitespace normalisation (30), before code fences (25) and raw HTML (21, 20): the fragment's own parse
does those."""
SPLICE_PRIORITY = 19
"""Right after inline parsing (20); before footnotes' duplicates (15), attr_list (8), toc and MkDocs' anchors
(5), MkDocs' title (1) and links (0)."""
INLINE_PRIORITY = 20
"""The fragment's own parse runs the tree processors from this priority up (inline parsing)."""

LOCAL_EXTENSIONS = frozenset(
    (
        "admonition",
        "attr_list",
        "def_list",
        "fenced_code",
        "footnotes",
        "md_in_html",
        "tables",
        "toc",
        "pymdownx.details",
        "pymdownx.superfences",
    )
)
"""Not `abbr`, for one: its definitions are the whole page's."""

_PLACEHOLDER = STX + "drom-fragment:{}\u0003"
_TOKEN = STX + "drom-html:{}\u0003"
"""A template HTML block of the page inside a fragment (what the fragment's parse sees, and keeps, instead)."""
_STASHED = re.compile(HTML_PLACEHOLDER_RE.pattern + "|" + re.escape(STX) + r"drom-html:([0-9]+)" + re.escape("\u0003"))
_BLANK_LINE = re.compile(r"([ ]*\n){2}")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]*\]:", re.MULTILINE)
"""A reference-style link definition or a footnote's (`[id]: url`, `[^1]: text`), over-approximated."""


def _name(extension: Any) -> str:
    return extension.removeprefix("markdown.extensions.") if isinstance(extension, str) else ""


@dataclass(frozen=True)
class Rendered:
    """A fragment parsed up to the end of inline parsing: its top-level elements, the HTML stash entries they
    refer to (by the fragment's own indices), and the ids in its raw HTML."""

    elements: tuple[Element, ...]
    stash: tuple[Any, ...]
    anchor_ids: frozenset[str]


class FragmentCache:
    """The fragments of one state of the content, by digest; its own converter (same extensions and options)."""

    def __init__(self) -> None:
        self.extensions: tuple[str, ...] = ()
        self.configs: dict[str, dict[str, Any]] = {}
        self.enabled = False
        self._converter: markdown.Markdown | None = None
        self._ids: Any = None
        self._normalise: Any = None
        self._entries: dict[bytes, _Entry] = {}
        self.keep = 0
        """How many pages to come show the next page's fragments (set by the plugin: on a default-language page,
        the other languages that fall back to its text)."""
        self._generation: object = None
        self.hits = 0
        self.misses = 0

    def configure(self, extensions: Sequence[Any], configs: Mapping[str, Mapping[str, Any]]) -> None:
        names = tuple(_name(x) for x in extensions)
        settings = {k: dict(v) for k, v in configs.items()}
        if names == self.extensions and settings == self.configs:
            return
        self.extensions, self.configs = names, settings
        self.enabled = bool(names) and all(x in LOCAL_EXTENSIONS for x in names)
        self._converter = None
        self._entries.clear()

    def begin(self, generation: object) -> None:
        """Forget the fragments of another state of the content (`mkdocs serve` after an edit)."""
        if generation != self._generation:
            self._generation = generation
            self._entries.clear()

    def forget(self) -> None:
        """Drop the fragments kept for pages this process will not build (another process builds them)."""
        self._entries.clear()

    def converter(self) -> markdown.Markdown:
        if self._converter is None:
            from mkdocs.structure.pages import _RawHTMLPreprocessor  # MkDocs' id collector, exactly

            md = markdown.Markdown(
                extensions=list(self.extensions),
                # The table of contents is the page's: its options (permalink titles per language) are not needed.
                extension_configs={k: v for k, v in self.configs.items() if k != "toc"},
                output_format="html",
            )
            self._ids = _RawHTMLPreprocessor()
            self._ids._register(md)
            self._normalise = md.preprocessors["normalize_whitespace"]
            self._converter = md
        return self._converter

    def render(self, text: str, keep: int) -> Rendered | None:
        """The fragment parsed on its own, a fresh tree for the page to own (None: its meaning depends on the
        page, so it stays in the page). `keep`: how many pages still to come will show it (the default
        language's text, which other languages' fallbacks show); it is kept until they have taken it."""
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=20).digest()
        entry = self._entries.get(key)
        if entry is not None:
            self.hits += 1
            entry.remaining += keep
            if entry.rendered is None:
                return None
            if keep or entry.remaining > 1:
                entry.remaining -= 0 if keep else 1
                return copy.deepcopy(entry.rendered)
            del self._entries[key]  # the last page that needs it takes it
            return entry.rendered
        self.misses += 1
        rendered = self._parse(text)
        if keep:
            self._entries[key] = _Entry(copy.deepcopy(rendered), keep)
        return rendered

    def _parse(self, text: str) -> Rendered | None:
        md = self.converter()
        md.reset()
        lines = text.split("\n")
        for preprocessor in md.preprocessors:
            # The page's text is normalised already; normalising again would drop the tokens' STX and ETX.
            if preprocessor is not self._normalise:
                lines = preprocessor.run(lines)
        root = md.parser.parseDocument(lines).getroot()
        if md.references:
            return None
        for item in list(md.treeprocessors._priority):  # highest priority first
            if item.priority < INLINE_PRIORITY:
                break
            result = md.treeprocessors[item.name].run(root)
            root = result if result is not None else root
        if root.text is not None and root.text.strip():
            return None
        return Rendered(tuple(root), tuple(md.htmlStash.rawHtmlBlocks), frozenset(self._ids.present_anchor_ids))


@dataclass
class _Entry:
    rendered: Rendered | None
    remaining: int
    """Pages still to come that show the fragment."""


class FragmentPreprocessor(Preprocessor):
    def __init__(self, md: markdown.Markdown, owner: RawBlocks) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, lines: list[str]) -> list[str]:
        from .rawblocks import anchor_ids

        fragments = self.owner.take_fragments()
        self.owner.spliced = {}
        cache = self.owner.fragments
        if not fragments or not cache.enabled:
            return lines
        text = "\n".join(lines)
        if "[^" in text or _REFERENCE.search(text):
            return lines
        parts = []
        start = 0
        for fragment in fragments:
            if fragment[0] in " \t":
                continue
            at = text.find(fragment, start)
            # A block of its own: a blank line (or the page's start) before it, a blank line after it.
            while at >= 0 and not (
                (at == 0 or text.endswith("\n\n", 0, at)) and text.startswith("\n\n", at + len(fragment))
            ):
                at = text.find(fragment, at + 1)
            if at < 0:
                continue
            source, blocks = self.tokenised(fragment)
            rendered = cache.render(source, cache.keep)
            if rendered is None:
                continue
            placeholder = _PLACEHOLDER.format(len(self.owner.spliced))
            self.owner.spliced[placeholder] = (rendered, blocks)
            self.owner.anchor_ids |= rendered.anchor_ids
            for block in blocks:
                self.owner.anchor_ids |= anchor_ids(block)
            parts += [text[start:at], placeholder]
            start = at + len(fragment)
        if not parts:
            return lines
        parts.append(text[start:])
        return "".join(parts).split("\n")

    def tokenised(self, fragment: str) -> tuple[str, list[str]]:
        """The fragment with the page's template HTML blocks in it (the activities' kind and minutes, in the
        page's language) as numbered tokens, and those blocks as the page's stash would store them
        (`drom.site.rawblocks`): the same fragment in two languages is one text to parse."""
        pending = self.owner.pending_blocks()
        if not pending:
            return fragment, []
        parts: list[str] = []
        blocks: list[str] = []
        used: list[int] = []
        start = 0
        for index, block in enumerate(pending):
            at = fragment.find(block, start)
            while at >= 0 and not (
                (at == 0 or fragment[at - 1] == "\n") and fragment.startswith("\n", at + len(block))
            ):
                at = fragment.find(block, at + 1)
            if at < 0:
                continue
            end = at + len(block)
            blocks.append(block + "\n" if _BLANK_LINE.match(fragment, end) else block)
            parts += [fragment[start:at], "\n", _TOKEN.format(len(blocks) - 1), "\n\n"]
            used.append(index)
            start = end
        if not used:
            return fragment, []
        self.owner.consume_blocks(used)
        parts.append(fragment[start:])
        return "".join(parts), blocks


class FragmentSplicer(Treeprocessor):
    def __init__(self, md: markdown.Markdown, owner: RawBlocks) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, root: Element) -> None:
        spliced = self.owner.spliced
        if not spliced:
            return None
        self.owner.spliced = {}
        found = [
            (parent, child)
            for parent in root.iter()
            for child in parent
            if child.tag == "p" and len(child) == 0 and child.text in spliced
        ]
        for parent, child in found:
            rendered, blocks = spliced[child.text]  # type: ignore[index]
            index = list(parent).index(child)
            parent.remove(child)
            copies = [self.rehomed(x, rendered.stash, blocks) for x in rendered.elements]
            for offset, element in enumerate(copies):
                parent.insert(index + offset, element)
            if copies and child.tail:
                copies[-1].tail = (copies[-1].tail or "") + child.tail
        return None

    def rehomed(self, element: Element, stash: tuple[Any, ...], blocks: Sequence[str]) -> Element:
        """The element (a fresh tree, the page's own) with its references to the fragment's HTML stash, and its
        tokens of the page's template HTML blocks, as references to the page's stash."""
        moved: dict[str, str] = {}

        def move(match: re.Match[str]) -> str:
            old = match.group(0)
            if old not in moved:
                if match.group(1) is not None:
                    moved[old] = self.md.htmlStash.store(stash[int(match.group(1))])
                else:
                    moved[old] = self.md.htmlStash.store(blocks[int(match.group(2))])
            return moved[old]

        def fixed(value: str | None) -> str | None:
            if value is None or STX not in value:
                return value
            new = _STASHED.sub(move, value)
            return AtomicString(new) if isinstance(value, AtomicString) else new

        for node in element.iter():
            node.text = fixed(node.text)
            node.tail = fixed(node.tail)
            for name, value in node.attrib.items():
                if STX in value:
                    node.attrib[name] = fixed(value) or ""
        return element
