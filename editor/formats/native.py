"""The box office's own seatmap format: JSON, versioned, lossless.

Unlike pretix's format it keeps everything the editor knows: row geometry (kind, spacing, curvature,
angle, skipped places, numbering scheme), zone row-labelling schemes, accessibility (wheelchair places,
companion pairs, restricted view), the focal point, free areas, area kinds, standing-area capacities and
table links. The shape is described by ``native.schema.json`` next to this module (draft-07); loading
checks the structure by hand (standard library only) and refuses a malformed file with
:class:`~editor.model.PlanError`. Problems of content (duplicate guids, undeclared categories) are not
refused here: a draft may have them; :func:`editor.model.validate` reports them.

Seats are written compactly: ``radius`` only when it is not 10, flags only when set.
"""

from __future__ import annotations

import math
from typing import Any

from editor.model.document import SeatingDocument
from editor.model.elements import (
    AREA_KINDS,
    AREA_SHAPES,
    DEFAULT_SEAT_RADIUS,
    ROW_KINDS,
    Area,
    AreaText,
    Category,
    Point,
    Row,
    RowGeometry,
    Seat,
    Zone,
)
from editor.model.faults import PlanError, error
from editor.model.numbering import ROW_STYLES, SEAT_DIRECTIONS, SEAT_MODES, RowLabelling, SeatNumbering

from .checking import NUMBER_TYPES, FaultList, describe
from .source import PlanSource, read_json

FORMAT = "boxoffice-seatmap"
VERSION = 1
NATIVE = "native"


