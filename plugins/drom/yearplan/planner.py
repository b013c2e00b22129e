"""Laying a grade's lessons out over the teaching weeks of a school year.

`plan_year(curriculum, grade, school_year, hours)` returns a `Plan`: one `Row` per teaching hour. The rules:

- the lessons are those of the modules that teach the grade, in module order (`curriculum.yml`), each lesson
  that lists the grade;
- a lesson named by a calendar event (`calendar.yml`, e.g. Vasilitsa on 14 January) sits in the teaching
  week that holds the date or, when that week has no teaching (a vacation), in the nearest teaching week
  before it; a lesson with several events takes the first date of the school year;
- the other lessons keep module order between the dated ones, spread evenly over the free weeks;
- a lesson takes as many hours as its minutes need school periods of 40 minutes (`AUTHORED_PERIOD`); where
  the grade's period is shorter (35 minutes in grades I–II), the row says by how much to shorten it;
- every hour left over becomes review, project work or, at the end of each term, summary and assessment;
  never an invented lesson;
- when the lessons need more hours than the year has, `DoesNotFit` says how many lessons do not fit.

The plan is language-neutral: `outputs` turns it into text in Bulgarian or English.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Literal

from .. import dates
from .. import model as m
from ..messages import SaidError, say
from .schoolyear import FOLDER, SchoolYear, Week, file_name_of, year_bounds

AUTHORED_PERIOD = 40
"""Minutes of the school period that lesson durations are written for (`duration: 40` is one period)."""

HOURS_PER_WEEK = (1, 2)
"""The elective's usual weekly hours; the planner accepts 1 to 4."""

RowKind = Literal["lesson", "review", "assessment", "project"]


def period_minutes(grade: int) -> int:
    """Length of a school period: 35 minutes in grades I–II, 40 from grade III (Наредба № 10 от 2014 г., чл. 4)."""
    return 35 if grade <= 2 else 40


class PlanError(SaidError):
    """A plan cannot be made; the message says why in plain words, `hint` what to do."""


class DoesNotFit(PlanError):
    """The lessons need more hours than the school year has."""

    def __init__(
        self, *, grade: int, school_year: str, hours: int, lessons: int, left_out: int, needed: int, available: int
    ) -> None:
        self.left_out = left_out
        self.needed = needed
        self.available = available
        super().__init__(
            say(
                "does_not_fit",
                left_out=left_out,
                lessons=lessons,
                grade=grade,
                year=school_year,
                needed=needed,
                available=available,
                weeks=available // hours,
                hours=hours,
            ),
            say("does_not_fit_fix"),
        )


@dataclass(frozen=True)
class Note:
    """A remark in the plan's note column, as a key and values that `outputs` words in each language."""

    key: str
    values: tuple[str, ...] = ()


@dataclass
class Row:
    """One teaching hour of the plan."""

    number: int
    week: Week
    kind: RowKind
    lesson: m.Lesson | None = None
    """The lesson taught (kind `lesson`) or reviewed (kind `review` of one lesson)."""
    module: m.Module | None = None
    """The module reviewed or worked on in a project (kinds `review` of a module, `project`)."""
    part: tuple[int, int] = (1, 1)
    """Hour n of a lesson of several hours."""
    events: list[m.Event] = field(default_factory=list)
    covered: list[m.Lesson] = field(default_factory=list)
    """For review and assessment hours: the lessons they go back over."""
    term: int = 1
    notes: list[Note] = field(default_factory=list)


@dataclass
class Plan:
    curriculum: m.Curriculum
    school_year: SchoolYear
    grade: int
    hours: int
    band: m.GradeBand
    weeks: list[Week]
    rows: list[Row]
    lessons: list[m.Lesson]

    @property
    def period_minutes(self) -> int:
        return period_minutes(self.grade)

    def term_weeks(self, term: int) -> list[Week]:
        return [week for week in self.weeks if week.term == term]

    def lesson_rows(self) -> list[Row]:
        return [row for row in self.rows if row.kind == "lesson"]


# --- the plan ----------------------------------------------------------------------------------------


