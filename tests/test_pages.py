"""The generated pages without a build: golden files of every page kind, the page-kind table, inline Markdown,
template overrides and the Markdown configuration check.

Golden files: `pytest tests/test_pages.py --update-golden` rewrites tests/golden/ from the current output, so a
change to a view-model or a template is reviewed as a diff of Markdown and print HTML.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from drom import pages as gen
from drom.loader import load_or_fail
from drom.markdown_config import MarkdownConfig, MarkdownConfigError
from drom.model import Curriculum
from drom.pages.kinds import GENERATED_LINK, KINDS, RESERVED, file_path, outline
from drom.pdf.documents import Planned, build, plan
from drom.site import offline
from drom.site.plugin import CurriculumPlugin
from drom.translations import translation_status
from drom.yearplan.downloads import DOWNLOAD_FORMATS, PlanFiles, download_path

from .conftest import GOOD, MARKDOWN, REPO

GOLDEN = Path(__file__).resolve().parent / "golden"
SITE = "https://roma-folklore.example.org/"


def fixture_downloads(curriculum) -> gen.Downloads:  # type: ignore[no-untyped-def]
    """Made-up printable files for every PDF the fixture has, so the download links show in the golden files."""
    found: gen.Downloads = {}
    for planned in plan(curriculum, curriculum.languages):
        found[(planned.kind, planned.lang, planned.entity_id)] = gen.Download(planned.path, 34567, 3)
    for lang in curriculum.languages:
        found[("offline", lang, "")] = gen.Download(offline.PACK_PATH, 12345678, 0)
    return found


def compare(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"no golden file {name}: run pytest --update-golden"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file (pytest --update-golden)"


def with_year_plans(tmp_path: Path) -> tuple[Curriculum, PlanFiles]:
    """The fixture with the shipped school year, and made-up plan files for its band (no PDF of grade 4)."""
    root = Path(shutil.copytree(GOOD / "curriculum", tmp_path / "curriculum"))
    shutil.copytree(REPO / "curriculum" / "school-years", root / "school-years")
    sizes = {
        download_path(lang, "2026/2027", grade, hours, fmt): 23456
        for lang in ("bg", "en")
        for grade in (2, 3, 4)
        for hours in (1, 2)
        for fmt in DOWNLOAD_FORMATS
        if (grade, fmt) != (4, "pdf")
    }
    return load_or_fail(root), PlanFiles("2026/2027", ("2026/2027",), ("2027/2028",), ("primary",), sizes)


@pytest.mark.parametrize("lang", ["bg", "rom"])
def test_every_page_kind_matches_its_golden_markdown(lang: str, update_golden: bool, tmp_path: Path) -> None:
    curriculum, year_plans = with_year_plans(tmp_path)
    states = {(s.kind, s.id, s.lang): s.state.value for s in translation_status(curriculum)}
    downloads = fixture_downloads(curriculum)
    pages = gen.build_pages(curriculum, lang, SITE, downloads, states, year_plans=year_plans)
    assert {page.kind for page in pages} == set(KINDS)
    for page in pages:
        compare(f"pages/{lang}/{page.src_uri.removeprefix(f'{lang}/')}", page.markdown, update_golden)


@pytest.mark.parametrize("planned", [Planned("lesson", "bg", "vasilitsa"), Planned("module", "bg", "holidays")])
def test_print_html_matches_its_golden_file(planned: Planned, update_golden: bool) -> None:
    document = build(load_or_fail(GOOD / "curriculum"), planned, site_url=SITE, markdown=MARKDOWN)
    compare(f"print/{planned.lang}/{planned.kind}-{planned.entity_id}.html", document.html, update_golden)


# --- the page-kind table ----------------------------------------------------------------------------


def test_one_table_gives_paths_reserved_names_and_generated_links() -> None:
    assert set(RESERVED) == {
        "modules/",
        "lessons/",
        "resources/",
        "media/",
        "pdf/",
        "year-plans/",
        "catalogue/",
        *(f"{name}.md" for name in ("glossary", "bibliography", "catalogue", "calendar", "downloads", "translations")),
    }
    # A hand-written page's link to any generated page is rewritten per language (downloads and translations
    # were missing from the hand-written rule).
    targets = ("downloads.md", "translations.md", "glossary.md#baxt", "lessons/vasilitsa.md", "modules/index.md")
    for target in (*targets, "year-plans/primary.md#grade-3"):
        match = GENERATED_LINK.search(f"see [it](../{target})")
        assert match and match.group(3) == target, target
    assert GENERATED_LINK.search("[x](about.md)") is None
    assert Planned("handouts", "en", "vasilitsa").path == file_path("handouts", "en", "vasilitsa")
    assert file_path("offline") == offline.PACK_PATH


def test_page_order_and_navigation_follow_one_outline() -> None:
    curriculum = load_or_fail(GOOD / "curriculum")
    order = [(kind.name, ident) for kind, ident in outline(curriculum, downloads=True, translations=True)]
    states = {("lesson", "vasilitsa", "en"): "outdated"}
    pages = gen.build_pages(curriculum, "bg", "", fixture_downloads(curriculum), states)
    assert [(page.kind, page.entity_id) for page in pages] == order
    filters = ["grade-2", "grade-4", "theme-holidays", "theme-language", "lang-en", "lang-rom"]
    assert order[:2] == [("home", ""), ("catalogue", "")]
    assert order[2:8] == [("catalogue_filter", x) for x in filters]  # grade 3 and 40 minutes: every lesson
    assert order[8:10] == [("module", "holidays"), ("lesson", "first-words")]
    assert order[-2:] == [("bibliography", ""), ("translations", "")]
    plugin = CurriculumPlugin()
    plugin.load_config({"nav_after": ["about.md"]})
    plugin.curriculum, plugin.downloads, plugin.translation_states = curriculum, fixture_downloads(curriculum), states

    def flat(items: list) -> list[str]:  # type: ignore[type-arg]
        out: list[str] = []
        for item in items:
            values = list(item.values()) if isinstance(item, dict) else [item]
            for value in values:
                out += flat(value) if isinstance(value, list) else [value]
        return out

    listed = [page for page in pages if page.kind != "catalogue_filter"]  # reached from the catalogue only
    assert flat(plugin.navigation("bg")) == [
        "index.md",
        *(page.src_uri for page in listed[:-2]),
        "about.md",
        *(page.src_uri for page in listed[-2:]),
    ]


# --- inline Markdown --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "html", "plain"),
    [
        ("Учи *romano nevo breš* днес", "Учи <em>romano nevo breš</em> днес", "Учи romano nevo breš днес"),
        ("**Bold** and `a*b`", "<strong>Bold</strong> and <code>a*b</code>", "Bold and a*b"),
        (
            "<b onmouseover=x>2 * 3 & 4</b>",
            "&lt;b onmouseover=x&gt;2 * 3 &amp; 4&lt;/b&gt;",
            "<b onmouseover=x>2 * 3 & 4</b>",
        ),
        ("snake_case and \\*stars\\*", "snake_case and *stars*", "snake_case and *stars*"),
    ],
)
def test_inline_markdown_renders_as_html_and_plain_text(text: str, html: str, plain: str) -> None:
    assert gen.render_inline(text, "html") == html
    assert gen.render_inline(text, "plain") == plain


def test_no_visible_asterisk_from_objectives_in_pages_or_json_ld(curriculum_copy) -> None:  # type: ignore[no-untyped-def]
    root = curriculum_copy()
    lesson = root / "lessons/vasilitsa/lesson.bg.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace(
            "  - Назовава датата на Василица.", "  - Назовава *romano nevo breš* и **датата** на Василица."
        ),
        encoding="utf-8",
    )
    curriculum = load_or_fail(root)
    page = next(p for p in gen.build_pages(curriculum, "bg", SITE) if p.src_uri == "lessons/vasilitsa.md")
    assert "<li>Назовава <em>romano nevo breš</em> и <strong>датата</strong> на Василица.</li>" in page.markdown
    assert "*romano" not in page.markdown
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.markdown)
    assert payload is not None
    assert "Назовава romano nevo breš и датата на Василица." in json.loads(payload.group(1))["teaches"]
    document = build(curriculum, Planned("lesson", "bg", "vasilitsa"), site_url=SITE, markdown=MARKDOWN)
    assert "<em>romano nevo breš</em>" in document.html and "*romano" not in document.html


# --- templates --------------------------------------------------------------------------------------


def test_a_site_overrides_a_template_from_its_custom_dir(tmp_path: Path) -> None:
    custom = tmp_path / "overrides"
    (custom / "drom" / "partials").mkdir(parents=True)
    curriculum = load_or_fail(GOOD / "curriculum")

    def lesson() -> str:
        pages = gen.build_pages(curriculum, "en", SITE, overrides=[str(custom)])
        return next(p for p in pages if p.src_uri == "en/lessons/vasilitsa.md").markdown

    assert "data-drom-tools" in lesson()
    # Added while `mkdocs serve` runs: the next build uses it.
    (custom / "drom" / "partials" / "tools.html").write_text(
        '<div class="my-tools">{{ t("print") }} {{ lesson.share_url }}</div>\n', encoding="utf-8"
    )
    overridden = lesson()
    assert f'<div class="my-tools">Print {SITE}en/lessons/vasilitsa/</div>' in overridden
    assert "data-drom-tools" not in overridden


def test_text_from_yaml_is_escaped_in_every_page(curriculum_copy) -> None:  # type: ignore[no-untyped-def]
    root = curriculum_copy()
    glossary = root / "glossary.yml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("meaning: {bg: щастие,", "meaning: {bg: '<script>x</script>',"),
        encoding="utf-8",
    )
    for page in gen.build_pages(load_or_fail(root), "bg", SITE):
        assert "<script>x" not in page.markdown, page.src_uri


# --- the Markdown configuration ---------------------------------------------------------------------


def test_markdown_configuration_is_checked() -> None:
    with pytest.raises(MarkdownConfigError, match="needs these markdown_extensions in mkdocs.yml: toc"):
        MarkdownConfig.of(["attr_list", "md_in_html"], {})
    with pytest.raises(MarkdownConfigError, match="do not work together"):
        MarkdownConfig.of(["attr_list", "md_in_html", "toc", "no_such_extension"], {})
    assert MARKDOWN.for_print().configs["toc"]["permalink"] is False
    assert MARKDOWN.configs["toc"]["permalink"] is True


def test_titles_reach_the_navigation_and_front_matter_escaped(curriculum_copy) -> None:  # type: ignore[no-untyped-def]
    """Material writes navigation titles and front matter values into the page unescaped."""
    root = curriculum_copy()
    module = root / "modules/holidays/module.bg.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace(
            "title: Празници и думи", 'title: "<img src=x onerror=alert(1)> Празници"'
        ),
        encoding="utf-8",
    )
    curriculum = load_or_fail(root)
    plugin = CurriculumPlugin()
    plugin.load_config({})
    plugin.curriculum = curriculum
    sections = plugin.navigation("bg")[1]["Модули"]
    assert {
        "&lt;img src=x onerror=alert(1)&gt; Празници": [
            "modules/holidays.md",
            *(f"lessons/{x}.md" for x in ("first-words", "vasilitsa", "herdelezi")),
        ]
    } in sections
    page = next(p for p in gen.build_pages(curriculum, "bg", SITE) if p.src_uri == "modules/holidays.md")
    assert 'title: "&lt;img src=x onerror=alert(1)&gt; Празници"' in page.markdown


# --- the catalogue at scale ---------------------------------------------------------------------------


def test_a_long_catalogue_lists_modules_and_its_filter_pages_go_on_over_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past `PER_PAGE` lessons the catalogue lists the modules (not every lesson), and a filter with more lessons
    than a page holds continues on `<filter>/2`, linked both ways; the fixture's 3 lessons, one a page."""
    import drom.pages.catalogue as catalogue
    import drom.pages.kinds as kinds

    monkeypatch.setattr(kinds, "PER_PAGE", 1)
    monkeypatch.setattr(catalogue, "PER_PAGE", 1)
    curriculum = load_or_fail(GOOD / "curriculum")
    pages = {page.src_uri: page.markdown for page in gen.build_pages(curriculum, "en", SITE)}
    main = pages["en/catalogue.md"]
    assert "drom-catalogue__item" not in main and "data-drom-filters" not in main
    assert main.count('class="drom-catalogue__module"') == len(curriculum.modules)
    assert '<a href="../modules/holidays/">' in main
    assert '<a href="grade-2/">grade 2</a> (2)' in main
    first, second = pages["en/catalogue/grade-2.md"], pages["en/catalogue/grade-2/2.md"]
    assert first.count('class="drom-catalogue__item"') == second.count('class="drom-catalogue__item"') == 1
    assert "first-words" in first and "vasilitsa" in second  # teaching order
    assert '<strong aria-current="page">1</strong> · <a href="2/">2</a>' in first
    assert '<a href="../">1</a> · <strong aria-current="page">2</strong>' in second
    assert '<a href="../../">Lesson catalogue</a>' in second
    assert "en/catalogue/grade-3.md" not in pages  # every lesson is for grade 3: nothing to filter
