"""What the benchmarks share: a server to measure on, and percentiles."""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sync import migrate
from sync.config import DatabaseTarget, parse_database_url
from sync.db import Database


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


@contextmanager
def bench_database(url: str | None, name: str) -> Iterator[DatabaseTarget]:
    """A fresh migrated database: on the server at ``url``, or on an embedded server in a temp folder."""
    import psycopg
    from psycopg import sql

    if url:
        admin = parse_database_url(url)
        data_dir = None
    else:
        from sync.embedded import start_embedded

        data_dir = Path(tempfile.mkdtemp(prefix="bo-bench-"))
        admin = start_embedded(data_dir, database="postgres")
    dbname = f"bench_{name}"
    with psycopg.connect(admin.libpq_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    target = admin.with_database(dbname)
    db = Database(target)
    migrate.upgrade(db.engine)
    db.dispose()
    try:
        yield target
    finally:
        with psycopg.connect(admin.libpq_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
        if data_dir is not None:
            from sync.embedded import stop_embedded

            stop_embedded(data_dir)


def grid_plan(seats: int, per_row: int = 50) -> dict:
    rows = []
    for r in range((seats + per_row - 1) // per_row):
        n = min(per_row, seats - r * per_row)
        rows.append(
            {
                "row_number": str(r + 1),
                "position": {"x": 0, "y": 30 * r},
                "seats": [
                    {
                        "seat_guid": f"b-{r}-{i}",
                        "seat_number": str(i + 1),
                        "position": {"x": 25 * i, "y": 0},
                        "category": "A" if r % 2 else "B",
                    }
                    for i in range(n)
                ],
            }
        )
    return {
        "name": "Bench hall",
        "categories": [{"name": "A", "color": "#3366cc"}, {"name": "B", "color": "#cc6633"}],
        "zones": [{"name": "Hall", "zone_id": "hall", "position": {"x": 0, "y": 0}, "rows": rows, "areas": []}],
        "size": {"width": 25 * per_row + 50, "height": 30 * len(rows) + 50},
    }
