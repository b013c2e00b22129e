"""Making every PDF of a curriculum: plan, reuse what the cache holds, render the rest on all cores, report.

`render_all` is what the MkDocs plugin (and the command line) call. It never raises on bad content: each
PDF that cannot be made becomes a `PdfError` in the report, naming the PDF, its lesson or module and the
file at fault, while the other PDFs are still made. The caller decides to fail (`report.raise_errors()`).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import model as m
from ..markdown_config import MarkdownConfig
from . import fonts
from .cache import Cache, FileHashes, document_key
from .documents import Document, Planned, build, plan
from .errors import PdfError
from .files import atomic_copy
from .render import Job, Outcome, forget_styles, render


@dataclass(frozen=True)
class PdfFile:
    """One PDF produced under the output folder."""

    path: str
    """Relative to the output folder, with forward slashes: `pdf/bg/lessons/vasilitsa.pdf`."""
    kind: str
    """`lesson`, `handouts` or `module`."""
    lang: str
    entity_id: str
    title: str
    size: int
    pages: int
    rendered: bool
    """True when rendered in this run, False when copied from the cache."""
    seconds: float = 0.0
    """Rendering time (0 when reused)."""
    layout_cpu: float = 0.0
    """CPU seconds of laying the pages out (0 when reused)."""
    write_cpu: float = 0.0
    """CPU seconds of writing the PDF file (0 when reused)."""


@dataclass
class PdfReport:
    files: list[PdfFile] = field(default_factory=list)
    errors: list[PdfError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rendered(self) -> int:
        return sum(1 for f in self.files if f.rendered)

    @property
    def reused(self) -> int:
        return sum(1 for f in self.files if not f.rendered)

    def find(self, kind: str, lang: str, entity_id: str) -> PdfFile | None:
        """The PDF of a lesson, handouts or module in a language, if one was produced."""
        return next((f for f in self.files if (f.kind, f.lang, f.entity_id) == (kind, lang, entity_id)), None)

    def summary(self) -> str:
        text = f"{len(self.files)} PDFs ({self.rendered} rendered, {self.reused} from the cache)"
        text += f" in {self.seconds:.1f} s"
        return text + (f"; {len(self.errors)} failed" if self.errors else "")

    def raise_errors(self) -> None:
        """Raise the PdfError of a failed PDF, or one listing them all when several failed."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise PdfError(f"{len(self.errors)} PDFs could not be made:\n" + "\n".join(f"- {e}" for e in self.errors))


