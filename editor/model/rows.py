"""Rows and their seats as the editor changes them: the labels new rows get, relabelling front to back,
renumbering, gaps, a seat's attributes and companions; and tables (their chairs, empty places, number).

Each operation returns the :class:`~editor.model.operations.Edit` s it applied (empty: nothing to
change) or raises ValueError with a sentence for the user when it is refused.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection, Sequence

from . import operations as ops
from .document import Change, SeatingDocument
from .elements import AreaText, Row, Zone
from .geometry import make_long_table, regenerate_row, round_table_radius
from .numbering import SKIP_I_O, RowLabelling, SeatNumbering, row_labels
from .operations import Edit, FieldChange, field_edit
from .selection import linked_areas

DEFAULT_LABELLING = RowLabelling(skip_letters=SKIP_I_O)  # letters without I and O


# -- row labels -------------------------------------------------------------------------------------
def next_row_label(zone: Zone, after: str | None = None) -> str:
    """The first label of the zone's scheme that no row of the zone uses yet (after ``after`` if given)."""
    scheme = zone.row_labelling or DEFAULT_LABELLING
    used = {r.row_number for r in zone.rows}
    labels = row_labels(len(used) + 60, dataclasses.replace(scheme, reverse=False))
    start = labels.index(after) + 1 if after in labels else 0
    for label in labels[start:] + labels[:start]:
        if label not in used:
            return label
    return str(len(zone.rows) + 1)


def next_row_labels(zone: Zone | None, count: int) -> list[str]:
    """``count`` labels of the zone's scheme that no row of the zone uses yet (letters without I and O for
    a zone that has no scheme, or no zone yet)."""
    scheme = (zone.row_labelling if zone is not None else None) or DEFAULT_LABELLING
    used = {r.row_number for r in zone.rows} if zone is not None else set()
    labels = [x for x in row_labels(len(used) + count + 10, dataclasses.replace(scheme, reverse=False))
              if x not in used]
    n = len(used) + 1
    while len(labels) < count:
        if str(n) not in used:
            labels.append(str(n))
        n += 1
    return labels[:count]


def front_to_back(doc: SeatingDocument, rows: Sequence[Row]) -> list[Row]:
    """``rows`` ordered by how near their nearest seat is to the focal point (the stage) — front first."""
    fx, fy = doc.effective_focal_point()
    zone_of = _zones_of(doc)

    def distance(row: Row) -> float:
        zone = zone_of.get(id(row))
        if zone is None or not row.seats:
            return 0.0
        ox, oy = zone.x + row.x, zone.y + row.y
        return min(math.hypot(ox + s.x - fx, oy + s.y - fy) for s in row.seats)

    return sorted(rows, key=distance)


def relabel(doc: SeatingDocument, rows: Sequence[Row], labelling: RowLabelling) -> list[Edit]:
    """Row labels front (nearest the stage) to back by ``labelling``; the scheme is remembered on the zone
    when the rows all belong to one."""
    if not rows:
        return []
    return [ops.relabel_rows(doc, front_to_back(doc, rows), labelling, common_zone(doc, rows))]


def common_zone(doc: SeatingDocument, rows: Sequence[Row]) -> Zone | None:
    """The zone all ``rows`` belong to, or None when they are spread over several."""
    zone_of = _zones_of(doc)
    zones = {id(z): z for z in (zone_of.get(id(r)) for r in rows) if z is not None}
    return next(iter(zones.values())) if len(zones) == 1 else None


def _zones_of(doc: SeatingDocument) -> dict[int, Zone]:
    return {id(r): z for z in doc.zones for r in z.rows}


# -- numbering and shape --------------------------------------------------------------------------------
def numbering_of(rows: Sequence[Row]) -> SeatNumbering:
    """The numbering scheme the rows show (the first row's)."""
    g = rows[0].geometry if rows else None
    return g.numbering if g is not None else SeatNumbering()


def renumber(doc: SeatingDocument, rows: Sequence[Row], numbering: SeatNumbering) -> list[Edit]:
    """Number every row's seats along the row by ``numbering``; guids stay."""
    return [ops.renumber_row(doc, r, numbering) for r in rows]


def spacing_of(row: Row) -> float:
    """A row's spacing: its geometry's, else the average gap between its seats (imported rows)."""
    if row.geometry is not None and row.geometry.kind != "free":
        return row.geometry.spacing
    seats = row.seats
    if len(seats) < 2:
        return 26.0
    gaps = [math.hypot(b.x - a.x, b.y - a.y) for a, b in zip(seats, seats[1:], strict=False)]
    return sum(gaps) / len(gaps)


def parse_places(text: str) -> list[int]:
    """Places typed from 1 and separated by commas (or semicolons): counted from 0, sorted, each once.
    ValueError when one is not a whole number."""
    return sorted({int(part) - 1 for part in text.replace(";", ",").split(",") if part.strip()})


def set_gaps(doc: SeatingDocument, row: Row, text: str) -> list[Edit]:
    """Leave places of a row empty (an aisle), typed as "6, 12"; the row grows so its seats stay."""
    try:
        places = parse_places(text)
    except ValueError:
        raise ValueError("Gaps are seat places separated by commas, e.g. 6, 12.") from None
    if any(p < 0 for p in places):
        raise ValueError("Gaps count from 1.")
    g = row.geometry
    count = len(row.seats) + len(places) if g is None else max(g.seat_count, len(row.seats) + len(places))
    return [ops.reshape_rows(doc, [row], skipped=places, seat_count=count)]


