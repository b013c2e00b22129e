"""The synthetic curriculum generator (scripts/generate_curriculum.py) writes valid, buildable projects,
the same bytes for the same seed, so benchmarks and fuzz failures can be reproduced."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

from drom.loader import load_curriculum

from .conftest import REPO, run_build


def load_generator() -> ModuleType:
    """The script as a module (scripts/ is not a package)."""
    name = "generate_curriculum"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / "generate_curriculum.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generator = load_generator()


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_generated_project_validates_and_builds(tmp_path: Path) -> None:
    project = generator.generate(tmp_path / "project", 6, seed=3)

    curriculum, diag = load_curriculum(project / "curriculum")
    assert curriculum is not None
    assert diag.problems == [], diag.report()
    assert len(curriculum.lessons) == 6
    lesson = curriculum.lessons["lesson-0001"]
    assert set(lesson.texts) == {"bg", "en", "rom"}
    assert lesson.texts["bg"].complete and lesson.texts["en"].complete
    words = len(re.findall(r"\w+", lesson.texts["bg"].body))
    # As long as a shipped lesson, with three in four of its vocabulary terms in the text.
    assert min(generator.SHIPPED_WORDS["bg"]) - 50 <= words <= max(generator.SHIPPED_WORDS["bg"]) + 100, words
    for item in curriculum.lessons.values():
        shown = [t for t in item.spec.vocabulary if curriculum.terms[t].latin in item.texts["bg"].body]
        assert len(shown) >= round(len(item.spec.vocabulary) * generator.TERM_SHARE), item.id
    assert re.search(r"[а-я]{4}", lesson.texts["bg"].body)
    assert "| --- |" in lesson.texts["bg"].body  # a table
    # Romani: titles and summaries everywhere, full text for a fifth (lessons 1, 6, 11, ...).
    assert [x.texts["rom"].complete for x in curriculum.lessons.values()] == [True, False, False, False, False, True]
    assert [bool(x.handouts) for x in curriculum.lessons.values()] == [False, True, True, True, False, True]
    assert all(x.spec.vocabulary for x in curriculum.lessons.values())

    build = run_build(project)
    assert build.returncode == 0, build.output[-3000:]
    for prefix in ("", "en/", "rom/"):
        page = build.html(f"{prefix}lessons/lesson-0002/index.html")
        assert page.find("table") is not None
        assert page.find(id="handouts") is not None
        assert page.select(".drom-term"), "the glossary terms in the text are marked"
    assert build.html("about/index.html").find("h1") is not None


def test_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    one = generator.generate(tmp_path / "one", 4, seed=7)
    two = generator.generate(tmp_path / "two", 4, seed=7)
    other = generator.generate(tmp_path / "other", 4, seed=8)
    assert files_of(one) == files_of(two)
    assert files_of(one) != files_of(other)


def test_command_line(tmp_path: Path) -> None:
    out = tmp_path / "p"
    assert generator.main([str(out), "--lessons", "3", "--modules", "2", "--seed", "5"]) == 0
    curriculum, diag = load_curriculum(out / "curriculum")
    assert curriculum is not None and not diag.errors
    assert [len(m.spec.lessons) for m in curriculum.ordered_modules()] == [2, 1]
    # A folder that already holds something is never overwritten.
    assert generator.main([str(out), "--lessons", "3"]) == 2


def test_grade_two_lessons_fit_the_short_period() -> None:
    """Grade 2 has 35-minute periods: the generator shortens main activities until the lesson fits exactly."""
    activities = [("warm-up", 5, "warm-up"), ("story", 10, "main"), ("song", 10, "main"), ("game", 9, "main")]
    activities.append(("reflection", 5, "reflection"))
    cut = generator.short_period([2, 3], activities)
    assert cut == {"story": 6}
    assert sum(cut.get(a, minutes) for a, minutes, _ in activities) == generator.SHORT_PERIOD
    assert generator.short_period([3, 4], activities) == {}
    plan = generator.make_plan(40, 4, seed=1, rom_complete=0.2)
    grade_two = [lesson for lesson in plan.lessons if 2 in lesson.grades]
    assert grade_two and all(
        sum(lesson.short_period.get(a, n) for a, n, _ in lesson.activities) <= generator.SHORT_PERIOD
        for lesson in grade_two
    )


def test_the_readme_table_shows_a_run_without_control_as_such() -> None:
    spec = importlib.util.spec_from_file_location("drom_bench", REPO / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["drom_bench"] = bench
    spec.loader.exec_module(bench)
    row = {"lessons": 300, "pages": 1818, "ours_wall_s": 36.7, "ours_cpu_s": 57.1, "ours_peak_mib": 211.0}
    controlled = {
        **row,
        **{"control_wall_s": 40.0, "control_cpu_s": 39.0, "ratio_wall": 0.92, "ratio_cpu": 1.46, "control_peak_mib": 250},
    }
    table = bench.readme_table({"results": [controlled, {**row, "preview": {"median_s": 0.5}}]}).splitlines()
    assert "| 40.0 (39.0) | 0.92 (1.46) | 211 / 250 |" in table[2]
    assert "| – | – | 211 / – |" in table[3] and table[3].endswith("| 0.5 s |")
