"""Seat layout generators (pure functions): rows, curved rows, blocks, tables and standing areas; the
boxes things take up on the plan (:class:`Box`, :func:`area_box`), which align, distribute and the
selection's handles measure with.

Generators build fresh model objects with new guids; they never touch a document (operations insert
what they build, so an undo stack can redo with the very same objects and guids). Conventions: a row's
position is its start point and its seats are relative to it; ``angle`` is in degrees clockwise on
screen (y grows downwards); ``curvature`` is the arc the row covers, in degrees: 0 is straight, positive
bends the ends towards -y (towards a stage drawn above), so the middle of the row lies furthest from it.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from .document import row_ordinals
from .elements import DEFAULT_SEAT_RADIUS, DEFAULT_TEXT_SIZE, XY, Area, AreaText, Point, Row, RowGeometry, Seat
from .ids import IdFactory, new_id
from .numbering import RowLabelling, SeatNumbering, row_labels, seat_numbers

MAX_CURVATURE = 359.0


# -- positions ------------------------------------------------------------------------------------
def straight_positions(count: int, spacing: float) -> list[XY]:
    """``count`` points along +x from the origin, ``spacing`` apart."""
    return [(i * spacing, 0.0) for i in range(count)]


def arc_positions(count: int, spacing: float, curvature: float) -> list[XY]:
    """``count`` points ``spacing`` apart *along* an arc covering ``curvature`` degrees, starting at the
    origin, its chord along +x. Curvature 0 gives a straight row."""
    if abs(curvature) > MAX_CURVATURE:
        raise ValueError(f"curvature must lie within ±{MAX_CURVATURE:g} degrees, not {curvature:g}")
    if count <= 1:
        return [(0.0, 0.0)] * count
    theta = math.radians(curvature)
    if abs(theta) < 1e-9:
        return straight_positions(count, spacing)
    length = (count - 1) * spacing
    radius = length / theta  # negative for negative curvature: the formulas below stay valid
    half = theta / 2
    cx = radius * math.sin(half)
    cy = -radius * math.cos(half)
    step = theta / (count - 1)
    return [(cx + radius * math.sin(-half + i * step), cy + radius * math.cos(-half + i * step))
            for i in range(count)]


def rotate(points: Iterable[XY], angle: float, about: XY = (0.0, 0.0)) -> list[XY]:
    """Turn points clockwise on screen by ``angle`` degrees about ``about``."""
    if not angle:
        return list(points)
    a = math.radians(angle)
    c, s = math.cos(a), math.sin(a)
    ox, oy = about
    return [(ox + (x - ox) * c - (y - oy) * s, oy + (x - ox) * s + (y - oy) * c) for x, y in points]


def geometry_positions(g: RowGeometry, seat_radius: float = DEFAULT_SEAT_RADIUS) -> list[XY]:
    """Positions of all ``g.seat_count`` slots (skipped ones included), relative to the row position."""
    if g.kind == "table":
        if g.table_shape == "long":
            pts = _long_table_slots(g.seats_per_side, g.end_seats, g.spacing, seat_radius)
        else:
            pts = _round_table_slots(g.seat_count, g.spacing, seat_radius)
        return rotate(pts, g.angle)
    return rotate(arc_positions(g.seat_count, g.spacing, g.curvature), g.angle)


# -- boxes ----------------------------------------------------------------------------------------
class Box(NamedTuple):
    """An axis-aligned box in plan coordinates: ``left <= right``, ``top <= bottom`` (y grows down)."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def centre(self) -> Point:
        return Point((self.left + self.right) / 2, (self.top + self.bottom) / 2)

    def united(self, other: Box) -> Box:
        return Box(min(self.left, other.left), min(self.top, other.top), max(self.right, other.right),
                   max(self.bottom, other.bottom))

    def contains(self, x: float, y: float) -> bool:
        """Whether the point lies inside or on the edge; an empty box (no width or height) holds nothing."""
        return (self.left < self.right and self.top < self.bottom
                and self.left <= x <= self.right and self.top <= y <= self.bottom)

    def is_empty(self) -> bool:
        """A point, not a box: no width and no height (left out of unions, as Qt does)."""
        return self.left == self.right and self.top == self.bottom


