"""The spelling check (`curriculum spell`) and the review state of translations."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from drom import spelling as sp
from drom.cli import main
from drom.diagnostics import CODES, CODES_BG
from drom.loader import load_curriculum

from .conftest import REPO, require_tool

WORDS = """\
doublets:
  - preferred: pučhel
    variant: phučel
    forms: {phuč: pučh}
    why: "Balkan dialects write pučh-."
    sources: [romlex]
words:
  - word: lačho
    forms: [lačhe]
    sources: [romlex]
    dialects: [ER]
  - word: pučhel
    forms: [pučh]
    sources: [romlex]
  - word: anglune
    sources: [romlex]
  - {word: alava, sources: [romlex]}
  - {word: romanes, sources: [romlex]}
  - {word: sar, sources: [romlex]}
  - {word: te, sources: [romlex]}
  - {word: vakeras, sources: [romlex]}
  - {word: familijake, sources: [romlex]}
  - {word: tuke, sources: [romlex]}
"""

ROM_TEXT = """\
---
title: Anglune alava romanes
summary: "Lačhe alava. Phuč e familijake, `phuč`."
objectives:
  - Sar te vakeras xyzzo?
---
"""
# Line 3, column 24: Phuč (a doublet); the one in `code` is skipped. Line 5, column 20: xyzzo (not in the list).


def invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def invoke_stdout(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.fixture
def planted(curriculum_copy: Callable[[], Path]) -> Path:
    """The fixture curriculum with a word list, a planted doublet, an unknown Romani word and a Bulgarian typo."""
    root = curriculum_copy()
    (root / sp.WORDS_FILE).write_text(WORDS, encoding="utf-8")
    (root / "lessons/first-words/lesson.rom.md").write_text(ROM_TEXT, encoding="utf-8")
    bg = root / "lessons/first-words/lesson.bg.md"
    lines = bg.read_text(encoding="utf-8").split("\n")
    assert lines[11] == "Учителят казва „Nais tuke“."
    lines[11] = "Учителят казва зравей и *lačho*, после *xozzi*."  # line 12: зравей at 16, xozzi at 41
    bg.write_text("\n".join(lines), encoding="utf-8")
    return root


def problems(output: str) -> set[tuple[str, int, int, str, str]]:
    found = re.findall(r"^(\S+?):(\d+):(\d+): (warning|error) (CUR\d{3}): .*?'([^']+)'", output, re.MULTILINE)
    return {(file, int(line), int(column), code, word) for file, line, column, _, code, word in found}


def test_planted_doublet_unknown_word_and_bulgarian_typo_at_line_and_column(planted: Path) -> None:
    require_tool("hunspell")
    code, output = invoke("spell", planted)
    assert code == 0, output  # warnings by default
    rom = "curriculum/lessons/first-words/lesson.rom.md"
    bg = "curriculum/lessons/first-words/lesson.bg.md"
    found = problems(output)
    assert (rom, 3, 24, "CUR042", "Phuč") in found
    assert "the curriculum writes 'Pučh'" in output and "hint: Write 'Pučh': Balkan dialects write pučh-." in output
    assert not any(line == 3 and column > 24 for file, line, column, *_ in found if file == rom), "code is skipped"
    assert (rom, 5, 20, "CUR041", "xyzzo") in found
    assert (bg, 12, 16, "CUR043", "зравей") in found
    assert "Hunspell suggests: " in output and "здравей" in output
    assert (bg, 12, 41, "CUR041", "xozzi") in found, "a Latin word in italics in Bulgarian text is Romani"
    assert not any(word == "lačho" for *_, word in found)
    assert "warning CUR042" in output and "error CUR04" not in output


def test_strict_makes_them_errors_and_exits_1(planted: Path) -> None:
    code, output = invoke_stdout("spell", planted, "--strict", "--format", "json")
    assert code == 1
    report = json.loads(output)
    codes = {(p["code"], p["severity"]) for p in report["problems"]}
    assert ("CUR042", "error") in codes and ("CUR041", "error") in codes


def test_validate_lists_spelling_as_warnings(planted: Path) -> None:
    code, output = invoke("validate", planted)
    assert code == 0, output
    assert re.search(r"lesson\.rom\.md:3:24: warning CUR042: 'Phuč' is a doublet", output)


def test_a_curriculum_without_a_word_list_is_not_spell_checked_by_validate(curriculum_copy: Callable[[], Path]) -> None:
    code, output = invoke("validate", curriculum_copy())
    assert code == 0 and output.rstrip().endswith("0 error(s), 0 warning(s).")


def test_missing_hunspell_is_said_and_fails_strict(planted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sp, "hunspell_path", lambda: None)
    code, output = invoke("spell", planted)
    assert code == 0
    assert "Bulgarian and English were not checked: hunspell is not installed" in output
    assert "CUR041" in output, "the Romani is checked all the same"
    code, output = invoke("spell", planted, "--strict")
    assert code == 1


def test_a_broken_word_list_is_a_located_error(planted: Path) -> None:
    (planted / sp.WORDS_FILE).write_text("words:\n  - word: lačho\n    sorces: [romlex]\n", encoding="utf-8")
    code, output = invoke("validate", planted)
    assert code == 1
    assert "curriculum/romani-words.yml:3:5: error CUR003: Unknown key 'sorces'" in output
    assert "Did you mean 'sources'?" in output


def test_prose_only_with_exact_columns() -> None:
    text = (
        "---\ntitle: Kher\nsource_hash: abcdef123456\nreview: {state: reviewed, by: Ana, date: 2026-11-30}\n---\n\n"
        "## Baro kher {#big-house}\n\n"
        "See [the kher](https://example.org/kher) and `kher`, <b>kher</b> or www.kher.org.\n"
        "```\nkher kher\n```\n"
        "Done *kher*.\n"
    )
    tokens = [(t.word, t.line, t.column, t.lang) for t in sp.markdown_tokens(text, "en", sp.Lexicon(romani={"kher"}))]
    assert tokens == [
        ("Kher", 2, 8, "en"),
        ("Baro", 7, 4, "en"),
        ("kher", 7, 9, "en"),
        ("See", 9, 1, "en"),
        ("the", 9, 6, "en"),
        ("kher", 9, 10, "en"),
        ("and", 9, 42, "en"),
        ("kher", 9, 57, "en"),
        ("or", 9, 66, "en"),
        ("Done", 13, 1, "en"),
        ("kher", 13, 7, "rom"),
    ]


def test_the_shipped_curriculum_passes_strict() -> None:
    require_tool("hunspell")
    code, output = invoke("spell", REPO / "curriculum", "--strict")
    assert code == 0, output
    assert re.search(r"^\d+ words in \d+ files: 0 spelling problem\(s\)\.$", output, re.MULTILINE)


# --- review state -------------------------------------------------------------------------------------


def _front(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\n{line}\n", 1), encoding="utf-8")


def test_review_state_is_on_the_model(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    _front(root / "lessons/vasilitsa/lesson.en.md", 'review: {state: reviewed, by: "Ana Ivanova", date: 2026-11-30}')
    _front(root / "lessons/vasilitsa/lesson.rom.md", "review: {state: machine-assisted}")
    curriculum, diag = load_curriculum(root)
    assert curriculum is not None and not diag.errors, diag.report()
    texts = curriculum.lessons["vasilitsa"].texts
    assert texts["en"].reviewed and texts["en"].review is not None and texts["en"].review.by == "Ana Ivanova"
    assert not texts["rom"].reviewed and texts["rom"].review is not None
    assert texts["rom"].review.state == "machine-assisted"
    assert not curriculum.lessons["first-words"].texts["rom"].reviewed, "a text that states nothing is not reviewed"


@pytest.mark.parametrize(
    ("line", "message", "hint"),
    [
        (
            "review: {state: native}",
            "'native' is not a review state.",
            "Write one of draft, machine-assisted, reviewed",
        ),
        (
            "review: {state: revieved}",
            "'revieved' is not a review state. Did you mean 'reviewed'?",
            "Write one of draft, machine-assisted, reviewed",
        ),
        (
            "review: {state: reviewed, by: Ana Ivanova}",
            "a reviewed text names its reviewer and the date: `date` missing",
            'by: "Name Surname", date: 2026-11-30',
        ),
    ],
)
def test_a_wrong_review_state_is_a_located_error(
    curriculum_copy: Callable[[], Path], line: str, message: str, hint: str
) -> None:
    root = curriculum_copy()
    _front(root / "lessons/vasilitsa/lesson.en.md", line)
    _, diag = load_curriculum(root)
    found = [p for p in diag.problems if p.code == "CUR040"]
    assert len(diag.errors) == 1 and len(found) == 1, diag.report()
    problem = found[0]
    assert (problem.file, problem.line) == ("curriculum/lessons/vasilitsa/lesson.en.md", 2)
    assert problem.column == (1 if "missing" in message else 10), "the `review` key, or its `state`"
    assert message in problem.message
    assert hint in problem.hint


def test_an_unknown_review_key_is_refused(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    _front(root / "lessons/vasilitsa/lesson.en.md", "review: {state: draft, reviewer: Ana}")
    _, diag = load_curriculum(root)
    assert [p.code for p in diag.errors] == ["CUR003"]
    assert "Unknown key 'reviewer'" in diag.errors[0].message


def test_diagnostics_table_has_the_new_codes() -> None:
    assert {"CUR040", "CUR041", "CUR042", "CUR043"} <= set(CODES) & set(CODES_BG)
