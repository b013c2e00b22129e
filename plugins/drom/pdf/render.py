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
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pydyf
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..pages.templating import render as render_template
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


def cache_page_references() -> None:
    """Make `pydyf.PDF.page_references` cost one tuple per page count instead of one per structure element.

    WeasyPrint's tagging reads `pdf.page_references[page_number]` for every structure element and link, and
    pydyf builds the tuple of all pages' references anew each time: quadratic in the pages, 2.4 s of the 25 s
    of a 70-page module PDF (10,538 calls). The tuple is kept while the page count is the same, so every
    byte written is unchanged (tests/test_pdf.py compares the files of one and of two processes).
    """
    build = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(build, property) or build.fget is None or getattr(build.fget, "drom_cached", False):
        return
    uncached = build.fget

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        cached = pdf.__dict__.get("_drom_page_references")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), uncached(pdf))
            pdf.__dict__["_drom_page_references"] = cached
        return cached[1]

    page_references.drom_cached = True  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)  # type: ignore[method-assign,assignment]


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
    """Absolute path of the PDF to write; '' for a part that is only laid out (its own PDF is up to date)."""
    root: str = ""
    """The curriculum folder, to name files relative to it in messages."""
    fit: str = ""
    """A class of elements that must each fit on one page (the slides), shrunk until they do (`fit.fitted`)."""
    parts: tuple[Job, ...] = ()
    """Documents whose pages this PDF takes, in order, after its own pages up to `after_parts` (a module PDF
    takes its lesson PDFs' pages): each is laid out once here, written to its own target when it has one, and
    its pages are reused (`compose`)."""
    after_parts: str = ""
    """The id of the element of `html` whose page and the pages after it come after the parts ('' for none)."""
    links: tuple[tuple[str, str], ...] = ()
    """(online address, id prefix): a part's link to a page that this PDF holds leads inside it instead."""


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
    parts: tuple[Outcome, ...] = ()
    """The outcomes of the parts written along with this PDF (`Job.parts` with a target)."""


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
    """Render one PDF to `job.target` atomically (and its parts to theirs). Never raises: failures come back
    in `Outcome.error`."""
    parts: list[Outcome] = []
    outcome, _ = _render(job, parts)
    return replace(outcome, parts=tuple(parts)) if parts else outcome


def _render(job: Job, parts: list[Outcome]) -> tuple[Outcome, Any]:
    """The outcome of one job and its laid-out document (None when it failed); a part's outcome is added to
    `parts` when the part is written."""
    started = time.perf_counter()
    cpu = time.process_time()
    logger = logging.getLogger("weasyprint")
    problems = _Problems()
    logger.addHandler(problems)
    target = Path(job.target) if job.target else None
    try:
        tag_languages()
        cache_page_references()
        fetcher = LocalFetcher(job.allowed)
        if job.parts:
            document = _composed(job, fetcher, problems, parts)
            # The parts written here report their own time; the pages of the others count as this PDF's.
            cpu += sum(part.layout_cpu + part.write_cpu for part in parts)
            if isinstance(document, Outcome):
                return replace(document, seconds=_since(started)), None
        else:
            document = _laid_out(job, fetcher, problems)
        if problems.records:
            return _failed(job, started, problems.records[0]), None
        laid_out = time.process_time()
        if target is None:
            return Outcome(job.path, pages=len(document.pages), layout_cpu=round(laid_out - cpu, 3)), document
        with atomic_writer(target) as stream:
            document.write_pdf(stream, **OPTIONS)
            if problems.records:
                raise _Abandon()
            missing = sorted({code for font in document.fonts.values() for code in font.missing})
            if missing:
                raise _NoGlyph(missing)
    except _Abandon:
        return _failed(job, started, problems.records[0]), None
    except _NoGlyph as error:
        return Outcome(job.path, seconds=_since(started), error=str(error)), None
    except FatalURLFetchingError as error:
        cause = error.__cause__ or error
        url = str(error).partition('"')[2].rstrip('"')
        return Outcome(job.path, seconds=_since(started), error=_reason(cause, url, job), file=_name(url, job)), None
    except Exception as error:  # noqa: BLE001 - any failure of one PDF is reported, the others go on
        return Outcome(job.path, seconds=_since(started), error=f"{type(error).__name__}: {error}"), None
    finally:
        logger.removeHandler(problems)
    outcome = Outcome(
        job.path,
        pages=len(document.pages),
        size=target.stat().st_size,
        seconds=_since(started),
        layout_cpu=round(laid_out - cpu, 3),
        write_cpu=round(time.process_time() - laid_out, 3),
    )
    return outcome, document


