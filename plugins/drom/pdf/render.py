"""Driving WeasyPrint: one print document in, one PDF file out, with no network and no silent failures.

`render(job)` runs in a worker process, so it takes and returns plain picklable data and never raises:
a failure comes back as `Outcome.error`, with the file at fault when WeasyPrint named one. WeasyPrint
only logs an image or font it cannot load and carries on; those log records are turned into errors
here, so a PDF with a missing picture or a substituted font is never written.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pydyf
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .files import atomic_writer
from .fit import fitted
from .fonts import FONTCONFIG

OPTIONS: dict[str, object] = {"pdf_tags": True, "pdf_variant": "pdf/ua-1"}
"""WeasyPrint options of every PDF: tagged (structure tree, /MarkInfo) and PDF/UA-1 metadata."""
STRUCTURE = 1
"""The version of our additions to WeasyPrint's structure tree (`tag_languages`), part of each PDF's cache key."""


def tag_languages() -> None:
    """Give the structure element of each HTML element with a `lang` attribute its `/Lang` (PDF 1.7, 14.9.2).

    WeasyPrint 70 sets only the document's `/Lang`: the Bulgarian outcomes or glossary meanings of a Romani
    lesson would be read with the Romani voice (PDF/UA-1 7.2 asks for every change of language). Its tagging
    (`weasyprint.pdf.tags._build_box_tree`, a generator yielding the structure element of a box, or of its
    children for <html> and <body>) is wrapped once per process; the elements are written to the file only
    after the tree is built, so a key added to one as it is yielded is kept. tests/test_pdf.py reads the
    `/Lang` of the produced elements, and fails if a WeasyPrint release changes this.
    """
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None or getattr(build, "drom_languages", False):
        return

    def with_languages(box: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        source = getattr(box, "_box", box)  # an absolutely positioned box's placeholder
        element = getattr(source, "element", None)
        lang = None
        if element is not None and getattr(source, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for structure in build(box, *args, **kwargs):
            if lang and "Lang" not in structure:
                structure["Lang"] = pydyf.String(lang)
            yield structure

    with_languages.drom_languages = True  # type: ignore[attr-defined]
    tags._build_box_tree = with_languages


class RefusedURL(Exception):
    """A URL outside what a print document may read."""


class LocalFetcher(URLFetcher):
    """Fetches only data: URIs and file: URLs inside the allowed folders; anything else is refused.

    `fail_on_errors` makes WeasyPrint stop on a refused or unreadable resource instead of leaving it out.
    """

    def __init__(self, allowed: tuple[str, ...]) -> None:
        super().__init__(fail_on_errors=True, allowed_protocols=("data", "file"))
        self.allowed = tuple(Path(folder).resolve() for folder in allowed)

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedURL(f"'{url}' is not a local file; PDFs are made without network access")
        path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
        if not any(path.is_relative_to(folder) for folder in self.allowed):
            raise RefusedURL(f"'{path}' is outside the curriculum and the print assets")
        mime, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime or "application/octet-stream"}
        )


def shipped_fonts_only() -> FontConfiguration:
    """A WeasyPrint font configuration that knows the shipped fonts and no font of the machine.

    WeasyPrint starts from the system's Fontconfig setup. A glyph that the named face lacks (☐ and ✓ are not
    in DejaVu Serif) then came from whichever installed font Fontconfig ranked first, and that depends on the
    fonts installed and on the order of Fontconfig's font list, which changes with the state of its cache:
    two fresh builds of one commit embedded different fonts (3,296 against 1,935 glyph slots for the same
    glyphs). Fontconfig reads FONTCONFIG_FILE each time a configuration is loaded, so it is pointed at
    `fonts.conf` beside the shipped fonts just while this one is made.
    """
    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(FONTCONFIG)
    try:
        return FontConfiguration()
    finally:
        if previous is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = previous


@dataclass(frozen=True)
class Job:
    """Everything one PDF needs, as plain data for a worker process."""

    path: str
    """The PDF's path under the output folder, for messages."""
    html: str
    css: str
    base_url: str
    """Base URL of the HTML: the curriculum folder (images are relative to it)."""
    css_base_url: str
    """Base URL of the CSS: the fonts folder."""
    allowed: tuple[str, ...]
    target: str
    """Absolute path of the PDF to write."""
    root: str = ""
    """The curriculum folder, to name files relative to it in messages."""
    fit: str = ""
    """A class of elements that must each fit on one page (the slides), shrunk until they do (`fit.fitted`)."""


@dataclass(frozen=True)
class Outcome:
    path: str
    pages: int = 0
    size: int = 0
    seconds: float = 0.0
    layout_cpu: float = 0.0
    """CPU seconds of this process spent reading the HTML and CSS and laying out the pages."""
    write_cpu: float = 0.0
    """CPU seconds spent writing the PDF (drawing, fonts subset, tags, compression)."""
    error: str = ""
    file: str = ""
    """The input file at fault, when known."""


