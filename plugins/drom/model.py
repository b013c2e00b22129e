"""The curriculum's entities: the shape of every YAML file and front matter, and the assembled curriculum.

The pydantic models are the single source of truth: the validator checks files against them and the JSON
Schemas for editors are generated from them (see `schemas.py`).
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN), Field(examples=["first-romani-words"])]
OutcomeCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Grade = Annotated[int, Field(ge=1, le=12)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
LocalizedText = Annotated[
    dict[LanguageCode, Text],
    Field(
        min_length=1,
        description="A short label per language: {bg: ..., en: ..., rom: ...}; bg is required.",
        examples=[{"bg": "Празници", "en": "Holidays"}],
    ),
]

ActivityKind = Literal["warm-up", "main", "reflection", "assessment"]
ResourceKind = Literal["song", "tale", "riddle", "holiday", "craft", "biography", "article", "game"]
ResourceOrigin = Literal["original", "retold", "traditional", "public-domain", "translation"]

FIXED_SECTIONS = ("differentiation", "assessment", "teacher-notes")
"""Sections every full lesson text has besides its activities."""


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- language-neutral YAML files -------------------------------------------------------------------


class GradeBand(Strict):
    id: Id
    grades: list[Grade] = Field(min_length=1, examples=[[2, 3, 4]])
    label: LocalizedText


class Theme(Strict):
    id: Id
    label: LocalizedText


class Outcome(Strict):
    code: OutcomeCode = Field(examples=["P-HOL-1"])
    text: LocalizedText


class CurriculumFile(Strict):
    """curriculum/curriculum.yml"""

    languages: list[LanguageCode] = Field(
        min_length=1, description="Languages of the site; the first is the default.", examples=[["bg", "en", "rom"]]
    )
    licence: Text = Field(examples=["CC-BY-SA-4.0"])
    organisation: LocalizedText
    modules: list[Id] = Field(min_length=1, description="Module ids in teaching order.")
    grade_bands: list[GradeBand] = Field(min_length=1)
    themes: list[Theme] = Field(min_length=1)
    outcomes: list[Outcome] = Field(min_length=1)


class ModuleFile(Strict):
    """curriculum/modules/<id>/module.yml"""

    band: Id = Field(examples=["primary"])
    grades: list[Grade] = Field(min_length=1, examples=[[2, 3, 4]])
    themes: list[Id] = Field(default_factory=list)
    outcomes: list[OutcomeCode] = Field(default_factory=list)
    lessons: list[Id] = Field(min_length=1, description="Lesson ids in teaching order.")


class Activity(Strict):
    id: Id = Field(examples=["warm-up"])
    minutes: int = Field(ge=1, le=240, examples=[10])
    kind: ActivityKind = "main"


SHORT_PERIOD_MINUTES = 35
"""A school period in grades 1-2 (40 from grade 3): Наредба № 10 от 2014 г., art. 4."""
SHORT_PERIOD_GRADES = (1, 2)


class LessonFile(Strict):
    """curriculum/lessons/<id>/lesson.yml"""

    grades: list[Grade] = Field(min_length=1, examples=[[2, 3]])
    duration: int = Field(ge=5, le=240, description="Minutes: one school period is 40.", examples=[40])
    themes: list[Id] = Field(default_factory=list)
    outcomes: list[OutcomeCode] = Field(min_length=1, examples=[["P-HOL-1"]])
    vocabulary: list[Id] = Field(default_factory=list, description="Glossary term ids.")
    resources: list[Id] = Field(default_factory=list, description="Teacher resource ids.")
    sources: list[Id] = Field(default_factory=list, description="Bibliography ids.")
    activities: list[Activity] = Field(min_length=1)
    handouts: list[Id] = Field(default_factory=list, description="Handout ids: handouts/<id>.<lang>.md")
    short_period: dict[Id, Annotated[int, Field(ge=1, le=240)]] | None = Field(
        default=None,
        description=(
            f"How the lesson fits a {SHORT_PERIOD_MINUTES}-minute period (grades 1-2): the new minutes of each "
            "activity that shortens, by activity id. With the unchanged activities they add up to exactly "
            f"{SHORT_PERIOD_MINUTES}."
        ),
        examples=[{"legend": 10, "festive-night": 11}],
    )


class ResourceFile(Strict):
    """curriculum/resources/<id>/resource.yml"""

    kind: ResourceKind
    themes: list[Id] = Field(default_factory=list)
    origin: ResourceOrigin
    licence: Text = Field(examples=["CC-BY-SA-4.0"])
    attribution: Text | None = None
    sources: list[Id] = Field(default_factory=list)
    terms: list[Id] = Field(default_factory=list)


REVIEW_STATES = ("draft", "machine-assisted", "reviewed")
"""How a translated text was made and whether a fluent speaker has checked it, from least to most checked."""
ReviewState = Literal["draft", "machine-assisted", "reviewed"]


class Review(Strict):
    """The review state of one translated text: `review: {state: reviewed, by: "Name Surname", date: 2026-11-30}`."""

    state: ReviewState = Field(
        description="draft: written by the team, not yet checked by a fluent speaker; machine-assisted: made with "
        "machine translation or a language model (words checked against a dictionary), not yet checked by a "
        "fluent speaker; reviewed: checked by the person named in `by` on `date`.",
        examples=["machine-assisted"],
    )
    by: Text | None = Field(
        default=None, description="Who reviewed the text (for `reviewed`).", examples=["Name Surname"]
    )
    date: dt.date | None = Field(default=None, description="When, as YYYY-MM-DD.", examples=["2026-11-30"])
    note: Text | None = Field(default=None, description="How the text was made or checked, in a few words.")

    @model_validator(mode="after")
    def _reviewer_named(self) -> Review:
        missing = [key for key in ("by", "date") if self.state == "reviewed" and getattr(self, key) is None]
        if missing:
            raise PydanticCustomError(
                "review_incomplete",
                "a reviewed text names its reviewer and the date: {missing} missing",
                {"missing": " and ".join(f"`{key}`" for key in missing)},
            )
        return self


class Term(Strict):
    id: Id = Field(examples=["chavo"])
    latin: Text = Field(examples=["čhavo"])
    cyrillic: Text | None = Field(default=None, examples=["чхаво"])
    meaning: LocalizedText
    note: LocalizedText | None = None
    dialects: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]] = Field(default_factory=list)
    sources: list[Id] = Field(default_factory=list)


class GlossaryFile(Strict):
    """curriculum/glossary.yml"""

    terms: list[Term] = Field(min_length=1)
    review: dict[LanguageCode, Review] = Field(
        default_factory=dict,
        description="The review state of the meanings and examples in each language but the default.",
        examples=[{"en": {"state": "draft"}, "rom": {"state": "machine-assisted"}}],
    )


Dialect = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$"), Field(examples=["ER"])]


class RomaniWord(Strict):
    """One attested Romani word of the texts, with the forms the texts use."""

    word: Text = Field(description="The form a dictionary lists (ROMLEX: a noun's nominative, a verb's 3rd person).")
    forms: list[Text] = Field(default_factory=list, description="Other forms of it that the texts use.")
    gloss: Text | None = Field(default=None, description="Its meaning in English, a few words.")
    sources: list[Id] = Field(default_factory=list, description="Bibliography ids that attest it, e.g. romlex.")
    dialects: list[Dialect] = Field(default_factory=list, description="ROMLEX dialect codes it is recorded for.")
    note: Text | None = Field(default=None, description="How it is attested, or why it is used without a source.")


class Doublet(Strict):
    """Two spellings of one word: the texts write the preferred one."""

    preferred: Text
    variant: Text
    forms: dict[str, str] = Field(
        default_factory=dict, description="Other forms of the variant and the preferred form of each."
    )
    why: Text
    sources: list[Id] = Field(default_factory=list)
    keep_in: list[Text] = Field(
        default_factory=list,
        description="Names recorded with the variant that the texts quote as recorded, e.g. `romano nevo breš`.",
    )


class RomaniWordsFile(Strict):
    """curriculum/romani-words.yml: the Romani words the texts may use besides the glossary's, and the doublets."""

    words: list[RomaniWord] = Field(default_factory=list)
    doublets: list[Doublet] = Field(default_factory=list)


