"""The curriculum's entities: the shape of every YAML file and front matter, and the assembled curriculum.

The pydantic models are the single source of truth: the validator checks files against them and the JSON
Schemas for editors are generated from them (see `schemas.py`).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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


class ResourceFile(Strict):
    """curriculum/resources/<id>/resource.yml"""

    kind: ResourceKind
    themes: list[Id] = Field(default_factory=list)
    origin: ResourceOrigin
    licence: Text = Field(examples=["CC-BY-SA-4.0"])
    attribution: Text | None = None
    sources: list[Id] = Field(default_factory=list)
    terms: list[Id] = Field(default_factory=list)


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


class Source(Strict):
    id: Id
    citation: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None


class BibliographyFile(Strict):
    """curriculum/bibliography.yml"""

    sources: list[Source] = Field(min_length=1)


class Event(Strict):
    id: Id
    date: Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")] = Field(
        examples=["01-14"]
    )
    name: LocalizedText
    description: LocalizedText
    lessons: list[Id] = Field(default_factory=list)
    resources: list[Id] = Field(default_factory=list)


class CalendarFile(Strict):
    """curriculum/calendar.yml"""

    events: list[Event] = Field(default_factory=list)


# --- front matter of translations -------------------------------------------------------------------


SourceHash = Annotated[
    Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8,64}$")] | None,
    Field(description="Hash of the Bulgarian text this translation was made from (`curriculum translations mark`)."),
]


class TitledText(Strict):
    title: Text
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


class HandoutText(Strict):
    title: Text
    source_hash: SourceHash = None


# --- the assembled curriculum ----------------------------------------------------------------------


@dataclass
class Section:
    id: str
    title: str
    markdown: str


TextT = TypeVar("TextT", bound="LessonText | ModuleText | ResourceText | CurriculumText | HandoutText")
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
        order = {lesson.id: number for number, lesson in enumerate(lessons)}
        keys = {
            lesson.id: [
                *(("theme", x) for x in dict.fromkeys(lesson.spec.themes)),
                *(("term", x) for x in dict.fromkeys(lesson.spec.vocabulary)),
                ("module", lesson.module_id),
            ]
            for lesson in lessons
        }
        by_key: dict[tuple[str, str], list[str]] = {}
        for lesson in lessons:
            for key in keys[lesson.id]:
                by_key.setdefault(key, []).append(lesson.id)
        weight = {"theme": 2, "term": 1, "module": 1}
        related: dict[str, list[str]] = {}
        for lesson in lessons:
            scores: dict[str, int] = {}
            for key in keys[lesson.id]:
                for other in by_key[key]:
                    if other != lesson.id:
                        scores[other] = scores.get(other, 0) + weight[key[0]]
            best = heapq.nsmallest(3, scores, key=lambda other: (-scores[other], order[other]))
            related[lesson.id] = best
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
