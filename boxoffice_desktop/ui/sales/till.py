"""The till: from a checkout the session approved to the sale shown. It opens the payment dialog (or, for
Enter, records cash exact at once), hands the dialog's request to the session (``pay``) and the session's
answer back to the dialog, says what was paid, prints the tickets, and keeps the clocks of the online
payments this station waits for (``PaymentWatcher``). It also keeps the one dialog that is up (any of the
counter's: tests and the cashier reach the very one on screen)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from boxoffice_desktop.counter.cart import SaleSummary
from boxoffice_desktop.counter.session import CounterSession
from boxoffice_desktop.counter.updates import (
    CheckoutApproved,
    CompanionsToConfirm,
    PaymentPending,
    PaymentPolled,
    PaymentPollFailed,
    SaleFailed,
    SaleRecorded,
    Update,
)
from boxoffice_desktop.services.orders import OrderInfo
from boxoffice_desktop.services.tickets import Ticket
from boxoffice_desktop.ui.money import format_money
from boxoffice_desktop.ui.printing.documents import method_words
from boxoffice_desktop.ui.sales.checkout import (
    FAIL,
    OK,
    CardDialog,
    CashDialog,
    ConfirmDialog,
    OnlinePaymentDialog,
    PaymentDialog,
    PaymentWatcher,
)
from boxoffice_desktop.ui.sales.printer import SalePrinter
from boxoffice_desktop.ui.shift import ShiftBar


class Till(QObject):
    """``say(text, kind)``: the counter's message line; ``print_tickets()``: whether tickets print after a
    sale; ``after(idle)``: a sale ended (True: back to an idle screen) or a dialog was left without one."""

    def __init__(
        self,
        session: CounterSession,
        printer: SalePrinter,
        shift_bar: ShiftBar,
        say: Callable[[str, str], None],
        print_tickets: Callable[[], bool],
        after: Callable[[bool], None],
        parent: QWidget,
    ):
        super().__init__(parent)
        self.session = session
        self.printer = printer
        self.shift_bar = shift_bar
        self._say = say
        self._print_tickets = print_tickets
        self._after = after
        self._parent = parent
        self.dialog: QDialog | None = None
        self.watchers: dict[int, PaymentWatcher] = {}
        self._sale: tuple[OK | None, FAIL | None] = (None, None)  # the open sale's answers
        session.subscribe(self._update)

    def open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def stop(self) -> None:
        for watcher in self.watchers.values():
            watcher.stop()

    def _update(self, update: Update) -> None:
        match update:
            case CompanionsToConfirm():
                self._confirm_companions(update)
            case CheckoutApproved(kind=kind, summary=summary):
                self._checkout(kind, summary)
            case SaleRecorded(order=order, tickets=tickets):
                on_ok, self._sale = self._sale[0], (None, None)
                if on_ok is not None:
                    on_ok(order)  # the dialog shows the outcome first; what printing says goes under it
                if order.status == "PAID":
                    self._paid(order, tickets)
            case SaleFailed(message=message):
                on_fail, self._sale = self._sale[1], (None, None)
                if on_fail is not None:
                    on_fail(message)
            case PaymentPending(order=order):
                self._watch(order)
            case PaymentPolled(order=order, tickets=tickets):
                watcher = self.watchers.get(order.id)
                if order.status != "PENDING":
                    self._online_finished(order, tickets)
                if watcher is not None:
                    watcher.answered(order, tickets)  # the dialog (if it is up) says how it ended
            case PaymentPollFailed(order_id=order_id, message=message):
                watcher = self.watchers.get(order_id)
                if watcher is not None:
                    watcher.poll_failed(message)

    # checkout -----------------------------------------------------------------------------------------
    def _confirm_companions(self, ask: CompanionsToConfirm) -> None:
        dialog = ConfirmDialog(
            "Companion seat without its wheelchair place",
            f"{ask.words}: a companion seat, sold with its wheelchair place. The wheelchair place is not in this "
            "sale. Sell the companion seat on its own?",
            "Sell it on its own",
            parent=self._parent,
        )

        def yes() -> None:
            self.session.confirm_companions(ask.seat_ids)
            self.session.checkout(ask.kind)

        dialog.accepted.connect(yes)
        self.open(dialog)

    def _checkout(self, kind: str, summary: SaleSummary) -> None:
        if kind == "cash_exact":
            self.pay(
                "cash",
                tendered=summary.total,
                on_ok=lambda _order: self._after(True),
                on_fail=lambda m: self._say(m, "error"),
            )
            return
        dialog: PaymentDialog
        if kind == "cash":
            dialog = CashDialog(summary, self.pay, self._parent)
        elif kind == "card":
            dialog = CardDialog(summary, self.pay, self._parent)
        else:
            dialog = OnlinePaymentDialog(kind, summary, self.pay, self._parent)
        dialog.receipt = self.printer.receipt
        dialog.finished.connect(lambda _r, d=dialog: self._closed(d))
        self.open(dialog)
        if isinstance(dialog, OnlinePaymentDialog):
            dialog.start()

    def pay(
        self,
        method: str,
        *,
        tendered: Decimal | None = None,
        confirmation: str = "redirect",
        on_ok: OK | None = None,
        on_fail: FAIL | None = None,
    ) -> None:
        """Have the session record the sale of the cart; ``on_ok(order)`` or ``on_fail(line)`` answers."""
        self._sale = (on_ok, on_fail)
        why = self.session.pay(method, tendered=tendered, confirmation=confirmation)
        if why is not None:
            self._sale = (None, None)
            if on_fail is not None:
                on_fail(why)

    def _closed(self, dialog: PaymentDialog) -> None:
        self._after((dialog.complete and dialog.order is not None) or not self.session.cart_ids())

    def _paid(self, order: OrderInfo, tickets: Sequence[Ticket]) -> None:
        self.shift_bar.refresh()
        currency = self.session.currency
        words = f"Paid {format_money(order.total, currency)} · {method_words(order.payment_method)}"
        if order.change:
            words += f" · change {format_money(order.change, currency)}"
        words += f" · order {order.code}."
        self._say(words, "ok")
        if self._print_tickets() and tickets:
            self.printer.tickets(tickets, lambda text, ok: self._printed(words, text, ok))
        elif self._print_tickets():
            self._say(f"{words} The tickets could not be read: print them from Find (Ctrl+F).", "error")

    def _printed(self, sale: str, text: str, ok: bool) -> None:
        self._say(f"{sale} {text}", "ok" if ok else "error")
        dialog = self.dialog
        if isinstance(dialog, PaymentDialog) and dialog.complete:
            dialog.print_note(text, ok)

    # online payments ----------------------------------------------------------------------------------
    def _watch(self, order: OrderInfo) -> None:
        if order.id in self.watchers:
            return
        watcher = PaymentWatcher(self.session.poll_payment, order, self)
        self.watchers[order.id] = watcher
        dialog = self.dialog
        if isinstance(dialog, OnlinePaymentDialog) and not dialog.complete:
            dialog.attach(watcher)
        watcher.start()

    def _online_finished(self, order: OrderInfo, tickets: Sequence[Ticket]) -> None:
        watcher = self.watchers.pop(order.id, None)
        if watcher is not None:
            watcher.deleteLater()
        if order.status == "PAID":
            self.shift_bar.refresh()
            words = f"Order {order.code} paid online ({format_money(order.total, self.session.currency)})."
            self._say(words, "ok")
            if self._print_tickets() and tickets:
                self.printer.tickets(tickets, lambda text, ok: self._printed(words, text, ok))
