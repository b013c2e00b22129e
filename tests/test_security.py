"""Bad input an attacker or a careless author would try: each gives located errors (file:line:col, a code and
a hint), never a traceback, one message per mistake, and nothing that would run in a reader's browser.

Issue #16, classes 2-5: author HTML through the nh3 allowlist sanitiser, one URL rule for every URL from the
content, SVG without active content, paths kept inside the repository, and bad values that used to crash.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from drom.diagnostics import CODES, CODES_BG, Problem
from drom.loader import load_curriculum

LESSON = "lessons/vasilitsa/lesson.yml"
LESSON_BG = "lessons/vasilitsa/lesson.bg.md"
LESSON_EN = "lessons/vasilitsa/lesson.en.md"
MODULE_EN = "modules/holidays/module.en.md"
FLAG = "lessons/vasilitsa/images/flag.svg"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(root: Path) -> list[Problem]:
    _, diag = load_curriculum(root)
    return diag.problems


def located(problems: list[Problem]) -> list[tuple[str, str, int]]:
    return [(p.code, p.file.removeprefix("c/curriculum/").removeprefix("curriculum/"), p.line) for p in problems]


def one_problem(root: Path, code: str, file: str, line: int) -> Problem:
    problems = problems_of(root)
    assert located(problems) == [(code, file, line)], "\n".join(p.format() for p in problems)
    problem = problems[0]
    assert problem.column >= 1 and problem.hint, problem.format()
    return problem


# --- class 5: never a traceback, one message per mistake --------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "line"),
    [
        ("calendar.yml", 'date: "01-14"', "date: 2025-02-30", 3),
        ("calendar.yml", 'date: "01-14"', "date: 2025-13-01", 3),
        (LESSON_EN, "summary: Pupils", "date: 2025-02-30\nsummary: Pupils", 3),
        (LESSON_EN, "summary: Pupils", "updated: 2024-13-14\nsummary: Pupils", 3),
    ],
    ids=["calendar-30-february", "calendar-month-13", "front-matter-30-february", "front-matter-month-13"],
)
def test_an_unquoted_impossible_date_is_a_located_error(
    curriculum_copy: Callable[[], Path], file: str, old: str, new: str, line: int
) -> None:
    root = curriculum_copy()
    edit(root / file, old, new)
    problem = one_problem(root, "CUR027", file, line)
    assert "is not a date that exists" in problem.message


@pytest.mark.parametrize("date", ["02-30", "04-31", "02-29"])
def test_a_quoted_day_that_does_not_exist_is_a_located_error(curriculum_copy: Callable[[], Path], date: str) -> None:
    root = curriculum_copy()
    edit(root / "calendar.yml", '"01-14"', f'"{date}"')
    problem = one_problem(root, "CUR027", "calendar.yml", 3)
    assert date in problem.message


@pytest.mark.parametrize(("file", "old", "line"), [(LESSON, "duration: 40", 2), ("calendar.yml", "id: vasilitsa", 2)])
def test_a_five_thousand_digit_number_is_a_located_error(
    curriculum_copy: Callable[[], Path], file: str, old: str, line: int
) -> None:
    root = curriculum_copy()
    edit(root / file, old, f"{old.split(':')[0]}: {'9' * 5000}")
    problems = problems_of(root)
    assert [(p.code, p.line) for p in problems] == [("CUR005", line)], [p.format()[:300] for p in problems]
    assert len(problems[0].message) < 200, "the message quotes the number in full"


@pytest.mark.parametrize(
    ("char", "where"),
    [("\u202e", "bidi override"), ("\u2066", "bidi isolate"), ("\u200b", "zero-width space"), ("\u200d", "ZWJ")],
)
def test_bidi_controls_and_zero_width_characters_are_flagged_where_they_are(
    curriculum_copy: Callable[[], Path], char: str, where: str
) -> None:
    root = curriculum_copy()
    edit(root / LESSON_EN, "title: Vasilitsa", f"title: Vasi{char}litsa")
    problem = one_problem(root, "CUR028", LESSON_EN, 2)
    assert problem.column == len("title: Vasi") + 1
    assert f"U+{ord(char):04X}" in problem.message


def test_joiners_are_allowed_where_a_script_needs_them(curriculum_copy: Callable[[], Path]) -> None:
    """ZWNJ in Persian and ZWJ in Devanagari (Romani's relatives are written in it) shape the letters."""
    root = curriculum_copy()
    edit(root / LESSON_EN, "Coloured pencils", "Coloured pencils, می\u200cخواهم, क्\u200dष")
    assert problems_of(root) == []


@pytest.mark.parametrize(
    ("file", "old", "new", "line"),
    [
        ("curriculum.yml", "modules: [holidays]", "modules: [holidays, holidays]", 4),
        (LESSON, "themes: [holidays]", "themes: [holidays, holidays]", 3),
        ("modules/holidays/module.yml", "herdelezi]", "herdelezi, vasilitsa]", 5),
        ("calendar.yml", "lessons: [vasilitsa]", "lessons: [vasilitsa, vasilitsa]", 6),
        (LESSON, "handouts: [bridge-worksheet]", "handouts: [bridge-worksheet, bridge-worksheet]", 12),
    ],
    ids=["module-twice-in-curriculum", "theme-twice", "lesson-twice-in-module", "event-lesson-twice", "handout-twice"],
)
def test_an_id_listed_twice_is_one_error(
    curriculum_copy: Callable[[], Path], file: str, old: str, new: str, line: int
) -> None:
    root = curriculum_copy()
    edit(root / file, old, new)
    problem = one_problem(root, "CUR006", file, line)
    assert "listed twice" in problem.message


def test_a_misspelt_key_in_curriculum_yml_is_one_message(curriculum_copy: Callable[[], Path]) -> None:
    """It was 75: the key, then every English and Romani file blamed (CUR024) for a language not declared."""
    root = curriculum_copy()
    edit(root / "curriculum.yml", "licence:", "licnce:")
    problem = one_problem(root, "CUR003", "curriculum.yml", 2)
    assert "Did you mean 'licence'?" in problem.message


def test_a_misspelt_languages_key_does_not_blame_every_translation(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    edit(root / "curriculum.yml", "languages:", "langauges:")
    assert located(problems_of(root)) == [("CUR003", "curriculum.yml", 1)]


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [
        (b"---\ntitle: x\nsummary: [\n---\n", "CUR001", 4),
        ("---\ntitle: x\nsummary: y\n---\n\nСофия\n".encode("cp1251"), "CUR011", 6),
    ],
    ids=["yaml-error", "not-utf8"],
)
def test_an_unreadable_lesson_file_is_one_message_not_also_missing(
    curriculum_copy: Callable[[], Path], content: bytes, code: str, line: int
) -> None:
    root = curriculum_copy()
    (root / "lessons/herdelezi/lesson.bg.md").write_bytes(content)
    problems = problems_of(root)
    assert [p.code for p in problems] == [code], [p.format() for p in problems]
    assert problems[0].file.endswith("lessons/herdelezi/lesson.bg.md") and problems[0].line == line


def test_every_new_code_is_in_the_catalogue_in_both_languages_and_in_the_guides() -> None:
    guides = Path(__file__).resolve().parent.parent / "docs"
    for code in ("CUR027", "CUR028", "CUR029", "CUR030", "CUR035"):
        assert code in CODES and code in CODES_BG
    for guide in ("authoring.md", "authoring.en.md"):
        assert "<!-- drom:codes -->" in (guides / guide).read_text(encoding="utf-8")


# --- class 2: author HTML through the allowlist sanitiser, one URL rule ------------------------------------


@pytest.mark.parametrize(
    ("written", "code", "says"),
    [
        ("<img src=images/flag.svg alt=flag onerror=alert(1)>", "CUR023", "event handler onerror"),
        ("<img src=images/flag.svg alt=flag onerror=alert`1`>", "CUR023", "event handler onerror"),
        ('<p onmouseover="alert(1)">hi</p>', "CUR023", "event handler onmouseover"),
        ("<script>alert(1)</script>", "CUR023", "<script>"),
        ("<iframe src=https://example.org></iframe>", "CUR023", "<iframe>"),
        ('<p style="color:red">hi</p>', "CUR023", "attribute style"),
        ('<form action="https://example.org">x</form>', "CUR023", "<form>"),
        ('<a href="javascript:alert(1)">x</a>', "CUR029", "scheme 'javascript:'"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "CUR029", "scheme 'javascript:'"),
        ('<a href="java\tscript:alert(1)">x</a>', "CUR029", "scheme 'javascript:'"),
        ("[x](javascript:alert(1))", "CUR029", "scheme 'javascript:'"),
        ("[x](&#106;avascript:alert(1))", "CUR029", "scheme 'javascript:'"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "CUR029", "scheme 'data:'"),
        ("<javascript:alert(1)>", "CUR029", "scheme 'javascript:'"),
        ("[x][evil]\n\n[evil]: javascript:alert(1)", "CUR029", "scheme 'javascript:'"),
        ("![x][evil]\n\n[evil]: javascript:alert(1)", "CUR029", "scheme 'javascript:'"),
        ("## Title {: onclick=alert(1) }", "CUR023", "'onclick'"),
    ],
)
def test_what_the_sanitiser_would_remove_is_a_located_error(
    curriculum_copy: Callable[[], Path], written: str, code: str, says: str
) -> None:
    root = curriculum_copy()
    edit(root / LESSON_EN, "Ask the pupils how they welcome the New Year.", written)
    problems = problems_of(root)
    line = 13 + written.count("\n")  # a reference definition is reported where its URL is
    assert [(p.code, p.line) for p in problems] == [(code, line)], [p.format() for p in problems]
    assert says in problems[0].message and problems[0].column >= 1


@pytest.mark.parametrize(
    "written",
    [
        '<span lang="rom">čhavo</span>',
        '<abbr title="Romani">rom.</abbr>',
        "<details><summary>More</summary>\n\nText\n\n</details>",
        '<div markdown="1" class="note">\n\n**Bold**\n\n</div>',
        "[mail](mailto:teacher@example.org) and [web](https://example.org/a?b=1&c=2) and [here](#legend)",
        "<https://example.org/page>",
        "`<script>` is shown as code",
        "```html\n<script>alert(1)</script>\n```",
        '<img src="images/flag.svg" alt="The flag"> <img src=images/flag.svg alt=flag>',
    ],
)
def test_html_the_sanitiser_keeps_whole_is_accepted(curriculum_copy: Callable[[], Path], written: str) -> None:
    root = curriculum_copy()
    edit(root / LESSON_EN, "Ask the pupils how they welcome the New Year.", written)
    assert [p.format() for p in problems_of(root)] == []


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("url: https://www.bta.bg/en/news/1043169", 'url: "https://x.org/\\"><script>alert(1)</script>"', 4),
        ("url: https://www.bta.bg/en/news/1043169", "url: javascript:alert(1)", 4),
        ('citation: "BTA. *Roma', 'citation: "[BTA](javascript:alert(1)). *Roma', 3),
        ('citation: "BTA. *Roma', 'citation: "[BTA](&#106;avascript:alert(1)). *Roma', 3),
    ],
    ids=["url-breaks-out", "url-javascript", "citation-link", "citation-link-entities"],
)
def test_bibliography_urls_and_citation_links_follow_the_url_rule(
    curriculum_copy: Callable[[], Path], old: str, new: str, line: int
) -> None:
    root = curriculum_copy()
    edit(root / "bibliography.yml", old, new)
    problems = problems_of(root)
    assert [(p.code, p.line) for p in problems] in ([("CUR029", line)], [("CUR005", line)]), [
        p.format() for p in problems
    ]


