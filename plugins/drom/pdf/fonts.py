"""The fonts shipped for print (DejaVu, see assets/fonts/LICENSE.txt): their @font-face rules and fingerprint.

Only these files are named in the print CSS, by url() relative to the fonts folder, so a PDF never
depends on the fonts installed on the machine that builds it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import PdfError

FONTS_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
FONTCONFIG = FONTS_DIR / "fonts.conf"
"""Fontconfig setup of the PDFs: this folder's fonts only (see render.shipped_fonts_only)."""

SERIF = "Drom Serif"
SANS = "Drom Sans"
FAMILIES = (SERIF, SANS)
"""The only font families the print CSS may name."""


@dataclass(frozen=True)
class Face:
    family: str
    file: str
    weight: int = 400
    style: str = "normal"


FACES = (
    Face(SERIF, "DejaVuSerif.ttf"),
    Face(SERIF, "DejaVuSerif-Bold.ttf", 700),
    Face(SERIF, "DejaVuSerif-Italic.ttf", 400, "italic"),
    Face(SERIF, "DejaVuSerif-BoldItalic.ttf", 700, "italic"),
    Face(SANS, "DejaVuSans.ttf"),
    Face(SANS, "DejaVuSans-Bold.ttf", 700),
    Face(SANS, "DejaVuSans-Oblique.ttf", 400, "italic"),
)


def font_face_css() -> str:
    """@font-face rules whose url()s are relative to FONTS_DIR (the stylesheet's base URL)."""
    rules = []
    for face in FACES:
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; src: url("{face.file}") format("truetype"); '
            f"font-weight: {face.weight}; font-style: {face.style}; }}"
        )
    return "\n".join(rules) + "\n"


def fonts_digest(folder: Path | None = None) -> str:
    """A hash of every shipped font file; a missing or unreadable one is a PdfError naming it."""
    folder = folder or FONTS_DIR
    digest = hashlib.sha256()
    for face in FACES:
        path = folder / face.file
        try:
            data = path.read_bytes()
        except OSError as error:
            raise PdfError(
                f"The font file '{path}' cannot be read ({error.strerror or error}); every PDF needs it. "
                "Restore it from the repository (plugins/drom/assets/fonts/).",
                entity="the print fonts",
                file=str(path),
            ) from None
        digest.update(face.file.encode() + b"\0" + hashlib.sha256(data).digest())
    # Which fonts a glyph may fall back to is part of what a cached PDF was made with.
    conf = folder / FONTCONFIG.name
    digest.update(conf.read_bytes() if conf.is_file() else b"system fontconfig")
    return digest.hexdigest()
