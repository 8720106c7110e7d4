"""pretix seating plans: import of both schema generations, export of the current one.

Import keeps everything pretix stores even where the editor does not draw it (uuids, row and seat
labels, radius, start direction, row number position, zone ids, areas), so an export gives it back.
A plan that cannot be used raises :class:`~editor.model.PlanError` naming every fault with its place;
nothing is ever half-loaded.

Lost on export, because pretix has no place for them: accessibility (wheelchair, companion,
restricted view), the focal point, the editor's row geometry and numbering schemes, area kinds and
standing-area capacities (a standing area becomes a plain rectangle). The native format keeps them all.

Conventions where the schema is silent (they only matter for drawing, never for a round trip):
a rectangle's position is its top-left corner, a circle's or an ellipse's its centre; polygon points and
an area's text position are relative to the area's position. A legacy area (flat width/height and a text
string) becomes a rectangle whose text sits in its middle.
"""

from __future__ import annotations

import math
import uuid as uuidlib
from typing import Any

from editor.model.document import SeatingDocument
from editor.model.elements import (
    AREA_SHAPES,
    DEFAULT_SEAT_RADIUS,
    Area,
    AreaText,
    Category,
    Row,
    RowGeometry,
    Seat,
    Zone,
)
from editor.model.faults import PlanError, error
from editor.model.focal import derive_focal_point

from .checking import COORDINATE_LIMIT, NUMBER_TYPES, FaultList, describe
from .source import PlanSource, read_json

PRETIX = "pretix"
PRETIX_LEGACY = "pretix-legacy"

# Row number positions written by other pretix-compatible tools, mapped onto the schema's enum.
_ROW_NUMBER_POSITIONS = {"start": "start", "end": "end", "both": "both", None: None,
                         "left": "start", "right": "end", "none": None}
# Missing uuids of zones and rows are derived from their place, so loading one file twice gives the
# same row keys (the database uses them to group seats into rows).
_UUID_NAMESPACE = uuidlib.UUID("7d1f0a52-3c5e-4f0b-9a51-2b8f1f3f6c11")
_MARGIN = 50  # around the seats when a legacy plan has no size


def load_pretix(source: PlanSource) -> SeatingDocument:
    """A document from a pretix plan (a dict, JSON text, bytes or a path), current or legacy."""
    return _Reader().read(read_json(source))


