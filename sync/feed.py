"""The live seat feed: LISTEN on the tenant's channel over a dedicated connection.

One daemon thread per station, listening on its tenant's channel (``bo_feed_channel()``). Payloads carry
ids only and are treated as hints to re-read, never as data. Callbacks run on that thread:
``callback(event_id, seat_ids)``, where ``seat_ids`` None means "reload that event" and ``(None, None)``
means "reload everything" — sent after every reconnect, since notifications sent while the feed was away
are gone. The feed knows nothing of Qt; a Qt adapter turns these calls into signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from psycopg import sql

from sync.daemon import DaemonLoop, subscriber_list
from sync.errors import SyncError
from sync.holds import feed_channel, parse_payload

log = logging.getLogger(__name__)

SeatCallback = Callable[[int | None, list[int] | None], None]
StatusCallback = Callable[[bool], None]

POLL_SECONDS = 0.25
BACKOFF_START = 0.2
BACKOFF_MAX = 5.0


class SeatFeed(DaemonLoop):
    def __init__(self, connect: Callable[[], psycopg.Connection], *, name: str = "seat-feed"):
        super().__init__(name, stop_timeout=2.0)
        self._connect = connect
        self._subscribers: list[SeatCallback] = []
        self._status_subscribers: list[StatusCallback] = []
        self._lock = threading.Lock()
        self._connected = threading.Event()
        self._conn: psycopg.Connection | None = None
        self.reconnects = 0

    # subscription -----------------------------------------------------------------------------------
    def subscribe(self, callback: SeatCallback) -> Callable[[], None]:
        return subscriber_list(self._subscribers, self._lock, callback)

    def on_status(self, callback: StatusCallback) -> Callable[[], None]:
        return subscriber_list(self._status_subscribers, self._lock, callback)

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def wait_connected(self, timeout: float = 10.0) -> bool:
        return self._connected.wait(timeout)

    # the thread -------------------------------------------------------------------------------------
    def _dispatch(self, event_id: int | None, seat_ids: list[int] | None) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(event_id, seat_ids)
            except Exception:  # one faulty subscriber must not stop the feed for the others
                log.exception("seat feed subscriber failed")

    def _set_status(self, connected: bool) -> None:
        if connected == self._connected.is_set():
            return
        if connected:
            self._connected.set()
        else:
            self._connected.clear()
        with self._lock:
            subscribers = list(self._status_subscribers)
        for callback in subscribers:
            try:
                callback(connected)
            except Exception:
                log.exception("seat feed status subscriber failed")

    def _run(self) -> None:
        backoff = BACKOFF_START
        first = True
        while not self._stop.is_set():
            try:
                conn = self._connect()
                self._conn = conn
                try:
                    # NOTIFY is not covered by row-level security: the tenant's channel has a random name that
                    # only its staff can read, asked afresh on every connect (a failover may bring a new one).
                    channel = feed_channel(conn)
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
                    if not first:
                        self.reconnects += 1
                        log.info("seat feed back after a break: asking for a full reload")
                    self._set_status(True)
                    if not first:
                        self._dispatch(None, None)
                    first = False
                    backoff = BACKOFF_START
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=POLL_SECONDS):
                            try:
                                event_id, seat_ids = parse_payload(note.payload)
                            except (ValueError, KeyError, TypeError):
                                log.warning("unreadable seat notification %r", note.payload[:200])
                                continue
                            self._dispatch(event_id, seat_ids)
                finally:
                    self._conn = None
                    try:
                        conn.close()
                    except Exception:
                        pass
            except (psycopg.Error, OSError, SyncError) as exc:
                if self._stop.is_set():
                    break
                if first:
                    first = False  # whatever a subscriber loaded before this must be reloaded later
                log.warning("seat feed lost its connection (%s); retrying in %.1f s", str(exc).strip()[:200], backoff)
                self._set_status(False)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX)
        self._set_status(False)
