"""End-to-end: the built fixture site served on 127.0.0.1, driven in headless Chromium as a teacher would."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest

from .conftest import Build


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - upstream name
        pass


@pytest.fixture(scope="module")
def server(built: Build) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


WATCH_CSP = """
window.__dromViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__dromViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sample);
});
"""
"""Collects every Content-Security-Policy violation of a page (the event fires on the document)."""


def watch(context: object) -> tuple[list[str], list[str]]:
    """Record every CSP violation (event and console) of the context's pages: (violations, console lines)."""
    console: list[str] = []
    context.add_init_script(WATCH_CSP)  # type: ignore[attr-defined]
    context.on(  # type: ignore[attr-defined]
        "console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None
    )
    return [], console


@pytest.fixture
def page(browser: object, server: str) -> Iterator[object]:
    # bypass_csp: Playwright's wait_for_function polls by evaluating strings in the page, which the site's policy
    # blocks when the first check is false (a loaded machine). The policy itself is checked in its own context
    # (test_every_page_keeps_the_content_security_policy).
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 390, "height": 844}, has_touch=True, bypass_csp=True
    )
    _, console = watch(context)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.requests = requests
    yield page
    assert errors == [], f"script errors on the page: {errors}"
    assert console == [], f"Content-Security-Policy violations: {console}"
    outside = [url for url in requests if not url.startswith(("http://127.0.0.1:", "data:", "blob:"))]
    assert outside == [], f"requests left 127.0.0.1: {outside}"
    context.close()


def search(page: object, query: str) -> list[str]:
    """Open Material's search, type the query, return the result links."""
    page.locator("label.md-header__button[for=__search]").click()  # type: ignore[attr-defined]
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.fill(query)
    box.press("End")  # Material searches on key events; fill() alone types without any
    results = page.locator(".md-search-result__item a")  # type: ignore[attr-defined]
    results.first.wait_for(timeout=15000)
    return [href for href in results.evaluate_all("els => els.map(e => e.href)")]


def test_language_switch_keeps_the_lesson(page: object, server: str) -> None:
    page.goto(server + "lessons/vasilitsa/")  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "bg"  # type: ignore[attr-defined]
    page.locator(".md-select").first.hover()  # type: ignore[attr-defined]
    page.locator("a.md-select__link[hreflang=en]").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/en/lessons/vasilitsa/")  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "en"  # type: ignore[attr-defined]
    assert "Vasilitsa" in page.locator("h1").inner_text()  # type: ignore[attr-defined]


def test_cyrillic_search_finds_the_bulgarian_lesson(page: object, server: str) -> None:
    page.goto(server + "lessons/first-words/")  # type: ignore[attr-defined]
    links = search(page, "легендата")
    assert any("/lessons/vasilitsa/" in href and "/en/" not in href for href in links), links
    # Only the Bulgarian index is downloaded for a Bulgarian page.
    assert any(url.endswith("/search/search_index.json") and "/en/" not in url for url in page.requests)  # type: ignore[attr-defined]
    assert not any("/en/search/" in url or "/rom/search/" in url for url in page.requests)  # type: ignore[attr-defined]


def test_the_search_index_loads_only_when_the_reader_searches(page: object, server: str) -> None:
    """A lesson opened on a phone costs no search index nor worker; opening search fetches them and finds the lesson."""
    page.goto(server + "lessons/first-words/", wait_until="networkidle")  # type: ignore[attr-defined]
    page.wait_for_timeout(1000)  # type: ignore[attr-defined]
    assert not [url for url in page.requests if "search" in url]  # type: ignore[attr-defined]
    links = search(page, "легендата")
    assert any("/lessons/vasilitsa/" in href for href in links), links
    assert [url for url in page.requests if "search_index" in url] == [server + "search/search_index.json"]  # type: ignore[attr-defined]
    assert len([url for url in page.requests if url.endswith("/assets/drom/search-worker.js")]) == 1  # type: ignore[attr-defined]


def test_a_search_link_with_a_query_loads_the_index_at_once(page: object, server: str) -> None:
    page.goto(server + "lessons/first-words/?q=легендата")  # type: ignore[attr-defined]
    results = page.locator(".md-search-result__item a")  # type: ignore[attr-defined]
    results.first.wait_for(timeout=15000)
    assert any("/lessons/vasilitsa/" in href for href in results.evaluate_all("els => els.map(e => e.href)"))


@pytest.mark.parametrize("word", ["čhavo", "škola"])
def test_romani_words_with_diacritics_are_found_whole(page: object, server: str, word: str) -> None:
    page.goto(server + "glossary/")  # type: ignore[attr-defined]
    links = search(page, word)
    assert any("/lessons/vasilitsa/" in href for href in links), links


def test_english_pages_search_the_english_index(page: object, server: str) -> None:
    page.goto(server + "en/lessons/vasilitsa/")  # type: ignore[attr-defined]
    links = search(page, "bridge")
    assert any("/en/" in href for href in links), links
    assert any(url.endswith("/en/search/search_index.json") for url in page.requests)  # type: ignore[attr-defined]


