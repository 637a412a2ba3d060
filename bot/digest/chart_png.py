"""Paint a chart layout as an opaque PNG with Pillow.

Boxes are axis-aligned and need no smoothing; the relief line and its dots are drawn at
`SMOOTH` times the size on a small mask and scaled down, so their edges are smooth like
matplotlib's; text is smoothed by FreeType. The font is matplotlib's DejaVu Sans (matplotlib is
already a dependency), found without importing matplotlib. Fonts are loaded once per process.
"""

from __future__ import annotations

import importlib.util
import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.digest.chart_layout import (
    BACKGROUND,
    DOT_RADIUS,
    HEIGHT,
    LINE,
    LINE_WIDTH,
    WIDTH,
    ChartData,
    Layout,
    lay_out,
)

SMOOTH = 4  # the relief line's supersampling factor
COMPRESS_LEVEL = 1  # fastest zlib level: ~30 KB a chart; level 6 costs 2.5 ms more for 24 KB


def font_path() -> Path:
    """matplotlib's bundled DejaVu Sans."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed: it provides the chart's font")
    return (
        Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    )


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """The chart's font at a pixel size (loaded once per process)."""
    return ImageFont.truetype(str(font_path()), size)


def _relief_mask(layout: Layout) -> tuple[Image.Image, int]:
    """The relief line and dots as a smooth mask over the rows they may cover."""
    top, bottom = (round(edge) for edge in layout.relief_area)
    big = Image.new("L", (WIDTH * SMOOTH, (bottom - top) * SMOOTH), 0)
    draw = ImageDraw.Draw(big)

    def scaled(point: tuple[float, float]) -> tuple[float, float]:
        return point[0] * SMOOTH, (point[1] - top) * SMOOTH

    width = round(LINE_WIDTH * SMOOTH)
    for run in layout.runs:
        draw.line([scaled(point) for point in run], fill=255, width=width, joint="curve")
    radius = DOT_RADIUS * SMOOTH
    for point in layout.dots:
        cx, cy = scaled(point)
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=255)
    return big.reduce(SMOOTH), top


def paint(layout: Layout) -> bytes:
    """The layout as PNG bytes: RGB (no transparency), `WIDTH` × `HEIGHT`."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for box in layout.boxes:
        corners = (round(box.x0), round(box.y0), round(box.x1), round(box.y1))
        draw.rectangle(corners, fill=box.color)
    if layout.dots:
        mask, top = _relief_mask(layout)
        image.paste(LINE, (0, top, WIDTH, top + mask.height), mask)
    for label in layout.labels:
        draw.text(
            (label.x, label.y),
            label.text,
            fill=label.color,
            font=font(label.size),
            anchor=label.anchor,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=COMPRESS_LEVEL)
    return buffer.getvalue()


def draw_png(data: ChartData) -> bytes:
    """Lay out and paint the chart for `data`, here (in this thread or process)."""
    return paint(lay_out(data))
