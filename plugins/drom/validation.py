"""Turning raw validation results into problems an author understands, and checks on Markdown text."""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostics
from .messages import Text, say
from .model import DATE_TAGS
from .sources import MarkdownDocument, YamlDocument, is_inside

M = TypeVar("M", bound=BaseModel)

_EXAMPLES = {
    "duration": "duration: 40",
    "minutes": "minutes: 10",
    "grades": "grades: [2, 3]",
    "languages": "languages: [bg, en, rom]",
    "date": 'date: "01-14"',
    "kind": "kind: main",
    "origin": "origin: retold",
    "rule": "date: {rule: orthodox-easter, offset: -8}",
}


def suggest(word: str, choices: Iterable[str]) -> str:
    """' Did you mean 'x'?' for the nearest choice, or ''."""
    return suggest_text(word, choices).en


def suggest_text(word: str, choices: Iterable[str]) -> Text:
    """`suggest` in both languages."""
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return say("did_you_mean", match=match[0]) if match else Text("", "")


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The pydantic model class that validates the mapping at `loc` inside `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """The model class inside list[...], X | None and Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        inner = _unwrap(arg)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return annotation


def _field_words(loc: tuple[str | int, ...]) -> str:
    names = [str(p) for p in loc if not isinstance(p, int)]
    return "`" + ".".join(names) + "`" if names else "the file"


def validate_model(doc: YamlDocument, model: type[M], diag: Diagnostics, *, what: str) -> M | None:
    """Validate YAML data against a model; every error becomes a problem at its line."""
    data = doc.data
    if not isinstance(data, dict):
        line, column = doc.where(())
        kind_bg = {"nothing": "празно", "a list": "списък", "a str": "текст"}.get(_kind_of(data), _kind_of(data))
        message = say("not_mapping", what=what, kind=_kind_of(data), kind_bg=kind_bg)
        diag.add("CUR005", doc.path, message, line=line, column=column)
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for error in errors:
            if not _explained_by_typo(error, errors, model):
                _report(error, doc, model, diag, what)
        return None


def _explained_by_typo(error: Any, errors: list[Any], model: type[BaseModel]) -> bool:
    """A missing field whose misspelling is reported as an unknown key next to it: one message is enough."""
    if error["type"] != "missing":
        return False
    parent, name = tuple(error["loc"][:-1]), str(error["loc"][-1])
    for other in errors:
        loc = tuple(other["loc"])
        if other["type"] == "extra_forbidden" and loc[:-1] == parent:
            owner = _model_at(model, parent)
            allowed = list(owner.model_fields) if owner else []
            if difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6) == [name]:
                return True
    return False


def _literals(ctx: dict[str, Any]) -> list[str]:
    """The allowed words of a literal_error, from pydantic's "'a', 'b' or 'c'"."""
    return re.findall(r"'([^']*)'", str(ctx.get("expected", "")))


def _kind_of(data: object) -> str:
    return "nothing" if data is None else f"a {type(data).__name__}"


def _report(error: Any, doc: YamlDocument, model: type[BaseModel], diag: Diagnostics, what: str) -> None:
    # A tagged union names the branch it tried in the location; the file has no such key.
    loc: tuple[str | int, ...] = tuple(p for p in error["loc"] if p not in DATE_TAGS)
    kind = error["type"]
    line, column = doc.where(loc)
    name = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = list(owner.model_fields) if owner else []
        unknown = say("unknown_key", name=name, what=what) + suggest_text(name, allowed)
        hint = say("allowed_keys", keys=", ".join(allowed)) if allowed else None
        diag.add("CUR003", doc.path, unknown, line=line, column=column, hint=hint)
        return
    if kind == "missing":
        parent = _field_words(loc[:-1])
        where_, where_bg = (f" in {parent}", f" в {parent}") if loc[:-1] else ("", "")
        example = _EXAMPLES.get(name)
        diag.add(
            "CUR004",
            doc.path,
            say("missing_key", name=name, where=where_, where_bg=where_bg, what=what),
            line=line,
            column=column,
            hint=say("add_it", example=example) if example else None,
        )
        return
    field = _field_words(loc)
    value = error.get("input")
    example = _EXAMPLES.get(name)
    example_hint = f"e.g. `{example}`" if example else None
    ctx = error.get("ctx") or {}
    msg: str | Text
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        msg = say("must_be_number", field=field, value=repr(value))
    elif kind in {"list_type"}:
        msg = say("must_be_list", field=field, value=repr(value))
    elif kind in {"dict_type", "model_type", "model_attributes_type"}:
        msg = say("must_be_mapping", field=field, value=repr(value))
    elif kind in {"string_type"}:
        msg = say("must_be_text", field=field, value=repr(value))
        if isinstance(value, dict):
            example_hint = (
                '`- "Optional: a recording"` (a colon and a space start a `key: value`: put the text in quotes)'
            )
    elif kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "a-z0-9" in pattern:
            msg = say("not_an_id", value=value, field=field)
            example_hint = "e.g. `first-romani-words`"
        elif "0[1-9]" in pattern:
            msg = say("not_a_date", field=field, value=repr(value))
            example_hint = 'e.g. `date: "01-14"`, or a movable feast: `date: {rule: orthodox-easter, offset: -8}`'
        elif "https?" in pattern:
            msg = f"{field} must be a web address starting with https://, not {value!r}."
        elif "[a-z]{2,3}" in pattern:
            msg = f"'{value}' in {field} is not a language code: use a two- or three-letter code such as bg, en, rom."
        elif "[A-Z]{2}" in pattern:
            msg = f"'{value}' in {field} is not a ROMLEX dialect code (two capital letters, e.g. ER)."
        else:
            msg = f"'{value}' in {field} is not in the expected form."
    elif kind == "literal_error":
        choices = str(ctx.get("expected", ""))
        choices_bg = choices.replace(" or ", " или ")
        msg = say("must_be_one_of", field=field, value=repr(value), choices=choices, choices_bg=choices_bg)
        msg += suggest_text(value, _literals(ctx))
    elif kind == "month_day":
        msg = f"{field}: {value!r} is not a day of every year (months have 28 to 31 days; 29 February is not allowed)."
        example_hint = 'e.g. `date: "02-28"`'
    elif kind in {"greater_than_equal", "greater_than"}:
        msg = say("at_least", field=field, limit=ctx.get("ge", ctx.get("gt")), value=repr(value))
    elif kind in {"less_than_equal", "less_than"}:
        msg = say("at_most", field=field, limit=ctx.get("le", ctx.get("lt")), value=repr(value))
    elif kind in {"too_short"} or kind == "string_too_short":
        msg = say("not_empty", field=field)
    else:
        msg = f"{field}: {error['msg']} (got {value!r})."
    diag.add(
        "CUR005",
        doc.path,
        msg,
        line=line,
        column=column,
        hint=say("write_like", example=example_hint, example_bg=example_hint.replace("e.g.", "например"))
        if example_hint
        else None,
    )


# --- Markdown text checks ------------------------------------------------------------------------------

_FENCE = re.compile(r"^(```|~~~)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_DANGEROUS = re.compile(
    r"<\s*(script|iframe|style|object|embed|form|link|meta|base)\b|\bon[a-z]+\s*=\s*[\"']|javascript:",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\bTODO\b|\bПОПЪЛНЕТЕ\b")
"""The placeholders `curriculum new` writes: ПОПЪЛНЕТЕ ("fill in") in Bulgarian text, TODO in others."""


def markdown_lines(body: str) -> Iterable[tuple[int, str]]:
    """(offset, line) for lines outside fenced code blocks."""
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line.strip()):
            fenced = not fenced
            continue
        if not fenced:
            yield offset, line


