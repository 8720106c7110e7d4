"""Signing in and reading an event's seats through the policies.

    python tests/benchmarks/bench_sign_in.py [--database-url URL] [--sign-ins 30] [--reads 100] [--seats 600]

- sign-in: from the cashier pressing "Sign in" to the first screen's data (the event list): today,
  connecting as the staff member's own login role (SCRAM, the schema check, ``bo_whoami``) on a fresh
  connection; before the trust issue, the app's Argon2 check and lockout bookkeeping on the station's
  already-open pool.
- seats: ``bo.seats(event)`` of a 600-seat event (the sales screen's first read of a map), through the
  row-level policies (``tenant_id = (SELECT bo_tenant())`` today, a setting before).

The same file runs on the program before the trust issue (it tells the two APIs apart), so the figures
compare like with like: ``git worktree add /tmp/before <commit>`` and run it there with
``PYTHONPATH=/tmp/before``. Without --database-url it measures on an embedded PostgreSQL in a temporary
folder. It prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.common import bench_database, grid_plan, median, percentile  # noqa: E402

PASSWORD = "bench-pass-1"


def _new_api() -> bool:
    from boxoffice_desktop.api import BoxOffice

    return not hasattr(BoxOffice, "for_database")


def prepare(url: str, seats: int) -> tuple[str, int]:
    """A tenant with a cashier and an event of ``seats`` seats; (slug, event id)."""
    from sync.config import parse_database_url
    from sync.db import Database

    slug = f"bench-{secrets.token_hex(3)}"
    target = parse_database_url(url)
    if _new_api():
        from boxoffice_desktop.api import BoxOffice, BoxOfficeAdmin

        admin = BoxOfficeAdmin(Database(target, owner_side=True, station="bench"))
        admin.create_tenant(slug, "Bench")
        admin.create_user(slug, "boss", "admin", PASSWORD)
        admin.create_user(slug, "seller", "cashier", PASSWORD)
        admin.close()
        with BoxOffice.sign_in(target, tenant=slug, user="boss", password=PASSWORD, station="setup") as bo:
            sm = bo.import_seatmap(grid_plan(seats))
            event_id = bo.create_event("Bench night", sm, datetime.now(UTC) + timedelta(days=1), {"A": 10, "B": 20})
        return slug, event_id
    from boxoffice_desktop.api import BoxOffice
    from boxoffice_desktop.services.staff import create_user
    from boxoffice_desktop.services.tenants import create_tenant

    db = Database(target)
    tenant = create_tenant(db, slug, "Bench")
    create_user(db, tenant.id, "seller", "cashier", PASSWORD)
    with BoxOffice.for_database(db, tenant=slug, station="setup", owns_db=False) as bo:
        sm = bo.import_seatmap(grid_plan(seats))
        event_id = bo.create_event("Bench night", sm, datetime.now(UTC) + timedelta(days=1), {"A": 10, "B": 20})
    db.dispose()
    return slug, event_id


def sign_ins(url: str, slug: str, n: int) -> list[float]:
    from boxoffice_desktop.api import BoxOffice
    from sync.config import parse_database_url
    from sync.db import Database

    target = parse_database_url(url)
    times = []
    if _new_api():
        for _ in range(n):
            t = time.perf_counter()
            bo = BoxOffice.sign_in(target, tenant=slug, user="seller", password=PASSWORD, station="bench")
            bo.events()
            times.append(time.perf_counter() - t)
            bo.close()
        return times
    db = Database(target)  # the station's pool, open since the app started
    with db.engine.connect():
        pass
    for _ in range(n):
        t = time.perf_counter()
        bo = BoxOffice.for_database(db, tenant=slug, user="seller", password=PASSWORD, station="bench", owns_db=False)
        bo.events()
        times.append(time.perf_counter() - t)
        bo.close()
    db.dispose()
    return times


def seat_reads(url: str, slug: str, event_id: int, n: int) -> tuple[list[float], int]:
    from boxoffice_desktop.api import BoxOffice
    from sync.config import parse_database_url
    from sync.db import Database

    target = parse_database_url(url)
    if _new_api():
        bo = BoxOffice.sign_in(target, tenant=slug, user="seller", password=PASSWORD, station="bench")
        db = None
    else:
        db = Database(target)
        bo = BoxOffice.for_database(db, tenant=slug, user="seller", password=PASSWORD, station="bench", owns_db=False)
    count = len(bo.seats(event_id))
    for _ in range(10):
        bo.seats(event_id)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        bo.seats(event_id)
        times.append(time.perf_counter() - t)
    bo.close()
    if db is not None:
        db.dispose()
    return times, count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=os.environ.get("BOXOFFICE_BENCH_DATABASE_URL"))
    ap.add_argument("--sign-ins", type=int, default=30)
    ap.add_argument("--reads", type=int, default=100)
    ap.add_argument("--seats", type=int, default=600)
    args = ap.parse_args()
    model = "staff login roles (today)" if _new_api() else "app role + Argon2 (before the trust issue)"
    with bench_database(args.database_url, "sign_in") as target:
        url = target.libpq_dsn
        print(f"server: {target.display()}; model: {model}")
        slug, event_id = prepare(url, args.seats)
        s = sign_ins(url, slug, args.sign_ins)
        print(
            f"sign-in to the event list: median {median(s) * 1000:.1f} ms, p90 {percentile(s, 90) * 1000:.1f} ms "
            f"over {len(s)} sign-ins"
        )
        r, count = seat_reads(url, slug, event_id, args.reads)
        print(
            f"seats of a {count}-seat event through the policies: median {median(r) * 1000:.2f} ms, "
            f"p90 {percentile(r, 90) * 1000:.2f} ms over {len(r)} reads"
        )
        if _new_api():
            import psycopg

            from tests.staff import drop_roles  # noqa: PLC0415 - only the new model makes roles

            with psycopg.connect(target.with_database("postgres").libpq_dsn, autocommit=True) as conn:
                drop_roles(conn, [f"{slug}.boss", f"{slug}.seller"])


if __name__ == "__main__":
    main()
