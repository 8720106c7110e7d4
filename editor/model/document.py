"""The seating document: the root object, its change notification and the flat seat list.

The Qt editor redraws from :attr:`SeatingDocument.changed` notifications and wraps each operation of
:mod:`editor.model.operations` in one ``QUndoCommand``; the database layer reads
:meth:`SeatingDocument.iter_seats`, which flattens zones and rows into one record per seat with absolute
coordinates, human labels and each seat's order along its row.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .elements import XY, Area, Category, Point, Row, Seat, Zone
from .focal import derive_focal_point
from .numbering import row_text, seat_name, seat_text

Listener = Callable[[str, Sequence[object]], None]


class Change:
    """Kinds of change announced through :attr:`SeatingDocument.changed` as ``(kind, objects)``.

    ``objects`` holds the model objects concerned (seats, rows, zones, areas, categories or the
    document). Kinds in :data:`STRUCTURAL` add or remove objects; the others change existing ones.
    """

    SEATS_MOVED = "seats-moved"  # objects: seats
    SEATS_CHANGED = "seats-changed"  # category, number, accessibility; objects: seats
    ROWS_CHANGED = "rows-changed"  # labels, geometry regenerated (seats may be replaced); objects: rows
    ZONES_CHANGED = "zones-changed"  # name, position; objects: zones
    AREAS_CHANGED = "areas-changed"  # objects: areas
    CATEGORIES_CHANGED = "categories-changed"  # objects: categories
    DOCUMENT_CHANGED = "document-changed"  # name, size, focal point; objects: (document,)
    ADDED = "added"  # objects: what was inserted (zones, rows, seats, areas, categories)
    REMOVED = "removed"  # objects: what was taken out
    RESET = "reset"  # anything may have changed: redraw everything


STRUCTURAL = frozenset({Change.ADDED, Change.REMOVED, Change.ROWS_CHANGED, Change.RESET})


class SeatRecord(NamedTuple):
    """One seat as the database and best-available see it (absolute coordinates, rendered labels)."""

    guid: str
    zone: str
    row: str  # the row number
    number: str
    label: str  # "Stalls, Row C, Seat 12"
    row_label: str  # "Row C" or the row's rendered template
    seat_label: str  # "Seat 12" or the rendered template
    category: str
    x: float
    y: float
    radius: float
    row_key: str  # stable id of the row inside the document (its uuid)
    ordinal: int  # 0-based place along the row; neighbours differ by one
    wheelchair: bool
    companion_of: str | None
    restricted_view: bool


class SeatRef(NamedTuple):
    zone: Zone
    row: Row
    seat: Seat


@dataclass(slots=True, eq=False)
class SeatingDocument:
    """A whole seating plan.

    ``areas`` holds free shapes that belong to no zone (absolute coordinates); pretix has no such place,
    so a pretix export moves them into the first zone. ``focal_point`` is the stage centre that
    best-available measures from (None: derive it, see :meth:`effective_focal_point`).
    ``source_format`` says where the document came from ("pretix", "pretix-legacy", "native").
    """

    name: str = ""
    width: float = 1000
    height: float = 800
    categories: list[Category] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    focal_point: XY | None = None
    source_format: str | None = None
    changed: list[Listener] = field(default_factory=list, repr=False)
    _index: dict[str, SeatRef] | None = field(default=None, repr=False)

    # -- change notification -------------------------------------------------------------------
    def notify(self, kind: str, objects: Sequence[object] = ()) -> None:
        """Tell listeners what changed; operations call this once per operation, never per seat."""
        if kind in STRUCTURAL:
            self._index = None
        for listener in list(self.changed):
            listener(kind, objects)

    def invalidate(self) -> None:
        """Drop cached lookups after editing the lists directly rather than through operations."""
        self._index = None

    # -- lookups ----------------------------------------------------------------------------------
    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)

    def category_names(self) -> list[str]:
        return [c.name for c in self.categories]

    def category(self, name: str) -> Category | None:
        for c in self.categories:
            if c.name == name:
                return c
        return None

    def seat_index(self) -> dict[str, SeatRef]:
        """guid → (zone, row, seat), cached until a structural change (first seat wins on duplicates)."""
        index = self._index
        if index is None:
            index = {}
            for zone in self.zones:
                for row in zone.rows:
                    for seat in row.seats:
                        if seat.guid not in index:
                            index[seat.guid] = SeatRef(zone, row, seat)
            self._index = index
        return index

    def find_seat(self, guid: str) -> SeatRef | None:
        return self.seat_index().get(guid)

    def find_row(self, uuid: str) -> tuple[Zone, Row] | None:
        for zone in self.zones:
            for row in zone.rows:
                if row.uuid == uuid:
                    return zone, row
        return None

    def zone_of(self, row: Row) -> Zone | None:
        for zone in self.zones:
            for r in zone.rows:
                if r is row:
                    return zone
        return None

    def seat_count(self) -> int:
        return sum(len(row.seats) for zone in self.zones for row in zone.rows)

    def iter_areas(self) -> Iterator[tuple[Zone | None, Area]]:
        """Every area with the zone it is placed in (None for the document's free areas)."""
        for area in self.areas:
            yield None, area
        for zone in self.zones:
            for area in zone.areas:
                yield zone, area

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(min x, min y, max x, max y) over seats (with their radius) and area anchors, or None."""
        xs: list[float] = []
        ys: list[float] = []
        for zone in self.zones:
            for row in zone.rows:
                ox, oy = zone.x + row.x, zone.y + row.y
                for s in row.seats:
                    xs.append(ox + s.x - s.radius)
                    xs.append(ox + s.x + s.radius)
                    ys.append(oy + s.y - s.radius)
                    ys.append(oy + s.y + s.radius)
        for owner, area in self.iter_areas():
            zx, zy = (owner.x, owner.y) if owner else (0.0, 0.0)
            for px, py in _area_extent(area):
                xs.append(zx + px)
                ys.append(zy + py)
        if not xs:
            return None
        return (min(xs), min(ys), max(xs), max(ys))

    def effective_focal_point(self) -> Point:
        """The stored focal point, else one derived from a stage area or the plan's top centre."""
        if self.focal_point is not None:
            return Point(*self.focal_point)
        return derive_focal_point(self)

    # -- the flat seat list -----------------------------------------------------------------------
    def iter_seats(self) -> Iterator[SeatRecord]:
        """Every seat, zone by zone and row by row, with absolute x/y and rendered labels."""
        for zi, zone in enumerate(self.zones):
            zname = zone.name
            for ri, row in enumerate(zone.rows):
                ox = zone.x + row.x
                oy = zone.y + row.y
                rnum = row.row_number
                rtext = row_text(rnum, row.row_label)
                key = row.uuid or f"{zi}:{ri}"
                template = row.seat_label
                ordinals = row_ordinals(row)
                for seat, ordinal in zip(row.seats, ordinals, strict=True):
                    number = seat.number
                    stext = seat_text(number, template)
                    yield SeatRecord(
                        seat.guid, zname, rnum, number, seat_name(zname, rtext, stext), rtext, stext,
                        seat.category, ox + seat.x, oy + seat.y, seat.radius, key, ordinal,
                        seat.wheelchair, seat.companion_of, seat.restricted_view,
                    )


def _area_extent(area: Area) -> list[XY]:
    """A few points (zone coordinates) that bound an area, for plan bounds; rotation ignored."""
    x, y = area.x, area.y
    if area.shape == "rectangle":
        return [(x, y), (x + area.width, y + area.height)]
    if area.shape == "circle":
        return [(x - area.radius, y - area.radius), (x + area.radius, y + area.radius)]
    if area.shape == "ellipse":
        return [(x - area.radius_x, y - area.radius_y), (x + area.radius_x, y + area.radius_y)]
    if area.shape == "polygon":
        return [(x + px, y + py) for px, py in area.points] or [(x, y)]
    if area.text is not None:
        return [(x + area.text.x, y + area.text.y)]
    return [(x, y)]


# A row whose seats spread in two dimensions this much (minor/major variance) is a loop: a table or
# a horseshoe. Arcs up to about 200 degrees stay well below it.
_LOOP_RATIO = 0.3


def row_ordinals(row: Row) -> list[int]:
    """Each seat's 0-based place along its row (indexed like ``row.seats``), so that neighbours in
    the hall get consecutive ordinals whatever order the file listed them in.

    Open rows (straight or curved) are ordered along their principal axis, left to right (top to bottom
    for vertical rows); tables and other closed loops clockwise from their largest gap.
    """
    seats = row.seats
    n = len(seats)
    if n < 3:
        if n == 2 and (seats[1].x, seats[1].y) < (seats[0].x, seats[0].y):
            return [1, 0]
        return list(range(n))
    g = row.geometry
    if g is not None and g.kind == "table":
        return list(range(n))  # generated clockwise, see geometry.make_*_table
    xs = [s.x for s in seats]
    ys = [s.y for s in seats]
    mx = sum(xs) / n
    my = sum(ys) / n
    dxs = [x - mx for x in xs]
    dys = [y - my for y in ys]
    sxx = sum(d * d for d in dxs)
    syy = sum(d * d for d in dys)
    sxy = sum(a * b for a, b in zip(dxs, dys, strict=True))
    half_trace = (sxx + syy) / 2
    spread = math.sqrt(((sxx - syy) / 2) ** 2 + sxy * sxy)
    major = half_trace + spread
    minor = half_trace - spread
    if major <= 1e-12:
        return list(range(n))  # all seats on one spot: keep the file's order
    if n >= 5 and minor / major > _LOOP_RATIO:
        order = _clockwise_order(dxs, dys)
    else:
        theta = 0.5 * math.atan2(2 * sxy, sxx - syy)
        ux, uy = math.cos(theta), math.sin(theta)
        if ux < -1e-9 or (abs(ux) <= 1e-9 and uy < 0):
            ux, uy = -ux, -uy
        proj = [a * ux + b * uy for a, b in zip(dxs, dys, strict=True)]
        order = sorted(range(n), key=proj.__getitem__)
    ordinals = [0] * n
    for place, index in enumerate(order):
        ordinals[index] = place
    return ordinals


def _clockwise_order(dxs: list[float], dys: list[float]) -> list[int]:
    """Indices sorted clockwise (on screen, y down) around the centroid, starting after the widest gap."""
    angles = [math.atan2(dy, dx) for dx, dy in zip(dxs, dys, strict=True)]
    order = sorted(range(len(angles)), key=angles.__getitem__)
    best_gap = -1.0
    start = 0
    for k in range(len(order)):
        a = angles[order[k]]
        b = angles[order[k - 1]]  # predecessor (wraps around for k == 0)
        gap = (a - b) % (2 * math.pi)
        if gap > best_gap + 1e-9:
            best_gap = gap
            start = k
    return order[start:] + order[:start]
