"""The calendar of the year: fixed days and movable feasts, their computed dates, their validation, and how
the calendar page, the home page's list and the .ics feed show them.

Pinned dates and where they come from:
- Orthodox Easter 2026-04-12, 2027-05-02, 2028-04-16: the Orthodox (Julian) computus, as listed in
  ../shared/content/SOURCES.md §7; Lazarovden is the Saturday eight days before (2027-04-24).
- Ramazan Bayram 2026-03-20 and Kurban Bayram 2026-05-27: announced in Diyanet's 2026 religious calendar
  (bibliography: diyanet-2026-dunya).
- Ramazan Bayram 2027-03-09 and Kurban Bayram 2027-05-16: the Umm al-Qura calendar's 1 Shawwal and
  10 Dhu al-Hijjah 1448 AH. The day kept is announced near the time (moon sighting, the Chief Mufti's Office),
  so these are expected civil dates, checked to within the one day the calendar states.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from drom import dates
from drom import model as m
from drom.loader import load_curriculum
from drom.pages import build_pages, calendar_ics

from .conftest import GOOD, REPO, Build, run_build
from .test_loader import edit

EASTER = m.MovableDate(rule="orthodox-easter")
LAZAROVDEN = m.MovableDate(rule="orthodox-easter", offset=-8)
FITR = m.MovableDate(rule="eid-al-fitr")
ADHA = m.MovableDate(rule="eid-al-adha")


@pytest.mark.parametrize(
    ("year", "expected"), [(2026, date(2026, 4, 12)), (2027, date(2027, 5, 2)), (2028, date(2028, 4, 16))]
)
def test_orthodox_easter(year: int, expected: date) -> None:
    assert dates.occurrences(EASTER, year) == [expected]


def test_lazarovden_is_the_saturday_eight_days_before_easter() -> None:
    assert dates.occurrences(LAZAROVDEN, 2027) == [date(2027, 4, 24)]
    assert all(day.weekday() == 5 for year in range(2026, 2040) for day in dates.occurrences(LAZAROVDEN, year))


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (FITR, date(2026, 3, 20)),
        (ADHA, date(2026, 5, 27)),
        (FITR, date(2027, 3, 9)),
        (ADHA, date(2027, 5, 16)),
    ],
)
def test_bayrams_fall_within_the_stated_day_of_the_expected_civil_date(rule: m.MovableDate, expected: date) -> None:
    (computed,) = dates.occurrences(rule, expected.year)
    allowed = dates.RULES[rule.rule].uncertainty
    assert allowed == 1
    assert abs(computed - expected) <= timedelta(days=allowed), computed


def test_a_gregorian_year_can_hold_a_bayram_twice_and_easter_is_certain() -> None:
    assert dates.occurrences(FITR, 2033) == [date(2033, 1, 2), date(2033, 12, 23)]
    assert dates.RULES["orthodox-easter"].uncertainty == 0


def test_the_years_shown_come_from_the_build_date_not_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1830297600")  # 2028-01-01
    assert dates.build_year() == 2028
    assert dates.years() == [2028, 2029, 2030, 2031]


def test_the_shipped_calendar_has_the_whole_year() -> None:
    curriculum, diag = load_curriculum(REPO / "curriculum")
    assert curriculum is not None and diag.errors == []
    events = {event.id: event for event in curriculum.events}
    assert len(events) >= 12
    assert events["romani-language-day"].date == "11-05"
    assert events["roma-resistance-day"].date == "05-16"
    assert events["babinden"].date == "01-21"
    assert events["lazarovden"].date == LAZAROVDEN
    assert {events[e].date.rule for e in ("orthodox-easter", "ramazan-bayram", "kurban-bayram")} == {  # type: ignore[union-attr]
        "orthodox-easter",
        "eid-al-fitr",
        "eid-al-adha",
    }
    assert all(event.sources for event in curriculum.events), "every event cites its sources"


MOVABLE_EVENTS = """
  - id: lazarovden
    date: {rule: orthodox-easter, offset: -8}
    name: {bg: Лазаровден, en: Lazarovden}
    description: {bg: Съботата преди Цветница., en: The Saturday before Palm Sunday.}
  - id: kurban-bayram
    date: {rule: eid-al-adha}
    name: {bg: Курбан Байрам, en: Kurban Bayram}
    description: {bg: Празникът на жертвоприношението., en: The feast of the sacrifice.}
