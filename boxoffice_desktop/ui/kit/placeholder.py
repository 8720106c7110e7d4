"""The page of an area that later work fills: says so plainly, with what it will hold."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from boxoffice_desktop.ui.kit.area_page import AreaPage
from boxoffice_desktop.ui.kit.labels import label


class PlaceholderPage(AreaPage):
    def __init__(self, title: str, lead: str, points: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Placeholder")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("Card")
        card.setMaximumWidth(620)
        box = QVBoxLayout(card)
        box.setContentsMargins(32, 28, 32, 28)
        box.setSpacing(10)
        box.addWidget(label(title, "title"))
        tag = label("Not available in this version yet", "sectionLabel")
        box.addWidget(tag)
        box.addSpacing(4)
        box.addWidget(label(lead, "muted", wrap=True))
        if points:
            box.addSpacing(4)
            box.addWidget(label("What it will do", "fieldLabel"))
            for point in points:
                box.addWidget(label(f"•  {point}", wrap=True))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
