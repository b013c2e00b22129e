"""The Markdown configuration of a MkDocs site, for the curriculum library (`drom.markdown_config`)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from ..markdown_config import MarkdownConfig
from .rawblocks import RawBlocks


def markdown_config(config: MkDocsConfig) -> MarkdownConfig:
    """`markdown_extensions` and their options, checked (raises MarkdownConfigError); without the plugin's own
    extension for the site's pages (`rawblocks`), which the print has no use for."""
    extensions = [x for x in config.markdown_extensions if not isinstance(x, RawBlocks)]
    return MarkdownConfig.of(extensions, config.mdx_configs)


def from_mkdocs_yml(path: Path) -> MarkdownConfig:
    """The Markdown configuration of a mkdocs.yml file (for tools and tests outside a build)."""
    return markdown_config(load_config(str(path)))
