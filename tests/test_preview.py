"""The authors' preview, `mkdocs serve --dirty`: an edit shows quickly, and what it skips stays right.

A dirty rebuild renders only the pages whose content changed. These tests run the real server on the
fixture project, edit files as an author would, and read the pages over HTTP.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import make_project


def nav_text(html: str) -> str:
    """The text of the site navigation only (lesson pages also name related lessons in their body)."""
    nav = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--primary")
    assert nav is not None
    return " ".join(nav.get_text(" ").split())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Preview:
    def __init__(self, project: Path, proc: subprocess.Popen[bytes], base: str, log: Path) -> None:
        self.project, self.proc, self.base, self.log = project, proc, base, log

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:  # noqa: S310 (127.0.0.1)
                return response.read().decode("utf-8")
        except (urllib.error.URLError, OSError):
            return None

    def wait(self, path: str, predicate: Callable[[str], bool], timeout: float = 90) -> str:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            assert self.proc.poll() is None, self.log.read_text(encoding="utf-8")[-3000:]
            text = self.get(path)
            if text is not None and predicate(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"{path} never matched; server log:\n{self.log.read_text(encoding='utf-8')[-3000:]}")

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    project = make_project(tmp_path / "project")
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DROM_PDF": "0"}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Preview(project, proc, f"http://127.0.0.1:{port}/", log)
    try:
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


LESSON = "curriculum/lessons/vasilitsa/lesson.bg.md"
OTHER = "curriculum/lessons/herdelezi/lesson.bg.md"


def test_an_edit_is_shown_and_the_navigation_of_skipped_pages_stays_right(preview: Preview) -> None:
    first = preview.wait("lessons/vasilitsa/", lambda text: "Василица" in text)
    assert "Хедерлез – празникът на пролетта" in nav_text(first)  # the sibling lesson, in the module's navigation

    # A body edit: only this lesson's pages are rendered again. The navigation inside them still names the
    # sibling lessons, whose pages this rebuild did not render (MkDocs would leave their titles empty).
    preview.edit(LESSON, "## Загрявка", "Нов абзац за проба.\n\n## Загрявка")
    page = preview.wait("lessons/vasilitsa/", lambda text: "Нов абзац за проба." in text)
    assert "Хедерлез – празникът на пролетта" in nav_text(page)
    assert "Първи думи на романес" in nav_text(page)

    # A title edit changes the navigation: pages whose own content did not change show the new title too.
    preview.edit(OTHER, "title: Хедерлез – празникът на пролетта", "title: Хедерлез – пролетен празник")
    preview.wait("lessons/vasilitsa/", lambda text: "Хедерлез – пролетен празник" in nav_text(text))
    preview.wait("lessons/first-words/", lambda text: "Хедерлез – пролетен празник" in nav_text(text))

    # An edited theme override is compiled again, not taken from the template cache.
    preview.edit("overrides/main.html", "{% block extrahead %}", "{% block extrahead %}<!-- preview-override -->")
    preview.wait("lessons/vasilitsa/", lambda text: "<!-- preview-override -->" in text)

    log = preview.log.read_text(encoding="utf-8")
    assert "Aborted" not in log and "A 'dirty' build is being performed" not in log, log[-3000:]


def test_a_broken_edit_is_reported_and_the_preview_recovers(preview: Preview) -> None:
    preview.wait("lessons/vasilitsa/", lambda text: "Василица" in text)
    preview.edit("curriculum/lessons/vasilitsa/lesson.yml", "duration: 40", "duratoin: 40")
    deadline = time.monotonic() + 90
    while "CUR003" not in preview.log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, preview.log.read_text(encoding="utf-8")[-3000:]
        time.sleep(0.2)
    assert "Did you mean 'duration'?" in preview.log.read_text(encoding="utf-8")
    preview.edit("curriculum/lessons/vasilitsa/lesson.yml", "duratoin: 40", "duration: 40")
    preview.edit(LESSON, "## Загрявка", "След поправката.\n\n## Загрявка")
    preview.wait("lessons/vasilitsa/", lambda text: "След поправката." in text)


def test_content_errors_show_in_the_browser_and_the_page_comes_back(preview: Preview) -> None:
    """A broken edit does not leave the browser waiting: the edited page answers with the problems, in the
    author's language, and becomes the lesson again once the file is fixed."""
    preview.wait("lessons/vasilitsa/", lambda text: "Василица" in text)
    seen = len(preview.log.read_text(encoding="utf-8"))
    preview.edit("curriculum/lessons/vasilitsa/lesson.yml", "duration: 40", "duratoin: 40")
    deadline = time.monotonic() + 90
    while not re.search(r"CUR003.*Documentation built", preview.log.read_text(encoding="utf-8")[seen:], re.DOTALL):
        assert time.monotonic() < deadline, preview.log.read_text(encoding="utf-8")[-3000:]
        time.sleep(0.2)
    # The rebuild is done: the page answers at once (MkDocs' server held requests until a build succeeded).
    with urllib.request.urlopen(preview.base + "lessons/vasilitsa/", timeout=3) as response:  # noqa: S310
        page = response.read().decode("utf-8")
    text = " ".join(BeautifulSoup(page, "html.parser").get_text(" ").split())
    assert "curriculum/lessons/vasilitsa/lesson.yml:2:1" in text
    assert "CUR003" in text and "Unknown key 'duratoin'" in text and "Did you mean 'duration'?" in text
    assert "Allowed keys here:" in text  # the hint
    assert "livereload" in page  # MkDocs' script that reloads the page after the next rebuild
    # Every other page says the same, not an old copy of itself.
    assert "CUR003" in preview.wait("lessons/first-words/", lambda text: "CUR003" in text)

    preview.edit("curriculum/lessons/vasilitsa/lesson.yml", "duratoin: 40", "duration: 40")
    page = preview.wait("lessons/vasilitsa/", lambda text: "Василица" in text and "CUR003" not in text)
    assert "Хедерлез – празникът на пролетта" in nav_text(page)
    assert "CUR003" not in preview.wait("lessons/first-words/", lambda text: "CUR003" not in text)


