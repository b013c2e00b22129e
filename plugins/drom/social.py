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
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).resolve().parent / "assets" / "fonts"
VERSION = "3"
"""Part of every card's cache key: bump it when the drawing changes."""

_BACKGROUND = (26, 35, 126)  # indigo 900: white text on it has a contrast of 13:1
_TEXT = (255, 255, 255)
_MUTED = (197, 202, 233)  # indigo 100
_FLAG_BLUE = (0, 114, 206)
_FLAG_GREEN = (0, 154, 68)
_MARGIN = 72

# A card is drawn as an 8-bit image of palette indices, then saved as a palette PNG: a third of the bytes to
# compress that an RGB image has (a card takes about 4 ms against 17 ms, and 20 KB against 40 KB). Pillow antialiases
# text on an 8-bit image by blending the value under the text with the ink's value, so the indices are laid out
# as two ramps that meet at the background: muted text is ink 0 (entries 0 to 127 run from muted to the
# background), white text is ink 253 (entries 127 to 253 run from the background to white), and an edge pixel
# gets the entry of the very colour an RGB drawing would give it (±1 in a channel). 254 and 255 are the flag's.
_INK_MUTED, _INK_BACKGROUND, _INK_TEXT, _INK_BLUE, _INK_GREEN = 0, 127, 253, 254, 255


def _ramp(start: tuple[int, int, int], end: tuple[int, int, int], steps: int) -> list[int]:
    """`steps + 1` colours from `start` to `end`, both included, as flat RGB values."""
    return [round(a + (b - a) * i / steps) for i in range(steps + 1) for a, b in zip(start, end, strict=True)]


_PALETTE = [
    *_ramp(_MUTED, _BACKGROUND, _INK_BACKGROUND),
    *_ramp(_BACKGROUND, _TEXT, _INK_TEXT - _INK_BACKGROUND)[3:],
    *_FLAG_BLUE,
    *_FLAG_GREEN,
]
assert len(_PALETTE) == 3 * 256


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
        data = json.dumps([VERSION, asdict(self), _fonts()], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:24]


@cache
def _fonts() -> list[str]:
    """The shipped fonts, for the cache key: they come with the package, so once a process."""
    return [f"{p.name}:{p.stat().st_size}" for p in sorted(FONTS.glob("DejaVuSans*.ttf"))]


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit_title(title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size from 68 px down at which the title takes at most three lines (cut with … below 40 px)."""
    for size in range(68, 39, -4):
        font = _font("DejaVuSans-Bold.ttf", size)
        lines = _wrap(title, font, width)
        if len(lines) <= 3 and all(font.getlength(line) <= width for line in lines):
            return font, lines
    font = _font("DejaVuSans-Bold.ttf", 40)
    lines = _wrap(title, font, width)[:3]
    while font.getlength(lines[-1] + "…") > width and " " in lines[-1]:
        lines[-1] = lines[-1].rsplit(" ", 1)[0]
    return font, [*lines[:-1], lines[-1] + "…"]


def _one_line(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


@lru_cache(maxsize=64)
def _muted_line(text: str, size: int) -> tuple[Image.Image, tuple[int, int]]:
    """A line of the card's smaller text, cut to its width, as a coverage mask and where the mask goes from the
    pen's position. The site's name, a kicker and a module's title come back card after card: each is laid out
    and rendered once (pasting the mask in an ink blends exactly as drawing the text there does)."""
    font = _font("DejaVuSans.ttf", size)
    line = _one_line(text, font, WIDTH - 2 * _MARGIN)
    left, top, right, bottom = map(int, font.getbbox(line))  # whole pixels with the basic layout
    mask = Image.new("L", (right - left, bottom - top))
    ImageDraw.Draw(mask).text((-left, -top), line, font=font, fill=255)
    return mask, (left, top)


def draw_card(card: Card) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("L", (WIDTH, HEIGHT), _INK_BACKGROUND)
    for y, text, size in ((60, card.site_name, 30), (150, card.kicker, 34), (HEIGHT - 130, card.footer, 34)):
        if text:
            mask, (left, top) = _muted_line(text, size)
            image.paste(_INK_MUTED, (_MARGIN + left, y + top), mask)
    draw = ImageDraw.Draw(image)
    font, lines = _fit_title(card.title, WIDTH - 2 * _MARGIN)
    y = 210
    for line in lines:
        draw.text((_MARGIN, y), line, font=font, fill=_INK_TEXT)
        y += int(font.size * 1.22)
    # The Romani flag's two fields, blue over green, as a band along the bottom edge.
    draw.rectangle((0, HEIGHT - 36, WIDTH, HEIGHT - 19), fill=_INK_BLUE)
    draw.rectangle((0, HEIGHT - 18, WIDTH, HEIGHT), fill=_INK_GREEN)
    image.putpalette(_PALETTE)  # now a palette image ("P")
    out = io.BytesIO()
    # zlib's run-length strategy suits a card's flat fields: faster than the default strategy at level 1 and
    # smaller than it up to level 3; `optimize=True` saves a third of the bytes at eight times the time.
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
