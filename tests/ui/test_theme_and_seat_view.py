"""The theme (QSS with the tenant's colours, the logo or its monogram) and the sales screen's seatmap (the
editor's read-only view behind the counter's interface) on its own, with seats made up by the test."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from boxoffice_desktop.counter.seats import CounterSeat, counter_seat
from boxoffice_desktop.services.events import SeatInfo
from boxoffice_desktop.ui.sales.legend import SeatLegend
from boxoffice_desktop.ui.sales.seat_map import BUSY_WORDS, SalesSeatMap
from boxoffice_desktop.ui.theme import Branding, initials, logo_pixmap, palette_for, stylesheet, window_title

pytestmark = pytest.mark.gui


def test_stylesheet_has_the_tenant_colours_and_no_placeholder_left():
    qss = stylesheet(Branding.from_mapping({"slug": "x", "accent": "#0b6e4f", "accent_text": "#ffffff"}))
    assert "{{" not in qss and "}}" not in qss
    assert "#0b6e4f" in qss
    assert palette_for(Branding.from_mapping({"accent": "#0b6e4f"}))["accent_soft"] in qss


def test_bad_colours_fall_back_to_the_default():
    b = Branding.from_mapping({"accent": "red; background: url(x)", "display_name": "Hall"})
    assert b.accent == "#1f6feb"
    assert window_title(b, "Sales") == "Sales — Hall — Box Office"


def test_logo_from_svg_and_monogram_fallback(qapp):
    from boxoffice_desktop.services.demo import demo_logo_svg

    demo = Branding.from_mapping({"display_name": "Demo Theatre", "logo_svg": demo_logo_svg()})
    svg = logo_pixmap(demo, 48)
    image = svg.toImage()
    assert not svg.isNull()
    # The demo logo is a red rounded square: its centre-left is red, not the monogram's text.
    assert QColor(image.pixel(image.width() // 8, image.height() // 2)).red() > 150

    opera = {"display_name": "City Opera", "accent": "#0b6e4f", "logo_svg": "<svg broken"}
    badge = logo_pixmap(Branding.from_mapping(opera), 48)
    corner = QColor(badge.toImage().pixel(badge.toImage().width() // 2, 3))
    assert corner.name() == "#0b6e4f"
    assert initials("City Opera") == "CO"
    assert initials("demo") == "DE"


def seat(i: int, x: float, y: float, **kw) -> CounterSeat:
    base = dict(
        id=i,
        guid=f"g{i}",
        label=f"Stalls, Row {y // 30:.0f}, Seat {i}",
        category="A" if y < 90 else "B",
        price=Decimal("10.00"),
        state="free",
        holder_station=None,
        block_reason=None,
        block_kind=None,
        zone="Stalls",
        row=str(int(y // 30)),
        number=str(i),
        x=x,
        y=y,
        row_key=f"r{int(y // 30)}",
        ordinal=int(x // 30),
        wheelchair=False,
        companion_of=None,
        restricted_view=False,
        hold_id=None,
    )
    base.update(kw)
    return counter_seat(SeatInfo(**base), "me", {})


def grid(rows: int, cols: int) -> list[CounterSeat]:
    return [seat(r * cols + c + 1, c * 30.0, r * 30.0) for r in range(rows) for c in range(cols)]


def mine(s: CounterSeat, hold_id: int) -> CounterSeat:
    return dataclasses.replace(s, state="held", holder_station="me", hold_id=hold_id, mine=True)


@pytest.fixture
def view(qtbot):
    v = SalesSeatMap(station="me")
    v.currency = "RUB"
    qtbot.addWidget(v)
    v.resize(800, 500)
    with qtbot.waitExposed(v):
        v.show()
    return v


def click(qtbot, view, sid: int) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.seat_centre(sid))


def test_states_clicks_and_refusals(qtbot, view):
    seats = grid(4, 10)
    seats[1] = mine(seats[1], 5)
    seats[2] = dataclasses.replace(seats[2], state="held", holder_station="till-9", hold_id=6)
    seats[3] = dataclasses.replace(seats[3], state="sold")
    seats[4] = dataclasses.replace(seats[4], state="blocked", block_kind="closed", block_reason="broken")
    seats[5] = dataclasses.replace(seats[5], state="blocked", block_kind="house", block_reason="press")
    # Held here but behind an online payment still open: not in the cart.
    seats[6] = counter_seat(
        SeatInfo(
            **{k: v for k, v in dataclasses.asdict(seats[6]).items() if k not in ("mine", "parked")}
            | {"state": "held", "holder_station": "me", "hold_id": 9}
        ),
        "me",
        {9: "K7Q2M9XA"},
    )
    view.set_seats(seats)
    expected = ["free", "mine", "held", "sold", "blocked", "house", "held", "free"]
    assert [view.state_of(s.id) for s in seats[:8]] == expected
    assert view.selected_ids() == [2]

    changes: list[list[int]] = []
    refused: list[str] = []
    view.selectionChanged.connect(lambda ids: changes.append(list(ids)))
    view.seatRefused.connect(lambda _sid, why: refused.append(why))
    click(qtbot, view, 1)
    assert changes[-1] == [1, 2] and view.state_of(1) == "pending"
    click(qtbot, view, 2)
    assert changes[-1] == [1] and view.state_of(2) == "pending"
    click(qtbot, view, 4)
    click(qtbot, view, 5)
    click(qtbot, view, 7)
    assert refused == [
        "Stalls, Row 0, Seat 4 is sold.",
        "Stalls, Row 0, Seat 5 is blocked: broken.",
        "Stalls, Row 0, Seat 7 is waiting for the online payment of order K7Q2M9XA.",
    ]
    # A click on empty floor does nothing.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert changes[-1] == [1]
    # A seat whose hold or release is on its way refuses a second click.
    view.busy.add(8)
    click(qtbot, view, 8)
    assert refused[-1] == BUSY_WORDS and view.state_of(8) == "free"

    # Fresh records from the server settle the seats.
    view.update_seats([mine(seats[0], 7), dataclasses.replace(seats[1], state="free", holder_station=None)])
    assert view.selected_ids() == [1] and view.state_of(1) == "mine" and view.state_of(2) == "free"
    assert "10.00\u00a0₽" in view.describe(1)
    assert "Waiting for the online payment of order K7Q2M9XA" in view.describe(7)
    view.set_allow_house(True)
    click(qtbot, view, 6)
    assert 6 in changes[-1]


def test_rubber_band_takes_every_free_seat_inside(qtbot, view):
    seats = grid(4, 10)
    seats[12] = dataclasses.replace(seats[12], state="sold")
    view.set_seats(seats)
    changes: list[list[int]] = []
    view.selectionChanged.connect(lambda ids: changes.append(list(ids)))
    # From empty floor above-left of seat 11 (row 1) to below-right of seat 14 (row 1).
    a, b = view.seat_centre(11), view.seat_centre(14)
    gap = (view.seat_centre(12).x() - a.x()) // 2
    start = QPoint(a.x() - gap, a.y() - gap)
    end = QPoint(b.x() + gap, b.y() + gap)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view.viewport(), QPoint((start.x() + end.x()) // 2, end.y()))
    QTest.mouseMove(view.viewport(), end)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert changes and changes[-1] == [11, 12, 14]  # seat 13 is sold: left out
    assert all(view.state_of(s) == "pending" for s in (11, 12, 14))


def test_seats_of_another_event_are_ignored(view):
    view.set_seats(grid(2, 5))
    view.update_seats([seat(999, 0, 0, state="sold")])
    assert view.seat(999) is None


def test_a_large_map_paints_many_times(qtbot):
    """All seats painted by one item; painting a big hall over and over stays sound (the PySide6 6.12
    none_dealloc trap shows up as a crash after some thousands of void calls)."""
    v = SalesSeatMap(station="me")
    qtbot.addWidget(v)
    v.resize(1000, 700)
    states = ("sold", "free", "held")
    seats = [dataclasses.replace(s, state=states[s.id % 3], holder_station="x") for s in grid(60, 80)]
    v.set_seats(seats)
    v.show()
    for i in range(40):
        v.zoom_by(1.1 if i % 2 else 1 / 1.1)
        v.grab()
    assert v.seat_layer.paint_count >= 40


def test_legend_wraps_and_shows_every_category(qtbot):
    legend = SeatLegend()
    qtbot.addWidget(legend)
    legend.set_categories([(f"Category {i}", QColor("#3366cc"), Decimal("100.00")) for i in range(8)], "RUB")
    assert legend.heightForWidth(300) > legend.heightForWidth(1400)
    words = [w for _, w, _ in legend.entries()]
    assert "Category 0  100.00\u00a0₽" in words and "Wheelchair" in words and "Companion" in words
    legend.resize(600, legend.heightForWidth(600))
    assert not legend.grab().isNull()
