"""Loading a curriculum folder into the model, collecting every problem on the way.

`load_curriculum(root)` returns the curriculum and the diagnostics; it never raises on bad input.
`load_or_fail(root)` raises `CurriculumError` carrying all problems when there is any error.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from . import model as m
from . import safety
from .diagnostics import CurriculumError, Diagnostics, Problem
from .messages import say
from .sources import Inside, MarkdownDocument, YamlDocument, load_markdown_file, load_yaml_file
from .validation import check_duplicates, check_markdown, check_placeholders, suggest_text, validate_model
from .yearplan.schoolyear import FOLDER as SCHOOL_YEARS
from .yearplan.schoolyear import check_school_year, year_id_of

_E = TypeVar("_E", m.Module, m.Lesson, m.Resource)
_R = TypeVar("_R")

_SECTION = re.compile(r"^##[ \t]+(.+?)[ \t]*\{[ \t]*#([A-Za-z0-9_-]+)[ \t]*\}[ \t]*$")
_SECTION_AFTER_BREAK = re.compile("\n" + _SECTION.pattern[1:], re.MULTILINE)
"""`_SECTION` on any line but the first, from the line break before it."""
_TRANSLATION_NAME = re.compile(r"^(?P<stem>[a-z0-9-]+)\.(?P<lang>[a-z]{2,3})\.md$")


def _children(folder: Path) -> list[Path]:
    """A folder's entries in `sorted(folder.iterdir())`'s order, sorted by name (comparing whole paths is slow)."""
    fold = str.lower if os.name == "nt" else str  # Windows paths compare without case
    return sorted(folder.iterdir(), key=lambda path: fold(path.name))


def fingerprint(root: Path) -> str:
    """A cheap hash of every file's path, size and modification time: changes when any file does."""
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                stat = os.lstat(path)
            except OSError:
                continue
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class ParseCache:
    """Files already read, parsed and checked, kept between loads of one folder (the preview, `mkdocs serve`).

    Each file's result, with the problems found in it, is keyed by its path, size, modification and change
    times, and by the tree's shape (every path under the root, its kind and a link's target): a Markdown
    file's check looks up the images it names, so adding or removing any file reads every file again. The
    cross-file checks (`_References`) run on every load. Results are shared between loads: nothing may change
    a cached document or model after its file is read.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[object, ...], tuple[tuple[object, ...], object, list[Problem]]] = {}
        self.shape = ""
        """The digest of the tree's shape at the last load."""
        self.fingerprint = ""
        """`fingerprint(root)` at the last scan."""
        self.scanned = ""
        """The folder of the last scan, when a load may use it without scanning again (see `load_curriculum`)."""
        self.stats: dict[str, tuple[int, int, int, int]] = {}
        """Path -> (size, mtime, ctime, inode) of every file at the last load."""
        self.read = 0
        """Files read by the last load (not found in the cache)."""
        self.reused = 0

    def scan(self, root: Path) -> str:
        """Note the tree's shape and every file's times before a load; its `fingerprint` is returned."""
        shape, stamp = hashlib.sha256(), hashlib.sha256()
        stats: dict[str, tuple[int, int, int, int]] = {}
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):  # as `fingerprint` does
                path = os.path.join(dirpath, name)
                try:
                    own = os.lstat(path)
                except OSError:
                    continue
                stamp.update(f"{path}\0{own.st_size}\0{own.st_mtime_ns}\n".encode())
            for name in sorted([*dirnames, *filenames]):
                path = os.path.join(dirpath, name)
                try:
                    link = os.readlink(path) if os.path.islink(path) else ""
                    info = os.stat(path)
                except OSError:
                    link, info = "?", None
                kind = "d" if name in dirnames else "f"
                shape.update(f"{path}\0{kind}\0{link}\n".encode())
                if info is not None and kind == "f":
                    stats[path] = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        self.shape, self.stats, self.fingerprint = shape.hexdigest(), stats, stamp.hexdigest()
        self.read = self.reused = 0
        live = set(stats)
        self._entries = {key: entry for key, entry in self._entries.items() if key[1] in live or key[0] == "tree"}
        self.scanned = str(root)
        return self.fingerprint

    def get(self, key: tuple[object, ...], stamp: tuple[object, ...], diag: Diagnostics) -> tuple[bool, object]:
        """(True, result) with its problems added to `diag` when `key` was read at `stamp`; else (False, None)."""
        entry = self._entries.get(key)
        if entry is None or entry[0] != stamp:
            return False, None
        self.reused += 1
        diag.extend(entry[2])
        return True, entry[1]

    def put(self, key: tuple[object, ...], stamp: tuple[object, ...], result: object, problems: Diagnostics) -> None:
        self.read += 1
        self._entries[key] = (stamp, result, list(problems))

    def stamp(self, path: Path, *, shape: bool = False) -> tuple[object, ...] | None:
        """What a file's result depends on, or None when the file was not there at the scan (not cached)."""
        info = self.stats.get(str(path))
        if info is None:
            return None
        return (info, self.shape) if shape else (info,)