def grade_lessons(curriculum: m.Curriculum, grade: int) -> list[m.Lesson]:
    """The lessons of `grade` in teaching order: modules that teach it, lessons that list it."""
    return [
        lesson
        for module in curriculum.ordered_modules()
        if grade in module.spec.grades
        for lesson in curriculum.module_lessons(module)
        if grade in lesson.spec.grades
    ]


def lesson_hours(lesson: m.Lesson) -> int:
    return max(1, math.ceil(lesson.spec.duration / AUTHORED_PERIOD))


def event_date(event: m.Event, year_id: str) -> dt.date:
    """The day of an event within the school year (15 September – 14 September); a movable feast's first
    day in it (a Bayram can fall twice in one year)."""
    start, end = year_bounds(year_id)
    if isinstance(event.date, m.MovableDate):
        days = [day for day in dates.dated(event, [start.year, end.year]) if start <= day <= end]
        if days:
            return days[0]
        raise AssertionError(f"{event.id} falls in no part of {year_id}")  # pragma: no cover - a feast is yearly
    month, day = (int(part) for part in event.date.split("-"))
    for year in (start.year, end.year):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # 29 February in a common year
            candidate = dt.date(year, month, 28)
        if start <= candidate <= end:
            return candidate
    raise AssertionError(f"{event.date} is in no part of {year_id}")  # pragma: no cover - the two years cover it


def school_year_of(curriculum: m.Curriculum, year_id: str) -> SchoolYear:
    spec = curriculum.school_years.get(year_id)
    if spec is None:
        known = ", ".join(curriculum.school_years) or say("none")
        raise PlanError(
            say("no_school_year", year=year_id, known=known),
            say("no_school_year_fix", folder=FOLDER, file=file_name_of(year_id)),
        )
    return SchoolYear(year_id, spec, curriculum.root / FOLDER / file_name_of(year_id))


def plan_year(curriculum: m.Curriculum, grade: int, school_year: str, hours: int = 1) -> Plan:
    """The year plan of `grade` in `school_year` at `hours` a week; PlanError when it cannot be made."""
    if not 1 <= hours <= 4:
        raise PlanError(say("hours_not_elective", hours=hours), say("hours_not_elective_fix"))
    band = next((b for b in curriculum.spec.grade_bands if grade in b.grades), None)
    lessons = grade_lessons(curriculum, grade)
    if band is None or not lessons:
        grades = sorted({g for b in curriculum.spec.grade_bands for g in b.grades})
        raise PlanError(
            say("no_lessons_for_grade", grade=grade),
            say("no_lessons_for_grade_fix", grades=", ".join(map(str, grades))),
        )
    year = school_year_of(curriculum, school_year)
    weeks = year.weeks(grade)
    if not weeks:
        raise PlanError(
            say("no_teaching_weeks", year=school_year, grade=grade),
            say("no_teaching_weeks_fix", grade=grade, file=year.path.name),
        )
    slots = [(week, hour) for week in weeks for hour in range(hours)]
    needs = [lesson_hours(lesson) for lesson in lessons]
    if sum(needs) > len(slots):
        fitting, used = 0, 0
        for need in needs:
            if used + need > len(slots):
                break
            used, fitting = used + need, fitting + 1
        raise DoesNotFit(
            grade=grade,
            school_year=school_year,
            hours=hours,
            lessons=len(lessons),
            left_out=len(lessons) - fitting,
            needed=sum(needs),
            available=len(slots),
        )
    events = _events_by_lesson(curriculum, school_year)
    placed = _Placement(slots, weeks)
    spare = len(slots) - sum(needs)
    for term in (1, 2):
        last = max((i for i, (week, _) in enumerate(slots) if week.term == term), default=None)
        if last is not None and spare > 0:
            placed.reserved.add(last)
            spare -= 1
    for index, lesson in enumerate(lessons):
        dated = events.get(lesson.id)
        if dated:
            placed.pin(index, needs[index], _target_week(weeks, dated[0][0]))
    placed.flow(needs)
    rows = _rows(curriculum, year, grade, hours, slots, placed, lessons, events)
    return Plan(curriculum, year, grade, hours, band, weeks, rows, lessons)


def _events_by_lesson(curriculum: m.Curriculum, year_id: str) -> dict[str, list[tuple[dt.date, m.Event]]]:
    found: dict[str, list[tuple[dt.date, m.Event]]] = {}
    for event in curriculum.events:
        for lesson_id in event.lessons:
            found.setdefault(lesson_id, []).append((event_date(event, year_id), event))
    for dated in found.values():
        dated.sort(key=lambda item: item[0])
    return found


