"""One spelling for the Romani, and Hunspell for the Bulgarian and the English: `curriculum spell`.

Every word of every text is checked in the language it is written in, at its file, line and column:

- Romani (a `*.rom.md` text, a `rom:` label, and a Latin-letter word in *italics* inside a Bulgarian or English
  text, which is how the texts mark Romani words): it must be in the project's word list,
  `curriculum/romani-words.yml` (attested words with their source, and the doublet table), or in the glossary;
  a known doublet is reported with the preferred form.
- Bulgarian (Cyrillic words anywhere) and English (Latin words of English texts, and Latin words of Bulgarian
  texts that are not Romani): Hunspell with Debian's `bg_BG` and `en_US` dictionaries, plus the project's list
  of allowed words, `curriculum/spelling-allow.txt` (names, terms, loanwords).

Code, addresses, link targets, HTML, heading ids, numbers and words in capitals (abbreviations) are skipped; the
bibliography (titles of works) is not checked. Problems are warnings; `curriculum spell --strict` makes them
errors.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import model as m
from .diagnostics import Diagnostics, Severity
from .messages import Text, say
from .sources import YamlDocument, load_yaml_file, read_text
from .validation import suggest_text, validate_model

WORDS_FILE = "romani-words.yml"
ALLOW_FILE = "spelling-allow.txt"
HUNSPELL_DICTIONARIES = {"bg": "bg_BG", "en": "en_US"}
HUNSPELL_PACKAGES = "hunspell hunspell-bg hunspell-en-us"

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
ROMANI_LETTERS = frozenset("abcčdefghijklmnoprsštuvxzžê")
"""The letters of the ROMLEX unified Latin spelling as the curriculum writes it (ê: a closed e, e.g. gêrneta)."""
_ROMANI_MARKS = frozenset("čšžê")

# Parts of a Markdown line that are not prose: replaced by spaces so that columns stay where they are.
_MASKS = [
    re.compile(r"<!--.*?-->"),
    re.compile(r"`[^`\n]*`"),
    re.compile(r"\]\([^)\n]*\)"),  # link and image targets (the link text stays)
    re.compile(r"^\s*\[[^\]\n]+\]:\s*\S.*$"),  # reference definitions
    re.compile(r"<[a-zA-Z/!][^>\n]*>"),  # HTML tags and autolinks
    re.compile(r"\b(?:https?://|www\.|mailto:)[^\s)>\]]+"),
    re.compile(r"\S+@\S+\.\w+"),
    re.compile(r"\{[:#.][^}\n]*\}"),  # attribute lists: {#id}, {: .class}
    # an admonition's kind and classes (`!!! board "Title"`): syntax, not prose; its quoted title stays
    re.compile(r"^\s*(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*(?=[ \t]*(?:\"|$))"),
]
_ITALIC = [
    re.compile(r"(?<![*\w\\])\*(?![\s*])([^*\n]+?)(?<![\s\\*])\*(?![*\w])"),
    re.compile(r"(?<![\w_\\])_(?![\s_])([^_\n]+?)(?<![\s\\_])_(?![\w_])"),
]
_FENCE = re.compile(r"^\s*(```|~~~)")
_FRONT_KEY = re.compile(r"^(\s*)(?:-\s+)?(?:([A-Za-z_][\w-]*)\s*:(?=\s|$))?")
_SKIPPED_KEYS = {"source_hash", "review"}
"""Front-matter keys that hold no prose."""


@dataclass(frozen=True)
class Token:
    """One word of a text, where it stands (1-based line and column), and the language it is checked in."""

    word: str
    line: int
    column: int
    lang: str
    """`rom`, `bg`, `en`; `other` for a Latin word in a Bulgarian text that is not marked as Romani."""
    marked: bool = False
    """Romani because it is in italics in a Bulgarian or English text (an English word there is fine too)."""
    kept: bool = False
    """Part of a name the word list keeps as recorded, variant and all (a doublet's `keep_in`)."""
    """Romani because it is in italics in a Bulgarian or English text (an English word there is fine too)."""


@dataclass
class Lexicon:
    """What the check accepts: the Romani words, the doublets, the allowed words."""

    romani: set[str] = field(default_factory=set)
    doublets: dict[str, tuple[str, str]] = field(default_factory=dict)
    """variant (lower case) -> (preferred form, why)."""
    allowed: set[str] = field(default_factory=set)
    kept: list[re.Pattern[str]] = field(default_factory=list)
    """Names written as recorded, whose words are not checked (`keep_in` of a doublet)."""

    def knows(self, word: str) -> bool:
        return _fold(word) in self.romani

    def allows(self, word: str) -> bool:
        """An allowed word, also with the English possessive: `Zafiri's` when `Zafiri` is allowed."""
        if word in self.allowed or _fold(word) in self.allowed:
            return True
        stem = word[:-2] if word.endswith(("'s", "’s")) else ""
        return bool(stem) and (stem in self.allowed or _fold(stem) in self.allowed)


def _fold(word: str) -> str:
    return word.replace("’", "'").lower()


# --- reading the word list and the allowed words -------------------------------------------------------


def load_lexicon(curriculum: m.Curriculum, diag: Diagnostics) -> Lexicon:
    """The word list, its doublets, the glossary's words and the allowed words; problems of the files go to `diag`."""
    root = curriculum.root
    lexicon = Lexicon()
    for term in curriculum.terms.values():
        for form in term.latin.split("~"):
            lexicon.romani.update(_fold(w) for w in _WORD.findall(form))
    path = root / WORDS_FILE
    if path.is_file():
        doc = load_yaml_file(path, root, diag)
        data = validate_model(doc, m.RomaniWordsFile, diag, what="Romani word list") if doc else None
        if isinstance(data, m.RomaniWordsFile) and doc is not None:
            _check_sources(data, doc, curriculum, diag)
            for entry in data.words:
                for form in (entry.word, *entry.forms):
                    lexicon.romani.update(_fold(w) for w in _WORD.findall(form))
            for doublet in data.doublets:
                pairs = {doublet.variant: doublet.preferred, **doublet.forms}
                for variant, preferred in pairs.items():
                    lexicon.doublets[_fold(variant)] = (preferred, doublet.why)
                lexicon.kept += [
                    re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE) for name in doublet.keep_in
                ]
    allow = root / ALLOW_FILE
    if allow.is_file():
        text = read_text(allow, root, diag) or ""
        for line in text.splitlines():
            word = line.split("#", 1)[0].strip()
            if word:
                lexicon.allowed.add(word)
                lexicon.allowed.add(_fold(word))
    # A variant is never a known word, whatever else lists it.
    lexicon.romani -= set(lexicon.doublets)
    return lexicon


