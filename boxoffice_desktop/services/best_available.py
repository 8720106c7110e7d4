"""Best available seats: N adjacent free seats in one row, nearest the stage, leaving no stranded seat.

Qt-free and database-free: it works on the seats the sales screen already holds (``SeatInfo``). Rows are
the seatmap's rows (``row_key``) in their order along the row (``ordinal``), so in a curved row the
neighbours are the seats beside each other, never the one behind; a gap much wider than the row's usual
spacing (an aisle inside one row) breaks adjacency too.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Protocol


class SeatLike(Protocol):
    """What the seat finder reads of a seat (read-only: the records are frozen)."""

    @property
    def id(self) -> int: ...
    @property
    def guid(self) -> str: ...
    @property
    def row_key(self) -> str: ...
    @property
    def ordinal(self) -> int: ...
    @property
    def x(self) -> float: ...
    @property
    def y(self) -> float: ...
    @property
    def category(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def wheelchair(self) -> bool: ...
    @property
    def companion_of(self) -> str | None: ...
    @property
    def block_kind(self) -> str | None: ...


@dataclass(frozen=True)
class Offer:
    seat_ids: tuple[int, ...]
    row_key: str
    distance: float


# A gap wider than this many times the row's usual spacing is an aisle: the seats are not together.
AISLE_FACTOR = 1.7


def _sellable(seat: SeatLike, *, allow_house: bool) -> bool:
    if seat.state == "free":
        return True
    return allow_house and seat.state == "blocked" and seat.block_kind == "house"


def _rows(seats: Iterable[SeatLike]) -> dict[str, list[SeatLike]]:
    rows: dict[str, list[SeatLike]] = defaultdict(list)
    for seat in seats:
        rows[seat.row_key].append(seat)
    for row in rows.values():
        row.sort(key=lambda s: s.ordinal)
    return rows


def _runs(row: list[SeatLike]) -> list[list[SeatLike]]:
    """Split a row where the seats are not physically together (an aisle, a missing ordinal)."""
    if len(row) < 2:
        return [row]
    gaps = [math.dist((a.x, a.y), (b.x, b.y)) for a, b in zip(row, row[1:], strict=False)]
    usual = median(gaps) or 1.0
    runs, current = [], [row[0]]
    for prev, seat, gap in zip(row, row[1:], gaps, strict=False):
        if seat.ordinal != prev.ordinal + 1 or gap > AISLE_FACTOR * usual:
            runs.append(current)
            current = []
        current.append(seat)
    runs.append(current)
    return runs


def _strands(run: list[SeatLike], start: int, end: int, free: set[int]) -> bool:
    """Would taking run[start:end] leave one free seat alone between taken seats? A seat at the end of a
    run (an aisle seat) may stay alone."""
    left = free - {s.id for s in run[start:end]}
    return any(
        0 < i < len(run) - 1 and run[i].id in left and run[i - 1].id not in left and run[i + 1].id not in left
        for i in (start - 1, end)
    )


def best_available(
    seats: Sequence[SeatLike],
    count: int,
    focal: tuple[float, float],
    *,
    category: str | None = None,
    wheelchair: bool = False,
    exclude: Iterable[int] = (),
    allow_house: bool = False,
    limit: int = 1,
) -> list[Offer]:
    """The best blocks of ``count`` adjacent seats, best first (at most ``limit``).

    ``exclude``: seats offered before ("next best" reruns without them). ``wheelchair``: the block must
    hold a wheelchair place. A companion seat only goes with its wheelchair place in the same block.
    """
    if count < 1:
        return []
    skip = set(exclude)
    free = {s.id for s in seats if _sellable(s, allow_house=allow_house)}
    by_guid = {s.guid: s for s in seats}
    offers: list[Offer] = []
    for row_key, row in _rows(seats).items():
        for run in _runs(row):
            for start in range(0, len(run) - count + 1):
                block = run[start : start + count]
                if any(s.id not in free or s.id in skip for s in block):
                    continue
                if category is not None and any(s.category != category for s in block):
                    continue
                ids = {s.id for s in block}
                if wheelchair and not any(s.wheelchair for s in block):
                    continue
                lonely_companion = any(
                    s.companion_of and (by_guid.get(s.companion_of) is None or by_guid[s.companion_of].id not in ids)
                    for s in block
                )
                if lonely_companion:
                    continue
                if not wheelchair and any(s.wheelchair for s in block):
                    continue  # wheelchair places are kept for those who need them
                if _strands(run, start, start + count, free):
                    continue
                cx = sum(s.x for s in block) / count
                cy = sum(s.y for s in block) / count
                offers.append(Offer(tuple(s.id for s in block), row_key, math.dist((cx, cy), focal)))
    offers.sort(key=lambda o: (o.distance, o.seat_ids))
    return offers[:limit]


def stranded_seats(seats: Sequence[SeatLike], selected: Iterable[int]) -> list[int]:
    """Free seats a manual pick would leave alone between taken seats (the warning at the counter)."""
    chosen = set(selected)
    left = {s.id for s in seats if s.state == "free"} - chosen
    out = []
    for row in _rows(seats).values():
        for run in _runs(row):
            for i in range(1, len(run) - 1):
                lonely = run[i].id in left and run[i - 1].id not in left and run[i + 1].id not in left
                if lonely and (run[i - 1].id in chosen or run[i + 1].id in chosen):
                    out.append(run[i].id)
    return sorted(out)


def lonely_companions(seats: Sequence[SeatLike], selected: Iterable[int]) -> list[int]:
    """Companion seats picked without their wheelchair place (the cashier must confirm)."""
    chosen = set(selected)
    by_guid = {s.guid: s for s in seats}
    out = []
    for seat in seats:
        if seat.id in chosen and seat.companion_of:
            partner = by_guid.get(seat.companion_of)
            if partner is None or partner.id not in chosen:
                out.append(seat.id)
    return sorted(out)
