"""Every text carries its real language (#18): a part of a Romani (or English) page that shows the Bulgarian text,
because no translation exists, is marked `lang="bg"` wherever it appears, and only that part; a page whose body
is such a fallback is in no sitemap alternate, no search index of its language, and its JSON-LD says `bg`.

The fixture (tests/fixtures/good): `herdelezi` is written in Bulgarian only, `first-words` has a Romani title and
summary but no Romani body, `vasilitsa` is translated in full (its outcomes and the `holidays` theme have no
Romani text), `about.md` has no Romani version.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from drom.site import langmarks, search

from .conftest import Build
from .language_marks import cyrillic_under, nearest_lang

SITE = "https://roma-folklore.example.org/"


def test_no_cyrillic_text_is_presented_as_romani_anywhere_in_rom(built: Build) -> None:
    assert cyrillic_under(built.site / "rom", "rom") == []


def test_the_check_finds_a_bulgarian_text_presented_as_romani(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<html lang="rom"><head><title>Загрявка</title></head><body><p>Lačho dives <span lang="bg">Добър ден</span>'
        '</p><p lang="rom-Cyrl">Лачхо дивес</p><nav aria-label="Урок"></nav></body></html>',
        encoding="utf-8",
    )
    found = cyrillic_under(tmp_path, "rom")
    assert len(found) == 2 and "<title>" in found[0] and "aria-label" in found[1], found


def test_a_fallback_page_marks_its_title_and_body_and_the_theme_marks_its_title(built: Build) -> None:
    page = built.html("rom/lessons/herdelezi/index.html")
    assert page.html is not None and page.html["lang"] == "rom"
    h1 = page.select_one("article h1")
    assert h1 is not None and h1.get("lang") == "bg"
    title = page.select_one("title")
    assert title is not None and title.get("lang") == "bg"
    topic = page.select_one('[data-md-component="header-topic"] .md-ellipsis')
    assert topic is not None and topic.get("lang") == "bg"
    crumb = page.select_one(".drom-breadcrumbs [aria-current]")
    assert crumb is not None and crumb.get("lang") == "bg"
    # The panel: its labels stay Romani, its values from the Bulgarian text are marked.
    panel = page.select_one("aside.drom-panel")
    assert panel is not None
    assert all(nearest_lang(x) == "rom" for x in panel.select("h2, h3, dt"))
    assert [nearest_lang(a) for a in panel.select(".drom-timeplan a")] == ["bg"] * len(panel.select(".drom-timeplan a"))
    outcomes = panel.select(".drom-outcomes li > span:not(.drom-code)")
    assert outcomes and all(x.get("lang") == "bg" for x in outcomes)
    # The table of contents marks the Bulgarian headings (the activities), not the Romani ones ("Related").
    toc = {a.get_text(strip=True): nearest_lang(a) for a in page.select("nav.md-nav--secondary a.md-nav__link")}
    assert "Пролетта идва" in toc and "Aver lekcije" in toc
    assert all((lang == "bg") == bool(re.search("[а-я]", text, re.I)) for text, lang in toc.items()), toc


def test_only_the_part_that_falls_back_is_marked_on_a_translated_page(built: Build) -> None:
    page = built.html("rom/lessons/vasilitsa/index.html")
    h1 = page.select_one("article h1")
    assert h1 is not None and nearest_lang(h1) == "rom"
    assert all(nearest_lang(a) == "rom" for a in page.select(".drom-timeplan a"))
    outcomes = page.select(".drom-outcomes li > span:not(.drom-code)")
    assert outcomes and all(x.get("lang") == "bg" for x in outcomes)
    themes = page.select(".drom-fact--themes dd span[lang]")
    assert {x.get_text(): x["lang"] for x in themes} == {"Празници": "bg"}
    # The navigation and the footer mark the Bulgarian titles of other pages, not the Romani ones.
    links = {a["href"]: a.get("lang") for a in page.select("nav.md-nav--primary a.md-nav__link")}
    assert links["../herdelezi/"] == "bg" and links["./"] is None
    assert all(nearest_lang(a) == "rom" for a in page.select(".md-select__link[hreflang=rom]"))
    assert [a["lang"] for a in page.select(".md-select__link")] == ["bg", "en", "rom"]


def test_a_hand_written_fallback_page_marks_its_content(built: Build) -> None:
    page = built.html("rom/about/index.html")
    article = page.select_one("article.md-content__inner")
    assert article is not None and article.get("lang") == "bg"
    page = built.html("rom/index.html")  # index.rom.md exists
    article = page.select_one("article.md-content__inner")
    assert article is not None and article.get("lang") is None


def test_list_entries_in_other_languages_are_marked(built: Build) -> None:
    module = built.html("rom/modules/holidays/index.html")
    lessons = {a.get_text(): a.get("lang") for a in module.select("article ol a")}
    assert lessons and all((lang == "bg") == bool(re.search("[а-я]", text, re.I)) for text, lang in lessons.items())
    calendar = built.html("rom/calendar/index.html")
    heading = calendar.select_one("h2#vasilitsa")
    assert heading is not None and heading.get("lang") == "bg"  # the event has no Romani name
    catalogue = built.html("rom/catalogue/index.html")
    options = {o.get_text(): o.get("lang") for o in catalogue.select("select[name=theme] option, select[name=lang] option")}
    assert options["Празници"] == "bg" and options["Romani čhib"] is None
    assert options["Български"] == "bg" and options["Romanes"] is None


def test_the_json_ld_says_the_body_language_and_links_only_real_translations_both_ways(built: Build) -> None:
    pages = {}
    for path in built.site.rglob("index.html"):
        for script in built.html(path.relative_to(built.site).as_posix()).select('script[type="application/ld+json"]'):
            data = json.loads(script.string)
            pages[data["url"]] = data
    assert pages[SITE + "rom/lessons/herdelezi/"]["inLanguage"] == "bg"
    assert pages[SITE + "rom/lessons/first-words/"]["inLanguage"] == "bg"  # a Romani title, a Bulgarian body
    assert pages[SITE + "rom/lessons/vasilitsa/"]["inLanguage"] == "rom"
    for url, data in pages.items():
        if "translationOfWork" in data:
            original = pages[data["translationOfWork"]["@id"]]
            assert url in {x["@id"] for x in original.get("workTranslation", [])}, url
            assert data["inLanguage"] != original["inLanguage"]
        for item in data.get("workTranslation", []):
            assert pages[item["@id"]].get("translationOfWork") == {"@id": url}, item
    assert "translationOfWork" not in pages[SITE + "rom/lessons/herdelezi/"]
    assert {x["@id"] for x in pages[SITE + "lessons/first-words/"].get("workTranslation", [])} == set()


def test_fallback_pages_are_out_of_the_sitemap_and_its_alternates(built: Build) -> None:
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    for fallback in ("rom/lessons/herdelezi/", "en/lessons/herdelezi/", "rom/lessons/first-words/", "rom/about/"):
        assert SITE + fallback + '"' not in sitemap and f"<loc>{SITE}{fallback}</loc>" not in sitemap, fallback
    entry = re.search(rf"<url>\s*<loc>{re.escape(SITE)}lessons/vasilitsa/</loc>.*?</url>", sitemap, re.S)
    assert entry is not None
    assert set(re.findall(r'hreflang="([^"]+)"', entry.group(0))) == {"bg", "en", "rom"}
    alone = re.search(rf"<url>\s*<loc>{re.escape(SITE)}lessons/herdelezi/</loc>.*?</url>", sitemap, re.S)
    assert alone is not None and "xhtml:link" not in alone.group(0)  # no translation: no alternates at all
    assert gzip.decompress((built.site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap


def test_fallback_pages_vanish_from_their_language_search_index(built: Build) -> None:
    entries, _ = search.read_language(built.site / "rom/search")
    pages = {doc["location"].split("#")[0] for doc in entries}
    assert "lessons/vasilitsa/" in pages
    for fallback in ("lessons/herdelezi/", "lessons/first-words/", "about/"):
        assert fallback not in pages
    bg, _ = search.read_language(built.site / "search")
    assert "lessons/herdelezi/" in {doc["location"].split("#")[0] for doc in bg}


def test_the_calendar_feed_marks_text_in_another_language(built: Build) -> None:
    romani = (built.site / "rom/calendar.ics").read_text(encoding="utf-8")
    assert "SUMMARY;LANGUAGE=bg:Василица" in romani
    assert "DESCRIPTION;LANGUAGE=bg:Ромската Нова година." in romani
    english = (built.site / "en/calendar.ics").read_text(encoding="utf-8")
    assert "SUMMARY:Vasilitsa" in english and "LANGUAGE=" not in english
    assert "LANGUAGE=" not in (built.site / "calendar.ics").read_text(encoding="utf-8")


def test_heading_languages_are_read_from_the_nearest_lang() -> None:
    html = (
        '<h1 id="t" lang="bg">Т</h1><h2 id="a">A</h2><div lang="bg"><h2 id="b">Б</h2><br><img src="x">'
        '<div><h3 id="c">В</h3></div><h3 id="d" lang="rom">D</h3></div><h2 id="e">E</h2>'
    )
    assert langmarks.heading_langs(html, "rom") == {"t": "bg", "b": "bg", "c": "bg"}
    assert langmarks.heading_langs("<h2 id='x'>X</h2><h2 id=\"y\">Y</h2>", "rom", base="bg") == {"y": "bg"}


def test_the_theme_parts_are_marked_from_the_page_titles() -> None:
    page = (
        "<title>Загрявка - Sajto</title>"
        '<div class="md-header__topic" data-md-component="header-topic">\n  <span class="md-ellipsis">Загрявка</span>'
        '<a href="../herdelezi/" class="md-nav__link">Херделези</a><a href="../vasilitsa/" class="md-nav__link">V</a>'
        '<a href="#warm-up" class="md-nav__link">Загрявка</a>\n<nav class="md-nav" aria-label="Загрявка"></nav>'
        '<a href="#end" class="md-nav__link">End</a>'
        '<a href="../herdelezi/" class="md-footer__link md-footer__link--next" aria-label="Angle: Херделези">'
        '<span class="md-footer__direction">Angle</span><div class="md-ellipsis">Херделези</div></a>'
    )
    titles = {"rom/lessons/herdelezi/": "bg", "rom/lessons/x/": "bg"}
    out = langmarks.mark(page, "rom/lessons/x/", "rom", titles=titles, headings={"warm-up": "bg"})
    assert '<title lang="bg">' in out
    assert '<span class="md-ellipsis" lang="bg">Загрявка</span>' in out
    assert '<a href="../herdelezi/" class="md-nav__link" lang="bg">' in out
    assert '<a href="../vasilitsa/" class="md-nav__link">' in out
    assert '<a href="#warm-up" class="md-nav__link" lang="bg">' in out and '<nav class="md-nav" lang="bg"' in out
    assert '<a href="#end" class="md-nav__link">' in out
    assert 'aria-label="Angle: Херделези" lang="bg">' in out and '<span class="md-footer__direction" lang="rom">' in out


def test_a_permalink_speaks_the_page_language_inside_a_heading_in_another(built: Build) -> None:
    """The permalink's title ("Link to this section") is the page's words, also in a heading marked with
    another language (a Romani page's Bulgarian heading, the Bulgarian translations page's "Romanes")."""
    from bs4 import BeautifulSoup

    wrong, foreign = [], 0
    for path in sorted(built.site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        page_lang = soup.html.get("lang") if soup.html else None
        for link in soup.select("a.headerlink"):
            heading = link.parent
            if heading is not None and nearest_lang(heading) != page_lang:
                foreign += 1
            if nearest_lang(link) != page_lang:
                wrong.append(f"{path.relative_to(built.site)}#{link.get('href')}")
    assert foreign, "the fixture should have headings in another language than their page"
    assert wrong == []
