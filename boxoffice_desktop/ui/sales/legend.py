"""The seatmap's short legend: free seats by category (colour and full price), then the other states and the
accessibility marks, drawn with the very symbols the map paints (the editor's ``paint_symbol``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from boxoffice_desktop.ui.money import format_money
from editor._qt import look as L

STATES: tuple[tuple[str, str, dict[str, bool]], ...] = (
    (L.MINE, "In my cart", {}),
    (L.HELD, "Held at another station", {}),
    (L.SOLD, "Sold", {}),
    (L.BLOCKED, "Blocked", {}),
    (L.HOUSE, "Box office only", {}),
    (L.FREE, "Wheelchair", {"wheelchair": True}),
    (L.FREE, "Companion", {"companion": True}),
)


class SeatLegend(QWidget):
    """Wraps onto further lines when narrow (``heightForWidth``)."""

    R = 7.0
    LINE = 24
    PAD = 14

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Legend")
        self._categories: list[tuple[str, QColor, Decimal | None]] = []
        self.currency: str | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_categories(self, items: Sequence[tuple[str, QColor, Decimal | None]], currency: str | None = None) -> None:
        self._categories = list(items)
        self.currency = currency
        self.updateGeometry()
        self.setMinimumHeight(self.heightForWidth(max(self.width(), 200)))
        self.update()

    def entries(self) -> list[tuple[L.Look, str, bool]]:
        """(look, words, starts the states group)."""
        out = [
            (L.Look(colour.name(), L.FREE), f"{name}  {format_money(price, self.currency)}" if price else name, False)
            for name, colour, price in self._categories
        ]
        neutral = self._categories[0][1].name() if self._categories else L.PALETTE[0]
        for i, (state, words, flags) in enumerate(STATES):
            out.append((L.Look(neutral, state, **flags), words, i == 0))
        return out

    def _layout(self, width: int) -> list[tuple[float, float, L.Look, str]]:
        fm = QFontMetrics(L.legend_font(self.font()))
        placed = []
        x, y = float(self.PAD), self.LINE / 2 + 4
        for lk, words, new_group in self.entries():
            w = 2 * self.R + 7 + fm.horizontalAdvance(words)
            if new_group and x > self.PAD:
                x, y = float(self.PAD), y + self.LINE
            if x > self.PAD and x + w > width - self.PAD:
                x, y = float(self.PAD), y + self.LINE
            placed.append((x, y, lk, words))
            x += w + 20
        return placed

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        placed = self._layout(width)
        last_y = placed[-1][1] if placed else self.LINE / 2
        return int(last_y + self.LINE / 2 + 4)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(600, self.heightForWidth(max(self.width(), 600)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(200, self.heightForWidth(max(self.width(), 200)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self.setMinimumHeight(self.heightForWidth(self.width()))
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        L.paint_legend(p, self._layout(self.width()), self.R, 7, L.legend_font(self.font()))
        p.end()
