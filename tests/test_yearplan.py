"""The year plan: school-year files validated like every other file, the planner's rules, and its outputs
opened as a teacher would open them (python-docx, LibreOffice, a PDF reader)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from drom.cli import main
from drom.loader import load_curriculum, load_or_fail
from drom.model import Curriculum
from drom.yearplan import DoesNotFit, plan_page_context, plan_year, write_plan, write_plan_downloads
from drom.yearplan.downloads import download_path, site_downloads
from drom.yearplan.outputs import docx_bytes, html_fragment, table
from drom.yearplan.schoolyear import SchoolYear

from .conftest import GOOD, REPO, Build, run_build

YEAR = "2026/2027"
YEAR_FILE = "school-years/2026-2027.yml"
VASILITSA = dt.date(2027, 1, 14)
COLUMNS_BG = [
    "№ по ред",
    "Учебна седмица по ред",
    "Тема на урочната единица",
    "Вид урочна единица",
    "Компетентности като очаквани резултати от обучението",
    "Нови понятия",
    "Контекст и дейности за всяка урочна единица",
    "Методи и форми на оценяване по теми и/или раздели",
    "Забележка",
]


@pytest.fixture(scope="module")
def curriculum() -> Curriculum:
    return load_or_fail(REPO / "curriculum")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the shipped curriculum to change."""
    return Path(shutil.copytree(REPO / "curriculum", tmp_path / "curriculum"))


def plan_table(document: Document):  # type: ignore[no-untyped-def]
    return document.tables[-1]


def week_monday(cell_text: str) -> dt.date:
    """The Monday of a week cell such as "17\n11.01–15.01.2027"."""
    match = re.search(r"(\d\d)\.(\d\d)–(\d\d)\.(\d\d)\.(\d{4})", cell_text)
    assert match, cell_text
    day, month, _, end_month, year = (int(part) for part in match.groups())
    return dt.date(year - 1 if month > end_month else year, month, day)


