"""What an author who writes in Bulgarian meets: messages in their language, YAML mistakes in plain words, the
commands from any folder of the project, and help that shows how each command is used."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from drom import messages
from drom.cli import main
from drom.diagnostics import CODES, CODES_BG, Diagnostics
from drom.loader import load_curriculum
from drom.sources import parse_yaml

from .test_loader import edit

CURRICULUM = [sys.executable, "-m", "drom"]


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The command as an author runs it: the locale from `env` only."""
    inherited = {k: v for k, v in os.environ.items() if k not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}}
    return subprocess.run(
        [*CURRICULUM, *args], cwd=cwd, capture_output=True, text=True, env={**inherited, **env}, timeout=120
    )


@pytest.fixture
def typo(curriculum_copy: Callable[[], Path]) -> Path:
    """A curriculum with an unknown key planted in a lesson (`duratoin` for `duration`)."""
    root = curriculum_copy()
    edit(root / "lessons/vasilitsa/lesson.yml", "duration: 40", "duratoin: 40")
    return root


def test_a_bulgarian_locale_gets_the_message_and_hint_in_bulgarian(typo: Path) -> None:
    proc = run(["validate"], typo.parent, LANG="bg_BG.UTF-8")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "curriculum/lessons/vasilitsa/lesson.yml:2:1: грешка CUR003: Непознат ключ „duratoin“ в урока „vasilitsa“. "
        "Може би „duration“?",
        "    съвет: Позволени ключове тук: grades, duration, themes, outcomes, vocabulary, resources, sources, "
        "activities, handouts, short_period.",
        "Грешки: 1, предупреждения: 0.",
    ]


def test_lang_en_gets_english_whatever_the_locale(typo: Path) -> None:
    for args in (["validate", "--lang", "en"], ["--lang", "en", "validate"]):
        proc = run(args, typo.parent, LANG="bg_BG.UTF-8")
        assert proc.returncode == 1
        assert proc.stdout.splitlines() == [
            "curriculum/lessons/vasilitsa/lesson.yml:2:1: error CUR003: Unknown key 'duratoin' in the lesson "
            "'vasilitsa'. Did you mean 'duration'?",
            "    hint: Allowed keys here: grades, duration, themes, outcomes, vocabulary, resources, sources, "
            "activities, handouts, short_period.",
            "1 error(s), 0 warning(s).",
        ]


def test_without_a_locale_the_curriculums_default_language_is_used(typo: Path) -> None:
    proc = run(["validate"], typo.parent, LANG="C.UTF-8")
    assert "грешка CUR003: Непознат ключ" in proc.stdout
    assert run(["validate"], typo.parent, LANG="en_GB.UTF-8").stdout.startswith(
        "curriculum/lessons/vasilitsa/lesson.yml:2:1: error CUR003"
    )


def test_the_choice_of_language() -> None:
    assert messages.choose(None, "bg", {}) == "bg"
    assert messages.choose(None, "bg", {"LANG": "C.UTF-8"}) == "bg"
    assert messages.choose(None, "bg", {"LANG": "en_US.UTF-8"}) == "en"
    assert messages.choose(None, "bg", {"LANG": "en_US.UTF-8", "LC_MESSAGES": "bg_BG.UTF-8"}) == "bg"
    assert messages.choose(None, "bg", {"LANGUAGE": "en:bg", "LANG": "bg_BG.UTF-8"}) == "en"
    assert messages.choose(None, "bg", {"LANG": "de_DE.UTF-8"}) == "en"  # a language the tools do not speak
    assert messages.choose("en", "bg", {"LANG": "bg_BG.UTF-8"}) == "en"
    assert messages.choose(None, "rom", {}) == "en"


def test_an_untranslated_message_stands_under_the_bulgarian_title_of_its_code(tmp_path: Path) -> None:
    diag = Diagnostics(tmp_path / "curriculum")
    diag.add("CUR012", tmp_path / "curriculum/lessons/x/lesson.bg.md", "The image 'a.png' has no alt text.", line=3)
    line = diag.problems[0].format("bg")
    assert f"грешка CUR012 ({CODES_BG['CUR012'][0]}): The image 'a.png' has no alt text." in line
    assert f"съвет: {CODES_BG['CUR012'][1]}" in line
    assert set(CODES_BG) >= set(CODES)  # every code has its Bulgarian title and hint


MISSING = "CUR004", "lessons/vasilitsa/lesson.yml", "duration: 40\n", ""
WRONG_TYPE = "CUR005", "lessons/vasilitsa/lesson.yml", "duration: 40", "duration: forty"
UNKNOWN_REF = "CUR007", "lessons/vasilitsa/lesson.yml", "themes: [holidays]", "themes: [holidayz]"


