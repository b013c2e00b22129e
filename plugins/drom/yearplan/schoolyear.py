"""School years as data: which days each grade is taught, and the checks of a school-year file.

A school-year file (`curriculum/school-years/2026-2027.yml`) holds, per group of grades, the first and last
teaching day and the start of the second term, the vacations and the days off. `SchoolYear` turns it into
teaching days and teaching weeks for one grade; `check_school_year` reports what cannot be right in it
(dates outside the year, ranges that end before they start, overlapping vacations, grades listed twice or
named without teaching days) as located problems, like every other file of the curriculum.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from .. import model as m
from ..diagnostics import Diagnostics
from ..messages import Text, say
from ..sources import YamlDocument

DAYS_PER_WEEK = 5
"""The minister's order counts a term's teaching weeks as its teaching days divided by five.

In 2020/2021 (the same calendar as 2026/2027) the first term had 90 teaching days and 18 weeks, the second
69 days and 14 weeks for grades I–III, 79 and 16 for IV–VI, 89 and 18 for VII–XI. So a term has
round(days / 5) teaching weeks here too, and they are its calendar weeks with the most teaching days (on a
tie the earlier week): the three days before the Christmas break, a Thursday and Friday after the break
between terms or a week of two holidays get no hour of the plan, and the teacher may still use them.
"""

FOLDER = "school-years"
"""The folder of school-year files inside the curriculum folder."""

FILE_NAME = re.compile(r"^(?P<first>20[0-9]{2})-(?P<second>20[0-9]{2})\.yml$")


def year_id_of(path: Path) -> str:
    """`2026/2027` for `2026-2027.yml` (the id the file's `school_year` must hold)."""
    match = FILE_NAME.match(path.name)
    return f"{match['first']}/{match['second']}" if match else path.stem.replace("-", "/")


def file_name_of(year_id: str) -> str:
    return year_id.replace("/", "-") + ".yml"


def year_bounds(year_id: str) -> tuple[dt.date, dt.date]:
    """The school year runs twelve months from 15 September (Закон за предучилищното и училищното образование)."""
    first = int(year_id[:4])
    return dt.date(first, 9, 15), dt.date(first + 1, 9, 14)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Week:
    """One teaching week of one grade: its number in the year, its Monday and its teaching days."""

    number: int
    monday: dt.date
    days: tuple[dt.date, ...]
    term: int

    @property
    def friday(self) -> dt.date:
        return self.monday + dt.timedelta(days=4)

    def holds(self, day: dt.date) -> bool:
        return self.monday <= day <= self.monday + dt.timedelta(days=6)


@dataclass(frozen=True)
class SchoolYear:
    """A validated school-year file and what follows from it for each grade."""

    id: str
    spec: m.SchoolYearFile
    path: Path

    @property
    def confirmed(self) -> bool:
        return all(item.confirmed for item in (*self.spec.terms, *self.spec.vacations, *self.spec.days_off))

    @property
    def grades(self) -> list[int]:
        return sorted(grade for term in self.spec.terms for grade in term.grades)

    def term(self, grade: int) -> m.GradeTerm | None:
        return next((term for term in self.spec.terms if grade in term.grades), None)

    def vacations(self, grade: int) -> list[m.Vacation]:
        return [v for v in self.spec.vacations if not v.grades or grade in v.grades]

    def days_off(self, grade: int) -> list[m.DayOff]:
        return [d for d in self.spec.days_off if not d.grades or grade in d.grades]

    def off(self, grade: int) -> dict[dt.date, str]:
        """Every weekday without teaching for `grade` (vacations and days off), with the id or date that says why."""
        days: dict[dt.date, str] = {}
        for vacation in self.vacations(grade):
            day = vacation.start
            while day <= vacation.end:
                days.setdefault(day, vacation.id)
                day += dt.timedelta(days=1)
        for day_off in self.days_off(grade):
            days.setdefault(day_off.date, day_off.date.isoformat())
        return days

    def teaching_days(self, grade: int) -> list[dt.date]:
        term = self.term(grade)
        if term is None:
            return []
        off = self.off(grade)
        days = []
        day = term.first_day
        while day <= term.last_day:
            if day.weekday() < 5 and day not in off:
                days.append(day)
            day += dt.timedelta(days=1)
        return days

    def weeks(self, grade: int) -> list[Week]:
        """The grade's teaching weeks (see DAYS_PER_WEEK), numbered from 1, with their term (1 or 2)."""
        term = self.term(grade)
        if term is None:
            return []
        chosen: list[tuple[dt.date, tuple[dt.date, ...], int]] = []
        for number in (1, 2):
            by_week: dict[dt.date, list[dt.date]] = {}
            for day in self.teaching_days(grade):
                if (day >= term.second_term) == (number == 2):
                    by_week.setdefault(monday(day), []).append(day)
            total = sum(len(days) for days in by_week.values())
            count = min(len(by_week), math.floor(total / DAYS_PER_WEEK + 0.5))
            fullest = sorted(by_week, key=lambda start: (-len(by_week[start]), start))[:count]
            chosen += [(start, tuple(by_week[start]), number) for start in fullest]
        return [
            Week(index, start, days, number) for index, (start, days, number) in enumerate(sorted(chosen), start=1)
        ]

    def unconfirmed(self, grade: int) -> list[str]:
        """What is not yet confirmed for `grade`, in words, for the plan's notes."""
        items: list[str] = []
        term = self.term(grade)
        if term is not None and not term.confirmed:
            items.append("term")
        items += [v.id for v in self.vacations(grade) if not v.confirmed]
        items += [d.date.isoformat() for d in self.days_off(grade) if not d.confirmed]
        return items


# --- checks ------------------------------------------------------------------------------------------


class _Place(TypedDict):
    line: int
    column: int


def check_school_year(
    doc: YamlDocument, spec: m.SchoolYearFile, diag: Diagnostics, grades_taught: Iterable[int] = ()
) -> bool:
    """Report every impossible or inconsistent date of one school-year file; True when there was none."""
    before = len(diag)
    path = doc.path

    def at(*loc: str | int) -> _Place:
        line, column = doc.where(loc)
        return {"line": line, "column": column}

    expected = year_id_of(path)
    first, second = int(spec.school_year[:4]), int(spec.school_year[5:])
    if second != first + 1:
        diag.add(
            "CUR005",
            path,
            say("school_year_not_consecutive", year=spec.school_year, example=f"{first}/{first + 1}"),
            **at("school_year"),
        )
        return False
    if spec.school_year != expected:
        diag.add(
            "CUR005",
            path,
            say(
                "school_year_file_name",
                name=path.name,
                year=spec.school_year,
                expected=file_name_of(spec.school_year),
            ),
            hint=say("school_year_file_name_fix"),
            **at("school_year"),
        )
    start, end = year_bounds(spec.school_year)

    def inside(day: dt.date, *loc: str | int) -> None:
        if not start <= day <= end:
            diag.add(
                "CUR034",
                path,
                say(
                    "outside_school_year",
                    day=day.isoformat(),
                    year=spec.school_year,
                    start=start.isoformat(),
                    end=end.isoformat(),
                ),
                **at(*loc),
            )

    def ordered(earlier: dt.date, later: dt.date, what: Text, *loc: str | int) -> None:
        if later < earlier:
            diag.add(
                "CUR005",
                path,
                say("comes_before", what=what, later=later.isoformat(), earlier=earlier.isoformat()),
                hint=say("comes_before_fix"),
                **at(*loc),
            )

    listed: dict[int, int] = {}
    for index, term in enumerate(spec.terms):
        for field in ("first_day", "second_term", "last_day"):
            inside(getattr(term, field), "terms", index, field)
        ordered(
            term.first_day,
            term.second_term,
            say("second_term_early"),
            "terms",
            index,
            "second_term",
        )
        ordered(
            term.second_term, term.last_day, say("last_day_early"), "terms", index, "last_day"
        )
        for position, grade in enumerate(term.grades):
            if grade in listed:
                diag.add(
                    "CUR006",
                    path,
                    say("grade_in_two_groups", grade=grade, group=listed[grade] + 1),
                    hint=say("grade_in_two_groups_fix"),
                    **at("terms", index, "grades", position),
                )
            listed.setdefault(grade, index)

    def known(grades: list[int], *loc: str | int) -> None:
        for position, grade in enumerate(grades):
            if grade not in listed:
                diag.add(
                    "CUR007",
                    path,
                    say("unknown_grade", grade=grade, grades=", ".join(map(str, sorted(listed)))),
                    hint=say("unknown_grade_fix"),
                    **at(*loc, "grades", position),
                )

    ids: dict[str, int] = {}
    for index, vacation in enumerate(spec.vacations):
        inside(vacation.start, "vacations", index, "start")
        inside(vacation.end, "vacations", index, "end")
        ordered(
            vacation.start,
            vacation.end,
            say("vacation_backwards", vacation=vacation.id),
            "vacations",
            index,
            "end",
        )
        known(vacation.grades, "vacations", index)
        if vacation.id in ids:
            twice = say("id_twice", what="vacation", ident=vacation.id)
            diag.add("CUR006", path, twice, **at("vacations", index, "id"))
        ids.setdefault(vacation.id, index)
        for other_index, other in enumerate(spec.vacations[:index]):
            shared = _shared_grades(vacation.grades, other.grades, listed)
            if shared and vacation.start <= other.end and other.start <= vacation.end:
                line = doc.where(("vacations", other_index))[0]
                diag.add(
                    "CUR033",
                    path,
                    say(
                        "vacation_overlaps",
                        vacation=vacation.id,
                        start=vacation.start.isoformat(),
                        end=vacation.end.isoformat(),
                        other=other.id,
                        other_start=other.start.isoformat(),
                        other_end=other.end.isoformat(),
                        line=line,
                        grades=", ".join(map(str, shared)),
                    ),
                    **at("vacations", index, "start"),
                )

    seen: dict[dt.date, list[tuple[int, list[int]]]] = {}
    for index, day_off in enumerate(spec.days_off):
        inside(day_off.date, "days_off", index, "date")
        known(day_off.grades, "days_off", index)
        for other_index, grades in seen.get(day_off.date, []):
            if _shared_grades(day_off.grades, grades, listed):
                line = doc.where(("days_off", other_index))[0]
                diag.add(
                    "CUR006",
                    path,
                    say("day_off_twice", day=day_off.date.isoformat(), line=line),
                    hint=say("day_off_twice_fix"),
                    **at("days_off", index, "date"),
                )
                break
        seen.setdefault(day_off.date, []).append((index, day_off.grades))

    missing = sorted(set(grades_taught) - set(listed))
    if missing:
        diag.add(
            "CUR004",
            path,
            say("grades_not_in_terms", grades=", ".join(map(str, missing))),
            hint=say("grades_not_in_terms_fix"),
            **at("terms"),
        )
    return len(diag) == before


def _shared_grades(a: list[int], b: list[int], listed: dict[int, int]) -> list[int]:
    """The grades two entries both apply to (an empty list of grades means every grade of the year)."""
    every = set(listed)
    return sorted((set(a) or every) & (set(b) or every))
