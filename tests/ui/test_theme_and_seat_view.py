"""The theme (QSS with the tenant's colours, the logo or its monogram) and the seat view on its own, with
seats made up by the test (no database)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from boxoffice_desktop.services.events import SeatInfo
from boxoffice_desktop.ui.sales.seat_view import PlanDecor, SeatLegend, SeatView
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


def seat(i: int, x: float, y: float, **kw) -> SeatInfo:
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
    return SeatInfo(**base)


def grid(rows: int, cols: int) -> list[SeatInfo]:
    return [seat(r * cols + c + 1, c * 30.0, r * 30.0) for r in range(rows) for c in range(cols)]


@pytest.fixture
def view(qtbot):
    v = SeatView(station="me")
    qtbot.addWidget(v)
    v.resize(800, 500)
    with qtbot.waitExposed(v):
        v.show()
    return v


def test_states_and_selection(qtbot, view):
    seats = grid(4, 10)
    seats[1] = dataclasses.replace(seats[1], state="held", holder_station="me", hold_id=5)
    seats[2] = dataclasses.replace(seats[2], state="held", holder_station="till-9", hold_id=6)
    seats[3] = dataclasses.replace(seats[3], state="sold")
    seats[4] = dataclasses.replace(seats[4], state="blocked", block_kind="closed", block_reason="broken")
    seats[5] = dataclasses.replace(seats[5], state="blocked", block_kind="house", block_reason="press")
    view.set_decor(PlanDecor(colours={"A": "#3366cc", "B": "#cc6633"}))
    view.set_seats(seats)
    expected = ["free", "mine", "other", "sold", "blocked", "house", "free"]
    assert [view.state_of(s.id) for s in seats[:7]] == expected
    assert view.selection() == [2]
    assert view.category_colour("A").name() == "#3366cc"

    toggled: list = []
    refused: list = []
    view.seatToggled.connect(lambda sid, on: toggled.append((sid, on)))
    view.seatRefused.connect(lambda sid, why: refused.append(why))
    click = lambda sid: qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.seat_centre(sid).toPoint())  # noqa: E731
    click(1)
    click(2)
    click(4)
    click(5)
    assert toggled == [(1, True), (2, False)]
    assert view.state_of(1) == "pending" and view.selection() == [1]
    assert refused == ["Stalls, Row 0, Seat 4 is sold.", "Stalls, Row 0, Seat 5 is blocked: broken."]
    # A click on empty floor does nothing.
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert len(toggled) == 2

    # Fresh states from the server settle the seats.
    view.update_seats(
        [
            dataclasses.replace(seats[0], state="held", holder_station="me", hold_id=7),
            dataclasses.replace(seats[1], state="free", holder_station=None, hold_id=None),
        ]
    )
    assert view.selection() == [1] and view.state_of(1) == "mine" and view.state_of(2) == "free"
    view.set_allow_house(True)
    click(6)
    assert toggled[-1] == (6, True)


def test_seats_of_another_event_are_ignored(view):
    view.set_seats(grid(2, 5))
    view.update_seats([seat(999, 0, 0, state="sold")])
    assert view.seat(999) is None


def test_a_large_map_paints_many_times(qtbot):
    """One paintEvent for all seats; painting a big hall over and over stays sound (the PySide6 6.12
    none_dealloc trap shows up as a crash after some thousands of void calls)."""
    v = SeatView(station="me")
    qtbot.addWidget(v)
    v.resize(1000, 700)
    seats = grid(60, 80)
    states = ("sold", "free", "held")
    seats = [dataclasses.replace(s, state=states[s.id % 3], holder_station="x") for s in seats]
    v.set_seats(seats)
    for _ in range(40):
        v.grab()
    assert v.paint_count >= 40


def test_legend_wraps_and_shows_every_category(qtbot):
    legend = SeatLegend()
    qtbot.addWidget(legend)
    legend.set_categories([(f"Category {i}", QColor("#3366cc"), Decimal("100.00")) for i in range(8)])
    assert legend.heightForWidth(300) > legend.heightForWidth(1400)
    legend.resize(600, legend.heightForWidth(600))
    assert not legend.grab().isNull()