# -- seats ----------------------------------------------------------------------------------------------
def set_seat_attributes(doc: SeatingDocument, /, guids: Collection[str], **values: object) -> list[Edit]:
    """Set attributes on seats (``number`` of one seat, ``radius`` of many, ...)."""
    index = doc.seat_index()
    seats = [index[g].seat for g in guids if g in index]
    if not seats:
        return []
    changes: list[FieldChange] = [(s, k, getattr(s, k), v) for s in seats for k, v in values.items()]
    kind = Change.SEATS_MOVED if "radius" in values else Change.SEATS_CHANGED
    return [field_edit(doc, "Change seats", [(kind, seats)], changes)]


def pair_companion(doc: SeatingDocument, guids: Collection[str]) -> list[Edit]:
    """Of two seats, one a wheelchair place: make the other its companion."""
    index = doc.seat_index()
    refs = [index[g] for g in guids if g in index]
    places = [r for r in refs if r.seat.wheelchair]
    others = [r for r in refs if not r.seat.wheelchair]
    if len(refs) != 2 or len(places) != 1 or len(others) != 1:
        raise ValueError("Select one wheelchair place and one other seat to pair them.")
    return [ops.pair_companion(doc, others[0].seat.guid, places[0].seat.guid)]


def unpair_companions(doc: SeatingDocument, guids: Collection[str]) -> list[Edit]:
    """The companions among these seats are companions no longer."""
    index = doc.seat_index()
    return [ops.pair_companion(doc, g, None) for g in guids if g in index and index[g].seat.companion_of is not None]


def set_accessibility(doc: SeatingDocument, guids: Collection[str], *, wheelchair: bool | None = None,
                      restricted_view: bool | None = None) -> list[Edit]:
    if not guids:
        return []
    return [ops.set_accessibility(doc, list(guids), wheelchair=wheelchair, restricted_view=restricted_view)]


# -- tables ---------------------------------------------------------------------------------------------
def is_table(row: Row) -> bool:
    return row.geometry is not None and row.geometry.kind == "table"


def next_table_number(doc: SeatingDocument) -> str:
    """The lowest number no table of the plan has yet."""
    used = {r.row_number for z in doc.zones for r in z.rows if is_table(r)}
    n = 1
    while str(n) in used:
        n += 1
    return str(n)


def set_table_chairs(doc: SeatingDocument, row: Row, *, seat_count: int | None = None,
                     seats_per_side: int | None = None, end_seats: int | None = None) -> list[Edit]:
    """Change a table's chairs (a round table's ``seat_count``, a long table's ``seats_per_side`` and
    ``end_seats``); the outline follows (a round table's radius, a long table's size). Chairs that remain
    keep their guids, categories and accessibility."""
    g = row.geometry
    if g is None or g.kind != "table":
        return []
    outline = linked_areas(doc, row)
    radius = row.seats[0].radius if row.seats else 10
    if g.table_shape == "long":
        fresh, area = make_long_table(
            (0.0, 0.0),
            seats_per_side=g.seats_per_side if seats_per_side is None else seats_per_side,
            end_seats=g.end_seats if end_seats is None else end_seats,
            spacing=g.spacing, angle=g.angle, seat_radius=radius, table_number=row.row_number,
            numbering=g.numbering, category=row.seats[-1].category if row.seats else "",
        )
        for old, new in zip(row.seats, fresh.seats, strict=False):
            new.guid, new.uuid, new.category = old.guid, old.uuid, old.category
            new.wheelchair, new.companion_of = old.wheelchair, old.companion_of
            new.restricted_view = old.restricted_view
        changes: list[FieldChange] = [(row, "seats", row.seats, fresh.seats),
                                      (row, "geometry", row.geometry, fresh.geometry)]
        for a in outline:
            changes += [(a, "x", a.x, row.x + area.x), (a, "y", a.y, row.y + area.y),
                        (a, "width", a.width, area.width), (a, "height", a.height, area.height)]
            if a.text is not None:
                text = AreaText(a.text.text, area.width / 2, area.height / 2, a.text.color, a.text.size)
                changes.append((a, "text", a.text, text))
    else:
        count = g.seat_count if seat_count is None else seat_count
        layout = regenerate_row(row, seat_count=count)
        table_r = max(round_table_radius(count, g.spacing, radius) - radius - 4, radius)
        changes = [(row, "seats", row.seats, layout.seats), (row, "geometry", row.geometry, layout.geometry)]
        changes += [(a, "radius", a.radius, table_r) for a in outline if a.shape == "circle"]
    notices: list[tuple[str, Sequence[object]]] = [(Change.ROWS_CHANGED, [row]), (Change.AREAS_CHANGED, outline)]
    return [field_edit(doc, "Change table", notices, changes)]


def set_table_gaps(doc: SeatingDocument, row: Row, text: str) -> list[Edit]:
    """Leave places at a table empty, typed as "1, 5" (counted clockwise from the top)."""
    g = row.geometry
    if g is None:
        return []
    try:
        places = parse_places(text)
    except ValueError:
        raise ValueError("Empty places are numbers separated by commas, e.g. 1, 5.") from None
    if any(not 0 <= p < g.seat_count for p in places):
        raise ValueError(f"A table with {g.seat_count} places has places 1 to {g.seat_count}.")
    return [ops.reshape_rows(doc, [row], skipped=places)]


def rename_table(doc: SeatingDocument, row: Row, number: str) -> list[Edit]:
    """A table's number, on its chairs' row and in its outline's text."""
    number = number.strip()
    edits = [ops.set_attributes(doc, row, row_number=number)]
    for a in linked_areas(doc, row):
        if a.text is not None:
            edits.append(ops.set_attributes(doc, a, text=dataclasses.replace(a.text, text=number)))
    return edits
