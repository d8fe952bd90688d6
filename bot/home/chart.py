"""The lead's chart of the last 12 months as a PNG: grouped bars of counts, nothing else.

Pillow is imported inside `render_chart` only, so a process that never draws a chart does not
load it (start-up time and idle memory stay as they were).
"""

from __future__ import annotations

import io
from typing import Any

from bot.core.i18n import Language, t

WIDTH, HEIGHT = 900, 360
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 16, 40, 56
# One colour per series, in chart_data's order; a masked "<5" bar is drawn pale and low.
COLOURS = ("#1f6feb", "#2da44e", "#bf8700", "#8250df")
PALE = "#d0d7de"
SMALL_BAR = 4  # the height (in counts) of a "<5" bar


def render_chart(data: dict[str, Any], language: Language) -> bytes:
    """The PNG of `data` (from stats.chart_data): months along, one bar per series."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    months: list[str] = data["months"]
    series: dict[str, list[int | None]] = data["series"]
    top = max([SMALL_BAR, *(v for values in series.values() for v in values if v is not None)])
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    base = MARGIN_TOP + plot_h
    draw.line([(MARGIN_LEFT, base), (WIDTH - MARGIN_RIGHT, base)], fill="black")
    draw.line([(MARGIN_LEFT, MARGIN_TOP), (MARGIN_LEFT, base)], fill="black")
    draw.text((MARGIN_LEFT, MARGIN_TOP - 14), str(top), fill="black")
    draw.text((MARGIN_LEFT - 12, base - 10), "0", fill="black")
    slot = plot_w / max(1, len(months))
    bar = slot * 0.8 / max(1, len(series))
    for index, month in enumerate(months):
        left = MARGIN_LEFT + index * slot + slot * 0.1
        for number, values in enumerate(series.values()):
            value = values[index]
            height = (SMALL_BAR if value is None else value) / top * plot_h
            colour = PALE if value is None else COLOURS[number % len(COLOURS)]
            x0 = left + number * bar
            if height > 0:
                draw.rectangle([(x0, base - height), (x0 + bar - 1, base)], fill=colour)
        draw.text((left, base + 6), month[2:], fill="black")
    legend_x = MARGIN_LEFT
    for number, name in enumerate(series):
        draw.rectangle([(legend_x, 10), (legend_x + 10, 20)], fill=COLOURS[number % len(COLOURS)])
        label = t(f"stats.series.{name}", language)
        draw.text((legend_x + 14, 9), label, fill="black")
        legend_x += 14 + int(draw.textlength(label)) + 24
    draw.rectangle([(legend_x, 10), (legend_x + 10, 20)], fill=PALE)
    draw.text((legend_x + 14, 9), "<5", fill="black")
    out = io.BytesIO()
    # Flat colours compress well at the fastest level: a third of the default's CPU.
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
