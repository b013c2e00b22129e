"""What the site needs of the year plan: the files to download and the view-model of a plan page.

The site (not yet wired) makes one page per grade band and language, and links it from each module page
and from the teachers' page:

    years = current_school_years(curriculum)                      # e.g. ["2026/2027"] (+ next when published)
    written = write_plan_downloads(curriculum, site_dir, years)   # year-plans/<lang>/<year>/grade-<g>-<h>h.<ext>
    page = plan_page_context(curriculum, "primary", "bg", years)  # PlanPage: grades × years × hours

Each `PlanOption` of the page carries the plan as an HTML fragment (templates/plan.html, escaped) and the
URLs of its downloads relative to the site root, or, when the lessons do not fit, the message saying so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import model as m
from .outputs import html_fragment, table, write_plan
from .planner import HOURS_PER_WEEK, DoesNotFit, plan_year
from .texts import LANGUAGES

DOWNLOAD_FOLDER = "year-plans"
DOWNLOAD_FORMATS = ("docx", "pdf", "csv")
"""Formats offered for download on the site (the page itself shows the HTML)."""


def download_path(lang: str, school_year: str, grade: int, hours: int, output_format: str) -> str:
    """The download's path under the site root, e.g. `year-plans/bg/2026-2027/grade-3-1h.docx`."""
    return f"{DOWNLOAD_FOLDER}/{lang}/{school_year.replace('/', '-')}/grade-{grade}-{hours}h.{output_format}"


def current_school_years(curriculum: m.Curriculum, today: dt.date | None = None) -> list[str]:
    """The school year running on `today` (a year starts on 15 September) and the next, those with a file."""
    today = today or dt.date.today()
    first = today.year if (today.month, today.day) >= (9, 15) else today.year - 1
    wanted = [f"{first}/{first + 1}", f"{first + 1}/{first + 2}"]
    return [year for year in wanted if year in curriculum.school_years]


def band_grades(curriculum: m.Curriculum, band_id: str) -> list[int]:
    band = curriculum.band(band_id)
    return list(band.grades) if band else []


def write_plan_downloads(
    curriculum: m.Curriculum,
    out_dir: Path,
    years: list[str] | tuple[str, ...],
    hours: tuple[int, ...] = HOURS_PER_WEEK,
    *,
    languages: tuple[str, ...] = LANGUAGES,
    formats: tuple[str, ...] = DOWNLOAD_FORMATS,
) -> list[Path]:
    """Write every grade's plan for each school year, weekly hours, language and format; the files written.

    A combination whose lessons do not fit the year is left out (its page shows why).
    """
    written: list[Path] = []
    grades = sorted({grade for band in curriculum.spec.grade_bands for grade in band.grades})
    for year in years:
        for grade in grades:
            for hours_a_week in hours:
                try:
                    plan = plan_year(curriculum, grade, year, hours_a_week)
                except DoesNotFit:
                    continue
                for lang in languages:
                    view = table(plan, lang)
                    for output_format in formats:
                        target = out_dir / download_path(lang, year, grade, hours_a_week, output_format)
                        written.append(write_plan(plan, target, lang, output_format, view))
    return written


@dataclass
class PlanOption:
    """One plan of a page: a grade, a school year and weekly hours."""

    grade: int
    school_year: str
    hours: int
    html: str = ""
    """The plan as an HTML fragment ('' when it does not fit)."""
    downloads: dict[str, str] = field(default_factory=dict)
    """Format -> URL relative to the site root."""
    message: str = ""
    """Why there is no plan (the lessons do not fit), else ''."""
    confirmed: bool = True
    """False while some dates of the school year are not confirmed (the fragment says which)."""


@dataclass
class PlanPage:
    band_id: str
    lang: str
    title: str
    """The band's label, e.g. "Начален етап (2.–4. клас)"."""
    options: list[PlanOption]


def plan_page_context(
    curriculum: m.Curriculum,
    band_id: str,
    lang: str,
    years: list[str] | tuple[str, ...],
    hours: tuple[int, ...] = HOURS_PER_WEEK,
    *,
    formats: tuple[str, ...] = DOWNLOAD_FORMATS,
) -> PlanPage:
    """The view-model of the plan page of a grade band in `lang` (bg or en; other languages get English)."""
    plan_lang = lang if lang in LANGUAGES else "en"
    band = curriculum.band(band_id)
    if band is None:
        raise KeyError(f"no grade band '{band_id}'")
    options = []
    for year in years:
        for grade in band.grades:
            for hours_a_week in hours:
                option = PlanOption(grade, year, hours_a_week)
                try:
                    plan = plan_year(curriculum, grade, year, hours_a_week)
                except DoesNotFit as exc:
                    option.message = exc.message
                else:
                    option.html = html_fragment(table(plan, plan_lang))
                    option.confirmed = not plan.school_year.unconfirmed(grade)
                    option.downloads = {
                        fmt: download_path(plan_lang, year, grade, hours_a_week, fmt) for fmt in formats
                    }
                options.append(option)
    return PlanPage(band_id, lang, curriculum.label(band.label, lang), options)
