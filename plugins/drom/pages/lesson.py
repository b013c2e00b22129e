"""The lesson page: the at-a-glance panel, the activities in order, handouts, related lessons, sources.

`lesson_view` is shared by the site (`lesson.md`) and the print (`drom/pdf`): the body blocks
(`blocks/lesson-body.md`, `blocks/handout.md`) are the same Markdown in both.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import classroom, reading
from .. import model as m
from .base import Context, DownloadLink, Head, Label, Link, Page, SourceItem, TermLink
from .inline import plain
from .seo import json_ld


@dataclass(frozen=True)
class TimeplanItem:
    id: str
    title: str
    kind: str
    minutes: int
    share: float
    """Percent of the lesson's time, for the bar."""
    lang: str = ""
    """The title's language when the lesson's text falls back to the default language."""


@dataclass(frozen=True)
class Listing:
    items: tuple[str, ...]
    lang: str = ""
    """The items' language when they fall back to the default language."""


@dataclass(frozen=True)
class OutcomeItem:
    code: str
    text: Label


@dataclass(frozen=True)
class ShortPeriod:
    """How the lesson fits the 35-minute period of grades 1-2: which activities shorten, from and to."""

    label: str
    """'In a 35-minute period (grade 2)'."""
    changes: tuple[tuple[str, int, str], ...]
    """(activity title, its minutes, its minutes in the short period as words)."""
    lang: str = ""
    """The activity titles' language when the lesson's text falls back to the default language."""
    same: Label = Label("")
    """What the panel says when no activity shortens."""


@dataclass(frozen=True)
class Panel:
    """The at-a-glance panel: grades, duration, themes, time plan, objectives, outcomes, materials, words."""

    id: str
    grades: str
    duration: int
    themes: tuple[Label, ...]
    timeplan: tuple[TimeplanItem, ...]
    short_period: ShortPeriod | None
    objectives: Listing
    outcomes: tuple[OutcomeItem, ...]
    materials: Listing
    vocabulary: tuple[TermLink, ...]


@dataclass(frozen=True)
class BodySection:
    id: str
    title: str
    markdown: str
    kind: str = ""
    """An activity's kind (warm-up, main...); '' for the fixed sections."""
    minutes: int = 0


@dataclass(frozen=True)
class Body:
    """The lesson text: introduction, activities in order, then differentiation, assessment, teacher notes."""

    intro: str
    sections: tuple[BodySection, ...]
    lang: str = ""


@dataclass(frozen=True)
class HandoutView:
    id: str
    title: str
    markdown: str
    lang: str = ""


@dataclass(frozen=True)
class LessonView:
    id: str
    head: Head
    summary: Label
    module: Link | None
    """The lesson's module (breadcrumbs on the site, the kicker in print)."""
    number: int
    """The lesson's place in its module."""
    share_url: str
    downloads: tuple[DownloadLink, ...]
    panel: Panel
    body: Body
    resources: tuple[Link, ...]
    handouts: tuple[HandoutView, ...]
    related: tuple[Link, ...]
    sources: tuple[SourceItem, ...]
    json_ld: dict[str, object] | None
    classroom: classroom.ClassroomLink | None = None
    """The buttons to the lesson's classroom view and slides' PDF (drom.classroom), where there is one."""
    activity_nav: Markup = Markup("")
    """The phone's "activity n of m" bar (drom.reading)."""


def panel(ctx: Context, lesson: m.Lesson, src: str) -> Panel:
    spec = lesson.spec
    text = lesson.body(ctx.lang, ctx.default)
    titles = {sid: s.title for sid, s in text.sections.items()}
    titles_lang = ctx.other(text.lang)
    timeplan = tuple(
        TimeplanItem(
            a.id,
            plain(titles.get(a.id, a.id)),
            a.kind,
            a.minutes,
            round(100 * a.minutes / max(spec.duration, 1), 1),
            titles_lang,
        )
        for a in spec.activities
    )
    short_period = None
    if spec.short_period is not None:
        young = [g for g in spec.grades if g in m.SHORT_PERIOD_GRADES] or list(m.SHORT_PERIOD_GRADES)
        minutes = {a.id: a.minutes for a in spec.activities}
        label = ctx.t(
            "short_period",
            n=m.SHORT_PERIOD_MINUTES,
            minutes=ctx.t("minutes", n=m.SHORT_PERIOD_MINUTES),
            grades=ctx.grades(young),
        )
        changes = tuple(
            (plain(titles.get(key, key)), minutes.get(key, value), ctx.t("minutes", n=value))
            for key, value in spec.short_period.items()
        )
        short_period = ShortPeriod(label, changes, titles_lang, ctx.ui("short_period_same"))
    objectives, objectives_lang = lesson.objectives(ctx.lang, ctx.default)
    materials, materials_lang = lesson.materials(ctx.lang, ctx.default)
    outcomes = []
    for code in spec.outcomes:
        outcome = ctx.c.outcome(code)
        outcomes.append(OutcomeItem(code, ctx.labelled(outcome.text) if outcome else Label("")))
    return Panel(
        id=lesson.id,
        grades=ctx.grades(spec.grades),
        duration=spec.duration,
        themes=tuple(ctx.themes(spec.themes)),
        timeplan=timeplan,
        short_period=short_period,
        objectives=Listing(tuple(objectives), ctx.other(objectives_lang)),
        outcomes=tuple(outcomes),
        materials=Listing(tuple(materials), ctx.other(materials_lang)),
        vocabulary=tuple(ctx.terms(spec.vocabulary, src)),
    )


