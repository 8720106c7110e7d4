"""Where this station prints. Tickets and receipts may go to different printers: each is chosen once through
the system's print dialog and then used without asking again (a cash sale stays one key press); "Choose
printers…" asks again. A whole order is one job. Printing itself happens on the UI thread: it is local
painting and spooling, no database or network call of ours.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from boxoffice_desktop.ui.printing.documents import print_html
from boxoffice_desktop.ui.printing.tickets import PrintError, pdf_printer, print_tickets

log = logging.getLogger(__name__)

Done = Callable[[str, bool], None]  # (one line for the cashier, ok)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class PrintService(QObject):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._widget = parent
        self.ticket_printer: QPrinter | None = None
        self.receipt_printer: QPrinter | None = None
        self.dialog: QPrintDialog | None = None
        self.jobs = 0  # print jobs sent (tests and diagnostics)

    # choosing ---------------------------------------------------------------------------------------
    def choose(
        self,
        kind: str,
        then: Callable[[QPrinter], None] | None = None,
        cancelled: Callable[[], None] | None = None,
    ) -> None:
        """Ask the system's print dialog for the ``kind`` ("tickets" or "receipts") printer."""
        current = self.ticket_printer if kind == "tickets" else self.receipt_printer
        printer = current if current is not None else QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self._widget)
        dialog.setWindowTitle("Printer for tickets" if kind == "tickets" else "Printer for receipts")
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
        self.dialog = dialog

        def accepted() -> None:
            if kind == "tickets":
                self.ticket_printer = printer
            else:
                self.receipt_printer = printer
            self.dialog = None
            if then is not None:
                then(printer)

        def rejected() -> None:
            self.dialog = None
            if cancelled is not None:
                cancelled()

        dialog.accepted.connect(accepted)
        dialog.rejected.connect(rejected)
        QDialog.open(dialog)  # window-modal, not blocking (QPrintDialog.open() wants a receiver)

    # printing ---------------------------------------------------------------------------------------
    def print_tickets(self, tickets: Sequence[Any], currency: str | None, done: Done) -> None:
        """All of ``tickets`` as ONE job on the ticket printer (asking for it the first time)."""
        if not tickets:
            done("No tickets to print.", False)
            return

        def run(printer: QPrinter) -> None:
            try:
                print_tickets(printer, tickets, currency)
            except PrintError as exc:
                if printer is self.ticket_printer:
                    self.ticket_printer = None  # the next print asks again
                done(f"{exc} Print again from Find (Ctrl+F); the printer will be asked for.", False)
                return
            except Exception as exc:  # a printer driver's failure is one line, never a traceback
                log.exception("printing tickets failed")
                done(f"Printing failed: {exc}", False)
                return
            self.jobs += 1
            done(f"{plural(len(tickets), 'ticket')} sent to the printer.", True)

        if self.ticket_printer is None:
            self.choose("tickets", run, lambda: done("Tickets not printed (no printer chosen).", False))
        else:
            run(self.ticket_printer)

    def save_tickets_pdf(self, tickets: Sequence[Any], currency: str | None, path: str) -> int:
        pages = print_tickets(pdf_printer(path), tickets, currency)
        self.jobs += 1
        return pages

    def print_html(self, html: str, kind: str, done: Done, *, what: str = "Receipt") -> None:
        def run(printer: QPrinter) -> None:
            try:
                print_html(printer, html, receipt=kind == "receipts")
            except PrintError as exc:
                done(str(exc), False)
                return
            except Exception as exc:
                log.exception("printing failed")
                done(f"Printing failed: {exc}", False)
                return
            self.jobs += 1
            done(f"{what} sent to the printer.", True)

        printer = self.ticket_printer if kind == "tickets" else self.receipt_printer
        if printer is None:
            self.choose(kind, run, lambda: done(f"{what} not printed (no printer chosen).", False))
        else:
            run(printer)

    def save_html_pdf(self, html: str, path: str, *, receipt: bool = False) -> None:
        print_html(pdf_printer(path, ticket_pages=False), html, receipt=receipt)
        self.jobs += 1