def _laid_out(
    job: Job, fetcher: LocalFetcher, problems: _Problems, html_text: str | None = None, extra_css: str = ""
) -> Any:
    """WeasyPrint's laid-out document of `job` (of `html_text` instead of its HTML when given, with `extra_css`
    after its CSS)."""
    font_config, stylesheet = _style(job, fetcher, problems)
    html = HTML(string=job.html if html_text is None else html_text, base_url=job.base_url, url_fetcher=fetcher)

    def layout(extra: str) -> Any:
        # A fitting round's rules come as a second stylesheet without @font-face rules, so they add no font
        # to the configuration shared with later PDFs (whose bytes therefore never depend on them).
        sheets = [stylesheet]
        if extra:
            sheets.append(CSS(string=extra, url_fetcher=fetcher, font_config=font_config))
        return html.render(stylesheets=sheets, font_config=font_config, **OPTIONS)

    if not job.fit:
        return layout(extra_css)
    plain = replace(job, fit="")
    return fitted(
        layout, job.fit, lambda pages: _renumber(pages, job, lambda h: _laid_out(plain, fetcher, problems, h), problems)
    )


_PAGE_OF = re.compile(r'data-drom-page="([^"]*)"')
FURNITURE = "drom-furniture"
"""The class of the empty blocks of the page-furniture document (`compose`): one page each."""
FURNITURE_CSS = f".{FURNITURE} + .{FURNITURE} {{ break-before: page; }}"


def _composed(job: Job, fetcher: LocalFetcher, problems: _Problems, outcomes: list[Outcome]) -> Any:
    """The document of a PDF made of its own pages and its parts' pages (`Job.parts`): each part laid out
    once and written to its own file when it has one; a failed part fails this PDF too (an Outcome)."""
    documents = []
    for part in job.parts:
        outcome, document = _render(part, outcomes)
        if part.target:
            outcomes.append(outcome)
        if document is None:
            error = f"its part '{part.path}' could not be made: {outcome.error}"
            return Outcome(job.path, error=error, file=outcome.file)
        documents.append(document)
    return compose(job, documents, lambda html, extra="": _laid_out(job, fetcher, problems, html, extra), problems)


def compose(job: Job, parts: list[Any], layout: Any, problems: _Problems) -> Any:
    """Join the job's own pages and its parts' pages into one document with its own page numbers.

    `layout(html, extra_css="")` lays out the job's HTML. The contents give page numbers from
    `data-drom-page="<id>"` attributes, replaced by the number of the page holding that id: the own pages are
    laid out once to know where everything lands, then the pages before the parts again with the numbers (the
    pages after them, the glossary, hidden: they are kept from the first layout), until the numbers no longer
    change how many pages come first (once, nearly always). The parts' pages keep their layout; only their
    "page N of M" box (`@bottom-right`) is exchanged for one laid out in an empty document of as many pages,
    their bookmarks after the first move one level down (a lesson's handouts under the lesson), their links to
    pages this PDF holds lead inside it, and their page references lose their page numbers (the part's own;
    this PDF's contents give the right ones).
    """
    part_pages = [page for document in parts for page in document.pages]
    whole = layout(_numbered(job.html, {}))
    split = next((i for i, page in enumerate(whole.pages) if job.after_parts in page.anchors), len(whole.pages))
    before, after = whole.pages[:split], whole.pages[split:]
    hide = f'[id="{job.after_parts}"] {{ display: none !important; }}' if after else ""
    numbers: dict[str, str] = {}
    own = whole
    for _ in range(3):
        pages = before + part_pages + after
        found: dict[str, str] = {}
        for number, page in enumerate(pages, start=1):
            for name in page.anchors:  # an element on several pages is an anchor on each: the first counts
                found.setdefault(name, str(number))
        wanted = {name: found.get(name, "") for name in _PAGE_OF.findall(job.html)}
        if wanted == numbers:
            break
        numbers = wanted
        own = layout(_numbered(job.html, numbers), hide)
        before = own.pages
    pages = before + part_pages + after
    first = {id(document.pages[0]) for document in parts if document.pages}
    for page in part_pages:
        if id(page) not in first:
            page.bookmarks[:] = [(max(level, 2), *rest) for level, *rest in page.bookmarks]
        else:
            page.bookmarks[1:] = [(max(level, 2), *rest) for level, *rest in page.bookmarks[1:]]
        _forget_annotations(page)
    anchors = {name for page in pages for name in page.anchors}
    for document in parts:
        # A part's links to its own page online (its QR code) stay as in its own PDF.
        own_part = {name for page in document.pages for name in page.anchors}
        inside = {address: prefix for address, prefix in job.links if prefix not in own_part}
        for page in document.pages:
            page.links[:] = [_inside(link, inside, anchors) for link in page.links]
    _renumber(pages, job, layout, problems)
    return own.copy(pages)