def is_native(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


# -- export ---------------------------------------------------------------------------------------
def _pos(x: float, y: float) -> dict[str, float]:
    return {"x": x, "y": y}


def dump_native(doc: SeatingDocument) -> dict[str, Any]:
    """The document as a native-format dict (ready for ``json.dump`` or a JSONB column)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": doc.name,
        "size": {"width": doc.width, "height": doc.height},
        "focal_point": None if doc.focal_point is None else _pos(*doc.focal_point),
        "source_format": doc.source_format,
        "categories": [{"name": c.name, "color": c.color} for c in doc.categories],
        "areas": [_dump_area(a) for a in doc.areas],
        "zones": [_dump_zone(z) for z in doc.zones],
    }


def _dump_zone(zone: Zone) -> dict[str, Any]:
    lab = zone.row_labelling
    return {
        "name": zone.name,
        "zone_id": zone.zone_id,
        "uuid": zone.uuid,
        "position": _pos(zone.x, zone.y),
        "row_labelling": None if lab is None else {
            "style": lab.style, "start": lab.start, "reverse": lab.reverse,
            "skip_letters": list(lab.skip_letters), "skip_13": lab.skip_13, "prefix": lab.prefix,
        },
        "rows": [_dump_row(r) for r in zone.rows],
        "areas": [_dump_area(a) for a in zone.areas],
    }


def _dump_row(row: Row) -> dict[str, Any]:
    seats: list[dict[str, Any]] = []
    append = seats.append
    for s in row.seats:
        d: dict[str, Any] = {"guid": s.guid, "number": s.number, "x": s.x, "y": s.y, "category": s.category}
        if s.radius != DEFAULT_SEAT_RADIUS:
            d["radius"] = s.radius
        if s.uuid is not None:
            d["uuid"] = s.uuid
        if s.start_direction is not None:
            d["start_direction"] = s.start_direction
        if s.wheelchair:
            d["wheelchair"] = True
        if s.companion_of is not None:
            d["companion_of"] = s.companion_of
        if s.restricted_view:
            d["restricted_view"] = True
        append(d)
    g = row.geometry
    geometry = None
    if g is not None:
        n = g.numbering
        geometry = {
            "kind": g.kind, "seat_count": g.seat_count, "spacing": g.spacing, "curvature": g.curvature,
            "angle": g.angle, "skipped": list(g.skipped), "table_shape": g.table_shape,
            "seats_per_side": g.seats_per_side, "end_seats": g.end_seats,
            "numbering": {"direction": n.direction, "mode": n.mode, "start": n.start, "prefix": n.prefix,
                          "skip_13": n.skip_13},
        }
    return {
        "row_number": row.row_number,
        "row_label": row.row_label,
        "seat_label": row.seat_label,
        "uuid": row.uuid,
        "row_number_position": row.row_number_position,
        "position": _pos(row.x, row.y),
        "geometry": geometry,
        "seats": seats,
    }


def _dump_area(a: Area) -> dict[str, Any]:
    out: dict[str, Any] = {"shape": a.shape, "kind": a.kind, "position": _pos(a.x, a.y)}
    if a.shape == "rectangle":
        out["width"], out["height"] = a.width, a.height
    elif a.shape == "circle":
        out["radius"] = a.radius
    elif a.shape == "ellipse":
        out["radius_x"], out["radius_y"] = a.radius_x, a.radius_y
    elif a.shape == "polygon":
        out["points"] = [_pos(x, y) for x, y in a.points]
    out.update(rotation=a.rotation, color=a.color, border_color=a.border_color, uuid=a.uuid, name=a.name,
               capacity=a.capacity, row_uuid=a.row_uuid)
    t = a.text
    out["text"] = None if t is None else {"text": t.text, "position": _pos(t.x, t.y), "color": t.color,
                                          "size": t.size}
    return out


# -- import ---------------------------------------------------------------------------------------
def load_native(source: PlanSource) -> SeatingDocument:
    """A document from a native-format dict, JSON text, bytes or path."""
    data = read_json(source)
    if not isinstance(data, dict):
        raise PlanError([error("not-an-object", f"A seatmap must be a JSON object, not {describe(data)}.")])
    if data.get("format") != FORMAT:
        raise PlanError([error("wrong-format", f"This is no {FORMAT} file ('format' is "
                               f"{describe(data.get('format')) if 'format' in data else 'missing'}).")])
    version = data.get("version")
    if type(version) is not int:
        raise PlanError([error("wrong-type",
                               f"top level: 'version' must be an integer, not {describe(version)}")])
    if version > VERSION:
        raise PlanError([error("too-new", f"This seatmap is format version {version}; this program reads "
                               f"version {VERSION} and older. Update the program.")])
    return _Reader().read(data)


class _Reader:
    def __init__(self) -> None:
        self.f = FaultList()

    def read(self, data: dict[str, Any]) -> SeatingDocument:
        f = self.f
        top = "top level"
        doc = SeatingDocument()
        doc.name = f.string(data, "name", top, required=True, default="") or ""
        size = data.get("size")
        if isinstance(size, dict) and f.need_object(size, "size"):
            doc.width = f.number(size, "width", "size", required=True, default=1)
            doc.height = f.number(size, "height", "size", required=True, default=1)
        if data.get("focal_point") is not None:
            doc.focal_point = Point(*f.position(data, "focal_point", top))
        doc.source_format = f.string(data, "source_format", top, nullable=True)
        for i, c in enumerate(f.list_of(data, "categories", top, required=True)):
            where = f"categories[{i}]"
            if f.need_object(c, where):
                name = f.string(c, "name", where, required=True, default="") or ""
                doc.categories.append(Category(name, f.string(c, "color", where, nullable=True)))
        for i, a in enumerate(f.list_of(data, "areas", top)):
            area = self._area(a, f"areas[{i}]")
            if area is not None:
                doc.areas.append(area)
        for zi, z in enumerate(f.list_of(data, "zones", top, required=True)):
            zone = self._zone(z, zi)
            if zone is not None:
                doc.zones.append(zone)
        if f:
            raise PlanError(f.faults)
        return doc

    def _zone(self, z: Any, zi: int) -> Zone | None:
        f = self.f
        where = f"zones[{zi}]"
        f.context = ""
        if not f.need_object(z, where):
            return None
        name = f.string(z, "name", where, required=True, default="") or ""
        f.context = f"zone {name!r}"
        x, y = f.position(z, "position", where, required=True)
        zone = Zone(name, x, y, [], [], f.string(z, "zone_id", where, nullable=True),
                    f.string(z, "uuid", where, required=True, default="") or "")
        lab = z.get("row_labelling")
        if lab is not None:
            lw = f"{where}.row_labelling"
            if f.need_object(lab, lw):
                try:
                    start = lab.get("start", 1)
                    skip = lab.get("skip_letters", [])
                    if not isinstance(start, (str, int)) or isinstance(start, bool):
                        raise ValueError(f"'start' must be a string or an integer, not {describe(start)}")
                    if not isinstance(skip, list) or not all(isinstance(s, str) for s in skip):
                        raise ValueError("'skip_letters' must be a list of strings")
                    zone.row_labelling = RowLabelling(
                        style=_choice(lab, "style", ROW_STYLES, "letters"), start=start,
                        reverse=_flag(lab, "reverse"), skip_letters=tuple(skip),
                        skip_13=_flag(lab, "skip_13"), prefix=_text(lab, "prefix"))
                except ValueError as exc:
                    f.add(lw, "wrong-value", str(exc))
        for ri, r in enumerate(f.list_of(z, "rows", where, required=True)):
            row = self._row(r, zi, ri, name)
            if row is not None:
                zone.rows.append(row)
        for ai, a in enumerate(f.list_of(z, "areas", where)):
            f.context = f"zone {name!r}"
            area = self._area(a, f"{where}.areas[{ai}]")
            if area is not None:
                zone.areas.append(area)
        return zone

    def _row(self, r: Any, zi: int, ri: int, zone_name: str) -> Row | None:
        f = self.f
        where = f"zones[{zi}].rows[{ri}]"
        f.context = f"zone {zone_name!r}"
        if not f.need_object(r, where):
            return None
        number = f.string(r, "row_number", where, required=True, default="") or ""
        f.context = f"row {number!r} of zone {zone_name!r}"
        x, y = f.position(r, "position", where, required=True)
        row = Row(number, [], x, y, f.string(r, "row_label", where, nullable=True),
                  f.string(r, "seat_label", where, nullable=True),
                  f.string(r, "uuid", where, required=True, default="") or "",
                  f.string(r, "row_number_position", where, nullable=True))
        if row.row_number_position not in ("start", "end", "both", None):
            f.add(where, "wrong-value", f"'row_number_position' must be 'start', 'end', 'both' or null, "
                  f"not {row.row_number_position!r}")
        g = r.get("geometry")
        if g is not None:
            row.geometry = self._geometry(g, f"{where}.geometry")
        seats = f.list_of(r, "seats", where, required=True)
        row.seats = self._seats(seats, where)
        return row

    def _geometry(self, g: Any, where: str) -> RowGeometry | None:
        f = self.f
        if not f.need_object(g, where):
            return None
        try:
            n = g.get("numbering") or {}
            if not isinstance(n, dict):
                raise ValueError(f"'numbering' must be an object, not {describe(n)}")
            numbering = SeatNumbering(
                direction=_choice(n, "direction", SEAT_DIRECTIONS, "ltr"),
                mode=_choice(n, "mode", SEAT_MODES, "consecutive"),
                start=_int(n, "start", 1), prefix=_text(n, "prefix"), skip_13=_flag(n, "skip_13"))
            skipped = g.get("skipped", [])
            if not isinstance(skipped, list) or not all(type(i) is int for i in skipped):
                raise ValueError("'skipped' must be a list of integers")
            table_shape = g.get("table_shape")
            if table_shape not in (None, "round", "long"):
                raise ValueError(
                    f"'table_shape' must be 'round', 'long' or null, not {describe(table_shape)}")
            return RowGeometry(
                kind=_choice(g, "kind", ROW_KINDS, "straight"), seat_count=_int(g, "seat_count", 0),
                spacing=_num(g, "spacing", 26.0), curvature=_num(g, "curvature", 0.0),
                angle=_num(g, "angle", 0.0), skipped=tuple(skipped), numbering=numbering,
                table_shape=table_shape, seats_per_side=_int(g, "seats_per_side", 0),
                end_seats=_int(g, "end_seats", 0))
        except ValueError as exc:
            f.add(where, "wrong-value", str(exc))
            return None

    def _seats(self, items: list[Any], row_where: str) -> list[Seat]:
        seats: list[Seat] = []
        append = seats.append
        numbers = NUMBER_TYPES
        inf = math.inf
        for si, s in enumerate(items):
            try:
                guid = s["guid"]
                number = s["number"]
                x = s["x"]
                y = s["y"]
                category = s["category"]
                radius = s.get("radius", DEFAULT_SEAT_RADIUS)
                seat_uuid = s.get("uuid")
                direction = s.get("start_direction")
                wheelchair = s.get("wheelchair", False)
                companion = s.get("companion_of")
                restricted = s.get("restricted_view", False)
            except (KeyError, TypeError, AttributeError):
                self._diagnose_seat(s, f"{row_where}.seats[{si}]")
                continue
            if (type(guid) is not str or type(number) is not str or type(category) is not str
                    or type(x) not in numbers or type(y) not in numbers or type(radius) not in numbers
                    or (seat_uuid is not None and type(seat_uuid) is not str)
                    or (direction is not None and type(direction) is not str)
                    or (companion is not None and type(companion) is not str)
                    or type(wheelchair) is not bool or type(restricted) is not bool):
                self._diagnose_seat(s, f"{row_where}.seats[{si}]")
                continue
            if not (-inf < x < inf and -inf < y < inf and -inf < radius < inf):
                # NaN and Infinity are not JSON; Python's parser lets them through.
                self.f.add(f"{row_where}.seats[{si}]", "absurd-value",
                           f"position ({x!r}, {y!r}) or radius {radius!r} is not a finite number")
                continue
            append(Seat(guid, number, x, y, category, radius, seat_uuid, direction, wheelchair, companion,
                        restricted))
        return seats

    def _diagnose_seat(self, s: Any, where: str) -> None:
        f = self.f
        before = len(f.faults)
        if not f.need_object(s, where):
            return
        for key in ("guid", "number", "category"):
            f.string(s, key, where, required=True)
        for key in ("x", "y"):
            f.number(s, key, where, required=True)
        f.number(s, "radius", where)
        for key in ("uuid", "start_direction", "companion_of"):
            f.string(s, key, where, nullable=True)
        for key in ("wheelchair", "restricted_view"):
            if key in s and type(s[key]) is not bool:
                f.add(where, "wrong-type", f"{key!r} must be true or false, not {describe(s[key])}")
        if len(f.faults) == before:
            f.add(where, "wrong-type", "this seat cannot be read")

    def _area(self, a: Any, where: str) -> Area | None:
        f = self.f
        if not f.need_object(a, where):
            return None
        shape = a.get("shape")
        kind = a.get("kind", "shape")
        if shape not in AREA_SHAPES:
            f.add(where, "wrong-value",
                  f"'shape' must be one of {', '.join(AREA_SHAPES)}, not {describe(shape)}")
            return None
        if kind not in AREA_KINDS:
            f.add(where, "wrong-value",
                  f"'kind' must be one of {', '.join(AREA_KINDS)}, not {describe(kind)}")
            return None
        x, y = f.position(a, "position", where, required=True)
        area = Area(shape, x, y, rotation=f.number(a, "rotation", where), kind=kind,
                    color=f.string(a, "color", where, nullable=True),
                    border_color=f.string(a, "border_color", where, nullable=True),
                    uuid=f.string(a, "uuid", where, nullable=True),
                    name=f.string(a, "name", where, default="") or "",
                    row_uuid=f.string(a, "row_uuid", where, nullable=True))
        if shape == "rectangle":
            area.width = f.number(a, "width", where, required=True)
            area.height = f.number(a, "height", where, required=True)
        elif shape == "circle":
            area.radius = f.number(a, "radius", where, required=True)
        elif shape == "ellipse":
            area.radius_x = f.number(a, "radius_x", where, required=True)
            area.radius_y = f.number(a, "radius_y", where, required=True)
        elif shape == "polygon":
            for pi, p in enumerate(f.list_of(a, "points", where, required=True)):
                pw = f"{where}.points[{pi}]"
                if f.need_object(p, pw):
                    px = f.number(p, "x", pw, required=True)
                    area.points.append((px, f.number(p, "y", pw, required=True)))
        capacity = a.get("capacity")
        if capacity is not None:
            if type(capacity) is int:
                area.capacity = capacity
            else:
                f.add(where, "wrong-type", f"'capacity' must be an integer or null, not {describe(capacity)}")
        t = a.get("text")
        if t is not None:
            tw = f"{where}.text"
            if f.need_object(t, tw):
                tx, ty = f.position(t, "position", tw, required=True)
                size = t.get("size")
                if size is not None and (type(size) not in NUMBER_TYPES or not math.isfinite(size)):
                    f.add(tw, "wrong-type", f"'size' must be a number or null, not {describe(size)}")
                    size = None
                area.text = AreaText(f.string(t, "text", tw, required=True, default="") or "", tx, ty,
                                     f.string(t, "color", tw, nullable=True), size)
        return area


def _choice(obj: dict[str, Any], key: str, allowed: tuple[Any, ...], default: str) -> str:
    value = obj.get(key, default)
    if value not in allowed:
        raise ValueError(f"{key!r} must be one of {', '.join(map(str, allowed))}, not {describe(value)}")
    return str(value)


def _flag(obj: dict[str, Any], key: str) -> bool:
    value = obj.get(key, False)
    if type(value) is not bool:
        raise ValueError(f"{key!r} must be true or false, not {describe(value)}")
    return value


def _int(obj: dict[str, Any], key: str, default: int) -> int:
    value = obj.get(key, default)
    if type(value) is not int:
        raise ValueError(f"{key!r} must be an integer, not {describe(value)}")
    return value


def _num(obj: dict[str, Any], key: str, default: float) -> float:
    value = obj.get(key, default)
    if type(value) not in NUMBER_TYPES or not math.isfinite(value):
        raise ValueError(f"{key!r} must be a finite number, not {describe(value)}")
    return float(value)


def _text(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key, "")
    if type(value) is not str:
        raise ValueError(f"{key!r} must be a string, not {describe(value)}")
    return value
