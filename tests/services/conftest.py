from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from boxoffice_desktop.api import BoxOffice
from boxoffice_desktop.services.tenants import create_tenant
from tests.plans import grid_plan


@pytest.fixture(scope="module")
def tenant(db):
    return create_tenant(db, "venue", "Venue Theatre")


@pytest.fixture(scope="module")
def bo(db, tenant):
    office = BoxOffice.for_database(db, tenant=tenant.slug, station="till-1", owns_db=False)
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
