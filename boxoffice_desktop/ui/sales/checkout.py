"""Checkout: cash (amount tendered, change due in large type), card on the counter terminal (the cashier
confirms the terminal's approval), online payments (YooKassa, or the mock provider for training: a link and
its QR code, polled until paid or not), and the optional customer.

The dialogs never touch the database: they ask the sales page to pay (``PayFn``), which has the counter's
session record the sale and calls back with the order, or with one calm line. ``PaymentWatcher`` is the
clock of an online payment: every few seconds it has the session ask the provider (one question at a
time, more slowly while the answers fail), never blocking anything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.counter.cart import SaleSummary
from boxoffice_desktop.services.customers import CustomerInfo
from boxoffice_desktop.services.orders import OrderInfo
from boxoffice_desktop.services.tickets import Ticket
from boxoffice_desktop.ui.kit.dialogs import CounterDialog, StatePanel
from boxoffice_desktop.ui.kit.labels import label
from boxoffice_desktop.ui.money import format_money, parse_money, quick_tenders
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.printing.qr import qr_pixmap
from boxoffice_desktop.ui.theme import repolish

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice

log = logging.getLogger(__name__)

POLL_MS = 3000
POLL_MAX_MS = 15000
OK = Callable[[OrderInfo], None]
FAIL = Callable[[str], None]
PrintDone = Callable[[str, bool], None]


class PayFn(Protocol):
    """What a payment dialog asks the page: record the sale; ``on_ok(order)`` or ``on_fail(line)``."""

    def __call__(
        self,
        method: str,
        *,
        tendered: Decimal | None = None,
        confirmation: str = "redirect",
        on_ok: OK | None = None,
        on_fail: FAIL | None = None,
    ) -> None: ...


def money(summary: SaleSummary, amount: Decimal | None) -> str:
    return format_money(amount, summary.currency)


def summary_block(summary: SaleSummary) -> QFrame:
    """The sale at the top of each payment dialog: the event (and a loud date when not today), the total."""
    box = QFrame()
    box.setObjectName("SaleSummary")
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    grid = QGridLayout(box)
    grid.setContentsMargins(16, 12, 16, 12)
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(2)
    grid.addWidget(label(summary.event_name, object_name="SummaryEvent", wrap=True), 0, 0)
    when = label(summary.when, "muted", wrap=True)
    grid.addWidget(when, 1, 0)
    if summary.not_today:
        badge = label(f"NOT TODAY · {summary.not_today}", object_name="NotTodayBadge")
        grid.addWidget(badge, 2, 0, Qt.AlignmentFlag.AlignLeft)
    tickets = label(f"{summary.tickets} ticket{'s' if summary.tickets != 1 else ''}", "muted")
    tickets.setAlignment(Qt.AlignmentFlag.AlignRight)
    grid.addWidget(tickets, 0, 1)
    total = label(money(summary, summary.total), object_name="BigAmount")
    total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    grid.addWidget(total, 1, 1, 2, 1)
    grid.setColumnStretch(0, 1)
    if summary.customer:
        grid.addWidget(label(f"Customer: {summary.customer}", "small"), 3, 0, 1, 2)
    return box


class PaymentDialog(CounterDialog):
    """Shared by the payment dialogs: the summary, a busy flag, and the end (``finished_sale``)."""

    saleDone = Signal(object)  # the PAID order

    def __init__(self, title: str, summary: SaleSummary, pay: PayFn, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.setMinimumWidth(560)
        self.summary = summary
        self.pay = pay
        self.busy = False
        self.order: OrderInfo | None = None
        self.complete = False
        self.body.addWidget(summary_block(summary))
        # The cash receipt, on the receipt printer (set by the page; shown once the sale is paid).
        self.receipt: Callable[[OrderInfo, PrintDone], None] | None = None
        self.receipt_button = self.button("Receipt", "Ctrl+R", name="ReceiptButton")
        self.receipt_button.clicked.connect(self.print_receipt)
        self.receipt_button.hide()
        QShortcut(QKeySequence("Ctrl+R"), self).activated.connect(self.print_receipt)

    def print_receipt(self) -> None:
        if self.complete and self.receipt is not None and self.order is not None and self.order.status == "PAID":
            self.receipt(self.order, self.print_note)

    def _show_receipt_button(self) -> None:
        self.receipt_button.setVisible(self.receipt is not None)

    def _failed(self, message: str) -> None:
        self.busy = False
        self._set_enabled(True)
        self.message.show_message(message, "error")

    def _set_enabled(self, enabled: bool) -> None:  # pragma: no cover - overridden
        pass

    def print_note(self, text: str, ok: bool) -> None:
        """What printing said, under the outcome."""
        self.message.show_message(text, "ok" if ok else "error")
        self.fit_to_contents()


class CounterPaymentDialog(PaymentDialog):
    """Cash and card, paid at the counter: a cancel button (Esc) and a pay button (Enter) that records the
    sale and, once it is paid, closes the dialog. Subclasses build ``outcome`` and call ``_add_buttons``."""

    outcome: StatePanel
    cancel_button: QPushButton
    pay_button: QPushButton

    def _add_buttons(self, cancel: str, pay: str) -> None:
        self.cancel_button = self.button(cancel, "Esc", name="CancelButton")
        self.cancel_button.clicked.connect(self.reject)
        self.pay_button = self.button(pay, "Enter", primary=True, name="PayButton")
        self.pay_button.clicked.connect(self.submit)

    def _set_enabled(self, enabled: bool) -> None:
        self.pay_button.setEnabled(enabled)
        self.cancel_button.setEnabled(enabled)

    def submit(self) -> None:
        """Enter: starts recording the sale (``_start``), or closes the dialog once the sale is paid."""
        if self.complete:
            self.accept()
        elif not self.busy:
            self._start()

    def _start(self) -> None:  # pragma: no cover - overridden
        pass

    def _record(self, method: str, tendered: Decimal | None = None) -> None:
        """Ask the page to record the sale; ``_paid`` or ``_failed`` answers."""
        self.busy = True
        self._set_enabled(False)
        self.message.show_message("Recording the sale…", "info")
        self.pay(method, tendered=tendered, on_ok=self._paid, on_fail=self._failed)

    def _paid(self, order: OrderInfo) -> None:  # pragma: no cover - overridden
        pass

    def _show_paid(self, order: OrderInfo, title: str, detail: str) -> None:
        """The sale is paid: the outcome in large type, the receipt button, and Enter now closes."""
        self.busy = False
        self.complete = True
        self.order = order
        self.title.setText(title)
        self.outcome.set_state("paid", "PAID", detail)
        self.message.clear_message()
        self.cancel_button.hide()
        self._show_receipt_button()
        self.pay_button.setText("Done   Enter")
        self.pay_button.setEnabled(True)
        self.pay_button.setFocus()
        self.fit_to_contents()
        self.saleDone.emit(order)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and (self.busy or self.complete):
            if self.complete:
                self.accept()
            event.accept()
            return
        super().keyPressEvent(event)


class CashDialog(CounterPaymentDialog):
    """Amount tendered -> change due, in large type; Enter pays (and prints), Enter again closes."""

    def __init__(self, summary: SaleSummary, pay: PayFn, parent: QWidget | None = None):
        super().__init__("Cash", summary, pay, parent)
        form = QGridLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(6)
        form.addWidget(label("Tendered", "fieldLabel"), 0, 0)
        self.tendered = QLineEdit()
        self.tendered.setMaximumWidth(280)
        self.tendered.setObjectName("TenderedField")
        self.tendered.setPlaceholderText(money(summary, summary.total))
        self.tendered.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.tendered.textChanged.connect(self._recompute)
        form.addWidget(self.tendered, 1, 0)
        quick = QHBoxLayout()
        quick.setSpacing(6)
        self.quick_buttons: list[QPushButton] = []
        for amount in [summary.total, *quick_tenders(summary.total, summary.currency or "")]:
            b = QPushButton(money(summary, amount) if amount != summary.total else "Exact")
            b.setObjectName("QuickTender")
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setToolTip(f"The customer hands over {money(summary, amount)}")
            b.clicked.connect(lambda _c=False, a=amount: self.tendered.setText(f"{a:.2f}"))
            quick.addWidget(b)
            self.quick_buttons.append(b)
        quick.addStretch(1)
        form.addLayout(quick, 2, 0)
        form.setColumnStretch(0, 1)
        self.body.addLayout(form)
        change_row = QFrame()
        change_row.setObjectName("ChangeRow")
        change_box = QHBoxLayout(change_row)
        change_box.setContentsMargins(16, 6, 16, 6)
        self.change_caption = label("Change due", object_name="ChangeCaption")
        change_box.addWidget(self.change_caption, 0, Qt.AlignmentFlag.AlignVCenter)
        change_box.addStretch(1)
        self.change = label(money(summary, Decimal("0.00")), object_name="ChangeDue")
        self.change.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        change_box.addWidget(self.change)
        self.body.addWidget(change_row)
        self.outcome = StatePanel(compact=True)
        self.outcome.hide()
        self.body.addWidget(self.outcome)
        self._add_buttons("Cancel", "Pay cash and print")
        self.initial_focus = self.tendered
        self._recompute()

    def amount(self) -> Decimal | None:
        text = self.tendered.text().strip()
        return self.summary.total if not text else parse_money(text)

    def _recompute(self) -> None:
        if self.complete:
            return
        amount = self.amount()
        short = amount is None or amount < self.summary.total
        if amount is None:
            self.change.setText("—")
            self.message.show_message("Type the amount the customer hands over, such as 5000.", "info")
        elif amount < self.summary.total:
            self.change.setText(money(self.summary, self.summary.total - amount))
            self.change_caption.setText("Still to pay")
            self.message.show_message(f"That is less than the total {money(self.summary, self.summary.total)}.", "info")
        else:
            self.change_caption.setText("Change due")
            self.change.setText(money(self.summary, amount - self.summary.total))
            self.message.clear_message()
        for widget in (self.change, self.change_caption, self.change.parentWidget()):
            if widget is not None and widget.property("short") != short:
                widget.setProperty("short", short)
                repolish(widget)
        self.pay_button.setEnabled(amount is not None and amount >= self.summary.total and not self.busy)

    def _set_enabled(self, enabled: bool) -> None:
        self.tendered.setEnabled(enabled)
        super()._set_enabled(enabled)

    def _start(self) -> None:
        amount = self.amount()
        if amount is None or amount < self.summary.total:
            return
        self._record("cash", tendered=amount)

    def _paid(self, order: OrderInfo) -> None:
        self.change_caption.setText("Give change")
        self.change.setText(money(self.summary, order.change if order.change is not None else Decimal("0.00")))
        self.tendered.setEnabled(False)
        self.outcome.show()
        self._show_paid(order, "Paid — give change", f"Cash · order {order.code}")


class CardDialog(CounterPaymentDialog):
    """The counter terminal takes the card; the cashier confirms its approval before the sale is recorded."""

    def __init__(self, summary: SaleSummary, pay: PayFn, parent: QWidget | None = None):
        super().__init__("Card on the terminal", summary, pay, parent)
        steps = label(
            f"1.  Enter {money(summary, summary.total)} on the card terminal.\n"
            "2.  The customer pays by card or phone.\n"
            "3.  When the terminal shows APPROVED, press Enter.",
            object_name="Steps",
            wrap=True,
        )
        self.body.addWidget(steps)
        self.outcome = StatePanel(compact=True)
        self.outcome.set_state("pending", "WAITING", "for the terminal's approval")
        self.body.addWidget(self.outcome)
        self._add_buttons("Not approved", "Approved — record the sale")
        self.initial_focus = self.pay_button

    def _start(self) -> None:
        self._record("card")

    def _paid(self, order: OrderInfo) -> None:
        self._show_paid(order, "Paid by card", f"Card · {money(self.summary, order.total)} · order {order.code}")


class PaymentWatcher(QObject):
    """The clock of one online payment: every few seconds (the next question only after the last one was
    answered) it asks ``poll(order_id)`` — the session, which asks the provider — until the order is no
    longer PENDING. The page hands the answers back (``answered``, ``poll_failed``)."""

    changed = Signal(object)  # OrderInfo, still pending
    finished = Signal(object, object)  # OrderInfo (PAID, CANCELLED, EXPIRED), tickets (PAID) or ()
    trouble = Signal(str)  # a poll failed (one line); polling goes on, more slowly

    def __init__(
        self,
        poll: Callable[[int], None],
        order: OrderInfo,
        parent: QObject | None = None,
        *,
        interval_ms: int | None = None,
    ):
        super().__init__(parent)
        self._poll = poll
        self.order = order
        self.interval_ms = interval_ms or POLL_MS
        self.polls = 0
        self._delay = self.interval_ms
        self._stopped = False
        self._asking = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll_now)

    def start(self) -> None:
        self._timer.start(self._delay)

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()

    @property
    def active(self) -> bool:
        return not self._stopped

    def poll_now(self) -> None:
        if self._stopped or self._asking:
            return
        self._timer.stop()
        self._asking = True
        self._poll(self.order.id)

    def answered(self, order: OrderInfo, tickets: Sequence[Ticket]) -> None:
        self._asking = False
        self.polls += 1
        self.order = order
        self._delay = self.interval_ms
        if self._stopped:
            return
        if order.status == "PENDING":
            self.changed.emit(order)
            self._timer.start(self._delay)
            return
        self._stopped = True
        self.finished.emit(order, tuple(tickets))

    def poll_failed(self, message: str) -> None:
        self._asking = False
        self.polls += 1
        if self._stopped:
            return
        self.trouble.emit(message)
        self._delay = min(POLL_MAX_MS, self._delay * 2)
        self._timer.start(self._delay)


def outcome_words(order: OrderInfo) -> str:
    if order.status == "EXPIRED":
        return "The payment window passed before the customer paid. The seats are back on sale."
    return "The payment was declined or cancelled. The seats are back on sale."


class OnlinePaymentDialog(PaymentDialog):
    """YooKassa (or the training provider): the order waits for the customer's payment; the link and its
    QR code are on screen; the page's watcher says how it ended."""

    QR_SIZE = 248

    def __init__(self, method: str, summary: SaleSummary, pay: PayFn, parent: QWidget | None = None):
        title = "YooKassa payment" if method == "yookassa" else "Training payment (mock provider)"
        super().__init__(title, summary, pay, parent)
        self.method = method
        self.watcher: PaymentWatcher | None = None
        self.outcome = StatePanel(compact=True)
        self.outcome.set_state("pending", "STARTING", "Creating the payment…")
        self.body.addWidget(self.outcome)
        row = QHBoxLayout()
        row.setSpacing(18)
        self.qr = QLabel()
        self.qr.setObjectName("PaymentQr")
        self.qr.setFixedSize(self.QR_SIZE, self.QR_SIZE)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.qr)
        side = QVBoxLayout()
        side.setSpacing(8)
        side.addWidget(label("Pay by phone", "subtitle"))
        side.addWidget(
            label(
                "The customer scans the code with the phone's camera, or you send the link "
                "(sale by telephone). The seats stay held while the customer pays.",
                "muted",
                wrap=True,
            )
        )
        self.link = QLineEdit()
        self.link.setObjectName("PaymentLink")
        self.link.setReadOnly(True)
        side.addWidget(self.link)
        self.copy_button = QPushButton("Copy link   Ctrl+C")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_link)
        side.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.waiting = label("", "small", wrap=True)
        side.addWidget(self.waiting)
        side.addStretch(1)
        row.addLayout(side, 1)
        self.pending_box = QWidget()
        self.pending_box.setLayout(row)
        self.pending_box.hide()
        self.body.addWidget(self.pending_box)
        self.close_button = self.button("Close (keep waiting)", "Esc", name="CancelButton")
        self.close_button.clicked.connect(self.reject)
        self.done_button = self.button("Done", "Enter", primary=True, name="PayButton")
        self.done_button.clicked.connect(self.accept)
        self.done_button.hide()
        copy = QShortcut(QKeySequence.StandardKey.Copy, self)
        copy.activated.connect(self.copy_link)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self.initial_focus = self.close_button

    def start(self) -> None:
        self.busy = True
        self.pay(self.method, confirmation="redirect", on_ok=self._created, on_fail=self._refused)

    def _refused(self, message: str) -> None:
        self.busy = False
        self.outcome.set_state("failed", "NOT STARTED", message)
        self.close_button.setText("Close   Esc")
        self.message.clear_message()

    def _created(self, order: OrderInfo) -> None:
        self.busy = False
        self.order = order
        if order.status == "PAID":
            self.show_paid(order, [])
            return
        if order.status != "PENDING":
            self.show_ended(order)
            return
        url = order.payment_url or ""
        self.link.setText(url)
        self.link.setCursorPosition(0)
        pixmap = qr_pixmap(url, self.QR_SIZE) if url else None
        if pixmap is not None and not pixmap.isNull():
            self.qr.setPixmap(pixmap)
        else:
            self.qr.setText("No link yet:\nthe provider has not answered.\nStill checking…")
        self.pending_box.show()
        self.fit_to_contents()
        self.outcome.set_state("pending", "WAITING", f"for the customer to pay {money(self.summary, order.total)}")
        self._tick()
        self._clock.start(1000)

    def attach(self, watcher: PaymentWatcher) -> None:
        self.watcher = watcher
        watcher.changed.connect(self._still_pending)
        watcher.finished.connect(self._finished)
        watcher.trouble.connect(lambda m: self.message.show_message(f"{m} Still checking…", "info"))

    def _still_pending(self, order: OrderInfo) -> None:
        self.order = order
        if not self.link.text() and order.payment_url:
            self._created(order)
        self._tick()

    def _finished(self, order: OrderInfo, tickets: Sequence[Ticket]) -> None:
        if order.status == "PAID":
            self.show_paid(order, tickets)
        else:
            self.show_ended(order)

    def _tick(self) -> None:
        order = self.order
        if order is None:
            return
        polls = self.watcher.polls if self.watcher is not None else 0
        left = ""
        if order.expires_at is not None:
            seconds = int((order.expires_at - datetime.now(order.expires_at.tzinfo)).total_seconds())
            if seconds > 0:
                left = f"  The link is valid for {seconds // 60}:{seconds % 60:02d} more."
        self.waiting.setText(
            f"Order {order.code}. Checking the payment every {POLL_MS / 1000:g} s ({polls} checks so far).{left}"
        )

    def copy_link(self) -> None:
        if self.link.text():
            QGuiApplication.clipboard().setText(self.link.text())
            self.message.show_message("Link copied.", "ok")

    def show_paid(self, order: OrderInfo, tickets: Sequence[Ticket]) -> None:
        self._clock.stop()
        self.complete = True
        self.order = order
        self.title.setText("Paid online")
        self.outcome.set_state("paid", "PAID", f"{money(self.summary, order.total)} · order {order.code}")
        self.pending_box.hide()
        self.close_button.hide()
        self._show_receipt_button()
        self.done_button.show()
        self.done_button.setFocus()
        self.fit_to_contents()
        self.saleDone.emit(order)

    def show_ended(self, order: OrderInfo) -> None:
        self._clock.stop()
        self.complete = True
        self.order = order
        self.title.setText("Not paid")
        self.outcome.set_state("failed", "NOT PAID", outcome_words(order))
        self.pending_box.hide()
        self.close_button.hide()
        self.done_button.show()
        self.done_button.setText("Close   Enter")
        self.done_button.setFocus()
        self.fit_to_contents()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.complete:
                self.accept()
            event.accept()
            return
        super().keyPressEvent(event)


