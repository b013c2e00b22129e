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
import re
from collections.abc import Callable, Iterable
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from markupsafe import Markup
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page


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
_FOLDERS: dict[tuple[Any, ...], list[str]] = {}
"""(theme folder, its state if editable) -> the template names under it."""
_LISTED: dict[tuple[Any, ...], list[str]] = {}
"""(theme folders, state of the editable ones, filter's setting) -> the names MkDocs' filter lets through."""
_KEPT: dict[tuple[Any, ...], bool] = {}
"""(filter's code, static templates, name) -> whether MkDocs' filter lets the name through."""


def folder_state(folder: str) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and times of the files under a folder we may edit (not the installed theme package)."""
    found = []
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            stat = os.stat(os.path.join(dirpath, name))
            found.append((os.path.join(dirpath, name), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


def _names(folder: str, editable: list[str]) -> list[str]:
    """Template names under one theme folder, as Jinja's FileSystemLoader names them."""
    key = (folder, folder_state(folder) if folder in editable else ())
    if key not in _FOLDERS:
        names: list[str] = []
        for dirpath, _, filenames in os.walk(folder, followlinks=True):
            # One relative path per folder, not per file (Material has 14,000 files in a few hundred folders).
            relative = os.path.relpath(dirpath, folder).replace(os.path.sep, "/")
            prefix = "" if relative == "." else f"{relative}/"
            names += [prefix + name for name in filenames]
        _FOLDERS[key] = names
    return _FOLDERS[key]


def _all_names(folders: tuple[str, ...], editable: list[str]) -> list[str]:
    """Every template name under the folders, sorted."""
    return sorted({name for folder in folders for name in _names(folder, editable)})


def _listing(env: Environment, theme: Any, editable: list[str]) -> Callable[..., list[str]]:
    """`Environment.list_templates` from per-folder listings: static-i18n orders the theme folders differently
    per language, so the folders, not their sequence, are what stays the same between builds."""

    def list_templates(extensions: Any = None, filter_func: Callable[[str], bool] | None = None) -> list[str]:
        folders = tuple(env.loader.searchpath)  # type: ignore[union-attr]
        if extensions is not None:
            names = _all_names(folders, editable)
            return [name for name in names if "." in name and name.rsplit(".", 1)[1] in extensions]
        if filter_func is None:
            return _all_names(folders, editable)
        # MkDocs' filter (Files.add_files_from_theme) is one function whose only setting is the theme's
        # static templates: its code and those templates decide each name.
        setting = (getattr(filter_func, "__code__", filter_func), tuple(sorted(theme.static_templates)))
        listing = (folders, tuple(folder_state(x) for x in folders if x in editable), *setting)
        if listing not in _LISTED:
            kept = []
            for name in _all_names(folders, editable):
                key = (*setting, name)
                if key not in _KEPT:
                    _KEPT[key] = bool(filter_func(name))
                if _KEPT[key]:
                    kept.append(name)
            if len(_LISTED) > 64:
                _LISTED.clear()
            _LISTED[listing] = kept
        return list(_LISTED[listing])

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
        env.list_templates = _listing(env, theme, editable)  # type: ignore[method-assign]
        return env

    get_env.drom_cached = True  # type: ignore[attr-defined]
    theme.get_env = get_env


_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")


def material_bundle(files: Iterable[Any]) -> str | None:
    """The site path of Material's JavaScript bundle (its name carries a hash of its content), or None."""
    for file in files:
        if file.src_uri.startswith("assets/javascripts/bundle.") and _BUNDLE.fullmatch(file.src_uri):
            return str(file.src_uri)
    return None


def first_page(nav_item: Any) -> Any:
    """The page a pruned navigation section links to: its first child, descending through first sections
    (as Material's `render_pruned` macro chooses it)."""
    first = nav_item.children[0]
    while first.children:
        first = first.children[0]
    return first


_ITEM_BEFORE, _ITEM_AFTER = "\n      \n      ", "\n    "
"""What Material's partials/nav.html writes around each top-level item (its loop's own lines)."""


def _base_parts(url: str) -> tuple[str, ...]:
    """The folder a page's relative links start from, as MkDocs' `get_relative_url` splits it."""
    folder, _, name = url.rpartition("/")
    return tuple(part for part in (folder if "." in name else url).split("/") if part and part != ".")


class NavItems:
    """The navigation's top-level items of one language's build (overrides/partials/nav.html), Material's HTML.

    Every item but the page's own (the active one) reads the same for all pages whose relative links read
    alike: pages in one folder (`lessons/a.html`, `lessons/b.html`), or with directory URLs, pages at the same
    depth under the same folder (links from `lessons/a/` and `lessons/b/` to anything outside them). So the HTML
    before and after the active item is kept by that and the active item's place, unless a page of the
    navigation lies under the page itself (a link to it would read differently from here)."""

    def __init__(self) -> None:
        self._kept: dict[tuple[object, ...], tuple[str, str]] = {}
        self._prefixes: dict[tuple[str, ...], int] | None = None
        self.kept_lists = 0
        """Pages whose items around their own came from an earlier page."""

    def _under(self, items: list[Any], parts: tuple[str, ...]) -> int:
        """How many pages of the navigation have a URL starting with `parts`."""
        if self._prefixes is None:
            self._prefixes = {}
            stack = list(items)
            while stack:
                node = stack.pop()
                if isinstance(node, Section):
                    stack.extend(node.children)
                    continue
                if not isinstance(node, Page):
                    continue  # a link elsewhere
                found = _base_parts(node.url)
                for length in range(1, len(found) + 1):
                    self._prefixes[found[:length]] = self._prefixes.get(found[:length], 0) + 1
        return self._prefixes.get(parts, 0)

    def __call__(self, items: list[Any], render: Callable[..., Any], page: Any) -> Markup:
        def html(start: int, end: int) -> str:
            rendered = (render(items[index], f"__nav_{index + 1}", 1) for index in range(start, end))
            return "".join(f"{_ITEM_BEFORE}{item}{_ITEM_AFTER}" for item in rendered)

        active = [index for index, item in enumerate(items) if item.active]
        if len(active) > 1 or not isinstance(page, Page):
            return Markup(html(0, len(items)))
        at = active[0] if active else len(items)
        parts = _base_parts(page.url)
        if "." in page.url.rpartition("/")[2]:
            key: tuple[object, ...] = ("file", parts, at)  # its links start from its folder, as its neighbours' do
        elif parts and self._under(items, parts) > (1 if active else 0):
            return Markup(html(0, len(items)))  # a link to a page under this one reads differently from here
        else:
            key = ("folder", parts[:-1], len(parts), at)
        if key in self._kept:
            self.kept_lists += 1
        else:
            self._kept[key] = (html(0, at), html(at + 1, len(items)))
        before, after = self._kept[key]
        own = html(at, at + 1) if active else ""
        return Markup(before + own + after)
