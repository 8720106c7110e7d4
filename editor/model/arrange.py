"""Arranging the selection's units (see :mod:`editor.model.selection`): move, align, distribute, rotate,
flip, duplicate and delete, each returning the :class:`~editor.model.operations.Edit` s it applied (one
undo command wraps them; an empty list: nothing to change).

Units are measured by their boxes on the plan (:func:`unit_box`): a zone by its seats and areas, a row
by its seats and table outline, an area by its outline. A text label's box depends on the font it is
drawn with: pass ``text_width`` (the Qt editor measures with its own font).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from . import operations as ops
from .copying import duplicate_all
from .document import Change, SeatingDocument
from .elements import XY, Area, Row, Seat, Zone
from .geometry import Box, TextWidth, area_box, estimate_text_width, rotate, seats_box, union
from .operations import Edit, FieldChange, field_edit
from .rows import next_row_label
from .selection import Selection, Unit, linked_areas
from .zones import unique_zone_name

Alignment = Literal["left", "hcentre", "right", "top", "vcentre", "bottom"]
ALIGNMENTS: tuple[Alignment, ...] = ("left", "hcentre", "right", "top", "vcentre", "bottom")
Axis = Literal["h", "v"]
_NO_BOX = Box(0.0, 0.0, 0.0, 0.0)  # what a unit without size measures (it aligns like a point at 0, 0)


# -- measuring ------------------------------------------------------------------------------------
def _row_seats(zone: Zone, row: Row) -> list[tuple[float, float, float]]:
    ox, oy = zone.x + row.x, zone.y + row.y
    return [(ox + s.x, oy + s.y, s.radius) for s in row.seats]


def unit_box(unit: Unit, text_width: TextWidth = estimate_text_width) -> Box | None:
    """A unit's box in plan coordinates (None: it has no size)."""
    zone = unit.zone
    zx, zy = (zone.x, zone.y) if zone is not None else (0.0, 0.0)
    if unit.kind == "zone" and zone is not None:
        seats = [p for row in zone.rows for p in _row_seats(zone, row)]
        return union([seats_box(seats), *(area_box(a, zx, zy, text_width) for a in zone.areas)])
    if unit.kind == "row" and unit.row is not None and zone is not None:
        return union([seats_box(_row_seats(zone, unit.row)),
                      *(area_box(a, zx, zy, text_width) for a in unit.linked)])
    if unit.kind == "area" and unit.area is not None:
        return union([area_box(unit.area, zx, zy, text_width)])
    if unit.seat is not None and unit.row is not None and zone is not None:
        s = unit.seat
        return seats_box([(zx + unit.row.x + s.x, zy + unit.row.y + s.y, s.radius)])
    return None


def units_box(units: Sequence[Unit], text_width: TextWidth = estimate_text_width) -> Box | None:
    """The box around all ``units`` (the selection's box: its handles, the centre it turns about)."""
    return union(unit_box(u, text_width) for u in units)


# -- moving ---------------------------------------------------------------------------------------
def move(doc: SeatingDocument, units: Sequence[Unit], dx: float, dy: float) -> list[Edit]:
    """Move the units by (dx, dy): zones, rows (with their table outlines) and areas as objects, loose
    seats within their rows."""
    objects: list[Zone | Row | Area | Seat] = []
    seat_guids: list[str] = []
    for u in units:
        if u.kind == "row" and u.row is not None:
            objects.append(u.row)
            objects.extend(u.linked)
        elif u.kind == "seat" and u.seat is not None:
            seat_guids.append(u.seat.guid)
        else:
            objects.append(u.obj)
    edits = []
    if objects:
        edits.append(ops.move(doc, objects, dx, dy))
    if seat_guids:
        edits.append(ops.move_seats(doc, seat_guids, dx, dy))
    return edits


def _moves(doc: SeatingDocument, units: Sequence[Unit], moves: Sequence[XY]) -> list[Edit]:
    edits: list[Edit] = []
    for u, (dx, dy) in zip(units, moves, strict=True):
        if abs(dx) > 1e-9 or abs(dy) > 1e-9:
            edits.extend(move(doc, [u], dx, dy))
    return edits


def align(doc: SeatingDocument, units: Sequence[Unit], how: Alignment,
          text_width: TextWidth = estimate_text_width) -> list[Edit]:
    """Line the units' boxes up on the left edge, the centre or the right edge of them all (``left``,
    ``hcentre``, ``right``), or on the top, the middle or the bottom."""
    if how not in ALIGNMENTS:
        raise ValueError(f"unknown alignment {how!r}")
    if len(units) < 2:
        raise ValueError("Select two or more things to align.")
    boxes = [unit_box(u, text_width) or _NO_BOX for u in units]
    whole = union(boxes) or _NO_BOX
    moves: list[XY]
    if how == "left":
        moves = [(min(b.left for b in boxes) - b.left, 0.0) for b in boxes]
    elif how == "right":
        moves = [(max(b.right for b in boxes) - b.right, 0.0) for b in boxes]
    elif how == "hcentre":
        moves = [(whole.centre.x - b.centre.x, 0.0) for b in boxes]
    elif how == "top":
        moves = [(0.0, min(b.top for b in boxes) - b.top) for b in boxes]
    elif how == "bottom":
        moves = [(0.0, max(b.bottom for b in boxes) - b.bottom) for b in boxes]
    else:
        moves = [(0.0, whole.centre.y - b.centre.y) for b in boxes]
    return _moves(doc, units, moves)


