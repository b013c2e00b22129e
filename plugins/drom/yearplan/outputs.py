"""The year plan written out: an editable .docx, a printable PDF, an HTML page and a CSV table.

Every format renders the same view-model, `PlanTable` (`table(plan, lang)`): the title block, the columns of
`curriculum/year-plan.yml` and, per term, one row of cells per teaching hour, each cell a list of
paragraphs of plain text. HTML and PDF come from one Jinja template with autoescape (`templates/`); the PDF
goes through WeasyPrint with the print fonts and the renderer of `drom.pdf`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import model as m
from ..messages import say
from .planner import Note, Plan, PlanError, Row
from .texts import LANGUAGES, text

if TYPE_CHECKING:
    from ..pdf.render import Job

TEMPLATES = Path(__file__).resolve().parent / "templates"
FORMATS = ("docx", "pdf", "html", "csv")
"""Output formats; a file's suffix names its format."""

DEFAULT_TEMPLATE = m.YearPlanFile.model_validate(
    {
        "title": {"bg": "Годишно тематично разпределение", "en": "Annual thematic plan"},
        "columns": [
            {"fill": "number", "label": {"bg": "№ по ред", "en": "No."}, "width": 4},
            {"fill": "week", "label": {"bg": "Учебна седмица по ред", "en": "Teaching week"}, "width": 8},
            {"fill": "title", "label": {"bg": "Тема на урочната единица", "en": "Topic of the lesson"}, "width": 14},
            {"fill": "kind", "label": {"bg": "Вид урочна единица", "en": "Kind of lesson"}, "width": 8},
            {
                "fill": "outcomes",
                "label": {
                    "bg": "Компетентности като очаквани резултати от обучението",
                    "en": "Competences as expected learning outcomes",
                },
                "width": 18,
            },
            {"fill": "terms", "label": {"bg": "Нови понятия", "en": "New concepts"}, "width": 10},
            {
                "fill": "activities",
                "label": {
                    "bg": "Контекст и дейности за всяка урочна единица",
                    "en": "Context and activities for each lesson",
                },
                "width": 16,
            },
            {
                "fill": "assessment",
                "label": {
                    "bg": "Методи и форми на оценяване по теми и/или раздели",
                    "en": "Assessment methods and forms by topic or unit",
                },
                "width": 14,
            },
            {"fill": "note", "label": {"bg": "Забележка", "en": "Note"}, "width": 10},
        ],
        "kinds": {
            "lesson": {"bg": "Нови знания", "en": "New content"},
            "review": {"bg": "Преговор", "en": "Review"},
            "assessment": {"bg": "Обобщение и оценяване", "en": "Summary and assessment"},
            "project": {"bg": "Проектна работа", "en": "Project work"},
        },
    }
)
"""The columns when the curriculum has no year-plan.yml: those of the shipped file."""

Cell = list[str]


@dataclass
class Column:
    fill: str
    label: str
    width: float
    """Share of the table's width, in per cent."""


@dataclass
class Term:
    title: str
    summary: str
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class PlanTable:
    """Everything a format shows, as text in one language."""

    lang: str
    title: str
    subtitle: str
    approval: tuple[str, str, str]
    fields: list[tuple[str, str]]
    """Title block: (label, value) pairs; an empty value is a line to fill in by hand."""
    columns: list[Column]
    terms: list[Term]
    warning: str
    footer: str
    grade: int
    school_year: str
    hours: int

    @property
    def rows(self) -> list[list[Cell]]:
        return [row for term in self.terms for row in term.rows]


# --- the view-model ----------------------------------------------------------------------------------


