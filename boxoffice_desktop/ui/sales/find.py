"""Find and scan: the field in the top bar takes an order code or a scanned ticket code (a scanner types it
and presses Enter; ``counter.find.lookup`` is the job behind it). A ticket check shows a large green
(valid), grey (void: reprinted, refunded) or red (invalid) state; the order opens under it, with reprints
(a new code; the old one no longer admits) and the receipt."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from boxoffice_desktop.counter.find import ScanResult, status_words
from boxoffice_desktop.services.orders import OrderInfo
from boxoffice_desktop.services.tickets import Ticket
from boxoffice_desktop.ui.kit.dialogs import CounterDialog, StatePanel
from boxoffice_desktop.ui.kit.labels import label
from boxoffice_desktop.ui.money import format_money
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.printing.documents import method_words, when_words

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice

PrintDone = Callable[[str, bool], None]


class ScanField(QLineEdit):
    """Enter with text submits it (and is not passed on); Enter in an empty field goes on to the screen
    (the cash key). Esc clears."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ScanField")
        self.setPlaceholderText("Find order or scan ticket…")
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            self.submitted.emit(self.text().strip())
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class ScanResultDialog(CounterDialog):
    """The large state of a scanned ticket (or the order found), the order's lines, reprint and receipt."""


    def __init__(
        self,
        bo: BoxOffice,
        result: ScanResult,
        currency: str | None,
        print_tickets: Callable[[Sequence[Ticket], PrintDone], None],
        print_receipt: Callable[[OrderInfo, PrintDone], None],
        parent: QWidget | None = None,
        save_pdf: Callable[[Sequence[Ticket], str], int] | None = None,
    ):
        super().__init__("Ticket check" if result.check is not None else "Order", parent)
        self.setMinimumWidth(720)
        self.bo = bo
        self.scan = result  # (not ``result``: that is QDialog's own)
        self.currency = currency
        self._print_tickets = print_tickets
        self._print_receipt = print_receipt
        self._save_pdf = save_pdf or (lambda tickets, path: 0)
        self.tickets = list(result.tickets)
        self.state = StatePanel()
        self.body.addWidget(self.state)
        self._show_state()
        order = result.order
        self.table: QTableWidget | None = None
        if order is not None:
            head = f"Order {order.code}  ·  {status_words(order.status)}"
            self.body.addWidget(label(head, "subtitle"))
            first = self.tickets[0] if self.tickets else None
            if first is not None:
                self.body.addWidget(
                    label(f"{first.event_name}  ·  {when_words(first.starts_at)}  ·  {first.venue}", "muted")
                )
            meta = f"{method_words(order.payment_method)}  ·  total {format_money(order.total, currency)}"
            if order.created_at is not None:
                meta += f"  ·  {when_words(order.created_at)}"
            self.body.addWidget(label(meta, "small"))
            self.table = QTableWidget(0, 4)
            self.table.setObjectName("OrderItems")
            self.table.setHorizontalHeaderLabels(["Seat", "Type", "Price", "Ticket"])
            self.table.verticalHeader().hide()
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for c in (1, 2, 3):
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
            for item in order.items:
                r = self.table.rowCount()
                self.table.insertRow(r)
                cells = [item.label, item.price_type.capitalize(), format_money(item.price, currency), item.state]
                for c, text in enumerate(cells):
                    cell = QTableWidgetItem(text)
                    cell.setData(Qt.ItemDataRole.UserRole, item.id)
                    if c == 2:
                        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(r, c, cell)
                if item.id == result.item_id:
                    self.table.selectRow(r)
            if self.table.currentRow() < 0 and self.table.rowCount():
                self.table.selectRow(0)
            self.table.verticalHeader().setDefaultSectionSize(30)
            self.table.setFixedHeight(min(270, 36 + 30 * max(1, self.table.rowCount())))
            self.body.addWidget(self.table)
        self.close_button = self.button("Close", "Esc", name="CloseButton")
        self.close_button.clicked.connect(self.reject)
        self.receipt_button = self.button("Receipt", "Ctrl+R", name="ReceiptButton")
        self.receipt_button.clicked.connect(self.receipt)
        self.print_button = self.button("Print all", "Ctrl+P", name="PrintTicketsButton")
        self.print_button.clicked.connect(self.print_all)
        self.pdf_button = self.button("PDF…", "Ctrl+S", name="SavePdfButton")
        self.pdf_button.setToolTip("Save the order's tickets as a PDF file  (Ctrl+S)")
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.reprint_button = self.button("Reprint", "Ctrl+Shift+P", name="ReprintButton")
        self.reprint_button.setToolTip(
            "A new ticket for the selected seat: its old ticket no longer admits  (Ctrl+Shift+P)"
        )
        self.reprint_button.clicked.connect(self.reprint)
        sellable = order is not None and bool(self.tickets)
        for b in (self.receipt_button, self.print_button, self.pdf_button, self.reprint_button):
            b.setEnabled(sellable)
            b.setVisible(order is not None)
        QShortcut(QKeySequence("Ctrl+R"), self).activated.connect(self.receipt)
        QShortcut(QKeySequence("Ctrl+P"), self).activated.connect(self.print_all)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self).activated.connect(self.reprint)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(lambda: self.save_pdf())
        self.close_button.setDefault(True)
        self.initial_focus = self.close_button

    def _show_state(self) -> None:
        r = self.scan
        if r.check is not None:
            word = {"valid": "VALID", "void": "VOID", "invalid": "INVALID"}.get(r.check.status, r.check.status.upper())
            self.state.set_state(r.check.status, word, r.check.message or "")
        elif r.order is not None:
            o = r.order
            state = "info" if o.status == "PAID" else ("pending" if o.status == "PENDING" else "void")
            self.state.set_state(state, f"ORDER {o.code}", status_words(o.status))
        else:
            self.state.set_state("invalid", "NOT FOUND", r.error or f"Nothing matches {r.code!r}.")

    def selected_item(self) -> int | None:
        if self.table is None or self.table.currentRow() < 0:
            return self.scan.item_id
        cell = self.table.item(self.table.currentRow(), 0)
        return int(cell.data(Qt.ItemDataRole.UserRole)) if cell is not None else None

    def print_all(self) -> None:
        if self.tickets:
            self._print_tickets(self.tickets, lambda m, ok: self.message.show_message(m, "ok" if ok else "error"))

    def save_pdf(self, path: str | None = None) -> str | None:
        if not self.tickets:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save the tickets", f"tickets-{self.tickets[0].order_code}.pdf", "PDF (*.pdf)"
            )
        if not path:
            return None
        try:
            pages = self._save_pdf(self.tickets, path)
        except Exception as exc:  # a file that cannot be written is one line
            self.message.show_message(f"Cannot save the tickets: {exc}", "error")
            return None
        self.message.show_message(f"Saved {pages} page{'s' if pages != 1 else ''} to {path}.", "ok")
        return path

    def receipt(self) -> None:
        if self.scan.order is not None and self.tickets:
            self._print_receipt(self.scan.order, lambda m, ok: self.message.show_message(m, "ok" if ok else "error"))

    def reprint(self) -> None:
        item_id = self.selected_item()
        if item_id is None or not self.tickets:
            return
        bo = self.bo
        self.reprint_button.setEnabled(False)
        self.message.show_message("Making a new ticket…", "info")

        def done(ticket: Ticket) -> None:
            self.reprint_button.setEnabled(True)
            self.tickets = [ticket if t.item_id == ticket.item_id else t for t in self.tickets]

            def printed(text: str, ok: bool) -> None:
                words = f"New ticket for {ticket.label}: the old ticket no longer admits."
                self.message.show_message(f"{words} {text}", "ok" if ok else "error")

            self._print_tickets([ticket], printed)

        def failed(_exc: BaseException, message: str) -> None:
            self.reprint_button.setEnabled(True)
            self.message.show_message(message, "error")

        run_job(
            lambda: bo.reissue_ticket(item_id), on_success=done, on_failure=failed, parent=self, name="sales.reprint"
        )