def union(boxes: Iterable[Box | None]) -> Box | None:
    """The box around all non-empty ``boxes``, or None when there are none."""
    out: Box | None = None
    for box in boxes:
        if box is None or box.is_empty():
            continue
        out = box if out is None else out.united(box)
    return out


def seats_box(points: Iterable[tuple[float, float, float]]) -> Box | None:
    """The box around seats given as (x, y, radius) in plan coordinates, or None for none."""
    left = top = math.inf
    right = bottom = -math.inf
    for x, y, r in points:
        if r == 0:
            continue  # a seat without size adds nothing (an empty box)
        left = min(left, x - r)
        right = max(right, x + r)
        top = min(top, y - r)
        bottom = max(bottom, y + r)
    if left > right:
        return None
    return Box(left, top, right, bottom)


TextWidth = Callable[[str, float], float]


def estimate_text_width(text: str, size: float) -> float:
    """How wide a label of ``size`` pixels is, roughly (the Qt editor measures with its font instead)."""
    return 0.6 * max(1, round(size)) * len(text)


def area_box(area: Area, zx: float = 0.0, zy: float = 0.0, text_width: TextWidth = estimate_text_width) -> Box:
    """The box an area takes up in plan coordinates (its zone at ``zx``, ``zy``), rotation included.

    Shapes give their outline; a text label the box of its text (``text_width`` measures it); an area with
    nothing to show a small square at its point, as the editor draws them."""
    x, y = zx + area.x, zy + area.y
    shape = area.shape
    if shape in ("circle", "ellipse"):
        rx, ry = (area.radius, area.radius) if shape == "circle" else (area.radius_x, area.radius_y)
        a = math.radians(area.rotation)
        c, s = math.cos(a), math.sin(a)
        hx = math.hypot(rx * c, ry * s)
        hy = math.hypot(rx * s, ry * c)
        return Box(x - hx, y - hy, x + hx, y + hy)
    if shape == "rectangle":
        corners = [(x, y), (x + area.width, y), (x + area.width, y + area.height), (x, y + area.height)]
    elif shape == "polygon" and area.points:
        corners = [(x + px, y + py) for px, py in area.points]
    elif area.text is not None and area.text.text:
        size = area.text.size or DEFAULT_TEXT_SIZE
        w = text_width(area.text.text, size)
        left, top = x + area.text.x - w / 2 - 2, y + area.text.y - size * 0.65
        corners = [(left, top), (left + w + 4, top), (left + w + 4, top + size * 1.3), (left, top + size * 1.3)]
    else:
        corners = [(x - 6, y - 6), (x + 6, y - 6), (x + 6, y + 6), (x - 6, y + 6)]
    if area.rotation:
        corners = rotate(corners, area.rotation, (x, y))
    xs = [p[0] for p in corners]
    ys = [p[1] for p in corners]
    return Box(min(xs), min(ys), max(xs), max(ys))


# -- rows -----------------------------------------------------------------------------------------
def _angle_to(start: XY, end: XY) -> float:
    return math.degrees(math.atan2(end[1] - start[1], end[0] - start[0]))


def _fill_seats(g: RowGeometry, *, category: str, radius: float, new_id: IdFactory) -> list[Seat]:
    slots = geometry_positions(g, radius)
    skipped = set(g.skipped)
    kept = [p for i, p in enumerate(slots) if i not in skipped]
    numbers = seat_numbers(len(kept), g.numbering)
    return [Seat(new_id(), num, x, y, category, radius, new_id())
            for (x, y), num in zip(kept, numbers, strict=True)]


