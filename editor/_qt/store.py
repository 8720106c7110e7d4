"""All the seats one canvas shows, as flat lists with a spatial grid (no Qt item per seat).

A seat is a slot number into parallel lists (position, radius, look, label, key). The grid maps square
cells of the plan to the slots inside them: hit-testing and painting only look at the cells a point or a
rectangle touches. For drawing from afar, each block of cells keeps one ``QPolygonF`` of seat centres per
look, drawn with a single ``drawPoints`` call; a change marks only its blocks for rebuilding.

Slots of removed seats are reused; keys (an event seat id in the view, a guid in the editor) map to slots.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPolygonF

from .look import Look

# Cells are packed into one int: x * WIDE + y (y stays far below WIDE for any sane plan).
WIDE = 1 << 22
BLOCK = 4  # cells per block side for the far-away dots
LIMIT = 1e7  # coordinates are clamped to this (the model flags anything beyond 1e6 as absurd)


def _clamp(v: float) -> float:
    if v != v:  # NaN
        return 0.0
    return -LIMIT if v < -LIMIT else LIMIT if v > LIMIT else v


class SeatStore:
    """Seats as parallel lists plus a grid; see the module docstring."""

    def __init__(self, cell: float = 256.0) -> None:
        self.cell = cell
        self.clear()

    # -- building ---------------------------------------------------------------------------------
    def clear(self, cell: float | None = None) -> None:
        if cell is not None:
            self.cell = max(float(cell), 8.0)
        self.xs: list[float] = []
        self.ys: list[float] = []
        self.rs: list[float] = []
        self.look: list[int] = []
        self.labels: list[str] = []
        self.keys: list[object] = []
        self.alive: list[bool] = []
        self.cellkey: list[int] = []
        self.owner: list[object] = []  # whatever the caller groups seats by (an editor row entry)
        self.looks: list[Look] = []
        self._look_ids: dict[Look, int] = {}
        self.grid: dict[int, set[int]] = {}
        self.slot_of: dict[object, int] = {}
        self._free: list[int] = []
        self.count = 0
        self.max_r = 0.0
        self._dots: dict[int, list[tuple[int, QPolygonF]]] = {}
        self._dirty_blocks: set[int] | None = None  # None: every block
        self._need_build = True
        self._bounds: tuple[float, float, float, float] | None = None
        self._typical_r: float | None = None
        self.version = 0

    def look_id(self, look: Look) -> int:
        found = self._look_ids.get(look)
        if found is None:
            found = len(self.looks)
            self.looks.append(look)
            self._look_ids[look] = found
        return found

    def _cell(self, x: float, y: float) -> int:
        c = self.cell
        return int(x // c) * WIDE + int(y // c)

    def _block_of(self, cellkey: int) -> int:
        cx, cy = divmod(cellkey + WIDE // 2, WIDE)
        cy -= WIDE // 2
        return (cx // BLOCK) * WIDE + (cy // BLOCK)

    def _touch(self, cellkey: int) -> None:
        if self._dirty_blocks is not None:
            self._dirty_blocks.add(self._block_of(cellkey))

    def add(self, key: object, x: float, y: float, r: float, look: int, label: str = "",
            owner: object = None) -> int:
        x, y = _clamp(x), _clamp(y)
        r = r if 0 < r < LIMIT else 1.0
        ck = self._cell(x, y)
        if self._free:
            i = self._free.pop()
            self.xs[i], self.ys[i], self.rs[i], self.look[i] = x, y, r, look
            self.labels[i], self.keys[i], self.alive[i], self.cellkey[i], self.owner[i] = (
                label, key, True, ck, owner)
        else:
            i = len(self.xs)
            self.xs.append(x)
            self.ys.append(y)
            self.rs.append(r)
            self.look.append(look)
            self.labels.append(label)
            self.keys.append(key)
            self.alive.append(True)
            self.cellkey.append(ck)
            self.owner.append(owner)
        members = self.grid.get(ck)
        if members is None:
            self.grid[ck] = {i}
        else:
            members.add(i)
        self.slot_of[key] = i
        self.count += 1
        if r > self.max_r:
            self.max_r = r
        self._touch(ck)
        self._changed()
        return i

    def bulk_add(self, items: Iterable[tuple[object, float, float, float, int, str, object]]) -> None:
        """Add many seats at once into an empty store (no slot reuse; fast path for loading)."""
        xs, ys, rs, looks, labels, keys, alive, cellkeys, owners = (
            self.xs, self.ys, self.rs, self.look, self.labels, self.keys, self.alive, self.cellkey, self.owner)
        grid = self.grid
        slot_of = self.slot_of
        c = self.cell
        i = len(xs)
        max_r = self.max_r
        for key, x, y, r, look, label, owner in items:
            if not (-LIMIT < x < LIMIT):
                x = _clamp(x)
            if not (-LIMIT < y < LIMIT):
                y = _clamp(y)
            if not (0 < r < LIMIT):
                r = 1.0
            ck = int(x // c) * WIDE + int(y // c)
            xs.append(x)
            ys.append(y)
            rs.append(r)
            looks.append(look)
            labels.append(label)
            keys.append(key)
            alive.append(True)
            cellkeys.append(ck)
            owners.append(owner)
            members = grid.get(ck)
            if members is None:
                grid[ck] = {i}
            else:
                members.add(i)
            slot_of[key] = i
            if r > max_r:
                max_r = r
            i += 1
        self.count = sum(1 for a in alive if a) if self._free else len(xs)
        self.max_r = max_r
        self._dirty_blocks = None
        self._dots.clear()
        self._changed()

    def update(self, i: int, x: float, y: float, r: float, look: int, label: str) -> None:
        x, y = _clamp(x), _clamp(y)
        r = r if 0 < r < LIMIT else 1.0
        old = self.cellkey[i]
        ck = self._cell(x, y)
        if ck != old:
            self.grid[old].discard(i)
            if not self.grid[old]:
                del self.grid[old]
            self.grid.setdefault(ck, set()).add(i)
            self.cellkey[i] = ck
            self._touch(old)
        self._touch(ck)
        self.xs[i], self.ys[i], self.rs[i], self.look[i], self.labels[i] = x, y, r, look, label
        if r > self.max_r:
            self.max_r = r
        self._changed()

    def set_look(self, i: int, look: int) -> None:
        if self.look[i] != look:
            self.look[i] = look
            self._touch(self.cellkey[i])
            self.version += 1

    def set_key(self, i: int, key: object) -> None:
        old = self.keys[i]
        if self.slot_of.get(old) == i:
            del self.slot_of[old]
        self.keys[i] = key
        self.slot_of[key] = i

    def remove(self, i: int) -> None:
        if not self.alive[i]:
            return
        ck = self.cellkey[i]
        members = self.grid.get(ck)
        if members is not None:
            members.discard(i)
            if not members:
                del self.grid[ck]
        self._touch(ck)
        key = self.keys[i]
        if self.slot_of.get(key) == i:
            del self.slot_of[key]
        self.alive[i] = False
        self.keys[i] = None
        self.owner[i] = None
        self._free.append(i)
        self.count -= 1
        self._changed()

    def _changed(self) -> None:
        self._bounds = None
        self._typical_r = None
        self.version += 1

    # -- reading ----------------------------------------------------------------------------------
    def slots(self) -> Iterator[int]:
        alive = self.alive
        return (i for i in range(len(alive)) if alive[i])

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(x0, y0, x1, y1) over all seats with their radius, or None when empty."""
        if self._bounds is None and self.count:
            xs, ys, rs = self.xs, self.ys, self.rs
            if self._free:
                live = [i for i in range(len(xs)) if self.alive[i]]
                xs = [xs[i] for i in live]
                ys = [ys[i] for i in live]
                rs = [rs[i] for i in live]
            r = max(rs)
            self._bounds = (min(xs) - r, min(ys) - r, max(xs) + r, max(ys) + r)
        return self._bounds if self.count else None

    def typical_radius(self) -> float:
        """The median seat radius (sampled), for choosing the level of detail."""
        if self._typical_r is None:
            rs = [self.rs[i] for i in range(0, len(self.rs), max(1, len(self.rs) // 500)) if self.alive[i]]
            self._typical_r = sorted(rs)[len(rs) // 2] if rs else 10.0
        return self._typical_r

    def _cells_in(self, x0: float, y0: float, x1: float, y1: float) -> Iterator[set[int]]:
        c = self.cell
        pad = self.max_r
        cx0, cx1 = int((x0 - pad) // c), int((x1 + pad) // c)
        cy0, cy1 = int((y0 - pad) // c), int((y1 + pad) // c)
        grid = self.grid
        if (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > 4 * len(grid):
            # A rectangle wider than the plan: walk the cells that exist instead.
            for key, members in grid.items():
                kx, ky = divmod(key + WIDE // 2, WIDE)
                ky -= WIDE // 2
                if cx0 <= kx <= cx1 and cy0 <= ky <= cy1:
                    yield members
            return
        for cx in range(cx0, cx1 + 1):
            base = cx * WIDE
            for cy in range(cy0, cy1 + 1):
                found = grid.get(base + cy)
                if found:
                    yield found

    def query_rect(self, x0: float, y0: float, x1: float, y1: float, *, touching: bool = True) -> list[int]:
        """Slots of seats inside the rectangle (``touching``: any part of the seat; else its centre)."""
        xs, ys, rs = self.xs, self.ys, self.rs
        out: list[int] = []
        append = out.append
        for members in self._cells_in(x0, y0, x1, y1):
            for i in members:
                x = xs[i]
                y = ys[i]
                r = rs[i] if touching else 0.0
                if x0 - r <= x <= x1 + r and y0 - r <= y <= y1 + r:
                    append(i)
        return out

    def at(self, x: float, y: float, slop: float = 0.0) -> int | None:
        """The seat under (x, y) (within its radius plus ``slop``), nearest first."""
        best = None
        best_d = math.inf
        xs, ys, rs = self.xs, self.ys, self.rs
        for members in self._cells_in(x - slop, y - slop, x + slop, y + slop):
            for i in members:
                d = (xs[i] - x) ** 2 + (ys[i] - y) ** 2
                reach = rs[i] + slop
                if d <= reach * reach and d < best_d:
                    best, best_d = i, d
        return best

    # -- far-away dots ----------------------------------------------------------------------------
    def dot_blocks(self, x0: float, y0: float, x1: float, y1: float) -> Iterator[list[tuple[int, QPolygonF]]]:
        """Per block touching the rectangle: [(look id, centres)], rebuilt only where seats changed."""
        if self._dirty_blocks is None:
            self._dots.clear()
            self._dirty_blocks = set()
            self._need_build = True
        elif self._dirty_blocks:
            for b in self._dirty_blocks:
                self._dots.pop(b, None)
            self._dirty_blocks.clear()
            self._need_build = True
        span = self.cell * BLOCK
        pad = self.max_r
        bx0, bx1 = int((x0 - pad) // span), int((x1 + pad) // span)
        by0, by1 = int((y0 - pad) // span), int((y1 + pad) // span)
        if self._need_build:
            self._build_missing_blocks()
            self._need_build = False
        for key, polys in self._dots.items():
            kx, ky = divmod(key + WIDE // 2, WIDE)
            ky -= WIDE // 2
            if bx0 <= kx <= bx1 and by0 <= ky <= by1:
                yield polys

    def _build_missing_blocks(self) -> None:
        missing: dict[int, list[set[int]]] = {}
        for key, members in self.grid.items():
            b = self._block_of(key)
            if b not in self._dots:
                missing.setdefault(b, []).append(members)
        xs, ys, looks = self.xs, self.ys, self.look
        for b, cells in missing.items():
            groups: dict[int, list[QPointF]] = {}
            for members in cells:
                for i in members:
                    lk = looks[i]
                    pts = groups.get(lk)
                    if pts is None:
                        groups[lk] = [QPointF(xs[i], ys[i])]
                    else:
                        pts.append(QPointF(xs[i], ys[i]))
            self._dots[b] = [(lk, QPolygonF(pts)) for lk, pts in groups.items()]
