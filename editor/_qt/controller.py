"""The editor's state and every user action on the plan, free of widgets: the document, the undo stack,
the selection, live validation. The canvas, the tools and the panels all go through it.

The selection is kept as seat guids plus area objects, so it survives undo and redo (which put back the
very objects, or new seat objects with the same guids). What a selection *means* is derived from it:
whole zones (every row and area of the zone selected), whole rows, loose seats, and areas — the "units"
that move, turn, align, duplicate and delete together. A table is its row of chairs plus the outline
area linked to it; selecting one selects the other.
"""

from __future__ import annotations

import dataclasses
import math
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QUndoStack

from editor.model import operations as ops
from editor.model.copying import duplicate_all
from editor.model.document import Change, SeatingDocument
from editor.model.elements import Area, AreaText, Category, Row, Seat, Zone
from editor.model.faults import Fault
from editor.model.geometry import make_long_table, regenerate_row, round_table_radius
from editor.model.numbering import SKIP_I_O, RowLabelling, row_labels
from editor.model.operations import Edit
from editor.model.validation import validate

from .commands import EditCommand, field_edit
from .docseats import DocumentSeats, RowEntry
from .look import PALETTE
from .paint import area_path

SCOPES = ("seat", "row", "zone")
_Changes = list[tuple[object, str, object, object]]  # (object, field, old value, new value)


@dataclass(frozen=True)
class Selection:
    seats: frozenset[str] = frozenset()
    areas: tuple[Area, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.seats or self.areas)


@dataclass
class Unit:
    """Something that moves as one: a whole zone, a whole row (with its table outline), an area, a seat."""

    kind: str  # "zone" | "row" | "area" | "seat"
    obj: object
    zone: Zone | None = None
    row: Row | None = None
    linked: list[Area] = field(default_factory=list)


