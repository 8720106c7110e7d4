"""The editor's selection: what is selected, what a click selects (the scope), and what a selection means.

A :class:`Selection` is kept as seat guids plus area objects, so it survives undo and redo (which put back
the very objects, or new seat objects with the same guids). What it *means* is derived from it
(:func:`units`): whole zones (every row and area of the zone selected, in the zone scope), whole rows,
loose seats, and areas — the :class:`Unit` s that move, turn, align, duplicate and delete together. A
table is its row of chairs plus the outline area linked to it; selecting one selects the other.

The functions that map guids to rows ask a :class:`SeatPlaces` (the Qt editor answers from its seat
store, kept up to date incrementally; :class:`PlanPlaces` reads the document itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from .document import SeatingDocument
from .elements import Area, Row, Seat, Zone
from .faults import Fault

Scope = Literal["seat", "row", "zone"]
SCOPES: tuple[Scope, ...] = ("seat", "row", "zone")
Mode = Literal["replace", "add", "toggle"]
UnitKind = Literal["zone", "row", "area", "seat"]


@dataclass(frozen=True, slots=True)
class Selection:
    """Selected seats (by guid) and areas (the objects, in the order they were selected)."""

    seats: frozenset[str] = frozenset()
    areas: tuple[Area, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.seats or self.areas)

    def covers(self, other: Selection) -> bool:
        """Whether ``other`` is already selected: its seats (or, when it has none, its areas)."""
        if other.seats:
            return other.seats <= self.seats
        return bool(other.areas) and {id(a) for a in other.areas} <= {id(a) for a in self.areas}


@dataclass(frozen=True, slots=True)
class Unit:
    """Something that moves as one: a whole zone, a whole row (with its selected table outline), an area,
    or a seat. ``zone`` is the zone it stands in (None for an area of the plan's own); ``row`` the row of a
    row or a seat; ``linked`` a row's table outline(s)."""

    kind: UnitKind
    zone: Zone | None
    row: Row | None = None
    seat: Seat | None = None
    area: Area | None = None
    linked: tuple[Area, ...] = ()

    @property
    def obj(self) -> Zone | Row | Area | Seat:
        """The object itself: the zone, row, area or seat."""
        found = {"zone": self.zone, "row": self.row, "area": self.area, "seat": self.seat}[self.kind]
        assert found is not None
        return found


class SeatPlaces(Protocol):
    """Where the seats of a plan stand, as the selection functions ask it."""

    def rows_of(self, guids: Iterable[str]) -> Iterator[tuple[Zone, Row]]:
        """The zone and row of every seat carrying one of ``guids`` (a guid given twice in the plan: each
        of its seats)."""
        ...

    def __contains__(self, guid: object) -> bool:
        """Whether a seat of the plan carries this guid."""
        ...


class PlanPlaces:
    """:class:`SeatPlaces` read from the document as it is now (make another after adding or removing)."""

    def __init__(self, doc: SeatingDocument) -> None:
        self._rows: dict[str, list[tuple[Zone, Row]]] = {}
        for zone in doc.zones:
            for row in zone.rows:
                for seat in row.seats:
                    self._rows.setdefault(seat.guid, []).append((zone, row))

    def rows_of(self, guids: Iterable[str]) -> Iterator[tuple[Zone, Row]]:
        rows = self._rows
        for guid in guids:
            yield from rows.get(guid, ())

    def __contains__(self, guid: object) -> bool:
        return guid in self._rows


# -- making selections ----------------------------------------------------------------------------
def expand(doc: SeatingDocument, guids: Iterable[str] = (), areas: Iterable[Area] = (), scope: Scope = "row",
           places: SeatPlaces | None = None) -> Selection:
    """What clicking these seats and areas selects under ``scope``: the seats alone, their whole rows, or
    their whole zones; a table's outline brings its chairs and the chairs their outline."""
    where = places if places is not None else PlanPlaces(doc)
    out_seats: set[str] = set(guids)
    out_areas: list[Area] = list(areas)
    rows: dict[Row, None] = {}
    zones: dict[Zone, None] = {}
    if scope in ("row", "zone"):
        for zone, row in where.rows_of(list(out_seats)):
            rows[row] = None
            if scope == "zone":
                zones[zone] = None
    by_uuid = {r.uuid: r for z in doc.zones for r in z.rows if r.uuid}
    for a in list(out_areas):
        if a.row_uuid and a.row_uuid in by_uuid:
            rows[by_uuid[a.row_uuid]] = None
        if scope == "zone":
            zone_of = zone_of_area(doc, a)
            if zone_of is not None:
                zones[zone_of] = None
    for zone in zones:
        rows.update(dict.fromkeys(zone.rows))
        out_areas.extend(zone.areas)
    for row in rows:
        out_seats.update(s.guid for s in row.seats)
        if row.geometry is not None and row.geometry.kind == "table":
            out_areas.extend(linked_areas(doc, row))
    return Selection(frozenset(out_seats), _unique(out_areas))


def combine(a: Selection, b: Selection, mode: Mode) -> Selection:
    """``replace`` gives ``b``; ``add`` a ∪ b; ``toggle`` takes ``b`` out of ``a`` when ``a`` covers it and
    adds it otherwise (Shift+click)."""
    if mode == "replace":
        return b
    a_ids = {id(x) for x in a.areas}
    if mode == "toggle" and a.covers(b):
        b_ids = {id(x) for x in b.areas}
        return Selection(a.seats - b.seats, tuple(x for x in a.areas if id(x) not in b_ids))
    return Selection(a.seats | b.seats, a.areas + tuple(x for x in b.areas if id(x) not in a_ids))


def everything(doc: SeatingDocument) -> Selection:
    """Every seat and every area of the plan."""
    guids = frozenset(s.guid for z in doc.zones for r in z.rows for s in r.seats)
    return Selection(guids, tuple(a for _, a in doc.iter_areas()))


def of_zone(doc: SeatingDocument, zone: Zone, places: SeatPlaces | None = None) -> Selection:
    """The whole zone: its rows, its areas, its tables."""
    return expand(doc, [s.guid for r in zone.rows for s in r.seats], zone.areas, "zone", places)


def of_fault(doc: SeatingDocument, fault: Fault, places: SeatPlaces | None = None) -> Selection:
    """The seats a fault of the check list is about (the whole rows when it names rows only)."""
    where = places if places is not None else PlanPlaces(doc)
    guids = set(fault.seat_guids)
    if not fault.seat_guids:
        for uuid in fault.row_uuids:
            found = doc.find_row(uuid)
            if found is not None:
                guids.update(s.guid for s in found[1].seats)
    return Selection(frozenset(g for g in guids if g in where))


def still_there(doc: SeatingDocument, selection: Selection, places: SeatPlaces | None = None) -> Selection:
    """The part of ``selection`` that is still in the plan (after an undo took seats or areas away)."""
    where = places if places is not None else PlanPlaces(doc)
    present = {id(a) for _, a in doc.iter_areas()}
    return Selection(frozenset(g for g in selection.seats if g in where),
                     tuple(a for a in selection.areas if id(a) in present))


# -- what a selection means -------------------------------------------------------------------------
def units(doc: SeatingDocument, selection: Selection, scope: Scope = "row", *, expand_zones: bool = False,
          places: SeatPlaces | None = None) -> list[Unit]:
    """The selection as units, in plan order: per zone a zone unit (scope "zone", the whole zone selected,
    unless ``expand_zones``) or its whole rows and loose seats; then the areas no zone or row took."""
    where = places if places is not None else PlanPlaces(doc)
    counts: dict[Row, int] = {}
    for _, row in where.rows_of(selection.seats):
        counts[row] = counts.get(row, 0) + 1
    area_ids = {id(a) for a in selection.areas}
    out: list[Unit] = []
    taken: set[int] = set()
    for zone in doc.zones:
        if (scope == "zone" and not expand_zones and zone.rows
                and all(r.seats and counts.get(r, 0) == len(r.seats) for r in zone.rows)
                and all(id(a) in area_ids for a in zone.areas)):
            out.append(Unit("zone", zone))
            taken.update(id(a) for a in zone.areas)
            continue
        for row in zone.rows:
            n = counts.get(row, 0)
            if not n:
                continue
            if n == len(row.seats):
                linked = tuple(a for a in linked_areas(doc, row) if id(a) in area_ids)
                taken.update(id(a) for a in linked)
                out.append(Unit("row", zone, row, linked=linked))
            else:
                out.extend(Unit("seat", zone, row, seat) for seat in row.seats if seat.guid in selection.seats)
    for zone_of, area in doc.iter_areas():
        if id(area) in area_ids and id(area) not in taken:
            out.append(Unit("area", zone_of, area=area))
    return out


def rows_of(units: Iterable[Unit]) -> list[Row]:
    """The whole rows among ``units`` (pass units made with ``expand_zones`` to include whole zones')."""
    return [u.row for u in units if u.kind == "row" and u.row is not None]


def single_row(units: Sequence[Unit]) -> Unit | None:
    """The one drawn row (straight or curved) that makes up the whole selection, if so: it shows an end
    handle that adds or removes seats."""
    if len(units) != 1 or units[0].kind != "row":
        return None
    row = units[0].row
    if row is None or row.geometry is None or row.geometry.kind not in ("straight", "curved") or not row.seats:
        return None
    return units[0]


def describe(units: Sequence[Unit], selection: Selection) -> str:
    """For the status bar: "2 rows · 48 seats", "1 zone · 222 seats", "Nothing selected"."""
    if not units:
        return "Nothing selected"
    counts: dict[str, int] = {}
    for u in units:
        counts[u.kind] = counts.get(u.kind, 0) + 1
    words = {"zone": ("zone", "zones"), "row": ("row", "rows"), "seat": ("seat", "seats"),
             "area": ("shape", "shapes")}
    parts = [f"{n} {words[k][n != 1]}" for k, n in counts.items()]
    seats = len(selection.seats)
    if "seat" not in counts and seats:
        parts.append(f"{seats} seat{'s' if seats != 1 else ''}")
    return " · ".join(parts)


# -- tables and areas ----------------------------------------------------------------------------------
def linked_areas(doc: SeatingDocument, row: Row) -> list[Area]:
    """The areas linked to a row: a table's outline."""
    if not row.uuid:
        return []
    return [a for _, a in doc.iter_areas() if a.row_uuid == row.uuid]


def zone_of_area(doc: SeatingDocument, area: Area) -> Zone | None:
    """The zone an area is placed in (None: one of the plan's own areas, or not in the plan)."""
    for zone in doc.zones:
        if any(a is area for a in zone.areas):
            return zone
    return None


def _unique(areas: Iterable[Area]) -> tuple[Area, ...]:
    seen: set[int] = set()
    out: list[Area] = []
    for a in areas:
        if id(a) not in seen:
            seen.add(id(a))
            out.append(a)
    return tuple(out)
