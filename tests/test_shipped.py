"""The shipped curriculum itself: it validates with no problem, and the site builds from it with `--strict`,
PDFs and the offline pack included (their caches under .cache/ are reused, so a second run is quick).

A wrong id in `curriculum/` fails here with the validator's located message, not only in a later build."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from drom.loader import load_curriculum

from .conftest import REPO

CURRICULUM = REPO / "curriculum"


def test_the_shipped_curriculum_validates_with_no_problem() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "drom", "validate", "curriculum"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"`curriculum validate` found problems in the shipped curriculum:\n{report}"
    assert "0 error(s), 0 warning(s)" in report, report


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`mkdocs build --strict` of the repository, as the README's build command runs it, into a temp folder."""
    site = tmp_path_factory.mktemp("shipped") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DROM_PDF": "1", "DROM_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    assert proc.returncode == 0, f"the shipped site does not build:\n{(proc.stdout + proc.stderr)[-6000:]}"
    return site


def test_the_shipped_site_has_every_lesson_in_every_language_it_is_written_in(shipped_site: Path) -> None:
    curriculum, diag = load_curriculum(CURRICULUM)
    assert curriculum is not None, diag.report()
    prefix = {lang: "" if lang == curriculum.languages[0] else f"{lang}/" for lang in curriculum.languages}
    missing = [
        f"{prefix[lang]}lessons/{lesson_id}/"
        for lesson_id in curriculum.lessons
        for lang in curriculum.languages
        if not (shipped_site / f"{prefix[lang]}lessons/{lesson_id}/index.html").is_file()
    ]
    assert missing == []
    # Every lesson written out in full in a language has its lesson-plan PDF in that language.
    no_pdf = [
        f"{lang}/{lesson_id}"
        for lesson_id, lesson in curriculum.lessons.items()
        for lang, text in lesson.texts.items()
        if text.complete and not (shipped_site / f"pdf/{lang}/lessons/{lesson_id}.pdf").is_file()
    ]
    assert no_pdf == []


def test_the_shipped_site_carries_the_offline_pack(shipped_site: Path) -> None:
    pack = shipped_site / "downloads/roma-folklore-offline.zip"
    with zipfile.ZipFile(pack) as archive:
        names = set(archive.namelist())
    assert "roma-folklore-offline/index.html" in names
    assert "roma-folklore-offline/en/lessons/vasilitsa.html" in names
