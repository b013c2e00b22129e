"""Problems found in the curriculum, each with a place, a stable code, plain words and a hint.

Problems are collected, never raised one by one, so that an author sees every mistake of a run at once.
The table of codes is the single source for the authoring guide's list of validator messages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path

from .messages import Text, ui


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    """A kind of problem: its stable id, a title, and how to fix it in general."""

    id: str
    title: str
    fix: str


# Stable codes. Never renumber or reuse one: CI scripts and the authoring guide refer to them.
CODES: dict[str, Code] = {
    c.id: c
    for c in (
        Code(
            "CUR001", "YAML syntax error", "Check indentation (spaces, not tabs), colons and quotes at the line shown."
        ),
        Code(
            "CUR002",
            "Unsafe YAML tag",
            "Remove the `!!python/...` (or other custom) tag: curriculum files hold plain data only.",
        ),
        Code(
            "CUR003",
            "Unknown key",
            "Remove the key or correct its spelling; the message suggests the nearest valid key.",
        ),
        Code(
            "CUR004",
            "Missing required field",
            "Add the field; the authoring guide shows an example of every file kind.",
        ),
        Code(
            "CUR005",
            "Wrong type or value",
            "Write the value in the form the message shows (a number, a list, one of the allowed words).",
        ),
        Code("CUR006", "Duplicate id", "Give each module, lesson, resource, term, outcome and source its own id."),
        Code(
            "CUR007",
            "Unknown reference",
            "Use an id that exists (the message suggests the nearest), or create the missing entry.",
        ),
        Code(
            "CUR008",
            "Activities longer than the lesson",
            "Shorten the activities or raise `duration`: their minutes may not add up to more.",
        ),
        Code(
            "CUR009",
            "Module lists a missing lesson",
            "Create `curriculum/lessons/<id>/lesson.yml` or remove the id from the module's `lessons`.",
        ),
        Code(
            "CUR010",
            "Path leaves the curriculum",
            "Keep every file and link inside `curriculum/`; do not use `..` past it, absolute paths or symlinks out.",
        ),
        Code("CUR011", "File is not UTF-8", "Save the file as UTF-8 (in VS Code: 'Save with Encoding' > UTF-8)."),
        Code(
            "CUR012",
            "Image without alt text",
            "Describe the picture for a reader who cannot see it: `![a red wheel on blue and green](images/flag.svg)`.",
        ),
        Code(
            "CUR013", "Missing file", "Create the file, or correct the path (paths are relative to the Markdown file)."
        ),
        Code("CUR014", "Empty file", "Fill the file in, or delete it."),
        Code("CUR015", "File too large", "Split the text: a curriculum file may not be larger than the limit shown."),
        Code("CUR016", "Tab character in YAML", "Indent YAML with spaces only."),
        Code(
            "CUR017",
            "Missing lesson section",
            "Add a `## Title {#id}` section for every activity and for differentiation, assessment and teacher-notes.",
        ),
        Code(
            "CUR018",
            "Unknown lesson section",
            "Use a section id that is an activity id or one of differentiation, assessment, teacher-notes.",
        ),
        Code(
            "CUR019",
            "Key belongs in the YAML file",
            "Language-neutral facts (grades, duration, outcomes, ...) live in the `.yml` file, not in a translation's front matter.",
        ),
        Code("CUR020", "Lesson is in no module", "Add the lesson id to the `lessons` list of one module."),
        Code("CUR021", "Lesson is in two modules", "List each lesson in exactly one module."),
        Code(
            "CUR022",
            "Placeholder text left in",
            "Replace the placeholder written by `curriculum new` (`ПОПЪЛНЕТЕ: …` or `TODO: …`) with real text.",
        ),
        Code(
            "CUR023",
            "HTML the sanitiser would remove",
            "Write Markdown: `<script>`, `<iframe>`, `<style>`, `on...=` attributes and tags or attributes outside "
            "the allowed list are not allowed in content.",
        ),
        Code(
            "CUR024",
            "Translation of an unknown language",
            "Name the file with a language of `curriculum.yml` (e.g. `lesson.en.md`), or add the language there.",
        ),
        Code(
            "CUR025",
            "Grade outside the module",
            "Give the lesson grades that its module covers, or widen the module's `grades`.",
        ),
        Code(
            "CUR026",
            "Markdown nested too deeply",
            "Close the emphasis marks (`*`, `_`) you open, and nest lists and quotations only a few levels deep.",
        ),
        Code(
            "CUR031",
            "35-minute plan does not add up",
            "In `short_period`, give each listed activity fewer minutes than in `activities`, so that with the unchanged ones they add up to exactly 35.",
        ),
        Code(
            "CUR032",
            "No 35-minute plan for grades 1–2",
            "A lesson for grade 1 or 2 whose activities take more than 35 minutes says in `short_period` which activities shorten, and to how many minutes.",
        ),
        Code(
            "CUR033",
            "Dates overlap",
            "Make the two periods follow each other: a day belongs to one vacation only.",
        ),
        Code(
            "CUR034",
            "Date outside the school year",
            "A school year runs from 15 September to 14 September: correct the year, the month or the day.",
        ),
        Code(
            "CUR027",
            "Date that does not exist",
            'Write a real month and day, in quotes as month-day: `date: "01-14"` (no 30 February, no month 13).',
        ),
        Code(
            "CUR028",
            "Invisible or direction-changing character",
            "Delete the invisible character (bidi control or zero-width space); it often comes from copying text.",
        ),
        Code(
            "CUR029",
            "Unsafe or malformed URL",
            "Use an address starting with https://, http:// or mailto:, or a relative path; no `javascript:`, "
            "no spaces, quotes or angle brackets.",
        ),
        Code(
            "CUR030",
            "SVG image with active content",
            "Save the SVG without scripts, `on...=` attributes, `<foreignObject>` or links to other files "
            "(e.g. Inkscape: Save as > Optimized SVG).",
        ),
        Code(
            "CUR035",
            "Not an image in an images folder",
            "Keep only pictures (PNG, JPEG, GIF, WebP, AVIF, SVG) in `images/`: every file there is published as it is.",
        ),
        Code(
            "CUR040",
            "Review state not valid",
            "Give `review: {state: ...}` one of draft, machine-assisted, reviewed; a reviewed text also names `by` and `date`.",
        ),
        Code(
            "CUR041",
            "Romani word not in the word list",
            "Check the word in ROMLEX (Sofia Erli first) and add it with its source to `curriculum/romani-words.yml`, or correct its spelling.",
        ),
        Code(
            "CUR042",
            "Romani doublet",
            "Write the preferred form that `curriculum/romani-words.yml` gives for this word (see its `doublets`).",
        ),
        Code(
            "CUR043",
            "Word not in the Bulgarian or English dictionary",
            "Correct the typo, or add a real name or term to `curriculum/spelling-allow.txt`.",
        ),
    )
}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one place. Ordered by file, line and column so a report reads top to bottom.

    `message_bg` and `hint_bg` are the Bulgarian wording where it is written; `text(lang)` chooses.
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR, compare=False)
    message_bg: str = field(default="", compare=False)
    hint_bg: str = field(default="", compare=False)

    def text(self, lang: str = "en") -> tuple[str, str, str]:
        """(title of the code, message, hint) in `lang`, English where no Bulgarian is written."""
        if lang != "bg":
            return CODES[self.code].title, self.message, self.hint
        title, fix = CODES_BG.get(self.code, (CODES[self.code].title, ""))
        hint = self.hint_bg or (fix if self.hint == CODES[self.code].fix else self.hint)
        return title, self.message_bg or self.message, hint

    def format(self, lang: str = "en") -> str:
        title, message, hint = self.text(lang)
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        label = f"{ui(lang, self.severity.value)} {self.code}"
        if lang == "bg" and not self.message_bg:
            label += f" ({title})"  # an English message under its Bulgarian title
        text = f"{where}: {label}: {message}"
        if hint:
            text += f"\n    {ui(lang, 'hint')}: {hint}"
        return text

    def github_annotation(self, lang: str = "en") -> str:
        """The problem as a GitHub workflow command (`::error file=…`), its words in `lang`."""

        def esc(value: str) -> str:
            return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        _, message, hint = self.text(lang)
        props = f"file={self.file},line={max(self.line, 1)},col={max(self.column, 1)},title={self.code}"
        body = message + (f" {ui(lang, 'hint').capitalize()}: {hint}" if hint else "")
        return f"::{self.severity.value} {props}::{esc(body)}"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class Diagnostics:
    """Collects problems for one run."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self._problems: list[Problem] = []

    def relative(self, path: Path | str) -> str:
        path = Path(path)
        if self.root is not None:
            base = self.root.resolve().parent
            try:
                return path.resolve().relative_to(base).as_posix()
            except ValueError:
                pass
            except (RuntimeError, OSError):  # a link to itself (a loop) or one that cannot be followed: the link
                try:
                    return (path.parent.resolve() / path.name).relative_to(base).as_posix()
                except (ValueError, RuntimeError, OSError):
                    pass
        return path.as_posix()

    def add(
        self,
        code: str,
        path: Path | str,
        message: str | Text,
        *,
        line: int = 0,
        column: int = 0,
        hint: str | Text | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """Record a problem. A `Text` message or hint carries its Bulgarian wording too (see `messages.say`)."""
        if code not in CODES:
            raise KeyError(f"unknown diagnostic code {code}")
        message_text = message if isinstance(message, Text) else Text(message)
        if hint is None:
            hint = Text(CODES[code].fix, CODES_BG[code][1])
        hint_text = hint if isinstance(hint, Text) else Text(hint)
        self._problems.append(
            Problem(
                file=self.relative(path),
                line=line,
                column=column,
                code=code,
                message=message_text.en,
                hint=hint_text.en,
                severity=severity,
                message_bg=message_text.bg,
                hint_bg=hint_text.bg,
            )
        )

    def extend(self, problems: Iterable[Problem]) -> None:
        self._problems.extend(problems)

    @property
    def problems(self) -> list[Problem]:
        return sorted(set(self._problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self._problems)

    def __bool__(self) -> bool:
        return bool(self._problems)

    def report(self, lang: str = "en") -> str:
        problems = self.problems
        lines = [p.format(lang) for p in problems]
        errors = sum(p.severity is Severity.ERROR for p in problems)
        warnings = len(problems) - errors
        lines.append(ui(lang, "summary_curriculum", errors=errors, warnings=warnings))
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps([p.as_dict() for p in self.problems], ensure_ascii=False, indent=2)


class CurriculumError(Exception):
    """The curriculum has errors; carries every problem of the run."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        self.diagnostics = diagnostics
        super().__init__(diagnostics.report())


# Bulgarian wording of the codes: the Bulgarian authoring guide's table, and the reports in Bulgarian.
CODES_BG: dict[str, tuple[str, str]] = {
    "CUR001": ("Синтактична грешка в YAML", "Проверете отстъпите (интервали, не табулации), двоеточията и кавичките на посочения ред."),
    "CUR002": ("Опасен YAML таг", "Махнете тага `!!python/...` (или друг): файловете съдържат само данни."),
    "CUR003": ("Непознат ключ", "Махнете ключа или поправете изписването му; съобщението предлага най-близкия валиден ключ."),
    "CUR004": ("Липсва задължително поле", "Добавете полето; в ръководството има пример за всеки вид файл."),
    "CUR005": ("Грешен тип или стойност", "Запишете стойността във вида от съобщението (число, списък, една от позволените думи)."),
    "CUR006": ("Повтарящ се идентификатор", "Дайте на всеки модул, урок, ресурс, дума, резултат и източник свой идентификатор."),
    "CUR007": ("Препратка към несъществуващо", "Използвайте съществуващ идентификатор (съобщението предлага най-близкия) или създайте липсващия запис."),
    "CUR008": ("Дейностите са по-дълги от урока", "Съкратете дейностите или увеличете `duration`: минутите им не може да са повече."),
    "CUR009": ("Модулът изброява липсващ урок", "Създайте `curriculum/lessons/<id>/lesson.yml` или махнете идентификатора от `lessons` на модула."),
    "CUR010": ("Път извън учебната програма", "Дръжте файловете и връзките в `curriculum/`: без `..` извън нея, без абсолютни пътища и връзки навън."),
    "CUR011": ("Файлът не е в UTF-8", "Запишете файла в UTF-8 (във VS Code: „Save with Encoding“ > UTF-8)."),
    "CUR012": ("Изображение без алтернативен текст", "Опишете картината за читател, който не я вижда: `![червено колело на синьо и зелено](images/flag.svg)`."),
    "CUR013": ("Липсващ файл", "Създайте файла или поправете пътя (пътищата са спрямо Markdown файла)."),
    "CUR014": ("Празен файл", "Попълнете файла или го изтрийте."),
    "CUR015": ("Твърде голям файл", "Разделете текста: файл от програмата не може да е по-голям от посочената граница."),
    "CUR016": ("Табулация в YAML", "Правете отстъпите в YAML само с интервали."),
    "CUR017": ("Липсва раздел на урока", "Добавете раздел `## Заглавие {#id}` за всяка дейност и за differentiation, assessment и teacher-notes."),
    "CUR018": ("Непознат раздел на урока", "Използвайте идентификатор на дейност или един от differentiation, assessment, teacher-notes."),
    "CUR019": ("Ключът е за YAML файла", "Фактите, независими от езика (класове, продължителност, резултати...), са в `.yml` файла, не в превода."),
    "CUR020": ("Урокът не е в модул", "Добавете идентификатора на урока в списъка `lessons` на един модул."),
    "CUR021": ("Урокът е в два модула", "Всеки урок е в точно един модул."),
    "CUR022": ("Останал е заместващ текст", "Заменете заместителя от `curriculum new` (`ПОПЪЛНЕТЕ: …` или `TODO: …`) с истински текст."),
    "CUR023": ("HTML, който пречиствателят би премахнал", "Пишете Markdown: `<script>`, `<iframe>`, `<style>`, атрибути `on...=` и тагове или атрибути извън позволения списък не са позволени."),
    "CUR024": ("Превод на непознат език", "Наименувайте файла с език от `curriculum.yml` (напр. `lesson.en.md`) или добавете езика там."),
    "CUR025": ("Клас извън модула", "Дайте на урока класове, които модулът обхваща, или разширете `grades` на модула."),
    "CUR026": ("Твърде дълбоко влагане в Markdown", "Затваряйте отворените знаци за наклонен и получер шрифт (`*`, `_`) и влагайте списъци и цитати само на няколко нива."),
    "CUR031": ("Планът за 35 минути не излиза", "В `short_period` дайте на всяка изброена дейност по-малко минути, отколкото в `activities`, така че заедно с непроменените да стават точно 35."),
    "CUR032": ("Няма план за 35 минути в I–II клас", "Урок за 1. или 2. клас, чиито дейности траят повече от 35 минути, казва в `short_period` кои дейности се съкращават и до колко минути."),
    "CUR033": ("Припокриващи се дати", "Нека двата периода следват един след друг: всеки ден е в най-много една ваканция."),
    "CUR034": ("Дата извън учебната година", "Учебната година е от 15 септември до 14 септември: поправете годината, месеца или деня."),
    "CUR027": ("Несъществуваща дата", 'Запишете истински месец и ден, в кавички като месец-ден: `date: "01-14"` (без 30 февруари, без 13-и месец).'),
    "CUR028": ("Невидим знак или знак за посока на текста", "Изтрийте невидимия знак (управление на посоката или интервал с нулева ширина); често идва от копиран текст."),
    "CUR029": ("Опасен или неправилен адрес", "Използвайте адрес, започващ с https://, http:// или mailto:, или относителен път; без `javascript:`, интервали, кавички и ъглови скоби."),
    "CUR030": ("SVG изображение с активно съдържание", "Запишете SVG без скриптове, атрибути `on...=`, `<foreignObject>` и връзки към други файлове (напр. Inkscape: Save as > Optimized SVG)."),
    "CUR035": ("Файл, който не е картинка, в папка images", "Дръжте в `images/` само картинки (PNG, JPEG, GIF, WebP, AVIF, SVG): всеки файл там се публикува както е."),
    "CUR040": ("Невалидно състояние на прегледа", "Дайте на `review: {state: ...}` една от стойностите draft, machine-assisted, reviewed; прегледаният текст посочва и `by` и `date`."),
    "CUR041": ("Ромска дума, която не е в списъка с думи", "Проверете думата в ROMLEX (първо софийския ерлийски) и я добавете с източника ѝ в `curriculum/romani-words.yml` или поправете изписването ѝ."),
    "CUR042": ("Ромски дублет", "Пишете предпочитаната форма, която `curriculum/romani-words.yml` дава за тази дума (вижте `doublets`)."),
    "CUR043": ("Дума, която не е в българския или английския речник", "Поправете грешката или добавете истинско име или термин в `curriculum/spelling-allow.txt`."),
}


def codes_table(lang: str) -> str:
    """A Markdown table of every code with its meaning and fix, for the authoring guide."""
    if lang == "bg":
        rows = ["| Код | Проблем | Как се поправя |", "| --- | --- | --- |"]
        rows += [f"| `{code}` | {CODES_BG[code][0]} | {CODES_BG[code][1]} |" for code in CODES]
    else:
        rows = ["| Code | Problem | How to fix it |", "| --- | --- | --- |"]
        rows += [f"| `{code.id}` | {code.title} | {code.fix} |" for code in CODES.values()]
    return "\n".join(rows)
