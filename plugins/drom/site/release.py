"""Show the first language's pages while `mkdocs serve` still builds the other languages.

static-i18n builds the default language, then each other language from its `on_post_build`, all inside one
MkDocs build, and MkDocs' live-reload server holds every request until that build is done: an author who
saved a Bulgarian lesson waited for the English and Romani sites too (at 300 lessons, two thirds of the
rebuild). `FirstLanguage` lets the server answer as soon as the first language is written:

- requests for the first language's pages (and everything outside the other languages' folders) are served
  at once, and browsers reload, as after a whole build;
- requests under another language's folder (`/en/`, `/rom/`) wait until the build is done, so nobody is
  served a page that is being written or is about to be;
- when the build is done, browsers reload once more (MkDocs' live reload knows one version of the whole site,
  not one per page), so a page of another language shows its rebuilt version too.

A newer edit does not wait for the other languages either: in the preview (`mkdocs serve --dirty`) their
builds stop at their next step (`Superseded`, raised by `check` from the curriculum plugin's `on_config`,
`on_files`, `on_nav` and `on_env`; not from a page's events, where MkDocs logs any exception as an error) and
are left to the next build, which makes again every page whose content changed since it was last written
(`drom.site.preview`).

Python's cyclic garbage collector is paused from the start of a rebuild until the first language is shown: a
full collection walks every object of the served site (at 300 lessons about 0.45 s, a third of the edit's
wait when it fell there). The garbage of those few hundred milliseconds is collected while the other
languages are built.

It reads and sets MkDocs' `LiveReloadServer` state (`_epoch_cond`, `_visible_epoch`, `_wanted_epoch`), which
has no public API for this; tests/test_release.py pins what it relies on.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)


class Superseded(Exception):  # noqa: N818 - not an error: the build of a language stops for a newer one
    """A newer edit waits: the language being built is left to the next build."""


class FirstLanguage:
    """Releases the first language of a `mkdocs serve` rebuild before the others (see the module's note)."""

    def __init__(self) -> None:
        self.server: LiveReloadServer | None = None
        self._held: tuple[str, ...] = ()
        """URL prefixes of the languages not yet written in this rebuild."""
        self._cond = threading.Condition()
        self._since = 0.0
        self._collector_paused = False
        self.shown = False
        """The first language of this rebuild is served (the others are being built)."""
        self.interruptible = False
        """The other languages' builds may stop for a newer edit (the preview: `mkdocs serve --dirty`)."""

    def attach(self, server: Any) -> None:
        """Serve through `server` (MkDocs' live-reload server, at `on_serve`): requests for a language still
        being built wait for it."""
        if not isinstance(server, LiveReloadServer):
            return
        self.server = server
        serve: Callable[..., Iterable[bytes]] = server.get_app()  # type: ignore[assignment]

        def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            self._wait_for(str(environ.get("PATH_INFO", "")))
            return serve(environ, start_response)

        server.set_app(app)

    def _wait_for(self, path: str) -> None:
        with self._cond:
            self._cond.wait_for(lambda: not path.startswith(self._held))

    def build_started(self) -> None:
        """A rebuild starts (its outermost build's `on_config`): no garbage collection until it is shown."""
        self.shown = False
        if self.server is not None and gc.isenabled():
            gc.disable()
            self._collector_paused = True

    def _resume_collector(self) -> None:
        if self._collector_paused:
            gc.enable()
            self._collector_paused = False

    def first_written(self, lang: str, others: Iterable[str]) -> None:
        """The first language of this build is written: show it now, hold the `others` until `all_written`."""
        self._resume_collector()
        server = self.server
        if server is None:
            return
        with server._epoch_cond:
            if server._visible_epoch == server._wanted_epoch:
                return  # not a rebuild that holds requests (the first build, before serving)
            with self._cond:
                self._held = tuple(f"{server.mount_path}{other}/" for other in others)
            server._visible_epoch = server._wanted_epoch
            server._epoch_cond.notify_all()
        self.shown = True
        self._since = time.monotonic()
        log.debug("Serving '%s' while the other languages are built", lang)

    def superseded(self) -> bool:
        """Whether a newer edit waits for a build (MkDocs' server heard of a change since this one started)."""
        server = self.server
        if server is None:
            return False
        with server._rebuild_cond:
            return server._want_rebuild

    def check(self) -> None:
        """Raise `Superseded` in another language's build when a newer edit waits (see the module's note)."""
        if self.shown and self.interruptible and self.superseded():
            raise Superseded

    def all_written(self) -> None:
        """Every language is written: serve them all, and have browsers reload once more."""
        self._resume_collector()
        self.shown = False
        server = self.server
        if server is None or not self._held:
            return
        with server._epoch_cond:
            # MkDocs makes the wanted version visible right after the build: browsers see a new one.
            server._wanted_epoch = max(server._wanted_epoch + 1, round(time.monotonic() * 1000))
        self.abandon()
        log.debug("The other languages took %.2f s more", time.monotonic() - self._since)

    def abandon(self) -> None:
        """Stop holding requests (the build is done, or failed)."""
        self._resume_collector()
        with self._cond:
            self._held = ()
            self._cond.notify_all()
