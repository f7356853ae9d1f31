"""Charts as PNG for email (clients block SVG): drawn with Pillow at twice their display size for sharp screens."""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from reports.formatting import pct

SCALE = 2
INK = (27, 36, 51)
MUTED = (100, 110, 125)
GRID = (226, 230, 236)
TRACK = (241, 243, 246)
ACCENT = (15, 92, 140)


@lru_cache(maxsize=8)
def _font(size: int):
    return ImageFont.load_default(size=size * SCALE)


@lru_cache(maxsize=1)
def _palette() -> Image.Image:
    """The charts' colours and the anti-aliasing shades between them, as a fixed palette.

    Quantising to a fixed palette takes milliseconds where an adaptive one took 100+ per chart.
    Shades that would land next to a flat colour are left out, so white, the track, the grid
    and the bars keep their exact colours (Pillow maps nearby colours to the same entry).
    """
    flat = [(255, 255, 255), TRACK, GRID, ACCENT, INK, MUTED]
    shades = []
    for ink in (INK, MUTED, ACCENT):
        for paper in ((255, 255, 255), TRACK):
            for step in range(1, 12):
                share = step / 12
                shades.append(tuple(round(i * share + p * (1 - share)) for i, p in zip(ink, paper)))
    clear = [c for c in dict.fromkeys(shades) if all(max(abs(a - b) for a, b in zip(c, f)) > 12 for f in flat)]
    colours = flat + [c for c in clear if c not in flat]
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for colour in colours for v in colour])
    return palette


def _png(image: Image.Image) -> bytes:
    # A flat chart needs few colours: a palette makes the file a third of the size at no visible cost.
    buffer = io.BytesIO()
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def _text(draw: ImageDraw.ImageDraw, xy, text: str, size: int, fill=INK, anchor="la") -> None:
    draw.text((xy[0] * SCALE, xy[1] * SCALE), text, font=_font(size), fill=fill, anchor=anchor)


def _rect(draw: ImageDraw.ImageDraw, box, fill) -> None:
    draw.rectangle([v * SCALE for v in box], fill=fill)


def _fit(text: str, size: int, width: int) -> str:
    font = _font(size)
    if font.getlength(text) <= width * SCALE:
        return text
    while text and font.getlength(text + "\u2026") > width * SCALE:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def accuracy_bars(rows: list[tuple[str, float | None, int]], width: int = 560) -> bytes:
    """One bar per row: (label, accuracy or None, resolved-and-scored count)."""
    row_height, top, label_width = 30, 12, 190
    height = top + row_height * max(len(rows), 1) + 10
    image = Image.new("RGB", (width * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    track_left, track_right = label_width, width - 90
    for i, (label, value, n) in enumerate(rows):
        y = top + i * row_height
        _text(draw, (0, y + 4), _fit(label, 13, label_width - 10), 13)
        _rect(draw, (track_left, y + 4, track_right, y + 20), TRACK)
        if value is not None:
            _rect(draw, (track_left, y + 4, track_left + (track_right - track_left) * value, y + 20), ACCENT)
        note = f"{pct(value)}  n={n}" if value is not None else "no results yet"
        _text(draw, (track_right + 8, y + 5), note, 12, MUTED)
    if not rows:
        _text(draw, (0, top), "No publications in this scorecard.", 13, MUTED)
    return _png(image)


def accuracy_columns(points: list[tuple[str, float | None, int]], width: int = 560, height: int = 220) -> bytes:
    """Accuracy per quarter of deadline as columns: (quarter label, accuracy or None, scored count)."""
    image = Image.new("RGB", (width * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    left, right, top, bottom = 40, width - 8, 24, height - 34
    for level in (0, 0.25, 0.5, 0.75, 1.0):
        y = bottom - (bottom - top) * level
        _rect(draw, (left, y, right, y + 0.5), GRID)
        _text(draw, (left - 6, y), pct(level), 11, MUTED, anchor="rm")
    shown = points
    if not shown:
        _text(draw, (left + 10, (top + bottom) / 2), "No resolved claims yet.", 13, MUTED, anchor="lm")
        return _png(image)
    slot = (right - left) / len(shown)
    for i, (label, value, n) in enumerate(shown):
        x = left + i * slot
        if value is not None:
            bar_top = min(bottom - (bottom - top) * value, bottom - 2)  # a 0% quarter still shows a sliver
            _rect(draw, (x + slot * 0.18, bar_top, x + slot * 0.82, bottom), ACCENT)
            _text(draw, (x + slot / 2, bar_top - 3), f"n={n}", 10, MUTED, anchor="ms")
        if len(shown) <= 8 or i % 2 == 0:
            _text(draw, (x + slot / 2, bottom + 6), label, 10, MUTED, anchor="ma")
    return _png(image)
