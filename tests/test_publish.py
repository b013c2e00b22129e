"""Publishing: the address from the environment everywhere, a 404 page per language, robots.txt, absolute
hreflang alternates with x-default, link-preview cards, Atom feeds that a feed reader reads."""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from drom.social import Card, draw_card

from .conftest import Build, make_project, run_build

ADDRESS = "https://school.test/roma-folklore/"


def commit(project: Path) -> None:
    """The feeds date entries from Git: give the project a history."""
    git = ["git", "-c", "user.email=t@example.test", "-c", "user.name=t"]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    date = {"GIT_AUTHOR_DATE": "2026-09-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-09-01T10:00:00Z"}
    subprocess.run([*git, "commit", "-qm", "curriculum"], cwd=project, check=True, env={**os.environ, **date})


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = make_project(tmp_path_factory.mktemp("published") / "project")
    commit(project)
    build = run_build(project, env={"DROM_SITE_URL": ADDRESS, "DROM_PUBLISH": "1"})
    assert build.returncode == 0, build.output
    return build


def test_the_address_comes_from_the_environment_and_no_placeholder_remains(published: Build) -> None:
    left = [
        str(path.relative_to(published.site))
        for path in published.site.rglob("*")
        if path.suffix in {".html", ".xml", ".ics", ".txt", ".json"}
        and b"roma-folklore.example.org" in path.read_bytes()
    ]
    assert left == []
    lesson = published.html("en/lessons/vasilitsa/index.html")
    assert lesson.find("link", rel="canonical")["href"] == f"{ADDRESS}en/lessons/vasilitsa/"


def test_a_build_for_publishing_refuses_the_placeholder_and_keeps_the_old_site(project: Path) -> None:
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("old", encoding="utf-8")
    build = run_build(project, env={"DROM_PUBLISH": "1"})
    assert build.returncode != 0
    assert "site_url is still the placeholder 'https://roma-folklore.example.org/'" in build.output
    assert "DROM_SITE_URL=" in build.output
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "old"


def test_a_local_build_says_in_one_line_that_the_address_is_a_placeholder(built: Build) -> None:
    lines = [line for line in built.output.splitlines() if "placeholder" in line]
    assert len(lines) == 1 and "DROM_SITE_URL" in lines[0], built.output


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [
        ("404.html", "bg", "Няма такава страница"),
        ("en/404.html", "en", "Page not found"),
        ("rom/404.html", "rom", None),
    ],
)
def test_a_404_page_per_language(published: Build, path: str, lang: str, title: str | None) -> None:
    page = published.html(path)
    assert page.html["lang"] == lang
    heading = page.find("article").find("h1")
    if title is None:  # no Romani wording yet: the English text says it is English
        assert heading.get("lang") == "en"
    else:
        assert heading.get_text(strip=True) == title and heading.get("lang") is None
    links = [a["href"] for a in page.find("article").find_all("a")]
    prefix = "/roma-folklore/" if lang == "bg" else f"/roma-folklore/{lang}/"
    assert links == [prefix, f"{prefix}catalogue/", f"{prefix}?q="]