class _Loader:
    def __init__(self, root: Path, cache: ParseCache | None = None) -> None:
        self.root = root
        self.cache = cache
        self.diag = Diagnostics(root)
        self.inside = Inside(root)
        """Whether a path is inside the root, for this load."""
        self.docs: dict[tuple[str, str], YamlDocument] = {}
        self.languages: list[str] = ["bg"]
        self.languages_known = True
        """False when curriculum.yml could not be read: then no translation is blamed for its language."""
        self.broken: dict[str, set[str]] = {}
        """Ids of entities whose folder exists but whose YAML has errors: referring to them is no new error."""

    # --- files -------------------------------------------------------------------------------------

    def cached(
        self,
        step: str,
        path: Path,
        params: tuple[object, ...],
        read: Callable[[Diagnostics], _R],
        *,
        shape: bool = False,
    ) -> _R:
        """`read(diag)` for one file, or its result (and problems) from the last load while the file is unchanged."""
        stamp = self.cache.stamp(path, shape=shape) if self.cache is not None else None
        if self.cache is None or stamp is None:
            return read(self.diag)
        key = (step, str(path), *params)
        found, result = self.cache.get(key, stamp, self.diag)
        if found:
            return result  # type: ignore[return-value]
        problems = Diagnostics(self.root)
        result = read(problems)
        self.diag.extend(problems)
        self.cache.put(key, stamp, result, problems)
        return result

    def yaml(self, path: Path, model: type[BaseModel], what: str, key: tuple[str, str]) -> BaseModel | None:
        def read(diag: Diagnostics) -> tuple[YamlDocument | None, BaseModel | None]:
            doc = load_yaml_file(path, self.root, diag, inside=self.inside)
            if doc is None:
                return None, None
            check_placeholders(doc, diag)
            check_duplicates(doc, diag)
            return doc, validate_model(doc, model, diag, what=what)

        doc, spec = self.cached("yaml", path, (model, what), read)
        if doc is not None:
            self.docs[key] = doc
        return spec

    def translations(self, folder: Path, stem: str, text_model: type[BaseModel], what: str) -> dict[str, m.Translation]:
        """Every `<stem>.<lang>.md` in `folder`, validated, keyed by language."""
        found: dict[str, m.Translation] = {}
        if not folder.is_dir():
            return found
        present: set[str] = set()
        for path in _children(folder):
            match = _TRANSLATION_NAME.match(path.name)
            if not match or match["stem"] != stem:
                continue
            lang = match["lang"]
            present.add(lang)
            if lang not in self.languages and self.languages_known:
                self.diag.add(
                    "CUR024",
                    path,
                    say("translation_unknown_language", name=path.name, lang=lang, languages=", ".join(self.languages)),
                )
                continue
            read = functools.partial(self.text_file, path, text_model, what)
            parsed = self.cached("text", path, (text_model, what), read, shape=True)
            if parsed is None:  # its problems are recorded
                continue
            meta, body, sections = parsed
            found[lang] = m.Translation(lang=lang, path=path, meta=meta, body=body, sections=dict(sections))
        default = self.languages[0]
        # A default-language file that exists but could not be read has its own message already.
        if default not in found and default not in present:
            self.diag.add(
                "CUR013",
                folder / f"{stem}.{default}.md",
                say("no_default_text", what=what, file=f"{stem}.{default}.md"),
            )
        return found

    def text_file(
        self, path: Path, text_model: type[BaseModel], what: str, diag: Diagnostics
    ) -> tuple[m.Titled, str, dict[str, m.Section]] | None:
        """One `<stem>.<lang>.md`: its front matter, body and sections, with its problems recorded in `diag`."""
        doc = load_markdown_file(path, self.root, diag, inside=self.inside)
        if doc is None:
            return None
        meta = self.front_matter(doc, text_model, what, diag)
        check_markdown(doc, self.root, diag, inside=self.inside)
        if not isinstance(meta, m.Titled):  # None: its problems are recorded
            return None
        return meta, doc.body.strip("\n"), self.sections(doc, diag)

    def front_matter(
        self, doc: MarkdownDocument, text_model: type[BaseModel], what: str, diag: Diagnostics
    ) -> BaseModel | None:
        data = doc.meta.data
        neutral = _NEUTRAL_KEYS.get(text_model, set())
        if isinstance(data, dict):
            misplaced = [k for k in data if k in neutral]
            for key in misplaced:
                line, column = doc.meta.where((key,))
                diag.add(
                    "CUR019",
                    doc.path,
                    say("neutral_key", key=key, what=what),
                    line=line,
                    column=column,
                )
            if misplaced:
                doc.meta.data = {k: v for k, v in data.items() if k not in neutral}
        return validate_model(doc.meta, text_model, diag, what=f"front matter of the {what} text")

    def sections(self, doc: MarkdownDocument, diag: Diagnostics) -> dict[str, m.Section]:
        """The text's `## Title {#id}` sections (headings inside fenced code are none), with the text before the
        first as `_intro`."""
        body = doc.body
        sections: dict[str, m.Section] = {}
        heads = _headings(body)
        for index, (offset, _, end, title, sid) in enumerate(heads):
            if sid in sections:
                diag.add("CUR006", doc.path, say("section_twice", section=sid), line=doc.body_line + offset, column=1)
            stop = heads[index + 1][1] - 1 if index + 1 < len(heads) else len(body)  # the next heading's line break
            sections[sid] = m.Section(sid, title, body[end + 1 : stop].strip("\n"))
        preamble = body[: max(heads[0][1] - 1, 0)] if heads else body
        if preamble.strip():
            sections["_intro"] = m.Section("_intro", "", preamble.strip("\n"))
        return sections

    # --- entities ----------------------------------------------------------------------------------

    def load(self) -> m.Curriculum | None:
        root = self.root
        if not root.is_dir():
            self.diag.add("CUR013", root, say("no_folder", root=root), hint=say("no_folder_fix"))
            return None
        self.check_tree(root)
        spec = self.yaml(root / "curriculum.yml", m.CurriculumFile, "curriculum file", ("curriculum", ""))
        if isinstance(spec, m.CurriculumFile):
            self.languages = list(spec.languages)
        else:
            self.languages = _raw_languages(self.docs.get(("curriculum", "")))
            self.languages_known = len(self.languages) > 0
            self.languages = self.languages or ["bg"]
        texts = self.translations(root, "curriculum", m.CurriculumText, "curriculum")

        modules = {
            entity.id: entity
            for entity in self.entities(root / "modules", "module", m.ModuleFile, m.ModuleText, m.Module)
        }
        lessons = {
            entity.id: entity
            for entity in self.entities(root / "lessons", "lesson", m.LessonFile, m.LessonText, m.Lesson)
        }
        resources = {
            entity.id: entity
            for entity in self.entities(root / "resources", "resource", m.ResourceFile, m.ResourceText, m.Resource)
        }
        glossary = self.optional_yaml(root / "glossary.yml", m.GlossaryFile, "glossary", ("glossary", ""))
        bibliography = self.optional_yaml(
            root / "bibliography.yml", m.BibliographyFile, "bibliography", ("bibliography", "")
        )
        calendar = self.optional_yaml(root / "calendar.yml", m.CalendarFile, "calendar", ("calendar", ""))
        year_plan = self.optional_yaml(root / "year-plan.yml", m.YearPlanFile, "year plan", ("year-plan", ""))

        for lesson in lessons.values():
            if lesson.spec is not None:
                lesson.handouts = self.handouts(lesson)

        for kind, found in (("module", modules), ("lesson", lessons), ("resource", resources)):
            self.broken[kind] = {ident for ident, entity in found.items() if entity.spec is None}
        if not isinstance(spec, m.CurriculumFile):
            return None
        terms = self.unique(
            glossary.terms if isinstance(glossary, m.GlossaryFile) else [], "id", ("glossary", ""), ("terms",), "term"
        )
        sources = self.unique(
            bibliography.sources if isinstance(bibliography, m.BibliographyFile) else [],
            "id",
            ("bibliography", ""),
            ("sources",),
            "source",
        )
        events = calendar.events if isinstance(calendar, m.CalendarFile) else []
        curriculum = m.Curriculum(
            root=root,
            spec=spec,
            texts=texts,
            modules={k: v for k, v in modules.items() if v.spec is not None},
            lessons={k: v for k, v in lessons.items() if v.spec is not None},
            resources={k: v for k, v in resources.items() if v.spec is not None},
            terms=terms,
            sources=sources,
            events=list(events),
            glossary_review=dict(glossary.review) if isinstance(glossary, m.GlossaryFile) else {},
        )
        _References(self, curriculum).check()
        curriculum.year_plan = year_plan if isinstance(year_plan, m.YearPlanFile) else None
        curriculum.school_years = self.school_years(root / SCHOOL_YEARS, curriculum)
        return curriculum

    def school_years(self, folder: Path, curriculum: m.Curriculum) -> dict[str, m.SchoolYearFile]:
        """Every `school-years/<year>-<year>.yml`, validated and checked for impossible dates, in order."""
        found: dict[str, m.SchoolYearFile] = {}
        if not folder.is_dir():
            return found
        taught = {grade for band in curriculum.spec.grade_bands for grade in band.grades}
        for path in sorted(folder.glob("*.yml")):
            year_id = year_id_of(path)
            spec = self.yaml(path, m.SchoolYearFile, f"school year '{year_id}'", ("school-year", year_id))
            doc = self.docs.get(("school-year", year_id))
            if isinstance(spec, m.SchoolYearFile) and doc is not None:
                self.labels_of(doc, curriculum)
                if check_school_year(doc, spec, self.diag, taught):
                    found[spec.school_year] = spec
        return found

    def labels_of(self, doc: YamlDocument, curriculum: m.Curriculum) -> None:
        key = ("school-year", year_id_of(doc.path))
        _References(self, curriculum).labels(key, doc.data, ())

    def optional_yaml(self, path: Path, model: type[BaseModel], what: str, key: tuple[str, str]) -> BaseModel | None:
        if not path.exists() and not path.is_symlink():
            return None
        data = self.yaml(path, model, what, key)
        if data is None:
            self.broken[what] = {"*"}
        return data

    def entities(
        self,
        folder: Path,
        kind: str,
        file_model: type[BaseModel],
        text_model: type[BaseModel],
        cls: type[_E],
    ) -> Iterable[_E]:
        if not folder.is_dir():
            return
        for sub in _children(folder):
            if not sub.is_dir() or sub.name.startswith("."):
                continue
            if not re.fullmatch(m.ID_PATTERN, sub.name):
                self.diag.add(
                    "CUR005",
                    sub,
                    say("folder_not_an_id", name=sub.name, what=kind),
                )
                continue
            data = self.yaml(sub / f"{kind}.yml", file_model, f"{kind} '{sub.name}'", (kind, sub.name))
            # A broken YAML file leaves `spec` None: the entity is reported and left out of the curriculum.
            entity = cls(id=sub.name, folder=sub, spec=data)  # type: ignore[arg-type]
            entity.texts = self.translations(sub, kind, text_model, f"{kind} '{sub.name}'")
            yield entity

    def handouts(self, lesson: m.Lesson) -> list[m.Handout]:
        result = []
        for handout_id in lesson.spec.handouts:
            handout = m.Handout(id=handout_id, folder=lesson.folder / "handouts", lesson_id=lesson.id)
            handout.texts = self.translations(
                lesson.folder / "handouts", handout_id, m.HandoutText, f"handout '{handout_id}' of lesson '{lesson.id}'"
            )
            if handout.texts:
                result.append(handout)
        return result

    def unique(self, items: list, attr: str, doc_key: tuple[str, str], loc: tuple, what: str) -> dict:
        result: dict = {}
        doc = self.docs.get(doc_key)
        for index, item in enumerate(items):
            ident = getattr(item, attr)
            if ident in result and doc is not None:
                line, column = doc.where((*loc, index, attr))
                self.diag.add("CUR006", doc.path, say("id_twice", what=what, ident=ident), line=line, column=column)
            result.setdefault(ident, item)
        return result

    def check_tree(self, root: Path) -> None:
        """The checks of the whole folder (links that lead out, images), again only when a file was added,
        removed or renamed, or an SVG changed."""

        def read(diag: Diagnostics) -> None:
            tree = _scan_tree(root)
            self.check_links(root, diag, None if tree is None else tree[0])
            self.check_svgs(root, diag, None if tree is None else tree[1])

        if self.cache is None:
            read(self.diag)
            return
        svgs = tuple(sorted((p, s) for p, s in self.cache.stats.items() if p.lower().endswith(".svg")))
        key, stamp = ("tree", str(root)), (self.cache.shape, svgs)
        found, _ = self.cache.get(key, stamp, self.diag)
        if not found:
            problems = Diagnostics(self.root)
            read(problems)
            self.diag.extend(problems)
            self.cache.put(key, stamp, None, problems)

    def check_svgs(self, root: Path, diag: Diagnostics, candidates: list[Path] | None = None) -> None:
        """Images are copied to the site as they are: a file of another kind in an images folder (an .html page
        would run on the site's origin) and an SVG that would run or load something are refused. `candidates`
        (from `_scan_tree`) holds at least every path of `root.rglob("*")` that this looks at."""
        for path in sorted(root.rglob("*") if candidates is None else candidates):
            suffix, in_images = path.suffix.lower(), "images" in path.relative_to(root).parts[:-1]
            if suffix != ".svg" and not in_images:
                continue  # nothing to check (most files): no need to look at what the path is
            if not path.is_file() or not self.inside(path):
                continue
            if in_images and suffix not in IMAGE_SUFFIXES:
                diag.add(
                    "CUR035",
                    path,
                    say("not_an_image", name=path.name, suffixes=", ".join(sorted(IMAGE_SUFFIXES))),
                )
                continue
            if suffix != ".svg":
                continue
            try:
                data = path.read_bytes()
            except OSError as error:
                diag.add("CUR013", path, say("image_unreadable", name=path.name, reason=error.strerror))
                continue
            for finding in safety.check_svg(data):
                diag.add("CUR030", path, finding.message, line=finding.line, column=finding.column)

    def check_links(self, root: Path, diag: Diagnostics, links: list[Path] | None = None) -> None:
        """Symlinks that lead out of the curriculum are refused before anything is read through them. `links`
        (from `_scan_tree`) are the symlinks the walk below would find, in its order."""
        if links is not None:
            for path in links:
                if not self.inside(path):
                    diag.add("CUR010", path, say("link_outside", name=path.name))
            return
        for dirpath, dirnames, filenames in os.walk(root):
            for name in [*dirnames, *filenames]:
                path = Path(dirpath) / name
                if path.is_symlink() and not self.inside(path):
                    diag.add("CUR010", path, say("link_outside", name=path.name))
            dirnames[:] = [d for d in dirnames if not (Path(dirpath) / d).is_symlink()]


