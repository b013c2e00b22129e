"""Property-based tests of the loader: whatever the files hold, it reports problems with a place, a code and a
hint, and never raises; a curriculum that passes validation always turns into pages, and always builds.

About 200 examples per property in CI; set FUZZ_EXAMPLES (e.g. 5000) for a longer local run, and
FUZZ_BUILD_EXAMPLES for more full site builds (each takes seconds).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st

from drom.diagnostics import CODES, Diagnostics
from drom.loader import load_curriculum
from drom.pages import build_pages

from .conftest import GOOD, REPO, make_project, run_build
from .test_scale_generator import generator

# Hypothesis writes a patch with each failure through black, whose import warns (mypy_extensions.TypedDict);
# with `filterwarnings = error` that warning would turn a failure report into a pytest INTERNALERROR.
with warnings.catch_warnings(), contextlib.suppress(ImportError):
    warnings.simplefilter("ignore", DeprecationWarning)
    import hypothesis.extra._patching  # noqa: F401

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
BUILD_EXAMPLES = int(os.environ.get("FUZZ_BUILD_EXAMPLES", "2"))
SHRINK = "FUZZ_EXAMPLES" in os.environ
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # a load takes ~0.1 s, far more on a busy machine
    # Shrinking a failure can take minutes at ~0.1 s an example: only on long local runs.
    phases=[Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if SHRINK else []),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)

SOURCE = GOOD / "curriculum"
FILES = sorted(p.relative_to(SOURCE).as_posix() for p in SOURCE.rglob("*") if p.suffix in (".yml", ".md"))
IDS = ["vasilitsa", "herdelezi", "first-words", "holidays", "bridge-legend", "daj", "romlex", "P-HOL-1", "primary"]

# Pieces that mean something to YAML, Markdown or our checks, spliced into real files.
TOKENS = [
    "\t",
    ": ",
    "- ",
    "-",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!python/object/apply:os.system ['true']",
    "!!binary ",
    "!custom ",
    "{",
    "}",
    "[",
    "]",
    "|\n",
    ">-\n",
    "#",
    "'",
    '"',
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "\ufeff",
    "\r\n",
    "\r",
    "\x00",
    "\x85",
    "\u2028",
    "? ",
    "~",
    "null",
    "0x1F",
    "1e400",
    ".nan",
    "2024-01-01",
    "<script>alert(1)</script>",
    '<img src="x.png">',
    "![](images/flag.svg)",
    "![x](../../../../etc/passwd)",
    "[a](/abs)",
    "[a](javascript:alert(1))",
    " onclick='x'",
    "{#warm-up}",
    "## Title {#legend}\n",
    "## Extra {#nope}\n",
    "```\n",
    "TODO",
    "title:",
    "summary:",
    "duration: 40\n",
    "grades: [2]\n",
    "activities: []\n",
    "\n",
    "    ",
    "é",
    "ъ",
    "čh",
    "\U0001f600",
]


def json_like() -> st.SearchStrategy[Any]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(10**12), max_value=10**12)
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.text(max_size=30)
        | st.sampled_from(IDS + ["bg", "en", "rom", "xx", "", " "])
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=12) | st.sampled_from(IDS + ["bg", "en", "title"]), children, max_size=4)
        ),
        max_leaves=12,
    )


def paths_in(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside nested dicts and lists, the root included."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_in(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths_in(value, (*prefix, index))
    return found


def mutate_data(draw: Callable[[st.SearchStrategy[Any]], Any], data: Any) -> Any:
    """One change to the parsed YAML: a value replaced, removed, duplicated, or an unknown key added."""
    path = draw(st.sampled_from(paths_in(data)))
    operation = draw(st.sampled_from(["replace", "delete", "add-key", "duplicate", "nest"]))
    if not path:
        return draw(json_like()) if operation == "replace" else [data] if operation == "nest" else data
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if operation == "replace":
        parent[last] = draw(json_like())
    elif operation == "delete":
        del parent[last]
    elif operation == "add-key" and isinstance(parent[last], dict):
        parent[last][draw(st.text(min_size=1, max_size=12))] = draw(json_like())
    elif operation == "duplicate" and isinstance(parent, list):
        parent.insert(last, parent[last])
    elif operation == "nest":
        parent[last] = [parent[last]]
    return data


def split(text: str) -> tuple[str | None, str]:
    """(front matter, body) of a Markdown file; (None, text) for YAML files."""
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        head, body = text[4:].split("\n---\n", 1)
        return head, body
    return None, text


@st.composite
def file_mutation(draw: Callable[[st.SearchStrategy[Any]], Any]) -> tuple[str, bytes | None]:
    """(path relative to curriculum/, new bytes or None to delete): one fixture file broken some way."""
    target = draw(st.sampled_from(FILES))
    original = (SOURCE / target).read_text(encoding="utf-8")
    kind = draw(st.sampled_from(["bytes", "text", "splice", "splice", "structure", "structure", "deep", "delete"]))
    if kind == "delete":
        return target, None
    if kind == "bytes":
        return target, draw(st.binary(max_size=600))
    if kind == "text":
        return target, draw(st.lists(st.sampled_from(TOKENS) | st.characters(), max_size=200).map("".join)).encode(
            "utf-8", "surrogatepass"
        )
    if kind == "deep":
        depth = draw(st.integers(min_value=1, max_value=3000))
        opener = draw(st.sampled_from(["[", "{a: ", "- "]))
        if opener == "- ":
            nested = "".join(f"{'  ' * i}-\n" for i in range(min(depth, 400)))
        else:
            nested = opener * depth + draw(st.sampled_from(["", "x", "]" * depth]))
        head, body = split(original)
        text = nested if head is None else f"---\nx: {nested}\n---\n{body}"
        return target, text.encode("utf-8")
    if kind == "structure":
        head, body = split(original)
        data = yaml.safe_load(original if head is None else head)
        data = mutate_data(draw, data)
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        text = dumped if head is None else f"---\n{dumped}---\n{body}"
        return target, text.encode("utf-8")
    text = original
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        start = draw(st.integers(min_value=0, max_value=len(text)))
        end = draw(st.integers(min_value=start, max_value=min(len(text), start + 40)))
        operation = draw(st.sampled_from(["insert", "delete", "replace", "repeat"]))
        piece = draw(st.sampled_from(TOKENS) | st.text(max_size=5))
        if operation == "insert":
            text = text[:start] + piece + text[start:]
        elif operation == "delete":
            text = text[:start] + text[end:]
        elif operation == "replace":
            text = text[:start] + piece + text[end:]
        else:
            text = text[:end] + text[start:end] * draw(st.integers(min_value=1, max_value=50)) + text[end:]
    return target, text.encode("utf-8", errors="surrogatepass")


@st.composite
def new_file(draw: Callable[[st.SearchStrategy[Any]], Any]) -> tuple[str, bytes]:
    """A file the fixture does not have: a new entity, a translation, a handout, an oddly named folder."""
    name = draw(
        st.sampled_from(["new-lesson", "Bad_Id", "-x", ".hidden", "ünï", "a" * 200, "x.y"])
        | st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=30)
    )
    assume(name not in (".", ".."))
    template = draw(
        st.sampled_from(
            [
                "lessons/{}/lesson.yml",
                "lessons/{}/lesson.bg.md",
                "modules/{}/module.yml",
                "resources/{}/resource.yml",
                "lessons/vasilitsa/lesson.{}.md",
                "lessons/vasilitsa/handouts/{}.bg.md",
                "lessons/vasilitsa/images/{}",
                "{}.yml",
            ]
        )
    )
    content = draw(
        st.sampled_from([b"", b"---\ntitle: T\nsummary: S\n---\n", b"grades: [2]\n"]) | st.binary(max_size=200)
    )
    return template.format(name), content


def check_problems(diag: Diagnostics, root: Path) -> None:
    for problem in diag.problems:
        where = f"{problem.file}:{problem.line}:{problem.column} {problem.code}"
        assert problem.file and not Path(problem.file).is_absolute(), where
        assert isinstance(problem.line, int) and problem.line >= 0, where
        assert isinstance(problem.column, int) and problem.column >= 0, where
        assert problem.code in CODES, where
        assert problem.message.strip(), where
        assert problem.hint.strip(), where
        path = root.parent / problem.file
        if problem.line and path.is_file():
            raw = path.read_bytes()
            lines = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1  # as the loader reads it
            # +1: YAML reports an error at the end of the stream one line past a last line without "\n".
            assert problem.line <= lines + 1, f"{where}: the file has {lines} lines"


def load_and_check(root: Path) -> None:
    curriculum, diag = load_curriculum(root)  # must not raise, whatever the files hold
    check_problems(diag, root)
    if curriculum is not None and not diag.errors:
        # A curriculum the validator accepts must turn into pages in every language.
        for lang in curriculum.languages:
            pages = build_pages(curriculum, lang)
            made = {(page.kind, page.entity_id) for page in pages}
            wanted = {("lesson", i) for i in curriculum.lessons} | {("module", i) for i in curriculum.modules}
            wanted |= {("resource", i) for i in curriculum.resources}
            assert wanted <= made, f"{lang}: no page for {sorted(wanted - made)}"
            for page in pages:
                assert page.title.strip() and page.markdown.strip(), f"{lang}: {page.src_uri} is empty"


def copy_fixture(folder: str) -> Path:
    root = Path(folder) / "curriculum"
    shutil.copytree(SOURCE, root)
    return root


@FUZZ
@given(changes=st.lists(file_mutation(), min_size=1, max_size=3), extra=st.lists(new_file(), max_size=2))
def test_broken_files_give_problems_not_exceptions(changes: list[tuple[str, bytes | None]], extra: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = copy_fixture(folder)
        for relative, content in [*changes, *extra]:
            path = root / relative
            if content is None:
                path.unlink(missing_ok=True)
                continue
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
            except OSError:
                assume(False)  # a name the file system refuses (too long, ...): not the loader's business
        load_and_check(root)


@settings(FUZZ, max_examples=max(1, EXAMPLES // 2))
@given(content=st.binary(max_size=2000) | st.text(max_size=2000).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_random_bytes_as_curriculum_yml(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = copy_fixture(folder)
        (root / "curriculum.yml").write_bytes(content)
        load_and_check(root)


def edit(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


# Minimal reproducers of crashes the fuzzer found; each must become a problem at the file, not an exception.
KNOWN_CRASHES = [
    # PyYAML composes nodes recursively: ~500 levels of nesting in a 500-byte file raise RecursionError.
    pytest.param("glossary.yml", lambda _: "[" * 1000, {"CUR001", "CUR015"}, id="deep-flow-sequence"),
    pytest.param("glossary.yml", lambda _: "[" * 1000 + "]" * 1000, {"CUR001", "CUR015"}, id="deep-closed-sequence"),
    pytest.param("lessons/vasilitsa/lesson.yml", lambda _: "{a: " * 1000, {"CUR001", "CUR015"}, id="deep-mapping"),
    pytest.param(
        "lessons/vasilitsa/lesson.bg.md",
        edit("title: ", "title: " + "[" * 1000),
        {"CUR001", "CUR015"},
        id="deep-front-matter",
    ),
    # validation._unwrap recurses on itself for list[...] fields: a misspelt key inside any list item.
    pytest.param("bibliography.yml", edit("    url: https", "    urll: https"), {"CUR003"}, id="typo-in-source"),
    pytest.param(
        "lessons/vasilitsa/lesson.yml", edit("kind: warm-up", "kindd: warm-up"), {"CUR003"}, id="typo-in-activity"
    ),
    pytest.param("glossary.yml", edit("sources: [romlex]}", "source: [romlex]}"), {"CUR003"}, id="typo-in-term"),
    # yaml.SafeLoader(text) raises ReaderError for control characters, before parse_yaml's try block.
    pytest.param("glossary.yml", edit("майка", "май\x01ка"), {"CUR001", "CUR011"}, id="control-character"),
    pytest.param(
        "lessons/vasilitsa/lesson.bg.md",
        edit("title: ", "title: \x0b"),
        {"CUR001", "CUR011"},
        id="vertical-tab-in-title",
    ),
    # Python-Markdown recurses per open emphasis mark, list and quotation level: RecursionError mid-build.
    *(
        pytest.param(
            "lessons/vasilitsa/lesson.bg.md", lambda text, body=body: text + "\n" + body + "\n", {"CUR026"}, id=name
        )
        for name, body in [
            ("emphasis-runaway", "*а " * 2000 + "x" + "*" * 2000),
            ("underscore-runaway", "_а " * 2000 + "x"),
            ("strong-runaway", "**а " * 1000 + "x"),
            ("compact-lists", "- " * 3000 + "x"),
            ("ordered-lists", "1. " * 3000 + "x"),
            ("indented-lists", "".join("  " * i + "- a\n" for i in range(600))),
            ("quotations", "> " * 3000 + "x"),
        ]
    ),
    pytest.param("glossary.yml", edit("{bg: майка,", '{bg: "' + "*м " * 2000 + '",'), {"CUR026"}, id="yaml"),
    pytest.param(
        "lessons/vasilitsa/lesson.bg.md", edit("title: ", "title: " + "_" * 1000), {"CUR026"}, id="front-matter"
    ),
]

# The most nesting the validator lets through, each kind at once in one lesson: it must build.
NESTING_AT_THE_LIMITS = "\n\n".join(
    [
        "*а " * 400,
        "_а " * 200 + "x" + "_" * 200,
        "".join("    " * i + "- a\n" for i in range(17)),
        "- " * 32 + "x",
        "> " * 16 + "- " * 16 + "x",
    ]
)


def test_nesting_the_validator_accepts_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    lesson = project / "curriculum" / "lessons" / "vasilitsa" / "lesson.bg.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n" + NESTING_AT_THE_LIMITS + "\n", encoding="utf-8")
    curriculum, diag = load_curriculum(project / "curriculum")
    assert not diag.errors, diag.report()
    build = run_build(project)
    assert build.returncode == 0, build.output[-3000:]
    assert "RecursionError" not in build.output


@pytest.mark.parametrize(("relative", "change", "codes"), KNOWN_CRASHES)
def test_known_crashes_are_problems(tmp_path: Path, relative: str, change: Callable[[str], str], codes: set) -> None:
    root = copy_fixture(str(tmp_path))
    path = root / relative
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    curriculum, diag = load_curriculum(root)
    check_problems(diag, root)
    assert any(p.file.endswith(relative) and p.code in codes for p in diag.errors), diag.report()


# libyaml's composer recurses in C: ~100,000 levels (a 200 KB file, under the size limit) end the whole process
# with a segmentation fault, so `mkdocs build`, `mkdocs serve` and `curriculum validate` die without a word.
# Run in a child process so that the crash fails this test instead of killing pytest.
HUGE_NESTING = """
import shutil, sys
from pathlib import Path
from drom.loader import load_curriculum

