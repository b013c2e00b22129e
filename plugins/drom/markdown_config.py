"""The one Markdown configuration of the site and the print: the `markdown_extensions` of mkdocs.yml.

The MkDocs plugin reads it from the loaded configuration (`drom.site.markdown`) and checks it when the
configuration loads; the PDFs convert the same Markdown with it, so an admonition, a footnote or a heading id
comes out in print as on the site. Only what cannot work on paper is changed for print (`for_print`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import markdown

REQUIRED = ("attr_list", "md_in_html", "toc")
"""Extensions the generated pages are written for: `{#id}` and `{ .class }`, Markdown inside HTML blocks,
heading ids."""


class MarkdownConfigError(ValueError):
    """The Markdown configuration cannot serve the curriculum's pages."""


@dataclass(frozen=True)
class MarkdownConfig:
    extensions: tuple[Any, ...]
    """Extension names (or instances), as in mkdocs.yml's `markdown_extensions`."""
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Each extension's options by name."""

    @classmethod
    def of(cls, extensions: Sequence[Any], configs: Mapping[str, Mapping[str, Any]]) -> MarkdownConfig:
        """The configuration, checked: a missing required extension or one that fails to load is an error."""
        config = cls(tuple(extensions), {name: dict(value) for name, value in configs.items()})
        missing = [name for name in REQUIRED if name not in config.extensions]
        if missing:
            raise MarkdownConfigError(
                "The curriculum plugin needs these markdown_extensions in mkdocs.yml: "
                + ", ".join(missing)
                + " (e.g. `markdown_extensions: [attr_list, md_in_html, toc]`)."
            )
        try:
            config.converter().convert("# x {#x}\n")
        except Exception as error:  # noqa: BLE001 - any extension failing to load or run is the config's fault
            raise MarkdownConfigError(f"The markdown_extensions of mkdocs.yml do not work together: {error}") from None
        return config

    def for_print(self) -> MarkdownConfig:
        """The same configuration for paper: no permalink signs after headings."""
        configs = {name: dict(value) for name, value in self.configs.items()}
        toc = configs.setdefault("toc", {})
        toc["permalink"] = False
        return MarkdownConfig(self.extensions, configs)

    def converter(self, *extra: Any) -> markdown.Markdown:
        """A Python-Markdown converter with these extensions (and `extra` ones, e.g. the print's link rewriter)."""
        return markdown.Markdown(
            extensions=[*self.extensions, *extra],
            extension_configs={name: dict(value) for name, value in self.configs.items()},
            output_format="html",
        )