def _target_week(weeks: list[Week], day: dt.date) -> int:
    """Index of the teaching week that holds `day`, else of the nearest teaching week before it, else the first."""
    before = [index for index, week in enumerate(weeks) if week.monday <= day]
    return before[-1] if before else 0


class _Placement:
    """Which slot (week, hour) each lesson hour takes."""

    def __init__(self, slots: list[tuple[Week, int]], weeks: list[Week]) -> None:
        self.slots = slots
        self.weeks = weeks
        self.taken: dict[int, tuple[int, int]] = {}
        """slot index -> (lesson index, part number)"""
        self.where: dict[int, list[int]] = {}
        """lesson index -> its slot indexes"""
        self.moved: set[int] = set()
        """Dated lessons that could not sit in the week of their date."""
        self.out_of_order: set[int] = set()
        self.reserved: set[int] = set()
        """The last hour of each term, kept for summary and assessment."""

    def free(self, index: int) -> bool:
        return index not in self.taken and index not in self.reserved

    def take(self, lesson: int, indexes: list[int]) -> None:
        indexes = sorted(indexes)
        for part, index in enumerate(indexes, start=1):
            self.taken[index] = (lesson, part)
        self.where[lesson] = indexes

    def pin(self, lesson: int, need: int, week_index: int) -> None:
        week = self.weeks[week_index]
        here = [i for i, (w, _) in enumerate(self.slots) if w is week]
        earlier = [i for i in range(here[0] - 1, -1, -1)]
        later = list(range(here[-1] + 1, len(self.slots)))
        chosen = [i for i in (*here, *earlier, *later) if self.free(i)][:need]
        if any(i not in here for i in chosen):
            self.moved.add(lesson)
        self.take(lesson, chosen)

    def flow(self, needs: list[int]) -> None:
        """Place the undated lessons in module order, each run between the dated lessons around it in module
        order, spread evenly over the free hours there.

        A run with too few free hours between its dated neighbours reaches back past the dated lessons before
        it, one at a time, then forward past those after it, and is at last merged with the run before it:
        the total was checked to fit, so this ends at the latest with one run over the whole year. Lessons
        that end up outside their bounds carry a note.
        """
        pinned = sorted(self.where)
        runs: list[tuple[list[int], int, int]] = []
        index = 0
        while index < len(needs):
            if index in self.where:
                index += 1
                continue
            run = []
            while index < len(needs) and index not in self.where:
                run.append(index)
                index += 1
            low = max((self.where[p][-1] for p in pinned if p < run[0]), default=-1)
            high = min((self.where[p][0] for p in pinned if p > run[-1]), default=len(self.slots))
            runs.append((run, low, high))
        bounds = {lesson: (low, high) for run, low, high in runs for lesson in run}
        ends = sorted(self.where[p][-1] for p in pinned)
        starts = sorted(self.where[p][0] for p in pinned)
        while True:
            failed, placement = self._spread(runs, needs)
            if failed < 0:
                break
            run, low, high = runs[failed]
            if low >= 0:  # first reach back past the nearest dated lesson before the run
                runs[failed] = (run, max((end for end in ends if end < low), default=-1), high)
                continue
            if high < len(self.slots):  # then forward past the nearest one after it
                runs[failed] = (run, low, min((start for start in starts if start > high), default=len(self.slots)))
                continue
            other = failed - 1 if failed > 0 else failed + 1
            first, second = sorted((failed, other))
            (run_a, low_a, high_a), (run_b, low_b, high_b) = runs[first], runs[second]
            runs[first : second + 1] = [(run_a + run_b, min(low_a, low_b), max(high_a, high_b))]
        for lesson, indexes in placement.items():
            self.take(lesson, indexes)
            low, high = bounds[lesson]
            if not low < indexes[0] < high:
                self.out_of_order.add(lesson)

    def _spread(self, runs: list[tuple[list[int], int, int]], needs: list[int]) -> tuple[int, dict[int, list[int]]]:
        """(-1, placement) when every run fits its bounds, else (index of the first run that does not, {})."""
        placement: dict[int, list[int]] = {}
        used: set[int] = set()
        last = -1
        for number, (run, low, high) in enumerate(runs):
            start_at = max(low, last) + 1
            window = [i for i in range(start_at, high) if self.free(i) and i not in used]
            units = sum(needs[lesson] for lesson in run)
            if len(window) < units:
                if len(runs) == 1:  # pragma: no cover - the total fits, so one run over the year always does
                    raise AssertionError("the lessons were checked to fit")
                return number, {}
            spare = len(window) - units
            offset = 0
            for position, lesson in enumerate(run):
                start = offset + (spare * position) // len(run)
                placement[lesson] = window[start : start + needs[lesson]]
                used.update(placement[lesson])
                offset += needs[lesson]
            last = placement[run[-1]][-1]
        return -1, placement


