"""Links to other hosts: they open without handing our page to the other site (`rel="noopener"`)."""

from __future__ import annotations

import re

_ANCHOR = re.compile(r"<a\b([^>]*?)\bhref=\"(https?:)?//([^\"/]+)[^\"]*\"([^>]*)>", re.IGNORECASE)


def mark_external(page_html: str, own_host: str = "") -> str:
    """Add rel="noopener noreferrer" to every link to another host that has no rel of its own."""

    def repl(match: re.Match[str]) -> str:
        tag = match.group(0)
        host = match.group(3).lower()
        if (own_host and host == own_host.lower()) or re.search(r"\brel=", tag, re.IGNORECASE):
            return tag
        return tag[:-1] + ' rel="noopener noreferrer">'

    return _ANCHOR.sub(repl, page_html)
