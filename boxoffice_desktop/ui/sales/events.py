"""The list of events at the counter: today's first, then the coming ones, then those that have ended.

A date that is not today must be impossible to miss (selling the wrong night is the classic counter
mistake): such events carry an amber date badge in the list, and the event header repeats it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

ModelIndex = QModelIndex | QPersistentModelIndex

EVENT_ROLE = Qt.ItemDataRole.UserRole + 1
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
IS_TODAY_ROLE = Qt.ItemDataRole.UserRole + 3
WHEN_ROLE = Qt.ItemDataRole.UserRole + 4
SEATS_ROLE = Qt.ItemDataRole.UserRole + 5
ENDED_ROLE = Qt.ItemDataRole.UserRole + 6

ENDED_AFTER = timedelta(hours=3)


def local(dt: datetime) -> datetime:
    return dt.astimezone() if dt.tzinfo is not None else dt


def now_local() -> datetime:
    return datetime.now().astimezone()


def is_today(ev: Any, now: datetime | None = None) -> bool:
    return local(ev.starts_at).date() == (now or now_local()).date()


def has_ended(ev: Any, now: datetime | None = None) -> bool:
    return local(ev.starts_at) + ENDED_AFTER < (now or now_local())


def order_events(events: Sequence[Any], now: datetime | None = None) -> list[Any]:
    """Today's first (by time), then the coming ones (soonest first), then the ended ones (latest first)."""
    now = now or now_local()
    today = [e for e in events if is_today(e, now)]
    coming = [e for e in events if not is_today(e, now) and local(e.starts_at) > now]
    ended = [e for e in events if not is_today(e, now) and local(e.starts_at) <= now]
    today.sort(key=lambda e: (e.starts_at, e.id))
    coming.sort(key=lambda e: (e.starts_at, e.id))
    ended.sort(key=lambda e: (e.starts_at, e.id), reverse=True)
    return today + coming + ended


def day_words(d: date, now: datetime | None = None) -> str:
    today = (now or now_local()).date()
    if d == today:
        return "Today"
    if d == today + timedelta(days=1):
        return "Tomorrow"
    if d == today - timedelta(days=1):
        return "Yesterday"
    if abs((d - today).days) < 180:
        return f"{d:%a} {d.day} {d:%b}"
    return f"{d:%a} {d.day} {d:%b} {d.year}"


def long_date(dt: datetime) -> str:
    d = local(dt)
    return f"{d:%A} {d.day} {d:%B} {d.year}, {d:%H:%M}"


