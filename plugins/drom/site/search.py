"""One compact search index per language, instead of Material's single index for all of them.

Material's search plugin (with static-i18n merging the languages) writes one `search/search_index.json`
holding every language; a phone downloads all of it before the first result. We split it by language
folder: `search/search_index.json` keeps the default language, `<lang>/search/search_index.json` each other
one, and `overrides/main.html` points each page's search at its own language's file.

For the offline pack (`script=True`) each index is also written as `search_index.js`, a script setting
`var __index`: opened from file://, Material loads that instead of fetching the JSON, which browsers refuse.

Each index gets one lunr language and no trimmer: lunr's English trimmer (also used by its multi-language
mode) strips non-ASCII letters at word edges, so Romani `čhavo` would be indexed as `havo`. Punctuation is
split off by the separator instead.

Fallback pages (not yet translated, so the default language's text under another language's folder, whether
hand-written or generated) are left out of that language's index: the plugin names them (`fallbacks`, their
URLs). static-i18n's `reconfigure_search` stays off in mkdocs.yml: it compares every pair of entries, and
misses our generated fallbacks, whose interface words differ from the original's.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

SEPARATOR = r"[\s\-,.:;!?\"'„“”‘’«»()\[\]{}<>/|…–—]+"
LUNR_LANGUAGE = {"bg": "ru", "ru": "ru", "en": "en"}
"""lunr has no Bulgarian; its Russian stop words and Cyrillic handling are the nearest. Others: English rules."""


def split_index(
    site_dir: Path, languages: list[str], default: str, *, script: bool = False, fallbacks: Collection[str] = ()
) -> dict[str, int]:
    """Write one index per language (and its `search_index.js` if `script`), without the pages at the URLs
    `fallbacks` (site-relative, as MkDocs' `page.url`); return each JSON's size in bytes."""
    source = site_dir / "search" / "search_index.json"
    if not source.is_file():
        return {}
    merged = json.loads(source.read_text(encoding="utf-8"))
    others = [lang for lang in languages if lang != default]
    buckets: dict[str, list[dict]] = {lang: [] for lang in languages}
    for doc in merged.get("docs", []):
        location: str = doc.get("location", "")
        if location.split("#", 1)[0] in fallbacks:
            continue
        lang = next((x for x in others if location.startswith(f"{x}/") or location == x), default)
        if lang != default:
            doc = {**doc, "location": location[len(lang) + 1 :] if location.startswith(f"{lang}/") else ""}
        buckets[lang].append(doc)
    # A part of a translated page that falls back (a handout not translated yet) is indexed a second time,
    # word for word, under the other language's page: drop it too, in one pass (static-i18n's
    # `reconfigure_search` compares every pair of entries: 40 % of a 1,000-lesson build, see scripts/bench.py).
    originals = {(doc.get("location"), doc.get("title"), doc.get("text")) for doc in buckets.get(default, [])}
    for lang in others:
        buckets[lang] = [
            doc for doc in buckets[lang] if (doc.get("location"), doc.get("title"), doc.get("text")) not in originals
        ]
    sizes = {}
    for lang, docs in buckets.items():
        config = dict(merged.get("config", {}))
        config.update(
            {
                "lang": [LUNR_LANGUAGE.get(lang, "en")],
                "separator": SEPARATOR,
                "pipeline": ["stopWordFilter"] if lang in LUNR_LANGUAGE else [],
            }
        )
        target = site_dir / ("" if lang == default else lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":"))
        target.write_text(data, encoding="utf-8")
        if script:
            # The same statement Material's offline plugin writes (material/plugins/offline/plugin.py).
            target.with_suffix(".js").write_text(f"var __index = {data}", encoding="utf-8")
        sizes[lang] = len(data.encode("utf-8"))
    return sizes
