"""What the counter prints: an order's tickets (one job), its cash receipt, the shift's reports; the printers
chosen once through the system's dialog; the last sale's tickets saved as PDF."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from boxoffice_desktop.counter.seats import plural
from boxoffice_desktop.counter.session import CounterSession
from boxoffice_desktop.services.orders import OrderInfo
from boxoffice_desktop.services.tickets import Ticket
from boxoffice_desktop.ui.printing.documents import ReceiptData, receipt_html
from boxoffice_desktop.ui.printing.service import PrintService

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice

Done = Callable[[str, bool], None]  # (one line for the cashier, ok)


class SalePrinter:
    """``service`` does the printing; ``say(text, kind)`` is the counter's message line."""

    def __init__(
        self, service: PrintService, session: CounterSession, say: Callable[[str, str], None], parent: QWidget
    ):
        self.service = service
        self.session = session
        self._say = say
        self._parent = parent

    @property
    def bo(self) -> BoxOffice:
        return self.session.bo

    def tickets(self, tickets: Sequence[Ticket], done: Done) -> None:
        self.service.print_tickets(list(tickets), self.session.currency, done)

    def choose(self, kind: str) -> None:
        """Ask the system's print dialog for the ticket or receipt printer (remembered for the session)."""
        what = "Ticket" if kind == "tickets" else "Receipt"

        def chosen(printer: QPrinter) -> None:
            name = printer.printerName() or printer.outputFileName() or "chosen"
            self._say(f"{what} printer: {name}.", "ok")

        self.service.choose(kind, chosen)

    def save_tickets_pdf(self, tickets: Sequence[Ticket] | None = None, path: str | None = None) -> str | None:
        shown = list(tickets if tickets is not None else self.session.last_tickets)
        if not shown:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self._parent, "Save the tickets", f"tickets-{shown[0].order_code}.pdf", "PDF (*.pdf)"
            )
        if not path:
            return None
        pages = self.service.save_tickets_pdf(shown, self.session.currency, path)
        self._say(f"Saved {plural(pages, 'page')} to {path}.", "ok")
        return path

    def receipt_data(self, order: OrderInfo, tickets: Sequence[Ticket] = ()) -> ReceiptData:
        first = tickets[0] if tickets else None
        ev = self.session.event
        name = first.event_name if first is not None else (ev.name if ev is not None else "")
        starts = first.starts_at if first is not None else (ev.starts_at if ev is not None else None)
        return ReceiptData(
            organisation=self.bo.tenant.display_name,
            order=order,
            event_name=name,
            starts_at=starts,
            currency=self.session.currency or "",
            station=self.bo.station,
            cashier=self.bo.actor.shown_name,
            footer=self.bo.tenant.brand("ticket_footer") or "",
        )

    def receipt(self, order: OrderInfo, done: Done, tickets: Sequence[Ticket] = ()) -> None:
        html = receipt_html(self.receipt_data(order, tickets or self.session.last_tickets))
        self.service.print_html(html, "receipts", done, what="Receipt")

    def report(self, html: str, done: Done) -> None:
        self.service.print_html(html, "receipts", done, what="Report")

    def save_report_pdf(self, html: str, path: str) -> None:
        self.service.save_html_pdf(html, path)
