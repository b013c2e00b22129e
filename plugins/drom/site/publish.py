"""What a published site needs besides its pages: its real address, a 404 page per language, robots.txt,
absolute hreflang alternates with x-default, Open Graph and Twitter card data, an Atom feed per language,
and link-preview cards.

The feed and the cards are drawn by the library (`drom.feeds`, `drom.social`); this module only knows where
MkDocs keeps things and where they go in the site.
"""

from __future__ import annotations

import gzip
import html as markup
import io
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from .. import feeds, social
from ..history import History
from ..i18n import string_lang, t
from ..model import Curriculum
from ..pages.kinds import file_path

log = get_plugin_logger(__name__)

ENV_SITE_URL = "DROM_SITE_URL"
"""Overrides mkdocs.yml's site_url (mkdocs.yml reads it with !ENV): the address the site is published at."""
ENV_PUBLISH = "DROM_PUBLISH"
"""DROM_PUBLISH=1: this build is for publishing, so the placeholder address is an error."""
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net", "example")
"""Domains reserved for examples (RFC 2606): a site_url on one of them is a placeholder."""
FEED = file_path("feed", prefix="")
OG_LOCALES = {"bg": "bg_BG", "en": "en_GB"}
"""Open Graph's locale for each language; it has none for Romani, so Romani pages carry no og:locale."""
CARD_KINDS = ("lesson", "module", "resource")


def is_placeholder(site_url: str) -> bool:
    host = (urlsplit(site_url).hostname or "").lower()
    return not host or any(host == d or host.endswith(f".{d}") for d in PLACEHOLDER_DOMAINS)


def check_address(site_url: str) -> None:
    """A build for publishing stops while the address is a placeholder; any other build says so in one line."""
    if not is_placeholder(site_url):
        return
    if os.environ.get(ENV_PUBLISH) == "1":
        raise PluginError(
            f"site_url is still the placeholder '{site_url}', and this build is for publishing "
            f"({ENV_PUBLISH}=1). Set the address the site is published at, e.g. "
            f"{ENV_SITE_URL}=https://example-school.github.io/roma-folklore/"
        )
    log.info(
        "site_url is the placeholder %s: links, QR codes and feeds carry it. Set %s to publish.",
        site_url or "(none)",
        ENV_SITE_URL,
    )


def absolute(site_url: str, url: str) -> str:
    """A site-relative URL ("en/lessons/x/", "/en/") made absolute under site_url."""
    return site_url.rstrip("/") + "/" + url.lstrip("/") if url not in ("", ".", "./") else site_url


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    href: str


def alternates(file: Any, site_url: str, languages: list[str], default: str) -> list[Alternate]:
    """The page in each language it exists in, as absolute URLs, and x-default (the default language's)."""
    if not site_url:
        return []
    found: dict[str, Any] = getattr(file, "alternates", None) or {}
    links = [Alternate(lang, absolute(site_url, found[lang].url)) for lang in languages if lang in found]
    by_lang = {a.hreflang: a.href for a in links}
    if len(links) < 2:
        return []
    if default in by_lang:
        links.append(Alternate("x-default", by_lang[default]))
    return links


@dataclass(frozen=True)
class NotFound:
    """The 404 page's text and links in one language."""

    lang: str
    title: str
    title_lang: str
    text: str
    text_lang: str
    links: list[tuple[str, str, str]]
    """(label, label's language, absolute path)."""


def not_found(lang: str, default: str, site_url: str, catalogue_url: str) -> NotFound:
    base = urlsplit(site_url).path if site_url else "/"
    base = base if base.endswith("/") else base + "/"
    home = base if lang == default else f"{base}{lang}/"
    labels = [
        ("not_found_home", home),
        ("catalogue", base + catalogue_url.lstrip("/")),
        ("not_found_search", f"{home}?q="),
    ]
    return NotFound(
        lang=lang,
        title=t(lang, "not_found_title"),
        title_lang=string_lang(lang, "not_found_title"),
        text=t(lang, "not_found_text"),
        text_lang=string_lang(lang, "not_found_text"),
        links=[(t(lang, key), string_lang(lang, key), url) for key, url in labels],
    )


def write_not_found_pages(site_dir: Path, pages: dict[str, str], default: str) -> None:
    """static-i18n writes each language's 404.html to the same file: put each where its language lives."""
    for lang, html in pages.items():
        target = site_dir / ("404.html" if lang == default else f"{lang}/404.html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")