class _Problems(logging.Handler):
    """Collects WeasyPrint's errors (and lost fonts) logged by this thread while it renders."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        if record.levelno >= logging.ERROR or "cannot be loaded" in record.getMessage():
            self.records.append(record)


def render(job: Job) -> Outcome:
    """Render one PDF to `job.target` atomically. Never raises: failures come back in `Outcome.error`."""
    started = time.perf_counter()
    cpu = time.process_time()
    logger = logging.getLogger("weasyprint")
    problems = _Problems()
    logger.addHandler(problems)
    target = Path(job.target)
    try:
        tag_languages()
        fetcher = LocalFetcher(job.allowed)
        font_config, stylesheet = _style(job, fetcher, problems)
        html = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)

        def layout(css: str) -> Any:
            # The job's own CSS is parsed once per process (`_style`); a fitting round's CSS is new each time,
            # with fonts of its own, so the shared configuration (and later PDFs' bytes) never see it.
            if css == job.css:
                return html.render(stylesheets=[stylesheet], font_config=font_config, **OPTIONS)
            own_fonts = shipped_fonts_only()
            sheet = CSS(string=css, base_url=job.css_base_url, url_fetcher=fetcher, font_config=own_fonts)
            return html.render(stylesheets=[sheet], font_config=own_fonts, **OPTIONS)

        document = fitted(layout, job.css, job.fit) if job.fit else layout(job.css)
        if problems.records:
            return _failed(job, started, problems.records[0])
        laid_out = time.process_time()
        with atomic_writer(target) as stream:
            document.write_pdf(stream, **OPTIONS)
            if problems.records:
                raise _Abandon()
            missing = sorted({code for font in document.fonts.values() for code in font.missing})
            if missing:
                raise _NoGlyph(missing)
    except _Abandon:
        return _failed(job, started, problems.records[0])
    except _NoGlyph as error:
        return Outcome(job.path, seconds=_since(started), error=str(error))
    except FatalURLFetchingError as error:
        cause = error.__cause__ or error
        url = str(error).partition('"')[2].rstrip('"')
        return Outcome(job.path, seconds=_since(started), error=_reason(cause, url, job), file=_name(url, job))
    except Exception as error:  # noqa: BLE001 - any failure of one PDF is reported, the others go on
        return Outcome(job.path, seconds=_since(started), error=f"{type(error).__name__}: {error}")
    finally:
        logger.removeHandler(problems)
    return Outcome(
        job.path,
        pages=len(document.pages),
        size=target.stat().st_size,
        seconds=_since(started),
        layout_cpu=round(laid_out - cpu, 3),
        write_cpu=round(time.process_time() - laid_out, 3),
    )


_STYLES: dict[tuple[str, str, tuple[str, ...]], tuple[FontConfiguration, CSS]] = {}
"""The parsed stylesheet and loaded fonts of each print CSS, shared by the PDFs one process renders."""


def _style(job: Job, fetcher: LocalFetcher, problems: _Problems) -> tuple[FontConfiguration, CSS]:
    """The font configuration and parsed stylesheet of `job.css`, made once per process and CSS.

    Parsing the CSS loads its @font-face fonts into the font configuration; doing that once instead of once a
    PDF saves about a fifth of the CPU time of a lesson's PDF. The PDFs' bytes do not change: which PDFs were
    rendered before in the same process is not part of any of them (tests/test_pdf.py checks it). A
    stylesheet whose parsing logged a problem (a font that cannot be loaded) is not kept, so each PDF using
    it fails on its own.
    """
    key = (job.css, job.css_base_url, job.allowed)
    if key in _STYLES:
        return _STYLES[key]
    font_config = shipped_fonts_only()
    stylesheet = CSS(string=job.css, base_url=job.css_base_url, url_fetcher=fetcher, font_config=font_config)
    if not problems.records:
        if len(_STYLES) >= 8:
            _STYLES.clear()
        _STYLES[key] = (font_config, stylesheet)
    return font_config, stylesheet


def forget_styles() -> None:
    """Drop the shared stylesheets (at the end of a run in this process: a font file may change before the next)."""
    _STYLES.clear()


class _NoGlyph(Exception):
    """Characters that no shipped font can draw: they would print as empty boxes."""

    def __init__(self, codes: list[int]) -> None:
        import unicodedata

        names = ", ".join(f"U+{code:04X} {unicodedata.name(chr(code), '').lower()}".strip() for code in codes[:5])
        more = f" and {len(codes) - 5} more" if len(codes) > 5 else ""
        super().__init__(
            f"no shipped print font has {names}{more} (they would print as empty boxes); write the text without "
            "them or add a font that has them to plugins/drom/assets/fonts/"
        )


class _Abandon(Exception):
    """A problem was logged while writing: drop the temporary file."""


def _failed(job: Job, started: float, record: logging.LogRecord) -> Outcome:
    url = str(record.args[0]) if isinstance(record.args, tuple) and record.args else ""
    message = record.getMessage()
    if message.startswith("Failed to load image"):
        detail = message.split(": ", 1)[-1]
        reason = f"the image '{_name(url, job)}' cannot be read ({detail})"
    elif "cannot be loaded" in message:
        reason = f"the font {url or message} cannot be loaded (is a file of plugins/drom/assets/fonts/ missing?)"
    else:
        reason = message
    return Outcome(job.path, seconds=_since(started), error=reason, file=_name(url, job))


def _reason(cause: BaseException, url: str, job: Job) -> str:
    name = _name(url, job)
    if isinstance(cause, RefusedURL):
        return f"refused to read {cause}"
    if isinstance(cause, FileNotFoundError):
        return f"the file '{name}' does not exist"
    return f"the file '{name}' cannot be read ({type(cause).__name__}: {cause})"


def _name(url: str, job: Job) -> str:
    """A file URL as a path relative to the curriculum folder when inside it, else as an absolute path."""
    if not url.startswith("file:"):
        return url
    path = Path(url2pathname(unquote(urlsplit(url).path)))
    try:
        return path.relative_to(Path(job.root).resolve()).as_posix() if job.root else str(path)
    except ValueError:
        return str(path)


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)
