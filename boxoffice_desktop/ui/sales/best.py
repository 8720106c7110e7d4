"""Best available: how many seats, of which category, with a wheelchair place; Find (F5) and Next best
(F6). The panel only asks (``findAsked``); the session looks, holds, and says what it found."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.ui.money import format_money
from boxoffice_desktop.ui.sales.cart import section


class QuantityBox(QSpinBox):
    """Enter runs the search (and stops there, not at the cash key)."""

    def __init__(self, submit: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self._submit = submit

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
            event.accept()
            return
        super().keyPressEvent(event)


class BestAvailablePanel(QWidget):
    findAsked = Signal(bool)  # next best: give the offer back first

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(8)
        col.addLayout(section("Best available"))
        first = QHBoxLayout()
        first.setSpacing(6)
        self.quantity = QuantityBox(lambda: self.findAsked.emit(False))
        self.quantity.setObjectName("BestQuantity")
        self.quantity.setRange(1, 20)
        self.quantity.setValue(2)
        self.quantity.setSuffix(" seats")
        self.quantity.setMinimumWidth(92)
        first.addWidget(self.quantity)
        self.category = QComboBox()
        self.category.setObjectName("BestCategory")
        self.category.addItem("Any category", None)
        self.category.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        first.addWidget(self.category, 1)
        col.addLayout(first)
        second = QHBoxLayout()
        second.setSpacing(6)
        self.wheelchair = QCheckBox("Wheelchair place")
        self.wheelchair.setObjectName("BestWheelchair")
        second.addWidget(self.wheelchair)
        second.addStretch(1)
        self.find_button = QPushButton("Find   F5")
        self.find_button.setObjectName("BestButton")
        self.find_button.clicked.connect(lambda: self.findAsked.emit(False))
        self.next_button = QPushButton("Next best   F6")
        self.next_button.setObjectName("NextBestButton")
        self.next_button.clicked.connect(lambda: self.findAsked.emit(True))
        self.next_button.setEnabled(False)
        for b in (self.find_button, self.next_button):
            b.setAutoDefault(True)
            second.addWidget(b)
        col.addLayout(second)

    def asked(self) -> tuple[int, str | None, bool]:
        """(how many, the category or None, a wheelchair place)."""
        data = self.category.currentData()
        return self.quantity.value(), data if isinstance(data, str) else None, self.wheelchair.isChecked()

    def show_categories(
        self, categories: Sequence[str], full_price: Callable[[str], Decimal | None], currency: str | None
    ) -> None:
        current = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem("Any category", None)
        for cat in categories:
            self.category.addItem(f"{cat}  ·  {format_money(full_price(cat), currency)}", cat)
        self.category.setCurrentIndex(max(0, self.category.findData(current)))
        self.category.blockSignals(False)

    def show_state(self, finding: bool, has_offer: bool) -> None:
        self.find_button.setEnabled(not finding)
        self.next_button.setEnabled(not finding and has_offer)

    def focus_quantity(self) -> None:
        self.quantity.setFocus()
        self.quantity.selectAll()
