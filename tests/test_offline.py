"""The offline school pack (the whole site as a ZIP that works from a folder, without a server or network)
and the ZIP of PDFs per module."""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from drom.site.search import fold

from .conftest import Build, make_project

PACK = "downloads/roma-folklore-offline.zip"
FOLDER = "roma-folklore-offline"
LANG_OF = {"en": "en", "rom": "rom"}


def digest(path: Path) -> str:
    """A file's SHA-256: compared instead of its bytes, so a failure prints two lines, not a diff of megabytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(project: Path, *, pdf: bool = False) -> Build:
    """`mkdocs build --strict` with the offline pack on, whatever the environment says."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DROM_PDF": "1" if pdf else "0", "DROM_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    result = Build(project, proc.returncode, proc.stdout + proc.stderr)
    assert result.returncode == 0, result.output[-3000:]
    return result


def unzip(archive: Path, dest: Path) -> Path:
    with zipfile.ZipFile(archive) as pack:
        pack.extractall(dest)
    return dest / FOLDER


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(make_project(tmp_path_factory.mktemp("packed") / "project"))


@pytest.fixture(scope="module")
def offline_site(packed: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return unzip(packed.site / PACK, tmp_path_factory.mktemp("unzipped"))


def references(page: Path) -> Iterator[tuple[str, str]]:
    """(tag, URL) of every link, image, stylesheet and script of an HTML page."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if value is not None:
                yield tag, str(value)


def broken_references(site: Path) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        for tag, url in references(page):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                if tag != "a":
                    problems.append(f"{name}: <{tag}> loads {url} from the network")
                continue
            if parts.scheme in ("mailto", "data") or (not parts.path and (parts.fragment or parts.query)):
                continue
            if parts.scheme or parts.netloc or parts.path.startswith("/"):
                problems.append(f"{name}: <{tag}> {url} is not relative to the pack")
                continue
            target = site / posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path)))
            if not target.is_file():  # file:// shows no index.html for a folder
                problems.append(f"{name}: <{tag}> {url} is not a file of the pack")
    return problems


def shown(size: int) -> str:
    """A file's size as the downloads page gives it (over 1 MB: the pack with its search pieces)."""
    return f"{max(1, round(size / 1024))} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def test_the_pack_is_linked_from_every_downloads_page_with_its_size(packed: Build) -> None:
    size = (packed.site / PACK).stat().st_size
    for prefix in ("", "en/", "rom/"):
        link = packed.html(f"{prefix}downloads/index.html").select_one(f'a[href$="{PACK.split("/")[-1]}"]')
        assert link is not None, prefix
        assert (packed.site / f"{prefix}downloads" / link["href"]).resolve() == (packed.site / PACK).resolve()
        assert link["type"] == "application/zip" and link.has_attr("download")
        assert f"ZIP · {shown(size)}" in link.get_text(" ", strip=True)


def test_the_pack_is_reproducible(packed: Build, tmp_path: Path) -> None:
    again = build(make_project(tmp_path / "elsewhere" / "project"))
    assert digest(again.site / PACK) == digest(packed.site / PACK)
    with zipfile.ZipFile(packed.site / PACK) as pack:
        infos = pack.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_the_pack_is_reused_while_its_inputs_are_unchanged(tmp_path: Path) -> None:
    """The pack is a second build of the whole site: a rebuild with nothing changed reuses it, an edit does not."""
    project = make_project(tmp_path / "project")
    first = build(project)
    assert "roma-folklore-offline.zip" in first.output and "built)" in first.output, first.output[-2000:]
    packed = (project / "site" / PACK).read_bytes()
    again = build(project)
    assert "unchanged inputs, reused" in again.output, again.output[-2000:]
    assert hashlib.sha256((project / "site" / PACK).read_bytes()).hexdigest() == hashlib.sha256(packed).hexdigest()
    lesson = project / "curriculum" / "lessons" / "vasilitsa" / "lesson.bg.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nНов ред за пакета.\n", encoding="utf-8")
    edited = build(project)
    assert "unchanged inputs, reused" not in edited.output
    with zipfile.ZipFile(project / "site" / PACK) as pack:
        page = pack.read(f"{FOLDER}/lessons/vasilitsa.html").decode("utf-8")
    assert "Нов ред за пакета." in page


