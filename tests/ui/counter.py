"""Driving the sales page in the GUI tests: open it at a station, find free seats, pick them with real clicks,
press keys."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from boxoffice_desktop.ui.feed_adapter import FeedAdapter
from boxoffice_desktop.ui.printing.tickets import pdf_printer
from boxoffice_desktop.ui.sales.page import SalesPage


def show_sales_page(qtbot, bo, size=(1240, 840)) -> tuple[SalesPage, FeedAdapter]:
    """The sales page of ``bo`` on its own feed adapter, shown and settled (close both at the end)."""
    adapter = FeedAdapter(bo.feed())
    page = SalesPage(bo, adapter)
    qtbot.addWidget(page)
    page.resize(*size)
    with qtbot.waitExposed(page):
        page.show()
    qtbot.waitUntil(page.is_settled, timeout=30_000)
    return page, adapter


def open_page(qtbot, bo, size=(1240, 840)) -> tuple[SalesPage, FeedAdapter]:
    """``show_sales_page``, and the page the active window (its keys need it)."""
    page, adapter = show_sales_page(qtbot, bo, size)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    return page, adapter


@contextmanager
def counter_page(qtbot, bo, tickets_pdf: Path) -> Iterator[Any]:
    """``open_page`` with the tickets printed to the PDF file ``tickets_pdf``; shut down with its adapter after."""
    page, adapter = open_page(qtbot, bo)
    page.printing.ticket_printer = pdf_printer(str(tickets_pdf))
    try:
        yield page
    finally:
        page.shutdown()
        adapter.close()


def free_row_seats(page, n: int, category: str | None = None, skip: int = 0) -> list[int]:
    """``n`` free seats side by side in one row (the middle of a row of the stalls)."""
    view = page.seat_view
    rows: dict[str, list] = {}
    for s in view.seats():
        if category is None or s.category == category:
            rows.setdefault(s.row_key, []).append(s)
    found = []
    for members in rows.values():
        members.sort(key=lambda s: s.ordinal)
        free = [s for s in members if view.state_of(s.id) == "free"]
        if len(free) == len(members) and len(members) >= n + 4:
            found.append([s.id for s in members[2 : 2 + n]])
    assert len(found) > skip, "no row with enough free seats left"
    return found[skip]


def click_seat(qtbot, page, seat_id: int) -> None:
    view = page.seat_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.seat_centre(seat_id))


def pick_seats(qtbot, page, seats: Sequence[int]) -> None:
    """Click each of ``seats`` on the map and wait until all of them are in this station's cart."""
    for seat in seats:
        click_seat(qtbot, page, seat)
    qtbot.waitUntil(lambda: all(page.seat_view.state_of(s) == "mine" for s in seats), timeout=10_000)


def key(qtbot, widget, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, k, modifier)
