"""The read-only seatmap view: one widget, shared by the sales screen and anything else that shows a plan
with seat states (no database code: the caller passes plain data).

::

    view = SeatmapView(station="counter-1")
    view.set_background(doc)               # areas (stage, labels), category colours, the plan's size
    view.set_seats(records)                # every seat of the event, see ViewSeat for the fields read
    view.update_seats(changed_records)     # the live feed: repaints only those seats
    view.selectionChanged.connect(...)     # list of seat ids, after a click, a paint stroke or a band
    view.selected_ids()

Records may be :class:`ViewSeat` objects or anything with the same attribute names (the services'
``SeatInfo`` works as it is): ``id``, ``x``, ``y`` are required; ``guid``, ``radius``, ``label``,
``number``, ``category``, ``colour``, ``price``, ``state`` ('free' | 'held' | 'sold' | 'blocked'),
``mine``, ``holder_station``, ``block_kind`` ('closed' | 'house' | None), ``block_reason``,
``wheelchair``, ``companion`` (or ``companion_of``), ``restricted_view``, ``row``, ``row_key``,
``ordinal`` are read when present.

Selection, in cart mode (the default, for the counter): the selection is the seats this station holds or
is about to hold. A click on a free seat selects it (drawn "pending" until a record says it is ``mine``),
a click on one of mine deselects it (pending until the record says it is released); a record that comes
back held elsewhere, sold or blocked leaves the selection. In plain mode (``cart=False``) the selection is
just a set of seats, ringed in blue.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, Protocol, TypeVar, cast

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from editor.model.document import SeatingDocument
from editor.model.elements import Area
from editor.model.focal import is_stage

from . import look as L
from .canvas import AreaLayer, LayerItem, PlanCanvas, SeatLayer
from .look import Look, category_colour
from .paint import RowLabel, area_path, paint_rings, row_label_points
from .store import SeatStore


@dataclass(slots=True)
class ViewSeat:
    """One seat as the view needs it; see the module docstring for the meaning of the fields."""

    id: int
    x: float
    y: float
    guid: str = ""
    radius: float | None = None
    label: str = ""
    number: str = ""
    category: str = ""
    colour: str | None = None
    price: Decimal | None = None
    state: str = "free"
    mine: bool = False
    block_kind: str | None = None
    block_reason: str | None = None
    holder_station: str | None = None
    wheelchair: bool = False
    companion: bool = False
    restricted_view: bool = False
    row: str = ""
    row_key: str = ""
    ordinal: int = 0
    zone: str = ""


def records_from_document(doc: SeatingDocument, *, first_id: int = 1) -> list[ViewSeat]:
    """Every seat of a plan as a free :class:`ViewSeat` (ids numbered from ``first_id`` in plan order)."""
    colours = {c.name: c.color for c in doc.categories}
    out = []
    for n, s in enumerate(doc.iter_seats()):
        out.append(
            ViewSeat(
                id=first_id + n,
                x=s.x,
                y=s.y,
                guid=s.guid,
                radius=s.radius,
                label=s.label,
                number=s.number,
                category=s.category,
                colour=colours.get(s.category),
                wheelchair=s.wheelchair,
                companion=s.companion_of is not None,
                restricted_view=s.restricted_view,
                row=s.row,
                row_key=s.row_key,
                ordinal=s.ordinal,
                zone=s.zone,
            )
        )
    return out


def format_price(amount: Decimal | None) -> str:
    if amount is None:
        return "no price"
    return f"{amount:,.2f}".replace(",", "\u2009")


STATE_WORDS = {
    L.FREE: "Free",
    L.MINE: "In your cart",
    L.PENDING: "Being updated…",
    L.HELD: "Held at another station",
    L.SOLD: "Sold",
    L.BLOCKED: "Blocked",
    L.HOUSE: "Box office only",
}


class ViewRecord(Protocol):
    """What the view needs of a seat record: its id and place (the other attributes of the module docstring are
    read when present). :class:`ViewSeat` is one; the view is generic in the caller's own record type."""

    @property
    def id(self) -> int: ...

    @property
    def x(self) -> float: ...

    @property
    def y(self) -> float: ...


R = TypeVar("R", bound=ViewRecord)


