"""Interface wording that only the printed documents use, until it moves into `drom.i18n.STRINGS`.

`ui()` prefers `drom.i18n`: once these keys are added there (see the PDF report for the diff), this table
can be deleted without touching the callers. Romani wording is to be reviewed by native speakers, like the
rest of `drom.i18n`.
"""

from __future__ import annotations

from ..i18n import STRINGS, t

PRINT_STRINGS: dict[str, dict[str, str]] = {
    "bg": {
        "page_of": "стр. {n} от {m}",
        "page_ref": "стр. {n}",
        "contents": "Съдържание",
        "introduction": "Въведение",
        "online_version": "Онлайн версия",
        "qr_alt": "QR код към онлайн версията: {url}",
        "licence_notice": "Свободно за използване и споделяне при условията на {licence}.",
    },
    "en": {
        "page_of": "page {n} of {m}",
        "page_ref": "page {n}",
        "contents": "Contents",
        "introduction": "Introduction",
        "online_version": "Online version",
        "qr_alt": "QR code for the online version: {url}",
        "licence_notice": "Free to use and share under the terms of {licence}.",
    },
    "rom": {
        "page_of": "rig {n} katar {m}",
        "page_ref": "rig {n}",
        "contents": "So si andre",
        "introduction": "Angluno lav",
        "online_version": "Online versija",
        "qr_alt": "QR kodo vaš e online versija: {url}",
        "licence_notice": "Šaj te labjarel thaj te del les avrenge tala e licenca {licence}.",
    },
}


def ui(lang: str, key: str, **values: object) -> str:
    """The interface string `key` in `lang`: from `drom.i18n` when it has the key, else from this table."""
    if any(key in table for table in STRINGS.values()):
        return t(lang, key, **values)
    text = PRINT_STRINGS.get(lang, {}).get(key) or PRINT_STRINGS["en"][key]
    return text.format(**values) if values else text
