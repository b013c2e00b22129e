"""Typed configuration of the `curriculum` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class CurriculumConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Build the curriculum pages at all."""

    curriculum_dir = c.Type(str, default="curriculum")
    """The content folder, relative to mkdocs.yml."""

    nav_after = c.ListOfItems(c.Type(str), default=[])
    """Hand-written pages (docs/ paths) listed in the navigation after the curriculum, e.g. [teachers.md, about.md]."""

    def validate(self):  # type: ignore[no-untyped-def]
        failed, warnings = super().validate()
        for page in self.nav_after or []:
            if not page.endswith(".md") or page.startswith(("/", "..")):
                failed.append(
                    ("nav_after", base.ValidationError(f"'{page}' must be a docs/ page path such as 'about.md'."))
                )
        return failed, warnings
