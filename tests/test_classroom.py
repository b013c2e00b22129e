"""The classroom view of a lesson (drom/classroom.py), phone reading of lesson pages (drom/reading.py) and the
glossary's dialect legend: the library alone, the built fixture site, and headless Chromium."""

from __future__ import annotations

import contextlib
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from drom import classroom, dialects, reading
from drom.loader import load_curriculum

from .conftest import FIXTURES, Build, make_project, run_build
from .test_browser import page, server  # noqa: F401 - the served fixture site and a checked page

START = datetime(2026, 1, 14, 9, 0)

SECTION = """1. Ask: **"When do we celebrate New Year?"**
    *Expected answer: on 1 January.*
2. Tell the legend:

    > They say that once the Roma had to cross a big river.
    > Then St Basil came.

3. Ask: **"Which customs are like
    ours?"** and **„Кой помогнал?“**

    !!! board "Words"

        **baxt** – luck

        > not read aloud: part of the board

4. Show the picture. ![The flag](images/flag.svg)

Keep the groups small (a note for the teacher).
"""


def test_pupil_blocks_are_the_questions_texts_read_aloud_board_and_images_in_order() -> None:
    blocks = classroom.pupil_blocks(SECTION, "../../../media/lessons/x")
    assert [b.kind for b in blocks] == ["questions", "read-aloud", "questions", "board", "image"]
    assert [str(x) for x in blocks[0].items] == ['"When do we celebrate New Year?"']
    assert "St Basil came." in blocks[1].html and "<blockquote>" not in blocks[1].html
    assert [str(x) for x in blocks[2].items] == ['"Which customs are like ours?"', "„Кой помогнал?“"]
    assert blocks[3].title == "Words" and "<strong>baxt</strong>" in blocks[3].html
    assert "<blockquote>" in blocks[3].html, "a board block is taken whole"
    assert 'src="../../../media/lessons/x/images/flag.svg"' in blocks[4].html
    text = " ".join(str(b.html) + " ".join(b.items) for b in blocks)
    assert "Expected answer" not in text and "teacher" not in text


def test_title_only_lists_the_slides_with_nothing_for_the_pupils() -> None:
    curriculum, _ = load_curriculum(FIXTURES / "good" / "curriculum")
    assert curriculum is not None
    bare = {(lesson.id, lang, slide.anchor) for lesson, lang, slide in classroom.title_only(curriculum)}
    assert ("vasilitsa", "en", "reflection") in bare, "an activity of teacher's instructions only"
    assert ("vasilitsa", "en", "legend") not in bare, "the legend is read aloud"
    assert all(classroom.has_view(curriculum.lessons[lesson], lang) for lesson, lang, _ in bare)


def test_author_html_in_a_question_is_escaped_by_markdown_rules_and_the_template() -> None:
    view = classroom.Deck(
        lang="en",
        title='<script>alert("x")</script>',
        slides=(classroom.Slide("a", "<b>Title</b>", "main", "Main", 5),),
        lesson_href="../",
        stylesheet="s.css",
        script="s.js",
        labels={k: classroom.ui("en", k) for k in classroom.STRINGS["en"]},
    )
    html = classroom.render(view)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "&lt;b&gt;Title&lt;/b&gt;" in html
    assert 'data-seconds="300"' in html and ">05:00<" in html


def test_handout_tasks_are_its_headings_with_their_first_instruction() -> None:
    body = "Name: ____\n\n## 1. The holiday\n\nFill in the gaps.\n\n| a | b |\n|---|---|\n\n## 2. The legend\n\n| x |\n|---|\n\nDraw it.\n"
    tasks = [str(x) for x in classroom.handout_tasks(body)]
    assert tasks == ["<strong>1. The holiday</strong><p>Fill in the gaps.</p>", "<strong>2. The legend</strong><p>Draw it.</p>"]


def test_board_blocks_get_a_title_in_the_texts_language() -> None:
    text = '!!! board\n\n    words\n\n  !!! board "Mine"\n'
    assert classroom.board_titles(text, "bg") == '!!! board "На дъската"\n\n    words\n\n  !!! board "Mine"\n'


@pytest.mark.parametrize(
    ("page_url", "target", "directory_urls", "expected"),
    [
        ("lessons/x/", "lessons/x/classroom/index.html", True, "classroom/"),
        ("lessons/x.html", "lessons/x/classroom/index.html", False, "x/classroom/index.html"),
        ("lessons/x/classroom/", "lessons/x/", True, "../"),
        ("en/lessons/x/classroom/", "en/lessons/x.html", False, "../../x.html"),
    ],
)
def test_links_are_relative_and_name_a_file_where_there_is_no_server(
    page_url: str, target: str, directory_urls: bool, expected: str
) -> None:
    assert classroom.href(page_url, target, directory_urls) == expected


