"""Editing operations on a document, each one undoable.

Every operation changes the document, announces the change once through ``doc.notify`` and returns an
:class:`Undo` that puts everything back (and announces that too). A ``QUndoCommand`` wraps one
operation: ``redo()`` calls the operation (again) with the same arguments and keeps the returned
``Undo``; ``undo()`` calls it. Objects to insert are built beforehand (see :mod:`editor.model.geometry`
and :func:`editor.model.copying.duplicate`) so a redo inserts the very same seats with the same guids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .document import Change, SeatingDocument
from .elements import XY, Area, Category, Point, Row, Seat, Zone
from .geometry import regenerate_row
from .numbering import RowLabelling, SeatNumbering, row_labels, seat_numbers


@dataclass(slots=True)
class Undo:
    """Call ``undo()`` to revert the operation that returned this; ``text`` suits an Edit menu."""

    text: str
    restore: Callable[[], None]

    def undo(self) -> None:
        self.restore()

    __call__ = undo


def _seats(doc: SeatingDocument, guids: Iterable[str]) -> list[Seat]:
    index = doc.seat_index()
    out = []
    for guid in guids:
        ref = index.get(guid)
        if ref is None:
            raise KeyError(f"no seat with guid {guid!r}")
        out.append(ref.seat)
    return out


def _set_fields(doc: SeatingDocument, kind: str, saved: list[tuple[object, str, object]],
                objects: Sequence[object]) -> None:
    for obj, name, value in saved:
        setattr(obj, name, value)
    doc.notify(kind, objects)


# -- moving ---------------------------------------------------------------------------------------
def move_seats(doc: SeatingDocument, guids: Iterable[str], dx: float, dy: float) -> Undo:
    """Move seats by (dx, dy) within their rows."""
    seats = _seats(doc, guids)
    old = [(s, s.x, s.y) for s in seats]
    for s in seats:
        s.x += dx
        s.y += dy
    doc.notify(Change.SEATS_MOVED, seats)

    def restore() -> None:
        for s, x, y in old:
            s.x, s.y = x, y
        doc.notify(Change.SEATS_MOVED, seats)

    return Undo(f"Move {len(seats)} seat{'s' if len(seats) != 1 else ''}", restore)


def move(doc: SeatingDocument, objects: Sequence[Zone | Row | Area | Seat], dx: float, dy: float) -> Undo:
    """Move zones, rows, areas or seats by (dx, dy); rows carry their seats along."""
    old = [(o, o.x, o.y) for o in objects]
    for o in objects:
        o.x += dx
        o.y += dy
    kind = _kind_for(objects)
    doc.notify(kind, list(objects))

    def restore() -> None:
        for o, x, y in old:
            o.x, o.y = x, y
        doc.notify(kind, list(objects))

    return Undo("Move", restore)


def _kind_for(objects: Sequence[object]) -> str:
    if all(isinstance(o, Seat) for o in objects):
        return Change.SEATS_MOVED
    if all(isinstance(o, Area) for o in objects):
        return Change.AREAS_CHANGED
    if all(isinstance(o, Zone) for o in objects):
        return Change.ZONES_CHANGED
    if all(isinstance(o, Category) for o in objects):
        return Change.CATEGORIES_CHANGED
    if all(isinstance(o, SeatingDocument) for o in objects):
        return Change.DOCUMENT_CHANGED
    return Change.ROWS_CHANGED


# -- seat attributes ------------------------------------------------------------------------------
def set_category(doc: SeatingDocument, guids: Iterable[str], name: str) -> Undo:
    """Give seats a declared category."""
    if doc.category(name) is None:
        raise ValueError(f"category {name!r} is not declared in this plan")
    seats = _seats(doc, guids)
    saved = [(s, "category", s.category) for s in seats]
    for s in seats:
        s.category = name
    doc.notify(Change.SEATS_CHANGED, seats)
    return Undo(f"Set category {name}", lambda: _set_fields(doc, Change.SEATS_CHANGED, saved, seats))


def set_accessibility(doc: SeatingDocument, guids: Iterable[str], *, wheelchair: bool | None = None,
                      restricted_view: bool | None = None) -> Undo:
    """Mark seats as wheelchair places and/or with a restricted view (None leaves a flag as it is)."""
    seats = _seats(doc, guids)
    saved: list[tuple[object, str, object]] = []
    for s in seats:
        if wheelchair is not None:
            saved.append((s, "wheelchair", s.wheelchair))
            s.wheelchair = wheelchair
        if restricted_view is not None:
            saved.append((s, "restricted_view", s.restricted_view))
            s.restricted_view = restricted_view
    doc.notify(Change.SEATS_CHANGED, seats)
    return Undo("Change accessibility", lambda: _set_fields(doc, Change.SEATS_CHANGED, saved, seats))


def pair_companion(doc: SeatingDocument, companion_guid: str, wheelchair_guid: str | None) -> Undo:
    """Make a seat the companion of a wheelchair place (None: no longer a companion)."""
    seat, = _seats(doc, [companion_guid])
    if wheelchair_guid is not None:
        place, = _seats(doc, [wheelchair_guid])
        if not place.wheelchair:
            raise ValueError(f"seat {wheelchair_guid!r} is not a wheelchair place")
    saved = [(seat, "companion_of", seat.companion_of)]
    seat.companion_of = wheelchair_guid
    doc.notify(Change.SEATS_CHANGED, [seat])
    return Undo("Pair companion seat", lambda: _set_fields(doc, Change.SEATS_CHANGED, saved, [seat]))


def set_attributes(doc: SeatingDocument, obj: object, **values: object) -> Undo:
    """Set plain attributes of one object (a zone's name, a row's labels, an area's colour, the
    document's size...). Unknown attribute names raise AttributeError before anything changes."""
    for name in values:
        if name.startswith("_") or not hasattr(obj, name):
            raise AttributeError(f"{type(obj).__name__} has no attribute {name!r}")
    saved = [(obj, name, getattr(obj, name)) for name in values]
    for name, value in values.items():
        setattr(obj, name, value)
    kind = Change.SEATS_CHANGED if isinstance(obj, Seat) else _kind_for([obj])
    doc.notify(kind, [obj])
    return Undo("Change " + ", ".join(values), lambda: _set_fields(doc, kind, saved, [obj]))


def set_focal_point(doc: SeatingDocument, point: XY | None) -> Undo:
    """Set the stage centre best-available measures from (None: derive it again)."""
    return set_attributes(doc, doc, focal_point=None if point is None else Point(*point))


def rename_category(doc: SeatingDocument, old: str, new: str) -> Undo:
    """Rename a category and every seat that refers to it."""
    category = doc.category(old)
    if category is None:
        raise ValueError(f"category {old!r} is not declared in this plan")
    if new != old and doc.category(new) is not None:
        raise ValueError(f"category {new!r} already exists")
    seats = [s for z in doc.zones for r in z.rows for s in r.seats if s.category == old]
    saved: list[tuple[object, str, object]] = [(category, "name", old)]
    saved += [(s, "category", old) for s in seats]
    category.name = new
    for s in seats:
        s.category = new
    doc.notify(Change.CATEGORIES_CHANGED, [category])
    doc.notify(Change.SEATS_CHANGED, seats)

    def restore() -> None:
        _set_fields(doc, Change.CATEGORIES_CHANGED, saved, [category])
        doc.notify(Change.SEATS_CHANGED, seats)

    return Undo(f"Rename category {old}", restore)


# -- inserting and removing -----------------------------------------------------------------------
def _insert(doc: SeatingDocument, container: list, obj: object, index: int | None, text: str) -> Undo:
    if any(o is obj for o in container):
        raise ValueError("that object is already in the plan")
    at = len(container) if index is None else index
    container.insert(at, obj)
    doc.notify(Change.ADDED, [obj])

    def restore() -> None:
        for i, o in enumerate(container):
            if o is obj:
                del container[i]
                break
        doc.notify(Change.REMOVED, [obj])

    return Undo(text, restore)


def add_zone(doc: SeatingDocument, zone: Zone, index: int | None = None) -> Undo:
    return _insert(doc, doc.zones, zone, index, "Add zone")


def add_row(doc: SeatingDocument, zone: Zone, row: Row, index: int | None = None) -> Undo:
    return _insert(doc, zone.rows, row, index, "Add row")


def add_rows(doc: SeatingDocument, zone: Zone, rows: Sequence[Row]) -> Undo:
    """Add a block of rows in one undoable step."""
    for row in rows:
        if any(r is row for r in zone.rows):
            raise ValueError("that row is already in the plan")
    zone.rows.extend(rows)
    doc.notify(Change.ADDED, list(rows))

    def restore() -> None:
        ids = {id(r) for r in rows}
        zone.rows[:] = [r for r in zone.rows if id(r) not in ids]
        doc.notify(Change.REMOVED, list(rows))

    return Undo(f"Add {len(rows)} rows", restore)


def add_seat(doc: SeatingDocument, row: Row, seat: Seat, index: int | None = None) -> Undo:
    return _insert(doc, row.seats, seat, index, "Add seat")


def add_area(doc: SeatingDocument, area: Area, zone: Zone | None = None, index: int | None = None) -> Undo:
    """Add a shape to a zone, or to the document's free areas when ``zone`` is None."""
    return _insert(doc, zone.areas if zone is not None else doc.areas, area, index, "Add shape")


def add_category(doc: SeatingDocument, category: Category, index: int | None = None) -> Undo:
    if doc.category(category.name) is not None:
        raise ValueError(f"category {category.name!r} already exists")
    return _insert(doc, doc.categories, category, index, f"Add category {category.name}")


def _containers(doc: SeatingDocument) -> Iterable[list]:
    yield doc.zones
    yield doc.categories
    yield doc.areas
    for zone in doc.zones:
        yield zone.rows
        yield zone.areas
        for row in zone.rows:
            yield row.seats


def remove(doc: SeatingDocument, objects: Sequence[Zone | Row | Seat | Area | Category]) -> Undo:
    """Take zones, rows, seats, areas or categories out of the plan (seats' guids go with them)."""
    wanted = {id(o) for o in objects}
    taken: list[tuple[list, int, object]] = []
    for container in list(_containers(doc)):
        for i, o in enumerate(container):
            if id(o) in wanted:
                taken.append((container, i, o))
    if len(taken) != len(wanted):
        raise ValueError("some of these objects are not in the plan")
    # Delete from the back so earlier indices stay valid; restore front to back.
    for container, i, _ in sorted(taken, key=lambda t: t[1], reverse=True):
        del container[i]
    removed = [o for _, _, o in taken]
    doc.notify(Change.REMOVED, removed)

    def restore() -> None:
        for container, i, o in sorted(taken, key=lambda t: t[1]):
            container.insert(i, o)
        doc.notify(Change.ADDED, removed)

    return Undo(f"Delete {len(removed)} object{'s' if len(removed) != 1 else ''}", restore)


def remove_seats(doc: SeatingDocument, guids: Iterable[str]) -> Undo:
    return remove(doc, _seats(doc, guids))


# -- numbering ------------------------------------------------------------------------------------
def renumber_row(doc: SeatingDocument, row: Row, numbering: SeatNumbering | None = None) -> Undo:
    """Number a row's seats along the row by ``numbering`` (default: the row's own scheme).
    Labels change; guids do not."""
    from .document import row_ordinals

    scheme = numbering or (row.geometry.numbering if row.geometry else SeatNumbering())
    ordinals = row_ordinals(row)
    numbers = seat_numbers(len(row.seats), scheme)
    saved: list[tuple[object, str, object]] = [(s, "number", s.number) for s in row.seats]
    if row.geometry is not None:
        saved.append((row.geometry, "numbering", row.geometry.numbering))
        row.geometry.numbering = scheme
    for seat, ordinal in zip(row.seats, ordinals, strict=True):
        seat.number = numbers[ordinal]
    seats = list(row.seats)
    doc.notify(Change.SEATS_CHANGED, seats)
    return Undo(f"Renumber row {row.row_number}",
                lambda: _set_fields(doc, Change.SEATS_CHANGED, saved, seats))


def relabel_rows(doc: SeatingDocument, rows: Sequence[Row], labelling: RowLabelling,
                 zone: Zone | None = None) -> Undo:
    """Give ``rows`` (front to back) row numbers by ``labelling``; remembered on ``zone`` if given."""
    labels = row_labels(len(rows), labelling)
    saved: list[tuple[object, str, object]] = [(r, "row_number", r.row_number) for r in rows]
    if zone is not None:
        saved.append((zone, "row_labelling", zone.row_labelling))
        zone.row_labelling = labelling
    for row, label in zip(rows, labels, strict=True):
        row.row_number = label
    doc.notify(Change.ROWS_CHANGED, list(rows))
    return Undo("Relabel rows", lambda: _set_fields(doc, Change.ROWS_CHANGED, saved, list(rows)))


# -- reshaping drawn rows -------------------------------------------------------------------------
def reshape_rows(doc: SeatingDocument, rows: Sequence[Row], **params: object) -> Undo:
    """Lay rows out again with new parameters (``seat_count``, ``spacing``, ``curvature``, ``angle``,
    ``skipped``, ``numbering``, ``renumber``) keeping the guids of seats that remain; see
    :func:`editor.model.geometry.regenerate_row`. Rows without geometry get one inferred first."""
    layouts = [regenerate_row(row, **params) for row in rows]  # type: ignore[arg-type]
    saved = [(row, row.x, row.y, row.seats, row.geometry) for row in rows]
    for row, layout in zip(rows, layouts, strict=True):
        row.x, row.y, row.seats, row.geometry = layout.x, layout.y, layout.seats, layout.geometry
    doc.notify(Change.ROWS_CHANGED, list(rows))

    def restore() -> None:
        for row, x, y, seats, geometry in saved:
            row.x, row.y, row.seats, row.geometry = x, y, seats, geometry
        doc.notify(Change.ROWS_CHANGED, list(rows))

    return Undo("Reshape rows", restore)


def set_curvature(doc: SeatingDocument, rows: Sequence[Row], curvature: float) -> Undo:
    """Bend several rows at once (degrees of arc; 0 straightens them)."""
    undo = reshape_rows(doc, rows, curvature=curvature)
    undo.text = "Set curve"
    return undo


def set_spacing(doc: SeatingDocument, rows: Sequence[Row], spacing: float) -> Undo:
    undo = reshape_rows(doc, rows, spacing=spacing)
    undo.text = "Set spacing"
    return undo


def resize_row(doc: SeatingDocument, row: Row, seat_count: int) -> Undo:
    """Add seats at the end of a row or drop them from the end (dragging the end handle)."""
    undo = reshape_rows(doc, [row], seat_count=seat_count)
    undo.text = "Resize row"
    return undo
