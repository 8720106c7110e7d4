"""Fixtures of the GUI tests: a seeded demo organisation (a slug of this run's own: login roles are global to
the server), signed-in sessions at named stations (each its staff member's own login, as the login window
signs in), and a QSettings of the test's own (never the user's)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from boxoffice_desktop.api import BoxOffice
from boxoffice_desktop.errors import AuthenticationFailed
from boxoffice_desktop.services.demo import DEMO_PASSWORD, seed_demo
from boxoffice_desktop.ui.operations import tracker
from boxoffice_desktop.ui.station_settings import StationSettings
from tests.staff import new_slug, sign_in


@pytest.fixture(scope="module")
def demo(db) -> Any:
    """The demo organisation (hall, staff admin, manager, cashier and accountant with the password "demo",
    an event tonight and one next week) in this module's database."""
    return seed_demo(db, slug=new_slug("demo"))


def demo_session(db, demo, user: str = "admin", *, station: str = "till-1") -> BoxOffice:
    """A BoxOffice signed in as ``user`` of the demo organisation (close it yourself)."""
    return sign_in(db.target, demo.slug, user, station=station, password=DEMO_PASSWORD)


def wrong_passwords_refused(db, demo) -> bool:
    """Whether the server checks passwords: sign in as a real staff member with a wrong one. (CI's
    PostgreSQL 15 trusts every local connection; the embedded server asks every role for SCRAM.)"""
    try:
        bo = sign_in(db.target, demo.slug, "manager", password="not-the-password")
    except AuthenticationFailed:
        return True
    bo.close()
    return False


def skip_unless_wrong_passwords_are_refused(db, demo) -> None:
    if not wrong_passwords_refused(db, demo):
        pytest.skip(
            f"{db.target.display()} trusts every local connection: wrong passwords cannot be refused here; "
            "the embedded server's SCRAM proves it"
        )


@pytest.fixture(autouse=True)
def themed(qapp):
    """The app's look, as the application applies it (screenshots of single pages then look real)."""
    from boxoffice_desktop.services.demo import DEMO_BRANDING
    from boxoffice_desktop.ui.theme import Branding, apply_theme

    apply_theme(qapp, Branding.from_mapping({"slug": "demo", **DEMO_BRANDING}))
    yield


@pytest.fixture
def station_settings(tmp_path: Path) -> StationSettings:
    return StationSettings(QSettings(str(tmp_path / "station.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def session_factory(db, demo) -> Iterator[Callable[..., BoxOffice]]:
    """session_factory(station, user="admin", background=True): a signed-in BoxOffice, closed at the end."""
    made: list[BoxOffice] = []

    def make(station: str, user: str = "admin", *, background: bool = True) -> BoxOffice:
        bo = demo_session(db, demo, user, station=station)
        made.append(bo)
        if background:
            bo.start_background()
            assert bo.feed().wait_connected(20), "the seat feed did not connect"
        return bo

    yield make
    for bo in made:
        bo.close()


@pytest.fixture
def idle(qtbot) -> Callable[[], None]:
    """Wait (running the event loop) until no background job is pending."""

    def wait(timeout: int = 20_000) -> None:
        qtbot.waitUntil(tracker().is_idle, timeout=timeout)

    return wait


def show_active(qtbot, widget, size: tuple[int, int] | None = None) -> None:
    """Show ``widget`` (resized to ``size``) and wait until it is the active window: window shortcuts and the
    keyboard focus need that."""
    qtbot.addWidget(widget)
    if size is not None:
        widget.resize(*size)
    with qtbot.waitExposed(widget):
        widget.show()
    with qtbot.waitActive(widget):
        widget.activateWindow()


def open_area(qtbot, page, idle: Callable[[], None], *, timeout: int) -> Any:
    """An area page shown at 1240×840 as the active window, activated, settled within ``timeout`` ms, and no
    background job pending."""
    show_active(qtbot, page, (1240, 840))
    page.activate()
    qtbot.waitUntil(page.is_settled, timeout=timeout)
    idle()
    return page


def notify_seats(conn: Any, tenant_id: int, event_id: int, seat_ids: list[int] | None) -> None:
    """Tell the tenant's stations that seats changed (None: reload the event), as the server's functions do
    after a change (``conn``: the owner's side, which may call the server's internal helper)."""
    from sqlalchemy import text

    conn.execute(
        text("SELECT bo_notify_seats(:t, :e, CAST(:s AS bigint[]))"), {"t": tenant_id, "e": event_id, "s": seat_ids}
    )


def release_everything(bo: BoxOffice, event_id: int) -> None:
    """Give back every seat held on an event (tests share the module's events)."""
    for seat in bo.seats(event_id):
        if seat.state == "held" and seat.hold_id is not None:
            with contextlib.suppress(Exception):  # already gone
                bo.release(seat.hold_id)
