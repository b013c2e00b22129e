"""Template HTML handed to Python-Markdown already stashed, and content fragments parsed once per build
(`drom.site.rawblocks`, `drom.site.fragments`): the pages' HTML, anchors and tables of contents are what
Python-Markdown alone makes of the same Markdown."""

from __future__ import annotations

from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.structure.pages import _RawHTMLPreprocessor

from drom import pages as gen
from drom.loader import load_or_fail
from drom.site.markdown import markdown_config
from drom.site.rawblocks import RawBlocks, anchor_ids

from .conftest import REPO

_MKDOCS = load_config(str(REPO / "mkdocs.yml"))
_CONFIG = markdown_config(_MKDOCS)


def extension(fragments: bool = True) -> RawBlocks:
    ext = RawBlocks()
    ext.fragments.configure(_MKDOCS.markdown_extensions, _MKDOCS.mdx_configs)
    ext.fragments.enabled = ext.fragments.enabled and fragments
    return ext


def convert(markdown: str, ext: RawBlocks | None = None, blocks: Any = (), fragments: Any = (), keep: int = 0) -> Any:
    """HTML, the anchors MkDocs would know, and the table of contents, as MkDocs' page converter makes them."""
    md = _CONFIG.converter(*([ext] if ext else []))
    ids = _RawHTMLPreprocessor()
    ids._register(md)
    if ext is not None:
        ext.expect(blocks, fragments)
        ext.fragments.keep = keep
    html = md.convert(markdown)
    anchors = ids.present_anchor_ids | (ext.anchor_ids if ext else set())
    return html, anchors, repr(getattr(md, "toc_tokens", []))


def body(page: gen.Page) -> str:
    return page.markdown.split("---\n", 2)[2]


@pytest.fixture(scope="module")
def shipped() -> dict[str, list[gen.Page]]:
    curriculum = load_or_fail(REPO / "curriculum")
    return {lang: gen.build_pages(curriculum, lang, "https://example.org/") for lang in curriculum.languages}


def test_stashed_blocks_change_nothing_on_default_language_pages(shipped: dict[str, list[gen.Page]]) -> None:
    pages = shipped["bg"]
    assert sum(len(p.html_blocks) for p in pages) > 100  # the panels, tools, catalogue lists... are recorded
    for page in pages:
        assert convert(body(page), extension(fragments=False), page.html_blocks) == convert(body(page)), page.src_uri


def test_fragments_change_nothing_and_a_fallback_reuses_the_default_languages(
    shipped: dict[str, list[gen.Page]],
) -> None:
    cached, alone = extension(), extension(fragments=False)
    for lang in ("bg", "en", "rom"):
        for page in shipped[lang]:
            keep = 2 if lang == "bg" else 0
            with_cache = convert(body(page), cached, page.html_blocks, page.fragments, keep)
            assert with_cache == convert(body(page), alone, page.html_blocks, page.fragments), page.src_uri
    assert cached.fragments.hits > 20  # the Romani fallbacks took the Bulgarian bodies' trees
    assert alone.fragments.hits == alone.fragments.misses == 0


def test_a_fallback_lessons_body_is_the_default_pages_line_for_line(shipped: dict[str, list[gen.Page]]) -> None:
    rom = next(p for p in shipped["rom"] if p.kind == "lesson" and p.fallback)
    bg = next(p for p in shipped["bg"] if p.kind == "lesson" and p.entity_id == rom.entity_id)
    ext = extension()
    bg_html = convert(body(bg), ext, bg.html_blocks, bg.fragments, keep=1)[0]
    rom_html = convert(body(rom), ext, rom.html_blocks, rom.fragments)[0]
    assert ext.fragments.hits >= 1
    inner = rom_html.split('<div lang="bg">\n', 1)[1]
    first = inner.split("\n", 1)[0]
    assert first.startswith("<h2 ") and first.split('<a class="headerlink"')[0] in bg_html
    # Every line of the Bulgarian body but the activities' kind (the page's language) and the permalinks'
    # titles is in the Romani page as it is.
    start = bg_html.index(first.split('<a class="headerlink"')[0])
    for line in bg_html[start:].split("\n")[:40]:
        if "drom-activity-meta" not in line and "headerlink" not in line:
            assert line in rom_html


def test_a_page_with_references_or_footnotes_keeps_its_fragments_in_place() -> None:
    fragment = "A [link][x] and a note.[^1]"
    page = f"# Title\n\n{fragment}\n\n[x]: https://example.org/\n\n[^1]: The note.\n"
    ext = extension()
    assert convert(page, ext, fragments=[fragment], keep=1) == convert(page)
    assert ext.fragments.misses == 0
    html = convert(page, ext, fragments=[fragment])[0]
    assert '<a href="https://example.org/">link</a>' in html and 'class="footnote"' in html


def test_a_fragment_is_spliced_with_its_raw_html_code_and_anchors() -> None:
    fragment = (
        "Text with <span id=\"inline\">a span</span> and `code`.\n\n"
        '<div class="box" id="boxed">\nraw *not* Markdown\n</div>\n\n'
        "```\n<b>fenced</b>\n```\n\n## A heading\n\n- a list"
    )
    meta = '<p class="drom-activity-meta" id="meta">kind</p>'
    inside = f"## Activity\n\n{meta}\n\n1. one\n2. two"
    page = f"# Title\n\n{fragment}\n\n{inside}\n\n## Sources {{#sources}}\n"
    ext = extension()
    got = convert(page, ext, [meta], [fragment, inside], keep=1)
    assert got == convert(page)
    assert {"inline", "boxed", "meta"} <= got[1] and 'id="a-heading"' in got[0]
    # The same fragments with another page's block in them (the activity's kind in another language).
    other = page.replace("kind</p>", "rig</p>")
    again = convert(other, ext, [meta.replace("kind", "rig")], [fragment, inside.replace("kind", "rig")])
    assert again == convert(other) and ext.fragments.hits == 2


def test_a_fragment_not_on_lines_of_its_own_stays_in_the_page() -> None:
    page = "# Title\n\nIntro text\nthat continues here\n"
    ext = extension()
    assert convert(page, ext, fragments=["that continues here"], keep=1) == convert(page)
    assert ext.fragments.misses == 0


def test_unknown_extensions_turn_fragments_off() -> None:
    ext = RawBlocks()
    ext.fragments.configure([*_MKDOCS.markdown_extensions, "abbr"], _MKDOCS.mdx_configs)
    assert not ext.fragments.enabled


def test_anchor_ids_are_those_mkdocs_collects() -> None:
    block = '<div id="a"><a name="b">x</a><span name="c" id=\'d\'>y</span><p data-id="e">z</p></div>'
    assert anchor_ids(block) == {"a", "b", "d"}


def test_a_block_not_found_verbatim_is_parsed_as_before() -> None:
    page = "# Title\n\n<aside>\n<p>x</p>\n</aside>\n\ntext\n"
    ext = extension()
    assert convert(page, ext, ["<aside>changed</aside>"]) == convert(page)


def test_the_print_does_not_get_the_sites_extension() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    config.markdown_extensions.append(RawBlocks())
    assert not any(isinstance(x, RawBlocks) for x in markdown_config(config).extensions)
