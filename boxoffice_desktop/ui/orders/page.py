"""The Orders area (everyone who may look at orders): recent orders, a search, one order in full.

- The table is a ``QAbstractTableModel`` over ``bo.orders(...)`` (code, time, event, customer, seats, total,
  payment, status, station), sorted and filtered by a ``QSortFilterProxyModel``; an order that was paid after
  its seats were gone (``needs_refund``) is marked red.
- The search takes an order code, a name, an e-mail or a phone (the service searches); a scanned ticket code
  finds its order (``bo.find_order``) and says whether that ticket still admits (``bo.verify_ticket``).
- The pane beside it (``detail.OrderDetailPane``): seats with their tickets, payment, customer, journal.
  "Reissue ticket…" makes a new code for one seat (the old one is void at once) and offers to print it;
  "Check payment" asks the provider about a pending online order. Both need the right to sell: shown
  disabled (with the reason) to those without it, and refused by the services anyway.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QMessageBox, QSplitter, QVBoxLayout, QWidget

from boxoffice_desktop.services.context import Permission
from boxoffice_desktop.ui.kit.area_page import AreaPage
from boxoffice_desktop.ui.kit.areas import AreaHeader, allow, area_stylesheet, button, fill_event_filter
from boxoffice_desktop.ui.kit.asking import ask
from boxoffice_desktop.ui.kit.formats import day_and_time, money, plural
from boxoffice_desktop.ui.kit.labels import MessageLine, label
from boxoffice_desktop.ui.kit.tables import (
    CENTRE,
    RECORD_ROLE,
    RIGHT,
    SORT_ROLE,
    Column,
    RecordTableModel,
    make_table,
    select_where,
    selected_record,
)
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.orders.detail import (
    ONLINE,
    OrderDetail,
    OrderDetailPane,
    ReissuedDialog,
    load_detail,
    method_words,
    status_words,
)
from boxoffice_desktop.ui.theme import Branding

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 300
STATUS_FILTERS = (
    ("all", "All statuses"),
    ("PAID", "Paid"),
    ("PENDING", "Awaiting payment"),
    ("CANCELLED", "Cancelled"),
    ("EXPIRED", "Expired"),
    ("REFUNDED", "Refunded"),
    ("needs_refund", "Needs refund"),
)


def looks_like_ticket(text: str) -> bool:
    from boxoffice_desktop.services.ticket_codes import InvalidTicket, parse_ticket

    try:
        parse_ticket(text.strip())
    except (InvalidTicket, ValueError):
        return False
    return True


@dataclass(frozen=True)
class SearchResult:
    query: str
    rows: tuple[Any, ...]  # services.customers.OrderSummary
    found_id: int | None = None  # the order a scanned ticket belongs to
    check: Any = None  # services.tickets.TicketCheck of a scanned ticket


def search_orders(bo: BoxOffice, query: str, event_id: int | None) -> SearchResult:
    """The job of a search: a scanned ticket finds its order; anything else goes to the order search."""
    q = query.strip()
    if q and looks_like_ticket(q):
        order = bo.find_order(q)
        check = bo.verify_ticket(q)
        return SearchResult(q, tuple(bo.orders(query=order.code)), order.id, check)
    return SearchResult(q, tuple(bo.orders(query=q, event_id=event_id)))


def status_text(r: Any) -> str:
    words = status_words(r.status)[0]
    return f"{words} · needs refund" if r.needs_refund else words


STATUS_COLOURS = {"ok": "#1e7a3c", "warning": "#9a6700", "muted": "#6e7781", "info": "#1c4f86"}


def orders_model(parent: Any, currency: Any) -> RecordTableModel:
    columns = [
        Column("Code", lambda r: r.code, width=104),
        Column("Time", lambda r: r.created_at, text=day_and_time, width=128),
        Column(
            "Event",
            lambda r: r.event_name,
            width=150,
            tip=lambda r: f"{r.event_name}, {day_and_time(r.event_starts_at)}",
        ),
        Column("Customer", lambda r: r.customer or "—", width=150),
        Column("Seats", lambda r: r.seats, align=CENTRE, width=56),
        Column("Total", lambda r: r.total, text=lambda v: money(v, currency()), align=RIGHT, width=108),
        Column("Payment", lambda r: method_words(r.payment_method), width=92),
        Column(
            "Status",
            status_text,
            width=150,
            colour=lambda r: "#8c1d18" if r.needs_refund else STATUS_COLOURS.get(status_words(r.status)[1]),
        ),
        Column("Station", lambda r: r.station),
    ]
    return RecordTableModel(
        columns,
        parent,
        highlight=lambda r: "alert" if r.needs_refund else None,
        bold=lambda r, column: column == 0,
    )


class OrdersProxy(QSortFilterProxyModel):
    """Sorting by the model's sort role; filtering by status (or the needs-refund mark)."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.status = "all"

    def set_status(self, status: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self.status = status
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.status = status
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:  # noqa: N802 - Qt's name
        if self.status == "all":
            return True
        record = self.sourceModel().index(source_row, 0, source_parent).data(RECORD_ROLE)
        if record is None:
            return False
        if self.status == "needs_refund":
            return bool(record.needs_refund)
        if self.status == "REFUNDED":
            return record.status in ("REFUNDED", "PARTIALLY_REFUNDED")
        return bool(record.status == self.status)


class OrdersPage(AreaPage):
    def __init__(self, bo: BoxOffice, parent: QWidget | None = None):
        super().__init__(parent)
        self.bo = bo
        self.setObjectName("AreaPage")
        self.setStyleSheet(area_stylesheet(Branding.from_tenant(bo.tenant)))
        self.currency = "RUB"
        self.may_sell = bo.actor.can(Permission.SELL)
        self.dialog: QWidget | None = None
        self.result: SearchResult | None = None
        self._loaded = False
        self._searching = 0  # the number of the latest search; older answers are dropped
        self._answered = 0
        self._detail_pending: int | None = None
        self._events_loaded = False
        self._keep_selection: int | None = None
        self.printing: Any = None
        self._scanned_label: str | None = None

        header = AreaHeader(
            "Orders",
            "Recent orders, newest first. Search by order code, name, e-mail or phone — or scan a ticket.",
        )
        self.refresh_button = header.add(button("Refresh", tip="Load the orders again (F5)"))
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(lambda: self.search(now=True))

        tools = QHBoxLayout()
        tools.setSpacing(10)
        self.search_field = QLineEdit()
        self.search_field.setObjectName("SearchField")
        self.search_field.setPlaceholderText("Order code, name, e-mail, phone or a scanned ticket…")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.textChanged.connect(self._typed)
        self.search_field.returnPressed.connect(lambda: self.search(now=True))
        tools.addWidget(self.search_field, 2)
        self.event_filter = QComboBox()
        self.event_filter.setObjectName("EventFilter")
        self.event_filter.addItem("All events", None)
        self.event_filter.setMinimumWidth(220)
        self.event_filter.currentIndexChanged.connect(lambda _i: self.search(now=True))
        tools.addWidget(self.event_filter, 1)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("StatusFilter")
        for key, text in STATUS_FILTERS:
            self.status_filter.addItem(text, key)
        self.status_filter.currentIndexChanged.connect(self._status_changed)
        tools.addWidget(self.status_filter)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.search(now=True))

        self.model = orders_model(self, lambda: self.currency)
        self.proxy = OrdersProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(self.proxy, self.model.columns, object_name="OrdersTable")
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.message = MessageLine()
        self.count_label = label("", "note")

        left = QVBoxLayout()
        left.setContentsMargins(24, 16, 24, 12)
        left.setSpacing(10)
        left.addLayout(tools)
        left.addWidget(self.message)
        left.addWidget(self.table, 1)
        left.addWidget(self.count_label)

        self.pane = OrderDetailPane(lambda: self.currency, self)
        self.pane.reissue_button.clicked.connect(self.reissue_selected)
        self.pane.check_button.clicked.connect(self.check_payment)
        self.pane.items_table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())

        top = QWidget()
        top.setLayout(left)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("OrdersSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([10_000, OrderDetailPane.HEIGHT])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(header)
        outer.addWidget(self.splitter, 1)

    # life --------------------------------------------------------------------------------------------
    def activate(self) -> None:
        if not self._events_loaded:
            self._load_events()
        self.search(now=True)
        self.search_field.setFocus()

    def is_settled(self) -> bool:
        return (
            self._loaded and self._answered == self._searching and self._detail_pending is None and self._events_loaded
        )

    def shutdown(self) -> None:
        self._search_timer.stop()

    def apply_branding(self, branding: Branding) -> None:
        self.setStyleSheet(area_stylesheet(branding))

    def _load_events(self) -> None:
        bo = self.bo

        def work() -> tuple[list[Any], str]:
            return bo.events(), bo.settings().currency

        def done(result: tuple[list[Any], str]) -> None:
            events, currency = result
            self._events_loaded = True
            self.currency = currency or self.currency
            fill_event_filter(self.event_filter, events, keep_current=True)
            self.model.refresh()

        def failed(_exc: BaseException, message: str) -> None:
            self._events_loaded = True
            self.message.show_message(message, "error")

        run_job(work, on_success=done, on_failure=failed, parent=self, name="orders.events")

    # searching ---------------------------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self._search_timer.start()

    def search(self, *, now: bool = False, keep_message: bool = False) -> None:
        if not now:
            self._search_timer.start()
            return
        self._search_timer.stop()
        self._searching += 1
        number = self._searching
        query = self.search_field.text()
        event_id = self.event_filter.currentData()
        bo = self.bo
        keep = self._keep_selection or (self.selected().id if self.selected() is not None else None)
        self._keep_selection = None

        def done(result: SearchResult) -> None:
            self._answered = max(self._answered, number)
            if number != self._searching:
                return
            self._loaded = True
            self.result = result
            self.model.set_rows(result.rows)
            self._count()
            if keep_message:
                pass
            elif result.check is not None:
                kind = {"valid": "ok", "void": "info"}.get(result.check.status, "error")
                self.message.show_message(f"Scanned ticket — {result.check.describe()}", kind)
            elif not result.rows and result.query:
                self.message.show_message(f"No order matches “{result.query}”.", "info")
            elif not result.rows:
                self.message.show_message("No orders yet.", "info")
            else:
                self.message.clear_message()
            target = result.found_id or (result.rows[0].id if len(result.rows) == 1 else keep)
            self._scanned_label = result.check.label if result.check is not None else None
            self.pane.empty.setText(
                "Select an order to see it here."
                if result.rows
                else "Orders sold at the counter or online appear here, newest first."
            )
            if target is None or not select_where(self.table, lambda r: r.id == target):
                self.table.clearSelection()
                self._selection_changed()

        def failed(_exc: BaseException, message: str) -> None:
            self._answered = max(self._answered, number)
            if number != self._searching:
                return
            self._loaded = True
            self.message.show_message(message, "error")

        run_job(
            lambda: search_orders(bo, query, event_id),
            on_success=done,
            on_failure=failed,
            parent=self,
            name="orders.search",
        )

    def _status_changed(self, _index: int) -> None:
        self.proxy.set_status(self.status_filter.currentData())
        self._count()
        if self.selected() is None:
            self._selection_changed()

    def _count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = plural(total, "order")
        if shown != total:
            text = f"{shown} of {text} shown"
        if total >= 200:
            text += " (the newest 200: search to find older ones)"
        self.count_label.setText(text)

    # the selected order ------------------------------------------------------------------------------
    def selected(self) -> Any:
        return selected_record(self.table)

    def select_order(self, order_id: int) -> bool:
        return select_where(self.table, lambda r: r.id == order_id)

    def _selection_changed(self) -> None:
        row = self.selected()
        if row is None:
            self._detail_pending = None
            self.pane.show_detail(None)
            self._update_actions()
            return
        self.load_detail(row.id)

    def load_detail(self, order_id: int, then: Any = None) -> None:
        self._detail_pending = order_id
        bo = self.bo

        def done(detail: OrderDetail) -> None:
            if self._detail_pending != order_id:
                return
            self._detail_pending = None
            self.pane.show_detail(detail)
            scanned, self._scanned_label = self._scanned_label, None
            if scanned:  # the seat of a scanned ticket
                select_where(self.pane.items_table, lambda r: r.label == scanned)
            self._update_actions()
            if then is not None:
                then(detail)

        def failed(_exc: BaseException, message: str) -> None:
            if self._detail_pending == order_id:
                self._detail_pending = None
            self.message.show_message(message, "error")

        run_job(
            lambda: load_detail(bo, order_id), on_success=done, on_failure=failed, parent=self, name="orders.detail"
        )

    def _update_actions(self) -> None:
        detail = self.pane.detail
        item = self.pane.selected_item()
        order = detail.order if detail is not None else None
        why = (
            "Your role may not sell tickets, so it may not reissue them or settle payments; ask a cashier or a manager."
        )
        can_reissue = order is not None and item is not None and item.state == "sold"
        allow(self.pane.reissue_button, self.may_sell, why)
        if self.may_sell:
            self.pane.reissue_button.setEnabled(can_reissue)
            self.pane.reissue_button.setToolTip(
                "A new ticket for the selected seat; the printed one stops admitting"
                if can_reissue
                else "Select a sold seat of a paid order"
            )
        pending_online = order is not None and order.status == "PENDING" and order.payment_method in ONLINE
        self.pane.check_button.setVisible(pending_online)
        allow(self.pane.check_button, self.may_sell, why)
        notes = []
        if not self.may_sell and order is not None:
            notes.append("Reissuing tickets and checking payments need the right to sell.")
        if order is not None and order.needs_refund:
            notes.append("The money arrived after the seats were gone: refund it to the customer.")
        self.pane.actions_note.setText(" ".join(notes))
        self.pane.actions_note.setVisible(bool(notes))

    # reissuing a ticket -----------------------------------------------------------------------------
    def reissue_selected(self) -> None:
        item = self.pane.selected_item()
        detail = self.pane.detail
        if item is None or detail is None or item.state != "sold":
            return
        serial = item.ticket.serial if item.ticket is not None else 1

        def chosen(key: str) -> None:
            self.dialog = None
            if key == "reissue":
                self.reissue(detail.order.id, item.id)

        self.dialog = ask(
            self,
            "Reissue ticket",
            f"Reissue the ticket for {item.label}?",
            f"The ticket printed before (print {serial}) stops admitting at once; only the new one admits. "
            "Do it when the customer has lost or spoiled their ticket.",
            [
                ("reissue", "Reissue ticket", QMessageBox.ButtonRole.AcceptRole),
                ("cancel", "Cancel", QMessageBox.ButtonRole.RejectRole),
            ],
            chosen,
            default="reissue",
        )

    def reissue(self, order_id: int, item_id: int) -> None:
        bo = self.bo
        self.pane.reissue_button.setEnabled(False)

        def done(ticket: Any) -> None:
            self.message.show_message(
                f"New ticket for {ticket.label} (print {ticket.serial}); the old code is void now.", "ok"
            )
            self.show_reissued(ticket)
            self.load_detail(order_id, then=lambda _d: self.pane.select_item(item_id))

        def failed(_exc: BaseException, message: str) -> None:
            self._update_actions()
            self.message.show_message(message, "error")

        run_job(
            lambda: bo.reissue_ticket(item_id), on_success=done, on_failure=failed, parent=self, name="orders.reissue"
        )

    def show_reissued(self, ticket: Any) -> ReissuedDialog:
        dialog = ReissuedDialog(ticket, self.currency, self)
        dialog.print_button.clicked.connect(lambda: self.print_ticket(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def print_ticket(self, dialog: ReissuedDialog) -> None:
        if self.printing is None:
            from boxoffice_desktop.ui.printing.service import PrintService

            self.printing = PrintService(self)

        def done(text: str, ok: bool) -> None:
            dialog.say(text, ok)
            self.message.show_message(text, "ok" if ok else "error")

        self.printing.print_tickets([dialog.ticket], self.currency, done)

    # online payments --------------------------------------------------------------------------------
    def check_payment(self) -> None:
        detail = self.pane.detail
        if detail is None:
            return
        order_id = detail.order.id
        bo = self.bo
        self.pane.check_button.setEnabled(False)
        self.message.show_message(f"Asking the payment provider about order {detail.order.code}…", "info")

        def done(order: Any) -> None:
            if order.needs_refund:
                text, kind = f"Order {order.code} was paid after its seats were gone: it needs a refund.", "error"
            elif order.status == "PAID":
                text, kind = f"Order {order.code} is paid: {plural(len(order.items), 'ticket')} issued.", "ok"
            elif order.status == "PENDING":
                until = f" (until {day_and_time(order.expires_at)})" if order.expires_at else ""
                text, kind = f"Order {order.code} is still waiting for the payment{until}.", "info"
            elif order.status == "CANCELLED":
                text, kind = f"The payment of order {order.code} was cancelled; its seats are back on sale.", "info"
            elif order.status == "EXPIRED":
                text, kind = f"The payment window of order {order.code} passed; its seats are back on sale.", "info"
            else:
                text, kind = f"Order {order.code}: {status_words(order.status)[0].lower()}.", "info"
            self._keep_selection = order.id
            self.search(now=True, keep_message=True)
            self.message.show_message(text, kind)

        def failed(_exc: BaseException, message: str) -> None:
            self._update_actions()
            self.message.show_message(message, "error")

        run_job(lambda: bo.sync_payment(order_id), on_success=done, on_failure=failed, parent=self, name="orders.sync")
