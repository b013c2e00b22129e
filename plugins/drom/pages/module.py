"""The home page (every module with its facts) and each module's page (introduction, lessons, outcomes)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as m
from .base import Context, DownloadLink, Head, Label, Link, Page, curriculum_title
from .text import lesson_count
from .yearplan import year_plan_link


@dataclass(frozen=True)
class ModuleFacts:
    """A module's grades, grade band, lesson count and teaching time."""

    grades: str
    band: Label | None
    lessons: str
    minutes: int


@dataclass(frozen=True)
class ModuleCard:
    """A module on the home page."""

    link: Link
    facts: ModuleFacts
    summary: Label


@dataclass(frozen=True)
class HomeView:
    head: Head
    titled: bool
    """The curriculum has its own text (title and introduction)."""
    intro: str
    intro_lang: str
    modules: tuple[ModuleCard, ...]


@dataclass(frozen=True)
class ModuleView:
    id: str
    head: Head
    summary: Label
    facts: ModuleFacts
    intro: str
    """The module's introduction (the author's Markdown, images pointing at the media copy)."""
    intro_lang: str
    downloads: tuple[DownloadLink, ...]
    lessons: tuple[Link, ...]
    outcomes: tuple[tuple[str, Label], ...]
    """(code, text) of the outcomes the module serves."""
    themes: tuple[Label, ...]
    year_plan: Link | None = None
    """The year-plan page of the module's grade band, when the site has one."""


def facts(ctx: Context, module: m.Module) -> ModuleFacts:
    band = ctx.c.band(module.spec.band)
    return ModuleFacts(
        ctx.grades(module.spec.grades),
        ctx.labelled(band.label) if band else None,
        lesson_count(ctx.lang, len(ctx.c.module_lessons(module))),
        ctx.c.lesson_minutes(module),
    )


def home_page(ctx: Context) -> Page:
    src = ctx.map.home(ctx.lang)
    text = ctx.c.text(ctx.lang)
    cards = []
    for module in ctx.c.ordered_modules():
        link = ctx.entity_link(src, "module", module)
        summary = module.text(ctx.lang, ctx.default)
        cards.append(ModuleCard(link, facts(ctx, module), Label(summary.summary, ctx.other(summary.lang))))
    head = Head(
        src,
        curriculum_title(ctx.c, ctx.lang),
        text.summary if text else "",
        ctx.notices(None, text, "page", src),
        lang=ctx.other(text.lang) if text else "",
    )
    view = HomeView(
        head, text is not None, text.body if text else "", ctx.other(text.lang) if text else "", tuple(cards)
    )
    return ctx.page("home", "home.md", head, home=view)


def module_view(ctx: Context, module: m.Module) -> ModuleView:
    src = ctx.map.module(ctx.lang, module.id)
    head, body = ctx.head(src, module, "module")
    text = module.text(ctx.lang, ctx.default)
    lessons = []
    for lesson in ctx.c.module_lessons(module):
        link = ctx.entity_link(src, "lesson", lesson)
        note = f"{ctx.grades(lesson.spec.grades)}, {ctx.t('minutes', n=lesson.spec.duration)}"
        lessons.append(Link(link.href, link.text, link.lang, note))
    outcomes = tuple(
        (code, ctx.labelled(outcome.text)) for code in module.spec.outcomes if (outcome := ctx.c.outcome(code))
    )
    return ModuleView(
        id=module.id,
        head=head,
        summary=Label(text.summary, ctx.other(text.lang)),
        facts=facts(ctx, module),
        intro=ctx.rewrite_media(body.body, src, "modules", module.id),
        intro_lang=ctx.other(body.lang),
        downloads=tuple(ctx.download_buttons(src, [("module", module.id), ("module_zip", module.id)])),
        lessons=tuple(lessons),
        outcomes=outcomes,
        themes=tuple(ctx.themes(module.spec.themes)),
        year_plan=year_plan_link(ctx, src, module.spec.band),
    )


def module_page(ctx: Context, module: m.Module) -> Page:
    view = module_view(ctx, module)
    return ctx.page("module", "module.md", view.head, module.id, module=view)