def test_the_error_page_speaks_the_authors_language(tmp_path: Path) -> None:
    """Bulgarian, from the locale or the curriculum's default language, with the code's Bulgarian title."""
    from drom.diagnostics import Diagnostics
    from drom.messages import say
    from drom.site.preview import ErrorPages

    diag = Diagnostics(tmp_path / "curriculum")
    lesson = tmp_path / "curriculum" / "lessons" / "x" / "lesson.yml"
    diag.add("CUR003", lesson, say("unknown_key", name="<b>", what="lesson 'x'"), line=2, column=1)
    diag.add("CUR013", lesson, "The file 'a.md' does not exist.", line=3, column=1)
    pages = ErrorPages()
    pages.failed("stamp", diag, "bg")
    html = pages.html("bg")
    assert "Непознат ключ „&lt;b&gt;“ в урока „x“." in html  # escaped
    assert "<b>" not in html
    assert "curriculum/lessons/x/lesson.yml:3:1" in html and "Липсващ файл" in html  # title of an English message
    assert "Създайте файла" in html  # the code's Bulgarian hint


FALLBACK = "curriculum/lessons/herdelezi/lesson.bg.md"
"""A lesson written in Bulgarian only: its English and Romani pages show the Bulgarian text."""


def test_other_languages_follow_an_edit_even_when_the_next_edit_comes_at_once(preview: Preview) -> None:
    """The edited language is served first, the others once built; an edit that comes while they are built stops
    their build (`drom.site.release`), and the next build still brings every language up to date."""
    preview.wait("lessons/herdelezi/", lambda text: "Хедерлез" in text)
    preview.edit(FALLBACK, "title: Хедерлез – празникът на пролетта", "title: Хедерлез – нов празник")
    preview.wait("lessons/herdelezi/", lambda text: "Хедерлез – нов празник" in text)
    # At once: the other languages of the first edit are being built, or about to be.
    preview.edit(LESSON, "## Загрявка", "Второ изменение.\n\n## Загрявка")
    preview.wait("lessons/vasilitsa/", lambda text: "Второ изменение." in text)
    for lang in ("en", "rom"):
        page = preview.wait(f"{lang}/lessons/herdelezi/", lambda text: "Хедерлез – нов празник" in text)
        assert "Хедерлез – нов празник" in nav_text(page)
        # A page the second edit did not change shows the first edit's title in its navigation too.
        other = preview.wait(f"{lang}/lessons/first-words/", lambda text: "Хедерлез – нов празник" in nav_text(text))
        assert "Хедерлез – празникът на пролетта" not in nav_text(other)