def _numbered(html: str, numbers: dict[str, str]) -> str:
    """The HTML with each `data-drom-page="<id>"` holding the number of the page of that id ("00" unknown)."""
    return _PAGE_OF.sub(lambda m: f'data-drom-page="{numbers.get(m.group(1), "00")}"', html)


def _inside(link: tuple[Any, ...], inside: dict[str, str], anchors: set[str]) -> tuple[Any, ...]:
    """An external link to a page this PDF holds, as an internal link to its anchor (when that exists)."""
    kind, target, *rest = link
    if kind != "external":
        return link
    address, _, fragment = target.partition("#")
    prefix = inside.get(address)
    if prefix is None:
        return link
    name = f"{prefix}--{fragment}" if fragment else prefix
    return ("internal", name, *rest) if name in anchors else link


PAGE_REF = "drom-page-ref"
"""The class of links followed by the number of their target's page (`a.drom-page-ref::after`)."""


def _forget_annotations(page: Any) -> None:
    """Drop the link annotations a box kept from the part's own PDF (WeasyPrint's tagging reads them), and the
    page numbers after page references: they are the part's own numbers, not this PDF's."""
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        if getattr(box, "link_annotation", None) is not None:
            box.link_annotation = None
        if _is_page_number(box):
            box.children = []
            continue
        stack.extend(getattr(box, "children", None) or ())


def _is_page_number(box: Any) -> bool:
    """Whether the box is the page number after a page reference (`a.drom-page-ref::after`)."""
    if not (getattr(box, "element_tag", None) or "").endswith("::after") or box.element is None:
        return False
    return PAGE_REF in (box.element.get("class") or "").split()


def _renumber(pages: list[Any], job: Job, layout: Any, problems: _Problems) -> None:
    """Give every page with a "page N of M" box the one of its place in `pages`."""
    lang = re.search(r'<html lang="([^"]*)"', job.html)
    body = re.search(r"<body[^>]*>", job.html)
    html = render_template(
        "print/furniture.html",
        lang=lang.group(1) if lang else "",
        css=Markup(FURNITURE_CSS),
        body=Markup(body.group(0) if body else "<body>"),  # the start tag of our own print HTML
        count=len(pages),
        furniture=FURNITURE,
    )
    furniture = layout(html)
    for page, blank in zip(pages, furniture.pages, strict=False):
        old = _margin_box(page, "@bottom-right")
        new = _margin_box(blank, "@bottom-right")
        if old is not None and new is not None and old.is_generated:
            page._page_box.children = tuple(new if box is old else box for box in page._page_box.children)


def _margin_box(page: Any, keyword: str) -> Any:
    return next((b for b in page._page_box.children if getattr(b, "at_keyword", None) == keyword), None)


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
