"""The year-plan page of a grade band: per grade, the plan files to download (current and next school year, 1
and 2 hours a week) and the plan of the current year at 1 hour a week, shown in the page.

The plans themselves come from `drom.yearplan` (the planner, and the HTML fragment of its escaped template);
this module only arranges them into a page and links the files the build wrote (`PlanFiles`), so the page
never links a file that is not there: without PDFs (DROM_PDF=0) it offers the .docx and CSV.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..i18n import language_in, string_lang, t
from ..yearplan.downloads import DOWNLOAD_FORMATS, plan_language, plan_page_context
from ..yearplan.planner import HOURS_PER_WEEK, period_minutes
from .base import Context, DownloadLink, Head, Label, Link, Page
from .inline import plain
from .text import size_text

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv",
}
SHOWN_HOURS = HOURS_PER_WEEK[0]
"""The weekly hours of the plan shown in the page (the elective usually has 1)."""


@dataclass(frozen=True)
class PlanChoice:
    """One school year at some weekly hours: its files, or why there is no plan."""

    label: str
    files: tuple[DownloadLink, ...]
    message: Label | None = None


@dataclass(frozen=True)
class GradePlans:
    grade: int
    title: str
    period: str
    choices: tuple[PlanChoice, ...]
    shown_label: str
    shown: Markup
    """The plan of the current year at SHOWN_HOURS as HTML (escaped by its template), or empty."""


@dataclass(frozen=True)
class YearPlanView:
    head: Head
    ui_lang: str
    """The language of the page's own words when they fall back to another (Romani pages: English), else ''."""
    ui_attr: Markup
    """The attribute list that gives a Markdown paragraph that language (empty when it is the page's)."""
    notes: tuple[str, ...]
    grades: tuple[GradePlans, ...]
    modules: tuple[Link, ...]


def year_plan_title(ctx: Context, band_id: str) -> Label:
    """The page's title, with its language when it is not the page's. A band without a name in this language
    (Romani) is titled wholly in the language of its name, not half in one language and half in another."""
    band = ctx.c.band(band_id)
    band_label = ctx.labelled(band.label) if band else Label(band_id, "")
    lang = band_label.lang or string_lang(ctx.lang, "year_plan_title")
    return Label(t(lang, "year_plan_title", band=band_label.text), ctx.other(lang))


def year_plan_link(ctx: Context, src: str, band_id: str) -> Link | None:
    """A link from page `src` to the band's year-plan page, when the site has one."""
    if ctx.year_plans is None or band_id not in ctx.year_plans.bands:
        return None
    href = ctx.map.link(src, ctx.map.year_plan(ctx.lang, band_id))
    title = year_plan_title(ctx, band_id)
    return Link(href, title.text, title.lang)


def year_plan_page(ctx: Context, band_id: str) -> Page:
    src = ctx.map.year_plan(ctx.lang, band_id)
    files = ctx.year_plans
    assert files is not None, "plan pages are made only when the build made the plan files"
    band = ctx.c.band(band_id)
    assert band is not None
    band_label = ctx.label(band.label)
    plan_lang = plan_language(ctx.c, ctx.lang)
    notes = []
    if plan_lang != ctx.lang:
        reader = string_lang(ctx.lang, "year_plan_fallback")
        notes.append(ctx.t("year_plan_fallback", language=language_in(reader, plan_lang)))
    # A page whose plans are another language's is not indexed, like every page that falls back.
    title = year_plan_title(ctx, band_id)
    head = Head(
        src,
        title.text,
        ctx.t("year_plan_description", band=band_label),
        noindex=plan_lang != ctx.lang,
        lang=title.lang,
    )
    shown_year = files.years[0] if files.years else ""
    page = plan_page_context(ctx.c, band_id, ctx.lang, files.years, shown=(shown_year, SHOWN_HOURS), heading_level=3)
    message_lang = ctx.other("en")  # the planner says in English why lessons do not fit
    grades = []
    for grade in band.grades:
        options = [option for option in page.options if option.grade == grade]
        choices = []
        shown = Markup("")
        for option in options:
            label = ctx.t("year_plan_hours", year=option.school_year, n=option.hours)
            if option.message:
                choices.append(PlanChoice(label, (), Label(option.message, message_lang)))
                continue
            links = []
            for fmt in DOWNLOAD_FORMATS:
                path = option.downloads.get(fmt, "")
                if path in files.sizes:
                    href = ctx.map.file_link(src, path)
                    size = size_text(files.sizes[path])
                    links.append(DownloadLink(href, MIME[fmt], ctx.t(f"year_plan_file_{fmt}"), size))
            choices.append(PlanChoice(label, tuple(links)))
            if option.html:
                shown = Markup(option.html)  # rendered by yearplan/templates/plan.html with autoescape
        grades.append(
            GradePlans(
                grade,
                _capital(ctx.grades([grade])),
                ctx.t("year_plan_period", n=period_minutes(grade)),
                tuple(choices),
                ctx.t("year_plan_show", year=shown_year, n=SHOWN_HOURS),
                shown,
            )
        )
    notes.append(ctx.t("year_plan_columns"))
    for year in files.missing:
        key = "year_plan_missing_current" if year == files.current else "year_plan_missing_next"
        notes.append(ctx.t(key, year=year))
    if files.years and not any(path.endswith(".pdf") for path in files.sizes):
        notes.append(ctx.t("year_plan_no_pdf"))
    modules = tuple(
        ctx.entity_link(src, "module", module) for module in ctx.c.ordered_modules() if module.spec.band == band_id
    )
    ui_lang = ctx.other(string_lang(ctx.lang, "year_plan_intro"))
    view = YearPlanView(
        head,
        ui_lang,
        Markup('\n{{: lang="{}" }}').format(ui_lang) if ui_lang else Markup(""),
        tuple(notes),
        tuple(grades),
        modules,
    )
    return ctx.page("year_plan", "year-plan.md", head, band_id, plan=view, band=plain(band_label))


def _capital(words: str) -> str:
    """ "grade 3" as a heading: "Grade 3"."""
    return words[:1].upper() + words[1:]
