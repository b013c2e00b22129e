"""New lessons, modules, resources and glossary terms, written as files an author only has to fill in.

Only the default language's text is written (translations are started later from it). Every file is valid at
once, except that its text is placeholders (`ПОПЪЛНЕТЕ`, "fill in", in Bulgarian; `TODO` in English), which the
validator reports (CUR022) until they are replaced. Lists in existing YAML files (a module's `lessons`, the curriculum's
`modules`, the glossary's `terms`) are extended by editing their text, so comments and layout survive.
Nothing is written until every check has passed.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel

from . import model as m
from .diagnostics import Diagnostics
from .messages import SaidError, Text, say, ui_text
from .schemas import modeline
from .sources import load_yaml_file
from .validation import suggest_text, validate_model

M = TypeVar("M", bound=BaseModel)

FIXED_TITLES: dict[str, dict[str, str]] = {
    "bg": {
        "differentiation": "Работа с разнородни групи",
        "assessment": "Оценяване",
        "teacher-notes": "Бележки за учителя",
    },
    "en": {
        "differentiation": "Mixed-ability groups",
        "assessment": "Assessment",
        "teacher-notes": "Notes for the teacher",
    },
    "rom": {
        "differentiation": "Sako čhavo si aver",
        "assessment": "So džanen o čhave ko agor?",
        "teacher-notes": "Lil e sikavneske",
    },
}
"""Headings of the fixed lesson sections, as the curriculum's own lessons word them; English otherwise."""

ACTIVITIES: tuple[m.Activity, ...] = (
    m.Activity(id="warm-up", minutes=5, kind="warm-up"),
    m.Activity(id="main-activity", minutes=25, kind="main"),
    m.Activity(id="reflection", minutes=10, kind="reflection"),
)
"""A new lesson's activities: one school period of 40 minutes."""

LESSON_DURATION = 40


class ScaffoldError(SaidError):
    """The request cannot be carried out; nothing was written."""


@dataclass
class Scaffold:
    """What a `new` command did, for the report to the author."""

    created: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)


# --- checks and reading ------------------------------------------------------------------------------


def check_id(ident: str, what: str) -> None:
    if not re.fullmatch(m.ID_PATTERN, ident):
        raise ScaffoldError(
            say("new_not_an_id", ident=ident, what=what),
            say("new_not_an_id_fix"),
        )


def _read_model(path: Path, model: type[M], root: Path, what: str, *, adding: tuple[str, str] | None = None) -> M:
    """A YAML file validated against its model; its problems become the refusal's message.

    `adding` is (list key, item) about to be added: an empty list that it fills is no problem.
    """
    diag = Diagnostics(root)
    doc = load_yaml_file(path, root, diag)
    if doc is not None and adding and isinstance(doc.data, dict) and doc.data.get(adding[0]) == []:
        doc.data[adding[0]] = [adding[1]]
    result = validate_model(doc, model, diag, what=what) if doc is not None else None
    if result is None:
        raise ScaffoldError(
            say("new_has_errors", what=what, report=Text(diag.report(), diag.report("bg"))),
            say("new_has_errors_fix"),
        )
    return result


def read_curriculum(root: Path) -> m.CurriculumFile:
    if not (root / "curriculum.yml").is_file():
        raise ScaffoldError(
            say("new_no_curriculum", root=root),
            say("new_no_curriculum_fix"),
        )
    return _read_model(root / "curriculum.yml", m.CurriculumFile, root, "curriculum file")


def _listed_lessons(root: Path) -> dict[str, str]:
    """Lesson id -> the module that lists it, from every module.yml that can be read."""
    listed: dict[str, str] = {}
    for path in sorted((root / "modules").glob("*/module.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        lessons = data.get("lessons") if isinstance(data, dict) else None
        for lesson in lessons if isinstance(lessons, list) else []:
            listed.setdefault(str(lesson), path.parent.name)
    return listed


def _refuse_existing(folder: Path, root: Path, what: str) -> None:
    if folder.exists():
        raise ScaffoldError(
            say("new_exists", what=what, name=folder.name, path=Diagnostics(root).relative(folder)),
            say("new_exists_fix", what=what),
        )


# --- editing YAML text -------------------------------------------------------------------------------


def yaml_scalar(value: str) -> str:
    """`value` written as a YAML scalar that reads back as the same text, in block and in flow context."""
    dumped = yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=1_000_000).strip()
    return dumped[1:-1]


def _sequence(text: str, key: str, where: str) -> yaml.SequenceNode:
    """The list under the top-level `key` of a YAML text."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ScaffoldError(say("new_not_yaml", where=where, error=exc), say("new_not_yaml_fix")) from exc
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                if isinstance(value_node, yaml.SequenceNode):
                    return value_node
                break
    raise ScaffoldError(
        say("new_no_list", where=where, key=key),
        say("new_no_list_fix", key=key),
    )


def _content_end(node: yaml.Node) -> int:
    """Index just after the last character of a node's own text (block collections end at their last child)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    children: list[yaml.Node] = (
        list(node.value) if isinstance(node, yaml.SequenceNode) else [part for pair in node.value for part in pair]
    )
    return max((_content_end(child) for child in children), default=int(node.end_mark.index))


