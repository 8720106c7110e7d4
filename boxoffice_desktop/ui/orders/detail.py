"""One order in full, beside the Orders table: its seats (with their tickets), payment, customer and journal;
and the dialog that shows a reissued ticket."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.ui.kit.areas import button
from boxoffice_desktop.ui.kit.formats import day_and_time, long_when, money
from boxoffice_desktop.ui.kit.labels import Pill, label
from boxoffice_desktop.ui.kit.tables import (
    RIGHT,
    Column,
    RecordTableModel,
    make_table,
    select_where,
    selected_record,
    sorted_proxy,
)

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice

STATUS_WORDS = {
    "PAID": ("Paid", "ok"),
    "PENDING": ("Awaiting payment", "warning"),
    "CANCELLED": ("Cancelled", "muted"),
    "EXPIRED": ("Expired", "muted"),
    "PARTIALLY_REFUNDED": ("Partly refunded", "info"),
    "REFUNDED": ("Refunded", "muted"),
}
METHOD_WORDS = {"cash": "Cash", "card": "Card", "yookassa": "YooKassa", "mock": "Training (mock)"}
PAYMENT_WORDS = {
    "PENDING": "waiting",
    "WAITING_FOR_CAPTURE": "waiting for capture",
    "SUCCEEDED": "succeeded",
    "CANCELED": "cancelled",
    "PARTIALLY_REFUNDED": "partly refunded",
    "REFUNDED": "refunded",
}
ACTION_WORDS = {
    "order.created": "Order created",
    "order.paid": "Paid",
    "payment.created": "Online payment started",
    "payment.unknown": "Payment outcome unknown, asked again",
    "order.cancelled": "Cancelled",
    "order.expired": "Expired",
    "order.needs_refund": "Paid after its seats were gone: needs a refund",
    "ticket.reissued": "Ticket reissued",
    "refund.created": "Refund started",
    "refund.succeeded": "Refunded",
}
ONLINE = ("yookassa", "mock")


def status_words(status: str) -> tuple[str, str]:
    return STATUS_WORDS.get(status, (status.replace("_", " ").capitalize(), "neutral"))


def method_words(method: str) -> str:
    return METHOD_WORDS.get(method, method.capitalize())


def action_words(line: Any, labels: dict[int, str]) -> str:
    words = ACTION_WORDS.get(line.action, line.action)
    data = line.data or {}
    if line.action == "ticket.reissued":
        seat = labels.get(int(data.get("item", 0) or 0))
        words += f": {seat}" if seat else ""
        words += f" (print {data['serial']})" if data.get("serial") else ""
    elif data.get("reason"):
        words += f" ({data['reason']})"
    return str(words)


def item_state_words(item: Any, ticket: Any) -> str:
    if item.state == "sold":
        serial = getattr(ticket, "serial", 1) if ticket is not None else 1
        return f"Print {serial}"
    state = str(item.state)
    return {"reserved": "Reserved", "refunded": "Refunded", "void": "Void"}.get(state, state)


@dataclass(frozen=True)
class ItemRow:
    id: int
    label: str
    category: str
    price_type: str
    price: Any
    state: str
    ticket: Any  # services.tickets.Ticket of a sold seat, else None

    @property
    def state_words(self) -> str:
        return item_state_words(self, self.ticket)


@dataclass(frozen=True)
class OrderDetail:
    order: Any  # services.orders.OrderInfo
    extras: Any  # services.order_details.OrderExtras
    tickets: dict[int, Any]  # item id -> services.tickets.Ticket

    def items(self) -> list[ItemRow]:
        return [
            ItemRow(i.id, i.label, i.category, i.price_type, i.price, i.state, self.tickets.get(i.id))
            for i in self.order.items
        ]


def load_detail(bo: BoxOffice, order_id: int) -> OrderDetail:
    """The job: the order, what the pane shows besides it, and its tickets when it has some."""
    order = bo.order(order_id)
    extras = bo.order_extras(order_id)
    tickets = {}
    if order.status in ("PAID", "PARTIALLY_REFUNDED") and any(i.state == "sold" for i in order.items):
        tickets = {t.item_id: t for t in bo.tickets(order_id)}
    return OrderDetail(order, extras, tickets)


def items_model(parent: Any, currency: Any) -> RecordTableModel:
    return RecordTableModel(
        [
            Column("Seat", lambda r: r.label, width=200, tip=lambda r: f"{r.label} · {r.category}"),
            Column("Type", lambda r: r.price_type.capitalize(), width=84),
            Column("Price", lambda r: r.price, text=lambda v: money(v, currency()), align=RIGHT, width=96),
            Column(
                "Ticket",
                lambda r: r.state_words,
                colour=lambda r: "#9a6700" if r.state != "sold" else None,
                tip=lambda r: (
                    "Reprinted: only the newest print admits" if r.ticket is not None and r.ticket.serial > 1 else None
                ),
            ),
        ],
        parent,
        highlight=lambda r: "muted" if r.state in ("void", "refunded") else None,
    )


def journal_model(parent: Any, labels: Any) -> RecordTableModel:
    return RecordTableModel(
        [
            Column("When", lambda r: r.at, text=lambda v: day_and_time(v), width=120),
            Column("What", lambda r: action_words(r, labels()), width=236, tip=lambda r: action_words(r, labels())),
            Column("Who", lambda r: f"{r.actor} @ {r.station}" if r.station else r.actor),
        ],
        parent,
    )


def _fit_columns(table: Any, *, stretch: int) -> None:
    """Columns sized to their contents, one stretched to the table's width: no horizontal scrolling."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(table.model().columnCount()):
        mode = QHeaderView.ResizeMode.Stretch if column == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


