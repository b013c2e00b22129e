"""Integration: build the fixture site in a temp dir with the real mkdocs.yml and assert on the HTML."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from bs4 import Tag

from .conftest import Build, make_project, run_build
from .test_loader import edit

LANGS = {"bg": "", "en": "en/", "rom": "rom/"}
GENERATED = [
    "modules/index.html",
    "modules/holidays/index.html",
    "lessons/vasilitsa/index.html",
    "lessons/first-words/index.html",
    "lessons/herdelezi/index.html",
    "resources/index.html",
    "resources/bridge-legend/index.html",
    "resources/flag-craft/index.html",
    "glossary/index.html",
    "bibliography/index.html",
]


def heading_text(tag: Tag) -> str:
    """A heading's text without its permalink sign."""
    return "".join(t for t in tag.find_all(string=True) if not t.find_parent("a", class_="headerlink")).strip()


def test_every_page_exists_in_every_language_with_its_lang(built: Build) -> None:
    for lang, prefix in LANGS.items():
        for page in ["index.html", "about/index.html", *GENERATED]:
            soup = built.html(prefix + page)
            assert soup.html is not None and soup.html["lang"] == lang, prefix + page


def test_language_switcher_keeps_the_reader_on_the_same_lesson(built: Build) -> None:
    soup = built.html("lessons/vasilitsa/index.html")
    switcher = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link[hreflang]")}
    assert switcher == {"bg": "./", "en": "../../en/lessons/vasilitsa/", "rom": "../../rom/lessons/vasilitsa/"}
    head = {link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate][hreflang]")}
    assert head["en"] == "https://roma-folklore.example.org/en/lessons/vasilitsa/"  # absolute: see test_publish
    en = built.html("en/lessons/vasilitsa/index.html")
    switcher_en = {a["hreflang"]: a["href"] for a in en.select("a.md-select__link[hreflang]")}
    assert switcher_en["bg"] == "../../../lessons/vasilitsa/"
    # Every switcher target exists.
    for href in switcher_en.values():
        target = (built.site / "en/lessons/vasilitsa" / href / "index.html").resolve()
        assert target.is_file(), href


def test_lesson_panel_shows_the_lesson_facts(built: Build) -> None:
    soup = built.html("lessons/vasilitsa/index.html")
    panel = soup.select_one("aside.drom-panel")
    assert panel is not None
    facts = {
        dt.get_text(strip=True): dd.get_text(strip=True)
        for dt, dd in zip(panel.select("dt"), panel.select("dd"), strict=True)
    }
    assert facts["Класове"] == "2.–3. клас"
    assert facts["Продължителност"] == "40 мин."
    plan = [li.get_text(" ", strip=True) for li in panel.select("ol.drom-timeplan li")]
    assert plan == [
        "Загрявка: как посрещаме Новата година? 5 мин.",
        "Легендата за моста 25 мин.",
        "Какво научихме? 10 мин.",
    ]
    assert "Назовава датата на Василица." in panel.get_text()
    assert "P-HOL-1" in panel.get_text()
    vocabulary = [li.get_text(" ", strip=True) for li in panel.select("ul.drom-vocabulary li")]
    assert vocabulary[1] == "baxt – щастие"
    assert panel.select_one("ul.drom-vocabulary a")["href"] == "../../glossary/#bango-vasili"
    # Activities in order with their ids, then the fixed sections.
    ids = [h2.get("id") for h2 in soup.select("article h2[id]")]
    assert ids[:7] == [
        "at-a-glance-vasilitsa",
        "warm-up",
        "legend",
        "reflection",
        "differentiation",
        "assessment",
        "teacher-notes",
    ]
    # The handout is on the page; its own top heading is demoted below the section heading.
    assert soup.select_one("#handout-bridge-worksheet").name == "h3"
    assert [heading_text(h) for h in soup.select("h4")] == ["Задачи"]
    # The image is copied once and linked relatively.
    img = soup.select_one("article img")
    assert img["src"] == "../../media/lessons/vasilitsa/images/flag.svg"
    assert (built.site / "media/lessons/vasilitsa/images/flag.svg").is_file()
    assert img["alt"].startswith("Знамето")