class Source(Strict):
    id: Id
    citation: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None


class BibliographyFile(Strict):
    """curriculum/bibliography.yml"""

    sources: list[Source] = Field(min_length=1)


MOVABLE_RULES = ("orthodox-easter", "eid-al-fitr", "eid-al-adha")
"""The movable feasts a calendar date can follow; `dates.py` computes each per year."""
MovableRule = Literal["orthodox-easter", "eid-al-fitr", "eid-al-adha"]


def _real_month_day(value: str) -> str:
    month, day = int(value[:2]), int(value[3:])
    if day > (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]:
        raise PydanticCustomError(
            "month_day", "{value} is not a day of every year", {"value": value, "example": '"01-14"'}
        )
    return value


MonthDay = Annotated[
    str,
    StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"),
    AfterValidator(_real_month_day),
    Field(description="A fixed date, month-day in quotes: the same day every year.", examples=["01-14"]),
]


class MovableDate(Strict):
    """A date that moves from year to year: a feast computed per year, plus or minus some days."""

    rule: MovableRule = Field(
        description="orthodox-easter (dateutil), eid-al-fitr (1 Shawwal) or eid-al-adha (10 Dhu al-Hijjah), "
        "the last two from the Umm al-Qura Hijri calendar, to within a day."
    )
    offset: int = Field(
        default=0, ge=-100, le=100, description="Days after (+) or before (-) the feast.", examples=[-8]
    )


