"""Search in small pieces: per language, a tiny index, term shards and one file of teasers per page.

Material's search plugin (with static-i18n merging the languages) writes one `search/search_index.json`
holding every language and the full text of every page, which Material's lunr worker fetches whole before
the first result: 17.8 MB (1.1 MB gzipped) for Bulgarian at 1,000 lessons. We rewrite it, per language
(the default one in `search/`, each other one in `<lang>/search/`), into:

- `search_index.json`: Material's search configuration, with what our worker needs to find the rest
  (`config.drom`: the number of term shards, how many entries each page has), and no documents;
- `t/<n>.js`: term shards. A term is kept in the shard its first three letters hash to (`shard_of`), with its
  postings: the entries it occurs in and a weight (occurrences, more in a title), the heaviest `POSTINGS`
  only; a query word of three letters or more loads the one shard of its first three letters and matches
  every term it begins; a shorter word matches itself only;
- `p/<n>.js`: page n's entries (location, title, the first `TEASER` characters of plain text), loaded only
  for the best `RESULTS` pages of a query.

Our worker (`assets/drom/search-worker.js`, put in `__config` by `use_worker` in place of Material's) speaks
Material's worker protocol, so Material's search box and result list stay. Every piece is a script calling
`dromIndex(key, data)`, loaded with importScripts: in a web worker it comes from the site's own origin (the
policy's 'self'); in the offline pack, opened from file://, the iframe-worker shim loads it with a script tag,
where fetching a JSON file would be refused. So the offline pack needs no `var __index` copy of the index
beyond the tiny `search_index.js` Material itself reads there.

Words are cut, lowercased and folded the same way here and in the worker (`terms`): letters and digits
only, so Cyrillic and Romani `čhavo` stay whole; Latin letters lose their diacritics (`čhavo` is also found
as `chavo`), Cyrillic letters keep theirs (й is not и).

Fallback pages (not yet translated, so the default language's text under another language's folder, whether
hand-written or generated) are left out of that language's index: the plugin names them (`fallbacks`, their
URLs). static-i18n's `reconfigure_search` stays off in mkdocs.yml: it compares every pair of entries, and
misses our generated fallbacks, whose interface words differ from the original's.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Collection
from operator import itemgetter
from pathlib import Path
from typing import Any

SEPARATOR = r"[\s\-,.:;!?\"'„“”‘’«»()\[\]{}<>/|…–—]+"
"""Material's highlighter on the destination page (`?h=`) cuts words with it."""
LUNR_LANGUAGE = {"bg": "ru", "ru": "ru", "en": "en"}
"""Kept in the configuration Material reads (it reads `lang` for nothing else now that our worker searches)."""
WORKER = "assets/drom/search-worker.js"
WORKER_SOURCE = Path(__file__).resolve().parent.parent / "assets" / "search-worker.js"
PREFIX = 3
"""Letters of a term that choose its shard: a query word this long or longer loads exactly one shard."""
POSTINGS = 200
"""The heaviest entries kept per term: enough for the `RESULTS` best pages of a one-word query."""
SHARD_BYTES = 24_000
"""About this many bytes of postings per shard (before gzip)."""
TEASER = 180
"""Characters of an entry's text shown under its title in the results."""
RESULTS = 20
"""Pages shown for a query (the worker's limit; listed here to say what a page file is for)."""
TEXT_WEIGHT = 3
"""At most this weight for a term's occurrences in an entry's text."""
TITLE_WEIGHT = 10
"""Added for a term in the entry's title: a lesson named for a word ranks above a list that holds it."""

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W_]+")
_LATIN_MARKS = re.compile(r"([a-z])[\u0300-\u036f]+")
_WORKER_URL = re.compile(r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(")')


def fold(text: str) -> str:
    """Lowercase, and Latin letters without their diacritics; the worker's `fold` does exactly the same."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return unicodedata.normalize("NFC", _LATIN_MARKS.sub(r"\1", decomposed))


def terms(text: str) -> list[str]:
    """The words of a text as the index stores them."""
    return [_folded(word) for word in _WORD.findall(unicodedata.normalize("NFC", text).lower())]


@functools.lru_cache(maxsize=65536)
def _folded(word: str) -> str:
    """`fold` of one word, computed once per distinct word (a build folds millions)."""
    return word if word.isascii() else fold(word)


def shard_of(term: str, shards: int) -> int:
    """The shard of a term: FNV-1a over the UTF-16 code units of its first `PREFIX` letters (as in JS)."""
    value = 2166136261
    units = term[:PREFIX].encode("utf-16-le")
    for i in range(0, len(units), 2):
        value ^= units[i] | (units[i + 1] << 8)
        value = (value * 16777619) & 0xFFFFFFFF
    return value % shards


def plain(text: str) -> str:
    """An entry's text without markup, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def use_worker(page: str) -> str:
    """The page with our search worker in Material's configuration instead of Material's lunr worker."""
    return _WORKER_URL.sub(lambda m: f"{m.group(1)}{m.group(2)}{WORKER}{m.group(3)}", page, count=1)


def _script(key: str, data: Any) -> str:
    return f"dromIndex({json.dumps(key)},{json.dumps(data, ensure_ascii=False, separators=(',', ':'))});\n"


ANALYSIS = "_drom_terms"
"""The key of an entry's `analyse` result: set where the entry is made (`search_entries.FastSearchIndex`), in
the process that builds its language (`drom.site.parallel`), so that writing the pieces at the end reads no
text again. Never written out: the index Material writes has no entries, ours only what `write_language` takes."""


def analyse(doc: dict[str, Any]) -> tuple[tuple[str, ...], bytes, str, str]:
    """All `write_language` reads of an entry: its terms with their weights (in a byte each), its plain title
    and its teaser. Compact, as an entry of every page is kept until the end of the build (and pickled back from
    a forked process): the terms as a tuple, the weights as bytes."""
    text = plain(str(doc.get("text", "")))
    title = plain(str(doc.get("title", "")))
    counts = Counter(terms(text))
    titled = set(terms(title))
    weights: dict[str, int] = {}
    # A few occurrences say what an entry is about; more (a glossary's list) say little more.
    for term, count in counts.items():
        weight = count if count < TEXT_WEIGHT else TEXT_WEIGHT
        weights[term] = weight + TITLE_WEIGHT if term in titled else weight
    for term in sorted(titled.difference(counts)):
        weights[term] = TITLE_WEIGHT
    teaser = text[:TEASER] + ("…" if len(text) > TEASER else "")
    return tuple(weights), bytes(weights.values()), title, teaser


def write_language(folder: Path, docs: list[dict[str, Any]], config: dict[str, Any], prefix: str) -> str:
    """Write one language's term shards and page files into `folder` (its `search/`); return the text of its
    `search_index.json`, which `write_heads` writes (Material writes one after every language's build)."""
    for sub in ("t", "p"):
        shutil.rmtree(folder / sub, ignore_errors=True)
        (folder / sub).mkdir(parents=True)
    pages: list[list[tuple[tuple[str, ...], bytes, str, str, str]]] = []
    page_of: dict[str, int] = {}
    for doc in docs:
        location = str(doc.get("location", ""))
        path = location.split("#", 1)[0]
        if path not in page_of:
            page_of[path] = len(pages)
            pages.append([])
        pages[page_of[path]].append((*(doc.get(ANALYSIS) or analyse(doc)), location))
    postings: dict[str, list[tuple[int, int]]] = {}
    number = 0
    for entries in pages:
        for found, weights, _, _, _ in entries:
            for term, weight in zip(found, weights, strict=True):
                postings.setdefault(term, []).append((weight, number))
            number += 1
    lists: dict[str, list[int]] = {}
    for term, found_in in postings.items():
        # Entries in order; the heaviest `POSTINGS` (the first of equal weight) when there are more.
        best = found_in if len(found_in) <= POSTINGS else sorted(found_in, key=itemgetter(0), reverse=True)[:POSTINGS]
        lists[term] = [x for weight, entry in sorted(best, key=itemgetter(1)) for x in (entry, weight)]
    size = sum(len(term) * 2 + 4 * len(values) for term, values in lists.items())
    shards = max(1, math.ceil(size / SHARD_BYTES))
    grouped: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for term in sorted(lists):
        grouped[shard_of(term, shards)][term] = lists[term]
    for n, group in enumerate(grouped):
        (folder / "t" / f"{n}.js").write_text(_script(f"t{n}", group), encoding="utf-8")
    for n, entries in enumerate(pages):
        rows = [[location, title, teaser] for _, _, title, teaser, location in entries]
        (folder / "p" / f"{n}.js").write_text(_script(f"p{n}", rows), encoding="utf-8")
    meta = {"folder": prefix, "shards": shards, "prefix": PREFIX, "sizes": [len(x) for x in pages]}
    # In the configuration: Material passes the worker `config`, `docs` and `options`, nothing else.
    return json.dumps({"config": {**config, "drom": meta}, "docs": []}, ensure_ascii=False, separators=(",", ":"))


class SplitIndex:
    """Each language's index in pieces, written as soon as its entries are known: the default language's while
    the others may still be building (`drom.site.parallel`), then the others, each without the pages at the
    URLs `fallbacks` and without the entries that repeat the default language's word for word."""

    def __init__(self, site_dir: Path, languages: list[str], default: str, *, script: bool = False) -> None:
        self.site_dir = site_dir
        self.languages = languages
        self.default = default
        self.script = script
        self.heads: dict[str, str] = {}
        """Each written language's `search_index.json`, written again by `finish` (Material's search plugin
        writes its own after every language's build)."""

    def write(
        self,
        entries: tuple[list[dict[str, Any]], dict[str, Any]] | None,
        fallbacks: Collection[str] = (),
        languages: Collection[str] | None = None,
    ) -> None:
        """Write the pieces of `languages` (default: every language not written yet) from `entries`: the entries
        and Material's search configuration (`search_entries.entries_and_config`), holding the default
        language's too; without them, from the index Material wrote."""
        if entries is not None:
            docs, search_config = entries
            merged: dict[str, Any] = {"config": search_config, "docs": docs}
        else:
            source = self.site_dir / "search" / "search_index.json"
            if not source.is_file():
                return
            merged = json.loads(source.read_text(encoding="utf-8"))
        default = self.default
        others = [lang for lang in self.languages if lang != default]
        buckets: dict[str, list[dict]] = {lang: [] for lang in self.languages}
        owned: dict[str, list[dict]] = {lang: [] for lang in self.languages}
        for doc in merged.get("docs", []):
            location: str = doc.get("location", "")
            lang = next((x for x in others if location.startswith(f"{x}/") or location == x), default)
            owned[lang].append(doc)
            if location.split("#", 1)[0] in fallbacks:
                continue
            if lang != default:
                doc = {**doc, "location": location[len(lang) + 1 :] if location.startswith(f"{lang}/") else ""}
            buckets[lang].append(doc)
        # A part of a translated page that falls back (a handout not translated yet) is indexed a second time,
        # word for word, under the other language's page: drop it too, in one pass (static-i18n's
        # `reconfigure_search` compares every pair of entries: 40 % of a 1,000-lesson build, see scripts/bench.py).
        originals = {(doc.get("location"), doc.get("title"), doc.get("text")) for doc in buckets.get(default, [])}
        for lang in others:
            buckets[lang] = [
                doc
                for doc in buckets[lang]
                if (doc.get("location"), doc.get("title"), doc.get("text")) not in originals
            ]
        for lang, docs in buckets.items():
            if lang in self.heads or (languages is not None and lang not in languages):
                continue
            config = dict(merged.get("config", {}))
            config.update(
                {
                    "lang": [LUNR_LANGUAGE.get(lang, "en")],
                    "separator": SEPARATOR,
                    "pipeline": ["stopWordFilter"] if lang in LUNR_LANGUAGE else [],
                }
            )
            prefix = "" if lang == default else f"{lang}/"
            self.heads[lang] = write_language(self.site_dir / prefix / "search", docs, config, prefix)
            for doc in owned[lang]:  # read once: the build keeps the entries to its end
                doc.pop(ANALYSIS, None)

    def finish(self) -> dict[str, int]:
        """Write each language's `search_index.json` (and, for the offline pack, the script Material reads from
        file://) and our worker; return each `search_index.json`'s size in bytes."""
        sizes = {}
        for lang in self.languages:
            if lang not in self.heads:
                continue
            data = self.heads[lang]
            folder = self.site_dir / ("" if lang == self.default else lang) / "search"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "search_index.json").write_text(data, encoding="utf-8")
            if self.script:
                # The statement Material reads from file:// (material/plugins/offline/plugin.py writes the same).
                (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
            sizes[lang] = len(data.encode("utf-8"))
        worker = self.site_dir / WORKER
        worker.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(WORKER_SOURCE, worker)
        return sizes


def read_language(folder: Path) -> tuple[list[dict[str, str]], dict[str, list[int]]]:
    """One language's entries (location, title, teaser, in order) and its terms with the entries they occur in,
    read back from the pieces in `folder` (its `search/`): what the worker can find, for tests and tools."""

    def calls(sub: str) -> list[tuple[int, Any]]:
        found = []
        for path in (folder / sub).glob("*.js"):
            key, _, data = path.read_text(encoding="utf-8").removeprefix("dromIndex(").rstrip(");\n").partition(",")
            found.append((int(json.loads(key)[1:]), json.loads(data)))
        return sorted(found, key=lambda item: item[0])

    entries = [{"location": a, "title": b, "text": c} for _, rows in calls("p") for a, b, c in rows]
    found: dict[str, list[int]] = {}
    for _, shard in calls("t"):
        for term, postings in shard.items():
            found[term] = postings[::2]
    return entries, found
