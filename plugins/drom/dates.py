"""When each calendar event falls: a fixed month-day every year, or a movable feast computed per year.

Orthodox Easter comes from dateutil (the Julian computus, given as a Gregorian date). The two Bayrams come
from hijridate's Umm al-Qura Hijri calendar: Ramazan Bayram is 1 Shawwal and Kurban Bayram 10 Dhu al-Hijjah.
A calculated Hijri calendar can be a day off the day that is kept: in Bulgaria the Chief Mufti's Office
announces it, following the sighting of the new moon or a calculation, so those dates carry one day of
uncertainty.

Which years a build shows depends on the build's date, taken from SOURCE_DATE_EPOCH (the plugin sets it from
the last commit), so two builds of one commit are identical.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from . import model as m

YEARS_AHEAD = 3
"""The calendar shows movable feasts for the build's year and this many years after it."""


@dataclass(frozen=True)
class Rule:
    """A movable feast: its day in a Gregorian year (none, one or two), and how sure that day is."""

    days: Callable[[int], list[date]]
    uncertainty: int
    """Days the kept day may differ from the computed one."""


def _orthodox_easter(year: int) -> list[date]:
    from dateutil.easter import EASTER_ORTHODOX, easter

    return [easter(year, EASTER_ORTHODOX)]


def _hijri(month: int, day: int) -> Callable[[int], list[date]]:
    def days(year: int) -> list[date]:
        from hijridate import Gregorian, Hijri

        # A Gregorian year holds the feast once, and about every 33 years twice (the Hijri year is 354 days).
        try:
            first = Gregorian(year, 1, 1).to_hijri().year
            found = [Hijri(h, month, day).to_gregorian() for h in (first, first + 1)]
        except OverflowError:  # outside the Umm al-Qura tables (1343-1500 AH, 1924-2077)
            return []
        return [date(g.year, g.month, g.day) for g in found if g.year == year]

    return days


RULES: dict[str, Rule] = {
    "orthodox-easter": Rule(_orthodox_easter, uncertainty=0),
    "eid-al-fitr": Rule(_hijri(10, 1), uncertainty=1),
    "eid-al-adha": Rule(_hijri(12, 10), uncertainty=1),
}
assert set(RULES) == set(m.MOVABLE_RULES), "every rule the model accepts is computed here"


def build_year() -> int:
    """The year of the build: from SOURCE_DATE_EPOCH when set (reproducible), else today's."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH", "")
    if stamp.isdigit():
        return datetime.fromtimestamp(int(stamp), UTC).year
    return date.today().year


def years(first: int | None = None) -> list[int]:
    """The years a movable feast is shown for: the build's year and YEARS_AHEAD more."""
    start = build_year() if first is None else first
    return list(range(start, start + YEARS_AHEAD + 1))


def occurrences(movable: m.MovableDate, year: int) -> list[date]:
    """The days in `year` the movable date falls on (usually one)."""
    shift = timedelta(days=movable.offset)
    return [day + shift for day in RULES[movable.rule].days(year)]


def uncertainty(event: m.Event) -> int:
    """How many days the kept day may differ from the date shown."""
    return RULES[event.date.rule].uncertainty if isinstance(event.date, m.MovableDate) else 0


def dated(event: m.Event, span: list[int]) -> list[date]:
    """Every day of a movable event in the years of `span`; a fixed event gives none (it recurs yearly)."""
    if not isinstance(event.date, m.MovableDate):
        return []
    return [day for year in span for day in occurrences(event.date, year)]


def sort_key(event: m.Event, year: int) -> str:
    """Month-day for ordering the year's events: a movable one by its first day in `year`."""
    if isinstance(event.date, str):
        return event.date
    days = occurrences(event.date, year)
    return days[0].strftime("%m-%d") if days else "99-99"