def _line_end(text: str, index: int) -> int:
    """Index of the line break that ends the line holding `index` (before a CR of CRLF), or the text's end."""
    index = len(text[:index].rstrip())
    end = text.find("\n", index)
    if end == -1:
        return len(text)
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _item_prefix(text: str, item: yaml.Node) -> str:
    """The `  - ` before a block list item, to repeat for the next one."""
    start = _line_start(text, item.start_mark.index)
    prefix = text[start : item.start_mark.index]
    if re.fullmatch(r"[ \t]*-[ \t]+", prefix):
        return prefix
    return " " * max(item.start_mark.column - 2, 0) + "- "


def add_to_id_list(text: str, key: str, ident: str, where: str) -> str:
    """`text` with `ident` appended to the top-level list `key`, keeping its style, comments and layout."""
    node = _sequence(text, key, where)
    if any(isinstance(item, yaml.ScalarNode) and item.value == ident for item in node.value):
        raise ScaffoldError(say("new_already_listed", ident=ident, key=key, where=where))
    if node.flow_style:
        if node.value:
            at = _content_end(node.value[-1])
            return f"{text[:at]}, {ident}{text[at:]}"
        at = node.start_mark.index + 1
        return f"{text[:at]}{ident}{text[at:]}"
    last = node.value[-1]
    at = _line_end(text, _content_end(last))
    return f"{text[:at]}{_newline(text)}{_item_prefix(text, last)}{ident}{text[at:]}"


def append_mapping(text: str, key: str, fields: list[tuple[str, str]], where: str) -> str:
    """`text` with a mapping appended to the top-level list `key`, in the style of the list's last entry.

    `fields` are (key, YAML value text) pairs. A blank line separates the new entry when the last two do.
    """
    node = _sequence(text, key, where)
    if not node.value or node.flow_style:
        raise ScaffoldError(
            say("new_one_line_list", key=key, where=where),
            say("new_one_line_list_fix", key=key),
        )
    last = node.value[-1]
    newline = _newline(text)
    prefix = _item_prefix(text, last)
    if getattr(last, "flow_style", False):
        entry = prefix + "{" + ", ".join(f"{k}: {v}" for k, v in fields) + "}"
    else:
        indent = " " * len(prefix)
        entry = newline.join(f"{prefix if i == 0 else indent}{k}: {v}" for i, (k, v) in enumerate(fields))
    at = _line_end(text, _content_end(last))
    gap = newline
    if len(node.value) > 1:
        between = text[_line_end(text, _content_end(node.value[-2])) : _line_start(text, last.start_mark.index)]
        if re.search(r"\n[ \t]*\r?\n", between):
            gap = newline * 2
    return f"{text[:at]}{gap}{entry}{text[at:]}"


