"""Which translations are up to date with the default-language (Bulgarian) text they were made from.

A translation records the version of its source in its front matter, `source_hash: "<12 hex digits>"`: the
start of the SHA-256 of the source file's text with CRLF line ends made LF and a byte-order mark removed, so
an editor's line-end setting does not make every translation look outdated. `curriculum translations mark`
writes the key once a translator has brought a translation up to date.

States of one translation:

- up-to-date: its recorded hash is that of the current source;
- outdated: the source changed since (git history, when there is some, tells which sections);
- unknown: a complete translation that records no hash, so nobody knows;
- partial: title and summary only, the page shows the Bulgarian text (with a notice);
- missing: no file at all.

Separately, each translation states its review state in its front matter (`review: {state: ...}`, see
`model.Review`): draft, machine-assisted or reviewed (by a named person, on a date); `Status.review` carries it.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import yaml

from . import model as m
from .diagnostics import Diagnostics
from .messages import SaidError, say
from .sources import split_front_matter

HASH_LENGTH = 12
HISTORY_DEPTH = 200
"""How many commits of a source file's history are searched for the version a translation was made from."""


class State(str, Enum):
    UP_TO_DATE = "up-to-date"
    OUTDATED = "outdated"
    UNKNOWN = "unknown"
    PARTIAL = "partial"
    MISSING = "missing"


@dataclass(frozen=True)
class Status:
    """One translation of one text: its state and where it and its source are.

    `id` is the entity's id; a handout's lesson is `parent`. `recorded` is the hash in the translation's front
    matter, `current` that of the source now.
    """

    kind: str
    id: str
    lang: str
    state: State
    path: Path
    source_path: Path
    parent: str = ""
    recorded: str | None = None
    current: str = ""
    review: str = ""
    """The text's review state (draft, machine-assisted, reviewed); "" when it states none or does not exist."""
    reviewed_by: str = ""
    reviewed_on: str = ""

    def as_dict(self, root: Path | None = None) -> dict[str, object]:
        """Plain data; with the curriculum's `root`, paths as problems show them (curriculum/...)."""
        where = Diagnostics(root)
        return {
            "kind": self.kind,
            "id": self.id,
            "parent": self.parent,
            "lang": self.lang,
            "state": self.state.value,
            "path": where.relative(self.path),
            "source_path": where.relative(self.source_path),
            "recorded": self.recorded,
            "current": self.current,
            "review": self.review or None,
            "reviewed_by": self.reviewed_by or None,
            "reviewed_on": self.reviewed_on or None,
        }


class TranslationError(SaidError):
    """A translation cannot be marked; nothing was written."""


# --- hashes ------------------------------------------------------------------------------------------


