"""Seat holds: the cost of one hold against its floor, sixteen stations selling out a hall, feed latency.

    python tests/benchmarks/bench_holds.py [--database-url URL] [--calls 300] [--stations 16]
                                           [--seats 3000] [--listeners 20] [--notes 200]

Without --database-url it measures on an embedded PostgreSQL in a temporary folder. It prints figures;
it asserts nothing (the machines are shared and noisy). Figures go into docs/performance.md.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import secrets
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.common import bench_database, grid_plan, median, percentile  # noqa: E402

# Roles are global to a server: a slug of this run's own, its roles dropped at the end.
TENANT = f"bench-{secrets.token_hex(3)}"
PASSWORD = "bench-pass-1"


def sign_in(url: str, user: str, station: str):  # noqa: ANN201 - a BoxOffice, imported late
    """A staff member of the bench tenant signed in as their own login role, as a station does."""
    from boxoffice_desktop.api import BoxOffice
    from sync.config import parse_database_url

    return BoxOffice.sign_in(parse_database_url(url), tenant=TENANT, user=user, password=PASSWORD, station=station)


def setup(url: str, seats: int) -> int:
    from boxoffice_desktop.api import BoxOfficeAdmin
    from sync.config import parse_database_url
    from sync.db import Database

    admin = BoxOfficeAdmin(Database(parse_database_url(url), owner_side=True, station="bench"))
    if TENANT not in {t.slug for t in admin.tenants()}:
        admin.create_tenant(TENANT, "Bench")
        admin.create_user(TENANT, "boss", "admin", PASSWORD)
        admin.create_user(TENANT, "seller", "cashier", PASSWORD)
    admin.close()
    with sign_in(url, "boss", "setup") as bo:
        sm = bo.import_seatmap(grid_plan(seats))
        event_id = bo.create_event("Bench night", sm, datetime.now(UTC) + timedelta(days=1), {"A": 10, "B": 20})
    return event_id


# 1. one hold against the floor --------------------------------------------------------------------
def floor_vs_hold(url: str, calls: int) -> dict:
    import psycopg

    from sync.config import parse_database_url

    event_id = setup(url, max(4 * calls * 2, 400))
    target = parse_database_url(url)
    # Staff may not take advisory locks any more: the floor runs as the owner, who may.
    conn = psycopg.connect(target.libpq_dsn)
    conn.execute("SET ROLE boxoffice_owner")
    conn.execute("CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY, k bigint NOT NULL)")
    conn.commit()
    bo = sign_in(url, "seller", "bench")
    seats = [s.id for s in bo.seats(event_id)]

    def one_floor(i: int) -> float:
        t = time.perf_counter()
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (1_000_000 + i,))
        conn.execute("INSERT INTO bench_floor (k) VALUES (%s)", (i,))
        conn.commit()
        return time.perf_counter() - t

    def one_hold(i: int) -> float:
        group = seats[4 * i : 4 * i + 4]
        t = time.perf_counter()
        bo.hold(event_id, group, ttl_seconds=900)
        return time.perf_counter() - t

    for i in range(20):  # warm both paths (plans, pooled connection)
        one_floor(i)
    floor, hold = [], []
    done = 0
    # Interleave blocks so that a noisy neighbour hurts both sides alike.
    while done < calls:
        block = min(50, calls - done)
        floor += [one_floor(done + j) for j in range(block)]
        hold += [one_hold(done + j) for j in range(block)]
        done += block
    conn.close()
    bo.close()
    return {
        "floor_ms": median(floor) * 1000,
        "hold_ms": median(hold) * 1000,
        "calls": calls,
        "hold_p99_ms": percentile(hold, 99) * 1000,
    }


# 2. sixteen stations selling out a hall ------------------------------------------------------------
def station_sell(
    url: str, tenant: str, event_id: int, seat_ids: list[int], name: str, seed: int, out: mp.Queue
) -> None:
    from boxoffice_desktop.errors import BoxOfficeError, Busy, SeatsUnavailable

    global TENANT
    TENANT = tenant  # a spawned worker made its own random slug on import
    bo = sign_in(url, "seller", name)
    bo.open_shift(0)
    rng = random.Random(seed)
    free = set(seat_ids)
    latencies, sold, refused, busy = [], 0, 0, 0
    while free:
        k = min(len(free), rng.randint(1, 4))
        want = rng.sample(sorted(free), k)
        t = time.perf_counter()
        try:
            h = bo.hold(event_id, want, ttl_seconds=60)
        except SeatsUnavailable as exc:
            latencies.append(time.perf_counter() - t)
            refused += 1
            free -= set(exc.seat_ids)
            continue
        except Busy:
            busy += 1
            continue
        latencies.append(time.perf_counter() - t)
        try:
            order = bo.sell(h.id)
            sold += len(order.items)
        except BoxOfficeError:
            pass
        free -= set(want)
        if not free:  # what we believe sold may not be: ask the server once more
            free = {s.id for s in bo.seats(event_id) if s.state == "free"}
    bo.close()
    out.put((name, latencies, sold, refused, busy))


def sell_out(url: str, stations: int, seats: int) -> dict:
    event_id = setup(url, seats)
    from sync.config import parse_database_url
    from sync.db import Database

    db = Database(parse_database_url(url))
    with sign_in(url, "seller", "counting") as bo:
        seat_ids = [s.id for s in bo.seats(event_id)]
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [
        ctx.Process(target=station_sell, args=(url, TENANT, event_id, seat_ids, f"till-{i}", i, out))
        for i in range(stations)
    ]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get(timeout=900) for _ in procs]
    elapsed = time.perf_counter() - t0
    for p in procs:
        p.join()
    latencies = [x for r in results for x in r[1]]
    with sign_in(url, "seller", "counting") as bo:
        states = [s.state for s in bo.seats(event_id)]
    with db.engine.connect() as conn:
        from sqlalchemy import text

        doubles = conn.execute(
            text(
                "SELECT count(*) FROM (SELECT event_seat_id FROM order_item WHERE event_id = :e AND state = 'sold' "
                "GROUP BY event_seat_id HAVING count(*) > 1) d"
            ),
            {"e": event_id},
        ).scalar()
    db.dispose()
    return {
        "stations": stations,
        "seats": seats,
        "seconds": elapsed,
        "holds": len(latencies),
        "sold": sum(r[2] for r in results),
        "refused": sum(r[3] for r in results),
        "busy": sum(r[4] for r in results),
        "free_left": states.count("free"),
        "double_sales": doubles,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
    }


# 3. feed latency to twenty stations ------------------------------------------------------------------
def listener(url: str, tenant: str, notes: int, ready, out: mp.Queue) -> None:
    import threading

    from sync.config import parse_database_url
    from sync.db import Database
    from sync.feed import SeatFeed

    login = parse_database_url(url).as_login(f"{tenant}.seller", PASSWORD)
    db = Database(login, pool_size=1)
    received: dict[int, float] = {}
    done = threading.Event()

    def cb(event_id, seat_ids):
        now = time.time()
        for s in seat_ids or ():
            received.setdefault(s, now)
        if len(received) >= notes:
            done.set()

    feed = SeatFeed(db.direct_connect)
    feed.subscribe(cb)
    feed.start()
    feed.wait_connected(10)
    ready.release()
    done.wait(120)
    feed.stop()
    out.put(received)


def feed_latency(url: str, listeners: int, notes: int) -> dict:
    from sqlalchemy import event as sa_event

    event_id = setup(url, notes + 10)
    bo = sign_in(url, "seller", "publisher")
    db = bo.db
    seat_ids = [s.id for s in bo.seats(event_id)][:notes]
    ctx = mp.get_context("spawn")
    ready = ctx.Semaphore(0)
    out = ctx.Queue()
    procs = [ctx.Process(target=listener, args=(url, TENANT, notes, ready, out)) for _ in range(listeners)]
    for p in procs:
        p.start()
    for _ in procs:
        ready.acquire(timeout=60)
    committed: dict[int, float] = {}
    pending: list[int] = []

    @sa_event.listens_for(db.engine, "commit")
    def _at_commit(conn):  # just before the COMMIT goes to the server
        for s in pending:
            committed[s] = time.time()

    for s in seat_ids:
        pending[:] = [s]
        bo.hold(event_id, [s], ttl_seconds=600)
        time.sleep(0.01)
    results = [out.get(timeout=180) for _ in procs]
    for p in procs:
        p.join()
    lat = [(got[s] - committed[s]) * 1000 for got in results for s in seat_ids if s in got]
    missing = sum(1 for got in results for s in seat_ids if s not in got)
    bo.close()
    return {
        "listeners": listeners,
        "notes": len(seat_ids),
        "samples": len(lat),
        "missing": missing,
        "p50_ms": percentile(lat, 50),
        "p99_ms": percentile(lat, 99),
        "max_ms": max(lat) if lat else float("nan"),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=os.environ.get("BOXOFFICE_BENCH_DATABASE_URL"))
    ap.add_argument("--calls", type=int, default=300)
    ap.add_argument("--stations", type=int, default=16)
    ap.add_argument("--seats", type=int, default=3000)
    ap.add_argument("--listeners", type=int, default=20)
    ap.add_argument("--notes", type=int, default=200)
    ap.add_argument("--only", choices=["floor", "sellout", "feed"], default=None)
    args = ap.parse_args()
    with bench_database(args.database_url, "holds") as target:
        url = target.libpq_dsn
        print(f"server: {target.display()}")
        if args.only in (None, "floor"):
            r = floor_vs_hold(url, args.calls)
            print(
                f"uncontended hold of 4 seats: median {r['hold_ms']:.3f} ms (p99 {r['hold_p99_ms']:.3f} ms); "
                f"floor (advisory lock + insert + commit): median {r['floor_ms']:.3f} ms; "
                f"ratio {r['hold_ms'] / r['floor_ms']:.2f}x over {r['calls']} calls each"
            )
        if args.only in (None, "sellout"):
            r = sell_out(url, args.stations, args.seats)
            print(
                f"{r['stations']} stations selling out {r['seats']} seats: {r['seconds']:.1f} s, {r['holds']} holds, "
                f"{r['sold']} seats sold, {r['refused']} refusals, {r['busy']} busy, {r['free_left']} left free, "
                f"{r['double_sales']} double sales; hold p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms"
            )
        if args.only in (None, "feed"):
            r = feed_latency(url, args.listeners, args.notes)
            print(
                f"feed latency commit -> callback, {r['listeners']} listening stations, {r['notes']} changes: "
                f"p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, max {r['max_ms']:.2f} ms "
                f"({r['samples']} samples, {r['missing']} missing)"
            )
        import psycopg

        from tests.staff import drop_roles

        with psycopg.connect(target.with_database("postgres").libpq_dsn, autocommit=True) as conn:
            drop_roles(conn, [f"{TENANT}.boss", f"{TENANT}.seller"])


if __name__ == "__main__":
    main()