def _rows(
    curriculum: m.Curriculum,
    year: SchoolYear,
    grade: int,
    hours: int,
    slots: list[tuple[Week, int]],
    placed: _Placement,
    lessons: list[m.Lesson],
    events: dict[str, list[tuple[dt.date, m.Event]]],
) -> list[Row]:
    rows: list[Row] = []
    period = period_minutes(grade)
    modules = {lesson.id: curriculum.modules[lesson.module_id] for lesson in lessons}
    taught: list[m.Lesson] = []
    since_lesson = 0
    for index, (week, _hour) in enumerate(slots):
        number = index + 1
        if index in placed.taken:
            lesson_index, part = placed.taken[index]
            lesson = lessons[lesson_index]
            need = lesson_hours(lesson)
            row = Row(
                number, week, "lesson", lesson=lesson, module=modules[lesson.id], part=(part, need), term=week.term
            )
            dated = events.get(lesson.id, [])
            row.events = [event for _, event in dated]
            if part == 1:
                row.notes += _lesson_notes(lesson, need, period, grade, week, dated, placed, lesson_index)
                taught.append(lesson)
            rows.append(row)
            since_lesson = 0 if part == need else since_lesson
            continue
        term_lessons = [lesson for lesson in taught if _term_of(rows, lesson) == week.term]
        if index in placed.reserved and term_lessons:
            rows.append(Row(number, week, "assessment", covered=term_lessons, term=week.term))
        elif not taught:
            upcoming = next(lessons[placed.taken[i][0]] for i in range(index, len(slots)) if i in placed.taken)
            rows.append(
                Row(
                    number, week, "project", module=modules[upcoming.id], term=week.term, notes=[Note("project-before")]
                )
            )
        elif since_lesson == 0:
            rows.append(Row(number, week, "review", lesson=taught[-1], covered=[taught[-1]], term=week.term))
        elif since_lesson % 2 == 1:
            rows.append(Row(number, week, "project", module=modules[taught[-1].id], term=week.term))
        else:
            module = modules[taught[-1].id]
            covered = [lesson for lesson in taught if modules[lesson.id] is module]
            rows.append(Row(number, week, "review", module=module, covered=covered, term=week.term))
        since_lesson += 1
    return rows


def _term_of(rows: list[Row], lesson: m.Lesson) -> int:
    return next(row.term for row in rows if row.kind == "lesson" and row.lesson is lesson)


def _lesson_notes(
    lesson: m.Lesson,
    need: int,
    period: int,
    grade: int,
    week: Week,
    dated: list[tuple[dt.date, m.Event]],
    placed: _Placement,
    lesson_index: int,
) -> list[Note]:
    notes: list[Note] = []
    if dated:
        day, event = dated[0]
        if lesson_index in placed.moved:
            notes.append(Note("date-week-full", (day.isoformat(), event.id)))
        elif week.holds(day):
            notes.append(Note("date", (day.isoformat(), event.id)))
        else:
            notes.append(Note("date-before", (day.isoformat(), event.id)))
        for other, other_event in dated[1:]:
            notes.append(Note("also-date", (other.isoformat(), other_event.id)))
    if lesson_index in placed.out_of_order:
        notes.append(Note("out-of-order"))
    over = lesson.spec.duration - need * period
    if over > 0:
        notes.append(Note("shorten", (str(lesson.spec.duration), str(grade), str(period), str(over))))
    return notes
