"""The editor's state, free of widgets: the document, the undo stack, the selection and its scope, the
zone new rows go to, the category new seats get, live validation. The canvas, the tools and the panels
send it the user's intents.

What an intent does to the plan is the model's (:mod:`editor.model.selection`, ``arrange``, ``rows``,
``zones``, ``categories``, ``operations``): each model operation applies its changes and returns the
``Edit`` s that undo and redo them. The controller pushes them as one ``QUndoCommand`` (which puts the
selection back with them), reports a refusal (a ValueError or KeyError) through ``message``, and tells the
views: ``documentChanged`` once per event-loop turn, the validation after a pause in the editing.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Concatenate, ParamSpec

import shiboken6
from PySide6.QtCore import QObject, QRectF, QTimer, Signal
from PySide6.QtGui import QUndoStack

from editor.model import arrange, categories, rows, zones
from editor.model import operations as ops
from editor.model import selection as sel
from editor.model.document import Change, SeatingDocument
from editor.model.elements import XY, Area, Category, Row, Zone
from editor.model.faults import Fault
from editor.model.geometry import Box
from editor.model.operations import Edit
from editor.model.selection import SCOPES, Scope, Selection, Unit
from editor.model.validation import validate

from .commands import EditCommand
from .docseats import DocumentSeats
from .look import PALETTE
from .paint import text_width

__all__ = ["SCOPES", "EditorController", "Selection", "Unit"]

Make = Callable[[], Sequence[Edit]]
P = ParamSpec("P")
# A model operation: changes the document, returns what it did (one Edit, several, or None: nothing).
Operation = Callable[Concatenate[SeatingDocument, P], Edit | Sequence[Edit] | None]


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
        self.scope: Scope = "row"
        self.active_zone: Zone | None = None
        self.current_category: str | None = None
        self.faults: list[Fault] = []
        self.errors = 0
        self.warnings = 0
        self.validated_version = -1
        self._change_timer = self._timer(0, self.documentChanged.emit)
        self._validate_timer = self._timer(self.VALIDATE_DELAY_MS, self.run_validation)
        self._cache: dict[object, object] = {}  # units and the selection's box, until anything changes
        self._listener = _weak_listener(self)
        self.doc.changed.append(self._listener)
        self.seats.attach(self.doc)

    def _timer(self, interval: int, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

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
        self._cache = {}
        self.seats.attach(doc)
        self.documentReplaced.emit()
        self.selectionChanged.emit()
        if validate_now:
            self.run_validation()
        else:
            self._validate_timer.start(0)

    def _on_change(self, kind: str, objects: Sequence[object]) -> None:
        self.seats.on_change(kind, objects)
        self._cache = {}
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
    def push(self, text: str, edits: Sequence[Edit], *, select: Selection | None = None,
             merge_key: object = None) -> EditCommand:
        """Record edits that were just applied as one undoable command; ``select`` becomes the selection."""
        before = self.selection
        after = select if select is not None else self._still_there(before)
        command = EditCommand(text, edits, merge_key=merge_key, before=before, after=after,
                              restore=self._restore_selection)
        self.stack.push(command)
        self._restore_selection(after)
        return command

    def attempt(self, text: str, make: Make, *, select: Callable[[], Selection] | None = None,
                merge_key: object = None) -> EditCommand | None:
        """Run ``make()`` (a model operation: it applies its changes and returns the edits); push them as one
        command. A refused operation (ValueError, KeyError) is reported through ``message`` and leaves the
        plan as it was; no edits push nothing."""
        try:
            edits = make()
        except (ValueError, KeyError) as exc:
            self.message.emit(str(exc).strip("'\""))
            return None
        if not edits:
            return None
        return self.push(text, edits, select=select() if select is not None else None, merge_key=merge_key)

    def apply(self, text: str, operation: Operation[P], *args: P.args, **kwargs: P.kwargs) -> EditCommand | None:
        """Run a model operation on the plan (``operation(doc, *args, **kwargs)``) as one undo command."""

        def make() -> Sequence[Edit]:
            done = operation(self.doc, *args, **kwargs)
            return [] if done is None else [done] if isinstance(done, Edit) else done

        return self.attempt(text, make)

    def _restore_selection(self, selection: object) -> None:
        assert isinstance(selection, Selection)
        self.set_selection(self._still_there(selection))

    def _still_there(self, selection: Selection) -> Selection:
        self.sync()
        return sel.still_there(self.doc, selection, self.seats)

    # -- the selection ------------------------------------------------------------------------------
    def set_scope(self, scope: Scope) -> None:
        """What a click selects: "seat", "row" or "zone" (whole zones then move and turn as one)."""
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}")
        self.scope = scope
        self._cache = {}
        self.selectionChanged.emit()

    def set_selection(self, selection: Selection) -> None:
        if selection != self.selection:
            self.selection = selection
            self._cache = {}
            self.selectionChanged.emit()

    def clear_selection(self) -> None:
        self.set_selection(Selection())

    def select_all(self) -> None:
        self.set_selection(sel.everything(self.doc))

    def select_zone(self, zone: Zone) -> None:
        self.active_zone = zone
        self.sync()
        self.set_selection(sel.of_zone(self.doc, zone, self.seats))

    def expand(self, guids: Iterable[str] = (), areas: Iterable[Area] = (), scope: Scope | None = None) -> Selection:
        """What clicking these seats/areas selects under ``scope`` (default: the current one)."""
        self.sync()
        return sel.expand(self.doc, guids, areas, scope or self.scope, self.seats)

    def fault_selection(self, fault: Fault) -> Selection:
        self.sync()
        return sel.of_fault(self.doc, fault, self.seats)

    def units(self, *, expand_zones: bool = False) -> list[Unit]:
        """The selection as units (see :class:`editor.model.selection.Unit`); with ``expand_zones`` whole
        zones come as their rows and areas."""
        self.sync()
        cached = self._cache.get(expand_zones)
        if cached is None:
            cached = self._cache[expand_zones] = sel.units(self.doc, self.selection, self.scope,
                                                          expand_zones=expand_zones, places=self.seats)
        return cached  # type: ignore[return-value]

    def single_row(self) -> Unit | None:
        """The one drawn row that makes up the whole selection (it has an end handle), if so."""
        return sel.single_row(self.units())

    def selection_box(self) -> Box | None:
        """The selection's box in plan coordinates (cached until the selection or the plan changes)."""
        if "box" not in self._cache:
            self._cache["box"] = arrange.units_box(self.units(), text_width)
        return self._cache["box"]  # type: ignore[return-value]

    def selection_rect(self) -> QRectF:
        box = self.selection_box()
        return QRectF() if box is None else QRectF(box.left, box.top, box.width, box.height)

    def describe_selection(self) -> str:
        return sel.describe(self.units(), self.selection)

    # -- arranging ----------------------------------------------------------------------------------
    def move_selection(self, dx: float, dy: float, *, merge_key: object = None, text: str = "Move") -> None:
        units = self.units()
        if units and (dx or dy):
            self.attempt(text, lambda: arrange.move(self.doc, units, dx, dy), merge_key=merge_key)

    def nudge(self, dx: float, dy: float) -> None:
        """Arrow-key moves: repeated nudges of the same selection merge into one undo step."""
        key = ("nudge", self.selection.seats, tuple(id(a) for a in self.selection.areas))
        self.move_selection(dx, dy, merge_key=key, text="Nudge")

    def _centre(self) -> XY:
        box = self.selection_box()
        return box.centre if box is not None else (0.0, 0.0)

    def rotate_selection(self, angle: float, about: XY | None = None) -> None:
        """Turn the selection by ``angle`` degrees about ``about`` (default: the selection's centre)."""
        centre, units = about or self._centre(), self.units(expand_zones=True)
        self.attempt(f"Rotate {angle:g}°", lambda: arrange.rotate_units(self.doc, units, angle, centre))

    def flip_selection(self, horizontal: bool = True) -> None:
        centre, units = self._centre(), self.units(expand_zones=True)
        self.attempt("Flip", lambda: arrange.flip_units(self.doc, units, centre, horizontal=horizontal))

    def align(self, how: arrange.Alignment) -> None:
        """``how``: left, hcentre, right, top, vcentre, bottom."""
        self.attempt("Align", lambda: arrange.align(self.doc, self.units(), how, text_width))

    def distribute(self, axis: arrange.Axis) -> None:
        """Equal gaps between three or more units along ``axis`` ("h" or "v")."""
        self.attempt("Distribute", lambda: arrange.distribute(self.doc, self.units(), axis, text_width))

    def duplicate_selection(self) -> None:
        """Copies of the selection (new guids), placed just below it, and selected."""
        units = self.units()
        dx, dy = arrange.duplicate_offset(self.selection_box())
        copies = Selection()

        def make() -> list[Edit]:
            nonlocal copies
            edits, copies = arrange.duplicate(self.doc, units, dx, dy)
            return edits

        self.attempt("Duplicate", make, select=lambda: copies)

    def delete_selection(self) -> None:
        units = self.units()
        self.attempt("Delete", lambda: arrange.delete(self.doc, units), select=Selection)

    # -- adding things ------------------------------------------------------------------------------
    def _target_zone(self) -> tuple[Zone, list[Edit]]:
        zone, edits = zones.target_zone(self.doc, self.active_zone)
        self.active_zone = zone
        return zone, edits

    def new_row_labels(self, count: int) -> list[str]:
        """The labels ``count`` new rows get in the zone they go to."""
        return rows.next_row_labels(self._target_zone()[0] if self.doc.zones else None, count)

    def category_for_new_seats(self) -> str:
        if self.current_category and self.doc.category(self.current_category) is not None:
            return self.current_category
        return self.doc.categories[0].name if self.doc.categories else ""

    def add_rows(self, new_rows: Sequence[Row], areas: Sequence[Area] = (), text: str = "Add row",
                 zone: Zone | None = None) -> None:
        """Add rows and areas (placed in plan coordinates) to ``zone`` or the zone new rows go to."""

        def make() -> list[Edit]:
            target, edits = (zone, []) if zone is not None else self._target_zone()
            return edits + zones.place(self.doc, target, new_rows, areas)

        made = Selection(frozenset(s.guid for r in new_rows for s in r.seats), tuple(areas))
        self.attempt(text, make, select=lambda: made)

    def add_area(self, area: Area, text: str = "Add shape") -> None:
        """A shape in the plan's own areas (plan coordinates)."""
        self.attempt(text, lambda: [ops.add_area(self.doc, area)], select=lambda: Selection(areas=(area,)))

    def make_zone(self, box: Box, name: str | None = None) -> Zone | None:
        """A new zone at the box's corner; rows lying wholly inside it move into it."""
        zone = zones.new_zone(self.doc, name, box.left, box.top)
        done = self.attempt(f"Add zone {zone.name}", lambda: zones.make_zone(self.doc, zone, box),
                            select=lambda: Selection(frozenset(s.guid for r in zone.rows for s in r.seats)))
        if done is None:
            return None
        self.active_zone = zone
        return zone

    def add_empty_zone(self) -> Zone | None:
        zone = zones.new_zone(self.doc)
        if self.apply("Add zone", ops.add_zone, zone) is None:
            return None
        self.active_zone = zone
        return zone

    def move_rows_to_zone(self, moved: Sequence[Row], zone: Zone) -> None:
        """Put rows into another zone (its numbering and name), where they stand in the hall."""
        done = self.attempt(f"Move to zone {zone.name}", lambda: zones.move_rows_to_zone(self.doc, moved, zone))
        if done is not None:
            self.active_zone = zone

    def set_focal_point(self, point: XY | None) -> None:
        self.apply("Set focal point", ops.set_focal_point, point)

    # -- attributes of seats, rows, tables, areas, zones, the plan -----------------------------------
    def set_attributes(self, objects: Sequence[object], text: str, merge_key: object = None, /,
                       **values: object) -> None:
        """Set plain attributes of each object (a row's labels, an area's colour or text, the plan's size ...);
        ``text`` names the command, ``merge_key`` merges it with the next one of the same key."""
        self.attempt(text, lambda: [ops.set_attributes(self.doc, o, **values) for o in objects],
                     merge_key=merge_key)

    def reshape(self, reshaped: Sequence[Row], text: str, merge_key: object = None, **params: object) -> None:
        """Lay rows out again (seat_count, spacing, curvature, angle, skipped, ...), keeping guids."""
        if reshaped:
            self.attempt(text, lambda: [ops.reshape_rows(self.doc, reshaped, **params)], merge_key=merge_key)

    def set_seat_attributes(self, **values: object) -> None:
        """Set attributes on every selected seat (e.g. ``number`` on one seat, ``radius`` on many)."""
        self.apply("Change " + ", ".join(values), rows.set_seat_attributes, self.selection.seats, **values)

    def set_accessibility(self, *, wheelchair: bool | None = None, restricted_view: bool | None = None) -> None:
        self.apply("Change accessibility", rows.set_accessibility, self.selection.seats, wheelchair=wheelchair,
                   restricted_view=restricted_view)

    def pair_companion(self) -> None:
        """With two seats selected, one a wheelchair place: make the other its companion."""
        self.apply("Pair companion seat", rows.pair_companion, self.selection.seats)

    def unpair_companions(self) -> None:
        self.apply("Unpair companion seat", rows.unpair_companions, self.selection.seats)

    def set_table_chairs(self, row: Row, *, seat_count: int | None = None, seats_per_side: int | None = None,
                         end_seats: int | None = None) -> None:
        """Change a table's chairs; the outline follows. Chairs that remain keep their guids."""
        outline = sel.linked_areas(self.doc, row)
        self.attempt("Change table", lambda: rows.set_table_chairs(
            self.doc, row, seat_count=seat_count, seats_per_side=seats_per_side, end_seats=end_seats),
            select=lambda: self.expand([s.guid for s in row.seats], outline, scope="row"))

    # -- categories ---------------------------------------------------------------------------------
    def assign_category(self, name: str) -> None:
        self.apply(f"Set category {name}", categories.assign_category, self.selection.seats, name)

    def add_category(self, name: str | None = None, colour: str | None = None) -> Category | None:
        category = categories.new_category(self.doc, name, colour, PALETTE)
        if self.apply(f"Add category {category.name}", ops.add_category, category) is None:
            return None
        self.current_category = category.name
        return category

    def rename_category(self, old: str, new: str) -> None:
        done = self.apply(f"Rename category {old}", categories.rename_category, old, new)
        if done is not None and self.current_category == old:
            self.current_category = new.strip()

    # -- validation ---------------------------------------------------------------------------------
    def run_validation(self) -> list[Fault]:
        self._validate_timer.stop()
        self.faults = validate(self.doc)
        self.errors = sum(1 for f in self.faults if f.is_error)
        self.warnings = len(self.faults) - self.errors
        self.validated_version = self.seats.version
        self.validationChanged.emit(self.errors, self.warnings)
        return self.faults


def _weak_listener(ctl: EditorController) -> Callable[[str, Sequence[object]], None]:
    """A ``doc.changed`` listener that does not keep the controller alive, and stops listening once the
    controller (a QObject that may be deleted with its widget) is gone."""
    ref = weakref.ref(ctl)

    def listen(kind: str, objects: Sequence[object]) -> None:
        target = ref()
        if target is None or not shiboken6.isValid(target):
            return
        target._on_change(kind, objects)

    return listen
