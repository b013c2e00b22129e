"""The year plan (годишно тематично разпределение): school years as data, a planner, and its outputs.

A plain library (no MkDocs). `schoolyear` reads and checks the school-year files; `planner` lays a grade's
lessons out over the teaching weeks of a school year; `outputs` writes the plan as .docx, PDF, HTML and CSV;
`downloads` serves the site (files to download, and the view-model of a plan page).

    from drom.yearplan import plan_year, write_plan
    plan = plan_year(curriculum, grade=3, school_year="2026/2027", hours=1)
    write_plan(plan, Path("plan.docx"), lang="bg")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .planner import DoesNotFit, Plan, PlanError, Row, plan_year

if TYPE_CHECKING:
    from .downloads import PlanOption, PlanPage, plan_page_context, write_plan_downloads
    from .outputs import FORMATS, write_plan

__all__ = [
    "FORMATS",
    "DoesNotFit",
    "Plan",
    "PlanError",
    "PlanOption",
    "PlanPage",
    "Row",
    "plan_page_context",
    "plan_year",
    "write_plan",
    "write_plan_downloads",
]


def __getattr__(name: str) -> Any:
    # python-docx, Jinja and WeasyPrint load only when a plan is written.
    if name in ("FORMATS", "write_plan"):
        from . import outputs

        return getattr(outputs, name)
    if name in ("PlanOption", "PlanPage", "plan_page_context", "write_plan_downloads"):
        from . import downloads

        return getattr(downloads, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
