"""Two stations on one database: what one does, the other's seat view shows, through the real feed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from boxoffice_desktop.ui.money import format_money
from tests.ui.conftest import notify_seats, release_everything
from tests.ui.counter import click_seat, show_sales_page

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture
def stations(qtbot, session_factory):
    till1 = session_factory("till-1", "cashier")
    till2 = session_factory("till-2", "admin")
    page, adapter = show_sales_page(qtbot, till2, (1440, 860))
    yield till1, till2, page
    page.shutdown()
    adapter.close()
    if page.event_id is not None:
        release_everything(till1, page.event_id)
        release_everything(till2, page.event_id)


def free_seats(page, n: int) -> list[int]:
    view = page.seat_view
    ids = [s.id for s in view.seats() if view.state_of(s.id) == "free"]
    assert len(ids) >= n
    return ids[len(ids) // 2 : len(ids) // 2 + n]  # middle of the hall, well inside the widget


def test_the_other_station_sees_hold_sale_and_release(qtbot, stations, artifacts_dir, idle):
    till1, _till2, page = stations
    event_id = page.event_id
    assert event_id is not None
    view = page.seat_view
    sold_seat, released_seat = free_seats(page, 2)

    hold = till1.hold(event_id, [sold_seat, released_seat], ttl_seconds=900)
    qtbot.waitUntil(
        lambda: view.state_of(sold_seat) == "held" and view.state_of(released_seat) == "held",
        timeout=10_000,
    )
    assert view.seat(sold_seat).holder_station == "till-1"
    assert "Held at another station (till-1)" in view.describe(sold_seat)

    till1.release(hold.id)
    qtbot.waitUntil(lambda: view.state_of(released_seat) == "free", timeout=10_000)
    assert view.state_of(sold_seat) == "free"

    hold = till1.hold(event_id, [sold_seat], ttl_seconds=900)
    qtbot.waitUntil(lambda: view.state_of(sold_seat) == "held", timeout=10_000)
    if till1.current_shift() is None:
        till1.open_shift(0)  # cash sales need an open shift at the selling station
    order = till1.sell(hold.id, payment_method="cash")
    assert order is not None
    qtbot.waitUntil(lambda: view.state_of(sold_seat) == "sold", timeout=10_000)
    assert view.state_of(released_seat) == "free"
    # The event list follows (seats left), a moment later.
    qtbot.waitUntil(
        lambda: (
            page.events_panel.model.events()[page.events_panel.model.row_of(event_id)].seats_free
            == len([s for s in view.seats() if s.state == "free"])
        ),
        timeout=10_000,
    )
    idle()
    page.grab().save(str(artifacts_dir / "sales-live-other-station.png"))


def test_clicks_hold_and_release_and_the_other_station_sees_them(qtbot, stations, artifacts_dir, idle):
    till1, till2, page = stations
    event_id = page.event_id
    view = page.seat_view
    a, b, c = free_seats(page, 3)

    click_seat(qtbot, page, a)
    assert view.selected_ids() == [a]  # at once, before the server answered
    assert view.state_of(a) == "pending"
    qtbot.waitUntil(lambda: view.state_of(a) == "mine", timeout=10_000)
    seat = {s.id: s for s in till1.seats(event_id)}[a]
    assert seat.state == "held" and seat.holder_station == "till-2"

    click_seat(qtbot, page, b)
    click_seat(qtbot, page, c)
    qtbot.waitUntil(lambda: view.state_of(b) == "mine" and view.state_of(c) == "mine", timeout=10_000)
    assert view.selected_ids() == sorted([a, b, c])
    assert page.cart_panel.model.rowCount() == 3
    expected = sum(view.seat(x).price for x in (a, b, c))
    assert page.pay_bar.total_label.text() == format_money(expected, page.session.currency)
    assert page.cart_panel.hold_timer.text().startswith("held 1")
    # One cart is one hold: the first seat made it, the others joined it.
    held = {s.id: s for s in till1.seats(event_id)}
    assert {held[a].hold_id, held[b].hold_id, held[c].hold_id} == {page.hold_id}
    idle()
    page.grab().save(str(artifacts_dir / "sales-my-selection.png"))

    click_seat(qtbot, page, b)  # again: give it back
    qtbot.waitUntil(lambda: view.state_of(b) == "free", timeout=10_000)
    assert {s.id: s for s in till1.seats(event_id)}[b].state == "free"
    assert view.selected_ids() == sorted([a, c])

    qtbot.mouseClick(page.cart_panel.release_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.selected_ids() == [], timeout=10_000)
    states = {s.id: s.state for s in till1.seats(event_id)}
    assert states[a] == states[c] == "free"
    assert page.message.text() == "Released 2 seats."
    assert not page.cart_panel.release_button.isEnabled()


def test_a_seat_held_elsewhere_cannot_be_clicked(qtbot, stations):
    till1, _till2, page = stations
    event_id = page.event_id
    view = page.seat_view
    (seat,) = free_seats(page, 1)
    till1.hold(event_id, [seat], ttl_seconds=900)
    qtbot.waitUntil(lambda: view.state_of(seat) == "held", timeout=10_000)
    with qtbot.waitSignal(view.seatRefused, timeout=5000):
        click_seat(qtbot, page, seat)
    assert "held at another station (till-1)" in page.message.text()
    assert view.selected_ids() == []


def test_losing_a_race_is_one_line_and_the_seat_shows_the_truth(qtbot, stations):
    till1, _till2, page = stations
    event_id = page.event_id
    view = page.seat_view
    (seat,) = free_seats(page, 1)
    # Station 2 clicks a seat the very moment station 1 takes it: the view has not heard yet.
    page.feed.close()
    till1.hold(event_id, [seat], ttl_seconds=900)
    click_seat(qtbot, page, seat)
    qtbot.waitUntil(lambda: view.state_of(seat) == "held", timeout=10_000)
    assert page.message.kind == "error"
    assert page.message.text() == "That seat is no longer free."
    assert view.selected_ids() == []


def test_a_date_that_is_not_today_is_impossible_to_miss(qtbot, stations, artifacts_dir, idle):
    _till1, _till2, page = stations
    events = page.events_panel.model.events()
    from boxoffice_desktop.counter.calendar import is_today

    assert is_today(events[0])  # today's first
    later = next(e for e in events if not is_today(e))
    assert page.select_event(later.id)
    qtbot.waitUntil(lambda: page.event_id == later.id and page.is_settled(), timeout=20_000)
    assert page.header.not_today_banner.isVisible()
    assert "This event is not today" in page.header.not_today_banner.text()
    assert page.header.day_badge.text().startswith("NOT TODAY")
    assert page.header.day_badge.objectName() == "NotTodayBadge"
    idle()
    page.grab().save(str(artifacts_dir / "sales-not-today.png"))

    assert page.select_event(events[0].id)
    qtbot.waitUntil(lambda: page.event_id == events[0].id and page.is_settled(), timeout=20_000)
    assert not page.header.not_today_banner.isVisible()
    assert page.header.day_badge.text().startswith("TODAY")


def test_event_list_model(qtmodeltester, stations):
    _till1, _till2, page = stations
    qtmodeltester.check(page.events_panel.model)


def test_a_whole_event_notice_reloads_the_event(qtbot, db, stations):
    from sqlalchemy import text

    till1, _till2, page = stations
    event_id = page.event_id
    view = page.seat_view
    (seat,) = free_seats(page, 1)
    tenant_id = till1.tenant.id
    with db.connection(tenant_id) as conn:
        # A change the feed does not tell seat by seat (as when an event moves to a new map version)...
        conn.execute(
            text(
                "UPDATE event_seat SET block_kind = 'closed', block_reason = 'broken' WHERE tenant_id = :t AND id = :s"
            ),
            {"t": tenant_id, "s": seat},
        )
        notify_seats(conn, tenant_id, event_id, None)  # ...then "reload that event"
    try:
        qtbot.waitUntil(lambda: view.state_of(seat) == "blocked", timeout=10_000)
        assert "broken" in view.describe(seat)
    finally:
        with db.connection(tenant_id) as conn:
            conn.execute(
                text("UPDATE event_seat SET block_kind = NULL, block_reason = NULL WHERE tenant_id = :t AND id = :s"),
                {"t": tenant_id, "s": seat},
            )
            notify_seats(conn, tenant_id, event_id, [seat])
    qtbot.waitUntil(lambda: view.state_of(seat) == "free", timeout=10_000)
