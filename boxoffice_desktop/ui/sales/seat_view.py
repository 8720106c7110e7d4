"""A plain live seat view: one widget that paints every seat itself in one ``paintEvent``.

It stands behind a small interface (``SeatMapView``) so the editor's reusable read-only seatmap view can
replace it later:

- ``set_seats(seats)``: show these seats (an event's whole list of ``SeatInfo``), clearing the selection
  in flight;
- ``update_seats(seats)``: replace some seats with fresh states (from the feed or from a finished job);
- ``selection()``: the seat ids in this station's selection (held here, or being held);
- ``selectionChanged()``: emitted when that set changes;
- ``seatToggled(seat_id, selected)``: the user clicked a seat into or out of the selection (the page holds
  or releases it);
- ``seatRefused(seat_id, why)``: the user clicked a seat that cannot be taken (one line, why).

Seat states, told apart by shape and mark as well as colour (colour-blind staff):
free — the category's colour; mine — dark with a white check; being held — dashed ring; held at another
station — grey with a dark dot; sold — grey with a white cross; blocked — white with a slash; box office
only (house) — outlined in the category colour with a small square; wheelchair places are rounded squares.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import median
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

# Fixed colours of the states that are not the category's.
MINE = QColor("#1f2328")
MINE_MARK = QColor("#ffffff")
OTHER_FILL = QColor("#c8cdd3")
OTHER_MARK = QColor("#2d333b")
SOLD_FILL = QColor("#8c959f")
SOLD_MARK = QColor("#ffffff")
BLOCKED_FILL = QColor("#ffffff")
BLOCKED_LINE = QColor("#8c959f")
ROW_TEXT = QColor("#6e7781")
STAGE_FILL = QColor("#eceff2")
STAGE_TEXT = QColor("#57606a")

# Categories without a colour of their own get these (distinct for common colour blindness).
FALLBACK_COLOURS = ("#3b7dd8", "#e08a1e", "#2e9e6a", "#b24fa8", "#d14a4a", "#7a8a1f", "#1f9bb0", "#8a5a2b")

FREE, MINE_STATE, PENDING, OTHER, SOLD, BLOCKED, HOUSE = (
    "free",
    "mine",
    "pending",
    "other",
    "sold",
    "blocked",
    "house",
)

LEGEND_STATES: tuple[tuple[str, str], ...] = (
    (FREE, "Free"),
    (MINE_STATE, "My selection"),
    (OTHER, "Held at another station"),
    (SOLD, "Sold"),
    (BLOCKED, "Blocked"),
    (HOUSE, "Box office only"),
)


class SeatMapView(Protocol):
    """What the sales page needs of a seat view (the editor's view will implement the same)."""

    selectionChanged: Any
    seatToggled: Any

    def set_seats(self, seats: Sequence[Any]) -> None: ...

    def update_seats(self, seats: Sequence[Any]) -> None: ...

    def selection(self) -> list[int]: ...


@dataclass(frozen=True)
class PlanDecor:
    """What the view draws besides seats: category colours and where the stage is (plan coordinates)."""

    colours: Mapping[str, str] = dataclasses.field(default_factory=dict)
    stage: tuple[float, float] | None = None


def visual_state(seat: Any, station: str, pending: Mapping[int, bool]) -> str:
    if seat.id in pending:
        return PENDING
    state = seat.state
    if state == "held":
        return MINE_STATE if seat.holder_station == station else OTHER
    if state == "sold":
        return SOLD
    if state == "blocked":
        return HOUSE if seat.block_kind == "house" else BLOCKED
    return FREE


def paint_seat(
    p: QPainter,
    centre: QPointF,
    r: float,
    kind: str,
    colour: QColor,
    *,
    wheelchair: bool = False,
    pending_target: bool = True,
) -> None:
    """One seat symbol; also used by the legend, so the legend is exactly what the map shows."""
    rect = QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r)
    path = QPainterPath()
    if wheelchair:
        path.addRoundedRect(rect, r * 0.35, r * 0.35)
    else:
        path.addEllipse(rect)
    line = max(1.0, r * 0.16)
    p.setPen(Qt.PenStyle.NoPen)
    if kind == FREE:
        p.setBrush(colour)
        p.setPen(QPen(colour.darker(135), max(0.8, r * 0.08)))
        p.drawPath(path)
    elif kind == MINE_STATE:
        p.setBrush(MINE)
        p.drawPath(path)
        pen = QPen(
            MINE_MARK,
            max(1.2, r * 0.24),
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
        p.setPen(pen)
        p.drawPolyline(
            [
                QPointF(centre.x() - r * 0.45, centre.y() + r * 0.02),
                QPointF(centre.x() - r * 0.12, centre.y() + r * 0.36),
                QPointF(centre.x() + r * 0.48, centre.y() - r * 0.34),
            ]
        )
    elif kind == PENDING:
        p.setBrush(colour.lighter(125) if pending_target else QColor("#f3f4f6"))
        pen = QPen(MINE, max(1.2, r * 0.2), Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawPath(path)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(MINE)
        d = r * 0.28
        p.drawEllipse(QRectF(centre.x() - d, centre.y() - d, 2 * d, 2 * d))
    elif kind == OTHER:
        p.setBrush(OTHER_FILL)
        p.setPen(QPen(OTHER_FILL.darker(125), max(0.8, r * 0.08)))
        p.drawPath(path)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(OTHER_MARK)
        d = r * 0.3
        p.drawEllipse(QRectF(centre.x() - d, centre.y() - d, 2 * d, 2 * d))
    elif kind == SOLD:
        p.setBrush(SOLD_FILL)
        p.drawPath(path)
        p.setPen(QPen(SOLD_MARK, max(1.1, r * 0.2), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        d = r * 0.4
        p.drawLine(QPointF(centre.x() - d, centre.y() - d), QPointF(centre.x() + d, centre.y() + d))
        p.drawLine(QPointF(centre.x() - d, centre.y() + d), QPointF(centre.x() + d, centre.y() - d))
    elif kind == BLOCKED:
        p.setBrush(BLOCKED_FILL)
        p.setPen(QPen(BLOCKED_LINE, line))
        p.drawPath(path)
        d = r * 0.55
        p.drawLine(QPointF(centre.x() - d, centre.y() + d), QPointF(centre.x() + d, centre.y() - d))
    elif kind == HOUSE:
        p.setBrush(BLOCKED_FILL)
        p.setPen(QPen(colour.darker(115), line * 1.3))
        p.drawPath(path)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour.darker(115))
        d = r * 0.32
        p.drawRect(QRectF(centre.x() - d, centre.y() - d, 2 * d, 2 * d))


def _seat_words(seat: Any) -> str:
    if seat.label:
        return str(seat.label)
    parts = [seat.zone, f"Row {seat.row}" if seat.row else "", f"Seat {seat.number}" if seat.number else ""]
    return ", ".join(p for p in parts if p)


def format_money(amount: Decimal | None) -> str:
    if amount is None:
        return "—"
    return f"{amount:,.2f}".replace(",", "\u2009")


class SeatView(QWidget):
    selectionChanged = Signal()
    seatToggled = Signal(int, bool)
    seatRefused = Signal(int, str)

    MARGIN = 28
    MAX_RADIUS = 15.0

    def __init__(self, parent: QWidget | None = None, *, station: str = ""):
        super().__init__(parent)
        self.setObjectName("SeatView")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self.setAutoFillBackground(True)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._station = station
        self._seats: dict[int, Any] = {}
        self._order: list[int] = []
        self._pending: dict[int, bool] = {}
        self._decor = PlanDecor()
        self._colours: dict[str, QColor] = {}
        self._spacing = 30.0
        self._bounds = QRectF()
        self._rows: list[tuple[str, Any, Any]] = []
        self._interactive = True
        self._allow_house = False
        self._empty_text = "Choose an event to see its seats."
        self.paint_count = 0

    # the interface ------------------------------------------------------------------------------------
    def set_station(self, station: str) -> None:
        self._station = station
        self.update()

    def set_decor(self, decor: PlanDecor) -> None:
        self._decor = decor
        self._assign_colours()
        self.update()

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self.update()

    def set_interactive(self, interactive: bool) -> None:
        self._interactive = interactive

    def set_allow_house(self, allow: bool) -> None:
        """Whether box-office-only seats may be clicked into the selection (a permission of the role)."""
        self._allow_house = allow

    def set_seats(self, seats: Sequence[Any]) -> None:
        before = self.selection()
        self._seats = {s.id: s for s in seats}
        self._order = [s.id for s in seats]
        self._pending.clear()
        self._measure()
        self._assign_colours()
        self.update()
        if self.selection() != before:
            self.selectionChanged.emit()

    def update_seats(self, seats: Iterable[Any]) -> None:
        before = self.selection()
        changed = False
        for s in seats:
            if s.id in self._seats:  # seats of another event (a late answer) are ignored
                self._seats[s.id] = s
                self._pending.pop(s.id, None)
                changed = True
        if changed:
            self.update()
        if self.selection() != before:
            self.selectionChanged.emit()

    def clear_pending(self, seat_ids: Iterable[int]) -> None:
        before = self.selection()
        for sid in seat_ids:
            self._pending.pop(sid, None)
        self.update()
        if self.selection() != before:
            self.selectionChanged.emit()

    def selection(self) -> list[int]:
        out = []
        for sid in self._order:
            if sid in self._pending:
                if self._pending[sid]:
                    out.append(sid)
            else:
                s = self._seats[sid]
                if s.state == "held" and s.holder_station == self._station:
                    out.append(sid)
        return out

    def pending(self) -> dict[int, bool]:
        return dict(self._pending)

    def seat(self, seat_id: int) -> Any | None:
        return self._seats.get(seat_id)

    def seats(self) -> list[Any]:
        return [self._seats[i] for i in self._order]

    def state_of(self, seat_id: int) -> str:
        """free, mine, pending, other, sold, blocked or house (what the seat looks like now)."""
        return visual_state(self._seats[seat_id], self._station, self._pending)

    def category_colour(self, category: str) -> QColor:
        return self._colours.get(category, QColor(FALLBACK_COLOURS[0]))

    def seat_centre(self, seat_id: int) -> QPointF:
        """Where a seat is drawn (widget coordinates): for tests and tooltips."""
        s = self._seats[seat_id]
        scale, ox, oy = self._transform()
        return QPointF(ox + s.x * scale, oy + s.y * scale)

    # geometry ----------------------------------------------------------------------------------------
    def _assign_colours(self) -> None:
        colours: dict[str, QColor] = {}
        fallback = iter(FALLBACK_COLOURS * 4)
        names = list(dict.fromkeys([*self._decor.colours.keys(), *(s.category for s in self._seats.values())]))
        for name in names:
            given = self._decor.colours.get(name)
            colour = QColor(given) if given else QColor()
            colours[name] = colour if colour.isValid() else QColor(next(fallback))
        self._colours = colours

    def _measure(self) -> None:
        seats = list(self._seats.values())
        if not seats:
            self._bounds = QRectF()
            self._rows = []
            return
        xs = [s.x for s in seats]
        ys = [s.y for s in seats]
        self._bounds = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        rows: dict[str, list[Any]] = {}
        for s in seats:
            rows.setdefault(s.row_key or f"{s.zone}:{s.row}", []).append(s)
        gaps = []
        self._rows = []
        for members in rows.values():
            members.sort(key=lambda s: s.ordinal)
            for a, b in zip(members, members[1:], strict=False):
                d = math.hypot(a.x - b.x, a.y - b.y)
                if d > 0:
                    gaps.append(d)
            self._rows.append((members[0].row, members[0], members[-1]))
        self._spacing = median(gaps) if gaps else 30.0

    def _radius_plan(self) -> float:
        return self._spacing * 0.40

    def _transform(self) -> tuple[float, float, float]:
        """(scale, offset x, offset y): plan -> widget."""
        r = self._radius_plan()
        b = self._bounds.adjusted(-r - self._spacing * 1.2, -r, r + self._spacing * 1.2, r)
        stage = self._decor.stage
        if stage is not None and not b.contains(QPointF(*stage)):
            b = b.united(QRectF(stage[0] - 1, stage[1] - 1, 2, 2).adjusted(0, -self._spacing, 0, self._spacing))
        w = max(1.0, self.width() - 2 * self.MARGIN)
        h = max(1.0, self.height() - 2 * self.MARGIN)
        bw, bh = max(b.width(), 1.0), max(b.height(), 1.0)
        scale = min(w / bw, h / bh)
        if r * scale > self.MAX_RADIUS:
            scale = self.MAX_RADIUS / r
        ox = self.MARGIN + (w - bw * scale) / 2 - b.left() * scale
        oy = self.MARGIN + (h - bh * scale) / 2 - b.top() * scale
        return scale, ox, oy

    def seat_at(self, pos: QPointF) -> int | None:
        if not self._seats:
            return None
        scale, ox, oy = self._transform()
        px, py = (pos.x() - ox) / scale, (pos.y() - oy) / scale
        limit = (self._radius_plan() * 1.25) ** 2
        best, best_d = None, limit
        for s in self._seats.values():
            d = (s.x - px) ** 2 + (s.y - py) ** 2
            if d <= best_d:
                best, best_d = s.id, d
        return best

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(800, 560)

    # painting ----------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        self.paint_count += 1
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(self.rect(), QColor("#fbfbfc"))
        if not self._seats:
            p.setPen(ROW_TEXT)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text)
            p.end()
            return
        scale, ox, oy = self._transform()
        r = self._radius_plan() * scale

        stage = self._decor.stage
        if stage is not None:
            self._paint_stage(p, scale, ox, oy, stage)

        if r >= 4.5:
            font = QFont(self.font())
            font.setPixelSize(max(9, min(13, round(r * 1.05))))
            p.setFont(font)
            p.setPen(ROW_TEXT)
            gap = self._spacing * scale * 0.9
            for row_text, first, last in self._rows:
                if not row_text:
                    continue
                for seat, side in ((first, -1), (last, 1)):
                    cx, cy = ox + seat.x * scale, oy + seat.y * scale
                    box = QRectF(cx + side * gap - 20, cy - 10, 40, 20)
                    p.drawText(box, Qt.AlignmentFlag.AlignCenter, str(row_text))

        pending = self._pending
        station = self._station
        for sid in self._order:
            s = self._seats[sid]
            kind = visual_state(s, station, pending)
            centre = QPointF(ox + s.x * scale, oy + s.y * scale)
            paint_seat(
                p,
                centre,
                r,
                kind,
                self.category_colour(s.category),
                wheelchair=bool(s.wheelchair),
                pending_target=pending.get(sid, True),
            )
        p.end()

    def _paint_stage(self, p: QPainter, scale: float, ox: float, oy: float, stage: tuple[float, float]) -> None:
        b = self._bounds
        sx, sy = ox + stage[0] * scale, oy + stage[1] * scale
        width = max(120.0, b.width() * scale * 0.45)
        height = 26.0
        above = stage[1] <= b.center().y()
        y = (
            (oy + b.top() * scale - self._spacing * scale * 1.2 - height)
            if above
            else (oy + b.bottom() * scale + self._spacing * scale * 1.2)
        )
        if abs(sy - y) < self._spacing * scale * 4:
            y = sy - height / 2
        rect = QRectF(sx - width / 2, y, width, height)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(STAGE_FILL)
        p.drawRoundedRect(rect, 6, 6)
        font = QFont(self.font())
        font.setPixelSize(11)
        font.setBold(True)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 2.0)
        p.setFont(font)
        p.setPen(STAGE_TEXT)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "STAGE")

    # interaction -------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        sid = self.seat_at(event.position())
        if sid is not None:
            self.toggle(sid)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        sid = self.seat_at(event.position())
        if sid is None:
            self.unsetCursor()
        else:
            kind = self.state_of(sid)
            clickable = self._interactive and (kind in (FREE, MINE_STATE) or (kind == HOUSE and self._allow_house))
            self.setCursor(Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def toggle(self, seat_id: int) -> bool:
        """What a click on the seat does; True when the selection changed."""
        if not self._interactive or seat_id not in self._seats:
            return False
        seat = self._seats[seat_id]
        kind = self.state_of(seat_id)
        if kind == FREE or (kind == HOUSE and self._allow_house):
            self._pending[seat_id] = True
            self.update()
            self.seatToggled.emit(seat_id, True)
            self.selectionChanged.emit()
            return True
        if kind == MINE_STATE:
            self._pending[seat_id] = False
            self.update()
            self.seatToggled.emit(seat_id, False)
            self.selectionChanged.emit()
            return True
        why = {
            PENDING: "One moment: this seat is being updated.",
            OTHER: f"{_seat_words(seat)} is held at another station ({seat.holder_station}).",
            SOLD: f"{_seat_words(seat)} is sold.",
            BLOCKED: f"{_seat_words(seat)} is blocked" + (f": {seat.block_reason}." if seat.block_reason else "."),
            HOUSE: f"{_seat_words(seat)} is kept for the box office"
            + (f" ({seat.block_reason})." if seat.block_reason else "."),
        }[kind]
        self.seatRefused.emit(seat_id, why)
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            sid = self.seat_at(QPointF(event.pos()))
            if sid is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe(sid), self)
            return True
        return super().event(event)

    def describe(self, seat_id: int) -> str:
        s = self._seats[seat_id]
        kind = self.state_of(seat_id)
        lines = [_seat_words(s), f"{s.category} · {format_money(s.price)}"]
        if s.wheelchair:
            lines.append("Wheelchair place")
        if s.companion_of:
            lines.append("Companion seat")
        if s.restricted_view:
            lines.append("Restricted view")
        lines.append(
            {
                FREE: "Free — click to add to your selection",
                MINE_STATE: "In your selection — click to release",
                PENDING: "Being updated…",
                OTHER: f"Held at station {s.holder_station}",
                SOLD: "Sold",
                BLOCKED: "Blocked" + (f": {s.block_reason}" if s.block_reason else ""),
                HOUSE: "Box office only" + (f": {s.block_reason}" if s.block_reason else ""),
            }[kind]
        )
        return "\n".join(lines)


