"""What the site needs of the year plan: the files to download and the view-model of a plan page.

The site makes one page per grade band and language (`drom.pages.yearplan`), linked from each module page
and from the teachers' page:

    years = current_school_years(curriculum, today)               # e.g. ["2026/2027"] (+ next when published)
    files = write_plan_downloads(curriculum, out, years, cache_dir=cache)  # year-plans/<lang>/<year>/...
    page = plan_page_context(curriculum, "primary", "bg", years)  # PlanPage: grades × years × hours

Files are cached by a hash of what goes into each (the plan's text, the code and templates that lay it out,
the fonts and versions for a PDF), so a rebuild copies the unchanged ones instead of writing them again.
Each `PlanOption` of the page carries the plan as an HTML fragment (templates/plan.html, escaped) and the
URLs of its downloads relative to the site root, or, when the lessons do not fit, the message saying so.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from .. import model as m
from .outputs import TEMPLATES, PlanTable, html_fragment, pdf_job, table, write_plan
from .planner import HOURS_PER_WEEK, DoesNotFit, plan_year
from .texts import LANGUAGES

if TYPE_CHECKING:
    from ..pdf.render import Job

DOWNLOAD_FOLDER = "year-plans"
DOWNLOAD_FORMATS = ("docx", "pdf", "csv")
"""Formats offered for download on the site (the page itself shows the HTML)."""

_LAYOUT = (Path(__file__).with_name("outputs.py"), Path(__file__).with_name("texts.py"))
"""The code that lays a plan out in a file: a change to it changes every file, so it is part of each key."""


def download_path(lang: str, school_year: str, grade: int, hours: int, output_format: str) -> str:
    """The download's path under the site root, e.g. `year-plans/bg/2026-2027/grade-3-1h.docx`."""
    return f"{DOWNLOAD_FOLDER}/{lang}/{school_year.replace('/', '-')}/grade-{grade}-{hours}h.{output_format}"


def wanted_school_years(today: dt.date) -> tuple[str, str]:
    """The school year running on `today` (a year starts on 15 September) and the next, e.g. 2026/2027."""
    first = today.year if (today.month, today.day) >= (9, 15) else today.year - 1
    return f"{first}/{first + 1}", f"{first + 1}/{first + 2}"


def current_school_years(curriculum: m.Curriculum, today: dt.date | None = None) -> list[str]:
    """The school year running on `today` and the next, those with a file in `curriculum/school-years/`."""
    return [year for year in wanted_school_years(today or dt.date.today()) if year in curriculum.school_years]


def band_grades(curriculum: m.Curriculum, band_id: str) -> list[int]:
    band = curriculum.band(band_id)
    return list(band.grades) if band else []


def plan_bands(curriculum: m.Curriculum) -> list[str]:
    """The grade bands that get a plan page: those with a module, once there is a school-year file at all."""
    if not curriculum.school_years:
        return []
    taught = {module.spec.band for module in curriculum.modules.values()}
    return [band.id for band in curriculum.spec.grade_bands if band.id in taught]