def render_all(
    curriculum: m.Curriculum,
    out_dir: Path,
    *,
    site_url: str,
    cache_dir: Path,
    languages: list[str],
    markdown: MarkdownConfig,
    overrides: Sequence[str] = (),
    concurrency: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PdfReport:
    """Make every lesson, handouts and module PDF of `languages` under `out_dir/pdf/<lang>/`.

    `site_url` is the published site's address (for QR codes and links to the online pages; '' for none).
    `markdown` is the site's Markdown configuration (mkdocs.yml); `overrides` the theme folders whose `drom/`
    templates replace the shipped ones.
    Unchanged PDFs are copied from `cache_dir`; the rest are rendered by `concurrency` processes
    (default: one per CPU). `progress(done, total)` hears of each rendered PDF.
    """
    started = time.perf_counter()
    report = PdfReport()
    out_dir = Path(out_dir)
    try:
        fonts_key = fonts.fonts_digest()
    except PdfError as error:
        report.errors.append(error)
        return report
    cache = Cache(Path(cache_dir))
    _remove_stale_temporaries(out_dir / "pdf")
    hashes = FileHashes(curriculum.root)
    documents: dict[str, Document] = {}
    for planned in plan(curriculum, languages):
        try:
            document = build(curriculum, planned, site_url=site_url, markdown=markdown, overrides=overrides)
        except PdfError as error:
            report.errors.append(_named(error, planned))
            cache.forget(planned.path)
            continue
        documents[planned.path] = document

    keys: dict[str, str] = {}
    pending: dict[str, Document] = {}
    # The PDFs made of others' pages (modules) last: their keys include their parts' keys.
    for document in sorted(documents.values(), key=lambda d: bool(d.parts)):
        planned = document.planned
        try:
            missing = [part.path for part in document.parts if part.path not in keys]
            if missing:
                raise PdfError(f"its lesson PDF '{missing[0]}' could not be made", document=planned.path)
            parts = [keys[part.path] for part in document.parts]
            keys[planned.path] = key = document_key(document, fonts_key, hashes, parts)
        except PdfError as error:
            report.errors.append(_named(error, planned))
            cache.forget(planned.path)
            continue
        entry = cache.lookup(planned.path, key)
        if entry is None:
            pending[planned.path] = document
            continue
        atomic_copy(cache.blob(key), out_dir / planned.path)
        report.files.append(_file(document, entry.size, entry.pages, rendered=False))

    jobs = _jobs(curriculum, documents, pending, out_dir)
    if progress is not None and pending:
        progress(0, len(pending))
    outcomes = (o for outcome in _run(jobs, concurrency or os.cpu_count() or 1) for o in (outcome, *outcome.parts))
    for done, outcome in enumerate(outcomes, start=1):
        if progress is not None:
            progress(done, len(pending))
        document = pending[outcome.path]
        key = keys[outcome.path]
        if outcome.error:
            cache.forget(outcome.path)
            report.errors.append(
                PdfError(
                    f"Error rendering the PDF '{outcome.path}' of {document.planned.entity}: {outcome.error}.",
                    document=outcome.path,
                    entity=document.planned.entity,
                    file=outcome.file,
                )
            )
            continue
        cache.store(outcome.path, key, out_dir / outcome.path, outcome.pages)
        report.files.append(
            _file(
                document,
                outcome.size,
                outcome.pages,
                rendered=True,
                seconds=outcome.seconds,
                cpu=(outcome.layout_cpu, outcome.write_cpu),
            )
        )

    cache.save({f.path for f in report.files}, languages)
    report.files.sort(key=lambda f: f.path)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary files a killed worker left behind (atomic writes never leave them otherwise)."""
    if folder.is_dir():
        for stale in folder.rglob(".*.pdf.*.tmp"):
            stale.unlink(missing_ok=True)


def _named(error: PdfError, planned: Planned) -> PdfError:
    if error.document:
        return error
    return PdfError(
        f"Error making the PDF '{planned.path}' of {planned.entity}: {error.message}.",
        document=planned.path,
        entity=planned.entity,
        file=error.file,
    )


def _file(
    document: Document,
    size: int,
    pages: int,
    *,
    rendered: bool,
    seconds: float = 0.0,
    cpu: tuple[float, float] = (0.0, 0.0),
) -> PdfFile:
    p = document.planned
    return PdfFile(p.path, p.kind, p.lang, p.entity_id, document.title, size, pages, rendered, seconds, *cpu)


def _job(curriculum: m.Curriculum, document: Document, out_dir: Path, *, write: bool = True) -> Job:
    root = curriculum.root.resolve()
    return Job(
        path=document.planned.path,
        html=document.html,
        css=document.css,
        base_url=root.as_uri() + "/",
        css_base_url=fonts.FONTS_DIR.as_uri() + "/",
        allowed=(str(root), str(fonts.FONTS_DIR)),
        target=str((out_dir / document.planned.path).resolve()) if write else "",
        root=str(root),
        fit=document.fit,
        after_parts=document.after_parts,
        links=document.links,
    )


def _jobs(
    curriculum: m.Curriculum, documents: dict[str, Document], pending: dict[str, Document], out_dir: Path
) -> list[Job]:
    """The jobs rendering the pending PDFs: a module with its lessons (each laid out once for its own PDF, when
    that is pending, and for the module's pages), every other PDF alone."""
    jobs: list[Job] = []
    taken: set[str] = set()
    for document in pending.values():
        if document.parts:
            parts = tuple(
                _job(curriculum, documents[part.path], out_dir, write=part.path in pending) for part in document.parts
            )
            taken.update(part.path for part in document.parts)
            jobs.append(replace(_job(curriculum, document, out_dir), parts=parts))
    jobs += [_job(curriculum, d, out_dir) for path, d in pending.items() if not d.parts and path not in taken]
    return jobs


def _run(jobs: list[Job], concurrency: int) -> Iterator[Outcome]:
    """Render the jobs, biggest first, in this process (one job or one worker) or in a process pool."""
    jobs = sorted(jobs, key=lambda job: len(job.html) + sum(len(part.html) for part in job.parts), reverse=True)
    if concurrency <= 1 or len(jobs) <= 1:
        try:
            yield from map(render, jobs)
        finally:
            forget_styles()
        return
    # "spawn", not "fork": the parent may have threads (mkdocs serve, Pango's font loader) whose locks a
    # forked child would inherit held. Spawned workers import the caller's __main__ module, which must
    # therefore be import-safe (`if __name__ == "__main__":`), as the mkdocs command is.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(concurrency, len(jobs)), mp_context=context) as pool:
        futures = {pool.submit(render, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                yield future.result()
            except BrokenProcessPool as error:
                yield Outcome(job.path, error=f"the rendering process stopped unexpectedly ({error})")
            except Exception as error:  # noqa: BLE001 - e.g. a job that could not be sent to a worker
                yield Outcome(job.path, error=f"{type(error).__name__}: {error}")