def _headings(body: str) -> list[tuple[int, int, int, str, str]]:
    """(line offset, where the line starts, where it ends, title, id) of each section heading in `body`."""
    heads = []
    if "```" not in body and "~~~" not in body:
        # No fence: one search of the text finds the same lines as matching each line (nothing in the pattern
        # crosses a line end); searching for the line break before `##` is several times quicker than `^`.
        first = _SECTION.match(body[: body.find("\n")] if "\n" in body else body)
        if first:
            heads.append((0, 0, first.end(), first.group(1).strip(), first.group(2)))
        offset = counted = 0
        for match in _SECTION_AFTER_BREAK.finditer(body):
            offset += body.count("\n", counted, match.end())  # the match holds one line break: its own
            counted = match.end()
            heads.append((offset, match.start() + 1, match.end(), match.group(1).strip(), match.group(2)))
        return heads
    fenced, start = False, 0
    for offset, line in enumerate(body.split("\n")):
        if line.strip().startswith(("```", "~~~")):
            fenced = not fenced
        found = None if fenced else _SECTION.match(line)
        if found:
            heads.append((offset, start, start + len(line), found.group(1).strip(), found.group(2)))
        start += len(line) + 1
    return heads


def _scan_tree(root: Path) -> tuple[list[Path], list[Path]] | None:
    """One walk for both tree checks: (every symlink, in the order of `check_links`'s `os.walk`; every path
    `check_svgs` looks at: an SVG by its name, or anything in an images folder), or None when a folder cannot
    be listed (the checks then walk as they always did, meeting the same error their way).

    Folders are entered as both walks enter them (not through a symlink); `os.scandir` tells a link without a
    system call, where the walks look at every path again (`Path.is_symlink`, `rglob`'s sort of every path).
    """
    links: list[Path] = []
    candidates: list[Path] = []
    stack = [(os.fspath(root), False)]
    try:
        while stack:
            folder, in_images = stack.pop()
            with os.scandir(folder) as listing:
                entries = list(listing)
            dirs: list[os.DirEntry[str]] = []
            files: list[os.DirEntry[str]] = []
            for entry in entries:
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                (dirs if is_dir else files).append(entry)
            for entry in [*dirs, *files]:  # os.walk's [*dirnames, *filenames]
                if entry.is_symlink():
                    links.append(Path(entry.path))
                if in_images or entry.name.lower().endswith(".svg"):
                    candidates.append(Path(entry.path))
            inner = [(entry.path, in_images or entry.name == "images") for entry in dirs if not entry.is_symlink()]
            stack.extend(reversed(inner))  # depth first, in listing order, as os.walk goes
    except OSError:
        return None
    return links, candidates


IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}
"""What an images folder may hold: everything in it is published as it is."""

_CITATION_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
"""The target of a Markdown link in a citation (citations may use Markdown; their HTML is escaped)."""

_FILE_OF = {"glossary term": "glossary", "bibliography source": "bibliography"}

_NEUTRAL_KEYS: dict[type[BaseModel], set[str]] = {
    m.LessonText: set(m.LessonFile.model_fields),
    m.ModuleText: set(m.ModuleFile.model_fields),
    m.ResourceText: set(m.ResourceFile.model_fields),
    m.CurriculumText: set(m.CurriculumFile.model_fields),
}


class _References:
    """Cross-file checks: every id that is named exists, orders and sums hold."""

    def __init__(self, loader: _Loader, curriculum: m.Curriculum) -> None:
        self.loader = loader
        self.diag = loader.diag
        self.c = curriculum
        self.misspelt: set[str] = set()
        """Lessons a module meant under a misspelt id (reported once, as CUR009)."""

    def ref(self, key: tuple[str, str], loc: tuple, value: str, choices: Iterable[str], what: str) -> None:
        choices = list(choices)
        if value in choices or value in self.loader.broken.get(what, ()):
            return
        # A reference into a file that could not be read is not a second mistake.
        if "*" in self.loader.broken.get(_FILE_OF.get(what, ""), ()):
            return
        doc = self.loader.docs.get(key)
        if doc is None:
            return
        line, column = doc.where(loc)
        self.diag.add(
            "CUR007",
            doc.path,
            say("no_such", what=what, value=value) + suggest_text(value, choices),
            line=line,
            column=column,
        )

    def refs(self, key: tuple[str, str], field: str, values: list[str], choices: Iterable[str], what: str) -> None:
        choices = list(choices)
        for index, value in enumerate(values):
            self.ref(key, (field, index), value, choices, what)

    def check(self) -> None:
        c = self.c
        themes = [t.id for t in c.spec.themes]
        outcomes = [o.code for o in c.spec.outcomes]
        bands = [b.id for b in c.spec.grade_bands]
        key = ("curriculum", "")
        for field, items, attr, what in (
            ("themes", c.spec.themes, "id", "theme"),
            ("outcomes", c.spec.outcomes, "code", "outcome"),
            ("grade_bands", c.spec.grade_bands, "id", "grade band"),
        ):
            self.loader.unique(list(items), attr, key, (field,), what)
        self.labels(key, c.spec.model_dump(), ())
        for index, module_id in enumerate(c.spec.modules):
            if module_id not in c.modules and module_id not in self.loader.broken.get("module", ()):
                self.ref(key, ("modules", index), module_id, c.modules, "module")
        for module_id in c.modules:
            if module_id not in c.spec.modules:
                self.diag.add(
                    "CUR007",
                    c.modules[module_id].folder / "module.yml",
                    say("module_not_listed", module=module_id),
                    hint=say("module_not_listed_fix"),
                )

        placed: dict[str, str] = {}
        # In curriculum.yml's order, so a lesson listed twice is reported in the module that comes later.
        listed = [c.modules[i] for i in dict.fromkeys(c.spec.modules) if i in c.modules]
        for module in listed + [mod for i, mod in c.modules.items() if i not in c.spec.modules]:
            mkey = ("module", module.id)
            spec = module.spec
            self.ref(mkey, ("band",), spec.band, bands, "grade band")
            self.refs(mkey, "themes", spec.themes, themes, "theme")
            self.refs(mkey, "outcomes", spec.outcomes, outcomes, "outcome")
            for index, lesson_id in enumerate(spec.lessons):
                doc = self.loader.docs[mkey]
                line, column = doc.where(("lessons", index))
                if lesson_id in self.loader.broken["lesson"] or lesson_id in spec.lessons[:index]:
                    continue  # a repeat in the same list is one CUR006 (check_duplicates)
                if lesson_id not in c.lessons:
                    # The lesson a misspelt id most likely meant is not also reported as in no module.
                    self.misspelt.update(difflib.get_close_matches(lesson_id, list(c.lessons), n=1, cutoff=0.8))
                    self.diag.add(
                        "CUR009",
                        doc.path,
                        say("module_lists_missing", lesson=lesson_id, suggestion=suggest_text(lesson_id, c.lessons)),
                        line=line,
                        column=column,
                    )
                elif lesson_id in placed:
                    self.diag.add(
                        "CUR021",
                        doc.path,
                        say("lesson_in_two_modules", lesson=lesson_id, module=placed[lesson_id]),
                        line=line,
                        column=column,
                    )
                else:
                    placed[lesson_id] = module.id
                    c.lessons[lesson_id].module_id = module.id

        for lesson in c.lessons.values():
            self.lesson(lesson, placed, themes, outcomes)
        for resource in c.resources.values():
            rkey = ("resource", resource.id)
            self.refs(rkey, "themes", resource.spec.themes, themes, "theme")
            self.refs(rkey, "sources", resource.spec.sources, c.sources, "bibliography source")
            self.refs(rkey, "terms", resource.spec.terms, c.terms, "glossary term")
        gkey = ("glossary", "")
        if gkey in self.loader.docs:
            for index, term in enumerate(c.terms.values()):
                self.refs_at(gkey, ("terms", index, "sources"), term.sources, c.sources, "bibliography source")
            self.labels(gkey, self.loader.docs[gkey].data, ())
            for index, term in enumerate(c.terms.values()):
                for field in ("meaning",):
                    for lang in ("bg", "en"):
                        if lang in self.c.languages and lang not in getattr(term, field):
                            doc = self.loader.docs[gkey]
                            line, column = doc.where(("terms", index, field))
                            self.diag.add(
                                "CUR004",
                                doc.path,
                                say("term_no_meaning", term=term.id, lang=lang),
                                line=line,
                                column=column,
                            )
        self.source_urls()
        ckey = ("calendar", "")
        if ckey in self.loader.docs:
            self.loader.unique(c.events, "id", ckey, ("events",), "event")
            self.labels(ckey, self.loader.docs[ckey].data, ())
            for index, event in enumerate(c.events):
                self.refs_at(ckey, ("events", index, "lessons"), event.lessons, c.lessons, "lesson")
                self.refs_at(ckey, ("events", index, "resources"), event.resources, c.resources, "resource")
                self.refs_at(ckey, ("events", index, "sources"), event.sources, c.sources, "bibliography source")

    def source_urls(self) -> None:
        """A source's address, and any link in its citation (rendered as Markdown), follow the URL rule."""
        doc = self.loader.docs.get(("bibliography", ""))
        if doc is None:
            return
        for index, source in enumerate(self.c.sources.values()):
            candidates = [("url", source.url)] if source.url else []
            candidates += [("citation", m.group(1)) for m in _CITATION_LINK.finditer(source.citation)]
            candidates += [("citation", m.group(0)[1:-1]) for m in safety.AUTOLINK.finditer(source.citation)]
            for field, url in candidates:
                problem = safety.url_problem(url)
                if problem:
                    line, column = doc.where(("sources", index, field))
                    self.diag.add(
                        "CUR029",
                        doc.path,
                        say("source_url_refused", url=url[:80], source=source.id, problem=problem),
                        line=line,
                        column=column,
                    )

    def refs_at(self, key: tuple[str, str], loc: tuple, values: list[str], choices: Iterable[str], what: str) -> None:
        choices = list(choices)
        for index, value in enumerate(values):
            self.ref(key, (*loc, index), value, choices, what)

    def labels(self, key: tuple[str, str], data: object, loc: tuple) -> None:
        """Language maps name only curriculum languages and always have the default language."""
        if isinstance(data, dict):
            keys = [k for k in data if isinstance(k, str)]
            if (
                keys
                and all(re.fullmatch(r"[a-z]{2,3}", k) for k in keys)
                and all(isinstance(v, str) for v in data.values())
            ):
                doc = self.loader.docs.get(key)
                if doc is None:
                    return
                for lang in keys:
                    if lang not in self.c.languages:
                        line, column = doc.where((*loc, lang))
                        self.diag.add(
                            "CUR024",
                            doc.path,
                            say("label_unknown_language", lang=lang, languages=", ".join(self.c.languages)),
                            line=line,
                            column=column,
                        )
                if self.c.default_language not in keys:
                    line, column = doc.where(loc)
                    self.diag.add(
                        "CUR004",
                        doc.path,
                        say("label_no_default", lang=self.c.default_language),
                        line=line,
                        column=column,
                    )
                return
            for k, v in data.items():
                self.labels(key, v, (*loc, k))
        elif isinstance(data, list):
            for index, item in enumerate(data):
                self.labels(key, item, (*loc, index))

    def lesson(self, lesson: m.Lesson, placed: dict[str, str], themes: list[str], outcomes: list[str]) -> None:
        c = self.c
        key = ("lesson", lesson.id)
        doc = self.loader.docs[key]
        spec = lesson.spec
        self.refs(key, "themes", spec.themes, themes, "theme")
        self.refs(key, "outcomes", spec.outcomes, outcomes, "outcome")
        self.refs(key, "vocabulary", spec.vocabulary, c.terms, "glossary term")
        self.refs(key, "resources", spec.resources, c.resources, "resource")
        self.refs(key, "sources", spec.sources, c.sources, "bibliography source")
        if lesson.id not in placed:
            # When a module file cannot be read, its lessons are not known to be orphans.
            if not self.loader.broken.get("module") and lesson.id not in self.misspelt:
                self.diag.add(
                    "CUR020",
                    doc.path,
                    say("lesson_in_no_module", lesson=lesson.id),
                    line=1,
                    column=1,
                )
        else:
            module = c.modules[placed[lesson.id]]
            outside = sorted(set(spec.grades) - set(module.spec.grades))
            if outside:
                line, column = doc.where(("grades",))
                self.diag.add(
                    "CUR025",
                    doc.path,
                    say(
                        "grade_outside_module",
                        grades=", ".join(map(str, outside)),
                        module=module.id,
                        module_grades=", ".join(map(str, module.spec.grades)),
                    ),
                    line=line,
                    column=column,
                )
        counts = Counter(a.id for a in spec.activities)
        for index, activity in enumerate(spec.activities):
            if counts[activity.id] > 1:
                line, column = doc.where(("activities", index, "id"))
                self.diag.add(
                    "CUR006", doc.path, say("activity_twice", activity=activity.id), line=line, column=column
                )
                counts[activity.id] = 0
        total = sum(a.minutes for a in spec.activities)
        if total > spec.duration:
            line, column = doc.where(("activities",))
            self.diag.add(
                "CUR008",
                doc.path,
                say("activities_too_long", total=total, duration=spec.duration),
                line=line,
                column=column,
            )
        self.short_period(lesson, doc)
        expected = [a.id for a in spec.activities] + list(m.FIXED_SECTIONS)
        for text in lesson.texts.values():
            if not text.complete:
                continue
            for section_id in expected:
                if section_id not in text.sections:
                    self.diag.add(
                        "CUR017",
                        text.path,
                        say("section_missing", section=section_id, lang=text.lang),
                        line=1,
                        column=1,
                        hint=say("section_missing_fix", section=section_id),
                    )
            for section_id in text.sections:
                if section_id not in expected and section_id != "_intro":
                    self.diag.add(
                        "CUR018",
                        text.path,
                        say(
                            "section_unknown",
                            section=section_id,
                            fixed=", ".join(m.FIXED_SECTIONS),
                            suggestion=suggest_text(section_id, expected),
                        ),
                        line=_line_of(text, section_id),
                        column=1,
                    )

    def short_period(self, lesson: m.Lesson, doc: YamlDocument) -> None:
        """A lesson for grades 1-2 says how it fits their 35-minute period, and its minutes add up to 35."""
        spec = lesson.spec
        limit = m.SHORT_PERIOD_MINUTES
        minutes = {a.id: a.minutes for a in spec.activities}
        planned = sum(minutes.values())
        young = [g for g in spec.grades if g in m.SHORT_PERIOD_GRADES]
        if spec.short_period is None:
            # Activities longer than the lesson are already CUR008: one message per mistake.
            if young and limit < planned <= spec.duration:
                line, column = doc.where(("grades",))
                shorter = ", ".join(f"{k}: {v}" for k, v in _shortened(spec.activities, planned - limit).items())
                self.diag.add(
                    "CUR032",
                    doc.path,
                    say("no_short_plan", grades=", ".join(map(str, young)), limit=limit, planned=planned),
                    line=line,
                    column=column,
                    hint=say("no_short_plan_fix", shorter=shorter, limit=limit),
                )
            return
        known = [key for key in spec.short_period if key in minutes]
        fine = len(known) == len(spec.short_period)
        for key, value in spec.short_period.items():
            line, column = doc.where(("short_period", key))
            if key not in minutes:
                self.diag.add(
                    "CUR007",
                    doc.path,
                    say("short_unknown_activity", activity=key, suggestion=suggest_text(key, minutes)),
                    line=line,
                    column=column,
                    hint=say("short_unknown_activity_fix", ids=", ".join(minutes)),
                )
            elif value >= minutes[key]:
                fine = False
                self.diag.add(
                    "CUR031",
                    doc.path,
                    say("short_not_shorter", activity=key, value=value, minutes=minutes[key]),
                    line=line,
                    column=column,
                    hint=say("short_not_shorter_fix", minutes=minutes[key], activity=key),
                )
        if not fine:
            return  # the sum of a plan with an unknown or unshortened activity is not a second mistake
        short = {key: spec.short_period[key] for key in known}
        total = sum(short.values()) + sum(v for k, v in minutes.items() if k not in short)
        if total != limit:
            line, column = doc.where(("short_period",))
            changed = " + ".join(f"{k} {v}" for k, v in short.items()) or say("nothing")
            kept = " + ".join(f"{k} {v}" for k, v in minutes.items() if k not in short) or say("nothing")
            more = total > limit
            advice = say("short_shorten_more", n=total - limit) if more else say("short_give_back", n=limit - total)
            self.diag.add(
                "CUR031",
                doc.path,
                say("short_sum", limit=limit, total=total),
                line=line,
                column=column,
                hint=say("short_sum_fix", changed=changed, kept=kept, total=total, advice=advice),
            )


