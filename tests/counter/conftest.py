"""The counter's session against the real services, without Qt: a venue with a cashier at till-1 (a shift
open) and another station; a fresh event per test on a grid hall (6 rows of 10: rows A-C Front, D-F
Back); sessions whose operations run at once (``run_now``) or step by step (``StepRunner``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from boxoffice_desktop.counter import CounterSession, StepRunner, run_now
from boxoffice_desktop.counter.updates import Notice, Update
from tests.plans import grid_plan
from tests.staff import add_tenant, sign_in

PRICES = {
    "Front": {"full": Decimal("100.00"), "concession": Decimal("70.00"), "child": Decimal("50.00")},
    "Back": Decimal("50.00"),
}


@pytest.fixture(scope="module")
def tenant(db):
    return add_tenant(
        db, "counter", title="Counter Hall", users=(("admin", "admin"), ("cashier", "cashier"), ("other", "cashier"))
    )


@pytest.fixture(scope="module")
def bo(db_target, tenant):
    """The cashier signed in at till-1, with a shift open."""
    office = sign_in(db_target, tenant.slug, "cashier", station="till-1")
    office.open_shift(0)
    yield office
    office.close()


@pytest.fixture(scope="module")
def admin(db_target, tenant):
    office = sign_in(db_target, tenant.slug, "admin", station="office")
    yield office
    office.close()


@pytest.fixture(scope="module")
def other(db_target, tenant):
    """Another cashier at till-2."""
    office = sign_in(db_target, tenant.slug, "other", station="till-2")
    yield office
    office.close()


@pytest.fixture(scope="module")
def seatmap_id(admin):
    return admin.import_seatmap(grid_plan(6, 10), name="Grid hall")


@pytest.fixture
def event_id(admin, seatmap_id):
    """A fresh event per test, tomorrow: every test starts with all its seats free."""
    return admin.create_event("Concert", seatmap_id, datetime.now(UTC) + timedelta(days=1), PRICES)


class Recorder:
    """What a session emitted, in order."""

    def __init__(self) -> None:
        self.updates: list[Update] = []

    def __call__(self, update: Update) -> None:
        self.updates.append(update)

    def of(self, kind: type[Any]) -> list[Any]:
        return [u for u in self.updates if isinstance(u, kind)]

    def last(self, kind: type[Any]) -> Any:
        found = self.of(kind)
        assert found, f"no {kind.__name__} was emitted"
        return found[-1]

    def notices(self) -> list[tuple[str, str]]:
        return [(n.text, n.kind) for n in self.of(Notice) if n.text]

    def clear(self) -> None:
        self.updates.clear()


class Clock:
    """A monotonic clock the test moves."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def open_session(bo, event_id) -> Iterator[Callable[..., tuple[CounterSession, Recorder]]]:
    """open_session(bo=..., runner=..., **kw): a session on the test's event, its seats read."""
    made: list[CounterSession] = []

    def make(office=None, runner=None, **kw: Any) -> tuple[CounterSession, Recorder]:
        office = office or bo
        session = CounterSession(office, runner or run_now, **kw)
        seen = Recorder()
        session.subscribe(seen)
        session.reload_events()
        if isinstance(runner, StepRunner):
            runner.drain()
        assert session.select_event(event_id)
        if isinstance(runner, StepRunner):
            runner.drain()
        assert session.is_settled() and len(session.seats()) == 60
        made.append(session)
        return session, seen

    yield make
    for session in made:
        session.close()
    for office in {s.bo for s in made}:
        for seat in office.seats(event_id):
            if seat.state == "held" and seat.hold_id is not None and seat.holder_station == office.station:
                office.release(seat.hold_id)


@pytest.fixture
def counter(open_session) -> tuple[CounterSession, Recorder]:
    return open_session()


def row(session: CounterSession, label: str) -> list[int]:
    """The seat ids of one row (A..F), in order along it."""
    seats = [s for s in session.seats() if s.row == label]
    return [s.id for s in sorted(seats, key=lambda s: s.ordinal)]


def states(bo, event_id: int) -> dict[int, Any]:
    return {s.id: s for s in bo.seats(event_id)}
