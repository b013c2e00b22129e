"""Link-preview cards: a 1200×630 PNG per lesson, module and resource, drawn at build time (no MkDocs).

Drawn with Pillow and the DejaVu fonts shipped in the package, with FreeType's basic layout (no system fonts,
no shaping library that may or may not be installed), so the same text gives the same bytes on every machine.
Material's social plugin is not used: it fetches its fonts from another host.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zlib
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).resolve().parent / "assets" / "fonts"
VERSION = "2"
"""Part of every card's cache key: bump it when the drawing changes."""

_BACKGROUND = (26, 35, 126)  # indigo 900: white text on it has a contrast of 13:1
_TEXT = (255, 255, 255)
_MUTED = (197, 202, 233)  # indigo 100
_FLAG_BLUE = (0, 114, 206)
_FLAG_GREEN = (0, 154, 68)
_MARGIN = 72


@dataclass(frozen=True)
class Card:
    """What a card shows, already in the page's language."""

    title: str
    kicker: str
    """One line above the title, e.g. "Урок · 2.–4. клас · 40 мин"."""
    footer: str
    """One line at the bottom, e.g. the module's title."""
    site_name: str

    def key(self) -> str:
        fonts = [f"{p.name}:{p.stat().st_size}" for p in sorted(FONTS.glob("DejaVuSans*.ttf"))]
        data = json.dumps([VERSION, asdict(self), fonts], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:24]


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit_title(draw: ImageDraw.ImageDraw, title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size from 68 px down at which the title takes at most three lines (cut with … below 40 px)."""
    for size in range(68, 39, -4):
        font = _font("DejaVuSans-Bold.ttf", size)
        lines = _wrap(draw, title, font, width)
        if len(lines) <= 3 and all(draw.textlength(line, font=font) <= width for line in lines):
            return font, lines
    font = _font("DejaVuSans-Bold.ttf", 40)
    lines = _wrap(draw, title, font, width)[:3]
    while draw.textlength(lines[-1] + "…", font=font) > width and " " in lines[-1]:
        lines[-1] = lines[-1].rsplit(" ", 1)[0]
    return font, [*lines[:-1], lines[-1] + "…"]


def _one_line(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def draw_card(card: Card) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * _MARGIN
    small, medium = _font("DejaVuSans.ttf", 30), _font("DejaVuSans.ttf", 34)
    draw.text((_MARGIN, 60), _one_line(draw, card.site_name, small, inner), font=small, fill=_MUTED)
    draw.text((_MARGIN, 150), _one_line(draw, card.kicker, medium, inner), font=medium, fill=_MUTED)
    font, lines = _fit_title(draw, card.title, inner)
    y = 210
    for line in lines:
        draw.text((_MARGIN, y), line, font=font, fill=_TEXT)
        y += int(font.size * 1.22)
    if card.footer:
        draw.text((_MARGIN, HEIGHT - 130), _one_line(draw, card.footer, medium, inner), font=medium, fill=_MUTED)
    # The Romani flag's two fields, blue over green, as a band along the bottom edge.
    draw.rectangle((0, HEIGHT - 36, WIDTH, HEIGHT - 19), fill=_FLAG_BLUE)
    draw.rectangle((0, HEIGHT - 18, WIDTH, HEIGHT), fill=_FLAG_GREEN)
    out = io.BytesIO()
    # zlib's run-length strategy suits a card's flat fields: 15 ms a card, against 60 ms for `optimize=True`
    # (about 40 KB against 30 KB); a cold build of 1,000 lessons draws some 3,000 cards.
    image.save(out, format="PNG", compress_type=zlib.Z_RLE)
    return out.getvalue()


def card_file(card: Card, cache_dir: Path) -> Path:
    """The card's PNG in the cache folder, drawn only when no card with the same content is there."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{card.key()}.png"
    if not path.is_file():
        # One partial file a process: two processes building languages side by side may draw the same card.
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(draw_card(card))
        partial.replace(path)
    return path