# --- class 3: SVG ------------------------------------------------------------------------------------------

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 6 4">'


@pytest.mark.parametrize(
    ("inside", "says"),
    [
        ("\n<script>alert(1)</script>", "<script>"),
        ('\n<rect width="6" height="4" onload="alert(1)"/>', "event handler 'onload'"),
        ('\n<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>', "<foreignobject>"),
        ('\n<image href="https://example.org/x.png" width="6" height="4"/>', "refers to 'https://example.org/x.png'"),
        ('\n<use xlink:href="other.svg#flag"/>', "refers to 'other.svg#flag'"),
        ('\n<a href="javascript:alert(1)"><rect width="6" height="4"/></a>', "refers to 'javascript:alert(1)'"),
        ("\n<style>@import url(https://example.org/x.css);</style>", "<style>"),
        ('\n<set attributeName="onmouseover" to="alert(1)"/>', "changes 'onmouseover'"),
    ],
)
def test_an_svg_with_active_content_or_external_references_is_refused(
    curriculum_copy: Callable[[], Path], inside: str, says: str
) -> None:
    root = curriculum_copy()
    (root / FLAG).write_text(f"{SVG_HEAD}{inside}\n</svg>\n", encoding="utf-8")
    problems = problems_of(root)
    assert [(p.code, p.file.endswith(FLAG), p.line) for p in problems] == [("CUR030", True, 2)], [
        p.format() for p in problems
    ]
    assert says in problems[0].message