def test_cyrillic_heading_anchors_are_readable(built: Build) -> None:
    soup = built.html("lessons/vasilitsa/index.html")
    assert soup.select_one("h3#въпроси-към-легендата") is not None


def test_missing_translation_falls_back_with_a_notice_in_the_readers_language(built: Build) -> None:
    soup = built.html("en/lessons/herdelezi/index.html")
    notice = soup.select_one(".drom-notice")
    assert notice is not None
    assert notice.get_text(strip=True) == (
        "This lesson is not yet translated into English; showing the Bulgarian text."
    )
    assert heading_text(soup.select_one("h1")) == "Хедерлез – празникът на пролетта"
    # The Bulgarian body is marked as Bulgarian inside the English page.
    assert soup.select_one('div[lang="bg"]') is not None
    # A title-only Romani translation: translated title, Bulgarian body, and a notice saying so.
    rom = built.html("rom/lessons/first-words/index.html")
    assert heading_text(rom.select_one("h1")) == "Anglune alava romanes"
    assert "romanes" in rom.select_one(".drom-notice").get_text()
    assert rom.select_one('div[lang="bg"]') is not None
    # A complete translation has no fallback notice (only the one saying no native speaker has checked it yet).
    notices = built.html("en/lessons/vasilitsa/index.html").select(".drom-notice")
    assert [n["class"] for n in notices] == [["drom-notice", "drom-notice--review"]]


def test_navigation_follows_the_curriculum_order(built: Build) -> None:
    soup = built.html("modules/holidays/index.html")
    links = [a.get_text(strip=True) for a in soup.select("article ol a")]
    assert links == ["Първи думи на романес", "Василица – ромската Нова година", "Хедерлез – празникът на пролетта"]
    nav = soup.select_one("nav.md-nav--primary")
    titles = [a.get_text(" ", strip=True) for a in nav.select("a.md-nav__link")]
    order = [titles.index(t) for t in links]
    assert order == sorted(order)


def test_home_lists_modules_with_grades_and_lesson_counts(built: Build) -> None:
    soup = built.html("en/modules/index.html")
    meta = soup.select_one("p.drom-meta").get_text(" ", strip=True)
    assert "grades 2–4" in meta and "3 lessons" in meta and "120 min in all" in meta


def test_no_request_leaves_the_site(built: Build) -> None:
    for path in built.site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:link|script|img|iframe|source)\b[^>]*>", text):
            if 'rel="alternate"' in tag or 'rel="canonical"' in tag:
                continue
            assert not re.search(r"(?:src|href)=\"(?:https?:)?//", tag), f"{path}: {tag}"
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_text_from_yaml_is_escaped(project: Path) -> None:
    edit(
        project / "curriculum/glossary.yml",
        "meaning: {bg: щастие,",
        "meaning: {bg: '<script>alert(1)</script> щастие',",
    )
    edit(
        project / "curriculum/lessons/vasilitsa/lesson.bg.md", "  - Цветни моливи", '  - "<b onmouseover=x>моливи</b>"'
    )
    edit(
        project / "curriculum/lessons/vasilitsa/lesson.bg.md",
        "title: Василица",
        'title: "<img src=x onerror=alert(1)> Василица',
    )
    edit(project / "curriculum/lessons/vasilitsa/lesson.bg.md", "ромската Нова година\n", 'ромската Нова година"\n')
    build = run_build(project)
    assert build.returncode == 0, build.output
    html = (build.site / "lessons/vasilitsa/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; щастие" in html
    assert "<b onmouseover" not in html
    assert "<img src=x" not in html and '<img src="x"' not in html


def test_broken_curriculum_fails_lists_every_problem_and_keeps_the_old_site(project: Path) -> None:
    first = run_build(project)
    assert first.returncode == 0, first.output
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in first.site.rglob("*") if p.is_file()}
    edit(project / "curriculum/lessons/vasilitsa/lesson.yml", "themes:", "theme:")
    edit(project / "curriculum/modules/holidays/module.yml", "herdelezi]", "herdelezi, ghost]")
    edit(project / "curriculum/calendar.yml", 'date: "01-14"', 'date: "01-14')
    second = run_build(project)
    assert second.returncode != 0
    assert "curriculum/lessons/vasilitsa/lesson.yml:3:1" in second.output
    assert "curriculum/modules/holidays/module.yml:5:" in second.output
    assert "curriculum/calendar.yml:" in second.output
    assert "Traceback" not in second.output
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in first.site.rglob("*") if p.is_file()}
    assert after == before


