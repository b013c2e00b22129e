"""Reproducible output: two builds of the same sources give byte-identical files, so a deploy or a cache
only moves what really changed.

The second build differs from the first in everything that must not matter: the project folder (absolute
paths must not leak), Python's string-hash seed (set iteration order must not leak) and, in the last test,
the day the build runs on.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Build, make_project, run_build

# Runs `mkdocs build --strict` as if the machine's clock were 400 days ahead: a build of the same commit on
# another day. SOURCE_DATE_EPOCH is left alone, so a fix may use it (e.g. set from the commit date).
LATER = r"""
import datetime, runpy, sys, time

SHIFT = 400 * 86400
_time = time.time
time.time = lambda: _time() + SHIFT


class _DateTime(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.datetime.fromtimestamp(time.time(), tz)

    @classmethod
    def utcnow(cls):
        return datetime.datetime.fromtimestamp(time.time(), datetime.timezone.utc).replace(tzinfo=None)


class _Date(datetime.date):
    @classmethod
    def today(cls):
        return datetime.date.fromtimestamp(time.time())


datetime.datetime, datetime.date = _DateTime, _Date
sys.argv = ["mkdocs", "build", "--strict"]
runpy.run_module("mkdocs", run_name="__main__")
"""


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(one: Build, two: Build) -> str:
    """Which files differ, with the first changed lines of each text file; empty when identical."""
    a, b = files_of(one.site), files_of(two.site)
    lines = [f"only in the first build: {name}" for name in sorted(set(a) - set(b))]
    lines += [f"only in the second build: {name}" for name in sorted(set(b) - set(a))]
    for name in sorted(set(a) & set(b)):
        if a[name] == b[name]:
            continue
        lines.append(f"differs: {name} ({len(a[name])} vs {len(b[name])} bytes)")
        try:
            old, new = a[name].decode("utf-8").splitlines(), b[name].decode("utf-8").splitlines()
        except UnicodeDecodeError:
            first = next(i for i, (x, y) in enumerate(zip(a[name], b[name], strict=False)) if x != y)
            lines.append(f"    binary, first different byte at offset {first}")
            continue
        diff = [d for d in difflib.unified_diff(old, new, lineterm="", n=0) if d[:1] in "+-" and d[:3] not in "+++---"]
        lines += [f"    {d[:160]}" for d in diff[:6]]
    return "\n".join(lines)


def build_with(project: Path, hash_seed: str) -> Build:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONHASHSEED", hash_seed)
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        build = run_build(project)
    assert build.returncode == 0, build.output[-3000:]
    return build


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = make_project(tmp_path_factory.mktemp("first") / "project")
    return build_with(project, "1")


def test_two_builds_in_different_folders_are_byte_identical(first: Build, tmp_path: Path) -> None:
    second = build_with(make_project(tmp_path / "another" / "folder" / "project"), "2")
    assert files_of(first.site), "the first build wrote nothing"
    report = differences(first, second)
    assert not report, f"two builds of the same sources differ:\n{report}"


def committed_project(dest: Path) -> Path:
    """A fixture project committed to Git with a fixed date: 'the same commit' in two places."""
    return commit(make_project(dest))


def commit(project: Path) -> Path:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-01-14T12:00:00Z",
        "GIT_COMMITTER_DATE": "2026-01-14T12:00:00Z",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "fixture"]):
        subprocess.run(["git", *command], cwd=project, env=env, check=True, capture_output=True)
    return project


def test_a_build_of_the_same_commit_on_another_day_is_byte_identical(tmp_path: Path) -> None:
    """Dates come from the commit (SOURCE_DATE_EPOCH set by the plugin), not from the clock."""
    today = build_with(committed_project(tmp_path / "today" / "project"), "1")
    project = committed_project(tmp_path / "later" / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DROM_PDF": "0", "DROM_OFFLINE": "0", "PYTHONHASHSEED": "3"}
    env.pop("SOURCE_DATE_EPOCH", None)
    proc = subprocess.run(
        [sys.executable, "-c", LATER], cwd=project, capture_output=True, text=True, env=env, timeout=600
    )
    later = Build(project, proc.returncode, proc.stdout + proc.stderr)
    assert later.returncode == 0, later.output[-3000:]
    report = differences(today, later)
    assert not report, f"the same commit built on another day differs:\n{report}"
    assert "<lastmod>2026-01-14</lastmod>" in (later.site / "sitemap.xml").read_text(encoding="utf-8")


def other_fonts(folder: Path) -> Path:
    """A Fontconfig setup as another machine might have: other fonts listed first, its own empty cache."""
    conf = folder / "fonts.conf"
    folder.mkdir(parents=True, exist_ok=True)
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
        "<dir>/usr/share/fonts/truetype/libreoffice</dir><dir>/usr/share/fonts</dir>"
        f"<cachedir>{folder / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return conf


def test_pdfs_and_zips_of_the_same_commit_are_byte_identical(tmp_path: Path) -> None:
    """The published PDFs, their ZIPs and the offline pack too: another folder, hash seed, day, Fontconfig
    cache and font list. The handout holds ☐ and ✓, which the shipped serif face lacks (a fallback font)."""
    builds = []
    for name, seed, command in (("today", "1", ["-m", "mkdocs", "build", "--strict"]), ("later", "2", ["-c", LATER])):
        project = make_project(tmp_path / name / "project")
        handout = project / "curriculum/lessons/vasilitsa/handouts/bridge-worksheet.bg.md"
        handout.write_text(handout.read_text(encoding="utf-8") + "\n☐ Оцветих моста. ✓\n", encoding="utf-8")
        commit(project)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DROM_PDF": "1", "DROM_OFFLINE": "1", "PYTHONHASHSEED": seed}
        env.pop("SOURCE_DATE_EPOCH", None)
        env["XDG_CACHE_HOME"] = str(tmp_path / name / "xdg-cache")  # empty: no Fontconfig cache yet
        env.pop("FONTCONFIG_FILE", None)
        if name == "later":
            env["FONTCONFIG_FILE"] = str(other_fonts(tmp_path / name / "fontconfig"))
        proc = subprocess.run(
            [sys.executable, *command], cwd=project, capture_output=True, text=True, env=env, timeout=900
        )
        builds.append(Build(project, proc.returncode, proc.stdout + proc.stderr))
        assert proc.returncode == 0, builds[-1].output[-3000:]
    names = files_of(builds[0].site)
    assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".zip") for n in names), sorted(names)[:20]
    report = differences(*builds)
    assert not report, f"the same commit's PDFs and ZIPs differ:\n{report}"


# Renders one print document with glyphs the shipped serif face lacks (☐, ✓) and prints the PDF's digest.
RENDER_ONE = r"""
import hashlib, sys, tempfile
from pathlib import Path
from drom.pdf import fonts
from drom.pdf.render import Job, render

out = Path(tempfile.mkdtemp()) / "one.pdf"
html = "<html lang='bg'><body><h1>Задачи</h1><p>☐ Оцвети моста ✓ <b>готово</b> <i>čhavo</i></p></body></html>"
css = fonts.font_face_css() + 'body { font-family: "Drom Serif"; } h1 { font-family: "Drom Sans"; }'
folder = str(fonts.FONTS_DIR)
outcome = render(Job("one.pdf", html, css, fonts.FONTS_DIR.as_uri() + "/", fonts.FONTS_DIR.as_uri() + "/",
                     (folder,), str(out), folder))
assert not outcome.error, outcome.error
print(hashlib.sha256(out.read_bytes()).hexdigest())
"""


def test_pdf_fonts_do_not_depend_on_the_fonts_of_the_machine(tmp_path: Path) -> None:
    """A glyph missing from the named face falls back to a shipped face, whatever fonts the machine has and
    in whatever order Fontconfig lists them (its cache state): the PDF's bytes are the same."""
    other = tmp_path / "fonts.conf"
    other.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
        "<dir>/usr/share/fonts/truetype/libreoffice</dir><dir>/usr/share/fonts/truetype</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    digests = []
    for conf in (None, str(other)):
        env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
        env["XDG_CACHE_HOME"] = str(tmp_path / f"xdg-{len(digests)}")
        if conf:
            env["FONTCONFIG_FILE"] = conf
        proc = subprocess.run([sys.executable, "-c", RENDER_ONE], capture_output=True, text=True, env=env, timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]
        digests.append(proc.stdout.strip().splitlines()[-1])
    assert digests[0] == digests[1]


def test_a_character_no_shipped_font_has_is_an_error_not_a_box(tmp_path: Path) -> None:
    """With the machine's fonts out of reach, a character none of the shipped faces has would print as an
    empty box: the PDF is refused, naming the character."""
    from drom.pdf import fonts
    from drom.pdf.render import Job, render

    folder = str(fonts.FONTS_DIR)
    css = fonts.font_face_css() + 'body { font-family: "Drom Serif"; }'
    html = "<html lang='bg'><body><p>Задача 𓀀</p></body></html>"  # an Egyptian hieroglyph
    outcome = render(
        Job("x.pdf", html, css, fonts.FONTS_DIR.as_uri() + "/", fonts.FONTS_DIR.as_uri() + "/", (folder,),
            str(tmp_path / "x.pdf"), folder)
    )
    assert "U+13000" in outcome.error and not (tmp_path / "x.pdf").exists()
