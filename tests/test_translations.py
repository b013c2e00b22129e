"""Translation status: each translation is up to date, outdated, unknown, partial or missing against the
hash of the Bulgarian text it records; `mark` writes that hash without touching anything else; git history
tells which sections of an outdated source changed."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from drom import translations as tr
from drom.cli import main
from drom.loader import load_curriculum
from drom.model import Curriculum

from .test_loader import edit

VASILITSA_BG = "lessons/vasilitsa/lesson.bg.md"
VASILITSA_EN = "lessons/vasilitsa/lesson.en.md"


def load(root: Path) -> Curriculum:
    curriculum, diag = load_curriculum(root)
    assert curriculum is not None and not diag.errors, diag.report()
    return curriculum


def states(root: Path) -> dict[tuple[str, str, str], str]:
    return {
        (s.lang, s.kind, f"{s.parent}/{s.id}" if s.parent else s.id): s.state.value
        for s in tr.translation_status(load(root))
    }


def invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


# The good fixture: translations with a body but no hash are "unknown", front matter only is "partial".
FIXTURE_STATES = {
    ("en", "curriculum", "curriculum"): "unknown",
    ("en", "module", "holidays"): "unknown",
    ("en", "lesson", "first-words"): "missing",
    ("en", "lesson", "vasilitsa"): "unknown",
    ("en", "handout", "vasilitsa/bridge-worksheet"): "unknown",
    ("en", "lesson", "herdelezi"): "missing",
    ("en", "resource", "bridge-legend"): "unknown",
    ("en", "resource", "flag-craft"): "missing",
    ("rom", "curriculum", "curriculum"): "missing",
    ("rom", "module", "holidays"): "missing",
    ("rom", "lesson", "first-words"): "partial",
    ("rom", "lesson", "vasilitsa"): "unknown",
    ("rom", "handout", "vasilitsa/bridge-worksheet"): "missing",
    ("rom", "lesson", "herdelezi"): "missing",
    ("rom", "resource", "bridge-legend"): "missing",
    ("rom", "resource", "flag-craft"): "missing",
}


def test_every_text_of_the_fixture_has_a_state_per_translation_language(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    assert states(root) == FIXTURE_STATES
    statuses = tr.translation_status(load(root))
    assert [s.lang for s in statuses] == ["en"] * 8 + ["rom"] * 8, "grouped by language, in site order"
    missing = next(s for s in statuses if (s.lang, s.id) == ("en", "herdelezi"))
    assert missing.path == root / "lessons/herdelezi/lesson.en.md" and not missing.path.exists()
    assert missing.source_path == root / "lessons/herdelezi/lesson.bg.md"
    handout = next(s for s in statuses if s.kind == "handout" and s.lang == "en")
    assert (handout.id, handout.parent) == ("bridge-worksheet", "vasilitsa")
    assert tr.summary(statuses)["rom"] == {"up-to-date": 0, "outdated": 0, "unknown": 1, "partial": 1, "missing": 6}


def test_mark_then_change_the_source_then_mark_again(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    en = root / VASILITSA_EN
    before = en.read_text(encoding="utf-8")

    value = tr.mark(en)
    assert value == tr.file_hash(root / VASILITSA_BG) and len(value) == 12
    after = en.read_text(encoding="utf-8")
    assert after == before.replace("  - Coloured pencils\n---", f'  - Coloured pencils\nsource_hash: "{value}"\n---')
    assert states(root)[("en", "lesson", "vasilitsa")] == "up-to-date"
    assert load(root).lessons["vasilitsa"].texts["en"].meta.source_hash == value  # type: ignore[attr-defined]

    tr.mark(en)
    assert en.read_text(encoding="utf-8") == after, "marking twice changes nothing"

    edit(root / VASILITSA_BG, "Всеки казва една нова дума.", "Всеки казва две нови думи.")
    status = next(s for s in tr.translation_status(load(root)) if (s.lang, s.id) == ("en", "vasilitsa"))
    assert status.state is tr.State.OUTDATED
    assert (status.recorded, status.current) == (value, tr.file_hash(root / VASILITSA_BG))

    new_value = tr.mark(en)
    assert new_value != value
    assert en.read_text(encoding="utf-8") == after.replace(value, new_value)
    assert states(root)[("en", "lesson", "vasilitsa")] == "up-to-date"


def test_line_ends_and_byte_order_mark_do_not_change_the_hash(tmp_path: Path) -> None:
    unix, windows = tmp_path / "a.md", tmp_path / "b.md"
    unix.write_bytes("---\ntitle: Василица\n---\n\nТекст.\n".encode())
    windows.write_bytes(b"\xef\xbb\xbf" + "---\r\ntitle: Василица\r\n---\r\n\r\nТекст.\r\n".encode())
    assert tr.file_hash(unix) == tr.file_hash(windows)
    unix.write_bytes("---\ntitle: Василица\n---\n\nТекст!\n".encode())
    assert tr.file_hash(unix) != tr.file_hash(windows)


def test_a_full_or_short_recorded_hash_is_accepted(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    full = tr.text_hash(tr.normalized((root / VASILITSA_BG).read_bytes()))
    for recorded in (full, full[:8]):
        edit(root / VASILITSA_EN, "summary: Pupils", f"source_hash: {recorded}\nsummary: Pupils")
        assert states(root)[("en", "lesson", "vasilitsa")] == "up-to-date"
        edit(root / VASILITSA_EN, f"source_hash: {recorded}\n", "")


def test_mark_keeps_crlf_bom_and_replaces_an_earlier_hash(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    en = root / VASILITSA_EN
    text = en.read_text(encoding="utf-8").replace("summary:", "source_hash: 0123456789ab  # old\nsummary:")
    en.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    value = tr.mark(en)
    raw = en.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf---\r\n")
    assert raw.decode("utf-8-sig") == text.replace("source_hash: 0123456789ab  # old", f'source_hash: "{value}"').replace(
        "\n", "\r\n"
    )
    assert states(root)[("en", "lesson", "vasilitsa")] == "up-to-date"


def test_with_source_hash_in_an_empty_front_matter() -> None:
    assert tr.with_source_hash("---\n---\nText\n", "abcdef012345") == '---\nsource_hash: "abcdef012345"\n---\nText\n'


def test_mark_all_marks_only_complete_translations_without_a_hash(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    tr.mark(root / VASILITSA_EN)
    edit(root / VASILITSA_BG, "Устни въпроси.", "Устни въпроси и рисунка.")
    partial = (root / "lessons/first-words/lesson.rom.md").read_text(encoding="utf-8")

    code, output = invoke("translations", "mark", "--all", root)
    assert code == 0, output
    assert "5 translation(s) marked" in output
    after = states(root)
    assert after[("en", "lesson", "vasilitsa")] == "outdated", "an outdated translation is never marked for you"
    assert after[("rom", "lesson", "first-words")] == "partial"
    assert (root / "lessons/first-words/lesson.rom.md").read_text(encoding="utf-8") == partial
    assert "unknown" not in after.values()
    assert load(root) is not None


@pytest.mark.parametrize(
    ("target", "words"),
    [
        (VASILITSA_BG, "is the source text itself (bg), not a translation"),
        ("lessons/vasilitsa/lesson.yml", "is not named like a translation"),
        ("lessons/herdelezi/lesson.en.md", "does not exist"),
    ],
)
def test_mark_refuses_what_is_not_a_translation(curriculum_copy: Callable[[], Path], target: str, words: str) -> None:
    root = curriculum_copy()
    code, output = invoke("translations", "mark", root / target)
    assert code == 1
    assert words in output


def test_mark_refuses_a_file_outside_a_curriculum(tmp_path: Path) -> None:
    stray = tmp_path / "lesson.en.md"
    stray.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    with pytest.raises(tr.TranslationError, match="not inside a curriculum folder"):
        tr.mark(stray)


def test_mark_refuses_a_source_that_is_missing(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    (root / "lessons/vasilitsa/lesson.rom.md").rename(root / "lessons/vasilitsa/notes.rom.md")
    with pytest.raises(tr.TranslationError, match="'notes.bg.md' does not exist"):
        tr.mark(root / "lessons/vasilitsa/notes.rom.md")


def test_compare_names_the_parts_that_changed() -> None:
    old = "---\ntitle: A\nsummary: B\n---\n\nIntro\n\n## One {#one}\n\nx\n\n## Two {#two}\n\ny\n"
    new = "---\ntitle: A2\nsummary: B\n---\n\nIntro\n\n## One, renamed {#one}\n\nx\n\n## Three {#three}\n\nz\n"
    assert tr.compare(old, new) == [
        "front matter: changed",
        "section #one: changed",
        "section #three: new",
        "section #two: removed",
    ]
    assert tr.compare(old, old) == []
    fenced = "---\ntitle: A\n---\n\n```\n## Not a section {#x}\n```\n"
    assert tr.compare(fenced, fenced.replace("Not a", "Still not a")) == ["text: changed"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_history_tells_which_sections_of_the_source_changed(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True,
            capture_output=True,
        )

    git("init", "-q", ".")
    tr.mark(root / VASILITSA_EN)
    git("add", "-A")
    git("commit", "-qm", "translated")
    edit(root / VASILITSA_BG, "Разкажете легендата", "Разкажете подробно легендата")
    edit(root / VASILITSA_BG, "title: Василица", "title: Василица (14 януари)")
    git("commit", "-qam", "source edited")
    edit(root / VASILITSA_BG, "Устни въпроси.", "Устни въпроси и рисунка.")  # not committed yet

    status = next(s for s in tr.translation_status(load(root)) if (s.lang, s.id) == ("en", "vasilitsa"))
    assert tr.source_changes(status) == ["front matter: changed", "section #legend: changed", "section #assessment: changed"]

    code, output = invoke("translations", root)
    assert code == 0
    assert "changed in the source since: front matter: changed; section #legend: changed" in output

    code, output = invoke("translations", root, "--format", "json")
    row = next(r for r in json.loads(output)["translations"] if (r["lang"], r["id"]) == ("en", "vasilitsa"))
    assert row["state"] == "outdated"
    assert row["changes"] == ["front matter: changed", "section #legend: changed", "section #assessment: changed"]


def test_changes_are_unknown_without_history(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    tr.mark(root / VASILITSA_EN)
    edit(root / VASILITSA_BG, "Устни въпроси.", "Устни въпроси и рисунка.")
    status = next(s for s in tr.translation_status(load(root)) if (s.lang, s.id) == ("en", "vasilitsa"))
    assert status.state is tr.State.OUTDATED
    assert tr.source_changes(status) is None


def test_report_as_text(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    module = root / "modules/holidays/module.en.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace(
            "---\n", '---\nreview: {state: reviewed, by: "Ana Ivanova", date: 2026-11-30}\n', 1
        ),
        encoding="utf-8",
    )
    tr.mark(module)
    lesson = root / "lessons/vasilitsa/lesson.en.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("---\n", "---\nreview: {state: machine-assisted}\n", 1),
        encoding="utf-8",
    )
    code, output = invoke("translations", root)
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == "en: 1 up to date, 0 outdated, 4 unknown, 0 partial, 3 missing"
    assert lines[1] == "en review: 0 draft, 1 machine-assisted, 1 reviewed, 3 not stated"
    assert "  unknown    machine-assisted lesson vasilitsa" in output
    assert "curriculum/lessons/vasilitsa/handouts/bridge-worksheet.en.md" in output
    assert "curriculum/modules/holidays/module.en.md" not in output, "up-to-date reviewed translations are only counted"
    assert "rom: 0 up to date, 0 outdated, 1 unknown, 1 partial, 6 missing" in lines
    assert "`curriculum translations mark FILE`" in output


def test_report_as_json_and_strict_exit(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    code, output = invoke("translations", root, "--format", "json")
    assert code == 0
    report = json.loads(output)
    assert report["summary"]["en"]["unknown"] == 5
    first = report["translations"][0]
    assert first == {
        "kind": "curriculum",
        "id": "curriculum",
        "parent": "",
        "lang": "en",
        "state": "unknown",
        "path": "curriculum/curriculum.en.md",
        "source_path": "curriculum/curriculum.bg.md",
        "recorded": None,
        "current": tr.file_hash(root / "curriculum.bg.md"),
        "review": None,
        "reviewed_by": None,
        "reviewed_on": None,
        "changes": None,
    }
    assert invoke("translations", "status", root, "--strict")[0] == 1
    assert invoke("translations", "mark", "--all", root)[0] == 0
    assert invoke("translations", root, "--strict")[0] == 0


def test_report_on_a_curriculum_that_cannot_load(tmp_path: Path) -> None:
    code, output = invoke("translations", tmp_path / "nowhere")
    assert code == 1
    assert "CUR013" in output


def test_mark_needs_files_or_all() -> None:
    code, output = invoke("translations", "mark")
    assert code == 2
    assert "Name the translation files to mark, or use --all." in output
