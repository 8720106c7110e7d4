"""The sales screen: the counter in one screen.

::

    [shift: open, float, cashier]                                  [find order / scan ticket]  [Keys]
    | events (today first,  | event, date (loud when not today)   | PRICE TYPES  F1 Full ×2  F2 ...  |
    |  search name or date) | LIVE SEATMAP (click, paint, band,   | BEST AVAILABLE  qty  category  ♿ |
    |                       |  zoom, pan, tooltips)               | CART  seat | type | price  12:41 |
    |                       | legend                              | More time  Release all  customer |
    [TOTAL]          [Cash exact ⏎] [Cash… F8] [Card F9] [YooKassa F10] [Training ⇧F10] [☑ print tickets]

One cart is one hold: the first seat creates it, further seats join it, a seat taken out is given back.
Every database and network call is a job (``ui.operations.run_job``): holds, releases and sales go through
one serial lane in the order they were asked for; seat reads through another; online payments are polled
as jobs of their own, so nothing ever waits on the UI thread. The feed adapter tells which seats changed;
only those are read again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.errors import BoxOfficeError, HoldExpired, NoOpenShift, NotFound, SeatsUnavailable
from boxoffice_desktop.services.best_available import lonely_companions, stranded_seats
from boxoffice_desktop.services.context import Permission
from boxoffice_desktop.ui.feed_adapter import FeedAdapter
from boxoffice_desktop.ui.money import format_money
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.printing.documents import ReceiptData, method_words, receipt_html
from boxoffice_desktop.ui.printing.service import PrintService, plural
from boxoffice_desktop.ui.sales.cart import Cart, CartLine, CartModel, PriceTypeDelegate, type_words
from boxoffice_desktop.ui.sales.checkout import (
    CardDialog,
    CashDialog,
    ConfirmDialog,
    CustomerDialog,
    OnlinePaymentDialog,
    PaymentWatcher,
    SaleSummary,
    customer_words,
)
from boxoffice_desktop.ui.sales.events import (
    EventDelegate,
    EventListModel,
    curtain_words,
    day_words,
    is_today,
    local,
    long_date,
    now_local,
)
from boxoffice_desktop.ui.sales.find import ScanField, ScanResult, ScanResultDialog, lookup
from boxoffice_desktop.ui.sales.legend import SeatLegend
from boxoffice_desktop.ui.sales.seat_map import CounterSeat, SalesSeatMap, counter_seat
from boxoffice_desktop.ui.shift import ShiftBar
from boxoffice_desktop.ui.shortcuts import KeyMap, ShortcutsDialog, tip
from boxoffice_desktop.ui.theme import Branding
from boxoffice_desktop.ui.widgets import Banner, MessageLine, label, repolish

log = logging.getLogger(__name__)

HOLD_TTL_SECONDS = 900
EVENTS_REFRESH_MS = 1500  # after seat changes, the seats-left counts follow within this
CLOCK_MS = 1000
SEAT_LANE = "seats"
READ_LANE = "seat-reads"
RECONNECT_GRACE_MS = 2500
PRICE_KEYS = ("F1", "F2", "F3", "F4")
BEST_ATTEMPTS = 3


# --- jobs (worker threads: plain values in, plain values out) -------------------------------------------
def read_seats(bo: Any, event_id: int, seat_ids: Sequence[int] | None = None) -> list[Any]:
    from boxoffice_desktop.services import events as events_svc

    return events_svc.event_seats(bo.db, bo.actor, event_id, None if seat_ids is None else list(seat_ids))


@dataclass(frozen=True)
class EventData:
    info: Any
    doc: Any
    seats: list[Any]
    prices: dict[tuple[str, str], Decimal]
    parked: dict[int, str]


def load_event_data(bo: Any, ev: Any, *, refresh: bool, docs: dict[int, Any]) -> EventData:
    from boxoffice_desktop.services import events as events_svc
    from boxoffice_desktop.services import seatmaps as seatmaps_svc
    from boxoffice_desktop.services.online_sales import pending_order_holds

    info = events_svc.get_event(bo.db, bo.actor, ev.id) if refresh else ev
    doc = docs.get(info.seatmap_id) or seatmaps_svc.get_document(bo.db, bo.actor, info.seatmap_id)
    return EventData(
        info,
        doc,
        read_seats(bo, ev.id),
        bo.event_prices(ev.id),
        pending_order_holds(bo.db, bo.actor, ev.id),
    )


class HoldRef:
    """The cart's hold: read and written by the jobs on the seat lane (one after the other), so a seat
    clicked while the first hold is on its way joins that hold."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._id: int | None = None
        self.deadline: float | None = None  # monotonic time the hold runs out

    def get(self) -> int | None:
        with self._lock:
            return self._id

    def set(self, hold_id: int, deadline: float | None = None) -> None:
        with self._lock:
            self._id = hold_id
            if deadline is not None:
                self.deadline = deadline

    def clear(self) -> None:
        with self._lock:
            self._id = None
            self.deadline = None


def hold_into(bo: Any, ref: HoldRef, event_id: int, seat_ids: Sequence[int], *, house: bool) -> Any:
    """Add seats to the cart's hold, or start it (also when the old one ran out)."""
    hold_id = ref.get()
    if hold_id is not None:
        try:
            return bo.hold(event_id, list(seat_ids), into_hold=hold_id, allow_house=house)
        except (NotFound, HoldExpired):
            ref.clear()  # the hold ran out or was released: a new one
    started = time.monotonic()
    info = bo.hold(event_id, list(seat_ids), ttl_seconds=HOLD_TTL_SECONDS, allow_house=house)
    ref.set(info.id, started + HOLD_TTL_SECONDS)
    return info


def consolidate(bo: Any, event_id: int, ref: HoldRef, holds_of: dict[int, int | None]) -> int:
    """The one hold to sell: the cart's; seats still in an older hold of this station (adopted after a
    restart) are moved into it first."""
    ids_by_hold: dict[int, list[int]] = {}
    for sid, hid in holds_of.items():
        if hid is not None:
            ids_by_hold.setdefault(hid, []).append(sid)
    primary = ref.get()
    if primary is None or primary not in ids_by_hold:
        if not ids_by_hold:
            raise BoxOfficeError("These seats are no longer held; pick them again.")
        primary = max(ids_by_hold)
        ref.set(primary)
    for hid, seats in ids_by_hold.items():
        if hid != primary:
            bo.release(hid, seats)
            bo.hold(event_id, seats, into_hold=primary)
    return primary


# --- small widgets ----------------------------------------------------------------------------------------
class EventSearch(QLineEdit):
    """Type a name or a date; Up and Down move through the list, Enter keeps the event."""

    def __init__(self, view: QListView, parent: QWidget | None = None):
        super().__init__(parent)
        self._view = view
        self.setObjectName("EventSearch")
        self.setPlaceholderText("Search name or date (24.12, fri, tomorrow)…")
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            model = self._view.model()
            row = self._view.currentIndex().row() + (1 if key == Qt.Key.Key_Down else -1)
            if model.rowCount():
                row = max(0, min(model.rowCount() - 1, row))
                self._view.setCurrentIndex(model.index(row, 0))
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self._view.currentIndex().isValid() and self._view.model().rowCount():
                self._view.setCurrentIndex(self._view.model().index(0, 0))
            event.accept()
            return
        super().keyPressEvent(event)