def test_tables_scroll_in_a_region_named_after_their_heading() -> None:
    html = '<h2 id="a">Word bank<a class="headerlink" href="#a">¶</a></h2><p>x</p><table><tr><td>1</td></tr></table>'
    out = reading.scrollable_tables(html, "en")
    assert '<div class="drom-table-scroll" role="region" aria-label="Table: Word bank" tabindex="0"><table>' in out
    assert reading.scrollable_tables("<table></table>", "bg").count('aria-label="Таблица"') == 1


def test_the_dialect_legend_names_the_codes_used_in_order() -> None:
    legend = dialects.legend(["SE", "ER", "ER", "CR"], "bg")
    assert re.findall(r"<abbr>(\w+)</abbr>", legend) == ["ER", "SE", "CR"]
    assert "ерлийски (София)" in legend
    assert '<span lang="en">Crimean</span>' in dialects.legend(["CR"], "rom")
    assert dialects.legend([], "en") == ""


# --- the built fixture site ---------------------------------------------------------------------------------


def test_a_classroom_page_per_lesson_and_language_it_is_written_in(built: Build) -> None:
    site = built.site
    assert {p.parent.parent.relative_to(site).as_posix() for p in site.glob("**/classroom/index.html")} == {
        "lessons/vasilitsa",
        "lessons/first-words",
        "lessons/herdelezi",
        "en/lessons/vasilitsa",
        "rom/lessons/vasilitsa",
    }, "not for a title-only translation (first-words in rom) nor a missing one"
    soup = built.html("lessons/vasilitsa/classroom/index.html")
    assert soup.html["lang"] == "bg"
    assert [s["id"] for s in soup.select("section.cr-slide")] == [
        "start",
        "warm-up",
        "legend",
        "reflection",
        "handout-bridge-worksheet",
    ]
    assert not soup.select("script:not([src])") and not soup.select("[style]"), "no inline script or style (CSP)"
    text = soup.get_text(" ")
    assert "Кой помогнал на ромите?" in text and "Свети Васил го построил отново" in text and "phurd" in text
    assert "Обичаите се различават" not in text and "Очакван отговор" not in text, "no teacher notes"
    for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src"), ("a", "href")):
        for element in soup.select(f"{tag}[{attribute}]"):
            url = element[attribute]
            assert not url.startswith(("/", "http")), url
            if not url.startswith("#"):
                target = (site / "lessons/vasilitsa/classroom" / url).resolve()
                assert target.exists(), url
    link = built.html("lessons/vasilitsa/index.html").select_one(".drom-classroom-link a")
    assert link["href"] == "classroom/"
    assert built.html("en/lessons/first-words/index.html").select_one(".drom-classroom-link") is None


def test_lesson_pages_wrap_tables_and_name_the_search_dialog_and_the_glossary_has_a_legend(built: Build) -> None:
    soup = built.html("lessons/vasilitsa/index.html")
    tables = soup.select("article table")
    assert tables
    for table in tables:
        region = table.parent
        assert region["role"] == "region" and region["tabindex"] == "0" and region["aria-label"].startswith("Таблица")
    assert soup.select_one(".md-search[role=dialog]")["aria-label"]
    assert [a["href"] for a in soup.select("nav.drom-activity-nav a")] == ["#warm-up", "#legend", "#reflection"]
    board = soup.select_one(".admonition.board .admonition-title")
    assert board is not None and board.get_text() == "На дъската"
    legend = built.html("en/glossary/index.html").select_one(".drom-dialect-legend")
    assert legend is not None and "Sofia Erli" in legend.get_text()