"""


def curriculum_with(tmp_path: Path, events: str) -> Path:
    root = tmp_path / "curriculum"
    shutil.copytree(GOOD / "curriculum", root)
    with (root / "calendar.yml").open("a", encoding="utf-8") as file:
        file.write(events)
    return root


@pytest.mark.parametrize(
    ("old", "new", "line", "words", "hint"),
    [
        (
            "{rule: eid-al-adha}",
            "{rule: eid-al-adah}",
            13,
            "not 'eid-al-adah'. Did you mean 'eid-al-adha'?",
            "rule: orthodox-easter",
        ),
        ("offset: -8}", "ofset: -8}", 9, "Unknown key 'ofset' in the calendar. Did you mean 'offset'?", "rule, offset"),
        ("offset: -8}", "offset: -800}", 9, "`events.date.offset` must be at least -100", ""),
        ('date: "01-14"', 'date: "02-30"', 3, "'02-30' is not a day of every year", '"02-28"'),
        ('date: "01-14"', 'date: "14-01"', 3, "must be a date as month-day in quotes", "rule: orthodox-easter"),
    ],
)
def test_a_wrong_date_is_one_located_problem_with_a_hint(
    tmp_path: Path, old: str, new: str, line: int, words: str, hint: str
) -> None:
    root = curriculum_with(tmp_path, MOVABLE_EVENTS)
    edit(root / "calendar.yml", old, new)
    _, diag = load_curriculum(root)
    problems = diag.problems
    assert len(problems) == 1, [p.format() for p in problems]
    problem = problems[0]
    assert (problem.file, problem.line) == ("curriculum/calendar.yml", line)
    assert problem.column > 0
    assert words in problem.message
    assert hint in problem.hint


def test_the_page_and_the_feed_date_movable_feasts_for_the_coming_years(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from icalendar import Calendar

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01
    curriculum, diag = load_curriculum(curriculum_with(tmp_path, MOVABLE_EVENTS))
    assert curriculum is not None and diag.problems == []
    page = next(p for p in build_pages(curriculum, "en") if p.kind == "calendar")
    assert '<time datetime="2027-04-24">24 April 2027</time>' in page.markdown
    assert '<time datetime="2030-04-20">20 April 2030</time>' in page.markdown
    assert "Orthodox Easter, 8 days before it" in page.markdown
    assert "may be 1 day off" in page.markdown  # only the Bayram states the uncertainty
    assert page.markdown.count("drom-dates__note") == 1
    feed = Calendar.from_ical(calendar_ics(curriculum, "en"))
    events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    assert "vasilitsa@drom-curriculum" in events
    assert str(events["vasilitsa@drom-curriculum"]["RRULE"].to_ical(), "ascii") == "FREQ=YEARLY"
    lazarovden = sorted(uid for uid in events if uid.startswith("lazarovden-"))
    assert lazarovden == [
        f"lazarovden-{d}@drom-curriculum" for d in ("2027-04-24", "2028-04-08", "2029-03-31", "2030-04-20")
    ]
    assert all("RRULE" not in events[uid] for uid in lazarovden)
    assert events["lazarovden-2027-04-24@drom-curriculum"].decoded("DTSTART") == date(2027, 4, 24)
    kurban = [e for uid, e in events.items() if uid.startswith("kurban-bayram-")]
    assert len(kurban) == 4
    assert "1 day off" in str(kurban[0]["DESCRIPTION"])


def test_the_built_calendar_and_home_page_show_the_next_days(
    project: Path, monkeypatch: pytest.MonkeyPatch, browser: object
) -> None:
    """The calendar page lists each movable feast's days; on the home page the script shows the next one."""
    import functools
    import http.server
    import threading

    with (project / "curriculum/calendar.yml").open("a", encoding="utf-8") as file:
        file.write(MOVABLE_EVENTS)
    with (project / "docs/index.md").open("a", encoding="utf-8") as file:
        file.write("\n<!-- drom:upcoming -->\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: the build shows 2026-2029
    build: Build = run_build(project)
    assert build.returncode == 0, build.output
    soup = build.html("en/calendar/index.html")
    shown = [t["datetime"] for t in soup.select("#lazarovden ~ ul.drom-dates")[0].select("time")]
    assert shown == ["2026-04-04", "2027-04-24", "2028-04-08", "2029-03-31"]
    home = build.html("index.html")
    item = home.select_one('[data-drom-upcoming] li:has(a[href$="#kurban-bayram"])')
    assert item is not None
    assert item["data-dates"].split() == ["2026-05-27", "2027-05-16", "2028-05-05", "2029-04-24"]
    assert [t.has_attr("hidden") for t in item.select("time")] == [False, True, True, True]
    rom = build.html("rom/calendar/index.html")
    assert rom.select_one("#kurban-bayram ~ p.drom-meta span[lang=en]") is not None, "English fallback is marked"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - upstream name
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(build.site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.clock.set_fixed_time("2027-04-20T10:00:00")  # after Ramazan Bayram, before Lazarovden 2027
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
        items = page.locator("[data-drom-upcoming] li")
        assert [href.split("#")[1] for href in items.locator("a").evaluate_all("as => as.map(a => a.href)")] == [
            "lazarovden",
            "kurban-bayram",
            "vasilitsa",
        ]
        assert "drom-upcoming__next" in (items.first.get_attribute("class") or "")
        assert items.first.locator("time:visible").inner_text() == "24 април 2027 г."
        assert items.nth(1).locator("time:visible").inner_text() == "16 май 2027 г."
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()