class _Reader:
    def __init__(self) -> None:
        self.f = FaultList()
        # Shapes seen that only one generation has; they tell the generations apart.
        self.legacy_marks = 0
        self.current_marks = 0
        self.guids: set[str] = set()
        # Seats whose guid was taken already: (guid, zone index, row index, seat index, row, zone).
        self.duplicates: list[tuple[str, int, int, int, str, str]] = []
        # Undeclared category -> [seats using it, place of the first, its description].
        self.undeclared: dict[str, list[Any]] = {}

    # -- top level --------------------------------------------------------------------------------
    def read(self, data: Any) -> SeatingDocument:
        f = self.f
        if not isinstance(data, dict):
            raise PlanError([error("not-an-object",
                                   f"A seating plan must be a JSON object, not {describe(data)}.")])
        top = "top level"
        name = f.string(data, "name", top, required=True, default="") or ""
        categories = self._categories(f.list_of(data, "categories", top, required=True))
        size = self._size(data)
        zones_data = f.list_of(data, "zones", top, required=True)
        doc = SeatingDocument(name=name, categories=categories)
        declared = {c.name for c in categories}
        seat_total = 0
        used_uuids: set[str] = set()
        for zi, zd in enumerate(zones_data):
            zone = self._zone(zd, zi, declared, used_uuids)
            if zone is not None:
                doc.zones.append(zone)
                seat_total += sum(len(r.seats) for r in zone.rows)
        if self.duplicates:
            self._report_duplicates(zones_data)
        for category, (count, where, context) in self.undeclared.items():
            f.add(where, "undeclared-category",
                  f"category {category!r} is not declared in 'categories'"
                  + (f"; {count} seats use it" if count > 1 else ""), context=context)
        if seat_total == 0 and not f:
            f.add("", "no-seats", "the plan has no seats", context="")
        if f:
            raise PlanError(f.faults)

        if size is None:
            bounds = doc.bounds() or (0, 0, 0, 0)
            size = (max(round(bounds[2]) + _MARGIN, 1), max(round(bounds[3]) + _MARGIN, 1))
        doc.width, doc.height = size
        doc.source_format = PRETIX_LEGACY if self.legacy_marks and not self.current_marks else PRETIX
        doc.focal_point = derive_focal_point(doc)
        return doc

    def _categories(self, items: list[Any]) -> list[Category]:
        f = self.f
        out: list[Category] = []
        seen: set[str] = set()
        for i, item in enumerate(items):
            where = f"categories[{i}]"
            if not f.need_object(item, where):
                continue
            name = f.string(item, "name", where, required=True)
            color = f.string(item, "color", where)
            if name is None:
                continue
            if name in seen:
                f.add(where, "duplicate-category", f"category {name!r} is declared twice")
                continue
            seen.add(name)
            out.append(Category(name, color))
        return out

    def _size(self, data: dict[str, Any]) -> tuple[float, float] | None:
        f = self.f
        if "size" not in data:
            self.legacy_marks += 1  # required by the current schema, optional in the legacy one
            return None
        size = data["size"]
        if not isinstance(size, dict):
            f.add("size", "wrong-type", f"must be an object with width and height, not {describe(size)}")
            return None
        width = f.number(size, "width", "size", required=True, positive=True, default=1)
        height = f.number(size, "height", "size", required=True, positive=True, default=1)
        return (width, height)

    # -- zones and rows ---------------------------------------------------------------------------
    def _zone(self, zd: Any, zi: int, declared: set[str], used_uuids: set[str]) -> Zone | None:
        f = self.f
        where = f"zones[{zi}]"
        f.context = ""
        if not f.need_object(zd, where):
            return None
        name = f.string(zd, "name", where, default="") or ""
        f.context = f"zone {name!r}"
        zx, zy = f.position(zd, "position", where, required=True)
        zone_id = f.string(zd, "zone_id", where)
        zuuid = f.string(zd, "uuid", where)
        if "displayed" in zd:
            self.legacy_marks += 1
            if not isinstance(zd["displayed"], bool):
                f.add(where, "wrong-type",
                      f"'displayed' must be true or false, not {describe(zd['displayed'])}")
        if "zone_id" in zd or "uuid" in zd:
            self.current_marks += 1
        rows_data = f.list_of(zd, "rows", where, required=True)
        areas_data = f.list_of(zd, "areas", where)
        if not zuuid or zuuid in used_uuids:
            zuuid = str(uuidlib.uuid5(_UUID_NAMESPACE, f"zone/{zi}/{name}"))
        used_uuids.add(zuuid)
        zone = Zone(name, zx, zy, [], [], zone_id, zuuid)
        for ri, rd in enumerate(rows_data):
            row = self._row(rd, zi, ri, zone, declared, used_uuids)
            if row is not None:
                zone.rows.append(row)
        for ai, ad in enumerate(areas_data):
            f.context = f"zone {name!r}"
            area = self._area(ad, f"{where}.areas[{ai}]")
            if area is not None:
                zone.areas.append(area)
        return zone

    def _row(self, rd: Any, zi: int, ri: int, zone: Zone, declared: set[str],
             used_uuids: set[str]) -> Row | None:
        f = self.f
        where = f"zones[{zi}].rows[{ri}]"
        f.context = f"zone {zone.name!r}"
        if not f.need_object(rd, where):
            return None
        row_number = f.string(rd, "row_number", where, required=True, default="") or ""
        f.context = f"row {row_number!r} of zone {zone.name!r}"
        seats_data = f.list_of(rd, "seats", where, required=True)
        rx, ry = f.position(rd, "position", where)
        row_label = f.string(rd, "row_label", where, nullable=True)
        seat_label = f.string(rd, "seat_label", where, nullable=True)
        ruuid = f.string(rd, "uuid", where)
        rnp = None
        if "row_number_position" in rd:
            raw = rd["row_number_position"]
            if isinstance(raw, (str, type(None))) and raw in _ROW_NUMBER_POSITIONS:
                rnp = _ROW_NUMBER_POSITIONS[raw]
            else:
                f.add(where, "wrong-value", "'row_number_position' must be 'start', 'end', 'both' or null, "
                      f"not {describe(raw)}")
        if any(k in rd for k in ("row_label", "seat_label", "uuid", "row_number_position")):
            self.current_marks += 1
        geometry = None
        if "number_of_seats" in rd or "seats_spacing" in rd:
            self.legacy_marks += 1
            if "number_of_seats" in rd and type(rd["number_of_seats"]) is not int:
                f.add(where, "wrong-type", f"'number_of_seats' must be an integer, not "
                      f"{describe(rd['number_of_seats'])}")
            if "seats_spacing" in rd:
                spacing = f.number(rd, "seats_spacing", where, positive=True, default=0)
                if spacing:
                    # The legacy editor's spacing is the one piece of row geometry it stored.
                    geometry = RowGeometry(kind="free", seat_count=len(seats_data), spacing=spacing)
        if not ruuid or ruuid in used_uuids:
            first = seats_data[0].get("seat_guid") if seats_data and isinstance(seats_data[0], dict) else ""
            ruuid = str(uuidlib.uuid5(_UUID_NAMESPACE, f"row/{zi}/{ri}/{row_number}/{first}"))
        used_uuids.add(ruuid)
        seats = self._seats(seats_data, zi, ri, zone.x + rx, zone.y + ry, row_number, zone.name, declared)
        return Row(row_number, seats, rx, ry, row_label, seat_label, ruuid, rnp, geometry)

    # -- seats: the hot loop of a 100,000-seat plan ------------------------------------------------
    def _seats(self, items: list[Any], zi: int, ri: int, ox: float, oy: float, row_number: str, zone_name: str,
               declared: set[str]) -> list[Seat]:
        seats: list[Seat] = []
        append = seats.append
        seen = self.guids
        add_guid = seen.add
        numbers = NUMBER_TYPES
        lim = COORDINATE_LIMIT
        for si, s in enumerate(items):
            try:
                guid = s["seat_guid"]
                number = s["seat_number"]
                category = s["category"]
                pos = s["position"]
                x = pos["x"]
                y = pos["y"]
                radius = s.get("radius", DEFAULT_SEAT_RADIUS)
                seat_uuid = s.get("uuid")
                direction = s.get("start_direction")
            except (KeyError, TypeError, AttributeError):
                self._diagnose_seat(s, zi, ri, si, row_number, zone_name)
                continue
            if (type(guid) is not str or type(number) is not str or type(category) is not str
                    or type(x) not in numbers or type(y) not in numbers or type(radius) not in numbers
                    or (seat_uuid is not None and type(seat_uuid) is not str)
                    or (direction is not None and type(direction) is not str)):
                self._diagnose_seat(s, zi, ri, si, row_number, zone_name)
                continue
            ax = ox + x
            ay = oy + y
            if not (-lim <= x <= lim and -lim <= y <= lim and -lim <= ax <= lim and -lim <= ay <= lim
                    and 0 < radius <= lim):
                self._absurd_seat(s, zi, ri, si, row_number, zone_name, ax, ay)
                continue
            if guid in seen:
                # Where the first one is gets looked up at the end: duplicates are rare, seats are many.
                self.duplicates.append((guid, zi, ri, si, row_number, zone_name))
            else:
                add_guid(guid)
            if category not in declared:
                tally = self.undeclared.get(category)
                if tally is None:
                    self.undeclared[category] = [
                        1, f"zones[{zi}].rows[{ri}].seats[{si}]",
                        f"seat guid {guid!r} in row {row_number!r} of zone {zone_name!r}"]
                else:
                    tally[0] += 1
            append(Seat(guid, number, x, y, category, radius, seat_uuid, direction))
        return seats

    def _report_duplicates(self, zones_data: list[Any]) -> None:
        wanted = {d[0] for d in self.duplicates}
        first: dict[str, str] = {}
        for zi, zd in enumerate(zones_data):
            for ri, rd in enumerate(zd.get("rows", []) if isinstance(zd, dict) else []):
                seats = rd.get("seats", []) if isinstance(rd, dict) else []
                for si, s in enumerate(seats if isinstance(seats, list) else []):
                    guid = s.get("seat_guid") if isinstance(s, dict) else None
                    if guid in wanted and guid not in first:
                        first[guid] = f"zones[{zi}].rows[{ri}].seats[{si}]"
        for guid, zi, ri, si, row_number, zone_name in self.duplicates:
            self.f.add(f"zones[{zi}].rows[{ri}].seats[{si}]", "duplicate-guid",
                       f"seat guid {guid!r} is already used by {first[guid]}",
                       seats=(guid,), context=f"row {row_number!r} of zone {zone_name!r}")

    def _diagnose_seat(self, s: Any, zi: int, ri: int, si: int, row_number: str, zone_name: str) -> None:
        """The slow path: say exactly what is wrong with a seat the fast path rejected."""
        f = self.f
        before = len(f.faults)
        where = f"zones[{zi}].rows[{ri}].seats[{si}]"
        f.context = f"row {row_number!r} of zone {zone_name!r}"
        if not f.need_object(s, where):
            return
        guid = s.get("seat_guid")
        if isinstance(guid, str):
            f.context = f"seat guid {guid!r} in row {row_number!r} of zone {zone_name!r}"
        f.string(s, "seat_guid", where, required=True)
        f.string(s, "seat_number", where, required=True)
        f.string(s, "category", where, required=True)
        f.position(s, "position", where, required=True)
        f.string(s, "uuid", where)
        f.string(s, "start_direction", where, nullable=True)
        f.number(s, "radius", where, positive=True)
        if len(f.faults) == before:  # never drop a seat silently
            f.add(where, "wrong-type", "this seat cannot be read")

    def _absurd_seat(self, s: dict[str, Any], zi: int, ri: int, si: int, row_number: str, zone_name: str,
                     ax: float, ay: float) -> None:
        where = f"zones[{zi}].rows[{ri}].seats[{si}]"
        context = f"seat guid {s['seat_guid']!r} in row {row_number!r} of zone {zone_name!r}"
        radius = s.get("radius", DEFAULT_SEAT_RADIUS)
        if not (0 < radius <= COORDINATE_LIMIT):
            text = f"absurd radius {radius!r}"
        else:
            x, y = s["position"]["x"], s["position"]["y"]
            text = f"absurd position ({x!r}, {y!r}), absolute ({ax!r}, {ay!r})"
        self.f.add(where, "absurd-value", text, seats=(s["seat_guid"],), context=context)

    # -- areas ------------------------------------------------------------------------------------
    def _area(self, ad: Any, where: str) -> Area | None:
        f = self.f
        if not f.need_object(ad, where):
            return None
        legacy = "shape" not in ad and ("width" in ad or "height" in ad or isinstance(ad.get("text"), str))
        x, y = f.position(ad, "position", where, required=legacy)
        rotation = f.number(ad, "rotation", where)
        color = f.string(ad, "color", where)
        border_color = f.string(ad, "border_color", where)
        if legacy:
            self.legacy_marks += 1
            width = f.number(ad, "width", where, required=True, positive=True, default=1)
            height = f.number(ad, "height", where, required=True, positive=True, default=1)
            label = f.string(ad, "text", where)
            text = AreaText(label, width / 2, height / 2) if label else None
            return Area("rectangle", x, y, width=width, height=height, rotation=rotation, color=color,
                        border_color=border_color, text=text)
        self.current_marks += 1
        area_uuid = f.string(ad, "uuid", where)
        text = None
        if "text" in ad:
            td = ad["text"]
            tw = f"{where}.text"
            if f.need_object(td, tw):
                label = f.string(td, "text", tw, required=True, default="") or ""
                tx, ty = f.position(td, "position", tw, required=True)
                tcolor = f.string(td, "color", tw)
                tsize = f.number(td, "size", tw, positive=True, default=0) if "size" in td else None
                text = AreaText(label, tx, ty, tcolor, tsize or None)
        shape = ad.get("shape", "text" if text is not None else None)
        if shape not in AREA_SHAPES:
            f.add(where, "wrong-value", f"'shape' must be one of {', '.join(AREA_SHAPES)}, not "
                  f"{describe(shape) if 'shape' in ad else 'missing'}")
            return None
        area = Area(shape, x, y, rotation=rotation, color=color, border_color=border_color, text=text,
                    uuid=area_uuid, kind="label" if shape == "text" else "shape")
        if shape == "text":
            if text is None:
                f.add(where, "missing-key", "a text area needs a 'text' object")
            return area
        if shape not in ad:
            f.add(where, "missing-key", f"a {shape} area needs a {shape!r} object")
            return None
        body = ad[shape]
        bw = f"{where}.{shape}"
        if not f.need_object(body, bw):
            return None
        if shape == "rectangle":
            area.width = f.number(body, "width", bw, required=True, positive=True, default=1)
            area.height = f.number(body, "height", bw, required=True, positive=True, default=1)
        elif shape == "circle":
            area.radius = f.number(body, "radius", bw, required=True, positive=True, default=1)
        elif shape == "ellipse":
            area.radius_x, area.radius_y = f.position(body, "radius", bw, required=True)
            if not (area.radius_x > 0 and area.radius_y > 0) and "radius" in body:
                f.add(bw, "absurd-value",
                      f"radii must be positive, not ({area.radius_x!r}, {area.radius_y!r})")
        else:
            points = f.list_of(body, "points", bw, required=True)
            for pi, p in enumerate(points):
                pw = f"{bw}.points[{pi}]"
                if isinstance(p, dict):
                    px = f.number(p, "x", pw, required=True)
                    area.points.append((px, f.number(p, "y", pw, required=True)))
                else:
                    f.add(pw, "wrong-type", f"a point must be an object with x and y, not {describe(p)}")
        return area


