"""The Jinja environment that turns view-models into Markdown and HTML, for the site and the print.

Templates ship in `drom/pages/templates/` (site pages and their partials) and `drom/pdf/templates/` (print).
A site overrides one like a Material partial: a file of the same name under `<custom_dir>/drom/` wins (e.g.
`overrides/drom/partials/panel.html`). Autoescape is on for every template, whatever its extension: text from
the content reaches the output only escaped (`|md` escapes for Markdown, `|inline` renders inline Markdown).
"""

from __future__ import annotations

import functools
import html
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context as JinjaContext
from markupsafe import Markup, escape

from .inline import inline_html, inline_markdown, md_text, plain
from .text import nest

PACKAGE = Path(__file__).resolve().parent.parent
OVERRIDE_FOLDER = "drom"
"""The folder of a theme's `custom_dir` that holds overridden templates."""


def script_json(data: object) -> Markup:
    """JSON for a `<script>` element: no text from the content may open or close a tag in it."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def yaml_string(value: str, quote: bool = True) -> Markup:
    """A YAML double-quoted scalar (JSON strings are valid YAML) for front matter, HTML-escaped: the theme
    writes front matter values into `<title>`, `<meta>` and the navigation without escaping them."""
    return Markup(json.dumps(html.escape(str(value), quote=quote), ensure_ascii=False))


# The three below run for nearly every line of every page: built by concatenation of escaped strings, the same
# markup as `Markup(...).format(...)` without its formatter.


def _lang_attr(lang: str) -> Markup:
    """` lang="x"` when `lang` is set (text in another language than the page's), else nothing."""
    return Markup(' lang="' + str(escape(lang)) + '"') if lang else Markup("")


def _lang_span(value: object, lang: str) -> Markup:
    """`value` (escaped unless it is markup already) in a `<span lang>` when `lang` is set, else as it is."""
    if not lang:
        return escape(value)
    return Markup('<span lang="' + str(escape(lang)) + '">' + str(escape(value)) + "</span>")


def _attributes(ident: str = "", lang: str = "") -> Markup:
    """Markdown's attribute list for a heading or a link (attr_list): `{#id}`, `{#id lang="bg"}`,
    `{lang="bg"}`; nothing when neither is set. `lang` marks a title in another language than the page's."""
    if not ident and not lang:
        return Markup("")
    parts = ["#" + str(escape(ident))] if ident else []
    parts += ['lang="' + str(escape(lang)) + '"'] if lang else []
    return Markup("{" + " ".join(parts) + "}")


HTML_BLOCKS = "_html_blocks"
"""The render variable that collects a page's raw HTML blocks (`html_block`), when the caller passes a list."""


@pass_context
def _html_block(context: JinjaContext, value: str) -> str:
    """A block of raw HTML, one element at the top level of the page's Markdown, unchanged; recorded for the
    site, which hands it to Python-Markdown already stashed (`drom.site.rawblocks`)."""
    blocks = context.get(HTML_BLOCKS)
    if isinstance(blocks, list):
        blocks.append(str(value).strip("\n"))
    return value


FRAGMENTS = "_fragments"
"""The render variable that collects the author's Markdown placed in a page (`fragment`), when the caller passes a
list."""


@pass_context
def _fragment(context: JinjaContext, value: str) -> str:
    """A piece of an author's Markdown, a block sequence of its own in the page, unchanged; recorded for the site,
    which parses each piece once however many pages show it (`drom.site.fragments`)."""
    fragments = context.get(FRAGMENTS)
    if isinstance(fragments, list):
        fragments.append(str(value).strip("\n"))
    return value


def overrides_state(overrides: Sequence[str]) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...]]:
    """The override folders and their templates with their modification times: an added or edited override
    makes a new environment, so the environments need not check every template's file at each use."""
    found = []
    for folder in overrides:
        root = os.path.join(folder, OVERRIDE_FOLDER)
        for path, _, files in os.walk(root):
            found += [(os.path.join(path, x), os.stat(os.path.join(path, x)).st_mtime_ns) for x in files]
    return tuple(overrides), tuple(sorted(found))


def environment(overrides: Sequence[str] = ()) -> Environment:
    """The environment for these override folders (made once per set of overridden templates)."""
    return _environment(*overrides_state(overrides))


@functools.lru_cache(maxsize=8)
def _environment(overrides: tuple[str, ...], _state: tuple[tuple[str, int], ...]) -> Environment:
    loaders: list[Any] = [FileSystemLoader(os.path.join(folder, OVERRIDE_FOLDER)) for folder in overrides]
    loaders += [
        FileSystemLoader(str(PACKAGE / "pages" / "templates")),
        FileSystemLoader(str(PACKAGE / "pdf" / "templates")),
    ]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # the override folders' state is part of the cache key instead
    )
    env.filters.update(
        md=lambda value: Markup(md_text(str(value))),
        inline=lambda value: inline_html(str(value)),
        inline_md=lambda value: inline_markdown(str(value)),
        plain=lambda value: plain(str(value)),
        yaml=yaml_string,
        script_json=script_json,
        lang_attr=_lang_attr,
        lang_span=_lang_span,
        markdown=lambda value: Markup(value),  # an author's prose: Markdown by design
        nest=lambda value, top: Markup(nest(str(value), top)),
        url=lambda value: Markup(str(value).replace("<", "%3C").replace(">", "%3E")),
        anchor=_attributes,
        html_block=_html_block,
        fragment=_fragment,
    )
    return env


def compile_site_templates(overrides: Sequence[str] = ()) -> None:
    """Compile every site page template now (each is compiled on its first use otherwise): done before a build
    forks a process per language, each inherits them compiled instead of compiling them again."""
    env = environment(overrides)
    root = PACKAGE / "pages" / "templates"
    for path in sorted(root.rglob("*")):
        if path.is_file():
            env.get_template(path.relative_to(root).as_posix())


def render(name: str, overrides: Sequence[str] | Environment = (), **context: Any) -> str:
    """Render a template; `overrides` are override folders, or an environment made for them (faster)."""
    env = overrides if isinstance(overrides, Environment) else environment(overrides)
    return env.get_template(name).render(**context)
