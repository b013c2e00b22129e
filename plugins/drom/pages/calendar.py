"""The calendar of the year's holidays: its page, its iCalendar feed, and the upcoming-events list that a
hand-written page can include (`<!-- drom:upcoming -->`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from .. import model as m
from .base import Context, Head, Label, Link, Page
from .inline import plain


@dataclass(frozen=True)
class EventView:
    id: str
    date: str
    """MM-DD."""
    date_text: str
    name: str
    description: Label
    links: tuple[Link, ...]
    """Lessons (their note is the word 'Lesson') and resources for the day."""


def date_text(ctx: Context, when: str) -> str:
    month, day = (int(x) for x in when.split("-"))
    months = ctx.t("month_names").split("|")
    if months[0].isdigit():
        return f"{day:02d}.{month:02d}."
    return f"{day} {months[month - 1]}"


def events(c: m.Curriculum) -> list[m.Event]:
    return sorted(c.events, key=lambda e: e.date)


def event_views(ctx: Context, src: str) -> list[EventView]:
    views = []
    for event in events(ctx.c):
        links = []
        for lesson_id in event.lessons:
            lesson = ctx.c.lessons.get(lesson_id)
            if lesson:
                link = ctx.entity_link(src, "lesson", lesson)
                links.append(Link(link.href, link.text, link.lang, ctx.t("lesson")))
        for resource_id in event.resources:
            resource = ctx.c.resources.get(resource_id)
            if resource:
                links.append(ctx.entity_link(src, "resource", resource))
        name = ctx.label(event.name)
        views.append(
            EventView(
                event.id, event.date, date_text(ctx, event.date), name, ctx.labelled(event.description), tuple(links)
            )
        )
    return views


def calendar_page(ctx: Context) -> Page:
    src = ctx.map.calendar(ctx.lang)
    head = Head(src, ctx.t("calendar"))
    ics = ctx.map.link(src, ctx.map.ics(ctx.lang))
    return ctx.page("calendar", "calendar.md", head, ics=ics, events=event_views(ctx, src))


def upcoming(ctx: Context, page_url: str) -> str:
    """The year's events in date order, as HTML for a hand-written page; drom.js moves the next one to the top."""
    items = [
        (ctx.map.link_from_url(page_url, ctx.map.calendar(ctx.lang), event.id), event)
        for event in event_views(ctx, ctx.map.calendar(ctx.lang))
    ]
    return ctx.render("partials/upcoming.html", items=items)


def calendar_ics(curriculum: m.Curriculum, lang: str, site_url: str = "") -> bytes:
    """An iCalendar feed of the year's events, recurring yearly; identical bytes for identical content."""
    from icalendar import Calendar, Event

    ctx = Context(curriculum, lang, site_url)
    cal = Calendar()
    cal.add("prodid", "-//drom//Roma folklore curriculum//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{ctx.t('calendar')} – {ctx.label(curriculum.spec.organisation)}")
    cal.add("x-wr-caldesc", ctx.t("calendar"))
    stamp = datetime(2025, 1, 1, tzinfo=UTC)
    page = ctx.map.calendar(lang)
    for event in events(curriculum):
        month, day = (int(x) for x in event.date.split("-"))
        item = Event()
        item.add("uid", f"{event.id}@drom-curriculum")
        item.add("dtstamp", stamp)
        item.add("dtstart", date(2025, month, day))
        item.add("rrule", {"freq": "yearly"})
        item.add("summary", plain(ctx.label(event.name)))
        description = plain(ctx.label(event.description))
        if site_url:
            url = ctx.map.absolute(site_url, page) + f"#{event.id}"
            item.add("url", url)
            description += f"\n{url}"
        item.add("description", description)
        item.add("transp", "TRANSPARENT")
        cal.add_component(item)
    return bytes(cal.to_ical())