DATE_TAGS = ("month-day", "movable")
"""Names pydantic puts into an error's location for the branch of `date` it tried; not keys of the file."""


def _date_kind(value: Any) -> str:
    return "movable" if isinstance(value, (dict, MovableDate)) else "month-day"


EventDate = Annotated[
    Annotated[MonthDay, Tag("month-day")] | Annotated[MovableDate, Tag("movable")],
    Discriminator(_date_kind),
    Field(
        description='A fixed month-day such as "01-14", or a movable feast: {rule: orthodox-easter, offset: -8}.',
        examples=["01-14", {"rule": "orthodox-easter", "offset": -8}],
    ),
]


class Event(Strict):
    id: Id
    date: EventDate
    name: LocalizedText
    description: LocalizedText
    lessons: list[Id] = Field(default_factory=list)
    resources: list[Id] = Field(default_factory=list)
    sources: list[Id] = Field(default_factory=list, description="Bibliography ids of the facts the description states.")


class CalendarFile(Strict):
    """curriculum/calendar.yml"""

    events: list[Event] = Field(default_factory=list)


# --- school years and the year plan -----------------------------------------------------------------

SchoolYearId = Annotated[str, StringConstraints(pattern=r"^20[0-9]{2}/20[0-9]{2}$"), Field(examples=["2026/2027"])]


class Confirmable(Strict):
    confirmed: bool = Field(
        default=True, description="false when the date is not yet confirmed by the ministry's published order."
    )
    note: Text | None = Field(default=None, description="Where the date comes from, or why it is not confirmed.")


class GradeTerm(Confirmable):
    grades: list[Grade] = Field(min_length=1, examples=[[1, 2, 3]])
    first_day: dt.date = Field(description="First teaching day.", examples=["2026-09-15"])
    second_term: dt.date = Field(description="First teaching day of the second term.", examples=["2027-02-04"])
    last_day: dt.date = Field(description="Last teaching day of the second term.", examples=["2027-05-31"])


class Vacation(Confirmable):
    id: Id = Field(examples=["christmas"])
    name: LocalizedText
    start: dt.date = Field(description="First day of the vacation (weekends included).", examples=["2026-12-24"])
    end: dt.date = Field(description="Last day of the vacation, included.", examples=["2027-01-03"])
    grades: list[Grade] = Field(default_factory=list, description="Only these grades; empty: every grade.")


class DayOff(Confirmable):
    date: dt.date = Field(examples=["2027-03-03"])
    name: LocalizedText
    grades: list[Grade] = Field(default_factory=list, description="Only these grades; empty: every grade.")


class SchoolYearFile(Strict):
    """curriculum/school-years/<first year>-<second year>.yml"""

    school_year: SchoolYearId
    source: Text = Field(description="The ministry's order the dates come from, or what they are taken from.")
    terms: list[GradeTerm] = Field(min_length=1, description="First and last teaching day per group of grades.")
    vacations: list[Vacation] = Field(default_factory=list)
    days_off: list[DayOff] = Field(default_factory=list, description="Official holidays and other days off.")


ColumnFill = Literal[
    "number", "week", "dates", "title", "kind", "outcomes", "terms", "activities", "assessment", "note", "blank"
]


class PlanColumn(Strict):
    fill: ColumnFill = Field(description="What fills the column from the curriculum.")
    label: LocalizedText
    width: int = Field(default=10, ge=1, le=100, description="Relative width of the column.")


class RowKinds(Strict):
    """Labels of the kinds of hour (column `kind`)."""

    lesson: LocalizedText
    review: LocalizedText
    assessment: LocalizedText
    project: LocalizedText


