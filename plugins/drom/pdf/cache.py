"""The PDF cache: each PDF keyed by a hash of everything that goes into it, kept in a folder with a manifest.

`<cache>/manifest.json` maps each PDF's path (`pdf/bg/lessons/x.pdf`) to its key, page count and size;
`<cache>/files/<key>.pdf` holds the PDF itself. A PDF whose key is unchanged is copied from there
instead of being rendered again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyphen
import weasyprint

from .. import __version__
from .documents import Document
from .errors import PdfError
from .files import atomic_copy, atomic_writer
from .fit import VERSION as FIT
from .render import OPTIONS, STRUCTURE

MANIFEST_VERSION = 1


@dataclass(frozen=True)
class Entry:
    key: str
    pages: int
    size: int


class FileHashes:
    """sha256 of input files, each read once per run (an image may be in a lesson PDF and its module's)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.known: dict[Path, str] = {}

    def __call__(self, path: Path) -> str:
        if path not in self.known:
            try:
                self.known[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError as error:
                raise PdfError(
                    f"the file '{self.name(path)}' cannot be read ({error.strerror})", file=self.name(path)
                ) from None
        return self.known[path]

    def name(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def document_key(document: Document, fonts: str, hashes: FileHashes, parts: Sequence[str] = ()) -> str:
    """The hash of everything a PDF is made from: HTML, CSS, embedded files, fonts, software versions, and the
    keys of the PDFs whose pages it takes (`parts`, a module's lessons)."""
    material = {
        "html": document.html,
        "css": document.css,
        "files": {hashes.name(path): hashes(path) for path in document.files},
        "fonts": fonts,
        "drom": __version__,
        "weasyprint": weasyprint.__version__,
        "pyphen": getattr(pyphen, "__version__", ""),
        "options": OPTIONS,
        "structure": STRUCTURE,
    }
    if document.fit:  # only the slides: the other PDFs keep their keys
        material["fit"] = document.fit if FIT == 1 else f"{document.fit} {FIT}"
    if document.parts:  # only the modules
        material["parts"] = list(parts)
        material["after_parts"] = document.after_parts
        material["links"] = [list(link) for link in document.links]
    return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class Cache:
    """The manifest and the cached PDFs in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.manifest = folder / "manifest.json"
        self.files = folder / "files"
        self.entries: dict[str, Entry] = self._load()

    def _load(self) -> dict[str, Entry]:
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
            if data.get("version") != MANIFEST_VERSION:
                return {}
            return {path: Entry(**entry) for path, entry in data["files"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}  # no cache yet, or an unreadable one: everything is rendered again

    def blob(self, key: str) -> Path:
        return self.files / f"{key}.pdf"

    def lookup(self, path: str, key: str) -> Entry | None:
        """The cached entry of `path` if it was made from the same inputs and its file is intact."""
        entry = self.entries.get(path)
        if entry is None or entry.key != key:
            return None
        try:
            if self.blob(key).stat().st_size != entry.size:
                return None
        except OSError:
            return None
        return entry

    def store(self, path: str, key: str, pdf: Path, pages: int) -> None:
        atomic_copy(pdf, self.blob(key))
        self.entries[path] = Entry(key, pages, pdf.stat().st_size)

    def forget(self, path: str) -> None:
        self.entries.pop(path, None)

    def save(self, produced: set[str], languages: list[str]) -> None:
        """Write the manifest and delete cached PDFs nothing refers to any more.

        Entries of the languages built this run that were not produced (a deleted lesson) are dropped;
        other languages' entries are kept, for a later build of those languages.
        """
        built = tuple(f"pdf/{lang}/" for lang in languages)
        self.entries = {
            path: entry for path, entry in self.entries.items() if path in produced or not path.startswith(built)
        }
        data = {
            "version": MANIFEST_VERSION,
            "files": {path: vars(entry) for path, entry in sorted(self.entries.items())},
        }
        with atomic_writer(self.manifest) as stream:
            stream.write(json.dumps(data, indent=1, ensure_ascii=False).encode())
        used = {f"{entry.key}.pdf" for entry in self.entries.values()}
        if self.files.is_dir():
            for file in self.files.iterdir():
                if file.suffix == ".pdf" and file.name not in used:
                    with contextlib.suppress(OSError):
                        file.unlink()
