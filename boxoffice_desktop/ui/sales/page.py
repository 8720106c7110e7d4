"""The sales screen: the counter in one screen, a composition of small widgets around one ``CounterSession``.

::

    [TopBar: shift, float, cashier                               find order / scan ticket   Printers  Keys]
    | EventsPanel (today    | EventHeader (loud when not today) | PriceTypesBar  F1 Full ×2  F2 ...     |
    |  first, search name   | SalesSeatMap (click, paint, band,  | BestAvailablePanel  qty  category  ♿  |
    |  or date)             |  zoom, pan, tooltips)              | CartPanel  seat | type | price  12:41 |
    |                       | SeatLegend                         |  More time  Release all  customer     |
    [PayBar: TOTAL          [Cash exact ⏎] [Cash… F8] [Card F9] [YooKassa F10] [Training ⇧F10] [☑ print]]

The session (``boxoffice_desktop.counter``) owns the cart and everything a sale is made of; the widgets
render its updates and hand it the cashier's intents. The seat map shows the session's records; what is
picked on it is an intent like any other. The session's operations run as jobs (``ui.operations.run_job``),
seat changes one after the other; the feed adapter says which seats changed, only those are read again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from boxoffice_desktop.counter.find import ScanResult, lookup
from boxoffice_desktop.counter.operations import Operation
from boxoffice_desktop.counter.seats import CounterSeat
from boxoffice_desktop.counter.session import CounterSession
from boxoffice_desktop.counter.updates import (
    CartChanged,
    CartView,
    CountdownChanged,
    CustomerChanged,
    EventChosen,
    EventLoaded,
    EventLoadFailed,
    EventRefreshed,
    EventsFailed,
    EventsLoaded,
    Notice,
    SeatsUpdated,
    SelectionSettled,
    ShiftNeeded,
    Update,
)
from boxoffice_desktop.ui.feed_adapter import FeedAdapter
from boxoffice_desktop.ui.kit.area_page import AreaPage
from boxoffice_desktop.ui.kit.labels import Banner, MessageLine
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.printing.service import PrintService
from boxoffice_desktop.ui.sales.best import BestAvailablePanel
from boxoffice_desktop.ui.sales.cart import CartPanel, PriceTypesBar
from boxoffice_desktop.ui.sales.checkout import (
    CustomerDialog,
    PaymentWatcher,
)
from boxoffice_desktop.ui.sales.events import EventsPanel
from boxoffice_desktop.ui.sales.find import ScanResultDialog
from boxoffice_desktop.ui.sales.header import EventHeader
from boxoffice_desktop.ui.sales.keys import LEAD, bind_keys, describe_price_types
from boxoffice_desktop.ui.sales.legend import SeatLegend
from boxoffice_desktop.ui.sales.pay_bar import PayBar
from boxoffice_desktop.ui.sales.printer import SalePrinter
from boxoffice_desktop.ui.sales.seat_map import SalesSeatMap
from boxoffice_desktop.ui.sales.till import Till
from boxoffice_desktop.ui.sales.top_bar import TopBar
from boxoffice_desktop.ui.shift import ShiftBar
from boxoffice_desktop.ui.theme import Branding

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice
    from editor._qt import ShortcutsDialog

log = logging.getLogger(__name__)

T = TypeVar("T")
EVENTS_REFRESH_MS = 1500  # after seat changes, the seats-left counts follow within this
CLOCK_MS = 1000
CLOCK_EVERY = 30  # ticks: the event list's and the header's words of time
RECONNECT_GRACE_MS = 2500


class QtRunner:
    """Runs the session's operations as jobs; their continuations come back on the UI thread."""

    def __init__(self, parent: QObject):
        self._parent = parent

    def __call__(self, op: Operation[T], /) -> None:
        run_job(op.work, on_success=op.done, on_failure=op.failed, parent=self._parent, lane=op.lane, name=op.name)


