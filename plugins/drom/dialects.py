"""The ROMLEX dialect codes the glossary marks its words with (ER, MA, …), named for the glossary's legend.

The codes and names follow ROMLEX (romani.uni-graz.at/romlex), as listed at the top of curriculum/glossary.yml.
The Romani names are the groups' own names as ROMLEX spells them; written by us, not yet reviewed.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

DIALECTS: dict[str, dict[str, str]] = {
    "ER": {"bg": "ерлийски (София)", "en": "Sofia Erli (Bulgaria)", "rom": "Erli (Sofija)"},
    "MA": {"bg": "арлийски (Македония)", "en": "Macedonian Arli", "rom": "Arli (Makedonija)"},
    "KA": {"bg": "арлийски (Косово)", "en": "Kosovo Arli", "rom": "Arli (Kosovo)"},
    "BU": {"bg": "бургуджийски", "en": "Bugurdži", "rom": "Bugurdži"},
    "SE": {"bg": "сепечидски", "en": "Sepečides", "rom": "Sepečides"},
    "CR": {"bg": "кримски", "en": "Crimean"},
    "UR": {"bg": "урсарски", "en": "Ursari", "rom": "Ursari"},
    "KL": {"bg": "калдерашки", "en": "Kalderaš", "rom": "Kalderaš"},
    "LO": {"bg": "ловарски", "en": "Lovara", "rom": "Lovara"},
}

LEGEND_TITLE = {
    "bg": "Диалекти (кодове на ROMLEX)",
    "en": "Dialects (ROMLEX codes)",
    "rom": "Dialektija (e ROMLEX-oske kodija)",
}


def name(code: str, lang: str) -> Markup:
    """The dialect's name in `lang`, else in English marked as English (WCAG 3.1.2), else the code."""
    names = DIALECTS.get(code, {})
    if lang in names:
        return escape(names[lang])
    if "en" in names:
        return Markup('<span lang="en">{}</span>').format(names["en"])
    return escape(code)


def legend(codes: Iterable[str], lang: str) -> str:
    """The legend of the dialect codes used (HTML, escaped), in the order of the list above; '' if none."""
    used = set(codes)
    ordered = [c for c in DIALECTS if c in used] + sorted(used - set(DIALECTS))
    if not ordered:
        return ""
    title = LEGEND_TITLE.get(lang) or LEGEND_TITLE["en"]
    items = Markup("").join(
        Markup("<div><dt><abbr>{}</abbr></dt><dd>{}</dd></div>").format(code, name(code, lang)) for code in ordered
    )
    return str(
        Markup(
            '<section class="drom-dialect-legend" aria-labelledby="dialects"><h2 id="dialects">{}</h2>'
            "<dl>{}</dl></section>\n"
        ).format(escape(title), items)
    )
