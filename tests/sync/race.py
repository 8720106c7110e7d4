"""The race between stations: worker processes and the checker of what they did.

Kept apart from the test so that the spawned processes can import it, and so the benchmark can reuse it.
"""

from __future__ import annotations

import random
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import text


@dataclass
class RaceReport:
    holds: int = 0
    refusals: int = 0
    busy: int = 0
    sold: int = 0
    released: int = 0
    left_to_expire: int = 0
    late_sales: int = 0
    backstop_hits: int = 0
    errors: list[str] = field(default_factory=list)
    sold_seats: dict[int, int] = field(default_factory=dict)  # seat -> order id, as the stations saw it


def station(
    url: str,
    tenant: str,
    user: str,
    name: str,
    event_id: int,
    seat_ids: list[int],
    rounds: int,
    barrier: Any,
    queue: Any,
    seed: int,
    same_seat_every: int,
    ttl_range: tuple[float, float],
    sell_chance: float,
) -> None:
    """One station: in each round wait for all the others, then try to hold seats and act on the hold.

    ``url``: the server and database, signed in as the staff member's login role with its password (what
    a station knows); the station signs in with them exactly as the login window does."""
    report = RaceReport()
    try:
        from boxoffice_desktop.api import BoxOffice
        from boxoffice_desktop.errors import BoxOfficeError, Busy, SeatsUnavailable
        from sync.config import parse_database_url

        target = parse_database_url(url)
        bo = BoxOffice.sign_in(target, tenant=tenant, user=user, password=target.url.password or "", station=name)
        if bo.current_shift() is None:
            bo.open_shift(0)
        rng = random.Random(seed)
        for r in range(rounds):
            if same_seat_every and r % same_seat_every == 0:
                # Everyone released at the same instant onto the same seats.
                want = random.Random(10_000 + r).sample(seat_ids, 2)
            else:
                want = rng.sample(seat_ids, rng.randint(1, 3))
            barrier.wait(timeout=60)
            try:
                h = bo.hold(event_id, want, ttl_seconds=rng.uniform(*ttl_range))
            except SeatsUnavailable as exc:
                report.refusals += 1
                if not exc.seat_ids:
                    report.backstop_hits += 1  # the unique index, not the locks, stopped a double hold
                continue
            except Busy:
                report.busy += 1
                continue
            report.holds += 1
            time.sleep(rng.uniform(0, 0.02))  # the cashier looks at the seats before acting
            roll = rng.random()
            if roll < sell_chance:
                try:
                    order = bo.sell(h.id)
                except SeatsUnavailable:
                    report.backstop_hits += 1
                except BoxOfficeError:
                    report.late_sales += 1  # the hold expired before the sale: refused, as it must be
                else:
                    report.sold += 1
                    for item in order.items:
                        report.sold_seats[item.seat_id] = order.id
            elif roll < sell_chance + (1 - sell_chance) / 2:
                bo.release(h.id)
                report.released += 1
            else:
                report.left_to_expire += 1
        bo.close()
    except Exception:
        report.errors.append(f"{name}: {traceback.format_exc()}")
        try:
            barrier.abort()
        except Exception:
            pass
    queue.put((name, report))


def run_race(
    url: str,
    tenant: str,
    user: str,
    event_id: int,
    seat_ids: list[int],
    *,
    stations: int = 6,
    rounds: int = 30,
    same_seat_every: int = 3,
    ttl_range: tuple[float, float] = (0.05, 0.4),
    sell_chance: float = 0.08,
    seed: int = 1,
) -> list[tuple[str, RaceReport]]:
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(stations)
    queue = ctx.Queue()
    procs = [
        ctx.Process(
            target=station,
            args=(
                url,
                tenant,
                user,
                f"till-{i}",
                event_id,
                seat_ids,
                rounds,
                barrier,
                queue,
                seed * 100 + i,
                same_seat_every,
                ttl_range,
                sell_chance,
            ),
        )
        for i in range(stations)
    ]
    for p in procs:
        p.start()
    results: list[tuple[str, RaceReport]] = []
    deadline = time.monotonic() + 300
    while len(results) < len(procs):
        try:
            results.append(queue.get(timeout=1))
        except Exception:
            dead = [p for p in procs if p.exitcode not in (None, 0)]
            if dead or time.monotonic() > deadline:
                for p in procs:
                    p.kill()
                raise RuntimeError(f"a station process died (exit codes {[p.exitcode for p in procs]})") from None
    for p in procs:
        p.join(30)
    return results


@dataclass
class Violations:
    overlapping_holds: list[tuple[int, int, int]] = field(default_factory=list)  # seat, lock a, lock b
    double_sales: list[tuple[int, int]] = field(default_factory=list)  # seat, count
    active_left: int = 0
    mismatched_states: list[tuple[int, str, str]] = field(default_factory=list)

    def any(self) -> bool:
        return bool(self.overlapping_holds or self.double_sales or self.active_left or self.mismatched_states)


def check(conn: Any, tenant_id: int, event_id: int) -> Violations:
    """What the database says happened: no seat held twice at once, none sold twice, every hold ended."""
    v = Violations()
    rows = conn.execute(
        text(
            "SELECT id, event_seat_id, created_at, status, "
            "CASE WHEN ended_at IS NULL THEN expires_at ELSE least(ended_at, expires_at) END AS effective_end "
            "FROM seat_lock WHERE tenant_id = :t AND event_id = :e ORDER BY event_seat_id, created_at, id"
        ),
        {"t": tenant_id, "e": event_id},
    ).all()
    last: dict[int, tuple[int, datetime]] = {}
    for r in rows:
        if r.status == "ACTIVE":
            v.active_left += 1
        prev = last.get(r.event_seat_id)
        if prev is not None and r.created_at < prev[1]:
            v.overlapping_holds.append((r.event_seat_id, prev[0], r.id))
        if prev is None or r.effective_end > prev[1]:
            last[r.event_seat_id] = (r.id, r.effective_end)
    v.double_sales = [
        (seat, n)
        for seat, n in conn.execute(
            text(
                "SELECT event_seat_id, count(*) FROM order_item WHERE tenant_id = :t AND event_id = :e "
                "AND state = 'sold' GROUP BY event_seat_id HAVING count(*) > 1"
            ),
            {"t": tenant_id, "e": event_id},
        )
    ]
    return v
