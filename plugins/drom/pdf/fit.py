"""One page per slide: shrink the slides that spill over onto a second page until each fits on its own.

A slide's text is as long as the lesson makes it (a tale read aloud, a handout's six tasks), so no single type
size suits every slide. CSS cannot size text to its box, so the document is laid out, the slides that take more
than one page are measured, and the layout is done again with their text (and pictures) smaller, a few times at
most. Each round's sizes follow from the page counts alone, so the same document always gives the same PDF.

`fitted(layout, kind, renumber)` is called by `render.render` for the documents whose `Job.fit` names the class of
their slides; it returns WeasyPrint's laid-out document. A round after the first lays out only the slides that
still run over (about a third of the slides of a shipped deck), and the pages are joined.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

VERSION = 2
"""The fitting's version, part of the slides' cache keys: 2 lays out again only the slides that run over."""
ROUNDS = 4
"""Layouts at most (the first included); a slide still too long after them runs on over more pages."""
SMALLEST = 0.4
"""The smallest scale of a slide's text (of 24 pt: about 10 pt, still readable on paper)."""
COLUMNS_BELOW = 0.6
"""Below this scale a slide's body is set in two columns: lines of 150 characters are hard to follow."""
THREE_COLUMNS_BELOW = 0.45
"""And in three below this one (a tale told whole: about 50 characters a line)."""
IMAGE_HEIGHT_MM = 120
"""The pictures' largest height at full scale (classroom.PRINT_CSS)."""


def heights(document: Any, kind: str) -> dict[str, tuple[int, float]]:
    """Each element of class `kind` (with an id): on how many pages it lies, and its height as a share of a
    page's content height (its fragments' heights added up)."""
    found: dict[str, tuple[int, float]] = {}
    for page in document.pages:
        room = page._page_box.height or 1.0
        for ident, box in _boxes_of(page, kind):
            pages, share = found.get(ident, (0, 0.0))
            found[ident] = (pages + 1, share + box.margin_height() / room)
    return found


def _boxes_of(page: Any, kind: str) -> Iterator[tuple[str, Any]]:
    """The outermost boxes on a page of the elements of class `kind` that have an id, with the id, in order."""
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if element is not None and kind in (element.get("class") or "").split():
            if ident := element.get("id"):
                yield ident, box
            continue  # a slide's own boxes hold no other slide
        stack.extend(reversed(getattr(box, "children", None) or ()))


def rules(scales: dict[str, float]) -> str:
    """CSS that sets each slide's body at its scale: smaller text, smaller pictures, two columns when small."""
    out = []
    for ident, scale in sorted(scales.items()):
        slide = '[id="' + ident.replace("\\", "\\\\").replace('"', '\\"') + '"]'
        out.append(f"{slide} .cr-slide__body {{ font-size: {scale:.3f}em; }}")
        out.append(f"{slide} .cr-slide__body img {{ max-height: {IMAGE_HEIGHT_MM * scale:.1f}mm; }}")
        columns = 3 if scale < THREE_COLUMNS_BELOW else 2 if scale < COLUMNS_BELOW else 1
        if columns > 1:
            out.append(f"{slide} .cr-slide__body {{ column-count: {columns}; column-gap: 7mm; }}")
    return "\n".join(out)


def slide_pages(document: Any, kind: str) -> list[tuple[str, list[Any]]]:
    """The document's pages grouped by the element of class `kind` (with an id) each starts with, in order; pages
    before the first such element are grouped under ''."""
    groups: list[tuple[str, list[Any]]] = []
    for page in document.pages:
        found = ids_on(page, kind)
        ident = next(iter(found), None)
        if ident is not None and (not groups or groups[-1][0] != ident):
            groups.append((ident, [page]))
        elif groups:
            groups[-1][1].append(page)
        else:
            groups.append(("", [page]))
    return groups


def ids_on(page: Any, kind: str) -> list[str]:
    """The ids of the elements of class `kind` on a page, in order."""
    return list(dict.fromkeys(ident for ident, _ in _boxes_of(page, kind)))


def only(kind: str, idents: list[str]) -> str:
    """CSS leaving out every element of class `kind` but those with the ids given."""
    kept = "".join(':not([id="' + ident.replace("\\", "\\\\").replace('"', '\\"') + '"])' for ident in sorted(idents))
    return f".{kind}{kept} {{ display: none !important; }}"


def fitted(layout: Callable[[str], Any], kind: str, renumber: Callable[[list[Any]], None]) -> Any:
    """Lay out with `layout(extra_css)` until every element of class `kind` fits on one page (or the rounds run
    out).

    A slide `share` pages high is scaled by about 1/√share (its text's area shrinks with the square of the
    size), a little more to leave room for lines that wrap differently at the smaller size. A round lays out only
    the slides still too long (the others hidden), and the pages of each slide's last layout are joined in the
    order of the slides; `renumber(pages)` then gives the joined pages their "page N of M"."""
    scales: dict[str, float] = {}
    first = document = layout("")
    latest: dict[str, list[Any]] = {}
    for _ in range(ROUNDS - 1):
        shrink = {
            ident: share
            for ident, (pages, share) in heights(document, kind).items()
            if pages > 1 and scales.get(ident, 1.0) > SMALLEST
        }
        if not shrink:
            break
        for ident, share in shrink.items():
            scale = scales.get(ident, 1.0) * 0.96 / math.sqrt(max(share, 1.0))
            scales[ident] = max(SMALLEST, round(scale, 3))
        document = layout(rules({ident: scales[ident] for ident in shrink}) + "\n" + only(kind, list(shrink)))
        latest.update((ident, pages) for ident, pages in slide_pages(document, kind) if ident in shrink)
    if not latest:
        return first
    pages = [page for ident, group in slide_pages(first, kind) for page in latest.get(ident, group)]
    renumber(pages)
    return first.copy(pages)
