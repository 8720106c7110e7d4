"""Keeping a :class:`SeatStore` in step with a :class:`SeatingDocument`, row by row.

The editor listens to ``doc.changed`` and passes every notification to :meth:`DocumentSeats.on_change`,
which only notes what became dirty (rows, zones, categories, or everything); :meth:`DocumentSeats.sync`
then brings the store up to date before the next paint or hit test, touching only the rows concerned. A
100,000-seat plan is built once on load; moving a row afterwards costs that row's seats.

The store also tells the model's selection functions where seats stand (:meth:`DocumentSeats.rows_of`:
``DocumentSeats`` is an ``editor.model.selection.SeatPlaces``), so a selection of 100,000 seats costs no
walk of the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from editor.model.document import Change, SeatingDocument, row_ordinals
from editor.model.elements import Area, Category, Row, Seat, Zone

from .look import FREE, UNCATEGORISED, Look, category_colour
from .paint import RowLabel, row_label_points
from .store import SeatStore


class RowEntry:
    """Where a row's seats live in the store, and its row-number labels."""

    __slots__ = ("zone", "row", "slots", "seats", "labels")

    def __init__(self, zone: Zone, row: Row) -> None:
        self.zone = zone
        self.row = row
        self.slots: list[int] = []
        self.seats: list[Seat] = []  # the seat objects the slots were filled from
        self.labels: list[RowLabel] = []