def table(plan: Plan, lang: str = "bg") -> PlanTable:
    """The plan as text in `lang` (bg or en), ready for any format."""
    if lang not in LANGUAGES:
        said = say("plan_language", languages=" or ".join(LANGUAGES), languages_bg=" или ".join(LANGUAGES), lang=lang)
        raise PlanError(said, say("plan_language_fix"))
    c = plan.curriculum
    template = c.year_plan or DEFAULT_TEMPLATE
    total_width = sum(column.width for column in template.columns)
    columns = [
        Column(column.fill, c.label(column.label, lang), round(100 * column.width / total_width, 2))
        for column in template.columns
    ]
    own = c.text(lang)
    subject = own.title if own else "Roma folklore"
    terms = []
    for number in (1, 2):
        rows = [row for row in plan.rows if row.term == number]
        if not rows:
            continue
        weeks = len(plan.term_weeks(number))
        terms.append(
            Term(
                text(lang, f"term_{number}").upper(),
                text(lang, "term_summary", weeks=weeks, hours=plan.hours, total=len(rows)),
                [[_cell(plan, row, column.fill, template, lang) for column in columns] for row in rows],
            )
        )
    unconfirmed = plan.school_year.unconfirmed(plan.grade)
    warning = (
        text(lang, "unconfirmed", year=plan.school_year.id, items=", ".join(_unconfirmed_words(plan, lang)))
        if unconfirmed
        else ""
    )
    return PlanTable(
        lang=lang,
        title=c.label(template.title, lang).upper(),
        subtitle=text(lang, "subject", subject=subject, grade=plan.grade),
        approval=(text(lang, "approved"), text(lang, "director"), text(lang, "name_signature")),
        fields=[
            (text(lang, "school"), ""),
            (text(lang, "teacher"), ""),
            (text(lang, "class"), text(lang, "class_value", grade=plan.grade)),
            (text(lang, "year"), plan.school_year.id),
            (
                text(lang, "hours"),
                text(
                    lang,
                    "hours_value",
                    hours=plan.hours,
                    minutes=plan.period_minutes,
                    weeks=len(plan.weeks),
                    total=len(plan.rows),
                ),
            ),
        ],
        columns=columns,
        terms=terms,
        warning=warning,
        footer=text(lang, "generated", title=subject),
        grade=plan.grade,
        school_year=plan.school_year.id,
        hours=plan.hours,
    )


def _unconfirmed_words(plan: Plan, lang: str) -> list[str]:
    year = plan.school_year
    words = []
    for item in year.unconfirmed(plan.grade):
        if item == "term":
            words.append(text(lang, "term_dates"))
            continue
        vacation = next((v for v in year.spec.vacations if v.id == item), None)
        if vacation is not None:
            name = plan.curriculum.label(vacation.name, lang)
            words.append(f"{name} ({_date(vacation.start)}–{_date(vacation.end)})")
        else:
            words.append(_date(dt.date.fromisoformat(item)))
    return words


def _date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _cell(plan: Plan, row: Row, fill: str, template: m.YearPlanFile, lang: str) -> Cell:
    fills: dict[str, Callable[[], Cell]] = {
        "number": lambda: [str(row.number)],
        "week": lambda: [str(row.week.number), _week_dates(row, lang)],
        "dates": lambda: [_week_dates(row, lang)],
        "title": lambda: [_title(plan, row, lang)],
        "kind": lambda: [plan.curriculum.label(getattr(template.kinds, row.kind), lang)],
        "outcomes": lambda: _outcomes(plan, row, lang),
        "terms": lambda: _terms(plan, row, lang),
        "activities": lambda: _activities(plan, row, lang),
        "assessment": lambda: _methods(plan, row, lang),
        "note": lambda: [_note(plan, note, lang) for note in row.notes],
        "blank": lambda: [],
    }
    return fills[fill]()


def _week_dates(row: Row, lang: str) -> str:
    start, end = row.week.monday, row.week.friday
    return text(lang, "week_dates", start=start.strftime("%d.%m"), end=end.strftime("%d.%m.%Y"))


def _lesson_title(plan: Plan, lesson: m.Lesson, lang: str) -> str:
    return lesson.text(lang, plan.curriculum.default_language).title


def _module_title(plan: Plan, module: m.Module, lang: str) -> str:
    return module.text(lang, plan.curriculum.default_language).title


def _title(plan: Plan, row: Row, lang: str) -> str:
    if row.kind == "lesson" and row.lesson is not None:
        title = _lesson_title(plan, row.lesson, lang)
        parts = row.part[1]
        return text(lang, "part", title=title, part=row.part[0], parts=parts) if parts > 1 else title
    if row.kind == "review" and row.lesson is not None:
        return text(lang, "review_lesson", title=_lesson_title(plan, row.lesson, lang))
    if row.kind == "review" and row.module is not None:
        return text(lang, "review_module", title=_module_title(plan, row.module, lang))
    if row.kind == "project" and row.module is not None:
        return text(lang, "project", title=_module_title(plan, row.module, lang))
    return text(lang, "assessment", term=text(lang, f"term_{row.term}").lower())