def curtain_words(ev: Any, now: datetime | None = None) -> str:
    """Time to curtain, for today's events: "in 2 h 15 min", "started 10 min ago"."""
    now = now or now_local()
    delta = local(ev.starts_at) - now
    minutes = int(abs(delta.total_seconds()) // 60)
    h, m = divmod(minutes, 60)
    span = f"{h} h {m:02d} min" if h else f"{m} min"
    if delta.total_seconds() >= 0:
        return f"curtain in {span}"
    return f"started {span} ago"


def when_text(ev: Any, now: datetime | None = None) -> str:
    d = local(ev.starts_at)
    return f"{day_words(d.date(), now)}  {d:%H:%M}"


class EventListModel(QAbstractListModel):
    """One row per event (``EventInfo``), in counter order."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._events: list[Any] = []
        self._now = now_local()

    def set_events(self, events: Sequence[Any], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._now = now or now_local()
        self._events = order_events(events, self._now)
        self.endResetModel()

    def refresh_clock(self, now: datetime | None = None) -> None:
        self._now = now or now_local()
        if self._events:
            self.dataChanged.emit(self.index(0), self.index(len(self._events) - 1))

    def events(self) -> list[Any]:
        return list(self._events)

    def event_at(self, row: int) -> Any | None:
        return self._events[row] if 0 <= row < len(self._events) else None

    def row_of(self, event_id: int) -> int:
        for i, ev in enumerate(self._events):
            if ev.id == event_id:
                return i
        return -1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._events)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._events)) or index.column() != 0:
            return None
        ev = self._events[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return ev.name
        if role == Qt.ItemDataRole.ToolTipRole:
            today = is_today(ev, self._now)
            lines = [
                ev.name,
                long_date(ev.starts_at),
                ev.venue_name,
                f"{ev.seats_free} of {ev.seats_total} seats left",
            ]
            if not today:
                lines.append("Not today: check the date with the customer.")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{ev.name}, {when_text(ev, self._now)}, {ev.venue_name}, {ev.seats_free} seats left"
        if role == EVENT_ROLE:
            return ev
        if role == EVENT_ID_ROLE:
            return ev.id
        if role == IS_TODAY_ROLE:
            return is_today(ev, self._now)
        if role == ENDED_ROLE:
            return has_ended(ev, self._now)
        if role == WHEN_ROLE:
            return when_text(ev, self._now)
        if role == SEATS_ROLE:
            return (ev.seats_free, ev.seats_total)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def now(self) -> datetime:
        return self._now


class EventDelegate(QStyledItemDelegate):
    """Two lines per event: the name and the seats left; the date (amber when not today) and the venue."""

    HEIGHT = 64

    def __init__(self, accent: str = "#1f6feb", parent: Any = None):
        super().__init__(parent)
        self._accent = QColor(accent)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:  # noqa: N802
        return QSize(option.rect.width(), self.HEIGHT)

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        ev = index.data(EVENT_ROLE)
        if ev is None:
            return super().paint(p, option, index)
        model = index.model()
        now = model.now() if hasattr(model, "now") else now_local()
        today = bool(index.data(IS_TODAY_ROLE))
        ended = bool(index.data(ENDED_ROLE))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        r = QRectF(option.rect).adjusted(6, 3, -6, -3)

        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if selected:
            soft = QColor(self._accent)
            soft.setAlphaF(0.10)
            p.setPen(QPen(self._accent, 1.2))
            p.setBrush(soft)
            p.drawRoundedRect(r, 8, 8)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self._accent)
            p.drawRoundedRect(QRectF(r.left(), r.top() + 8, 3.5, r.height() - 16), 1.5, 1.5)
        elif hovered:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#f3f5f7"))
            p.drawRoundedRect(r, 8, 8)

        base = QFont(option.font)
        base.setPixelSize(13)
        bold = QFont(base)
        bold.setBold(True)
        bold.setPixelSize(14)
        small = QFont(base)
        small.setPixelSize(12)
        ink = QColor("#8a939c") if ended else QColor("#1f2328")
        muted = QColor("#6e7781")

        left = r.left() + 14
        right = r.right() - 12
        top = r.top() + 9

        # line 1: name ... seats left
        free, total = index.data(SEATS_ROLE)
        seats_text = "Ended" if ended else (f"{free} left" if total else "no seats")
        p.setFont(small)
        fm_small = QFontMetrics(small)
        seats_w = fm_small.horizontalAdvance(seats_text)
        low = total and free <= max(1, total // 10)
        p.setPen(QColor("#b3261e") if (low and not ended) else muted)
        p.drawText(
            QRectF(right - seats_w, top, seats_w, 20),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            seats_text,
        )
        p.setFont(bold)
        p.setPen(ink)
        name_w = right - seats_w - 10 - left
        name = QFontMetrics(bold).elidedText(ev.name, Qt.TextElideMode.ElideRight, int(name_w))
        p.drawText(QRectF(left, top, name_w, 20), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)

        # line 2: date badge, venue
        y2 = top + 25
        when = when_text(ev, now)
        p.setFont(small)
        if today:
            text = f"{when}  ·  {curtain_words(ev, now)}  ·  {ev.venue_name}"
            text = fm_small.elidedText(text, Qt.TextElideMode.ElideRight, int(right - left))
            p.setPen(QColor("#1e5b2c") if not ended else muted)
            p.drawText(
                QRectF(left, y2, right - left, 18),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        else:
            badge_font = QFont(small)
            badge_font.setBold(True)
            p.setFont(badge_font)
            fm = QFontMetrics(badge_font)
            bw = fm.horizontalAdvance(when) + 14
            badge = QRectF(left - 1, y2, bw, 19)
            p.setPen(QPen(QColor("#e0b84a") if not ended else QColor("#d0d5db"), 1))
            p.setBrush(QColor("#ffe8a3") if not ended else QColor("#f1f3f5"))
            p.drawRoundedRect(badge, 4, 4)
            p.setPen(QColor("#5c3d00") if not ended else muted)
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, when)
            p.setFont(small)
            p.setPen(muted)
            venue = QFontMetrics(small).elidedText(
                ev.venue_name, Qt.TextElideMode.ElideRight, int(right - badge.right() - 10)
            )
            p.drawText(
                QRectF(badge.right() + 10, y2, right - badge.right() - 10, 19),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                venue,
            )
        p.restore()
