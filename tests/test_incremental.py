"""The preview's incremental rebuild: only the files an edit changed are read again, only the pages they affect
are made again, and what is kept is the same as what a full build makes.

`drom.loader.ParseCache` keeps each file's parse and problems; `drom.memo.PageMemo` keeps generated pages by the
curriculum's outline and each page's own body. The first tests check the claim the memo rests on (a page reads
no other entity's body) against every page kind of the fixture; the last ones run two `mkdocs serve --dirty`
builds in one process, as the server does, and read the written pages.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from drom import classroom
from drom import pages as gen
from drom.loader import ParseCache, load_curriculum, load_or_fail
from drom.memo import PageMemo, body_digest, outline
from drom.model import Curriculum

from .conftest import GOOD, make_project

LESSON_BG = "lessons/vasilitsa/lesson.bg.md"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stat = path.stat()  # a new modification time even on a coarse clock
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(GOOD / "curriculum", tmp_path / "curriculum")
    return tmp_path / "curriculum"


# --- the parse cache -----------------------------------------------------------------------------------


def test_a_second_load_reads_only_the_edited_file(root: Path) -> None:
    cache = ParseCache()
    first = load_or_fail(root, cache)
    files = cache.read
    assert files > 10 and cache.reused == 0
    again = load_or_fail(root, cache)
    assert (cache.read, cache.reused) == (0, files)
    assert again.lessons["vasilitsa"].texts["bg"].body == first.lessons["vasilitsa"].texts["bg"].body

    _edit(root / LESSON_BG, "Попитайте учениците как посрещат Новата година.", "Нов абзац от кеша.")
    edited = load_or_fail(root, cache)
    assert (cache.read, cache.reused) == (1, files - 1)
    assert "Нов абзац от кеша." in edited.lessons["vasilitsa"].texts["bg"].body
    assert "Нов абзац от кеша." in edited.lessons["vasilitsa"].texts["bg"].sections["warm-up"].markdown
    assert outline(edited) == outline(first)  # a body edit leaves the outline alone
    assert body_digest(edited, "lesson", "vasilitsa") != body_digest(first, "lesson", "vasilitsa")


def test_problems_of_an_unchanged_file_are_reported_on_every_load(root: Path) -> None:
    cache = ParseCache()
    _edit(root / "lessons/vasilitsa/lesson.yml", "duration: 40", "duratoin: 40")
    _, first = load_curriculum(root, cache)
    _, again = load_curriculum(root, cache)
    assert cache.read == 0
    assert [p.code for p in first.problems] == [p.code for p in again.problems]
    assert "CUR003" in [p.code for p in again.problems]
    assert again.problems == first.problems

    _edit(root / "lessons/vasilitsa/lesson.yml", "duratoin: 40", "duration: 40")
    curriculum, fixed = load_curriculum(root, cache)
    assert fixed.problems == [] and curriculum is not None


def test_a_new_file_is_seen_by_the_checks_of_unchanged_files(root: Path) -> None:
    """A lesson's image check looks for the file: adding the image clears the problem, though the lesson's
    Markdown did not change."""
    _edit(root / LESSON_BG, "(images/flag.svg)", "(images/flag2.svg)")
    cache = ParseCache()
    _, before = load_curriculum(root, cache)
    assert [p.code for p in before.problems] == ["CUR013"]
    shutil.copy(root / "lessons/vasilitsa/images/flag.svg", root / "lessons/vasilitsa/images/flag2.svg")
    _, after = load_curriculum(root, cache)
    assert after.problems == []
    (root / "lessons/vasilitsa/images/flag2.svg").unlink()
    _, removed = load_curriculum(root, cache)
    assert [p.code for p in removed.problems] == ["CUR013"]


def test_an_edited_svg_is_checked_again(root: Path) -> None:
    cache = ParseCache()
    _, clean = load_curriculum(root, cache)
    assert clean.problems == []
    _edit(root / "lessons/vasilitsa/images/flag.svg", "</svg>", "<script>alert(1)</script></svg>")
    _, unsafe = load_curriculum(root, cache)
    assert "CUR030" in [p.code for p in unsafe.problems]


# --- the page memo -------------------------------------------------------------------------------------


def _all_pages(curriculum: Curriculum, memo: PageMemo | None = None) -> dict[tuple[str, str], str]:
    """Every generated page and classroom view of every language: (language, path) -> text."""
    made: dict[tuple[str, str], str] = {}
    for lang in curriculum.languages:
        for page in gen.build_pages(curriculum, lang, "https://example.org/", memo=memo):
            made[(lang, page.src_uri)] = page.markdown
        sitemap = gen.SiteMap(curriculum)
        urls = {x.id: sitemap.page_url(sitemap.lesson(lang, x.id)) for x in curriculum.ordered_lessons()}
        for path, html in classroom.pages(curriculum, lang, urls, memo=memo):
            made[(lang, path)] = html
    return made


def _changed(before: dict[tuple[str, str], str], after: dict[tuple[str, str], str]) -> set[str]:
    assert before.keys() == after.keys()
    return {path for (_, path), text in after.items() if before[(_, path)] != text}


BODY_EDITS = [
    ("lesson", "vasilitsa", LESSON_BG, "Попитайте учениците как посрещат Новата година.", "Нов ред за проба."),
    ("lesson", "vasilitsa", "lessons/vasilitsa/handouts/bridge-worksheet.bg.md", "1. Оцвети моста.", "1. Нова задача."),
    ("module", "holidays", "modules/holidays/module.bg.md", "", "Ново въведение за проба.\n\n"),
    ("resource", "bridge-legend", "resources/bridge-legend/resource.bg.md", "", "Нов абзац за проба.\n\n"),
]


@pytest.mark.parametrize(("kind", "ident", "relative", "old", "new"), BODY_EDITS)
def test_a_body_edit_changes_only_the_pages_of_its_entity(
    root: Path, kind: str, ident: str, relative: str, old: str, new: str
) -> None:
    """The claim `drom.memo` rests on, for every page kind of the fixture: a full build after a body edit
    differs from the one before only in the pages (and classroom views) of the edited entity."""
    before = load_or_fail(root)
    pages_before = _all_pages(before)
    path = root / relative
    if old:
        _edit(path, old, new)
    else:  # before the body's first line
        text = path.read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1)
        path.write_text(f"{head}\n---\n{new}{body.lstrip()}", encoding="utf-8")
    after = load_or_fail(root)
    assert outline(after) == outline(before)
    assert body_digest(after, kind, ident) != body_digest(before, kind, ident)
    changed = _changed(pages_before, _all_pages(after))
    folder = {"lesson": "lessons", "module": "modules", "resource": "resources"}[kind]
    assert changed, "the edit shows on no page"
    assert all(f"{folder}/{ident}" in path or f"classroom/{ident}" in path for path in changed), changed


def test_kept_pages_are_the_pages_a_full_build_makes(root: Path) -> None:
    """After a body edit, a title edit and a glossary edit, the memo's pages equal those made from scratch,
    and a body edit makes only its own pages again."""
    memo = PageMemo()
    _all_pages(load_or_fail(root), memo)
    memo.count()

    _edit(root / LESSON_BG, "Попитайте учениците как посрещат Новата година.", "Попитайте ги за baxt.")
    body = load_or_fail(root)
    assert _all_pages(body, memo) == _all_pages(body)
    made, kept = memo.count()
    languages = len(body.languages)
    assert made == 2 * languages and kept > 20  # the lesson page and the classroom view, per language

    _edit(root / "lessons/herdelezi/lesson.bg.md", "title: Хедерлез – празникът на пролетта", "title: Хедерлез нов")
    titled = load_or_fail(root)
    kept_pages = _all_pages(titled, memo)
    assert kept_pages == _all_pages(titled)
    assert any("Хедерлез нов" in text for (_, path), text in kept_pages.items() if "vasilitsa" in path)

    _edit(root / "glossary.yml", "meaning: {bg: щастие", "meaning: {bg: късмет за проба")
    glossary = load_or_fail(root)
    assert _all_pages(glossary, memo) == _all_pages(glossary)
    assert memo.count()[1] == 0  # a glossary edit makes every page again


# --- two dirty builds in one process, as `mkdocs serve --dirty` makes them --------------------------------


class _Server:
    """`mkdocs serve --dirty`'s builds without the server: one plugin instance, a new config per build."""

    def __init__(self, project: Path, site: Path) -> None:
        from mkdocs.config import load_config

        self.project, self.site = project, site
        self.load_config = load_config
        self.config = self.new_config()
        self.config.plugins.on_startup(command="serve", dirty=True)

    def new_config(self):  # type: ignore[no-untyped-def]
        config = self.load_config(config_file=str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = "http://127.0.0.1:8000/"
        return config

    def build(self) -> None:
        from mkdocs.commands.build import build

        build(self.config, serve_url="http://127.0.0.1:8000/", dirty=True)
        self.config = self.new_config()

    def page(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Server]:
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("DROM_PDF", "0")
    monkeypatch.setenv("DROM_OFFLINE", "0")
    monkeypatch.setattr(sys, "argv", ["mkdocs", "serve", "--dirty"])  # static-i18n reads --dirty from here
    yield _Server(project, tmp_path / "site")


def _nav(html: str) -> str:
    nav = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--primary")
    assert nav is not None
    return " ".join(nav.get_text(" ").split())


def _tip(html: str, word: str) -> str:
    """The text of the glossary tooltip of `word` on a page."""
    soup = BeautifulSoup(html, "html.parser")
    for button in soup.select("button"):
        if button.get_text(" ").strip().lower().startswith(word):
            tip = soup.find(id=button.get("aria-describedby"))
            assert tip is not None
            return " ".join(tip.get_text(" ").split())
    raise AssertionError(f"no tooltip for {word!r}")


def test_a_dirty_rebuild_shows_the_edit_and_keeps_the_other_pages_right(server: _Server) -> None:
    lesson = server.project / "curriculum/lessons/herdelezi/lesson.bg.md"
    server.build()
    other_before = server.page("lessons/vasilitsa")
    english_before = server.page("en/lessons/vasilitsa")
    other_view = server.site / "lessons/vasilitsa/classroom/index.html"
    view_written = other_view.stat().st_mtime_ns

    _edit(lesson, "Разговор за пролетта.", "Разговор за Ederlezi и пролетта.\n\n> Пролетта идва с песен.")
    server.build()
    page = server.page("lessons/herdelezi")
    assert "Разговор за" in page and "и пролетта." in page
    assert "Пролетта идва с песен." in server.page("lessons/herdelezi/classroom")  # the classroom view too
    assert other_view.stat().st_mtime_ns == view_written  # an unchanged view is not written again
    assert (server.site / "404.html").is_file()
    assert "Василица – ромската Нова година" in _nav(page)  # a sibling this rebuild did not render
    assert _tip(page, "ederlezi").startswith("Гергьовден")
    assert server.page("lessons/vasilitsa") == other_before  # not rendered again
    assert server.page("en/lessons/vasilitsa") == english_before
    # The lesson has no English or Romani text: those pages show the Bulgarian body, edited too.
    assert "и пролетта." in server.page("en/lessons/herdelezi")
    assert "и пролетта." in server.page("rom/lessons/herdelezi")

    # A glossary edit reaches the pages that use the term, though their own files did not change.
    _edit(server.project / "curriculum/glossary.yml", "meaning: {bg: Гергьовден", "meaning: {bg: Пролетен празник")
    server.build()
    assert _tip(server.page("lessons/herdelezi"), "ederlezi").startswith("Пролетен празник")

    # A title edit reaches the navigation of every page.
    _edit(lesson, "title: Хедерлез – празникът на пролетта", "title: Хедерлез – пролетен празник")
    server.build()
    assert "Хедерлез – пролетен празник" in _nav(server.page("lessons/vasilitsa"))
    assert "Хедерлез – пролетен празник" in _nav(server.page("lessons/first-words"))
    assert "Хедерлез – пролетен празник" in server.page("lessons/herdelezi")


# --- the preview's watcher ---------------------------------------------------------------------------------


def _wait(condition: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")
def test_the_preview_learns_of_edits_from_the_system_and_not_of_reads(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    from drom.site.preview import watch_natively

    docs, curriculum = tmp_path / "docs", tmp_path / "curriculum"
    for folder in (docs, curriculum / "lessons"):
        folder.mkdir(parents=True)
    lesson = curriculum / "lessons" / "lesson.bg.md"
    lesson.write_text("Текст.\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    server.watch(str(docs))
    try:
        assert watch_natively(server, [str(curriculum)])
        assert server.observer.is_alive() and type(server.observer).__name__ == "Notified"
        assert sorted(server._watched_paths) == [str(curriculum), str(docs)]
        server.watch(str(curriculum))  # as MkDocs then watches the config's `watch` folders: no second watch
        server.observer.start()  # MkDocs' server starts it again: nothing happens

        lesson.read_text(encoding="utf-8")  # a build reads the files: that is no edit
        assert not _wait(lambda: server._want_rebuild, 1)
        lesson.write_text("Нов текст.\n", encoding="utf-8")
        assert _wait(lambda: server._want_rebuild)
        server._want_rebuild = False
        (docs / "new.md").write_text("# Нова\n", encoding="utf-8")
        assert _wait(lambda: server._want_rebuild)
    finally:
        server.observer.stop()
        server.server_close()


def test_polling_stays_when_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.livereload import LiveReloadServer

    from drom.site.preview import watch_natively

    monkeypatch.setenv("DROM_WATCH", "poll")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(tmp_path))
    observer = server.observer
    try:
        assert not watch_natively(server, [])
        assert server.observer is observer and list(server._watched_paths) == [str(tmp_path)]
    finally:
        server.server_close()


# --- upstream behaviour the preview relies on --------------------------------------------------------------


def test_mkdocs_serve_lets_a_plugin_change_the_watcher_before_the_config_folders_are_watched() -> None:
    """`watch_natively` swaps the server's observer in `on_serve`: MkDocs watches `watch:` folders after it, and
    the server keeps its watches in `_watched_paths` and `_watch_refs` and starts `observer` in `serve()`."""
    import inspect

    from mkdocs.commands import serve
    from mkdocs.livereload import LiveReloadServer

    source = inspect.getsource(serve.serve)
    assert source.index("on_serve(") < source.index("for item in config.watch")
    watch = inspect.getsource(LiveReloadServer.watch)
    assert "self._watched_paths" in watch and "self._watch_refs[path] = self.observer.schedule(" in watch
    assert "self.observer.start()" in inspect.getsource(LiveReloadServer.serve)


def test_mkdocs_dirty_builds_ask_each_file_whether_it_changed() -> None:
    """`Preview.track_static` gives generated files an `is_modified`; MkDocs calls it for every static file of a
    dirty build, and renders every name in `theme.static_templates` (a set) in every build."""
    import inspect

    from mkdocs.commands import build
    from mkdocs.structure.files import File, Files
    from mkdocs.theme import Theme

    assert "file.copy_file(dirty)" in inspect.getsource(Files.copy_static_files)
    assert "if dirty and not self.is_modified()" in inspect.getsource(File.copy_file)
    assert "for template in config.theme.static_templates" in inspect.getsource(build.build)
    assert isinstance(Theme(name="material").static_templates, set)
