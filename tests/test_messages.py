"""Every message in Bulgarian and English: the catalogue has both wordings of every entry, every code and every
command's help; and planted mistakes, run with `--lang bg`, come out in Bulgarian (issue #19)."""

from __future__ import annotations

import ast
import re
import shutil
import string
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from drom import messages
from drom.cli import main
from drom.diagnostics import CODES, CODES_BG, Problem
from drom.loader import load_curriculum

from .conftest import REPO, require_tool
from .test_loader import CASES, LESSON, LESSON_EN, edit
from .test_spelling import planted  # noqa: F401  (a fixture: a word list and planted spelling mistakes)

CYRILLIC = re.compile(r"[А-Яа-я]")
PLUGINS = Path(__file__).resolve().parents[1] / "plugins" / "drom"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# Bulgarian forms a Bulgarian template may name instead of the English one (see messages.say).
_BULGARIAN_FORMS = {"what_in", "what_a", "what_cap"}
# Entries with no words of their own in Bulgarian: only placeholders and code, or a technical line.
_NO_WORDS = {"field_problem", "hunspell_failed", "for_example"}


@pytest.mark.parametrize("key", sorted(messages.CATALOGUE))
def test_every_catalogue_entry_is_written_in_both_languages(key: str) -> None:
    en, bg = messages.CATALOGUE[key]
    assert en.strip() and bg.strip(), key
    if key in _NO_WORDS:
        return
    assert CYRILLIC.search(bg), f"{key}: the Bulgarian wording is not in Bulgarian: {bg!r}"
    if key.startswith(("help_", "opt_")):
        return  # shown as it stands, not filled in
    english, bulgarian = _fields(en), _fields(bg)
    plain = {name.removesuffix("_bg") for name in bulgarian - _BULGARIAN_FORMS}
    assert plain <= english, f"{key}: the Bulgarian names {plain - english}, which the English does not fill in"
    if not bulgarian & _BULGARIAN_FORMS:
        assert english <= plain, f"{key}: the Bulgarian leaves out {english - plain}"