def test_catalogue_filters_by_grade_and_keeps_it_in_the_url(page: object, server: str) -> None:
    page.goto(server + "en/catalogue/")  # type: ignore[attr-defined]
    items = page.locator(".drom-catalogue__item")  # type: ignore[attr-defined]
    assert items.count() == 3
    page.select_option("select[name=grade]", "4")  # type: ignore[attr-defined]
    visible = page.locator(".drom-catalogue__item:visible a")  # type: ignore[attr-defined]
    # first-words has no English text yet: its Bulgarian title is listed (marked lang="bg").
    assert sorted(visible.all_inner_texts()) == ["Първи думи на романес", "Хедерлез – празникът на пролетта"]
    assert "grade=4" in page.url  # type: ignore[attr-defined]
    # The filtered view can be shared: opening the URL shows the same lessons.
    page.goto(server + "en/catalogue/?grade=2")  # type: ignore[attr-defined]
    assert page.locator(".drom-catalogue__item:visible").count() == 2  # type: ignore[attr-defined]
    assert page.locator("select[name=grade]").input_value() == "2"  # type: ignore[attr-defined]


def test_tapping_a_romani_word_shows_its_meaning(page: object, server: str) -> None:
    page.goto(server + "en/lessons/vasilitsa/")  # type: ignore[attr-defined]
    word = page.locator("button.drom-term__word").first  # type: ignore[attr-defined]
    tip_id = word.get_attribute("aria-describedby")
    tip = page.locator(f"#{tip_id}")  # type: ignore[attr-defined]
    assert not tip.is_visible()
    word.tap()
    assert tip.is_visible()
    assert tip.inner_text().strip() != ""
    page.locator("h1").click()  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]


def test_glossary_search_filters_entries(page: object, server: str) -> None:
    page.goto(server + "en/glossary/")  # type: ignore[attr-defined]
    page.fill("#drom-glossary-q", "chavo")  # type: ignore[attr-defined]
    visible = page.locator(".drom-glossary__entry:visible dt")  # type: ignore[attr-defined]
    assert [t.split("(")[0].strip() for t in visible.all_inner_texts()] == ["čhavo"]


def test_calendar_feed_parses_with_the_expected_events(built: Build) -> None:
    from icalendar import Calendar

    for prefix in ("", "en/", "rom/"):
        calendar = Calendar.from_ical((built.site / prefix / "calendar.ics").read_bytes())
        events = calendar.walk("VEVENT")
        assert [str(e["UID"]) for e in events] == ["vasilitsa@drom-curriculum"]
        assert events[0].decoded("DTSTART").strftime("%m-%d") == "01-14"
        assert str(events[0]["RRULE"].to_ical(), "ascii") == "FREQ=YEARLY"
    en = Calendar.from_ical((built.site / "en/calendar.ics").read_bytes())
    assert str(en.walk("VEVENT")[0]["SUMMARY"]) == "Vasilitsa"


def test_printing_a_lesson_keeps_the_lesson_and_drops_the_chrome(page: object, server: str) -> None:
    page.goto(server + "lessons/vasilitsa/")  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".drom-tools", ".drom-breadcrumbs"):
        assert not page.locator(chrome).first.is_visible(), chrome  # type: ignore[attr-defined]
    for kept in ("aside.drom-panel", "h2#warm-up", "h2#legend", "h2#teacher-notes", "#handout-bridge-worksheet"):
        assert page.locator(kept).first.is_visible(), kept  # type: ignore[attr-defined]
    pdf = page.pdf(format="A4")  # type: ignore[attr-defined]
    assert pdf.startswith(b"%PDF-")


def test_material_starts_after_the_first_paint_and_still_works(page: object, server: str) -> None:
    """The bundle is fetched once the lesson is on screen, then mounts as usual (table of contents follows)."""
    page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.goto(server + "lessons/vasilitsa/")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "performance.getEntriesByType('resource').some(e => e.name.includes('/javascripts/bundle.'))"
    )
    paint, bundle = page.evaluate(  # type: ignore[attr-defined]
        """() => [performance.getEntriesByName('first-contentful-paint')[0].startTime,
                  performance.getEntriesByType('resource').find(e => e.name.includes('/javascripts/bundle.')).startTime]"""
    )
    # A paint entry's time is when the compositor reports the frame shown, which can come after start.js's
    # second animation frame has already begun the fetch: within one frame (a fresh-clone run saw the bundle
    # 2.2 ms before a paint reported at 180 ms). Loaded with the page, the bundle would start long before.
    frame = 1000 / 60
    assert bundle >= paint - frame, (paint, bundle)
    page.locator("h2#teacher-notes").evaluate("el => el.scrollIntoView({block: 'start'})")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "(document.querySelector('.md-sidebar--secondary .md-nav__link--active') || {}).hash === '#teacher-notes'",
        timeout=10000,
    )


