"""`drom.site.release` against MkDocs' live-reload server: the state it reads and sets, and what it holds."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from drom.site.release import FirstLanguage, Superseded


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveReloadServer]:
    """MkDocs' server, not serving: its state as its build loop leaves it."""
    made = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        yield made
    finally:
        made.server_close()


def _request(release_app: object, path: str, served: list[str]) -> threading.Thread:
    def run() -> None:
        environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
        response = release_app(environ, lambda status, headers: None)  # type: ignore[operator]
        try:
            served.append(b"".join(response).decode("utf-8"))
        finally:
            response.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_the_first_language_is_served_while_the_others_wait(server: LiveReloadServer, tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "index.html").write_text("<body>bg</body>", encoding="utf-8")
    (tmp_path / "en" / "index.html").write_text("<body>en</body>", encoding="utf-8")
    release = FirstLanguage()
    release.attach(server)
    app = server.get_app()

    # MkDocs' build loop, at a rebuild: a new version is wanted, requests wait for it.
    server._wanted_epoch = server._visible_epoch + 10
    release.build_started()
    assert not gc.isenabled()  # no collection until the first language is shown
    release.first_written("bg", ["en", "rom"])
    assert gc.isenabled()
    assert server._visible_epoch == server._wanted_epoch  # browsers reload, requests are answered

    served: list[str] = []
    threads = [_request(app, "/", served), _request(app, "/en/", served)]
    threads[0].join(5)
    time.sleep(0.2)
    assert served == ["<body>bg</body>"]  # the English page is still being built

    shown = server._visible_epoch
    release.all_written()
    assert server._wanted_epoch > shown  # MkDocs shows it after the build: browsers reload once more
    with server._epoch_cond:  # as MkDocs' build loop does then
        server._visible_epoch = server._wanted_epoch
        server._epoch_cond.notify_all()
    threads[1].join(5)
    assert served[1].startswith("<body>en") and "livereload" not in served[0] + served[1]


def test_a_newer_edit_stops_the_other_languages_only(server: LiveReloadServer) -> None:
    release = FirstLanguage()
    release.attach(server)
    release.interruptible = True
    server._wanted_epoch = server._visible_epoch + 10
    release.build_started()
    with server._rebuild_cond:
        server._want_rebuild = True  # what MkDocs' watcher sets on a change
    release.check()  # the first language is not stopped
    release.first_written("bg", ["en"])
    assert release.superseded()
    with pytest.raises(Superseded):
        release.check()
    release.interruptible = False  # plain `mkdocs serve` (not dirty) finishes every language
    release.check()
    release.interruptible = True
    release.all_written()
    release.check()  # the next rebuild's first language is not stopped either, whatever comes meanwhile


def test_nothing_is_held_before_serving() -> None:
    """The first build runs before the server serves (and `mkdocs build` has no server): nothing changes."""
    release = FirstLanguage()
    release.build_started()
    assert gc.isenabled()
    release.first_written("bg", ["en"])
    release.check()
    assert not release.superseded()
    release.all_written()
