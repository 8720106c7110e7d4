"""A background loop on a daemon thread, stopped by an event: what the feed and the sweeper share.

Daemon threads, so a script that ends without closing its BoxOffice still exits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class DaemonLoop:
    def __init__(self, name: str, stop_timeout: float):
        self._stop = threading.Event()
        self._stop_timeout = stop_timeout
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:  # pragma: no cover - every subclass has its own
        raise NotImplementedError

    def start(self) -> None:
        if not self._thread.is_alive() and not self._stop.is_set():
            self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(self._stop_timeout if timeout is None else timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()


def subscriber_list(items: list[Any], lock: threading.Lock, callback: Callable[..., Any]) -> Callable[[], None]:
    """Add ``callback`` to ``items``; return the function that takes it out again."""
    with lock:
        items.append(callback)

    def unsubscribe() -> None:
        with lock:
            if callback in items:
                items.remove(callback)

    return unsubscribe