def test_generated_pages_sit_beside_hand_written_ones(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "docs/lessons").mkdir()
    (project / "docs/lessons/clash.md").write_text("# Clash\n", encoding="utf-8")
    build = run_build(project)
    assert build.returncode != 0
    assert "docs/lessons/clash.md uses a path reserved for generated curriculum pages" in build.output


def test_a_build_that_fails_late_publishes_nothing(project: Path) -> None:
    """A strict-mode warning aborts the build after every page is written: the old site must stay."""
    first = run_build(project)
    assert first.returncode == 0, first.output
    before = {p: p.read_bytes() for p in first.site.rglob("*") if p.is_file()}
    (project / "docs/about.md").write_text("# За проекта\n\n[broken](missing.md)\n", encoding="utf-8")
    edit(project / "curriculum/lessons/vasilitsa/lesson.bg.md", "Попитайте", "Питайте")
    second = run_build(project)
    assert second.returncode != 0
    assert "missing.md" in second.output
    after = {p: p.read_bytes() for p in first.site.rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.glob(".site.*")), "the staging folder is cleaned up"


def test_authoring_guide_lists_every_validator_code_from_the_code(project: Path) -> None:
    from drom.diagnostics import CODES

    (project / "docs/guide.md").write_text("# Ръководство\n\n<!-- drom:codes -->\n", encoding="utf-8")
    (project / "docs/guide.en.md").write_text("# Guide\n\n<!-- drom:codes -->\n", encoding="utf-8")
    build = run_build(project)
    assert build.returncode == 0, build.output
    for path, word in (("guide/index.html", "Празен файл"), ("en/guide/index.html", "Empty file")):
        rows = build.html(path).select("article table tbody tr")
        assert [row.select_one("code").get_text() for row in rows] == list(CODES)
        assert word in build.html(path).get_text()


def test_printable_pdfs_are_linked_with_size_and_pages(project: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DROM_PDF": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True, text=True, env=env
    )
    build = Build(project, proc.returncode, proc.stdout + proc.stderr)
    assert build.returncode == 0, build.output
    lesson = build.html("en/lessons/vasilitsa/index.html")
    links = {a["href"]: a.get_text(" ", strip=True) for a in lesson.select("a.drom-download")}
    assert set(links) == {"../../../pdf/en/lessons/vasilitsa.pdf", "../../../pdf/en/handouts/vasilitsa.pdf"}
    for href, text in links.items():
        pdf = (build.site / "en/lessons/vasilitsa" / href).resolve()
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert f"{max(1, round(pdf.stat().st_size / 1024))} KB" in text
        assert re.search(r"\d+ pages", text)
    module = build.html("modules/holidays/index.html")
    assert [a["href"] for a in module.select("a.drom-download")] == [
        "../../pdf/bg/modules/holidays.pdf",
        "../../pdf/bg/modules/holidays.zip",  # all the module's PDFs (tests/test_offline.py)
    ]
    downloads = build.html("downloads/index.html").select("ul.drom-download-list li")
    assert any("стр." in li.get_text() for li in downloads)
    # A lesson without a complete English text has no English PDF, and no English button.
    assert build.html("en/lessons/herdelezi/index.html").select("a.drom-download") == []
    # The second build reuses every PDF.
    again = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True, text=True, env=env
    )
    assert again.returncode == 0
    assert "(0 rendered," in again.stdout + again.stderr


