"""The quicker ways of the page generation give what the plain ways gave: relative paths without
`posixpath.relpath`, Markdown escaping by a translation table, attribute markup by concatenation, related lessons
counted in C, a catalogue entry rendered once for every filter page that lists it."""

from __future__ import annotations

import html
import itertools
import posixpath
import re
import sys
from pathlib import Path

import pytest
from markupsafe import Markup, escape

from drom import pages as gen
from drom.loader import load_or_fail
from drom.model import Curriculum
from drom.pages import templating
from drom.pages.inline import md_text
from drom.sitepath import relpath

from .conftest import GOOD, REPO

PARTS = ("", ".", "..", "a", "b", "lessons", "x.md", "en", "index.html")


def test_relpath_is_posixpaths_for_every_combination_of_parts() -> None:
    checked = 0
    for size in range(1, 4):
        for path in ("/".join(p) for p in itertools.product(PARTS, repeat=size)):
            for start in ("/".join(s) or "." for n in range(3) for s in itertools.product(PARTS, repeat=n)):
                for suffix in ("", "/"):
                    want: object
                    try:
                        want = posixpath.relpath(path + suffix, start + suffix)
                    except ValueError as error:
                        want = str(error)
                    try:
                        got: object = relpath(path + suffix, start + suffix)
                    except ValueError as error:
                        got = str(error)
                    assert got == want, (path + suffix, start + suffix)
                    checked += 1
    assert checked > 10000


def test_md_text_escapes_as_the_regular_expression_did() -> None:
    special = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")
    for text in ("", "plain", "a*b_c", "<b>&amp;", "[x](y) #1 + !", "|~>-\\`{}", "щ „цитат“ - 1."):
        assert md_text(text) == special.sub(r"\\\1", html.escape(text, quote=False))


@pytest.mark.parametrize(
    "value", ["", "bg", 'a"b', "<x>&", Markup("<i>kept</i>"), 3, "{#}", "%s"], ids=lambda v: repr(v)
)
def test_attribute_filters_give_the_markup_of_markupsafe_format(value: object) -> None:
    def lang_attr(lang: object) -> Markup:
        return Markup(' lang="{}"').format(lang) if lang else Markup("")

    def lang_span(text: object, lang: object) -> Markup:
        return Markup('<span lang="{}">{}</span>').format(lang, text) if lang else escape(text)

    def attributes(ident: object = "", lang: object = "") -> Markup:
        parts = [Markup("#{}").format(ident)] if ident else []
        parts += [Markup('lang="{}"').format(lang)] if lang else []
        return Markup("{{{}}}").format(Markup(" ").join(parts)) if parts else Markup("")

    for other in ("", "rom", '"<'):
        assert templating._lang_attr(value) == lang_attr(value)  # type: ignore[arg-type]
        assert templating._lang_span(value, other) == lang_span(value, other)
        assert templating._lang_span(other, value) == lang_span(other, value)  # type: ignore[arg-type]
        assert templating._attributes(value, other) == attributes(value, other)  # type: ignore[arg-type]
        assert templating._attributes(other, value) == attributes(other, value)  # type: ignore[arg-type]
        assert isinstance(templating._attributes(value, other), Markup)  # type: ignore[arg-type]


def related_by_every_pair(curriculum: Curriculum) -> dict[str, list[str]]:
    """The related lessons as defined: each other lesson scored by shared themes (2), terms (1) and module (1),
    the three best first, ties in curriculum order."""
    lessons = curriculum.ordered_lessons()
    found = {}
    for lesson in lessons:
        scores = []
        for number, other in enumerate(lessons):
            if other.id == lesson.id:
                continue
            score = 2 * len(set(lesson.spec.themes) & set(other.spec.themes))
            score += len(set(lesson.spec.vocabulary) & set(other.spec.vocabulary))
            score += lesson.module_id == other.module_id
            if score:
                scores.append((-score, number, other.id))
        found[lesson.id] = [ident for _, _, ident in sorted(scores)[:3]]
    return found


def test_related_lessons_are_those_of_scoring_every_pair(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import generate_curriculum
    finally:
        sys.path.remove(str(REPO / "scripts"))
    generate_curriculum.generate(tmp_path / "project", 60, seed=3)
    for curriculum in (load_or_fail(GOOD / "curriculum"), load_or_fail(tmp_path / "project" / "curriculum")):
        assert curriculum.related == related_by_every_pair(curriculum)
        assert any(curriculum.related.values())


def test_a_catalogue_entry_is_rendered_once_for_all_filter_pages_at_one_depth(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each filter page lists its lessons with links from its own folder; an entry made for one page is reused
    only where the link is the same."""
    import drom.pages.catalogue as catalogue
    import drom.pages.kinds as kinds

    monkeypatch.setattr(kinds, "PER_PAGE", 1)
    monkeypatch.setattr(catalogue, "PER_PAGE", 1)
    curriculum = load_or_fail(GOOD / "curriculum")
    rendered: list[str] = []
    render = gen.Context.render

    def counted(self: gen.Context, template: str, **context: object) -> str:
        if template == "partials/catalogue-item.html":
            rendered.append(str(context["item"].link.href))  # type: ignore[attr-defined]
        return render(self, template, **context)

    monkeypatch.setattr(gen.Context, "render", counted)
    pages = {page.src_uri: page.markdown for page in gen.build_pages(curriculum, "en", "https://x.org/")}
    listed = sum(page.count('class="drom-catalogue__item"') for page in pages.values())
    assert len(rendered) == len(set(rendered)) < listed
    assert '<a href="../../lessons/vasilitsa/">' in pages["en/catalogue/theme-holidays.md"]
    assert '<a href="../../../lessons/vasilitsa/">' in pages["en/catalogue/grade-2/2.md"]