def normalized(raw: bytes) -> str:
    """A file's text as hashed: UTF-8 without a byte-order mark, with LF line ends."""
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_hash(text: str) -> str:
    """The full SHA-256 (hex) of normalized text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_hash(path: Path) -> str:
    """The short hash a translation of `path` records."""
    return text_hash(normalized(path.read_bytes()))[:HASH_LENGTH]


def names(recorded: str, full_hash: str) -> bool:
    """Whether a recorded hash (the first 8 to 64 hex digits of one) names the text of `full_hash`."""
    return len(recorded) >= 8 and full_hash.startswith(recorded.lower())


# --- status ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Texts:
    kind: str
    id: str
    parent: str
    folder: Path
    stem: str
    texts: dict[str, m.Translation]


def _all_texts(curriculum: m.Curriculum) -> Iterator[_Texts]:
    """Every translated text, in the order of the site: curriculum, modules, lessons with handouts, resources."""
    yield _Texts("curriculum", "curriculum", "", curriculum.root, "curriculum", curriculum.texts)
    for module in curriculum.ordered_modules():
        yield _Texts("module", module.id, "", module.folder, "module", module.texts)
    placed = [lesson for module in curriculum.ordered_modules() for lesson in curriculum.module_lessons(module)]
    placed_ids = {lesson.id for lesson in placed}
    unplaced = [lesson for lesson_id, lesson in sorted(curriculum.lessons.items()) if lesson_id not in placed_ids]
    for lesson in placed + unplaced:
        yield _Texts("lesson", lesson.id, "", lesson.folder, "lesson", lesson.texts)
        for handout in lesson.handouts:
            yield _Texts("handout", handout.id, lesson.id, handout.folder, handout.id, handout.texts)
    for resource_id, resource in sorted(curriculum.resources.items()):
        yield _Texts("resource", resource_id, "", resource.folder, "resource", resource.texts)


def _status(item: _Texts, lang: str, source: m.Translation, current: str) -> Status:
    """The state of `item`'s translation into `lang`; `current` is the source's full hash."""
    translation = item.texts.get(lang)
    path = translation.path if translation else item.folder / f"{item.stem}.{lang}.md"
    recorded = getattr(translation.meta, "source_hash", None) if translation else None
    recorded = str(recorded) if recorded else None

    review = translation.review if translation else None

    def status(state: State) -> Status:
        short = current[:HASH_LENGTH]
        return Status(
            item.kind,
            item.id,
            lang,
            state,
            path,
            source.path,
            item.parent,
            recorded,
            short,
            review.state if review else "",
            str(review.by or "") if review else "",
            review.date.isoformat() if review and review.date else "",
        )

    if translation is None:
        return status(State.MISSING)
    if not translation.complete:
        return status(State.PARTIAL)
    if recorded is None:
        return status(State.UNKNOWN)
    return status(State.UP_TO_DATE if names(recorded, current) else State.OUTDATED)


def _source_hash(path: Path) -> str:
    """`text_hash` of a file, computed again only when its size or times changed (the preview asks at every
    rebuild, for every original)."""
    info = path.stat()
    return _hash_of(path, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@functools.lru_cache(maxsize=8192)
def _hash_of(path: Path, _size: int, _mtime: int, _ctime: int) -> str:
    return text_hash(normalized(path.read_bytes()))


def translation_status(curriculum: m.Curriculum) -> list[Status]:
    """The state of every translation into every language but the default, in site order per language."""
    default = curriculum.default_language
    sources = [(item, item.texts[default]) for item in _all_texts(curriculum) if default in item.texts]
    hashes = {source.path: _source_hash(source.path) for _, source in sources}
    return [
        _status(item, lang, source, hashes[source.path])
        for lang in curriculum.languages[1:]
        for item, source in sources
    ]


def review_summary(statuses: list[Status]) -> dict[str, dict[str, int]]:
    """Counts of each review state per language, over the texts that exist ("not stated" when none is given)."""
    counts: dict[str, dict[str, int]] = {}
    for status in statuses:
        row = counts.setdefault(status.lang, {state: 0 for state in (*m.REVIEW_STATES, "not stated")})
        if status.state is not State.MISSING:
            row[status.review or "not stated"] += 1
    return counts


def summary(statuses: list[Status]) -> dict[str, dict[str, int]]:
    """Counts of each state per language."""
    counts: dict[str, dict[str, int]] = {}
    for status in statuses:
        row = counts.setdefault(status.lang, {state.value: 0 for state in State})
        row[status.state.value] += 1
    return counts


# --- what changed -------------------------------------------------------------------------------------

_SECTION = re.compile(r"^##[ \t]+.*?\{[ \t]*#([A-Za-z0-9_-]+)[ \t]*\}[ \t]*$")


def _parts(text: str) -> dict[str, str]:
    """A Markdown text cut into its front matter, the text before the first section, and each `{#id}` section."""
    doc = split_front_matter(text, Path("text.md"), Diagnostics())
    if doc is None:
        return {"front matter": text}
    parts = {"front matter": yaml.safe_dump(doc.meta.data, allow_unicode=True, sort_keys=True)}
    name, fenced = "text", False
    lines: list[str] = []
    for line in doc.body.split("\n"):
        if line.strip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else _SECTION.match(line)
        if match:
            parts[name] = "\n".join(lines).strip()
            name, lines = f"section #{match.group(1)}", []
        lines.append(line)
    parts[name] = "\n".join(lines).strip()
    return {key: value for key, value in parts.items() if value or key != "text"}


def compare(old: str, new: str) -> list[str]:
    """The parts of a text that differ between two versions, in plain words, in the new text's order."""
    before, after = _parts(old), _parts(new)
    changes = [f"{name}: {'changed' if name in before else 'new'}" for name in after if before.get(name) != after[name]]
    changes += [f"{name}: removed" for name in before if name not in after]
    return changes


