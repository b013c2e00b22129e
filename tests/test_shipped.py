"""The shipped curriculum itself: it validates with no problem, and the site builds from it with `--strict`,
PDFs and the offline pack included (their caches under .cache/ are reused, so a second run is quick).

A wrong id in `curriculum/` fails here with the validator's located message, not only in a later build."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest

from drom import classroom
from drom.loader import load_curriculum

from .conftest import REPO
from .language_marks import cyrillic_under

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


def test_no_shipped_text_nests_a_list_by_three_spaces() -> None:
    """Python-Markdown nests a list, a table or a second paragraph inside a list item only when it is indented by
    four spaces; three (as in CommonMark) puts it after the item instead, which broke numbering and tables in 22
    lessons. The authoring guide says four."""
    wrong = []
    for path in sorted(CURRICULUM.rglob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        start = lines.index("---", 1) + 1 if lines[0] == "---" else 0
        fenced = False
        for number, line in enumerate(lines[start:], start + 1):
            if line.lstrip().startswith("```"):
                fenced = not fenced
            if not fenced and line.strip() and len(line) - len(line.lstrip(" ")) == 3:
                wrong.append(f"{path.relative_to(REPO)}:{number}: {line.strip()[:40]}")
    assert not wrong, "indent nested parts by 4 spaces:\n" + "\n".join(wrong)


def test_every_classroom_slide_of_the_shipped_lessons_shows_more_than_its_title() -> None:
    """Each activity gives the pupils something to look at in the classroom view: a question in bold quotes, a
    text read aloud, an image or a `!!! board` block (`scripts/title_only_slides.py` lists the ones that do not)."""
    curriculum, diag = load_curriculum(CURRICULUM)
    assert curriculum is not None and not diag.errors
    bare = [
        f"{lesson.id} ({lang}) #{slide.anchor}: {slide.title}"
        for lesson, lang, slide in classroom.title_only(curriculum)
    ]
    assert bare == [], "classroom slides with only a title:\n" + "\n".join(bare)


ADDRESS = "https://roma-folklore.test/"


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's build command, `scripts/build.sh` (which the publishing workflow runs too), for publishing at
    ADDRESS, into a temp folder, in this test run's own Python environment."""
    site = tmp_path_factory.mktemp("shipped") / "site"
    env = {
        **os.environ,
        "VIRTUAL_ENV": sys.prefix,
        "NO_MKDOCS_2_WARNING": "1",
        "DROM_PDF": "1",
        "DROM_OFFLINE": "1",
        "DROM_SITE_URL": ADDRESS,
        "DROM_PUBLISH": "1",
    }
    proc = subprocess.run(
        ["bash", str(REPO / "scripts" / "build.sh"), "-d", str(site)],
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


def test_each_band_has_its_year_plan_page_with_every_download_in_the_site_and_the_pack(shipped_site: Path) -> None:
    """Both bands in bg, en and rom, linked from the teachers' page; .docx, PDF and CSV at 1 and 2 hours a week."""
    with zipfile.ZipFile(shipped_site / "downloads/roma-folklore-offline.zip") as archive:
        packed = set(archive.namelist())
    for prefix in ("", "en/", "rom/"):
        teachers = (shipped_site / f"{prefix}teachers/index.html").read_text(encoding="utf-8")
        for band in ("primary", "lower-secondary"):
            page = f"{prefix}year-plans/{band}/index.html"
            html = (shipped_site / page).read_text(encoding="utf-8")
            hrefs = re.findall(r'<a href="([^"]+)" download', html)
            assert {href.rsplit(".", 1)[-1] for href in hrefs} == {"docx", "pdf", "csv"}, page
            assert len(hrefs) % 18 == 0 and len(hrefs) >= 18, page  # 3 grades × 2 hours × 3 formats a year
            for href in hrefs:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
                assert (shipped_site / target).is_file(), f"{page} links {href}"
                assert f"roma-folklore-offline/{target}" in packed, target
            if prefix != "rom/":  # the Romani teachers' page is the authors' own text
                assert f"../year-plans/{band}/" in teachers, prefix


def test_the_published_address_is_everywhere_and_the_placeholder_nowhere(shipped_site: Path) -> None:
    """HTML, feeds, sitemap, calendars, and the links (the QR codes' targets) inside every PDF."""
    texts = [p for p in shipped_site.rglob("*") if p.suffix in {".html", ".xml", ".ics", ".txt", ".json", ".js"}]
    assert [str(p.relative_to(shipped_site)) for p in texts if b"roma-folklore.example.org" in p.read_bytes()] == []
    uris: set[str] = set()
    for pdf in shipped_site.glob("pdf/**/*.pdf"):
        with pikepdf.open(pdf) as document:
            for page in document.pages:
                for annotation in page.get("/Annots") or []:
                    action = annotation.get("/A")
                    if action is not None and "/URI" in action:
                        uris.add(str(action.URI))
    assert uris, "the PDFs link their online version"
    assert [u for u in uris if "roma-folklore.example.org" in u] == []
    assert any(u.startswith(ADDRESS) for u in uris)


def test_no_bulgarian_text_is_presented_as_romani_in_the_shipped_site(shipped_site: Path) -> None:
    """#18's must-show: under /rom/, no text (nor a read-out attribute) with Cyrillic letters whose nearest `lang`
    is `rom`: a fallback is marked `bg`, quoted Bulgarian `bg`, Romani in Cyrillic `rom-Cyrl`."""
    assert cyrillic_under(shipped_site / "rom", "rom") == []
