"""The `curriculum` command through its real entry points: validate (text, json, github; exit codes; colour
only on a terminal), stats, `new` (scaffolds that validate once their TODOs are replaced) and the pre-commit
hooks that run it."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator

from drom import schemas
from drom.cli import main
from drom.loader import load_curriculum
from drom.scaffold import ScaffoldError, add_to_id_list, append_mapping, yaml_scalar
from drom.translations import State, file_hash, translation_status

from .conftest import GOOD, REPO
from .test_loader import edit, write

ENTRY_POINTS = {"console-script": ["curriculum"], "python-m": [sys.executable, "-m", "drom"]}


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {"GITHUB_ACTIONS", "NO_COLOR"}}


def run(*args: str | Path, entry: str = "console-script", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ENTRY_POINTS[entry], *map(str, args)],
        capture_output=True,
        text=True,
        env={**clean_env(), **env},
        timeout=120,
    )


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# --- validate ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_validate_a_clean_curriculum_exits_0(entry: str) -> None:
    proc = run("validate", GOOD / "curriculum", entry=entry)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "OK: 1 modules, 3 lessons, 2 resources, 10 glossary terms." in proc.stdout
    assert proc.stdout.rstrip().endswith("0 error(s), 0 warning(s).")


def test_validate_a_missing_folder_exits_1() -> None:
    proc = run("validate", "no/such/curriculum")
    assert proc.returncode == 1
    assert "error CUR013: The curriculum folder 'no/such/curriculum' does not exist." in proc.stdout


LESSON = "lessons/vasilitsa/lesson.yml"
LESSON_BG = "lessons/vasilitsa/lesson.bg.md"
LESSON_EN = "lessons/vasilitsa/lesson.en.md"
HERDELEZI_BG = "lessons/herdelezi/lesson.bg.md"
FIRST_WORDS_ROM = "lessons/first-words/lesson.rom.md"
DUPLICATE_TERM = "  - {id: daj, latin: daj, meaning: {bg: x, en: y}}"

# Twenty mistakes in twenty places, chosen so that none hides or causes another: (change, code, file, line).
TWENTY: list[tuple[Callable[[Path], None], str, str, int]] = [
    (lambda r: edit(r / LESSON, "themes:", "theme:"), "CUR003", LESSON, 3),
    (lambda r: edit(r / "resources/flag-craft/resource.yml", "kind: craft", "kind: poem"),
     "CUR005", "resources/flag-craft/resource.yml", 1),
    (lambda r: edit(r / "resources/bridge-legend/resource.yml", "licence: CC-BY-SA-4.0\n", ""),
     "CUR004", "resources/bridge-legend/resource.yml", 1),
    (lambda r: edit(r / "glossary.yml", "  - {id: shukar", f"{DUPLICATE_TERM}\n  - {{id: shukar"),
     "CUR006", "glossary.yml", 11),
    (lambda r: edit(r / "lessons/herdelezi/lesson.yml", "[ederlezi]", "[ederlezy]"),
     "CUR007", "lessons/herdelezi/lesson.yml", 5),
    (lambda r: edit(r / "lessons/first-words/lesson.yml", "minutes: 20", "minutes: 30"),
     "CUR008", "lessons/first-words/lesson.yml", 6),
    (lambda r: edit(r / "modules/holidays/module.yml", "herdelezi]", "herdelezi, ghost]"),
     "CUR009", "modules/holidays/module.yml", 5),
    (lambda r: edit(r / LESSON_BG, "(images/flag.svg)", "(../../../../../etc/hosts)"), "CUR010", LESSON_BG, 15),
    (lambda r: write(r, "curriculum.en.md", "---\ntitle: x\nsummary: y\n---\n\nСофия\n".encode("cp1251")),
     "CUR011", "curriculum.en.md", 6),
    (lambda r: edit(r / LESSON_EN, "![The Romani flag: blue, green and a red wheel]", "![]"), "CUR012", LESSON_EN, 15),
    (lambda r: edit(r / HERDELEZI_BG, "Разговор за пролетта.", "![Пролет](images/spring.png)"),
     "CUR013", HERDELEZI_BG, 10),
    (lambda r: edit(r / "calendar.yml", 'date: "01-14"', "date: !!python/name:os.system"), "CUR002", "calendar.yml", 3),
    (lambda r: edit(r / "resources/bridge-legend/resource.en.md", "summary: A", "summary:\n\t A"),
     "CUR016", "resources/bridge-legend/resource.en.md", 4),
    (lambda r: write(r, "lessons/herdelezi/lesson.en.md", "x" * (512 * 1024 + 1)),
     "CUR015", "lessons/herdelezi/lesson.en.md", 0),
    (lambda r: edit(r / FIRST_WORDS_ROM, "summary: Sar", "duration: 45\nsummary: Sar"), "CUR019", FIRST_WORDS_ROM, 3),
    (lambda r: edit(r / "lessons/first-words/lesson.bg.md", "## Оценяване {#assessment}", "## Оценяване"),
     "CUR017", "lessons/first-words/lesson.bg.md", 1),
    (lambda r: edit(r / HERDELEZI_BG, "## Обобщение", "## Игра {#game}\n\nИграем.\n\n## Обобщение"),
     "CUR018", HERDELEZI_BG, 12),
    (lambda r: edit(r / "curriculum.bg.md", "Въведение в програмата.", "TODO: въведение."),
     "CUR022", "curriculum.bg.md", 6),
    (lambda r: edit(r / "modules/holidays/module.en.md", "An intro", "<script>alert(1)</script> An intro"),
     "CUR023", "modules/holidays/module.en.md", 6),
    (lambda r: write(r, "lessons/vasilitsa/lesson.de.md", "---\ntitle: x\nsummary: y\n---\n"),
     "CUR024", "lessons/vasilitsa/lesson.de.md", 0),
]


@pytest.fixture
def broken(curriculum_copy: Callable[[], Path]) -> Path:
    root = curriculum_copy()
    for change, *_ in TWENTY:
        change(root)
    return root


def expected() -> set[tuple[str, str, int]]:
    return {(code, f"curriculum/{file}", line) for _, code, file, line in TWENTY}


@pytest.mark.parametrize(
    ("change", "code", "file", "line"), TWENTY, ids=[f"{code}-{file}" for _, code, file, _ in TWENTY]
)
def test_each_of_the_twenty_alone_is_exactly_its_own_problem(
    curriculum_copy: Callable[[], Path], change: Callable[[Path], None], code: str, file: str, line: int
) -> None:
    """So that together they are twenty problems in twenty places: none hides, causes or repeats another."""
    root = curriculum_copy()
    change(root)
    _, diag = load_curriculum(root)
    assert [(p.code, p.file, p.line) for p in diag.problems] == [(code, f"curriculum/{file}", line)], diag.report()


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_validate_text_lists_every_problem_with_file_line_column_and_hint(broken: Path, entry: str) -> None:
    proc = subprocess.run(
        [*ENTRY_POINTS[entry], "validate", "curriculum"], cwd=broken.parent, capture_output=True, text=True,
        env=clean_env(), timeout=120,
    )
    assert proc.returncode == 1
    out = proc.stdout
    problems = re.findall(r"^(curriculum/\S+?)(?::(\d+):(\d+))?: error (CUR\d{3}): .+$", out, re.MULTILINE)
    assert {(code, file, int(line or 0)) for file, line, _, code in problems} == expected()
    assert len(problems) == 20
    assert out.count("\n    hint: ") == 20
    assert out.rstrip().endswith("20 error(s), 0 warning(s).")
    assert "\x1b[" not in out, "no colour when the output is not a terminal"


def test_validate_json_lists_every_problem(broken: Path) -> None:
    proc = run("validate", broken, "--format", "json")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["errors"] == 20 and report["warnings"] == 0
    assert {(p["code"], p["file"], p["line"]) for p in report["problems"]} == expected()
    for problem in report["problems"]:
        assert {"code", "file", "line", "column", "message", "hint", "severity"} <= set(problem)
        assert problem["message"] and problem["hint"]
        assert (problem["line"] == 0) == (problem["column"] == 0)


def test_validate_github_prints_one_annotation_per_problem(broken: Path) -> None:
    proc = run("validate", broken, "--format", "github")
    assert proc.returncode == 1
    annotations = re.findall(r"^::error file=([^,]+),line=(\d+),col=(\d+),title=(CUR\d{3})::(.+)$", proc.stdout, re.M)
    assert len(annotations) == 20
    assert {(code, file, int(line)) for file, line, _, code, _ in annotations} == {
        (code, file, max(line, 1)) for code, file, line in expected()
    }
    assert all("Hint: " in body for *_, body in annotations)


def test_validate_speaks_github_by_default_on_github_actions(broken: Path) -> None:
    proc = run("validate", broken, GITHUB_ACTIONS="true")
    assert proc.stdout.count("::error file=") == 20


def test_colour_only_on_a_terminal(broken: Path) -> None:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        ["curriculum", "validate", str(broken)], stdout=follower, stderr=follower, env=clean_env()
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=120) == 1
    out = b"".join(chunks).decode()
    assert "\x1b[" in out, "colour on a terminal"
    assert "error CUR003" in re.sub(r"\x1b\[[0-9;]*m", "", out)

    plain = run("validate", broken, NO_COLOR="1")
    assert "\x1b[" not in plain.stdout


# --- stats -------------------------------------------------------------------------------------------


def test_stats_text_and_json() -> None:
    text = run("stats", GOOD / "curriculum")
    assert text.returncode == 0, text.stderr
    assert "modules 1, lessons 3 (1 with handouts), resources 2, glossary terms 10" in text.stdout
    assert "module holidays: 120 minutes of teaching" in text.stdout
    assert re.search(r"^rom\s+1\s+2\s+0\s+1$", text.stdout, re.M), text.stdout

    report = json.loads(run("stats", GOOD / "curriculum", "--format", "json", entry="python-m").stdout)
    assert report["lessons"] == 3 and report["terms"] == 10
    assert report["per_language"]["en"] == {
        "lessons_complete": 1,
        "lessons_titled": 1,
        "resources_complete": 1,
        "terms_with_meaning": 10,
    }
    assert report["minutes_per_module"] == {"holidays": 120}


def test_stats_refuses_a_curriculum_with_errors(broken: Path) -> None:
    proc = run("stats", broken)
    assert proc.returncode == 1
    assert "20 error(s)" in proc.stderr


# --- new ---------------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"(?:TODO|ПОПЪЛНЕТЕ):[^'\"\n{]*[^'\"\n{ ]")


def fill_in(root: Path) -> int:
    """Replace every placeholder under `root` as an author would; how many there were."""
    count = 0
    for path in sorted(root.rglob("*")):
        if path.suffix in {".md", ".yml"}:
            text = path.read_text(encoding="utf-8")
            new, n = _PLACEHOLDER.subn("Real text", text)
            if n:
                path.write_text(new, encoding="utf-8")
                count += n
    return count


def problems(root: Path) -> list[dict]:
    result = invoke("validate", root, "--format", "json")
    return json.loads(result.output)["problems"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_new_lesson_is_bulgarian_only_and_validates_once_the_bulgarian_is_filled_in(
    curriculum_copy: Callable[[], Path],
) -> None:
    root = curriculum_copy()
    module_before = (root / "modules/holidays/module.yml").read_text(encoding="utf-8")
    result = invoke("new", "lesson", "holidays", "st-george", "--root", root)
    assert result.exit_code == 0, result.output
    folder = root / "lessons/st-george"
    assert sorted(p.name for p in folder.iterdir()) == ["lesson.bg.md", "lesson.yml"]
    bulgarian = (folder / "lesson.bg.md").read_text(encoding="utf-8")
    assert "title: 'ПОПЪЛНЕТЕ: заглавие на урока'" in bulgarian and "TODO" not in bulgarian
    assert "created curriculum/lessons/st-george/lesson.yml" in result.output
    assert "changed curriculum/modules/holidays/module.yml" in result.output

    module_after = (root / "modules/holidays/module.yml").read_text(encoding="utf-8")
    assert module_after == module_before.replace("herdelezi]", "herdelezi, st-george]")

    lesson_yml = (folder / "lesson.yml").read_text(encoding="utf-8")
    assert lesson_yml.splitlines()[0] == "# yaml-language-server: $schema=../../../schemas/lesson.schema.json"
    schema = json.loads((REPO / "schemas/lesson.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(yaml.safe_load(lesson_yml))) == []

    found = problems(root)
    assert found and {p["code"] for p in found} == {"CUR022"}
    assert {p["file"].rsplit("/", 1)[-1] for p in found} == {"lesson.bg.md"}
    assert all("ПОПЪЛНЕТЕ" in p["message"] for p in found)

    assert fill_in(folder) == len(found)
    assert problems(root) == []
    validated = run("validate", root)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    curriculum, _ = load_curriculum(root)
    assert curriculum is not None
    lesson = curriculum.lessons["st-george"]
    assert lesson.module_id == "holidays"
    assert [x.id for x in curriculum.module_lessons(curriculum.modules["holidays"])][-1] == "st-george"
    assert list(lesson.texts) == ["bg"] and lesson.texts["bg"].complete
    assert "Оценяване" in lesson.texts["bg"].sections["assessment"].title

    # A translation starts later, as a copy of the Bulgarian that records its version.
    started = invoke("translations", "start", "en", "st-george", "--root", root)
    assert started.exit_code == 0, started.output
    english = (folder / "lesson.en.md").read_text(encoding="utf-8")
    source = (folder / "lesson.bg.md").read_text(encoding="utf-8")
    assert english == source.replace("\n---\n", f'\nsource_hash: "{file_hash(folder / "lesson.bg.md")}"\n---\n', 1)
    assert "started curriculum/lessons/st-george/lesson.en.md from curriculum/lessons/st-george/lesson.bg.md" in (
        started.output
    )
    assert problems(root) == []
    curriculum, _ = load_curriculum(root)
    assert curriculum is not None
    states = {(s.id, s.lang): s.state for s in translation_status(curriculum)}
    assert states[("st-george", "en")] is State.UP_TO_DATE and states[("st-george", "rom")] is State.MISSING
    again = invoke("translations", "start", "en", "st-george", "--root", root)
    assert again.exit_code == 1 and "'lesson.en.md' already exists" in again.output


def test_new_module_with_its_first_lesson(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    result = invoke("new", "module", "songs", "--band", "primary", "--lesson", "gelem-gelem", "--root", root)
    assert result.exit_code == 0, result.output
    assert "modules: [holidays, songs]" in (root / "curriculum.yml").read_text(encoding="utf-8")
    module_yml = (root / "modules/songs/module.yml").read_text(encoding="utf-8")
    assert module_yml.startswith("# yaml-language-server: $schema=../../../schemas/module.schema.json\n")
    assert "lessons: [gelem-gelem]" in module_yml
    assert {p["code"] for p in problems(root)} == {"CUR022"}
    fill_in(root)
    assert problems(root) == []


def test_new_module_alone_says_it_needs_a_lesson(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    result = invoke("new", "module", "songs", "--band", "primary", "--root", root)
    assert result.exit_code == 0, result.output
    assert "A module needs at least one lesson: `curriculum new lesson songs <lesson-id>`." in result.output
    assert invoke("new", "lesson", "songs", "gelem-gelem", "--root", root).exit_code == 0
    fill_in(root)
    assert problems(root) == []


def test_new_resource(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    result = invoke("new", "resource", "gelem-song", "--kind", "song", "--origin", "traditional", "--root", root)
    assert result.exit_code == 0, result.output
    assert {p["code"] for p in problems(root)} == {"CUR022"}
    fill_in(root)
    assert problems(root) == []
    curriculum, _ = load_curriculum(root)
    assert curriculum is not None
    spec = curriculum.resources["gelem-song"].spec
    assert (spec.kind, spec.origin, spec.licence) == ("song", "traditional", "CC-BY-SA-4.0")


def test_new_term_appends_to_the_glossary(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    before = (root / "glossary.yml").read_text(encoding="utf-8")
    result = invoke("new", "term", "dzhukel", "--latin", "džukel", "--root", root)
    assert result.exit_code == 0, result.output
    after = (root / "glossary.yml").read_text(encoding="utf-8")
    assert after == before + '  - {id: dzhukel, latin: džukel, meaning: {bg: "ПОПЪЛНЕТЕ: значение", en: "ПОПЪЛНЕТЕ: значение на английски"}}\n'
    assert {p["code"] for p in problems(root)} <= {"CUR022"}
    fill_in(root)
    assert problems(root) == []
    curriculum, _ = load_curriculum(root)
    assert curriculum is not None and curriculum.terms["dzhukel"].latin == "džukel"


def test_new_term_in_a_fresh_glossary(curriculum_copy: Callable[[], Path]) -> None:
    root = curriculum_copy()
    (root / "glossary.yml").unlink()
    for path in root.rglob("*.yml"):  # nothing may refer to the terms that are gone
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(vocabulary|terms): \[[^\]]*\]", r"\1: []", text), encoding="utf-8")
    assert invoke("new", "term", "daj", "--latin", "daj", "--root", root).exit_code == 0
    assert (root / "glossary.yml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/glossary.schema.json\nterms:\n  - id: daj\n    latin: daj\n"
    )
    fill_in(root)
    assert problems(root) == []


def _list_ghost(root: Path) -> None:
    edit(root / "modules/holidays/module.yml", "herdelezi]", "herdelezi, ghost]")


def _break_module(root: Path) -> None:
    edit(root / "modules/holidays/module.yml", "herdelezi]", "herdelezi")


REFUSALS: list[tuple[list[str], Callable[[Path], None] | None, str]] = [
    (["lesson", "holidays", "vasilitsa"], None, "There is already a lesson 'vasilitsa' (curriculum/lessons/vasilitsa)"),
    (["lesson", "holidays", "St_George"], None, "'St_George' is not a valid lesson id."),
    (["lesson", "holiday", "st-george"], None, "There is no module 'holiday'. Did you mean 'holidays'?"),
    (["lesson", "holidays", "ghost"], _list_ghost, "The module 'holidays' already lists a lesson 'ghost'"),
    (["lesson", "holidays", "st-george"], _break_module, "The module 'holidays' has errors"),
    (["module", "holidays", "--band", "primary"], None, "There is already a module 'holidays'"),
    (["module", "songs", "--band", "primray"], None, "There is no grade band 'primray'. Did you mean 'primary'?"),
    (["module", "songs", "--band", "primary", "--lesson", "vasilitsa"], None, "There is already a lesson"),
    (["resource", "bridge-legend", "--kind", "tale"], None, "There is already a resource 'bridge-legend'"),
    (["term", "daj", "--latin", "daj"], None, "The glossary already has a term 'daj'."),
    (["term", "new-word", "--latin", "  "], None, "The term needs its Latin spelling."),
]


@pytest.mark.parametrize(("args", "prepare", "words"), REFUSALS, ids=[" ".join(r[0]) for r in REFUSALS])
def test_new_refuses_with_a_clear_message_and_writes_nothing(
    curriculum_copy: Callable[[], Path], args: list[str], prepare: Callable[[Path], None] | None, words: str
) -> None:
    root = curriculum_copy()
    if prepare:
        prepare(root)
    before = snapshot(root)
    result = CliRunner().invoke(main, ["new", *args, "--root", str(root)])
    assert result.exit_code == 1, result.output
    assert words in result.output
    assert "hint: " in result.output
    assert snapshot(root) == before


def test_new_without_a_curriculum_says_where_to_run(tmp_path: Path) -> None:
    proc = subprocess.run(
        ["curriculum", "new", "lesson", "holidays", "x"], cwd=tmp_path, capture_output=True, text=True, env=clean_env()
    )
    assert proc.returncode == 1
    assert "There is no curriculum.yml in 'curriculum'." in proc.stderr
    assert "--root" in proc.stderr


BLOCK_MODULE = """\
# yaml-language-server: $schema=../../../schemas/module.schema.json
band: primary
lessons:            # teaching order
  - who-are-the-roma
  - vasilitsa   # 14 January

