"""Turning raw validation results into problems an author understands, and checks on Markdown text."""

from __future__ import annotations

import difflib
import html
import re
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import safety
from .diagnostics import Diagnostics
from .messages import Text, say
from .model import DATE_TAGS, REVIEW_STATES
from .sources import Inside, MarkdownDocument, YamlDocument, is_inside

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
    "first_day": 'first_day: "2026-09-15"',
    "second_term": 'second_term: "2027-02-04"',
    "last_day": 'last_day: "2027-06-30"',
    "start": 'start: "2026-12-24"',
    "end": 'end: "2027-01-03"',
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


def _field_words(loc: tuple[str | int, ...]) -> str | Text:
    names = [str(p) for p in loc if not isinstance(p, int)]
    return "`" + ".".join(names) + "`" if names else say("the_file")


def validate_model(doc: YamlDocument, model: type[M], diag: Diagnostics, *, what: str) -> M | None:
    """Validate YAML data against a model; every error becomes a problem at its line."""
    data = doc.data
    if not isinstance(data, dict):
        line, column = doc.where(())
        kind = _kind_of(data)
        key = {"nothing": "kind_nothing", "a list": "kind_list", "a str": "kind_text"}.get(kind)
        message = say("not_mapping", what=what, kind=say(key) if key else kind)
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
class _Shown:
    """A value as a message shows it: its repr, cut short when it is long (a 4,000-digit number)."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __repr__(self) -> str:
        text = repr(self.value)
        return text if len(text) <= 60 else f"{text[:30]}… ({len(text)} characters)"

    def __str__(self) -> str:
        text = str(self.value)
        return text if len(text) <= 60 else f"{text[:30]}… ({len(text)} characters)"

    def __eq__(self, other: object) -> bool:
        return self.value == other

    __hash__ = None  # type: ignore[assignment]


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
    value = _Shown(error.get("input"))
    example = _EXAMPLES.get(name)
    example_hint = say("for_example", example=example) if example else None
    ctx = error.get("ctx") or {}
    if "review" in loc[:-1] or (loc and loc[-1] == "review"):
        _report_review(error, loc, doc, diag, line, column)
        return
    msg: Text
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        msg = say("must_be_number", field=field, value=repr(value))
    elif kind in {"list_type"}:
        msg = say("must_be_list", field=field, value=repr(value))
    elif kind in {"dict_type", "model_type", "model_attributes_type"}:
        msg = say("must_be_mapping", field=field, value=repr(value))
    elif kind in {"string_type"}:
        msg = say("must_be_text", field=field, value=repr(value))
        if isinstance(value.value, dict):
            example_hint = say("quote_colon_example")
    elif kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "a-z0-9" in pattern:
            msg = say("not_an_id", value=value, field=field)
            example_hint = say("for_example", example="first-romani-words")
        elif "0[1-9]" in pattern:
            msg = say("not_a_date", field=field, value=repr(value))
            example_hint = say("date_example")
        elif "https?" in pattern:
            msg = say("must_be_url", field=field, value=repr(value))
        elif "[a-z]{2,3}" in pattern:
            msg = say("not_a_language", value=value, field=field)
        elif "[A-Z]{2}" in pattern:
            msg = say("not_a_dialect", value=value, field=field)
        else:
            msg = say("not_in_form", value=value, field=field)
    elif kind in {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type"}:
        msg = say("not_a_real_date", field=field, value=repr(value))
        example_hint = example_hint if name != "date" else say("for_example", example='date: "2027-03-03"')
    elif kind == "literal_error":
        choices = str(ctx.get("expected", ""))
        choices_bg = choices.replace(" or ", " или ")
        msg = say("must_be_one_of", field=field, value=repr(value), choices=choices, choices_bg=choices_bg)
        msg += suggest_text(str(value), _literals(ctx))
    elif kind == "month_day":
        msg = say("not_every_year", field=field, value=repr(value))
        example_hint = say("for_example", example='date: "02-28"')
    elif kind in {"greater_than_equal", "greater_than"}:
        msg = say("at_least", field=field, limit=ctx.get("ge", ctx.get("gt")), value=repr(value))
    elif kind in {"less_than_equal", "less_than"}:
        msg = say("at_most", field=field, limit=ctx.get("le", ctx.get("lt")), value=repr(value))
    elif kind in {"too_short"} or kind == "string_too_short":
        msg = say("not_empty", field=field)
    else:
        msg = say("other_value_error", field=field, error=error["msg"], value=repr(value))
    diag.add(
        "CUR027" if kind == "month_day" else "CUR005",
        doc.path,
        msg,
        line=line,
        column=column,
        hint=say("write_like", example=example_hint) if example_hint else None,
    )


def _report_review(
    error: Any, loc: tuple[str | int, ...], doc: YamlDocument, diag: Diagnostics, line: int, column: int
) -> None:
    """A review state that is not one of the states, or a reviewed text without its reviewer: CUR040."""
    kind, value = error["type"], error.get("input")
    states = ", ".join(REVIEW_STATES)
    example = say("review_example")
    write_one = say("review_write_one", states=states, example=example)
    if kind == "literal_error":
        message = say("review_not_a_state", value=repr(value), suggestion=suggest_text(value, REVIEW_STATES))
        hint = write_one
    elif kind == "review_incomplete":
        message = say("review_incomplete", missing=(error.get("ctx") or {}).get("missing", ""))
        hint = say("review_incomplete_fix")
    elif kind in {"model_type", "model_attributes_type", "dict_type"}:
        message = say("review_not_mapping", field=_field_words(loc), value=repr(value))
        hint = write_one
    elif kind in {"date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"}:
        message = say("review_date", value=repr(value))
        hint = say("write_like", example="`date: 2026-11-30`")
    else:
        message = say("other_value_error", field=_field_words(loc), error=error["msg"], value=repr(value))
        hint = say("review_is_one_of", states=states, example=example)
    diag.add("CUR040", doc.path, message, line=line, column=column, hint=hint)


# --- Markdown text checks ------------------------------------------------------------------------------

_FENCE = re.compile(r"^(```|~~~)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_LINK = re.compile(r"\[(?<!!\[)[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
"""A link that is not an image. The `[` comes first and the `!` is looked for behind it (the same matches as
`(?<!!)\\[...`): a pattern that starts with a literal is searched for that character, twenty times faster."""
_PLACEHOLDER = re.compile(r"\bTODO\b|\bПОПЪЛНЕТЕ\b")
"""The placeholders `curriculum new` writes: ПОПЪЛНЕТЕ ("fill in") in Bulgarian text, TODO in others."""


def _placeholder(text: str) -> re.Match[str] | None:
    """`_PLACEHOLDER.search(text)`; the words are looked for first, which is far quicker than the pattern's
    word boundaries tried at every character of a text that has neither (most texts)."""
    if "TODO" not in text and "ПОПЪЛНЕТЕ" not in text:
        return None
    return _PLACEHOLDER.search(text)


def markdown_lines(body: str) -> Iterable[tuple[int, str]]:
    """(offset, line) for lines outside fenced code blocks."""
    if "```" not in body and "~~~" not in body:  # no fence: every line (most texts)
        yield from enumerate(body.split("\n"))
        return
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
        if isinstance(value, str) and _placeholder(value):
            line, column = doc.where(loc)
            message = say("placeholder_in_value", field=_field_words(loc), value=repr(_Shown(value)))
            diag.add("CUR022", doc.path, message, line=line, column=column)
        if isinstance(value, str):
            for _, problem in _nesting_by_line(value) if may_run_away(value) else ():  # _runaway_nesting, inline
                line, column = doc.where(loc)
                message = say("field_problem", field=_field_words(loc), problem=problem)
                diag.add("CUR026", doc.path, message, line=line, column=column)
                break
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*loc, index))

    walk(doc.data, ())


_FREE_TEXT_LISTS = {"objectives", "materials"}
"""Lists of sentences, not of ids: the same sentence twice is odd but not a broken reference."""


def check_duplicates(doc: YamlDocument, diag: Diagnostics) -> None:
    """An id named twice in one list (a module listed twice, a theme given twice) is an error at the repeat."""

    def walk(value: object, loc: tuple[str | int, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*loc, key))
        elif isinstance(value, list):
            scalars = all(isinstance(x, str | int) and not isinstance(x, bool) for x in value)
            if scalars and not (loc and loc[-1] in _FREE_TEXT_LISTS):
                seen: set[object] = set()
                for index, item in enumerate(value):
                    if item in seen:
                        line, column = doc.where((*loc, index))
                        diag.add(
                            "CUR006",
                            doc.path,
                            say("listed_twice", item=item, field=_field_words(loc)),
                            line=line,
                            column=column,
                            hint=say("keep_one"),
                        )
                    seen.add(item)
            else:
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
_RUNAWAY_LINE = rf" {{{MAX_BLOCK_INDENT + 1}}}.*\S|(?:\s*(?:{_OPENER.pattern})){{{MAX_OPENERS},}}"
"""The start of a line that may be too deep or open too much (every line `_runaway_nesting` reports starts so)."""
_MAYBE_RUNAWAY_FIRST = re.compile(_RUNAWAY_LINE)
_MAYBE_RUNAWAY = re.compile(rf"\n(?:{_RUNAWAY_LINE})")
"""`_RUNAWAY_LINE` on any line but the first, from the line break before it: a search for a line break is three
times quicker than trying a multi-line `^` at every character."""


def _runaway_nesting(text: str) -> Iterable[tuple[int, Text]]:
    """(line offset, what is wrong) for Markdown that would overflow the renderer's stack.

    Python-Markdown recurses once per open emphasis mark, list and quotation level: past about a thousand the
    build dies with RecursionError instead of a message, so such text is refused with one.
    """
    if may_run_away(text):
        yield from _nesting_by_line(text)


def may_run_away(text: str) -> bool:
    """Whether `_runaway_nesting` must walk the lines of `text`: False says it would report nothing (most texts,
    found with three searches of the whole text)."""
    if len(text) < MAX_OPENERS:  # too short for any of the three (a YAML value, mostly): no search
        return False
    if text.count("*") + text.count("_") > MAX_EMPHASIS_MARKS:
        return True
    return _MAYBE_RUNAWAY_FIRST.match(text) is not None or _MAYBE_RUNAWAY.search(text) is not None


def _nesting_by_line(text: str) -> Iterable[tuple[int, Text]]:
    marks, start = 0, 0
    for offset, line_text in markdown_lines(text):
        indent = len(line_text) - len(line_text.lstrip(" "))
        openers = _OPENERS.match(line_text)
        if line_text.strip() and indent > MAX_BLOCK_INDENT:
            yield offset, say("nesting_indent", indent=indent, limit=MAX_BLOCK_INDENT)
        elif openers and len(_OPENER.findall(line_text, 0, openers.end() + 1)) > MAX_OPENERS:
            yield offset, say("nesting_openers", limit=MAX_OPENERS)
        if not line_text.strip():
            marks = 0
            continue
        start = offset if marks == 0 else start
        before = marks
        marks += line_text.count("*") + line_text.count("_")
        if before <= MAX_EMPHASIS_MARKS < marks:
            yield start, say("nesting_marks", limit=MAX_EMPHASIS_MARKS)


_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_REFERENCE = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)
_REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?(?![(\[:])")
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*=[^{}\n]*)\}")
_ATTR_KEY = re.compile(r"(?:^|\s)([^\s=#.]+)\s*=")
_ATTR_LIST_KEYS = safety.GLOBAL_ATTRIBUTES | {"markdown", "width", "height", "alt", "start", "colspan", "rowspan"}


def masked(body: str) -> str:
    """The Markdown with fenced code blocks and code spans blanked out (same length, same line breaks): code is
    shown to the reader as text, never run, so it is not checked as HTML."""
    if "`" not in body and "~~~" not in body:  # no code (most texts)
        return body
    lines = body.split("\n")
    visible = {offset for offset, _ in markdown_lines(body)}
    lines = [line if offset in visible else " " * len(line) for offset, line in enumerate(lines)]
    text = "\n".join(lines)
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _place(doc: MarkdownDocument, text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    return doc.body_line + line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_markdown(doc: MarkdownDocument, root: Path, diag: Diagnostics, *, inside: Inside | None = None) -> None:
    """Images with alt text and inside the curriculum, author HTML the sanitiser keeps whole, safe URLs, no
    placeholders left, no runaway nesting. `inside` answers whether a path is inside `root` faster."""
    folder = doc.path.parent
    for offset, message in _runaway_nesting(doc.body):
        diag.add("CUR026", doc.path, message, line=doc.body_line + offset, column=1)
    check_placeholders(doc.meta, diag)
    text = masked(doc.body)

    def add(code: str, offset: int, message: Text) -> None:
        line, column = _place(doc, text, offset)
        diag.add(code, doc.path, message, line=line, column=column)

    def url(target: str, offset: int, *, image: bool = False) -> None:
        problem = safety.url_problem(target)
        if problem:
            key = "image_refused" if image else "link_refused"
            add("CUR029", offset, say(key, target=target[:80], problem=problem))
            return
        line, column = _place(doc, text, offset)
        check_local_path(
            html.unescape(target), folder, root, doc.path, diag, line=line, column=column, image=image, inside=inside
        )

    for match in _IMAGE.finditer(text):
        if not match.group(1).strip():
            add("CUR012", match.start(), say("image_no_alt", target=match.group(2)))
        url(match.group(2), match.start(), image=True)
    for match in _LINK.finditer(text):
        url(match.group(1), match.start())
    # Every reference definition has `]:` (the pattern's start of line is tried at every character).
    references = {m.group(1).strip().lower(): m for m in _REFERENCE.finditer(text)} if "]:" in text else {}
    images = {}
    for match in _REFERENCE_IMAGE.finditer(text):
        label = (match.group(2) or match.group(1)).strip().lower()
        if label in references:
            images[label] = match
            if not match.group(1).strip():
                add("CUR012", match.start(), say("image_no_alt", target=f"[{label}]"))
    for label, match in references.items():
        url(match.group(2), match.start(2), image=label in images)
    for match in safety.AUTOLINK.finditer(text):
        if ":" in match.group(0) and "@" not in match.group(0).split(":", 1)[0]:
            problem = safety.url_problem(match.group(0)[1:-1])
            if problem:
                add("CUR029", match.start(), say("link_refused", target=match.group(0)[:80], problem=problem))
    for finding in safety.check_html(text):
        add(finding.code, finding.offset, finding.message)
    for offset, written, closing in safety.html_tags(text):
        name = written[1:].split(None, 1)[0].rstrip(">/").lower()
        if closing or name not in ("img", "a"):
            continue
        parsed = safety.parse_tag(written)
        attributes = dict(parsed[1]) if parsed else {}
        target = attributes.get("src" if name == "img" else "href")
        if name == "img" and not (attributes.get("alt") or "").strip():
            add("CUR012", offset, say("img_tag_no_alt"))
        if target and not safety.url_problem(target):
            line, column = _place(doc, text, offset)
            check_local_path(
                target, folder, root, doc.path, diag, line=line, column=column, image=name == "img", inside=inside
            )
    for match in _ATTR_LIST.finditer(text):
        for key in _ATTR_KEY.findall(match.group(1)):
            if key.lower() not in _ATTR_LIST_KEYS:
                add("CUR023", match.start(), say("attribute_list_not_allowed", key=key, attributes=match.group(1)[:60]))
    for offset, line_text in markdown_lines(doc.body) if _placeholder(doc.body) else ():
        placeholder = _PLACEHOLDER.search(line_text)
        if placeholder:
            diag.add(
                "CUR022",
                doc.path,
                say("placeholder_left", word=placeholder.group(0)),
                line=doc.body_line + offset,
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
    inside: Inside | None = None,
) -> None:
    if target.startswith("#") or target.startswith("mailto:"):
        return
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
        if image:
            diag.add(
                "CUR010",
                source,
                say("image_other_host", target=target),
                line=line,
                column=column,
                hint=say("image_other_host_fix"),
            )
        return
    path_part = target.split("#", 1)[0].split("?", 1)[0]
    if not path_part:
        return
    if path_part.startswith("/"):
        diag.add("CUR010", source, say("absolute_path", target=target), line=line, column=column)
        return
    resolved = folder / path_part
    if not (inside(resolved) if inside is not None else is_inside(resolved, root)):
        diag.add("CUR010", source, say("leads_outside", target=target), line=line, column=column)
        return
    if image and not resolved.is_file():
        diag.add("CUR013", source, say("image_missing", target=target), line=line, column=column)