def test_the_slides_pdf_is_built_linked_from_the_lesson_page_and_named_in_the_lesson_pdf(tmp_path: Path) -> None:
    """A site built with its PDFs: the slides of each lesson with a classroom view, a page per slide."""
    import pikepdf

    from .test_pdf import link_uris, pdftotext, words

    build = run_build(make_project(tmp_path / "project"), env={"DROM_PDF": "1"})
    assert build.returncode == 0, build.output
    site_url = "https://roma-folklore.example.org/"  # mkdocs.yml's default address
    for folder, lang in (("", "bg"), ("rom/", "rom")):
        links = build.html(f"{folder}lessons/vasilitsa/index.html").select(".drom-classroom-link a")
        up = "../" * (2 + folder.count("/"))
        assert [a["href"] for a in links] == ["classroom/", f"{up}pdf/{lang}/slides/vasilitsa.pdf"]
        assert links[1].has_attr("download") and links[1]["type"] == "application/pdf"
        slides = build.html(f"{folder}lessons/vasilitsa/classroom/index.html").select("section.cr-slide")
        pdf = (build.site / folder / "lessons/vasilitsa" / links[1]["href"]).resolve()
        with pikepdf.open(pdf) as document:
            assert len(document.pages) == len(slides) == 5
            assert all(float(page.mediabox[2]) > float(page.mediabox[3]) for page in document.pages), "landscape"
        text = words(pdftotext(pdf))
        assert lang != "bg" or "bango – куц · phurd – мост" in words(pdftotext(pdf, 3)), "the legend's board"
        assert "Очакван отговор" not in text and "Обичаите се различават" not in text
        uris = link_uris(build.site / f"pdf/{lang}/lessons/vasilitsa.pdf")
        assert f"{site_url}{folder}lessons/vasilitsa/classroom/" in uris
        assert f"{site_url}pdf/{lang}/slides/vasilitsa.pdf" in uris
    assert (build.site / "pdf/bg/slides/herdelezi.pdf").is_file()
    assert not (build.site / "pdf/rom/slides/first-words.pdf").exists(), "a title-only translation has no slides"
    assert build.html("rom/lessons/first-words/index.html").select_one(".drom-classroom-link") is None


# --- in the browser -------------------------------------------------------------------------------------------


def walk_the_classroom(page: object, url: str) -> None:  # noqa: F811 - any page, not the fixture
    """Open a classroom view at 1280×720, go through every slide with the keyboard, run and pause a countdown."""
    page.set_viewport_size({"width": 1280, "height": 720})  # type: ignore[attr-defined]
    page.clock.install(time=START)  # type: ignore[attr-defined]
    page.goto(url)  # type: ignore[attr-defined]
    page.clock.pause_at(START + timedelta(seconds=10))  # from here, time moves only by run_for  # type: ignore[attr-defined]
    ids = page.locator("section.cr-slide").evaluate_all("els => els.map(e => e.id)")  # type: ignore[attr-defined]
    assert len(ids) >= 3, ids
    visible = page.locator("section.cr-slide:visible")  # type: ignore[attr-defined]
    assert visible.count() == 1 and visible.get_attribute("id") == ids[0]
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.cr-slide__body, .cr-agenda')).fontSize)")  # type: ignore[attr-defined]
    assert size >= 32, size
    keys = ["ArrowRight", "PageDown", "Space"]
    for number, slide_id in enumerate(ids[1:]):
        page.keyboard.press(keys[number % len(keys)])  # type: ignore[attr-defined]
        assert visible.count() == 1 and visible.get_attribute("id") == slide_id
        assert page.evaluate("location.hash") == f"#{slide_id}"  # type: ignore[attr-defined]
    page.keyboard.press("PageUp")  # type: ignore[attr-defined]
    assert visible.get_attribute("id") == ids[-2]
    page.keyboard.press("Home")  # type: ignore[attr-defined]
    page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
    first = page.locator(f"#{ids[1]}")  # type: ignore[attr-defined]
    clock = first.locator("[data-cr-time]")
    minutes = int(first.locator("[data-cr-timer]").get_attribute("data-seconds")) // 60
    assert clock.inner_text() == f"{minutes:02d}:00"
    page.keyboard.press("t")  # type: ignore[attr-defined]
    page.clock.run_for(5250)  # the display ticks every 250 ms  # type: ignore[attr-defined]
    assert clock.inner_text() == f"{minutes - 1:02d}:55"
    first.locator("[data-cr-toggle]").click()  # pause
    page.clock.run_for(10000)  # type: ignore[attr-defined]
    assert clock.inner_text() == f"{minutes - 1:02d}:55", "paused"
    first.locator("[data-cr-toggle]").click()  # go on to the end
    page.clock.run_for(minutes * 60_000)  # type: ignore[attr-defined]
    assert clock.inner_text() == "00:00"
    assert "cr-timer--done" in (first.locator("[data-cr-timer]").get_attribute("class") or "")


def test_the_classroom_view_runs_from_the_keyboard_with_a_countdown(page: object, server: str) -> None:  # noqa: F811
    walk_the_classroom(page, server + "lessons/vasilitsa/classroom/")


