"""Relative paths between files of the site, as `posixpath.relpath` gives them, without its cost.

The pages and classroom views link each other by thousands of relative paths; `posixpath.relpath` makes both
paths absolute (a call to `os.getcwd` each) before it compares them.
"""

from __future__ import annotations

import posixpath


def relpath(path: str, start: str) -> str:
    """`posixpath.relpath` of two site-relative paths, without making them absolute first (the working folder
    it joins to both cancels out; most of relpath's time). A path that climbs (`..`) or is absolute goes to
    relpath itself, whose answer then depends on the working folder."""
    if not path or ".." in path or ".." in start or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    to = [x for x in path.split("/") if x and x != "."]
    base = [x for x in start.split("/") if x and x != "."]
    common = 0
    for a, b in zip(to, base, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(base) - common) + to[common:]
    return "/".join(parts) if parts else "."