def _section(text: str) -> QLabel:
    return label(text.upper(), "section")


class OrderDetailPane(QFrame):
    """The order in full, under the Orders table: a head line (code, status, event, who sold it), then the
    seats with their tickets, the payment and customer, and the journal side by side. The page wires its
    buttons."""

    HEIGHT = 340

    def __init__(self, currency: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("OrderPanel")
        self.setMinimumHeight(260)
        self._currency = currency
        self.detail: OrderDetail | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.setSpacing(10)

        self.empty = label("Select an order to see it here.", object_name="DetailEmpty", wrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.empty, 1)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(10)
        head = QHBoxLayout()
        head.setSpacing(10)
        self.code = label("", object_name="OrderCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head.addWidget(self.code)
        self.status_pill = Pill()
        self.refund_pill = Pill()
        head.addWidget(self.status_pill)
        head.addWidget(self.refund_pill)
        head.addSpacing(8)
        self.event_line = label("", object_name="DetailTitle")
        head.addWidget(self.event_line)
        head.addStretch(1)
        self.sold_line = label("", object_name="DetailMeta")
        head.addWidget(self.sold_line)
        body.addLayout(head)

        columns = QHBoxLayout()
        columns.setSpacing(24)
        seats = QVBoxLayout()
        seats.setSpacing(6)
        seats.addWidget(_section("Seats"))
        self.items = items_model(self, self._currency)
        self.items_proxy = sorted_proxy(self.items, self)
        self.items_table = make_table(self.items_proxy, self.items.columns, object_name="ItemsTable", sortable=False)
        self.items_table.verticalHeader().setDefaultSectionSize(30)
        _fit_columns(self.items_table, stretch=0)
        seats.addWidget(self.items_table, 1)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.reissue_button = button(
            "Reissue ticket…", tip="A new ticket for the selected seat; the printed one stops admitting"
        )
        self.check_button = button("Check payment", tip="Ask the payment provider how this order's payment stands")
        actions.addWidget(self.reissue_button)
        actions.addWidget(self.check_button)
        actions.addStretch(1)
        seats.addLayout(actions)
        self.actions_note = label("", "note", wrap=True)
        seats.addWidget(self.actions_note)
        columns.addLayout(seats, 6)

        money_col = QVBoxLayout()
        money_col.setSpacing(6)
        money_col.addWidget(_section("Payment"))
        self.payment_grid = QGridLayout()
        self.payment_grid.setHorizontalSpacing(14)
        self.payment_grid.setVerticalSpacing(3)
        self.payment_grid.setColumnStretch(1, 1)
        money_col.addLayout(self.payment_grid)
        money_col.addSpacing(6)
        money_col.addWidget(_section("Customer"))
        self.customer = label("", wrap=True)
        self.customer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        money_col.addWidget(self.customer)
        money_col.addStretch(1)
        columns.addLayout(money_col, 3)

        journal_col = QVBoxLayout()
        journal_col.setSpacing(6)
        journal_col.addWidget(_section("Journal"))
        self._labels: dict[int, str] = {}
        self.journal = journal_model(self, lambda: self._labels)
        self.journal_proxy = sorted_proxy(self.journal, self)
        self.journal_table = make_table(
            self.journal_proxy, self.journal.columns, object_name="JournalTable", sortable=False
        )
        self.journal_table.verticalHeader().setDefaultSectionSize(28)
        _fit_columns(self.journal_table, stretch=1)
        journal_col.addWidget(self.journal_table, 1)
        columns.addLayout(journal_col, 4)
        body.addLayout(columns, 1)
        outer.addWidget(self.body, 1)
        self.show_detail(None)

    # -- showing -------------------------------------------------------------------------------------
    def show_detail(self, detail: OrderDetail | None) -> None:
        self.detail = detail
        self.empty.setVisible(detail is None)
        self.body.setVisible(detail is not None)
        if detail is None:
            self.items.set_rows([])
            self.journal.set_rows([])
            return
        order, extras = detail.order, detail.extras
        currency = self._currency()
        self.code.setText(order.code)
        words, kind = status_words(order.status)
        self.status_pill.set(words, kind)
        self.refund_pill.set("Needs refund" if order.needs_refund else "", "error")
        self.event_line.setText(f"{extras.event_name}  ·  {long_when(extras.event_starts_at)}")
        self.event_line.setToolTip(self.event_line.text())
        seller = f" by {extras.seller}" if extras.seller else ""
        self.sold_line.setText(f"Ordered {day_and_time(order.created_at)} at {extras.station}{seller}")

        rows = detail.items()
        self._labels = {r.id: r.label for r in rows}
        self.items.set_rows(rows)
        if rows:
            self.items_table.selectRow(0)

        while self.payment_grid.count():
            item = self.payment_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        lines: list[tuple[str, str]] = [
            ("Method", method_words(order.payment_method)),
            ("Total", money(order.total, currency)),
        ]
        if order.tendered is not None:
            lines.append(("Tendered", money(order.tendered, currency)))
            lines.append(("Change", money(order.change, currency)))
        if extras.paid_at is not None:
            lines.append(("Paid", day_and_time(extras.paid_at)))
        elif order.status == "PENDING" and order.expires_at is not None:
            lines.append(("Pay by", day_and_time(order.expires_at)))
        for p in extras.payments:
            if p.provider in ONLINE:
                ref = f" · {p.provider_payment_id}" if p.provider_payment_id else ""
                lines.append(("Provider", f"{method_words(p.provider)}: {PAYMENT_WORDS.get(p.status, p.status)}{ref}"))
        if order.status == "PENDING" and order.payment_url:
            lines.append(("Pay at", order.payment_url))
        for row, (key, value) in enumerate(lines):
            self.payment_grid.addWidget(label(key, "key"), row, 0)
            shown = label(value, "value", wrap=True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.payment_grid.addWidget(shown, row, 1)

        parts = [p for p in (extras.customer_name, extras.customer_email, extras.customer_phone) if p]
        self.customer.setText("\n".join(parts) if parts else "No customer given (a quick sale at the counter).")
        self.customer.setProperty("role", "value" if parts else "note")

        self.journal.set_rows(list(extras.journal))
        if extras.journal:
            self.journal_table.scrollToBottom()

    def selected_item(self) -> ItemRow | None:
        record = selected_record(self.items_table)
        return record if isinstance(record, ItemRow) else None

    def select_item(self, item_id: int) -> bool:
        return select_where(self.items_table, lambda r: r.id == item_id)


class ReissuedDialog(QDialog):
    """A reissued ticket: its picture, its code, and what became of the old one. ``print_button`` prints it."""

    def __init__(self, ticket: Any, currency: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ticket = ticket
        self.setWindowTitle("Ticket reissued")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 18)
        box.setSpacing(10)
        box.addWidget(label(f"New ticket for {ticket.label}", "subtitle"))
        serial = int(getattr(ticket, "serial", 1) or 1)
        box.addWidget(
            label(
                f"This is print {serial}. The ticket printed before it is void from now on: it no longer admits "
                "at the door. Print this one or show it to the customer.",
                "muted",
                wrap=True,
            )
        )
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        try:
            from boxoffice_desktop.ui.printing.tickets import render_ticket_image

            image = render_ticket_image(ticket, currency, width=1100)
            self.picture.setPixmap(
                QPixmap.fromImage(image).scaledToWidth(560, Qt.TransformationMode.SmoothTransformation)
            )
        except Exception:  # noqa: BLE001 - a picture is a nicety; the code below is what counts
            self.picture.setText("(no picture)")
        box.addWidget(self.picture)
        row = QHBoxLayout()
        self.code = QLineEdit(ticket.code)
        self.code.setObjectName("TicketCode")
        self.code.setReadOnly(True)
        self.code.setCursorPosition(0)
        row.addWidget(self.code, 1)
        self.copy_button = button("Copy code")
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(ticket.code))
        row.addWidget(self.copy_button)
        box.addLayout(row)
        self.note = label("", "note", wrap=True)
        self.note.hide()
        box.addWidget(self.note)
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton("Print ticket", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setProperty("primary", True)
        self.close_button = buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def say(self, text: str, ok: bool = True) -> None:
        self.note.setText(text)
        self.note.setStyleSheet("" if ok else "color: #8c1d18;")
        self.note.show()