def make_row(
    start: XY,
    *,
    seat_count: int | None = None,
    end: XY | None = None,
    spacing: float = 26.0,
    curvature: float = 0.0,
    angle: float | None = None,
    skipped: Sequence[int] = (),
    row_number: str = "",
    numbering: SeatNumbering = SeatNumbering(),
    category: str = "",
    radius: float = DEFAULT_SEAT_RADIUS,
    row_label: str | None = None,
    seat_label: str | None = None,
    row_number_position: str | None = "both",
    new_id: IdFactory = new_id,
) -> Row:
    """A straight or curved row starting at ``start`` (zone coordinates).

    Give ``seat_count`` or an ``end`` point: from an end point the direction is taken and, when no count
    is given, as many seats as fit with ``spacing`` along the chord (the editor's drag-to-draw).
    ``skipped`` lists slot indices left empty (an aisle); they take no number.
    """
    if angle is None:
        angle = _angle_to(start, end) if end is not None else 0.0
    if seat_count is None:
        if end is None:
            raise ValueError("make_row needs a seat_count or an end point")
        seat_count = int(math.hypot(end[0] - start[0], end[1] - start[1]) / spacing + 1e-9) + 1
    if seat_count < 1:
        raise ValueError("a row needs at least one seat")
    if spacing <= 0:
        raise ValueError("spacing must be positive")
    g = RowGeometry(
        kind="curved" if curvature else "straight", seat_count=seat_count, spacing=spacing,
        curvature=curvature, angle=angle, skipped=tuple(sorted(set(skipped))), numbering=numbering,
    )
    seats = _fill_seats(g, category=category, radius=radius, new_id=new_id)
    return Row(row_number, seats, start[0], start[1], row_label, seat_label, new_id(), row_number_position, g)


def curvature_for_radius(seat_count: int, spacing: float, radius: float) -> float:
    """The curvature (degrees) that puts a row of this length on a circle of ``radius``."""
    if seat_count < 2 or radius <= 0:
        return 0.0
    return math.degrees((seat_count - 1) * spacing / radius)


def concentric_row(centre: XY, distance: float, *, seat_count: int, spacing: float = 26.0,
                   bearing: float = 0.0, **kwargs: object) -> Row:
    """A curved row whose seats lie ``distance`` from ``centre`` (the stage), its middle straight
    below the centre when ``bearing`` is 0 (degrees, clockwise). Extra arguments go to :func:`make_row`."""
    curvature = curvature_for_radius(seat_count, spacing, distance)
    if abs(curvature) > MAX_CURVATURE:
        raise ValueError("the row is too long to fit on that circle")
    half = math.radians(curvature) / 2
    # Start at the left end of the arc, then turn the whole row about the centre by the bearing.
    sx, sy = centre[0] - distance * math.sin(half), centre[1] + distance * math.cos(half)
    (sx, sy), = rotate([(sx, sy)], bearing, centre)
    return make_row((sx, sy), seat_count=seat_count, spacing=spacing, curvature=curvature,
                    angle=bearing, **kwargs)  # type: ignore[arg-type]


def make_block(
    origin: XY,
    *,
    rows: int,
    seats_per_row: int,
    h_spacing: float = 26.0,
    v_spacing: float = 32.0,
    curvature: float = 0.0,
    angle: float = 0.0,
    labelling: RowLabelling = RowLabelling(),
    numbering: SeatNumbering = SeatNumbering(),
    category: str = "",
    radius: float = DEFAULT_SEAT_RADIUS,
    skipped: Sequence[int] = (),
    seat_label: str | None = None,
    new_id: IdFactory = new_id,
) -> list[Row]:
    """``rows`` × ``seats_per_row`` seats; the first row (label from ``labelling``) starts at ``origin``
    and the others follow ``v_spacing`` behind it (towards +y before ``angle`` turns the block)."""
    if rows < 1:
        raise ValueError("a block needs at least one row")
    labels = row_labels(rows, labelling)
    starts = rotate([(origin[0], origin[1] + i * v_spacing) for i in range(rows)], angle, origin)
    return [
        make_row(start, seat_count=seats_per_row, spacing=h_spacing, curvature=curvature, angle=angle,
                 skipped=skipped, row_number=label, numbering=numbering, category=category,
                 radius=radius, seat_label=seat_label, new_id=new_id)
        for start, label in zip(starts, labels, strict=True)
    ]


# -- tables ---------------------------------------------------------------------------------------
def round_table_radius(seat_count: int, spacing: float, seat_radius: float = DEFAULT_SEAT_RADIUS) -> float:
    """Radius of the circle the chairs stand on: their spacing around it, never closer than a small table."""
    return max(seat_count * spacing / (2 * math.pi), 2.5 * seat_radius)


def _round_table_slots(count: int, spacing: float, seat_radius: float) -> list[XY]:
    ring = round_table_radius(count, spacing, seat_radius)
    # From twelve o'clock, clockwise on screen: (sin, -cos).
    return [(ring * math.sin(2 * math.pi * i / count), -ring * math.cos(2 * math.pi * i / count))
            for i in range(count)]