# next: more lessons
"""


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("lessons: [a, b]  # order\n", "lessons: [a, b, new]  # order\n"),
        ("lessons: []\nband: x\n", "lessons: [new]\nband: x\n"),
        ("lessons: [\n  a,\n  b\n]\n", "lessons: [\n  a,\n  b, new\n]\n"),
        ("lessons: [a]", "lessons: [a, new]"),
        (BLOCK_MODULE, BLOCK_MODULE.replace("# 14 January\n", "# 14 January\n  - new\n")),
        ("lessons:\r\n- a\r\n- b\r\nband: x\r\n", "lessons:\r\n- a\r\n- b\r\n- new\r\nband: x\r\n"),
        ("\ufefflessons:\n    -   a\n", "\ufefflessons:\n    -   a\n    -   new\n"),
    ],
)
def test_adding_to_a_list_keeps_its_style_and_comments(before: str, after: str) -> None:
    assert add_to_id_list(before, "lessons", "new", "module.yml") == after
    assert yaml.safe_load(after.lstrip("\ufeff"))["lessons"][-1] == "new"


def test_adding_to_a_list_refuses_duplicates_and_missing_lists() -> None:
    with pytest.raises(ScaffoldError, match="'a' is already in the `lessons` list"):
        add_to_id_list("lessons: [a]\n", "lessons", "a", "module.yml")
    with pytest.raises(ScaffoldError, match="has no `lessons:` list"):
        add_to_id_list("band: primary\n", "lessons", "a", "module.yml")
    with pytest.raises(ScaffoldError, match="not valid YAML"):
        add_to_id_list("lessons: [a\n", "lessons", "a", "module.yml")


GLOSSARY = """\
terms:
  # --- family ---
  - id: daj
    latin: daj
    meaning: {bg: майка, en: mother}

  - id: dad
    latin: dad
    meaning: {bg: баща, en: father}
    sources: [romlex]   # ROMLEX
