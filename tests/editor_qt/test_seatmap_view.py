"""The read-only seatmap view the sales screen reuses: state marks that do not rely on colour alone,
single-seat repaints from the live feed, click, paint and rubber-band selection, tooltips."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor

from editor._qt import SeatmapView, ViewSeat, records_from_document

from .conftest import drag

pytestmark = pytest.mark.gui

RED = "#c62828"


def grid(rows: int = 6, cols: int = 10, **extra) -> list[ViewSeat]:
    return [ViewSeat(id=r * cols + c + 1, x=c * 30.0, y=r * 34.0, guid=f"g{r}-{c}", radius=12, number=str(c + 1),
                     label=f"Stalls, Row {chr(65 + r)}, Seat {c + 1}", category="Front", colour=RED,
                     price=Decimal("42.50"), row=chr(65 + r), row_key=f"r{r}", ordinal=c, **extra)
            for r in range(rows) for c in range(cols)]


@pytest.fixture
def view(qtbot):
    v = SeatmapView(station="counter-1")
    qtbot.addWidget(v)
    v.resize(900, 600)
    v.show()
    qtbot.waitExposed(v)
    return v


def pixel(image, view: SeatmapView, seat_id: int, fx: float, fy: float) -> QColor:
    """The colour at a point of a seat, (fx, fy) in radii from its centre."""
    c = view.seat_centre(seat_id)
    r = view.store.rs[view.store.slot_of[seat_id]] * view.scale_factor()
    return QColor(image.pixel(round(c.x() + fx * r), round(c.y() + fy * r)))


def close(a: QColor, b: str, tolerance: int = 40) -> bool:
    c = QColor(b)
    return abs(a.red() - c.red()) + abs(a.green() - c.green()) + abs(a.blue() - c.blue()) <= tolerance


MIXED = {
    1: dict(),
    2: dict(state="held", mine=True),
    3: dict(state="held", mine=False, holder_station="counter-2"),
    4: dict(state="sold"),
    5: dict(state="blocked", block_kind="closed", block_reason="camera position"),
    6: dict(state="blocked", block_kind="house", block_reason="press"),
    7: dict(wheelchair=True),
    8: dict(companion=True),
    9: dict(restricted_view=True),
}


def mixed() -> list[ViewSeat]:
    seats = grid()
    return [dataclasses.replace(s, **MIXED.get(s.id, {})) for s in seats]


def test_every_state_has_its_own_look_and_mark(qtbot, view, artifacts_dir):
    view.set_seats(mixed())
    assert [view.state_of(i) for i in range(1, 7)] == ["free", "mine", "held", "sold", "blocked", "house"]
    image = view.grab().toImage()
    image.save(str(artifacts_dir / "view-states-small.png"))
    below = (0.0, 0.7)
    assert close(pixel(image, view, 1, *below), RED), "free: the category's colour"
    assert close(pixel(image, view, 2, *below), "#1f2328"), "mine: dark"
    assert close(pixel(image, view, 3, *below), "#c8cdd3"), "held elsewhere: light grey"
    assert close(pixel(image, view, 4, *below), "#8c959f"), "sold: grey"
    assert close(pixel(image, view, 5, *below), "#ffffff"), "blocked: white"
    assert close(pixel(image, view, 6, *below), "#ffffff"), "house: white inside a coloured ring"
    assert close(pixel(image, view, 2, 0.48, -0.34), "#ffffff", 120), "mine: a white check mark"
    assert close(pixel(image, view, 3, 0.0, 0.0), "#2d333b", 60), "held elsewhere: a dark dot"
    assert close(pixel(image, view, 4, 0.3, 0.3), "#ffffff", 90), "sold: a white cross"
    assert not close(pixel(image, view, 6, 0.0, 0.0), "#ffffff", 90), "house: a square mark"
    # Shape, not colour, tells a wheelchair place: its corners are filled, a round seat's are not.
    assert close(pixel(image, view, 7, 0.85, 0.85), RED, 90)
    assert not close(pixel(image, view, 1, 0.85, 0.85), RED, 90)


def test_a_feed_update_repaints_only_that_seat(qtbot, view):
    seats = grid(20, 40)
    view.set_seats(seats)
    qtbot.wait(20)
    view.viewport().repaint()
    assert view.seat_layer.last_drawn == len(seats)
    painted = view.seat_layer.paint_count
    changed = dataclasses.replace(seats[45], state="sold")
    view.update_seats([changed])
    qtbot.waitUntil(lambda: view.seat_layer.paint_count > painted)
    assert view.state_of(changed.id) == "sold"
    assert 1 <= view.seat_layer.last_drawn <= 9, "only the changed seat's neighbourhood is painted"
    exposed = view.seat_layer.last_exposed
    assert exposed.width() < 4 * 2 * 12 and exposed.height() < 4 * 2 * 12
    view.update_seats([ViewSeat(id=99999, x=0, y=0)])  # a seat of another event: ignored


def test_click_paint_and_rubber_band_selection_in_cart_mode(qtbot, view):
    seats = mixed()
    view.set_seats(seats)
    vp = view.viewport()
    with qtbot.waitSignal(view.seatClicked) as clicked, qtbot.waitSignal(view.selectionChanged) as changed:
        qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=view.seat_centre(1))
    assert clicked.args == [1] and changed.args == [[1, 2]], "seat 2 is already in this station's cart"
    assert view.state_of(1) == "pending", "being held: pending until mine"
    view.update_seats([dataclasses.replace(seats[0], state="held", mine=True)])
    assert view.state_of(1) == "mine" and view.selected_ids() == [1, 2]
    with qtbot.waitSignal(view.seatRefused) as refused:
        qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=view.seat_centre(4))
    assert refused.args[0] == 4 and "sold" in refused.args[1]
    with qtbot.waitSignal(view.selectionChanged) as changed:
        qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=view.seat_centre(2))
    assert changed.args == [[1]] and view.state_of(2) == "pending", "being released"
    view.update_seats([dataclasses.replace(seats[1], state="free", mine=False)])
    assert view.state_of(2) == "free"
    # A hold that failed: the seat comes back held elsewhere and leaves the selection.
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=view.seat_centre(10))
    assert 10 in view.selected_ids()
    with qtbot.waitSignal(view.selectionChanged):
        view.update_seats([dataclasses.replace(seats[9], state="held", holder_station="counter-2")])
    assert 10 not in view.selected_ids() and view.state_of(10) == "held"
    # Paint selection: press on a free seat and sweep along the row.
    drag(vp, view.seat_centre(21), view.seat_centre(25), steps=8)
    assert {21, 22, 23, 24, 25} <= set(view.selected_ids())
    # Rubber band from empty space over the last two rows takes their free seats only.
    top_left = view.mapFromScene(QPointF(-20, 4 * 34 - 15))
    bottom_right = view.mapFromScene(QPointF(9 * 30 + 20, 5 * 34 + 15))
    drag(vp, top_left, bottom_right)
    assert set(range(41, 61)) <= set(view.selected_ids())


def test_plain_mode_rings_the_selection_and_tooltips_say_everything(qtbot, view):
    view.set_cart_mode(False)
    view.set_seats(mixed())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.seat_centre(1))
    assert view.selected_ids() == [1] and view.state_of(1) == "free"
    text = view.describe(5)
    assert "Stalls, Row A, Seat 5" in text and "Front" in text and "42.50" in text and "camera position" in text
    assert "Wheelchair place" in view.describe(7)
    assert "Companion seat" in view.describe(8)
    assert "Restricted view" in view.describe(9)
    assert "another station (counter-2)" in view.describe(3) or "counter-2" in view.describe(3)
    view.clear_selection()
    assert view.selected_ids() == []


@dataclasses.dataclass
class SeatInfoLike:
    """The shape of the services' SeatInfo: a holder station instead of ``mine``, ``companion_of``."""

    id: int
    guid: str
    label: str
    category: str
    price: Decimal | None
    state: str
    holder_station: str | None
    block_reason: str | None
    block_kind: str | None
    zone: str
    row: str
    number: str
    x: float
    y: float
    row_key: str
    ordinal: int
    wheelchair: bool
    companion_of: str | None
    restricted_view: bool
    hold_id: int | None


