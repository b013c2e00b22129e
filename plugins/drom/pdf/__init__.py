"""Printable PDFs of the curriculum: lesson plans, pupils' handouts, whole modules and each lesson's classroom
slides, in every language.

A plain library (no MkDocs): `render_all(curriculum, out_dir, site_url=..., cache_dir=..., languages=...)`
makes them all and returns a `PdfReport`; `plan(curriculum, languages)` tells which PDFs exist without
making them (for download links), and does not load WeasyPrint.

Modules: `documents` (what goes into each PDF), `markup` (site Markdown to print HTML), `fonts` (the
shipped fonts), `render` (WeasyPrint), `fit` (one page per slide), `cache` (keys and manifest), `build`
(the run), `templates/` (HTML skeleton and print CSS).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .documents import Planned, plan
from .errors import PdfError

if TYPE_CHECKING:
    from .build import PdfFile, PdfReport, render_all

__all__ = ["PdfError", "PdfFile", "PdfReport", "Planned", "plan", "render_all"]


def __getattr__(name: str) -> Any:
    # WeasyPrint (and its native libraries) load only when PDFs are actually made.
    if name in ("PdfFile", "PdfReport", "render_all"):
        from . import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