def test_the_catalogue_is_one_file_an_area_and_a_key_is_in_one_file_only(tmp_path: Path) -> None:
    areas = sorted(p.stem for p in messages.CATALOGUE_DIR.glob("*.yml"))
    assert areas == ["cli", "content", "files", "help", "model", "references", "spelling", "yearplan"]
    (tmp_path / "a.yml").write_text("x: {en: a, bg: а}\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("x: {en: b, bg: б}\n", encoding="utf-8")
    with pytest.raises(KeyError, match="'x'"):
        messages._load_catalogue(tmp_path)


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_its_title_and_fix_in_both_languages(code: str) -> None:
    title_bg, fix_bg = CODES_BG[code]
    assert CODES[code].title and CODES[code].fix
    assert CYRILLIC.search(title_bg) and CYRILLIC.search(fix_bg), code


def _is_said(node: ast.expr) -> bool:
    """A message built from the catalogue: say(...) (or suggest_text, which says), a sum of such, a name or
    attribute holding one, or no hint at all (None: the code's own fix, in both languages)."""
    if isinstance(node, ast.Call):
        return getattr(node.func, "id", "") in ("say", "suggest_text")
    if isinstance(node, ast.Constant):
        return node.value is None
    if isinstance(node, ast.BinOp):
        return _is_said(node.left) and _is_said(node.right)
    if isinstance(node, ast.IfExp):
        return _is_said(node.body) and _is_said(node.orelse)
    return isinstance(node, ast.Name | ast.Attribute)


def test_every_problem_the_code_records_takes_its_words_from_the_catalogue() -> None:
    """No `diag.add("CUR0..", path, f"English only")`: a message and a hint are `say(...)`, in both languages."""
    english_only = []
    for path in sorted(PLUGINS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add"):
                continue
            code = node.args[0] if node.args else None
            if not (isinstance(code, ast.Constant) and str(code.value).startswith("CUR")) and not (
                isinstance(code, ast.Name) and code.id == "code"
            ):
                continue
            said = [node.args[2]] if len(node.args) > 2 else []
            said += [k.value for k in node.keywords if k.arg in ("message", "hint")]
            if not all(_is_said(value) for value in said):
                english_only.append(f"{path.relative_to(PLUGINS)}:{node.lineno}")
    assert english_only == [], "messages not from the catalogue (use messages.say)"


# --- planted mistakes, in Bulgarian --------------------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 6 4"><script>alert(1)</script></svg>\n'

MORE_MISTAKES: list[tuple[str, Callable[[Path], None], str]] = [
    ("missing required field", lambda r: edit(r / LESSON, "duration: 40\n", ""), "CUR004"),
    ("wrong type", lambda r: edit(r / LESSON, "duration: 40", "duration: forty"), "CUR005"),
    ("not an id", lambda r: edit(r / LESSON, "themes: [holidays]", "themes: [Holidays!]"), "CUR005"),
    ("unknown reference", lambda r: edit(r / LESSON, "themes: [holidays]", "themes: [holidayz]"), "CUR007"),
    ("nothing like it", lambda r: edit(r / LESSON, "themes: [holidays]", "themes: [qqqqqqq]"), "CUR007"),
    ("key twice", lambda r: edit(r / LESSON, "duration: 40", "duration: 40\nduration: 45"), "CUR006"),
    ("listed twice", lambda r: edit(r / LESSON, "themes: [holidays]", "themes: [holidays, holidays]"), "CUR006"),
    ("impossible date", lambda r: edit(r / "calendar.yml", 'date: "01-14"', "date: 2025-02-30"), "CUR027"),
    ("not every year", lambda r: edit(r / "calendar.yml", 'date: "01-14"', 'date: "02-29"'), "CUR027"),
    ("invisible character", lambda r: edit(r / LESSON_EN, "title: Vasilitsa", "title: Vasi\u202elitsa"), "CUR028"),
    ("bad URL", lambda r: edit(r / LESSON_EN, "Ask the pupils", "[x](javascript:alert(1)) Ask"), "CUR029"),
    ("active SVG", lambda r: (r / "lessons/vasilitsa/images/flag.svg").write_text(SVG, encoding="utf-8"), "CUR030"),
    ("not an image", lambda r: (r / "lessons/vasilitsa/images/page.html").write_text("<p>", encoding="utf-8"), "CUR035"),
    ("runaway nesting", lambda r: edit(r / LESSON_EN, "Ask the pupils", "> " * 40 + "Ask"), "CUR026"),
    ("review state", lambda r: edit(r / LESSON_EN, "title: Vasilitsa", "review: {state: revieved}\ntitle: Vasilitsa"),
     "CUR040"),
    ("short period sum", lambda r: edit(r / LESSON, "short_period: {legend: 20}", "short_period: {legend: 18}"),
     "CUR031"),
    ("no short period", lambda r: edit(r / LESSON, "short_period: {legend: 20}\n", ""), "CUR032"),
    ("unsafe HTML", lambda r: edit(r / LESSON_EN, "Ask the pupils", '<img src="a.png" onerror="x()" alt="a">'),
     "CUR023"),
]


def _assert_in_bulgarian(problem: Problem) -> None:
    assert problem.message_bg, f"no Bulgarian message: {problem.format()}"
    _, message, hint = problem.text("bg")
    first = message.split("\n")[0]  # a YAML mistake shows the line of the file under it
    assert CYRILLIC.search(first), problem.format("bg")
    assert hint and CYRILLIC.search(hint), problem.format("bg")
    assert "(" + CODES_BG[problem.code][0] + ")" not in problem.format("bg"), "an English message under its title"


@pytest.mark.parametrize(
    ("change", "code"),
    [(case[1], case[2]) for case in CASES] + [(m[1], m[2]) for m in MORE_MISTAKES],
    ids=[case[0] for case in CASES] + [m[0] for m in MORE_MISTAKES],
)
def test_a_planted_mistake_is_worded_in_bulgarian(
    curriculum_copy: Callable[[], Path], change: Callable[[Path], None], code: str
) -> None:
    root = curriculum_copy()
    change(root)
    _, diag = load_curriculum(root)
    found = [p for p in diag.problems if p.code == code]
    assert found, diag.report()
    for problem in diag.problems:
        _assert_in_bulgarian(problem)


def _all_planted(root: Path) -> None:
    for _, change, _ in MORE_MISTAKES[:6]:
        change(root)


def test_validate_in_bulgarian_says_every_line_in_bulgarian_and_in_english_none(
    curriculum_copy: Callable[[], Path],
) -> None:
    root = curriculum_copy()
    edit(root / LESSON_EN, "Ask the pupils", "[x](javascript:alert(1)) ![](images/nowhere.png) TODO Ask")
    edit(root / "calendar.yml", 'date: "01-14"', 'date: "02-29"')
    edit(root / LESSON, "themes: [holidays]", "themes: [holidayz]")
    for lang, fmt in (("bg", "text"), ("bg", "github"), ("en", "text"), ("en", "github")):
        result = CliRunner().invoke(main, ["--lang", lang, "validate", str(root), "--format", fmt])
        assert result.exit_code == 1
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) >= 10, result.output
        for line in lines:
            said = line.replace("ПОПЪЛНЕТЕ", "")  # the Bulgarian placeholder, named in the English hint of CUR022
            assert bool(CYRILLIC.search(said)) == (lang == "bg"), f"--lang {lang} --format {fmt}: {line}"
        if fmt == "github":
            annotations = [line for line in lines if line.startswith("::error ")]
            assert len(annotations) >= 5 and all(("Съвет: " in a) == (lang == "bg") for a in annotations)


def test_spell_speaks_bulgarian(planted: Path) -> None:  # noqa: F811
    require_tool("hunspell")
    result = CliRunner().invoke(main, ["--lang", "bg", "spell", str(planted)])
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert any("CUR041" in line for line in lines) and any("CUR042" in line for line in lines)
    assert all(CYRILLIC.search(line) for line in lines), result.output
    assert lines[-1].startswith("Думи: ")
    english = CliRunner().invoke(main, ["--lang", "en", "spell", str(planted)]).output
    assert "spelling problem(s)." in english and "is a doublet" in english


def test_a_plan_that_cannot_be_made_says_why_in_bulgarian(curriculum_copy: Callable[[], Path], tmp_path: Path) -> None:
    root = curriculum_copy()
    out = tmp_path / "plan.docx"
    args = ["plan", "--grade", "3", "--school-year", "2031/2032", "-o", str(out), "--root", str(root)]
    said = CliRunner().invoke(main, ["--lang", "bg", *args])
    assert said.exit_code == 1
    assert "Грешка: Няма учебна година „2031/2032“" in said.output and "съвет: Добавете curriculum/" in said.output
    said = CliRunner().invoke(main, [*args, "--lang", "en"])  # the plan's language, and so the messages'
    assert "Error: There is no school year '2031/2032'" in said.output and "hint: Add curriculum/" in said.output


# --- help ----------------------------------------------------------------------------------------------------


def _commands(group: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, command in getattr(group, "commands", {}).items():
        found += _commands(command, (*path, name))
    return found


def test_every_command_and_option_has_its_help_in_the_catalogue() -> None:
    missing = []
    for path in _commands(main):
        command = main
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        if f"help_{command.name}" not in messages.CATALOGUE:
            missing.append(command.name)
        for param in command.params:
            if isinstance(param, click.Option) and not {f"opt_{command.name}_{param.name}", f"opt_{param.name}"} & set(
                messages.CATALOGUE
            ):
                missing.append(f"{command.name} {param.opts[0]}")
    assert missing == []


@pytest.mark.parametrize("command", _commands(main), ids=lambda c: " ".join(c) or "curriculum")
def test_help_in_bulgarian(command: tuple[str, ...]) -> None:
    output = CliRunner().invoke(main, ["--lang", "bg", *command, "--help"], terminal_width=100).output
    # build and serve show mkdocs' options after their own help: mkdocs' words are its own.
    output, _, upstream = output.partition("Настройките на `mkdocs")
    assert output.startswith("Употреба: ") and "Примери:" in output, output
    if upstream:
        output += "\nНастройки:\n  -h, --help  Показва тази помощ и излиза.\n"  # click's, from mkdocs
    assert "\nНастройки:\n" in output, output
    assert "Показва тази помощ и излиза." in output and "Show this message" not in output
    english = CliRunner().invoke(main, ["--lang", "en", *command, "--help"], terminal_width=100).output
    english = english.partition("The options of `mkdocs")[0]
    assert english.startswith("Usage: ") and "Examples:" in english and not CYRILLIC.search(
        english.replace("ПОПЪЛНЕТЕ", "").replace("годишно тематично разпределение", "")
    ), english
    # Every option's line says what it does in Bulgarian (the option's own name aside).
    options = output.split("\nНастройки:\n", 1)[1].split("\nКоманди:\n", 1)[0]
    for entry in re.split(r"\n  (?=-)", options.strip("\n")):
        assert CYRILLIC.search(entry), entry


@pytest.mark.parametrize(
    ("args", "bulgarian", "english"),
    [
        (["new", "lesson", "holidayz", "new-lesson"], "Грешка: Няма модул „holidayz“. Може би „holidays“?",
         "Error: There is no module 'holidayz'. Did you mean 'holidays'?"),
        (["new", "lesson", "holidays", "Bad_Id"], "Грешка: „Bad_Id“ не е валиден идентификатор на урок.",
         "Error: 'Bad_Id' is not a valid lesson id."),
        (["translations", "start", "en", "vasilitsa"], "Грешка: „lesson.en.md“ вече съществува в vasilitsa/.",
         "Error: 'lesson.en.md' already exists in vasilitsa/."),
        (["translations", "start", "de", "vasilitsa"], "Грешка: „de“ не е език, на който се превежда.",
         "Error: 'de' is not a language to translate into."),
    ],
    ids=["new-unknown-module", "new-bad-id", "start-exists", "start-unknown-language"],
)
def test_a_new_text_or_translation_that_cannot_be_started_says_why_in_bulgarian(
    curriculum_copy: Callable[[], Path], args: list[str], bulgarian: str, english: str
) -> None:
    root = curriculum_copy()
    for lang, expected, hint in (("bg", bulgarian, "    съвет: "), ("en", english, "    hint: ")):
        result = CliRunner().invoke(main, ["--lang", lang, *args, "--root", str(root)])
        assert result.exit_code == 1
        assert result.output.startswith(expected + "\n" + hint), result.output


SCHOOL_YEAR_MISTAKES = [
    ('start: "2027-01-30"', 'start: "2027-01-02"', "CUR033"),
    ('date: "2027-05-24"', 'date: "2028-05-24"', "CUR034"),
    ("grades: [7, 8, 9, 10, 11]", "grades: [7, 8, 9, 10]", "CUR007"),
    ('date: "2027-03-03"', 'date: "2027-03-33"', "CUR005"),
]


@pytest.mark.parametrize(("old", "new", "code"), SCHOOL_YEAR_MISTAKES, ids=[m[2] for m in SCHOOL_YEAR_MISTAKES])
def test_a_school_year_mistake_is_worded_in_bulgarian(tmp_path: Path, old: str, new: str, code: str) -> None:
    root = Path(shutil.copytree(REPO / "curriculum", tmp_path / "curriculum"))
    edit(root / "school-years/2026-2027.yml", old, new)
    _, diag = load_curriculum(root)
    assert [p.code for p in diag.problems] == [code], diag.report()
    _assert_in_bulgarian(diag.problems[0])