# --- the .docx -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def grade3_docx(curriculum: Curriculum, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("docx") / "plan.docx"
    result = CliRunner().invoke(
        main,
        [
            "plan",
            "--grade",
            "3",
            "--school-year",
            YEAR,
            "--hours",
            "1",
            "-o",
            str(target),
            "--root",
            str(REPO / "curriculum"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "32 teaching weeks, 32 hours" in result.output
    return target


def test_docx_has_the_columns_of_the_template_and_one_row_per_hour(curriculum: Curriculum, grade3_docx: Path) -> None:
    document = Document(str(grade3_docx))
    grid = plan_table(document)
    assert [cell.text for cell in grid.rows[0].cells] == COLUMNS_BG
    plan = plan_year(curriculum, 3, YEAR, 1)
    # the header, one heading row per term, one row per teaching hour
    assert len(plan.rows) == len(plan.weeks) == 32
    assert len(grid.rows) == 1 + 2 + 32
    numbers = [row.cells[0].text for row in grid.rows[1:] if row.cells[0].text.isdigit()]
    assert numbers == [str(n) for n in range(1, 33)]
    headings = [row.cells[0].text for row in grid.rows[1:] if not row.cells[0].text.isdigit()]
    assert headings[0].startswith("ПЪРВИ УЧЕБЕН СРОК – 18 седмици × 1 ч. седмично = 18 ч.")
    assert headings[1].startswith("ВТОРИ УЧЕБЕН СРОК – 14 седмици")
    # every lesson of the grade once, in the title column, and no invented lesson
    titles = [row.cells[2].text for row in grid.rows[1:]]
    lessons = [lesson.texts["bg"].title for lesson in plan.lessons]
    assert sorted(t for t in titles if t in lessons) == sorted(lessons)
    others = [t for t in titles if t not in lessons and not t.startswith("ПЪРВИ") and not t.startswith("ВТОРИ")]
    assert others and all(t.startswith(("Преговор", "Проектна работа", "Обобщение и оценяване")) for t in others)


def test_docx_is_landscape_a4_with_the_header_row_repeated_and_a_title_block(grade3_docx: Path) -> None:
    document = Document(str(grade3_docx))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    header = plan_table(document).rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    block = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert set(block) == {"Училище:", "Учител:", "Клас:", "Учебна година:", "Часове:"}
    assert block["Училище:"].strip(".") == "" and block["Учител:"].strip(".") == ""
    assert block["Клас:"].startswith("3.") and block["Учебна година:"] == YEAR
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ГОДИШНО ТЕМАТИЧНО РАЗПРЕДЕЛЕНИЕ" in text and "УТВЪРЖДАВАМ:" in text
    assert "не са проверени" in text  # the 2026/2027 dates are marked as not confirmed


def test_vasilitsa_sits_in_the_week_of_14_january_or_the_teaching_week_before(
    curriculum: Curriculum, grade3_docx: Path
) -> None:
    grid = plan_table(Document(str(grade3_docx)))
    rows = [row for row in grid.rows if row.cells[2].text == "Василица – ромската Нова година"]
    assert len(rows) == 1
    monday = week_monday(rows[0].cells[1].text)
    # from the school-year file, independently of the planner: the teaching weeks of grade 3
    year = SchoolYear(YEAR, curriculum.school_years[YEAR], REPO / "curriculum" / YEAR_FILE)
    mondays = [week.monday for week in year.weeks(3)]
    expected = max(m for m in mondays if m <= VASILITSA)
    assert monday == expected <= VASILITSA
    assert monday == dt.date(2027, 1, 11)  # 14 January 2027 is a Thursday of a teaching week
    assert "14.01.2027 – Василица" in rows[0].cells[-1].text


def test_a_dated_lesson_in_a_vacation_goes_to_the_teaching_week_before(curriculum: Curriculum) -> None:
    plan = plan_year(curriculum, 3, YEAR, 1)
    row = next(r for r in plan.rows if r.lesson is not None and r.lesson.id == "international-roma-day")
    # 8 April 2027 falls in the spring break (3–11 April): the last teaching week before is 29 March – 2 April
    assert row.kind == "lesson" and row.week.monday == dt.date(2027, 3, 29)
    assert [note.key for note in row.notes][0] == "date-before"
    spring = [week for week in plan.weeks if dt.date(2027, 4, 3) <= week.monday <= dt.date(2027, 4, 11)]
    assert spring == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_libreoffice_opens_the_docx_and_converts_it_to_pdf(grade3_docx: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        reason = "LibreOffice (soffice, Debian package libreoffice-writer-nogui) is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must have it to prove that an office suite opens the .docx")
        print(f"skipped: {reason}")
        pytest.skip(reason)
    profile = (tmp_path / "lo-profile").as_uri()
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(grade3_docx),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = tmp_path / "plan.pdf"
    assert proc.returncode == 0 and pdf.is_file(), proc.stdout + proc.stderr
    with pikepdf.open(pdf) as document:
        box = document.pages[0].mediabox
        assert float(box[2]) > float(box[3])  # landscape
        assert len(document.pages) >= 2
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "ГОДИШНО ТЕМАТИЧНО РАЗПРЕДЕЛЕНИЕ" in words and "Василица" in words
    pages = [page for page in words.split("\f") if page.strip()]
    assert len(pages) >= 2 and all("Забележка" in page for page in pages)  # the header row on every page


# --- periods, hours, the template ------------------------------------------------------------------------


def test_grade_2_has_35_minute_periods_and_each_40_minute_lesson_says_to_shorten(curriculum: Curriculum) -> None:
    grade2 = plan_year(curriculum, 2, YEAR, 1)
    grade3 = plan_year(curriculum, 3, YEAR, 1)
    assert (grade2.period_minutes, grade3.period_minutes) == (35, 40)
    lessons = grade2.lesson_rows()
    assert lessons and all(any(n.key == "shorten" and n.values[-1] == "5" for n in r.notes) for r in lessons)
    assert not any(n.key == "shorten" for r in grade3.lesson_rows() for n in r.notes)
    view = table(grade2, "bg")
    assert "учебен час 35 мин" in dict(view.fields)["Часове:"]
    notes = [cell for row in view.rows for cell in row[-1]]
    assert "Урокът е за 40 мин, а в 2. клас учебният час е 35 мин: съкратете дейностите с 5 мин." in notes
    assert "2 hour(s) a week" not in dict(table(grade2, "en").fields)["Hours:"]
    assert "35-minute periods" in dict(table(grade2, "en").fields)["Hours:"]


def test_teaching_weeks_are_counted_as_the_ministers_order_counts_them(curriculum: Curriculum) -> None:
    """Teaching days / 5 per term: 2020/2021 (the same calendar) had 18 + 14, 18 + 16 and 18 + 18 weeks."""
    year = SchoolYear(YEAR, curriculum.school_years[YEAR], REPO / "curriculum" / YEAR_FILE)
    counts = {}
    for grade in (2, 4, 7):
        weeks = year.weeks(grade)
        counts[grade] = (sum(w.term == 1 for w in weeks), sum(w.term == 2 for w in weeks))
        assert [w.number for w in weeks] == list(range(1, len(weeks) + 1))
        assert all(len(w.days) >= 3 for w in weeks)
    assert counts == {2: (18, 14), 4: (18, 16), 7: (18, 18)}
    mondays = {w.monday for w in year.weeks(3)}
    assert dt.date(2026, 12, 21) not in mondays  # three days before the Christmas break
    assert dt.date(2026, 12, 28) not in mondays and dt.date(2027, 4, 5) not in mondays  # vacations
    assert dt.date(2027, 1, 11) in mondays and dt.date(2027, 3, 29) in mondays


def test_two_hours_a_week_doubles_the_hours_not_the_weeks(curriculum: Curriculum) -> None:
    one, two = plan_year(curriculum, 7, YEAR, 1), plan_year(curriculum, 7, YEAR, 2)
    assert len(two.weeks) == len(one.weeks) and len(two.rows) == 2 * len(one.rows)
    assert {r.lesson.id for r in two.lesson_rows() if r.lesson} == {lesson.id for lesson in two.lessons}
    assert "roma-holocaust" in {lesson.id for lesson in two.lessons}
    assert "roma-holocaust" not in {lesson.id for lesson in plan_year(curriculum, 5, YEAR, 1).lessons}


def test_too_many_lessons_say_how_many_do_not_fit(copy: Path) -> None:
    path = copy / YEAR_FILE
    text = path.read_text(encoding="utf-8")
    # grades I–III end on 11 December: about twelve teaching weeks, fewer than the primary band's lessons
    path.write_text(
        text.replace('last_day: "2027-05-31"', 'last_day: "2026-12-11"', 1).replace(
            'second_term: "2027-02-04"', 'second_term: "2026-12-07"', 1
        ),
        encoding="utf-8",
    )
    curriculum, diag = load_curriculum(copy)
    assert curriculum is not None and not diag.errors, diag.report()
    lessons = sum(3 in lesson.spec.grades for lesson in curriculum.lessons.values())
    with pytest.raises(DoesNotFit) as caught:
        plan_year(curriculum, 3, YEAR, 1)
    weeks = caught.value.available
    assert 0 < weeks < lessons <= 2 * weeks, "the scenario: one hour a week is too few, two are enough"
    assert caught.value.left_out == lessons - weeks
    assert str(caught.value) == (
        f"{lessons - weeks} of the {lessons} lessons of grade 3 do not fit in 2026/2027: they need {lessons} hours, "
        f"and the year has {weeks} ({weeks} teaching weeks × 1 hour(s) a week)."
    )
    assert plan_year(curriculum, 3, YEAR, 2).lesson_rows()  # at two hours a week they fit
    result = CliRunner().invoke(
        main, ["plan", "--grade", "3", "--school-year", YEAR, "-o", str(copy / "p.docx"), "--root", str(copy)]
    )
    assert result.exit_code == 1
    assert f"{lessons - weeks} of the {lessons} lessons of grade 3 do not fit" in result.output
    assert "--hours 2" in result.output
    assert not (copy / "p.docx").exists()


def test_a_school_changes_the_columns_in_one_yaml_file(copy: Path, tmp_path: Path) -> None:
    path = copy / "year-plan.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("{bg: Забележка, en: Note}", "{bg: Бележки на учителя, en: Teacher's notes}")
    text = text.replace("  - fill: terms\n    label: {bg: Нови понятия, en: New concepts}\n    width: 10\n", "")
    path.write_text(text, encoding="utf-8")
    curriculum = load_or_fail(copy)
    target = write_plan(plan_year(curriculum, 4, YEAR, 1), tmp_path / "plan.csv", "bg")
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert "Нови понятия" not in rows[0] and rows[0][-1] == "Бележки на учителя"
    assert len(rows[0]) == len(COLUMNS_BG) - 1
    assert len(rows) == 1 + len(plan_year(curriculum, 4, YEAR, 1).rows)


# --- HTML, PDF, downloads --------------------------------------------------------------------------------


def test_html_fragment_escapes_every_text(curriculum: Curriculum) -> None:
    view = table(plan_year(curriculum, 3, YEAR, 1), "en")
    view.columns[2].label = '<script>alert("x")</script>'
    view.terms[0].rows[0][2] = ["Tom & <b>Jerry</b>"]
    html = html_fragment(view)
    assert html.lstrip().startswith('<section class="drom-year-plan" lang="en"')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Tom &amp; &lt;b&gt;Jerry&lt;/b&gt;" in html
    assert html.count("<tbody>") == 2 and html.count('<th scope="col">') == len(COLUMNS_BG)


def test_pdf_is_landscape_with_the_print_fonts_and_the_plan(curriculum: Curriculum, tmp_path: Path) -> None:
    target = write_plan(plan_year(curriculum, 5, YEAR, 1), tmp_path / "plan.pdf", "en")
    with pikepdf.open(target) as document:
        box = document.pages[0].mediabox
        assert (round(float(box[2])), round(float(box[3]))) == (842, 595)
        fonts = {
            str(font.get("/BaseFont", ""))
            for page in document.pages
            for font in page.Resources.get("/Font", {}).values()
        }
    assert fonts and all("Drom" in font for font in fonts), fonts
    words = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "ANNUAL THEMATIC PLAN" in words and "Where the Roma come from: what language and genes tell us" in " ".join(
        words.split()
    )


def test_downloads_and_page_context_for_the_site(curriculum: Curriculum, tmp_path: Path) -> None:
    written = write_plan_downloads(curriculum, tmp_path, [YEAR], (1,), languages=("bg",), formats=("csv",))
    names = sorted(path.relative_to(tmp_path).as_posix() for path in written)
    assert names == [f"year-plans/bg/2026-2027/grade-{g}-1h.csv" for g in range(2, 8)]
    page = plan_page_context(curriculum, "primary", "en", [YEAR], (1, 2))
    assert page.title == "Primary (grades 2–4)"
    assert [(o.grade, o.hours) for o in page.options] == [(g, h) for g in (2, 3, 4) for h in (1, 2)]
    option = page.options[0]
    assert option.downloads["docx"] == "year-plans/en/2026-2027/grade-2-1h.docx"
    assert 'class="drom-year-plan"' in option.html and not option.confirmed and option.message == ""


# --- the school-year file is validated like every other file -------------------------------------------


def problems(copy: Path, old: str, new: str) -> list[tuple[str, int, str, str]]:
    path = copy / YEAR_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, diag = load_curriculum(copy)
    return [(p.file, p.line, p.code, p.message) for p in diag.problems]


def line_of(copy: Path, needle: str) -> int:
    lines = (copy / YEAR_FILE).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def test_the_shipped_school_year_is_valid_and_marks_what_is_unconfirmed(curriculum: Curriculum) -> None:
    spec = curriculum.school_years[YEAR]
    assert spec.terms[0].first_day == dt.date(2026, 9, 15)
    unconfirmed = [v.id for v in spec.vacations if not v.confirmed]
    assert unconfirmed == ["autumn", "christmas", "between-terms", "spring", "spring-grade-12"]
    assert all(v.note for v in spec.vacations if not v.confirmed)
    confirmed = {d.date for d in spec.days_off if d.confirmed}
    assert {dt.date(2027, 3, 3), dt.date(2027, 5, 6), dt.date(2027, 5, 3)} <= confirmed


def test_overlapping_vacations_are_located(copy: Path) -> None:
    found = problems(copy, 'start: "2027-01-30"', 'start: "2027-01-02"')
    line = line_of(copy, 'start: "2027-01-02"')
    assert found == [
        (
            "curriculum/school-years/2026-2027.yml",
            line,
            "CUR033",
            "The vacation 'between-terms' (2027-01-02 – 2027-02-03) overlaps 'christmas' (2026-12-24 – 2027-01-03, "
            f"line {line_of(copy, 'id: christmas')}) for grade(s) 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12.",
        )
    ]


def test_a_date_outside_the_school_year_is_located(copy: Path) -> None:
    found = problems(copy, 'date: "2027-05-24"', 'date: "2028-05-24"')
    assert [(line, code) for _, line, code, _ in found] == [(line_of(copy, '"2028-05-24"'), "CUR034")]
    assert "2028-05-24 is outside the school year 2026/2027 (2026-09-15 – 2027-09-14)." in found[0][3]


def test_unknown_grades_are_located(copy: Path) -> None:
    found = problems(
        copy,
        "grades: [12]\n    confirmed: false\n    note: As in 2020/2021 (8–11",
        "grades: [12, 14]\n    confirmed: false\n    note: As in 2020/2021 (8–11",
    )
    assert [(line, code) for _, line, code, _ in found] == [(line_of(copy, "grades: [12, 14]"), "CUR005")]
    assert "must be at most 12" in found[0][3]
    # a real grade that has no teaching days in this year: grade 11 left out of `terms`, named by the spring break
    found = problems(copy, "grades: [12, 14]", "grades: [12]")
    assert found == []
    found = problems(copy, "grades: [7, 8, 9, 10, 11]", "grades: [7, 8, 9, 10]")
    assert [(line, code) for _, line, code, _ in found] == [
        (line_of(copy, "grades: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]"), "CUR007")
    ]
    assert found[0][3].startswith("There is no grade 11 in `terms`, so it has no teaching days.")


def test_impossible_dates_are_located_quoted_or_not(copy: Path) -> None:
    found = problems(copy, 'date: "2027-03-03"', 'date: "2027-02-30"')
    assert [(line, code) for _, line, code, _ in found] == [(line_of(copy, "2027-02-30"), "CUR005")]
    assert "must be a real date written as year-month-day, not '2027-02-30'" in found[0][3]
    found = problems(copy, 'date: "2027-02-30"', "date: 2027-02-30")  # a YAML timestamp: the loader's CUR027
    assert [(line, code) for _, line, code, _ in found] == [(line_of(copy, "2027-02-30"), "CUR027")]
    (copy / YEAR_FILE).write_text(
        (copy / YEAR_FILE).read_text(encoding="utf-8").replace("date: 2027-02-30", 'date: "2027-03-03"'),
        encoding="utf-8",
    )
    found = problems(copy, 'end: "2027-01-03"', 'end: "2026-12-20"')
    assert [(code, message) for _, _, code, message in found] == [
        ("CUR005", "The vacation 'christmas' ends before it starts: 2026-12-20 comes before 2026-12-24.")
    ]


def test_the_file_name_must_name_its_school_year(copy: Path) -> None:
    line = line_of(copy, "school_year: 2026/2027")
    (copy / YEAR_FILE).rename(copy / "school-years" / "2027-2028.yml")
    _, diag = load_curriculum(copy)
    assert [(p.code, p.line) for p in diag.problems] == [("CUR005", line)]
    assert "its name must be '2026-2027.yml'" in diag.problems[0].message


# --- the site: files cached by their inputs, pages per grade band ------------------------------------------


def test_the_same_plan_gives_the_same_docx_bytes_with_every_part_dated_1980(curriculum: Curriculum) -> None:
    view = table(plan_year(curriculum, 3, YEAR, 1), "bg")
    first = docx_bytes(view)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        dates = {item.date_time for item in archive.infolist()}
        assert archive.namelist()[0] == "[Content_Types].xml"
    assert dates == {(1980, 1, 1, 0, 0, 0)}
    assert docx_bytes(view) == first
    assert Document(io.BytesIO(first)).tables[-1].rows[0].cells[0].text == COLUMNS_BG[0]


def test_plan_files_are_cached_by_what_they_are_made_from(
    copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drom.yearplan import downloads

    cache, out = tmp_path / "cache", tmp_path / "out"
    arguments = {"hours": (1,), "languages": ("bg",), "formats": ("docx", "csv"), "cache_dir": cache}
    made = write_plan_downloads(load_or_fail(copy), out, [YEAR], **arguments)  # type: ignore[arg-type]
    assert len(made) == 12 and len(list((cache / "files").iterdir())) == 12
    before = {path: path.read_bytes() for path in made}
    written: list[str] = []
    real = downloads.write_plan

    def counting(plan, target, *args, **kwargs):  # type: ignore[no-untyped-def]
        written.append(target.name)
        return real(plan, target, *args, **kwargs)

    monkeypatch.setattr(downloads, "write_plan", counting)
    shutil.rmtree(out)
    again = write_plan_downloads(load_or_fail(copy), out, [YEAR], **arguments)  # type: ignore[arg-type]
    assert written == [] and {path: path.read_bytes() for path in again} == before
    # A lesson of grades 5–7 renamed: only the plans of those grades are made again, the old files pruned.
    lesson = copy / "lessons" / "origins-in-india" / "lesson.bg.md"
    text = lesson.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.MULTILINE)
    assert title, "the lesson has a title line"
    lesson.write_text(text.replace(title.group(0), "title: Откъде идват ромите", 1), encoding="utf-8")
    write_plan_downloads(load_or_fail(copy), out, [YEAR], **arguments)  # type: ignore[arg-type]
    assert sorted(written) == sorted(f"grade-{g}-1h.{fmt}" for g in (5, 6, 7) for fmt in ("docx", "csv"))
    assert len(list((cache / "files").iterdir())) == 12
    assert "Откъде идват ромите" in (out / "year-plans/bg/2026-2027/grade-5-1h.csv").read_text(encoding="utf-8-sig")


def test_site_downloads_make_pdfs_only_when_asked_and_name_the_missing_year(
    curriculum: Curriculum, tmp_path: Path
) -> None:
    files = site_downloads(curriculum, tmp_path, dt.date(2026, 12, 3), pdf=False)
    assert (files.current, files.years, files.missing) == ("2026/2027", ("2026/2027",), ("2027/2028",))
    assert files.bands == ("primary", "lower-secondary")
    expected = {
        download_path(lang, YEAR, grade, hours, fmt)
        for lang in ("bg", "en")
        for grade in range(2, 8)
        for hours in (1, 2)
        for fmt in ("docx", "csv")
    }
    assert set(files.sizes) == expected
    assert all((tmp_path / path).stat().st_size == size for path, size in files.sizes.items())
    # In August the running year is the one before: no file, so no plan, and both years are named.
    summer = site_downloads(curriculum, tmp_path, dt.date(2026, 8, 31), pdf=False)
    assert (summer.current, summer.years, summer.missing) == ("2025/2026", ("2026/2027",), ("2025/2026",))


def test_plan_pdfs_are_rendered_once_then_copied_from_the_cache(tmp_path: Path) -> None:
    root = Path(shutil.copytree(GOOD / "curriculum", tmp_path / "curriculum"))
    shutil.copytree(REPO / "curriculum" / "school-years", root / "school-years")
    fixture = load_or_fail(root)
    arguments = {"hours": (1,), "languages": ("bg", "en"), "formats": ("pdf",), "cache_dir": tmp_path / "cache"}
    made = write_plan_downloads(fixture, tmp_path / "out", [YEAR], concurrency=2, **arguments)  # type: ignore[arg-type]
    names = [path.relative_to(tmp_path / "out").as_posix() for path in made]
    assert names == [download_path(lang, YEAR, g, 1, "pdf") for lang in ("bg", "en") for g in (2, 3, 4)]
    # Same file names in two languages: each PDF is its own language's plan.
    for path in made:
        words = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        heading = "ГОДИШНО ТЕМАТИЧНО РАЗПРЕДЕЛЕНИЕ" if "/bg/" in path.as_posix() else "ANNUAL THEMATIC PLAN"
        assert heading in words, path
    rendered: list[object] = []
    import drom.pdf.build

    original = drom.pdf.build._run
    drom.pdf.build._run = lambda jobs, concurrency: rendered.append(jobs) or original(jobs, concurrency)  # type: ignore[assignment]
    try:
        again = write_plan_downloads(fixture, tmp_path / "again", [YEAR], **arguments)  # type: ignore[arg-type]
    finally:
        drom.pdf.build._run = original
    assert rendered == [] and [p.read_bytes() for p in again] == [p.read_bytes() for p in made]


def plan_project(project: Path) -> Path:
    """The fixture site with the shipped school year and a teachers' page that links the plan page."""
    shutil.copytree(REPO / "curriculum" / "school-years", project / "curriculum" / "school-years")
    (project / "docs" / "teachers.md").write_text(
        "---\ntitle: Учители\n---\n\n# Учители\n\n[Годишно разпределение](year-plans/primary.md)\n", encoding="utf-8"
    )
    (project / "docs" / "teachers.en.md").write_text(
        "---\ntitle: Teachers\n---\n\n# Teachers\n\n[The year plan](year-plans/primary.md#grade-3)\n", encoding="utf-8"
    )
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("nav_after: [about.md]", "nav_after: [teachers.md, about.md]"), encoding="utf-8")
    return project


def resolve(build: Build, page: str, href: str) -> Path:
    """The file a link of a built page points at (directory URLs end in index.html)."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
    path = build.site / target
    return path / "index.html" if path.is_dir() else path


def test_the_site_has_a_plan_page_per_band_and_language_with_downloads_that_open(project: Path) -> None:
    build = run_build(plan_project(project), env={"SOURCE_DATE_EPOCH": str(int(dt.datetime(2026, 12, 3).timestamp()))})
    assert build.returncode == 0, build.output[-3000:]
    fixture = load_or_fail(project / "curriculum")
    pages = {
        lang: f"{prefix}year-plans/primary/index.html" for lang, prefix in (("bg", ""), ("en", "en/"), ("rom", "rom/"))
    }
    opened = 0
    for lang, page in pages.items():
        soup = build.html(page)
        assert soup.html["lang"] == lang
        plan_lang = "en" if lang == "en" else "bg"
        sections = soup.select("section.drom-year-plan")
        assert [s["lang"] for s in sections] == [plan_lang] * 3  # grades 2, 3 and 4
        assert (soup.find("meta", attrs={"name": "robots"}) is not None) == (lang == "rom")
        hreflangs = {link["hreflang"] for link in soup.select("link[hreflang]")}
        assert hreflangs == (set() if lang == "rom" else {"bg", "en", "x-default"})  # the plans exist in bg and en
        # The grade-2 plan of 2026/2027 at 1 hour a week: one row per hour of the plan, under the column labels.
        rows = [tr for tr in sections[0].select("tbody tr") if "drom-year-plan__term" not in (tr.get("class") or [])]
        assert len(rows) == len(plan_year(fixture, 2, YEAR, 1).rows)
        labels = [th.get_text() for th in sections[0].select("thead th")]
        assert labels == (
            COLUMNS_BG if plan_lang == "bg" else [c.label for c in table(plan_year(fixture, 2, YEAR, 1), "en").columns]
        )
        links = soup.select("a[download]")
        assert {a["href"].rsplit(".", 1)[-1] for a in links} == {"docx", "csv"}  # no PDFs were made (DROM_PDF=0)
        assert len(links) == 3 * 2 * 2
        for link in links:
            path = resolve(build, page, link["href"])
            assert path.is_file(), link["href"]
            assert f"/year-plans/{plan_lang}/2026-2027/" in path.as_posix()
            if path.suffix == ".docx":
                assert len(Document(str(path)).tables[-1].rows) > 10
                opened += 1
        assert "2027/2028" in soup.select_one("article").get_text()  # the next year's calendar is not there yet
    assert opened == 18
    for page, plan_page in (
        ("modules/holidays/index.html", pages["bg"]),
        ("en/modules/holidays/index.html", pages["en"]),
    ):
        hrefs = [a["href"] for a in build.html(page).select("article a.drom-year-plan-link")]
        assert [resolve(build, page, href) for href in hrefs] == [build.site / plan_page]
    for page, plan_page in (("teachers/index.html", pages["bg"]), ("en/teachers/index.html", pages["en"])):
        hrefs = [a["href"] for a in build.html(page).select("article a") if "year-plans" in a["href"]]
        assert [resolve(build, page, href) for href in hrefs] == [build.site / plan_page]
        nav = [a["href"] for a in build.html(page).select("nav.md-nav--primary a") if "year-plans" in a["href"]]
        assert nav and resolve(build, page, nav[0]) == build.site / plan_page