class YearPlanFile(Strict):
    """curriculum/year-plan.yml"""

    title: LocalizedText
    columns: list[PlanColumn] = Field(min_length=1, description="The plan's columns, in order.")
    kinds: RowKinds


# --- front matter of translations -------------------------------------------------------------------


SourceHash = Annotated[
    Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8,64}$")] | None,
    Field(description="Hash of the Bulgarian text this translation was made from (`curriculum translations mark`)."),
]


class Titled(Strict):
    """Front matter every translation has: its title, and for a translation its review state."""

    title: Text
    review: Review | None = Field(
        default=None,
        description="How the translation was made and whether a fluent speaker has checked it "
        "(texts in the default language are the originals and need none).",
    )


class TitledText(Titled):
    summary: Text


class LessonText(TitledText):
    objectives: list[Text] = Field(default_factory=list)
    materials: list[Text] = Field(default_factory=list)
    source_hash: SourceHash = None


class ModuleText(TitledText):
    source_hash: SourceHash = None


class ResourceText(TitledText):
    source_hash: SourceHash = None


class CurriculumText(TitledText):
    source_hash: SourceHash = None


class HandoutText(Titled):
    source_hash: SourceHash = None


# --- the assembled curriculum ----------------------------------------------------------------------


@dataclass
class Section:
    id: str
    title: str
    markdown: str


TextT = TypeVar("TextT", bound="Titled")
SpecT = TypeVar("SpecT", bound="LessonFile | ModuleFile | ResourceFile | None")


@dataclass
class Translation(Generic[TextT]):
    """One language's text of an entity. `body` is empty for a title-and-summary-only translation."""

    lang: str
    path: Path
    meta: TextT
    body: str
    sections: dict[str, Section] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def summary(self) -> str:
        return self.meta.summary if isinstance(self.meta, TitledText) else ""

    @property
    def complete(self) -> bool:
        return bool(self.body.strip())

    @property
    def review(self) -> Review | None:
        """The review state of the front matter, None when the text does not state one."""
        return self.meta.review

    @property
    def reviewed(self) -> bool:
        """Whether a named fluent speaker has checked this text. A translation that is not (or does not say)
        carries a short notice on its page; an original in the default language never does."""
        return self.review is not None and self.review.state == "reviewed"


@dataclass(kw_only=True)
class Entity(Generic[SpecT, TextT]):
    """Something with an id, a YAML file (its `spec`) and translations: module, lesson, resource, handout."""

    id: str
    folder: Path
    spec: SpecT
    texts: dict[str, Translation[TextT]] = field(default_factory=dict)

    def text(self, lang: str, default: str) -> Translation[TextT]:
        """The translation for `lang` if it exists, else the default language's."""
        return self.texts.get(lang) or self.texts[default]

    def available_in(self, lang: str, default: str) -> bool:
        """Whether the entity can be read in `lang`: always in the default language, else with a full text."""
        if lang == default:
            return True
        text = self.texts.get(lang)
        return text is not None and text.complete

    def body(self, lang: str, default: str) -> Translation[TextT]:
        """The text whose body a page shows: `lang`'s when complete, else the default language's."""
        text = self.text(lang, default)
        return text if text.complete or lang == default else self.texts[default]


@dataclass(kw_only=True)
class Handout(Entity[None, HandoutText]):
    spec: None = None
    lesson_id: str = ""


@dataclass(kw_only=True)
class Lesson(Entity[LessonFile, LessonText]):
    module_id: str = ""
    handouts: list[Handout] = field(default_factory=list)

    def objectives(self, lang: str, default: str) -> tuple[list[str], str]:
        """The objectives in `lang`, else in the default language, with the language they are in."""
        return self._listed(lang, default, lambda meta: meta.objectives)

    def materials(self, lang: str, default: str) -> tuple[list[str], str]:
        """The materials in `lang`, else in the default language, with the language they are in."""
        return self._listed(lang, default, lambda meta: meta.materials)

    def _listed(self, lang: str, default: str, items: Callable[[LessonText], list[str]]) -> tuple[list[str], str]:
        own = self.texts.get(lang)
        if own is not None and items(own.meta):
            return list(items(own.meta)), lang
        return list(items(self.texts[default].meta)), default


@dataclass(kw_only=True)
class Module(Entity[ModuleFile, ModuleText]):
    pass


@dataclass(kw_only=True)
class Resource(Entity[ResourceFile, ResourceText]):
    pass


