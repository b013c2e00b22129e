"""The must-show check of issue #18, shared by the fixture site's tests and the shipped site's: under a
language's folder, no text with Cyrillic letters sits under an element whose nearest `lang` is that language
(Romani is written here in Latin letters; Romani in Cyrillic is marked `rom-Cyrl`, quoted Bulgarian `bg`)."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Comment, Doctype, ProcessingInstruction, Tag

CYRILLIC = re.compile("[\u0400-\u04ff]")
ATTRIBUTES = ("aria-label", "alt", "title", "placeholder")
"""Attributes a screen reader reads out."""


def nearest_lang(element: Tag | None) -> str | None:
    while element is not None:
        if element.get("lang") is not None:
            return str(element.get("lang"))
        element = element.parent
    return None


def cyrillic_under(site: Path, lang: str) -> list[str]:
    """Every text node and read-out attribute with Cyrillic letters whose nearest `lang` is `lang`, in the
    HTML files under `site` (script and style contents are not text)."""
    found = []
    for path in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(site).as_posix()
        for text in soup.find_all(string=CYRILLIC):
            if isinstance(text, (Comment, Doctype, ProcessingInstruction)) or text.parent is None:
                continue
            if text.parent.name not in ("script", "style") and nearest_lang(text.parent) == lang:
                found.append(f"{where}: <{text.parent.name}> {text.strip()[:60]!r}")
        for element in soup.find_all(True):
            for name in ATTRIBUTES:
                value = element.get(name)
                if isinstance(value, str) and CYRILLIC.search(value) and nearest_lang(element) == lang:
                    found.append(f"{where}: <{element.name} {name}> {value[:60]!r}")
    return found