class EventFilter(QSortFilterProxyModel):
    """Events whose name, venue or date matches what is typed ("nut", "24.12", "2026-12-24", "fri",
    "tomorrow", "24 dec")."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._query = ""

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._query = " ".join(text.casefold().split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        if not self._query:
            return True
        model = self.sourceModel()
        ev = model.event_at(source_row) if hasattr(model, "event_at") else None
        return ev is not None and event_matches(ev, self._query)


def date_forms(ev: Any) -> set[str]:
    d = local(ev.starts_at)
    words = {
        f"{d.day}.{d.month}",
        f"{d:%d.%m}",
        f"{d:%d.%m.%Y}",
        f"{d.day}.{d.month}.{d.year}",
        f"{d:%Y-%m-%d}",
        f"{d.day}/{d.month}",
        f"{d:%d/%m}",
        f"{d.day} {d:%b}".casefold(),
        f"{d.day} {d:%B}".casefold(),
        f"{d:%b} {d.day}".casefold(),
        f"{d:%a}".casefold(),
        f"{d:%A}".casefold(),
        day_words(d.date()).casefold(),
    }
    return words


def event_matches(ev: Any, query: str) -> bool:
    if query in ev.name.casefold() or query in (ev.venue_name or "").casefold():
        return True
    return any(form.startswith(query) for form in date_forms(ev))


class QuantityBox(QSpinBox):
    """Enter runs the search (and stops there, not at the cash key)."""

    def __init__(self, submit: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self._submit = submit

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
            event.accept()
            return
        super().keyPressEvent(event)


def section(title: str, right: QWidget | None = None) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(label(title.upper(), "sectionLabel"))
    row.addStretch(1)
    if right is not None:
        row.addWidget(right)
    return row


def seat_place(seat: Any) -> str:
    parts = [f"Row {seat.row}" if seat.row else "", f"Seat {seat.number}" if seat.number else ""]
    return ", ".join(p for p in parts if p) or seat.label


def seats_words(seats: Sequence[Any]) -> str:
    """ "Stalls, Row F, Seats 11–12" for a block of one row, else the count."""
    if not seats:
        return ""
    rows = {(s.zone, s.row) for s in seats}
    if len(rows) == 1 and all(s.number for s in seats):
        first = seats[0]
        numbers = [s.number for s in seats]
        span = numbers[0] if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"
        what = "Seat" if len(numbers) == 1 else "Seats"
        return ", ".join(p for p in (first.zone, f"Row {first.row}" if first.row else "", f"{what} {span}") if p)
    return plural(len(seats), "seat")


# --- the page ---------------------------------------------------------------------------------------------
class SalesPage(QWidget):
    def __init__(self, bo: Any, feed: FeedAdapter, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SalesPage")
        self.bo = bo
        self.feed = feed
        self.branding = Branding.from_tenant(bo.tenant)
        self.currency: str | None = None
        self._events_loaded = False
        self._events_loading = False
        self._event: Any = None
        self._event_id: int | None = None
        self._generation = 0
        self._seats_loaded_for: int | None = None
        self._docs: dict[int, Any] = {}
        self._colours: dict[str, QColor] = {}
        self._last_cart: list[int] = []
        self._in_flight: set[int] = set()
        self._dirty: set[int] = set()
        self._parked: dict[int, str] = {}  # hold id -> order code (online payment open)
        self._hold = HoldRef()
        self._stopped = False
        self._ever_connected = feed.connected
        self._sale_running = False
        self._best_running = False
        self._queued: str | None = None
        self._offer: list[int] = []
        self._offer_excluded: list[int] = []
        self._companions_ok: set[int] = set()
        self._expiry_noted = False
        self.customer: dict[str, str] | None = None
        self.cart = Cart()
        self.cart_model = CartModel(self.cart, self)
        self.cart_model.typeEdited.connect(self._type_edited)
        self.printing = PrintService(self)
        self.watchers: dict[int, PaymentWatcher] = {}
        self.dialog: Any = None
        self.last_order: Any = None
        self.last_tickets: list[Any] = []
        self.keys = KeyMap(self)
        self.total = Decimal("0.00")
        self._build()
        self._bind_keys()

        feed.seatsChanged.connect(self._on_seats_changed)
        feed.reloadAll.connect(self._on_reload_all)
        feed.connectionChanged.connect(self._on_connection)

        self._events_timer = QTimer(self)
        self._events_timer.setSingleShot(True)
        self._events_timer.timeout.connect(self.reload_events)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(CLOCK_MS)
        self._grace = QTimer(self)
        self._grace.setSingleShot(True)
        self._grace.timeout.connect(lambda: self._on_connection(self.feed.connected))
        if not feed.connected:
            self._grace.start(RECONNECT_GRACE_MS)
        self.reload_events()
        self.shift_bar.refresh()

    # building ----------------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.reconnect_banner = Banner(
            "Reconnecting to the server…  Seats shown may be out of date; holds and sales still check every seat.",
            "warning",
        )
        self.reconnect_banner.setAccessibleName("ReconnectBanner")
        outer.addWidget(self.reconnect_banner)
        outer.addWidget(self._build_top_bar())

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        outer.addLayout(body, 1)
        body.addWidget(self._build_events_panel())
        body.addWidget(self._build_centre(), 1)
        body.addWidget(self._build_cart_panel())
        outer.addWidget(self._build_bottom_bar())
        self._cart_changed()

    def _build_top_bar(self) -> QWidget:
        bar = QFrame()
        bar.setObjectName("SalesTopBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 6, 12, 6)
        row.setSpacing(10)
        self.shift_bar = ShiftBar(self.bo, lambda: self.currency, self._print_report, self._save_report_pdf, self)
        self.shift_bar.changed.connect(lambda _r: self._update_pay_buttons())
        row.addWidget(self.shift_bar)
        row.addStretch(1)
        self.scan_field = ScanField()
        self.scan_field.setMinimumWidth(340)
        self.scan_field.submitted.connect(self.find)
        tip(self.scan_field, "Find an order by its code, or scan a ticket to check it", "Ctrl+F")
        row.addWidget(self.scan_field)
        self.printers_button = QPushButton("Printers")
        self.printers_button.setObjectName("PrintersButton")
        self.printers_button.setProperty("flat", True)
        self.printers_button.setAutoDefault(True)
        menu = QMenu(self.printers_button)
        menu.addAction("Ticket printer…", lambda: self.choose_printer("tickets"))
        menu.addAction("Receipt printer…", lambda: self.choose_printer("receipts"))
        menu.addSeparator()
        menu.addAction("Save the last tickets as PDF…", lambda: self.save_tickets_pdf())
        self.printers_button.setMenu(menu)
        row.addWidget(self.printers_button)
        self.keys_button = QPushButton("Keys")
        self.keys_button.setObjectName("KeysButton")
        self.keys_button.setProperty("flat", True)
        self.keys_button.setAutoDefault(True)
        self.keys_button.clicked.connect(self.show_shortcuts)
        row.addWidget(self.keys_button)
        return bar

    def _build_events_panel(self) -> QWidget:
        panel = QFrame()
        panel.setObjectName("EventsPanel")
        panel.setFixedWidth(268)
        col = QVBoxLayout(panel)
        col.setContentsMargins(10, 12, 10, 10)
        col.setSpacing(8)
        head = QHBoxLayout()
        head.setContentsMargins(4, 0, 4, 0)
        head.addWidget(label("Events", "subtitle"))
        head.addStretch(1)
        self.events_count = label("", "small")
        head.addWidget(self.events_count)
        col.addLayout(head)
        self.events_model = EventListModel(self)
        self.events_filter = EventFilter(self)
        self.events_filter.setSourceModel(self.events_model)
        self.events_view = QListView()
        self.events_view.setObjectName("EventList")
        self.events_view.setModel(self.events_filter)
        self.events_view.setItemDelegate(EventDelegate(self.branding.accent, self.events_view))
        self.events_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.events_view.setMouseTracking(True)
        self.events_view.setUniformItemSizes(True)
        self.events_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.events_view.selectionModel().currentChanged.connect(self._event_picked)
        self.event_search = EventSearch(self.events_view)
        self.event_search.textChanged.connect(self._search_events)
        col.addWidget(self.event_search)
        col.addWidget(self.events_view, 1)
        self.events_empty = label("Loading events…", "muted", wrap=True)
        self.events_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col.addWidget(self.events_empty)
        return panel

    def _build_centre(self) -> QWidget:
        centre = QWidget()
        col = QVBoxLayout(centre)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        header = QFrame()
        header.setObjectName("EventHeader")
        hrow = QHBoxLayout(header)
        hrow.setContentsMargins(20, 10, 20, 10)
        hrow.setSpacing(14)
        titles = QVBoxLayout()
        titles.setSpacing(3)
        title_row = QHBoxLayout()
        title_row.setSpacing(12)
        self.event_title = label("No event chosen", object_name="EventTitle")
        title_row.addWidget(self.event_title)
        self.day_badge = QLabel()
        self.day_badge.setObjectName("TodayBadge")
        self.day_badge.hide()
        title_row.addWidget(self.day_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addStretch(1)
        titles.addLayout(title_row)
        self.event_when = label("", object_name="EventWhen")
        titles.addWidget(self.event_when)
        hrow.addLayout(titles, 1)
        self.seats_left = label("", "muted")
        self.seats_left.setObjectName("SeatsLeft")
        hrow.addWidget(self.seats_left, 0, Qt.AlignmentFlag.AlignVCenter)
        col.addWidget(header)
        self.not_today_banner = Banner("", "warning")
        col.addWidget(self.not_today_banner)

        self.seat_view = SalesSeatMap(station=self.bo.station)
        self.seat_view.set_allow_house(self.bo.actor.can(Permission.SELL_HOUSE_SEATS))
        self.seat_view.busy = self._in_flight
        self.seat_view.set_empty_text("Choose an event to see its seats.")
        self.seat_view.selectionChanged.connect(self._selection_changed)
        self.seat_view.seatRefused.connect(lambda _sid, why: self.message.show_message(why, "info"))
        col.addWidget(self.seat_view, 1)
        legend_frame = QFrame()
        legend_frame.setObjectName("LegendFrame")
        lrow = QVBoxLayout(legend_frame)
        lrow.setContentsMargins(4, 4, 4, 4)
        self.legend = SeatLegend()
        lrow.addWidget(self.legend)
        col.addWidget(legend_frame)
        return centre

    def _build_cart_panel(self) -> QWidget:
        panel = QFrame()
        panel.setObjectName("SeatPanel")
        panel.setFixedWidth(392)
        col = QVBoxLayout(panel)
        col.setContentsMargins(14, 12, 14, 12)
        col.setSpacing(8)

        col.addLayout(section("Price types"))
        self.price_row = QHBoxLayout()
        self.price_row.setSpacing(6)
        self.price_buttons: list[QPushButton] = []
        for i, key in enumerate(PRICE_KEYS):
            b = QPushButton(key)
            b.setObjectName("PriceTypeButton")
            b.setAutoDefault(True)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            b.clicked.connect(lambda _c=False, n=i: self.add_price_type(n))
            b.hide()
            self.price_row.addWidget(b)
            self.price_buttons.append(b)
        self.price_row.addStretch(1)
        col.addLayout(self.price_row)

        col.addSpacing(2)
        col.addLayout(section("Best available"))
        best = QHBoxLayout()
        best.setSpacing(6)
        self.best_quantity = QuantityBox(lambda: self.find_best(False))
        self.best_quantity.setObjectName("BestQuantity")
        self.best_quantity.setRange(1, 20)
        self.best_quantity.setValue(2)
        self.best_quantity.setSuffix(" seats")
        self.best_quantity.setMinimumWidth(92)
        best.addWidget(self.best_quantity)
        self.best_category = QComboBox()
        self.best_category.setObjectName("BestCategory")
        self.best_category.addItem("Any category", None)
        self.best_category.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        best.addWidget(self.best_category, 1)
        col.addLayout(best)
        best2 = QHBoxLayout()
        best2.setSpacing(6)
        self.best_wheelchair = QCheckBox("Wheelchair place")
        self.best_wheelchair.setObjectName("BestWheelchair")
        best2.addWidget(self.best_wheelchair)
        best2.addStretch(1)
        self.best_button = QPushButton("Find   F5")
        self.best_button.setObjectName("BestButton")
        self.best_button.setAutoDefault(True)
        self.best_button.clicked.connect(lambda: self.find_best(False))
        best2.addWidget(self.best_button)
        self.next_best_button = QPushButton("Next best   F6")
        self.next_best_button.setObjectName("NextBestButton")
        self.next_best_button.setAutoDefault(True)
        self.next_best_button.clicked.connect(lambda: self.find_best(True))
        self.next_best_button.setEnabled(False)
        best2.addWidget(self.next_best_button)
        col.addLayout(best2)

        col.addSpacing(2)
        self.hold_timer = label("", object_name="HoldTimer")
        cart_head = section("Cart", self.hold_timer)
        self.selection_count = label("", "small")
        cart_head.insertWidget(1, self.selection_count)
        cart_head.insertSpacing(1, 8)
        col.addLayout(cart_head)
        self.cart_view = QTableView()
        self.cart_view.setObjectName("CartTable")
        self.cart_view.setModel(self.cart_model)
        self.cart_view.setItemDelegateForColumn(
            1, PriceTypeDelegate(lambda c, t: self.cart.prices.get((c, t)), lambda: self.currency, self.cart_view)
        )
        self.cart_view.verticalHeader().hide()
        self.cart_view.setShowGrid(False)
        self.cart_view.setWordWrap(True)
        self.cart_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.cart_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cart_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self.cart_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.cart_view.setColumnWidth(1, 104)
        self.cart_view.verticalHeader().setDefaultSectionSize(46)
        self.cart_empty = label(
            "Click free seats on the map (or drag a box around them), or use Best available. "
            "Click a seat again to give it back.",
            "muted",
            wrap=True,
        )
        self.cart_empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        col.addWidget(self.cart_view, 1)
        col.addWidget(self.cart_empty, 1)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.more_time_button = QPushButton("More time")
        self.more_time_button.setObjectName("MoreTimeButton")
        self.more_time_button.setAutoDefault(True)
        self.more_time_button.clicked.connect(self.extend_all)
        self.release_button = QPushButton("Release all")
        self.release_button.setObjectName("ReleaseAllButton")
        self.release_button.setAutoDefault(True)
        self.release_button.clicked.connect(self.release_all)
        buttons.addWidget(self.more_time_button)
        buttons.addWidget(self.release_button)
        buttons.addStretch(1)
        col.addLayout(buttons)

        customer_row = QHBoxLayout()
        customer_row.setSpacing(6)
        self.customer_label = label("Customer: none (quick sale)", object_name="CustomerLabel")
        self.customer_label.setWordWrap(True)
        customer_row.addWidget(self.customer_label, 1)
        self.customer_button = QPushButton("Customer…")
        self.customer_button.setObjectName("CustomerButton")
        self.customer_button.setAutoDefault(True)
        self.customer_button.clicked.connect(self.choose_customer)
        customer_row.addWidget(self.customer_button)
        col.addLayout(customer_row)
        self.message = MessageLine()
        col.addWidget(self.message)
        return panel

    def _build_bottom_bar(self) -> QWidget:
        bar = QFrame()
        bar.setObjectName("BottomBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(18, 10, 14, 10)
        row.setSpacing(8)
        words = QVBoxLayout()
        words.setSpacing(0)
        self.total_caption = label("TOTAL", object_name="TotalCaption")
        words.addWidget(self.total_caption)
        self.total_label = label("0.00", object_name="TotalLabel")
        words.addWidget(self.total_label)
        row.addLayout(words)
        row.addStretch(1)
        self.cash_exact_button = QPushButton("Cash, exact   ⏎")
        self.cash_exact_button.setObjectName("CashExactButton")
        self.cash_exact_button.setProperty("primary", True)
        self.cash_exact_button.clicked.connect(self.pay_cash_exact)
        self.cash_button = QPushButton("Cash…   F8")
        self.cash_button.setObjectName("CashButton")
        self.cash_button.clicked.connect(lambda: self.checkout("cash"))
        self.card_button = QPushButton("Card   F9")
        self.card_button.setObjectName("CardButton")
        self.card_button.clicked.connect(lambda: self.checkout("card"))
        self.online_button = QPushButton("YooKassa   F10")
        self.online_button.setObjectName("YooKassaButton")
        self.online_button.clicked.connect(lambda: self.checkout("yookassa"))
        self.mock_button = QPushButton("Training   ⇧F10")
        self.mock_button.setObjectName("MockButton")
        self.mock_button.clicked.connect(lambda: self.checkout("mock"))
        self.pay_buttons = [
            self.cash_exact_button,
            self.cash_button,
            self.card_button,
            self.online_button,
            self.mock_button,
        ]
        for b in self.pay_buttons:
            b.setAutoDefault(True)
            b.setMinimumHeight(44)
            row.addWidget(b)
        row.addSpacing(8)
        self.print_check = QCheckBox("Print tickets")
        self.print_check.setObjectName("PrintTickets")
        self.print_check.setChecked(True)
        row.addWidget(self.print_check)
        return bar

    def _bind_keys(self) -> None:
        k = self.keys
        g = "Sale"
        k.note("Enter", "Cash, exact amount, print tickets (when the cart is full)", g)
        k.add(
            "cash", "F8", "Cash: amount tendered, change due", lambda: self.checkout("cash"), g, button=self.cash_button
        )
        k.add("card", "F9", "Card on the counter terminal", lambda: self.checkout("card"), g, button=self.card_button)
        k.add(
            "yookassa",
            "F10",
            "YooKassa: payment link and QR code",
            lambda: self.checkout("yookassa"),
            g,
            button=self.online_button,
        )
        k.add(
            "mock",
            "Shift+F10",
            "Training payment (mock provider)",
            lambda: self.checkout("mock"),
            g,
            button=self.mock_button,
        )
        tip(self.cash_exact_button, "Cash, exact amount, print tickets", "Enter")
        k.add(
            "customer", "F7", "Customer (optional): find or add", self.choose_customer, g, button=self.customer_button
        )
        k.add("ticket_printer", "Ctrl+Alt+P", "Choose the ticket printer", lambda: self.choose_printer("tickets"), g)
        k.add("receipt_printer", "Ctrl+Alt+R", "Choose the receipt printer", lambda: self.choose_printer("receipts"), g)
        k.add("save_pdf", "Ctrl+Shift+S", "Save the last sale's tickets as PDF", lambda: self.save_tickets_pdf(), g)
        k.add(
            "print",
            "Ctrl+P",
            "Print tickets after payment: on or off",
            self.print_check.toggle,
            g,
            button=self.print_check,
        )
        g = "Cart"
        for i, key in enumerate(PRICE_KEYS):
            k.add(f"type{i}", key, f"Price type {i + 1}: the next seat", lambda n=i: self.add_price_type(n), g)
            k.add(
                f"untype{i}",
                f"Shift+{key}",
                f"Price type {i + 1}: take one back",
                lambda n=i: self.remove_price_type(n),
                g,
            )
        k.add("best", "F5", "Best available: find seats", lambda: self.find_best(False), g, button=self.best_button)
        k.add(
            "next_best",
            "F6",
            "Next best: give the offer back, find the next",
            lambda: self.find_best(True),
            g,
            button=self.next_best_button,
        )
        k.add("quantity", "Ctrl+B", "Best available: the quantity field", self.focus_quantity, g)
        k.add("remove", "Delete", "Take the current cart line out (the seat goes back)", self.remove_current, g)
        k.add(
            "more_time",
            "Ctrl+T",
            "More time: hold the cart 15 more minutes",
            self.extend_all,
            g,
            button=self.more_time_button,
        )
        k.add(
            "release",
            "Ctrl+Shift+Backspace",
            "Release all the seats of the cart",
            self.release_all,
            g,
            button=self.release_button,
        )
        k.add("cart", "Ctrl+L", "Go to the cart lines", self.cart_view.setFocus, g)
        g = "Screen"
        k.add("find", "Ctrl+F", "Find an order or scan a ticket", self.focus_scan, g)
        k.add("events", "Ctrl+E", "Search events by name or date", self.focus_event_search, g)
        k.add("map", "Ctrl+M", "Go to the seatmap", self.seat_view.setFocus, g)
        k.note("+ / − / 0", "Seatmap: zoom in, out, whole plan (wheel zooms, middle button pans)", g)
        k.note("Drag", "Seatmap: a box around free seats takes them all (Alt: gives them back)", g)
        k.add("shortcuts", "Ctrl+/", "This list of keys", self.show_shortcuts, g, button=self.keys_button)
        g = "Shift"
        k.add("open_shift", "Ctrl+Shift+O", "Open the cash shift", self.shift_bar.open_dialog, g)
        k.add("x_report", "Ctrl+Shift+X", "X report (the shift stays open)", self.shift_bar.x_report, g)
        k.add("close_shift", "Ctrl+Shift+C", "Close the shift: count, Z report", self.shift_bar.close_dialog, g)

    # state for screenshots and tests -----------------------------------------------------------------
    def is_settled(self) -> bool:
        if not self._events_loaded or self._events_loading:
            return False
        if self._event_id is not None and self._seats_loaded_for != self._event_id:
            return False
        if self._in_flight or self._sale_running or self._best_running:
            return False
        if not self.shift_bar.loaded:
            return False
        return self.feed.connected

    @property
    def event_id(self) -> int | None:
        return self._event_id

    @property
    def hold_id(self) -> int | None:
        return self._hold.get()

    def cart_ids(self) -> list[int]:
        return self.seat_view.selection()

    def activate(self) -> None:
        if self.cart_ids():
            self.seat_view.setFocus()
        else:
            self.scan_field.setFocus()

    def shutdown(self) -> None:
        self._stopped = True
        self._clock.stop()
        self._events_timer.stop()
        self._grace.stop()
        for watcher in self.watchers.values():
            watcher.stop()

    # focus -------------------------------------------------------------------------------------------
    def focus_scan(self) -> None:
        self.scan_field.setFocus()
        self.scan_field.selectAll()

    def focus_event_search(self) -> None:
        self.event_search.setFocus()
        self.event_search.selectAll()

    def focus_quantity(self) -> None:
        self.best_quantity.setFocus()
        self.best_quantity.selectAll()

    def go_idle(self) -> None:
        """After a sale: the cart is empty, the find/scan field has the focus for the next customer."""
        self.scan_field.clear()
        self.scan_field.setFocus()
        if not self.window().isActiveWindow():
            self.window().activateWindow()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.pay_cash_exact()
            event.accept()
            return
        super().keyPressEvent(event)

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.keys.help, self)
        self.dialog = dialog
        dialog.open()
        return dialog

    # events ------------------------------------------------------------------------------------------
    def reload_events(self) -> None:
        if self._stopped:
            return
        self._events_loading = True
        bo = self.bo
        run_job(
            lambda: (bo.events(), bo.settings()),
            on_success=self._events_arrived,
            on_failure=self._events_failed,
            parent=self,
            name="sales.events",
        )

    def _events_arrived(self, result: tuple[list[Any], Any]) -> None:
        events, settings = result
        self._events_loading = False
        self._events_loaded = True
        if settings is not None:
            # The server refuses mock sales where training payments are off: no button that cannot work.
            self.mock_button.setVisible(bool(settings.training_payments))
        if settings is not None and settings.currency != self.currency:
            self.currency = settings.currency
            self.cart_model.currency = self.currency
            self.seat_view.currency = self.currency
            if self.shift_bar.loaded:
                self.shift_bar.set_report(self.shift_bar.report)
            self._cart_changed()
        keep = self._event_id
        self.events_model.set_events(events)
        n = len(events)
        self.events_count.setText(f"{n} event{'s' if n != 1 else ''}" if n else "")
        self.events_empty.setVisible(n == 0)
        self.events_empty.setText("No events yet. A manager creates them from a published seatmap.")
        row = self.events_model.row_of(keep) if keep is not None else -1
        if row < 0 and n:
            row = 0
        if row >= 0:
            self._set_current_source_row(row)
            ev = self.events_model.event_at(row)
            if ev is not None and ev.id == self._event_id:
                self._event = ev
                self._show_event_header()
        else:
            self._set_event(None)

    def _set_current_source_row(self, row: int) -> None:
        proxy = self.events_filter.mapFromSource(self.events_model.index(row))
        if not proxy.isValid():
            # Filtered out by the search: the event still stays chosen.
            ev = self.events_model.event_at(row)
            if ev is not None and ev.id != self._event_id:
                self._set_event(ev)
            return
        self.events_view.selectionModel().setCurrentIndex(proxy, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _events_failed(self, exc: BaseException, message: str) -> None:
        self._events_loading = False
        self._events_loaded = True
        self.events_empty.setText(message)
        self.events_empty.show()

    def _search_events(self, text: str) -> None:
        """Filter the list; the chosen event stays chosen (selected in the list when it matches)."""
        selection = self.events_view.selectionModel()
        selection.blockSignals(True)
        try:
            self.events_filter.set_query(text)
            row = self.events_model.row_of(self._event_id) if self._event_id is not None else -1
            proxy = self.events_filter.mapFromSource(self.events_model.index(row)) if row >= 0 else QModelIndex()
            if proxy.isValid():
                selection.setCurrentIndex(proxy, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            else:
                selection.clear()
        finally:
            selection.blockSignals(False)
        self.events_view.viewport().update()

    def _event_picked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        source = self.events_filter.mapToSource(current)
        ev = self.events_model.event_at(source.row())
        if ev is not None and ev.id != self._event_id:
            self._set_event(ev)

    def select_event(self, event_id: int) -> bool:
        row = self.events_model.row_of(event_id)
        if row < 0:
            return False
        self._set_current_source_row(row)
        return True

    def _set_event(self, ev: Any | None) -> None:
        old_event = self._event_id
        mine = [s for s in (self.seat_view.seat(i) for i in self.cart_ids()) if s is not None]
        if mine and old_event is not None and (ev is None or ev.id != old_event):
            self._release_quietly(old_event, mine)
        self._generation += 1
        self._event = ev
        self._event_id = ev.id if ev is not None else None
        self._seats_loaded_for = None
        self._in_flight.clear()
        self._dirty.clear()
        self._hold.clear()
        self._offer, self._offer_excluded = [], []
        self._companions_ok.clear()
        self._queued = None
        self.cart.forget_all()
        self._colours.clear()
        self.message.clear_message()
        self.seat_view.set_seats([])
        self.seat_view.set_empty_text("Loading seats…" if ev is not None else "Choose an event to see its seats.")
        self._show_event_header()
        self._cart_changed()
        if ev is not None:
            self._load_event(ev)

    def _release_quietly(self, event_id: int, seats: Sequence[Any]) -> None:
        """The cashier chose another event with seats in the cart: they go back on sale."""
        bo = self.bo
        holds = sorted({s.hold_id for s in seats if s.hold_id is not None})
        n = len(seats)

        def work() -> int:
            return sum(bo.release(h) for h in holds)

        run_job(
            work,
            on_success=lambda _n: self.message.show_message(
                f"{plural(n, 'seat')} of the previous event went back on sale.", "info"
            ),
            on_failure=lambda _e, m: self.message.show_message(m, "error"),
            parent=self,
            lane=SEAT_LANE,
            name="sales.release_previous",
        )

    def _show_event_header(self) -> None:
        ev = self._event
        if ev is None:
            self.event_title.setText("No event chosen")
            self.event_when.setText("")
            self.day_badge.hide()
            self.not_today_banner.hide()
            self.seats_left.setText("")
            return
        now = now_local()
        self.event_title.setText(ev.name)
        self.event_when.setText(f"{long_date(ev.starts_at)}   ·   {ev.venue_name}")
        if is_today(ev, now):
            self.day_badge.setObjectName("TodayBadge")
            self.day_badge.setText(f"TODAY  ·  {curtain_words(ev, now)}")
            self.not_today_banner.hide()
        else:
            d = local(ev.starts_at)
            self.day_badge.setObjectName("NotTodayBadge")
            self.day_badge.setText(f"NOT TODAY  ·  {d:%a} {d.day} {d:%b}")
            days = (d.date() - now.date()).days
            span = (
                (f"in {days} days" if days > 1 else "tomorrow")
                if days > 0
                else ("yesterday" if days == -1 else f"{-days} days ago")
            )
            self.not_today_banner.setText(
                f"This event is not today: it is on {d:%A} {d.day} {d:%B} ({span}). Check the date with the customer."
            )
            self.not_today_banner.show()
        repolish(self.day_badge)
        self.day_badge.show()
        self._update_seats_left()

    def not_today_words(self) -> str | None:
        ev = self._event
        if ev is None or is_today(ev):
            return None
        d = local(ev.starts_at)
        return f"{d:%a} {d.day} {d:%b}"

    def _update_seats_left(self) -> None:
        seats = self.seat_view.seats()
        if not seats or self._event is None:
            ev = self._event
            self.seats_left.setText(f"{ev.seats_free} of {ev.seats_total} left" if ev is not None else "")
            return
        free = sum(1 for s in seats if s.state == "free")
        self.seats_left.setText(f"{free} of {len(seats)} seats free")

    def _records(self, seats: Iterable[Any]) -> list[CounterSeat]:
        station, parked = self.bo.station, self._parked
        return [counter_seat(s, station, parked) for s in seats]

    def _load_event(self, ev: Any, *, refresh: bool = False) -> None:
        """Read the event's plan, seats, prices and open online orders. ``refresh``: the event itself may
        have changed (a new version of its seatmap): read it again too, keeping what is shown meanwhile."""
        generation = self._generation
        bo = self.bo
        docs = dict(self._docs)
        event_id = ev.id

        def done(data: EventData) -> None:
            if generation != self._generation:
                return
            self._docs[data.info.seatmap_id] = data.doc
            self._event = data.info
            self._parked = dict(data.parked)
            self.cart.set_prices(data.prices)
            self.seat_view.set_background(data.doc)
            records = self._records(data.seats)
            if refresh and self._in_flight:
                self._dirty.update(self._in_flight)
                if {s.id for s in records} == {s.id for s in self.seat_view.seats()}:
                    self.seat_view.update_seats([s for s in records if s.id not in self._in_flight])
                else:
                    self.seat_view.set_seats(records)
            else:
                self.seat_view.set_seats(records)
            self.seat_view.set_empty_text("This event has no seats.")
            self._adopt_hold(records)
            self._resume_watching(data.parked.values())
            self._seats_loaded_for = event_id
            self._update_legend(records)
            self._update_price_types()
            self._update_best_categories()
            self._show_event_header()
            self._cart_changed()

        def failed(_exc: BaseException, message: str) -> None:
            if generation != self._generation:
                return
            self._seats_loaded_for = event_id
            if not refresh:
                self.seat_view.set_empty_text(message)
            self.message.show_message(message, "error")

        run_job(
            lambda: load_event_data(bo, ev, refresh=refresh, docs=docs),
            on_success=done,
            on_failure=failed,
            parent=self,
            lane=READ_LANE,
            name="sales.event",
        )

    def _adopt_hold(self, records: Sequence[CounterSeat]) -> None:
        """Seats this station already holds (a restart, a reload) are the cart; their newest hold is it."""
        holds = sorted({s.hold_id for s in records if s.mine and s.hold_id is not None})
        if holds and self._hold.get() not in holds:
            latest = max((s for s in records if s.mine), key=lambda s: s.hold_id or 0)
            deadline = None
            if latest.hold_expires_at is not None:
                from datetime import datetime

                left = (latest.hold_expires_at - datetime.now(latest.hold_expires_at.tzinfo)).total_seconds()
                deadline = time.monotonic() + max(0.0, left)
            self._hold.set(holds[-1], deadline)

    def _resume_watching(self, codes: Iterable[str]) -> None:
        """Online payments this station started before (a restart, another event chosen and back): keep
        asking how they stand, so a late payment still becomes tickets."""
        watched = {w.order.code for w in self.watchers.values()}
        bo = self.bo
        for code in codes:
            if code in watched:
                continue
            run_job(
                lambda code=code: bo.find_order(code),
                on_success=lambda order: None if order.id in self.watchers else self._watch(order),
                on_failure=lambda _e, m: log.info("cannot watch an open online order: %s", m),
                parent=self,
                name="sales.resume_watch",
            )

    def _update_legend(self, seats: Sequence[Any]) -> None:
        prices: dict[str, Decimal | None] = {}
        for s in seats:
            prices.setdefault(s.category, s.price)
        # The view looks a category's colour up over all its seats: once per event, not once per cart line.
        self._colours = {name: self.seat_view.category_colour(name) for name in prices}
        items = [(name, self._colours[name], price) for name, price in prices.items()]
        self.legend.set_categories(items, self.currency)

    def _colour_of(self, category: str) -> str:
        colour = self._colours.get(category)
        if colour is None:
            colour = self._colours[category] = self.seat_view.category_colour(category)
        return colour.name()

    def _update_price_types(self) -> None:
        types = self.cart.price_types()
        for i, b in enumerate(self.price_buttons):
            if i < len(types):
                b.setProperty("ptype", types[i])
                b.show()
                tip(
                    b,
                    f"{type_words(types[i])}: the next seat in the cart (Shift+{PRICE_KEYS[i]} takes one back)",
                    PRICE_KEYS[i],
                )
            else:
                b.setProperty("ptype", None)
                b.hide()
        for i, key in enumerate(PRICE_KEYS):
            words = type_words(types[i]) if i < len(types) else "(none)"
            self.keys.actions[f"type{i}"].setText(f"{words}: the next seat")
            for h, entry in enumerate(self.keys.help):
                if entry.keys == key:
                    self.keys.help[h] = type(entry)(entry.keys, f"{words}: the next seat in the cart", entry.group)
                if entry.keys == f"Shift+{key}":
                    self.keys.help[h] = type(entry)(entry.keys, f"{words}: take one back", entry.group)

    def _update_best_categories(self) -> None:
        current = self.best_category.currentData()
        self.best_category.blockSignals(True)
        self.best_category.clear()
        self.best_category.addItem("Any category", None)
        cats = sorted({c for c, _ in self.cart.prices}, key=lambda c: -(self.cart.prices.get((c, "full")) or 0))
        for cat in cats:
            self.best_category.addItem(
                f"{cat}  ·  {format_money(self.cart.prices.get((cat, 'full')), self.currency)}", cat
            )
        i = self.best_category.findData(current)
        self.best_category.setCurrentIndex(max(0, i))
        self.best_category.blockSignals(False)

    # live updates ------------------------------------------------------------------------------------
    def _on_seats_changed(self, event_id: int, seat_ids: list[int] | None) -> None:
        if self._stopped:
            return
        self._events_timer.start(EVENTS_REFRESH_MS)
        if event_id != self._event_id or self._seats_loaded_for != event_id:
            return
        if seat_ids is None and self._event is not None:
            self._load_event(self._event, refresh=True)  # the whole event changed (a new map version...)
        else:
            self.reload_seats(seat_ids)

    def _on_reload_all(self) -> None:
        if self._stopped:
            return
        self.reload_events()
        self.shift_bar.refresh()
        if self._event is not None and self._seats_loaded_for == self._event_id:
            self._load_event(self._event, refresh=True)

    def reload_seats(self, seat_ids: Sequence[int] | None) -> None:
        """Read these seats (None: all of the event's) again and show them."""
        event_id = self._event_id
        if event_id is None:
            return
        generation = self._generation
        bo = self.bo
        ids = None if seat_ids is None else sorted(set(seat_ids))

        def done(seats: list[Any]) -> None:
            if generation != self._generation:
                return
            records = self._records(seats)
            fresh = []
            for s in records:
                if s.id in self._in_flight:
                    self._dirty.add(s.id)  # read again when the click's job is done
                else:
                    fresh.append(s)
            if ids is None and {s.id for s in records} != {s.id for s in self.seat_view.seats()}:
                self.seat_view.set_seats(records)
            else:
                self.seat_view.update_seats(fresh)
            self._settle_stale()
            self._update_seats_left()
            self._cart_changed()

        run_job(
            lambda: read_seats(bo, event_id, ids),
            on_success=done,
            parent=self,
            lane=READ_LANE,
            on_failure=lambda _e, m: self.message.show_message(m, "error"),
            name="sales.seats",
        )

    def _on_connection(self, connected: bool) -> None:
        if connected:
            self._ever_connected = True
            self._grace.stop()
            self.reconnect_banner.hide()
        elif self._ever_connected or not self._grace.isActive():
            self.reconnect_banner.show()

    # the cart: one hold ------------------------------------------------------------------------------
    def _mine(self, seat_id: int) -> bool:
        seat = self.seat_view.seat(seat_id)
        return bool(getattr(seat, "mine", False))

    def _selection_changed(self, ids: list[int]) -> None:
        """The user clicked, painted or boxed seats: hold the new ones, give back the ones taken out."""
        selected = set(ids)
        add = [sid for sid in ids if sid not in self._in_flight and not self._mine(sid)]
        # What was in the cart and is no longer selected (the cart as last shown: no scan of the whole hall).
        remove = [
            sid for sid in self._last_cart if sid not in selected and sid not in self._in_flight and self._mine(sid)
        ]
        if add or remove:
            self._change_cart(add, remove)
        self._cart_changed()

    def _change_cart(self, add: Sequence[int], remove: Sequence[int], *, manual: bool = True) -> None:
        event_id = self._event_id
        if event_id is None:
            return
        generation = self._generation
        bo = self.bo
        ref = self._hold
        add, remove = list(add), list(remove)
        house = any(getattr(self.seat_view.seat(s), "block_kind", None) == "house" for s in add)
        by_hold: dict[int, list[int]] = {}
        for sid in remove:
            hid = getattr(self.seat_view.seat(sid), "hold_id", None)
            if hid is not None:
                by_hold.setdefault(hid, []).append(sid)
        touched = add + remove
        self._in_flight.update(touched)
        self.message.clear_message()
        if any(s in self._offer for s in remove):
            self._offer = [s for s in self._offer if s not in remove]

        def work() -> list[Any]:
            for hid, seats in by_hold.items():
                bo.release(hid, seats)
                if hid == ref.get() and not bo.hold_info(hid).seat_ids:
                    ref.clear()  # the cart is empty: the next seat starts a hold of its own
            if add:
                hold_into(bo, ref, event_id, add, house=house)
            return read_seats(bo, event_id, touched)

        def done(seats: list[Any]) -> None:
            self._settle(generation, touched, seats)
            if manual and add:
                self._warn_stranded()

        def failed(_exc: BaseException, message: str) -> None:
            if generation != self._generation:
                return
            self._in_flight.difference_update(touched)
            self.seat_view.settle(touched)
            self.message.show_message(message, "error")
            self.reload_seats(touched)
            self._cart_changed()
            self._run_queued()

        run_job(work, on_success=done, on_failure=failed, parent=self, lane=SEAT_LANE, name="sales.cart")

    def _settle(self, generation: int, touched: Iterable[int], seats: list[Any]) -> None:
        if generation != self._generation:
            return
        touched = list(touched)
        self._in_flight.difference_update(touched)
        self.seat_view.update_seats(self._records(seats))
        self._settle_stale()
        again = [sid for sid in touched if sid in self._dirty]
        self._dirty.difference_update(again)
        if again:
            self.reload_seats(again)
        self._update_seats_left()
        self._cart_changed()
        self._run_queued()

    def _settle_stale(self) -> None:
        """Seats still selected whose record says they are not mine (expired, sold elsewhere, released) and
        that no job is changing: they leave the cart."""
        stale = [sid for sid in self.seat_view.selection() if sid not in self._in_flight and not self._mine(sid)]
        if stale:
            self.seat_view.settle(stale)

    def _warn_stranded(self) -> None:
        ids = self.cart_ids()
        view = self.seat_view
        rows = {view.seat(s).row_key for s in ids if view.seat(s) is not None}
        alone = stranded_seats([s for s in view.seats() if s.row_key in rows], ids)
        if alone:
            words = ", ".join(self.seat_view.seat(s).label for s in alone[:3])
            self.message.show_message(f"This pick leaves a single seat alone between taken seats: {words}.", "warning")

    def remove_current(self) -> None:
        index = self.cart_view.currentIndex()
        line = self.cart_model.line(index.row()) if index.isValid() else None
        if line is None:
            lines = self.cart_model.lines()
            line = lines[-1] if lines else None
        if line is None or line.seat_id in self._in_flight or not self._mine(line.seat_id):
            return
        self._change_cart([], [line.seat_id])
        self._cart_changed()

    def release_all(self) -> None:
        event_id = self._event_id
        ids = self.cart_ids()
        if event_id is None or not ids:
            return
        seats = [self.seat_view.seat(i) for i in ids]
        holds = sorted({s.hold_id for s in seats if s is not None and s.hold_id is not None})
        if self._hold.get() is not None:
            holds = sorted(set(holds) | {self._hold.get()})
        generation = self._generation
        bo = self.bo
        ref = self._hold
        self._in_flight.update(ids)

        def work() -> list[Any]:
            for hid in holds:
                bo.release(hid)
            ref.clear()
            return read_seats(bo, event_id, ids)

        def done(result: list[Any]) -> None:
            self._offer, self._offer_excluded = [], []
            self.next_best_button.setEnabled(False)
            self._settle(generation, ids, result)
            self.message.show_message(f"Released {plural(len(ids), 'seat')}.", "ok")

        def failed(_exc: BaseException, message: str) -> None:
            if generation != self._generation:
                return
            self._in_flight.difference_update(ids)
            self.message.show_message(message, "error")
            self.reload_seats(ids)

        run_job(work, on_success=done, on_failure=failed, parent=self, lane=SEAT_LANE, name="sales.release_all")

    def extend_all(self) -> None:
        ids = self.cart_ids()
        hold_id = self._hold.get()
        if not ids or hold_id is None:
            return
        bo = self.bo
        ref = self._hold

        def work() -> Any:
            started = time.monotonic()
            info = bo.extend(hold_id, HOLD_TTL_SECONDS)
            if ref.get() == hold_id:
                ref.deadline = started + HOLD_TTL_SECONDS
            return info

        def done(_info: Any) -> None:
            self._expiry_noted = False
            self._tick()
            self.message.show_message("Your seats are held for another 15 minutes.", "ok")

        run_job(
            work,
            on_success=done,
            parent=self,
            lane=SEAT_LANE,
            name="sales.extend",
            on_failure=lambda _e, m: self.message.show_message(m, "error"),
        )

    # best available ----------------------------------------------------------------------------------
    def find_best(self, next_best: bool = False) -> None:
        event_id = self._event_id
        if event_id is None or self._best_running:
            return
        if next_best and not self._offer:
            self.message.show_message("Next best needs an offer first: Find (F5).", "info")
            return
        n = self.best_quantity.value()
        category = self.best_category.currentData()
        wheelchair = self.best_wheelchair.isChecked()
        previous = [s for s in self._offer if self._mine(s)] if next_best else []
        exclude = sorted(set(self._offer_excluded) | set(previous)) if next_best else []
        generation = self._generation
        bo = self.bo
        ref = self._hold
        self._best_running = True
        self._in_flight.update(previous)
        self._set_best_enabled(False)
        self.message.show_message("Looking for the best seats…", "info")

        def work() -> tuple[list[int], list[Any]]:
            ids: list[int] = []
            for _attempt in range(BEST_ATTEMPTS):
                ids = bo.best_available(event_id, n, category=category, wheelchair=wheelchair, exclude=exclude)
                if not ids:
                    break
                try:
                    hold_into(bo, ref, event_id, ids, house=False)
                    break
                except SeatsUnavailable:
                    ids = []  # taken at another station a moment ago: look again
            if ids and previous and ref.get() is not None:
                bo.release(ref.get(), previous)
            return ids, read_seats(bo, event_id, ids + previous)

        def done(result: tuple[list[int], list[Any]]) -> None:
            self._best_running = False
            self._set_best_enabled(True)
            if generation != self._generation:
                return
            ids, seats = result
            self._settle(generation, ids + previous, seats)
            if not ids:
                what = f"{n} seats together" if n > 1 else "a seat"
                where = f" in {category}" if category else ""
                wc = " with a wheelchair place" if wheelchair else ""
                again = " other than those offered" if next_best else ""
                self.message.show_message(f"No {what}{where}{wc}{again} are left.", "info")
                self.next_best_button.setEnabled(bool(self._offer))
                return
            self._offer = list(ids)
            self._offer_excluded = exclude
            self.next_best_button.setEnabled(True)
            offered = [self.seat_view.seat(s) for s in ids]
            self.message.show_message(
                f"Best available: {seats_words([s for s in offered if s is not None])}. Next best: F6.", "ok"
            )

        def failed(_exc: BaseException, message: str) -> None:
            self._best_running = False
            self._set_best_enabled(True)
            if generation != self._generation:
                return
            self._in_flight.difference_update(previous)
            self.message.show_message(message, "error")
            self.reload_seats(previous)
            self._cart_changed()

        run_job(work, on_success=done, on_failure=failed, parent=self, lane=SEAT_LANE, name="sales.best")

    def _set_best_enabled(self, enabled: bool) -> None:
        self.best_button.setEnabled(enabled)
        self.next_best_button.setEnabled(enabled and bool(self._offer))

    # price types -------------------------------------------------------------------------------------
    def _line_pairs(self) -> list[tuple[int, str]]:
        return [(line.seat_id, line.category) for line in self.cart_model.lines()]

    def _current_seat(self) -> int | None:
        index = self.cart_view.currentIndex()
        line = self.cart_model.line(index.row()) if index.isValid() else None
        return line.seat_id if line is not None else None

    def add_price_type(self, n: int) -> None:
        types = self.cart.price_types()
        if n >= len(types):
            return
        changed, why = self.cart.add_type(self._line_pairs(), self._current_seat(), types[n])
        if changed is None:
            self.message.show_message(why, "info")
        else:
            self.message.clear_message()
        self._cart_changed()
        if changed is not None:
            row = self.cart_model.row_of(changed)
            self.cart_view.selectRow(row)

    def remove_price_type(self, n: int) -> None:
        types = self.cart.price_types()
        if n >= len(types):
            return
        changed = self.cart.remove_type(self._line_pairs(), types[n])
        if changed is None:
            self.message.show_message(f"No {type_words(types[n]).lower()} ticket to take back.", "info")
        self._cart_changed()

    def _type_edited(self, seat_id: int, price_type: str) -> None:
        seat = self.seat_view.seat(seat_id)
        if seat is not None:
            self.cart.set_type(seat_id, seat.category, price_type)
        self._cart_changed()

    # the cart panel ----------------------------------------------------------------------------------
    def _cart_changed(self) -> None:
        ids = self.cart_ids()
        self._last_cart = list(ids)
        self.cart.keep_only(ids)
        lines = []
        total = Decimal("0.00")
        for sid in ids:
            seat = self.seat_view.seat(sid)
            if seat is None:
                continue
            ptype = self.cart.type_of(sid, seat.category)
            price = self.cart.price_of(sid, seat.category, seat.price if ptype == "full" else None)
            if price is not None:
                total += price
            meta = f"{seat.zone}  ·  {seat.category}" if seat.zone else seat.category
            lines.append(
                CartLine(
                    sid,
                    seat_place(seat),
                    meta,
                    seat.category,
                    ptype,
                    sid in self.cart.chosen,
                    price,
                    sid in self._in_flight,
                    self._colour_of(seat.category),
                    seat.label,
                )
            )
        self.cart_model.set_lines(lines)
        n = len(lines)
        self.cart_view.setVisible(n > 0)
        self.cart_empty.setVisible(n == 0)
        self.selection_count.setText(plural(n, "ticket") if n else "")
        self.total_label.setText(format_money(total, self.currency))
        self.total = total
        counts = self.cart.counts(self._line_pairs())
        self.total_caption.setText(f"TOTAL  ·  {plural(n, 'TICKET').upper()}" if n else "TOTAL")
        self.total_label.setToolTip(
            "  ·  ".join(f"{counts[t]} × {type_words(t).lower()}" for t in self.cart.price_types() if counts.get(t))
        )
        types = self.cart.price_types()
        for i, b in enumerate(self.price_buttons):
            if i < len(types):
                c = counts.get(types[i], 0)
                b.setText(f"{PRICE_KEYS[i]} {type_words(types[i])}" + (f" ×{c}" if c else ""))
                b.setProperty("active", bool(c))
                repolish(b)
        self.release_button.setEnabled(n > 0)
        self.more_time_button.setEnabled(n > 0 and self._hold.get() is not None)
        self._update_pay_buttons()
        self._tick()

    def _update_pay_buttons(self) -> None:
        ready = bool(self.cart_ids()) and not self._sale_running
        for b in self.pay_buttons:
            b.setEnabled(ready)
        if self.shift_bar.loaded and self.shift_bar.report is None:
            tip(self.cash_exact_button, "Cash, exact amount: open a cash shift first (Ctrl+Shift+O)", "Enter")
        else:
            tip(self.cash_exact_button, "Cash, exact amount, print tickets", "Enter")

    def _tick(self) -> None:
        now = time.monotonic()
        deadline = self._hold.deadline
        if not self.cart_ids():
            self.hold_timer.setText("")
            self.hold_timer.hide()
            self._expiry_noted = False
        elif deadline is None:
            self.hold_timer.show()
            self.hold_timer.setText("held here")
            self.hold_timer.setProperty("urgent", False)
        else:
            left = max(0, int(deadline - now))
            self.hold_timer.show()
            m, s = divmod(left, 60)
            self.hold_timer.setText(f"held {m}:{s:02d}" if left else "hold ran out")
            self.hold_timer.setProperty("urgent", left < 120)
            if left == 0 and not self._expiry_noted:
                self._expiry_noted = True
                self.message.show_message("The hold ran out: the seats go back on sale.", "warning")
                QTimer.singleShot(1500, lambda: self.reload_seats(self.cart_ids()))
        repolish(self.hold_timer)
        if self._event is not None and int(now) % 30 == 0:
            self.events_model.refresh_clock()
            self._show_event_header()

    # customer ----------------------------------------------------------------------------------------
    def choose_customer(self) -> CustomerDialog:
        dialog = CustomerDialog(self.bo, self.customer, self)
        dialog.chosen.connect(self.set_customer)
        self.dialog = dialog
        dialog.open()
        return dialog

    def set_customer(self, customer: dict[str, str] | None) -> None:
        self.customer = dict(customer) if customer else None
        words = customer_words(self.customer)
        self.customer_label.setText(f"Customer: {words}" if words else "Customer: none (quick sale)")

    # checkout ----------------------------------------------------------------------------------------
    def summary(self) -> SaleSummary:
        ev = self._event
        return SaleSummary(
            total=getattr(self, "total", Decimal("0.00")),
            currency=self.currency,
            tickets=len(self.cart_ids()),
            event_name=ev.name if ev is not None else "",
            when=f"{long_date(ev.starts_at)} · {ev.venue_name}" if ev is not None else "",
            not_today=self.not_today_words(),
            customer=customer_words(self.customer) or None,
        )

    def pay_cash_exact(self) -> None:
        """Enter: cash, the exact amount, tickets printed, back to an idle screen."""
        self.checkout("cash_exact")

    def checkout(self, kind: str) -> None:
        if self._event_id is None or self._sale_running:
            return
        ids = self.cart_ids()
        if not ids:
            if kind == "cash_exact":
                return  # Enter on an empty cart does nothing
            self.message.show_message("The cart is empty: pick seats first.", "info")
            return
        if self._in_flight or self._best_running:
            self._queued = kind
            self.message.show_message("One moment: the seats are still being held…", "info")
            return
        if kind in ("cash_exact", "cash", "card") and self.shift_bar.loaded and self.shift_bar.report is None:
            self.message.show_message(
                f"Open a cash shift at {self.bo.station} before selling for cash or card (Ctrl+Shift+O).", "error"
            )
            self.shift_bar.flash()
            return
        lonely = [s for s in lonely_companions(self.seat_view.seats(), ids) if s not in self._companions_ok]
        if lonely:
            words = ", ".join(self.seat_view.seat(s).label for s in lonely)
            ask = ConfirmDialog(
                "Companion seat without its wheelchair place",
                f"{words}: a companion seat, sold with its wheelchair place. The wheelchair place is not in this "
                "sale. Sell the companion seat on its own?",
                "Sell it on its own",
                parent=self,
            )

            def yes() -> None:
                self._companions_ok.update(lonely)
                self.checkout(kind)

            ask.accepted.connect(yes)
            self.dialog = ask
            ask.open()
            return
        summary = self.summary()
        if kind == "cash_exact":
            self._pay("cash", tendered=summary.total, on_ok=self._exact_done, on_fail=self._exact_failed)
            return
        if kind == "cash":
            dialog: Any = CashDialog(summary, self._pay, self)
        elif kind == "card":
            dialog = CardDialog(summary, self._pay, self)
        else:
            dialog = OnlinePaymentDialog(kind, summary, self._pay, self)
        dialog.receipt = self.print_receipt
        self.dialog = dialog
        dialog.finished.connect(lambda _r, d=dialog: self._dialog_closed(d))
        dialog.open()
        if isinstance(dialog, OnlinePaymentDialog):
            dialog.start()

    def _exact_done(self, order: Any) -> None:
        self.go_idle()

    def _exact_failed(self, message: str) -> None:
        self.message.show_message(message, "error")

    def _dialog_closed(self, dialog: Any) -> None:
        if getattr(dialog, "complete", False) and getattr(dialog, "order", None) is not None or not self.cart_ids():
            self.go_idle()
        else:
            self.seat_view.setFocus()

    def _run_queued(self) -> None:
        if self._queued and not self._in_flight and not self._best_running:
            kind, self._queued = self._queued, None
            self.checkout(kind)

    def _pay(
        self,
        method: str,
        *,
        tendered: Decimal | None = None,
        confirmation: str = "redirect",
        on_ok: Callable[[Any], None] | None = None,
        on_fail: Callable[[str], None] | None = None,
    ) -> None:
        """Sell the cart's hold: a job on the seat lane, after any hold still on its way."""
        event_id = self._event_id
        ids = self.cart_ids()
        if event_id is None or not ids or self._sale_running:
            if on_fail is not None:
                on_fail("The cart is empty: pick seats first." if not ids else "A sale is already being recorded.")
            return
        holds_of = {sid: getattr(self.seat_view.seat(sid), "hold_id", None) for sid in ids}
        price_types = self.cart.for_sale(self._line_pairs())
        customer = dict(self.customer) if self.customer else None
        generation = self._generation
        bo = self.bo
        ref = self._hold
        self._sale_running = True
        self._in_flight.update(ids)
        self._cart_changed()
        self.message.show_message("Recording the sale…", "info")

        def work() -> tuple[Any, list[Any], int, list[Any]]:
            hold_id = consolidate(bo, event_id, ref, holds_of)
            order = bo.sell(
                hold_id,
                payment_method=method,
                customer=customer,
                price_types=price_types,
                tendered=tendered,
                confirmation=confirmation,
            )
            ref.clear()  # paid, or parked behind its online payment: the next seat starts a new cart
            # The sale is done: what follows only shows it, and must never turn it into a failure.
            tickets: list[Any] = []
            seats: list[Any] = []
            try:
                if order.status == "PAID":
                    tickets = bo.tickets(order.id)
                seats = read_seats(bo, event_id, ids)
            except Exception:
                log.exception("reading the tickets or seats of order %s failed; the sale stands", order.code)
            return order, tickets, hold_id, seats

        def done(result: tuple[Any, list[Any], int, list[Any]]) -> None:
            self._sale_running = False
            order, tickets, hold_id, seats = result
            if order.status == "PENDING":
                self._parked[hold_id] = order.code
            self._companions_ok.clear()
            self._offer, self._offer_excluded = [], []
            self.next_best_button.setEnabled(False)
            self._settle(generation, ids, seats)
            if not seats:
                self.reload_seats(ids)
            if order.status != "PAID":
                self.set_customer(None)  # the next customer starts afresh
            if on_ok is not None:
                on_ok(order)  # the dialog shows the outcome first; what printing says goes under it
            if order.status == "PAID":
                self._paid(order, tickets)
            elif order.status == "PENDING":
                self._watch(order)
                self.message.show_message(f"Order {order.code} waits for the online payment.", "info")
            else:
                self.message.show_message(
                    f"The payment of order {order.code} did not go through; the seats are back on sale.", "info"
                )

        def failed(exc: BaseException, message: str) -> None:
            self._sale_running = False
            self._in_flight.difference_update(ids)
            if isinstance(exc, NoOpenShift):
                self.shift_bar.refresh()
                self.shift_bar.flash()
            self.message.show_message(message, "error")
            self.reload_seats(ids)
            self._cart_changed()
            if on_fail is not None:
                on_fail(message)

        run_job(work, on_success=done, on_failure=failed, parent=self, lane=SEAT_LANE, name=f"sales.sell.{method}")

    def _paid(self, order: Any, tickets: list[Any]) -> None:
        self.last_order = order
        self.last_tickets = list(tickets)
        self.set_customer(None)
        self.cart.forget_all()
        self.shift_bar.refresh()
        words = f"Paid {format_money(order.total, self.currency)} · {method_words(order.payment_method)}"
        if order.change:
            words += f" · change {format_money(order.change, self.currency)}"
        words += f" · order {order.code}."
        self.message.show_message(words, "ok")
        if self.print_check.isChecked() and tickets:
            self.print_order_tickets(tickets, lambda text, ok: self._printed(words, text, ok))
        elif self.print_check.isChecked():
            self.message.show_message(f"{words} The tickets could not be read: print them from Find (Ctrl+F).", "error")

    def _printed(self, sale: str, text: str, ok: bool) -> None:
        self.message.show_message(f"{sale} {text}", "ok" if ok else "error")
        dialog = self.dialog
        if dialog is not None and hasattr(dialog, "print_note") and getattr(dialog, "complete", False):
            dialog.print_note(text, ok)

    def _watch(self, order: Any) -> PaymentWatcher:
        watcher = PaymentWatcher(self.bo, order, self)
        self.watchers[order.id] = watcher
        watcher.finished.connect(self._online_finished)
        if isinstance(self.dialog, OnlinePaymentDialog) and not self.dialog.complete:
            self.dialog.attach(watcher)
        watcher.start()
        return watcher

    def _online_finished(self, order: Any, tickets: list[Any]) -> None:
        watcher = self.watchers.pop(order.id, None)
        if watcher is not None:
            watcher.deleteLater()
        for hid, code in list(self._parked.items()):
            if code == order.code:
                del self._parked[hid]
        self.reload_seats([i.seat_id for i in order.items])
        if order.status == "PAID":
            self.last_order = order
            self.last_tickets = list(tickets)
            self.shift_bar.refresh()
            words = f"Order {order.code} paid online ({format_money(order.total, self.currency)})."
            self.message.show_message(words, "ok")
            if self.print_check.isChecked() and tickets:
                self.print_order_tickets(tickets, lambda text, ok: self._printed(words, text, ok))
        else:
            reason = "the payment window passed" if order.status == "EXPIRED" else "the payment was not made"
            self.message.show_message(
                f"Order {order.code} was not paid ({reason}); its seats are back on sale.", "info"
            )

    # printing ----------------------------------------------------------------------------------------
    def print_order_tickets(self, tickets: Sequence[Any], done: Callable[[str, bool], None]) -> None:
        self.printing.print_tickets(list(tickets), self.currency, done)

    def choose_printer(self, kind: str) -> None:
        """Ask the system's print dialog for the ticket or receipt printer (remembered for the session)."""
        what = "Ticket" if kind == "tickets" else "Receipt"

        def chosen(printer: Any) -> None:
            name = printer.printerName() or printer.outputFileName() or "chosen"
            self.message.show_message(f"{what} printer: {name}.", "ok")

        self.printing.choose(kind, chosen)
        self.dialog = self.printing.dialog

    def save_tickets_pdf(self, tickets: Sequence[Any] | None = None, path: str | None = None) -> str | None:
        tickets = list(tickets if tickets is not None else self.last_tickets)
        if not tickets:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save the tickets", f"tickets-{tickets[0].order_code}.pdf", "PDF (*.pdf)"
            )
        if not path:
            return None
        pages = self.printing.save_tickets_pdf(tickets, self.currency, path)
        self.message.show_message(f"Saved {plural(pages, 'page')} to {path}.", "ok")
        return path

    def receipt_data(self, order: Any, tickets: Sequence[Any] = ()) -> ReceiptData:
        first = tickets[0] if tickets else None
        ev = self._event
        name = first.event_name if first is not None else (ev.name if ev is not None else "")
        starts = first.starts_at if first is not None else (ev.starts_at if ev is not None else None)
        return ReceiptData(
            organisation=self.bo.tenant.display_name,
            order=order,
            event_name=name,
            starts_at=starts,
            currency=self.currency or "",
            station=self.bo.station,
            cashier=self.bo.actor.shown_name,
            footer=self.bo.tenant.brand("ticket_footer") or "",
        )

    def print_receipt(self, order: Any, done: Callable[[str, bool], None], tickets: Sequence[Any] = ()) -> None:
        html = receipt_html(self.receipt_data(order, tickets or self.last_tickets))
        self.printing.print_html(html, "receipts", done, what="Receipt")

    def _print_report(self, html: str, done: Callable[[str, bool], None]) -> None:
        self.printing.print_html(html, "receipts", done, what="Report")

    def _save_report_pdf(self, html: str, path: str) -> None:
        self.printing.save_html_pdf(html, path)

    # find / scan -------------------------------------------------------------------------------------
    def find(self, code: str) -> None:
        bo = self.bo
        self.message.show_message(f"Looking up {code[:24]}…", "info")

        def done(result: ScanResult) -> None:
            self.message.clear_message()
            self.scan_field.clear()
            self.show_scan(result)

        run_job(
            lambda: lookup(bo, code),
            on_success=done,
            on_failure=lambda _e, m: self.message.show_message(m, "error"),
            parent=self,
            name="sales.find",
        )

    def show_scan(self, result: ScanResult) -> ScanResultDialog:
        dialog = ScanResultDialog(
            self.bo,
            result,
            self.currency,
            self.print_order_tickets,
            lambda order, done: self.print_receipt(order, done, result.tickets),
            self,
            lambda tickets, path: self.printing.save_tickets_pdf(tickets, self.currency, path),
        )
        dialog.finished.connect(lambda _r: self.focus_scan())
        self.dialog = dialog
        dialog.open()
        return dialog