def _git(args: list[str], folder: Path) -> subprocess.CompletedProcess[bytes] | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        return subprocess.run([git, *args], cwd=folder, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None


def source_at(path: Path, recorded: str) -> str | None:
    """The version of `path` in git history whose hash is `recorded`, or None when git does not have it."""
    log = _git(["log", f"--max-count={HISTORY_DEPTH}", "--format=%H", "--", path.name], path.parent)
    if log is None or log.returncode != 0:
        return None
    for commit in log.stdout.decode().split():
        shown = _git(["show", f"{commit}:./{path.name}"], path.parent)
        if shown is not None and shown.returncode == 0:
            text = normalized(shown.stdout)
            if names(recorded, text_hash(text)):
                return text
    return None


def source_changes(status: Status) -> list[str] | None:
    """What changed in the source since an outdated translation was made; None when history cannot tell."""
    if status.state is not State.OUTDATED or not status.recorded:
        return None
    old = source_at(status.source_path, status.recorded)
    if old is None:
        return None
    return compare(old, normalized(status.source_path.read_bytes()))


# --- marking -----------------------------------------------------------------------------------------

_NAME = re.compile(r"^(?P<stem>[a-z0-9-]+)\.(?P<lang>[a-z]{2,3})\.md$")
_FRONT = re.compile(r"\A(---[ \t]*\r?\n)(.*?)^(?:---|\.\.\.)[ \t]*\r?$", re.DOTALL | re.MULTILINE)
_HASH_LINE = re.compile(r"^source_hash[ \t]*:[^\r\n]*", re.MULTILINE)


def find_root(path: Path) -> Path:
    """The curriculum folder that holds `path`: the nearest folder above it with a curriculum.yml."""
    for folder in path.resolve().parents:
        if (folder / "curriculum.yml").is_file():
            return folder
    raise TranslationError(
        say("tr_outside", path=path),
        say("tr_outside_fix"),
    )


def default_language(root: Path) -> str:
    try:
        data = yaml.safe_load((root / "curriculum.yml").read_text(encoding="utf-8-sig"))
        return str(data["languages"][0])
    except (OSError, UnicodeDecodeError, yaml.YAMLError, TypeError, KeyError, IndexError) as exc:
        raise TranslationError(
            say("tr_languages_unreadable", file=root / "curriculum.yml"), say("tr_validate_fix")
        ) from exc


def source_of(path: Path, default: str) -> Path:
    """The default-language file that the translation at `path` translates."""
    match = _NAME.match(path.name)
    if not match:
        raise TranslationError(
            say("tr_not_named", name=path.name),
            say("tr_not_named_fix"),
        )
    if match["lang"] == default:
        raise TranslationError(
            say("tr_is_source", path=path, lang=default),
            say("tr_is_source_fix", example=f"{match['stem']}.en.md"),
        )
    source = path.with_name(f"{match['stem']}.{default}.md")
    if not source.is_file():
        raise TranslationError(say("tr_no_source", path=path, source=source.name))
    return source


def with_source_hash(text: str, value: str) -> str:
    """`text` with `source_hash: "<value>"` in its front matter, replacing an earlier one; the rest unchanged."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text.removeprefix(bom)
    match = _FRONT.match(text)
    if match is None:
        raise TranslationError(
            say("tr_no_front_matter"),
            say("tr_no_front_matter_fix"),
        )
    line = f'source_hash: "{value}"'
    block = match.group(2)
    if _HASH_LINE.search(block):
        block = _HASH_LINE.sub(line, block, count=1)
    else:
        block += line + ("\r\n" if match.group(1).endswith("\r\n") else "\n")
    return bom + text[: match.start(2)] + block + text[match.end(2) :]


def mark(path: Path) -> str:
    """Record in the translation at `path` that it matches the current source; the hash written."""
    if not path.is_file():
        raise TranslationError(say("tr_no_file", path=path))
    source = source_of(path, default_language(find_root(path)))
    value = file_hash(source)
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    updated = with_source_hash(text, value)
    if updated != text:
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(updated)
    return value


def mark_unknown(curriculum: m.Curriculum) -> list[Path]:
    """Mark every complete translation that records no source version (never an outdated one)."""
    marked = []
    for status in translation_status(curriculum):
        if status.state is State.UNKNOWN:
            mark(status.path)
            marked.append(status.path)
    return marked


def start(curriculum: m.Curriculum, lang: str, ident: str) -> tuple[Path, Path, str]:
    """Start the translation into `lang` of the text `ident` (an id, or kind/id, or lesson/handout) as a copy
    of its current default-language source with `source_hash` set: (new file, source, hash)."""
    default = curriculum.default_language
    if lang not in curriculum.languages or lang == default:
        others = [x for x in curriculum.languages if x != default]
        raise TranslationError(
            say("tr_not_a_target", lang=lang),
            say("tr_not_a_target_fix", languages=", ".join(others) or say("tr_no_languages"), default=default),
        )
    items = list(_all_texts(curriculum))
    found = [
        item
        for item in items
        if ident in (item.id, f"{item.kind}/{item.id}", f"{item.parent}/{item.id}" if item.parent else "")
    ]
    if not found:
        names = sorted({item.id for item in items})
        match = difflib.get_close_matches(ident, names, n=1)
        raise TranslationError(
            say("tr_no_text", ident=ident, suggestion=say("did_you_mean", match=match[0]) if match else ""),
            say("tr_no_text_fix"),
        )
    if len(found) > 1:
        choices = ", ".join(f"{item.kind}/{item.id}" for item in found)
        raise TranslationError(
            say("tr_ambiguous", ident=ident, choices=choices), say("tr_ambiguous_fix", choices=choices)
        )
    item = found[0]
    source = item.texts.get(default)
    if source is None:
        raise TranslationError(say("tr_nothing_to_start", what=f"{item.kind} '{item.id}'", lang=default))
    target = item.folder / f"{item.stem}.{lang}.md"
    if target.exists():
        raise TranslationError(
            say("tr_exists", name=target.name, folder=item.folder.name),
            say("tr_exists_fix"),
        )
    value = file_hash(source.path)
    with source.path.open(encoding="utf-8", newline="") as handle:
        text = with_source_hash(handle.read(), value)
    with target.open("x", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return target, source.path, value