def write_robots(site_dir: Path, site_url: str) -> None:
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines += ["", f"Sitemap: {absolute(site_url, 'sitemap.xml')}"]
    (site_dir / "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


_SITEMAP_URL = re.compile(r"[ \t]*<url>.*?</url>\n?", re.S)
_SITEMAP_LOC = re.compile(r"<loc>([^<]*)</loc>")
_SITEMAP_ALTERNATE = re.compile(r'\n?[ \t]*<xhtml:link rel="alternate" hreflang="[^"]*" href="([^"]*)"/>')


def prune_sitemap(site_dir: Path, fallbacks: set[str]) -> None:
    """Leave the pages at the absolute URLs `fallbacks` (a language's copy of another language's text) out of
    sitemap.xml (and its .gz): no `<url>` of their own, in no page's `xhtml:link` alternates, and a page left
    with only itself has none (as its `<head>`, see `alternates`)."""
    sitemap = site_dir / "sitemap.xml"
    if not fallbacks or not sitemap.is_file():
        return

    def entry(match: re.Match[str]) -> str:
        text = match.group(0)
        loc = _SITEMAP_LOC.search(text)
        if loc and markup.unescape(loc.group(1)) in fallbacks:
            return ""
        text = _SITEMAP_ALTERNATE.sub(lambda m: "" if markup.unescape(m.group(1)) in fallbacks else m.group(0), text)
        if len(_SITEMAP_ALTERNATE.findall(text)) < 2:
            text = _SITEMAP_ALTERNATE.sub("", text)
        return text

    pruned = _SITEMAP_URL.sub(entry, sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(pruned, encoding="utf-8")
    packed = site_dir / "sitemap.xml.gz"
    if packed.is_file():
        # As MkDocs wrote it: its name inside, and the date MkDocs gave it (its pages' latest, reproducible).
        stamp = int.from_bytes(packed.read_bytes()[4:8], "little")
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, filename=packed.name, mode="wb", mtime=stamp) as archive:
            archive.write(pruned.encode("utf-8"))
        packed.write_bytes(buffer.getvalue())


def build_date() -> datetime:
    """The date of the build: SOURCE_DATE_EPOCH (set from the last commit), else now."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(stamp), tz=UTC) if stamp.isdigit() else datetime.now(tz=UTC)


def feed_url(lang: str, default: str) -> str:
    """The feed's path from the site root."""
    return FEED if lang == default else f"{lang}/{FEED}"


@cache
def _history(root: Path) -> History:
    """The folder's Git history, read once per process (not once per build date: outside a Git checkout the
    date is the clock's, new at every call)."""
    return History(root, build_date())


def feed(curriculum: Curriculum, lang: str, site_url: str, site_name: str, urls: dict[tuple[str, str], str]) -> bytes:
    """The Atom feed of lessons and resources written in `lang` (not fallbacks), dated by their Git history.

    `urls` maps (kind, id) to each page's site-relative URL in this language.
    """
    history = _history(curriculum.root)
    history.fallback = build_date()
    entries: list[feeds.FeedEntry] = []
    entities: list[tuple[str, Any]] = [("lesson", x) for x in curriculum.lessons.values()]
    entities += [("resource", x) for x in curriculum.resources.values()]
    for kind, entity in entities:
        text = entity.texts.get(lang)
        if text is None or not text.body or (kind, entity.id) not in urls:
            continue
        paths = [entity.folder / f"{kind}.yml", text.path]
        paths += [h.texts[lang].path for h in getattr(entity, "handouts", []) if lang in h.texts]
        dates = history.dates(paths)
        entries.append(
            feeds.FeedEntry(
                title=text.title,
                summary=text.summary,
                url=absolute(site_url, urls[(kind, entity.id)]),
                published=dates.first,
                updated=dates.last,
                category=t(lang, kind),
            )
        )
    default = curriculum.default_language
    home = "" if lang == default else f"{lang}/"
    made = feeds.Feed(
        lang=lang,
        title=t(lang, "feed_title", site=site_name),
        subtitle=t(lang, "feed_subtitle"),
        url=absolute(site_url, feed_url(lang, default)),
        home=absolute(site_url, home),
        author=curriculum.label(curriculum.spec.organisation, lang),
        entries=entries,
    )
    return feeds.atom(made)


def card_for(curriculum: Curriculum, kind: str, entity_id: str, lang: str, site_name: str) -> social.Card:
    """What the link-preview card of a lesson, module or resource says, in the page's language."""
    default = curriculum.default_language
    if kind == "lesson":
        lesson = curriculum.lessons[entity_id]
        grades = sorted(lesson.spec.grades)
        grade = (
            t(lang, "grade", n=grades[0]) if len(grades) == 1 else t(lang, "grades_range", a=grades[0], b=grades[-1])
        )
        kicker = " · ".join([t(lang, "lesson"), grade, t(lang, "minutes", n=lesson.spec.duration)])
        module = curriculum.modules.get(lesson.module_id)
        footer = module.text(lang, default).title if module else ""
        title = lesson.text(lang, default).title
    elif kind == "module":
        module = curriculum.modules[entity_id]
        grades = sorted(module.spec.grades)
        kicker = " · ".join([t(lang, "module"), t(lang, "grades_range", a=grades[0], b=grades[-1])])
        count = len(module.spec.lessons)
        footer = t(lang, "lesson_count_one") if count == 1 else t(lang, "lesson_count", n=count)
        title = module.text(lang, default).title
    else:
        resource = curriculum.resources[entity_id]
        kicker, footer, title = t(lang, "resource"), "", resource.text(lang, default).title
    return social.Card(title=title, kicker=kicker, footer=footer, site_name=site_name)


def card_path(kind: str, entity_id: str, lang: str) -> str:
    """Where a card goes in the site (from the site root)."""
    return file_path("card", lang, entity_id, folder=kind)


def copy_card(card: social.Card, cache_dir: Path, target: Path) -> None:
    source = social.card_file(card, cache_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
