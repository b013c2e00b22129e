"""Reading curriculum files safely: inside the root, UTF-8, bounded in size, YAML with line and column.

Every failure becomes a problem in the run's diagnostics; nothing here raises on bad input.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from .diagnostics import Diagnostics
from .messages import Text, say

MAX_FILE_BYTES = 512 * 1024
"""Largest curriculum file accepted: a lesson is a few kilobytes; anything near this is a mistake."""

MAX_YAML_DEPTH = 50
"""Deepest nesting of lists and blocks accepted; curriculum files need four or five levels."""

MAX_YAML_NODES = 20_000
"""Most YAML nodes one file may hold, counting aliases where they are used (refuses alias bombs)."""

Path_ = tuple[str | int, ...]


class _TooDeep(yaml.YAMLError):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__(f"nested more than {MAX_YAML_DEPTH} levels")
        self.mark = mark


class _DepthLimit(Composer):
    """Composes nodes as PyYAML does, refusing a list or block nested more than MAX_YAML_DEPTH levels deep.

    libyaml's own composer recurses once per level without a limit and crashes the whole process (not a
    Python exception) on input such as ``- - - - …`` or ``[[[[…`` a hundred thousand levels deep.
    """

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        # check_event and peek_event come from the parser the loaders below mix in (not known to Composer).
        opens = self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent)  # type: ignore[attr-defined]
        if opens:
            if self._depth >= MAX_YAML_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[attr-defined]
            self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            if opens:
                self._depth -= 1


class _CheckedConstructor(SafeConstructor):
    """The safe constructor, with values it cannot build turned into errors that name their place.

    PyYAML raises a bare ValueError (no line, no column) for a date that does not exist (`2024-02-30`,
    month 13) and for an integer of more than 4,300 digits; the author gets a located message instead.
    """

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as error:
            raise ImpossibleValue("date", str(node.value), str(error), node.start_mark) from None

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_int(node)
        except (ValueError, OverflowError) as error:
            raise ImpossibleValue("number", str(node.value), str(error), node.start_mark) from None


_CheckedConstructor.add_constructor("tag:yaml.org,2002:timestamp", _CheckedConstructor.construct_yaml_timestamp)  # type: ignore[type-var]
_CheckedConstructor.add_constructor("tag:yaml.org,2002:int", _CheckedConstructor.construct_yaml_int)  # type: ignore[type-var]


class ImpossibleValue(yaml.YAMLError):
    """A scalar that looks like a date or a number but cannot be one."""

    def __init__(self, kind: str, text: str, reason: str, mark: yaml.Mark) -> None:
        super().__init__(f"{kind} {text[:40]!r}: {reason}")
        self.kind = kind
        self.text = text
        self.reason = reason
        self.mark = mark


_LIBYAML = hasattr(yaml, "CSafeLoader")
if _LIBYAML:
    from yaml._yaml import CParser

    class _Loader(CParser, _DepthLimit, _CheckedConstructor, Resolver):  # type: ignore[misc]
        """libyaml's parser (five times faster) under the depth-limited composer and the safe constructor."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _DepthLimit.__init__(self)
            _CheckedConstructor.__init__(self)
            Resolver.__init__(self)

        # CParser composes in C; compose from its events with the composer above instead.
        get_single_node = _DepthLimit.get_single_node
        check_node = _DepthLimit.check_node
        get_node = _DepthLimit.get_node

else:  # pragma: no cover - PyYAML built without libyaml

    class _Loader(_DepthLimit, _CheckedConstructor, yaml.SafeLoader):  # type: ignore[no-redef]
        """The pure-Python safe loader with the depth-limited composer."""


_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass
class YamlDocument:
    """Plain data from one YAML text, and where each part of it stands in the file."""

    path: Path
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Path_) -> tuple[int, int]:
        """Line and column of `loc`, or of its nearest ancestor that has a position."""
        loc = tuple(loc)
        while loc not in self.positions and loc:
            loc = loc[:-1]
        return self.positions.get(loc, (1, 1))


@dataclass
class MarkdownDocument:
    """A Markdown file split into front matter (with positions) and body."""

    path: Path
    meta: YamlDocument
    body: str
    body_line: int
    """Line number (1-based) of the body's first line in the file."""


def is_inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


class Inside:
    """`is_inside(path, root)` for the many paths of one load, with the same answers, for a fraction of the cost.

    `Path.resolve` looks at every part of both paths (a dozen system calls per file). Here the root is resolved
    once and each folder once; a file in a resolved folder whose own name is no symlink resolves to that folder
    plus its name (what `os.path.realpath` would find), so it costs one `lstat`. A path that ends in a symlink,
    `..`, or whose folder does not resolve to a folder is asked of `is_inside` itself. What it learns of the
    folders is kept for its lifetime: one load (a folder may become a link between two loads).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: dict[str, str | None] = {}
        self._root: str | None = None
        if os.name == "posix":  # elsewhere paths compare otherwise (case, drives): always `is_inside`
            with contextlib.suppress(OSError, RuntimeError):  # a symlink loop: `is_inside` says no
                self._root = str(root.resolve())
        if self._root is not None and self._root.endswith("/"):
            self._root = None  # the file system's top (`/`, `//`): left to `is_inside`

    def __call__(self, path: Path) -> bool:
        root = self._root
        real = self._real(os.fspath(path)) if root is not None else None
        if root is None or real is None:
            return is_inside(path, self.root)
        return real == root or real.startswith(root + "/")

    def _real(self, name: str) -> str | None:
        """`os.path.realpath(name)` when its folder resolves to a folder and its last part is not a link."""
        head, tail = os.path.split(name)
        if tail in ("", ".", "..") or not head:
            return None
        folder = self._folder(head)
        if folder is None:
            return None
        real = os.path.join(folder, tail)
        try:
            if stat.S_ISLNK(os.lstat(real).st_mode):
                return None
        except OSError:
            return None
        return real

    def _folder(self, name: str) -> str | None:
        if name in self._folders:
            return self._folders[name]
        real = self._real(name)
        if real is None:  # a link, `..`, the top or a relative first part: resolved whole
            try:
                real = os.path.realpath(name)
                if not stat.S_ISDIR(os.stat(real).st_mode):  # also fails on a symlink loop
                    real = None
            except OSError:
                real = None
        self._folders[name] = real
        return real


def read_text(path: Path, root: Path, diag: Diagnostics, *, inside: Inside | None = None) -> str | None:
    """The text of a curriculum file, or None with a problem recorded. `inside` answers for `root` faster."""
    if not (inside(path) if inside is not None else is_inside(path, root)):
        diag.add("CUR010", path, say("outside_root", name=path.name, root=root.name))
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            diag.add(
                "CUR015",
                path,
                say("file_too_large", size=size // 1024, limit=MAX_FILE_BYTES // 1024),
            )
            return None
        raw = path.read_bytes()
    except FileNotFoundError:
        diag.add("CUR013", path, say("file_missing", name=path.name))
        return None
    except OSError as exc:
        diag.add("CUR013", path, say("file_unreadable", name=path.name, reason=exc.strerror))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diag.add(
            "CUR011",
            path,
            say("not_utf8", byte=f"{raw[exc.start]:02x}"),
            line=line,
            column=column,
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        diag.add("CUR014", path, say("file_empty", name=path.name))
        return None
    check_invisible(text, path, diag)
    return text


_INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
"""Bidi controls (which can make text read differently from how it is stored: CVE-2021-42574) and characters
of no width, which hide differences between words that look the same."""
_JOINERS = {"\u200c", "\u200d"}
_JOINER_FREE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "DIGIT", "SPACE")


def _joiner_needed(text: str, index: int) -> bool:
    """ZWJ/ZWNJ between two letters of a script that shapes with them (Arabic, Indic, ...) or in an emoji."""
    before, after = text[index - 1 : index], text[index + 1 : index + 2]
    if not before or not after:
        return False
    if text[index] == "\u200d" and "So" in (unicodedata.category(before), unicodedata.category(after)):
        return True
    for char in (before, after):
        if unicodedata.category(char)[0] not in "LM":
            return False
        if unicodedata.name(char, "").startswith(_JOINER_FREE_SCRIPTS):
            return False
    return True


def check_invisible(text: str, path: Path, diag: Diagnostics, *, line_offset: int = 0) -> None:
    """Bidi controls and zero-width characters are errors, one per line, at the first one's position."""
    reported: set[int] = set()
    for match in _INVISIBLE.finditer(text):
        index = match.start()
        char = match.group(0)
        if char in _JOINERS and _joiner_needed(text, index):
            continue
        line = text.count("\n", 0, index) + 1
        if line in reported:
            continue
        reported.add(line)
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        name = unicodedata.name(char, "control character")
        diag.add(
            "CUR028",
            path,
            say("invisible_character", number=f"{ord(char):04X}", name=name.lower()),
            line=line + line_offset,
            column=column,
        )


def parse_yaml(text: str, path: Path, diag: Diagnostics, *, line_offset: int = 0) -> YamlDocument | None:
    """Parse YAML with the safe loader only, keeping positions. None (and problems) on failure."""
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        column = len(tab.group(1)) + 1
        said = say("yaml_tab") + _pointer(text, line, column, line_offset)
        diag.add("CUR016", path, said, line=line + line_offset, column=column, hint=say("yaml_tab_fix"))
        return None
    fast = _plain_document(text, line_offset)
    if fast is not None:
        for key, line, column in fast[2]:
            _key_twice(diag, path, key, line, column)
        return YamlDocument(path, fast[0], fast[1])
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        _control_character(exc, text, path, diag, line_offset)
        return None
    node: yaml.Node | None = None
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(path, None, {(): (1 + line_offset, 1)})
        counter = _NodeCounter()
        counter.visit(node)
        if counter.count > MAX_YAML_NODES:
            diag.add(
                "CUR015",
                path,
                say("yaml_too_many", limit=MAX_YAML_NODES),
                line=1 + line_offset,
                column=1,
                hint=say("yaml_too_many_fix"),
            )
            return None
        data = loader.construct_document(node)
    except _TooDeep as exc:
        _too_deep(path, diag, exc.mark, line_offset)
        return None
    except ImpossibleValue as exc:
        line, column = exc.mark.line + 1 + line_offset, exc.mark.column + 1
        shown = exc.text if len(exc.text) <= 40 else f"{exc.text[:20]}… ({len(exc.text)} characters)"
        if exc.kind == "date":
            diag.add(
                "CUR027",
                path,
                say("date_impossible", shown=shown, reason=_date_reason(exc.reason)),
                line=line,
                column=column,
            )
        else:
            diag.add(
                "CUR005",
                path,
                say("number_too_large", shown=shown),
                line=line,
                column=column,
                hint=say("number_too_large_fix"),
            )
        return None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = exc.problem or "cannot be read"
        if "constructor for the tag" in message:
            tag = message.rsplit(" ", 1)[-1].strip("'").removeprefix("tag:yaml.org,2002:")
            diag.add(
                "CUR002",
                path,
                say("unsafe_tag", tag=tag),
                line=line + line_offset,
                column=column,
            )
        else:
            diag.add("CUR001", path, say("yaml_error", what=message), line=line + line_offset, column=column)
        return None
    except yaml.reader.ReaderError as exc:  # libyaml reports these while parsing, at a byte offset
        _control_character(exc, text, path, diag, line_offset, in_bytes=_LIBYAML)
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if _LIBYAML_DEPTH_LIMIT in (exc.problem or ""):
            # libyaml >= the one bundled with PyYAML 6.0.4 stops deep flow nesting in its scanner, before our
            # composer sees the events: the same mistake, so the same problem, at libyaml's mark.
            _too_deep(path, diag, mark, line_offset)
            return None
        plain = _plain_words(exc, text)
        if plain is not None:
            code, key, line, column = plain
            said = say(key) + _pointer(text, line, column, line_offset)
            diag.add(code, path, said, line=line + line_offset, column=column, hint=say(f"{key}_fix"))
            return None
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "syntax error"
        if exc.context:
            what = f"{what} ({exc.context})"
        said = say("yaml_syntax", what=what) + _pointer(text, line, column, line_offset)
        diag.add("CUR001", path, said, line=line + line_offset, column=column)
        return None
    except yaml.YAMLError as exc:
        diag.add("CUR001", path, say("yaml_error", what=str(exc)), line=1 + line_offset, column=1)
        return None
    except ValueError as exc:  # a value that looks like a date but is none, e.g. 2027-02-30
        line, column = _bad_scalar(node)
        diag.add(
            "CUR005",
            path,
            say("value_unreadable", reason=_date_reason(str(exc))),
            line=line + line_offset,
            column=column,
            hint=say("value_unreadable_fix"),
        )
        return None
    except RecursionError:
        _too_deep(path, diag, None, line_offset)
        return None
    finally:
        loader.dispose()
    positions: dict[Path_, tuple[int, int]] = {}
    _record_positions(node, (), positions, line_offset, path, diag, set())
    return YamlDocument(path, data, positions)


_DATE_REASONS = {
    "day is out of range for month": "date_day_out_of_range",
    "month must be in 1..12": "date_month_out_of_range",
}


def _date_reason(reason: str) -> Text:
    """Python's reason why a date does not exist, in each language where it is one of the common ones."""
    key = _DATE_REASONS.get(reason)
    return say(key) if key else Text(reason, reason)


def _pointer(text: str, line: int, column: int, offset: int) -> Text:
    """The line `line` of `text` (1-based), numbered as in the file, with a caret under `column`."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return Text("", "")
    number = str(line + offset)
    shown = lines[line - 1].replace("\t", "→")  # a tab shown as one visible character keeps the caret in place
    caret = " " * (len(number) + 3 + max(column - 1, 0)) + "^"
    snippet = f"\n    {number} | {shown}\n    {caret}"
    return Text(snippet, snippet)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _plain_words(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str, int, int] | None:
    """(code, message key, line, column) for the common shapes of a YAML mistake, from PyYAML's wording.

    PyYAML names what its parser expected; an author needs what to change: the indentation, a colon, a quote,
    a tab, or a list item where `key: value` lines belong.
    """
    problem, context = exc.problem or "", exc.context or ""
    mark, where = exc.problem_mark, exc.context_mark
    if mark is None:
        return None
    lines = text.split("\n")

    def line_text(index: int) -> str:
        return lines[index] if 0 <= index < len(lines) else ""

    def first_column(index: int) -> int:
        return _indent(line_text(index)) + 1

    if "found character '\\t'" in problem or "found character '\t'" in problem:
        return "CUR016", "yaml_tab", mark.line + 1, mark.column + 1
    if "quoted scalar" in context and where is not None:
        return "CUR001", "yaml_quote", where.line + 1, where.column + 1
    if "could not find expected ':'" in problem and where is not None:
        key_line = line_text(where.line)
        start = _indent(key_line)
        gap = re.search(r"\s", key_line[start:])
        column = start + (gap.start() if gap else len(key_line[start:])) + 1
        return "CUR001", "yaml_colon", where.line + 1, column
    current = line_text(mark.line)
    if problem.startswith("mapping values are not allowed"):
        previous = next((line_text(i) for i in range(mark.line - 1, -1, -1) if line_text(i).strip()), "")
        if _indent(current) > _indent(previous) and not previous.rstrip().endswith(":"):
            return "CUR001", "yaml_indent", mark.line + 1, first_column(mark.line)
        return "CUR001", "yaml_colon_value", mark.line + 1, mark.column + 1
    if problem == "did not find expected key" and "block mapping" in context:
        if current.lstrip().startswith("- ") or current.strip() == "-":
            return "CUR001", "yaml_list_here", mark.line + 1, first_column(mark.line)
        before = current[: mark.column]
        if before.count('"') >= 2 or before.count("'") >= 2:
            return "CUR001", "yaml_after_quote", mark.line + 1, mark.column + 1
        return "CUR001", "yaml_indent", mark.line + 1, first_column(mark.line)
    if problem == "did not find expected '-' indicator":
        return "CUR001", "yaml_indent", mark.line + 1, first_column(mark.line)
    return None


_LIBYAML_DEPTH_LIMIT = "exceeded maximum nesting depth"
"""libyaml's own message when flow nesting passes its limit (1,000 levels), raised while scanning."""


def _too_deep(path: Path, diag: Diagnostics, mark: yaml.Mark | None, line_offset: int) -> None:
    """One problem for YAML nested too deeply, whichever layer noticed it (our composer, libyaml, Python)."""
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    diag.add(
        "CUR015",
        path,
        say("yaml_too_deep", limit=MAX_YAML_DEPTH),
        line=line + line_offset,
        column=column,
        hint=say("yaml_too_deep_fix"),
    )
def _bad_scalar(node: yaml.Node | None) -> tuple[int, int]:
    """Line and column of the first scalar the constructor cannot turn into a value."""
    constructor = SafeConstructor()
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode):
            try:
                constructor.construct_object(current)
            except ValueError:
                return current.start_mark.line + 1, current.start_mark.column + 1
        elif isinstance(current, yaml.MappingNode):
            stack.extend(item for pair in current.value for item in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return 1, 1


def _control_character(
    exc: yaml.reader.ReaderError, text: str, path: Path, diag: Diagnostics, offset: int, *, in_bytes: bool = False
) -> None:
    position = max(exc.position, 0)
    if in_bytes:
        position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    position = min(position, len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    diag.add(
        "CUR001",
        path,
        say("control_character", number=f"{character:04X}"),
        line=line + offset,
        column=column,
        hint=say("control_character_fix"),
    )


class _NodeCounter:
    """Counts nodes as the constructed data would hold them, stopping early past the limit."""

    def __init__(self) -> None:
        self.count = 0
        self._sizes: dict[int, int] = {}

    def visit(self, node: yaml.Node) -> int:
        key = id(node)
        if key in self._sizes:
            size = self._sizes[key]
            self.count += size
            return size
        before = self.count
        self.count += 1
        if self.count <= MAX_YAML_NODES:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    self.visit(k)
                    self.visit(v)
                    if self.count > MAX_YAML_NODES:
                        break
            elif isinstance(node, yaml.SequenceNode):
                for item in node.value:
                    self.visit(item)
                    if self.count > MAX_YAML_NODES:
                        break
        size = self.count - before
        self._sizes[key] = size
        return size


def _record_positions(
    node: yaml.Node,
    loc: Path_,
    positions: dict[Path_, tuple[int, int]],
    offset: int,
    path: Path,
    diag: Diagnostics,
    seen: set[int],
) -> None:
    positions.setdefault(loc, (node.start_mark.line + 1 + offset, node.start_mark.column + 1))
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys_seen: set[object] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            line, column = key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1
            if key in keys_seen and key != "<<":
                _key_twice(diag, path, key, line, column)
            keys_seen.add(key)
            positions[(*loc, key)] = (line, column)
            _record_positions(value_node, (*loc, key), positions, offset, path, diag, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, (*loc, index), positions, offset, path, diag, seen)


def _key_twice(diag: Diagnostics, path: Path, key: object, line: int, column: int) -> None:
    diag.add("CUR006", path, say("key_twice", key=key), line=line, column=column, hint=say("keep_one"))


_STR = "tag:yaml.org,2002:str"
_PLAIN_SCALARS = {_STR, *(f"tag:yaml.org,2002:{kind}" for kind in ("null", "bool", "int", "float", "timestamp"))}
"""The tags the fast path below builds (with the constructor's own functions); any other sends a text to the
composer."""


def _plain_document(text: str, line_offset: int) -> tuple[Any, dict[Path_, tuple[int, int]], list] | None:
    """What `parse_yaml` makes of a text that it reads without a problem and that has no anchor, alias, tag,
    merge key or key that is not a scalar (every curriculum file as written): (data, positions, repeated keys
    as (key, line, column)), built straight from the parser's events. None for any other text, which then
    takes the way through the composer, counter and constructor, with the same result. One pass and no nodes:
    parse_yaml of the 6,391 files of 1,000 generated lessons takes 0.76 s instead of 1.19 s.

    Equal by construction: the same events, the same resolver and scalar constructors, and the same rules
    for positions and repeated keys as `_record_positions` (pre-order, a key's place set, a node's place
    kept if already set). Nothing here reports a problem: whatever might be one (a syntax error, a value
    the constructor refuses, more than MAX_YAML_NODES nodes, nesting deeper than MAX_YAML_DEPTH, a second
    document) returns None, and the other way reports it. The events are read in a loop: no stack to exhaust
    however deep the nesting (libyaml's own composer, which recurses, is not used on either way).
    """
    try:
        loader = _Loader(text)
    except Exception:  # noqa: BLE001 - the other way meets it again and says what it is
        return None
    try:
        return _plain_events(loader, line_offset)
    except Exception:  # noqa: BLE001 - as above
        return None
    finally:
        loader.dispose()


def _plain_events(loader: Any, line_offset: int) -> tuple[Any, dict[Path_, tuple[int, int]], list] | None:
    get = loader.get_event
    get()  # the stream's start
    event = get()
    if type(event) is yaml.StreamEndEvent:
        return None, {(): (1 + line_offset, 1)}, []
    if type(event) is not yaml.DocumentStartEvent:
        return None
    positions: dict[Path_, tuple[int, int]] = {}
    repeated: list[tuple[str, int, int]] = []
    # One frame per open list or mapping: [container, its loc, the key awaiting its value (a mapping's), keys seen].
    stack: list[list[Any]] = []
    nodes = 0
    data: Any = None
    while True:
        event = get()
        kind = type(event)
        if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            stack.pop()
            if not stack:
                break
            continue
        if kind is not yaml.ScalarEvent and kind is not yaml.SequenceStartEvent and kind is not yaml.MappingStartEvent:
            return None
        if event.anchor is not None or event.tag is not None:
            return None
        nodes += 1
        if nodes > MAX_YAML_NODES:
            return None
        mark = event.start_mark
        place = (mark.line + 1 + line_offset, mark.column + 1)
        if stack:
            frame = stack[-1]
            container, loc = frame[0], frame[1]
            if type(container) is dict and frame[2] is _NO_KEY:  # a mapping's key
                if kind is not yaml.ScalarEvent:
                    return None
                key_text = event.value
                key = _plain_scalar(loader, event)
                if key is _NO_KEY:
                    return None
                if key_text in frame[3] and key_text != "<<":
                    repeated.append((key_text, *place))
                frame[3].add(key_text)
                positions[(*loc, key_text)] = place
                frame[2] = (key, key_text)
                continue
            if type(container) is dict:
                (key, key_text), frame[2] = frame[2], _NO_KEY
                here: Path_ = (*loc, key_text)
            else:
                here = (*loc, len(container))
        else:
            here = ()
        positions.setdefault(here, place)
        if kind is yaml.ScalarEvent:
            value = _plain_scalar(loader, event)
            if value is _NO_KEY:
                return None
        else:
            if len(stack) >= MAX_YAML_DEPTH:
                return None
            # Without a tag the composer tags a list `seq` and a mapping `map` (no path resolvers are set), and
            # the safe constructor makes a list and a dict of them.
            value = [] if kind is yaml.SequenceStartEvent else {}
        if stack:
            if type(container) is dict:
                container[key] = value
            else:
                container.append(value)
        else:
            data = value
        if kind is yaml.ScalarEvent:
            if not stack:
                break
        else:
            stack.append([value, here, _NO_KEY, set()])
    if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
        return None
    return data, positions, repeated


_NO_KEY = object()
"""A mapping awaiting its next key; also what `_plain_scalar` returns for a scalar it does not build."""


def _plain_scalar(loader: Any, event: Any) -> Any:
    """The value the safe constructor makes of a scalar without a tag of its own, or _NO_KEY."""
    key = (event.value, event.implicit)
    known = _SCALARS.get(key)
    if known is not None:
        return event.value if known is _STR else known[0]
    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)  # as the composer tags it
    if tag == _STR:
        value = event.value  # construct_yaml_str: the node's value
    elif tag not in _PLAIN_SCALARS:
        return _NO_KEY
    else:
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        value = loader.yaml_constructors[tag](loader, node)  # as construct_object calls it
    if len(event.value) <= _SCALARS_LONGEST:
        if len(_SCALARS) >= _SCALARS_MOST:
            _SCALARS.clear()
        _SCALARS[key] = _STR if tag == _STR else (value,)
    return value


_SCALARS: dict[tuple[str, tuple[bool, bool]], Any] = {}
"""What `_plain_scalar` made of a short scalar (its text, plain or quoted): the tag of a text and the value of
anything else, each immutable (None, a bool, number or date), so reused as it is. The same words recur in every
file (`minutes: 10`, `kind: main`, ids): resolving and building each once saves about a sixth of the YAML time."""
_SCALARS_LONGEST = 40
_SCALARS_MOST = 50_000


def load_yaml_file(path: Path, root: Path, diag: Diagnostics, *, inside: Inside | None = None) -> YamlDocument | None:
    text = read_text(path, root, diag, inside=inside)
    if text is None:
        return None
    return parse_yaml(text, path, diag)


def split_front_matter(text: str, path: Path, diag: Diagnostics) -> MarkdownDocument | None:
    match = _FRONT_MATTER.match(text)
    if not match:
        return MarkdownDocument(path, YamlDocument(path, {}, {(): (1, 1)}), text, 1)
    meta = parse_yaml(match.group(1) or "", path, diag, line_offset=1)
    if meta is None:
        return None
    if meta.data is None:
        meta.data = {}
    body = text[match.end() :]
    body_line = text.count("\n", 0, match.end()) + 1
    return MarkdownDocument(path, meta, body, body_line)


def load_markdown_file(
    path: Path, root: Path, diag: Diagnostics, *, inside: Inside | None = None
) -> MarkdownDocument | None:
    text = read_text(path, root, diag, inside=inside)
    if text is None:
        return None
    return split_front_matter(text, path, diag)
