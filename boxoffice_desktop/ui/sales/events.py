"""The events panel of the counter: today's first, then the coming ones, then those that have ended; a
search by name or date words (``counter.calendar``). A date that is not today must be impossible to miss:
such events carry an amber date badge in the list.

The panel shows the session's events and its chosen one; a pick in the list is an intent
(``eventPicked``), the session decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.counter.calendar import (
    curtain_words,
    event_matches,
    has_ended,
    is_today,
    long_date,
    normal_query,
    now_local,
    when_text,
)
from boxoffice_desktop.services.events import EventInfo
from boxoffice_desktop.ui.kit.labels import label
from boxoffice_desktop.ui.theme import colour

ModelIndex = QModelIndex | QPersistentModelIndex

EVENT_ROLE = Qt.ItemDataRole.UserRole + 1
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
IS_TODAY_ROLE = Qt.ItemDataRole.UserRole + 3
WHEN_ROLE = Qt.ItemDataRole.UserRole + 4
SEATS_ROLE = Qt.ItemDataRole.UserRole + 5
ENDED_ROLE = Qt.ItemDataRole.UserRole + 6


class EventListModel(QAbstractListModel):
    """One row per event (``EventInfo``), in the order given (the session's: counter order)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._events: list[EventInfo] = []
        self._now = now_local()

    def set_events(self, events: Sequence[EventInfo], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._now = now or now_local()
        self._events = list(events)
        self.endResetModel()

    def refresh_clock(self, now: datetime | None = None) -> None:
        self._now = now or now_local()
        if self._events:
            self.dataChanged.emit(self.index(0), self.index(len(self._events) - 1))

    def events(self) -> list[EventInfo]:
        return list(self._events)

    def event_at(self, row: int) -> EventInfo | None:
        return self._events[row] if 0 <= row < len(self._events) else None

    def row_of(self, event_id: int) -> int:
        for i, ev in enumerate(self._events):
            if ev.id == event_id:
                return i
        return -1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._events)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._events)) or index.column() != 0:
            return None
        ev = self._events[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return ev.name
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [ev.name, long_date(ev.starts_at), ev.venue_name, f"{ev.seats_free} of {ev.seats_total} seats left"]
            if not is_today(ev, self._now):
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


class EventFilter(QSortFilterProxyModel):
    """Events whose name, venue or date matches what is typed ("nut", "24.12", "2026-12-24", "fri",
    "tomorrow", "24 dec")."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._query = ""

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._query = normal_query(text)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802
        if not self._query:
            return True
        model = self.sourceModel()
        ev = model.event_at(source_row) if isinstance(model, EventListModel) else None
        return ev is not None and event_matches(ev, self._query)


class EventSearch(QLineEdit):
    """Type a name or a date; Up and Down move through the list, Enter keeps the event."""

    def __init__(self, view: QListView, parent: QWidget | None = None):
        super().__init__(parent)
        self._view = view
        self.setObjectName("EventSearch")
        self.setPlaceholderText("Search name or date (24.12, fri, tomorrow)…")
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        model = self._view.model()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self._view.currentIndex().row() + (1 if key == Qt.Key.Key_Down else -1)
            if model.rowCount():
                row = max(0, min(model.rowCount() - 1, row))
                self._view.setCurrentIndex(model.index(row, 0))
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self._view.currentIndex().isValid() and model.rowCount():
                self._view.setCurrentIndex(model.index(0, 0))
            event.accept()
            return
        super().keyPressEvent(event)


class EventDelegate(QStyledItemDelegate):
    """Two lines per event: the name and the seats left; the date (amber when not today) and the venue."""

    HEIGHT = 64

    def __init__(self, accent: str, parent: QObject | None = None):
        super().__init__(parent)
        self._accent = QColor(accent)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:  # noqa: N802
        return QSize(option.rect.width(), self.HEIGHT)

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        ev = index.data(EVENT_ROLE)
        if not isinstance(ev, EventInfo):
            super().paint(p, option, index)
            return
        model = index.model()
        source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
        now = source.now() if isinstance(source, EventListModel) else now_local()
        today = bool(index.data(IS_TODAY_ROLE))
        ended = bool(index.data(ENDED_ROLE))
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
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
            p.setBrush(colour("hover"))
            p.drawRoundedRect(r, 8, 8)

        base = QFont(option.font)
        base.setPixelSize(13)
        bold = QFont(base)
        bold.setBold(True)
        bold.setPixelSize(14)
        small = QFont(base)
        small.setPixelSize(12)
        ink = colour("faint") if ended else colour("ink")
        muted = colour("quiet")

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
        p.setPen(colour("low") if (low and not ended) else muted)
        align_right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        align_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        p.drawText(QRectF(right - seats_w, top, seats_w, 20), align_right, seats_text)
        p.setFont(bold)
        p.setPen(ink)
        name_w = right - seats_w - 10 - left
        name = QFontMetrics(bold).elidedText(ev.name, Qt.TextElideMode.ElideRight, int(name_w))
        p.drawText(QRectF(left, top, name_w, 20), align_left, name)

        # line 2: date badge, venue
        y2 = top + 25
        when = when_text(ev, now)
        p.setFont(small)
        if today:
            text = f"{when}  ·  {curtain_words(ev, now)}  ·  {ev.venue_name}"
            text = fm_small.elidedText(text, Qt.TextElideMode.ElideRight, int(right - left))
            p.setPen(colour("today_ink") if not ended else muted)
            p.drawText(QRectF(left, y2, right - left, 18), align_left, text)
        else:
            badge_font = QFont(small)
            badge_font.setBold(True)
            p.setFont(badge_font)
            bw = QFontMetrics(badge_font).horizontalAdvance(when) + 14
            badge = QRectF(left - 1, y2, bw, 19)
            p.setPen(QPen(colour("ended_border" if ended else "not_today_border"), 1))
            p.setBrush(colour("ended_fill" if ended else "not_today_fill"))
            p.drawRoundedRect(badge, 4, 4)
            p.setPen(muted if ended else colour("not_today_ink"))
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, when)
            p.setFont(small)
            p.setPen(muted)
            venue = fm_small.elidedText(ev.venue_name, Qt.TextElideMode.ElideRight, int(right - badge.right() - 10))
            p.drawText(QRectF(badge.right() + 10, y2, right - badge.right() - 10, 19), align_left, venue)
        p.restore()


class EventsPanel(QFrame):
    """The list and its search. ``eventPicked(EventInfo)``: the cashier chose an event in the list."""

    eventPicked = Signal(object)

    def __init__(self, accent: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("EventsPanel")
        self.setFixedWidth(268)
        self._chosen: int | None = None
        col = QVBoxLayout(self)
        col.setContentsMargins(10, 12, 10, 10)
        col.setSpacing(8)
        head = QHBoxLayout()
        head.setContentsMargins(4, 0, 4, 0)
        head.addWidget(label("Events", "subtitle"))
        head.addStretch(1)
        self.count = label("", "small")
        head.addWidget(self.count)
        col.addLayout(head)
        self.model = EventListModel(self)
        self.filter = EventFilter(self)
        self.filter.setSourceModel(self.model)
        self.view = QListView()
        self.view.setObjectName("EventList")
        self.view.setModel(self.filter)
        self.view.setItemDelegate(EventDelegate(accent, self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setMouseTracking(True)
        self.view.setUniformItemSizes(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.selectionModel().currentChanged.connect(self._picked)
        self.search = EventSearch(self.view)
        self.search.textChanged.connect(self._search)
        col.addWidget(self.search)
        col.addWidget(self.view, 1)
        self.empty = label("Loading events…", "muted", wrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col.addWidget(self.empty)

    def show_events(self, events: Sequence[EventInfo]) -> None:
        self.model.set_events(events)
        n = len(events)
        self.count.setText(f"{n} event{'s' if n != 1 else ''}" if n else "")
        self.empty.setVisible(n == 0)
        self.empty.setText("No events yet. A manager creates them from a published seatmap.")
        self.show_chosen(self._chosen)

    def show_failure(self, message: str) -> None:
        self.empty.setText(message)
        self.empty.show()

    def show_chosen(self, event_id: int | None) -> None:
        """Select the chosen event in the list (when the search lets it through); no signal."""
        self._chosen = event_id
        selection = self.view.selectionModel()
        row = self.model.row_of(event_id) if event_id is not None else -1
        proxy = self.filter.mapFromSource(self.model.index(row)) if row >= 0 else QModelIndex()
        selection.blockSignals(True)
        try:
            if proxy.isValid():
                selection.setCurrentIndex(proxy, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            else:
                selection.clear()
        finally:
            selection.blockSignals(False)
        self.view.viewport().update()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search(self, text: str) -> None:
        """Filter the list; the chosen event stays chosen (selected in the list when it matches)."""
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        try:
            self.filter.set_query(text)
        finally:
            selection.blockSignals(False)
        self.show_chosen(self._chosen)

    def _picked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        ev = self.model.event_at(self.filter.mapToSource(current).row())
        if ev is not None and ev.id != self._chosen:
            self.eventPicked.emit(ev)