def _long_table_size(per_side: int, ends: int, spacing: float) -> tuple[float, float]:
    return (max(per_side, 1) * spacing, max(ends, 1) * spacing)


def _long_table_slots(per_side: int, ends: int, spacing: float, seat_radius: float) -> list[XY]:
    """Clockwise from the top-left chair: top side, right end, bottom side, left end."""
    length, depth = _long_table_size(per_side, ends, spacing)
    off = seat_radius + 4  # chairs stand just clear of the table's edge
    top = [(-length / 2 + spacing / 2 + i * spacing, -depth / 2 - off) for i in range(per_side)]
    right = [(length / 2 + off, -depth / 2 + spacing / 2 + i * spacing) for i in range(ends)]
    bottom = [(x, -y) for x, y in reversed(top)]
    left = [(-x, y) for x, y in reversed(right)]
    return top + right + bottom + left


def make_round_table(
    centre: XY,
    *,
    seat_count: int,
    skipped: Sequence[int] = (),
    spacing: float = 30.0,
    seat_radius: float = DEFAULT_SEAT_RADIUS,
    table_number: str = "",
    numbering: SeatNumbering = SeatNumbering(),
    category: str = "",
    color: str | None = "#e8dcc4",
    border_color: str | None = "#8a7250",
    new_id: IdFactory = new_id,
) -> tuple[Row, Area]:
    """A round table: its chairs as a row (centred on ``centre``, numbered clockwise from the top, the
    table number as row number) and the table outline as an area linked to that row."""
    if seat_count < 1:
        raise ValueError("a table needs at least one chair")
    g = RowGeometry(kind="table", table_shape="round", seat_count=seat_count, spacing=spacing,
                    skipped=tuple(sorted(set(skipped))), numbering=numbering)
    seats = _fill_seats(g, category=category, radius=seat_radius, new_id=new_id)
    row = Row(table_number, seats, centre[0], centre[1], None, None, new_id(), None, g)
    table_r = max(round_table_radius(seat_count, spacing, seat_radius) - seat_radius - 4, seat_radius)
    area = Area("circle", centre[0], centre[1], radius=table_r, color=color, border_color=border_color,
                text=AreaText(table_number, 0, 0) if table_number else None, uuid=new_id(), kind="table",
                row_uuid=row.uuid)
    return row, area


def make_long_table(
    centre: XY,
    *,
    seats_per_side: int,
    end_seats: int = 0,
    skipped: Sequence[int] = (),
    spacing: float = 30.0,
    angle: float = 0.0,
    seat_radius: float = DEFAULT_SEAT_RADIUS,
    table_number: str = "",
    numbering: SeatNumbering = SeatNumbering(),
    category: str = "",
    color: str | None = "#e8dcc4",
    border_color: str | None = "#8a7250",
    new_id: IdFactory = new_id,
) -> tuple[Row, Area]:
    """A long table with ``seats_per_side`` chairs along each long side and ``end_seats`` at each end,
    numbered clockwise from the top-left chair; returns the chairs' row and the outline area."""
    if seats_per_side < 0 or end_seats < 0 or seats_per_side + end_seats == 0:
        raise ValueError("a table needs at least one chair")
    count = 2 * seats_per_side + 2 * end_seats
    g = RowGeometry(kind="table", table_shape="long", seat_count=count, spacing=spacing, angle=angle,
                    skipped=tuple(sorted(set(skipped))), numbering=numbering,
                    seats_per_side=seats_per_side, end_seats=end_seats)
    seats = _fill_seats(g, category=category, radius=seat_radius, new_id=new_id)
    row = Row(table_number, seats, centre[0], centre[1], None, None, new_id(), None, g)
    length, depth = _long_table_size(seats_per_side, end_seats, spacing)
    # pretix turns a rectangle about its top-left corner: place that corner where turning the table
    # about its centre puts it.
    (cx, cy), = rotate([(centre[0] - length / 2, centre[1] - depth / 2)], angle, centre)
    area = Area("rectangle", cx, cy, width=length, height=depth, rotation=angle, color=color,
                border_color=border_color,
                text=AreaText(table_number, length / 2, depth / 2) if table_number else None,
                uuid=new_id(), kind="table", row_uuid=row.uuid)
    return row, area


