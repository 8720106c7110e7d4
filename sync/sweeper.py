"""The expiry sweeper: one daemon thread per station, one active sweeper per tenant.

The thread keeps a direct connection on which it holds its tenant's sweeper election (a session advisory
lock, taken by the server's ``bo_sweeper_elect``: staff cannot take advisory locks themselves); the
station that holds it sweeps, the others wait and try again, and when the sweeping station dies
its connection (and so the lock) goes with it. Correctness never depends on the sweeper: a hold ignores
expired locks by itself. The sweep is idempotent, so two sweepers for a moment after a failover do no harm.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import psycopg

from sync.daemon import DaemonLoop
from sync.db import Database
from sync.holds import elect_sweeper, reap_expired

log = logging.getLogger(__name__)

SWEEP_INTERVAL = 2.0
BACKOFF_MAX = 10.0


class Sweeper(DaemonLoop):
    def __init__(
        self,
        db: Database,
        tenant_id: int | None = None,
        *,
        station: str,
        interval: float = SWEEP_INTERVAL,
        on_sweep: Callable[[int], None] | None = None,
    ):
        super().__init__("seat-sweeper", stop_timeout=3.0)
        self._db = db
        self._tenant_id = tenant_id
        self._station = station
        self._interval = interval
        self._on_sweep = on_sweep
        self._election: psycopg.Connection | None = None
        self.elected = False
        self.sweeps = 0
        self.released = 0

    def _elect(self) -> bool:
        if self._election is None or self._election.closed:
            self._election = self._db.direct_connect(autocommit=True)
            self.elected = False
        if not self.elected:
            self.elected = elect_sweeper(self._election)
            if self.elected:
                log.info("this station sweeps expired holds for tenant %s", self._tenant_id)
        else:
            # A cheap liveness check of the connection that carries our election.
            self._election.execute("SELECT 1")
        return self.elected

    def sweep_once(self) -> int:
        with self._db.connection(self._tenant_id, station=self._station) as conn:
            released = reap_expired(conn)
        self.sweeps += 1
        self.released += released
        if released and self._on_sweep is not None:
            self._on_sweep(released)
        return released

    def _drop_election(self) -> None:
        conn, self._election, self.elected = self._election, None, False
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass

    def _run(self) -> None:
        backoff = self._interval
        while not self._stop.is_set():
            try:
                if self._elect():
                    self.sweep_once()
                backoff = self._interval
            except Exception as exc:  # a lost server must not kill the thread: retry with backoff
                log.warning("sweeper: %s; retrying in %.1f s", str(exc).strip().splitlines()[0][:200], backoff)
                self._drop_election()
                self._stop.wait(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX)
                continue
            self._stop.wait(self._interval)
        self._drop_election()
