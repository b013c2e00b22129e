"""Licence ids as the curriculum writes them (SPDX), and what readers and search engines are shown."""

from __future__ import annotations

import re

_CREATIVE_COMMONS = re.compile(r"CC-(BY(?:-(?:NC|SA|ND))*)-(\d\.\d)")


def licence_name(spdx: str) -> tuple[str, str]:
    """A licence id as people write it, and its deed URL: `CC-BY-SA-4.0` -> `CC BY-SA 4.0`.

    An id this does not know comes back as written, with no URL."""
    match = _CREATIVE_COMMONS.fullmatch(spdx)
    if match:
        return f"CC {match[1]} {match[2]}", f"https://creativecommons.org/licenses/{match[1].lower()}/{match[2]}/"
    if spdx == "CC0-1.0":
        return "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"
    return spdx, ""