root = Path(sys.argv[1]) / "curriculum"
shutil.copytree(sys.argv[2], root)
(root / "glossary.yml").write_text(sys.stdin.read(), encoding="utf-8")
curriculum, diag = load_curriculum(root)
print(" ".join(f"{p.code}:{p.line}" for p in diag.problems if p.file.endswith("glossary.yml")))
"""


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[" * 100_000 + "]" * 100_000, 1),
        ("- " * 100_000 + "x", 1),
        ("? " * 100_000 + "x", 1),
        ("{a: " * 50_000, 1),
        # libyaml (PyYAML >= 6.0.4) stops these itself while scanning; still CUR015, on the line it is on.
        ("# a glossary\nterms: " + "[" * 5_000, 2),
        ("# a glossary\n\nterms: " + "{a: " * 2_000, 3),
    ],
    ids=["flow-brackets", "compact-dashes", "compact-keys", "flow-mappings", "flow-brackets-line-2", "flow-maps-line-3"],
)
def test_huge_nesting_is_a_problem_not_a_crash(tmp_path: Path, text: str, line: int) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", HUGE_NESTING, str(tmp_path), str(SOURCE)],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"the loader's process died (exit {proc.returncode}): {proc.stderr[-2000:]}"
    assert proc.stdout.split() == [f"CUR015:{line}"], proc.stdout


@pytest.mark.parametrize(
    ("relative", "old", "new", "line", "column"),
    [
        ("glossary.yml", "майка", "май\x01ка", 2, 59),
        ("lessons/vasilitsa/lesson.bg.md", "summary: ", "summary: Мама\x0b", 3, 14),
    ],
)
def test_control_character_is_reported_where_it_is(
    tmp_path: Path, relative: str, old: str, new: str, line: int, column: int
) -> None:
    """libyaml reports a byte offset, PyYAML a character offset; the author needs the line and column."""
    root = copy_fixture(str(tmp_path))
    path = root / relative
    path.write_text(edit(old, new)(path.read_text(encoding="utf-8")), encoding="utf-8")
    curriculum, diag = load_curriculum(root)
    found = [(p.line, p.column) for p in diag.errors if p.file.endswith(relative) and p.code == "CUR001"]
    assert found == [(line, column)], diag.report()


@settings(FUZZ, max_examples=BUILD_EXAMPLES)
@given(
    seed=st.integers(min_value=0, max_value=2**31),
    lessons=st.integers(min_value=2, max_value=3),
    modules=st.integers(min_value=1, max_value=2),
    rom_complete=st.sampled_from([0.0, 0.5, 1.0]),
)
def test_random_valid_curricula_build(seed: int, lessons: int, modules: int, rom_complete: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = generator.generate(Path(folder) / "project", lessons, modules, seed, rom_complete)
        curriculum, diag = load_curriculum(project / "curriculum")
        assert curriculum is not None and not diag.errors, diag.report()
        build = run_build(project)
        assert build.returncode == 0, build.output[-3000:]
        assert (project / "site" / "rom" / "lessons" / "lesson-0001" / "index.html").is_file()


PIECES = ["*", "_", " ", "    ", "\t", ">", "- ", "* ", "1. ", "12) ", "```", "~~~", "a", "\n", "\n\n"]


def test_the_quick_nesting_check_never_hides_a_problem_the_line_walk_finds() -> None:
    """`may_run_away` lets most texts skip the walk through their lines: only where the walk finds nothing."""
    from drom import validation

    rng = __import__("random").Random(7)
    edges = [
        " " * 65 + "\tx",  # indented past the limit, then a tab
        "```\n" + " " * 80 + "x\n```",  # deep, but inside a fence: the walk skips it
        "> " * 33 + "x",
        "- " * 32 + "x",
        "1. " * 33 + "x",
        "*" * 401,
        "*" * 200 + "\n\n" + "_" * 201,  # 401 marks, but in two paragraphs
    ]
    texts = edges + ["".join(rng.choice(PIECES) * rng.randint(1, 40) for _ in range(60)) for _ in range(400)]
    walked_and_found = 0
    for text in texts:
        found = list(validation._nesting_by_line(text))
        if not validation.may_run_away(text):
            assert found == [], repr(text[:200])
        walked_and_found += bool(found)
    assert walked_and_found > 20  # the texts do reach the limits
    assert list(validation._runaway_nesting(" " * 65 + "\tx")) and not list(validation._runaway_nesting("- " * 31 + "x"))


YAML_PIECES = [
    *("a: 1\n", "- x\n", "  ", ", ", "&a ", "*a ", "!!str ", "! ", "<<: {b: 2}\n", "? k\n", ": v\n", "2024-02-30"),
    *("0x1F", "1_000", "~", "yes", "=", '"q"', "'s'", "|\n  t\n", "a: b\na: c\n", "1: x\n1.0: y\n", "'<<': 3\n"),
    *("k:\n  - 1\n  - [2, {c: d}]\n", "t: 12:30:00\n", "b: !!binary aGk=\n", "[" * 60, "- " * 60, "{a: " * 55),
]


def _typed(value: Any) -> Any:
    """A value with the type of every part, so that 1, 1.0 and True differ (and NaN equals itself)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, float) and value != value:
        return ("nan",)
    return (type(value).__name__, value)


