"""Inline SVG charts for the self-contained appraisal report (no JavaScript).

Each function returns an ``<svg>`` element as a string; every label is
escaped, so the result can be inserted into HTML as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE: tuple[str, ...] = (
    "#3b6fb6",
    "#e07b39",
    "#4e9a57",
    "#c8453b",
    "#8060a8",
    "#8c6d31",
    "#d46fa8",
    "#6f6f6f",
    "#b5b82f",
    "#2fb5b8",
)
_FONT = 'font-family="sans-serif" font-size="11"'


def _fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.1f}"


def hbar_chart(items: Sequence[tuple[str, float]], title: str, width: int = 420) -> str:
    """Horizontal bars, one per ``(label, value)``.

    Args:
        items: Labels and values (non-negative).
        title: Chart title (Chinese).
        width: Total width in pixels.

    Returns:
        The ``<svg>`` markup.
    """
    row, left, top = 20, 150, 24
    height = top + row * max(1, len(items)) + 8
    vmax = max((v for _, v in items), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">',
        f'<text x="0" y="14" {_FONT} font-weight="bold">{escape(title)}</text>',
    ]
    if not items:
        parts.append(f'<text x="0" y="{top + 14}" {_FONT}>无数据</text>')
    span = width - left - 50
    for i, (label, value) in enumerate(items):
        y = top + i * row
        w = max(0.0, value) / vmax * span
        parts.append(
            f'<text x="{left - 6}" y="{y + 13}" text-anchor="end" {_FONT}>{escape(label)}</text>'
            f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="{PALETTE[0]}"/>'
            f'<text x="{left + w + 4:.1f}" y="{y + 13}" {_FONT}>{_fmt(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    points: Sequence[tuple[str, float | None]],
    title: str,
    target: float | None = None,
    width: int = 420,
    height: int = 180,
    percent: bool = False,
) -> str:
    """A line over categories (months), gaps where a value is None, optional target line.

    Args:
        points: ``(x label, value)`` in order.
        title: Chart title.
        target: Draws a dashed target line when given.
        width: Width in pixels.
        height: Height in pixels.
        percent: Values are fractions shown as percent.

    Returns:
        The ``<svg>`` markup.
    """
    left, right, top, bottom = 40, 16, 24, 28
    values = [v for _, v in points if v is not None]
    if target is not None:
        values.append(target)
    lo = min(values, default=0.0)
    hi = max(values, default=1.0)
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.1
    lo, hi = lo - pad, hi + pad
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / max(1, len(points)))

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - lo) / (hi - lo))

    def label(v: float) -> str:
        return f"{v * 100:.0f}%" if percent else _fmt(v)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">',
        f'<text x="0" y="14" {_FONT} font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#999"/>',
    ]
    if target is not None:
        ty = y(target)
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" '
            f'stroke="{PALETTE[3]}" stroke-dasharray="4 3"/>'
            f'<text x="{left + plot_w}" y="{ty - 3:.1f}" text-anchor="end" {_FONT} '
            f'fill="{PALETTE[3]}">目标 {label(target)}</text>'
        )
    segment: list[str] = []
    for i, (xl, v) in enumerate(points):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 10}" text-anchor="middle" {_FONT}>'
            f"{escape(xl)}</text>"
        )
        if v is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{PALETTE[0]}" stroke-width="2" '
                    f'points="{" ".join(segment)}"/>'
                )
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(v):.1f}")
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{PALETTE[0]}"/>'
            f'<text x="{x(i):.1f}" y="{y(v) - 6:.1f}" text-anchor="middle" {_FONT}>'
            f"{label(v)}</text>"
        )
    if len(segment) > 1:
        parts.append(
            f'<polyline fill="none" stroke="{PALETTE[0]}" stroke-width="2" '
            f'points="{" ".join(segment)}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_columns(
    columns: Sequence[tuple[str, dict[str, int]]],
    labels: dict[str, str],
    title: str,
    width: int = 860,
    height: int = 240,
) -> str:
    """Stacked columns: one per time bucket, one colour per category, with a legend.

    Args:
        columns: ``(bucket label, {category: count})`` in time order.
        labels: Category code → display name (legend order).
        title: Chart title.
        width: Width in pixels.
        height: Height in pixels.

    Returns:
        The ``<svg>`` markup.
    """
    legend_w, left, top, bottom = 150, 34, 24, 34
    plot_w, plot_h = width - left - legend_w - 10, height - top - bottom
    vmax = max((sum(c.values()) for _, c in columns), default=0) or 1
    cats = [c for c in labels if any(col.get(c) for _, col in columns)]
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(cats)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">',
        f'<text x="0" y="14" {_FONT} font-weight="bold">{escape(title)}</text>',
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" {_FONT}>{vmax}</text>',
    ]
    if not columns:
        parts.append(f'<text x="{left}" y="{top + 20}" {_FONT}>无数据</text>')
    step = plot_w / max(1, len(columns))
    bar_w = min(40.0, max(2.0, step * 0.75))
    every = max(1, len(columns) // 12)
    for i, (bucket, counts) in enumerate(columns):
        x = left + i * step
        y = top + plot_h
        for c in cats:
            n = counts.get(c, 0)
            if not n:
                continue
            h = n / vmax * plot_h
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{colour[c]}"><title>{escape(bucket)} {escape(labels[c])}: {n}'
                "</title></rect>"
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle" '
                f"{_FONT}>{escape(bucket[5:] if len(bucket) == 10 else bucket)}</text>"
            )
    lx = width - legend_w + 4
    for i, c in enumerate(cats):
        ly = top + i * 16
        parts.append(
            f'<rect x="{lx}" y="{ly}" width="10" height="10" fill="{colour[c]}"/>'
            f'<text x="{lx + 14}" y="{ly + 9}" {_FONT}>{escape(labels[c])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
