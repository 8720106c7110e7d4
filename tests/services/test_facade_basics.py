"""The scripting API of the foundation: seatmaps, events, prices, seats, and bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from boxoffice_desktop import AuthenticationFailed, BoxOffice, BoxOfficeError, InvalidInput, NotFound, PermissionDenied
from tests.plans import grid_plan
from tests.staff import PASSWORD, sign_in

pytestmark = pytest.mark.db

TOMORROW = datetime.now(UTC) + timedelta(days=1)


def test_events_seats_and_prices(bo, seatmap_id, event_id):
    events = {e.id: e for e in bo.events()}
    assert events[event_id].name == "Concert"
    assert events[event_id].starts_at.tzinfo is not None
    seats = bo.seats(event_id)
    assert len(seats) == 60
    assert len({s.id for s in seats}) == 60
    front = [s for s in seats if s.category == "Front"]
    back = [s for s in seats if s.category == "Back"]
    assert front and back
    assert all(s.price == Decimal("100.00") and isinstance(s.price, Decimal) for s in front)
    assert all(s.price == Decimal("50.00") for s in back)
    assert all(s.state == "free" and s.holder_station is None and s.block_reason is None for s in seats)
    assert {s.guid for s in seats} == {f"s-{r}-{n}" for r in "ABCDEF" for n in range(1, 11)}
    assert all(s.label for s in seats)


def test_statuses_are_str_enums_whose_value_is_the_name():
    from sync.schema import OrderStatus, SeatLockStatus

    assert OrderStatus.PAID == "PAID" and OrderStatus("PAID") is OrderStatus.PAID
    assert str(SeatLockStatus.ACTIVE) == "ACTIVE"


def test_an_event_must_price_every_category(bo, seatmap_id):
    with pytest.raises(InvalidInput, match="no full price for the category 'Back'"):
        bo.create_event("Half priced", seatmap_id, TOMORROW, {"Front": Decimal("10")})


def test_negative_prices_are_refused(bo, seatmap_id):
    with pytest.raises(InvalidInput, match="cannot be negative"):
        bo.create_event("Negative", seatmap_id, TOMORROW, {"Front": Decimal("-1"), "Back": Decimal("5")})


def test_unknown_categories_and_price_types_are_refused(bo, seatmap_id):
    with pytest.raises(InvalidInput, match="no category 'VIP'"):
        bo.create_event("X", seatmap_id, TOMORROW, {"Front": 1, "Back": 1, "VIP": 3})
    with pytest.raises(InvalidInput, match="Unknown price type 'pensioner'"):
        bo.create_event("X", seatmap_id, TOMORROW, {"Front": {"full": 1, "pensioner": 1}, "Back": 1})


def test_bad_input_loses_nothing(bo, seatmap_id):
    before = len(bo.events())
    with pytest.raises(InvalidInput):
        bo.create_event("Broken", seatmap_id, TOMORROW, {"Front": Decimal("10"), "Back": "ten"})
    assert len(bo.events()) == before


def test_unknown_seatmap_is_not_found(bo):
    with pytest.raises(NotFound):
        bo.create_event("X", 999999, TOMORROW, {"Front": 1})


def test_a_plan_with_duplicate_guids_is_refused_naming_the_guid(bo):
    plan = grid_plan(2, 3)
    plan["zones"][0]["rows"][1]["seats"][0]["seat_guid"] = plan["zones"][0]["rows"][0]["seats"][0]["seat_guid"]
    with pytest.raises(BoxOfficeError, match="s-A-1"):
        bo.import_seatmap(plan)


def test_a_plan_with_an_undeclared_category_is_refused_naming_it(bo):
    plan = grid_plan(2, 3)
    plan["zones"][0]["rows"][0]["seats"][2]["category"] = "Gallery"
    with pytest.raises(BoxOfficeError, match="Gallery"):
        bo.import_seatmap(plan)


def test_naive_start_times_are_taken_as_local_time(bo, seatmap_id):
    naive = datetime(2030, 5, 1, 19, 30)
    eid = bo.create_event("Local", seatmap_id, naive, {"Front": 1, "Back": 1})
    got = next(e for e in bo.events() if e.id == eid)
    assert got.starts_at == naive.astimezone()


def test_a_cashier_may_not_import_seatmaps_or_create_events(db, tenant, seatmap_id):
    with sign_in(db.target, tenant.slug, "cashier") as cashier:
        with pytest.raises(PermissionDenied, match="cashier may not change seatmaps"):
            cashier.import_seatmap(grid_plan(1, 2))
        with pytest.raises(PermissionDenied):
            cashier.create_event("Sneaky", seatmap_id, TOMORROW, {"Front": 1, "Back": 1})


def test_an_unknown_tenant_is_the_same_line_as_a_wrong_password(db_url):
    # Nothing is readable before signing in, so an unknown organisation cannot be told from a wrong login.
    with pytest.raises(AuthenticationFailed, match=r"^Wrong organisation, user name or password\.$"):
        BoxOffice.connect(db_url, tenant="nowhere", user="admin", password=PASSWORD)


def test_connect_without_a_user_and_password_is_refused(db_url, tenant):
    with pytest.raises(AuthenticationFailed, match="user name and a password"):
        BoxOffice.connect(db_url, tenant=tenant.slug)
    with pytest.raises(AuthenticationFailed):
        BoxOffice.connect(db_url, tenant=tenant.slug, user="admin")


def test_connect_with_a_url_and_as_a_context_manager(db_url, tenant):
    # A user name in the URL is ignored: the login is <tenant>.<user>.
    with BoxOffice.connect(
        db_url, tenant=tenant.slug, user="cashier", password=PASSWORD, station="script-box"
    ) as office:
        assert office.station == "script-box"
        assert office.actor.username == "cashier" and office.actor.login == f"{tenant.slug}.cashier"
        assert office.actor.role.value == "cashier"
        assert isinstance(office.events(), list)
