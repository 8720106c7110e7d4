"""Copies with new identities (Ctrl+D, paste): a copied seat is a different seat for sales.

Every seat in a copy gets a fresh guid and every object a fresh uuid; links inside the copy
(a companion seat's wheelchair place, a table outline's row of chairs) are re-pointed at the copies.
A link that leaves the copy is dropped: a companion is paired one to one, so a copied companion whose
wheelchair place stays behind is no companion of it.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TypeVar

from .elements import Area, Row, Seat, Zone
from .ids import IdFactory, new_id

T = TypeVar("T", bound=Seat | Row | Zone | Area)


def duplicate(item: T, *, dx: float = 0.0, dy: float = 0.0, new_id: IdFactory = new_id) -> T:
    """A copy of one seat, row, zone or area, moved by (dx, dy), with new guids and uuids."""
    return duplicate_all([item], dx=dx, dy=dy, new_id=new_id)[0]


def duplicate_all(items: Sequence[T], *, dx: float = 0.0, dy: float = 0.0,
                  new_id: IdFactory = new_id) -> list[T]:
    """Copies of several objects at once, so links between them (a table and its chairs) survive."""
    for item in items:
        if not isinstance(item, (Seat, Row, Zone, Area)):
            raise TypeError(f"cannot duplicate {type(item).__name__}")
    copies = [copy.deepcopy(item) for item in items]
    guid_map: dict[str, str] = {}
    uuid_map: dict[str, str] = {}
    seats: list[Seat] = []
    areas: list[Area] = []
    for item in copies:
        item.x += dx
        item.y += dy
        _collect(item, seats, areas, uuid_map, new_id)
    for seat in seats:
        fresh = new_id()
        guid_map[seat.guid] = fresh
        seat.guid = fresh
        if seat.uuid is not None:
            seat.uuid = new_id()
    for seat in seats:
        if seat.companion_of is not None:
            seat.companion_of = guid_map.get(seat.companion_of)
    for area in areas:
        if area.uuid is not None:
            area.uuid = new_id()
        if area.row_uuid is not None:
            area.row_uuid = uuid_map.get(area.row_uuid)
    return copies


def _collect(item: object, seats: list[Seat], areas: list[Area], uuid_map: dict[str, str],
             new_id: IdFactory) -> None:
    if isinstance(item, Seat):
        seats.append(item)
    elif isinstance(item, Area):
        areas.append(item)
    elif isinstance(item, Row):
        fresh = new_id()
        if item.uuid:
            uuid_map[item.uuid] = fresh
        item.uuid = fresh
        seats.extend(item.seats)
    elif isinstance(item, Zone):
        item.uuid = new_id()
        if item.zone_id is not None:
            item.zone_id = new_id()
        for row in item.rows:
            _collect(row, seats, areas, uuid_map, new_id)
        areas.extend(item.areas)
