"""The Markdown of every generated page, per language: view-models built from the model, rendered by templates.

One module per page kind (`lesson`, `module` (with the home page), `catalogue`, `calendar`, `glossary` (with
the bibliography), `resources`, `downloads`, `translations`, `yearplan`), each building typed view-models (dataclasses);
`seo` builds the JSON-LD as data. `kinds` is the table of page kinds (paths, reserved names, order), `inline`
renders inline Markdown from YAML, `templating` is the Jinja environment (autoescape; a site's `custom_dir/drom/`
overrides a template). The print (`drom.pdf`) renders the same view-models with its own templates.

Pages link each other with paths relative to their own source path, which MkDocs checks and rewrites.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import classroom
from .. import model as m
from ..memo import BODY_KINDS, PageMemo
from .base import Context, Download, Downloads, Page, States, curriculum_title
from .calendar import calendar_ics, calendar_page, upcoming
from .catalogue import catalogue_filter_page, catalogue_page
from .downloads import downloads_page
from .glossary import bibliography_page, glossary_page
from .inline import md_text, plain, render_inline
from .kinds import KINDS, RESERVED, SiteMap, catalogue_filters, file_path, outline
from .lesson import lesson_page
from .module import home_page, module_page
from .resources import resource_page, resources_index
from .templating import compile_site_templates, overrides_state, render
from .text import grades_text, lesson_count, nest, size_text
from .translations import translations_page
from .yearplan import year_plan_page

if TYPE_CHECKING:
    from ..yearplan.downloads import PlanFiles

__all__ = [
    "KINDS",
    "RESERVED",
    "Context",
    "Download",
    "Downloads",
    "Media",
    "Page",
    "PageMemo",
    "SiteMap",
    "States",
    "build_pages",
    "calendar_ics",
    "curriculum_title",
    "file_path",
    "grades_text",
    "lesson_count",
    "md_text",
    "media_files",
    "nav_title",
    "nest",
    "plain",
    "prepare",
    "render_inline",
    "size_text",
    "upcoming_html",
]


def build_pages(
    curriculum: m.Curriculum,
    lang: str,
    site_url: str = "",
    downloads: Downloads | None = None,
    states: States | None = None,
    directory_urls: bool = True,
    overrides: Sequence[str] = (),
    year_plans: PlanFiles | None = None,
    memo: PageMemo | None = None,
) -> list[Page]:
    """Every generated page of one language, in the site's order (`kinds.outline`); the year-plan pages link
    the plan files of `year_plans` (none without them). With a `memo`, a page made by an earlier call from the
    same inputs is reused (`drom.memo`)."""
    ctx = Context(curriculum, lang, site_url, downloads, states, directory_urls, overrides, year_plans)
    c = curriculum
    single = {
        "home": home_page,
        "catalogue": catalogue_page,
        "calendar": calendar_page,
        "resources": resources_index,
        "glossary": glossary_page,
        "downloads": downloads_page,
        "bibliography": bibliography_page,
        "translations": translations_page,
    }

    def make(kind: str, ident: str) -> Page:
        if kind == "module":
            return module_page(ctx, c.modules[ident])
        if kind == "lesson":
            return lesson_page(ctx, c.lessons[ident])
        if kind == "resource":
            return resource_page(ctx, c.resources[ident])
        if kind == "year_plan":
            return year_plan_page(ctx, ident)
        if kind == "catalogue_filter":
            return catalogue_filter_page(ctx, ident)
        return single[kind](ctx)

    pages = []
    plans = ctx.year_plans is not None
    setting = ""
    if memo is not None:
        downloads_seen = sorted(ctx.downloads.items())
        # Translation states are read by the translations page and each entity's own page only (its notices).
        made_with = (lang, site_url, downloads_seen, bool(ctx.states), directory_urls, year_plans)
        setting = memo.setting(c, *made_with, overrides_state(ctx.overrides))
        states_of: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for (what, entity_id, other), state in ctx.states.items():
            states_of.setdefault((what, entity_id), []).append((other, state))
    for kind, ident in outline(c, downloads=bool(ctx.downloads), translations=bool(ctx.states), year_plans=plans):
        if memo is None:
            pages.append(make(kind.name, ident))
            continue
        inputs = ""
        if kind.name in BODY_KINDS:
            own = sorted(states_of.get((kind.name, ident), []))
            inputs = f"{memo.body(c, kind.name, ident)}\t{own}"
        elif kind.name == "translations":
            inputs = repr(sorted(ctx.states.items()))
        made = functools.partial(make, kind.name, ident)
        pages.append(memo.keep(("page", lang), setting, (kind.name, ident), inputs, made))
    return pages


def prepare(curriculum: m.Curriculum, overrides: Sequence[str] = ()) -> None:
    """Do now what every language's pages share: the related lessons, the catalogue's filters, the compiled
    templates. A build that forks a process per language calls this first, so that each inherits them made
    (they are made on first use otherwise, once per process)."""
    curriculum.related  # noqa: B018 (a cached property, computed here)
    curriculum.lessons_using  # noqa: B018
    catalogue_filters(curriculum)
    compile_site_templates(overrides)
    classroom.environment().get_template("classroom.html")
    classroom.environment().get_template("activity-nav.html")


def upcoming_html(
    curriculum: m.Curriculum, lang: str, page_url: str, directory_urls: bool = True, overrides: Sequence[str] = ()
) -> str:
    """The year's events as HTML for a hand-written page at `page_url`."""
    return upcoming(Context(curriculum, lang, directory_urls=directory_urls, overrides=overrides), page_url)


def nav_title(title: str, lang: str, overrides: Sequence[str] = ()) -> str:
    """A navigation section's title as HTML, marked with the language it is in."""
    return render("partials/nav-title.html", overrides, text=title, lang=lang).strip()


@dataclass
class Media:
    """A file (image) used by content, copied once to the site."""

    source: str
    dest_uri: str


def media_files(curriculum: m.Curriculum) -> list[Media]:
    """Every image in lesson, module and resource folders, with its site path."""
    result = []
    groups: tuple[tuple[str, list[m.Lesson] | list[m.Module] | list[m.Resource]], ...] = (
        ("lessons", list(curriculum.lessons.values())),
        ("modules", list(curriculum.modules.values())),
        ("resources", list(curriculum.resources.values())),
    )
    for kind, entities in groups:
        for entity in entities:
            for sub in ("images", "handouts/images"):
                folder = entity.folder / sub
                if folder.is_dir():
                    for path in sorted(folder.rglob("*")):
                        if path.is_file():
                            relative = path.relative_to(entity.folder).as_posix()
                            result.append(Media(str(path), SiteMap.media(kind, entity.id, relative)))
    return result