@pytest.mark.parametrize(
    ("code", "file", "old", "new", "english", "bulgarian"),
    [
        (*MISSING, "The required field 'duration' is missing from the lesson 'vasilitsa'.",
         "Липсва задължителното поле „duration“ в урока „vasilitsa“."),
        (*WRONG_TYPE, "`duration` must be a whole number, not 'forty'.", "`duration` трябва да е цяло число, а не 'forty'."),
        (*UNKNOWN_REF, "There is no theme 'holidayz'. Did you mean 'holidays'?", "Няма тема „holidayz“. Може би „holidays“?"),
    ],
    ids=["missing", "type", "reference"],
)
def test_the_common_problems_are_worded_in_both_languages(
    curriculum_copy: Callable[[], Path], code: str, file: str, old: str, new: str, english: str, bulgarian: str
) -> None:
    root = curriculum_copy()
    edit(root / file, old, new)
    _, diag = load_curriculum(root)
    found = [p for p in diag.problems if p.code == code]
    assert [(p.message, p.message_bg) for p in found] == [(english, bulgarian)]


# --- YAML mistakes in plain words ----------------------------------------------------------------------

YAML_MISTAKES = [
    # (what, text, code, line, column, English, Bulgarian, the line shown)
    ("indentation", "grades: [2, 3]\nduration: 40\n  themes: [a]\n", "CUR001", 3, 3,
     "is indented differently", "с различен отстъп", "3 |   themes: [a]"),
    ("missing colon", "grades: [2, 3]\nduration 40\nthemes: [a]\n", "CUR001", 2, 9,
     "has no colon after its key", "липсва двоеточие", "2 | duration 40"),
    ("tab", "title: x\n\tsummary: y\n", "CUR016", 2, 1,
     "A tab character is used for indentation", "е използвана табулация", "2 | →summary: y"),
    ("unclosed quote", 'title: "Василица\nsummary: x\n', "CUR001", 1, 8,
     "is never closed", "не е затворена", '1 | title: "Василица'),
    ("list for a mapping", "grades: [2, 3]\n- duration: 40\n", "CUR001", 2, 1,
     "A list item (`- …`) stands where `key: value` lines belong", "Елемент от списък", "2 | - duration: 40"),
]


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "english", "bulgarian", "shown"),
    [m[1:] for m in YAML_MISTAKES],
    ids=[m[0] for m in YAML_MISTAKES],
)
def test_yaml_mistakes_in_plain_words_with_the_line_and_a_caret(
    tmp_path: Path, text: str, code: str, line: int, column: int, english: str, bulgarian: str, shown: str
) -> None:
    diag = Diagnostics(tmp_path)
    assert parse_yaml(text, tmp_path / "x.yml", diag) is None
    [problem] = diag.problems
    assert (problem.code, problem.line, problem.column) == (code, line, column)
    assert english in problem.message and bulgarian in problem.message_bg
    for message, hint in ((problem.message, problem.hint), (problem.message_bg, problem.hint_bg)):
        snippet = message.split("\n")[1:]
        assert snippet[0].strip() == shown
        caret = snippet[1].index("^")
        number_width = len(str(line)) + 3  # "3 | "
        assert caret - snippet[0].index(shown[0]) - number_width == column - 1  # the caret under the column
        assert hint and hint not in (CODES[code].fix, CODES_BG[code][1])  # says what to change here


def test_a_yaml_mistake_in_front_matter_shows_the_files_line(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    path = root / "lessons/vasilitsa/lesson.bg.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", 'title: "', 1), encoding="utf-8")
    _, diag = load_curriculum(root)
    [problem] = [p for p in diag.problems if p.code == "CUR001"]
    assert problem.line == 2 and "    2 | title: \"" in problem.message


# --- the project from any folder, help -------------------------------------------------------------------


def test_commands_find_the_curriculum_from_any_folder_below_the_project(typo: Path) -> None:
    for folder in (typo.parent, typo, typo / "lessons" / "vasilitsa"):
        proc = run(["validate", "--lang", "en"], folder)
        assert proc.returncode == 1, proc.stderr
        assert "CUR003" in proc.stdout and "does not exist" not in proc.stdout
    stats = run(["stats", "--lang", "en"], typo / "lessons")
    assert stats.returncode == 1 and "CUR003" in stats.stderr


