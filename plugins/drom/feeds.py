"""An Atom feed (RFC 4287) of new and updated lessons and resources, one per language (no MkDocs).

Built with ElementTree, so every text from the curriculum is escaped by the serialiser, never by hand.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50
"""Most entries a feed carries: readers poll it, and the newest changes are what they want."""


@dataclass(frozen=True)
class FeedEntry:
    title: str
    summary: str
    url: str
    """Absolute URL of the page."""
    published: datetime
    updated: datetime
    category: str
    """What the entry is, in the feed's language (e.g. "Урок")."""


@dataclass(frozen=True)
class Feed:
    lang: str
    title: str
    subtitle: str
    url: str
    """Absolute URL of the feed itself."""
    home: str
    """Absolute URL of the site's home page in this language."""
    author: str
    entries: list[FeedEntry]


def _stamp(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def atom(feed: Feed) -> bytes:
    """The feed as Atom XML: newest change first, at most LIMIT entries, identical bytes for identical input."""
    ET.register_namespace("", ATOM)
    entries = sorted(feed.entries, key=lambda e: (e.updated, e.url), reverse=True)[:LIMIT]
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": feed.lang})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(root, "id", feed.url)
    sub(root, "title", feed.title)
    sub(root, "subtitle", feed.subtitle)
    sub(root, "link", rel="self", type="application/atom+xml", href=feed.url)
    sub(root, "link", rel="alternate", type="text/html", href=feed.home, hreflang=feed.lang)
    sub(root, "updated", _stamp(max((e.updated for e in entries), default=datetime.fromtimestamp(0, tz=UTC))))
    author = sub(root, "author")
    sub(author, "name", feed.author)
    for item in entries:
        entry = sub(root, "entry")
        sub(entry, "id", item.url)
        sub(entry, "title", item.title)
        sub(entry, "link", rel="alternate", type="text/html", href=item.url)
        sub(entry, "published", _stamp(item.published))
        sub(entry, "updated", _stamp(item.updated))
        sub(entry, "category", term=item.category)
        sub(entry, "summary", item.summary)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