class EditorController(QObject):
    """See the module docstring. Signals:

    - ``documentChanged()``: the plan changed (coalesced: once per event-loop turn);
    - ``documentReplaced()``: another plan was loaded;
    - ``selectionChanged()``;
    - ``validationChanged(int errors, int warnings)``: after each (debounced) check;
    - ``message(str)``: a one-line notice for the status bar (a refused operation, ...).
    """

    documentChanged = Signal()
    documentReplaced = Signal()
    selectionChanged = Signal()
    validationChanged = Signal(int, int)
    message = Signal(str)

    VALIDATE_DELAY_MS = 250

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = SeatingDocument()
        self.seats = DocumentSeats()
        self.stack = QUndoStack(self)
        self.selection = Selection()
        self.scope = "row"
        self.active_zone: Zone | None = None
        self.current_category: str | None = None
        self.faults: list[Fault] = []
        self.errors = 0
        self.warnings = 0
        self.validated_version = -1
        self._change_timer = QTimer(self)
        self._change_timer.setSingleShot(True)
        self._change_timer.setInterval(0)
        self._change_timer.timeout.connect(self.documentChanged.emit)
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(self.VALIDATE_DELAY_MS)
        self._validate_timer.timeout.connect(self.run_validation)
        self._units_cache: dict[object, object] = {}
        self._listener = _weak_listener(self)
        self.doc.changed.append(self._listener)
        self.seats.attach(self.doc)

    # -- the document ------------------------------------------------------------------------------
    def load(self, doc: SeatingDocument, *, validate_now: bool = False) -> None:
        """Edit ``doc`` (it is changed in place); the undo history starts afresh."""
        if self._listener in self.doc.changed:
            self.doc.changed.remove(self._listener)
        self.doc = doc
        doc.changed.append(self._listener)
        self.stack.clear()
        self.stack.setClean()
        self.selection = Selection()
        self.active_zone = doc.zones[0] if doc.zones else None
        self.current_category = doc.categories[0].name if doc.categories else None
        self.faults = []
        self.errors = self.warnings = 0
        self.validated_version = -1
        self._units_cache = {}
        self.seats.attach(doc)
        self.documentReplaced.emit()
        self.selectionChanged.emit()
        if validate_now:
            self.run_validation()
        else:
            self._validate_timer.start(0)

    def _on_change(self, kind: str, objects: Sequence[object]) -> None:
        self.seats.on_change(kind, objects)
        self._units_cache = {}
        if kind in (Change.ADDED, Change.REMOVED, Change.RESET):
            if self.active_zone is not None and not any(z is self.active_zone for z in self.doc.zones):
                self.active_zone = self.doc.zones[0] if self.doc.zones else None
            if self.current_category is not None and self.doc.category(self.current_category) is None:
                self.current_category = self.doc.categories[0].name if self.doc.categories else None
        self._change_timer.start()
        # A big plan takes a while to check: wait for a longer pause in the editing (100k seats: ~1 s).
        self._validate_timer.start(max(self.VALIDATE_DELAY_MS, self.seats.store.count // 100))

    def sync(self) -> None:
        """Bring the seat store up to date now (before a hit test)."""
        self.seats.sync()

    def is_modified(self) -> bool:
        return not self.stack.isClean()

    # -- undo ---------------------------------------------------------------------------------------
    def push(
        self, text: str, edits: Sequence[Edit], *, select: Selection | None = None, merge_key: object = None
    ) -> EditCommand:
        """Record edits that were just applied as one undoable command; ``select`` becomes the selection."""
        before = self.selection
        after = select if select is not None else self._valid_selection(before)
        command = EditCommand(
            text, edits, merge_key=merge_key, before=before, after=after, restore=self._restore_selection
        )
        self.stack.push(command)
        self._restore_selection(after)
        return command

    def _restore_selection(self, selection: object) -> None:
        assert isinstance(selection, Selection)
        self.set_selection(self._valid_selection(selection))

    def _valid_selection(self, selection: Selection) -> Selection:
        self.sync()
        known = self.seats.store.slot_of
        seats = frozenset(g for g in selection.seats if g in known)
        present = {id(a) for _, a in self.doc.iter_areas()}
        areas = tuple(a for a in selection.areas if id(a) in present)
        return Selection(seats, areas)

    def attempt(
        self, text: str, make: callable, *, select: callable | None = None, merge_key: object = None
    ) -> EditCommand | None:
        """Run ``make()`` → list of edits; push them as one command; a refused operation (ValueError) is
        reported through ``message`` and leaves the plan as it was."""
        try:
            edits = make()
        except (ValueError, KeyError) as exc:
            self.message.emit(str(exc).strip("'\""))
            return None
        if not edits:
            return None
        return self.push(text, edits, select=select() if select is not None else None, merge_key=merge_key)

    # -- selection ----------------------------------------------------------------------------------
    def set_scope(self, scope: str) -> None:
        """What a click selects: "seat", "row" or "zone" (whole zones then move and turn as one)."""
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}")
        self.scope = scope
        self._units_cache = {}
        self.selectionChanged.emit()

    def set_selection(self, selection: Selection) -> None:
        if selection != self.selection:
            self.selection = selection
            self._units_cache = {}
            self.selectionChanged.emit()

    def clear_selection(self) -> None:
        self.set_selection(Selection())

    def select_all(self) -> None:
        self.sync()
        guids = frozenset(k for k in self.seats.store.slot_of)
        self.set_selection(Selection(guids, tuple(a for _, a in self.doc.iter_areas())))

    def expand(self, guids: Iterable[str] = (), areas: Iterable[Area] = (), scope: str | None = None) -> Selection:
        """What clicking these seats/areas selects under ``scope`` (seat, row or zone): linked tables
        included."""
        scope = scope or self.scope
        self.sync()
        seats = self.seats
        out_seats: set[str] = set(guids)
        out_areas: list[Area] = list(areas)
        rows: set[Row] = set()
        zones: set[Zone] = set()
        if scope in ("row", "zone"):
            for i in seats.slots_for(list(out_seats)):
                entry = seats.entry_of_slot(i)
                if entry is not None:
                    rows.add(entry.row)
                    if scope == "zone":
                        zones.add(entry.zone)
        # Tables: a table outline brings its chairs, chairs bring the outline.
        by_uuid = {r.uuid: r for z in self.doc.zones for r in z.rows if r.uuid}
        for a in list(out_areas):
            if a.row_uuid and a.row_uuid in by_uuid:
                rows.add(by_uuid[a.row_uuid])
            if scope == "zone":
                zone = self.zone_of_area(a)
                if zone is not None:
                    zones.add(zone)
        for zone in zones:
            rows.update(zone.rows)
            out_areas.extend(zone.areas)
        for row in rows:
            out_seats.update(s.guid for s in row.seats)
            if row.geometry is not None and row.geometry.kind == "table":
                out_areas.extend(self.linked_areas(row))
        seen: set[int] = set()
        unique = []
        for a in out_areas:
            if id(a) not in seen:
                seen.add(id(a))
                unique.append(a)
        return Selection(frozenset(out_seats), tuple(unique))

    def combine(self, a: Selection, b: Selection, mode: str) -> Selection:
        """``mode``: "replace" → b, "add" → a ∪ b, "toggle" → symmetric difference."""
        if mode == "replace":
            return b
        if mode == "add":
            ids = {id(x) for x in a.areas}
            return Selection(a.seats | b.seats, a.areas + tuple(x for x in b.areas if id(x) not in ids))
        b_ids = {id(x) for x in b.areas}
        a_ids = {id(x) for x in a.areas}
        if b.seats and b.seats <= a.seats or (not b.seats and b.areas and b_ids <= a_ids):
            return Selection(a.seats - b.seats, tuple(x for x in a.areas if id(x) not in b_ids))
        return Selection(a.seats | b.seats, a.areas + tuple(x for x in b.areas if id(x) not in a_ids))

    def zone_of_area(self, area: Area) -> Zone | None:
        for zone in self.doc.zones:
            if any(a is area for a in zone.areas):
                return zone
        return None

    def linked_areas(self, row: Row) -> list[Area]:
        if not row.uuid:
            return []
        return [a for _, a in self.doc.iter_areas() if a.row_uuid == row.uuid]

    def selected_slots(self) -> list[int]:
        self.sync()
        return self.seats.slots_for(self.selection.seats)

    def selected_rows(self) -> list[RowEntry]:
        """Rows whose every seat is selected, in plan order."""
        return [u.obj for u in self.units(expand_zones=True) if u.kind == "row"]  # type: ignore[misc]

    def partial_seats(self) -> list[tuple[Seat, Row, Zone]]:
        return [(u.obj, u.row, u.zone) for u in self.units() if u.kind == "seat"]  # type: ignore[misc]

    def units(self, *, expand_zones: bool = False) -> list:
        """The selection as units (see :class:`Unit`); with ``expand_zones`` whole zones come as their rows
        and areas (row units carry a :class:`RowEntry` as ``obj``)."""
        self.sync()
        cached = self._units_cache.get(expand_zones)
        if cached is not None:
            return cached
        sel = self.selection
        seats = self.seats
        counts: dict[RowEntry, int] = {}
        for i in seats.slots_for(sel.seats):
            entry = seats.entry_of_slot(i)
            if entry is not None:
                counts[entry] = counts.get(entry, 0) + 1
        area_ids = {id(a) for a in sel.areas}
        units: list = []
        taken_areas: set[int] = set()
        for zone in self.doc.zones:
            whole_rows = [
                r for r in zone.rows if r in seats.rows and counts.get(seats.rows[r], 0) == len(r.seats) and r.seats
            ]
            zone_whole = (
                self.scope == "zone"
                and not expand_zones
                and zone.rows
                and len(whole_rows) == len(zone.rows)
                and all(id(a) in area_ids for a in zone.areas)
            )
            if zone_whole:
                units.append(Unit("zone", zone, zone))
                taken_areas.update(id(a) for a in zone.areas)
                continue
            for row in zone.rows:
                entry = seats.rows.get(row)
                if entry is None:
                    continue
                n = counts.get(entry, 0)
                if not n:
                    continue
                if n == len(row.seats):
                    linked = [a for a in self.linked_areas(row) if id(a) in area_ids] if row.uuid else []
                    taken_areas.update(id(a) for a in linked)
                    units.append(Unit("row", entry, zone, row, linked))
                else:
                    selected = sel.seats
                    for seat in row.seats:
                        if seat.guid in selected:
                            units.append(Unit("seat", seat, zone, row))
        for zone, area in self.doc.iter_areas():
            if id(area) in area_ids and id(area) not in taken_areas:
                units.append(Unit("area", area, zone))
        self._units_cache[expand_zones] = units
        return units

    def unit_rect(self, unit: Unit) -> QRectF:
        """A unit's bounding box in scene coordinates."""
        store = self.seats.store
        rect = QRectF()

        def add_slots(slots: Iterable[int]) -> None:
            nonlocal rect
            xs, ys, rs = store.xs, store.ys, store.rs
            for i in slots:
                r = rs[i]
                box = QRectF(xs[i] - r, ys[i] - r, 2 * r, 2 * r)
                rect = box if rect.isNull() else rect.united(box)

        def add_area(area: Area, zone: Zone | None) -> None:
            nonlocal rect
            zx, zy = (zone.x, zone.y) if zone is not None else (0.0, 0.0)
            box = area_path(area, zx, zy).boundingRect()
            rect = box if rect.isNull() else rect.united(box)

        if unit.kind == "zone":
            zone = unit.obj
            for row in zone.rows:  # type: ignore[attr-defined]
                entry = self.seats.rows.get(row)
                if entry is not None:
                    add_slots(entry.slots)
            for area in zone.areas:  # type: ignore[attr-defined]
                add_area(area, zone)  # type: ignore[arg-type]
        elif unit.kind == "row":
            add_slots(unit.obj.slots)  # type: ignore[attr-defined]
            for area in unit.linked:
                add_area(area, unit.zone)
        elif unit.kind == "area":
            add_area(unit.obj, unit.zone)  # type: ignore[arg-type]
        else:
            i = self.seats.slot_of_seat.get(unit.obj)  # type: ignore[call-overload]
            if i is not None:
                add_slots([i])
        return rect

    def selection_rect(self) -> QRectF:
        """The selection's bounding box in scene coordinates (cached until the selection or plan changes)."""
        cached = self._units_cache.get("rect")
        if cached is not None:
            return QRectF(cached)
        rect = QRectF()
        for unit in self.units():
            box = self.unit_rect(unit)
            if not box.isNull():
                rect = box if rect.isNull() else rect.united(box)
        self._units_cache["rect"] = QRectF(rect)
        return rect

    def describe_selection(self) -> str:
        units = self.units()
        if not units:
            return "Nothing selected"
        counts: dict[str, int] = {}
        for u in units:
            counts[u.kind] = counts.get(u.kind, 0) + 1
        words = {
            "zone": ("zone", "zones"),
            "row": ("row", "rows"),
            "seat": ("seat", "seats"),
            "area": ("shape", "shapes"),
        }
        parts = [f"{n} {words[k][n != 1]}" for k, n in counts.items()]
        seats = len(self.selection.seats)
        if "seat" not in counts and seats:
            parts.append(f"{seats} seat{'s' if seats != 1 else ''}")
        return " · ".join(parts)

    # -- moving -------------------------------------------------------------------------------------
    def _move_edits(self, units: Sequence[Unit], dx: float, dy: float) -> list[Edit]:
        objects: list[object] = []
        seat_guids: list[str] = []
        for u in units:
            if u.kind == "zone":
                objects.append(u.obj)
            elif u.kind == "row":
                objects.append(u.row)
                objects.extend(u.linked)
            elif u.kind == "area":
                objects.append(u.obj)
            else:
                seat_guids.append(u.obj.guid)  # type: ignore[attr-defined]
        edits = []
        if objects:
            edits.append(ops.move(self.doc, objects, dx, dy))
        if seat_guids:
            edits.append(ops.move_seats(self.doc, seat_guids, dx, dy))
        return edits

    def move_selection(self, dx: float, dy: float, *, merge_key: object = None, text: str = "Move") -> None:
        units = self.units()
        if not units or (dx == 0 and dy == 0):
            return
        self.attempt(text, lambda: self._move_edits(units, dx, dy), merge_key=merge_key)

    def nudge(self, dx: float, dy: float) -> None:
        """Arrow-key moves: repeated nudges of the same selection merge into one undo step."""
        key = ("nudge", self.selection.seats, tuple(id(a) for a in self.selection.areas))
        self.move_selection(dx, dy, merge_key=key, text="Nudge")

    # -- turning and mirroring ---------------------------------------------------------------------
    def rotate_selection(self, angle: float, about: QPointF | None = None) -> None:
        units = self.units(expand_zones=True)
        if not units or not angle:
            return
        c = about if about is not None else self.selection_rect().center()
        self.attempt(f"Rotate {angle:g}°", lambda: self._rotate_edits(units, angle, (c.x(), c.y())))

    def _rotate_edits(self, units: Sequence[Unit], angle: float, c: tuple[float, float]) -> list[Edit]:
        from editor.model.geometry import rotate

        def turn_seat(seat: Seat, row: Row, zone: Zone) -> _Changes:
            ox, oy = zone.x + row.x, zone.y + row.y
            ((x, y),) = rotate([(ox + seat.x, oy + seat.y)], angle, c)
            return [(seat, "x", seat.x, x - ox), (seat, "y", seat.y, y - oy)]

        return self._turn_edits(
            "Rotate",
            units,
            lambda zone, rows: ops.rotate_rows(self.doc, rows, angle, (c[0] - zone.x, c[1] - zone.y)),
            lambda area, zone: self._turn_area(area, zone, angle, c),
            turn_seat,
        )

    @staticmethod
    def _turn_area(area: Area, zone: Zone | None, angle: float, c: tuple[float, float]) -> _Changes:
        from editor.model.geometry import rotate

        zx, zy = (zone.x, zone.y) if zone is not None else (0.0, 0.0)
        ((x, y),) = rotate([(zx + area.x, zy + area.y)], angle, c)
        return [
            (area, "x", area.x, x - zx),
            (area, "y", area.y, y - zy),
            (area, "rotation", area.rotation, (area.rotation + angle) % 360),
        ]

    def flip_selection(self, horizontal: bool = True) -> None:
        units = self.units(expand_zones=True)
        if not units:
            return
        c = self.selection_rect().center()
        self.attempt("Flip", lambda: self._flip_edits(units, horizontal, (c.x(), c.y())))

    def _flip_edits(self, units: Sequence[Unit], horizontal: bool, c: tuple[float, float]) -> list[Edit]:
        def flip_area(a: Area, zone: Zone | None) -> _Changes:
            zx, zy = (zone.x, zone.y) if zone is not None else (0.0, 0.0)
            changes: _Changes = []
            if horizontal:
                width = a.width if a.shape == "rectangle" else 0.0
                changes.append((a, "x", a.x, 2 * c[0] - (zx + a.x) - width - zx))
            else:
                height = a.height if a.shape == "rectangle" else 0.0
                changes.append((a, "y", a.y, 2 * c[1] - (zy + a.y) - height - zy))
            if a.rotation:
                changes.append((a, "rotation", a.rotation, (-a.rotation) % 360))
            if a.shape == "polygon":
                pts = [(-x, y) if horizontal else (x, -y) for x, y in a.points]
                changes.append((a, "points", a.points, pts))
            return changes

        def flip_seat(seat: Seat, row: Row, zone: Zone) -> _Changes:
            ox, oy = zone.x + row.x, zone.y + row.y
            if horizontal:
                return [(seat, "x", seat.x, 2 * c[0] - (ox + seat.x) - ox)]
            return [(seat, "y", seat.y, 2 * c[1] - (oy + seat.y) - oy)]

        return self._turn_edits(
            "Flip",
            units,
            lambda zone, rows: ops.flip_rows(self.doc, rows, (c[0] - zone.x, c[1] - zone.y), horizontal=horizontal),
            flip_area,
            flip_seat,
        )

    def _turn_edits(
        self,
        text: str,
        units: Sequence[Unit],
        rows_edit: Callable[[Zone, list[Row]], Edit],
        area_changes: Callable[[Area, Zone | None], _Changes],
        seat_changes: Callable[[Seat, Row, Zone], _Changes],
    ) -> list[Edit]:
        """Turning or mirroring ``units``: one edit per zone for its rows (``rows_edit``), one for the areas
        (a row's linked ones too) and one for single seats, with the field changes the callables give."""
        by_zone: dict[int, tuple[Zone, list[Row]]] = {}
        area_fields: _Changes = []
        areas: list[Area] = []
        seat_fields: _Changes = []
        seats: list[Seat] = []
        for u in units:
            if u.kind == "row":
                by_zone.setdefault(id(u.zone), (u.zone, []))[1].append(u.row)
                for a in u.linked:
                    areas.append(a)
                    area_fields += area_changes(a, u.zone)
            elif u.kind == "area":
                areas.append(u.obj)
                area_fields += area_changes(u.obj, u.zone)
            elif u.kind == "seat":
                seats.append(u.obj)
                seat_fields += seat_changes(u.obj, u.row, u.zone)
        edits = [rows_edit(zone, rows) for zone, rows in by_zone.values()]
        if area_fields:
            edits.append(field_edit(self.doc, text, [(Change.AREAS_CHANGED, areas)], area_fields))
        if seat_fields:
            edits.append(field_edit(self.doc, text, [(Change.SEATS_MOVED, seats)], seat_fields))
        return edits

    # -- align and distribute ----------------------------------------------------------------------
    def align(self, how: str) -> None:
        """``how``: left, hcentre, right, top, vcentre, bottom."""
        units = self.units()
        if len(units) < 2:
            self.message.emit("Select two or more things to align.")
            return
        rects = [self.unit_rect(u) for u in units]
        if how == "left":
            target = min(r.left() for r in rects)
            moves = [(target - r.left(), 0.0) for r in rects]
        elif how == "right":
            target = max(r.right() for r in rects)
            moves = [(target - r.right(), 0.0) for r in rects]
        elif how == "hcentre":
            box = _union(rects)
            moves = [(box.center().x() - r.center().x(), 0.0) for r in rects]
        elif how == "top":
            target = min(r.top() for r in rects)
            moves = [(0.0, target - r.top()) for r in rects]
        elif how == "bottom":
            target = max(r.bottom() for r in rects)
            moves = [(0.0, target - r.bottom()) for r in rects]
        elif how == "vcentre":
            box = _union(rects)
            moves = [(0.0, box.center().y() - r.center().y()) for r in rects]
        else:
            raise ValueError(f"unknown alignment {how!r}")
        self._apply_moves("Align", units, moves)

    def distribute(self, axis: str) -> None:
        """Equal gaps between three or more units along ``axis`` ("h" or "v")."""
        units = self.units()
        if len(units) < 3:
            self.message.emit("Select three or more things to distribute.")
            return
        rects = [self.unit_rect(u) for u in units]
        horizontal = axis == "h"
        order = sorted(range(len(units)), key=lambda k: rects[k].center().x() if horizontal else rects[k].center().y())
        first, last = rects[order[0]], rects[order[-1]]
        span = (last.right() - first.left()) if horizontal else (last.bottom() - first.top())
        sizes = sum((rects[k].width() if horizontal else rects[k].height()) for k in order)
        gap = (span - sizes) / (len(units) - 1)
        moves = [(0.0, 0.0)] * len(units)
        pos = first.left() if horizontal else first.top()
        for k in order:
            r = rects[k]
            if horizontal:
                moves[k] = (pos - r.left(), 0.0)
                pos += r.width() + gap
            else:
                moves[k] = (0.0, pos - r.top())
                pos += r.height() + gap
        self._apply_moves("Distribute", units, moves)

    def _apply_moves(self, text: str, units: Sequence[Unit], moves: Sequence[tuple[float, float]]) -> None:
        def make() -> list[Edit]:
            edits: list[Edit] = []
            for u, (dx, dy) in zip(units, moves, strict=True):
                if abs(dx) > 1e-9 or abs(dy) > 1e-9:
                    edits.extend(self._move_edits([u], dx, dy))
            return edits

        self.attempt(text, make)

    # -- duplicate and delete ----------------------------------------------------------------------
    def duplicate_selection(self) -> None:
        """Copies of the selection (new guids), placed just below it, and selected."""
        units = self.units()
        if not units:
            return
        box = self.selection_rect()
        dy = box.height() + 12 if box.height() < 400 else 40.0
        dx = 0.0 if box.height() < 400 else 40.0
        new_guids: set[str] = set()
        new_areas: list[Area] = []

        def make() -> list[Edit]:
            edits: list[Edit] = []
            for u in units:
                if u.kind == "zone":
                    (copy,) = duplicate_all([u.obj], dx=dx, dy=dy)
                    copy.name = self._unique_zone_name(f"{u.obj.name} copy")
                    edits.append(ops.add_zone(self.doc, copy))
                    new_guids.update(s.guid for r in copy.rows for s in r.seats)
                    new_areas.extend(copy.areas)
                elif u.kind == "row":
                    copies = duplicate_all([u.row, *u.linked], dx=dx, dy=dy)
                    row, areas = copies[0], copies[1:]
                    if not (row.geometry is not None and row.geometry.kind == "table"):
                        row.row_number = self.next_row_label(u.zone, after=u.row.row_number)
                    edits.append(ops.add_row(self.doc, u.zone, row))
                    for a in areas:
                        edits.append(ops.add_area(self.doc, a, u.zone))
                    new_guids.update(s.guid for s in row.seats)
                    new_areas.extend(areas)
                elif u.kind == "area":
                    (copy,) = duplicate_all([u.obj], dx=dx, dy=dy)
                    edits.append(ops.add_area(self.doc, copy, u.zone))
                    new_areas.append(copy)
                else:
                    (copy,) = duplicate_all([u.obj], dx=dx, dy=dy)
                    edits.append(ops.add_seat(self.doc, u.row, copy))
                    new_guids.add(copy.guid)
            return edits

        self.attempt("Duplicate", make, select=lambda: Selection(frozenset(new_guids), tuple(new_areas)))

    def delete_selection(self) -> None:
        units = self.units()
        if not units:
            return
        objects: list[object] = []
        for u in units:
            if u.kind == "zone":
                objects.append(u.obj)
            elif u.kind == "row":
                objects.append(u.row)
                objects.extend(a for a in self.linked_areas(u.row) if a not in objects)
            elif u.kind == "area":
                if not any(o is u.obj for o in objects):
                    objects.append(u.obj)
            else:
                objects.append(u.obj)
        self.attempt("Delete", lambda: [ops.remove(self.doc, objects)], select=lambda: Selection())

    # -- adding things ------------------------------------------------------------------------------
    def target_zone(self, point: QPointF | None = None) -> tuple[Zone, list[Edit]]:
        """The zone new rows go to (the active one) and the edits that made it if there was none."""
        if self.active_zone is not None and any(z is self.active_zone for z in self.doc.zones):
            return self.active_zone, []
        if self.doc.zones:
            self.active_zone = self.doc.zones[0]
            return self.active_zone, []
        zone = Zone("Floor", 0.0, 0.0, uuid=_new_id(), row_labelling=RowLabelling(skip_letters=SKIP_I_O))
        self.active_zone = zone
        return zone, [ops.add_zone(self.doc, zone)]

    def next_row_label(self, zone: Zone, after: str | None = None) -> str:
        """The first label of the zone's scheme that no row of the zone uses yet (after ``after`` if given)."""
        scheme = zone.row_labelling or RowLabelling(skip_letters=SKIP_I_O)
        used = {r.row_number for r in zone.rows}
        labels = row_labels(len(used) + 60, dataclasses.replace(scheme, reverse=False))
        start = labels.index(after) + 1 if after in labels else 0
        for label in labels[start:] + labels[:start]:
            if label not in used:
                return label
        return str(len(zone.rows) + 1)

    def next_row_labels(self, zone: Zone | None, count: int) -> list[str]:
        """``count`` labels of the zone's scheme that no row of the zone uses yet (letters without I and O
        for a zone that has no scheme, or no zone yet)."""
        scheme = (zone.row_labelling if zone is not None else None) or RowLabelling(skip_letters=SKIP_I_O)
        used = {r.row_number for r in zone.rows} if zone is not None else set()
        labels = [
            x for x in row_labels(len(used) + count + 10, dataclasses.replace(scheme, reverse=False)) if x not in used
        ]
        n = len(used) + 1
        while len(labels) < count:
            if str(n) not in used:
                labels.append(str(n))
            n += 1
        return labels[:count]

    def category_for_new_seats(self) -> str:
        if self.current_category and self.doc.category(self.current_category) is not None:
            return self.current_category
        return self.doc.categories[0].name if self.doc.categories else ""

    def add_rows(
        self, rows: Sequence[Row], areas: Sequence[Area] = (), text: str = "Add row", zone: Zone | None = None
    ) -> None:
        """Add rows (positions in scene coordinates: shifted into the target zone here)."""

        def make() -> list[Edit]:
            target, edits = (zone, []) if zone is not None else self.target_zone()
            for r in rows:
                r.x -= target.x
                r.y -= target.y
            for a in areas:
                a.x -= target.x
                a.y -= target.y
            if rows:
                edits.append(ops.add_rows(self.doc, target, rows))
            for a in areas:
                edits.append(ops.add_area(self.doc, a, target))
            return edits

        self.attempt(
            text, make, select=lambda: Selection(frozenset(s.guid for r in rows for s in r.seats), tuple(areas))
        )

    def add_area(self, area: Area, text: str = "Add shape") -> None:
        """A shape in the plan's free areas (scene coordinates)."""
        self.attempt(text, lambda: [ops.add_area(self.doc, area)], select=lambda: Selection(frozenset(), (area,)))

    def make_zone(self, rect: QRectF, name: str | None = None) -> Zone | None:
        """A new zone at the rectangle's corner; rows lying wholly inside it move into it (keeping their place
        in the hall)."""
        zone = Zone(
            name or self._unique_zone_name("Zone"),
            rect.left(),
            rect.top(),
            uuid=_new_id(),
            row_labelling=RowLabelling(skip_letters=SKIP_I_O),
        )
        taken: list[tuple[Zone, Row]] = []
        self.sync()
        for z in self.doc.zones:
            for row in z.rows:
                entry = self.seats.rows.get(row)
                if entry is None or not entry.slots:
                    continue
                store = self.seats.store
                if all(rect.contains(QPointF(store.xs[i], store.ys[i])) for i in entry.slots):
                    taken.append((z, row))

        def make() -> list[Edit]:
            return [ops.add_zone(self.doc, zone), *self._move_rows_edits(taken, zone)]

        done = self.attempt(
            f"Add zone {zone.name}",
            make,
            select=lambda: Selection(frozenset(s.guid for _, r in taken for s in r.seats)),
        )
        if done is not None:
            self.active_zone = zone
            return zone
        return None

    def _move_rows_edits(self, taken: Sequence[tuple[Zone, Row]], zone: Zone) -> list[Edit]:
        """Rows (with their table outlines) taken out of their zones and put into ``zone``, keeping their
        place in the hall."""
        taken = [(z, r) for z, r in taken if z is not zone]
        if not taken:
            return []
        rows = [r for _, r in taken]
        areas: list[tuple[Area, Zone]] = []
        for z, r in taken:
            areas.extend((a, z) for a in self.linked_areas(r) if any(x is a for x in z.areas))
        edits = [ops.remove(self.doc, rows + [a for a, _ in areas])]
        changes: list[tuple[object, str, object, object]] = []
        for z, r in taken:
            changes += [(r, "x", r.x, r.x + z.x - zone.x), (r, "y", r.y, r.y + z.y - zone.y)]
        for a, z in areas:
            changes += [(a, "x", a.x, a.x + z.x - zone.x), (a, "y", a.y, a.y + z.y - zone.y)]
        edits.append(field_edit(self.doc, "Move into zone", [(Change.ROWS_CHANGED, rows)], changes))
        edits.append(ops.add_rows(self.doc, zone, rows))
        for a, _ in areas:
            edits.append(ops.add_area(self.doc, a, zone))
        return edits

    def move_rows_to_zone(self, rows: Sequence[Row], zone: Zone) -> None:
        """Put rows into another zone (its numbering and name), where they stand in the hall."""
        self.sync()
        taken = [(self.seats.rows[r].zone, r) for r in rows if r in self.seats.rows]
        done = self.attempt(f"Move to zone {zone.name}", lambda: self._move_rows_edits(taken, zone))
        if done is not None:
            self.active_zone = zone

    def _unique_zone_name(self, base: str) -> str:
        names = {z.name for z in self.doc.zones}
        if base not in names and base != "Zone":
            return base
        n = 1
        while f"{base} {n}" in names:
            n += 1
        return f"{base} {n}"

    def set_focal_point(self, point: QPointF | None) -> None:
        self.attempt(
            "Set focal point",
            lambda: [ops.set_focal_point(self.doc, None if point is None else (point.x(), point.y()))],
        )

    # -- seats and rows -----------------------------------------------------------------------------
    def assign_category(self, name: str) -> None:
        guids = list(self.selection.seats)
        if not guids:
            self.message.emit("Select seats or rows to give them a category.")
            return
        self.attempt(f"Set category {name}", lambda: [ops.set_category(self.doc, guids, name)])

    def set_accessibility(self, *, wheelchair: bool | None = None, restricted_view: bool | None = None) -> None:
        guids = list(self.selection.seats)
        if not guids:
            return
        self.attempt(
            "Change accessibility",
            lambda: [ops.set_accessibility(self.doc, guids, wheelchair=wheelchair, restricted_view=restricted_view)],
        )

    def pair_companion(self) -> None:
        """With two seats selected, one a wheelchair place: make the other its companion."""
        guids = list(self.selection.seats)
        index = self.doc.seat_index()
        refs = [index[g] for g in guids if g in index]
        places = [r for r in refs if r.seat.wheelchair]
        others = [r for r in refs if not r.seat.wheelchair]
        if len(refs) != 2 or len(places) != 1 or len(others) != 1:
            self.message.emit("Select one wheelchair place and one other seat to pair them.")
            return
        self.attempt(
            "Pair companion seat", lambda: [ops.pair_companion(self.doc, others[0].seat.guid, places[0].seat.guid)]
        )

    def unpair_companions(self) -> None:
        index = self.doc.seat_index()
        guids = [g for g in self.selection.seats if g in index and index[g].seat.companion_of is not None]
        if guids:
            self.attempt("Unpair companion seat", lambda: [ops.pair_companion(self.doc, g, None) for g in guids])

    def set_seat_attributes(self, **values: object) -> None:
        """Set attributes on every selected seat (e.g. ``number`` on one seat, ``radius`` on many)."""
        index = self.doc.seat_index()
        seats = [index[g].seat for g in self.selection.seats if g in index]
        if not seats:
            return
        changes = [(s, k, getattr(s, k), v) for s in seats for k, v in values.items()]
        kind = Change.SEATS_MOVED if "radius" in values else Change.SEATS_CHANGED
        self.attempt(
            "Change " + ", ".join(values), lambda: [field_edit(self.doc, "Change seats", [(kind, seats)], changes)]
        )

    def reshape(self, rows: Sequence[Row], text: str, merge_key: object = None, **params: object) -> None:
        """Lay rows out again (seat_count, spacing, curvature, angle, numbering, ...), keeping guids."""
        rows = list(rows)
        if not rows:
            return
        self.attempt(text, lambda: [ops.reshape_rows(self.doc, rows, **params)], merge_key=merge_key)

    def set_row_attributes(self, rows: Sequence[Row], text: str = "Change row", **values: object) -> None:
        self.attempt(text, lambda: [ops.set_attributes(self.doc, r, **values) for r in rows])

    def renumber(self, rows: Sequence[Row], numbering) -> None:
        self.attempt("Renumber", lambda: [ops.renumber_row(self.doc, r, numbering) for r in rows])

    def relabel(self, rows: Sequence[Row], labelling: RowLabelling) -> None:
        """Row labels front (nearest the stage) to back by ``labelling``; the scheme is remembered on the
        zone when the rows all belong to one."""
        rows = list(rows)
        if not rows:
            return
        fx, fy = self.doc.effective_focal_point()
        self.sync()

        def distance(row: Row) -> float:
            entry = self.seats.rows.get(row)
            store = self.seats.store
            if entry is None or not entry.slots:
                return 0.0
            return min(math.hypot(store.xs[i] - fx, store.ys[i] - fy) for i in entry.slots)

        ordered = sorted(rows, key=distance)
        zones = {id(self.seats.rows[r].zone): self.seats.rows[r].zone for r in rows if r in self.seats.rows}
        zone = next(iter(zones.values())) if len(zones) == 1 else None
        self.attempt("Relabel rows", lambda: [ops.relabel_rows(self.doc, ordered, labelling, zone)])

    def set_table_chairs(
        self,
        row: Row,
        *,
        seat_count: int | None = None,
        seats_per_side: int | None = None,
        end_seats: int | None = None,
    ) -> None:
        """Change a table's chairs; the outline follows (a round table's radius, a long table's size).
        Chairs that remain keep their guids."""
        g = row.geometry
        if g is None or g.kind != "table":
            return
        outline = self.linked_areas(row)

        def make() -> list[Edit]:
            if g.table_shape == "long":
                per_side = g.seats_per_side if seats_per_side is None else seats_per_side
                ends = g.end_seats if end_seats is None else end_seats
                radius = row.seats[0].radius if row.seats else 10
                category = row.seats[-1].category if row.seats else ""
                fresh, area = make_long_table(
                    (0.0, 0.0),
                    seats_per_side=per_side,
                    end_seats=ends,
                    spacing=g.spacing,
                    angle=g.angle,
                    seat_radius=radius,
                    table_number=row.row_number,
                    numbering=g.numbering,
                    category=category,
                )
                for old, new in zip(row.seats, fresh.seats, strict=False):
                    new.guid, new.uuid, new.category = old.guid, old.uuid, old.category
                    new.wheelchair, new.companion_of, new.restricted_view = (
                        old.wheelchair,
                        old.companion_of,
                        old.restricted_view,
                    )
                changes: list[tuple[object, str, object, object]] = [
                    (row, "seats", row.seats, fresh.seats),
                    (row, "geometry", row.geometry, fresh.geometry),
                ]
                areas = []
                for a in outline:
                    areas.append(a)
                    changes += [
                        (a, "x", a.x, row.x + area.x),
                        (a, "y", a.y, row.y + area.y),
                        (a, "width", a.width, area.width),
                        (a, "height", a.height, area.height),
                    ]
                    if a.text is not None:
                        changes.append(
                            (
                                a,
                                "text",
                                a.text,
                                AreaText(a.text.text, area.width / 2, area.height / 2, a.text.color, a.text.size),
                            )
                        )
                return [
                    field_edit(
                        self.doc, "Change table", [(Change.ROWS_CHANGED, [row]), (Change.AREAS_CHANGED, areas)], changes
                    )
                ]
            count = g.seat_count if seat_count is None else seat_count
            layout = regenerate_row(row, seat_count=count)
            radius = row.seats[0].radius if row.seats else 10
            table_r = max(round_table_radius(count, g.spacing, radius) - radius - 4, radius)
            changes = [(row, "seats", row.seats, layout.seats), (row, "geometry", row.geometry, layout.geometry)]
            changes += [(a, "radius", a.radius, table_r) for a in outline if a.shape == "circle"]
            return [
                field_edit(
                    self.doc, "Change table", [(Change.ROWS_CHANGED, [row]), (Change.AREAS_CHANGED, outline)], changes
                )
            ]

        self.attempt(
            "Change table", make, select=lambda: self.expand([s.guid for s in row.seats], outline, scope="row")
        )

    def set_area_attributes(
        self, areas: Sequence[Area], text: str = "Change shape", merge_key: object = None, **values: object
    ) -> None:
        self.attempt(text, lambda: [ops.set_attributes(self.doc, a, **values) for a in areas], merge_key=merge_key)

    def set_area_text(self, area: Area, text: str) -> None:
        t = area.text
        new = AreaText(text, 0.0, 0.0) if t is None else dataclasses.replace(t, text=text)
        if area.shape == "rectangle" and t is None:
            new = AreaText(text, area.width / 2, area.height / 2)
        self.attempt("Change text", lambda: [ops.set_attributes(self.doc, area, text=new if text else None)])

    def set_area_text_style(self, area: Area, **values: object) -> None:
        t = area.text
        if t is None:
            return
        self.attempt("Change text", lambda: [ops.set_attributes(self.doc, area, text=dataclasses.replace(t, **values))])

    # -- categories ----------------------------------------------------------------------------------
    def add_category(self, name: str | None = None, colour: str | None = None) -> Category | None:
        names = {c.name for c in self.doc.categories}
        if name is None:
            n = len(names) + 1
            while f"Category {n}" in names:
                n += 1
            name = f"Category {n}"
        if colour is None:
            used = {c.color for c in self.doc.categories}
            colour = next((c for c in PALETTE if c not in used), PALETTE[len(names) % len(PALETTE)])
        category = Category(name, colour)
        done = self.attempt(f"Add category {name}", lambda: [ops.add_category(self.doc, category)])
        if done is not None:
            self.current_category = name
            return category
        return None

    def rename_category(self, old: str, new: str) -> None:
        new = new.strip()
        if not new or new == old:
            return
        done = self.attempt(f"Rename category {old}", lambda: [ops.rename_category(self.doc, old, new)])
        if done is not None and self.current_category == old:
            self.current_category = new

    def recolour_category(self, name: str, colour: str) -> None:
        category = self.doc.category(name)
        if category is None:
            return
        self.attempt(f"Colour of {name}", lambda: [ops.set_attributes(self.doc, category, color=colour)])

    def remove_category(self, name: str) -> None:
        category = self.doc.category(name)
        if category is None:
            return
        used = sum(1 for z in self.doc.zones for r in z.rows for s in r.seats if s.category == name)
        if used:
            self.message.emit(
                f"{used} seat{'s use' if used != 1 else ' uses'} category {name!r}: give them another category first."
            )
            return
        self.attempt(f"Delete category {name}", lambda: [ops.remove(self.doc, [category])])

    def category_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for zone in self.doc.zones:
            for row in zone.rows:
                for seat in row.seats:
                    counts[seat.category] = counts.get(seat.category, 0) + 1
        return counts

    # -- zones --------------------------------------------------------------------------------------
    def rename_zone(self, zone: Zone, name: str) -> None:
        name = name.strip()
        if name and name != zone.name:
            self.attempt("Rename zone", lambda: [ops.set_attributes(self.doc, zone, name=name)])

    def add_empty_zone(self) -> Zone | None:
        zone = Zone(
            self._unique_zone_name("Zone"), 0.0, 0.0, uuid=_new_id(), row_labelling=RowLabelling(skip_letters=SKIP_I_O)
        )
        if self.attempt("Add zone", lambda: [ops.add_zone(self.doc, zone)]) is not None:
            self.active_zone = zone
            return zone
        return None

    def select_zone(self, zone: Zone) -> None:
        self.active_zone = zone
        self.set_selection(self.expand([s.guid for r in zone.rows for s in r.seats], zone.areas, scope="zone"))

    # -- validation ---------------------------------------------------------------------------------
    def run_validation(self) -> list[Fault]:
        self._validate_timer.stop()
        self.faults = validate(self.doc)
        self.errors = sum(1 for f in self.faults if f.is_error)
        self.warnings = len(self.faults) - self.errors
        self.validated_version = self.seats.version
        self.validationChanged.emit(self.errors, self.warnings)
        return self.faults

    def fault_selection(self, fault: Fault) -> Selection:
        guids = set(fault.seat_guids)
        for uuid in fault.row_uuids:
            if not fault.seat_guids:
                found = self.doc.find_row(uuid)
                if found is not None:
                    guids.update(s.guid for s in found[1].seats)
        self.sync()
        return Selection(frozenset(g for g in guids if g in self.seats.store.slot_of))


def _weak_listener(ctl: EditorController):
    """A ``doc.changed`` listener that does not keep the controller alive, and stops listening once the
    controller (a QObject that may be deleted with its widget) is gone."""
    ref = weakref.ref(ctl)

    def listen(kind: str, objects: Sequence[object]) -> None:
        target = ref()
        if target is None or not shiboken6.isValid(target):
            return
        target._on_change(kind, objects)

    return listen


def _union(rects: Sequence[QRectF]) -> QRectF:
    box = QRectF(rects[0])
    for r in rects[1:]:
        box = box.united(r)
    return box


def _new_id() -> str:
    from editor.model.ids import new_id

    return new_id()
