"""Generated pages kept between builds of one process, so that the preview makes again only what an edit changed.

A page is made from two things: the curriculum's *outline* (every file's data except the Markdown bodies of
lessons, modules, resources and handouts: ids, order, titles, summaries, metadata, glossary, whether each text
is complete, ...) and the body of the one entity it shows, if any. Pages read other entities' titles,
summaries and metadata, never their bodies (tests/test_incremental.py checks this on every page kind). So:

- while the outline and the build's setting (language, site address, downloads, URL style, overridden
  templates, year plans) stay the same, a page is made again only when its own entity's body changed (or its
  translation state: an edited original makes its translations outdated, which their pages say);
- any other change (a title, a summary, the glossary, a new lesson, a template) makes every page again.

`PageMemo` holds the pages of one language per *group* (the site's pages, the classroom views) with the
setting they were made under; a new setting empties the group.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from . import model as m

_T = TypeVar("_T")

BODY_KINDS = ("lesson", "module", "resource")
"""The page kinds that show an entity's body: their page is also keyed by that body."""


def _digest(parts: Iterable[str]) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode("utf-8", "surrogatepass"))
        sha.update(b"\0")
    return sha.hexdigest()


def outline(curriculum: m.Curriculum, reprs: dict[int, tuple[object, str]] | None = None) -> str:
    """A digest of everything in the curriculum except the bodies of entity texts (see the module's note).

    `reprs` keeps the text of each file's validated data by object: a reload gives an unchanged file's data
    back as the same object (`loader.ParseCache`), whose text need not be made again. It is refilled with the
    objects of this curriculum only."""
    c = curriculum
    seen: dict[int, tuple[object, str]] = {}

    def text_of(value: object) -> str:
        known = (reprs or {}).get(id(value))
        if known is None or known[0] is not value:
            known = (value, repr(value))
        seen[id(value)] = known
        return known[1]

    def _outline_of(text: m.Translation[Any]) -> str:
        return f"{text.lang}\t{text.path}\t{text_of(text.meta)}\t{text.complete}"

    def parts() -> Iterable[str]:
        yield f"{c.root}\t{c.spec!r}"
        for text in c.texts.values():  # the curriculum's own text: the home page's, shown whole
            yield f"{_outline_of(text)}\t{text.body}"
        groups: tuple[tuple[str, dict[str, Any]], ...] = (
            ("module", c.modules),
            ("lesson", c.lessons),
            ("resource", c.resources),
        )
        for kind, entities in groups:
            for ident, entity in entities.items():
                spec = text_of(entity.spec)
                yield f"{kind}\t{ident}\t{entity.folder}\t{spec}\t{getattr(entity, 'module_id', '')}"
                yield from map(_outline_of, entity.texts.values())
                for handout in getattr(entity, "handouts", []):
                    yield f"handout\t{handout.id}\t{handout.folder}\t{handout.lesson_id}"
                    yield from map(_outline_of, handout.texts.values())
        yield repr(c.terms)
        yield repr(c.sources)
        yield repr(c.events)
        yield repr(c.glossary_review)
        yield repr(c.school_years)
        yield repr(c.year_plan)

    digest = _digest(parts())
    if reprs is not None:
        reprs.clear()
        reprs.update(seen)
    return digest


def body_digest(curriculum: m.Curriculum, kind: str, ident: str) -> str:
    """A digest of the bodies a page of `kind` about `ident` shows ('' for pages that show none)."""
    entities: dict[str, dict[str, Any]] = {
        "lesson": curriculum.lessons,
        "module": curriculum.modules,
        "resource": curriculum.resources,
    }
    entity = entities.get(kind, {}).get(ident)
    if entity is None:
        return ""
    texts = [*entity.texts.values()]
    for handout in getattr(entity, "handouts", []):
        texts += handout.texts.values()
    return _digest(f"{text.path}\t{text.body}" for text in texts)


class PageMemo:
    """What was made for each page in earlier builds of this process, by group and key (see the module's note)."""

    def __init__(self) -> None:
        self._groups: dict[Hashable, tuple[str, dict[Hashable, tuple[str, Any]]]] = {}
        self._outline: tuple[int, str, str] = (0, "", "")
        """(id of the curriculum, its fingerprint, its outline digest)."""
        self._curriculum: m.Curriculum | None = None
        self._bodies: dict[tuple[str, str], str] = {}
        self._reprs: dict[int, tuple[object, str]] = {}
        self.made = 0
        """Pages made (not kept) since `count()`."""
        self.kept = 0

    def outline(self, curriculum: m.Curriculum) -> str:
        """The curriculum's outline digest, computed once per loaded curriculum.

        A new curriculum with the outline of the last one takes over the related lessons computed for it (they
        are ids, found from themes, terms and modules: the outline)."""
        if self._outline[:2] != (id(curriculum), curriculum.fingerprint) or not self._outline[2]:
            digest = outline(curriculum, self._reprs)
            previous = self._curriculum
            if previous is not None and digest == self._outline[2] and "related" in vars(previous):
                vars(curriculum).setdefault("related", vars(previous)["related"])
            self._outline = (id(curriculum), curriculum.fingerprint, digest)
            self._curriculum = curriculum
            self._bodies = {}
        return self._outline[2]

    def body(self, curriculum: m.Curriculum, kind: str, ident: str) -> str:
        """`body_digest`, once per loaded curriculum and entity (every language's pages ask)."""
        self.outline(curriculum)
        key = (kind, ident)
        if key not in self._bodies:
            self._bodies[key] = body_digest(curriculum, kind, ident)
        return self._bodies[key]

    def setting(self, curriculum: m.Curriculum, *parts: object) -> str:
        """The digest of the outline and whatever else every page of a group is made with."""
        return _digest([self.outline(curriculum), *map(repr, parts)])

    def keep(self, group: Hashable, setting: str, key: Hashable, inputs: str, make: Callable[[], _T]) -> _T:
        """What `make()` made for `key` under the same setting from the same inputs, else `make()` now."""
        made_under, items = self._groups.get(group, ("", {}))
        if made_under != setting:
            items = {}
            self._groups[group] = (setting, items)
        found = items.get(key)
        if found is not None and found[0] == inputs:
            self.kept += 1
            return found[1]  # type: ignore[no-any-return]
        value = make()
        items[key] = (inputs, value)
        self.made += 1
        return value

    def count(self) -> tuple[int, int]:
        """(made, kept) since the last call."""
        counts = (self.made, self.kept)
        self.made = self.kept = 0
        return counts
