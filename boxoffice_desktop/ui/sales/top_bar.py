"""The counter's top bar: the cash shift, the find/scan field, the printers and the list of keys."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu, QPushButton, QWidget

from boxoffice_desktop.ui.kit.keys import tip
from boxoffice_desktop.ui.sales.find import ScanField
from boxoffice_desktop.ui.shift import ShiftBar


class TopBar(QFrame):
    printerAsked = Signal(str)  # tickets | receipts
    savePdfAsked = Signal()

    def __init__(self, shift_bar: ShiftBar, show_keys: Callable[[], object], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SalesTopBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.setSpacing(10)
        self.shift_bar = shift_bar
        row.addWidget(shift_bar)
        row.addStretch(1)
        self.scan_field = ScanField()
        self.scan_field.setMinimumWidth(340)
        tip(self.scan_field, "Find an order by its code, or scan a ticket to check it", "Ctrl+F")
        row.addWidget(self.scan_field)
        self.printers_button = QPushButton("Printers")
        self.printers_button.setObjectName("PrintersButton")
        menu = QMenu(self.printers_button)
        menu.addAction("Ticket printer…", lambda: self.printerAsked.emit("tickets"))
        menu.addAction("Receipt printer…", lambda: self.printerAsked.emit("receipts"))
        menu.addSeparator()
        menu.addAction("Save the last tickets as PDF…", self.savePdfAsked.emit)
        self.printers_button.setMenu(menu)
        self.keys_button = QPushButton("Keys")
        self.keys_button.setObjectName("KeysButton")
        self.keys_button.clicked.connect(lambda: show_keys())
        for b in (self.printers_button, self.keys_button):
            b.setProperty("flat", True)
            b.setAutoDefault(True)
            row.addWidget(b)

    def focus_scan(self) -> None:
        self.scan_field.setFocus()
        self.scan_field.selectAll()
