"""Keyboard access that a page must have from its first paint, before any script runs."""

from __future__ import annotations

import re

_CODE_BLOCK = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?)<code(?=[\s>])(?![^>]*\btabindex=)")


def focusable_code_blocks(page_html: str) -> str:
    """Give each code block tabindex="0", so a reader on a keyboard can scroll a wide one (WCAG 2.1.1).

    Material's script later keeps it only where the block really scrolls; the script starts after the first
    paint (overrides/main.html), and until then every block must be reachable.
    """
    return _CODE_BLOCK.sub(r'\1<code tabindex="0"', page_html)