# -- export ---------------------------------------------------------------------------------------
def _int(value: float) -> int:
    """The schema wants integers for sizes, radii and text sizes."""
    if not math.isfinite(value):
        raise ValueError(f"cannot write {value!r} into a pretix plan: validate the plan first")
    return int(round(value))


def _pos(x: float, y: float) -> dict[str, float]:
    return {"x": x, "y": y}


def dump_pretix(doc: SeatingDocument) -> dict[str, Any]:
    """The document as a current-generation pretix plan (a dict ready for ``json.dump``).

    Free areas of the document go into the first zone (pretix keeps areas only in zones). What pretix
    cannot hold is left out, see the module's description.
    """
    zones = [_dump_zone(z) for z in doc.zones]
    if doc.areas:
        if not zones:
            zones.append({"name": "", "position": _pos(0, 0), "rows": [], "areas": []})
            zx = zy = 0.0
        else:
            zx, zy = doc.zones[0].x, doc.zones[0].y
        moved = [_dump_area(a, -zx, -zy) for a in doc.areas]
        zones[0]["areas"] = moved + zones[0]["areas"]
    return {
        "name": doc.name,
        "categories": [_dump_category(c) for c in doc.categories],
        "zones": zones,
        "size": {"width": _int(doc.width), "height": _int(doc.height)},
    }


