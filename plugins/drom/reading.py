"""Reading a lesson on a phone: the activity navigation of lesson pages, and tables that scroll inside a
labelled region instead of being cut off at the screen's edge."""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from . import model as m
from .classroom import environment, ui
from .pages.templating import render

_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.DOTALL)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def activity_nav(curriculum: m.Curriculum, lesson: m.Lesson, lang: str) -> str:
    """The activity navigation of a lesson page (HTML): the activities in order, linked by their anchors."""
    text = lesson.text(lang, curriculum.default_language)
    if not text.complete:
        text = lesson.texts[curriculum.default_language]
    items = [(a.id, text.sections[a.id].title) for a in lesson.spec.activities if a.id in text.sections]
    if not items:
        return ""
    template = environment().get_template("activity-nav.html")
    return template.render(ui=ui, lang=lang, text_lang=text.lang, items=items) + "\n"


def scrollable_tables(page_html: str, lang: str) -> str:
    """Wrap each table in a focusable region named after the heading above it, which scrolls sideways when
    the table is wider than the screen (WCAG 1.4.10: nothing is cut off; 2.1.1: it scrolls from the keyboard).
    """
    headings = [(x.start(), _text(x.group(2))) for x in _HEADING.finditer(page_html)]
    word = ui(lang, "table")

    def wrap(match: re.Match[str]) -> str:
        above = [title for start, title in headings if start < match.start() and title]
        label = f"{word}: {above[-1]}" if above else word
        # The table is the page's own HTML, already rendered; the label is escaped by the template.
        return render("partials/table-scroll.html", label=label, table=Markup(match.group(0)))

    return _TABLE.sub(wrap, page_html)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _PERMALINK.sub("", fragment))).split())