def check_placeholders(doc: YamlDocument, diag: Diagnostics) -> None:
    """`TODO` left in a YAML text value (e.g. a glossary meaning written by `curriculum new term`), runaway nesting."""

    def walk(value: object, loc: tuple[str | int, ...]) -> None:
        if isinstance(value, str) and _PLACEHOLDER.search(value):
            line, column = doc.where(loc)
            message = f"{_field_words(loc)} still holds placeholder text: {value!r}."
            diag.add("CUR022", doc.path, message, line=line, column=column)
        if isinstance(value, str):
            for _, problem in _runaway_nesting(value):
                line, column = doc.where(loc)
                diag.add("CUR026", doc.path, f"{_field_words(loc)}: {problem}", line=line, column=column)
                break
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*loc, index))

    walk(doc.data, ())


MAX_EMPHASIS_MARKS = 400
"""Most `*` and `_` one paragraph may hold. Python-Markdown recurses once per unclosed mark and overflows the
stack at about a thousand; a real paragraph has a few dozen."""
MAX_BLOCK_INDENT = 64
"""Deepest indentation (in spaces) of a line: sixteen list levels. Nested lists recurse the same way."""
MAX_OPENERS = 32
"""Most quotation marks and list markers opening one line (`> > …`, `- - …`, `1. 1. …`)."""

