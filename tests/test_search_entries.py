"""drom/site/search_entries.py: Material's search sections from a fast tokenizer, the same as Material's own."""

from __future__ import annotations

import hashlib
import inspect
from pathlib import Path

import pytest
from material.plugins.search import plugin as material_search

from drom.site.search_entries import FastSearchIndex, Sections

from .conftest import Build

TRICKY = """<p>Before any heading &amp; its <code>code</code></p>
<h2 id="one">One <a class="headerlink" href="#one" title="Permanent link">&para;</a></h2>
<p>Text with &lt;angle&gt; &#x10D;, &quot;quotes&quot; and<br/>a break <img src="x.png" alt="a > b"></p>
<script>if (a < b && c > d) { document.write("<h2 id='no'>no</h2>") }</script>
<style>h2 > a { color: red }</style>
<!-- <h2 id="commented">not a heading</h2> -->
<div data-search-exclude><h3 id="hidden">Hidden</h3><p>hidden text</p><div>nested</div></div>
<p>after the excluded block</p>
<details class="note"><summary>Fold</summary><h3 id="inner">Inner</h3><p>inner text</p></details>
<p>back in the outer section</p>
<pre><code>  keep
   spacing  </code></pre>
<ul><li>one</li><li> </li><li><em>three</em></li></ul>
<table><tr><td class="linenodiv">1 2 3</td><td>code line</td></tr></table>
<svg viewBox="0 0 1 1"><path d="M0 0"/></svg><p>a <b>bold</b> end</p>
<H4 ID="Upper">Upper case</H4><P>shout</P>
<p>unclosed paragraph < not a tag
"""


def sections_of(parser: object) -> list[tuple[str, bool, str, str, str | None]]:
    return [
        (repr(s), s.is_excluded(), "".join(s.title), "".join(s.text), s.id)
        for s in parser.data  # type: ignore[attr-defined]
    ]


def material_sections(markup: str) -> list[tuple[str, bool, str, str, str | None]]:
    parser = material_search.Parser()
    parser.feed(markup)
    parser.close()
    return sections_of(parser)


def fast_sections(markup: str) -> list[tuple[str, bool, str, str, str | None]]:
    parser = Sections()
    parser.feed(markup)
    return sections_of(parser)


def test_tricky_markup_gives_materials_sections() -> None:
    expected = material_sections(TRICKY)
    assert fast_sections(TRICKY) == expected
    # The cases the sample is for are really in it: the excluded block and the script are left out, the
    # permalink sign is not in a title, the fold's heading is a section of its own.
    titles = [title for _, _, title, _, _ in expected]
    assert "One " in titles and "Inner" in titles
    text = " ".join(body for _, _, _, body, _ in expected)
    assert "hidden text" not in text and "document.write" not in text and "after the excluded block" in text
    assert "back in the outer section" in text and "¶" not in " ".join(titles)