def distribute(doc: SeatingDocument, units: Sequence[Unit], axis: Axis,
               text_width: TextWidth = estimate_text_width) -> list[Edit]:
    """Equal gaps between three or more units along ``axis`` ("h" or "v"); the outermost stay put."""
    if len(units) < 3:
        raise ValueError("Select three or more things to distribute.")
    boxes = [unit_box(u, text_width) or _NO_BOX for u in units]
    horizontal = axis == "h"
    order = sorted(range(len(units)), key=lambda k: boxes[k].centre.x if horizontal else boxes[k].centre.y)
    first, last = boxes[order[0]], boxes[order[-1]]
    span = (last.right - first.left) if horizontal else (last.bottom - first.top)
    sizes = sum((boxes[k].width if horizontal else boxes[k].height) for k in order)
    gap = (span - sizes) / (len(units) - 1)
    moves: list[XY] = [(0.0, 0.0)] * len(units)
    pos = first.left if horizontal else first.top
    for k in order:
        b = boxes[k]
        if horizontal:
            moves[k] = (pos - b.left, 0.0)
            pos += b.width + gap
        else:
            moves[k] = (0.0, pos - b.top)
            pos += b.height + gap
    return _moves(doc, units, moves)


# -- turning and mirroring ------------------------------------------------------------------------------
def rotate_units(doc: SeatingDocument, units: Sequence[Unit], angle: float, about: XY) -> list[Edit]:
    """Turn the units by ``angle`` degrees (clockwise on screen) about ``about`` (plan coordinates):
    rows with their geometry, areas with their rotation, loose seats within their rows. Pass units made
    with ``expand_zones`` (a zone turns as its rows and areas)."""
    if not angle:
        return []
    cx, cy = about

    def turn_seat(seat: Seat, row: Row, zone: Zone) -> list[FieldChange]:
        ox, oy = zone.x + row.x, zone.y + row.y
        ((x, y),) = rotate([(ox + seat.x, oy + seat.y)], angle, about)
        return [(seat, "x", seat.x, x - ox), (seat, "y", seat.y, y - oy)]

    def turn_area(area: Area, zone: Zone | None) -> list[FieldChange]:
        zx, zy = (zone.x, zone.y) if zone is not None else (0.0, 0.0)
        ((x, y),) = rotate([(zx + area.x, zy + area.y)], angle, about)
        return [(area, "x", area.x, x - zx), (area, "y", area.y, y - zy),
                (area, "rotation", area.rotation, (area.rotation + angle) % 360)]

    return _turn(doc, "Rotate", units,
                 lambda zone, rows: ops.rotate_rows(doc, rows, angle, (cx - zone.x, cy - zone.y)),
                 turn_area, turn_seat)


def flip_units(doc: SeatingDocument, units: Sequence[Unit], about: XY, *, horizontal: bool = True) -> list[Edit]:
    """Mirror the units left-right (``horizontal``) or top-bottom about the line through ``about``; seats
    keep their numbers. Pass units made with ``expand_zones``."""
    cx, cy = about

    def flip_area(a: Area, zone: Zone | None) -> list[FieldChange]:
        zx, zy = (zone.x, zone.y) if zone is not None else (0.0, 0.0)
        changes: list[FieldChange] = []
        if horizontal:
            width = a.width if a.shape == "rectangle" else 0.0
            changes.append((a, "x", a.x, 2 * cx - (zx + a.x) - width - zx))
        else:
            height = a.height if a.shape == "rectangle" else 0.0
            changes.append((a, "y", a.y, 2 * cy - (zy + a.y) - height - zy))
        if a.rotation:
            changes.append((a, "rotation", a.rotation, (-a.rotation) % 360))
        if a.shape == "polygon":
            pts = [(-x, y) if horizontal else (x, -y) for x, y in a.points]
            changes.append((a, "points", a.points, pts))
        return changes

    def flip_seat(seat: Seat, row: Row, zone: Zone) -> list[FieldChange]:
        ox, oy = zone.x + row.x, zone.y + row.y
        if horizontal:
            return [(seat, "x", seat.x, 2 * cx - (ox + seat.x) - ox)]
        return [(seat, "y", seat.y, 2 * cy - (oy + seat.y) - oy)]

    return _turn(doc, "Flip", units,
                 lambda zone, rows: ops.flip_rows(doc, rows, (cx - zone.x, cy - zone.y), horizontal=horizontal),
                 flip_area, flip_seat)