def _covered(plan: Plan, row: Row) -> list[m.Lesson]:
    if row.kind == "lesson" and row.lesson is not None:
        return [row.lesson] if row.part[0] == 1 else []
    return row.covered


def _outcomes(plan: Plan, row: Row, lang: str) -> Cell:
    if row.kind == "project":
        lessons = [lesson for lesson in plan.lessons if row.module is not None and lesson.module_id == row.module.id]
        return list(dict.fromkeys(code for lesson in lessons for code in lesson.spec.outcomes))
    codes = list(dict.fromkeys(code for lesson in _covered(plan, row) for code in lesson.spec.outcomes))
    if row.kind != "lesson":
        return codes
    cells = []
    for code in codes:
        outcome = plan.curriculum.outcome(code)
        cells.append(f"{code} – {plan.curriculum.label(outcome.text, lang)}" if outcome else code)
    return cells


def _terms(plan: Plan, row: Row, lang: str) -> Cell:
    if row.kind != "lesson" or row.lesson is None or row.part[0] != 1:
        return []
    cells = []
    for term_id in row.lesson.spec.vocabulary:
        term = plan.curriculum.terms.get(term_id)
        if term is None:
            continue
        name = f"{term.latin} ({term.cyrillic})" if term.cyrillic and lang == "bg" else term.latin
        cells.append(f"{name} – {plan.curriculum.label(term.meaning, lang)}")
    return cells


def _activities(plan: Plan, row: Row, lang: str) -> Cell:
    titles = "; ".join(_lesson_title(plan, lesson, lang) for lesson in row.covered)
    if row.kind == "review":
        if row.lesson is not None:
            return [text(lang, "review_activities")]
        return [text(lang, "review_module_activities", titles=titles)]
    if row.kind == "project":
        return [text(lang, "project_activities")]
    if row.kind == "assessment":
        return [text(lang, "assessment_activities", titles=titles)]
    assert row.lesson is not None
    lesson_text = row.lesson.text(lang, plan.curriculum.default_language)
    cells = []
    for activity in row.lesson.spec.activities:
        section = lesson_text.sections.get(activity.id)
        kind = text(lang, "assessment_kind" if activity.kind == "assessment" else activity.kind)
        title = _plain_inline(section.title) if section else activity.id
        cells.append(text(lang, "activity", title=title, kind=kind, minutes=activity.minutes))
    return cells


def _methods(plan: Plan, row: Row, lang: str) -> Cell:
    if row.kind == "review":
        return [text(lang, "review_methods")]
    if row.kind == "project":
        return [text(lang, "project_methods")]
    if row.kind == "assessment":
        return [text(lang, "assessment_methods")]
    assert row.lesson is not None
    if row.part[0] != 1:
        return []
    section = row.lesson.text(lang, plan.curriculum.default_language).sections.get("assessment")
    return plain_paragraphs(section.markdown) if section else []


def _note(plan: Plan, note: Note, lang: str) -> str:
    values = note.values
    if note.key in ("date", "date-before", "date-week-full", "also-date"):
        day = dt.date.fromisoformat(values[0])
        event = next((e for e in plan.curriculum.events if e.id == values[1]), None)
        name = plan.curriculum.label(event.name, lang) if event else values[1]
        return text(lang, "note_" + note.key.replace("-", "_"), date=_date(day), event=name)
    if note.key == "shorten":
        duration, grade, period, over = values
        return text(lang, "note_shorten", duration=duration, grade=grade, period=period, over=over)
    return text(lang, "note_" + note.key.replace("-", "_"))


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_ATTRIBUTES = re.compile(r"\s*\{[:#.][^}]*\}")


def _plain_inline(markdown: str) -> str:
    """Inline Markdown as plain text: links keep their words, emphasis and code marks go."""
    plain = _ATTRIBUTES.sub("", _LINK.sub(r"\1", markdown))
    previous = None
    while previous != plain:
        previous, plain = plain, _EMPHASIS.sub(r"\2", plain)
    return re.sub(r"\s+", " ", plain).strip()