def test_an_svg_with_internal_references_only_is_accepted(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    (root / FLAG).write_text(
        f'{SVG_HEAD}<defs><circle id="w" r="1"/></defs><use href="#w"/><use xlink:href="#w"/></svg>', encoding="utf-8"
    )
    assert problems_of(root) == []


# --- class 4: every way of naming a file stays inside the repository ---------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("![flag](../../../../../etc/hosts)", "CUR010"),
        ("![flag][f]\n\n[f]: ../../../../../etc/hosts", "CUR010"),
        ("![flag][]\n\n[flag]: /etc/hosts", "CUR010"),
        ('<img src="../../../../../etc/hosts" alt="flag">', "CUR010"),
        ("<img src=/etc/passwd alt=x>", "CUR010"),
        ('<a href="../../../../../etc/hosts">hosts</a>', "CUR010"),
        ("[hosts](../../../../../etc/hosts)", "CUR010"),
        ("![flag][f]\n\n[f]: images/missing.png", "CUR013"),
    ],
)
def test_every_way_of_naming_a_file_is_checked_against_the_root(
    curriculum_copy: Callable[[], Path], written: str, code: str
) -> None:
    root = curriculum_copy()
    edit(root / LESSON_EN, "Ask the pupils how they welcome the New Year.", written)
    problems = problems_of(root)
    line = 13 + written.count("\n")  # a reference definition is reported where its path is
    assert [(p.code, p.line) for p in problems] == [(code, line)], [p.format() for p in problems]


def test_front_matter_cannot_name_a_file(curriculum_copy: Callable[[], Path]) -> None:
    """Front matter has no key that names a file: one that tries is an unknown key at its line."""
    root = curriculum_copy()
    edit(root / LESSON_EN, "summary: Pupils", "image: ../../../../../etc/hosts\nsummary: Pupils")
    problem = one_problem(root, "CUR003", LESSON_EN, 3)
    assert "image" in problem.message


@pytest.mark.parametrize("name", ["page.html", "evil.svg.html", "script.js", "notes.xml"])
def test_only_images_may_sit_in_an_images_folder(curriculum_copy: Callable[[], Path], name: str) -> None:
    """Everything in images/ is published as it is: an .html file there would run on the site's own origin."""
    root = curriculum_copy()
    (root / "lessons/vasilitsa/images" / name).write_text("<script>alert(1)</script>", encoding="utf-8")
    problems = problems_of(root)
    assert [(p.code, p.file.endswith(name)) for p in problems] == [("CUR035", True)], [p.format() for p in problems]