def test_a_swipe_goes_to_the_next_slide(page: object, server: str) -> None:  # noqa: F811
    page.goto(server + "en/lessons/vasilitsa/classroom/#legend")  # type: ignore[attr-defined]
    assert page.locator("section.cr-slide:visible").get_attribute("id") == "legend"  # type: ignore[attr-defined]
    page.evaluate(  # type: ignore[attr-defined]
        """() => { const t = (x) => [new Touch({identifier: 1, target: document.body, clientX: x, clientY: 300})];
        document.dispatchEvent(new TouchEvent('touchstart', {touches: t(300), changedTouches: t(300)}));
        document.dispatchEvent(new TouchEvent('touchend', {touches: [], changedTouches: t(100)})); }"""
    )
    assert page.locator("section.cr-slide:visible").get_attribute("id") == "reflection"  # type: ignore[attr-defined]


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width) problems.push('the page scrolls sideways');
  for (const el of document.querySelectorAll('.md-header *, .md-content *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || el.closest('.md-search')) continue;  // the closed search waits off-screen
    const style = getComputedStyle(el);
    if (el.tagName === 'TD' || el.tagName === 'TH') {
      if (el.scrollWidth > el.clientWidth + 1) problems.push('cell cut: ' + el.textContent.trim());
    }
    if (box.right <= width + 1 && box.left >= -1) continue;
    let scroller = el.parentElement;
    while (scroller && !(['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)
                         && scroller.scrollWidth > scroller.clientWidth
                         && scroller.getBoundingClientRect().right <= width + 1)) scroller = scroller.parentElement;
    if (!scroller) {
      problems.push(`${el.tagName}.${el.className} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  for (const table of document.querySelectorAll('.md-content table')) {
    const region = table.closest('[role=region][aria-label]');
    if (!region) problems.push('a table outside a labelled region');
    else if (region.scrollWidth > region.clientWidth && region.getAttribute('tabindex') !== '0')
      problems.push('a table region that scrolls but takes no keyboard focus');
  }
  return problems;
}"""


def test_every_lesson_page_fits_a_360_px_phone(page: object, server: str, built: Build) -> None:  # noqa: F811
    """No element wider than the screen (tables scroll inside their region), no table cell cut off."""
    page.set_viewport_size({"width": 360, "height": 740})  # type: ignore[attr-defined]
    lessons = sorted(
        p.parent.relative_to(built.site).as_posix() + "/"
        for p in built.site.glob("**/lessons/*/index.html")
        if p.parent.name != "classroom"
    )
    assert len(lessons) == 9, lessons
    for lesson in lessons:
        page.goto(server + lesson)  # type: ignore[attr-defined]
        page.wait_for_function("document.querySelector('.md-typeset__scrollwrap') || !document.querySelector('table')")  # type: ignore[attr-defined]
        # The theme wraps tables once its script has started: give the layout a moment to settle; if it does
        # not, the assertion below names what sticks out.
        with contextlib.suppress(Exception):
            page.wait_for_function(f"({OVERFLOW})().length === 0", timeout=5000)  # type: ignore[attr-defined]
        assert page.evaluate(OVERFLOW) == [], lesson  # type: ignore[attr-defined]
        title = page.locator(".md-header__topic .md-ellipsis").first  # type: ignore[attr-defined]
        assert title.evaluate("el => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1"), lesson


def test_the_activity_bar_follows_the_reader_and_folds_survive_a_reload(page: object, server: str) -> None:  # noqa: F811
    page.set_viewport_size({"width": 360, "height": 740})  # type: ignore[attr-defined]
    page.goto(server + "en/lessons/vasilitsa/")  # type: ignore[attr-defined]
    bar = page.locator(".drom-activity-nav__current")  # type: ignore[attr-defined]
    assert bar.inner_text().startswith("Activity 1 of 3")
    page.locator("h2#legend").evaluate("el => el.scrollIntoView()")  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('.drom-activity-nav__current').textContent.startsWith('Activity 2 of 3')")  # type: ignore[attr-defined]
    top = page.locator(".drom-activity-nav").evaluate("el => el.getBoundingClientRect().top")  # type: ignore[attr-defined]
    assert 40 <= top <= 60, f"the bar sticks under the header, at {top}"
    toggle = page.locator(".drom-fold-toggle[data-activity=legend]")  # type: ignore[attr-defined]
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert "fold=legend" in page.url  # type: ignore[attr-defined]
    assert not page.get_by_text("Once the Roma had to cross").is_visible()  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_text("Once the Roma had to cross").is_visible()  # type: ignore[attr-defined]
    toggle.click()
    assert page.get_by_text("Once the Roma had to cross").is_visible()  # type: ignore[attr-defined]
    assert "fold=" not in page.url  # type: ignore[attr-defined]
