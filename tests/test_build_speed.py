"""The build's speed-ups change no output: languages built in a forked process (drom.site.parallel), and
caches that never serve what an edit made stale. (Timings are scripts/bench.py's, never a test's.)"""

from __future__ import annotations

import pickle
import re
import shutil
import typing
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from drom.site import parallel
from drom.site.search import read_language
from drom.site.state import LanguageState, absorbed, merged
from tests.conftest import Build, run_build


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build_into(project: Path, name: str, jobs: str) -> tuple[Path, int, str]:
    """The site built with DROM_JOBS=jobs, moved to `name`, the page count of the build's summary line, and the
    build's output (verbose)."""
    build = run_build(project, "--verbose", env={"DROM_JOBS": jobs, "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"})
    assert build.returncode == 0, build.output[-3000:]
    target = project.parent / name
    shutil.move(str(build.site), target)
    summary = re.search(r"(?:Built|Готово:) (\d+) ", build.output)
    assert summary is not None, build.output[-2000:]
    return target, int(summary.group(1)), build.output


def test_languages_built_in_forked_processes_give_the_same_site_byte_for_byte(project: Path) -> None:
    site_one, pages_one, output_one = build_into(project, "one-at-a-time", "1")
    site_two, pages_two, output_two = build_into(project, "parallel", "2")
    # One process per language but the default, each its own; none with DROM_JOBS=1.
    forks = dict(re.findall(r"Process (\d+) builds (\w+)", output_two))
    assert sorted(forks.values()) == ["en", "rom"] and len(forks) == 2, output_two[-3000:]
    # The last language's pages are written by its process and a sibling, half each.
    halves = re.findall(r"Process \d+ writes (\d+) of the (\d+) pages", output_two)
    assert len(halves) == 1 and int(halves[0][1]) > 10 and int(halves[0][0]) == int(halves[0][1]) // 2, halves
    assert not re.search(r"Process \d+ builds", output_one)
    one, two = files_of(site_one), files_of(site_two)
    assert sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []
    # The summary counts the forked language's pages too (every page of the site but the 404s and classroom views).
    written = [p for p in two if p.endswith(".html") and not p.endswith("404.html") and "/classroom/" not in p]
    assert pages_two == pages_one == len(written)
    # The forked processes' languages are there in full: their pages, search pieces and sitemap entries.
    assert "en/lessons/vasilitsa/index.html" in two and "rom/lessons/herdelezi/index.html" in two
    assert "en/search/search_index.json" in two and "rom/search/search_index.json" in two
    assert b"/en/lessons/vasilitsa/" in two["sitemap.xml"]
    # Its state reached the process that wrote them: its fallback page (herdelezi has no English text) is out
    # of the sitemap and of its search pieces, and its 404 page is its own.
    assert b"/en/lessons/herdelezi/" not in two["sitemap.xml"]
    english = {doc["location"].split("#")[0] for doc in read_language(site_two / "en" / "search")[0]}
    assert "lessons/vasilitsa/" in english and "lessons/herdelezi/" not in english
    assert b'lang="en"' in two["en/404.html"] and two["en/404.html"] != two["404.html"]


SAMPLES: dict[Any, Any] = {
    int: 7,
    str: '<html lang="en">…</html>',
    set[str]: {"en/about/", "en/lessons/herdelezi/"},
    dict[str, str]: {"en/about/": "bg"},
    dict[str, dict[str, str]]: {"en/about/": {"history": "bg"}},
}
"""A value other than the default for each type of LanguageState's fields (a new type needs one here)."""


