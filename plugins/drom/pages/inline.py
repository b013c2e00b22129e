"""Inline Markdown in short texts from YAML and front matter (objectives, summaries, meanings...).

Authors may write `*emphasis*`, `**strong**`, `` `code` `` and backslash escapes in these texts; nothing else
(no links, no HTML: any `<` is text). `render_inline` is the one place that reads that syntax, and renders it as
HTML for the pages and the print, as Markdown-safe text for the generated Markdown, or as plain text for
`<meta>`, titles and JSON-LD, so no reader ever sees the asterisks.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

_MD_SPECIAL = str.maketrans({x: "\\" + x for x in "\\`*_{}[]()#+!|~>-"})
"""Each Markdown character a backslash in front (a table for `str.translate`: a regular expression whose
replacement names its group expands it in Python for every match)."""
_TOKEN = re.compile(
    r"\\(?P<escaped>[\\`*_{}\[\]()#+\-.!|~>])"
    r"|`(?P<code>[^`]+)`"
    r"|(?P<strong>\*\*|(?<!\w)__)(?P<strong_text>\S(?:.*?\S)?)(?P=strong)"
    r"|(?P<em>\*|(?<!\w)_)(?P<em_text>[^\s*_](?:.*?[^\s\\])?)(?P=em)"
)

Format = Literal["html", "markdown", "plain"]


@dataclass(frozen=True)
class Node:
    """A run of text, or an element (`em`, `strong`, `code`) holding nodes."""

    tag: str
    text: str = ""
    children: tuple[Node, ...] = ()


def parse(text: str) -> tuple[Node, ...]:
    """The inline nodes of `text`."""
    nodes: list[Node] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            nodes.append(Node("", text[position : match.start()]))
        if match["escaped"] is not None:
            nodes.append(Node("", match["escaped"]))
        elif match["code"] is not None:
            nodes.append(Node("code", children=(Node("", match["code"]),)))
        elif match["strong"] is not None:
            nodes.append(Node("strong", children=parse(match["strong_text"])))
        else:
            nodes.append(Node("em", children=parse(match["em_text"])))
        position = match.end()
    if position < len(text):
        nodes.append(Node("", text[position:]))
    return tuple(nodes)


@functools.lru_cache(maxsize=65536)
def md_text(value: str) -> str:
    """Plain text made safe inside Markdown: HTML escaped, Markdown syntax neutralised."""
    return html.escape(value, quote=False).translate(_MD_SPECIAL)


def _plain(nodes: tuple[Node, ...]) -> str:
    return "".join(node.text if not node.tag else _plain(node.children) for node in nodes)


@functools.lru_cache(maxsize=65536)
def render_inline(text: str, to: Format = "html") -> str:
    """`text` with its inline Markdown rendered: HTML (escaped), Markdown-safe (tags as raw HTML, every other
    Markdown character escaped) or plain text (markup removed, not escaped)."""
    nodes = parse(text)
    if to == "plain":
        return _plain(nodes)
    if all(not node.tag for node in nodes):
        return md_text(_plain(nodes)) if to == "markdown" else html.escape(_plain(nodes), quote=False)
    from .templating import render  # the templates' environment imports this module

    return render("partials/inline.html", nodes=nodes, markdown=to == "markdown").strip("\n")


def inline_html(text: str) -> Markup:
    return Markup(render_inline(text, "html"))


def inline_markdown(text: str) -> Markup:
    return Markup(render_inline(text, "markdown"))


def plain(text: str) -> str:
    return render_inline(text, "plain")