def _turn(
    doc: SeatingDocument,
    text: str,
    units: Sequence[Unit],
    rows_edit: Callable[[Zone, list[Row]], Edit],
    area_changes: Callable[[Area, Zone | None], list[FieldChange]],
    seat_changes: Callable[[Seat, Row, Zone], list[FieldChange]],
) -> list[Edit]:
    """Turning or mirroring: one edit per zone for its rows, one for the areas (a row's linked ones too)
    and one for loose seats."""
    by_zone: dict[int, tuple[Zone, list[Row]]] = {}
    area_fields: list[FieldChange] = []
    areas: list[Area] = []
    seat_fields: list[FieldChange] = []
    seats: list[Seat] = []
    for u in units:
        if u.kind == "row" and u.row is not None and u.zone is not None:
            by_zone.setdefault(id(u.zone), (u.zone, []))[1].append(u.row)
            for a in u.linked:
                areas.append(a)
                area_fields += area_changes(a, u.zone)
        elif u.kind == "area" and u.area is not None:
            areas.append(u.area)
            area_fields += area_changes(u.area, u.zone)
        elif u.kind == "seat" and u.seat is not None and u.row is not None and u.zone is not None:
            seats.append(u.seat)
            seat_fields += seat_changes(u.seat, u.row, u.zone)
    edits = [rows_edit(zone, rows) for zone, rows in by_zone.values()]
    if area_fields:
        edits.append(field_edit(doc, text, [(Change.AREAS_CHANGED, areas)], area_fields))
    if seat_fields:
        edits.append(field_edit(doc, text, [(Change.SEATS_MOVED, seats)], seat_fields))
    return edits


# -- duplicate and delete ---------------------------------------------------------------------------------
def duplicate_offset(box: Box | None) -> XY:
    """Where copies go: just below what they copy, or a little down and right of something tall."""
    height = box.height if box is not None else 0.0
    return (0.0, height + 12) if height < 400 else (40.0, 40.0)


def duplicate(doc: SeatingDocument, units: Sequence[Unit], dx: float, dy: float) -> tuple[list[Edit], Selection]:
    """Copies of the units moved by (dx, dy), with new guids (a copied seat is another seat for sales):
    a zone's copy gets a name of its own, a row's the next free row label; and the copies as a selection."""
    edits: list[Edit] = []
    new_guids: set[str] = set()
    new_areas: list[Area] = []
    for u in units:
        if u.kind == "zone" and u.zone is not None:
            (zone,) = duplicate_all([u.zone], dx=dx, dy=dy)
            zone.name = unique_zone_name(doc, f"{u.zone.name} copy")
            edits.append(ops.add_zone(doc, zone))
            new_guids.update(s.guid for r in zone.rows for s in r.seats)
            new_areas.extend(zone.areas)
        elif u.kind == "row" and u.row is not None and u.zone is not None:
            originals: list[Row | Area] = [u.row, *u.linked]
            row, *areas = duplicate_all(originals, dx=dx, dy=dy)
            assert isinstance(row, Row)
            if not (row.geometry is not None and row.geometry.kind == "table"):
                row.row_number = next_row_label(u.zone, after=u.row.row_number)
            edits.append(ops.add_row(doc, u.zone, row))
            for a in areas:
                assert isinstance(a, Area)
                edits.append(ops.add_area(doc, a, u.zone))
                new_areas.append(a)
            new_guids.update(s.guid for s in row.seats)
        elif u.kind == "area" and u.area is not None:
            (area,) = duplicate_all([u.area], dx=dx, dy=dy)
            edits.append(ops.add_area(doc, area, u.zone))
            new_areas.append(area)
        elif u.seat is not None and u.row is not None:
            (seat,) = duplicate_all([u.seat], dx=dx, dy=dy)
            edits.append(ops.add_seat(doc, u.row, seat))
            new_guids.add(seat.guid)
    return edits, Selection(frozenset(new_guids), tuple(new_areas))


def delete(doc: SeatingDocument, units: Sequence[Unit]) -> list[Edit]:
    """Take the units out of the plan: a row with its table outline; their guids go with them."""
    if not units:
        return []
    objects: list[Zone | Row | Seat | Area] = []
    for u in units:
        if u.kind == "row" and u.row is not None:
            objects.append(u.row)
            objects.extend(a for a in linked_areas(doc, u.row) if a not in objects)
        elif u.kind == "area":
            if not any(o is u.area for o in objects):
                objects.append(u.obj)
        else:
            objects.append(u.obj)
    return [ops.remove(doc, objects)]