class SeatmapView(PlanCanvas, Generic[R]):
    """The read-only seatmap (see the module docstring); ``SeatmapView[MyRecord]`` types the records. Signals:

    - ``seatClicked(int)``: a seat was clicked (whether or not it could be selected);
    - ``selectionChanged(list)``: the selected seat ids, after the user changed them;
    - ``seatRefused(int, str)``: a clicked seat cannot be selected, and why (one sentence);

    """

    seatClicked = Signal(int)
    selectionChanged = Signal(list)
    seatRefused = Signal(int, str)

    WHEEL_ZOOMS = True

    def __init__(self, parent: QWidget | None = None, *, station: str | None = None, cart: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("SeatmapView")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.station = station
        self.cart = cart
        self.interactive = True
        self.allow_house = False
        self.empty_text = ""
        self.store = SeatStore()
        self.seat_layer = SeatLayer(self.store)
        self.area_layer = AreaLayer(self._areas)
        self.overlay = LayerItem(self._paint_overlay, 20)
        for item in (self.area_layer, self.seat_layer, self.overlay):
            self.scene().addItem(item)
        self._records: dict[int, R] = {}
        self._order: list[int] = []
        self._colours: dict[str, str] = {}
        self._declared: dict[str, str | None] = {}
        self._background: SeatingDocument | None = None
        self._area_list: list[tuple[float, float, Area]] = []
        self._stage_mark: QPointF | None = None
        self._selected: set[int] = set()
        self._holding: set[int] = set()  # selected, not yet mine (cart mode)
        self._releasing: set[int] = set()  # mine, deselected, not yet released (cart mode)
        self._hover: int | None = None
        self._press: QPointF | None = None
        self._band: QRectF | None = None
        self._stroke: bool | None = None  # paint selection: True adds, False removes
        self._stroke_seen: set[int] = set()
        self._stroke_changed = False
        self._default_radius = 10.0

    # -- what to show -----------------------------------------------------------------------------
    def set_station(self, station: str | None) -> None:
        """The station name, for records that say ``holder_station`` rather than ``mine``."""
        self.station = station
        if self._records:
            self._restyle(self._records)

    def set_interactive(self, interactive: bool) -> None:
        self.interactive = interactive

    def set_allow_house(self, allow: bool) -> None:
        """Whether box-office-only (house) seats may be selected: a permission of the cashier's role."""
        self.allow_house = allow

    def set_cart_mode(self, cart: bool) -> None:
        self.cart = cart
        self._holding.clear()
        self._releasing.clear()
        self._restyle(self._records)

    def set_empty_text(self, text: str) -> None:
        self.empty_text = text
        self.viewport().update()

    def set_category_colours(self, colours: Mapping[str, str | None]) -> None:
        """Colours of categories by name (records with a ``colour`` of their own keep it)."""
        self._declared = dict(colours)
        self._colours.clear()
        self._restyle(self._records)

    def set_background(self, doc: SeatingDocument | None) -> None:
        """Show the plan's areas (stage, labels, shapes) behind the seats, take its category colours and
        page size. A plan without a stage-like area gets a small STAGE mark at its focal point."""
        self._background = doc
        self._area_list = []
        self._stage_mark = None
        if doc is not None:
            for zone, area in doc.iter_areas():
                zx, zy = (zone.x, zone.y) if zone is not None else (0.0, 0.0)
                self._area_list.append((zx, zy, area))
            if not any(is_stage(a) for _, _, a in self._area_list):
                fx, fy = doc.effective_focal_point()
                self._stage_mark = QPointF(fx, fy)
            self._declared = {c.name: c.color for c in doc.categories}
            self._category_order = [c.name for c in doc.categories]
            self._colours.clear()
        self._update_extent()
        if self._records:
            self._restyle(self._records)
        self.area_layer.update()

    def set_document(self, doc: SeatingDocument) -> None:
        """Show a whole plan with every seat free (ids 1..n in plan order; ``guid`` carried along)."""
        self.set_background(doc)
        self.set_seats(cast("list[R]", records_from_document(doc)))  # ViewSeats, whatever R the caller uses

    def set_seats(self, records: Sequence[R]) -> None:
        """Show these seats (all of them; the previous ones go). The selection becomes the seats that are
        ``mine`` (cart mode) or is emptied (plain mode)."""
        before = self.selected_ids()
        refit = set(self._records) != {int(rec.id) for rec in records}
        self._records = {}
        self._order = []
        for rec in records:
            sid = int(rec.id)
            if sid not in self._records:
                self._order.append(sid)
            self._records[sid] = rec
        self._default_radius = self._estimate_radius(list(self._records.values()))
        self._holding.clear()
        self._releasing.clear()
        self._selected = {sid for sid, rec in self._records.items() if self.cart and self._is_mine(rec)}
        self._hover = None
        typical = self._default_radius
        store = self.store
        store.clear(cell=max(32.0, 16 * typical))
        look_id = store.look_id
        style = self._look
        items = []
        for sid in self._order:
            rec = self._records[sid]
            r = _get(rec, "radius") or typical
            items.append((sid, float(rec.x), float(rec.y), float(r), look_id(style(rec)), self._number(rec), None))
        store.bulk_add(items)
        self._build_row_labels()
        self._update_extent()
        if refit or self._fitted:
            self.fit()
        self.seat_layer.update()
        self.overlay.update()
        if self.selected_ids() != before:
            self.selectionChanged.emit(self.selected_ids())

    def update_seats(self, records: Iterable[R]) -> None:
        """Replace some seats with fresh records (the live feed, a finished hold): only their places are
        repainted. Ids the view does not know are ignored (a late answer for another event)."""
        before = self.selected_ids()
        changed: list[R] = []
        for rec in records:
            sid = int(rec.id)
            if sid not in self._records:
                continue
            self._records[sid] = rec
            changed.append(rec)
            if self.cart:
                mine = self._is_mine(rec)
                if mine:
                    self._holding.discard(sid)
                    if sid not in self._releasing:
                        self._selected.add(sid)
                else:
                    self._releasing.discard(sid)
                    if sid in self._selected and not self._selectable(rec):
                        self._selected.discard(sid)
                        self._holding.discard(sid)
        self._restyle_some(changed)
        if self.selected_ids() != before:
            self.selectionChanged.emit(self.selected_ids())

    def settle(self, ids: Iterable[int]) -> None:
        """Forget pending clicks on these seats (a hold or release that failed): their selection follows
        what their records say again."""
        before = self.selected_ids()
        recs = []
        for sid in ids:
            self._holding.discard(sid)
            self._releasing.discard(sid)
            rec = self._records.get(sid)
            if rec is None:
                continue
            if self._is_mine(rec):
                self._selected.add(sid)
            else:
                self._selected.discard(sid)
            recs.append(rec)
        self._restyle_some(recs)
        if self.selected_ids() != before:
            self.selectionChanged.emit(self.selected_ids())

    # -- reading ----------------------------------------------------------------------------------
    def seat(self, seat_id: int) -> R | None:
        return self._records.get(seat_id)

    def seats(self) -> list[R]:
        return [self._records[i] for i in self._order]

    def selected_ids(self) -> list[int]:
        """The selected seat ids in plan order."""
        sel = self._selected
        if not sel:
            return []
        return [i for i in self._order if i in sel]

    def set_selected_ids(self, ids: Iterable[int]) -> None:
        """Select exactly these seats (no signal; pending marks are cleared)."""
        self._selected = {i for i in ids if i in self._records}
        self._holding.clear()
        self._releasing.clear()
        self._restyle(self._records)

    def clear_selection(self) -> None:
        if self._selected:
            self.set_selected_ids(())
            self.selectionChanged.emit([])

    def pending(self) -> dict[int, bool]:
        """Seats clicked and not yet confirmed by a record: True being held, False being released."""
        return {**{i: True for i in self._holding}, **{i: False for i in self._releasing}}

    def category_colour(self, category: str) -> QColor:
        """The colour free seats of a category are drawn in (a record's own colour, else the declared one,
        else one of the palette)."""
        for sid in self._order:
            rec = self._records[sid]
            if _get(rec, "category", "") == category and (_get(rec, "colour") or _get(rec, "color")):
                return QColor(self._colour(rec))
        return QColor(self._colour(ViewSeat(id=0, x=0, y=0, category=category)))

    def state_of(self, seat_id: int) -> str:
        """What the seat looks like: free, mine, pending, held, sold, blocked or house."""
        return self._state(self._records[seat_id])

    def seat_at(self, pos: QPoint | QPointF) -> int | None:
        """The seat under a viewport position."""
        if not self.store.count:
            return None
        sp = self.mapToScene(QPointF(pos).toPoint())
        slop = 3 / max(self.scale_factor(), 1e-9)
        i = self.store.at(sp.x(), sp.y(), slop)
        return None if i is None else cast(int, self.store.keys[i])  # the view keys its store by seat id

    def seat_centre(self, seat_id: int) -> QPoint:
        """Where a seat is drawn, in viewport coordinates."""
        i = self.store.slot_of[seat_id]
        return self.mapFromScene(QPointF(self.store.xs[i], self.store.ys[i]))

    def describe(self, seat_id: int) -> str:
        """The tooltip: label, category and price, accessibility, state."""
        rec = self._records[seat_id]
        lines = [_words(rec)]
        category = _get(rec, "category", "")
        price = _get(rec, "price")
        lines.append(f"{category or 'No category'} · {format_price(price)}")
        if _get(rec, "wheelchair", False):
            lines.append("Wheelchair place")
        if _is_companion(rec):
            lines.append("Companion seat (beside a wheelchair place)")
        if _get(rec, "restricted_view", False):
            lines.append("Restricted view")
        state = self._state(rec)
        text = STATE_WORDS.get(state, state)
        reason = _get(rec, "block_reason")
        holder = _get(rec, "holder_station")
        if state == L.HELD and holder:
            text += f" ({holder})"
        if state in (L.BLOCKED, L.HOUSE) and reason:
            text += f": {reason}"
        lines.append(text)
        return "\n".join(lines)

    # -- styling ----------------------------------------------------------------------------------
    def _is_mine(self, rec: Any) -> bool:
        mine = getattr(rec, "mine", None)
        if mine is not None:
            return bool(mine) and _get(rec, "state", "free") == "held"
        holder = _get(rec, "holder_station")
        return _get(rec, "state", "free") == "held" and holder is not None and holder == self.station

    def _selectable(self, rec: Any) -> bool:
        state = _get(rec, "state", "free")
        if state == "free":
            return True
        if state == "held":
            return self._is_mine(rec)
        if state == "blocked":
            return self.allow_house and _get(rec, "block_kind") == "house"
        return False

    def _state(self, rec: Any) -> str:
        sid = int(rec.id)
        if self.cart and (sid in self._holding or sid in self._releasing):
            return L.PENDING
        state = _get(rec, "state", "free")
        if state == "held":
            return L.MINE if self._is_mine(rec) else L.HELD
        if state == "sold":
            return L.SOLD
        if state == "blocked":
            return L.HOUSE if _get(rec, "block_kind") == "house" else L.BLOCKED
        return L.FREE

    def _colour(self, rec: Any) -> str:
        own = _get(rec, "colour") or _get(rec, "color")
        if own and QColor(own).isValid():
            return QColor(own).name()
        category = _get(rec, "category", "")
        found = self._colours.get(category)
        if found is None:
            order = getattr(self, "_category_order", [])
            if category not in order:
                order = [*order, category]
                self._category_order = order
            found = self._colours[category] = category_colour(category, self._declared, order.index(category))
        return found

    def _look(self, rec: Any) -> Look:
        return Look(
            self._colour(rec),
            self._state(rec),
            bool(_get(rec, "wheelchair", False)),
            _is_companion(rec),
            bool(_get(rec, "restricted_view", False)),
        )

    @staticmethod
    def _number(rec: Any) -> str:
        number = _get(rec, "number", "")
        if number:
            return str(number)
        label = str(_get(rec, "label", "") or "")
        return label.rsplit(" ", 1)[-1] if label else ""

    def _restyle(self, records: Mapping[int, Any] | Iterable[Any]) -> None:
        recs = records.values() if isinstance(records, Mapping) else records
        self._restyle_some(list(recs))

    def _restyle_some(self, records: Sequence[Any]) -> None:
        """Refresh these seats' looks and positions and repaint only their places."""
        store = self.store
        slot_of = store.slot_of
        look_id = store.look_id
        layer = self.seat_layer
        many = len(records) > 200
        for rec in records:
            i = slot_of.get(int(rec.id))
            if i is None:
                continue
            x, y = float(rec.x), float(rec.y)
            r = float(_get(rec, "radius") or self._default_radius)
            lk = look_id(self._look(rec))
            if (x, y, r) != (store.xs[i], store.ys[i], store.rs[i]):
                if not many:
                    layer.update(_seat_rect(store.xs[i], store.ys[i], store.rs[i], self.scale_factor()))
                store.update(i, x, y, r, lk, self._number(rec))
            else:
                store.set_look(i, lk)
            if not many:
                layer.update(_seat_rect(x, y, r, self.scale_factor()))
        if many:
            layer.update()
            self.overlay.update()

    # -- geometry ---------------------------------------------------------------------------------
    def _estimate_radius(self, records: list[Any]) -> float:
        given = [_get(r, "radius") for r in records[:: max(1, len(records) // 200)]]
        given = [g for g in given if g]
        if given:
            return float(statistics.median(given))
        if len(records) < 2:
            return 10.0
        # Nearest-neighbour distance over a sample, on a coarse grid.
        pts = [(float(r.x), float(r.y)) for r in records]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        area = max((max(xs) - min(xs)) * (max(ys) - min(ys)), 1.0)
        cell = max(math.sqrt(area / len(pts)) * 2, 1e-3)
        grid: dict[tuple[int, int], list[tuple[float, float]]] = {}
        for x, y in pts:
            grid.setdefault((int(x // cell), int(y // cell)), []).append((x, y))
        dists = []
        for x, y in pts[:: max(1, len(pts) // 300)]:
            cx, cy = int(x // cell), int(y // cell)
            best = math.inf
            for gx in (cx - 1, cx, cx + 1):
                for gy in (cy - 1, cy, cy + 1):
                    for ox, oy in grid.get((gx, gy), ()):
                        d = (ox - x) ** 2 + (oy - y) ** 2
                        if 0 < d < best:
                            best = d
            if best < math.inf:
                dists.append(math.sqrt(best))
        return max(0.5, 0.42 * statistics.median(dists)) if dists else 10.0

    def _build_row_labels(self) -> None:
        rows: dict[str, list[Any]] = {}
        for rec in self._records.values():
            key = _get(rec, "row_key", "")
            if key and _get(rec, "row", ""):
                rows.setdefault(key, []).append(rec)
        labels: list[RowLabel] = []
        for members in rows.values():
            members.sort(key=lambda r: _get(r, "ordinal", 0))
            ordered = [(float(r.x), float(r.y), float(_get(r, "radius") or self._default_radius)) for r in members]
            labels.extend(row_label_points(ordered, str(_get(members[0], "row", "")), "both"))
        self.seat_layer.row_labels = labels

    def _update_extent(self) -> None:
        b = self.store.bounds()
        content = QRectF() if b is None else QRectF(b[0], b[1], b[2] - b[0], b[3] - b[1])
        for zx, zy, area in self._area_list:
            box = area_path(area, zx, zy).boundingRect()
            content = box if content.isNull() else content.united(box)
        if self._stage_mark is not None and not content.isNull():
            content = content.united(QRectF(self._stage_mark.x() - 60, self._stage_mark.y() - 20, 120, 40))
        margin = 2.5 * self._default_radius
        content = content.adjusted(-margin, -margin, margin, margin)
        self.set_scene_extent(content, content)
        rect = self.scene().sceneRect()
        for item in (self.seat_layer, self.area_layer, self.overlay):
            item.set_rect(rect)

    def _areas(self) -> list[tuple[float, float, Area]]:
        return self._area_list

    # -- painting ---------------------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # type: ignore[override]  # noqa: N802
        painter.fillRect(rect, QColor("#fbfbfc"))

    def _paint_overlay(self, p: QPainter, exposed: QRectF) -> None:
        store = self.store
        if self._stage_mark is not None and store.count:
            self._paint_stage_mark(p)
        if not self.cart and self._selected:
            slots = {store.slot_of[i] for i in self._selected if i in store.slot_of}
            paint_rings(p, store, slots, L.SELECTION, width=2.5, exposed=exposed)
        if self._hover is not None and self._hover in store.slot_of:
            paint_rings(p, store, [store.slot_of[self._hover]], L.HOVER, width=2.0, exposed=exposed)
        if self._band is not None:
            pen = QPen(L.SELECTION, 1)
            pen.setCosmetic(True)
            p.setPen(pen)
            fill = QColor(L.SELECTION)
            fill.setAlpha(30)
            p.setBrush(fill)
            p.drawRect(self._band)

    def _paint_stage_mark(self, p: QPainter) -> None:
        c = self._stage_mark
        assert c is not None
        p.save()
        p.resetTransform()
        centre = self.mapFromScene(c)
        rect = QRectF(centre.x() - 60, centre.y() - 13, 120, 26)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#eceff2"))
        p.drawRoundedRect(rect, 6, 6)
        font = QFont()
        font.setPixelSize(11)
        font.setBold(True)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 2.0)
        p.setFont(font)
        p.setPen(QColor("#57606a"))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "STAGE")
        p.restore()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # type: ignore[override]  # noqa: N802
        if self.store.count or not self.empty_text:
            return
        painter.save()
        painter.resetTransform()
        painter.setPen(QColor("#6e7781"))
        painter.drawText(
            self.viewport().rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text
        )
        painter.restore()

    # -- interaction ------------------------------------------------------------------------------
    def _hover_to(self, sid: int | None) -> None:
        if sid == self._hover:
            return
        store = self.store
        for old in (self._hover, sid):
            if old is not None and old in store.slot_of:
                i = store.slot_of[old]
                self.overlay.update(_seat_rect(store.xs[i], store.ys[i], store.rs[i], self.scale_factor()))
        self._hover = sid
        if sid is None:
            self.viewport().unsetCursor()
        else:
            rec = self._records[sid]
            clickable = self.interactive and self._selectable(rec)
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor)

    def _toggle(self, sid: int, add: bool | None) -> bool | None:
        """Select or deselect one seat (``add`` None: the opposite of now); returns what was done, or None
        when the seat cannot be changed."""
        rec = self._records[sid]
        if not self.interactive:
            return None
        selected = sid in self._selected
        if add is None:
            add = not selected
        if add == selected:
            return add
        if add and not self._selectable(rec):
            return None
        if add:
            self._selected.add(sid)
            if self.cart:
                if sid in self._releasing:
                    self._releasing.discard(sid)
                elif not self._is_mine(rec):
                    self._holding.add(sid)
        else:
            self._selected.discard(sid)
            if self.cart:
                if sid in self._holding:
                    self._holding.discard(sid)
                elif self._is_mine(rec):
                    self._releasing.add(sid)
        self._restyle_some([rec])
        if not self.cart:
            i = self.store.slot_of[sid]
            self.overlay.update(_seat_rect(self.store.xs[i], self.store.ys[i], self.store.rs[i], self.scale_factor()))
        return add

    def refusal(self, seat_id: int) -> str:
        """Why a seat cannot be selected (one sentence), or "" when it can."""
        rec = self._records[seat_id]
        if not self.interactive:
            return "This seatmap is read-only."
        if self._selectable(rec):
            return ""
        words = _words(rec)
        state = self._state(rec)
        reason = _get(rec, "block_reason")
        if state == L.HELD:
            holder = _get(rec, "holder_station")
            return f"{words} is held at another station" + (f" ({holder})." if holder else ".")
        if state == L.SOLD:
            return f"{words} is sold."
        if state == L.HOUSE:
            return f"{words} is kept for the box office" + (f" ({reason})." if reason else ".")
        if state == L.BLOCKED:
            return f"{words} is blocked" + (f": {reason}." if reason else ".")
        return f"{words} cannot be selected."

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        pos = event.position()
        if self.wants_pan(event) or event.button() == Qt.MouseButton.RightButton:
            self.start_pan(pos)
            event.accept()
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._press = QPointF(pos)
        self._stroke_changed = False
        sid = self.seat_at(pos)
        if sid is not None:
            self.seatClicked.emit(sid)
            done = self._toggle(sid, None)
            if done is None:
                if self.interactive:
                    self.seatRefused.emit(sid, self.refusal(sid))
                self._stroke = None
            else:
                self._stroke = done
                self._stroke_changed = True
            self._stroke_seen = {sid}
            self._band = None
        else:
            self._stroke = None
            self._band = QRectF(self.mapToScene(pos.toPoint()), self.mapToScene(pos.toPoint()))
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        pos = event.position()
        if self.is_panning():
            self.pan_to(pos)
            return
        sid = self.seat_at(pos)
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if self._stroke is not None and sid is not None and sid not in self._stroke_seen:
                self._stroke_seen.add(sid)
                if self._toggle(sid, self._stroke) is not None:
                    self._stroke_changed = True
            elif self._band is not None:
                old = self._band.normalized()
                self._band.setBottomRight(self.mapToScene(pos.toPoint()))
                self.overlay.update(old.united(self._band.normalized()).adjusted(-4, -4, 4, 4))
        self._hover_to(sid)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self.is_panning():
            self.end_pan()
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        changed = self._stroke_changed
        if self._band is not None:
            band = self._band.normalized()
            self._band = None
            self.overlay.update(band.adjusted(-4, -4, 4, 4))
            if band.width() * self.scale_factor() > 3 or band.height() * self.scale_factor() > 3:
                remove = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
                before = set(self._selected)
                slots = self.store.query_rect(band.left(), band.top(), band.right(), band.bottom(), touching=False)
                for i in slots:
                    self._toggle(cast(int, self.store.keys[i]), not remove)
                changed = changed or self._selected != before
        self._press = None
        self._stroke = None
        if changed:
            self.selectionChanged.emit(self.selected_ids())

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        self._hover_to(None)
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            sid = self.seat_at(event.pos())
            if sid is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe(sid), self.viewport())
            return True
        return super().viewportEvent(event)


def _get(rec: Any, name: str, default: Any = None) -> Any:
    return getattr(rec, name, default)


def _is_companion(rec: Any) -> bool:
    flag = getattr(rec, "companion", None)
    if flag is not None:
        return bool(flag)
    return bool(getattr(rec, "companion_of", None))


def _words(rec: Any) -> str:
    label = _get(rec, "label", "")
    if label:
        return str(label)
    parts = [
        _get(rec, "zone", ""),
        f"Row {_get(rec, 'row')}" if _get(rec, "row") else "",
        f"Seat {_get(rec, 'number')}" if _get(rec, "number") else "",
    ]
    return ", ".join(p for p in parts if p) or f"Seat {rec.id}"


def _seat_rect(x: float, y: float, r: float, scale: float = 1.0) -> QRectF:
    pad = r * 1.3 + 6 / max(scale, 1e-9)
    return QRectF(x - pad, y - pad, 2 * pad, 2 * pad)


class SeatmapLegend(QWidget):
    """A short legend drawn with the very symbols the map uses: free seats by category (colour and price),
    then the other states; it wraps onto more lines when narrow."""

    R = 7.0
    LINE = 24
    PAD = 12
    STATES = (
        (L.MINE, "In your cart"),
        (L.HELD, "Held elsewhere"),
        (L.SOLD, "Sold"),
        (L.BLOCKED, "Blocked"),
        (L.HOUSE, "Box office only"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SeatmapLegend")
        self._items: list[tuple[Look, str]] = []
        self.set_categories([])

    def set_categories(self, items: Sequence[tuple[str, str | QColor, Decimal | None]]) -> None:
        """(name, colour, price or None) per category."""
        out: list[tuple[Look, str]] = []
        for name, colour, price in items:
            text = f"{name}  {format_price(price)}" if price is not None else name
            out.append((Look(QColor(colour).name()), text))
        neutral = out[0][0].fill if out else L.PALETTE[0]
        out += [(Look(neutral, state), text) for state, text in self.STATES]
        out.append((Look(neutral, L.FREE, wheelchair=True), "Wheelchair place"))
        self._items = out
        self.updateGeometry()
        self.update()

    def _layout(self, width: int) -> list[tuple[float, float, Look, str]]:
        from PySide6.QtGui import QFontMetrics

        fm = QFontMetrics(L.legend_font(self.font()))
        x, y = float(self.PAD), self.LINE / 2 + 2
        out = []
        for look, text in self._items:
            w = 2 * self.R + 6 + fm.horizontalAdvance(text)
            if x > self.PAD and x + w > width - self.PAD:
                x, y = float(self.PAD), y + self.LINE
            out.append((x, y, look, text))
            x += w + 18
        return out

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        placed = self._layout(width)
        return int((placed[-1][1] if placed else 0) + self.LINE / 2 + 2)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, self.heightForWidth(640))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        L.paint_legend(p, self._layout(self.width()), self.R, 6, L.legend_font(self.font()))
        p.end()