# -- standing areas -------------------------------------------------------------------------------
def make_standing_area(
    position: XY,
    *,
    width: float,
    height: float,
    capacity: int,
    name: str = "Standing",
    color: str | None = "#dfe9f3",
    border_color: str | None = "#5b7a99",
    new_id: IdFactory = new_id,
) -> Area:
    """A standing area (top-left at ``position``) sold by count up to ``capacity``, not by place."""
    if capacity < 1:
        raise ValueError("a standing area needs a capacity of at least 1")
    if width <= 0 or height <= 0:
        raise ValueError("a standing area needs a positive size")
    return Area("rectangle", position[0], position[1], width=width, height=height, color=color,
                border_color=border_color, text=AreaText(name, width / 2, height / 2), uuid=new_id(),
                kind="standing", capacity=capacity, name=name)


# -- editing a drawn row --------------------------------------------------------------------------
class RowLayout(NamedTuple):
    """A row's new state after regeneration: its position, seats and geometry."""

    x: float
    y: float
    seats: list[Seat]
    geometry: RowGeometry


_NUMBER = re.compile(r"^(.*?)(\d+)$")


def infer_numbering(numbers: Sequence[str]) -> SeatNumbering:
    """Guess the numbering scheme of seats listed in row order (from their start point)."""
    parsed = [_NUMBER.match(n) for n in numbers]
    if not parsed or not all(parsed):
        return SeatNumbering()
    prefixes = {m.group(1) for m in parsed if m}
    values = [int(m.group(2)) for m in parsed if m]
    prefix = prefixes.pop() if len(prefixes) == 1 else ""
    direction = "rtl" if len(values) > 1 and values[0] > values[-1] else "ltr"
    steps = {abs(b - a) for a, b in zip(values, values[1:], strict=False)}
    lowest = min(values)
    mode = "consecutive"
    if steps == {2}:
        mode = "odd" if lowest % 2 else "even"
    return SeatNumbering(direction=direction, mode=mode, start=lowest, prefix=prefix,
                         skip_13=13 not in values and lowest < 13 < max(values))


def infer_geometry(row: Row) -> tuple[Point, RowGeometry, list[Seat]]:
    """Geometry for a row that has none (imported from a file): its start point (zone coordinates),
    a straight or curved geometry that approximates the seats, and the seats in row order."""
    ordinals = row_ordinals(row)
    seats = [s for _, s in sorted(zip(ordinals, row.seats, strict=True), key=lambda t: t[0])]
    numbering = infer_numbering([s.number for s in seats])
    if not seats:
        return Point(row.x, row.y), RowGeometry(kind="straight", seat_count=0, numbering=numbering), seats
    first = seats[0]
    start = Point(row.x + first.x, row.y + first.y)
    n = len(seats)
    if n == 1:
        return start, RowGeometry(kind="straight", seat_count=1, numbering=numbering), seats
    gaps = [math.hypot(b.x - a.x, b.y - a.y) for a, b in zip(seats, seats[1:], strict=False)]
    spacing = sum(gaps) / len(gaps) or 26.0
    curvature = 0.0
    if n >= 3:
        d0 = math.atan2(seats[1].y - seats[0].y, seats[1].x - seats[0].x)
        d1 = math.atan2(seats[-1].y - seats[-2].y, seats[-1].x - seats[-2].x)
        turn = math.remainder(d1 - d0, 2 * math.pi)
        # Each step turns by theta/(n-1); first to last segment spans n-2 steps. A positive arc turns
        # counter-clockwise on screen (negative atan2 change).
        curvature = -math.degrees(turn) * (n - 1) / (n - 2)
        if abs(curvature) < 0.5:
            curvature = 0.0
        curvature = max(-MAX_CURVATURE, min(MAX_CURVATURE, curvature))
    if curvature:
        # Neighbours were measured along chords; the generator spaces seats along the arc.
        half_step = math.radians(abs(curvature)) / (n - 1) / 2
        spacing *= half_step / math.sin(half_step)
    last = seats[-1]
    # The generator lays the chord of the arc (first to last seat) along the row's angle.
    angle = math.degrees(math.atan2(last.y - first.y, last.x - first.x))
    g = RowGeometry(kind="curved" if curvature else "straight", seat_count=n, spacing=spacing,
                    curvature=curvature, angle=angle, numbering=numbering)
    return start, g, seats


