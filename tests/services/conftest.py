from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from tests.plans import grid_plan
from tests.staff import add_tenant, sign_in


@pytest.fixture(scope="module")
def tenant(db):
    return add_tenant(db, "venue", title="Venue Theatre", users=(("admin", "admin"), ("cashier", "cashier")))


@pytest.fixture(scope="module")
def bo(db_target, tenant):
    """The venue's administrator signed in at till-1."""
    office = sign_in(db_target, tenant.slug, "admin", station="till-1")
    office.open_shift(0)  # cash and card sales need an open shift at the selling station
    yield office
    office.close()


@pytest.fixture(scope="module")
def seatmap_id(bo):
    return bo.import_seatmap(grid_plan(6, 10), name="Grid hall")


@pytest.fixture
def event_id(bo, seatmap_id):
    """A fresh event per test: every test starts with all seats free."""
    return bo.create_event(
        "Concert",
        seatmap_id,
        datetime.now(UTC) + timedelta(days=1),
        {"Front": {"full": Decimal("100.00"), "concession": Decimal("70.00")}, "Back": Decimal("50.00")},
    )