def _parsed(text: str, offset: int) -> tuple[Any, list]:
    from drom.sources import parse_yaml

    diag = Diagnostics(Path("/r"))
    doc = parse_yaml(text, Path("/r/x.yml"), diag, line_offset=offset)
    result = None if doc is None else (_typed(doc.data), list(doc.positions.items()))
    return result, [problem.as_dict() for problem in diag._problems]


@FUZZ
@given(
    text=st.one_of(
        json_like().map(lambda data: yaml.safe_dump(data, allow_unicode=True)),
        json_like().map(lambda data: yaml.safe_dump(data, allow_unicode=True, default_flow_style=True)),
        st.lists(st.sampled_from(YAML_PIECES + TOKENS) | st.text(max_size=4), max_size=30).map("".join),
        st.sampled_from(FILES).map(lambda name: split((SOURCE / name).read_text(encoding="utf-8"))[0] or ""),
    ),
    offset=st.sampled_from([0, 1]),
)
@example(text="a: b\na: c\nk:\n  x: [1, 2]\n  x: {y: 2027-01-01}\n'<<': 3\n'<<': 4\n", offset=1)  # repeated keys
@example(text="1: x\n1.0: y\ntrue: z\n~: n\n0x1F: 3\nd: 2026-11-30\nt: 12:30:00\nf: .inf\n", offset=0)  # values
@example(text="- a\n- - b\n  - {c: [d, e]}\n- f: g\n  h: i\n", offset=0)  # places in nested lists
def test_yaml_read_from_events_is_what_the_composer_makes(text: str, offset: int) -> None:
    """`parse_yaml` builds a plain text's data and positions from the parser's events (`_plain_document`); the
    same text through the composer, counter and constructor gives the same data, positions and problems."""
    from unittest import mock

    from drom import sources

    fast = _parsed(text, offset)
    with mock.patch.object(sources, "_plain_document", lambda text, offset: None):
        assert _parsed(text, offset) == fast