def test_every_page_has_its_language_and_file_urls(offline_site: Path) -> None:
    pages = sorted(offline_site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        relative = page.relative_to(offline_site).as_posix()
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").html
        assert html is not None and html["lang"] == LANG_OF.get(relative.split("/")[0], "bg"), relative
    for prefix in ("", "en/", "rom/"):
        for page in ("index.html", "lessons/vasilitsa.html", "modules/index.html", "glossary.html"):
            assert (offline_site / prefix / page).is_file(), prefix + page
    assert not (offline_site / "404.html").exists()


def test_every_link_and_asset_resolves_to_a_file_and_nothing_loads_from_the_network(offline_site: Path) -> None:
    assert broken_references(offline_site) == []


def test_search_index_scripts_exist_for_each_language(offline_site: Path) -> None:
    for prefix, word in (("", "легендата"), ("en/", "bridge"), ("rom/", "čhavo")):
        script = (offline_site / prefix / "search/search_index.js").read_text(encoding="utf-8")
        assert script.startswith("var __index = {")
        # The words are in the term shards, scripts too (file:// refuses fetch), not in the small index.
        shards = [p.read_text(encoding="utf-8") for p in sorted((offline_site / prefix / "search/t").glob("*.js"))]
        assert all(text.startswith("dromIndex(") for text in shards)
        assert any(f'"{fold(word)}":[' in text for text in shards)  # čhavo is kept as chavo
    shim = offline_site / "assets/drom/vendor/iframe-worker"
    assert (shim / "shim.js").is_file() and "MIT" in (shim / "LICENSE").read_text(encoding="utf-8")
    page = (offline_site / "en/lessons/vasilitsa.html").read_text(encoding="utf-8")
    assert '<script src="../../assets/drom/vendor/iframe-worker/shim.js"></script>' in page
    assert "unpkg.com" not in page


def test_file_urls_do_not_leak_into_the_web_site(packed: Build) -> None:
    page = packed.site / "lessons/vasilitsa/index.html"
    assert page.is_file()
    assert not list(packed.site.glob("**/search_index.js"))
    assert "iframe-worker" not in page.read_text(encoding="utf-8")


def test_opened_from_a_folder_search_and_language_switch_work_offline(browser: object, offline_site: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto((offline_site / "index.html").as_uri())
        page.locator("label.md-header__button[for=__search]").click()
        box = page.locator("input.md-search__input")
        box.fill("легендата")
        box.press("End")  # Material searches on key events
        results = page.locator(".md-search-result__item a")
        results.first.wait_for(timeout=15000)
        links = results.evaluate_all("els => els.map(e => e.href)")
        pages = [urlsplit(href).path for href in links]  # search.highlight adds ?h=<query>
        assert any(path.endswith(f"/{FOLDER}/lessons/vasilitsa.html") for path in pages), links
        page.goto((offline_site / "lessons/vasilitsa.html").as_uri())
        page.locator('a.md-select__link[hreflang="en"]').dispatch_event("click")
        page.wait_for_url("**/en/lessons/vasilitsa.html")
        assert page.locator("html").get_attribute("lang") == "en"
        assert "Vasilitsa" in page.locator("h1").inner_text()
    finally:
        context.close()
    outside = [url for url in requests if not url.startswith(("file://", "data:", "blob:"))]
    assert outside == [], f"requests left the folder: {outside}"
    assert any(url.endswith("/search/search_index.js") for url in requests)


def test_module_zips_hold_the_module_pdfs_and_the_pack_holds_the_pdfs(tmp_path: Path) -> None:
    built = build(make_project(tmp_path / "project"), pdf=True)
    with zipfile.ZipFile(built.site / "pdf/bg/modules/holidays.zip") as archive:
        names = archive.namelist()
        assert all(archive.read(name).startswith(b"%PDF-") for name in names)
    lessons = ["01-first-words", "02-vasilitsa", "03-herdelezi"]
    expected = {"holidays/holidays.pdf", *(f"holidays/{x}.pdf" for x in lessons)}
    assert expected <= set(names)
    assert set(names) - expected <= {f"holidays/{x}-handouts.pdf" for x in lessons}
    assert any(name.endswith("-handouts.pdf") for name in names)
    # The English ZIP has only what exists in English.
    with zipfile.ZipFile(built.site / "pdf/en/modules/holidays.zip") as archive:
        assert "holidays/03-herdelezi.pdf" not in archive.namelist()
    module = built.html("modules/holidays/index.html")
    hrefs = [a["href"] for a in module.select("a.drom-download")]
    assert hrefs == ["../../pdf/bg/modules/holidays.pdf", "../../pdf/bg/modules/holidays.zip"]
    zip_link = module.select("a.drom-download")[1]
    size = (built.site / "pdf/bg/modules/holidays.zip").stat().st_size
    assert re.search(rf"ZIP · {re.escape(shown(size))}", zip_link.get_text(" ", strip=True))
    assert built.html("downloads/index.html").select_one('a[href$="holidays.zip"]') is not None
    # The pack has the PDFs (not the module ZIPs), linked from its own downloads pages.
    site = unzip(built.site / PACK, tmp_path / "unzipped")
    assert digest(site / "pdf/bg/lessons/vasilitsa.pdf") == digest(built.site / "pdf/bg/lessons/vasilitsa.pdf")
    assert not list(site.glob("pdf/*/modules/*.zip"))
    offline_lesson = BeautifulSoup((site / "en/lessons/vasilitsa.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in offline_lesson.select("a.drom-download")] == [
        "../../pdf/en/lessons/vasilitsa.pdf",
        "../../pdf/en/handouts/vasilitsa.pdf",
    ]
    # The slides too, linked beside the classroom view.
    assert digest(site / "pdf/en/slides/vasilitsa.pdf") == digest(built.site / "pdf/en/slides/vasilitsa.pdf")
    slides = offline_lesson.select(".drom-classroom-link a")[-1]["href"]
    assert slides == "../../pdf/en/slides/vasilitsa.pdf"
    assert (site / "downloads.html").is_file()
    assert broken_references(site) == []


@pytest.mark.parametrize(
    ("prefix", "query", "found"),
    [("", "Василица", "lessons/vasilitsa.html"), ("en/", "Vasilitsa", "en/lessons/vasilitsa.html"),
     ("rom/", "čhavo", "rom/lessons/vasilitsa.html")],
    ids=["bg", "en", "rom"],
)
def test_search_works_offline_in_every_language_wherever_the_pack_is_opened(
    browser: object, packed: Build, tmp_path: Path, prefix: str, query: str, found: str
) -> None:
    """Opened from a folder whose path holds "/worker" (a USB stick folder "workers", a user called "worker"):
    Material's search frame looked for lunr's Russian rules (used for Bulgarian) in the wrong folder, so
    `lunr.ru` was undefined and Cyrillic search found nothing. Our worker finds its index pieces from its own
    script's address (drom/assets/search-worker.js), in every language."""
    site = unzip(packed.site / PACK, tmp_path / "workers" / "USB stick")
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    context.add_init_script(
        "window.__dromViolations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__dromViolations.push(e.violatedDirective));"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto((site / prefix / "index.html").as_uri())
        page.locator("label.md-header__button[for=__search]").click()
        box = page.locator("input.md-search__input")
        box.fill(query)
        box.press("End")  # Material searches on key events
        results = page.locator(".md-search-result__item a")
        results.first.wait_for(timeout=15000)
        pages = [urlsplit(href).path for href in results.evaluate_all("els => els.map(e => e.href)")]
        assert any(path.endswith(f"/{FOLDER}/{found}") for path in pages), pages
        assert page.evaluate("window.__dromViolations") == []
    finally:
        context.close()
    assert errors == []


def test_every_page_of_the_pack_has_a_policy_for_files(offline_site: Path) -> None:
    """Opened from a folder, a page has no origin: its own files are `file:`, inline scripts need a hash, and
    the hash of the script the worker shim writes into the search frame is there too."""
    for page in sorted(offline_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        head = html.split("<script", 1)[0]
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
        assert policy is not None, page
        scripts = policy.group(1).split("script-src ", 1)[1].split(";", 1)[0]
        # A page without inline scripts (the classroom view) needs no hash.
        assert scripts == "file:" or scripts.startswith("file: 'sha256-"), page
        assert "unsafe" not in scripts and "http" not in policy.group(1)


def test_the_classroom_view_works_from_the_folder(browser: object, offline_site: Path) -> None:
    """The lesson page links its classroom view as a file, which runs from file:// with nothing from outside."""
    from .test_classroom import walk_the_classroom

    lesson = offline_site / "lessons/vasilitsa.html"
    link = BeautifulSoup(lesson.read_text(encoding="utf-8"), "html.parser").select_one(".drom-classroom-link a")
    assert link is not None and link["href"] == "vasilitsa/classroom/index.html"
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        walk_the_classroom(page, (lesson.parent / link["href"]).as_uri())
        page.locator(".cr-bar__back").click()
        page.wait_for_url("**/lessons/vasilitsa.html")
    finally:
        context.close()
    assert errors == []
    assert [url for url in requests if not url.startswith("file://")] == []
