"""Our templates' raw HTML blocks, handed to Python-Markdown already stashed instead of parsed twice.

A generated page is Markdown with blocks of raw HTML made by our templates (a lesson's panel, its tools and
download buttons, the activity bar, the JSON-LD, the catalogue's lists). Python-Markdown feeds the whole page
through `html.parser` to find where each raw block ends (`html_block`, md_in_html's extractor), and MkDocs
feeds it through `html.parser` once more to collect the ids in it (`mkdocs_raw_html`): at 100 lessons the two
were about an eighth of the build, almost all of it on the templates' own markup.

The templates mark each such block (`{% filter html_block %}`, `drom.pages.templating`) and the page carries
them (`Page.html_blocks`). Before either parser runs, `RawBlocksPreprocessor` replaces each block, found
verbatim at the start of a line and ending a line, by a placeholder in Python-Markdown's own stash, storing
exactly the text, and putting exactly the line breaks around it, that `html_block` would have stored and put
(`markdown.htmlparser.HTMLExtractor.handle_endtag`): the page's HTML is byte for byte the same. The ids in
the stashed blocks, which MkDocs no longer sees, are kept in `anchor_ids` for the plugin to add to the page's
anchors (MkDocs checks links to them).

A block that is not found verbatim (another plugin changed the page's Markdown) is left where it is, for the
parsers. A marked block must be one element on lines of its own, outside code fences; the page's HTML is then
what the parsers made of it, byte for byte (`tests/test_rawblocks.py`), with one difference, on purpose: a
block inside a `<div markdown="1">` (an activity's kind line in a fallback page's body, whose text is the
default language's) is no longer re-parsed by md_in_html into an element, so it keeps its blank line after
it, as on the default language's page: the fallback body's HTML is that page's, line for line
(`drom.site.fragments` parses it once for both).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from . import fragments as fr

PRIORITY = 24
"""After whitespace normalisation (30) and fenced code (25), before MkDocs' id collector (21) and
`html_block` (20)."""

_BLANK_LINE = re.compile(r"([ ]*\n){2}")
"""`markdown.htmlparser.blank_line_re` without its `^`, to match at a position."""
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
_ATTRIBUTE = re.compile(r"""\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def anchor_ids(block: str) -> frozenset[str]:
    """The ids MkDocs' collector (`mkdocs.structure.pages._HTMLHandler`) finds in `block`: every `id`, and the
    `name` of an `<a>` (once per block: the same tools, panels and activity lines recur from page to page)."""
    found = set()
    for tag in _TAG.finditer(block):
        for match in _ATTRIBUTE.finditer(tag.group(2) or ""):
            if match.group(1).lower() == "name" and tag.group(1).lower() != "a":
                continue
            value = next(x for x in match.groups()[1:] if x is not None)
            found.add(html.unescape(value))
    return frozenset(found)


class RawBlocksPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, owner: RawBlocks) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, lines: list[str]) -> list[str]:
        blocks = self.owner.take()
        if not blocks:
            return lines
        text = "\n".join(lines)
        ids: set[str] = set()
        parts = []
        start = 0
        for block in blocks:
            at = text.find(block, start)
            # At the start of a line, and ending one (nothing after the end tag on its line).
            while at >= 0 and not ((at == 0 or text[at - 1] == "\n") and text.startswith("\n", at + len(block))):
                at = text.find(block, at + 1)
            if at < 0:
                continue
            end = at + len(block)
            # As `HTMLExtractor.handle_endtag`: the block keeps one line break when a blank line follows it.
            stored = block + "\n" if _BLANK_LINE.match(text, end) else block
            parts += [text[start:at], "\n", self.md.htmlStash.store(stored), "\n\n"]
            ids |= anchor_ids(block)
            start = end
        self.owner.anchor_ids |= ids
        if not parts:
            return lines
        parts.append(text[start:])
        return "".join(parts).split("\n")


class RawBlocks(Extension):
    """The extension MkDocs' converter of every page gets; the plugin tells it the next page's template HTML
    blocks and content fragments (`expect`, `drom.site.fragments`) right before MkDocs converts that page, and
    reads `anchor_ids` right after."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pending: tuple[str, ...] = ()
        self._fragments: tuple[str, ...] = ()
        self.anchor_ids: set[str] = set()
        self.fragments = fr.FragmentCache()
        self.spliced: dict[str, tuple[fr.Rendered, list[str]]] = {}
        """This page's fragments by their placeholders, from the cut to the splice."""

    def expect(self, blocks: Sequence[str], fragments: Sequence[str] = ()) -> None:
        self._pending = tuple(x for x in blocks if x)
        self._fragments = tuple(x for x in fragments if x.strip())
        self.anchor_ids = set()

    def take(self) -> tuple[str, ...]:
        blocks, self._pending = self._pending, ()
        return blocks

    def pending_blocks(self) -> tuple[str, ...]:
        return self._pending

    def consume_blocks(self, indices: Sequence[int]) -> None:
        """These blocks are inside a fragment, stashed there (`drom.site.fragments`), not by the page."""
        gone = set(indices)
        self._pending = tuple(x for i, x in enumerate(self._pending) if i not in gone)

    def take_fragments(self) -> tuple[str, ...]:
        fragments, self._fragments = self._fragments, ()
        return fragments

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(fr.FragmentPreprocessor(md, self), "drom_fragments", fr.CUT_PRIORITY)
        md.preprocessors.register(RawBlocksPreprocessor(md, self), "drom_raw_blocks", PRIORITY)
        md.treeprocessors.register(fr.FragmentSplicer(md, self), "drom_fragments", fr.SPLICE_PRIORITY)

    # MkDocs and static-i18n copy the configuration; every copy must reach this one instance.
    def __deepcopy__(self, memo: dict[int, Any]) -> RawBlocks:
        return self

    def __copy__(self) -> RawBlocks:
        return self