def _read_text(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _write_text(path: Path, text: str, *, new: bool) -> None:
    """Write exactly `text` (its own line breaks); a new file never replaces an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x" if new else "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


# --- what the new files say ---------------------------------------------------------------------------


def _flow_list(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _front_matter(fields: dict[str, str | list[str]]) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {yaml_scalar(item)}" for item in value)
        else:
            lines.append(f"{key}: {yaml_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _yaml_lines(path: Path, root: Path, kind: str, lines: list[tuple[str, str]]) -> str:
    """A YAML file: the schema line, then `key: value` lines with their comments lined up."""
    width = max(len(text) for text, comment in lines if comment) + 2
    body = [f"{text:<{width}}# {comment}" if comment else text for text, comment in lines]
    return "\n".join([modeline(path, root, kind), *body]) + "\n"


def lesson_yaml(path: Path, root: Path, module_id: str, module: m.ModuleFile, spec: m.CurriculumFile) -> str:
    outcomes = list(module.outcomes) or [spec.outcomes[0].code]
    activities = [(f"  - {{id: {a.id}, minutes: {a.minutes}, kind: {a.kind}}}", "") for a in ACTIVITIES]
    return _yaml_lines(
        path,
        root,
        "lesson",
        [
            (f"grades: {_flow_list([str(g) for g in module.grades])}", f"from the module '{module_id}'"),
            (f"duration: {LESSON_DURATION}", "minutes: one school period"),
            (f"themes: {_flow_list(list(module.themes))}", "keep the themes this lesson is about"),
            (f"outcomes: {_flow_list(outcomes)}", "keep the outcomes this lesson works towards"),
            ("vocabulary: []", "glossary term ids"),
            ("resources: []", "teacher resource ids"),
            ("sources: []", "bibliography ids"),
            ("activities:", "in teaching order; lesson.<lang>.md has a `## Title {#id}` section for each"),
            *activities,
            ("handouts: []", "handout ids: handouts/<id>.<lang>.md"),
            *_short_period(module.grades),
        ],
    )


def _short_period(grades: list[int]) -> list[tuple[str, str]]:
    """For grades 1-2: a 35-minute plan that adds up, for the author to adjust (the validator checks it)."""
    if not set(grades) & set(m.SHORT_PERIOD_GRADES):
        return []
    excess = sum(a.minutes for a in ACTIVITIES) - m.SHORT_PERIOD_MINUTES
    main = next(a for a in ACTIVITIES if a.kind == "main")
    return [
        ("short_period:", f"grades 1–2: {m.SHORT_PERIOD_MINUTES}-minute periods; new minutes of what shortens"),
        (f"  {main.id}: {main.minutes - excess}", ""),
    ]


PLACEHOLDERS: dict[str, dict[str, str]] = {
    "bg": {
        "marker": "ПОПЪЛНЕТЕ",
        "title": "ПОПЪЛНЕТЕ: заглавие на урока",
        "summary": "ПОПЪЛНЕТЕ: едно-две изречения какво правят и научават учениците.",
        "objectives": "ПОПЪЛНЕТЕ: какво може ученикът след урока.",
        "materials": "ПОПЪЛНЕТЕ: какво е нужно на учителя.",
        "activity": "ПОПЪЛНЕТЕ: заглавие на дейността „{kind}“",
        "steps": "ПОПЪЛНЕТЕ: какво прави и казва учителят, стъпка по стъпка.",
        "differentiation": "ПОПЪЛНЕТЕ: как се приспособява урокът за по-малки, по-големи и смесени групи.",
        "assessment": "ПОПЪЛНЕТЕ: как учителят разбира какво са научили учениците.",
        "teacher-notes": "ПОПЪЛНЕТЕ: какво трябва да знае учителят; отговорите на работните листове.",
        "titled": "ПОПЪЛНЕТЕ: заглавие на {what}",
        "titled_summary": "ПОПЪЛНЕТЕ: едно изречение за {what}.",
        "module_body": "ПОПЪЛНЕТЕ: въведението за учителите.",
        "resource_body": "ПОПЪЛНЕТЕ: текстът.",
        "module": "модула",
        "resource": "ресурса",
        "warm-up": "загрявка",
        "main": "основна",
        "reflection": "размисъл",
    },
    "en": {
        "marker": "TODO",
        "title": "TODO: title of the lesson",
        "summary": "TODO: one or two sentences on what the pupils do and learn.",
        "objectives": "TODO: what a pupil can do after the lesson.",
        "materials": "TODO: what the teacher needs.",
        "activity": "TODO: title of the {kind} activity",
        "steps": "TODO: what the teacher does and says, step by step.",
        "differentiation": "TODO: how to adapt the lesson for younger, older and mixed groups.",
        "assessment": "TODO: how the teacher sees what the pupils have learnt.",
        "teacher-notes": "TODO: background the teacher needs; answers to the handouts.",
        "titled": "TODO: title of the {what}",
        "titled_summary": "TODO: one sentence about the {what}.",
        "module_body": "TODO: the introduction for teachers.",
        "resource_body": "TODO: the text.",
        "module": "module",
        "resource": "resource",
        "warm-up": "warm-up",
        "main": "main",
        "reflection": "reflection",
    },
}
"""What a new text says until the author writes it: obviously not text (the validator reports it as CUR022),
in the curriculum's default language (Bulgarian, else English)."""


def placeholders(lang: str) -> dict[str, str]:
    return PLACEHOLDERS.get(lang, PLACEHOLDERS["en"])


def lesson_text(lang: str) -> str:
    titles = FIXED_TITLES.get(lang, FIXED_TITLES["en"])
    say = placeholders(lang)
    parts = [
        _front_matter(
            {
                "title": say["title"],
                "summary": say["summary"],
                "objectives": [say["objectives"]],
                "materials": [say["materials"]],
            }
        )
    ]
    for activity in ACTIVITIES:
        heading = say["activity"].format(kind=say[activity.kind])
        parts.append(f"\n## {heading} {{#{activity.id}}}\n\n{say['steps']}\n")
    for section in m.FIXED_SECTIONS:
        parts.append(f"\n## {titles[section]} {{#{section}}}\n\n{say[section]}\n")
    return "".join(parts)


def titled_text(lang: str, what: str) -> str:
    say = placeholders(lang)
    front = _front_matter(
        {"title": say["titled"].format(what=say[what]), "summary": say["titled_summary"].format(what=say[what])}
    )
    return f"{front}\n{say[f'{what}_body']}\n"


# --- the commands -------------------------------------------------------------------------------------


def _plan_text(folder: Path, stem: str, spec: m.CurriculumFile, make: Callable[[str], str]) -> dict[Path, str]:
    """The text in the default language only: a translation is started from it later
    (`curriculum translations start`), so that no half-empty file in another language blocks the author."""
    lang = spec.languages[0]
    return {folder / f"{stem}.{lang}.md": make(lang)}


def _carry_out(new_files: dict[Path, str], edits: dict[Path, str]) -> Scaffold:
    done = Scaffold()
    for path, text in new_files.items():
        _write_text(path, text, new=True)
        done.created.append(path)
    for path, text in edits.items():
        _write_text(path, text, new=False)
        done.changed.append(path)
    return done


def new_lesson(root: Path, module_id: str, lesson_id: str) -> Scaffold:
    """A lesson in `module_id`: lesson.yml, one lesson.<lang>.md per language, and its id in module.yml."""
    check_id(lesson_id, "lesson")
    spec = read_curriculum(root)
    module_file = root / "modules" / module_id / "module.yml"
    if not module_file.is_file():
        modules = [p.parent.name for p in (root / "modules").glob("*/module.yml")]
        raise ScaffoldError(
            say("no_such", what="module", value=module_id) + suggest_text(module_id, modules),
            say("new_no_module_fix", modules=", ".join(sorted(modules)) or say("none")),
        )
    folder = root / "lessons" / lesson_id
    _refuse_existing(folder, root, "lesson")
    listed = _listed_lessons(root).get(lesson_id)
    if listed:
        raise ScaffoldError(
            say("new_listed_lesson", module=listed, lesson=lesson_id),
            say("new_listed_lesson_fix"),
        )
    module = _read_model(module_file, m.ModuleFile, root, f"module '{module_id}'", adding=("lessons", lesson_id))
    where = f"modules/{module_id}/module.yml"
    module_text = add_to_id_list(_read_text(module_file), "lessons", lesson_id, where)
    files = {folder / "lesson.yml": lesson_yaml(folder / "lesson.yml", root, module_id, module, spec)}
    files.update(_plan_text(folder, "lesson", spec, lesson_text))
    done = _carry_out(files, {module_file: module_text})
    done.notes.append(ui_text("added_lesson", lesson=lesson_id, module=module_id))
    return done


def new_module(root: Path, module_id: str, band: str, lesson_id: str | None = None) -> Scaffold:
    """A module of grade band `band`: module.yml, one module.<lang>.md per language, its id in curriculum.yml.

    With `lesson_id`, also the module's first lesson (a module needs one to be valid).
    """
    check_id(module_id, "module")
    if lesson_id:
        check_id(lesson_id, "lesson")
        _refuse_existing(root / "lessons" / lesson_id, root, "lesson")
    spec = read_curriculum(root)
    bands = {b.id: b for b in spec.grade_bands}
    if band not in bands:
        raise ScaffoldError(
            say("no_such", what="grade band", value=band) + suggest_text(band, bands),
            say("new_bands_fix", bands=", ".join(bands)),
        )
    folder = root / "modules" / module_id
    _refuse_existing(folder, root, "module")
    curriculum_text = add_to_id_list(_read_text(root / "curriculum.yml"), "modules", module_id, "curriculum.yml")
    path = folder / "module.yml"
    module_yaml = _yaml_lines(
        path,
        root,
        "module",
        [
            (f"band: {band}", ""),
            (f"grades: {_flow_list([str(g) for g in bands[band].grades])}", f"from the grade band '{band}'"),
            ("themes: []", "theme ids from curriculum.yml"),
            ("outcomes: []", "outcome codes from curriculum.yml"),
            ("lessons: []", "lesson ids in teaching order"),
        ],
    )
    files = {path: module_yaml}
    files.update(_plan_text(folder, "module", spec, lambda lang: titled_text(lang, "module")))
    done = _carry_out(files, {root / "curriculum.yml": curriculum_text})
    done.notes.append(ui_text("added_module", module=module_id))
    if not lesson_id:
        done.notes.append(ui_text("module_needs_lesson", module=module_id))
        return done
    lesson = new_lesson(root, module_id, lesson_id)
    done.created += lesson.created
    done.changed += [path for path in lesson.changed if path not in done.created]
    done.notes += lesson.notes
    return done


RESOURCE_KINDS: tuple[str, ...] = typing.get_args(m.ResourceKind)
RESOURCE_ORIGINS: tuple[str, ...] = typing.get_args(m.ResourceOrigin)


def new_resource(root: Path, resource_id: str, kind: str, origin: str = "original") -> Scaffold:
    """A teacher resource: resource.yml and one resource.<lang>.md per language."""
    check_id(resource_id, "resource")
    for value, choices, what in ((kind, RESOURCE_KINDS, "kind"), (origin, RESOURCE_ORIGINS, "origin")):
        if value not in choices:
            raise ScaffoldError(
                say("new_not_a_choice", value=value, what=what, suggestion=suggest_text(value, choices)),
                say("use_one_of", choices=", ".join(choices)),
            )
    spec = read_curriculum(root)
    folder = root / "resources" / resource_id
    _refuse_existing(folder, root, "resource")
    path = folder / "resource.yml"
    resource_yaml = _yaml_lines(
        path,
        root,
        "resource",
        [
            (f"kind: {kind}", ", ".join(RESOURCE_KINDS)),
            ("themes: []", "theme ids from curriculum.yml"),
            (f"origin: {origin}", ", ".join(RESOURCE_ORIGINS)),
            (f"licence: {yaml_scalar(spec.licence)}", "the curriculum's licence"),
            ("sources: []", "bibliography ids"),
            ("terms: []", "glossary term ids"),
        ],
    )
    files = {path: resource_yaml}
    files.update(_plan_text(folder, "resource", spec, lambda lang: titled_text(lang, "resource")))
    return _carry_out(files, {})


def new_term(root: Path, term_id: str, latin: str) -> Scaffold:
    """A glossary term appended to glossary.yml, with placeholder meanings in Bulgarian and English."""
    check_id(term_id, "term")
    if not latin.strip():
        raise ScaffoldError(say("new_no_latin"), say("new_no_latin_fix"))
    read_curriculum(root)
    path = root / "glossary.yml"
    fields = [
        ("id", term_id),
        ("latin", yaml_scalar(latin.strip())),
        # The glossary needs a meaning in English too (the site's Romani words are explained in both).
        ("meaning", '{bg: "ПОПЪЛНЕТЕ: значение", en: "ПОПЪЛНЕТЕ: значение на английски"}'),
    ]
    if not path.exists():
        lines = [modeline(path, root, "glossary"), "terms:"]
        lines += [f"{'  - ' if i == 0 else '    '}{k}: {v}" for i, (k, v) in enumerate(fields)]
        return _carry_out({path: "\n".join(lines) + "\n"}, {})
    glossary = _read_model(path, m.GlossaryFile, root, "glossary")
    if any(term.id == term_id for term in glossary.terms):
        raise ScaffoldError(
            say("new_term_exists", term=term_id), say("new_term_exists_fix")
        )
    done = _carry_out({}, {path: append_mapping(_read_text(path), "terms", fields, "glossary.yml")})
    done.notes.append(
        Text(
            "Write the term's meanings (Bulgarian and English) in place of the ПОПЪЛНЕТЕ placeholders.",
            "Напишете значенията на думата (на български и на английски) на мястото на ПОПЪЛНЕТЕ.",
        )
    )
    return done
