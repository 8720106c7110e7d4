"""Stations in separate processes fight over a few seats with short holds, each signed in as the
organisation's one cashier (its own login role and password, as the login window signs in: the workers
never get the administrator's URL).

Checks that no seat is ever held twice at once or sold twice, that every hold ends, and that the state the
API reports matches what the stations did — and, against a deliberately lock-free variant of the hold
function (the backstop indexes dropped too), that this very check catches the broken lock.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from sync.config import DatabaseTarget
from sync.db import Database
from tests.conftest import clone_database, drop_database
from tests.plans import grid_plan
from tests.staff import PASSWORD, add_tenant, sign_in
from tests.sync.race import check, run_race

pytestmark = [pytest.mark.db, pytest.mark.slow]

SEATS = 16


def _prepare(db, target: DatabaseTarget):
    """An organisation whose manager lays out the hall and the event; its one cashier sells at every till."""
    tenant = add_tenant(db, "race", users=(("manager", "manager"), ("cashier", "cashier")), title="Race Hall")
    with sign_in(target, tenant.slug, "manager", station="office") as bo:
        sm = bo.import_seatmap(grid_plan(1, SEATS))
        event_id = bo.create_event("Race night", sm, datetime.now(UTC) + timedelta(days=1), {"Front": 10, "Back": 10})
        seat_ids = [s.id for s in bo.seats(event_id)]
    return tenant, event_id, seat_ids


def _station_url(target: DatabaseTarget, tenant) -> str:
    """What the worker processes get: the cashier's own login, never the administrator's."""
    return target.as_login(f"{tenant.slug}.cashier", PASSWORD).libpq_dsn


def _settle(db, target: DatabaseTarget, tenant, event_id):
    """Wait out every hold, sweep, and return the API's view and the checker's verdict."""
    time.sleep(0.5)
    with sign_in(target, tenant.slug, "manager", station="office") as bo:
        bo.reap_expired()
        states = {s.id: s.state for s in bo.seats(event_id)}
    with db.engine.connect() as conn:  # a superuser's look at every row
        verdict = check(conn, tenant.id, event_id)
    return states, verdict


def test_no_seat_is_ever_held_twice_or_sold_twice(db, db_target):
    tenant, event_id, seat_ids = _prepare(db, db_target)
    url = _station_url(db_target, tenant)
    assert db_target.url.password is None or db_target.url.password not in url
    results = run_race(url, tenant.slug, "cashier", event_id, seat_ids, stations=6, rounds=80)
    errors = [e for _, r in results for e in r.errors]
    assert not errors, errors[0]
    holds = sum(r.holds for _, r in results)
    refusals = sum(r.refusals for _, r in results)
    assert holds >= 15 and refusals >= 15, "the race must really contend for the seats"
    assert sum(r.backstop_hits for _, r in results) == 0, "the locks, not the unique index, must decide"
    states, verdict = _settle(db, db_target, tenant, event_id)
    assert not verdict.overlapping_holds
    assert not verdict.double_sales
    assert verdict.active_left == 0, "every hold must end"
    sold_by_stations = {}
    for _, r in results:
        for seat, order in r.sold_seats.items():
            assert seat not in sold_by_stations, f"seat {seat} reported sold by two stations"
            sold_by_stations[seat] = order
    assert {s for s, st in states.items() if st == "sold"} == set(sold_by_stations)
    assert all(st == "free" for s, st in states.items() if s not in sold_by_stations)


# Every advisory lock bo_hold takes (the event's, shared or exclusive, and each seat's), in its own words.
LOCK_STATEMENT = re.compile(r"PERFORM\s+pg_advisory_xact_lock(?:_shared)?\s*\(\s*bo_(?:event|seat)_key\([^;]*\);")


def _break_the_lock(target) -> None:
    """bo_hold without its locks (and the unique indexes behind them), so a broken lock shows as what it is."""
    db = Database(target)
    try:
        with db.engine.begin() as conn:
            src = conn.execute(text("SELECT pg_get_functiondef('bo_hold'::regproc)")).scalar()
            src, n = LOCK_STATEMENT.subn("NULL;", src)
            assert n == 3, "bo_hold's lock statements changed: update LOCK_STATEMENT"
            assert "advisory" not in src and "bo_lock_seats" not in src, "bo_hold locks in a way this test misses"
            # Straight to psycopg: the body is full of % and :name-like text. CREATE OR REPLACE keeps the
            # owner (and so the definer's rights and FORCE RLS).
            conn.connection.driver_connection.execute(src)
            conn.execute(text("DROP INDEX uq_seat_lock_active_seat"))
            conn.execute(text("DROP INDEX uq_order_item_sold_seat"))
            owner = conn.execute(text("SELECT proowner::regrole::text FROM pg_proc WHERE proname = 'bo_hold'")).scalar()
            assert owner == "boxoffice_owner"
    finally:
        db.dispose()


def test_the_check_catches_a_lock_free_variant(pg_admin_target, template_db):
    target = clone_database(pg_admin_target, template_db, "race_broken")
    try:
        _break_the_lock(target)
        db = Database(target, owner_side=True)
        try:
            tenant, event_id, seat_ids = _prepare(db, target)
            results = None
            verdict = None
            for attempt in range(3):  # a race is a race: give the broken variant a few chances to show
                results = run_race(
                    _station_url(target, tenant),
                    tenant.slug,
                    "cashier",
                    event_id,
                    seat_ids,
                    stations=6,
                    rounds=30,
                    same_seat_every=1,
                    sell_chance=0.0,
                    seed=attempt + 7,
                )
                errors = [e for _, r in results for e in r.errors]
                assert not errors, errors[0]
                _, verdict = _settle(db, target, tenant, event_id)
                if verdict.overlapping_holds:
                    break
            assert results is not None and verdict is not None
            assert verdict.overlapping_holds, "without its locks the protocol must double-hold, and the check see it"
        finally:
            db.dispose()
    finally:
        drop_database(pg_admin_target, target)
