"""Editing operations on a document, each one undoable and redoable.

Every operation changes the document, announces the change once through ``doc.notify`` and returns an
:class:`Edit`. A ``QUndoCommand`` wraps one operation: its first ``redo()`` calls the operation and
keeps the ``Edit``; ``undo()`` calls ``edit.undo()``; every later ``redo()`` calls ``edit.redo()``,
which puts back exactly the state the operation produced (the same seat objects and guids, even for
seats the operation created). Objects to insert are built beforehand (see :mod:`editor.model.geometry`
and :func:`editor.model.copying.duplicate`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .document import Change, SeatingDocument, row_ordinals
from .elements import XY, Area, AreaText, Category, Point, Row, RowGeometry, Seat, Zone
from .geometry import regenerate_row, rotate
from .numbering import RowLabelling, SeatNumbering, row_labels, seat_numbers

# One attribute change: (object, attribute name, value before, value after).
FieldChange = tuple[object, str, object, object]
_T = TypeVar("_T")



@dataclass(slots=True)
class Edit:
    """What an operation did, to take it back (``undo``) and do it again (``redo``) exactly.

    ``text`` suits an Edit menu ("Undo Move 3 seats").
    """

    text: str
    _undo: Callable[[], None]
    _redo: Callable[[], None]

    def undo(self) -> None:
        self._undo()

    def redo(self) -> None:
        self._redo()


def _seats(doc: SeatingDocument, guids: Iterable[str]) -> list[Seat]:
    index = doc.seat_index()
    out = []
    for guid in guids:
        ref = index.get(guid)
        if ref is None:
            raise KeyError(f"no seat with guid {guid!r}")
        out.append(ref.seat)
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def field_edit(doc: SeatingDocument, text: str, notices: Sequence[tuple[str, Sequence[object]]],
               changes: Sequence[FieldChange]) -> Edit:
    """Apply attribute changes ``(object, name, before, after)`` now, announce them once per notice
    ``(kind, objects)``, and return the Edit that swaps them back and forth: the shape of every operation
    that changes attributes, for the operations of the other modules too."""

    def apply(index: int) -> None:
        for change in changes:
            setattr(change[0], change[1], change[index])
        for kind, objects in notices:
            doc.notify(kind, objects)

    apply(3)
    return Edit(text, lambda: apply(2), lambda: apply(3))


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


# -- moving ---------------------------------------------------------------------------------------
def move_seats(doc: SeatingDocument, guids: Iterable[str], dx: float, dy: float) -> Edit:
    """Move seats by (dx, dy) within their rows."""
    seats = _seats(doc, guids)
    changes: list[FieldChange] = []
    for s in seats:
        changes.append((s, "x", s.x, s.x + dx))
        changes.append((s, "y", s.y, s.y + dy))
    return field_edit(doc, f"Move {_plural(len(seats), 'seat')}", [(Change.SEATS_MOVED, seats)], changes)


def move(doc: SeatingDocument, objects: Sequence[Zone | Row | Area | Seat], dx: float, dy: float) -> Edit:
    """Move zones, rows, areas or seats by (dx, dy); rows carry their seats along."""
    changes: list[FieldChange] = []
    for o in objects:
        changes.append((o, "x", o.x, o.x + dx))
        changes.append((o, "y", o.y, o.y + dy))
    return field_edit(doc, "Move", [(_kind_for(objects), list(objects))], changes)


# -- seat attributes ------------------------------------------------------------------------------
def set_category(doc: SeatingDocument, guids: Iterable[str], name: str) -> Edit:
    """Give seats a declared category."""
    if doc.category(name) is None:
        raise ValueError(f"category {name!r} is not declared in this plan")
    seats = _seats(doc, guids)
    changes: list[FieldChange] = [(s, "category", s.category, name) for s in seats]
    return field_edit(doc, f"Set category {name}", [(Change.SEATS_CHANGED, seats)], changes)


def set_accessibility(doc: SeatingDocument, guids: Iterable[str], *, wheelchair: bool | None = None,
                      restricted_view: bool | None = None) -> Edit:
    """Mark seats as wheelchair places and/or with a restricted view (None leaves a flag as it is)."""
    seats = _seats(doc, guids)
    changes: list[FieldChange] = []
    for s in seats:
        if wheelchair is not None:
            changes.append((s, "wheelchair", s.wheelchair, wheelchair))
        if restricted_view is not None:
            changes.append((s, "restricted_view", s.restricted_view, restricted_view))
    return field_edit(doc, "Change accessibility", [(Change.SEATS_CHANGED, seats)], changes)


def pair_companion(doc: SeatingDocument, companion_guid: str, wheelchair_guid: str | None) -> Edit:
    """Make a seat the companion of a wheelchair place (None: no longer a companion)."""
    seat, = _seats(doc, [companion_guid])
    if wheelchair_guid is not None:
        place, = _seats(doc, [wheelchair_guid])
        if not place.wheelchair:
            raise ValueError(f"seat {wheelchair_guid!r} is not a wheelchair place")
    return field_edit(doc, "Pair companion seat", [(Change.SEATS_CHANGED, [seat])],
                       [(seat, "companion_of", seat.companion_of, wheelchair_guid)])


def set_attributes(doc: SeatingDocument, obj: object, /, **values: object) -> Edit:
    """Set plain attributes of one object (a zone's name, a row's labels, an area's colour, the
    document's size...). Unknown attribute names raise AttributeError before anything changes."""
    for name in values:
        if name.startswith("_") or not hasattr(obj, name):
            raise AttributeError(f"{type(obj).__name__} has no attribute {name!r}")
    kind = Change.SEATS_CHANGED if isinstance(obj, Seat) else _kind_for([obj])
    changes: list[FieldChange] = [(obj, name, getattr(obj, name), value) for name, value in values.items()]
    return field_edit(doc, "Change " + ", ".join(values), [(kind, [obj])], changes)


def set_area_text(doc: SeatingDocument, area: Area, text: str) -> Edit:
    """Give an area a text ("" takes it away); a rectangle's first text is centred in it."""
    t = area.text
    if t is not None:
        new = dataclasses.replace(t, text=text)
    elif area.shape == "rectangle":
        new = AreaText(text, area.width / 2, area.height / 2)
    else:
        new = AreaText(text, 0.0, 0.0)
    return set_attributes(doc, area, text=new if text else None)


def set_text_style(doc: SeatingDocument, area: Area, /, **values: object) -> Edit | None:
    """Change how an area's text looks (``color``, ``size``); None: the area has no text to style."""
    if area.text is None:
        return None
    return set_attributes(doc, area, text=dataclasses.replace(area.text, **values))  # type: ignore[arg-type]


def set_focal_point(doc: SeatingDocument, point: XY | None) -> Edit:
    """Set the stage centre best-available measures from (None: derive it again)."""
    return set_attributes(doc, doc, focal_point=None if point is None else Point(*point))


def rename_category(doc: SeatingDocument, old: str, new: str) -> Edit:
    """Rename a category and every seat that refers to it."""
    category = doc.category(old)
    if category is None:
        raise ValueError(f"category {old!r} is not declared in this plan")
    if new != old and doc.category(new) is not None:
        raise ValueError(f"category {new!r} already exists")
    seats = [s for z in doc.zones for r in z.rows for s in r.seats if s.category == old]
    changes: list[FieldChange] = [(category, "name", old, new)]
    changes += [(s, "category", old, new) for s in seats]
    return field_edit(doc, f"Rename category {old}",
                       [(Change.CATEGORIES_CHANGED, [category]), (Change.SEATS_CHANGED, seats)], changes)


# -- inserting and removing -----------------------------------------------------------------------
def _insert_many(doc: SeatingDocument, container: list[_T], objects: Sequence[_T], index: int | None,
                 text: str) -> Edit:
    for obj in objects:
        if any(o is obj for o in container):
            raise ValueError("that object is already in the plan")
    at = len(container) if index is None else index
    added = list(objects)

    def insert() -> None:
        container[at:at] = added
        doc.notify(Change.ADDED, added)

    def take_out() -> None:
        ids = {id(o) for o in added}
        container[:] = [o for o in container if id(o) not in ids]
        doc.notify(Change.REMOVED, added)

    insert()
    return Edit(text, take_out, insert)


def add_zone(doc: SeatingDocument, zone: Zone, index: int | None = None) -> Edit:
    return _insert_many(doc, doc.zones, [zone], index, "Add zone")


def add_row(doc: SeatingDocument, zone: Zone, row: Row, index: int | None = None) -> Edit:
    return _insert_many(doc, zone.rows, [row], index, "Add row")


def add_rows(doc: SeatingDocument, zone: Zone, rows: Sequence[Row], index: int | None = None) -> Edit:
    """Add a block of rows in one step."""
    return _insert_many(doc, zone.rows, rows, index, f"Add {_plural(len(rows), 'row')}")


def add_seat(doc: SeatingDocument, row: Row, seat: Seat, index: int | None = None) -> Edit:
    return _insert_many(doc, row.seats, [seat], index, "Add seat")


def add_area(doc: SeatingDocument, area: Area, zone: Zone | None = None, index: int | None = None) -> Edit:
    """Add a shape to a zone, or to the document's free areas when ``zone`` is None."""
    return _insert_many(doc, zone.areas if zone is not None else doc.areas, [area], index, "Add shape")


def add_category(doc: SeatingDocument, category: Category, index: int | None = None) -> Edit:
    if doc.category(category.name) is not None:
        raise ValueError(f"category {category.name!r} already exists")
    return _insert_many(doc, doc.categories, [category], index, f"Add category {category.name}")


def _containers(doc: SeatingDocument) -> Iterable[list[Any]]:
    yield doc.zones
    yield doc.categories
    yield doc.areas
    for zone in doc.zones:
        yield zone.rows
        yield zone.areas
        for row in zone.rows:
            yield row.seats


def remove(doc: SeatingDocument, objects: Sequence[Zone | Row | Seat | Area | Category]) -> Edit:
    """Take zones, rows, seats, areas or categories out of the plan (seats' guids go with them)."""
    wanted = {id(o) for o in objects}
    taken: list[tuple[list[Any], int, object]] = []
    for container in list(_containers(doc)):
        for i, o in enumerate(container):
            if id(o) in wanted:
                taken.append((container, i, o))
    if len(taken) != len(wanted):
        raise ValueError("some of these objects are not in the plan")
    removed = [o for _, _, o in taken]

    def take_out() -> None:
        # From the back, so earlier indices stay valid.
        for container, i, _ in sorted(taken, key=lambda t: t[1], reverse=True):
            del container[i]
        doc.notify(Change.REMOVED, removed)

    def put_back() -> None:
        for container, i, o in sorted(taken, key=lambda t: t[1]):
            container.insert(i, o)
        doc.notify(Change.ADDED, removed)

    take_out()
    return Edit(f"Delete {_plural(len(removed), 'object')}", put_back, take_out)


def remove_seats(doc: SeatingDocument, guids: Iterable[str]) -> Edit:
    return remove(doc, _seats(doc, guids))


# -- numbering ------------------------------------------------------------------------------------
def renumber_row(doc: SeatingDocument, row: Row, numbering: SeatNumbering | None = None) -> Edit:
    """Number a row's seats along the row by ``numbering`` (default: the row's own scheme).
    Labels change; guids do not."""
    scheme = numbering or (row.geometry.numbering if row.geometry else SeatNumbering())
    numbers = seat_numbers(len(row.seats), scheme)
    changes: list[FieldChange] = [(s, "number", s.number, numbers[k])
                                  for s, k in zip(row.seats, row_ordinals(row), strict=True)]
    if row.geometry is not None:
        changes.append((row.geometry, "numbering", row.geometry.numbering, scheme))
    return field_edit(doc, f"Renumber row {row.row_number}", [(Change.SEATS_CHANGED, list(row.seats))],
                       changes)


def relabel_rows(doc: SeatingDocument, rows: Sequence[Row], labelling: RowLabelling,
                 zone: Zone | None = None) -> Edit:
    """Give ``rows`` (front to back) row numbers by ``labelling``; remembered on ``zone`` if given."""
    labels = row_labels(len(rows), labelling)
    changes: list[FieldChange] = [(r, "row_number", r.row_number, label)
                                  for r, label in zip(rows, labels, strict=True)]
    if zone is not None:
        changes.append((zone, "row_labelling", zone.row_labelling, labelling))
    return field_edit(doc, "Relabel rows", [(Change.ROWS_CHANGED, list(rows))], changes)


# -- reshaping drawn rows -------------------------------------------------------------------------
def reshape_rows(doc: SeatingDocument, rows: Sequence[Row], /, **params: object) -> Edit:
    """Lay rows out again with new parameters (``seat_count``, ``spacing``, ``curvature``, ``angle``,
    ``skipped``, ``numbering``, ``renumber``) keeping the guids of seats that remain; see
    :func:`editor.model.geometry.regenerate_row`. Rows without geometry get one inferred first."""
    layouts = [regenerate_row(row, **params) for row in rows]  # type: ignore[arg-type]
    changes: list[FieldChange] = []
    for row, layout in zip(rows, layouts, strict=True):
        changes += [(row, "x", row.x, layout.x), (row, "y", row.y, layout.y),
                    (row, "seats", row.seats, layout.seats), (row, "geometry", row.geometry, layout.geometry)]
    return field_edit(doc, "Reshape rows", [(Change.ROWS_CHANGED, list(rows))], changes)


def set_curvature(doc: SeatingDocument, rows: Sequence[Row], curvature: float) -> Edit:
    """Bend several rows at once (degrees of arc; 0 straightens them)."""
    edit = reshape_rows(doc, rows, curvature=curvature)
    edit.text = "Set curve"
    return edit


def set_spacing(doc: SeatingDocument, rows: Sequence[Row], spacing: float) -> Edit:
    edit = reshape_rows(doc, rows, spacing=spacing)
    edit.text = "Set spacing"
    return edit


def resize_row(doc: SeatingDocument, row: Row, seat_count: int) -> Edit:
    """Add seats at the end of a row or drop them from the end (dragging the end handle)."""
    edit = reshape_rows(doc, [row], seat_count=seat_count)
    edit.text = "Resize row"
    return edit


# -- turning and mirroring blocks -----------------------------------------------------------------
def rotate_rows(doc: SeatingDocument, rows: Sequence[Row], angle: float, about: XY) -> Edit:
    """Turn rows by ``angle`` degrees (clockwise on screen) about ``about`` (zone coordinates)."""
    changes: list[FieldChange] = []
    for row in rows:
        (x, y), = rotate([(row.x, row.y)], angle, about)
        turned_seats = rotate([(s.x, s.y) for s in row.seats], angle)
        moved = [Seat(s.guid, s.number, px, py, s.category, s.radius, s.uuid, s.start_direction,
                      s.wheelchair, s.companion_of, s.restricted_view)
                 for s, (px, py) in zip(row.seats, turned_seats, strict=True)]
        changes += [(row, "x", row.x, x), (row, "y", row.y, y), (row, "seats", row.seats, moved)]
        if row.geometry is not None:
            turned = _copy_geometry(row.geometry)
            turned.angle = (turned.angle + angle) % 360
            changes.append((row, "geometry", row.geometry, turned))
    return field_edit(doc, "Rotate", [(Change.ROWS_CHANGED, list(rows))], changes)


def flip_rows(doc: SeatingDocument, rows: Sequence[Row], about: XY, *, horizontal: bool = True) -> Edit:
    """Mirror rows left-right (``horizontal``) or top-bottom about the line through ``about``.
    Seats keep their numbers: seat 1 stays the first seat from the row's start."""
    changes: list[FieldChange] = []
    for row in rows:
        if horizontal:
            x, y = 2 * about[0] - row.x, row.y
            coords = [(-s.x, s.y) for s in row.seats]
        else:
            x, y = row.x, 2 * about[1] - row.y
            coords = [(s.x, -s.y) for s in row.seats]
        mirrored = [Seat(s.guid, s.number, px, py, s.category, s.radius, s.uuid, s.start_direction,
                         s.wheelchair, s.companion_of, s.restricted_view)
                    for s, (px, py) in zip(row.seats, coords, strict=True)]
        changes += [(row, "x", row.x, x), (row, "y", row.y, y), (row, "seats", row.seats, mirrored)]
        if row.geometry is not None:
            g = _copy_geometry(row.geometry)
            # A mirror image turns the other way round: the angle reflects and the bend changes side.
            g.angle = ((180 - g.angle) if horizontal else -g.angle) % 360
            g.curvature = -g.curvature
            changes.append((row, "geometry", row.geometry, g))
    return field_edit(doc, "Flip", [(Change.ROWS_CHANGED, list(rows))], changes)


def _copy_geometry(g: RowGeometry) -> RowGeometry:
    return dataclasses.replace(g)