class SeatLegend(QWidget):
    """The short legend: free seats by category (colour and full price), then the other states with the
    very marks the map draws. Wraps onto further lines when narrow."""

    R = 7.0
    LINE = 24
    PAD = 14

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Legend")
        self._categories: list[tuple[str, QColor, Decimal | None]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_categories(self, items: Sequence[tuple[str, QColor, Decimal | None]]) -> None:
        self._categories = list(items)
        self.updateGeometry()
        self.update()

    def _items(self) -> list[tuple[str, str, QColor]]:
        items = [
            (FREE, f"{name}  {format_money(price)}" if price is not None else name, colour)
            for name, colour, price in self._categories
        ]
        neutral = self._categories[0][1] if self._categories else QColor(FALLBACK_COLOURS[0])
        items += [(kind, text, neutral) for kind, text in LEGEND_STATES if kind != FREE]
        return items

    def _layout(self, width: int) -> list[tuple[float, float, str, str, QColor]]:
        font = QFont(self.font())
        font.setPixelSize(12)
        fm = QFontMetrics(font)
        out = []
        x, y = float(self.PAD), self.LINE / 2 + 4
        first_state = True
        for kind, text, colour in self._items():
            w = 2 * self.R + 7 + fm.horizontalAdvance(text)
            new_group = kind != FREE and first_state
            if new_group:
                first_state = False
                if x > self.PAD:  # states start on a line of their own
                    x, y = float(self.PAD), y + self.LINE
            if x > self.PAD and x + w > width - self.PAD:
                x, y = float(self.PAD), y + self.LINE
            out.append((x, y, kind, text, colour))
            x += w + 22
        return out

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        placed = self._layout(width)
        last_y = placed[-1][1] if placed else self.LINE / 2
        return int(last_y + self.LINE / 2 + 4)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(700, self.heightForWidth(max(self.width(), 700)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(200, self.heightForWidth(max(self.width(), 200)))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.setMinimumHeight(self.heightForWidth(self.width()))
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        font = QFont(self.font())
        font.setPixelSize(12)
        p.setFont(font)
        ascent = p.fontMetrics().ascent()
        for x, y, kind, text, colour in self._layout(self.width()):
            paint_seat(p, QPointF(x + self.R, y), self.R, kind, colour)
            p.setPen(QColor("#424a53"))
            p.drawText(QPointF(x + 2 * self.R + 7, y + ascent / 2 - 1), text)
        p.end()