def _dump_category(c: Category) -> dict[str, str]:
    out = {"name": c.name}
    if c.color is not None:
        out["color"] = c.color
    return out


def _dump_zone(zone: Zone) -> dict[str, Any]:
    out: dict[str, Any] = {"name": zone.name}
    if zone.zone_id is not None:
        out["zone_id"] = zone.zone_id
    if zone.uuid:
        out["uuid"] = zone.uuid
    out["position"] = _pos(zone.x, zone.y)
    out["rows"] = [_dump_row(r) for r in zone.rows]
    out["areas"] = [_dump_area(a) for a in zone.areas]
    return out


def _dump_row(row: Row) -> dict[str, Any]:
    seats: list[dict[str, Any]] = []
    append = seats.append
    for s in row.seats:
        d: dict[str, Any] = {"seat_guid": s.guid, "seat_number": s.number}
        if s.uuid is not None:
            d["uuid"] = s.uuid
        d["radius"] = _int(s.radius)
        if s.start_direction is not None:
            d["start_direction"] = s.start_direction
        d["position"] = {"x": s.x, "y": s.y}
        d["category"] = s.category
        append(d)
    out: dict[str, Any] = {
        "row_number": row.row_number,
        "row_label": row.row_label,
        "seat_label": row.seat_label,
    }
    if row.uuid:
        out["uuid"] = row.uuid
    out["row_number_position"] = row.row_number_position
    out["position"] = _pos(row.x, row.y)
    out["seats"] = seats
    return out