def test_every_page_of_a_built_site_gives_materials_sections(built: Build) -> None:
    pages = sorted(built.site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        markup = page.read_text(encoding="utf-8")
        assert fast_sections(markup) == material_sections(markup), page.relative_to(built.site).as_posix()


def test_the_build_indexes_with_the_fast_index(built: Build) -> None:
    """The index pieces hold the words of a lesson's sections (only an index built from the pages does)."""
    from drom.site.search import read_language

    entries, found = read_language(built.site / "search")
    assert entries and found
    assert any("#" in entry["location"] for entry in entries)


def test_fast_index_makes_materials_entries() -> None:
    class Page:
        meta: dict[str, object] = {}
        toc: list[object] = []
        url = "lessons/x/"
        title = "Lesson"
        content = TRICKY

    fast = FastSearchIndex(fields={})
    fast.add_entry_from_context(Page())
    original = material_search.SearchIndex(fields={})
    original.add_entry_from_context(Page())
    assert fast.entries == original.entries and len(fast.entries) >= 4


@pytest.mark.parametrize(
    ("name", "digest"),
    [
        ("Parser", "008ac9b92673ab4f"),
        ("SearchIndex.add_entry_from_context", "4ca78ac4321f7704"),
    ],
)
def test_materials_parser_is_the_one_ported(name: str, digest: str) -> None:
    """`Sections` ports Material 9.8's Parser step for step: a change to it must be read and ported again."""
    if name == "Parser":
        parser = material_search.Parser
        source = "".join(
            inspect.getsource(getattr(parser, n))
            for n in ("__init__", "handle_starttag", "handle_endtag", "handle_data")
        )
    else:
        source = inspect.getsource(material_search.SearchIndex.add_entry_from_context)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == digest
    assert Path(inspect.getfile(material_search)).name == "plugin.py"


def test_materials_search_plugin_makes_its_index_in_on_config() -> None:
    """`install` (called from our on_files) replaces the `search_index` Material's on_config made."""
    source = inspect.getsource(material_search.SearchPlugin.on_config)
    assert "self.search_index = SearchIndex(**self.config)" in source
    assert "self.search_index.add_entry_from_context(page)" in inspect.getsource(
        material_search.SearchPlugin.on_page_context
    )


def test_in_pieces_the_index_material_writes_has_no_entries() -> None:
    """Our search pieces are written from memory; Material's own file then holds only its configuration."""
    index = FastSearchIndex(lang=["ru"], separator="[\\s]+", pipeline=[], fields={"title": {"boost": 1000.0}})
    index.entries.append({"location": "a/", "title": "A", "text": "a"})
    assert '"docs":[{' in index.generate_search_index(None)
    index.in_pieces = True
    written = index.generate_search_index(None)
    assert '"docs":[]' in written and '"separator":"[\\\\s]+"' in written


def _pieces(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_analysis_made_with_each_entry_writes_the_pieces_a_late_one_would(built: Build, tmp_path: Path) -> None:
    """Entries analysed where they are made (the process building their language) give the same pieces as
    entries analysed when the pieces are written; and the analysis is never written out."""
    from drom.site import search

    page_files = sorted((built.site / "lessons").glob("*/index.html"))[:3]
    made = FastSearchIndex(fields={})
    made.in_pieces = True
    late = FastSearchIndex(fields={})
    for number, path in enumerate(page_files):

        class Page:
            meta: dict[str, object] = {}
            toc: list[object] = []
            url = f"lessons/{number}/"
            title = "Lesson"
            content = path.read_text(encoding="utf-8")

        made.add_entry_from_context(Page())
        late.add_entry_from_context(Page())
    assert made.entries and all(search.ANALYSIS in entry for entry in made.entries)
    assert not any(search.ANALYSIS in entry for entry in late.entries)
    config = {"lang": ["ru"], "separator": search.SEPARATOR, "pipeline": []}
    for name, index in (("made", made), ("late", late)):
        pieces = search.SplitIndex(tmp_path / name, ["bg"], "bg")
        pieces.write((index.entries, config))
        pieces.finish()
    assert _pieces(tmp_path / "made") == _pieces(tmp_path / "late")
    assert len(_pieces(tmp_path / "made")) > 3
    assert not any(search.ANALYSIS.encode() in data for data in _pieces(tmp_path / "made").values())
    # A title-only word weighs the title's weight; the text's words at most TEXT_WEIGHT more.
    terms, weights, title, _ = search.analyse({"title": "Лале", "text": "дума дума дума дума лале"})
    assert (
        dict(zip(terms, weights, strict=True))
        == {
            "дума": search.TEXT_WEIGHT,
            "лале": 1 + search.TITLE_WEIGHT,
        }
        and title == "Лале"
    )


def test_the_default_languages_pieces_written_first_are_those_written_with_the_rest(tmp_path: Path) -> None:
    """`SplitIndex`: the default language's pieces written while the others build, then the others (without
    fallbacks and without the default's entries repeated word for word), are the pieces of one write; the
    configuration-only index Material writes after each language does not replace ours."""
    from drom.site import search

    docs = [
        {"location": "lessons/a/", "title": "Песен", "text": "<p>песен за лалето</p>"},
        {"location": "lessons/a/#h", "title": "Ръчен", "text": "<p>работен лист</p>"},
        {"location": "en/lessons/a/", "title": "Song", "text": "<p>a song of the tulip</p>"},
        {"location": "en/lessons/a/#h", "title": "Ръчен", "text": "<p>работен лист</p>"},
        {"location": "rom/lessons/a/", "title": "Песен", "text": "<p>песен за лалето</p>"},
        {"location": "rom/lessons/b/", "title": "Gili", "text": "<p>gili e lalesqi</p>"},
    ]
    config = {"lang": ["ru"], "separator": search.SEPARATOR, "pipeline": [], "fields": {}}
    fallbacks = {"rom/lessons/a/"}
    whole = search.SplitIndex(tmp_path / "whole", ["bg", "en", "rom"], "bg")
    whole.write(([dict(d) for d in docs], config), fallbacks)
    sizes = whole.finish()
    early = search.SplitIndex(tmp_path / "early", ["bg", "en", "rom"], "bg")
    early.write(([dict(d) for d in docs[:2]], config), languages=["bg"])
    (tmp_path / "early" / "search" / "search_index.json").write_text('{"config":{},"docs":[]}', encoding="utf-8")
    early.write(([dict(d) for d in docs], config), fallbacks)
    assert early.finish() == sizes and set(sizes) == {"bg", "en", "rom"}
    assert _pieces(tmp_path / "early") == _pieces(tmp_path / "whole")
    en, _ = search.read_language(tmp_path / "whole" / "en" / "search")
    rom, _ = search.read_language(tmp_path / "whole" / "rom" / "search")
    assert [e["location"] for e in en] == ["lessons/a/"]  # the repeated handout is the default's alone
    assert [e["location"] for e in rom] == ["lessons/b/"]  # the fallback page is not indexed
