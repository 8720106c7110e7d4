"""The live seatmap of the sales screen: the editor's read-only ``SeatmapView`` (zoom, pan, levels of detail,
tooltips, click, paint and rubber-band selection), behind the small interface the sales page uses.

The page decides which seats are "mine" (held at this station for the cart, not parked behind an online
payment that is still open) and hands the view :class:`CounterSeat` records that say so. Seats whose hold
or release is still on its way are *busy*: a click on one is refused with one line instead of queueing a
second change behind the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

from boxoffice_desktop.services.events import SeatInfo
from boxoffice_desktop.ui.money import format_money
from editor._qt import SeatmapView

BUSY_WORDS = "One moment: this seat is being updated."


@dataclass(frozen=True)
class CounterSeat(SeatInfo):
    """A seat as the counter shows it: the service's ``SeatInfo`` and whether it is in this station's cart
    (``mine``), or held for an online payment still open (``parked``: the order's code)."""

    mine: bool = False
    parked: str | None = None


def counter_seat(seat: SeatInfo, station: str, parked: Mapping[int, str]) -> CounterSeat:
    held_here = seat.state == "held" and seat.holder_station == station
    order = parked.get(seat.hold_id) if (held_here and seat.hold_id is not None) else None
    values = dict(seat.__dict__)
    values.pop("mine", None)
    values.pop("parked", None)
    return CounterSeat(**values, mine=held_here and order is None, parked=order)


class SeatMapView(Protocol):
    """What the sales page needs of a seat view (``SalesSeatMap`` below is the one it uses)."""

    selectionChanged: Any  # Signal(list): the user changed the selection (click, paint, band)
    seatRefused: Any  # Signal(int, str)
    busy: set[int]  # seats whose hold or release is on its way: clicks on them are refused
    currency: str | None

    def set_background(self, doc: Any) -> None: ...

    def set_allow_house(self, allow: bool) -> None: ...

    def set_empty_text(self, text: str) -> None: ...

    def category_colour(self, category: str) -> Any: ...

    def set_seats(self, seats: Sequence[Any]) -> None: ...

    def update_seats(self, seats: Iterable[Any]) -> None: ...

    def settle(self, ids: Iterable[int]) -> None: ...

    def selection(self) -> list[int]: ...

    def seat(self, seat_id: int) -> Any | None: ...

    def seats(self) -> list[Any]: ...

    def state_of(self, seat_id: int) -> str: ...

    def seat_centre(self, seat_id: int) -> QPoint: ...

    def describe(self, seat_id: int) -> str: ...


class SalesSeatMap(SeatmapView):
    """The editor's view in cart mode, with busy seats, prices in the tenant's currency and parked seats."""

    def __init__(self, parent: QWidget | None = None, *, station: str = ""):
        super().__init__(parent, station=station, cart=True)
        self.setObjectName("SalesSeatMap")
        self.busy: set[int] = set()
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
        parked = getattr(seat, "parked", None)
        if parked:
            lines[-1] = f"Waiting for the online payment of order {parked}"
        elif seat_id in self.busy:
            lines[-1] = "Being updated…"
        return "\n".join(lines)

    def refusal(self, seat_id: int) -> str:
        seat = self.seat(seat_id)
        parked = getattr(seat, "parked", None)
        if parked:
            return f"{seat.label} is waiting for the online payment of order {parked}."
        return super().refusal(seat_id)