"""


def test_appending_a_term_follows_the_layout_of_the_last_one() -> None:
    fields = [("id", "phral"), ("latin", "phral"), ("meaning", "{bg: брат, en: brother}")]
    assert append_mapping(GLOSSARY, "terms", fields, "glossary.yml") == GLOSSARY + (
        "\n  - id: phral\n    latin: phral\n    meaning: {bg: брат, en: brother}\n"
    )
    tight = GLOSSARY.replace("\n\n", "\n")
    assert append_mapping(tight, "terms", fields, "glossary.yml") == tight + (
        "  - id: phral\n    latin: phral\n    meaning: {bg: брат, en: brother}\n"
    )
    flow = "terms:\n  - {id: daj, latin: daj, meaning: {bg: майка, en: mother}}\n"
    assert append_mapping(flow, "terms", fields, "glossary.yml") == flow + (
        "  - {id: phral, latin: phral, meaning: {bg: брат, en: brother}}\n"
    )
    with pytest.raises(ScaffoldError, match="written on one line"):
        append_mapping("terms: [{id: daj}]\n", "terms", fields, "glossary.yml")


@pytest.mark.parametrize("value", ["čhavo", "a, b: c", "yes", "12", "it's", '"quoted"', "[x]", "{y}", "#z"])
def test_yaml_scalar_reads_back_the_same_in_block_and_flow(value: str) -> None:
    assert yaml.safe_load(f"k: {yaml_scalar(value)}") == {"k": value}
    assert yaml.safe_load(f"{{k: {yaml_scalar(value)}, l: 1}}") == {"k": value, "l": 1}


# --- pre-commit ---------------------------------------------------------------------------------------


def test_pre_commit_hook_runs_the_validator_on_curriculum_changes() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "curriculum-validate")
    assert hook["language"] == "python"
    assert hook["entry"] == "curriculum validate"
    assert hook["pass_filenames"] is False
    assert re.match(hook["files"], "curriculum/lessons/vasilitsa/lesson.yml")
    assert not re.match(hook["files"], "docs/index.md")
    assert shutil.which(hook["entry"].split()[0]), "the hook's command is the installed console script"

    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = next(repo for repo in config["repos"] if repo["repo"] == "local")
    used = next(h for h in local["hooks"] if h["id"] == "curriculum-validate")
    assert {k: used[k] for k in ("entry", "pass_filenames", "files")} == {
        k: hook[k] for k in ("entry", "pass_filenames", "files")
    }
    schema_hook = next(h for h in local["hooks"] if h["id"] == "curriculum-schemas")
    assert re.match(schema_hook["files"], "plugins/drom/model.py")


def test_pre_commit_accepts_both_files() -> None:
    for command, name in (
        ("validate-manifest", ".pre-commit-hooks.yaml"),
        ("validate-config", ".pre-commit-config.yaml"),
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "pre_commit", command, name], cwd=REPO, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_schema_folder_sits_beside_the_curriculum() -> None:
    assert schemas.schema_folder(REPO / "curriculum") == REPO / "schemas"