def regenerate_row(
    row: Row,
    *,
    seat_count: int | None = None,
    spacing: float | None = None,
    curvature: float | None = None,
    angle: float | None = None,
    skipped: Sequence[int] | None = None,
    numbering: SeatNumbering | None = None,
    renumber: bool | None = None,
    new_id: IdFactory = new_id,
) -> RowLayout:
    """The row laid out again with some parameters changed; pure (the row is not modified).

    Seats that remain keep their guid, uuid, category, radius and accessibility (the k-th seat along the
    row stays the k-th); seats beyond a smaller count are dropped from the end; added seats get new
    guids and the category of the last seat.

    ``renumber``: True numbers all seats by the (new) scheme; False keeps the numbers seats have (added
    seats continue the scheme); None, the default, renumbers when a ``numbering`` is given or the seats
    still carry the numbers their scheme gives, and otherwise keeps numbers a person typed in.
    """
    if row.geometry is None or row.geometry.kind == "free":
        # Imported rows: only seat positions are known (a legacy spacing is re-measured anyway).
        (sx, sy), g, ordered = infer_geometry(row)
    else:
        sx, sy, g = row.x, row.y, row.geometry
        ordered = list(row.seats)
    changes: dict[str, object] = {}
    if seat_count is not None:
        if seat_count < 1:
            raise ValueError("a row needs at least one seat")
        changes["seat_count"] = seat_count
    if spacing is not None:
        if not spacing > 0:
            raise ValueError("spacing must be positive")
        changes["spacing"] = spacing
    if curvature is not None:
        if abs(curvature) > MAX_CURVATURE:
            raise ValueError(f"curvature must lie within ±{MAX_CURVATURE:g} degrees")
        changes["curvature"] = curvature
        if g.kind in ("straight", "curved"):
            changes["kind"] = "curved" if curvature else "straight"
    if angle is not None:
        changes["angle"] = angle
    if skipped is not None:
        changes["skipped"] = tuple(sorted(set(skipped)))
    if numbering is not None:
        changes["numbering"] = numbering
    new_g = dataclasses.replace(g, **changes)  # type: ignore[arg-type]
    if renumber is None:
        renumber = numbering is not None or [s.number for s in ordered] == seat_numbers(
            len(ordered), g.numbering)
    if new_g.kind == "table" and new_g.table_shape == "long" and seat_count is not None:
        raise ValueError("change a long table's chairs with seats_per_side/end_seats, not seat_count")

    radius = ordered[-1].radius if ordered else DEFAULT_SEAT_RADIUS
    slots = geometry_positions(new_g, radius)
    skip = set(new_g.skipped)
    places = [p for i, p in enumerate(slots) if i not in skip]
    numbers = seat_numbers(len(places), new_g.numbering)
    category = ordered[-1].category if ordered else ""
    seats: list[Seat] = []
    for k, ((x, y), number) in enumerate(zip(places, numbers, strict=True)):
        if k < len(ordered):
            old = ordered[k]
            seats.append(Seat(old.guid, number if renumber else old.number, x, y, old.category, old.radius,
                              old.uuid, old.start_direction, old.wheelchair, old.companion_of,
                              old.restricted_view))
        else:
            seats.append(Seat(new_id(), number, x, y, category, radius, new_id()))
    return RowLayout(sx, sy, seats, new_g)


def seats_reaching(row: Row, origin: XY, point: XY) -> int | None:
    """How many seats a drawn row needs for its end to reach ``point`` (dragging its end handle); the
    row's zone stands at ``origin``. None for rows without geometry."""
    g = row.geometry
    if g is None:
        return None
    sx, sy = origin[0] + row.x, origin[1] + row.y
    a = math.radians(g.angle)
    along = (point[0] - sx) * math.cos(a) + (point[1] - sy) * math.sin(a)
    chord_per_seat = g.spacing
    if g.curvature and g.seat_count > 1:
        theta = math.radians(g.curvature)
        length = (g.seat_count - 1) * g.spacing
        chord = 2 * (length / theta) * math.sin(theta / 2)
        chord_per_seat = chord / (g.seat_count - 1)
    slots = max(1, round(along / max(chord_per_seat, 1e-6)) + 1)
    return max(1, slots - len(g.skipped))