def _shortened(activities: list[m.Activity], excess: int) -> dict[str, int]:
    """One way to take `excess` minutes off: a minute at a time from the longest main activity."""
    current = {a.id: a.minutes for a in activities}
    main = [a.id for a in activities if a.kind == "main"] or list(current)
    for _ in range(excess):
        longest = max(main, key=lambda k: current[k])
        if current[longest] <= 1:
            break
        current[longest] -= 1
    return {a.id: current[a.id] for a in activities if current[a.id] != a.minutes}


def _raw_languages(doc: YamlDocument | None) -> list[str]:
    """The languages a curriculum.yml that failed validation still names clearly, else none."""
    data = doc.data if doc is not None else None
    values = data.get("languages") if isinstance(data, dict) else None
    if not isinstance(values, list) or not values:
        return []
    if all(isinstance(x, str) and re.fullmatch(r"[a-z]{2,3}", x) for x in values):
        return list(values)
    return []


def _line_of(text: m.Translation, section_id: str) -> int:
    try:
        content = text.path.read_text(encoding="utf-8-sig")
    except OSError:
        return 1
    for number, line in enumerate(content.splitlines(), start=1):
        if re.search(r"\{\s*#" + re.escape(section_id) + r"\s*\}", line):
            return number
    return 1


def load_curriculum(root: Path | str, cache: ParseCache | None = None) -> tuple[m.Curriculum | None, Diagnostics]:
    """The curriculum in `root` and its problems; with a `cache`, only the files changed since its last load
    are read again. A caller that has just called `cache.scan(root)` (to compare fingerprints) is not scanned
    again."""
    root = Path(root)
    if cache is not None and cache.scanned != str(root):
        cache.scan(root)
    if cache is not None:
        cache.scanned = ""  # the next load scans again, unless its caller has just scanned
    loader = _Loader(root, cache)
    curriculum = loader.load()
    if curriculum is not None:
        curriculum.fingerprint = cache.fingerprint if cache is not None else fingerprint(root)
    return curriculum, loader.diag


def load_or_fail(root: Path | str, cache: ParseCache | None = None) -> m.Curriculum:
    curriculum, diag = load_curriculum(root, cache)
    if diag.errors or curriculum is None:
        raise CurriculumError(diag)
    return curriculum
