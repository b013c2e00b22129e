"""One page per slide: shrink the slides that spill over onto a second page until each fits on its own.

A slide's text is as long as the lesson makes it (a tale read aloud, a handout's six tasks), so no single type
size suits every slide. CSS cannot size text to its box, so the document is laid out, the slides that take more
than one page are measured, and the layout is done again with their text (and pictures) smaller, a few times at
most. Each round's sizes follow from the page counts alone, so the same document always gives the same PDF.

`fitted(layout, css, kind)` is called by `render.render` for the documents whose `Job.fit` names the class of
their slides; it returns WeasyPrint's laid-out document.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

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
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if element is not None and kind in (element.get("class") or "").split():
                ident = element.get("id")
                if ident:
                    pages, share = found.get(ident, (0, 0.0))
                    found[ident] = (pages + 1, share + box.margin_height() / room)
                continue  # a slide's own boxes hold no other slide
            stack.extend(getattr(box, "children", None) or ())
    return found


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


def fitted(layout: Callable[[str], Any], css: str, kind: str) -> Any:
    """Lay out with `layout(css)` until every element of class `kind` fits on one page (or the rounds run out).

    A slide `share` pages high is scaled by about 1/√share (its text's area shrinks with the square of the
    size), a little more to leave room for lines that wrap differently at the smaller size."""
    scales: dict[str, float] = {}
    document = layout(css)
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
        document = layout(css + "\n" + rules(scales))
    return document
