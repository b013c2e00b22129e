"""The Markdown configuration of a MkDocs site, for the curriculum library (`drom.markdown_config`)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from ..markdown_config import MarkdownConfig


def markdown_config(config: MkDocsConfig) -> MarkdownConfig:
    """`markdown_extensions` and their options, checked (raises MarkdownConfigError)."""
    return MarkdownConfig.of(config.markdown_extensions, config.mdx_configs)


def from_mkdocs_yml(path: Path) -> MarkdownConfig:
    """The Markdown configuration of a mkdocs.yml file (for tools and tests outside a build)."""
    return markdown_config(load_config(str(path)))