def test_records_shaped_like_the_services_seat_info(qtbot, view, demo_doc):
    infos = [SeatInfoLike(n + 1, s.guid, s.label, s.category, Decimal("30"), "free", None, None, None, s.zone, s.row,
                          s.number, s.x, s.y, s.row_key, s.ordinal, s.wheelchair, s.companion_of, s.restricted_view,
                          None) for n, s in enumerate(demo_doc.iter_seats())]
    infos[0] = dataclasses.replace(infos[0], state="held", holder_station="counter-1")
    infos[1] = dataclasses.replace(infos[1], state="held", holder_station="counter-9")
    view.set_background(demo_doc)
    view.set_seats(infos)
    assert view.state_of(1) == "mine" and view.state_of(2) == "held"
    assert view.selected_ids() == [1], "the station's own holds are its selection"
    companion = next(i for i in infos if i.companion_of)
    assert view.store.looks[view.store.look[view.store.slot_of[companion.id]]].companion
    assert view.seat_at(view.seat_centre(5)) == 5


def test_view_screenshots_with_mixed_states(qtbot, view, demo_doc, artifacts_dir):
    records = records_from_document(demo_doc)
    states = [{}, {"state": "sold"}, {"state": "sold"}, {}, {"state": "held", "holder_station": "counter-2"},
              {}, {"state": "sold"}, {}, {}, {"state": "blocked", "block_kind": "house", "block_reason": "press"}, {},
              {"state": "held", "mine": True}, {}, {"state": "blocked", "block_kind": "closed"}]
    records = [dataclasses.replace(r, price=Decimal("35.00"), **states[n % len(states)]) for n, r in enumerate(records)]
    view.resize(1280, 860)
    view.set_document(demo_doc)
    view.set_seats(records)
    qtbot.wait(20)
    view.grab().save(str(artifacts_dir / "view-demo-hall-states.png"))
    view.zoom_to(2.6, QPointF(560, 330))
    qtbot.wait(20)
    view.grab().save(str(artifacts_dir / "view-demo-hall-states-zoomed.png"))
    assert view.seat_layer.last_drawn < len(records)


def test_legend_and_the_names_of_the_first_seat_view(qtbot, view, artifacts_dir):
    from editor._qt import SeatmapLegend

    view.set_seats(mixed())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.seat_centre(11))
    assert view.selected_ids() == [2, 11]
    assert view.pending() == {11: True}
    view.settle([11])
    assert view.selected_ids() == [2] and view.pending() == {}
    assert view.category_colour("Front").name() == RED, "a record's own colour"
    view.set_category_colours({"Front": "#00897b"})
    view.set_seats([dataclasses.replace(s, colour=None) for s in mixed()])
    assert view.category_colour("Front").name() == "#00897b"

    legend = SeatmapLegend()
    qtbot.addWidget(legend)
    legend.set_categories([("Front", RED, Decimal("42.50")), ("Back", "#1565c0", Decimal("20.00"))])
    legend.resize(360, legend.heightForWidth(360))
    legend.show()
    assert legend.heightForWidth(360) > legend.heightForWidth(2000), "it wraps when narrow"
    legend.grab().save(str(artifacts_dir / "view-legend.png"))
