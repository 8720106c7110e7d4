"""SVG of a seating plan for print and the web: areas, seats coloured by category, row numbers.

Seats can be recoloured per state (sold, held, ...) with ``seat_states``. Built with a list of strings
joined once, so 100,000 seats take a fraction of a second. Every seat circle carries its guid in a
``data-guid`` attribute for web pages that make the map clickable.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape

from editor.model.document import SeatingDocument, row_ordinals
from editor.model.elements import DEFAULT_TEXT_SIZE, Area, Row, Seat

# Colours of seat states that override the category colour (a state not listed here may itself be a
# colour such as "#ff0000").
STATE_COLORS: dict[str, str] = {
    "sold": "#9e9e9e",
    "held": "#f5a623",
    "reserved": "#f5a623",
    "blocked": "#5f5f5f",
    "closed": "#5f5f5f",
    "house": "#8e7cc3",
    "selected": "#2e7d32",
}
# For categories declared without a colour, in declaration order.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")
UNKNOWN_CATEGORY = "#bdbdbd"
ROW_NUMBER_SIZE = 12


def _attr(value: str) -> str:
    return escape(value, quote=True)


def category_colors(doc: SeatingDocument) -> dict[str, str]:
    """Category name → fill colour (declared colour, else one from :data:`PALETTE`)."""
    return {c.name: c.color or PALETTE[i % len(PALETTE)] for i, c in enumerate(doc.categories)}


def to_svg(
    doc: SeatingDocument,
    *,
    seat_states: Mapping[str, str] | None = None,
    state_colors: Mapping[str, str] | None = None,
    row_numbers: bool = True,
    legend: bool = False,
    background: str | None = "#ffffff",
) -> str:
    """The plan as an SVG document (a string), ``doc.width`` × ``doc.height`` user units.

    ``seat_states`` maps seat guids to a state ("sold", "held", ... see :data:`STATE_COLORS`, which
    ``state_colors`` extends or overrides) or directly to a colour; other seats keep their category's
    colour. ``legend`` adds a list of categories in the top-left corner.
    """
    colors = category_colors(doc)
    states = dict(STATE_COLORS)
    if state_colors:
        states.update(state_colors)
    w, h = doc.width, doc.height
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w:g}" height="{h:g}" '
        f'viewBox="0 0 {w:g} {h:g}" font-family="Helvetica, Arial, sans-serif">\n',
        f"<title>{escape(doc.name)}</title>\n",
    ]
    if background:
        out.append(f'<rect x="0" y="0" width="{w:g}" height="{h:g}" fill="{_attr(background)}"/>\n')

    out.append('<g class="areas">\n')
    for zone, area in doc.iter_areas():
        zx, zy = (zone.x, zone.y) if zone is not None else (0.0, 0.0)
        _area(out, area, zx, zy)
    out.append("</g>\n")

    out.append('<g class="seats" stroke="#424242" stroke-width="1">\n')
    append = out.append
    overrides = seat_states or {}
    for zone in doc.zones:
        for row in zone.rows:
            ox = zone.x + row.x
            oy = zone.y + row.y
            for s in row.seats:
                fill = colors.get(s.category, UNKNOWN_CATEGORY)
                if overrides:
                    state = overrides.get(s.guid)
                    if state is not None:
                        fill = states.get(state, state if state.startswith("#") else fill)
                append(f'<circle cx="{ox + s.x:.1f}" cy="{oy + s.y:.1f}" r="{s.radius:g}" fill="{fill}" '
                       f'data-guid="{_attr(s.guid)}"/>\n')
    out.append("</g>\n")

    if row_numbers:
        out.append(f'<g class="row-numbers" font-size="{ROW_NUMBER_SIZE}" fill="#555555" '
                   'text-anchor="middle">\n')
        for zone in doc.zones:
            for row in zone.rows:
                _row_numbers(out, row, zone.x + row.x, zone.y + row.y)
        out.append("</g>\n")

    if legend and doc.categories:
        out.append('<g class="legend" font-size="14" fill="#212121">\n')
        for i, c in enumerate(doc.categories):
            y = 20 + i * 22
            out.append(f'<circle cx="20" cy="{y}" r="7" fill="{_attr(colors[c.name])}" stroke="#424242"/>'
                       f'<text x="34" y="{y + 5}">{escape(c.name)}</text>\n')
        out.append("</g>\n")
    out.append("</svg>\n")
    return "".join(out)


def _area(out: list[str], a: Area, zx: float, zy: float) -> None:
    x, y = zx + a.x, zy + a.y
    fill = _attr(a.color) if a.color else "none"
    stroke = f' stroke="{_attr(a.border_color)}" stroke-width="2"' if a.border_color else ""
    turn = f' transform="rotate({a.rotation:g} {x:.1f} {y:.1f})"' if a.rotation else ""
    out.append(f'<g class="area area-{a.kind}"{turn}>')
    if a.shape == "rectangle":
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{a.width:g}" height="{a.height:g}" '
                   f'fill="{fill}"{stroke}/>')
    elif a.shape == "circle":
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{a.radius:g}" fill="{fill}"{stroke}/>')
    elif a.shape == "ellipse":
        out.append(f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{a.radius_x:g}" ry="{a.radius_y:g}" '
                   f'fill="{fill}"{stroke}/>')
    elif a.shape == "polygon" and a.points:
        pts = " ".join(f"{x + px:.1f},{y + py:.1f}" for px, py in a.points)
        out.append(f'<polygon points="{pts}" fill="{fill}"{stroke}/>')
    t = a.text
    if t is not None and t.text:
        size = t.size or DEFAULT_TEXT_SIZE
        color = _attr(t.color) if t.color else "#212121"
        # Centred on its point; SVG has no portable vertical centring, so shift by a third of the size.
        out.append(f'<text x="{x + t.x:.1f}" y="{y + t.y + size * 0.35:.1f}" font-size="{size:g}" '
                   f'fill="{color}" text-anchor="middle">{escape(t.text)}</text>')
    out.append("</g>\n")


def _row_numbers(out: list[str], row: Row, ox: float, oy: float) -> None:
    where = row.row_number_position
    seats = row.seats
    if where is None or not seats or not row.row_number:
        return
    ordinals = row_ordinals(row)
    ordered: list[Seat] = list(seats)
    for seat, k in zip(seats, ordinals, strict=True):
        ordered[k] = seat
    ends = []
    if where in ("start", "both"):
        ends.append((ordered[0], ordered[1] if len(ordered) > 1 else None))
    if where in ("end", "both") and (len(ordered) > 1 or where == "end"):
        ends.append((ordered[-1], ordered[-2] if len(ordered) > 1 else None))
    label = escape(row.row_number)
    for end, inner in ends:
        # Put the number one seat further out, along the row's direction at that end.
        if inner is not None:
            dx, dy = end.x - inner.x, end.y - inner.y
            length = math.hypot(dx, dy) or 1.0
            ux, uy = dx / length, dy / length
        else:
            ux, uy = (-1.0, 0.0)
        gap = end.radius + ROW_NUMBER_SIZE * 0.9
        x = ox + end.x + ux * gap
        y = oy + end.y + uy * gap + ROW_NUMBER_SIZE * 0.35
        out.append(f'<text x="{x:.1f}" y="{y:.1f}">{label}</text>\n')