def test_every_curriculum_file_as_written_is_read_from_events() -> None:
    """The quick way is the way of the files authors write: every YAML file and front matter of the fixture
    and the shipped curriculum (none has an anchor, a tag or a problem)."""
    from drom.sources import _FRONT_MATTER, _plain_document

    bases = (SOURCE, REPO / "curriculum")
    files = [(p.suffix, p.read_text(encoding="utf-8-sig")) for base in bases for p in sorted(base.rglob("*.*"))]
    heads = [(match.group(1) or "", 1) for kind, text in files if kind == ".md" and (match := _FRONT_MATTER.match(text))]
    yamls = [(text, 0) for kind, text in files if kind == ".yml"]
    assert len(heads) > 20 and len(yamls) > 10
    for text, offset in heads + yamls:
        assert _plain_document(text.replace("\r\n", "\n"), offset) is not None, text[:200]


SECTION_PIECES = ["## A {#a}", "##  T  { #a } ", "## x{#c}\t", "##{#d}", "## t {#e} x", "### h {#h}", "## é {#é}", "## {#z}"]
SECTION_PIECES += ["```", "~~~", "  ```py", "text", "", " ", "\u2028", "\x0b", "## B {#b-1_2}"]


def _sections_line_by_line(body: str) -> tuple[dict[str, tuple[str, str]], list[int]]:
    """The sections of `body` as the loader read them line by line, and the line offsets of repeated ids."""
    heading = re.compile(r"^##[ \t]+(.+?)[ \t]*\{[ \t]*#([A-Za-z0-9_-]+)[ \t]*\}[ \t]*$")
    found: dict[str, tuple[str, str]] = {}
    repeated: list[int] = []
    opened: list[tuple[str, str, int, list[str]]] = []  # (id, title, line offset, lines) of each section
    preamble: list[str] = []
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        if line.strip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else heading.match(line)
        if match:
            opened.append((match.group(2), match.group(1).strip(), offset, []))
        else:
            (opened[-1][3] if opened else preamble).append(line)
    for sid, title, offset, lines in opened:
        repeated += [offset] if sid in found else []
        found[sid] = (title, "\n".join(lines).strip("\n"))
    if "\n".join(preamble).strip():
        found["_intro"] = ("", "\n".join(preamble).strip("\n"))
    return found, repeated


