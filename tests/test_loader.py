"""Loader and validator: the good fixture loads clean; each kind of bad input gives one clear problem
with its file and line, and all problems of a run are reported together."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from drom.diagnostics import CurriculumError
from drom.loader import load_curriculum, load_or_fail
from drom.sources import MAX_FILE_BYTES

from .conftest import GOOD


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


LESSON = "lessons/vasilitsa/lesson.yml"
LESSON_BG = "lessons/vasilitsa/lesson.bg.md"
LESSON_EN = "lessons/vasilitsa/lesson.en.md"


def test_good_fixture_loads_without_problems() -> None:
    curriculum, diag = load_curriculum(GOOD / "curriculum")
    assert diag.problems == []
    assert curriculum is not None
    assert list(curriculum.lessons) == ["first-words", "herdelezi", "vasilitsa"]
    assert [lesson.id for lesson in curriculum.module_lessons(curriculum.modules["holidays"])] == [
        "first-words",
        "vasilitsa",
        "herdelezi",
    ]
    vasilitsa = curriculum.lessons["vasilitsa"]
    assert set(vasilitsa.texts) == {"bg", "en", "rom"}
    assert list(vasilitsa.texts["bg"].sections) == [
        "warm-up",
        "legend",
        "reflection",
        "differentiation",
        "assessment",
        "teacher-notes",
    ]
    assert vasilitsa.handouts[0].id == "bridge-worksheet"
    # A translation with front matter only is a title-and-summary translation, not an error.
    assert not curriculum.lessons["first-words"].texts["rom"].complete
    # A missing translation is not an error either: herdelezi exists in Bulgarian only.
    assert set(curriculum.lessons["herdelezi"].texts) == {"bg"}


def write(root: Path, rel: str, content: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


# Each case: a change to a copy of the good curriculum, and the problem expected: code, file, line, words.
CASES: list[tuple[str, Callable[[Path], None], str, str, int, str]] = [
    (
        "unknown key with a suggestion",
        lambda r: edit(r / LESSON, "themes:", "theme:"),
        "CUR003",
        LESSON,
        3,
        "Did you mean 'themes'?",
    ),
    (
        "wrong type",
        lambda r: edit(r / LESSON, "duration: 40", "duration: forty"),
        "CUR005",
        LESSON,
        2,
        "`duration` must be a whole number",
    ),
    (
        "missing required field",
        lambda r: edit(r / LESSON, "outcomes: [P-HOL-1]\n", ""),
        "CUR004",
        LESSON,
        1,
        "required field 'outcomes' is missing",
    ),
    (
        "duplicate id",
        lambda r: edit(
            r / "glossary.yml", "  - {id: shukar", "  - {id: daj, latin: daj, meaning: {bg: x, en: y}}\n  - {id: shukar"
        ),
        "CUR006",
        "glossary.yml",
        11,
        "term id 'daj' is used twice",
    ),
    (
        "dangling reference with a suggestion",
        lambda r: edit(r / LESSON, "vocabulary: [bango-vasili, baxt,", "vocabulary: [bango-vasili, baxtt,"),
        "CUR007",
        LESSON,
        5,
        "There is no glossary term 'baxtt'. Did you mean 'baxt'?",
    ),
    (
        "activities longer than the lesson",
        lambda r: edit(r / LESSON, "{id: legend, minutes: 25", "{id: legend, minutes: 30"),
        "CUR008",
        LESSON,
        8,
        "take 45 minutes, but the lesson lasts 40",
    ),
    (
        "module lists a missing lesson",
        lambda r: edit(r / "modules/holidays/module.yml", "herdelezi]", "herdelezi, ghost]"),
        "CUR009",
        "modules/holidays/module.yml",
        5,
        "lists the lesson 'ghost', which does not exist",
    ),
    (
        "path leaving the curriculum",
        lambda r: edit(r / LESSON_BG, "(images/flag.svg)", "(../../../../../../etc/hosts)"),
        "CUR010",
        LESSON_BG,
        15,
        "leads outside the curriculum folder",
    ),
    (
        "image from another host",
        lambda r: edit(r / LESSON_BG, "(images/flag.svg)", "(https://example.org/flag.png)"),
        "CUR010",
        LESSON_BG,
        15,
        "on another host",
    ),
    (
        "file that is not UTF-8",
        lambda r: write(r, LESSON_EN, "---\ntitle: x\nsummary: y\n---\n\nСофия\n".encode("cp1251")),
        "CUR011",
        LESSON_EN,
        6,
        "not valid UTF-8",
    ),
    (
        "image without alt text",
        lambda r: edit(r / LESSON_BG, "![Знамето на ромите: синьо, зелено и червено колело]", "![]"),
        "CUR012",
        LESSON_BG,
        15,
        "has no alt text",
    ),
    (
        "missing image",
        lambda r: edit(r / LESSON_BG, "(images/flag.svg)", "(images/missing.png)"),
        "CUR013",
        LESSON_BG,
        15,
        "does not exist",
    ),
    (
        "YAML syntax error",
        lambda r: edit(r / "modules/holidays/module.yml", "herdelezi]", "herdelezi"),
        "CUR001",
        "modules/holidays/module.yml",
        6,
        "YAML syntax error",
    ),
    (
        "unsafe YAML tag",
        lambda r: edit(r / LESSON, "duration: 40", 'duration: !!python/object/apply:os.system ["echo pwned"]'),
        "CUR002",
        LESSON,
        2,
        "Unsafe or unknown YAML tag",
    ),
    (
        "tab indentation",
        lambda r: edit(r / "calendar.yml", "  - id: vasilitsa", "\t- id: vasilitsa"),
        "CUR016",
        "calendar.yml",
        2,
        "tab character",
    ),
    (
        "empty file",
        lambda r: write(r, "resources/flag-craft/resource.en.md", "  \n"),
        "CUR014",
        "resources/flag-craft/resource.en.md",
        0,
        "is empty",
    ),
    (
        "huge file",
        lambda r: write(r, LESSON_EN, "x" * (MAX_FILE_BYTES + 1)),
        "CUR015",
        LESSON_EN,
        0,
        "the limit is 512 KiB",
    ),
    (
        "language-neutral key in a translation",
        lambda r: edit(r / LESSON_EN, "summary: Pupils", "duration: 45\nsummary: Pupils"),
        "CUR019",
        LESSON_EN,
        3,
        "'duration' is a language-neutral fact",
    ),
    (
        "missing lesson section",
        lambda r: edit(r / LESSON_EN, "## Assessment {#assessment}", "## Assessment"),
        "CUR017",
        LESSON_EN,
        1,
        "'{#assessment}' is missing from the en text",
    ),
    (
        "unknown lesson section",
        lambda r: edit(r / LESSON_EN, "{#legend}", "{#legnd}"),
        "CUR018",
        LESSON_EN,
        17,
        "Did you mean 'legend'?",
    ),
    (
        "translation into an unknown language",
        lambda r: write(r, "lessons/vasilitsa/lesson.de.md", "---\ntitle: x\nsummary: y\n---\n"),
        "CUR024",
        "lessons/vasilitsa/lesson.de.md",
        0,
        "not a language of the curriculum",
    ),
    (
        "lesson in no module",
        lambda r: edit(r / "modules/holidays/module.yml", ", herdelezi]", "]"),
        "CUR020",
        "lessons/herdelezi/lesson.yml",
        1,
        "is in no module",
    ),
    (
        "lesson in two modules",
        lambda r: (
            edit(r / "curriculum.yml", "modules: [holidays]", "modules: [holidays, again]"),
            edit(r / "modules/holidays/module.yml", "first-words, vasilitsa, herdelezi", "first-words, herdelezi"),
            write(r, "modules/again/module.yml", "band: primary\ngrades: [2, 3, 4]\nthemes: [holidays]\n"
                  "outcomes: [P-HOL-1]\nlessons:\n  - first-words\n  - vasilitsa\n"),
            write(r, "modules/again/module.bg.md", "---\ntitle: Отново\nsummary: Втори модул.\n---\n\nТекст.\n"),
        ),
        "CUR021",
        "modules/again/module.yml",
        6,
        "is already in the module 'holidays'",
    ),
    (
        "lesson grade outside its module",
        lambda r: (
            edit(r / "modules/holidays/module.yml", "lessons: [first-words, vasilitsa, herdelezi]",
                 "lessons: [first-words, vasilitsa]"),
            edit(r / "curriculum.yml", "modules: [holidays]", "modules: [holidays, early]"),
            write(r, "modules/early/module.yml", "band: primary\ngrades: [3]\nthemes: [holidays]\n"
                  "outcomes: [P-HOL-1]\nlessons: [herdelezi]\n"),
            write(r, "modules/early/module.bg.md", "---\ntitle: Рано\nsummary: Модул.\n---\n\nТекст.\n"),
        ),
        "CUR025",
        "lessons/herdelezi/lesson.yml",
        1,
        "outside the module 'early'",
    ),
    (
        "script in Markdown",
        lambda r: edit(r / LESSON_EN, "Ask the pupils", "<script>alert(1)</script> Ask the pupils"),
        "CUR023",
        LESSON_EN,
        13,
        "The HTML tag <script> is not allowed",
    ),
    (
        "placeholder left in",
        lambda r: edit(r / LESSON_EN, "Ask the pupils", "TODO: ask the pupils"),
        "CUR022",
        LESSON_EN,
        13,
        "Placeholder text",
    ),
]


@pytest.mark.parametrize(("name", "change", "code", "file", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_one_clear_problem(
    curriculum_copy: Callable[[], Path],
    name: str,
    change: Callable[[Path], None],
    code: str,
    file: str,
    line: int,
    words: str,
) -> None:
    root = curriculum_copy()
    change(root)
    _, diag = load_curriculum(root)
    matching = [p for p in diag.problems if p.code == code]
    assert matching, f"{name}: expected {code}, got:\n{diag.report()}"
    problem = matching[0]
    assert problem.file == f"curriculum/{file}"
    assert problem.line == line, diag.report()
    assert words in problem.message
    assert problem.hint, "every problem carries a hint"
    assert len(matching) == 1, f"{name}: one mistake, one message:\n{diag.report()}"


def test_unsafe_tag_is_never_executed(curriculum_copy: Callable[[], Path], tmp_path: Path) -> None:
    root = curriculum_copy()
    marker = tmp_path / "executed"
    edit(root / LESSON, "duration: 40", f'duration: !!python/object/apply:os.system ["touch {marker}"]')
    _, diag = load_curriculum(root)
    assert [p.code for p in diag.errors] == ["CUR002"]
    assert not marker.exists()


def test_symlink_out_of_the_curriculum_is_refused(curriculum_copy: Callable[[], Path], tmp_path: Path) -> None:
    root = curriculum_copy()
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: secret\nsummary: s\n---\n", encoding="utf-8")
    os.symlink(secret, root / "lessons/vasilitsa/lesson.en.md.tmp")
    (root / LESSON_EN).unlink()
    os.symlink(secret, root / LESSON_EN)
    _, diag = load_curriculum(root)
    codes = {p.code for p in diag.errors if p.file.endswith("lesson.en.md")}
    assert "CUR010" in codes
    assert all("secret" not in p.message for p in diag.problems if p.code != "CUR010")


def test_a_link_to_itself_is_a_problem_with_its_own_path_not_a_crash(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    (root / LESSON_EN).unlink()
    os.symlink("lesson.en.md", root / LESSON_EN)  # a loop
    os.symlink("nowhere/else.md", root / "lessons/vasilitsa/notes.md")  # leads nowhere
    _, diag = load_curriculum(root)
    looped = [p for p in diag.problems if p.file.endswith("vasilitsa/lesson.en.md")]
    assert looped and all(p.file == f"curriculum/{LESSON_EN}" for p in looped), [(p.file, p.code) for p in looped]


def test_bom_and_crlf_are_accepted(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    for rel in (LESSON, LESSON_EN):
        text = (root / rel).read_text(encoding="utf-8")
        (root / rel).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    curriculum, diag = load_curriculum(root)
    assert diag.problems == []
    assert curriculum is not None
    assert curriculum.lessons["vasilitsa"].texts["en"].sections["legend"].title == "The legend of the bridge"


def test_alias_bomb_is_refused_quickly(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb.append(
            f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]"
        )
    write(root, "glossary.yml", "\n".join(bomb) + "\nterms: *i\n")
    started = time.process_time()
    _, diag = load_curriculum(root)
    # Not a timing assertion: a naive walk of 9**9 nodes would not finish at all.
    assert time.process_time() - started < 60
    assert [p.code for p in diag.errors if p.file.endswith("glossary.yml")] == ["CUR015"]


def test_all_problems_are_reported_together_sorted(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    edit(root / LESSON, "themes:", "theme:")
    edit(root / "modules/holidays/module.yml", "herdelezi]", "herdelezi, ghost]")
    edit(root / "calendar.yml", 'date: "01-14"', 'date: "01-14\n')
    with pytest.raises(CurriculumError) as caught:
        load_or_fail(root)
    problems = caught.value.diagnostics.problems
    assert [(p.file, p.code) for p in problems] == [
        ("curriculum/calendar.yml", "CUR001"),
        ("curriculum/lessons/vasilitsa/lesson.yml", "CUR003"),
        ("curriculum/modules/holidays/module.yml", "CUR009"),
    ]
    report = str(caught.value)
    assert "curriculum/lessons/vasilitsa/lesson.yml:3:1" in report
    assert "3 error(s)" in report


def test_one_mistake_gives_one_message(curriculum_copy: Callable[[], Path]) -> None:
    """A misspelt required key is one problem (not also 'missing'); an unreadable module file does not
    turn its lessons into orphans."""
    root = curriculum_copy()
    edit(root / LESSON, "duration: 40", "duratoin: 40")
    edit(root / "modules/holidays/module.yml", "herdelezi]", "herdelezi")
    _, diag = load_curriculum(root)
    assert [(p.file.rsplit("/", 1)[-1], p.code) for p in diag.problems] == [
        ("lesson.yml", "CUR003"),
        ("module.yml", "CUR001"),
    ]


SHORT_PERIOD_CASES = [
    # (what, new short_period line, code, words in the message, words in the hint)
    ("unknown activity", "short_period: {legnd: 20}", "CUR007", "names the activity 'legnd', which the lesson does not have. Did you mean 'legend'?", "warm-up, legend, reflection"),
    ("not shorter", "short_period: {legend: 25}", "CUR031", "`short_period.legend` is 25 minutes, but the activity takes 25", "fewer than 25"),
    ("does not add up", "short_period: {legend: 18}", "CUR031", "would take 33 minutes, not 35", "shortened: legend 18; unchanged: warm-up 5 + reflection 10; total 33: give back 2"),
    ("unknown key inside", "short_period: {legend: twenty}", "CUR005", "`short_period.legend` must be a whole number", ""),
]


@pytest.mark.parametrize(("what", "line", "code", "words", "hint"), SHORT_PERIOD_CASES, ids=[c[0] for c in SHORT_PERIOD_CASES])
def test_a_wrong_35_minute_plan_is_one_located_problem(
    curriculum_copy: Callable[[], Path], what: str, line: str, code: str, words: str, hint: str
) -> None:
    root = curriculum_copy()
    edit(root / LESSON, "short_period: {legend: 20}", line)
    _, diag = load_curriculum(root)
    assert [p.code for p in diag.problems] == [code], diag.report()
    problem = diag.problems[0]
    assert (problem.file, problem.line) == (f"curriculum/{LESSON}", 13)
    assert problem.column >= 1
    assert words in problem.message
    assert hint in problem.hint


def test_a_grade_2_lesson_longer_than_35_minutes_must_say_how_it_shortens(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    edit(root / LESSON, "short_period: {legend: 20}\n", "")
    _, diag = load_curriculum(root)
    assert [(p.code, p.line) for p in diag.problems] == [("CUR032", 1)]
    problem = diag.problems[0]
    assert "for grade 2, where a period is 35 minutes, but its activities take 40" in problem.message
    assert "`short_period: {legend: 20}`" in problem.hint  # a suggestion that adds up
    # A lesson whose activities already fit 35 minutes (first-words: 15 + 20) needs no plan.
    assert "first-words" not in diag.report()


def test_a_misspelt_lesson_id_in_a_module_is_one_problem(curriculum_copy: Callable[[], Path]) -> None:
    """Not also "the lesson is in no module" for the lesson the module meant."""
    root = curriculum_copy()
    edit(root / "modules/holidays/module.yml", "vasilitsa,", "vasilica,")
    _, diag = load_curriculum(root)
    assert [(p.code, p.file) for p in diag.problems] == [("CUR009", "curriculum/modules/holidays/module.yml")]
    assert "Did you mean 'vasilitsa'?" in diag.problems[0].message


@pytest.mark.skipif(os.name != "posix", reason="symlinks; elsewhere `Inside` always asks `is_inside`")
def test_inside_answers_as_is_inside_through_links_dots_and_loops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Inside` resolves each folder once instead of every path whole: the same answer for every kind of path."""
    from drom.sources import Inside, is_inside

    (tmp_path / "root/a/b").mkdir(parents=True)
    (tmp_path / "root/c").mkdir()
    (tmp_path / "outside").mkdir()
    for name in ("root/a/b/f.md", "root/c/g.md", "outside/o.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    links = {
        "root/out": "../outside",  # a folder outside
        "root/a/bl": "b",  # a folder inside
        "root/a/olink.md": str(tmp_path / "outside/o.md"),  # a file outside
        "root/a/b/flink.md": "f.md",  # a file inside
        "root/loop1": "loop2",
        "root/loop2": "loop1",
        "root/self": ".",
        "root/dangling": "nowhere",
        "rootlink": "root",
    }
    for link, target in links.items():
        os.symlink(target, tmp_path / link)
    names = [
        *("", "a", "a/b/f.md", "a/b/flink.md", "a/bl/f.md", "a/bl/../b/f.md", "out/o.md", "out", "a/olink.md"),
        *("loop1/x", "loop2", "self/a/b/f.md", "c/../../outside/o.md", "c/../a/b/f.md", "dangling", "dangling/x"),
        *("nope/x.md", "a/b/f.md/x", "..", "../root/a/b/f.md", "a/b/../../c/g.md", "../outside/o.md"),
    ]
    monkeypatch.chdir(tmp_path)
    answers = []
    for root in (tmp_path / "root", tmp_path / "rootlink", Path("root"), Path("root/self"), tmp_path / "root/a"):
        inside = Inside(root)
        for name in names:
            for path in (root / name, Path(os.path.join(root, name))):  # pathlib drops "." and "x/"
                assert inside(path) == is_inside(path, root), (root, name)
                answers.append(inside(path))
    assert True in answers and False in answers


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_one_scan_of_the_tree_finds_what_the_two_walks_find(
    curriculum_copy: Callable[[], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`_scan_tree` lists the symlinks and image candidates once for both tree checks; without it (a folder it
    cannot list) the checks walk as they did: the same problems, in the same order, either way."""
    from drom import loader

    root = curriculum_copy()
    (tmp_path / "secret").mkdir()
    images = root / "lessons/vasilitsa/images"
    images.mkdir(exist_ok=True)
    (images / "page.html").write_text("<p>", encoding="utf-8")
    (images / "deeper").mkdir()
    (images / "deeper/notes.txt").write_text("x", encoding="utf-8")
    (images / "active.SVG").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', encoding="utf-8")
    (root / "lessons/herdelezi/.svg").write_text("<svg", encoding="utf-8")  # a name without a suffix
    (root / "lessons/herdelezi/other.svg").write_text("<svg", encoding="utf-8")
    (tmp_path / "secret/file.md").write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "secret", root / "lessons/vasilitsa/out")  # a folder outside: not entered
    os.symlink(tmp_path / "secret/file.md", root / "lessons/vasilitsa/a-out.md")  # after the folder: os.walk's order
    os.symlink(images, root / "lessons/herdelezi/images")  # a folder inside, through a link
    os.symlink(tmp_path / "secret", images / "z-out")
    os.symlink("page.html", images / "a-link.html")

    def problems() -> list:
        _, diag = load_curriculum(root)
        return [(p.file, p.line, p.code, p.message) for p in diag._problems if p.code in ("CUR010", "CUR030", "CUR035")]

    scanned = problems()
    monkeypatch.setattr(loader, "_scan_tree", lambda root: None)
    assert problems() == scanned
    assert {code for _, _, code, _ in scanned} == {"CUR010", "CUR030", "CUR035"}