class SalesPage(AreaPage):
    def __init__(self, bo: BoxOffice, feed: FeedAdapter, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SalesPage")
        self.bo = bo
        self.feed = feed
        self.session = CounterSession(bo, QtRunner(self))
        self.printing = PrintService(self)
        self._cart: CartView | None = None
        self._colours: dict[str, QColor] = {}
        self._ticks = 0
        self._stopped = False
        self._ever_connected = feed.connected
        self._build()
        self.keys = bind_keys(self)
        self.session.subscribe(self._update)

        feed.seatsChanged.connect(self._seats_changed)
        feed.reloadAll.connect(self._reload_all)
        feed.connectionChanged.connect(self._on_connection)
        self._events_timer = QTimer(self)
        self._events_timer.setSingleShot(True)
        self._events_timer.timeout.connect(self.session.reload_events)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(CLOCK_MS)
        self._grace = QTimer(self)
        self._grace.setSingleShot(True)
        self._grace.timeout.connect(lambda: self._on_connection(self.feed.connected))
        if not feed.connected:
            self._grace.start(RECONNECT_GRACE_MS)
        self.session.reload_events()
        self.shift_bar.refresh()

    # building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        session = self.session
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.reconnect_banner = Banner(
            "Reconnecting to the server…  Seats shown may be out of date; holds and sales still check every seat.",
            "warning",
        )
        self.reconnect_banner.setAccessibleName("ReconnectBanner")
        outer.addWidget(self.reconnect_banner)
        self.message = MessageLine()
        self.printer = SalePrinter(self.printing, session, self.message.show_message, self)
        self.shift_bar = ShiftBar(
            self.bo, lambda: session.currency, self.printer.report, self.printer.save_report_pdf, self
        )
        self.shift_bar.changed.connect(self._shift_changed)
        self.top_bar = TopBar(self.shift_bar, self.show_shortcuts)
        self.top_bar.scan_field.submitted.connect(self.look_up)
        self.top_bar.printerAsked.connect(self.printer.choose)
        self.top_bar.savePdfAsked.connect(lambda: self.printer.save_tickets_pdf())
        outer.addWidget(self.top_bar)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        outer.addLayout(body, 1)
        self.events_panel = EventsPanel(Branding.from_tenant(self.bo.tenant).accent)
        self.events_panel.eventPicked.connect(session.choose_event)
        body.addWidget(self.events_panel)

        centre = QVBoxLayout()
        centre.setContentsMargins(0, 0, 0, 0)
        centre.setSpacing(0)
        self.header = EventHeader()
        centre.addWidget(self.header)
        self.seat_view = SalesSeatMap(station=self.bo.station)
        self.seat_view.set_allow_house(session.may_sell_house_seats)
        self.seat_view.busy = session.busy
        self.seat_view.set_empty_text("Choose an event to see its seats.")
        self.seat_view.selectionChanged.connect(session.select)
        self.seat_view.seatRefused.connect(lambda _sid, why: self.message.show_message(why, "info"))
        centre.addWidget(self.seat_view, 1)
        legend_frame = QFrame()
        legend_frame.setObjectName("LegendFrame")
        legend_box = QVBoxLayout(legend_frame)
        legend_box.setContentsMargins(4, 4, 4, 4)
        self.legend = SeatLegend()
        legend_box.addWidget(self.legend)
        centre.addWidget(legend_frame)
        body.addLayout(centre, 1)

        side = QFrame()
        side.setObjectName("SeatPanel")
        side.setFixedWidth(392)
        col = QVBoxLayout(side)
        col.setContentsMargins(14, 12, 14, 12)
        col.setSpacing(8)
        self.price_types = PriceTypesBar()
        self.price_types.priceTypeAsked.connect(self.add_price_type)
        col.addWidget(self.price_types)
        col.addSpacing(2)
        self.best_panel = BestAvailablePanel()
        self.best_panel.findAsked.connect(self.find_best)
        col.addWidget(self.best_panel)
        col.addSpacing(2)
        self.cart_panel = CartPanel(lambda c, t: session.prices.get((c, t)), lambda: session.currency)
        self.cart_panel.model.colour_of = self._colour_of
        self.cart_panel.model.types_for = session.types.types_for
        self.cart_panel.typeEdited.connect(session.set_price_type)
        self.cart_panel.moreTimeAsked.connect(session.extend_hold)
        self.cart_panel.releaseAsked.connect(self.release_all)
        self.cart_panel.customerAsked.connect(self.choose_customer)
        col.addWidget(self.cart_panel, 1)
        col.addWidget(self.message)
        body.addWidget(side)

        self.pay_bar = PayBar()
        self.pay_bar.payAsked.connect(self.checkout)
        outer.addWidget(self.pay_bar)
        self.till = Till(
            session,
            self.printer,
            self.shift_bar,
            self.message.show_message,
            lambda: self.pay_bar.print_tickets,
            self._after_sale,
            self,
        )

    # what tests, the window and the benchmark ask ------------------------------------------------------
    def is_settled(self) -> bool:
        return self.session.is_settled() and self.shift_bar.loaded and self.feed.connected

    @property
    def event_id(self) -> int | None:
        return self.session.event_id

    @property
    def hold_id(self) -> int | None:
        return self.session.hold_id

    def cart_ids(self) -> list[int]:
        return self.session.cart_ids()

    @property
    def dialog(self) -> QDialog | None:
        """The counter's dialog that is up (or was last)."""
        return self.till.dialog

    @property
    def watchers(self) -> dict[int, PaymentWatcher]:
        return self.till.watchers

    def select_event(self, event_id: int) -> bool:
        return self.session.select_event(event_id)

    def activate(self) -> None:
        if self.cart_ids():
            self.seat_view.setFocus()
        else:
            self.top_bar.scan_field.setFocus()

    def shutdown(self) -> None:
        self._stopped = True
        self.session.close()
        for timer in (self._clock, self._events_timer, self._grace):
            timer.stop()
        self.till.stop()

    # the cashier's intents ----------------------------------------------------------------------------
    def checkout(self, kind: str) -> None:
        self.session.checkout(kind)

    def pay_cash_exact(self) -> None:
        """Enter: cash, the exact amount, tickets printed, back to an idle screen."""
        self.checkout("cash_exact")

    def find_best(self, next_best: bool = False) -> None:
        count, category, wheelchair = self.best_panel.asked()
        self.session.find_best(count, category=category, wheelchair=wheelchair, next_best=next_best)

    def add_price_type(self, n: int) -> None:
        changed = self.session.add_price_type(n, self.cart_panel.current_seat())
        if changed is not None:
            self.cart_panel.select_seat(changed)

    def remove_current(self) -> None:
        seat = self.cart_panel.line_to_remove()
        if seat is not None:
            self.session.remove_seat(seat)

    def release_all(self) -> None:
        self.session.release_all()

    def choose_customer(self) -> CustomerDialog:
        dialog = CustomerDialog(self.bo, self.session.customer, self)
        dialog.chosen.connect(self.session.set_customer)
        self.till.open(dialog)
        return dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = self.keys.dialog(self, LEAD)
        self.till.open(dialog)
        return dialog

    def go_idle(self) -> None:
        """After a sale: the cart is empty, the find/scan field has the focus for the next customer."""
        self.top_bar.scan_field.clear()
        self.top_bar.scan_field.setFocus()
        if not self.window().isActiveWindow():
            self.window().activateWindow()

    def _after_sale(self, idle: bool) -> None:
        if idle:
            self.go_idle()
        else:
            self.seat_view.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.pay_cash_exact()
            event.accept()
            return
        super().keyPressEvent(event)

    # the feed and the clock ---------------------------------------------------------------------------
    def _seats_changed(self, event_id: int, seat_ids: list[int] | None) -> None:
        if not self._stopped:
            self._events_timer.start(EVENTS_REFRESH_MS)
            self.session.seats_changed(event_id, seat_ids)

    def _reload_all(self) -> None:
        if not self._stopped:
            self.session.reload_all()
            self.shift_bar.refresh()

    def _on_connection(self, connected: bool) -> None:
        if connected:
            self._ever_connected = True
            self._grace.stop()
            self.reconnect_banner.hide()
        elif self._ever_connected or not self._grace.isActive():
            self.reconnect_banner.show()

    def _tick(self) -> None:
        self.session.tick()
        self._ticks += 1
        if self._ticks % CLOCK_EVERY == 0 and self.session.event is not None:
            self.events_panel.model.refresh_clock()
            self.header.show_event(self.session.event, self.session.seat_counts())

    def _shift_changed(self, report: object) -> None:
        self.session.set_shift_open(report is not None)
        self._show_ready()

    # the session's updates ----------------------------------------------------------------------------
    def _update(self, update: Update) -> None:
        session = self.session
        match update:
            case EventsLoaded(events=events, currency=currency, training_payments=training):
                self.events_panel.show_events(events)
                self.pay_bar.show_training(training)
                if currency != self.cart_panel.model.currency:
                    self.cart_panel.model.currency = self.seat_view.currency = currency
                    if self.shift_bar.loaded:
                        self.shift_bar.set_report(self.shift_bar.report)
            case EventsFailed(message=message):
                self.events_panel.show_failure(message)
            case EventChosen(event=event):
                self._colours.clear()
                self.events_panel.show_chosen(event.id if event is not None else None)
                self.seat_view.set_seats([])
                self.seat_view.set_empty_text("Loading seats…" if event else "Choose an event to see its seats.")
                self.header.show_event(event)
            case EventRefreshed(event=event):
                self.events_panel.show_chosen(event.id)
                self.header.show_event(event, session.seat_counts())
            case EventLoaded(event=event, document=document, seats=seats, whole=whole):
                self.seat_view.set_background(document)
                self._show_seats(seats, whole)
                self.seat_view.set_empty_text("This event has no seats.")
                self._show_prices()
                self.header.show_event(event, session.seat_counts())
            case EventLoadFailed(message=message, refresh=refresh):
                if not refresh:
                    self.seat_view.set_empty_text(message)
            case SeatsUpdated(seats=seats, whole=whole):
                self._show_seats(seats, whole)
                self.header.show_seats(session.event, session.seat_counts())
            case SelectionSettled(seat_ids=ids):
                self.seat_view.settle(ids)
            case CartChanged(cart=cart):
                self._show_cart(cart)
            case CountdownChanged(countdown=shown):
                self.cart_panel.show_countdown(shown)
            case CustomerChanged(customer=customer):
                self.cart_panel.show_customer(customer)
            case Notice(text=text, kind=kind):
                self.message.show_message(text, kind)
            case ShiftNeeded(stale=stale):
                if stale:
                    self.shift_bar.refresh()
                self.shift_bar.flash()

    def _show_seats(self, seats: Sequence[CounterSeat], whole: bool) -> None:
        if whole:
            self.seat_view.set_seats(seats)
        else:
            self.seat_view.update_seats(seats)

    def _colour_of(self, category: str) -> QColor:
        found = self._colours.get(category)
        if found is None:
            found = self._colours[category] = self.seat_view.category_colour(category)
        return found

    def _show_prices(self) -> None:
        """The event's prices are known: the legend, the price type keys, best available's categories."""
        session = self.session
        full: dict[str, Decimal | None] = {}
        for seat in session.seats():
            full.setdefault(seat.category, seat.price)
        # The view looks a category's colour up over all its seats: once per event, not once per cart line.
        self._colours = {name: self.seat_view.category_colour(name) for name in full}
        self.legend.set_categories(
            [(name, self._colours[name], price) for name, price in full.items()], session.currency
        )
        describe_price_types(self.keys, session.types.price_types())
        self.best_panel.show_categories(
            session.types.categories(), lambda c: session.prices.get((c, "full")), session.currency
        )

    def _show_cart(self, cart: CartView) -> None:
        self._cart = cart
        self.cart_panel.show_cart(cart)
        self.price_types.show_types(cart.price_types, cart.counts)
        self.pay_bar.show_total(cart.total, cart.currency, len(cart.lines), cart.counts, cart.price_types)
        self.best_panel.show_state(cart.finding, cart.has_offer)
        self._show_ready()

    def _show_ready(self) -> None:
        cart = self._cart
        ready = cart is not None and bool(cart.lines) and not cart.selling
        self.pay_bar.show_ready(ready, self.shift_bar.loaded and self.shift_bar.report is None)

    # find / scan --------------------------------------------------------------------------------------
    def look_up(self, code: str) -> None:
        """Find an order by its code, or check a scanned ticket."""
        bo = self.bo
        self.message.show_message(f"Looking up {code[:24]}…", "info")

        def done(result: ScanResult) -> None:
            self.message.clear_message()
            self.top_bar.scan_field.clear()
            self.show_scan(result)

        run_job(
            lambda: lookup(bo, code),
            on_success=done,
            on_failure=lambda _e, m: self.message.show_message(m, "error"),
            parent=self,
            name="sales.find",
        )

    def show_scan(self, result: ScanResult) -> ScanResultDialog:
        currency = self.session.currency
        dialog = ScanResultDialog(
            self.bo,
            result,
            currency,
            self.printer.tickets,
            lambda order, done: self.printer.receipt(order, done, result.tickets),
            self,
            lambda tickets, path: self.printing.save_tickets_pdf(tickets, currency, path),
        )
        dialog.finished.connect(lambda _r: self.top_bar.focus_scan())
        self.till.open(dialog)
        return dialog