def test_outside_a_project_the_hint_says_where_to_run(tmp_path: Path) -> None:
    proc = run(["validate", "--lang", "en"], tmp_path)
    assert proc.returncode == 1
    assert "The curriculum folder 'curriculum' does not exist." in proc.stdout
    assert "Run the command inside the project" in proc.stdout
    assert "relative to the Markdown file" not in proc.stdout


def _commands(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in getattr(group, "commands", {}).items():
        found.append((*prefix, name))
        found += _commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("command", _commands(main), ids=" ".join)
def test_every_command_has_examples_in_its_help(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    assert "Examples:" in result.output and f"curriculum {command[0]}" in result.output.split("Examples:")[1]


def test_the_list_of_commands_is_not_cut_short() -> None:
    result = CliRunner().invoke(main, ["--help"], terminal_width=80)
    listing = " ".join(result.output.split("Commands:")[1].split())
    assert "..." not in listing
    assert "Report every problem in the curriculum with file:line:column, a code and a hint." in listing
    assert "Examples:" in result.output


def test_stats_explains_every_column(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    for lang, columns in (("en", ["lessons", "titled", "resources", "terms"]), ("bg", ["уроци", "със заглавие"])):
        output = CliRunner().invoke(main, ["stats", str(root), "--lang", lang]).output
        header = next(line for line in output.splitlines() if line.startswith(("language", "език")))
        for column in columns:
            assert column in header
            assert any(line.strip().startswith(f"{column}:") for line in output.splitlines()), output
    help_text = CliRunner().invoke(main, ["stats", "--help"]).output
    assert "titled     lessons with a text in the language at all" in help_text


# --- progress and quiet ------------------------------------------------------------------------------------


def _on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run `args` with a pseudo-terminal as its output, as in an author's terminal; (exit code, what it showed)."""
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(args, cwd=cwd, stdin=terminal, stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    return proc.wait(timeout=900), shown.decode("utf-8", errors="replace")


def test_a_cold_build_on_a_terminal_shows_the_progress_of_the_pdfs(project: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DROM_PDF": "1", "DROM_OFFLINE": "0", "LANGUAGE": "en"}
    assert not (project / ".cache").exists()  # cold: every PDF is rendered
    code, shown = _on_a_terminal([sys.executable, "-m", "mkdocs", "build", "--strict"], project, env)
    assert code == 0, shown[-3000:]
    counts = [(int(done), int(total)) for done, total in re.findall(r"\rPDFs: (\d+)/(\d+)", shown)]
    total = counts[-1][1]
    assert total >= 6 and counts[0] == (0, total) and counts[-1] == (total, total), counts
    assert [done for done, _ in counts] == list(range(total + 1))  # one line, counting up
    assert re.search(rf"\rPDFs: [1-9]\d*/{total}, about \d+ (s|min \d\d s) left", shown)  # an estimate
    summary = re.search(r"Built (\d+) pages and (\d+) PDFs in [\d.]+ s: site/", shown)
    assert summary and int(summary[2]) >= total, shown[-2000:]
    assert "Overriding" not in shown and "Documentation built in" not in shown


def test_without_a_terminal_the_progress_is_plain_lines(tmp_path: Path) -> None:
    from drom.progress import Progress

    log = tmp_path / "log.txt"
    with log.open("w", encoding="utf-8") as stream:
        bar = Progress("PDFs", 40, stream=stream)
        for done in range(1, 41):
            bar.update(done)
        bar.close()
    lines = log.read_text(encoding="utf-8").splitlines()
    assert "\r" not in log.read_text(encoding="utf-8")
    assert lines[0] == "PDFs: 0/40" and lines[-1] == "PDFs: 40/40" and 5 <= len(lines) <= 12


def test_curriculum_build_from_a_subfolder_is_quiet_and_ends_with_one_summary(project: Path) -> None:
    env = {**os.environ, "DROM_PDF": "0", "DROM_OFFLINE": "0", "LANGUAGE": "en"}
    env.pop("NO_MKDOCS_2_WARNING", None)
    proc = subprocess.run(
        [*CURRICULUM, "build"], cwd=project / "curriculum" / "lessons", capture_output=True, text=True, env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    output = proc.stdout + proc.stderr
    assert "end of life" not in output and "Overriding" not in output and "stale files" not in output
    assert "Documentation built in" not in output
    summary = [line for line in output.splitlines() if "Built " in line]
    assert len(summary) == 1 and re.search(r"Built \d+ pages and 0 PDFs in [\d.]+ s: .*site/$", summary[0])
    assert (project / "site" / "lessons" / "vasilitsa" / "index.html").is_file()