def _dump_area(area: Area, dx: float = 0.0, dy: float = 0.0) -> dict[str, Any]:
    out: dict[str, Any] = {"shape": area.shape, "position": _pos(area.x + dx, area.y + dy),
                           "rotation": area.rotation}
    if area.color is not None:
        out["color"] = area.color
    if area.border_color is not None:
        out["border_color"] = area.border_color
    if area.uuid is not None:
        out["uuid"] = area.uuid
    if area.shape == "rectangle":
        out["rectangle"] = {"width": _int(area.width), "height": _int(area.height)}
    elif area.shape == "circle":
        out["circle"] = {"radius": _int(area.radius)}
    elif area.shape == "ellipse":
        out["ellipse"] = {"radius": _pos(area.radius_x, area.radius_y)}
    elif area.shape == "polygon":
        out["polygon"] = {"points": [_pos(x, y) for x, y in area.points]}
    text = area.text
    if text is None and area.shape == "text":
        text = AreaText(area.name)
    if text is not None:
        t: dict[str, Any] = {"text": text.text, "position": _pos(text.x, text.y)}
        if text.color is not None:
            t["color"] = text.color
        if text.size is not None:
            t["size"] = _int(text.size)
        out["text"] = t
    return out


__all__ = ["PRETIX", "PRETIX_LEGACY", "dump_pretix", "load_pretix"]
