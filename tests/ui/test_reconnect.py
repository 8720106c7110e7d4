"""The feed loses its connection: a calm banner while it is away, gone when it is back, and the seats are
read again (notifications sent meanwhile are lost)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from boxoffice_desktop.ui.feed_adapter import FeedAdapter
from boxoffice_desktop.ui.sales.page import SalesPage
from tests.ui.conftest import release_everything
from tests.ui.counter import show_sales_page

pytestmark = [pytest.mark.gui, pytest.mark.db]

KILL_LISTENERS = text(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE query LIKE 'LISTEN%' AND datname = current_database() AND pid <> pg_backend_pid()"
)


def test_banner_comes_and_goes_and_the_event_is_reloaded(qtbot, db, session_factory, artifacts_dir, idle):
    till1 = session_factory("till-r1", "cashier", background=False)
    till2 = session_factory("till-r2", "admin")
    page, adapter = show_sales_page(qtbot, till2, (1440, 860))
    assert not page.reconnect_banner.isVisible()
    event_id = page.event_id
    view = page.seat_view
    seat = next(s.id for s in view.seats() if s.state == "free")

    seen: list[bool] = []

    def on_change(connected: bool) -> None:  # connected after the page's slot: sees what the page shows
        seen.append(page.reconnect_banner.isVisible())
        if not connected:
            page.grab().save(str(artifacts_dir / "sales-reconnecting.png"))

    adapter.connectionChanged.connect(on_change)
    reloads: list = []
    adapter.reloadAll.connect(lambda: reloads.append(True))

    with db.engine.connect() as conn:
        killed = conn.execute(KILL_LISTENERS).scalars().all()
        conn.commit()
    assert killed and all(killed)

    qtbot.waitUntil(lambda: seen[:2] == [True, False], timeout=20_000)
    assert not page.reconnect_banner.isVisible()
    qtbot.waitUntil(lambda: reloads == [True], timeout=20_000)
    qtbot.waitUntil(page.is_settled, timeout=20_000)

    # And it is live again.
    till1.hold(event_id, [seat], ttl_seconds=900)
    qtbot.waitUntil(lambda: view.state_of(seat) == "held", timeout=10_000)
    idle()
    page.shutdown()
    adapter.close()
    release_everything(till1, event_id)


def test_no_banner_flash_while_the_feed_first_connects(qtbot, session_factory):
    bo = session_factory("till-r3", "admin", background=False)
    adapter = FeedAdapter(bo.feed())  # starts the feed now: not connected yet
    page = SalesPage(bo, adapter)
    qtbot.addWidget(page)
    page.show()
    assert not page.reconnect_banner.isVisible()
    qtbot.waitUntil(page.is_settled, timeout=30_000)
    assert not page.reconnect_banner.isVisible()
    page.shutdown()
    adapter.close()