def body(ctx: Context, lesson: m.Lesson, src: str) -> Body:
    text = lesson.body(ctx.lang, ctx.default)

    def media(markdown: str) -> str:
        return ctx.rewrite_media(markdown, src, "lessons", lesson.id)

    intro = text.sections.get("_intro")
    sections = []
    for activity in lesson.spec.activities:
        section = text.sections.get(activity.id)
        if section is not None:
            sections.append(
                BodySection(
                    activity.id,
                    plain(section.title),
                    classroom.board_titles(media(section.markdown), text.lang),  # `!!! board`, titled
                    activity.kind,
                    activity.minutes,
                )
            )
    for fixed in m.FIXED_SECTIONS:
        section = text.sections.get(fixed)
        if section is not None:
            sections.append(BodySection(fixed, plain(section.title), media(section.markdown)))
    return Body(media(intro.markdown) if intro else "", tuple(sections), ctx.other(text.lang))


def handout_view(ctx: Context, lesson: m.Lesson, handout: m.Handout, src: str) -> HandoutView:
    text = handout.text(ctx.lang, ctx.default)
    markdown = ctx.rewrite_media(text.body, src, "lessons", lesson.id, base="handouts")
    return HandoutView(handout.id, plain(text.title), markdown, ctx.other(text.lang))


def lesson_view(ctx: Context, lesson: m.Lesson) -> LessonView:
    src = ctx.map.lesson(ctx.lang, lesson.id)
    head, _ = ctx.head(src, lesson, "lesson")
    text = lesson.text(ctx.lang, ctx.default)
    module = ctx.c.modules.get(lesson.module_id)
    siblings = ctx.c.module_lessons(module) if module else [lesson]
    resources = []
    for rid in lesson.spec.resources:
        resource = ctx.c.resources.get(rid)
        if resource:
            link = ctx.entity_link(src, "resource", resource)
            resources.append(Link(link.href, link.text, link.lang, ctx.t("rk_" + resource.spec.kind)))
    slides = ctx.downloads.get(("slides", ctx.lang, lesson.id))
    related = []
    for other in ctx.c.related_lessons(lesson):
        link = ctx.entity_link(src, "lesson", other)
        related.append(Link(link.href, link.text, link.lang, ctx.grades(other.spec.grades)))
    return LessonView(
        id=lesson.id,
        head=head,
        summary=Label(text.summary, ctx.other(text.lang)),
        module=ctx.entity_link(src, "module", module, html=True) if module else None,
        number=next((i for i, x in enumerate(siblings, start=1) if x.id == lesson.id), 1),
        share_url=ctx.map.absolute(ctx.site_url, src) if ctx.site_url else "",
        downloads=tuple(ctx.download_buttons(src, [("lesson", lesson.id), ("handouts", lesson.id)])),
        panel=panel(ctx, lesson, src),
        body=body(ctx, lesson, src),
        resources=tuple(resources),
        handouts=tuple(handout_view(ctx, lesson, h, src) for h in lesson.handouts),
        related=tuple(related),
        sources=tuple(ctx.sources(lesson.spec.sources)),
        json_ld=json_ld(ctx, lesson, src),
        classroom=classroom.lesson_link(
            ctx.c, lesson, ctx.lang, ctx.map.page_url(src), ctx.map.directory_urls, slides.path if slides else ""
        ),
        activity_nav=Markup(reading.activity_nav(ctx.c, lesson, ctx.lang)),
    )


def lesson_page(ctx: Context, lesson: m.Lesson) -> Page:
    view = lesson_view(ctx, lesson)
    return ctx.page("lesson", "lesson.md", view.head, lesson.id, lesson=view)
