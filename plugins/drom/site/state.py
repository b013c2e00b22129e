"""What the curriculum plugin learns while one language builds, kept until every language is built.

static-i18n builds the languages one after another, and on two or more cores a forked process builds some of
them (`drom.site.parallel`). Everything the plugin collects during a language's build and reads afterwards
(in `on_post_build`: the 404 pages, the sitemap and search index without fallback pages, the summary line) is
a field of that language's `LanguageState`, and nowhere else. The forked process hands back the whole
`LanguageState` of each language it built, so a new per-language fact needs a new field here and nothing more:
the fields must pickle (plain data, no pages, files or templates).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class LanguageState:
    """One language's share of a build: filled while the language builds, read once all are built."""

    pages_written: int = 0
    """HTML pages written in this language (the build's summary line)."""
    not_found: str = ""
    """The language's rendered 404 page; static-i18n writes every language's to one file, so the plugin writes
    each where its language lives once all are built ("" until it is rendered)."""
    fallback_urls: set[str] = field(default_factory=set)
    """The URLs of this language's pages whose body is another language's text (noindex): left out of the
    sitemap and of the language's search index."""
    foreign_titles: dict[str, str] = field(default_factory=dict)
    """The URL of each page whose title is in another language, and that language (`langmarks`)."""
    foreign_content: dict[str, str] = field(default_factory=dict)
    """The URL of each hand-written page shown as a fallback, and its text's language."""
    script_hashes: set[str] = field(default_factory=set)
    """The hashes of the inline scripts of the pages in `hashed_pages` (`csp.headers_file` reads no others)."""
    hashed_pages: set[str] = field(default_factory=set)
    """The site-relative paths of the HTML files written with their policy in this language's build."""
    foreign_headings: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per page URL, the ids of its headings in another language (`langmarks`); emptied as pages are written."""


def absorbed(state: LanguageState, other: LanguageState) -> LanguageState:
    """One language's state from two processes that each wrote part of its pages (`parallel.RenderHalves`):
    both saw every page converted, each wrote its own share."""
    return LanguageState(
        pages_written=state.pages_written + other.pages_written,
        not_found=state.not_found or other.not_found,
        fallback_urls=state.fallback_urls | other.fallback_urls,
        foreign_titles={**state.foreign_titles, **other.foreign_titles},
        foreign_content={**state.foreign_content, **other.foreign_content},
        script_hashes=state.script_hashes | other.script_hashes,
        hashed_pages=state.hashed_pages | other.hashed_pages,
        # Emptied as pages are written: what is left is what neither process wrote.
        foreign_headings={url: v for url, v in state.foreign_headings.items() if url in other.foreign_headings},
    )


def merged(
    states: dict[str, LanguageState], other: dict[str, LanguageState], order: list[str]
) -> dict[str, LanguageState]:
    """`states` with the languages of `other` (built elsewhere) added or replaced, in the languages' order."""
    together = {**states, **other}
    ordered = {lang: together[lang] for lang in order if lang in together}
    ordered.update({lang: state for lang, state in together.items() if lang not in ordered})
    return ordered
