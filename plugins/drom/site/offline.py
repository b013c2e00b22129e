"""The offline school pack (the whole site as a ZIP that works from a folder) and a ZIP of PDFs per module.

The pack is a second MkDocs build of the same `mkdocs.yml`, in a subprocess with DROM_OFFLINE_BUILD=1. In that
mode the plugin gives pages file URLs (`lessons/x.html`, because file:// has no directory index), loads the
vendored iframe-worker shim (browsers refuse Web Workers from file://, and the search runs in one),
writes `search_index.js` beside each language's index (the index's pieces are scripts in any case, see
drom/site/search.py), and copies the PDFs the main build already rendered (listed in a manifest, so nothing is
rendered twice). The result is zipped so that its bytes depend only on
the files' names and contents.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

from mkdocs.exceptions import PluginError

from .. import model as m
from ..pages import Download, Downloads
from ..pages.kinds import file_path

PACK_PATH = file_path("offline")
"""Where the pack is published in the site."""
PACK_FOLDER = "roma-folklore-offline"
"""The folder the pack unzips into."""
SHIM = "assets/drom/vendor/iframe-worker/shim.js"
SHIM_LICENCE = "assets/drom/vendor/iframe-worker/LICENSE"
LEFT_OUT = {"404.html", "sitemap.xml", "sitemap.xml.gz"}
"""Files that need a web server (404.html links from the server root) or serve search engines only."""
PDF_KINDS = ("module", "lesson", "handouts", "slides")
ENV_BUILD = "DROM_OFFLINE_BUILD"
ENV_FILES = "DROM_OFFLINE_FILES"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_zip(target: Path, entries: Iterable[tuple[str, Path]]) -> int:
    """Write a reproducible ZIP: sorted entries, fixed time and permissions. Atomic; returns its size in bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, path in sorted(entries):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, on every OS, so the permissions below mean the same everywhere
            info.external_attr = 0o100644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    os.replace(partial, target)
    return target.stat().st_size


def module_zips(curriculum: m.Curriculum, downloads: Downloads, pdf_root: Path) -> Downloads:
    """Per module and language, one ZIP of the module PDF and its lessons' and handouts' PDFs, in teaching order.

    Written under `pdf_root` at `pdf/<lang>/modules/<module>.zip`; returns them as downloads (kind `module_zip`).
    """
    languages = sorted({lang for kind, lang, _ in downloads if kind in PDF_KINDS})
    made: Downloads = {}
    for module in curriculum.ordered_modules():
        for lang in languages:
            entries: list[tuple[str, Path]] = []
            item = downloads.get(("module", lang, module.id))
            if item is not None:
                entries.append((f"{module.id}/{module.id}.pdf", pdf_root / item.path))
            for number, lesson in enumerate(curriculum.module_lessons(module), start=1):
                for kind, suffix in (("lesson", ""), ("handouts", "-handouts")):
                    item = downloads.get((kind, lang, lesson.id))
                    if item is not None:
                        entries.append((f"{module.id}/{number:02d}-{lesson.id}{suffix}.pdf", pdf_root / item.path))
            if entries:
                path = file_path("module_zip", lang, module.id)
                made[("module_zip", lang, module.id)] = Download(path, write_zip(pdf_root / path, entries), 0)
    return made


PACKAGE = Path(__file__).resolve().parent.parent
"""The `drom` package: its code, templates and assets shape the pack as much as the content does."""


def pack_key(config_file: Path, sources: Iterable[Path], manifest: str, *, strict: bool) -> str:
    """A digest of everything the pack is made from: mkdocs.yml, every file under the content, docs and theme
    folders and our package, the PDFs it copies, the versions of the tools, and the build date."""
    digest = hashlib.sha256()
    versions = [f"{name}={metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n")]
    for part in (*versions, os.environ.get("SOURCE_DATE_EPOCH", ""), str(strict), manifest):
        digest.update(part.encode("utf-8") + b"\0")
    for folder in sorted({config_file, *sources, PACKAGE}):
        paths = [folder] if folder.is_file() else sorted(x for x in folder.rglob("*") if x.is_file())
        for path in paths:
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path).encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def build_pack(
    config_file: Path,
    work: Path,
    downloads: Downloads,
    pdf_root: Path | None,
    *,
    strict: bool,
    sources: Iterable[Path] = (),
    progress: Callable[[int, int], None] | None = None,
    languages: int = 1,
) -> tuple[Path, bool]:
    """Build the site for file:// in a subprocess and zip it into `work`; return the ZIP's path, and whether it
    was built (False: the ZIP of an earlier build was made from exactly the same inputs and is reused).

    `progress(done, total)` hears of each of the `languages` built, then of the ZIP written.
    """
    work.mkdir(parents=True, exist_ok=True)
    printable = [(key, item) for key, item in sorted(downloads.items()) if key[0] in PDF_KINDS]
    pdfs = [[*key, item.path, item.size, item.pages] for key, item in printable]
    # By content: the PDF step writes its files out again from its cache on every build.
    stamps = [
        (item.path, hashlib.sha256((pdf_root / item.path).read_bytes()).hexdigest() if pdf_root else "")
        for _, item in printable
    ]
    listing = json.dumps({"root": str(pdf_root or ""), "files": pdfs})
    key = pack_key(config_file, sources, listing + json.dumps(stamps), strict=strict)
    pack = work / Path(PACK_PATH).name
    stamp = work / "pack.key"
    if pack.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return pack, False
    stamp.unlink(missing_ok=True)
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    manifest = work / "pdfs.json"
    manifest.write_text(listing, encoding="utf-8")
    env = {**os.environ, ENV_BUILD: "1", ENV_FILES: str(manifest), "DROM_PDF": "0"}
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site)]
    total = languages + 1
    if progress is not None:
        progress(0, total)
    output: list[str] = []
    with subprocess.Popen(
        command + (["--strict"] if strict else []),
        cwd=config_file.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            output.append(line.rstrip("\n"))
            if progress is not None and _LANGUAGE_DONE.search(line):
                progress(min(sum(1 for x in output if _LANGUAGE_DONE.search(x)), languages), total)
    if proc.returncode != 0:
        raise PluginError("Error building the offline pack:\n" + "\n".join(output[-30:]))
    files = [
        (f"{PACK_FOLDER}/{path.relative_to(site).as_posix()}", path)
        for path in site.rglob("*")
        if path.is_file() and path.relative_to(site).as_posix() not in LEFT_OUT
    ]
    write_zip(pack, files)
    if progress is not None:
        progress(total, total)
    shutil.rmtree(site)
    manifest.unlink()
    stamp.write_text(key, encoding="utf-8")
    return pack, True


_LANGUAGE_DONE = re.compile(r"Generated \d+ curriculum pages in '")
"""The plugin's line for each language of the offline build (`on_files`), the pack's unit of progress."""


def is_offline_build() -> bool:
    return os.environ.get(ENV_BUILD, "").strip() == "1"


def offline_pdfs() -> tuple[Path | None, Downloads]:
    """In the offline build: the PDFs the main build rendered, from the manifest it passed."""
    manifest = os.environ.get(ENV_FILES)
    if not manifest:
        return None, {}
    data = json.loads(Path(manifest).read_text(encoding="utf-8"))
    files = {(kind, lang, ident): Download(path, size, pages) for kind, lang, ident, path, size, pages in data["files"]}
    return (Path(data["root"]) if data["root"] else None), files