class CustomerDialog(CounterDialog):
    """Find a customer by phone, e-mail or name, or enter a new one. ``chosen`` gives a dict
    {name, email, phone} (what the sale takes), or None to sell without a customer."""

    chosen = Signal(object)
    SEARCH_DELAY_MS = 250

    def __init__(self, bo: BoxOffice, current: Mapping[str, str] | None = None, parent: QWidget | None = None):
        super().__init__("Customer", parent, subtitle="Optional: a quick sale needs no customer.")
        self.setMinimumWidth(560)
        self.bo = bo
        self.search = QLineEdit()
        self.search.setObjectName("CustomerSearch")
        self.search.setPlaceholderText("Phone, e-mail or name…")
        self.search.setClearButtonEnabled(True)
        self.body.addWidget(self.search)
        self.results = QListWidget()
        self.results.setObjectName("CustomerResults")
        self.results.setMinimumHeight(150)
        self.results.itemActivated.connect(lambda _i: self.use_selected())
        self.body.addWidget(self.results)
        self.body.addWidget(label("New customer", "fieldLabel"))
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        self.name = QLineEdit()
        self.name.setObjectName("CustomerName")
        self.email = QLineEdit()
        self.email.setObjectName("CustomerEmail")
        self.email.setPlaceholderText("for the receipt of an online payment")
        self.phone = QLineEdit()
        self.phone.setObjectName("CustomerPhone")
        form.addRow("Name", self.name)
        form.addRow("E-mail", self.email)
        form.addRow("Phone", self.phone)
        self.body.addLayout(form)
        if current:
            self.name.setText(current.get("name", "") or "")
            self.email.setText(current.get("email", "") or "")
            self.phone.setText(current.get("phone", "") or "")
        self.none_button = self.button("No customer", "Ctrl+Del", name="NoCustomerButton")
        self.none_button.clicked.connect(self.use_none)
        self.cancel_button = self.button("Cancel", "Esc")
        self.cancel_button.clicked.connect(self.reject)
        self.use_button = self.button("Use customer", "Enter", primary=True, name="UseCustomerButton")
        self.use_button.clicked.connect(self.use_selected)
        QShortcut(QKeySequence("Ctrl+Del"), self).activated.connect(self.use_none)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start(self.SEARCH_DELAY_MS))
        self._asked = ""
        self.initial_focus = self.search

    def run_search(self) -> None:
        query = self.search.text().strip()
        self._asked = query
        if not query:
            self.results.clear()
            return
        bo = self.bo

        def done(found: list[CustomerInfo]) -> None:
            if query != self._asked:
                return  # a later search is on its way
            self.results.clear()
            for c in found:
                words = " · ".join(x for x in (c.name, c.email, c.phone) if x)
                item = QListWidgetItem(words)
                item.setData(Qt.ItemDataRole.UserRole, {"name": c.name, "email": c.email, "phone": c.phone})
                self.results.addItem(item)
            if found:
                self.results.setCurrentRow(0)
                self.message.clear_message()
            else:
                self.message.show_message("Nobody found; enter a new customer below.", "info")

        run_job(
            lambda: bo.customers(query),
            on_success=done,
            on_failure=lambda _e, m: self.message.show_message(m, "error"),
            parent=self,
            name="sales.customers",
        )

    def new_customer(self) -> dict[str, str] | None:
        data = {
            "name": self.name.text().strip(),
            "email": self.email.text().strip(),
            "phone": self.phone.text().strip(),
        }
        return data if any(data.values()) else None

    def use_selected(self) -> None:
        item = self.results.currentItem()
        typed = self.new_customer()
        typing = any(w.hasFocus() for w in (self.name, self.email, self.phone))
        if typed is not None and (item is None or typing):
            if typed["email"] and "@" not in typed["email"]:
                self.message.show_message(f"{typed['email']!r} is not an e-mail address.", "error")
                return
            self.chosen.emit(typed)
            self.accept()
            return
        if item is not None:
            self.chosen.emit(dict(item.data(Qt.ItemDataRole.UserRole)))
            self.accept()
            return
        if typed is not None:
            self.chosen.emit(typed)
            self.accept()
            return
        self.message.show_message("Search for a customer or enter a new one (or choose No customer).", "info")

    def use_none(self) -> None:
        self.chosen.emit(None)
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.search.hasFocus() and self.results.count():
            row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.results.setCurrentRow(max(0, min(self.results.count() - 1, row)))
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.search.hasFocus() and self._timer.isActive():
                self._timer.stop()
                self.run_search()
                event.accept()
                return
            self.use_selected()
            event.accept()
            return
        super().keyPressEvent(event)


class ConfirmDialog(CounterDialog):
    """A question the cashier must answer on purpose: the safe answer is the default."""

    def __init__(self, title: str, text: str, yes: str, no: str = "Go back", parent: QWidget | None = None):
        super().__init__(title, parent)
        self.body.addWidget(label(text, wrap=True))
        self.no_button = self.button(no, "Esc", primary=True, name="NoButton")
        self.no_button.clicked.connect(self.reject)
        self.yes_button = self.button(yes, "Alt+Y", name="YesButton")
        self.yes_button.clicked.connect(self.accept)
        QShortcut(QKeySequence("Alt+Y"), self).activated.connect(self.accept)
        self.initial_focus = self.no_button
