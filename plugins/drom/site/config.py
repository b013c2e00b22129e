"""Typed configuration of the `curriculum` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class CurriculumConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Build the curriculum pages at all."""

    curriculum_dir = c.Type(str, default="curriculum")
    """The content folder, relative to mkdocs.yml."""

    pdf = c.Optional(c.Type(bool))
    """Make the printable PDFs. Default: on for `mkdocs build`, off for `mkdocs serve` (fast preview).
    The environment variable DROM_PDF=1 or DROM_PDF=0 overrides both."""

    pdf_cache_dir = c.Type(str, default=".cache/drom-pdf")
    """Rendered PDFs and their manifest, relative to mkdocs.yml: unchanged PDFs are not rendered again."""

    pdf_concurrency = c.Type(int, default=0)
    """Processes rendering PDFs; 0 means one per CPU core."""

    build_jobs = c.Type(int, default=0)
    """1 builds the languages one after another; 0 (on two or more CPU cores) or more than 1 builds each
    language in a process of its own (drom.site.parallel). DROM_JOBS overrides it."""

    year_plan_cache_dir = c.Type(str, default=".cache/drom-yearplan")
    """The year plans' files (.docx, CSV, and PDF when PDFs are on), relative to mkdocs.yml: unchanged ones are
    copied from there instead of being written again."""

    offline_pack = c.Optional(c.Type(bool))
    """Make the offline school pack, a ZIP of the whole site that works from a folder without a server
    (downloads/roma-folklore-offline.zip). On by default; `mkdocs serve` never makes it.
    The environment variable DROM_OFFLINE=1 or DROM_OFFLINE=0 overrides the option."""

    offline_cache_dir = c.Type(str, default=".cache/drom-offline")
    """Where the offline pack is built and kept, relative to mkdocs.yml."""

    nav_after = c.ListOfItems(c.Type(str), default=[])
    """Hand-written pages (docs/ paths) listed in the navigation after the curriculum, e.g. [teachers.md, about.md]."""

    def validate(self):  # type: ignore[no-untyped-def]
        failed, warnings = super().validate()
        if self.build_jobs < 0:
            failed.append(("build_jobs", base.ValidationError("Use 0 (one per core) or a positive number.")))
        if self.pdf_concurrency < 0:
            failed.append(("pdf_concurrency", base.ValidationError("Use 0 (one per core) or a positive number.")))
        for page in self.nav_after or []:
            if not page.endswith(".md") or page.startswith(("/", "..")):
                failed.append(
                    ("nav_after", base.ValidationError(f"'{page}' must be a docs/ page path such as 'about.md'."))
                )
        return failed, warnings