def test_robots_txt_names_the_sitemap(published: Build) -> None:
    robots = (published.site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {ADDRESS}sitemap.xml" in robots.splitlines()


def test_alternates_are_absolute_with_x_default(published: Build) -> None:
    head = published.html("rom/lessons/vasilitsa/index.html").head
    alternates = {link["hreflang"]: link["href"] for link in head.find_all("link", rel="alternate", hreflang=True)}
    assert alternates == {
        "bg": f"{ADDRESS}lessons/vasilitsa/",
        "en": f"{ADDRESS}en/lessons/vasilitsa/",
        "rom": f"{ADDRESS}rom/lessons/vasilitsa/",
        "x-default": f"{ADDRESS}lessons/vasilitsa/",
    }


def test_open_graph_locale_and_twitter_card(published: Build) -> None:
    en = published.html("en/lessons/vasilitsa/index.html").head
    assert en.find("meta", property="og:locale")["content"] == "en_GB"
    assert en.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert published.html("lessons/vasilitsa/index.html").head.find("meta", property="og:locale")["content"] == "bg_BG"
    # Open Graph has no locale for Romani: none rather than a wrong one.
    assert published.html("rom/lessons/vasilitsa/index.html").head.find("meta", property="og:locale") is None


@pytest.mark.parametrize(
    "path",
    [
        "lessons/vasilitsa/index.html",
        "en/lessons/herdelezi/index.html",
        "modules/holidays/index.html",
        "en/resources/bridge-legend/index.html",
    ],
)
def test_every_card_exists_and_is_1200_by_630(published: Build, path: str) -> None:
    image = published.html(path).head.find("meta", property="og:image")["content"]
    assert image.startswith(f"{ADDRESS}assets/social/")
    file = published.site / image.removeprefix(ADDRESS)
    with Image.open(file) as png:
        assert png.format == "PNG" and png.size == (1200, 630)


def test_a_card_is_the_same_bytes_for_the_same_text_and_differs_for_another() -> None:
    card = Card(title="Василица", kicker="Урок · 2.–4. клас", footer="Празници", site_name="Ромски фолклор")
    assert draw_card(card) == draw_card(card)
    assert draw_card(card) != draw_card(Card(**{**card.__dict__, "title": "Хедерлез"}))


def _on_ramp(colour: tuple[int, int, int], start: tuple[int, int, int], end: tuple[int, int, int]) -> bool:
    """Whether `colour` is a blend of `start` and `end` (within rounding), as an antialiased edge pixel is."""
    share = (colour[2] - start[2]) / (end[2] - start[2])
    blend = [a + (b - a) * share for a, b in zip(start, end, strict=True)]
    return 0 <= share <= 1 and all(abs(c - b) <= 2 for c, b in zip(colour, blend, strict=True))


def test_a_card_is_a_small_palette_png_in_the_designs_colours_with_smooth_text() -> None:
    # The design: indigo 900, white title, indigo 100 for the other lines, the Romani flag's blue and green.
    indigo, white, muted, blue, green = (26, 35, 126), (255, 255, 255), (197, 202, 233), (0, 114, 206), (0, 154, 68)
    card = Card(title="Василица", kicker="Урок · 2.–4. клас", footer="Празници", site_name="Ромски фолклор")
    data = draw_card(card)
    with Image.open(io.BytesIO(data)) as png:
        assert (png.format, png.mode, png.size) == ("PNG", "P", (1200, 630))
        rgb = png.convert("RGB")
    assert len(data) < 40_000
    counts = {colour: n for n, colour in rgb.getcolors(256)}
    assert max(counts, key=counts.__getitem__) == indigo
    assert {white, muted, blue, green} <= counts.keys()
    # The title's edges blend indigo into white, the kicker's into indigo 100: smooth, not jagged, no stray colour.
    title = {colour for _, colour in rgb.crop((72, 210, 1128, 300)).getcolors(256)}
    kicker = {colour for _, colour in rgb.crop((72, 150, 1128, 200)).getcolors(256)}
    assert len(title) > 30 and all(_on_ramp(colour, indigo, white) for colour in title)
    assert len(kicker) > 30 and all(_on_ramp(colour, indigo, muted) for colour in kicker)


def test_feeds_parse_and_each_names_its_own_languages_lessons(published: Build) -> None:
    titles = {}
    for lang, path in (("bg", "feed.xml"), ("en", "en/feed.xml"), ("rom", "rom/feed.xml")):
        feed = feedparser.parse((published.site / path).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.get("language", lang) == lang
        assert feed.feed.links[0].href == f"{ADDRESS}{path}"
        titles[lang] = {entry.title: entry for entry in feed.entries}
        for entry in feed.entries:
            assert entry.link.startswith(ADDRESS) and entry.updated.startswith("2026-09-01")
    assert "Vasilitsa – the Roma New Year" in titles["en"]
    assert titles["en"]["Vasilitsa – the Roma New Year"].link == f"{ADDRESS}en/lessons/vasilitsa/"
    assert any(re.search("[а-я]", title) for title in titles["bg"])
    assert not any(re.search("[а-я]", title) for title in titles["en"]), "no Bulgarian fallback in the English feed"
    assert not any(re.search("[а-я]", title) for title in titles["rom"]), "no Bulgarian fallback in the Romani feed"


def test_every_page_links_its_languages_feed_and_the_home_page_too(published: Build) -> None:
    for path, feed in (("lessons/vasilitsa/index.html", "../../feed.xml"), ("en/index.html", "feed.xml")):
        link = published.html(path).head.find("link", type="application/atom+xml")
        assert link["href"] == feed
    home = published.html("en/index.html").find("article")
    assert home.find("a", href="feed.xml") is not None


def test_a_fallback_page_is_noindex_and_no_language_lists_it(published: Build) -> None:
    """The fixture's herdelezi is written in Bulgarian only: /en/ and /rom/ show the Bulgarian text."""
    for path in ("rom/lessons/herdelezi/index.html", "en/lessons/herdelezi/index.html"):
        fallback = published.html(path).head
        assert fallback.find("meta", attrs={"name": "robots"})["content"] == "noindex", path
        assert fallback.find_all("link", rel="alternate", hreflang=True) == [], path
    original = published.html("lessons/herdelezi/index.html").head
    assert original.find("meta", attrs={"name": "robots"}) is None
    assert original.find_all("link", rel="alternate", hreflang=True) == []  # no other language to point to
    # vasilitsa is written in all three: every page lists all three, and none is noindex.
    for path in ("lessons/vasilitsa/index.html", "rom/lessons/vasilitsa/index.html"):
        head = published.html(path).head
        assert head.find("meta", attrs={"name": "robots"}) is None
        langs = {link["hreflang"] for link in head.find_all("link", rel="alternate", hreflang=True)}
        assert langs == {"bg", "en", "rom", "x-default"}, path


def test_the_review_notice_shows_on_an_unreviewed_text_and_not_on_a_reviewed_one(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    lessons = project / "curriculum" / "lessons" / "vasilitsa"
    for lang, review in (
        ("en", 'review: {state: reviewed, by: "Ana Petrova", date: 2026-11-30}'),
        ("rom", "review: {state: machine-assisted}"),
    ):
        path = lessons / f"lesson.{lang}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n---\n", f"\n{review}\n---\n", 1), encoding="utf-8")
    build = run_build(project)
    assert build.returncode == 0, build.output
    rom = build.html("rom/lessons/vasilitsa/index.html").select(".drom-notice--review")
    assert len(rom) == 1 and "mašinasa" in rom[0].get_text()
    assert build.html("en/lessons/vasilitsa/index.html").select(".drom-notice--review") == []
    assert build.html("lessons/vasilitsa/index.html").select(".drom-notice--review") == []  # the source text


def test_headers_cache_the_fingerprinted_files_for_a_year_and_nothing_else(published: Build) -> None:
    headers = (published.site / "_headers").read_text(encoding="utf-8")
    rules: dict[str, list[str]] = {}
    for line in headers.splitlines():
        if line.startswith("/"):
            rules[line] = []
        elif line.startswith("  ") and rules:
            rules[list(rules)[-1]].append(line.strip())
    cached = {path for path, lines in rules.items() if any(x.startswith("Cache-Control") for x in lines)}
    bundle = next(published.site.glob("assets/javascripts/bundle.*.min.js")).relative_to(published.site)
    assert f"/{bundle.as_posix()}" in cached
    assert all(re.search(r"\.[0-9a-f]{8,}\.min\.(js|css)$", path) for path in cached), cached
    assert "Cache-Control: public, max-age=31536000, immutable" in rules[f"/{bundle.as_posix()}"]
    assert "Content-Security-Policy" in " ".join(rules["/*"]) and not any("Cache" in x for x in rules["/*"])


def test_headers_hash_every_inline_script_of_every_page_as_written(published: Build) -> None:
    """The hashes gathered as each page was written (in whichever process built its language) are those of
    every HTML file of the published site read back; each page's own policy is among them."""
    from drom.site import csp

    written = (published.site / "_headers").read_text(encoding="utf-8")
    assert written == csp.headers_file(published.site)  # nothing known: every page read back
    hashes = set(re.findall(r"'sha256-[^']+'", written.split("\n/media/")[0]))
    page = (published.site / "rom" / "lessons" / "vasilitsa" / "index.html").read_text(encoding="utf-8")
    assert {csp.script_hash(body) for body in csp.inline_scripts(page)} <= hashes and len(hashes) >= 2