@FUZZ
@given(body=st.lists(st.sampled_from(SECTION_PIECES) | st.text(max_size=6), max_size=25).map("\n".join))
@example(body="intro\n## A {#a}\none\n## B {#b}\n\n## A {#a}\ntwo\n")  # a repeated id, an empty section
@example(body="## A {#a}\n```\n## B {#b}\n```\n## C {#c}")  # a heading inside a fence is text
def test_sections_are_those_of_a_line_by_line_reading(body: str) -> None:
    """The loader finds headings with one search of a text without fences; the sections, their order and the
    repeated ids are those of reading the text line by line."""
    from drom.loader import _Loader
    from drom.sources import MarkdownDocument, YamlDocument

    path = Path("/r/lesson.bg.md")
    diag = Diagnostics(Path("/r"))
    sections = _Loader(Path("/r")).sections(MarkdownDocument(path, YamlDocument(path, {}), body, 5), diag)
    expected, repeated = _sections_line_by_line(body)
    assert {k: (s.title, s.markdown) for k, s in sections.items()} == expected
    assert list(sections) == list(expected)
    assert [(p.code, p.line) for p in diag._problems] == [("CUR006", 5 + offset) for offset in repeated]


def test_the_quick_nesting_check_answers_as_one_multiline_search() -> None:
    """`may_run_away` searches from line breaks (quicker than `^` at every character): the same answer as the
    one multi-line search it replaced, on the texts of the test above and lines starting the text or not."""
    from drom import validation as v

    line = rf" {{{v.MAX_BLOCK_INDENT + 1}}}.*\S|(?:\s*(?:{v._OPENER.pattern})){{{v.MAX_OPENERS},}}"
    multiline = re.compile(f"^(?:{line})", re.MULTILINE)
    rng = __import__("random").Random(11)
    texts = ["".join(rng.choice(PIECES) * rng.randint(1, 40) for _ in range(rng.randint(1, 60))) for _ in range(600)]
    texts += ["> " * 33, "x\n" + "> " * 33, "x\n\n" + " " * 65 + "y", " " * 65 + "y", "x " + "> " * 40, "- " * 31 + "x"]
    found = 0
    for text in texts:
        expected = text.count("*") + text.count("_") > v.MAX_EMPHASIS_MARKS or bool(multiline.search(text))
        assert v.may_run_away(text) == expected, repr(text[:200])
        found += expected
    assert 20 < found < len(texts) - 20
