"""The calendar of the year's holidays: its page, its iCalendar feed, and the upcoming-events list that a
hand-written page can include (`<!-- drom:upcoming -->`).

Fixed days recur yearly; movable feasts (Easter, the Bayrams) are dated for the coming years (`drom.dates`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from .. import dates
from .. import model as m
from .base import Context, Head, Label, Link, Page, SourceItem
from .inline import plain


@dataclass(frozen=True)
class Day:
    iso: str
    """`01-14` for a fixed day, `2027-04-24` for a dated one."""
    text: str


@dataclass(frozen=True)
class EventView:
    id: str
    date: str
    """MM-DD: the fixed day, or a movable feast's first day in the build's year (for ordering)."""
    fixed: Day | None
    """The day of a fixed event; None for a movable one."""
    rule: tuple[Label, ...]
    """A movable feast's rule in words (each part marked when its wording falls back to English)."""
    days: tuple[Day, ...]
    """A movable feast's days in the coming years."""
    uncertainty: Label | None
    name: Label
    description: Label
    links: tuple[Link, ...]
    """Lessons (their note is the word 'Lesson') and resources for the day."""
    sources: tuple[SourceItem, ...]


def date_text(ctx: Context, when: str) -> str:
    month, day = (int(x) for x in when.split("-"))
    months = ctx.t("month_names").split("|")
    if months[0].isdigit():
        return f"{day:02d}.{month:02d}."
    return f"{day} {months[month - 1]}"


def day_text(ctx: Context, day: date) -> str:
    """A dated day with its year: '24 април 2027 г.', '24 April 2027', '24.04.2027'."""
    return ctx.t("dated_day", day=date_text(ctx, day.strftime("%m-%d")), year=day.year)


def events(c: m.Curriculum) -> list[m.Event]:
    year = dates.build_year()
    return sorted(c.events, key=lambda e: (dates.sort_key(e, year), e.id))


def event_views(ctx: Context, src: str) -> list[EventView]:
    views = []
    span = dates.years()
    year = dates.build_year()
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
        fixed: Day | None = None
        rule: tuple[Label, ...] = ()
        days: tuple[Day, ...] = ()
        uncertainty: Label | None = None
        if isinstance(event.date, str):
            fixed = Day(event.date, date_text(ctx, event.date))
        else:
            rule = (ctx.ui("rule_" + event.date.rule),)
            if event.date.offset:
                key = "days_after" if event.date.offset > 0 else "days_before"
                rule += (ctx.ui(key, n=abs(event.date.offset)),)
            days = tuple(Day(day.isoformat(), day_text(ctx, day)) for day in dates.dated(event, span))
            n = dates.uncertainty(event)
            uncertainty = ctx.ui("hijri_uncertainty", n=n) if n else None
        views.append(
            EventView(
                event.id,
                dates.sort_key(event, year),
                fixed,
                rule,
                days,
                uncertainty,
                ctx.labelled(event.name),
                ctx.labelled(event.description),
                tuple(links),
                tuple(ctx.sources(event.sources)),
            )
        )
    return views


def calendar_page(ctx: Context) -> Page:
    src = ctx.map.calendar(ctx.lang)
    head = Head(src, ctx.t("calendar"))
    ics = ctx.map.link(src, ctx.map.ics(ctx.lang))
    movable = ctx.ui("movable_date")
    return ctx.page("calendar", "calendar.md", head, ics=ics, events=event_views(ctx, src), movable=movable)


def upcoming(ctx: Context, page_url: str) -> str:
    """The year's events in date order, as HTML for a hand-written page; drom.js puts the next one first.

    A movable feast lists its day in each coming year (`data-dates`); the script shows the next one."""
    items = [
        (ctx.map.link_from_url(page_url, ctx.map.calendar(ctx.lang), event.id), event)
        for event in event_views(ctx, ctx.map.calendar(ctx.lang))
        if event.fixed or event.days
    ]
    return ctx.render("partials/upcoming.html", items=items)


def _language(label: Label) -> dict[str, str]:
    """The iCalendar LANGUAGE parameter of a text in another language than the feed's."""
    return {"LANGUAGE": label.lang} if label.lang else {}


def calendar_ics(curriculum: m.Curriculum, lang: str, site_url: str = "") -> bytes:
    """An iCalendar feed: fixed days recurring yearly, movable feasts dated for the coming years (`dates.py`).

    A name or description shown in another language than the feed's (not yet translated) says so with the
    LANGUAGE parameter (RFC 5545, 3.2.10). Identical bytes for identical content and build date.
    """
    from icalendar import Calendar, Event

    ctx = Context(curriculum, lang, site_url)
    cal = Calendar()
    cal.add("prodid", "-//drom//Roma folklore curriculum//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{ctx.t('calendar')} – {ctx.label(curriculum.spec.organisation)}")
    cal.add("x-wr-caldesc", ctx.t("calendar"))
    stamp = datetime(2025, 1, 1, tzinfo=UTC)
    page = ctx.map.calendar(lang)
    span = dates.years()
    for event in events(curriculum):
        name, about = ctx.labelled(event.name), ctx.labelled(event.description)
        description = plain(about.text)
        if dates.uncertainty(event):
            description += "\n" + ctx.t("hijri_uncertainty", n=dates.uncertainty(event))
        url = ctx.map.absolute(site_url, page) + f"#{event.id}" if site_url else ""
        if url:
            description += f"\n{url}"
        if isinstance(event.date, str):
            month, day = (int(x) for x in event.date.split("-"))
            occurrences = [(f"{event.id}@drom-curriculum", date(2025, month, day))]
        else:
            occurrences = [(f"{event.id}-{d.isoformat()}@drom-curriculum", d) for d in dates.dated(event, span)]
        for uid, start in occurrences:
            item = Event()
            item.add("uid", uid)
            item.add("dtstamp", stamp)
            item.add("dtstart", start)
            if isinstance(event.date, str):
                item.add("rrule", {"freq": "yearly"})
            item.add("summary", plain(name.text), parameters=_language(name))
            if url:
                item.add("url", url)
            item.add("description", description, parameters=_language(about))
            item.add("transp", "TRANSPARENT")
            cal.add_component(item)
    return bytes(cal.to_ical())
