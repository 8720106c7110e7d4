"""Stations in separate processes fight over a few seats with short holds.

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

from boxoffice_desktop.api import BoxOffice
from boxoffice_desktop.services.tenants import create_tenant
from sync.db import Database
from tests.conftest import clone_database, drop_database
from tests.plans import grid_plan
from tests.sync.race import check, run_race

pytestmark = [pytest.mark.db, pytest.mark.slow]

SEATS = 16


def _prepare(db):
    tenant = create_tenant(db, "race", "Race Hall")
    with BoxOffice.for_database(db, tenant="race", owns_db=False) as bo:
        sm = bo.import_seatmap(grid_plan(1, SEATS))
        event_id = bo.create_event("Race night", sm, datetime.now(UTC) + timedelta(days=1), {"Front": 10, "Back": 10})
        seat_ids = [s.id for s in bo.seats(event_id)]
    return tenant, event_id, seat_ids


def _settle(db, tenant, event_id):
    """Wait out every hold, sweep, and return the API's view and the checker's verdict."""
    time.sleep(0.5)
    with BoxOffice.for_database(db, tenant=tenant.slug, owns_db=False) as bo:
        bo.reap_expired()
        states = {s.id: s.state for s in bo.seats(event_id)}
    with db.engine.connect() as conn:
        verdict = check(conn, tenant.id, event_id)
    return states, verdict


def test_no_seat_is_ever_held_twice_or_sold_twice(db, db_url):
    tenant, event_id, seat_ids = _prepare(db)
    results = run_race(db_url, tenant.slug, event_id, seat_ids, stations=6, rounds=80)
    errors = [e for _, r in results for e in r.errors]
    assert not errors, errors[0]
    holds = sum(r.holds for _, r in results)
    refusals = sum(r.refusals for _, r in results)
    assert holds >= 15 and refusals >= 15, "the race must really contend for the seats"
    assert sum(r.backstop_hits for _, r in results) == 0, "the locks, not the unique index, must decide"
    states, verdict = _settle(db, tenant, event_id)
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


LOCK_FREE = [
    # Drop every advisory lock of the hold protocol...
    (r"PERFORM pg_advisory_xact_lock\(bo_event_key\(p_event_id\)\);", "NULL;"),
    (r"PERFORM pg_advisory_xact_lock_shared\(bo_event_key\(p_event_id\)\);", "NULL;"),
    (r"PERFORM pg_advisory_xact_lock\(bo_seat_key\(v_id\)\);", "NULL;"),
]


def _break_the_lock(target) -> None:
    db = Database(target)
    try:
        with db.engine.begin() as conn:
            src = conn.execute(text("SELECT pg_get_functiondef('bo_hold'::regproc)")).scalar()
            for pattern, repl in LOCK_FREE:
                src, n = re.subn(pattern, repl, src)
                assert n == 1, pattern
            conn.execute(text(src.replace("$function$", "$fn$")))
            # ...and the unique indexes behind the locks, so a broken lock shows as what it is.
            conn.execute(text("DROP INDEX uq_seat_lock_active_seat"))
            conn.execute(text("DROP INDEX uq_order_item_sold_seat"))
    finally:
        db.dispose()


def test_the_check_catches_a_lock_free_variant(pg_admin_target, template_db):
    target = clone_database(pg_admin_target, template_db, "race_broken")
    try:
        _break_the_lock(target)
        db = Database(target)
        try:
            tenant, event_id, seat_ids = _prepare(db)
            results = None
            verdict = None
            for attempt in range(3):  # a race is a race: give the broken variant a few chances to show
                results = run_race(
                    target.libpq_dsn,
                    tenant.slug,
                    event_id,
                    seat_ids,
                    stations=6,
                    rounds=30,
                    same_seat_every=1,
                    sell_chance=0.0,
                    seed=attempt + 7,
                )
                _, verdict = _settle(db, tenant, event_id)
                if verdict.overlapping_holds:
                    break
            assert results is not None and verdict is not None
            assert verdict.overlapping_holds, "without its locks the protocol must double-hold, and the check see it"
        finally:
            db.dispose()
    finally:
        drop_database(pg_admin_target, target)