def write_plan_downloads(
    curriculum: m.Curriculum,
    out_dir: Path,
    years: list[str] | tuple[str, ...],
    hours: tuple[int, ...] = HOURS_PER_WEEK,
    *,
    languages: tuple[str, ...] = LANGUAGES,
    formats: tuple[str, ...] = DOWNLOAD_FORMATS,
    cache_dir: Path | None = None,
    concurrency: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write every grade's plan for each school year, weekly hours, language and format; the files written.

    A combination whose lessons do not fit the year is left out (its page shows why). With `cache_dir`, a
    file made from the same inputs before is copied from there. PDFs are rendered by `concurrency` processes;
    `progress(done, total)` hears of each one rendered.
    """
    cache = _Cache(cache_dir) if cache_dir is not None else None
    written: list[Path] = []
    pending: list[tuple[Job, str]] = []
    grades = sorted({grade for band in plan_bands(curriculum) for grade in band_grades(curriculum, band)})
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
                        path = download_path(lang, year, grade, hours_a_week, output_format)
                        target = out_dir / path
                        key = cache.key(view, output_format) if cache else ""
                        if cache and cache.fetch(key, output_format, target):
                            written.append(target)
                        elif output_format == "pdf":
                            pending.append((pdf_job(plan, view, target, path), key))
                        else:
                            written.append(write_plan(plan, target, lang, output_format, view))
                            if cache:
                                cache.store(key, output_format, target)
    if pending:
        written += _render(pending, cache, concurrency, progress)
    if cache:
        cache.prune(formats)
    return sorted(written)


def _render(
    pending: list[tuple[Job, str]],
    cache: _Cache | None,
    concurrency: int,
    progress: Callable[[int, int], None] | None,
) -> list[Path]:
    """Render the PDFs on `concurrency` processes, the PDF pipeline's way; a failure is a PlanError."""
    from ..pdf.build import _run
    from .planner import PlanError

    keys = {job.path: key for job, key in pending}
    targets = {job.path: Path(job.target) for job, _ in pending}
    written = []
    if progress is not None:
        progress(0, len(pending))
    for done, outcome in enumerate(_run([job for job, _ in pending], concurrency), start=1):
        if progress is not None:
            progress(done, len(pending))
        if outcome.error:
            raise PlanError(f"The PDF '{outcome.path}' could not be made: {outcome.error}.")
        if cache is not None:
            cache.store(keys[outcome.path], "pdf", targets[outcome.path])
        written.append(targets[outcome.path])
    return written


class _Cache:
    """Files by the hash of what they are made from: `<folder>/files/<key>.<format>`."""

    def __init__(self, folder: Path) -> None:
        self.files = folder / "files"
        self.used: set[str] = set()
        digest = hashlib.sha256()
        for path in (*_LAYOUT, *sorted(TEMPLATES.iterdir())):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        self.layout = digest.hexdigest()
        self.versions = {"drom": __version__, "python-docx": metadata.version("python-docx")}
        self._pdf = ""

    def pdf_material(self) -> str:
        """What a PDF depends on besides its text: the fonts, WeasyPrint and the PDF options."""
        if not self._pdf:
            import weasyprint

            from ..pdf.fonts import fonts_digest
            from ..pdf.render import OPTIONS

            self._pdf = json.dumps([fonts_digest(), weasyprint.__version__, OPTIONS], sort_keys=True)
        return self._pdf

    def key(self, view: PlanTable, output_format: str) -> str:
        material = {
            "view": dataclasses.asdict(view),
            "format": output_format,
            "layout": self.layout,
            "versions": self.versions,
            "pdf": self.pdf_material() if output_format == "pdf" else "",
        }
        return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def blob(self, key: str, output_format: str) -> Path:
        return self.files / f"{key}.{output_format}"

    def fetch(self, key: str, output_format: str, target: Path) -> bool:
        blob = self.blob(key, output_format)
        if not blob.is_file():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(blob, target)
        self.used.add(blob.name)
        return True

    def store(self, key: str, output_format: str, made: Path) -> None:
        blob = self.blob(key, output_format)
        blob.parent.mkdir(parents=True, exist_ok=True)
        partial = blob.with_name(f".{blob.name}.partial")
        shutil.copyfile(made, partial)
        os.replace(partial, blob)
        self.used.add(blob.name)

    def prune(self, formats: tuple[str, ...]) -> None:
        """Delete the cached files of these formats that this run did not use (an older state of the plans)."""
        if not self.files.is_dir():
            return
        for path in self.files.iterdir():
            if path.suffix.lstrip(".") in formats and path.name not in self.used:
                with contextlib.suppress(OSError):
                    path.unlink()


@dataclass(frozen=True)
class PlanFiles:
    """The year plans a site build offers: its school years and the files it wrote."""

    current: str
    """The school year running when the site was built, e.g. `2026/2027`."""
    years: tuple[str, ...]
    """The school years with plans: the current one and the next, those with a school-year file."""
    missing: tuple[str, ...]
    """The current or next school year when its file is not in the curriculum yet."""
    bands: tuple[str, ...] = ()
    """The grade bands with a plan page (`plan_bands`)."""
    sizes: dict[str, int] = field(default_factory=dict)
    """Size in bytes of each file written, by its path under the site root (`download_path`)."""


def site_downloads(
    curriculum: m.Curriculum,
    out_dir: Path,
    today: dt.date,
    *,
    pdf: bool,
    cache_dir: Path | None = None,
    concurrency: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> PlanFiles:
    """The plan files of the site under `out_dir`: every grade at 1 and 2 hours a week in the current and
    next school year, in Bulgarian and English, as .docx and CSV, and as PDF when `pdf` (slow: the site's
    PDF switch decides). The folder's earlier plan files are removed first."""
    wanted = wanted_school_years(today)
    years = tuple(year for year in wanted if year in curriculum.school_years)
    missing = tuple(year for year in wanted if year not in curriculum.school_years)
    shutil.rmtree(out_dir / DOWNLOAD_FOLDER, ignore_errors=True)
    formats = tuple(fmt for fmt in DOWNLOAD_FORMATS if pdf or fmt != "pdf")
    written = write_plan_downloads(
        curriculum,
        out_dir,
        years,
        formats=formats,
        cache_dir=cache_dir,
        concurrency=concurrency,
        progress=progress,
    )
    sizes = {path.relative_to(out_dir).as_posix(): path.stat().st_size for path in written}
    return PlanFiles(wanted[0], years, missing, tuple(plan_bands(curriculum)), sizes)


@dataclass
class PlanOption:
    """One plan of a page: a grade, a school year and weekly hours."""

    grade: int
    school_year: str
    hours: int
    html: str = ""
    """The plan as an HTML fragment ('' when it does not fit, or is not the one the page shows)."""
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
    """The language of the plans (bg or en): the page's, else the curriculum's default, else English."""
    title: str
    """The band's label, e.g. "Начален етап (2.–4. клас)"."""
    options: list[PlanOption]


def plan_language(curriculum: m.Curriculum, lang: str) -> str:
    """The language a page in `lang` shows its plans in: its own, else the default language (what a school
    hands in), else English."""
    for candidate in (lang, curriculum.default_language):
        if candidate in LANGUAGES:
            return candidate
    return "en"


def plan_page_context(
    curriculum: m.Curriculum,
    band_id: str,
    lang: str,
    years: list[str] | tuple[str, ...],
    hours: tuple[int, ...] = HOURS_PER_WEEK,
    *,
    formats: tuple[str, ...] = DOWNLOAD_FORMATS,
    shown: tuple[str, int] | None = None,
    heading_level: int = 2,
) -> PlanPage:
    """The view-model of the plan page of a grade band in `lang` (plans in `plan_language`).

    `shown` (school year, hours) picks the plans rendered as HTML (all when None); `heading_level` is the
    level of each plan's title in the page.
    """
    plan_lang = plan_language(curriculum, lang)
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
                    if shown is None or shown == (year, hours_a_week):
                        option.html = html_fragment(table(plan, plan_lang), heading_level)
                    option.confirmed = not plan.school_year.unconfirmed(grade)
                    option.downloads = {
                        fmt: download_path(plan_lang, year, grade, hours_a_week, fmt) for fmt in formats
                    }
                options.append(option)
    return PlanPage(band_id, plan_lang, curriculum.label(band.label, lang), options)
