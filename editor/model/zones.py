"""Zones as the editor changes them: the zone new rows go to, placing new rows and shapes, a zone drawn
around rows, rows moved from one zone to another (where they stand in the hall), renaming.

Operations return the :class:`~editor.model.operations.Edit` s they applied (empty: nothing to change).
"""

from __future__ import annotations

from collections.abc import Sequence

from . import operations as ops
from .document import Change, SeatingDocument
from .elements import Area, Row, Zone
from .geometry import Box
from .ids import new_id
from .numbering import SKIP_I_O, RowLabelling
from .operations import Edit, FieldChange, field_edit
from .selection import linked_areas


def unique_zone_name(doc: SeatingDocument, base: str) -> str:
    """``base``, or ``base`` with the first free number ("Zone" always gets one: "Zone 1")."""
    names = {z.name for z in doc.zones}
    if base not in names and base != "Zone":
        return base
    n = 1
    while f"{base} {n}" in names:
        n += 1
    return f"{base} {n}"


def new_zone(doc: SeatingDocument, name: str | None = None, x: float = 0.0, y: float = 0.0) -> Zone:
    """A zone (not yet in the plan) labelling its rows with letters without I and O."""
    return Zone(name or unique_zone_name(doc, "Zone"), x, y, uuid=new_id(),
                row_labelling=RowLabelling(skip_letters=SKIP_I_O))


def target_zone(doc: SeatingDocument, active: Zone | None) -> tuple[Zone, list[Edit]]:
    """The zone new rows go to: the active one, else the first; a plan without zones gets a "Floor" (the
    edits that added it come along)."""
    if active is not None and any(z is active for z in doc.zones):
        return active, []
    if doc.zones:
        return doc.zones[0], []
    zone = new_zone(doc, "Floor")
    return zone, [ops.add_zone(doc, zone)]


def place(doc: SeatingDocument, zone: Zone, rows: Sequence[Row], areas: Sequence[Area] = ()) -> list[Edit]:
    """Put new rows and areas, positioned in plan coordinates, into ``zone`` (they are shifted into its
    coordinates first)."""
    for r in rows:
        r.x -= zone.x
        r.y -= zone.y
    for a in areas:
        a.x -= zone.x
        a.y -= zone.y
    edits = [ops.add_rows(doc, zone, rows)] if rows else []
    edits += [ops.add_area(doc, a, zone) for a in areas]
    return edits


def rows_inside(doc: SeatingDocument, box: Box) -> list[tuple[Zone, Row]]:
    """The rows (with their zones) whose every seat stands inside ``box``."""
    out: list[tuple[Zone, Row]] = []
    for zone in doc.zones:
        for row in zone.rows:
            ox, oy = zone.x + row.x, zone.y + row.y
            if row.seats and all(box.contains(ox + s.x, oy + s.y) for s in row.seats):
                out.append((zone, row))
    return out


def make_zone(doc: SeatingDocument, zone: Zone, box: Box) -> list[Edit]:
    """Add a new ``zone`` (see :func:`new_zone`: the editor places it at the box's top-left corner) and move
    into it the rows lying wholly inside ``box``, keeping their place in the hall."""
    taken = rows_inside(doc, box)
    return [ops.add_zone(doc, zone), *move_rows(doc, taken, zone)]


def move_rows(doc: SeatingDocument, taken: Sequence[tuple[Zone, Row]], zone: Zone) -> list[Edit]:
    """Rows (each with the zone it is in now, and its table outline) taken out and put into ``zone``,
    keeping their place in the hall."""
    taken = [(z, r) for z, r in taken if z is not zone]
    if not taken:
        return []
    rows = [r for _, r in taken]
    areas: list[tuple[Area, Zone]] = []
    for z, r in taken:
        areas.extend((a, z) for a in linked_areas(doc, r) if any(x is a for x in z.areas))
    edits = [ops.remove(doc, [*rows, *(a for a, _ in areas)])]
    changes: list[FieldChange] = []
    for z, r in taken:
        changes += [(r, "x", r.x, r.x + z.x - zone.x), (r, "y", r.y, r.y + z.y - zone.y)]
    for a, z in areas:
        changes += [(a, "x", a.x, a.x + z.x - zone.x), (a, "y", a.y, a.y + z.y - zone.y)]
    edits.append(field_edit(doc, "Move into zone", [(Change.ROWS_CHANGED, rows)], changes))
    edits.append(ops.add_rows(doc, zone, rows))
    edits += [ops.add_area(doc, a, zone) for a, _ in areas]
    return edits


def move_rows_to_zone(doc: SeatingDocument, rows: Sequence[Row], zone: Zone) -> list[Edit]:
    """Put rows into another zone (its numbering and name), where they stand in the hall."""
    zone_of = {id(r): z for z in doc.zones for r in z.rows}
    return move_rows(doc, [(zone_of[id(r)], r) for r in rows if id(r) in zone_of], zone)


def rename_zone(doc: SeatingDocument, zone: Zone, name: str) -> list[Edit]:
    name = name.strip()
    if not name or name == zone.name:
        return []
    return [ops.set_attributes(doc, zone, name=name)]