@dataclass
class Curriculum:
    """Everything the site and the PDFs are made from, loaded and validated."""

    root: Path
    spec: CurriculumFile
    texts: dict[str, Translation[CurriculumText]]
    modules: dict[str, Module]
    lessons: dict[str, Lesson]
    resources: dict[str, Resource]
    terms: dict[str, Term]
    sources: dict[str, Source]
    events: list[Event]
    fingerprint: str = ""
    glossary_review: dict[str, Review] = field(default_factory=dict)
    """The review state of the glossary's meanings per language (`review:` in glossary.yml)."""
    school_years: dict[str, SchoolYearFile] = field(default_factory=dict)
    """Validated school years by id (`2026/2027`), in order."""
    year_plan: YearPlanFile | None = None
    """The columns of the year plan (curriculum/year-plan.yml), when the file exists."""

    @property
    def languages(self) -> list[str]:
        return list(self.spec.languages)

    @property
    def default_language(self) -> str:
        return self.spec.languages[0]

    def text(self, lang: str) -> Translation[CurriculumText] | None:
        """The curriculum's own page (title, summary, introduction) in `lang`, else in the default language."""
        return self.texts.get(lang) or self.texts.get(self.default_language)

    def ordered_modules(self) -> list[Module]:
        return [self.modules[m] for m in self.spec.modules if m in self.modules]

    def module_lessons(self, module: Module) -> list[Lesson]:
        return [self.lessons[lesson] for lesson in module.spec.lessons if lesson in self.lessons]

    def ordered_lessons(self) -> list[Lesson]:
        """Every lesson in a module, in the order of the modules and of their lesson lists."""
        return [lesson for module in self.ordered_modules() for lesson in self.module_lessons(module)]

    def lesson_minutes(self, module: Module) -> int:
        """A module's teaching time: the sum of its lessons' durations."""
        return sum(lesson.spec.duration for lesson in self.module_lessons(module))

    def related_lessons(self, lesson: Lesson) -> list[Lesson]:
        return [self.lessons[other] for other in self.related.get(lesson.id, [])]

    @cached_property
    def lessons_using(self) -> dict[str, list[Lesson]]:
        """The lessons that use each resource, in curriculum order (one pass, for every language)."""
        users: dict[str, list[Lesson]] = {}
        for lesson in self.ordered_lessons():
            for resource_id in dict.fromkeys(lesson.spec.resources):
                users.setdefault(resource_id, []).append(lesson)
        return users

    @cached_property
    def related(self) -> dict[str, list[str]]:
        """Up to three related lessons per lesson id: most shared themes (2 points each) and glossary terms
        (1 point each), then the same module (1 point); ties in curriculum order.

        Computed once for every language, through inverted indexes, so that it is not a pass over all
        lessons for each lesson page.
        """
        lessons = self.ordered_lessons()
        ids = [lesson.id for lesson in lessons]
        weight = {"theme": 2, "term": 1, "module": 1}
        keys = [
            [
                *(("theme", x) for x in dict.fromkeys(lesson.spec.themes)),
                *(("term", x) for x in dict.fromkeys(lesson.spec.vocabulary)),
                ("module", lesson.module_id),
            ]
            for lesson in lessons
        ]
        by_key: dict[tuple[str, str], list[int]] = {}
        for number, own in enumerate(keys):
            for key in own:
                by_key.setdefault(key, []).append(number)
        related: dict[str, list[str]] = {}
        for number, own in enumerate(keys):
            # Counted in C (Counter.update of a list), a shared key's weight as that many passes over its lessons.
            scores: Counter[int] = Counter()
            for key in own:
                for _ in range(weight[key[0]]):
                    scores.update(by_key[key])
            del scores[number]
            best = heapq.nsmallest(3, [(-score, other) for other, score in scores.items()])
            related[ids[number]] = [ids[other] for _, other in best]
        return related

    def label(self, labels: dict[str, str] | None, lang: str) -> str:
        """A language map's entry for `lang`, falling back to the default language."""
        if not labels:
            return ""
        return labels.get(lang) or labels.get(self.default_language) or next(iter(labels.values()))

    def band(self, band_id: str) -> GradeBand | None:
        return next((b for b in self.spec.grade_bands if b.id == band_id), None)

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.spec.themes if t.id == theme_id), None)

    def outcome(self, code: str) -> Outcome | None:
        return next((o for o in self.spec.outcomes if o.code == code), None)
