"""The live seatmap of the sales screen: the editor's read-only ``SeatmapView`` (zoom, pan, levels of detail,
tooltips, click, paint and rubber-band selection) in cart mode.

It paints the session's records (``counter.seats.CounterSeat``: which seats are "mine", which are parked
behind an online payment still open) and tells the page what the cashier picked; the cart is the
session's. Seats an operation is changing are *busy* (the session's live set): a click on one is refused
with one line instead of queueing a second change behind the first.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

from boxoffice_desktop.counter.seats import CounterSeat
from boxoffice_desktop.ui.money import format_money
from editor._qt import SeatmapView

BUSY_WORDS = "One moment: this seat is being updated."


class SalesSeatMap(SeatmapView[CounterSeat]):
    """The editor's view in cart mode, with busy seats, prices in the tenant's currency and parked seats."""

    def __init__(self, parent: QWidget | None = None, *, station: str = ""):
        super().__init__(parent, station=station, cart=True)
        self.setObjectName("SalesSeatMap")
        self.busy: Collection[int] = set()
        self.currency: str | None = None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and not self.wants_pan(event) and self.busy:
            sid = self.seat_at(event.position())
            if sid is not None and sid in self.busy:
                self.seatRefused.emit(sid, BUSY_WORDS)
                event.accept()
                return
        super().mousePressEvent(event)

    def describe(self, seat_id: int) -> str:
        lines = super().describe(seat_id).split("\n")
        seat = self.seat(seat_id)
        if seat is None:
            return "\n".join(lines)
        if len(lines) > 1:
            lines[1] = f"{seat.category or 'No category'} · {format_money(seat.price, self.currency)}"
        if seat.parked:
            lines[-1] = f"Waiting for the online payment of order {seat.parked}"
        elif seat_id in self.busy:
            lines[-1] = "Being updated…"
        return "\n".join(lines)

    def refusal(self, seat_id: int) -> str:
        seat = self.seat(seat_id)
        if seat is not None and seat.parked:
            return f"{seat.label} is waiting for the online payment of order {seat.parked}."
        return super().refusal(seat_id)