class DocumentSeats:
    """The seats of a document in a :class:`SeatStore` (keys are guids), kept in step incrementally."""

    def __init__(self, store: SeatStore | None = None) -> None:
        self.store = store or SeatStore()
        self.doc: SeatingDocument | None = None
        self.rows: dict[Row, RowEntry] = {}
        self.slot_of_seat: dict[Seat, int] = {}
        self.dupes: dict[str, list[int]] = {}
        self._colours: dict[str, str] = {}
        self._look_cache: dict[tuple[str, bool, bool, bool], int] = {}
        self._all = True
        self._structure = False
        self._restyle = False
        self._dirty_rows: set[Row] = set()
        self._dirty_zones: set[Zone] = set()
        self._seat_rows_unknown = False
        self._labels: list[RowLabel] | None = None
        self.areas_dirty = True
        self.version = 0

    # -- whole builds ------------------------------------------------------------------------------
    def attach(self, doc: SeatingDocument) -> None:
        self.doc = doc
        self._all = True
        self.sync()

    def _reset_looks(self) -> None:
        doc = self.doc
        self._colours = {}
        if doc is not None:
            declared = {c.name: c.color for c in doc.categories}
            for n, c in enumerate(doc.categories):
                self._colours.setdefault(c.name, category_colour(c.name, declared, n))
        self._look_cache = {}

    def colour_of(self, category: str) -> str | None:
        return self._colours.get(category)

    def _look(self, seat: Seat) -> int:
        key = (seat.category, seat.wheelchair, seat.companion_of is not None, seat.restricted_view)
        found = self._look_cache.get(key)
        if found is None:
            colour = self._colours.get(seat.category)
            look = Look(colour or "#ffffff", FREE if colour else UNCATEGORISED, key[1], key[2], key[3])
            found = self._look_cache[key] = self.store.look_id(look)
        return found

    def _build_all(self) -> None:
        doc = self.doc
        store = self.store
        self.rows = {}
        self.slot_of_seat = {}
        self.dupes = {}
        radii = [s.radius for z in (doc.zones if doc else []) for r in z.rows[:50] for s in r.seats[:20]]
        typical = sorted(radii)[len(radii) // 2] if radii else 10.0
        store.clear(cell=max(32.0, 24 * typical))
        self._reset_looks()
        if doc is None:
            return
        items: list[tuple[str, float, float, float, int, str, RowEntry]] = []
        append = items.append
        look = self._look
        entries = []
        for zone in doc.zones:
            zx, zy = zone.x, zone.y
            for row in zone.rows:
                entry = RowEntry(zone, row)
                self.rows[row] = entry
                entries.append(entry)
                ox, oy = zx + row.x, zy + row.y
                for seat in row.seats:
                    append((seat.guid, ox + seat.x, oy + seat.y, seat.radius, look(seat), seat.number, entry))
        seen: dict[str, int] = {}
        for n, item in enumerate(items):
            first = seen.setdefault(item[0], n)
            if first != n:
                self.dupes.setdefault(item[0], [first]).append(n)
        store.bulk_add(items)
        # bulk_add numbers slots in order: slot n is items[n].
        n = 0
        slot_of_seat = self.slot_of_seat
        for entry in entries:
            count = len(entry.row.seats)
            entry.slots = list(range(n, n + count))
            entry.seats = list(entry.row.seats)
            for seat, i in zip(entry.row.seats, entry.slots, strict=True):
                slot_of_seat[seat] = i
            n += count
            entry.labels = self._row_labels(entry)
        if self.dupes:  # the store keeps the last slot per guid; point it back at the first
            for guid, slots in self.dupes.items():
                store.slot_of[guid] = slots[0]

    # -- incremental updates ----------------------------------------------------------------------
    def on_change(self, kind: str, objects: Sequence[object]) -> None:
        """Note what a notification of ``doc.changed`` made dirty (cheap; the work is in :meth:`sync`)."""
        self.version += 1
        if kind == Change.RESET:
            self._all = True
            self.areas_dirty = True
            return
        if kind in (Change.ADDED, Change.REMOVED):
            self._structure = True
        if kind == Change.CATEGORIES_CHANGED:
            self._restyle = True
        if kind in (Change.AREAS_CHANGED, Change.DOCUMENT_CHANGED):
            self.areas_dirty = True
        for o in objects:
            if isinstance(o, Seat):
                i = self.slot_of_seat.get(o)
                owner = self.store.owner[i] if i is not None else None
                if isinstance(owner, RowEntry):
                    self._dirty_rows.add(owner.row)
                else:
                    self._structure = True
                    self._seat_rows_unknown = True
            elif isinstance(o, Row):
                self._dirty_rows.add(o)
            elif isinstance(o, Zone):
                self._dirty_zones.add(o)
                self.areas_dirty = True
            elif isinstance(o, Area):
                self.areas_dirty = True
            elif isinstance(o, Category):
                self._restyle = True

    def pending(self) -> bool:
        return bool(self._all or self._structure or self._restyle or self._dirty_rows or self._dirty_zones)

    def sync(self) -> bool:
        """Bring the store up to date; True when anything changed."""
        if not self.pending():
            return False
        self._labels = None
        if self._all or self.doc is None:
            self._all = self._structure = self._restyle = False
            self._dirty_rows.clear()
            self._dirty_zones.clear()
            self._build_all()
            return True
        doc = self.doc
        dirty = self._dirty_rows
        if self._restyle:
            self._reset_looks()
            dirty = set(self.rows)
        if self._structure or self._dirty_zones:
            current: dict[Row, Zone] = {}
            for zone in doc.zones:
                for row in zone.rows:
                    current[row] = zone
            for row in [r for r in self.rows if r not in current]:
                self._remove_row(row)
            for row, zone in current.items():
                entry = self.rows.get(row)
                if entry is None:
                    self._add_row(zone, row)
                elif entry.zone is not zone or zone in self._dirty_zones:
                    entry.zone = zone
                    dirty.add(row)
                elif self._seat_rows_unknown and len(entry.slots) != len(row.seats):
                    dirty.add(row)
            self._seat_rows_unknown = False
        for row in dirty:
            entry = self.rows.get(row)
            if entry is not None:
                self._refresh_row(entry)
        self._structure = self._restyle = False
        self._dirty_rows = set()
        self._dirty_zones.clear()
        return True

    def _add_row(self, zone: Zone, row: Row) -> None:
        entry = RowEntry(zone, row)
        self.rows[row] = entry
        self._fill(entry)

    def _fill(self, entry: RowEntry) -> None:
        store = self.store
        ox, oy = entry.zone.x + entry.row.x, entry.zone.y + entry.row.y
        for seat in entry.row.seats:
            guid = seat.guid
            existing = store.slot_of.get(guid)
            i = store.add(guid, ox + seat.x, oy + seat.y, seat.radius, self._look(seat), seat.number, entry)
            if existing is not None and store.alive[existing] and existing != i:
                self.dupes.setdefault(guid, [existing]).append(i)
                store.slot_of[guid] = existing
            entry.slots.append(i)
            self.slot_of_seat[seat] = i
        entry.seats = list(entry.row.seats)
        entry.labels = self._row_labels(entry)

    def _remove_row(self, row: Row) -> None:
        entry = self.rows.pop(row)
        self._clear(entry)

    def _clear(self, entry: RowEntry) -> None:
        store = self.store
        for i in entry.slots:
            seat_guid = store.keys[i]
            store.remove(i)
            if seat_guid in self.dupes:
                self._fix_dupes(seat_guid)
        for seat in entry.seats:
            self.slot_of_seat.pop(seat, None)
        entry.slots = []
        entry.seats = []

    def _fix_dupes(self, guid: str) -> None:
        store = self.store
        live = [i for i in self.dupes[guid] if store.alive[i] and store.keys[i] == guid]
        if len(live) <= 1:
            del self.dupes[guid]
        else:
            self.dupes[guid] = live
        if live:
            store.slot_of[guid] = live[0]

    def _refresh_row(self, entry: RowEntry) -> None:
        row = entry.row
        store = self.store
        if len(row.seats) != len(entry.slots):
            self._clear(entry)
            self._fill(entry)
            return
        for seat in entry.seats:
            self.slot_of_seat.pop(seat, None)
        entry.seats = list(row.seats)
        ox, oy = entry.zone.x + row.x, entry.zone.y + row.y
        look = self._look
        for seat, i in zip(row.seats, entry.slots, strict=True):
            if store.keys[i] != seat.guid:
                old = store.keys[i]
                store.set_key(i, seat.guid)
                if old in self.dupes:
                    self._fix_dupes(old)
            self.slot_of_seat[seat] = i
            store.update(i, ox + seat.x, oy + seat.y, seat.radius, look(seat), seat.number)
        entry.labels = self._row_labels(entry)

    # -- reading ----------------------------------------------------------------------------------
    def _row_labels(self, entry: RowEntry) -> list[RowLabel]:
        row = entry.row
        where = row.row_number_position
        if where is None or not row.row_number or not row.seats:
            return []
        if row.geometry is not None and row.geometry.kind == "table":
            return []
        store = self.store
        ordinals = row_ordinals(row) if len(row.seats) > 2 else list(range(len(row.seats)))
        ordered: list[tuple[float, float, float]] = [(0.0, 0.0, 0.0)] * len(row.seats)
        for i, k in zip(entry.slots, ordinals, strict=True):
            ordered[k] = (store.xs[i], store.ys[i], store.rs[i])
        return row_label_points(ordered, row.row_number, where)

    def row_labels(self) -> list[RowLabel]:
        if self._labels is None:
            self._labels = [label for entry in self.rows.values() for label in entry.labels]
        return self._labels

    def slots_for(self, guids: Iterable[str]) -> list[int]:
        """Store slots of these guids (every seat that shares a duplicated guid)."""
        slot_of = self.store.slot_of
        out = []
        dupes = self.dupes
        for g in guids:
            if dupes and g in dupes:
                out.extend(dupes[g])
            else:
                i = slot_of.get(g)
                if i is not None:
                    out.append(i)
        return out

    def entry_of_slot(self, i: int) -> RowEntry | None:
        return self.store.owner[i]  # type: ignore[return-value]

    # -- where seats stand (``editor.model.selection.SeatPlaces``; call ``sync`` first) ---------------
    def rows_of(self, guids: Iterable[str]) -> Iterator[tuple[Zone, Row]]:
        """The zone and row of every seat carrying one of ``guids`` (from the store: no walk of the plan)."""
        owner = self.store.owner
        for i in self.slots_for(guids):
            entry = owner[i]
            if entry is not None:
                yield entry.zone, entry.row  # type: ignore[attr-defined]

    def __contains__(self, guid: object) -> bool:
        return guid in self.store.slot_of