def test_editing_the_bulgarian_source_marks_the_translation_outdated(project: Path) -> None:
    import subprocess

    root = project / "curriculum"
    mark = subprocess.run(["curriculum", "translations", "mark", "--all", str(root)], capture_output=True, text=True)
    assert mark.returncode == 0, mark.stdout + mark.stderr
    first = run_build(project)
    assert first.returncode == 0, first.output
    assert first.html("en/lessons/vasilitsa/index.html").select_one(".drom-notice--outdated") is None
    edit(root / "lessons/vasilitsa/lesson.bg.md", "Всеки казва една нова дума.", "Всеки казва две нови думи.")
    second = run_build(project)
    assert second.returncode == 0, second.output
    notice = second.html("en/lessons/vasilitsa/index.html").select_one(".drom-notice--outdated")
    assert notice is not None
    assert "may be out of date" in notice.get_text()
    assert notice.select_one("a")["href"] == "../../../lessons/vasilitsa/"
    rows = second.html("translations/index.html").select("table.drom-translations tr")
    states = {r.select_one("a").get_text(): r.select_one(".drom-state")["class"][-1] for r in rows if r.select_one("a")}
    assert states["Василица – ромската Нова година"] == "drom-state--outdated"


def test_links_to_other_hosts_open_without_an_opener(built: Build) -> None:
    soup = built.html("lessons/vasilitsa/index.html")
    external = [a for a in soup.select("article a[href]") if a["href"].startswith(("http://", "https://"))]
    assert external, "the fixture cites a source on the web"
    assert all("noopener" in a.get("rel", []) for a in external), [str(a) for a in external]
    internal = [a for a in soup.select("article a[href]") if not a["href"].startswith(("http", "#"))]
    assert internal and all("noopener" not in a.get("rel", []) for a in internal)


