"""The bar under the counter: the total in large type, one button per way to pay, and whether tickets print.
``payAsked(kind)``: cash_exact, cash, card, yookassa or mock."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from boxoffice_desktop.counter.cart import type_words
from boxoffice_desktop.counter.seats import plural
from boxoffice_desktop.ui.kit.keys import tip
from boxoffice_desktop.ui.kit.labels import label
from boxoffice_desktop.ui.money import format_money

EXACT_TIP = "Cash, exact amount, print tickets"


class PayBar(QFrame):
    payAsked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("BottomBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 10, 14, 10)
        row.setSpacing(8)
        words = QVBoxLayout()
        words.setSpacing(0)
        self.caption = label("TOTAL", object_name="TotalCaption")
        words.addWidget(self.caption)
        self.total_label = label("0.00", object_name="TotalLabel")
        words.addWidget(self.total_label)
        row.addLayout(words)
        row.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for kind, text, name in (
            ("cash_exact", "Cash, exact   ⏎", "CashExactButton"),
            ("cash", "Cash…   F8", "CashButton"),
            ("card", "Card   F9", "CardButton"),
            ("yookassa", "YooKassa   F10", "YooKassaButton"),
            ("mock", "Training   ⇧F10", "MockButton"),
        ):
            b = QPushButton(text)
            b.setObjectName(name)
            b.setAutoDefault(True)
            b.setMinimumHeight(44)
            b.clicked.connect(lambda _c=False, k=kind: self.payAsked.emit(k))
            row.addWidget(b)
            self.buttons[kind] = b
        self.buttons["cash_exact"].setProperty("primary", True)
        tip(self.buttons["cash_exact"], EXACT_TIP, "Enter")
        row.addSpacing(8)
        self.print_check = QCheckBox("Print tickets")
        self.print_check.setObjectName("PrintTickets")
        self.print_check.setChecked(True)
        row.addWidget(self.print_check)

    def show_total(
        self, total: Decimal, currency: str | None, tickets: int, counts: Mapping[str, int], types: Sequence[str]
    ) -> None:
        self.total_label.setText(format_money(total, currency))
        self.caption.setText(f"TOTAL  ·  {plural(tickets, 'TICKET').upper()}" if tickets else "TOTAL")
        self.total_label.setToolTip(
            "  ·  ".join(f"{counts[t]} × {type_words(t).lower()}" for t in types if counts.get(t))
        )

    def show_ready(self, ready: bool, shift_closed: bool) -> None:
        for b in self.buttons.values():
            b.setEnabled(ready)
        if shift_closed:
            tip(self.buttons["cash_exact"], "Cash, exact amount: open a cash shift first (Ctrl+Shift+O)", "Enter")
        else:
            tip(self.buttons["cash_exact"], EXACT_TIP, "Enter")

    def show_training(self, allowed: bool) -> None:
        """The server refuses training (mock) sales where they are off: no button that cannot work."""
        self.buttons["mock"].setVisible(allowed)

    @property
    def print_tickets(self) -> bool:
        return self.print_check.isChecked()