def test_the_light_dark_switch_follows_the_system_then_the_reader(page: object, server: str) -> None:
    page.emulate_media(color_scheme="dark")  # type: ignore[attr-defined]
    page.goto(server + "lessons/vasilitsa/")  # type: ignore[attr-defined]
    body = page.locator("body")  # type: ignore[attr-defined]
    assert body.get_attribute("data-md-color-scheme") == "slate"
    assert page.locator("meta[name=theme-color]").get_attribute("content").startswith("#")  # type: ignore[attr-defined]
    page.locator("[data-drom-palette] label:visible").click()  # type: ignore[attr-defined]
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.reload()  # type: ignore[attr-defined]
    assert body.get_attribute("data-md-color-scheme") == "default", "the reader's choice is kept"
    page.locator("[data-drom-palette] input:checked").focus()  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert body.get_attribute("data-md-color-scheme") == "slate"
    assert page.locator("[data-drom-palette] label:visible").count() == 1  # type: ignore[attr-defined]


def test_without_javascript_the_catalogue_filters_are_links_to_their_lessons(browser: object, server: str) -> None:
    """No script: a filter is a link to a page of its lessons, whose own filters lead on, and back."""
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(server + "en/catalogue/")
        page.locator(".drom-facets a", has_text="grade 2").click()
        page.wait_for_url("**/en/catalogue/grade-2/")
        listed = page.locator(".drom-catalogue__item:visible a")
        assert listed.count() == 2
        assert "Първи думи на романес" in listed.all_inner_texts()  # first-words: grades 2-4, no English text
        assert page.locator(".drom-facets [aria-current=page]").inner_text() == "grade 2"
        page.locator(".drom-facets a", has_text="Romanes").click()
        page.wait_for_url("**/en/catalogue/lang-rom/")
        assert [href.split("/")[-2] for href in listed.evaluate_all("els => els.map(e => e.href)")] == ["vasilitsa"]
        page.locator(".drom-facets a", has_text="Lesson catalogue").click()
        page.wait_for_url("**/en/catalogue/")
        assert page.locator(".drom-catalogue__item:visible").count() == 3
    finally:
        context.close()


def test_without_javascript_the_pages_read_as_plain_lists(browser: object, server: str) -> None:
    """No script: every lesson is listed, the controls that need a script are not shown, the lesson reads."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(server + "en/catalogue/")
        assert page.locator(".drom-catalogue__item:visible").count() == 3
        assert not page.locator("form.drom-filters").is_visible()
        page.goto(server + "lessons/vasilitsa/")
        assert not page.locator(".drom-tools").is_visible()
        assert page.locator("aside.drom-panel").is_visible()
        assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    finally:
        context.close()


def test_every_page_keeps_the_content_security_policy(browser: object, server: str, built: Build) -> None:
    """Each page carries its policy (a <meta>, with the hashes of its inline scripts; _headers for hosts that
    read it), and opening it, with Material started after the first paint, breaks none of it."""
    headers = (built.site / "_headers").read_text(encoding="utf-8")
    assert "Content-Security-Policy: default-src 'none'; script-src 'self' 'sha256-" in headers
    assert "unsafe-inline" not in headers.split("script-src", 1)[1].split(";", 1)[0]
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    _, console = watch(context)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    pages = sorted(p.relative_to(built.site).as_posix() for p in built.site.rglob("*.html"))
    assert len(pages) > 40
    violations = []
    try:
        for path in pages:
            html = (built.site / path).read_text(encoding="utf-8")
            assert '<meta http-equiv="Content-Security-Policy"' in html.split("<script", 1)[0], path
            page.goto(server + path)
            if path != "404.html" and not path.endswith("/classroom/index.html"):  # the classroom view has no theme
                page.wait_for_selector("html[data-drom-material=started]", timeout=15000)
            found = page.evaluate("window.__dromViolations")
            violations += [f"{path}: {v}" for v in found]
        page.goto(server + "lessons/vasilitsa/")
        search(page, "легендата")  # the search worker and its index under the policy
        violations += page.evaluate("window.__dromViolations")
    finally:
        context.close()
    assert violations == [] and console == [], (violations, console)
    outside = [url for url in requests if not url.startswith((server, "data:", "blob:"))]
    assert outside == []


def test_the_print_button_prints_once(browser: object, server: str) -> None:
    """Material is sent a second DOMContentLoaded after it loads: our handlers are set up once all the same."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)  # type: ignore[attr-defined]
    context.add_init_script(
        "window.__dromPrints = 0; window.print = function () { window.__dromPrints += 1; };"
        "window.__dromLoaded = 0;"
        "document.addEventListener('DOMContentLoaded', function () { window.__dromLoaded += 1; });"
    )
    page = context.new_page()
    try:
        page.goto(server + "lessons/vasilitsa/")
        page.wait_for_function("window.__dromLoaded === 2")  # the browser's, then the one sent to Material
        page.locator("[data-drom-print]").click()
        assert page.evaluate("window.__dromPrints") == 1
    finally:
        context.close()