_OPENER = re.compile(r">|[-*+](?=\s)|\d{1,9}[.)](?=\s)")
_OPENERS = re.compile(rf"^(?:\s*(?:{_OPENER.pattern}))+")


def _runaway_nesting(text: str) -> Iterable[tuple[int, str]]:
    """(line offset, what is wrong) for Markdown that would overflow the renderer's stack.

    Python-Markdown recurses once per open emphasis mark, list and quotation level: past about a thousand the
    build dies with RecursionError instead of a message, so such text is refused with one.
    """
    marks, start = 0, 0
    for offset, line_text in markdown_lines(text):
        indent = len(line_text) - len(line_text.lstrip(" "))
        openers = _OPENERS.match(line_text)
        if line_text.strip() and indent > MAX_BLOCK_INDENT:
            yield offset, f"The line is indented {indent} spaces (at most {MAX_BLOCK_INDENT})."
        elif openers and len(_OPENER.findall(line_text, 0, openers.end() + 1)) > MAX_OPENERS:
            yield offset, f"The line opens more than {MAX_OPENERS} quotations or lists (>, -, 1.)."
        if not line_text.strip():
            marks = 0
            continue
        start = offset if marks == 0 else start
        before = marks
        marks += line_text.count("*") + line_text.count("_")
        if before <= MAX_EMPHASIS_MARKS < marks:
            yield start, f"The paragraph holds more than {MAX_EMPHASIS_MARKS} emphasis marks (* or _)."


def check_markdown(doc: MarkdownDocument, root: Path, diag: Diagnostics) -> None:
    """Images with alt text and inside the curriculum, no scripts, no placeholders left, no runaway nesting."""
    folder = doc.path.parent
    for offset, message in _runaway_nesting(doc.body):
        diag.add("CUR026", doc.path, message, line=doc.body_line + offset, column=1)
    check_placeholders(doc.meta, diag)
    for offset, line_text in markdown_lines(doc.body):
        line = doc.body_line + offset
        for match in _IMAGE.finditer(line_text):
            alt, target = match.group(1).strip(), match.group(2)
            column = match.start() + 1
            if not alt:
                diag.add("CUR012", doc.path, f"The image '{target}' has no alt text.", line=line, column=column)
            check_local_path(target, folder, root, doc.path, diag, line=line, column=column, image=True)
        for match in _HTML_IMG.finditer(line_text):
            if not re.search(r"\balt\s*=\s*[\"'][^\"']+[\"']", match.group(0)):
                diag.add("CUR012", doc.path, "An <img> tag has no alt text.", line=line, column=match.start() + 1)
        for match in _LINK.finditer(line_text):
            check_local_path(match.group(1), folder, root, doc.path, diag, line=line, column=match.start() + 1)
        danger = _DANGEROUS.search(line_text)
        if danger:
            diag.add(
                "CUR023",
                doc.path,
                f"'{danger.group(0).strip()}' is not allowed in curriculum text.",
                line=line,
                column=danger.start() + 1,
            )
        placeholder = _PLACEHOLDER.search(line_text)
        if placeholder:
            diag.add(
                "CUR022",
                doc.path,
                f"Placeholder text '{placeholder.group(0)}' is still in the text.",
                line=line,
                column=placeholder.start() + 1,
            )


def check_local_path(
    target: str,
    folder: Path,
    root: Path,
    source: Path,
    diag: Diagnostics,
    *,
    line: int,
    column: int,
    image: bool = False,
) -> None:
    if target.startswith("#") or target.startswith("mailto:"):
        return
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
        if image:
            diag.add(
                "CUR010",
                source,
                f"The image '{target}' is on another host; the site makes no third-party requests.",
                line=line,
                column=column,
                hint="Download the picture (if its licence allows) into the images/ folder and link it there.",
            )
        return
    path_part = target.split("#", 1)[0].split("?", 1)[0]
    if not path_part:
        return
    if path_part.startswith("/"):
        diag.add("CUR010", source, f"'{target}' is an absolute path.", line=line, column=column)
        return
    resolved = folder / path_part
    if not is_inside(resolved, root):
        diag.add("CUR010", source, f"'{target}' leads outside the curriculum folder.", line=line, column=column)
        return
    if image and not resolved.is_file():
        diag.add("CUR013", source, f"The image '{target}' does not exist.", line=line, column=column)
