"""Work the theme repeats for every build, done once per process.

MkDocs makes a new Jinja environment for every build, and static-i18n builds once per language (and
`mkdocs serve` once per edit). Each new environment compiles the theme's templates again (about 40 for
Material) and lists every file of the theme to find its static files: Material ships some 14,000 (its icon
sets among them), each tested against MkDocs' exclusion patterns. Profiled on the shipped curriculum this
was 0.4 s of each language's build and most of a `mkdocs serve --dirty` rebuild.

`install(theme)` wraps the theme's `get_env` so that every environment shares one in-memory bytecode cache
(Jinja checks each template's source against its cached checksum, so an edited override is compiled anew)
and one listing of the theme's files per folder (a folder's listing is made again when a file in it is added,
removed or changed, as when an author edits `overrides/`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket


class TemplateCache(BytecodeCache):
    """Compiled templates kept in memory for the life of the process (keyed by name and source checksum)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = TemplateCache()
_LISTINGS: dict[tuple[Any, ...], list[str]] = {}


def folder_state(folder: str) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and times of the files under a folder we may edit (not the installed theme package)."""
    found = []
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            stat = os.stat(os.path.join(dirpath, name))
            found.append((os.path.join(dirpath, name), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


def _listing(env: Environment, original: Callable[..., list[str]], editable: list[str]) -> Callable[..., list[str]]:
    def list_templates(extensions: Any = None, filter_func: Callable[[str], bool] | None = None) -> list[str]:
        code = getattr(filter_func, "__code__", filter_func)
        cells = tuple(
            repr(getattr(cell, "cell_contents", None).theme.static_templates)  # MkDocs' filter reads the config
            if hasattr(getattr(cell, "cell_contents", None), "theme")
            else id(cell)
            for cell in getattr(filter_func, "__closure__", None) or ()
        )
        key = (tuple(env.loader.searchpath), repr(extensions), code, cells, tuple(folder_state(x) for x in editable))  # type: ignore[union-attr]
        if key not in _LISTINGS:
            _LISTINGS[key] = original(extensions=extensions, filter_func=filter_func)
        return list(_LISTINGS[key])

    return list_templates


def install(theme: Any, editable: list[str]) -> None:
    """Make `theme.get_env()` environments share compiled templates and the listing of theme files.

    `editable` are the theme folders authors change (the `custom_dir`): their state is part of the key.
    """
    if getattr(theme.get_env, "drom_cached", False):
        return
    original_get_env = theme.get_env

    def get_env() -> Environment:
        env = original_get_env()
        env.bytecode_cache = TEMPLATES
        env.list_templates = _listing(env, env.list_templates, editable)  # type: ignore[method-assign]
        return env

    get_env.drom_cached = True  # type: ignore[attr-defined]
    theme.get_env = get_env
