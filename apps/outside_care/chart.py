"""The score trend as an SVG chart, built server-side for the PDF (WeasyPrint draws SVG). A pure
function: points in, markup out; every label is escaped."""

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 40, 16, 40  # margins for the axes' labels
MAX_DATE_LABELS = 7


@dataclass(frozen=True)
class ChartPoint:
    day: date
    score: int


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def _y(score: int, max_score: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - score / max_score)


def trend_chart_svg(points: list[ChartPoint], *, max_score: int, title: str) -> str:
    """A line chart of ``points`` (oldest first), evenly spaced in order (the dates label them), the
    vertical axis from 0 to ``max_score`` with a gridline every fifth point, and each point labelled
    with its score. No points: the axes and a line saying so."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">',
        f"<title>{escape(title)}</title>",
    ]
    bottom_y, right_x = HEIGHT - BOTTOM, WIDTH - RIGHT
    for tick in range(0, max_score + 1, 5):
        y = _y(tick, max_score)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{right_x}" y2="{y:.1f}" stroke="#ddd" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{tick}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom_y}" stroke="#333" stroke-width="1"/>')
    parts.append(f'<line x1="{LEFT}" y1="{bottom_y}" x2="{right_x}" y2="{bottom_y}" stroke="#333" stroke-width="1"/>')
    if not points:
        parts.append(f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" font-size="12" text-anchor="middle">No scores yet</text>')
        parts.append("</svg>")
        return "".join(parts)
    coordinates = [(_x(index, len(points)), _y(point.score, max_score)) for index, point in enumerate(points)]
    polyline = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
    parts.append(f'<polyline points="{polyline}" fill="none" stroke="#1c5d99" stroke-width="2"/>')
    # Dates under at most MAX_DATE_LABELS points (the first and last always), so that they never overlap.
    date_step = -(-len(points) // MAX_DATE_LABELS)
    for index, (point, (x, y)) in enumerate(zip(points, coordinates, strict=True)):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#1c5d99"/>')
        parts.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="10" text-anchor="middle">{point.score}</text>')
        if index % date_step == 0 or index == len(points) - 1:
            parts.append(
                f'<text x="{x:.1f}" y="{bottom_y + 16}" font-size="9" text-anchor="middle">{point.day:%-d %b %Y}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
