"""Words and numbers of the pages: grades, counts, sizes, and headings nested into a page's outline."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ..i18n import t
from ..validation import markdown_lines

_HEADING = re.compile(r"^(#{1,6})(\s)")


def size_text(size: int) -> str:
    return f"{max(1, round(size / 1024))} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def grades_text(lang: str, grades: Iterable[int]) -> str:
    values = sorted(set(grades))
    if not values:
        return ""
    if len(values) == 1:
        return t(lang, "grade", n=values[0])
    if values == list(range(values[0], values[-1] + 1)):
        return t(lang, "grades_range", a=values[0], b=values[-1])
    return ", ".join(t(lang, "grade", n=v) for v in values)


def lesson_count(lang: str, n: int) -> str:
    return t(lang, "lesson_count_one") if n == 1 else t(lang, "lesson_count", n=n)


@functools.lru_cache(maxsize=32768)
def nest(markdown: str, top: int) -> str:
    """Shift the ATX headings of an author's text so its highest one sits at level `top`.

    Authors write a handout or a module introduction as a document of its own; inside a page it must
    continue the page's outline without skipping levels (WCAG 1.3.1, and the HTML checker's outline rule).
    Remembered: a page in another language that falls back to the default language's text nests the same text
    (the last language's process inherits the default language's).
    """
    if "#" not in markdown:  # no heading (most sections): nothing to shift
        return markdown
    lines = list(markdown_lines(markdown))
    levels = [len(mt.group(1)) for _, line in lines if (mt := _HEADING.match(line))]
    if not levels:
        return markdown
    shift = top - min(levels)
    out = markdown.split("\n")
    for offset, line in lines:
        out[offset] = _HEADING.sub(lambda mt: "#" * max(1, min(6, len(mt.group(1)) + shift)) + mt.group(2), line)
    return "\n".join(out)
