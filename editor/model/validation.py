"""Checking a plan before it is published: :func:`validate` lists every problem as a :class:`Fault`.

Errors block publishing; warnings are shown. Faults that concern many seats at once (an undeclared
category, a row of unnumbered seats) are reported once with all their seats referenced, so a broken
100,000-seat plan gives a readable list. Everything here is linear in the number of seats; the overlap
check uses a spatial grid.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection

from .document import SeatingDocument
from .elements import Area, Row, Seat, Zone
from .faults import Fault, error, warning
from .numbering import row_text

# Coordinates beyond this are a unit mistake or garbage, not a hall.
COORDINATE_LIMIT = 1e6
# Two seats closer than this share of their radii overlap (a warning); seats closer than the smaller
# share stand on top of each other (an error: nobody can tell them apart on the map).
OVERLAP_SHARE = 0.9
COINCIDE_SHARE = 0.25
# Past this many overlap findings the rest are summed up in one fault.
MAX_OVERLAP_FAULTS = 1000


def place(zone: Zone, row: Row, seat: Seat | None = None, *, with_guid: bool = True) -> str:
    """Where an object is, for people: "zone 'Stalls', Row C, seat 12 (guid a1b2)"."""
    parts = [f"zone {zone.name!r}" if zone.name else "unnamed zone",
             row_text(row.row_number, None) or "unnumbered row"]
    if seat is not None:
        parts.append(f"seat {seat.number}" if seat.number else "unnumbered seat")
        if with_guid:
            return f"{', '.join(parts)} (guid {seat.guid})"
    return ", ".join(parts)


def _absurd(value: float) -> bool:
    # Written so that NaN (every comparison false) counts as absurd.
    return not (-COORDINATE_LIMIT <= value <= COORDINATE_LIMIT)


def validate(doc: SeatingDocument) -> list[Fault]:
    """Every problem of the plan: errors first, then warnings, each in plan order."""
    faults: list[Fault] = []
    _check_document(doc, faults)
    declared = {c.name for c in doc.categories}
    lim = COORDINATE_LIMIT

    seen_guids: set[str] = set()
    labels: dict[tuple[str, str], dict[str, str]] = {}  # (zone, row number) -> seat number -> guid
    missing_category: list[tuple[Zone, Row, Seat]] = []
    undeclared: dict[str, list[tuple[Zone, Row, Seat]]] = defaultdict(list)
    companions: list[tuple[Zone, Row, Seat]] = []
    wheelchair: set[str] = set()
    seat_total = 0
    row_uuids: dict[str, str] = {}
    # Flat arrays for the overlap check.
    xs: list[float] = []
    ys: list[float] = []
    rs: list[float] = []
    refs: list[tuple[Zone, Row, Seat]] = []

    for zone in doc.zones:
        zone_placed = not (_absurd(zone.x) or _absurd(zone.y))
        if not zone_placed:
            faults.append(error("absurd-value", f"Zone {zone.name!r} has an absurd position "
                                f"({zone.x!r}, {zone.y!r})."))
        for row in zone.rows:
            seats = row.seats
            seat_total += len(seats)
            if row.uuid:
                other = row_uuids.get(row.uuid)
                if other is not None:
                    faults.append(warning("duplicate-uuid", f"{place(zone, row)} has the same uuid "
                                          f"{row.uuid!r} as {other}.", rows=[row.uuid]))
                else:
                    row_uuids[row.uuid] = place(zone, row)
            if not row.row_number.strip():
                faults.append(warning("unlabelled-row", f"A row in zone {zone.name!r} has no row number.",
                                      seats=[s.guid for s in seats], rows=[row.uuid]))
            # Seats of a row or zone that is itself misplaced are not reported one by one.
            placed = zone_placed
            if placed and (_absurd(row.x) or _absurd(row.y)):
                faults.append(error("absurd-value", f"{place(zone, row)} has an absurd position "
                                    f"({row.x!r}, {row.y!r}).", rows=[row.uuid]))
                placed = False
            ox = zone.x + row.x
            oy = zone.y + row.y
            row_labels = labels.setdefault((zone.name, row.row_number), {})
            unnumbered: list[Seat] = []
            for seat in seats:
                guid = seat.guid
                if guid in seen_guids:
                    first = doc.seat_index()[guid]
                    faults.append(error(
                        "duplicate-guid",
                        f"Seat guid {guid!r} is used twice: by {place(*first)} and by "
                        f"{place(zone, row, seat)}.", seats=[guid], rows=[row.uuid]))
                else:
                    seen_guids.add(guid)
                number = seat.number
                if not number or number.isspace():
                    unnumbered.append(seat)
                elif number in row_labels:
                    other_guid = row_labels[number]
                    faults.append(error(
                        "duplicate-label",
                        f"Two seats are labelled {place(zone, row, seat, with_guid=False)}: "
                        f"guids {other_guid} and {guid}.", seats=[other_guid, guid], rows=[row.uuid]))
                else:
                    row_labels[number] = guid
                category = seat.category
                if category not in declared:
                    if category:
                        undeclared[category].append((zone, row, seat))
                    else:
                        missing_category.append((zone, row, seat))
                if seat.wheelchair:
                    wheelchair.add(guid)
                if seat.companion_of is not None:
                    companions.append((zone, row, seat))
                if not placed:
                    continue
                x = ox + seat.x
                y = oy + seat.y
                r = seat.radius
                # Chained comparisons fail for NaN too, so NaN counts as absurd.
                if not (-lim <= x <= lim and -lim <= y <= lim):
                    faults.append(error("absurd-value", f"{place(zone, row, seat)} has an absurd position "
                                        f"({x!r}, {y!r}).", seats=[guid], rows=[row.uuid]))
                elif not (0 < r <= lim):
                    faults.append(error("absurd-value", f"{place(zone, row, seat)} has an absurd radius "
                                        f"{r!r}.", seats=[guid], rows=[row.uuid]))
                else:
                    xs.append(x)
                    ys.append(y)
                    rs.append(r)
                    refs.append((zone, row, seat))
            if unnumbered:
                n = len(unnumbered)
                faults.append(error(
                    "unlabelled-seat",
                    f"{place(zone, row)}: {n} seat{'s have' if n > 1 else ' has'} no seat number "
                    f"(guid {unnumbered[0].guid}{', ...' if n > 1 else ''}).",
                    seats=[s.guid for s in unnumbered], rows=[row.uuid]))
        for area in zone.areas:
            _check_area(area, f"zone {zone.name!r}", faults)
    for area in doc.areas:
        _check_area(area, "the plan", faults)

    if seat_total == 0:
        faults.append(error("no-seats", "The plan has no seats."))
    if missing_category:
        n = len(missing_category)
        faults.append(error(
            "missing-category",
            f"{n} seat{'s have' if n > 1 else ' has'} no category, first {place(*missing_category[0])}.",
            seats=[t[2].guid for t in missing_category]))
    for category, where in undeclared.items():
        n = len(where)
        faults.append(error(
            "undeclared-category",
            f"Category {category!r} is not declared but {n} seat{'s use' if n > 1 else ' uses'} it, "
            f"first {place(*where[0])}.", seats=[t[2].guid for t in where]))
    _check_companions(companions, wheelchair, seen_guids, faults)
    _check_overlaps(xs, ys, rs, refs, faults)
    faults.sort(key=lambda f: f.severity != "error")
    return faults


def _check_document(doc: SeatingDocument, faults: list[Fault]) -> None:
    for label, value in (("width", doc.width), ("height", doc.height)):
        if not (0 < value <= COORDINATE_LIMIT):
            faults.append(error("absurd-value", f"The plan's {label} {value!r} is not a positive size."))
    if doc.focal_point is not None and (_absurd(doc.focal_point[0]) or _absurd(doc.focal_point[1])):
        faults.append(error("absurd-value", f"The focal point {doc.focal_point!r} is absurd."))
    seen: set[str] = set()
    for c in doc.categories:
        if not c.name:
            faults.append(error("unnamed-category", "A category has no name."))
        elif c.name in seen:
            faults.append(warning("duplicate-category", f"Category {c.name!r} is declared twice."))
        seen.add(c.name)


def _check_area(area: Area, where: str, faults: list[Fault]) -> None:
    title = area.name or (area.text.text if area.text else "")
    what = f"{area.shape} {title!r} in {where}" if title else f"{area.shape} in {where}"
    values = [area.x, area.y, area.rotation]
    sizes: list[float] = []
    if area.shape == "rectangle":
        sizes = [area.width, area.height]
    elif area.shape == "circle":
        sizes = [area.radius]
    elif area.shape == "ellipse":
        sizes = [area.radius_x, area.radius_y]
    elif area.shape == "polygon":
        values += [v for p in area.points for v in p]
        if len(area.points) < 3:
            faults.append(error("absurd-value", f"The polygon in {where} has fewer than 3 points."))
    if area.text is not None:
        values += [area.text.x, area.text.y]
    if any(_absurd(v) for v in values):
        faults.append(error("absurd-value", f"The {what} has an absurd position or rotation."))
    if any(not (0 < v <= COORDINATE_LIMIT) for v in sizes):
        faults.append(error("absurd-value", f"The {what} has an absurd size {sizes!r}."))
    if area.kind == "standing" and not (area.capacity and area.capacity > 0):
        faults.append(error("standing-without-capacity",
                            f"The standing area {area.name!r} in {where} has no capacity."))


def _check_companions(companions: list[tuple[Zone, Row, Seat]], wheelchair: set[str],
                      guids: Collection[str], faults: list[Fault]) -> None:
    paired: dict[str, str] = {}
    for zone, row, seat in companions:
        target = seat.companion_of
        assert target is not None
        if target not in wheelchair:
            why = "not a wheelchair place" if target in guids else "not in the plan"
            faults.append(error(
                "companion-without-wheelchair",
                f"{place(zone, row, seat)} is the companion of seat {target!r}, which is {why}.",
                seats=[seat.guid, target] if target in guids else [seat.guid], rows=[row.uuid]))
        elif target in paired:
            faults.append(warning(
                "companion-shared",
                f"{place(zone, row, seat)} and seat {paired[target]} are both companions of the "
                f"wheelchair place {target}.", seats=[seat.guid, paired[target], target], rows=[row.uuid]))
        else:
            paired[target] = seat.guid


def _check_overlaps(xs: list[float], ys: list[float], rs: list[float], refs: list[tuple[Zone, Row, Seat]],
                    faults: list[Fault]) -> None:
    n = len(xs)
    if n < 2:
        return
    found = 0

    def report(i: int, j: int) -> None:
        nonlocal found
        dist = math.hypot(xs[i] - xs[j], ys[i] - ys[j])
        reach = rs[i] + rs[j]
        if dist >= OVERLAP_SHARE * reach:
            return
        found += 1
        if found > MAX_OVERLAP_FAULTS:
            return
        (zi, ri, si), (zj, rj, sj) = refs[i], refs[j]
        on_top = dist < COINCIDE_SHARE * reach
        make = error if on_top else warning
        faults.append(make(
            "seats-on-top" if on_top else "overlapping-seats",
            f"{place(zi, ri, si)} overlaps {place(zj, rj, sj)} ({dist:.1f} apart, radii "
            f"{rs[i]:g} and {rs[j]:g}).", seats=[si.guid, sj.guid], rows=sorted({ri.uuid, rj.uuid})))

    # A grid of cells as wide as the largest ordinary seat's diameter: overlapping seats lie in the
    # same or neighbouring cells. A few oversized seats are compared with everybody instead, so one
    # huge circle does not make every cell huge.
    typical = sorted(rs)[n // 2]
    big = [i for i in range(n) if rs[i] > 4 * typical] if max(rs) > 4 * typical else []
    if len(big) > 50:
        big = []
    big_set = set(big)
    rmax = max((r for i, r in enumerate(rs) if i not in big_set), default=typical) if big else max(rs)
    cell = max(2 * rmax, 1.0)
    # Cell keys packed into one int (coordinates are bounded by COORDINATE_LIMIT, cells are >= 1).
    wide = 1 << 24
    grid: dict[int, list[int]] = defaultdict(list)
    piles: dict[tuple[float, float], list[int]] = {}
    spots: dict[tuple[float, float], int] = {}
    for i in range(n):
        if i in big_set:
            continue
        x = xs[i]
        y = ys[i]
        # Seats on the very same spot (a paste without moving) are grouped, not compared pairwise,
        # so a pile of copies costs O(n), not O(n^2).
        spot = (x, y)
        first = spots.get(spot)
        if first is not None:
            piles.setdefault(spot, [first]).append(i)
            continue
        spots[spot] = i
        grid[int(x // cell) * wide + int(y // cell)].append(i)
    for members in piles.values():
        z, r, s = refs[members[0]]
        faults.append(error(
            "seats-on-top", f"{len(members)} seats stand on the same spot as {place(z, r, s)}.",
            seats=[refs[i][2].guid for i in members], rows=sorted({refs[i][1].uuid for i in members})))

    share = OVERLAP_SHARE
    offsets = (wide, 1 - wide, 1, wide + 1)  # half the ring of neighbours: each pair of cells once
    get = grid.get
    for key, members in grid.items():
        if len(members) > 1:
            for a, i in enumerate(members):
                xi, yi, ri_ = xs[i], ys[i], rs[i]
                for j in members[a + 1:]:
                    if (xi - xs[j]) ** 2 + (yi - ys[j]) ** 2 < (share * (ri_ + rs[j])) ** 2:
                        report(i, j)
        for off in offsets:
            others = get(key + off)
            if others is None:
                continue
            for i in members:
                xi, yi, ri_ = xs[i], ys[i], rs[i]
                for j in others:
                    if (xi - xs[j]) ** 2 + (yi - ys[j]) ** 2 < (share * (ri_ + rs[j])) ** 2:
                        report(i, j)
    for a, i in enumerate(big):
        later = set(big[a + 1:])
        for j in range(n):
            if j != i and (j not in big_set or j in later):
                report(i, j)
    if found > MAX_OVERLAP_FAULTS:
        faults.append(warning("overlapping-seats",
                              f"... and {found - MAX_OVERLAP_FAULTS} more pairs of overlapping seats."))