def _check_sources(data: m.RomaniWordsFile, doc: YamlDocument, curriculum: m.Curriculum, diag: Diagnostics) -> None:
    """Every source a word or doublet names is in the bibliography."""
    named = [("words", index, word.sources) for index, word in enumerate(data.words)]
    named += [("doublets", index, doublet.sources) for index, doublet in enumerate(data.doublets)]
    for key, index, sources in named:
        for number, source in enumerate(sources):
            if source not in curriculum.sources:
                line, column = doc.where((key, index, "sources", number))
                diag.add(
                    "CUR007",
                    doc.path,
                    say("no_such", what="bibliography source", value=source)
                    + suggest_text(source, curriculum.sources),
                    line=line,
                    column=column,
                )


# --- words of a text, with their places ------------------------------------------------------------------


def _masked(line: str) -> str:
    for pattern in _MASKS:
        line = pattern.sub(lambda match: " " * len(match.group(0)), line)
    return line


def _italic_spans(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in _ITALIC:
        spans += [(match.start(1), match.end(1)) for match in pattern.finditer(line)]
    return spans


def _is_romani_span(words: list[str], lang: str, lexicon: Lexicon) -> bool:
    """Whether an italic span of Latin words in a Bulgarian or English text is Romani.

    In Bulgarian text every italic Latin word is Romani unless it has a letter Romani is not written with
    (ç, ö, y, w, q, é…: Turkish, English or French words and titles). In English text italics also mark titles
    and stress, so the span must also have a Romani letter (č, š, ž) or a word the lexicon knows.
    """
    if not words or any(ch not in ROMANI_LETTERS for word in words for ch in word.lower()):
        return False
    if lang != "en":
        return True
    return any(ch in _ROMANI_MARKS for word in words for ch in word.lower()) or any(
        lexicon.knows(word) or _fold(word) in lexicon.doublets for word in words
    )


def line_tokens(text: str, number: int, lang: str, lexicon: Lexicon, *, first_column: int = 1) -> Iterator[Token]:
    """The words of one line of prose in a text of language `lang`, each with the language it is checked in."""
    clean = _masked(text)
    romani_spans: list[tuple[int, int]] = []
    if lang != "rom":
        for start, end in _italic_spans(clean):
            words = [w for w in _WORD.findall(clean[start:end]) if not _CYRILLIC.search(w)]
            if _is_romani_span(words, lang, lexicon):
                romani_spans.append((start, end))
    kept = [found.span() for pattern in lexicon.kept for found in pattern.finditer(clean)]
    for match in _WORD.finditer(clean):
        word = match.group(0)
        if len(word) < 2 or word.isupper():
            continue
        if any(start <= match.start() < end for start, end in kept):
            yield Token(word, number, first_column + match.start(), "rom", kept=True)
            continue
        if _CYRILLIC.search(word):
            checked_in = "bg"
        elif lang == "rom":
            checked_in = "rom"
        elif any(start <= match.start() < end for start, end in romani_spans):
            yield Token(word, number, first_column + match.start(), "rom", marked=True)
            continue
        else:
            checked_in = "en" if lang == "en" else "other"
        yield Token(word, number, first_column + match.start(), checked_in)


def markdown_tokens(text: str, lang: str, lexicon: Lexicon) -> Iterator[Token]:
    """The words of a Markdown text with front matter, skipping what is not prose."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        key = ""
        for index in range(1, len(lines)):
            line = lines[index]
            if line.strip() in ("---", "..."):
                start = index + 1
                break
            match = _FRONT_KEY.match(line)
            assert match is not None  # every part of the pattern is optional
            indent, name = match.group(1), match.group(2)
            if name and not indent:
                key = name
            if key in _SKIPPED_KEYS or (name and name in _SKIPPED_KEYS):
                continue
            yield from line_tokens(line[match.end() :], index + 1, lang, lexicon, first_column=match.end() + 1)
    fenced = False
    for index in range(start, len(lines)):
        line = lines[index]
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        yield from line_tokens(line, index + 1, lang, lexicon)


def yaml_tokens(doc: YamlDocument, raw: str, lexicon: Lexicon, languages: list[str]) -> Iterator[Token]:
    """The words of every language map (`{bg: ..., en: ..., rom: ...}`) of a YAML file, in its language."""
    lines = raw.split("\n")

    def walk(value: object, loc: tuple[str | int, ...]) -> Iterator[Token]:
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str) and key in languages:
                    yield from _scalar(item, (*loc, key), str(key))
                else:
                    yield from walk(item, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*loc, index))

    def _scalar(value: str, loc: tuple[str | int, ...], lang: str) -> Iterator[Token]:
        line, column = doc.where(loc)
        raw_line = lines[line - 1] if 0 < line <= len(lines) else ""
        offset = raw_line.find(value, column - 1)
        if offset >= 0:  # on one line as written: exact columns
            yield from line_tokens(value, line, lang, lexicon, first_column=offset + 1)
            return
        for token in line_tokens(" ".join(value.split()), line, lang, lexicon):
            yield Token(token.word, line, column, token.lang, token.marked)

    yield from walk(doc.data, ())


# --- Hunspell ---------------------------------------------------------------------------------------------


def hunspell_path() -> str | None:
    return shutil.which("hunspell")


MAX_SUGGESTED = 20
"""Hunspell's suggestions are slow (a second per word in the Bulgarian dictionary): only for a few misses."""


def _hunspell(executable: str, args: list[str], words: list[str]) -> str:
    proc = subprocess.run(
        [executable, *args, "-i", "utf-8"],
        input="".join(f"{word}\n" for word in words).encode("utf-8"),
        capture_output=True,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        raise OSError(f"hunspell {' '.join(args)} failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout.decode("utf-8", "replace")


def hunspell_misses(words: Iterable[str], dictionary: str, executable: str) -> dict[str, list[str]]:
    """The words Hunspell's `dictionary` does not know, with up to three suggestions each (when there are few).

    Raises OSError when Hunspell cannot run or has no such dictionary.
    """
    unique = sorted({w.replace("’", "'") for w in words})
    if not unique:
        return {}
    listed = _hunspell(executable, ["-L", "-d", dictionary], unique)
    misses: dict[str, list[str]] = {word: [] for word in listed.split("\n") if word}
    if 0 < len(misses) <= MAX_SUGGESTED:
        for line in _hunspell(executable, ["-a", "-d", dictionary], [f"^{w}" for w in misses]).splitlines():
            if line.startswith("& "):
                head, _, rest = line.partition(": ")
                misses[head.split()[1]] = [s.strip() for s in rest.split(",")][:3]
    return misses


# --- the check --------------------------------------------------------------------------------------------


@dataclass
class SpellRun:
    """What a run checked: the problems are in the diagnostics; `skipped` says what could not be checked."""

    files: int = 0
    words: int = 0
    skipped: list[Text] = field(default_factory=list)


def _texts(curriculum: m.Curriculum) -> Iterator[m.Translation]:
    yield from curriculum.texts.values()
    entities: list[m.Entity[Any, Any]] = [
        *curriculum.modules.values(),
        *curriculum.lessons.values(),
        *curriculum.resources.values(),
    ]
    for entity in entities:
        yield from entity.texts.values()
    for lesson in curriculum.lessons.values():
        for handout in lesson.handouts:
            yield from handout.texts.values()


def check_spelling(curriculum: m.Curriculum, diag: Diagnostics, *, hunspell: bool = True) -> SpellRun:
    """Check every text of the curriculum; every problem is a warning in `diag`."""
    run = SpellRun()
    lexicon = load_lexicon(curriculum, diag)
    found: list[tuple[Path, Token]] = []
    for text in sorted(_texts(curriculum), key=lambda t: t.path):
        raw = read_text(text.path, curriculum.root, Diagnostics())
        if raw is None:
            continue
        run.files += 1
        found += [(text.path, token) for token in markdown_tokens(raw, text.lang, lexicon)]
    for name in ("curriculum.yml", "glossary.yml", "calendar.yml"):
        path = curriculum.root / name
        quiet = Diagnostics()
        doc = load_yaml_file(path, curriculum.root, quiet) if path.is_file() else None
        raw = read_text(path, curriculum.root, quiet) if doc is not None else None
        if doc is not None and raw is not None:
            run.files += 1
            found += [(path, token) for token in yaml_tokens(doc, raw, lexicon, curriculum.languages)]
    run.words = len(found)

    misses: dict[str, dict[str, list[str]]] = {"bg": {}, "en": {}}
    executable = hunspell_path() if hunspell else None
    if hunspell and executable is None:
        run.skipped.append(say("no_hunspell", packages=HUNSPELL_PACKAGES))
    elif executable is not None:
        for lang, dictionary in HUNSPELL_DICTIONARIES.items():
            words = {
                t.word
                for _, t in found
                if (t.lang == lang or (lang == "en" and (t.lang == "other" or t.marked)))
                and not lexicon.allows(t.word)
                and not (t.lang != "bg" and lexicon.knows(t.word))
            }
            try:
                misses[lang] = hunspell_misses(words, dictionary, executable)
            except (OSError, subprocess.SubprocessError) as exc:
                run.skipped.append(say("hunspell_failed", lang=lang, error=exc, packages=HUNSPELL_PACKAGES))

    verdicts: dict[tuple[str, str, bool, bool], tuple[str, Text, Text] | None] = {}
    for path, token in found:
        key = (token.word, token.lang, token.marked, token.kept)
        if key not in verdicts:
            verdicts[key] = _judge(token, lexicon, misses, checked=executable is not None)
        verdict = verdicts[key]
        if verdict is not None:
            code, message, hint = verdict
            diag.add(
                code, path, message, line=token.line, column=token.column, hint=hint, severity=Severity.WARNING
            )
    return run


def _judge(
    token: Token, lexicon: Lexicon, misses: dict[str, dict[str, list[str]]], *, checked: bool
) -> tuple[str, Text, Text] | None:
    """The problem with a word, wherever it stands: (code, message, hint), or None when it is fine."""
    word, folded = token.word, _fold(token.word)
    if token.kept:
        return None
    if token.lang != "bg" and folded in lexicon.doublets and not (token.lang == "en" and word not in misses["en"]):
        preferred, why = lexicon.doublets[folded]
        if word[:1].isupper():
            preferred = preferred[:1].upper() + preferred[1:]
        return (
            "CUR042",
            say("doublet", word=word, preferred=preferred),
            say("doublet_fix", preferred=preferred, why=why),
        )
    if lexicon.allows(word):
        return None
    if token.lang == "rom":
        english = token.marked and checked and word.replace("’", "'") not in misses["en"]
        if lexicon.knows(word) or english:
            return None
        return (
            "CUR041",
            say("romani_unknown", word=word, file=WORDS_FILE),
            say("romani_unknown_fix", file=WORDS_FILE, allow=ALLOW_FILE),
        )
    if lexicon.knows(word) and token.lang != "bg" or not checked:
        return None
    miss = misses["bg" if token.lang == "bg" else "en"]
    key = word.replace("’", "'")
    if key not in miss:
        return None
    language = say({"bg": "dictionary_bg", "en": "dictionary_en"}.get(token.lang, "dictionary_other"))
    options = say("hunspell_suggests", words=", ".join(miss[key])) if miss[key] else Text("", "")
    return (
        "CUR043",
        say("not_in_dictionary", word=word, language=language),
        say("not_in_dictionary_fix", allow=ALLOW_FILE, options=options),
    )