def test_the_forked_build_hands_back_every_field_of_a_language_state() -> None:
    hints = typing.get_type_hints(LanguageState)
    state = LanguageState()
    for item in fields(LanguageState):
        assert hints[item.name] in SAMPLES, f"LanguageState.{item.name}: add a sample of {hints[item.name]}"
        assert getattr(state, item.name) != SAMPLES[hints[item.name]], item.name  # a fresh state is empty
        setattr(state, item.name, SAMPLES[hints[item.name]])
    sent = parallel.Result(languages={"en": state})
    back: parallel.Result = pickle.loads(parallel._dumps(sent))  # noqa: S301 - our own bytes
    assert back.languages == {"en": state}
    assert back.error is None and back.error_text == ""
    # The plugin adds the forked languages to its own, in the languages' order, replacing a stale copy.
    ours = {"bg": LanguageState(pages_written=1), "en": LanguageState(), "rom": LanguageState(pages_written=3)}
    together = merged(ours, back.languages, ["bg", "en", "rom"])
    assert list(together) == ["bg", "en", "rom"]
    assert together["en"] == state and together["rom"].pages_written == 3


@pytest.mark.parametrize("lang", ["en", "rom"])  # forked before the Bulgarian pages are read; after they are
def test_a_warning_in_a_forked_language_fails_the_build_and_publishes_nothing(project: Path, lang: str) -> None:
    (project / "docs" / f"about.{lang}.md").write_text("# About\n\n[Broken](no-such-page.md)\n", encoding="utf-8")
    build = run_build(project, env={"DROM_JOBS": "2"})
    assert build.returncode != 0
    assert "no-such-page.md" in build.output
    assert not build.site.exists()
    assert not list(project.glob(".site.staging*"))


def test_broken_anchors_in_either_half_of_the_last_languages_pages_fail_the_build_once_each(project: Path) -> None:
    """The process that writes a page checks its links' anchors (`parallel.RenderHalves`): a broken one in the
    first half (a hand-written page) and one in the second (a lesson) are each reported once, and fail the build."""
    (project / "docs" / "about.rom.md").write_text("# Amaro\n\n[Tele](#nane-akava)\n", encoding="utf-8")
    lesson = project / "curriculum" / "lessons" / "vasilitsa" / "lesson.rom.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n[Upre](#nane-kodova)\n", encoding="utf-8")
    # Not --verbose: MkDocs 1.6 checks no anchors when it logs debug lines (Page.render keeps no links then).
    build = run_build(project, env={"DROM_JOBS": "2"})
    assert build.returncode != 0
    for anchor in ("nane-akava", "nane-kodova"):
        assert len(re.findall(rf"WARNING.*#{anchor}", build.output)) == 1, (anchor, build.output[-3000:])
    assert not build.site.exists()


def test_a_language_state_from_two_halves_keeps_every_field() -> None:
    """`absorbed` adds up each field of two processes' states of one language: a new field must say how."""
    hints = typing.get_type_hints(LanguageState)
    state = LanguageState()
    for item in fields(LanguageState):
        setattr(state, item.name, SAMPLES[hints[item.name]])
    assert absorbed(state, LanguageState()).pages_written == 7
    for item in fields(LanguageState):
        if item.name in ("pages_written", "foreign_headings"):
            continue  # summed; emptied as pages are written, so kept only where neither process wrote it
        assert getattr(absorbed(state, LanguageState()), item.name) == getattr(state, item.name), item.name
        assert getattr(absorbed(LanguageState(), state), item.name) == getattr(state, item.name), item.name
    assert (
        absorbed(state, state).pages_written == 14 and absorbed(state, state).foreign_headings == state.foreign_headings
    )
    assert absorbed(state, LanguageState()).foreign_headings == {}


def test_each_language_404_page_switches_to_the_language_home_pages(project: Path) -> None:
    build: Build = run_build(project, env={"DROM_JOBS": "2"})
    assert build.returncode == 0, build.output[-3000:]
    for path in ("404.html", "en/404.html", "rom/404.html"):
        page = BeautifulSoup((build.site / path).read_text(encoding="utf-8"), "html.parser")
        links = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link")}
        assert links == {"bg": "/", "en": "/en/", "rom": "/rom/"}, path


def test_a_language_state_that_does_not_pickle_fails_the_build_with_why() -> None:
    state = LanguageState()
    state.foreign_titles = {"en/": lambda: "bg"}  # type: ignore[dict-item]
    back: parallel.Result = pickle.loads(parallel._dumps(parallel.Result(languages={"en": state})))  # noqa: S301
    assert back.languages == {}
    assert back.error_text.startswith("The forked build's result could not be sent back (")