def plain_paragraphs(markdown: str) -> list[str]:
    """A Markdown section as plain paragraphs: one per paragraph or list item (list items start with •)."""
    items: list[str] = []
    current: list[str] = []
    bullet = False

    def close() -> None:
        if current:
            words = _plain_inline(" ".join(current))
            items.append(("• " if bullet else "") + words)
        current.clear()

    for line in markdown.splitlines():
        if not line.strip() or line.lstrip().startswith(("#", ">", "|", "```", "~~~")):
            close()
            continue
        if _LIST_ITEM.match(line):
            close()
            bullet = True
            current.append(_LIST_ITEM.sub("", line, count=1))
        else:
            if not current:
                bullet = False
            current.append(line.strip())
    close()
    return [item for item in items if item.strip("• ")]


# --- formats -----------------------------------------------------------------------------------------


def write_plan(
    plan: Plan, target: Path, lang: str = "bg", output_format: str | None = None, view: PlanTable | None = None
) -> Path:
    """Write the plan to `target` in `output_format` (default: from the file's suffix); the path written.

    `view` is the plan's `table(plan, lang)` when the caller already has it (several formats of one plan).
    """
    output_format = output_format or target.suffix.lstrip(".").lower()
    if output_format not in FORMATS:
        raise PlanError(
            say("not_a_plan_format", name=target.name, formats=", ".join(FORMATS)),
            say("not_a_plan_format_fix"),
        )
    view = view or table(plan, lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    if output_format == "docx":
        target.write_bytes(docx_bytes(view))
    elif output_format == "csv":
        target.write_text(csv_text(view), encoding="utf-8-sig", newline="")
    elif output_format == "html":
        target.write_text(html_document(view, for_print=False), encoding="utf-8")
    else:
        write_pdf(plan, view, target)
    return target


def csv_text(view: PlanTable) -> str:
    """One line per teaching hour under a line of column labels; paragraphs of a cell on separate lines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.label for column in view.columns])
    for row in view.rows:
        writer.writerow(["\n".join(cell) for cell in row])
    return out.getvalue()


def _environment():  # type: ignore[no-untyped-def]
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined, trim_blocks=True
    )


def html_fragment(view: PlanTable, heading_level: int = 2) -> str:
    """The plan as a `<section>` to place in a page of the site (markup in templates/plan.html, escaped);
    its title is a heading of `heading_level` (2 to 6), to fit the page's outline."""
    level = min(max(heading_level, 2), 6)
    return str(_environment().get_template("plan.html").render(plan=view, heading_level=level))


def html_document(view: PlanTable, *, for_print: bool) -> str:
    """A whole HTML document around the fragment: for the screen (a downloaded .html) or for WeasyPrint."""
    css = (TEMPLATES / "plan.css").read_text(encoding="utf-8")
    return str(
        _environment()
        .get_template("plan-document.html")
        .render(plan=view, css=css, for_print=for_print, heading_level=2)
    )


def pdf_job(plan: Plan, view: PlanTable, target: Path, name: str = "") -> Job:
    """The plan's PDF as a job of drom.pdf's WeasyPrint renderer: A4 landscape, the print fonts, the header
    row on every page. `name` tells the job from others in one run (default: the file's name)."""
    from ..pdf import fonts
    from ..pdf.documents import language_css
    from ..pdf.render import Job

    root = plan.curriculum.root.resolve()
    css = fonts.font_face_css() + (TEMPLATES / "plan-print.css").read_text(encoding="utf-8") + language_css(view.lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    return Job(
        path=name or target.name,
        html=html_document(view, for_print=True),
        css=css,
        base_url=root.as_uri() + "/",
        css_base_url=fonts.FONTS_DIR.as_uri() + "/",
        allowed=(str(root), str(fonts.FONTS_DIR)),
        target=str(target.resolve()),
        root=str(root),
    )


def write_pdf(plan: Plan, view: PlanTable, target: Path) -> None:
    from ..pdf.render import render

    outcome = render(pdf_job(plan, view, target))
    if outcome.error:
        raise PlanError(say("plan_pdf_failed", name=target.name, error=outcome.error))


def docx_bytes(view: PlanTable) -> bytes:
    """An editable Word document: A4 landscape, the title block to fill in, the header row on every page."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15))
    section.top_margin = section.bottom_margin = Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(9)  # the table's size, set once: a size on every run of the table is slow
    r_pr = normal.element.get_or_add_rPr()
    lang_element = OxmlElement("w:lang")
    lang_element.set(qn("w:val"), "bg-BG" if view.lang == "bg" else "en-GB")
    r_pr.append(lang_element)
    normal.paragraph_format.space_after = Pt(0)
    document.core_properties.title = f"{view.title} – {view.subtitle} – {view.school_year}"
    document.core_properties.language = "bg-BG" if view.lang == "bg" else "en-GB"
    document.core_properties.author = ""

    approval = document.add_paragraph()
    approval.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    approval.add_run(view.approval[0]).bold = True
    approval.add_run(f"\n{view.approval[1]} ................................\n")
    approval.add_run(view.approval[2]).italic = True

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(6)
    run = title.add_run(view.title)
    run.bold = True
    run.font.size = Pt(14)
    subtitle = document.add_paragraph()
    subtitle.add_run(view.subtitle).font.size = Pt(11)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.space_after = Pt(6)

    fields = document.add_table(rows=0, cols=2)
    fields.autofit = False
    fields.columns[0].width, fields.columns[1].width = Mm(35), Mm(150)
    for label, value in view.fields:
        cells = fields.add_row().cells
        cells[0].width, cells[1].width = Mm(35), Mm(150)
        label_run = cells[0].paragraphs[0].add_run(label)
        label_run.bold = True
        label_run.font.size = Pt(10)
        cells[1].paragraphs[0].add_run(value or "." * 60).font.size = Pt(10)
    if view.warning:
        warning = document.add_paragraph()
        warning.paragraph_format.space_before = Pt(6)
        warning_run = warning.add_run(view.warning)
        warning_run.italic = True
        warning_run.font.color.rgb = RGBColor(0x8A, 0x1C, 0x1C)
    document.add_paragraph()

    usable = Mm(297 - 30)
    grid = document.add_table(rows=1, cols=len(view.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = [int(usable * column.width / 100) for column in view.columns]
    for index, width in enumerate(widths):
        grid.columns[index].width = width  # the table grid: LibreOffice reads the widths from it
    header = grid.rows[0]
    _repeat_header(header, OxmlElement, qn)
    for index, column in enumerate(view.columns):
        cell = header.cells[index]
        cell.width = widths[index]
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(column.label).bold = True
        _shade(cell, "E8EDF4", OxmlElement, qn)
    for term in view.terms:
        heading = grid.add_row()
        merged = heading.cells[0].merge(heading.cells[-1])
        paragraph = merged.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(term.title).bold = True
        paragraph.add_run(f" – {term.summary}")
        _keep_together(heading, OxmlElement, qn)
        for values in term.rows:
            cells = grid.add_row().cells
            for index, cell_text in enumerate(values):
                cell = cells[index]
                cell.width = widths[index]
                first = True
                for paragraph_text in cell_text or [""]:
                    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
                    first = False
                    paragraph.add_run(paragraph_text)
    footer = section.footer.paragraphs[0]
    footer.text = view.footer
    footer.runs[0].font.size = Pt(8)
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue())


ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _fixed_zip(data: bytes) -> bytes:
    """The same .docx with each part dated 1980-01-01: python-docx stamps the parts with the clock, and the
    same plan written twice must give the same bytes (a reproducible site, a cache that moves nothing)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            archive.writestr(info, source.read(item.filename))
    return out.getvalue()


def _repeat_header(row, OxmlElement, qn) -> None:  # type: ignore[no-untyped-def]  # noqa: N803
    """Word and LibreOffice repeat a row marked `w:tblHeader` at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def _keep_together(row, OxmlElement, qn) -> None:  # type: ignore[no-untyped-def]  # noqa: N803
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _shade(cell, colour: str, OxmlElement, qn) -> None:  # type: ignore[no-untyped-def]  # noqa: N803
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)
