"""The seats of the chosen event as the counter sees them, and the words for them.

A :class:`CounterSeat` is the service's ``SeatInfo`` plus what only this station knows: whether the seat
is in the cart (``mine``: held here and not parked behind an online payment still open) or parked (the
order's code). The session keeps them in a :class:`SeatBook`; the seat view paints them as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

from boxoffice_desktop.services.events import SeatInfo

_SEAT_FIELDS = tuple(f.name for f in fields(SeatInfo))


@dataclass(frozen=True)
class CounterSeat(SeatInfo):
    """A seat as the counter shows it: the service's ``SeatInfo`` and whether it is in this station's cart
    (``mine``), or held for an online payment still open (``parked``: the order's code)."""

    mine: bool = False
    parked: str | None = None


def counter_seat(seat: SeatInfo, station: str, parked: Mapping[int, str]) -> CounterSeat:
    held_here = seat.state == "held" and seat.holder_station == station
    order = parked.get(seat.hold_id) if (held_here and seat.hold_id is not None) else None
    values = {name: getattr(seat, name) for name in _SEAT_FIELDS}
    return CounterSeat(**values, mine=held_here and order is None, parked=order)


class SeatBook:
    """The chosen event's seats as this station sees them, and which of them the cart holds.

    ``mine``: the records say held here for the cart; ``adding`` / ``removing``: asked for or given back,
    not yet in a record; ``busy``: an operation is changing them (a read of them is held back and
    ``dirty`` says to read them again); ``parked``: {hold id: order code} of online payments still open.

    Reads and operations answer out of order (a read asked for before a hold may come back after it):
    every operation's answer is a new ``epoch`` and stamps its seats, and a read asked for at an earlier
    epoch never overwrites what a later operation said of a seat (the seat is ``dirty``: read it again).
    """

    def __init__(self, station: str) -> None:
        self.station = station
        self.parked: dict[int, str] = {}
        self.records: dict[int, CounterSeat] = {}
        self.order: list[int] = []  # plan order
        self.rank: dict[int, int] = {}
        self.mine: set[int] = set()
        self.adding: set[int] = set()
        self.removing: set[int] = set()
        self.busy: set[int] = set()
        self.dirty: set[int] = set()
        self.epoch = 0
        self._changed_at: dict[int, int] = {}

    def clear(self) -> None:
        """Another event: no seats, nothing on its way (``parked`` is read with the next event)."""
        self.records, self.order, self.rank = {}, [], {}
        for ids in (self.mine, self.adding, self.removing, self.busy, self.dirty):
            ids.clear()
        self._changed_at.clear()

    def seat(self, seat_id: int) -> CounterSeat | None:
        return self.records.get(seat_id)

    def seats(self) -> list[CounterSeat]:
        return [self.records[i] for i in self.order]

    def same_seats(self, infos: Iterable[SeatInfo]) -> bool:
        return {s.id for s in infos} == set(self.records)

    def counts(self) -> tuple[int, int]:
        """(free, all)."""
        return sum(1 for s in self.records.values() if s.state == "free"), len(self.records)

    def cart_ids(self) -> list[int]:
        """Held here for the cart (not being given back) or on their way, in plan order."""
        ids = (self.mine - self.removing) | self.adding
        rank = self.rank
        return sorted((i for i in ids if i in rank), key=rank.__getitem__)

    def has_cart(self) -> bool:
        return bool((self.mine - self.removing) or self.adding)

    def replace(self, infos: Sequence[SeatInfo]) -> list[CounterSeat]:
        """Every seat of the event, afresh."""
        records = [counter_seat(s, self.station, self.parked) for s in infos]
        self.records = {r.id: r for r in records}
        self.order = [r.id for r in records]
        self.rank = {sid: i for i, sid in enumerate(self.order)}
        self.mine = {r.id for r in records if r.mine}
        return records

    def apply(self, infos: Iterable[SeatInfo], *, read_at: int | None) -> tuple[list[CounterSeat], list[int]]:
        """Fresh records of some seats: (those applied, those that left the cart without an operation of
        ours: expired, sold or released elsewhere). ``read_at``: the epoch a read was asked for at (its busy
        seats, and those an operation answered for since, are held back); None: an operation's own answer."""
        applied: list[CounterSeat] = []
        stale: list[int] = []
        if read_at is None:
            self.epoch += 1
        changed_at = self._changed_at
        for info in infos:
            sid = info.id
            if sid not in self.records:
                continue  # another event's seat (a late answer)
            if read_at is not None:
                if sid in self.busy:
                    self.dirty.add(sid)  # read again when the operation on it is done
                    continue
                if changed_at.get(sid, 0) > read_at:
                    self.dirty.add(sid)  # an operation answered for it after this read was asked for
                    continue
            else:
                changed_at[sid] = self.epoch
            rec = counter_seat(info, self.station, self.parked)
            was_mine = sid in self.mine
            self.records[sid] = rec
            if rec.mine:
                self.mine.add(sid)
            else:
                self.mine.discard(sid)
                if was_mine and sid not in self.busy:
                    stale.append(sid)
            applied.append(rec)
        return applied, stale

    def begin(self, add: Iterable[int], remove: Iterable[int]) -> None:
        """A cart change is asked for: these seats are on their way."""
        for sid in add:
            self.busy.add(sid)
            self.adding.add(sid)
        for sid in remove:
            self.busy.add(sid)
            self.removing.add(sid)

    def end(self, add: Iterable[int], remove: Iterable[int]) -> None:
        self.adding.difference_update(add)
        self.removing.difference_update(remove)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def seat_place(seat: SeatInfo) -> str:
    """ "Row C, Seat 12" (or the seat's label when it has neither)."""
    parts = [f"Row {seat.row}" if seat.row else "", f"Seat {seat.number}" if seat.number else ""]
    return ", ".join(p for p in parts if p) or seat.label


def seats_words(seats: Sequence[SeatInfo]) -> str:
    """ "Stalls, Row F, Seats 11–12" for a block of one row, else the count."""
    if not seats:
        return ""
    rows = {(s.zone, s.row) for s in seats}
    if len(rows) == 1 and all(s.number for s in seats):
        first = seats[0]
        numbers = [s.number for s in seats]
        span = numbers[0] if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"
        what = "Seat" if len(numbers) == 1 else "Seats"
        return ", ".join(p for p in (first.zone, f"Row {first.row}" if first.row else "", f"{what} {span}") if p)
    return plural(len(seats), "seat")


def labels(seats: Sequence[SeatInfo], limit: int | None = None) -> str:
    """ "Stalls, Row F, Seat 11, Stalls, Row F, Seat 13": the seats' labels, the first ``limit`` of them."""
    shown = seats if limit is None else seats[:limit]
    return ", ".join(s.label for s in shown)
