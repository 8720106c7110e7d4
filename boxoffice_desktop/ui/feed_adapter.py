"""The Qt side of the live seat feed.

``sync.feed.SeatFeed`` calls its subscribers on its own thread and knows nothing of Qt. ``FeedAdapter``
collects those calls under a lock and delivers them on the UI thread as signals:

- ``seatsChanged(event_id, seat_ids)``: these seats of that event changed; ``seat_ids`` is a sorted list of
  ints, or None for "reload the whole event";
- ``reloadAll()``: reload everything (after a reconnect: notifications sent meanwhile are lost);
- ``connectionChanged(bool)``: the feed's connection came or went.

Bursts are coalesced with a leading-edge throttle: the first notification after a quiet spell is delivered
at once (low latency for the common single click), the ones that follow within ``COALESCE_MS`` are merged
into one delivery at the end of that window.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

log = logging.getLogger(__name__)

COALESCE_MS = 30


class FeedLike(Protocol):
    def subscribe(self, callback: Callable[[int | None, list[int] | None], None]) -> Callable[[], None]: ...

    def on_status(self, callback: Callable[[bool], None]) -> Callable[[], None]: ...

    @property
    def connected(self) -> bool: ...


class FeedAdapter(QObject):
    seatsChanged = Signal(int, object)
    reloadAll = Signal()
    connectionChanged = Signal(bool)

    # internal: feed thread -> UI thread
    _wake = Signal()
    _status = Signal(bool)

    def __init__(self, feed: FeedLike | None = None, parent: QObject | None = None, *, coalesce_ms: int = COALESCE_MS):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._pending: dict[int, set[int] | None] = {}
        self._reload_all = False
        self._woken = False
        self._closed = False
        self._last_flush = 0.0
        self._coalesce_ms = coalesce_ms
        self._connected = False
        self._unsubscribe: list[Callable[[], None]] = []
        self.deliveries = 0  # how many flushes happened (tests and diagnostics)
        self.notifications = 0  # how many feed callbacks arrived

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._flush)
        self._wake.connect(self._on_wake, Qt.ConnectionType.QueuedConnection)
        self._status.connect(self._on_status, Qt.ConnectionType.QueuedConnection)
        if feed is not None:
            self.attach(feed)

    # wiring ------------------------------------------------------------------------------------------
    def attach(self, feed: FeedLike) -> None:
        self._unsubscribe.append(feed.subscribe(self.feed_callback))
        self._unsubscribe.append(feed.on_status(self.status_callback))
        connected = bool(feed.connected)
        if connected != self._connected:
            self._connected = connected
            self.connectionChanged.emit(connected)

    def close(self) -> None:
        """Stop listening (the feed itself is stopped by its owner, the BoxOffice session)."""
        with self._lock:
            self._closed = True
            self._pending.clear()
        for unsubscribe in self._unsubscribe:
            try:
                unsubscribe()
            except Exception:
                log.exception("unsubscribing from the seat feed failed")
        self._unsubscribe.clear()
        self._timer.stop()

    @property
    def connected(self) -> bool:
        return self._connected

    # called on the feed's thread ----------------------------------------------------------------------
    def feed_callback(self, event_id: int | None, seat_ids: list[int] | None) -> None:
        with self._lock:
            if self._closed:
                return
            self.notifications += 1
            if event_id is None:
                self._reload_all = True
                self._pending.clear()
            elif not self._reload_all:
                current = self._pending.get(event_id, set())
                if seat_ids is None or current is None:
                    self._pending[event_id] = None
                else:
                    current.update(int(s) for s in seat_ids)
                    self._pending[event_id] = current
            if self._woken:
                return
            self._woken = True
        self._wake.emit()

    def status_callback(self, connected: bool) -> None:
        with self._lock:
            if self._closed:
                return
        self._status.emit(bool(connected))

    # on the UI thread ---------------------------------------------------------------------------------
    @Slot()
    def _on_wake(self) -> None:
        if self._timer.isActive():
            return  # the window's end flushes whatever arrived
        since = (time.monotonic() - self._last_flush) * 1000.0
        if since >= self._coalesce_ms:
            self._flush()
        else:
            self._timer.start(max(1, int(self._coalesce_ms - since)))

    @Slot()
    def _flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
            reload_all, self._reload_all = self._reload_all, False
            self._woken = False
            if self._closed:
                return
        if not pending and not reload_all:
            return
        self._last_flush = time.monotonic()
        self.deliveries += 1
        if reload_all:
            self.reloadAll.emit()
            return
        for event_id, seats in pending.items():
            self.seatsChanged.emit(event_id, None if seats is None else sorted(seats))

    @Slot(bool)
    def _on_status(self, connected: bool) -> None:
        if connected == self._connected:
            return
        self._connected = connected
        self.connectionChanged.emit(connected)