def test_each_language_has_its_own_search_index_without_fallback_copies(built: Build) -> None:
    """One index per language; an untranslated page (bg text under /rom/) is not indexed a second time."""
    import json

    from drom.site.search import read_language

    configs = {
        lang: json.loads((built.site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        for lang, prefix in LANGS.items()
    }
    # Material's part is small: its configuration and our worker's, no documents (drom/site/search.py).
    assert all(
        index["docs"] == [] and index["config"]["drom"]["folder"] == LANGS[lang] for lang, index in configs.items()
    )
    read = {lang: read_language(built.site / prefix / "search") for lang, prefix in LANGS.items()}
    indexes = {lang: entries for lang, (entries, _) in read.items()}
    assert all(not doc["location"].startswith(("en/", "rom/")) for docs in indexes.values() for doc in docs)
    assert sum(configs["bg"]["config"]["drom"]["sizes"]) == len(indexes["bg"])
    bg = {(doc["location"], doc["title"], doc["text"]) for doc in indexes["bg"]}
    for lang in ("en", "rom"):
        assert not [doc for doc in indexes[lang] if (doc["location"], doc["title"], doc["text"]) in bg]
    # about.md has no Romani version: /rom/about/ is the Bulgarian page word for word, indexed once, in bg.
    assert any(doc["location"].startswith("about/") for doc in indexes["bg"])
    assert any(doc["location"].startswith("about/") for doc in indexes["en"])
    assert not any(doc["location"].startswith("about/") for doc in indexes["rom"])
    # A lesson not translated into Romani is not indexed in Romani either (tests/test_language_labels.py).
    assert not any(doc["location"].startswith("lessons/herdelezi/") for doc in indexes["rom"])
    # The lesson's words lead to it; the print and share buttons' labels are not lesson text.
    entries, terms = read["bg"]
    vasilitsa = {n for n, doc in enumerate(entries) if doc["location"].startswith("lessons/vasilitsa/")}
    assert vasilitsa & set(terms["легендата"])
    assert not vasilitsa & set(terms.get("връзка", []))
    # Romani words are kept whole, their Latin letters without diacritics (found as typed, with or without).
    assert "chavo" in read["rom"][1] and "čhavo" not in read["rom"][1]


def test_code_blocks_can_be_reached_by_keyboard_before_any_script(built: Build) -> None:
    """A wide code block scrolls; without a tab stop a keyboard user could not scroll it (WCAG 2.1.1)."""
    blocks = built.html("about/index.html").select("pre > code")
    assert blocks, "the fixture's about page has a code block"
    assert all(code.get("tabindex") == "0" for code in blocks), [str(code)[:80] for code in blocks]


def json_ld(build: Build, path: str) -> dict[str, object]:
    scripts = build.html(path).select('script[type="application/ld+json"]')
    assert len(scripts) == 1, path
    return json.loads(scripts[0].string)


def test_lessons_and_resources_describe_themselves_to_search_engines(built: Build) -> None:
    site = "https://roma-folklore.example.org/"
    lesson = json_ld(built, "lessons/vasilitsa/index.html")
    assert lesson["@type"] == "LearningResource"
    assert lesson["inLanguage"] == "bg"
    assert lesson["url"] == site + "lessons/vasilitsa/"
    assert lesson["educationalLevel"] == "2.–3. клас"
    assert lesson["timeRequired"] == "PT40M"
    assert lesson["learningResourceType"] == "lesson plan"
    assert lesson["teaches"] and all(isinstance(x, str) and x for x in lesson["teaches"])
    assert lesson["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert lesson["isPartOf"] == {"@type": "Course", "name": "Празници и думи", "url": site + "modules/holidays/"}
    assert {x["@id"] for x in lesson["workTranslation"]} == {
        site + "en/lessons/vasilitsa/",
        site + "rom/lessons/vasilitsa/",
    }
    assert lesson["name"] and lesson["description"]

    english = json_ld(built, "en/lessons/vasilitsa/index.html")
    assert english["inLanguage"] == "en"
    assert english["translationOfWork"] == {"@id": site + "lessons/vasilitsa/"}
    assert "workTranslation" not in english

    # A resource states its own licence and the grades of the lessons that use it.
    resource = json_ld(built, "resources/bridge-legend/index.html")
    assert resource["learningResourceType"] == "tale or legend"
    assert resource["educationalLevel"] == lesson["educationalLevel"]
    assert resource["teaches"] == ["Празници"]
    assert resource["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert resource["isPartOf"]["url"] == site + "modules/"
    assert {x["@id"] for x in resource["workTranslation"]} == {site + "en/resources/bridge-legend/"}
    page = built.html("resources/bridge-legend/index.html")
    licence = page.select_one('.drom-facts a[rel="license"]')
    assert licence is not None and licence.get_text() == "CC BY-SA 4.0"

    # Open Graph, hreflang alternates and one sitemap for every language.
    head = built.html("lessons/vasilitsa/index.html")
    og = {m["property"]: m["content"] for m in head.select("meta[property^='og:']")}
    assert og["og:url"] == site + "lessons/vasilitsa/" and og["og:title"] and og["og:description"]
    alternates = {link["hreflang"]: link["href"] for link in head.select("link[rel=alternate][hreflang]")}
    assert set(alternates) == {*LANGS, "x-default"}
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    for prefix in LANGS.values():
        assert f"<loc>{site}{prefix}lessons/vasilitsa/</loc>" in sitemap


def test_lesson_panel_shows_the_35_minute_period_in_every_language(built: Build) -> None:
    expected = {
        "": "В час от 35 минути (2. клас): Легендата за моста 25 → 20 мин.",
        "en/": "In a 35-minute period (grade 2): The legend of the bridge 25 → 20 min",
        "rom/": "35 min. (2. klasa):",
    }
    for prefix, words in expected.items():
        line = built.html(prefix + "lessons/vasilitsa/index.html").select_one("aside.drom-panel p.drom-short-period")
        assert line is not None, prefix
        assert words in " ".join(line.get_text(" ", strip=True).split()).replace(" :", ":"), line.get_text()
    assert built.html("lessons/first-words/index.html").select_one("p.drom-short-period") is None
